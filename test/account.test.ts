import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { catalogs } from "../src/catalogs.js";
import { HOUR } from "../src/core/clock.js";
import { sha256 } from "../src/core/crypto.js";
import { LANGS } from "../src/core/i18n/index.js";
import { outbox } from "../src/core/mail/schema.js";
import { auditLog } from "../src/features/audit/schema.js";
import { sessions, users } from "../src/features/auth/schema.js";
import { createSession } from "../src/features/auth/service.js";
import { boardInvitations } from "../src/features/invitations/schema.js";
import { inviteToBoard } from "../src/features/invitations/service.js";
import { orgRequests } from "../src/features/org-requests/schema.js";
import { decideRequest, requestJoin } from "../src/features/org-requests/service.js";
import { boardMembers } from "../src/features/organisations/schema.js";
import { actorOf, seatMember } from "../src/features/organisations/service.js";
import { printOrders } from "../src/features/roadmap-print/schema.js";
import { advanceOrder, placeOrder } from "../src/features/roadmap-print/service.js";
import { createDraft, saveDraft } from "../src/features/subsidies/applications.js";
import { subsidyApplications } from "../src/features/subsidies/schema.js";
import { url } from "../src/routes.js";
import { Client, decodeHtml, errorMessage, fieldError, setupApp, signedIn } from "./helpers/app.js";
import { makeBoard, makeOrg, orderForm, seat } from "./helpers/fixtures.js";

const ctx = setupApp();
const T = catalogs;
const today = "2026-11-23";

/** A subsidy draft of the organisation, started by `actor`, naming `contact` as its contact person. */
async function subsidyDraft(orgId: string, actor: string, contact: { name: string; email: string }) {
  const draft = await createDraft(ctx.db, ctx.deps.env, {
    orgId,
    actor,
    key: `key-${contact.name.length}-${Math.random().toString(36).slice(2)}-0123456789`,
    lang: "en",
    now: ctx.clock.now(),
  });
  await saveDraft(ctx.db, ctx.deps.env, {
    id: draft.id,
    orgId,
    lang: "en",
    now: ctx.clock.now(),
    lines: [{ item: "Hall", amountCents: 10000 }],
    fields: {
      title: "Yoga week",
      description: "",
      aim: "",
      targetGroup: "",
      expectedParticipants: null,
      startsOn: null,
      endsOn: null,
      place: "",
      partners: "",
      otherIncomeCents: 0,
      requestedCents: 5000,
      contactName: contact.name,
      contactEmail: contact.email,
      contactPhone: "0612345678",
    },
  });
  return draft.id;
}

const orderInput = (email: string) => {
  const f = orderForm({ email });
  return {
    organisationName: f.organisationName!,
    contactName: f.contactName!,
    email,
    quantityNl: 40,
    quantityEn: 60,
    street: f.street!,
    postcode: f.postcode!,
    city: f.city!,
    country: "NL" as const,
    note: f.note!,
  };
};

/** Every row of every table, as JSON text: to prove an address is gone from the whole database. */
async function everything() {
  const tables = (await ctx.db.execute(sql`select tablename from pg_tables where schemaname = 'public'`)) as unknown as {
    rows: { tablename: string }[];
  };
  const out: string[] = [];
  for (const { tablename } of tables.rows) {
    const rows = (await ctx.db.execute(sql.raw(`select row_to_json(t)::text as j from "${tablename}" t`))) as unknown as {
      rows: { j: string }[];
    };
    out.push(...rows.rows.map((r) => `${tablename}: ${r.j}`));
  }
  return out.join("\n");
}

