import { and, asc, count, desc, eq, inArray, isNotNull, isNull, ne, sql } from "drizzle-orm";
import { bumpContentVersion } from "../../core/content/versions.js";
import { FieldError } from "../../core/errors.js";
import { formatDate, type Lang, type Localized } from "../../core/i18n/index.js";
import type { MailDeps, MailTemplate } from "../../core/mail/send.js";
import type { Db } from "../../db/index.js";
import type { Env } from "../../env.js";
import { url } from "../../routes.js";
import { audit, diff } from "../audit/service.js";
import { users } from "../auth/schema.js";
import { getOrganisation, type OrgKind, organisationNames } from "../organisations/service.js";
import {
  SUBSIDY_STATUSES,
  type SubsidyStatus,
  subsidyApplications,
  subsidyAttachments,
  subsidyBudgetLines,
  subsidyBudgets,
  subsidyComments,
  subsidyScores,
  subsidyTemplates,
  TEMPLATE_KINDS,
} from "./schema.js";
import { type Application, budgetUse, eventsOf, getApplication, lockApplication, mailBoard, SUBSIDIES, setStatus } from "./service.js";

/**
 * The office's rules for subsidy applications: the queue, assignment, internal comments and
 * scores (never shown to boards), the decisions, payment, the year's budget and its limits, the
 * decision templates, the CSV and the yearly overview. Every decision that commits money runs
 * under the year's budget row lock (`lockBudget`, as pretix locks a quota): see ADR 020.
 */

export { TEMPLATE_KINDS };
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];
export type LockOpts = { lock?: boolean };

/** What a reviewer scores an application on, 0–3 each with a note. */
export const SCORE_CRITERIA = ["byStudents", "wellBeing", "reach", "costs", "feasibility"] as const;
export type ScoreCriterion = (typeof SCORE_CRITERIA)[number];
export const MAX_SCORE = 3;

/** The statuses the office sees (a draft is the board's alone). */
export const OFFICE_STATUSES = SUBSIDY_STATUSES.filter((s) => s !== "draft");

/** Which step each office action takes from which statuses. */
const FROM: Record<"review" | "info" | "approve" | "decline" | "held" | "paid" | "close", readonly SubsidyStatus[]> = {
  review: ["submitted"],
  info: ["submitted", "in_review"],
  approve: ["submitted", "in_review"],
  decline: ["submitted", "in_review", "info_requested"],
  held: ["approved"],
  paid: ["approved", "held", "report_submitted"],
  close: ["paid"],
};
export type OfficeStep = keyof typeof FROM;
/** Whether an application in `status` can take `step` now (the page shows only those forms). */
export const canTake = (step: OfficeStep, status: SubsidyStatus) => FROM[step].includes(status);

// ---------- the budget ----------

/**
 * The year's budget row under a row lock (inside a transaction): created from the configured
 * defaults when the office has not set it (ON CONFLICT DO NOTHING, so two first approvals of a
 * year create one row), then `SELECT … FOR UPDATE`. Every change that commits or pays money takes
 * it after the application's lock, so two approvals take turns and the second reads the first's
 * result. `lock: false` only reads (the concurrency test's negative control).
 */
export async function lockBudget(tx: Db, env: Env, year: number, now: Date, opts: LockOpts = {}) {
  await tx
    .insert(subsidyBudgets)
    .values({
      year,
      totalCents: env.SUBSIDY_BUDGET_EUR * 100,
      maxPerApplicationCents: env.SUBSIDY_MAX_APPLICATION_EUR * 100,
      maxPerOrganisationCents: env.SUBSIDY_MAX_ORGANISATION_EUR * 100,
      updatedAt: now,
    })
    .onConflictDoNothing();
  const q = tx.select().from(subsidyBudgets).where(eq(subsidyBudgets.year, year));
  const [row] = opts.lock === false ? await q : await q.for("update");
  return row!;
}

