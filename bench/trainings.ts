/**
 * The trainings' part of `npm run bench` (BENCH_PARTS=trainings; run by bench/run.ts for each
 * driver), issue 9:
 * - the registration rush: RUSH_ORGS organisations, each with a signed-in board member, press
 *   "register" for one series capped at 25 organisations within one second, over HTTP, on a portal
 *   that has served some registrations and the members' form views first (`ordinaryUse`), and
 *   (reported, no target) on a portal just started;
 * - with LIST_ORGS organisations and LIST_REGISTRATIONS registrations generated: the office's
 *   registration list and an organisation's history, timed in-process (p95 ≤ 50 ms); the public
 *   catalogue is measured over HTTP by run.ts (cached, against the bare Hono baseline).
 * See bench/README.md.
 */
import { randomBytes } from "node:crypto";
import { request } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "drizzle-orm";
import { hmac } from "../src/core/crypto.js";
import type { Db } from "../src/db/index.js";
import { sessions, users } from "../src/features/auth/schema.js";
import { createSession } from "../src/features/auth/service.js";
import { boardMembers, boards, organisations } from "../src/features/organisations/schema.js";
import { officeRegistrations, trainingHistory } from "../src/features/training-registrations/office.js";
import { addSession, createOffering, type OfferingInput } from "../src/features/trainings/service.js";
import { url } from "../src/routes.js";
import { type Stats, stats } from "./search.js";

export const RUSH_ORGS = 1_000;
export const RUSH_CAP = 25;
export const RUSH_WINDOW_MS = 1_000;
/**
 * Runs of the rush on PostgreSQL, each on its own copy of the prepared database: the bench reports
 * the median by last answer (and every run), since runs minutes apart on this machine differ by
 * 15–30 %; the verdict asks every run to be correct.
 */
export const RUSH_RUNS = 3;
export const RUSH_TARGET = { confirmed: RUSH_CAP, waitlisted: RUSH_ORGS - RUSH_CAP, errors: 0, lastAnswerMs: 3_000 };
export const LIST_ORGS = 5_000;
export const LIST_REGISTRATIONS = 200_000;
export const LIST_TARGET_P95_MS = 50;
/** The portal's secret in the bench: the rush computes each member's CSRF token from it, as the portal does. */
export const BENCH_SECRET = "bench-secret-0123456789abcdef0123456789abcdef";

const DAY = 86_400_000;

function offering(over: Partial<OfferingInput>): OfferingInput {
  return {
    slug: "",
    kind: "workshop",
    title: { nl: "Gaat het?", en: "Are you OK?" },
    summary: { nl: "Een workshop.", en: "A workshop." },
    description: { nl: "", en: "" },
    audiences: ["board_members"],
    provider: "partner",
    providerName: { nl: "Partner", en: "Partner" },
    providerUrl: null,
    lang: "nl",
    costCents: 0,
    format: "choice",
    registration: "portal",
    externalUrl: null,
    capacityUnit: "organisations",
    capacity: RUSH_CAP,
    maxPerOrganisation: 3,
    opensAt: null,
    closesAt: null,
    cancelHoursBefore: 48,
    waitingList: true,
    autoPromote: false,
    offerHours: 48,
    waitingNote: { nl: "", en: "" },
    status: "published",
    ...over,
  };
}

