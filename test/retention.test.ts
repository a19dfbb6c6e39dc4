import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { catalogs } from "../src/catalogs.js";
import { DAY, HOUR, MINUTE } from "../src/core/clock.js";
import { sha256 } from "../src/core/crypto.js";
import { LANGS } from "../src/core/i18n/index.js";
import { createWorker } from "../src/core/jobs/queue.js";
import { jobs } from "../src/core/jobs/schema.js";
import { outbox } from "../src/core/mail/schema.js";
import { applyRetention, formatPeriod } from "../src/core/privacy.js";
import { loadEnv } from "../src/env.js";
import { auditLog } from "../src/features/audit/schema.js";
import { loginTokens, sessions, users } from "../src/features/auth/schema.js";
import { createSession } from "../src/features/auth/service.js";
import { boardInvitations } from "../src/features/invitations/schema.js";
import { orgRequests } from "../src/features/org-requests/schema.js";
import { boards, organisations } from "../src/features/organisations/schema.js";
import { printOrders } from "../src/features/roadmap-print/schema.js";
import { subsidyApplications, subsidyBudgetLines } from "../src/features/subsidies/schema.js";
import { jobHandlers, schedules } from "../src/jobs.js";
import { privacyPolicy } from "../src/privacy.js";
import { url } from "../src/routes.js";
import { BASE, Client, decodeHtml, setupApp } from "./helpers/app.js";

const ctx = setupApp();
const T = catalogs;
const START = new Date("2026-11-23T10:00:00Z").getTime();

/**
 * The real job through the worker, on the test clock: `at(ms)` moves the clock to START + ms and
 * runs the scheduled clean-up then (as if its hourly turn had come).
 */
let worker: ReturnType<typeof createWorker>;
beforeEach(async () => {
  worker = createWorker({ db: ctx.db, clock: ctx.clock, log: ctx.deps.log, handlers: jobHandlers(ctx.deps), schedules });
  await worker.ensureSchedules();
});
async function at(ms: number) {
  ctx.clock.set(new Date(START + ms));
  const due = and(eq(jobs.name, "retention.cleanup"), eq(jobs.status, "queued"));
  await ctx.db.update(jobs).set({ runAt: ctx.clock.now() }).where(due);
  await worker.tick();
  expect(
    await ctx.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.name, "retention.cleanup"), eq(jobs.status, "failed"))),
  ).toEqual([]);
  expect((await ctx.db.select().from(jobs).where(due))[0]?.runAt.getTime(), "ran, and the next run is an hour later").toBe(
    START + ms + HOUR,
  );
}
const when = (ms: number) => new Date(START + ms);

async function user(email: string, staffRole: "staff" | "admin" | null = null) {
  const [u] = await ctx.db.insert(users).values({ email, staffRole }).returning();
  return u!;
}

