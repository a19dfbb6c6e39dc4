import { sql } from "drizzle-orm";
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { oneOf } from "../../db/constraints.js";

export const STAFF_ROLES = ["staff", "admin"] as const;
const LANGS = ["nl", "en"] as const;

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Stored lower-cased and trimmed. */
    email: text("email").notNull(),
    name: text("name"),
    lang: text("lang", { enum: LANGS }).notNull().default("nl"),
    /** Office role; null for everyone else. */
    staffRole: text("staff_role", { enum: STAFF_ROLES }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastSignInAt: timestamp("last_sign_in_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("users_email_idx").on(t.email),
    oneOf("users_lang_check", t.lang, LANGS),
    oneOf("users_staff_role_check", t.staffRole, STAFF_ROLES),
  ],
);

export const loginTokens = pgTable(
  "login_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** SHA-256 of the token; the token itself only ever travels in the mail. */
    tokenHash: text("token_hash").notNull(),
    email: text("email").notNull(),
    /** Where to go after signing in (a local path). */
    next: text("next"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("login_tokens_hash_idx").on(t.tokenHash)],
);

export const sessions = pgTable(
  "sessions",
  {
    /** SHA-256 of the cookie value. */
    idHash: text("id_hash").primaryKey(),
    /** A public handle for the "my account" page (sign out one session); never the cookie or its hash. */
    id: uuid("id").notNull().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    /** A coarse device hint ("Firefox · Windows") from the User-Agent, for the session list; no IP. */
    device: text("device"),
  },
  (t) => [uniqueIndex("sessions_id_idx").on(t.id), index("sessions_user_idx").on(t.userId).where(sql`ended_at is null`)],
);
