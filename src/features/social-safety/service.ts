import { asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/index.js";
import type { Env } from "../../env.js";
import { audit } from "../audit/service.js";
import { users } from "../auth/schema.js";
import { academicYearOf, activeOrganisations } from "../organisations/service.js";
import { type PolicyStatus, safetyReports, safetySnapshots } from "./schema.js";
import { type Derived, derivedStatuses } from "./status.js";

/**
 * Each organisation's social-safety status: what its board reports (code of conduct, policy;
 * every save kept, with who said so and when), what the other features show (status.ts), the
 * office's table with its filters, and the yearly snapshots behind the chart over the years.
 */

export { POLICY_STATUSES, type PolicyStatus, PROGRAMME_STATES, type ProgrammeState } from "./schema.js";
export type { Derived, Programme } from "./status.js";
export { offeringBySlug } from "./status.js";

export type ReportInput = {
  codeAdopted: boolean;
  codeAdoptedOn: string | null;
  codeUrl: string | null;
  policy: PolicyStatus;
  policyUpdatedOn: string | null;
};

/** Who said so, and when: the report where the item took its current value. */
export type Said = { at: Date; by: { name: string | null; email: string } | null };
export type Reported = {
  code: { adopted: boolean; on: string | null; url: string | null; said: Said } | null;
  policy: { status: PolicyStatus; updatedOn: string | null; said: Said } | null;
  /** The latest report's values, for the form. */
  latest: ReportInput | null;
};

/** Saves the board's report as a new row (the history stays) and audits it. */
export async function saveReport(db: Db, a: { orgId: string; actorId: string; input: ReportInput; now: Date }) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(safetyReports)
      .values({ organisationId: a.orgId, ...a.input, reportedBy: a.actorId, reportedAt: a.now })
      .returning({ id: safetyReports.id });
    await audit(tx, {
      actorId: a.actorId,
      organisationId: a.orgId,
      action: "social_safety.report",
      entity: "social_safety_report",
      entityId: row!.id,
      changes: {
        codeAdopted: { to: a.input.codeAdopted },
        codeAdoptedOn: { to: a.input.codeAdoptedOn },
        codeUrl: { to: a.input.codeUrl },
        policy: { to: a.input.policy },
        policyUpdatedOn: { to: a.input.policyUpdatedOn },
      },
    });
    return row!.id;
  });
}

async function reportRows(db: Db, orgIds: string[]) {
  if (!orgIds.length) return [];
  return db
    .select({ report: safetyReports, name: users.name, email: users.email })
    .from(safetyReports)
    .leftJoin(users, eq(users.id, safetyReports.reportedBy))
    .where(inArray(safetyReports.organisationId, orgIds))
    .orderBy(asc(safetyReports.seq));
}
type ReportRow = Awaited<ReturnType<typeof reportRows>>[number];

const valuesOf = (r: ReportRow["report"]): ReportInput => ({
  codeAdopted: r.codeAdopted,
  codeAdoptedOn: r.codeAdoptedOn,
  codeUrl: r.codeUrl,
  policy: r.policy,
  policyUpdatedOn: r.policyUpdatedOn,
});

/** Folds an organisation's reports (oldest first) into its current items, each with the report that gave it its value. */
function fold(rows: ReportRow[]): Reported {
  const out: Reported = { code: null, policy: null, latest: null };
  for (const { report: r, name, email } of rows) {
    const said: Said = { at: r.reportedAt, by: email ? { name, email } : null };
    const code = { adopted: r.codeAdopted, on: r.codeAdoptedOn, url: r.codeUrl };
    const policy = { status: r.policy, updatedOn: r.policyUpdatedOn };
    const same = <T extends object>(a: T | null, b: T) =>
      a !== null && Object.entries(b).every(([k, v]) => (a as Record<string, unknown>)[k] === v);
    if (!same(out.code, code)) out.code = { ...code, said };
    if (!same(out.policy, policy)) out.policy = { ...policy, said };
    out.latest = valuesOf(r);
  }
  return out;
}

/** The reported items of each organisation (an organisation without reports gets nulls). */
export async function reportedOf(db: Db, orgIds: string[]) {
  const rows = await reportRows(db, orgIds);
  const out = new Map<string, Reported>();
  for (const id of orgIds) out.set(id, fold(rows.filter((r) => r.report.organisationId === id)));
  return out;
}

