/**
 * Races on real PostgreSQL (this folder is left out of the PGlite project): many attempts at once,
 * through separate pool connections, against the invariant each service promises.
 *
 * Every scenario runs twice under the same load and the same injected pause (`slowStatements`:
 * each statement's result arrives late, so every check is followed by a window in which the other
 * attempts run): once through the real service, which must keep the invariant, and once through a
 * deliberately naive check-then-act variant written here, which must break it. The control proves
 * that the load and the pause really produce the race the real code claims to stop (after pretix's
 * src/tests/concurrency_tests/: a pause after the check, and a control run without the protection).
 */
import { and, count, desc, eq, gt, inArray, isNull, lte, sql } from "drizzle-orm";
import pino from "pino";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { catalogs } from "../../src/catalogs.js";
import { sha256 } from "../../src/core/crypto.js";
import { FieldError } from "../../src/core/errors.js";
import type { Lang } from "../../src/core/i18n/index.js";
import { createWorker, type JobHandler } from "../../src/core/jobs/queue.js";
import { jobs } from "../../src/core/jobs/schema.js";
import { outbox } from "../../src/core/mail/schema.js";
import { type MailTemplate, sendMail } from "../../src/core/mail/send.js";
import type { PersonalDataProvider } from "../../src/core/privacy.js";
import type { Db } from "../../src/db/index.js";
import { DeletionBlocked, deleteAccount } from "../../src/features/account/service.js";
import { auditLog } from "../../src/features/audit/schema.js";
import { audit } from "../../src/features/audit/service.js";
import { loginTokens, sessions, users } from "../../src/features/auth/schema.js";
import { createSession, requestSignIn, signInWithToken } from "../../src/features/auth/service.js";
import { orgRequests } from "../../src/features/org-requests/schema.js";
import { decideRequest, requestJoin, requestRegistration } from "../../src/features/org-requests/service.js";
import { boardsOnlyMemberOf, organisationsPrivacy } from "../../src/features/organisations/privacy.js";
import { boardMembers, boards, organisations } from "../../src/features/organisations/schema.js";
import { createBoard, createOrganisation } from "../../src/features/organisations/service.js";
import { printOrders } from "../../src/features/roadmap-print/schema.js";
import {
  advanceOrder,
  type OrderAction,
  OrderStatusConflict,
  orderSchema,
  placeOrder,
  TRANSITIONS,
} from "../../src/features/roadmap-print/service.js";
import { privacyPolicy } from "../../src/privacy.js";
import { url } from "../../src/routes.js";
import { BASE, linkIn, mailsTo, setupApp, signedIn } from "../helpers/app.js";
import { driver } from "../helpers/db.js";
import { orderForm } from "../helpers/fixtures.js";
import { burst, fulfilled, rejected, slowStatements } from "./inject.js";

if (driver !== "postgres") throw new Error("test/concurrency runs on PostgreSQL only (TEST_DATABASE_URL, project postgres)");

const ctx = setupApp();
const TODAY = "2026-11-23";
/** The window after every statement: far above a local statement's latency, so the races below are certain. */
const PAUSE_MS = 20;
const POOL_SIZE = 20; // testDatabase() opens the pool with 20 connections

let slow: ReturnType<typeof slowStatements>;
beforeEach(() => {
  slow = slowStatements(ctx.db);
});
afterEach(() => slow.set(0));

/** What the real and naive runs showed, printed at the end of the file. */
const seen: Record<string, Record<string, number | string>> = {};
const note = (scenario: string, facts: Record<string, number | string>) => {
  seen[scenario] = { ...seen[scenario], ...facts };
};
afterAll(() => {
  console.log(`concurrency (pause ${PAUSE_MS} ms after every statement unless noted):\n${JSON.stringify(seen, null, 1)}`);
});

/**
 * Fires `n` attempts at once with the pause on, and checks they really overlapped: at least
 * `minBusy` pool connections were in use at the same moment.
 */
async function underLoad<T>(n: number, attempt: (i: number) => Promise<T>, opts: { pauseMs?: number; minBusy?: number } = {}) {
  await slow.warm(POOL_SIZE);
  slow.set(opts.pauseMs ?? PAUSE_MS);
  let results: PromiseSettledResult<T>[];
  try {
    results = await burst(n, attempt);
  } finally {
    slow.set(0);
  }
  expect(slow.maxBusy()).toBeGreaterThanOrEqual(opts.minBusy ?? Math.min(n, POOL_SIZE));
  return results;
}