export type BudgetBox = {
  year: number;
  totalCents: number;
  committedCents: number;
  paidCents: number;
  remainingCents: number;
  maxPerApplicationCents: number;
  maxPerOrganisationCents: number;
  set: boolean;
};

/** The year's budget as the queue shows it: total, committed, paid, remaining, and the limits. */
export async function budgetBox(db: Db, env: Env, year: number): Promise<BudgetBox> {
  const [row] = await db.select().from(subsidyBudgets).where(eq(subsidyBudgets.year, year));
  const use = await budgetUse(db, year);
  const totalCents = row?.totalCents ?? env.SUBSIDY_BUDGET_EUR * 100;
  return {
    year,
    totalCents,
    committedCents: use.committedCents,
    paidCents: use.paidCents,
    remainingCents: totalCents - use.committedCents - use.paidCents,
    maxPerApplicationCents: row?.maxPerApplicationCents ?? env.SUBSIDY_MAX_APPLICATION_EUR * 100,
    maxPerOrganisationCents: row?.maxPerOrganisationCents ?? env.SUBSIDY_MAX_ORGANISATION_EUR * 100,
    set: Boolean(row),
  };
}

/** Sets a year's budget and limits; a total below what is already committed and paid is refused. */
export async function setBudget(
  db: Db,
  env: Env,
  a: { year: number; totalCents: number; maxPerApplicationCents: number; maxPerOrganisationCents: number; actor: string; now: Date },
) {
  await db.transaction(async (tx) => {
    const before = await lockBudget(tx, env, a.year, a.now);
    const use = await budgetUse(tx, a.year);
    if (a.totalCents < use.committedCents + use.paidCents) throw new FieldError("total", "subOfficeBudgetBelowUse");
    const after = {
      totalCents: a.totalCents,
      maxPerApplicationCents: a.maxPerApplicationCents,
      maxPerOrganisationCents: a.maxPerOrganisationCents,
    };
    await tx
      .update(subsidyBudgets)
      .set({ ...after, updatedAt: a.now, updatedBy: a.actor })
      .where(eq(subsidyBudgets.year, a.year));
    await audit(tx, {
      actorId: a.actor,
      entity: "subsidy_budget",
      entityId: String(a.year),
      action: "subsidies.budget",
      changes: diff(before, after),
    });
    // The public criteria page shows the year's amounts: it is cached by this version.
    await bumpContentVersion(tx, SUBSIDIES);
  });
}

// ---------- the queue ----------

export type QueueFilter = {
  year: number;
  status?: SubsidyStatus;
  organisationId?: string;
  /** YYYY-MM, of the submission or of the activity's first day (`monthOf`). */
  month?: string;
  monthOf: "submitted" | "activity";
  /** A reviewer's id, or "none" for the unassigned. */
  assigned?: string;
  page: number;
  perPage: number;
};

const A = subsidyApplications;

function where(env: Env, f: Omit<QueueFilter, "page" | "perPage">) {
  const month =
    f.month === undefined
      ? undefined
      : f.monthOf === "activity"
        ? sql`to_char(${A.startsOn}, 'YYYY-MM') = ${f.month}`
        : sql`to_char(${A.submittedAt} at time zone ${env.TIME_ZONE}, 'YYYY-MM') = ${f.month}`;
  return and(
    eq(A.year, f.year),
    ne(A.status, "draft"),
    f.status ? eq(A.status, f.status) : undefined,
    f.organisationId ? eq(A.organisationId, f.organisationId) : undefined,
    f.assigned === "none" ? isNull(A.assignedTo) : f.assigned ? eq(A.assignedTo, f.assigned) : undefined,
    month,
  );
}