/** `n` organisations with a current board and one member each, in batches. */
async function organisationsWithMembers(db: Db, n: number, prefix: string) {
  const out: { orgId: string; userId: string; email: string }[] = [];
  for (let from = 0; from < n; from += 1_000) {
    const size = Math.min(1_000, n - from);
    const orgs = await db
      .insert(organisations)
      .values(
        Array.from({ length: size }, (_, i) => ({
          name: `${prefix} ${from + i}`,
          nameKey: `${prefix}${from + i}`,
          kind: "sports" as const,
        })),
      )
      .returning({ id: organisations.id });
    const bs = await db
      .insert(boards)
      .values(orgs.map((o) => ({ organisationId: o.id, year: 2026, startsOn: "2026-09-01" })))
      .returning({ id: boards.id });
    const people = await db
      .insert(users)
      .values(orgs.map((_, i) => ({ email: `${prefix}-${from + i}@example.org`, name: `Member ${from + i}` })))
      .returning({ id: users.id, email: users.email });
    await db.insert(boardMembers).values(bs.map((b, i) => ({ boardId: b.id, userId: people[i]!.id, position: "chair" as const })));
    for (const [i, o] of orgs.entries()) out.push({ orgId: o.id, userId: people[i]!.id, email: people[i]!.email });
  }
  return out;
}

export type Rusher = { orgId: string; cookie: string; csrf: string; sessionId: string; otherSessionId: string };

/**
 * The rush's database: RUSH_ORGS organisations with a signed-in board member each (a session
 * row, as signing in makes one) and two series of three dates, each capped at RUSH_CAP
 * organisations: the rush's, and another (`rush-before`) that some of them register for before the
 * rush (`ordinaryUse`); vacuumed and analysed, as a running portal's database is.
 */
export async function prepareRush(db: Db, now: Date) {
  const members = await organisationsWithMembers(db, RUSH_ORGS, "rush");
  const series = async (slug: string, firstDay: number) => {
    const o = await createOffering(db, null, offering({ slug }));
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const startsAt = new Date(now.getTime() + (firstDay + 7 * i) * DAY);
      const s = await addSession(db, null, o.id, {
        startsAt,
        endsAt: new Date(startsAt.getTime() + 4 * 3_600_000),
        location: null,
        onlineUrl: null,
        capacity: null,
      });
      ids.push(s.id);
    }
    return { offeringId: o.id, sessionIds: ids };
  };
  const measured = await series("rush", 30);
  const other = await series("rush-before", 60);
  const rushers: Rusher[] = [];
  for (const [i, m] of members.entries()) {
    const token = await createSession(db, m.userId, now);
    const secret = randomBytes(24).toString("base64url");
    rushers.push({
      orgId: m.orgId,
      cookie: `vn_csrf=${secret}; vn_session=${token}`,
      csrf: hmac(BENCH_SECRET, `csrf:${secret}`),
      sessionId: measured.sessionIds[i % 3]!,
      otherSessionId: other.sessionIds[i % 3]!,
    });
  }
  // A running portal's tables have been analysed by autovacuum; a fresh database's have not, and
  // autovacuum would analyse them during the rush.
  await db.execute(sql`vacuum analyze`);
  return { offeringId: measured.offeringId, otherOfferingId: other.offeringId, rushers };
}

export type RushFigures = { confirmed: number; waitlisted: number; errors: number; lastAnswerMs: number; p99Ms: number };

export type RushResult = {
  organisations: number;
  windowMs: number;
  confirmed: number;
  waitlisted: number;
  errors: number;
  statuses: Record<string, number>;
  lastAnswerMs: number;
  registrationsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  target: string;
  verdict: "PASS" | "MISS";
  /** What the portal did before the rush (`ordinaryUse`); absent with BENCH_RUSH_BEFORE=nothing. */
  before?: UseResult;
  /** The same run's rush on a portal just started, with nothing before it (another copy of the database; no target). */
  cold?: RushFigures;
  /** Every run, when there were several (`RUSH_RUNS`); the fields above are the median run's. */
  runs?: (RushFigures & { baselineReqPerSec?: number; before?: UseResult; cold?: RushFigures })[];
};

/**
 * The rush's board members were last seen `now`: each opened the registration page a moment before
 * pressing its button (a session seen more than a minute ago is touched by its next request).
 */
export async function freshenSessions(db: Db, now: Date) {
  await db.update(sessions).set({ lastSeenAt: now });
}

