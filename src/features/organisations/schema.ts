import { sql } from "drizzle-orm";
import { date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
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
export type OrgKind = (typeof ORG_KINDS)[number];
export type OrgStatus = (typeof ORG_STATUSES)[number];
export type Position = (typeof POSITIONS)[number];

export const organisations = pgTable(
  "organisations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    kind: text("kind", { enum: ORG_KINDS }).notNull(),
    faculty: text("faculty"),
    website: text("website"),
    contactUrl: text("contact_url"),
    email: text("email"),
    lang: text("lang", { enum: ["nl", "en"] })
      .notNull()
      .default("nl"),
    memberCount: integer("member_count"),
    status: text("status", { enum: ORG_STATUSES }).notNull().default("active"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("organisations_name_idx").on(sql`lower(${t.name})`),
    index("organisations_name_trgm_idx").using("gin", sql`lower(${t.name}) gin_trgm_ops`),
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
  (t) => [uniqueIndex("board_members_board_user_idx").on(t.boardId, t.userId), index("board_members_user_idx").on(t.userId)],
);

export type OrgRequestData = {
  name: string;
  kind: OrgKind;
  faculty?: string | null;
  website?: string | null;
  contactUrl?: string | null;
  email?: string | null;
  lang: "nl" | "en";
  memberCount?: number | null;
};

/** A signed-in student asks to register a new organisation or to join an existing one's board. */
export const orgRequests = pgTable(
  "org_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind", { enum: ["register", "join"] }).notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    organisationId: uuid("organisation_id").references(() => organisations.id, { onDelete: "cascade" }),
    data: jsonb("data").$type<OrgRequestData>(),
    position: text("position", { enum: POSITIONS }).notNull(),
    message: text("message"),
    status: text("status", { enum: ["pending", "approved", "declined"] })
      .notNull()
      .default("pending"),
    reason: text("reason"),
    decidedBy: uuid("decided_by").references(() => users.id, { onDelete: "set null" }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("org_requests_status_idx").on(t.status, t.createdAt)],
);
