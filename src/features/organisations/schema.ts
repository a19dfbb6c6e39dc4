import { sql } from "drizzle-orm";
import { date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { oneOf } from "../../db/constraints.js";
import { users } from "../auth/schema.js";

export const ORG_KINDS = [
  "student_association",
  "study_association",
  "sports",
  "cultural",
  "international",
  "student_party",
  "other",
] as const;
export const ORG_STATUSES = ["active", "dormant", "dissolved"] as const;
export const POSITIONS = ["chair", "secretary", "treasurer", "wellbeing", "other"] as const;
const LANGS = ["nl", "en"] as const;
export type OrgKind = (typeof ORG_KINDS)[number];
export type OrgStatus = (typeof ORG_STATUSES)[number];
export type Position = (typeof POSITIONS)[number];

export const organisations = pgTable(
  "organisations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Normalised (core/text.ts `normaliseName`) before it is stored. */
    name: text("name").notNull(),
    /** The name's look-alike skeleton (`nameSkeleton`): unique, so a look-alike of a name is refused, also under a race. */
    nameKey: text("name_key").notNull(),
    kind: text("kind", { enum: ORG_KINDS }).notNull(),
    faculty: text("faculty"),
    website: text("website"),
    contactUrl: text("contact_url"),
    email: text("email"),
    lang: text("lang", { enum: LANGS }).notNull().default("nl"),
    memberCount: integer("member_count"),
    status: text("status", { enum: ORG_STATUSES }).notNull().default("active"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("organisations_name_key_idx").on(t.nameKey),
    index("organisations_name_trgm_idx").using("gin", sql`lower(${t.name}) gin_trgm_ops`),
    oneOf("organisations_kind_check", t.kind, ORG_KINDS),
    oneOf("organisations_status_check", t.status, ORG_STATUSES),
    oneOf("organisations_lang_check", t.lang, LANGS),
  ],
);

/** A board for one academic year. It has access from `startsOn` until the next board's `startsOn`. */
export const boards = pgTable(
  "boards",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    /** The academic year it serves, by its first calendar year: 2026 means 2026-2027. */
    year: integer("year").notNull(),
    startsOn: date("starts_on", { mode: "string" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("boards_org_year_idx").on(t.organisationId, t.year), index("boards_org_start_idx").on(t.organisationId, t.startsOn)],
);

export const boardMembers = pgTable(
  "board_members",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    boardId: uuid("board_id")
      .notNull()
      .references(() => boards.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    position: text("position", { enum: POSITIONS }).notNull(),
    positionNote: text("position_note"),
    invitedBy: uuid("invited_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("board_members_board_user_idx").on(t.boardId, t.userId),
    index("board_members_user_idx").on(t.userId),
    oneOf("board_members_position_check", t.position, POSITIONS),
  ],
);