const total = async (q: PromiseLike<{ n: number }[]>) => (await q)[0]!.n;
const NOW = () => ctx.clock.now();

async function person(email: string, opts: { staff?: boolean } = {}) {
  const [u] = await ctx.db
    .insert(users)
    .values({ email, name: email.split("@")[0]!, staffRole: opts.staff ? "staff" : null })
    .returning();
  return u!;
}
const requester = (u: typeof users.$inferSelect) => ({ id: u.id, email: u.email, name: u.name, lang: u.lang });

async function organisation(name: string, withBoard: boolean) {
  const org = await createOrganisation(ctx.db, null, {
    name,
    kind: "sports",
    faculty: null,
    website: null,
    contactUrl: null,
    email: null,
    lang: "nl",
    memberCount: null,
  });
  if (withBoard) await createBoard(ctx.db, { actorId: null, orgId: org.id, startsOn: "2026-09-01", env: ctx.deps.env });
  return org;
}

/** A deliberately plain mail for the naive variants (what is written matters, not how it reads). */
const plainMail: MailTemplate<{ subject: string }> = (_t, d) => ({ subject: d.subject, heading: d.subject, paragraphs: [] });

// ---------------------------------------------------------------------------------------------
// 1. A sign-in link is used once
// ---------------------------------------------------------------------------------------------

describe("sign-in token: single use", () => {
  const EMAIL = "sam@student.example.org";

  async function freshToken() {
    await requestSignIn(ctx.db, ctx.deps, { email: EMAIL, lang: "nl", now: NOW() });
    const [mail] = await mailsTo(ctx, EMAIL);
    return new URL(linkIn(mail!.text), BASE).searchParams.get("token")!;
  }

  /** Naive: check the token, then (in separate statements) use it and open a session. */
  async function naiveSignIn(db: Db, token: string, input: { now: Date; lang: Lang }) {
    const [row] = await db
      .select()
      .from(loginTokens)
      .where(and(eq(loginTokens.tokenHash, sha256(token)), isNull(loginTokens.usedAt), gt(loginTokens.expiresAt, input.now)));
    if (!row) return null;
    // ← the window: every attempt that got here passed the same check
    await db.update(loginTokens).set({ usedAt: input.now }).where(eq(loginTokens.id, row.id));
    const [user] = await db
      .insert(users)
      .values({ email: row.email, lang: input.lang, lastSignInAt: input.now })
      .onConflictDoUpdate({ target: users.email, set: { lastSignInAt: input.now } })
      .returning();
    return { sessionToken: await createSession(db, user!.id, input.now) };
  }

  const run = async (signIn: typeof naiveSignIn) => {
    const token = await freshToken();
    const now = NOW();
    const results = await underLoad(40, () => signIn(ctx.db, token, { now, lang: "nl" }));
    expect(rejected(results)).toEqual([]);
    return { winners: fulfilled(results).filter(Boolean).length, sessions: await total(ctx.db.select({ n: count() }).from(sessions)) };
  };

  it("40 concurrent signInWithToken with one token open exactly one session", async () => {
    const { winners, sessions: n } = await run(signInWithToken);
    expect(winners).toBe(1);
    expect(n).toBe(1);
    expect(await total(ctx.db.select({ n: count() }).from(users))).toBe(1);
    const [token] = await ctx.db.select().from(loginTokens);
    expect(token!.usedAt).not.toBeNull();
    note("1 sign-in token (40 attempts)", { realWinners: winners, realSessions: n });
  });

  it("control: naive select-then-update lets several attempts sign in with the same token", async () => {
    const { winners, sessions: n } = await run(naiveSignIn);
    expect(winners).toBeGreaterThan(1);
    expect(n).toBe(winners);
    note("1 sign-in token (40 attempts)", { naiveWinners: winners, naiveSessions: n });
  });
});

// ---------------------------------------------------------------------------------------------
// 2. A request is decided once
// ---------------------------------------------------------------------------------------------