const listColumns = {
  id: A.id,
  reference: A.reference,
  organisationId: A.organisationId,
  title: A.title,
  status: A.status,
  year: A.year,
  requestedCents: A.requestedCents,
  grantedCents: A.grantedCents,
  paidCents: A.paidCents,
  submittedAt: A.submittedAt,
  startsOn: A.startsOn,
  endsOn: A.endsOn,
  decisionDue: A.decisionDue,
  decidedAt: A.decidedAt,
  decisionText: A.decisionText,
  assignedTo: A.assignedTo,
  assignee: sql<string | null>`(select coalesce(${users.name}, ${users.email}) from ${users} where ${users.id} = ${A.assignedTo})`,
};
export type QueueRow = Awaited<ReturnType<typeof listRows>>[number] & { organisation: string };

function listRows(db: Db, env: Env, f: Omit<QueueFilter, "page" | "perPage">) {
  return db
    .select(listColumns)
    .from(A)
    .where(where(env, f))
    .orderBy(asc(sql`coalesce(${A.decisionDue}, '9999-12-31')`), asc(A.submittedAt), asc(A.id));
}

async function named<R extends { organisationId: string }>(db: Db, rows: R[]) {
  const names = await organisationNames(
    db,
    rows.map((r) => r.organisationId),
  );
  return rows.map((r) => ({ ...r, organisation: names.get(r.organisationId) ?? "" }));
}

/** One page of the office's queue (oldest decision date first), with the year's budget. */
export async function officeQueue(db: Db, env: Env, f: QueueFilter) {
  const [total] = await db.select({ n: count() }).from(A).where(where(env, f));
  const rows = await listRows(db, env, f)
    .limit(f.perPage)
    .offset((f.page - 1) * f.perPage);
  return { total: total?.n ?? 0, rows: await named(db, rows), budget: await budgetBox(db, env, f.year) };
}

/** Every application that matches (the CSV): applications and decisions, never comments or scores. */
export async function applicationsCsv(db: Db, env: Env, f: Omit<QueueFilter, "page" | "perPage">) {
  return named(db, await listRows(db, env, f));
}

/** The organisations with an application the office sees (for the queue's filter), by name. */
export async function applicantOrganisations(db: Db) {
  const ids = await db.selectDistinct({ id: A.organisationId }).from(A).where(ne(A.status, "draft"));
  const names = await organisationNames(
    db,
    ids.map((r) => r.id),
  );
  return [...names].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
}

/** The office's accounts (who an application can be assigned to), by name. */
export function reviewers(db: Db) {
  return db
    .select({ id: users.id, name: sql<string>`coalesce(${users.name}, ${users.email})` })
    .from(users)
    .where(isNotNull(users.staffRole))
    .orderBy(asc(sql`coalesce(${users.name}, ${users.email})`));
}

// ---------- one application ----------

/** Everything the office's page shows of an application (null when there is none, or a draft). */
export async function officeApplication(db: Db, id: string) {
  const app = await getApplication(db, id);
  if (!app || app.status === "draft") return null;
  const [org, lines, attachments, comments, events] = await Promise.all([
    getOrganisation(db, app.organisationId),
    db
      .select()
      .from(subsidyBudgetLines)
      .where(eq(subsidyBudgetLines.applicationId, id))
      .orderBy(asc(subsidyBudgetLines.kind), asc(subsidyBudgetLines.position)),
    db
      .select({
        id: subsidyAttachments.id,
        kind: subsidyAttachments.kind,
        filename: subsidyAttachments.filename,
        size: subsidyAttachments.size,
        at: subsidyAttachments.at,
      })
      .from(subsidyAttachments)
      .where(eq(subsidyAttachments.applicationId, id))
      .orderBy(asc(subsidyAttachments.at)),
    db
      .select({
        id: subsidyComments.id,
        body: subsidyComments.body,
        at: subsidyComments.at,
        author: sql<
          string | null
        >`(select coalesce(${users.name}, ${users.email}) from ${users} where ${users.id} = ${subsidyComments.author})`,
      })
      .from(subsidyComments)
      .where(eq(subsidyComments.applicationId, id))
      .orderBy(asc(subsidyComments.at)),
    eventsOf(db, id),
  ]);
  // The names of who took a step and of the reviewer: only those accounts.
  const ids = [...new Set([...events.flatMap((e) => (e.actor ? [e.actor] : [])), ...(app.assignedTo ? [app.assignedTo] : [])])];
  const people = ids.length
    ? await db
        .select({ id: users.id, name: sql<string>`coalesce(${users.name}, ${users.email})` })
        .from(users)
        .where(inArray(users.id, ids))
    : [];
  const nameOf = new Map(people.map((p) => [p.id, p.name]));
  return {
    app,
    organisation: org?.name ?? "",
    orgKind: org?.kind ?? null,
    lines,
    attachments,
    comments,
    events: events.map((e) => ({ ...e, actorName: e.actor ? (nameOf.get(e.actor) ?? null) : null })),
    assignee: app.assignedTo ? (nameOf.get(app.assignedTo) ?? null) : null,
  };
}
export type OfficeApplication = NonNullable<Awaited<ReturnType<typeof officeApplication>>>;

