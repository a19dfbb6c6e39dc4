import { sql } from "drizzle-orm";
import { boolean, check, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { oneOf } from "../../db/constraints.js";
import { users } from "../auth/schema.js";
import { keyFigures } from "../key-figures/schema.js";
import { organisations } from "../organisations/schema.js";

/** How quickly a listener usually answers (shown to students). */
export const RESPONSE_TIMES = ["same_day", "two_days", "week"] as const;
/** `active` listens; `paused` keeps the inbox but is not listed and gets no notifications; `stepped_down` has left. */
export const LISTENER_STATUSES = ["active", "paused", "stepped_down"] as const;
const LANGS = ["nl", "en"] as const;
export type ResponseTime = (typeof RESPONSE_TIMES)[number];
export type ListenerStatus = (typeof LISTENER_STATUSES)[number];

/**
 * A confidential peer listener's public profile. A listener is a key figure of an organisation with
 * the role `peer_listener` (appointed by the board's invitation, accepted by the listener); this
 * row holds what the listener fills in and whether they listen now.
 */
export const listenerProfiles = pgTable(
  "listener_profiles",
  {
    /** The key figure (role peer_listener) this profile belongs to. */
    keyFigureId: uuid("key_figure_id")
      .primaryKey()
      .references(() => keyFigures.id, { onDelete: "cascade" }),
    /** The listener's account (set when the profile is saved): the profile is their personal data. */
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    displayName: text("display_name").notNull(),
    languages: jsonb("languages").$type<(typeof LANGS)[number][]>().notNull().default(["nl"]),
    introduction: text("introduction").notNull().default(""),
    responseTime: text("response_time", { enum: RESPONSE_TIMES }).notNull().default("two_days"),
    /** Shown on the public "find a peer listener" page. */
    listed: boolean("listed").notNull().default(true),
    status: text("status", { enum: LISTENER_STATUSES }).notNull().default("active"),
    /** When the listener stepped down (the retention rule erases the profile's text some time after). */
    steppedDownAt: timestamp("stepped_down_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("listener_profiles_user_idx").on(t.userId),
    oneOf("listener_profiles_response_time_check", t.responseTime, RESPONSE_TIMES),
    oneOf("listener_profiles_status_check", t.status, LISTENER_STATUSES),
    // A stepped-down profile keeps its row (it records that the key figure no longer listens) once its text is erased.
    check(
      "listener_profiles_name_check",
      sql`length(${t.displayName}) <= 80 and (length(${t.displayName}) >= 1 or ${t.status} = 'stepped_down')`,
    ),
    check("listener_profiles_introduction_check", sql`length(${t.introduction}) <= 500`),
  ],
);

/**
 * When a listener was last mailed "you have new messages in Vangnet" (one row per listener, the
 * key figure), and whether a message came in since that the throttle held back (`pending`: mailed
 * once the hour is over). No content: a time and a flag.
 */
export const listenerNotices = pgTable(
  "listener_notices",
  {
    keyFigureId: uuid("key_figure_id")
      .primaryKey()
      .references(() => keyFigures.id, { onDelete: "cascade" }),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    notifiedAt: timestamp("notified_at", { withTimezone: true }).notNull(),
    pending: boolean("pending").notNull().default(false),
  },
  (t) => [index("listener_notices_pending_idx").on(t.notifiedAt).where(sql`${t.pending}`)],
);