describe("deciding an organisation request", () => {
  const DECISION_TEMPLATES = ["org.request-approved", "org.request-declined"];
  const decisionMails = (to: string) =>
    ctx.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.to, to), inArray(outbox.template, DECISION_TEMPLATES)));
  const decisionAudits = (requestId: string) =>
    total(
      ctx.db
        .select({ n: count() })
        .from(auditLog)
        .where(and(eq(auditLog.entityId, requestId), inArray(auditLog.action, ["request.approve", "request.decline"]))),
    );
  const membershipsOf = (userId: string) => total(ctx.db.select({ n: count() }).from(boardMembers).where(eq(boardMembers.userId, userId)));
  /** Even attempts approve, odd ones decline (two staff members disagreeing at the same moment). */
  const decision = (i: number) => ({ approve: i % 2 === 0, reason: i % 2 === 0 ? null : "Geen bestuurslid" });

  async function pendingJoin() {
    const staff = await person("office@example.org", { staff: true });
    const student = await person("sam@student.example.org");
    const org = await organisation("Minerva", true);
    const req = await requestJoin(ctx.db, ctx.deps, {
      user: requester(student),
      organisationId: org.id,
      position: "secretary",
      message: null,
    });
    return { staff, student, org, req };
  }

  /** Naive: read the status, then (in separate statements) decide, seat, audit and mail. */
  async function naiveDecide(db: Db, a: { actorId: string; requestId: string; approve: boolean; reason: string | null; now: Date }) {
    const [req] = await db.select().from(orgRequests).where(eq(orgRequests.id, a.requestId));
    if (req?.status !== "pending") return null;
    // ← the window: every attempt that got here saw "pending"
    const status = a.approve ? ("approved" as const) : ("declined" as const);
    await db
      .update(orgRequests)
      .set({ status, reason: a.reason, decidedBy: a.actorId, decidedAt: a.now })
      .where(eq(orgRequests.id, req.id));
    const [student] = await db.select().from(users).where(eq(users.id, req.userId));
    if (a.approve) {
      const [board] = await db
        .select()
        .from(boards)
        .where(and(eq(boards.organisationId, req.organisationId!), lte(boards.startsOn, TODAY)))
        .orderBy(desc(boards.startsOn))
        .limit(1);
      await db
        .insert(boardMembers)
        .values({ boardId: board!.id, userId: req.userId, position: req.position, invitedBy: a.actorId })
        .onConflictDoNothing();
    }
    await audit(db, {
      actorId: a.actorId,
      organisationId: req.organisationId,
      entity: "org_request",
      entityId: req.id,
      action: a.approve ? "request.approve" : "request.decline",
    });
    await sendMail(db, ctx.deps, {
      to: student!.email,
      lang: student!.lang,
      template: a.approve ? "org.request-approved" : "org.request-declined",
      render: plainMail,
      data: { subject: status },
    });
    return { ...req, status };
  }

  it("30 concurrent approve/decline of one join request: one decision, one mail, membership only if approved", async () => {
    const { staff, student, req } = await pendingJoin();
    const now = NOW();
    const results = await underLoad(30, (i) =>
      decideRequest(ctx.db, ctx.deps, { actorId: staff.id, requestId: req.id, ...decision(i), today: TODAY, now }),
    );
    expect(rejected(results)).toEqual([]);
    const winners = fulfilled(results).filter((r) => r !== null);
    expect(winners).toHaveLength(1);
    const winner = winners[0]!;
    const [after] = await ctx.db.select().from(orgRequests).where(eq(orgRequests.id, req.id));
    expect(after!.status).toBe(winner.status);
    expect(await membershipsOf(student.id)).toBe(winner.status === "approved" ? 1 : 0);
    const mails = await decisionMails(student.email);
    expect(mails.map((m) => m.template)).toEqual([`org.request-${winner.status}`]);
    expect(await decisionAudits(req.id)).toBe(1);
    note("2 decide request (30 attempts, approve/decline mixed)", {
      realDecisions: winners.length,
      realMails: mails.length,
      realWinner: winner.status,
    });
  });

  it("30 concurrent approvals of one registration: one organisation, one board, one membership, one mail", async () => {
    const staff = await person("office@example.org", { staff: true });
    const student = await person("sam@student.example.org");
    const req = await requestRegistration(ctx.db, ctx.deps, {
      user: requester(student),
      data: { name: "Quintus", kind: "sports", lang: "nl" },
      position: "chair",
      message: null,
    });
    const now = NOW();
    const results = await underLoad(30, () =>
      decideRequest(ctx.db, ctx.deps, { actorId: staff.id, requestId: req.id, approve: true, reason: null, today: TODAY, now }),
    );
    expect(rejected(results)).toEqual([]);
    expect(fulfilled(results).filter((r) => r !== null)).toHaveLength(1);
    expect(await total(ctx.db.select({ n: count() }).from(organisations))).toBe(1);
    expect(await total(ctx.db.select({ n: count() }).from(boards))).toBe(1);
    expect(await membershipsOf(student.id)).toBe(1);
    expect((await decisionMails(student.email)).map((m) => m.template)).toEqual(["org.request-approved"]);
    expect(await decisionAudits(req.id)).toBe(1);
  });

  it("approving many join requests at once for an organisation without a board: every approval succeeds on one board", async () => {
    // The first approval creates this year's board; the others must join it, not fail on the
    // (organisation, year) unique index with a "board exists" error.
    const staff = await person("office@example.org", { staff: true });
    const org = await organisation("Minerva", false);
    const students = await Promise.all(Array.from({ length: 8 }, (_, i) => person(`student${i}@student.example.org`)));
    const reqs: { id: string }[] = [];
    for (const s of students) {
      reqs.push(await requestJoin(ctx.db, ctx.deps, { user: requester(s), organisationId: org.id, position: "other", message: null }));
    }
    const now = NOW();
    const results = await underLoad(reqs.length, (i) =>
      decideRequest(ctx.db, ctx.deps, { actorId: staff.id, requestId: reqs[i]!.id, approve: true, reason: null, today: TODAY, now }),
    );
    expect(rejected(results)).toEqual([]);
    expect(fulfilled(results).filter((r) => r !== null)).toHaveLength(reqs.length);
    expect(await total(ctx.db.select({ n: count() }).from(boards).where(eq(boards.organisationId, org.id)))).toBe(1);
    expect(await total(ctx.db.select({ n: count() }).from(boardMembers))).toBe(reqs.length);
  });

  it("control: a naive read-then-update decides the same request several times", async () => {
    const { staff, student, req } = await pendingJoin();
    const now = NOW();
    const results = await underLoad(30, (i) => naiveDecide(ctx.db, { actorId: staff.id, requestId: req.id, ...decision(i), now }));
    expect(rejected(results)).toEqual([]);
    const winners = fulfilled(results).filter((r) => r !== null);
    expect(winners.length).toBeGreaterThan(1);
    const mails = await decisionMails(student.email);
    expect(mails.length).toBe(winners.length);
    expect(await decisionAudits(req.id)).toBe(winners.length);
    const [after] = await ctx.db.select().from(orgRequests).where(eq(orgRequests.id, req.id));
    note("2 decide request (30 attempts, approve/decline mixed)", {
      naiveDecisions: winners.length,
      naiveApprovals: winners.filter((w) => w.status === "approved").length,
      naiveDeclines: winners.filter((w) => w.status === "declined").length,
      naiveMails: mails.length,
      naiveFinal: `${after!.status}, board member: ${(await membershipsOf(student.id)) > 0}`,
    });
  });
});