/** The application under its lock, if the office sees it: null for none (or a draft). */
async function locked(tx: Db, id: string) {
  const app = await lockApplication(tx, id);
  return app && app.status !== "draft" ? app : null;
}

const auditStep = (tx: Db, app: Application, actor: string, action: string, changes: Record<string, { from?: unknown; to?: unknown }>) =>
  audit(tx, { actorId: actor, organisationId: app.organisationId, entity: "subsidy_application", entityId: app.id, action, changes });

/** Assigns a reviewer (an office account), or nobody (`null`). */
export async function assign(db: Db, a: { id: string; actor: string; reviewer: string | null; now: Date }) {
  return db.transaction(async (tx) => {
    const app = await locked(tx, a.id);
    if (!app) return null;
    if (a.reviewer) {
      const [u] = await tx.select({ role: users.staffRole }).from(users).where(eq(users.id, a.reviewer));
      if (!u?.role) throw new FieldError("reviewer", "invalidChoice");
    }
    await tx.update(A).set({ assignedTo: a.reviewer, updatedAt: a.now }).where(eq(A.id, app.id));
    await auditStep(tx, app, a.actor, "subsidies.assign", {});
    return app.id;
  });
}

/** An internal comment: the office's alone, never in a board's page, mail or export. */
export async function addComment(db: Db, a: { id: string; actor: string; body: string; now: Date }) {
  return db.transaction(async (tx) => {
    const app = await locked(tx, a.id);
    if (!app) return null;
    await tx.insert(subsidyComments).values({ applicationId: app.id, body: a.body, author: a.actor, at: a.now });
    await auditStep(tx, app, a.actor, "subsidies.comment", {});
    return app.id;
  });
}

export type Score = { score: number; note: string };

/** Every reviewer's scores of an application, with each one's total and the mean per criterion. */
export async function scoreSheet(db: Db, id: string) {
  const rows = await db
    .select({
      reviewer: subsidyScores.reviewer,
      name: sql<string>`(select coalesce(${users.name}, ${users.email}) from ${users} where ${users.id} = ${subsidyScores.reviewer})`,
      criterion: subsidyScores.criterion,
      score: subsidyScores.score,
      note: subsidyScores.note,
    })
    .from(subsidyScores)
    .where(eq(subsidyScores.applicationId, id))
    .orderBy(asc(subsidyScores.at));
  const byReviewer = new Map<string, { reviewer: string; name: string; scores: Partial<Record<ScoreCriterion, Score>>; total: number }>();
  for (const r of rows) {
    const crit = r.criterion as ScoreCriterion;
    if (!SCORE_CRITERIA.includes(crit)) continue;
    const entry = byReviewer.get(r.reviewer) ?? { reviewer: r.reviewer, name: r.name, scores: {}, total: 0 };
    entry.scores[crit] = { score: r.score, note: r.note };
    entry.total += r.score;
    byReviewer.set(r.reviewer, entry);
  }
  const reviewersList = [...byReviewer.values()];
  const mean = Object.fromEntries(
    SCORE_CRITERIA.map((c) => {
      const s = reviewersList.flatMap((r) => (r.scores[c] ? [r.scores[c].score] : []));
      return [c, s.length ? Math.round((s.reduce((x, y) => x + y, 0) / s.length) * 10) / 10 : null];
    }),
  ) as Record<ScoreCriterion, number | null>;
  return { reviewers: reviewersList, mean, max: SCORE_CRITERIA.length * MAX_SCORE };
}

