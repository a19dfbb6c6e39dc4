import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { Localized } from "../../core/i18n/index.js";
import { oneOf } from "../../db/constraints.js";
import { users } from "../auth/schema.js";
import { organisations } from "../organisations/schema.js";

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/**
 * An application's life. `draft` is the board's alone; `submitted` waits for the office;
 * `in_review` is assigned or being scored; `info_requested` waits for the board's answer (it
 * resubmits: back to `submitted`); `approved` commits `grantedCents` of the year's budget;
 * `declined` and `withdrawn` end it; `held` (the activity took place), `report_submitted`,
 * `paid` (commitment becomes payment) and `closed` follow an approval.
 */
export const SUBSIDY_STATUSES = [
  "draft",
  "submitted",
  "in_review",
  "info_requested",
  "approved",
  "declined",
  "withdrawn",
  "held",
  "report_submitted",
  "paid",
  "closed",
] as const;
export type SubsidyStatus = (typeof SUBSIDY_STATUSES)[number];
/** Statuses whose granted amount counts as committed in the year's budget (until paid). */
export const COMMITTED_STATUSES = ["approved", "held", "report_submitted"] as const;
/** Statuses whose granted amount has been paid (`paidCents`). */
export const PAID_STATUSES = ["paid", "closed"] as const;
export const BUDGET_LINE_KINDS = ["plan", "actual"] as const;
export const ATTACHMENT_KINDS = ["quote", "receipt", "other"] as const;
export const TEMPLATE_KINDS = ["info", "approve", "decline"] as const;
const LANGS = ["nl", "en"] as const;

/**
 * The budget of one academic year (the year it starts in, as `academicYearOf` gives it) and its
 * limits, set by the office. Approving locks this row (`FOR UPDATE`), so two approvals at once
 * can never commit more than `totalCents`.
 */
export const subsidyBudgets = pgTable(
  "subsidy_budgets",
  {
    year: integer("year").primaryKey(),
    totalCents: bigint("total_cents", { mode: "number" }).notNull(),
    /** The most one application may ask and be granted. */
    maxPerApplicationCents: bigint("max_per_application_cents", { mode: "number" }).notNull(),
    /** The most one organisation may be granted in the year, all its applications together. */
    maxPerOrganisationCents: bigint("max_per_organisation_cents", { mode: "number" }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    check(
      "subsidy_budgets_amounts_check",
      sql`${t.totalCents} >= 0 and ${t.maxPerApplicationCents} > 0 and ${t.maxPerOrganisationCents} > 0`,
    ),
  ],
);

/** The criteria page and its introduction, edited by the office: one row per slug, both languages. */
export const subsidyTexts = pgTable("subsidy_texts", {
  slug: text("slug").primaryKey(),
  body: jsonb("body").$type<Localized>().notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
});

/** An organisation's application for a subsidy for one well-being activity. */
export const subsidyApplications = pgTable(
  "subsidy_applications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Short number for people ("S-2026-014"), per year, given on first submission. */
    reference: text("reference"),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    /** The academic year whose budget it draws on (of the activity's first date). */
    year: integer("year").notNull(),
    status: text("status", { enum: SUBSIDY_STATUSES }).notNull(),
    /** The language of mail to the board about it (the page's language at the last save). */
    lang: text("lang", { enum: LANGS }).notNull(),
    title: text("title").notNull().default(""),
    description: text("description").notNull().default(""),
    aim: text("aim").notNull().default(""),
    targetGroup: text("target_group").notNull().default(""),
    expectedParticipants: integer("expected_participants"),
    /** The activity's first and last day (one day: both the same). */
    startsOn: date("starts_on", { mode: "string" }),
    endsOn: date("ends_on", { mode: "string" }),
    place: text("place").notNull().default(""),
    partners: text("partners").notNull().default(""),
    otherIncomeCents: bigint("other_income_cents", { mode: "number" }).notNull().default(0),
    requestedCents: bigint("requested_cents", { mode: "number" }),
    contactName: text("contact_name").notNull().default(""),
    contactEmail: text("contact_email").notNull().default(""),
    contactPhone: text("contact_phone").notNull().default(""),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    /** The office member reviewing it. */
    assignedTo: uuid("assigned_to").references(() => users.id, { onDelete: "set null" }),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    /** The decision date the board is promised (submission + the configured review weeks). */
    decisionDue: date("decision_due", { mode: "string" }),
    grantedCents: bigint("granted_cents", { mode: "number" }),
    /** Conditions of an approval, or the reasons of a decline, in the board's language as sent. */
    decisionText: text("decision_text"),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    decidedBy: uuid("decided_by").references(() => users.id, { onDelete: "set null" }),
    /** When the report is due (some weeks after the last day); reminders go before and after. */
    reportDue: date("report_due", { mode: "string" }),
    reportRemindedAt: timestamp("report_reminded_at", { withTimezone: true }),
    reportText: text("report_text"),
    reportParticipants: integer("report_participants"),
    reportEvaluation: text("report_evaluation"),
    reportSubmittedAt: timestamp("report_submitted_at", { withTimezone: true }),
    paidCents: bigint("paid_cents", { mode: "number" }),
    paidAt: timestamp("paid_at", { withTimezone: true }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    /** A resent or double-clicked "new application" form finds the first draft. */
    idempotencyKey: text("idempotency_key"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("subsidy_applications_org_idx").on(t.organisationId, t.year),
    index("subsidy_applications_status_idx").on(t.year, t.status),
    index("subsidy_applications_assigned_idx").on(t.assignedTo),
    index("subsidy_applications_created_by_idx").on(t.createdBy),
    uniqueIndex("subsidy_applications_reference_idx").on(t.reference),
    uniqueIndex("subsidy_applications_idempotency_idx").on(t.createdBy, t.idempotencyKey),
    oneOf("subsidy_applications_status_check", t.status, SUBSIDY_STATUSES),
    oneOf("subsidy_applications_lang_check", t.lang, LANGS),
    check(
      "subsidy_applications_amounts_check",
      sql`${t.otherIncomeCents} >= 0 and coalesce(${t.requestedCents}, 0) >= 0 and coalesce(${t.grantedCents}, 0) >= 0 and coalesce(${t.paidCents}, 0) >= 0`,
    ),
    check("subsidy_applications_dates_check", sql`${t.endsOn} is null or ${t.startsOn} is null or ${t.endsOn} >= ${t.startsOn}`),
    check(
      "subsidy_applications_granted_check",
      sql`${t.status} not in ('approved', 'held', 'report_submitted', 'paid', 'closed') or ${t.grantedCents} is not null`,
    ),
  ],
);

/** The budget's lines: planned (the application) and actual (the report). Rewritten whole on each save. */
export const subsidyBudgetLines = pgTable(
  "subsidy_budget_lines",
  {
    applicationId: uuid("application_id")
      .notNull()
      .references(() => subsidyApplications.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: BUDGET_LINE_KINDS }).notNull(),
    position: smallint("position").notNull(),
    item: text("item").notNull(),
    amountCents: bigint("amount_cents", { mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.applicationId, t.kind, t.position] }),
    oneOf("subsidy_budget_lines_kind_check", t.kind, BUDGET_LINE_KINDS),
    check("subsidy_budget_lines_amount_check", sql`${t.amountCents} >= 0`),
  ],
);

