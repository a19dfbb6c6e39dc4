import { sql } from "drizzle-orm";
import { bigint, boolean, check, date, index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { oneOf } from "../../db/constraints.js";
import { users } from "../auth/schema.js";
import { organisations } from "../organisations/schema.js";

/** Where an organisation's social-safety policy stands, as its board says. */
export const POLICY_STATUSES = ["none", "draft", "adopted"] as const;
export type PolicyStatus = (typeof POLICY_STATUSES)[number];

/** The public health service's programme, as registrations and attendance show it. */
export const PROGRAMME_STATES = ["not_started", "waiting", "registered", "in_progress", "completed"] as const;
export type ProgrammeState = (typeof PROGRAMME_STATES)[number];

/**
 * What a board reports about its organisation's social safety (code of conduct, policy): one row
 * per save, never changed, so the history (who said what, when) stays. The latest row is the
 * current report.
 */
export const safetyReports = pgTable(
  "social_safety_reports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    codeAdopted: boolean("code_adopted").notNull(),
    codeAdoptedOn: date("code_adopted_on", { mode: "string" }),
    codeUrl: text("code_url"),
    policy: text("policy", { enum: POLICY_STATUSES }).notNull(),
    policyUpdatedOn: date("policy_updated_on", { mode: "string" }),
    /** Who said so (null once that account is deleted: "a deleted account"). */
    reportedBy: uuid("reported_by").references(() => users.id, { onDelete: "set null" }),
    reportedAt: timestamp("reported_at", { withTimezone: true }).notNull(),
    /** Save order: two reports in the same instant still have a latest. */
    seq: bigint("seq", { mode: "number" }).generatedAlwaysAsIdentity().notNull(),
  },
  (t) => [
    index("social_safety_reports_org_idx").on(t.organisationId, t.seq),
    index("social_safety_reports_by_idx").on(t.reportedBy),
    oneOf("social_safety_reports_policy_check", t.policy, POLICY_STATUSES),
    check("social_safety_reports_code_check", sql`${t.codeAdopted} or (${t.codeAdoptedOn} is null and ${t.codeUrl} is null)`),
    check("social_safety_reports_policy_date_check", sql`${t.policy} <> 'none' or ${t.policyUpdatedOn} is null`),
  ],
);

/**
 * Where each organisation stood in an academic year, for the office's chart over the years: the
 * daily `socialSafety.snapshot` job rewrites the current year's row, so the last run of a year
 * keeps that year. (Appointed listeners and boards of past years can't be derived afterwards.)
 */
export const safetySnapshots = pgTable(
  "social_safety_snapshots",
  {
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    year: integer("year").notNull(),
    codeAdopted: boolean("code_adopted").notNull(),
    policyAdopted: boolean("policy_adopted").notNull(),
    listenerTrained: boolean("listener_trained").notNull(),
    boardTrained: boolean("board_trained").notNull(),
    programme: text("programme", { enum: PROGRAMME_STATES }).notNull(),
    workshop: boolean("workshop").notNull(),
    takenAt: timestamp("taken_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.organisationId, t.year] }),
    index("social_safety_snapshots_year_idx").on(t.year),
    oneOf("social_safety_snapshots_programme_check", t.programme, PROGRAMME_STATES),
  ],
);