describe("my account: name and language", () => {
  it("shows the address, name and language, and saves changes, going on in the chosen language", async () => {
    const { client, user } = await signedIn(ctx, "anna@example.org", { name: "Anna" });
    const page = await client.get(url("en", "account"));
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toContain("no-store");
    const html = await page.text();
    expect(html).toContain("anna@example.org");
    expect(html).toContain('value="Anna"');
    expect(html).toContain(`href="${url("en", "account")}"`);

    const res = await client.post(url("en", "account"), { name: "  Anna de Vries ", lang: "nl" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(url("nl", "account", {}, { done: "saved" }));
    const [after] = await ctx.db.select().from(users).where(eq(users.id, user.id));
    expect(after).toMatchObject({ name: "Anna de Vries", lang: "nl" });
    const saved = await (await client.get(res.headers.get("location")!)).text();
    expect(saved).toContain(T.nl.account.saved);

    // An empty name is allowed: it clears the name.
    expect((await client.post(url("nl", "account"), { name: "", lang: "en" })).status).toBe(303);
    expect((await ctx.db.select().from(users).where(eq(users.id, user.id)))[0]).toMatchObject({ name: null, lang: "en" });
  });

  it("bad input: 422 with the localized error at the field, values kept, nothing written", async () => {
    const { client, user } = await signedIn(ctx, "bad@example.org", { name: "Bad" });
    const long = "x".repeat(121);
    for (const lang of LANGS) {
      for (const [form, field, message] of [
        [{ name: long, lang: "en" }, "name", errorMessage(lang, ["maxLength", { max: 120 }])],
        [{ name: "Kept Value", lang: "de" }, "lang", T[lang].errors.invalidChoice],
        [{ name: "Kept Value" }, "lang", T[lang].errors.required],
      ] as const) {
        const res = await client.post(url(lang, "account"), form);
        expect(res.status).toBe(422);
        const html = await res.text();
        expect(html).toContain(`<html lang="${lang}">`);
        expect(fieldError(html, field)).toBe(message);
        expect(html).toContain('class="error-summary"');
        expect(decodeHtml(html)).toContain(`value="${form.name}"`);
      }
    }
    expect((await ctx.db.select().from(users).where(eq(users.id, user.id)))[0]).toMatchObject({ name: "Bad", lang: "nl" });
  });
});

describe("my account: sessions", () => {
  it("lists the sessions that still work, with device and last activity, and signs out one of them", async () => {
    const { client, user } = await signedIn(ctx, "two@example.org");
    const phone = new Client(ctx);
    const phoneToken = await createSession(ctx.db, user.id, ctx.clock.now(), "Safari · iOS");
    phone.cookies.set("vn_session", phoneToken);
    // An ended session is not listed.
    const old = await createSession(ctx.db, user.id, ctx.clock.now(), "Opera · Linux");
    await ctx.db
      .update(sessions)
      .set({ endedAt: ctx.clock.now() })
      .where(eq(sessions.idHash, sha256(old)));
    const { user: other } = await signedIn(ctx, "other@example.org");
    const [otherSession] = await ctx.db.select().from(sessions).where(eq(sessions.userId, other.id));

    ctx.clock.advance(HOUR);
    const html = await (await client.get(url("en", "account"))).text();
    expect(html).toContain("Safari · iOS");
    expect(html).not.toContain("Opera · Linux");
    expect(html).toContain(T.en.account.thisBrowser);
    expect(html).toContain(T.en.account.unknownDevice);
    expect(html).toContain(T.en.account.sessionsIntro("12 hours", "7 days"));
    // Neither the cookie nor its hash is ever on the page.
    expect(html).not.toContain(sha256(phoneToken));
    expect(html).not.toContain(phoneToken);

    const [phoneRow] = await ctx.db
      .select()
      .from(sessions)
      .where(eq(sessions.idHash, sha256(phoneToken)));
    expect(html).toContain(url("en", "accountSessionEnd", { id: phoneRow!.id }));
    // Someone else's session: the same answer, nothing ends.
    const foreign = await client.post(url("en", "accountSessionEnd", { id: otherSession!.id }));
    expect(foreign.status).toBe(303);
    expect((await ctx.db.select().from(sessions).where(eq(sessions.id, otherSession!.id)))[0]!.endedAt).toBeNull();
    expect((await client.post(url("en", "accountSessionEnd", { id: "x".repeat(36) }))).status).toBe(404);

    const res = await client.post(url("en", "accountSessionEnd", { id: phoneRow!.id }));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(url("en", "account", {}, { done: "ended" }));
    expect((await phone.get(url("en", "dashboard"))).status).toBe(303);
    expect((await client.get(url("en", "dashboard"))).status).toBe(200);
    expect(await (await client.get(res.headers.get("location")!)).text()).toContain(T.en.account.sessionEnded);
  });

  it("signs out everywhere, this browser included", async () => {
    const { client, user } = await signedIn(ctx, "all@example.org");
    const laptop = new Client(ctx);
    laptop.cookies.set("vn_session", await createSession(ctx.db, user.id, ctx.clock.now()));
    const { client: bystander } = await signedIn(ctx, "bystander@example.org");
    const res = await client.post(url("nl", "accountSignOutAll"));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(url("nl", "signIn"));
    expect(client.cookies.has("vn_session")).toBe(false);
    expect((await laptop.get(url("nl", "dashboard"))).status).toBe(303);
    const live = await ctx.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(live.every((s) => s.endedAt !== null)).toBe(true);
    expect((await bystander.get(url("nl", "dashboard"))).status).toBe(200);
  });
});

describe("my account: my data", () => {
  it("downloads everything the portal holds about me as JSON, and nothing secret", async () => {
    const org = await makeOrg(ctx, "Minerva");
    const other = await makeOrg(ctx, "Augustinus");
    const board = await makeBoard(ctx, org.id);
    const chair = await seat(ctx, board.id, "chair@minerva.nl", { name: "Chair" });
    const { client, user } = await signedIn(ctx, "me@example.org", { name: "Me Myself" });
    await seatMember(ctx.db, ctx.deps, {
      actor: actorOf(chair.user),
      orgId: org.id,
      boardId: board.id,
      userId: user.id,
      position: "treasurer",
      via: "invitation",
    });
    await requestJoin(ctx.db, ctx.deps, { user, organisationId: other.id, position: "other", message: "Let me in" });
    await placeOrder(ctx.db, ctx.deps, {
      input: orderInput("me@example.org"),
      lang: "en",
      userId: user.id,
      organisationId: org.id,
      now: ctx.clock.now(),
    });

    await subsidyDraft(org.id, user.id, { name: "Me Myself", email: "me@example.org" });

    const res = await client.get(url("en", "accountExport"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="vangnet-2026-11-23.json"');
    expect(res.headers.get("cache-control")).toContain("no-store");
    const text = await res.text();
    const data = JSON.parse(text);
    expect(data.account).toMatchObject({ email: "me@example.org", name: "Me Myself", language: "nl", officeRole: null });
    expect(data.account.sessions).toHaveLength(1);
    expect(data.organisations.boardMemberships).toEqual([
      expect.objectContaining({ organisation: "Minerva", academicYear: 2026, position: "treasurer" }),
    ]);
    expect(data.organisations.requests).toEqual([
      expect.objectContaining({ kind: "join", organisation: "Augustinus", message: "Let me in", status: "pending" }),
    ]);
    expect(data.printOrders).toEqual([expect.objectContaining({ email: "me@example.org", street: "Voorbeeldstraat 12", status: "new" })]);
    expect(data.subsidies.applications).toEqual([
      expect.objectContaining({
        title: "Yoga week",
        startedByYou: true,
        youAreTheContact: true,
        budget: [{ kind: "plan", item: "Hall", amountCents: 10000 }],
      }),
    ]);
    expect(data.mail.map((m: { template: string }) => m.template)).toEqual(
      expect.arrayContaining(["org.request-received", "orders.received"]),
    );
    expect(data.auditEntries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: "board_member.add", aboutMe: true }),
        expect.objectContaining({ action: "order.create", byMe: true, aboutMe: false }),
      ]),
    );
    // No secrets and nobody else's address.
    const [s] = await ctx.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(text).not.toContain(s!.idHash);
    expect(text).not.toContain("chair@minerva.nl");
    expect(text).not.toMatch(/token/i);
  });
});

