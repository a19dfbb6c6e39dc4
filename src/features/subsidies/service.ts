import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Lang } from "../../core/i18n/index.js";
import { localDate } from "../../core/i18n/index.js";
import { type MailDeps, type MailTemplate, sendMail } from "../../core/mail/send.js";
import type { Db } from "../../db/index.js";
import type { Env } from "../../env.js";
import { users } from "../auth/schema.js";
import { academicYearOf, currentBoardMembers } from "../organisations/service.js";
import { type SubsidyStatus, subsidyApplications, subsidyBudgets, subsidyEvents } from "./schema.js";

/**
 * What every part of the subsidies shares: reading and locking an application, recording a step
 * of its timeline, the year's limits and the mail to the board. The board's rules are in
 * `applications.ts`, the office's (review, decisions, the budget) in `review.ts`.
 */
export { COMMITTED_STATUSES, PAID_STATUSES, SUBSIDY_STATUSES, type SubsidyStatus } from "./schema.js";

/** The page-cache capability of the public subsidy pages (criteria, eligibility check). */
export const SUBSIDIES = "subsidies";

export type Application = typeof subsidyApplications.$inferSelect;

/** The application, or null. */
export async function getApplication(db: Db, id: string): Promise<Application | null> {
  const [row] = await db.select().from(subsidyApplications).where(eq(subsidyApplications.id, id));
  return row ?? null;
}

/** The application under a row lock (inside a transaction), or null. Every change to one takes it first. */
export async function lockApplication(tx: Db, id: string): Promise<Application | null> {
  const [row] = await tx.select().from(subsidyApplications).where(eq(subsidyApplications.id, id)).for("update");
  return row ?? null;
}

/**
 * Moves an application to `status` and records the step on its timeline (with the text the board
 * may read: a question, an answer, a decision's conditions or reasons). `changes` are written in
 * the same update.
 */
export async function setStatus(
  tx: Db,
  app: Pick<Application, "id">,
  status: SubsidyStatus,
  a: { actor: string | null; now: Date; note?: string | null; changes?: Partial<typeof subsidyApplications.$inferInsert> },
) {
  await tx
    .update(subsidyApplications)
    .set({ ...a.changes, status, updatedAt: a.now })
    .where(eq(subsidyApplications.id, app.id));
  await tx.insert(subsidyEvents).values({ applicationId: app.id, status, note: a.note ?? null, actor: a.actor, at: a.now });
}

/** The timeline of an application, oldest first (what the board sees; no internal comments). */
export function eventsOf(db: Db, applicationId: string) {
  return db
    .select({ status: subsidyEvents.status, note: subsidyEvents.note, at: subsidyEvents.at, actor: subsidyEvents.actor })
    .from(subsidyEvents)
    .where(eq(subsidyEvents.applicationId, applicationId))
    .orderBy(asc(subsidyEvents.seq));
}

export type Limits = { year: number; totalCents: number; maxPerApplicationCents: number; maxPerOrganisationCents: number; set: boolean };

/** The budget and limits of an academic year: as the office set them, else the configured defaults. */
export async function limitsOf(db: Db, env: Env, year: number): Promise<Limits> {
  const [row] = await db.select().from(subsidyBudgets).where(eq(subsidyBudgets.year, year));
  if (row)
    return {
      year,
      totalCents: row.totalCents,
      maxPerApplicationCents: row.maxPerApplicationCents,
      maxPerOrganisationCents: row.maxPerOrganisationCents,
      set: true,
    };
  return {
    year,
    totalCents: env.SUBSIDY_BUDGET_EUR * 100,
    maxPerApplicationCents: env.SUBSIDY_MAX_APPLICATION_EUR * 100,
    maxPerOrganisationCents: env.SUBSIDY_MAX_ORGANISATION_EUR * 100,
    set: false,
  };
}

/** The academic year an activity on `day` (YYYY-MM-DD) draws on. */
export function yearOfDay(env: Env, day: string) {
  return academicYearOf(day, env.ACADEMIC_YEAR_START);
}

/** The academic year of today. */
export function currentYear(env: Env, now: Date) {
  return yearOfDay(env, localDate(now, env.TIME_ZONE));
}

/**
 * Granted amounts per state in a year: committed (approved, not yet paid) and paid. Read under
 * the budget's lock (`lockBudget`) when a decision depends on it.
 */
export async function budgetUse(db: Db, year: number, orgId?: string) {
  const [row] = await db
    .select({
      committed: sql<string>`coalesce(sum(${subsidyApplications.grantedCents}) filter (where ${subsidyApplications.status} in ('approved', 'held', 'report_submitted')), 0)`,
      paid: sql<string>`coalesce(sum(${subsidyApplications.paidCents}) filter (where ${subsidyApplications.status} in ('paid', 'closed')), 0)`,
    })
    .from(subsidyApplications)
    .where(and(eq(subsidyApplications.year, year), orgId ? eq(subsidyApplications.organisationId, orgId) : undefined));
  return { committedCents: Number(row?.committed ?? 0), paidCents: Number(row?.paid ?? 0) };
}

/** The current board's members of the organisation, each with their account's language: who mail about an application goes to. */
export async function boardRecipients(db: Db, env: Env, orgId: string, now: Date): Promise<{ email: string; lang: Lang }[]> {
  const members = (await currentBoardMembers(db, [orgId], localDate(now, env.TIME_ZONE))).get(orgId) ?? [];
  if (!members.length) return [];
  const langs = await db
    .select({ id: users.id, lang: users.lang })
    .from(users)
    .where(
      inArray(
        users.id,
        members.map((m) => m.userId),
      ),
    );
  const langOf = new Map(langs.map((l) => [l.id, l.lang as Lang]));
  return members.map((m) => ({ email: m.email, lang: langOf.get(m.userId) ?? "nl" }));
}

/**
 * Mail about an application to its organisation's current board, each member in their account's
 * language (`data(lang)` gives what the template needs in that language). In the caller's
 * transaction, through the outbox.
 */
export async function mailBoard<D>(
  tx: Db,
  deps: MailDeps,
  app: Pick<Application, "organisationId">,
  now: Date,
  template: { name: string; render: MailTemplate<D> },
  data: (lang: Lang) => D,
) {
  for (const r of await boardRecipients(tx, deps.env, app.organisationId, now)) {
    await sendMail(tx, deps, { to: r.email, lang: r.lang, template: template.name, render: template.render, data: data(r.lang) });
  }
}
