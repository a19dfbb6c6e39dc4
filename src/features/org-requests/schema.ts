import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { oneOf } from "../../db/constraints.js";
import { users } from "../auth/schema.js";
import { type OrgKind, organisations, POSITIONS } from "../organisations/schema.js";

export const REQUEST_KINDS = ["register", "join"] as const;
export const REQUEST_STATUSES = ["pending", "approved", "declined"] as const;

/** The organisation a registration proposes (as on the organisation's own form). */
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
    kind: text("kind", { enum: REQUEST_KINDS }).notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    organisationId: uuid("organisation_id").references(() => organisations.id, { onDelete: "cascade" }),
    data: jsonb("data").$type<OrgRequestData>(),
    /** For a registration: the skeleton of the proposed name (one open registration per person and name). */
    nameKey: text("name_key"),
    position: text("position", { enum: POSITIONS }).notNull(),
    message: text("message"),
    status: text("status", { enum: REQUEST_STATUSES }).notNull().default("pending"),
    reason: text("reason"),
    decidedBy: uuid("decided_by").references(() => users.id, { onDelete: "set null" }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("org_requests_status_idx").on(t.status, t.createdAt),
    index("org_requests_user_idx").on(t.userId, t.createdAt),
    // One open request per person and organisation (race-safe: a second insert fails on the index).
    uniqueIndex("org_requests_open_join_idx").on(t.userId, t.organisationId).where(sql`status = 'pending' and kind = 'join'`),
    uniqueIndex("org_requests_open_register_idx").on(t.userId, t.nameKey).where(sql`status = 'pending' and kind = 'register'`),
    oneOf("org_requests_kind_check", t.kind, REQUEST_KINDS),
    oneOf("org_requests_position_check", t.position, POSITIONS),
    oneOf("org_requests_status_check", t.status, REQUEST_STATUSES),
  ],
);