/**
 * The timeline the board sees: each status change, with the text that went with it (the office's
 * question, the board's answer, a decision's conditions or reasons). Never internal comments.
 */
export const subsidyEvents = pgTable(
  "subsidy_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => subsidyApplications.id, { onDelete: "cascade" }),
    status: text("status", { enum: SUBSIDY_STATUSES }).notNull(),
    note: text("note"),
    actor: uuid("actor").references(() => users.id, { onDelete: "set null" }),
    at: timestamp("at", { withTimezone: true }).notNull(),
    seq: bigint("seq", { mode: "number" }).generatedAlwaysAsIdentity().notNull(),
  },
  (t) => [
    index("subsidy_events_application_idx").on(t.applicationId, t.seq),
    index("subsidy_events_actor_idx").on(t.actor),
    oneOf("subsidy_events_status_check", t.status, SUBSIDY_STATUSES),
  ],
);

/** The office's internal comments on an application: never shown to boards, in pages, mails or exports. */
export const subsidyComments = pgTable(
  "subsidy_comments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => subsidyApplications.id, { onDelete: "cascade" }),
    body: text("body").notNull(),
    author: uuid("author").references(() => users.id, { onDelete: "set null" }),
    at: timestamp("at", { withTimezone: true }).notNull(),
  },
  (t) => [index("subsidy_comments_application_idx").on(t.applicationId, t.at), index("subsidy_comments_author_idx").on(t.author)],
);

/** A reviewer's score of an application against one criterion (0–3), with a note. Internal. */
export const subsidyScores = pgTable(
  "subsidy_scores",
  {
    applicationId: uuid("application_id")
      .notNull()
      .references(() => subsidyApplications.id, { onDelete: "cascade" }),
    /** A criterion key from the code's list (`SCORE_CRITERIA` in the service). */
    criterion: text("criterion").notNull(),
    reviewer: uuid("reviewer")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    score: smallint("score").notNull(),
    note: text("note").notNull().default(""),
    at: timestamp("at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.applicationId, t.criterion, t.reviewer] }),
    index("subsidy_scores_reviewer_idx").on(t.reviewer),
    check("subsidy_scores_score_check", sql`${t.score} between 0 and 3`),
  ],
);

/** Decision templates in both languages (a question, an approval's conditions, a decline's reasons). */
export const subsidyTemplates = pgTable(
  "subsidy_templates",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind", { enum: TEMPLATE_KINDS }).notNull(),
    name: text("name").notNull(),
    body: jsonb("body").$type<Localized>().notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [oneOf("subsidy_templates_kind_check", t.kind, TEMPLATE_KINDS)],
);

/**
 * A file with an application (a quote, the report's receipts): PDF, PNG or JPEG, checked by its
 * content, size-limited, stored here; served only to the organisation's board and the office.
 */
export const subsidyAttachments = pgTable(
  "subsidy_attachments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => subsidyApplications.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ATTACHMENT_KINDS }).notNull(),
    filename: text("filename").notNull(),
    mime: text("mime").notNull(),
    size: integer("size").notNull(),
    data: bytea("data").notNull(),
    uploadedBy: uuid("uploaded_by").references(() => users.id, { onDelete: "set null" }),
    /** Uploaded by the office (visible to the board too) or by the board. */
    byOffice: boolean("by_office").notNull().default(false),
    at: timestamp("at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("subsidy_attachments_application_idx").on(t.applicationId, t.at),
    index("subsidy_attachments_uploaded_by_idx").on(t.uploadedBy),
    oneOf("subsidy_attachments_kind_check", t.kind, ATTACHMENT_KINDS),
    check("subsidy_attachments_mime_check", sql`${t.mime} in ('application/pdf', 'image/png', 'image/jpeg')`),
  ],
);