describe("deleting my account", () => {
  it("is refused with the reason while I am the only member of a current board; nothing is written", async () => {
    const org = await makeOrg(ctx, "Solo Club");
    const board = await makeBoard(ctx, org.id);
    const me = await seat(ctx, board.id, "solo@example.org");
    for (const lang of LANGS) {
      const page = await me.client.get(url(lang, "accountDelete"));
      expect(page.status).toBe(200);
      const html = decodeHtml(await page.text());
      expect(html).toContain(T[lang].account.deleteBlockedOnlyMember("Solo Club"));
      expect(html).not.toContain('name="confirm"');
      const res = await me.client.post(url(lang, "accountDelete"), { confirm: "on" });
      expect(res.status).toBe(409);
      expect(decodeHtml(await res.text())).toContain(T[lang].account.deleteBlockedOnlyMember("Solo Club"));
    }
    expect(await ctx.db.select().from(users).where(eq(users.id, me.user.id))).toHaveLength(1);
    expect(await ctx.db.select().from(boardMembers)).toHaveLength(1);
    expect((await me.client.get(url("en", "dashboard"))).status).toBe(200);

    // Once someone else is on the board, it can go.
    await seat(ctx, board.id, "second@example.org", { position: "secretary" });
    expect((await me.client.post(url("en", "accountDelete"), { confirm: "on" })).status).toBe(303);
  });

  it("is refused while I am the office's only administrator; a second administrator lets me go", async () => {
    const { client, user } = await signedIn(ctx, "admin@office.example.org", { staffRole: "admin" });
    for (const lang of LANGS) {
      const html = decodeHtml(await (await client.get(url(lang, "accountDelete"))).text());
      expect(html).toContain(T[lang].account.deleteBlockedLastAdmin);
      const res = await client.post(url(lang, "accountDelete"), { confirm: "on" });
      expect(res.status).toBe(409);
    }
    expect(await ctx.db.select().from(users).where(eq(users.id, user.id))).toHaveLength(1);
    // A staff member is no administrator: still refused.
    await signedIn(ctx, "staff@office.example.org", { staffRole: "staff" });
    expect((await client.post(url("en", "accountDelete"), { confirm: "on" })).status).toBe(409);
    await signedIn(ctx, "second-admin@office.example.org", { staffRole: "admin" });
    expect((await client.post(url("en", "accountDelete"), { confirm: "on" })).status).toBe(303);
    expect(await ctx.db.select().from(users).where(eq(users.id, user.id))).toHaveLength(0);
  });

  it("takes the invitations addressed to me along, and exports them first", async () => {
    const org = await makeOrg(ctx, "Minerva");
    const board = await makeBoard(ctx, org.id);
    const chair = await seat(ctx, board.id, "chair@minerva.nl", { name: "Chair" });
    const { client } = await signedIn(ctx, "invitee@example.org");
    await inviteToBoard(ctx.db, ctx.deps, {
      actor: actorOf(chair.user),
      orgId: org.id,
      boardId: board.id,
      member: { email: "invitee@example.org", name: "Typed By Chair", position: "other" },
      today,
      now: ctx.clock.now(),
    });
    const data = JSON.parse(await (await client.get(url("en", "accountExport"))).text());
    expect(data.invitations.received).toEqual([
      expect.objectContaining({ organisation: "Minerva", email: "invitee@example.org", name: "Typed By Chair", status: "pending" }),
    ]);
    expect((await client.post(url("en", "accountDelete"), { confirm: "on" })).status).toBe(303);
    expect(await ctx.db.select().from(boardInvitations)).toEqual([]);
  });

  it("is refused for an upcoming board I am alone on, too", async () => {
    const org = await makeOrg(ctx, "Next Year");
    await seat(ctx, (await makeBoard(ctx, org.id)).id, "current@example.org");
    const next = await makeBoard(ctx, org.id, "2027-09-01");
    const me = await seat(ctx, next.id, "incoming@example.org");
    const res = await me.client.post(url("en", "accountDelete"), { confirm: "on" });
    expect(res.status).toBe(409);
  });

  it("needs the box ticked: 422 with the localized error at the field, nothing written", async () => {
    const { client, user } = await signedIn(ctx, "unsure@example.org");
    for (const lang of LANGS) {
      for (const form of [{}, { confirm: "" }, { confirm: "no" }] as Record<string, string>[]) {
        const res = await client.post(url(lang, "accountDelete"), form);
        expect(res.status).toBe(422);
        const html = await res.text();
        expect(html).toContain(`<html lang="${lang}">`);
        expect(fieldError(html, "confirm")).toBe(T[lang].errors.confirmDeletion);
        expect(html).toContain('aria-invalid="true"');
      }
    }
    expect(await ctx.db.select().from(users).where(eq(users.id, user.id))).toHaveLength(1);
  });

  it("removes my personal data, ends my sessions and leaves 'deleted account' in the audit log", async () => {
    const org = await makeOrg(ctx, "Minerva");
    const board = await makeBoard(ctx, org.id);
    const chair = await seat(ctx, board.id, "chair@minerva.nl", { name: "Chair" });
    const me = await seat(ctx, board.id, "leaving@example.org", { name: "Lea Leaving", position: "secretary" });
    const laptop = new Client(ctx);
    laptop.cookies.set("vn_session", await createSession(ctx.db, me.user.id, ctx.clock.now()));
    // I invite someone (audit by me), ask to join another organisation (declined by the office) and order twice.
    await inviteToBoard(ctx.db, ctx.deps, {
      actor: actorOf(me.user),
      orgId: org.id,
      boardId: board.id,
      member: { email: "newbie@example.org", name: null, position: "other" },
      today,
      now: ctx.clock.now(),
    });
    const other = await makeOrg(ctx, "Augustinus");
    const { user: office } = await signedIn(ctx, "office@example.org", { staffRole: "staff" });
    const req = await requestJoin(ctx.db, ctx.deps, { user: me.user, organisationId: other.id, position: "other", message: "Hi" });
    await decideRequest(ctx.db, ctx.deps, {
      actorId: office.id,
      requestId: req.id,
      approve: false,
      reason: "No",
      today,
      now: ctx.clock.now(),
    });
    const sent = await placeOrder(ctx.db, ctx.deps, {
      input: orderInput("leaving@example.org"),
      lang: "en",
      userId: me.user.id,
      organisationId: org.id,
      now: ctx.clock.now(),
    });
    await advanceOrder(ctx.db, ctx.deps, { actorId: office.id, orderId: sent.id, action: "preparing", now: ctx.clock.now() });
    await advanceOrder(ctx.db, ctx.deps, { actorId: office.id, orderId: sent.id, action: "sent", now: ctx.clock.now() });
    const open = await placeOrder(ctx.db, ctx.deps, {
      input: orderInput("leaving@example.org"),
      lang: "en",
      userId: me.user.id,
      organisationId: org.id,
      now: ctx.clock.now(),
    });
    // A subsidy application I started with me as the contact, and one the chair started naming me.
    const mineApp = await subsidyDraft(org.id, me.user.id, { name: "Lea Leaving", email: "leaving@example.org" });
    const chairsApp = await subsidyDraft(org.id, chair.user.id, { name: "Lea Leaving", email: "leaving@example.org" });

    const res = await me.client.post(url("en", "accountDelete"), { confirm: "on" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(url("en", "accountDeleted"));
    expect(me.client.cookies.has("vn_session")).toBe(false);
    const done = await me.client.get(url("en", "accountDeleted"));
    expect(done.status).toBe(200);
    expect(await done.text()).toContain(T.en.account.deletedTitle);
    expect((await laptop.get(url("en", "dashboard"))).status).toBe(303);

    expect(await ctx.db.select().from(users).where(eq(users.id, me.user.id))).toHaveLength(0);
    expect(await ctx.db.select().from(sessions).where(eq(sessions.userId, me.user.id))).toHaveLength(0);
    expect(await ctx.db.select().from(orgRequests)).toHaveLength(0);
    expect(await ctx.db.select().from(outbox).where(eq(outbox.to, "leaving@example.org"))).toHaveLength(0);
    // The board goes on without me.
    const seats = await ctx.db.select().from(boardMembers).where(eq(boardMembers.boardId, board.id));
    expect(seats.map((s) => s.userId)).toEqual([chair.user.id]);
    // My invitation stays open for the newcomer, without pointing at me.
    const invites = await ctx.db.select().from(boardInvitations).where(eq(boardInvitations.email, "newbie@example.org"));
    expect(invites).toHaveLength(1);
    expect(invites[0]!.invitedBy).toBeNull();
    // The sent order keeps its reference and numbers; the open one is still delivered.
    const [sentAfter] = await ctx.db.select().from(printOrders).where(eq(printOrders.id, sent.id));
    expect(sentAfter).toMatchObject({ reference: sent.reference, quantityNl: 40, contactName: "", email: "", street: "", createdBy: null });
    expect(sentAfter!.personalDataRemovedAt).not.toBeNull();
    const [openAfter] = await ctx.db.select().from(printOrders).where(eq(printOrders.id, open.id));
    expect(openAfter).toMatchObject({ status: "new", street: "Voorbeeldstraat 12", createdBy: null, personalDataRemovedAt: null });
    // The applications stay with the organisation, without my contact details or me as who started it.
    const apps = await ctx.db.select().from(subsidyApplications);
    expect(apps.map((a) => [a.id, a.createdBy, a.contactName, a.contactEmail, a.contactPhone]).sort()).toEqual(
      [
        [mineApp, null, "", "", ""],
        [chairsApp, chair.user.id, "", "", ""],
      ].sort(),
    );
    // Apart from the open order's delivery details, my address and name are nowhere.
    await ctx.db.delete(printOrders).where(eq(printOrders.id, open.id));
    const all = await everything();
    expect(all).not.toContain("leaving@example.org");
    expect(all).not.toContain("Lea Leaving");
    expect(all).not.toContain(me.user.id);

    // The audit log shows "deleted account" where I acted or was the subject.
    const mine = await ctx.db.select().from(auditLog).where(eq(auditLog.actorDeleted, true));
    expect(mine.map((a) => a.action).sort()).toEqual(["board_invitation.create", "order.create", "order.create"]);
    const { client: staff } = await signedIn(ctx, "staff2@example.org", { staffRole: "staff" });
    const trail = await (await staff.get(url("en", "staffOrg", { id: org.id }))).text();
    expect(trail).toContain(T.en.common.deletedAccount);
    // Living people are shown by their current address (and name), the subject of a change too.
    expect(trail).toContain("<td>office@example.org</td>");
    expect(trail).toMatch(/<td>deleted account<\/td><td>[^<]*invit/i);
    // An address without an account is not in the log at all (the open invitation above it shows it).
    expect(trail.slice(trail.indexOf('<h2 id="audit">'))).not.toContain("newbie@example.org");
  });
});