// ---------------------------------------------------------------------------------------------
// 3. Organisation names are unique regardless of letter case (and look-alikes: see the name key)
// ---------------------------------------------------------------------------------------------

describe("organisation name uniqueness", () => {
  /** The i-th way of writing "minerva": each bit of i upper-cases one letter. */
  const spelling = (i: number) => [..."minerva"].map((ch, k) => ((i >> k) & 1 ? ch.toUpperCase() : ch)).join("");
  const input = (name: string) => ({
    name,
    kind: "sports" as const,
    faculty: null,
    website: null,
    contactUrl: null,
    email: null,
    lang: "nl" as const,
    memberCount: null,
  });

  it("30 concurrent createOrganisation in different letter case: one row, the others a duplicateName field error", async () => {
    const staff = await person("office@example.org", { staff: true });
    const results = await underLoad(30, (i) => createOrganisation(ctx.db, staff.id, input(spelling(i))));
    expect(fulfilled(results)).toHaveLength(1);
    const errors = rejected(results);
    expect(errors).toHaveLength(29);
    for (const err of errors) {
      expect(err).toBeInstanceOf(FieldError);
      expect(err).toMatchObject({ field: "name", key: "duplicateName" });
    }
    expect(await total(ctx.db.select({ n: count() }).from(organisations))).toBe(1);
    expect(await total(ctx.db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, "organisation.create")))).toBe(1);
    note("3 organisation name (30 attempts)", { realRows: 1, realFieldErrors: errors.length });
  });

  it("30 concurrent staff form posts: one 303, the others a 422 form with the duplicate-name message, no 500", async () => {
    const { client } = await signedIn(ctx, "office@example.org", { staffRole: "staff" });
    await client.csrfToken();
    const form = (name: string) => ({
      ...input(name),
      faculty: "",
      website: "",
      contactUrl: "",
      email: "",
      memberCount: "",
      status: "active",
    });
    // Requests reach their first statement at slightly different moments (routing, body parsing),
    // so fewer connections may be busy at once than with plain service calls; 29 losers still raced.
    const results = await underLoad(30, (i) => client.post(url("nl", "staffOrgNew"), form(spelling(i))), { minBusy: 2 });
    expect(rejected(results)).toEqual([]);
    const responses = fulfilled(results);
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([303, ...Array(29).fill(422)]);
    for (const res of responses.filter((r) => r.status === 422)) {
      expect(await res.text()).toContain(catalogs.nl.errors.duplicateName);
    }
    expect(await total(ctx.db.select({ n: count() }).from(organisations))).toBe(1);
  });

  it("control: the same check-then-insert without a unique index ends with duplicates; with the index, one row", async () => {
    /** Naive: look for the name (any case), then insert it. */
    const naiveCreate = async (table: string, name: string) => {
      const hit = (await ctx.db.execute(sql`select 1 from ${sql.identifier(table)} where lower(name) = lower(${name})`)) as unknown as {
        rows: unknown[];
      };
      if (hit.rows.length) throw new FieldError("name", "duplicateName");
      // ← the window: every attempt that got here found no such name
      await ctx.db.execute(sql`insert into ${sql.identifier(table)} (name, name_key, kind) values (${name}, lower(${name}), 'sports')`);
    };
    const rowsIn = async (table: string) =>
      ((await ctx.db.execute(sql`select count(*)::int as n from ${sql.identifier(table)}`)) as unknown as { rows: { n: number }[] })
        .rows[0]!.n;

    await ctx.db.execute(
      sql`create table scratch_org_names (id serial primary key, name text not null, name_key text not null, kind text not null)`,
    );
    try {
      const scratch = await underLoad(30, (i) => naiveCreate("scratch_org_names", spelling(i)));
      const duplicates = await rowsIn("scratch_org_names");
      expect(duplicates).toBeGreaterThan(1);
      expect(fulfilled(scratch)).toHaveLength(duplicates);

      // The same naive code against the real table: the unique index on the name's key is what holds.
      // (Without the service's translation, the losers would surface as raw 23505 errors: a 500.)
      const real = await underLoad(30, (i) => naiveCreate("organisations", spelling(i)));
      expect(await rowsIn("organisations")).toBe(1);
      const raw = rejected(real).filter(
        (e) => (e as { cause?: { code?: string } }).cause?.code === "23505" || (e as { code?: string }).code === "23505",
      );
      note("3 organisation name (30 attempts)", { naiveRowsWithoutIndex: duplicates, naiveRowsWithIndex: 1, naiveRaw23505: raw.length });
      expect(raw.length).toBeGreaterThan(0);
    } finally {
      await ctx.db.execute(sql`drop table scratch_org_names`);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// 4. Print order status transitions
// ---------------------------------------------------------------------------------------------

describe("print order status transitions", () => {
  const EMAIL = "mila@pharos.example.org";
  const statusMails = () =>
    ctx.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.to, EMAIL), inArray(outbox.template, ["orders.sent", "orders.cancel"])));
  const transitionAudits = (orderId: string) =>
    total(
      ctx.db
        .select({ n: count() })
        .from(auditLog)
        .where(and(eq(auditLog.entityId, orderId), inArray(auditLog.action, ["order.sent", "order.cancel"]))),
    );
  /** Even attempts mark it as sent, odd ones cancel it. */
  const step = (i: number) => (i % 2 === 0 ? { action: "sent" as const } : { action: "cancel" as const, reason: "Adres onbekend" });

  async function preparingOrder() {
    const staff = await person("office@example.org", { staff: true });
    const input = orderSchema.parse(orderForm({ email: EMAIL, note: "" }));
    const order = await placeOrder(ctx.db, ctx.deps, { input, lang: "nl", userId: staff.id, organisationId: null, now: NOW() });
    const prepared = await advanceOrder(ctx.db, ctx.deps, { actorId: staff.id, orderId: order.id, action: "preparing", now: NOW() });
    expect(prepared?.changed).toBe(true);
    return { staff, order };
  }

  /** Naive: read the status and check the transition, then (in separate statements) move, audit and mail. */
  async function naiveAdvance(db: Db, p: { actorId: string; orderId: string; action: OrderAction; reason?: string; now: Date }) {
    const tr = TRANSITIONS[p.action];
    const [before] = await db.select().from(printOrders).where(eq(printOrders.id, p.orderId));
    if (!before || !tr.from.includes(before.status)) return "refused" as const;
    // ← the window: every attempt that got here saw "preparing"
    await db
      .update(printOrders)
      .set({ status: tr.to, updatedAt: p.now, ...(p.reason ? { cancelReason: p.reason } : {}) })
      .where(eq(printOrders.id, before.id));
    await audit(db, { actorId: p.actorId, entity: "roadmap_print_order", entityId: before.id, action: `order.${p.action}` });
    await sendMail(db, ctx.deps, {
      to: before.email,
      lang: before.lang,
      template: `orders.${p.action}`,
      render: plainMail,
      data: { subject: tr.to },
    });
    return "done" as const;
  }

  it("30 concurrent 'mark as sent'/'cancel' on one order: one transition, one mail", async () => {
    const { staff, order } = await preparingOrder();
    const now = NOW();
    const results = await underLoad(30, (i) => advanceOrder(ctx.db, ctx.deps, { actorId: staff.id, orderId: order.id, ...step(i), now }));
    // A step that is no longer possible is refused (409); nothing else may fail.
    expect(rejected(results).every((e) => e instanceof OrderStatusConflict)).toBe(true);
    const outcomes = fulfilled(results);
    const done = outcomes.filter((r) => r?.changed);
    expect(done).toHaveLength(1);
    const final = done[0]!.order.status;
    const [after] = await ctx.db.select().from(printOrders).where(eq(printOrders.id, order.id));
    expect(after!.status).toBe(final);
    const mails = await statusMails();
    expect(mails.map((m) => m.template)).toEqual([final === "sent" ? "orders.sent" : "orders.cancel"]);
    expect(await transitionAudits(order.id)).toBe(1);
    note("4 print order (30 attempts, sent/cancel mixed)", { realTransitions: done.length, realMails: mails.length, realFinal: final });
  });

  it("control: a naive read-then-update moves the order several times and mails each time", async () => {
    const { staff, order } = await preparingOrder();
    const now = NOW();
    const results = await underLoad(30, (i) => naiveAdvance(ctx.db, { actorId: staff.id, orderId: order.id, ...step(i), now }));
    expect(rejected(results)).toEqual([]);
    const done = fulfilled(results).filter((r) => r === "done").length;
    expect(done).toBeGreaterThan(1);
    const mails = await statusMails();
    expect(mails).toHaveLength(done);
    note("4 print order (30 attempts, sent/cancel mixed)", {
      naiveTransitions: done,
      naiveMails: mails.length,
      naiveSentMails: mails.filter((m) => m.template === "orders.sent").length,
      naiveCancelMails: mails.filter((m) => m.template === "orders.cancel").length,
    });
  });
});