describe("retention, applied by the hourly clean-up job", () => {
  it("schedules one clean-up every hour", async () => {
    expect(schedules.find((s) => s.name === "retention.cleanup")?.everyMs).toBe(HOUR);
    await worker.tick();
    const queued = await ctx.db.select().from(jobs).where(eq(jobs.status, "queued"));
    expect(queued.filter((j) => j.name === "retention.cleanup").map((j) => j.runAt.getTime())).toEqual([START + HOUR]);
  });

  it("deletes sign-in links once used or expired, not before", async () => {
    const row = (email: string, over: Partial<typeof loginTokens.$inferInsert> = {}) => ({
      tokenHash: sha256(email),
      email,
      expiresAt: when(15 * MINUTE),
      createdAt: when(0),
      ...over,
    });
    await ctx.db.insert(loginTokens).values([row("open@example.org"), row("used@example.org", { usedAt: when(MINUTE) })]);
    await at(2 * MINUTE);
    expect((await ctx.db.select().from(loginTokens)).map((t) => t.email)).toEqual(["open@example.org"]);
    await at(14 * MINUTE);
    expect(await ctx.db.select().from(loginTokens)).toHaveLength(1);
    await at(16 * MINUTE);
    expect(await ctx.db.select().from(loginTokens)).toHaveLength(0);
  });

  it("deletes sessions once ended, idle too long or too old, by the person's role, not before", async () => {
    const board = await user("board@example.org");
    const staff = await user("staff@example.org", "staff");
    const make = async (userId: string, created: number, seen: number, ended?: number) => {
      const token = await createSession(ctx.db, userId, when(created));
      await ctx.db
        .update(sessions)
        .set({ lastSeenAt: when(seen), endedAt: ended === undefined ? null : when(ended) })
        .where(eq(sessions.idHash, sha256(token)));
      return sha256(token);
    };
    const ended = await make(board.id, 0, 0, 0);
    const boardIdle = await make(board.id, 0, 0);
    const boardBusy = await make(board.id, 0, 7 * DAY - HOUR);
    const staffIdle = await make(staff.id, 0, 0);
    const staffBusy = await make(staff.id, 0, 11 * HOUR);
    const left = async () => (await ctx.db.select().from(sessions)).map((s) => s.idHash).sort();

    await at(59 * MINUTE);
    expect(await left()).toEqual([boardIdle, boardBusy, staffIdle, staffBusy].sort());
    await at(61 * MINUTE);
    expect(await left()).toEqual([boardIdle, boardBusy, staffBusy].sort());
    await at(12 * HOUR - MINUTE);
    expect(await left()).toEqual([boardIdle, boardBusy, staffBusy].sort());
    await at(12 * HOUR + MINUTE);
    expect(await left()).toEqual([boardBusy]);
    await at(7 * DAY - MINUTE);
    expect(await left()).toEqual([boardBusy]);
    await at(7 * DAY + MINUTE);
    expect(await left()).toEqual([]);
    expect(ended).toBeTruthy();
  });

  it("deletes mail 30 days after it was written, except mail still waiting to be sent", async () => {
    const mail = (subject: string, status: "sent" | "held" | "failed" | "pending") => ({
      to: "a@example.org",
      lang: "nl" as const,
      subject,
      html: "x",
      text: "x",
      template: "t",
      status,
      createdAt: when(0),
    });
    await ctx.db.insert(outbox).values([mail("sent", "sent"), mail("held", "held"), mail("failed", "failed"), mail("pending", "pending")]);
    await at(30 * DAY - MINUTE);
    expect(await ctx.db.select().from(outbox)).toHaveLength(4);
    await at(30 * DAY + MINUTE);
    expect((await ctx.db.select().from(outbox)).map((m) => m.subject)).toEqual(["pending"]);
  });

  it("removes the contact and address of orders 90 days after they were sent or cancelled, and deletes unconfirmed ones after 48 hours", async () => {
    const order = (reference: string, status: "unconfirmed" | "new" | "sent" | "cancelled") => ({
      reference,
      organisationName: "Pharos",
      contactName: "Mila Kowalski",
      email: "mila@pharos.example.org",
      lang: "nl" as const,
      quantityNl: 10,
      street: "Voorbeeldstraat 12",
      postcode: "2311 EZ",
      city: "Leiden",
      note: "T.a.v. het bestuur",
      status,
      createdAt: when(0),
      updatedAt: when(0),
    });
    await ctx.db
      .insert(printOrders)
      .values([order("WW-UNCON", "unconfirmed"), order("WW-OPEN1", "new"), order("WW-SENT1", "sent"), order("WW-CANC1", "cancelled")]);
    const byRef = async () => Object.fromEntries((await ctx.db.select().from(printOrders)).map((o) => [o.reference, o] as const));

    await at(48 * HOUR - MINUTE);
    expect(Object.keys(await byRef()).sort()).toEqual(["WW-CANC1", "WW-OPEN1", "WW-SENT1", "WW-UNCON"]);
    await at(48 * HOUR + MINUTE);
    expect(Object.keys(await byRef()).sort()).toEqual(["WW-CANC1", "WW-OPEN1", "WW-SENT1"]);

    await at(90 * DAY - MINUTE);
    for (const o of Object.values(await byRef())) expect(o).toMatchObject({ street: "Voorbeeldstraat 12", personalDataRemovedAt: null });
    await at(90 * DAY + MINUTE);
    const after = await byRef();
    for (const ref of ["WW-SENT1", "WW-CANC1"]) {
      expect(after[ref]).toMatchObject({
        contactName: "",
        email: "",
        street: "",
        postcode: "",
        city: "",
        note: null,
        organisationName: "Pharos",
        quantityNl: 10,
      });
      expect(after[ref]!.personalDataRemovedAt?.getTime()).toBe(START + 90 * DAY + MINUTE);
    }
    // An open order keeps what it needs to be delivered.
    expect(after["WW-OPEN1"]).toMatchObject({ street: "Voorbeeldstraat 12", personalDataRemovedAt: null });

    // The office sees that the data went, and when.
    const { client } = await signedInStaff();
    const page = decodeHtml(await (await client.get(url("en", "staffOrder", { id: after["WW-SENT1"]!.id }))).text());
    expect(page).toContain(T.en.orders.summary.removed("21 February 2027"));
    expect(page).not.toContain("Voorbeeldstraat");
  });

  it("deletes decided requests a year after the decision; open requests stay", async () => {
    const u = await user("student@example.org");
    const request = (status: "pending" | "approved" | "declined") => ({
      kind: "register" as const,
      userId: u.id,
      position: "chair" as const,
      message: status,
      status,
      decidedAt: status === "pending" ? null : when(0),
      createdAt: when(0),
    });
    await ctx.db.insert(orgRequests).values([request("pending"), request("approved"), request("declined")]);
    await at(365 * DAY - MINUTE);
    expect(await ctx.db.select().from(orgRequests)).toHaveLength(3);
    await at(365 * DAY + MINUTE);
    expect((await ctx.db.select().from(orgRequests)).map((r) => r.status)).toEqual(["pending"]);
  });

  it("deletes subsidy applications RETENTION_SUBSIDY_DAYS after they were declined, withdrawn or closed, and drafts untouched for a year", async () => {
    const [org] = await ctx.db.insert(organisations).values({ name: "Alfa", nameKey: "alfa", kind: "sports" }).returning();
    const app = (status: "draft" | "submitted" | "declined" | "withdrawn" | "closed" | "paid", updated: number) => ({
      organisationId: org!.id,
      year: 2026,
      status,
      lang: "nl" as const,
      title: status,
      grantedCents: status === "closed" || status === "paid" ? 100 : null,
      contactEmail: "contact@example.org",
      createdAt: when(updated),
      updatedAt: when(updated),
    });
    const rows = await ctx.db
      .insert(subsidyApplications)
      .values([
        app("draft", 0),
        app("draft", 200 * DAY),
        app("submitted", 0),
        app("declined", 0),
        app("withdrawn", 0),
        app("closed", 0),
        app("paid", 0),
      ])
      .returning();
    await ctx.db
      .insert(subsidyBudgetLines)
      .values({ applicationId: rows[3]!.id, kind: "plan", position: 1, item: "Hall", amountCents: 100 });
    const titles = async () => (await ctx.db.select().from(subsidyApplications)).map((a) => a.title).sort();
    await at(365 * DAY - MINUTE);
    expect(await titles()).toHaveLength(7);
    await at(365 * DAY + MINUTE);
    // The old draft goes; the one touched later, and everything else, stays.
    expect(await titles()).toEqual(["closed", "declined", "draft", "paid", "submitted", "withdrawn"]);
    const keep = ctx.deps.env.RETENTION_SUBSIDY_DAYS * DAY;
    await at(keep - MINUTE);
    expect(await titles()).toEqual(["closed", "declined", "paid", "submitted", "withdrawn"]);
    await at(keep + MINUTE);
    expect(await titles()).toEqual(["paid", "submitted"]);
    expect(await ctx.db.select().from(subsidyBudgetLines)).toHaveLength(0);
  });

  it("deletes board invitations 30 days after they were answered, withdrawn or expired; open ones stay", async () => {
    const [org] = await ctx.db.insert(organisations).values({ name: "Minerva", nameKey: "minerva", kind: "sports" }).returning();
    const [board] = await ctx.db.insert(boards).values({ organisationId: org!.id, year: 2026, startsOn: "2026-09-01" }).returning();
    const invitation = (email: string, status: "pending" | "accepted" | "declined" | "withdrawn", expiresAt: Date) => ({
      organisationId: org!.id,
      boardId: board!.id,
      email,
      position: "other" as const,
      tokenHash: `hash-${email}`,
      status,
      expiresAt,
      decidedAt: status === "pending" ? null : when(0),
    });
    await ctx.db
      .insert(boardInvitations)
      .values([
        invitation("open@example.org", "pending", when(400 * DAY)),
        invitation("expired@example.org", "pending", when(0)),
        invitation("accepted@example.org", "accepted", when(14 * DAY)),
        invitation("declined@example.org", "declined", when(14 * DAY)),
        invitation("withdrawn@example.org", "withdrawn", when(14 * DAY)),
      ]);
    await at(30 * DAY - MINUTE);
    expect(await ctx.db.select().from(boardInvitations)).toHaveLength(5);
    await at(30 * DAY + MINUTE);
    expect((await ctx.db.select().from(boardInvitations)).map((i) => i.email)).toEqual(["open@example.org"]);
  });

  it("deletes audit entries after two years, and finished jobs after 30 days", async () => {
    await ctx.db.insert(auditLog).values([
      { entity: "x", entityId: "1", action: "old", at: when(0) },
      { entity: "x", entityId: "2", action: "newer", at: when(DAY) },
    ]);
    await ctx.db.insert(jobs).values({ name: "something.done", status: "done", createdAt: when(0) });
    await at(30 * DAY - MINUTE);
    expect(await ctx.db.select().from(jobs).where(eq(jobs.name, "something.done"))).toHaveLength(1);
    await at(30 * DAY + MINUTE);
    expect(await ctx.db.select().from(jobs).where(eq(jobs.name, "something.done"))).toHaveLength(0);
    await at(730 * DAY - MINUTE);
    expect(await ctx.db.select().from(auditLog)).toHaveLength(2);
    await at(730 * DAY + MINUTE);
    expect((await ctx.db.select().from(auditLog)).map((a) => a.action)).toEqual(["newer"]);
  });

  it("follows the configured periods", async () => {
    const env = loadEnv({ NODE_ENV: "test", BASE_URL: BASE, RETENTION_ORDER_DAYS: "10", RETENTION_MAIL_DAYS: "7" });
    await ctx.db.insert(printOrders).values({
      reference: "WW-SHORT",
      organisationName: "Pharos",
      contactName: "Mila",
      email: "mila@example.org",
      lang: "nl",
      street: "Straat 1",
      postcode: "1234 AB",
      city: "Leiden",
      status: "sent",
      updatedAt: when(0),
    });
    await ctx.db
      .insert(outbox)
      .values({ to: "a@example.org", lang: "nl", subject: "s", html: "", text: "", template: "t", status: "sent", createdAt: when(0) });
    const { rules } = privacyPolicy(env);
    expect(await applyRetention(ctx.db, rules, when(7 * DAY - MINUTE))).toMatchObject({ "mail.outbox": 0, "orders.personal": 0 });
    expect(await applyRetention(ctx.db, rules, when(7 * DAY + MINUTE))).toMatchObject({ "mail.outbox": 1, "orders.personal": 0 });
    expect(await applyRetention(ctx.db, rules, when(10 * DAY + MINUTE))).toMatchObject({ "orders.personal": 1 });
    expect((await ctx.db.select().from(printOrders))[0]!.street).toBe("");
  });
});