/** Saves one reviewer's scores (every criterion, 0–3, with a note), replacing their earlier ones. */
export async function saveScores(db: Db, a: { id: string; reviewer: string; scores: Record<ScoreCriterion, Score>; now: Date }) {
  return db.transaction(async (tx) => {
    const app = await locked(tx, a.id);
    if (!app) return null;
    for (const c of SCORE_CRITERIA) {
      const s = a.scores[c];
      if (!Number.isInteger(s.score) || s.score < 0 || s.score > MAX_SCORE) throw new FieldError(`score_${c}`, "invalidChoice");
      await tx
        .insert(subsidyScores)
        .values({ applicationId: app.id, criterion: c, reviewer: a.reviewer, score: s.score, note: s.note, at: a.now })
        .onConflictDoUpdate({
          target: [subsidyScores.applicationId, subsidyScores.criterion, subsidyScores.reviewer],
          set: { score: s.score, note: s.note, at: a.now },
        });
    }
    await auditStep(tx, app, a.reviewer, "subsidies.scores", {});
    return app.id;
  });
}

// ---------- the steps the board sees ----------

export type StepMail = {
  step: "in_review" | "info_requested" | "approved" | "declined" | "held" | "paid" | "closed";
  title: string;
  reference: string;
  requested: string;
  granted: string;
  paid: string;
  /** What the office wrote (a question, conditions, reasons), as written. */
  text: string;
  due: string;
  link: string;
};

/** The mail of each step to the board: only the office's text and the application's title, reference and amounts. */
export const stepMail: MailTemplate<StepMail> = (t, d) => {
  const m = t.subsidiesOffice.mail;
  const [i, ref, title] = [m.intro, d.reference, d.title];
  const intros: Record<StepMail["step"], () => string> = {
    in_review: () => i.in_review(ref, title, d.requested),
    info_requested: () => i.info_requested(ref, title),
    approved: () => i.approved(ref, title, d.granted, d.requested, d.due),
    declined: () => i.declined(ref, title, d.requested),
    held: () => i.held(ref, title, d.due),
    paid: () => i.paid(ref, title, d.paid),
    closed: () => i.closed(ref, title),
  };
  const intro = intros[d.step]();
  const label = d.step === "info_requested" || d.step === "approved" || d.step === "declined" ? m.textLabel[d.step] : "";
  return {
    subject: m.subject(t.subsidies.status[d.step], d.reference, d.title),
    heading: m.heading[d.step],
    paragraphs: [intro, ...(d.text ? [label, d.text].filter(Boolean) : [])],
    action: { label: m.action, url: d.link },
    after: [m.after],
  };
};

export const euro = (lang: Lang, cents: number | null | undefined) =>
  cents === null || cents === undefined
    ? ""
    : new Intl.NumberFormat(lang === "nl" ? "nl-NL" : "en-GB", { style: "currency", currency: "EUR" }).format(cents / 100);

/** Mails the step to the board, each member in their language. */
function mailStep(tx: Db, deps: MailDeps, app: Application, step: StepMail["step"], now: Date, text: string, extra: Partial<Application>) {
  const a = { ...app, ...extra };
  return mailBoard(tx, deps, app, now, { name: `subsidy.${step}`, render: stepMail }, (lang) => ({
    step,
    title: a.title,
    reference: a.reference ?? "",
    requested: euro(lang, a.requestedCents),
    granted: euro(lang, a.grantedCents),
    paid: euro(lang, a.paidCents),
    text,
    due: a.reportDue ? formatDate(lang, a.reportDue, deps.env.TIME_ZONE) : "",
    link: `${deps.env.BASE_URL}${url(lang, "orgSubsidy", { id: app.organisationId, applicationId: app.id })}`,
  }));
}

