import { and, asc, desc, eq, inArray, like, ne, sql } from "drizzle-orm";
import { FieldError, isUniqueViolation } from "../../core/errors.js";
import type { ErrorKey } from "../../core/forms.js";
import { formatDate, type Lang, localDate } from "../../core/i18n/index.js";
import type { MailDeps, MailTemplate } from "../../core/mail/send.js";
import type { Db } from "../../db/index.js";
import type { Env } from "../../env.js";
import { url } from "../../routes.js";
import { subsidyApplications, subsidyAttachments, subsidyBudgetLines } from "./schema.js";
import {
  type Application,
  currentYear,
  eventsOf,
  limitsOf,
  lockApplication,
  mailBoard,
  type SubsidyStatus,
  setStatus,
  yearOfDay,
} from "./service.js";

/**
 * The board's side of an application: a draft saved as the board types, submitting it (a
 * reference, the promised decision date, a mail), answering the office's question, withdrawing,
 * the report after the activity, and what the board may read (never comments or scores).
 */

/** Statuses in which the board may change the application's fields (and its planned budget). */
export const EDITABLE: readonly SubsidyStatus[] = ["draft", "info_requested"];
/** Statuses before a decision: the board may still withdraw, and remove what it attached. */
export const UNDECIDED: readonly SubsidyStatus[] = ["draft", "submitted", "in_review", "info_requested"];
/** Statuses in which the report may be sent. */
export const REPORTABLE: readonly SubsidyStatus[] = ["approved", "held"];
/** Statuses waiting for the office (they count towards the organisation's limit with their requested amount). */
const PENDING: SubsidyStatus[] = ["submitted", "in_review", "info_requested"];
/** Statuses whose granted amount counts towards the organisation's limit. */
const GRANTED: SubsidyStatus[] = ["approved", "held", "report_submitted", "paid", "closed"];

export type BudgetLine = { item: string; amountCents: number };

/** The fields the board fills in (all may be empty in a draft). */
export type ApplicationFields = {
  title: string;
  description: string;
  aim: string;
  targetGroup: string;
  expectedParticipants: number | null;
  startsOn: string | null;
  endsOn: string | null;
  place: string;
  partners: string;
  otherIncomeCents: number;
  requestedCents: number | null;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
};

export type ReportFields = { reportText: string; reportParticipants: number | null; reportEvaluation: string };