async function signedInStaff() {
  const u = await user("office@example.org", "staff");
  const client = new Client(ctx);
  client.cookies.set("vn_session", await createSession(ctx.db, u.id, ctx.clock.now()));
  return { client };
}

describe("the privacy page quotes the retention rules", () => {
  it("lists every kind of personal data with the periods the clean-up uses, in both languages", async () => {
    const { rules } = privacyPolicy(ctx.deps.env);
    const listed = rules.filter((r) => r.describe);
    // Every rule that deletes or anonymises personal data is on the page (finished jobs hold none;
    // the rate-limit counters, keyed hashes kept minutes, are described in the page's text).
    expect(rules.filter((r) => !r.describe).map((r) => r.id)).toEqual(["jobs", "ratelimit"]);
    for (const lang of LANGS) {
      const html = decodeHtml(await (await new Client(ctx).get(url(lang, "privacy"))).text());
      for (const r of listed) {
        const { data, kept } = r.describe!(T[lang], (ms) => formatPeriod(lang, ms));
        expect(html, `${lang} ${r.id}`).toContain(`<tr data-rule="${r.id}"><td>${data}</td><td>${kept}</td></tr>`);
      }
      const p = (ms: number) => formatPeriod(lang, ms);
      for (const period of [
        p(15 * MINUTE),
        p(12 * HOUR),
        p(7 * DAY),
        p(60 * MINUTE),
        p(30 * DAY),
        p(2 * DAY),
        p(90 * DAY),
        p(365 * DAY),
        p(730 * DAY),
      ])
        expect(html, `${lang} quotes ${period}`).toContain(period);
    }
    expect(formatPeriod("en", 730 * DAY)).toBe("2 years");
    expect(formatPeriod("nl", 168 * HOUR)).toBe("7 dagen");
    expect(formatPeriod("en", 720 * MINUTE)).toBe("12 hours");
    expect(formatPeriod("nl", 90 * DAY)).toBe("90 dagen");
  });

  it("changes with the settings", async () => {
    const env = loadEnv({
      NODE_ENV: "test",
      BASE_URL: BASE,
      RETENTION_ORDER_DAYS: "14",
      RETENTION_AUDIT_DAYS: "1095",
      SESSION_MAX_BOARD_HOURS: "48",
    });
    const app = createApp({ ...ctx.deps, env });
    for (const lang of LANGS) {
      const html = decodeHtml(await (await app.request(url(lang, "privacy"))).text());
      const r = T[lang].privacy.rules;
      expect(html).toContain(r.orders.kept(formatPeriod(lang, 14 * DAY)));
      expect(html).toContain(r.audit.kept(lang === "nl" ? "3 jaar" : "3 years"));
      expect(html).toContain(lang === "nl" ? "uiterlijk 2 dagen na het inloggen" : "at the latest 2 days after signing in");
    }
  });
});

describe("the dev mailbox", () => {
  it("says so when a sent mail's text was removed", async () => {
    const [m] = await ctx.db
      .insert(outbox)
      .values({
        to: "a@example.org",
        lang: "en",
        subject: "Your sign-in link",
        html: "",
        text: "",
        template: "auth.sign-in",
        status: "sent",
        sensitive: true,
      })
      .returning();
    for (const lang of LANGS) {
      const html = await (await new Client(ctx).get(url(lang, "devMailItem", { id: m!.id }))).text();
      expect(decodeHtml(html)).toContain(T[lang].dev.bodyRemoved);
    }
  });
});