// ---------------------------------------------------------------------------------------------
// 5. Job claiming
// ---------------------------------------------------------------------------------------------

describe("jobs: four workers over one queue", () => {
  const JOBS = 200;
  const WORKERS = 4;
  // Each job costs a statement or two: a shorter pause keeps the 200 × 4 naive runs fast. Four
  // workers that start together still all read the queue before any of them claims.
  const JOB_PAUSE_MS = 5;

  /** 200 due jobs, each with its own run_at, so every worker reads them in the same order. */
  async function queueJobs() {
    const first = NOW().getTime() - JOBS * 1000;
    await ctx.db
      .insert(jobs)
      .values(Array.from({ length: JOBS }, (_, n) => ({ name: "work", payload: { n }, runAt: new Date(first + n * 1000) })));
  }

  function counter() {
    const runs = new Map<number, number>();
    const byWorker = Array<number>(WORKERS).fill(0);
    const handler =
      (w: number): JobHandler =>
      async (payload) => {
        const n = payload.n as number;
        runs.set(n, (runs.get(n) ?? 0) + 1);
        byWorker[w]!++;
      };
    const twice = () => [...runs.values()].filter((k) => k > 1).length;
    const totalRuns = () => [...runs.values()].reduce((a, b) => a + b, 0);
    return { runs, byWorker, handler, twice, totalRuns };
  }

  /** Naive claim: read due jobs, then (a separate statement) mark them running, with no lock and no status guard. */
  function naiveWorker(db: Db, handler: JobHandler) {
    return async function tick() {
      let ran = 0;
      for (;;) {
        const now = NOW();
        const due = await db
          .select()
          .from(jobs)
          .where(and(eq(jobs.status, "queued"), lte(jobs.runAt, now)))
          .orderBy(jobs.runAt)
          .limit(10);
        if (!due.length) return ran;
        // ← the window: the other workers read the same queued jobs
        const ids = due.map((j) => j.id);
        await db
          .update(jobs)
          .set({ status: "running", lockedAt: now, attempts: sql`${jobs.attempts} + 1` })
          .where(inArray(jobs.id, ids));
        for (const job of due) {
          await handler(job.payload, { id: job.id, attempts: job.attempts + 1, maxAttempts: job.maxAttempts });
          await db.update(jobs).set({ status: "done", finishedAt: now }).where(eq(jobs.id, job.id));
          ran++;
        }
      }
    };
  }

  it("4 workers ticking at once over 200 jobs run each job exactly once", async () => {
    await queueJobs();
    const c = counter();
    const log = pino({ level: "silent" });
    const workers = Array.from({ length: WORKERS }, (_, w) =>
      createWorker({ db: ctx.db, clock: ctx.clock, log, handlers: { work: c.handler(w) } }),
    );
    const results = await underLoad(WORKERS, (w) => workers[w]!.tick(), { pauseMs: JOB_PAUSE_MS, minBusy: 2 });
    expect(rejected(results)).toEqual([]);
    expect(fulfilled(results).reduce((a, b) => a + b, 0)).toBe(JOBS);
    expect(c.runs.size).toBe(JOBS);
    expect(c.twice()).toBe(0);
    expect(c.byWorker.filter((k) => k > 0).length).toBeGreaterThan(1);
    const rows = await ctx.db.select().from(jobs);
    expect(rows.every((j) => j.status === "done" && j.attempts === 1)).toBe(true);
    note(`5 jobs (${JOBS} jobs, ${WORKERS} workers, pause ${JOB_PAUSE_MS} ms)`, {
      realRuns: c.totalRuns(),
      realRunTwiceOrMore: c.twice(),
      realPerWorker: c.byWorker.join("/"),
    });
  });

  it("control: a claim by select-then-update runs jobs more than once", async () => {
    await queueJobs();
    const c = counter();
    const ticks = Array.from({ length: WORKERS }, (_, w) => naiveWorker(ctx.db, c.handler(w)));
    const results = await underLoad(WORKERS, (w) => ticks[w]!(), { pauseMs: JOB_PAUSE_MS, minBusy: 2 });
    expect(rejected(results)).toEqual([]);
    expect(c.runs.size).toBe(JOBS);
    expect(c.twice()).toBeGreaterThan(0);
    expect(c.totalRuns()).toBeGreaterThan(JOBS);
    note(`5 jobs (${JOBS} jobs, ${WORKERS} workers, pause ${JOB_PAUSE_MS} ms)`, {
      naiveRuns: c.totalRuns(),
      naiveRunTwiceOrMore: c.twice(),
      naivePerWorker: c.byWorker.join("/"),
    });
  });
});