/**
 * Every board member presses "register" once, the presses spread evenly over RUSH_WINDOW_MS; each
 * is a real form POST (CSRF cookie and token, Origin, session cookie) answered by a 303 to the
 * registration's page. Counts come from the database afterwards (`count`).
 */
export async function rush(
  base: string,
  prepared: Awaited<ReturnType<typeof prepareRush>>,
  count: () => Promise<{ confirmed: number; waitlisted: number }>,
): Promise<RushResult> {
  const { rushers, offeringId } = prepared;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  const started = performance.now();
  let last = 0;
  await Promise.all(
    rushers.map(async (r, i) => {
      await sleep((i * RUSH_WINDOW_MS) / rushers.length);
      const t0 = performance.now();
      try {
        const status = await press(base, r, offeringId, r.sessionId, `rush-key-${i.toString().padStart(8, "0")}`, i);
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status !== 303) errors++;
      } catch (err) {
        errors++;
        const what = `network ${(err as { code?: string }).code ?? ""}`.trim();
        statuses[what] = (statuses[what] ?? 0) + 1;
      }
      const t1 = performance.now();
      latencies.push(t1 - t0);
      last = Math.max(last, t1 - started);
    }),
  );
  const { confirmed, waitlisted } = await count();
  const st = stats(latencies);
  const ok =
    confirmed === RUSH_TARGET.confirmed &&
    waitlisted === RUSH_TARGET.waitlisted &&
    errors === RUSH_TARGET.errors &&
    last <= RUSH_TARGET.lastAnswerMs;
  return {
    organisations: rushers.length,
    windowMs: RUSH_WINDOW_MS,
    confirmed,
    waitlisted,
    errors,
    statuses,
    lastAnswerMs: Math.round(last),
    registrationsPerSec: Math.round((rushers.length / last) * 1000),
    p50Ms: st.p50Ms,
    p99Ms: st.p99Ms,
    target: `${RUSH_TARGET.confirmed} confirmed, ${RUSH_TARGET.waitlisted} waitlisted, 0 errors, last answer ≤ ${RUSH_TARGET.lastAnswerMs / 1000} s (PostgreSQL)`,
    verdict: ok ? "PASS" : "MISS",
  } satisfies RushResult;
}

/** Registrations for the other series before the rush (`ordinaryUse`), and the time they are spread over. */
export const USE_REGISTRATIONS = 200;
export const USE_WINDOW_MS = 5_000;

export type UseResult = { registrations: number; formViews: number; errors: number; ms: number };

/**
 * What a running portal has done before registration opens, on a portal just started: over
 * USE_WINDOW_MS, the first USE_REGISTRATIONS board members register for the other series
 * (`rush-before`), one every 25 ms, and every board member opens the rush's registration form (a
 * GET, one every 5 ms), as each does a moment before pressing its button. A portal started seconds
 * before the rush runs most of it in V8's interpreter; one that has served this has compiled the
 * code that pages and registrations share, has its pool's connections open with their statements
 * prepared, and PostgreSQL's cache holds what the members' pages read. Errors: answers other than
 * 303 (registrations) and 200 (forms).
 */
export async function ordinaryUse(base: string, prepared: Awaited<ReturnType<typeof prepareRush>>): Promise<UseResult> {
  const { rushers, offeringId, otherOfferingId } = prepared;
  let errors = 0;
  const started = performance.now();
  const registering = rushers.slice(0, USE_REGISTRATIONS).map(async (r, i) => {
    await sleep((i * USE_WINDOW_MS) / USE_REGISTRATIONS);
    const status = await press(base, r, otherOfferingId, r.otherSessionId, `before-key-${i.toString().padStart(8, "0")}`, i).catch(() => 0);
    if (status !== 303) errors++;
  });
  const viewing = rushers.map(async (r, i) => {
    await sleep((i * USE_WINDOW_MS) / rushers.length);
    const target = base + url("en", "orgTrainingRegister", { id: r.orgId, offeringId });
    if ((await send(target, { cookie: r.cookie }).catch(() => 0)) !== 200) errors++;
  });
  await Promise.all([...registering, ...viewing]);
  return { registrations: USE_REGISTRATIONS, formViews: rushers.length, errors, ms: Math.round(performance.now() - started) };
}

