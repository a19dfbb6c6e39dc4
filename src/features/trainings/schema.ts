import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { Localized } from "../../core/i18n/index.js";
import { oneOf } from "../../db/constraints.js";
import { organisations } from "../organisations/schema.js";

/** Who an offering is for. */
export const TRAINING_AUDIENCES = ["board_members", "key_figures", "peer_listeners", "members"] as const;
/** What it is: a training (for board members, key figures, peer listeners), a workshop for an organisation's members, a tailor-made training for a whole board, a programme with partners. */
export const TRAINING_KINDS = ["training", "workshop", "tailor_made", "programme"] as const;
/** Who gives it. */
export const PROVIDERS = ["university", "public_health", "partner"] as const;
/**
 * How its dates are booked: `single` one session; `choice` a series of dates to choose one from;
 * `package` a programme whose sessions are booked together as one.
 */
export const FORMATS = ["single", "choice", "package"] as const;
/** Where people register: here, or on an external page (`externalUrl`). */
export const REGISTRATION_MODES = ["portal", "external", "request"] as const;
/**
 * What a capacity counts: `organisations` across all dates of the offering (one registration per
 * organisation); `people` per session (the participants named); `boards` per session (one
 * registration per organisation and session).
 */
export const CAPACITY_UNITS = ["organisations", "people", "boards"] as const;
export const OFFERING_STATUSES = ["draft", "published", "archived"] as const;
export const SESSION_STATUSES = ["scheduled", "cancelled"] as const;
const LANGS = ["nl", "en"] as const;

export type TrainingAudience = (typeof TRAINING_AUDIENCES)[number];
export type TrainingKind = (typeof TRAINING_KINDS)[number];
export type Provider = (typeof PROVIDERS)[number];
export type Format = (typeof FORMATS)[number];
export type RegistrationMode = (typeof REGISTRATION_MODES)[number];
export type CapacityUnit = (typeof CAPACITY_UNITS)[number];
export type OfferingStatus = (typeof OFFERING_STATUSES)[number];

const bilingual = (name: string) => jsonb(name).$type<Localized>().notNull().default({ nl: "", en: "" });

/** Something the office offers: a training, a workshop, a tailor-made training or a programme. */
export const trainingOfferings = pgTable(
  "training_offerings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: text("slug").notNull(),
    kind: text("kind", { enum: TRAINING_KINDS }).notNull(),
    title: jsonb("title").$type<Localized>().notNull(),
    summary: bilingual("summary"),
    description: bilingual("description"),
    audiences: jsonb("audiences").$type<TrainingAudience[]>().notNull().default([]),
    provider: text("provider", { enum: PROVIDERS }).notNull().default("university"),
    providerName: bilingual("provider_name"),
    providerUrl: text("provider_url"),
    /** The language it is given in. */
    lang: text("lang", { enum: LANGS }).notNull(),
    /** What it costs, in euro cents: normally 0 (free). */
    costCents: integer("cost_cents").notNull().default(0),
    format: text("format", { enum: FORMATS }).notNull().default("single"),
    registration: text("registration", { enum: REGISTRATION_MODES }).notNull().default("portal"),
    externalUrl: text("external_url"),
    capacityUnit: text("capacity_unit", { enum: CAPACITY_UNITS }).notNull().default("organisations"),
    /** For `organisations`: the most organisations across all dates; otherwise each session's default. Null: no limit. */
    capacity: integer("capacity"),
    /** The most participants one organisation may name in one registration. */
    maxPerOrganisation: integer("max_per_organisation").notNull().default(4),
    opensAt: timestamp("opens_at", { withTimezone: true }),
    closesAt: timestamp("closes_at", { withTimezone: true }),
    /** An organisation may cancel until this many hours before the (first) session starts. */
    cancelHoursBefore: integer("cancel_hours_before").notNull().default(48),
    waitingList: boolean("waiting_list").notNull().default(true),
    /** A freed place is given to the first in line at once, instead of offered for `offerHours`. */
    autoPromote: boolean("auto_promote").notNull().default(false),
    offerHours: integer("offer_hours").notNull().default(48),
    /** What the waiting list means here ("we expect places in the spring"). */
    waitingNote: bilingual("waiting_note"),
    status: text("status", { enum: OFFERING_STATUSES }).notNull().default("draft"),
    /** Raised on every change, for the calendars' SEQUENCE. */
    revision: integer("revision").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("training_offerings_slug_idx").on(t.slug),
    index("training_offerings_status_idx").on(t.status),
    oneOf("training_offerings_kind_check", t.kind, TRAINING_KINDS),
    oneOf("training_offerings_provider_check", t.provider, PROVIDERS),
    oneOf("training_offerings_lang_check", t.lang, LANGS),
    oneOf("training_offerings_format_check", t.format, FORMATS),
    oneOf("training_offerings_registration_check", t.registration, REGISTRATION_MODES),
    oneOf("training_offerings_capacity_unit_check", t.capacityUnit, CAPACITY_UNITS),
    oneOf("training_offerings_status_check", t.status, OFFERING_STATUSES),
    check("training_offerings_capacity_check", sql`${t.capacity} is null or ${t.capacity} >= 0`),
    check("training_offerings_cost_check", sql`${t.costCents} >= 0`),
    check("training_offerings_max_check", sql`${t.maxPerOrganisation} >= 1`),
    check("training_offerings_offer_hours_check", sql`${t.offerHours} >= 1`),
  ],
);

/** One date of an offering. */
export const trainingSessions = pgTable(
  "training_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    offeringId: uuid("offering_id")
      .notNull()
      .references(() => trainingOfferings.id, { onDelete: "cascade" }),
    /** A part of a programme ("Focus group", "Session 2"); empty for a plain date. */
    title: bilingual("title"),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    /** Null: to be announced. */
    location: jsonb("location").$type<Localized>(),
    onlineUrl: text("online_url"),
    /** Overrides the offering's capacity for this date (people or boards), or limits organisations on this date. */
    capacity: integer("capacity"),
    /** A session planned for one organisation's request: only it can book. */
    reservedFor: uuid("reserved_for").references(() => organisations.id, { onDelete: "cascade" }),
    status: text("status", { enum: SESSION_STATUSES }).notNull().default("scheduled"),
    /** Raised on every change, for the calendars' SEQUENCE. */
    sequence: integer("sequence").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("training_sessions_offering_idx").on(t.offeringId, t.startsAt),
    index("training_sessions_starts_idx").on(t.startsAt),
    oneOf("training_sessions_status_check", t.status, SESSION_STATUSES),
    check("training_sessions_time_check", sql`${t.endsAt} > ${t.startsAt}`),
    check("training_sessions_capacity_check", sql`${t.capacity} is null or ${t.capacity} >= 0`),
  ],
);