/** The application under its lock, in a status that allows `step` (else a refusal on `field`). */
async function forStep(tx: Db, id: string, step: OfficeStep, field: string) {
  const app = await locked(tx, id);
  if (!app) return null;
  if (!canTake(step, app.status)) throw new FieldError(field, "subOfficeStatusChanged");
  return app;
}

/** submitted → in review (assigned to whoever starts it, when nobody is). */
export async function startReview(db: Db, deps: MailDeps, a: { id: string; actor: string; now: Date }) {
  return db.transaction(async (tx) => {
    const app = await forStep(tx, a.id, "review", "step");
    if (!app) return null;
    const changes = { assignedTo: app.assignedTo ?? a.actor };
    await setStatus(tx, app, "in_review", { actor: a.actor, now: a.now, changes });
    await auditStep(tx, app, a.actor, "subsidies.review", { status: { from: app.status, to: "in_review" } });
    await mailStep(tx, deps, app, "in_review", a.now, "", {});
    return app.id;
  });
}

/** The office asks the board a question (→ more information requested); the board answers and resubmits. */
export async function requestInformation(db: Db, deps: MailDeps, a: { id: string; actor: string; question: string; now: Date }) {
  return db.transaction(async (tx) => {
    const app = await forStep(tx, a.id, "info", "question");
    if (!app) return null;
    await setStatus(tx, app, "info_requested", { actor: a.actor, now: a.now, note: a.question });
    await auditStep(tx, app, a.actor, "subsidies.info", { status: { from: app.status, to: "info_requested" } });
    await mailStep(tx, deps, app, "info_requested", a.now, a.question, {});
    return app.id;
  });
}

const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Approves with `grantedCents` (at most what was asked) and conditions. Under the year's budget
 * lock: at most the per-application limit, the organisation's granted amounts this year (committed
 * and paid) plus this one at most the per-organisation limit, and all commitments and payments
 * plus this one at most the year's total. The report is due SUBSIDY_REPORT_WEEKS after the
 * activity's last day.
 */
export async function approve(
  db: Db,
  deps: MailDeps,
  a: { id: string; actor: string; grantedCents: number; conditions: string; now: Date },
  opts: LockOpts = {},
) {
  return db.transaction(async (tx) => {
    const app = await forStep(tx, a.id, "approve", "granted");
    if (!app) return null;
    if (a.grantedCents <= 0) throw new FieldError("granted", "subOfficeAmountPositive");
    if (a.grantedCents > (app.requestedCents ?? 0)) throw new FieldError("granted", "subOfficeAboveRequested");
    const budget = await lockBudget(tx, deps.env, app.year, a.now, opts);
    if (a.grantedCents > budget.maxPerApplicationCents) throw new FieldError("granted", "subOfficeAboveMaxApplication");
    const org = await budgetUse(tx, app.year, app.organisationId);
    if (org.committedCents + org.paidCents + a.grantedCents > budget.maxPerOrganisationCents)
      throw new FieldError("granted", "subOfficeAboveMaxOrganisation");
    const all = await budgetUse(tx, app.year);
    if (all.committedCents + all.paidCents + a.grantedCents > budget.totalCents) throw new FieldError("granted", "subOfficeAboveBudget");
    const last = app.endsOn ?? app.startsOn;
    const changes = {
      grantedCents: a.grantedCents,
      decisionText: a.conditions,
      decidedAt: a.now,
      decidedBy: a.actor,
      reportDue: last ? addDays(last, deps.env.SUBSIDY_REPORT_WEEKS * 7) : null,
    };
    await setStatus(tx, app, "approved", { actor: a.actor, now: a.now, note: a.conditions || null, changes });
    await auditStep(tx, app, a.actor, "subsidies.approve", {
      status: { from: app.status, to: "approved" },
      grantedCents: { to: a.grantedCents },
    });
    await mailStep(tx, deps, app, "approved", a.now, a.conditions, changes);
    return app.id;
  });
}