/** An organisation's reports, newest first, with who made them. */
export async function reportHistory(db: Db, orgId: string, limit = 20) {
  return db
    .select({ report: safetyReports, name: users.name, email: users.email })
    .from(safetyReports)
    .leftJoin(users, eq(users.id, safetyReports.reportedBy))
    .where(eq(safetyReports.organisationId, orgId))
    .orderBy(desc(safetyReports.seq))
    .limit(limit);
}

// ---------- the whole status ----------

export type SafetyStatus = { orgId: string; name: string } & Reported & Derived;

/** A policy counts as old when it was last updated more than two years before `day`. */
export const POLICY_OLD_YEARS = 2;
export const policyIsOld = (s: Pick<SafetyStatus, "policy">, day: string) => {
  const on = s.policy?.updatedOn;
  if (!on || s.policy?.status === "none") return false;
  const limit = `${Number(day.slice(0, 4)) - POLICY_OLD_YEARS}${day.slice(4)}`;
  return on < limit;
};

/** The status of each of the given organisations, in their order. */
export async function safetyStatuses(db: Db, env: Env, orgs: { id: string; name: string }[], day: string, now: Date) {
  const ids = orgs.map((o) => o.id);
  const reported = await reportedOf(db, ids);
  const derived = await derivedStatuses(db, env, ids, day, now);
  return orgs.map((o): SafetyStatus => ({ orgId: o.id, name: o.name, ...reported.get(o.id)!, ...derived.get(o.id)! }));
}

export const SAFETY_FILTERS = [
  "noCode",
  "noPolicy",
  "policyOld",
  "noListener",
  "noTrainedListener",
  "noTrainedBoard",
  "programmeNotStarted",
  "noWorkshop",
] as const;
export type SafetyFilter = (typeof SAFETY_FILTERS)[number];

/** Whether an organisation's status matches an office filter. */
export function matches(s: SafetyStatus, filter: SafetyFilter | undefined, day: string) {
  switch (filter) {
    case undefined:
      return true;
    case "noCode":
      return !s.code?.adopted;
    case "noPolicy":
      return s.policy?.status !== "adopted";
    case "policyOld":
      return policyIsOld(s, day);
    case "noListener":
      return s.listeners.appointed === 0;
    case "noTrainedListener":
      return s.listeners.trained === 0;
    case "noTrainedBoard":
      return s.board.trained === 0;
    case "programmeNotStarted":
      return s.programme.state === "not_started";
    case "noWorkshop":
      return !s.workshop.attended;
  }
}

/**
 * The office's table: every active organisation's status (read in one batch), filtered, one page
 * of it (`matching`: all of them, for the CSV; `everyone`: unfiltered, for the chart). The filters
 * need every organisation's derived items, so all are read, then paged.
 */
export async function officeTable(db: Db, env: Env, a: { filter?: SafetyFilter; page: number; perPage: number; day: string; now: Date }) {
  const everyone = await safetyStatuses(db, env, await activeOrganisations(db), a.day, a.now);
  const matching = everyone.filter((s) => matches(s, a.filter, a.day));
  return { total: matching.length, rows: matching.slice((a.page - 1) * a.perPage, a.page * a.perPage), matching, everyone };
}

// ---------- over the years ----------

/** The facts the chart counts, from a status. */
const factsOf = (s: SafetyStatus) => ({
  codeAdopted: Boolean(s.code?.adopted),
  policyAdopted: s.policy?.status === "adopted",
  listenerTrained: s.listeners.trained > 0,
  boardTrained: s.board.trained > 0,
  programme: s.programme.state,
  workshop: s.workshop.attended,
});

/**
 * Writes this academic year's snapshot of every active organisation (the daily
 * `socialSafety.snapshot` job): rewritten each day, so the last run of a year keeps that year.
 * Returns how many rows were written.
 */