// ---------------------------------------------------------------------------------------------
// 6. Deleting accounts never leaves a board empty
// ---------------------------------------------------------------------------------------------

describe("deleting accounts: the last member of a board stays", () => {
  const MEMBERS = 10;

  async function fullBoard() {
    const org = await organisation("Minerva", true);
    const [board] = await ctx.db.select().from(boards).where(eq(boards.organisationId, org.id));
    const people = [];
    for (let i = 0; i < MEMBERS; i++) {
      const u = await person(`member${i}@minerva.example.org`);
      await ctx.db.insert(boardMembers).values({ boardId: board!.id, userId: u.id, position: "other" });
      people.push(u);
    }
    return { board: board!, people };
  }

  /** Naive: the same only-member check, without locking the board first. */
  const naiveOrganisations: PersonalDataProvider = {
    ...organisationsPrivacy,
    async blockers(db, who, today) {
      const alone = await boardsOnlyMemberOf(db, who.id, today);
      return alone.map((b) => () => b.name);
    },
  };

  const run = async (providers: PersonalDataProvider[]) => {
    const { board, people } = await fullBoard();
    const results = await underLoad(MEMBERS, (i) =>
      deleteAccount(ctx.db, providers, people[i]!, { now: NOW(), timeZone: ctx.deps.env.TIME_ZONE }),
    );
    // A refusal is a DeletionBlocked (the 409 page); anything else would be a failure.
    expect(rejected(results).filter((e) => !(e instanceof DeletionBlocked))).toEqual([]);
    const deleted = fulfilled(results).length;
    const left = await total(ctx.db.select({ n: count() }).from(boardMembers).where(eq(boardMembers.boardId, board.id)));
    return { deleted, left };
  };

  it(`${MEMBERS} members of one board deleting their accounts at once: all but one go`, async () => {
    const { deleted, left } = await run(privacyPolicy(ctx.deps.env).providers);
    expect(deleted).toBe(MEMBERS - 1);
    expect(left).toBe(1);
    note(`6 account deletion (${MEMBERS} members at once)`, { realDeleted: deleted, realLeft: left });
  });

  it("control: the check without the lock lets the board end up empty", async () => {
    const providers = privacyPolicy(ctx.deps.env).providers.map((p) => (p.name === organisationsPrivacy.name ? naiveOrganisations : p));
    const { deleted, left } = await run(providers);
    expect(deleted).toBe(MEMBERS);
    expect(left).toBe(0);
    note(`6 account deletion (${MEMBERS} members at once)`, { naiveDeleted: deleted, naiveLeft: left });
  });
});

