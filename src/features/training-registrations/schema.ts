import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { oneOf } from "../../db/constraints.js";
import { users } from "../auth/schema.js";
import { organisations } from "../organisations/schema.js";
import { trainingOfferings, trainingSessions } from "../trainings/schema.js";

/**
 * `confirmed` holds a place; `offered` holds one too, until `offerExpiresAt`; `waiting` is in
 * line (by `queueNo`); `cancelled` and `expired` hold nothing.
 */
export const REGISTRATION_STATUSES = ["confirmed", "offered", "waiting", "cancelled", "expired"] as const;
export const ACTIVE_STATUSES = ["confirmed", "offered", "waiting"] as const;
export const HOLDING_STATUSES = ["confirmed", "offered"] as const;
export const TRAINING_REQUEST_STATUSES = ["pending", "planned", "declined", "withdrawn"] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];
const LANGS = ["nl", "en"] as const;

/** An organisation's registration for an offering: one date of it, or (a package) all of them. */
export const trainingRegistrations = pgTable(
  "training_registrations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    offeringId: uuid("offering_id")
      .notNull()
      .references(() => trainingOfferings.id, { onDelete: "cascade" }),
    /** The chosen date; null for a package (every session of the offering). */
    sessionId: uuid("session_id").references(() => trainingSessions.id, { onDelete: "cascade" }),
    /**
     * What "one registration per organisation" is counted over: the offering (capacity in
     * organisations, a package) or the session (people, boards). A unique index keeps it.
     */
    scopeId: uuid("scope_id").notNull(),
    /** A date of a series to choose one from (format `choice`): its index holds one per organisation and series. No default: every insert says it. */
    series: boolean("series").notNull(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    /** The academic year it is for (the incoming board's, when registered in advance). */
    year: integer("year").notNull(),
    status: text("status", { enum: REGISTRATION_STATUSES }).notNull(),
    /** Arrival order: the waiting list is served by it. */
    queueNo: bigint("queue_no", { mode: "number" }).generatedAlwaysAsIdentity().notNull(),
    offerExpiresAt: timestamp("offer_expires_at", { withTimezone: true }),
    /** Added by the office above the cap. */
    aboveCap: boolean("above_cap").notNull().default(false),
    /** The language mail about it is written in (the page's language at registration). */
    lang: text("lang", { enum: LANGS }).notNull(),
    registeredBy: uuid("registered_by").references(() => users.id, { onDelete: "set null" }),
    /** From the form: a resent or double-clicked form finds the first registration. */
    idempotencyKey: text("idempotency_key"),
    reason: text("reason"),
    changedBy: uuid("changed_by").references(() => users.id, { onDelete: "set null" }),
    /** The last reminder sent (two days before a session). */
    remindedAt: timestamp("reminded_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("training_registrations_active_idx")
      .on(t.organisationId, t.scopeId)
      .where(sql`status in ('confirmed', 'offered', 'waiting')`),
    // One date per organisation and series (the backstop of `registerLocked`'s check under the lock).
    uniqueIndex("training_registrations_series_idx")
      .on(t.organisationId, t.offeringId)
      .where(sql`series and status in ('confirmed', 'offered', 'waiting')`),
    uniqueIndex("training_registrations_idempotency_idx").on(t.registeredBy, t.idempotencyKey),
    index("training_registrations_offering_idx").on(t.offeringId, t.status, t.queueNo),
    index("training_registrations_session_idx").on(t.sessionId, t.status),
    index("training_registrations_org_idx").on(t.organisationId, t.createdAt),
    index("training_registrations_offer_idx").on(t.offerExpiresAt).where(sql`status = 'offered'`),
    oneOf("training_registrations_status_check", t.status, REGISTRATION_STATUSES),
    oneOf("training_registrations_lang_check", t.lang, LANGS),
    check("training_registrations_offer_check", sql`(${t.status} = 'offered') = (${t.offerExpiresAt} is not null)`),
  ],
);

/** The people an organisation sends. */
export const trainingParticipants = pgTable(
  "training_participants",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    registrationId: uuid("registration_id")
      .notNull()
      .references(() => trainingRegistrations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    email: text("email").notNull(),
    role: text("role").notNull().default(""),
    sort: integer("sort").notNull().default(0),
  },
  (t) => [
    index("training_participants_registration_idx").on(t.registrationId, t.sort),
    index("training_participants_email_idx").on(t.email),
  ],
);

/** Who came to a session (the office records it afterwards). */
export const trainingAttendance = pgTable(
  "training_attendance",
  {
    participantId: uuid("participant_id")
      .notNull()
      .references(() => trainingParticipants.id, { onDelete: "cascade" }),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => trainingSessions.id, { onDelete: "cascade" }),
    present: boolean("present").notNull(),
  },
  (t) => [primaryKey({ columns: [t.participantId, t.sessionId] })],
);

/** A request for a tailor-made training or a member workshop; planning it creates a session only that organisation can book. */
export const trainingRequests = pgTable(
  "training_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    offeringId: uuid("offering_id")
      .notNull()
      .references(() => trainingOfferings.id, { onDelete: "cascade" }),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    requestedBy: uuid("requested_by").references(() => users.id, { onDelete: "set null" }),
    preferredDates: text("preferred_dates").notNull(),
    groupSize: integer("group_size").notNull(),
    wishes: text("wishes"),
    lang: text("lang", { enum: LANGS }).notNull(),
    status: text("status", { enum: TRAINING_REQUEST_STATUSES }).notNull().default("pending"),
    reason: text("reason"),
    sessionId: uuid("session_id").references(() => trainingSessions.id, { onDelete: "set null" }),
    decidedBy: uuid("decided_by").references(() => users.id, { onDelete: "set null" }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("training_requests_status_idx").on(t.status, t.createdAt),
    index("training_requests_org_idx").on(t.organisationId, t.createdAt),
    uniqueIndex("training_requests_open_idx").on(t.organisationId, t.offeringId).where(sql`status = 'pending'`),
    oneOf("training_requests_status_check", t.status, TRAINING_REQUEST_STATUSES),
    oneOf("training_requests_lang_check", t.lang, LANGS),
    check("training_requests_group_check", sql`${t.groupSize} >= 1`),
  ],
);