/** Declines, with the reasons the board reads. */
export async function decline(db: Db, deps: MailDeps, a: { id: string; actor: string; reasons: string; now: Date }) {
  return db.transaction(async (tx) => {
    const app = await forStep(tx, a.id, "decline", "reasons");
    if (!app) return null;
    if (!a.reasons.trim()) throw new FieldError("reasons", "required");
    const changes = { decisionText: a.reasons, decidedAt: a.now, decidedBy: a.actor };
    await setStatus(tx, app, "declined", { actor: a.actor, now: a.now, note: a.reasons, changes });
    await auditStep(tx, app, a.actor, "subsidies.decline", { status: { from: app.status, to: "declined" } });
    await mailStep(tx, deps, app, "declined", a.now, a.reasons, changes);
    return app.id;
  });
}

/** The activity took place (approved → held); the board is reminded of the report. */
export async function markHeld(db: Db, deps: MailDeps, a: { id: string; actor: string; now: Date }) {
  return db.transaction(async (tx) => {
    const app = await forStep(tx, a.id, "held", "step");
    if (!app) return null;
    await setStatus(tx, app, "held", { actor: a.actor, now: a.now });
    await auditStep(tx, app, a.actor, "subsidies.held", { status: { from: app.status, to: "held" } });
    await mailStep(tx, deps, app, "held", a.now, "", {});
    return app.id;
  });
}

/**
 * Records the payment (at most the granted amount): the commitment becomes a payment, and what
 * was granted but not paid goes back to the year's budget. Under the budget lock, as approvals.
 */
export async function markPaid(
  db: Db,
  deps: MailDeps,
  a: { id: string; actor: string; paidCents: number; now: Date },
  opts: LockOpts = {},
) {
  return db.transaction(async (tx) => {
    const app = await forStep(tx, a.id, "paid", "paid");
    if (!app) return null;
    if (a.paidCents <= 0) throw new FieldError("paid", "subOfficeAmountPositive");
    if (a.paidCents > (app.grantedCents ?? 0)) throw new FieldError("paid", "subOfficePaidAboveGranted");
    await lockBudget(tx, deps.env, app.year, a.now, opts);
    const changes = { paidCents: a.paidCents, paidAt: a.now };
    await setStatus(tx, app, "paid", { actor: a.actor, now: a.now, changes });
    await auditStep(tx, app, a.actor, "subsidies.paid", { status: { from: app.status, to: "paid" }, paidCents: { to: a.paidCents } });
    await mailStep(tx, deps, app, "paid", a.now, "", changes);
    return app.id;
  });
}

/** Closes a paid application. */
export async function close(db: Db, deps: MailDeps, a: { id: string; actor: string; now: Date }) {
  return db.transaction(async (tx) => {
    const app = await forStep(tx, a.id, "close", "step");
    if (!app) return null;
    await setStatus(tx, app, "closed", { actor: a.actor, now: a.now, changes: { closedAt: a.now } });
    await auditStep(tx, app, a.actor, "subsidies.close", { status: { from: app.status, to: "closed" } });
    await mailStep(tx, deps, app, "closed", a.now, "", {});
    return app.id;
  });
}

// ---------- decision templates ----------

export type Template = typeof subsidyTemplates.$inferSelect;

export function listTemplates(db: Db, kind?: TemplateKind) {
  return db
    .select()
    .from(subsidyTemplates)
    .where(kind ? eq(subsidyTemplates.kind, kind) : undefined)
    .orderBy(asc(subsidyTemplates.kind), asc(subsidyTemplates.name));
}

export async function getTemplate(db: Db, id: string): Promise<Template | null> {
  const [row] = await db.select().from(subsidyTemplates).where(eq(subsidyTemplates.id, id));
  return row ?? null;
}

