import { sql } from "drizzle-orm";
import { boolean, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { oneOf } from "../../db/constraints.js";
import { users } from "../auth/schema.js";
import { boards, organisations, POSITIONS } from "../organisations/schema.js";

export const INVITATION_STATUSES = ["pending", "accepted", "declined", "withdrawn", "expired"] as const;

/**
 * An invitation to a board: it gives access only once the invitee accepts it, through the link
 * mailed to the invited address (which proves that address). `email` and `name` are as the inviter
 * typed them; the invitee confirms their own name when accepting.
 */
export const boardInvitations = pgTable(
  "board_invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    boardId: uuid("board_id")
      .notNull()
      .references(() => boards.id, { onDelete: "cascade" }),
    /** Lower-cased and trimmed, as users.email. */
    email: text("email").notNull(),
    name: text("name"),
    position: text("position", { enum: POSITIONS }).notNull(),
    invitedBy: uuid("invited_by").references(() => users.id, { onDelete: "set null" }),
    /** True when the office invited (the mail says so, and office invitations count against no limit). */
    byOffice: boolean("by_office").notNull().default(false),
    /** SHA-256 of the token in the mail's link. */
    tokenHash: text("token_hash").notNull(),
    status: text("status", { enum: INVITATION_STATUSES }).notNull().default("pending"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("board_invitations_token_idx").on(t.tokenHash),
    // One open invitation per address and board: inviting again while one is open is refused.
    uniqueIndex("board_invitations_open_idx").on(t.boardId, t.email).where(sql`status = 'pending'`),
    index("board_invitations_inviter_idx").on(t.invitedBy, t.createdAt),
    index("board_invitations_org_idx").on(t.organisationId, t.createdAt),
    oneOf("board_invitations_position_check", t.position, POSITIONS),
    oneOf("board_invitations_status_check", t.status, INVITATION_STATUSES),
  ],
);