export async function takeSnapshot(db: Db, env: Env, day: string, now: Date) {
  const year = academicYearOf(day, env.ACADEMIC_YEAR_START);
  const statuses = await safetyStatuses(db, env, await activeOrganisations(db), day, now);
  if (!statuses.length) return 0;
  const rows = statuses.map((s) => ({ organisationId: s.orgId, year, ...factsOf(s), takenAt: now }));
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insert(safetySnapshots)
      .values(rows.slice(i, i + 500))
      .onConflictDoUpdate({
        target: [safetySnapshots.organisationId, safetySnapshots.year],
        set: {
          codeAdopted: sql`excluded.code_adopted`,
          policyAdopted: sql`excluded.policy_adopted`,
          listenerTrained: sql`excluded.listener_trained`,
          boardTrained: sql`excluded.board_trained`,
          programme: sql`excluded.programme`,
          workshop: sql`excluded.workshop`,
          takenAt: sql`excluded.taken_at`,
        },
      });
  }
  return rows.length;
}

export const TREND_SERIES = ["policyAdopted", "codeAdopted", "listenerTrained", "boardTrained"] as const;
export type TrendSeries = (typeof TREND_SERIES)[number];
export type TrendYear = { year: number; organisations: number } & Record<TrendSeries, number>;

/**
 * How the whole community did per academic year: per year, the organisations counted and how
 * many had each fact. Past years come from the snapshots; the current year from `current` (the
 * live statuses, so the chart never lags a day behind the table).
 */
export async function trend(db: Db, env: Env, day: string, current: SafetyStatus[]): Promise<TrendYear[]> {
  const year = academicYearOf(day, env.ACADEMIC_YEAR_START);
  const rows = await db
    .select({
      year: safetySnapshots.year,
      organisations: sql<number>`count(*)::int`,
      policyAdopted: sql<number>`count(*) filter (where ${safetySnapshots.policyAdopted})::int`,
      codeAdopted: sql<number>`count(*) filter (where ${safetySnapshots.codeAdopted})::int`,
      listenerTrained: sql<number>`count(*) filter (where ${safetySnapshots.listenerTrained})::int`,
      boardTrained: sql<number>`count(*) filter (where ${safetySnapshots.boardTrained})::int`,
    })
    .from(safetySnapshots)
    .where(sql`${safetySnapshots.year} < ${year}`)
    .groupBy(safetySnapshots.year)
    .orderBy(asc(safetySnapshots.year));
  const now: TrendYear = { year, organisations: current.length, policyAdopted: 0, codeAdopted: 0, listenerTrained: 0, boardTrained: 0 };
  for (const s of current) {
    const f = factsOf(s);
    for (const k of TREND_SERIES) if (f[k]) now[k]++;
  }
  return [...rows.map((r) => ({ ...r, organisations: Number(r.organisations) })), now];
}

/** The share (0–100, whole percent) of organisations with a fact in a year. */
export const share = (y: TrendYear, k: TrendSeries) => (y.organisations ? Math.round((100 * y[k]) / y.organisations) : 0);

// ---------- what to do next ----------

export type NextStep = {
  key: "code" | "policy" | "policyOld" | "listeners" | "listenersTrain" | "board" | "workshop";
  /** The offering (by slug) that helps, when there is one. */
  slug: string | null;
  /** The board's key-figures page, where listeners are appointed, and the guidance on listeners. */
  keyFigures?: boolean;
};

/** The steps an organisation could take next, in the order they matter, each with the offering that helps (from `env`). */
export function nextSteps(s: SafetyStatus, env: Env, day: string): NextStep[] {
  const out: NextStep[] = [];
  if (!s.code?.adopted) out.push({ key: "code", slug: null });
  if (s.policy?.status !== "adopted") out.push({ key: "policy", slug: env.SAFETY_PROGRAMME_SLUG });
  else if (policyIsOld(s, day)) out.push({ key: "policyOld", slug: env.SAFETY_PROGRAMME_SLUG });
  if (s.listeners.appointed === 0) out.push({ key: "listeners", slug: env.SAFETY_LISTENER_SLUG, keyFigures: true });
  else if (s.listeners.trained < s.listeners.appointed) out.push({ key: "listenersTrain", slug: env.SAFETY_LISTENER_SLUG });
  if (s.board.trained === 0) out.push({ key: "board", slug: env.SAFETY_BOARD_SLUG });
  if (!s.workshop.attended) out.push({ key: "workshop", slug: env.SAFETY_WORKSHOP_SLUG });
  return out;
}