/** Creates a template (no `id`) or saves one; the template's id, or null when `id` names none. */
export async function saveTemplate(
  db: Db,
  a: { id?: string; kind: TemplateKind; name: string; body: Localized; actor: string; now: Date },
): Promise<string | null> {
  return db.transaction(async (tx) => {
    const values = { kind: a.kind, name: a.name, body: a.body, updatedAt: a.now };
    const [row] = a.id
      ? await tx.update(subsidyTemplates).set(values).where(eq(subsidyTemplates.id, a.id)).returning({ id: subsidyTemplates.id })
      : await tx.insert(subsidyTemplates).values(values).returning({ id: subsidyTemplates.id });
    if (!row) return null;
    await audit(tx, { actorId: a.actor, entity: "subsidy_template", entityId: row.id, action: "subsidies.template", changes: {} });
    return row.id;
  });
}

export async function deleteTemplate(db: Db, a: { id: string; actor: string }) {
  return db.transaction(async (tx) => {
    const [row] = await tx.delete(subsidyTemplates).where(eq(subsidyTemplates.id, a.id)).returning({ id: subsidyTemplates.id });
    if (!row) return null;
    await audit(tx, { actorId: a.actor, entity: "subsidy_template", entityId: row.id, action: "subsidies.templateDelete" });
    return row.id;
  });
}

// ---------- the yearly overview ----------

export type OverviewYear = {
  year: number;
  applications: number;
  requestedCents: number;
  grantedCents: number;
  paidCents: number;
  /** Organisations with at least one application granted. */
  organisationsReached: number;
  perStatus: Partial<Record<SubsidyStatus, number>>;
  /** Applications granted, per kind of organisation (the topic the data honestly has). */
  perKind: Partial<Record<OrgKind, number>>;
};

const GRANTED: readonly SubsidyStatus[] = ["approved", "held", "report_submitted", "paid", "closed"];

/** Per academic year: applications (not drafts), amounts, organisations reached, per status and per kind of organisation. */
export async function yearOverview(db: Db, years: number[]): Promise<OverviewYear[]> {
  if (!years.length) return [];
  const rows = await db
    .select({
      year: A.year,
      status: A.status,
      organisationId: A.organisationId,
      requested: A.requestedCents,
      granted: A.grantedCents,
      paid: A.paidCents,
    })
    .from(A)
    .where(and(inArray(A.year, years), ne(A.status, "draft")));
  const kinds = new Map<string, OrgKind>();
  for (const id of new Set(rows.filter((r) => GRANTED.includes(r.status)).map((r) => r.organisationId))) {
    const org = await getOrganisation(db, id);
    if (org) kinds.set(id, org.kind);
  }
  return [...years]
    .sort((x, y) => x - y)
    .map((year) => {
      const mine = rows.filter((r) => r.year === year);
      const granted = mine.filter((r) => GRANTED.includes(r.status));
      const perStatus: OverviewYear["perStatus"] = {};
      for (const r of mine) perStatus[r.status] = (perStatus[r.status] ?? 0) + 1;
      const perKind: OverviewYear["perKind"] = {};
      for (const r of granted) {
        const k = kinds.get(r.organisationId);
        if (k) perKind[k] = (perKind[k] ?? 0) + 1;
      }
      const sum = (xs: (number | null)[]) => xs.reduce<number>((s, v) => s + (v ?? 0), 0);
      return {
        year,
        applications: mine.length,
        requestedCents: sum(mine.map((r) => r.requested)),
        grantedCents: sum(granted.map((r) => r.granted)),
        paidCents: sum(mine.filter((r) => r.status === "paid" || r.status === "closed").map((r) => r.paid)),
        organisationsReached: new Set(granted.map((r) => r.organisationId)).size,
        perStatus,
        perKind,
      };
    });
}

/** The years that have applications (newest first), for the overview's and the queue's year choice. */
export async function applicationYears(db: Db) {
  const rows = await db.selectDistinct({ year: A.year }).from(A).where(ne(A.status, "draft")).orderBy(desc(A.year));
  return rows.map((r) => r.year);
}