/** A board member's press of "register": the form's POST for one participant, `sessionId` as its date. */
function press(base: string, r: Rusher, offeringId: string, sessionId: string, key: string, i: number) {
  const body = new URLSearchParams({
    _csrf: r.csrf,
    key,
    sessionId,
    rows: "1",
    name_1: `Person ${i}`,
    email_1: `person-${i}@example.org`,
    role_1: "",
  }).toString();
  const headers = { cookie: r.cookie, origin: base, "content-type": "application/x-www-form-urlencoded" };
  return send(base + url("en", "orgTrainingRegister", { id: r.orgId, offeringId }), headers, body);
}

/**
 * One request with node:http on a connection of its own (as 1,000 browsers would), its answer read
 * to the end; resolves with the status. Lighter than `fetch` (undici's web streams), whose client
 * cost on the same two cores used to be a quarter of the rush's CPU. A POST when there is a body.
 */
function send(target: string, headers: Record<string, string>, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const method = body === undefined ? "GET" : "POST";
    const all = body === undefined ? headers : { ...headers, "content-length": String(Buffer.byteLength(body)) };
    const req = request(target, { method, agent: false, headers: all }, (res) => {
      res.resume();
      res.once("end", () => resolve(res.statusCode ?? 0));
      res.once("error", reject);
    });
    req.once("error", reject);
    req.end(body);
  });
}

/** Confirmed and waiting registrations of the rush's offering. */
export async function rushCounts(db: Db, offeringId: string) {
  const rows = (await db.execute(
    sql`select status, count(*)::int as n from training_registrations where offering_id = ${offeringId} group by status`,
  )) as unknown as { rows: { status: string; n: number }[] };
  const by = Object.fromEntries(rows.rows.map((r) => [r.status, r.n]));
  return { confirmed: by.confirmed ?? 0, waitlisted: by.waiting ?? 0 };
}

/**
 * LIST_ORGS organisations and LIST_REGISTRATIONS registrations (each with one participant) over
 * 200 offerings of two dates each, half in the past, generated in SQL; then VACUUM ANALYZE.
 */
