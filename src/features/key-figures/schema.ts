import { sql } from "drizzle-orm";
import { check, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { oneOf } from "../../db/constraints.js";
import { users } from "../auth/schema.js";
import { organisations } from "../organisations/schema.js";

/** What a key figure is for their organisation. */
export const KEY_FIGURE_ROLES = ["committee_chair", "peer_listener", "confidential_contact", "other"] as const;
/**
 * `invited` until the link is used or lapses (a lapsed one is marked `expired` when the address is
 * invited again); `active` once accepted; `declined`, `withdrawn` (by the board) and `removed` (an
 * active key figure the board took off) end it.
 */
export const KEY_FIGURE_STATUSES = ["invited", "active", "declined", "withdrawn", "expired", "removed"] as const;
export type KeyFigureRole = (typeof KEY_FIGURE_ROLES)[number];
export type KeyFigureStatus = (typeof KEY_FIGURE_STATUSES)[number];

/**
 * A person who is not on the board but acts for the organisation (a committee chair, a peer
 * listener, a confidential contact): invited by its board through a mailed link, and once they
 * accept, linked to their account. They register themselves for trainings meant for them; they
 * never get the board's pages.
 */
export const keyFigures = pgTable(
  "key_figures",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    /** Lower-cased and trimmed, as users.email. */
    email: text("email").notNull(),
    /** As the inviter typed it (the invitee confirms their own name when accepting). */
    name: text("name"),
    role: text("role", { enum: KEY_FIGURE_ROLES }).notNull(),
    /** What the role is, in the board's words ("chair of the introduction committee"). */
    roleNote: text("role_note"),
    status: text("status", { enum: KEY_FIGURE_STATUSES }).notNull().default("invited"),
    /** SHA-256 of the token in the mail's link. */
    tokenHash: text("token_hash").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    invitedBy: uuid("invited_by").references(() => users.id, { onDelete: "set null" }),
    /** The account that accepted (the invited address's). */
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    /** When it was declined or withdrawn. */
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    removedAt: timestamp("removed_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("key_figures_token_idx").on(t.tokenHash),
    // One open invitation or active key figure per organisation and address.
    uniqueIndex("key_figures_open_idx").on(t.organisationId, t.email).where(sql`status in ('invited', 'active')`),
    index("key_figures_user_idx").on(t.userId),
    index("key_figures_email_idx").on(t.email),
    index("key_figures_inviter_idx").on(t.invitedBy, t.createdAt),
    index("key_figures_org_idx").on(t.organisationId, t.createdAt),
    oneOf("key_figures_role_check", t.role, KEY_FIGURE_ROLES),
    oneOf("key_figures_status_check", t.status, KEY_FIGURE_STATUSES),
    check("key_figures_active_user_check", sql`${t.status} <> 'active' or ${t.userId} is not null`),
  ],
);