/** `day` (YYYY-MM-DD) plus `n` days. */
export function addDays(day: string, n: number) {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

const sum = (lines: BudgetLine[]) => lines.reduce((s, l) => s + l.amountCents, 0);

/**
 * A new draft for the organisation. The form's idempotency key makes a form sent twice (a double
 * click) give the first draft back.
 */
export async function createDraft(
  db: Db,
  env: Env,
  a: { orgId: string; actor: string; key: string; lang: Lang; now: Date },
): Promise<Application> {
  const existing = async () => {
    const [row] = await db
      .select()
      .from(subsidyApplications)
      .where(and(eq(subsidyApplications.createdBy, a.actor), eq(subsidyApplications.idempotencyKey, a.key)));
    return row ?? null;
  };
  const before = await existing();
  if (before) return before;
  try {
    const [row] = await db
      .insert(subsidyApplications)
      .values({
        organisationId: a.orgId,
        year: currentYear(env, a.now),
        status: "draft",
        lang: a.lang,
        createdBy: a.actor,
        idempotencyKey: a.key,
        createdAt: a.now,
        updatedAt: a.now,
      })
      .onConflictDoNothing()
      .returning();
    if (row) return row;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
  const after = await existing();
  if (!after) throw new Error("draft neither inserted nor found");
  return after;
}

/** The application of this organisation under its lock, or null. */
async function lockOwn(tx: Db, id: string, orgId: string) {
  const app = await lockApplication(tx, id);
  return app && app.organisationId === orgId ? app : null;
}

/** Refused when the application is not in one of `statuses` (a page that was open too long). */
function expectStatus(app: Application, statuses: readonly SubsidyStatus[]) {
  if (!statuses.includes(app.status)) throw new FieldError("_form", "subsidyStatusChanged");
}

/**
 * Saves the fields and the planned budget (its lines rewritten whole), in a draft or while the
 * office waits for more information. Incomplete is fine here; `submissionProblems` says what is
 * missing. Returns the id, or null when the organisation has no such application.
 */
export async function saveDraft(
  db: Db,
  env: Env,
  a: { id: string; orgId: string; fields: ApplicationFields; lines: BudgetLine[]; lang: Lang; now: Date },
): Promise<string | null> {
  return db.transaction(async (tx) => {
    const app = await lockOwn(tx, a.id, a.orgId);
    if (!app) return null;
    if (!EDITABLE.includes(app.status)) throw new FieldError("_form", "subsidyNotEditable");
    if (a.fields.startsOn && a.fields.endsOn && a.fields.endsOn < a.fields.startsOn)
      throw new FieldError("endsOn", "subsidyEndBeforeStart");
    // Submitted applications keep the year they were counted in; a draft follows its first day.
    const year = app.status === "draft" && a.fields.startsOn ? yearOfDay(env, a.fields.startsOn) : app.year;
    await tx
      .update(subsidyApplications)
      .set({ ...a.fields, year, lang: a.lang, updatedAt: a.now })
      .where(eq(subsidyApplications.id, app.id));
    await writeLines(tx, app.id, "plan", a.lines);
    return app.id;
  });
}

async function writeLines(tx: Db, applicationId: string, kind: "plan" | "actual", lines: BudgetLine[]) {
  await tx.delete(subsidyBudgetLines).where(and(eq(subsidyBudgetLines.applicationId, applicationId), eq(subsidyBudgetLines.kind, kind)));
  if (lines.length)
    await tx
      .insert(subsidyBudgetLines)
      .values(lines.map((l, i) => ({ applicationId, kind, position: i + 1, item: l.item, amountCents: l.amountCents })));
}

/** The budget lines of an application, of one kind, in order. */
export function linesOf(db: Db, applicationId: string, kind: "plan" | "actual"): Promise<BudgetLine[]> {
  return db
    .select({ item: subsidyBudgetLines.item, amountCents: subsidyBudgetLines.amountCents })
    .from(subsidyBudgetLines)
    .where(and(eq(subsidyBudgetLines.applicationId, applicationId), eq(subsidyBudgetLines.kind, kind)))
    .orderBy(asc(subsidyBudgetLines.position));
}

/** What the organisation has been granted and still asks this year, besides application `except`. */
async function organisationUse(db: Db, orgId: string, year: number, except: string) {
  const [row] = await db
    .select({
      used: sql<string>`coalesce(sum(case when ${subsidyApplications.status} in ${GRANTED} then ${subsidyApplications.grantedCents} else ${subsidyApplications.requestedCents} end), 0)`,
    })
    .from(subsidyApplications)
    .where(
      and(
        eq(subsidyApplications.organisationId, orgId),
        eq(subsidyApplications.year, year),
        ne(subsidyApplications.id, except),
        inArray(subsidyApplications.status, [...PENDING, ...GRANTED]),
      ),
    );
  return Number(row?.used ?? 0);
}

/**
 * Everything that stops the application from being submitted, keyed by field, all at once:
 * required fields, the dates (not in the past, the end not before the start), the requested
 * amount (at most the per-application maximum and the planned costs less other income) and the
 * organisation's limit for the year (granted and requested together).
 */
export async function submissionProblems(
  db: Db,
  env: Env,
  app: Pick<Application, "id" | "organisationId" | "year"> & ApplicationFields,
  lines: BudgetLine[],
  now: Date,
): Promise<Partial<Record<string, ErrorKey>>> {
  const out: Partial<Record<string, ErrorKey>> = {};
  for (const f of ["title", "description", "aim", "targetGroup"] as const) if (!app[f].trim()) out[f] = "required";
  if (app.expectedParticipants === null) out.expectedParticipants = "required";
  const today = localDate(now, env.TIME_ZONE);
  if (!app.startsOn) out.startsOn = "required";
  else if (app.startsOn < today) out.startsOn = "subsidyDateInPast";
  if (!app.endsOn) out.endsOn = "required";
  else if (app.startsOn && app.endsOn < app.startsOn) out.endsOn = "subsidyEndBeforeStart";
  if (!app.place.trim()) out.place = "required";
  if (!lines.length) out.item_1 = "subsidyBudgetRequired";
  const year = app.startsOn ? yearOfDay(env, app.startsOn) : app.year;
  const limits = await limitsOf(db, env, year);
  if (app.requestedCents === null || app.requestedCents === 0) out.requested = "required";
  else if (app.requestedCents > limits.maxPerApplicationCents) out.requested = "subsidyAboveMaximum";
  else if (lines.length && app.requestedCents > sum(lines) - app.otherIncomeCents) out.requested = "subsidyAboveCosts";
  else if ((await organisationUse(db, app.organisationId, year, app.id)) + app.requestedCents > limits.maxPerOrganisationCents)
    out.requested = "subsidyAboveOrganisationLimit";
  if (!app.contactName.trim()) out.contactName = "required";
  if (!app.contactEmail.trim()) out.contactEmail = "required";
  return out;
}

/** The first problem as the service's refusal (the route shows them all before it calls). */
function refuseProblems(problems: Partial<Record<string, ErrorKey>>) {
  const first = Object.entries(problems).find(([, k]) => k);
  if (first) throw new FieldError(first[0], first[1]!);
}

type MailData = {
  event: "received" | "answered" | "withdrawn" | "report" | "reportDue" | "reportOverdue";
  title: string;
  reference: string;
  date: string;
  link: string;
};

/** Mail to the board about its application (the title is the board's own text, sent to its own members). */
export const boardMail: MailTemplate<MailData> = (t, d) => {
  const m = t.subsidies.mail;
  return {
    subject: m.subject[d.event](d.reference),
    heading: m.subject[d.event](d.reference),
    paragraphs: [m.body[d.event](d.title, d.date)],
    action: { label: m.open, url: d.link },
  };
};

/** Mails the application's board about `event`, each in their account's language. */
export function mailAbout(tx: Db, deps: MailDeps, app: Application, event: MailData["event"], now: Date, date = "") {
  return mailBoard(tx, deps, app, now, { name: `subsidy.${event}`, render: boardMail }, (lang) => ({
    event,
    title: app.title,
    reference: app.reference ?? "",
    date: date && formatDate(lang, date, deps.env.TIME_ZONE),
    link: `${deps.env.BASE_URL}${url(lang, "orgSubsidy", { id: app.organisationId, applicationId: app.id })}`,
  }));
}

/** The next reference of a year ("S-2026-007"), under a transaction-scoped lock so two submissions never take the same one. */
async function nextReference(tx: Db, year: number) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`subsidy-reference-${year}`}))`);
  const prefix = `S-${year}-`;
  const [row] = await tx
    .select({ n: sql<string | null>`max(substring(${subsidyApplications.reference} from ${prefix.length + 1}::int)::int)` })
    .from(subsidyApplications)
    .where(like(subsidyApplications.reference, `${prefix}%`));
  return `${prefix}${String(Number(row?.n ?? 0) + 1).padStart(3, "0")}`;
}

/**
 * Locks the organisation's applications of the application's year (in id order, this one among
 * them) and returns it fresh, or null: two submissions of one organisation check its limit one
 * after the other, and always take their locks in the same order.
 */
async function lockForSubmission(tx: Db, id: string, orgId: string) {
  const [seen] = await tx.select().from(subsidyApplications).where(eq(subsidyApplications.id, id));
  if (!seen || seen.organisationId !== orgId) return null;
  await tx
    .select({ id: subsidyApplications.id })
    .from(subsidyApplications)
    .where(and(eq(subsidyApplications.organisationId, orgId), eq(subsidyApplications.year, seen.year)))
    .orderBy(asc(subsidyApplications.id))
    .for("update");
  return lockOwn(tx, id, orgId);
}

/**
 * Submits a complete draft: a reference, the submission time, the decision date promised
 * (submission + SUBSIDY_REVIEW_WEEKS), status submitted, and a mail to the board. A problem left
 * is refused as a FieldError; null when the organisation has no such application.
 */
export async function submit(db: Db, deps: MailDeps, a: { id: string; orgId: string; actor: string; now: Date }) {
  const { env } = deps;
  return db.transaction(async (tx) => {
    const app = await lockForSubmission(tx, a.id, a.orgId);
    if (!app) return null;
    expectStatus(app, ["draft"]);
    refuseProblems(await submissionProblems(tx, env, app, await linesOf(tx, app.id, "plan"), a.now));
    const reference = app.reference ?? (await nextReference(tx, app.year));
    const decisionDue = addDays(localDate(a.now, env.TIME_ZONE), env.SUBSIDY_REVIEW_WEEKS * 7);
    await setStatus(tx, app, "submitted", { actor: a.actor, now: a.now, changes: { reference, submittedAt: a.now, decisionDue } });
    await mailAbout(tx, deps, { ...app, reference }, "received", a.now, decisionDue);
    return app.id;
  });
}

/** The board answers the office's question (the answer is the timeline's note) and the application is submitted again. */
export async function answerInformation(
  db: Db,
  deps: MailDeps,
  a: { id: string; orgId: string; actor: string; answer: string; now: Date },
) {
  return db.transaction(async (tx) => {
    const app = await lockForSubmission(tx, a.id, a.orgId);
    if (!app) return null;
    expectStatus(app, ["info_requested"]);
    refuseProblems(await submissionProblems(tx, deps.env, app, await linesOf(tx, app.id, "plan"), a.now));
    await setStatus(tx, app, "submitted", { actor: a.actor, now: a.now, note: a.answer });
    await mailAbout(tx, deps, app, "answered", a.now, app.decisionDue ?? "");
    return app.id;
  });
}

/** Withdraws an application before a decision. */
export async function withdraw(db: Db, deps: MailDeps, a: { id: string; orgId: string; actor: string; now: Date }) {
  return db.transaction(async (tx) => {
    const app = await lockOwn(tx, a.id, a.orgId);
    if (!app) return null;
    if (!UNDECIDED.includes(app.status)) throw new FieldError("_form", "subsidyDecided");
    await setStatus(tx, app, "withdrawn", { actor: a.actor, now: a.now });
    if (app.status !== "draft") await mailAbout(tx, deps, app, "withdrawn", a.now);
    return app.id;
  });
}

/** The report after the activity (approved or held): what happened and the actual costs' lines → report submitted. */
export async function submitReport(
  db: Db,
  deps: MailDeps,
  a: { id: string; orgId: string; actor: string; report: ReportFields; lines: BudgetLine[]; now: Date },
) {
  return db.transaction(async (tx) => {
    const app = await lockOwn(tx, a.id, a.orgId);
    if (!app) return null;
    if (!REPORTABLE.includes(app.status)) throw new FieldError("_form", "subsidyNoReportNow");
    if (!a.lines.length) throw new FieldError("item_1", "subsidyBudgetRequired");
    await writeLines(tx, app.id, "actual", a.lines);
    await setStatus(tx, app, "report_submitted", { actor: a.actor, now: a.now, changes: { ...a.report, reportSubmittedAt: a.now } });
    await mailAbout(tx, deps, app, "report", a.now);
    return app.id;
  });
}

/** The organisation's applications, newest first (what the board's list shows). */
export function applicationsOfOrg(db: Db, orgId: string) {
  return db
    .select({
      id: subsidyApplications.id,
      reference: subsidyApplications.reference,
      title: subsidyApplications.title,
      status: subsidyApplications.status,
      startsOn: subsidyApplications.startsOn,
      requestedCents: subsidyApplications.requestedCents,
      grantedCents: subsidyApplications.grantedCents,
      decisionDue: subsidyApplications.decisionDue,
      updatedAt: subsidyApplications.updatedAt,
    })
    .from(subsidyApplications)
    .where(eq(subsidyApplications.organisationId, orgId))
    .orderBy(desc(subsidyApplications.createdAt));
}

/** An attachment's description (never its bytes) for lists. */
export function attachmentsOf(db: Db, applicationId: string) {
  return db
    .select({
      id: subsidyAttachments.id,
      kind: subsidyAttachments.kind,
      filename: subsidyAttachments.filename,
      mime: subsidyAttachments.mime,
      size: subsidyAttachments.size,
      byOffice: subsidyAttachments.byOffice,
      at: subsidyAttachments.at,
    })
    .from(subsidyAttachments)
    .where(eq(subsidyAttachments.applicationId, applicationId))
    .orderBy(asc(subsidyAttachments.at));
}

/**
 * The application as its board sees it: the fields, the planned and actual budget, the timeline
 * and the attachments; never internal comments or scores. Null when it is not the organisation's.
 */
export async function boardApplication(db: Db, orgId: string, id: string) {
  const [app] = await db
    .select()
    .from(subsidyApplications)
    .where(and(eq(subsidyApplications.id, id), eq(subsidyApplications.organisationId, orgId)));
  if (!app) return null;
  return {
    app,
    plan: await linesOf(db, id, "plan"),
    actual: await linesOf(db, id, "actual"),
    events: await eventsOf(db, id),
    attachments: await attachmentsOf(db, id),
  };
}
export type BoardApplication = NonNullable<Awaited<ReturnType<typeof boardApplication>>>;