export async function generateRegistrations(db: Db, now: Date) {
  const members = await organisationsWithMembers(db, LIST_ORGS, "gen");
  const offerings = 200;
  const perOrg = Math.ceil(LIST_REGISTRATIONS / LIST_ORGS); // 40 offerings per organisation
  const ids: { id: string; sessions: string[] }[] = [];
  for (let i = 0; i < offerings; i++) {
    // Years of history: ten offerings are open now, the rest archived (the catalogue shows the open ones).
    const status = i < 10 ? ("published" as const) : ("archived" as const);
    const o = await createOffering(
      db,
      null,
      offering({ slug: `gen-${i}`, status, capacity: null, title: { nl: `Training ${i}`, en: `Training ${i}` } }),
    );
    const sessions = [];
    for (let d = 0; d < 2; d++) {
      const startsAt = new Date(now.getTime() + ((i % 2 ? 1 : -1) * (10 + i) + d * 7) * DAY);
      sessions.push(
        (
          await addSession(db, null, o.id, {
            startsAt,
            endsAt: new Date(startsAt.getTime() + 3 * 3_600_000),
            location: null,
            onlineUrl: null,
            capacity: null,
          })
        ).id,
      );
    }
    ids.push({ id: o.id, sessions });
  }
  await db.execute(sql`create temporary table gen_orgs (n int, org uuid, usr uuid) on commit preserve rows`);
  for (let from = 0; from < members.length; from += 1_000) {
    const chunk = members.slice(from, from + 1_000);
    await db.execute(
      sql`insert into gen_orgs (n, org, usr) values ${sql.join(
        chunk.map((m, i) => sql`(${from + i}, ${m.orgId}::uuid, ${m.userId}::uuid)`),
        sql`, `,
      )}`,
    );
  }
  await db.execute(sql`create temporary table gen_offerings (n int, id uuid, s0 uuid, s1 uuid) on commit preserve rows`);
  await db.execute(
    sql`insert into gen_offerings (n, id, s0, s1) values ${sql.join(
      ids.map((o, i) => sql`(${i}, ${o.id}::uuid, ${o.sessions[0]!}::uuid, ${o.sessions[1]!}::uuid)`),
      sql`, `,
    )}`,
  );
  // Organisation n registers for offerings (n + k) mod 200, k < perOrg, on one of the two dates.
  await db.execute(sql`
    insert into training_registrations
      (offering_id, session_id, scope_id, series, organisation_id, year, status, lang, registered_by, created_at, updated_at)
    select f.id, case when (g.n + k) % 2 = 0 then f.s0 else f.s1 end, f.id, o.format = 'choice', g.org, 2026,
           case when (g.n + k) % 10 = 0 then 'cancelled' when (g.n + k) % 7 = 0 then 'waiting' else 'confirmed' end,
           'nl', g.usr, ${now}::timestamptz - make_interval(secs => (g.n * ${perOrg} + k)), ${now}::timestamptz
    from gen_orgs g cross join generate_series(0, ${perOrg - 1}) k
    join gen_offerings f on f.n = (g.n + k) % ${offerings}
    join training_offerings o on o.id = f.id
    where g.n * ${perOrg} + k < ${LIST_REGISTRATIONS}`);
  await db.execute(sql`
    insert into training_participants (registration_id, name, email, role, sort)
    select r.id, 'Participant', 'p-' || left(r.id::text, 8) || '@example.org', '', 0 from training_registrations r`);
  await db.execute(sql`drop table gen_orgs`);
  await db.execute(sql`drop table gen_offerings`);
  await db.execute(sql`vacuum analyze training_registrations, training_participants, training_sessions, training_offerings, organisations`);
  return { organisations: members.map((m) => m.orgId), offerings: ids.map((o) => o.id) };
}

export type ListTiming = { registrationList: Stats; organisationHistory: Stats; target: string; verdict: "PASS" | "MISS" };

/** The office's registration list (first page of 50, all dates) and an organisation's history, each for 60 ids, after a warm-up pass. */
export async function timeLists(db: Db, gen: Awaited<ReturnType<typeof generateRegistrations>>): Promise<ListTiming> {
  const offeringIds = Array.from({ length: 60 }, (_, i) => gen.offerings[(i * 37) % gen.offerings.length]!);
  const orgIds = Array.from({ length: 60 }, (_, i) => gen.organisations[(i * 997) % gen.organisations.length]!);
  const time = async (f: () => Promise<unknown>) => {
    const t0 = performance.now();
    await f();
    return performance.now() - t0;
  };
  for (const id of offeringIds.slice(0, 10)) await officeRegistrations(db, { offeringId: id, sessionId: null, page: 1, perPage: 50 });
  for (const id of orgIds.slice(0, 10)) await trainingHistory(db, id);
  const list: number[] = [];
  const history: number[] = [];
  for (const id of offeringIds)
    list.push(await time(() => officeRegistrations(db, { offeringId: id, sessionId: null, page: 1, perPage: 50 })));
  for (const id of orgIds) history.push(await time(() => trainingHistory(db, id)));
  const registrationList = stats(list);
  const organisationHistory = stats(history);
  return {
    registrationList,
    organisationHistory,
    target: `p95 ≤ ${LIST_TARGET_P95_MS} ms`,
    verdict: registrationList.p95Ms <= LIST_TARGET_P95_MS && organisationHistory.p95Ms <= LIST_TARGET_P95_MS ? "PASS" : "MISS",
  };
}