// ---------------------------------------------------------------------------------------------
// 7. One open request per person and organisation
// ---------------------------------------------------------------------------------------------

describe("one open join request per person and organisation", () => {
  const requestMails = () =>
    total(
      ctx.db
        .select({ n: count() })
        .from(outbox)
        .where(inArray(outbox.template, ["org.request-office", "org.request-received"])),
    );

  it("30 concurrent requestJoin by one person for one organisation: one request, two mails, the others a requestPending field error", async () => {
    const student = await person("sam@student.example.org");
    const org = await organisation("Minerva", true);
    const results = await underLoad(30, () =>
      requestJoin(ctx.db, ctx.deps, { user: requester(student), organisationId: org.id, position: "other", message: null, now: NOW() }),
    );
    expect(fulfilled(results)).toHaveLength(1);
    const errors = rejected(results);
    expect(errors).toHaveLength(29);
    for (const err of errors) expect(err).toMatchObject({ field: "organisationId", key: "requestPending" });
    expect(await total(ctx.db.select({ n: count() }).from(orgRequests))).toBe(1);
    expect(await requestMails()).toBe(2);
    note("7 open join request (30 attempts)", { realRequests: 1, realMails: await requestMails(), realFieldErrors: errors.length });
  });

  it("control: check-then-insert without the partial unique index files duplicates (and mails for each); with it, one row", async () => {
    const student = await person("sam@student.example.org");
    const org = await organisation("Minerva", true);
    /** Naive: look for an open request, then insert one and mail. */
    const naiveJoin = async (table: string) => {
      const open = (await ctx.db.execute(
        sql`select 1 from ${sql.identifier(table)} where user_id = ${student.id} and organisation_id = ${org.id} and status = 'pending' and kind = 'join'`,
      )) as unknown as { rows: unknown[] };
      if (open.rows.length) throw new FieldError("organisationId", "requestPending");
      // ← the window: every attempt that got here found no open request
      await ctx.db.execute(
        sql`insert into ${sql.identifier(table)} (kind, user_id, organisation_id, position) values ('join', ${student.id}, ${org.id}, 'other')`,
      );
      await sendMail(ctx.db, ctx.deps, {
        to: student.email,
        lang: "nl",
        template: "naive.request",
        render: plainMail,
        data: { subject: "x" },
      });
    };
    const rowsIn = async (table: string) =>
      ((await ctx.db.execute(sql`select count(*)::int as n from ${sql.identifier(table)}`)) as unknown as { rows: { n: number }[] })
        .rows[0]!.n;
    await ctx.db.execute(sql`create table scratch_requests (like org_requests including defaults)`);
    try {
      const scratch = await underLoad(30, () => naiveJoin("scratch_requests"));
      const duplicates = await rowsIn("scratch_requests");
      expect(duplicates).toBeGreaterThan(1);
      expect(fulfilled(scratch)).toHaveLength(duplicates);
      expect((await mailsTo(ctx, student.email)).length).toBe(duplicates);

      const real = await underLoad(30, () => naiveJoin("org_requests"));
      expect(await rowsIn("org_requests")).toBe(1);
      const raw = rejected(real).filter(
        (e) => (e as { cause?: { code?: string } }).cause?.code === "23505" || (e as { code?: string }).code === "23505",
      );
      expect(raw.length).toBeGreaterThan(0);
      note("7 open join request (30 attempts)", { naiveRowsWithoutIndex: duplicates, naiveRowsWithIndex: 1, naiveRaw23505: raw.length });
    } finally {
      await ctx.db.execute(sql`drop table scratch_requests`);
    }
  });
});
