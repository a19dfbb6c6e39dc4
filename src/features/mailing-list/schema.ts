import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { oneOf } from "../../db/constraints.js";
import { boards, organisations } from "../organisations/schema.js";

export const MAILING_TOPICS = ["trainings", "subsidies", "news"] as const;
export type MailingTopic = (typeof MAILING_TOPICS)[number];
/** `pending`: waits for the double opt-in; `suspended`: two hard bounces (no list mail until confirmed again). */
export const SUBSCRIPTION_STATUSES = ["pending", "confirmed", "unsubscribed", "suspended"] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];
export const BOUNCE_KINDS = ["hard", "soft", "complaint"] as const;
export type BounceKind = (typeof BOUNCE_KINDS)[number];
export const BOUNCE_SOURCES = ["webhook", "office"] as const;
export type BounceSource = (typeof BOUNCE_SOURCES)[number];
const LANGS = ["nl", "en"] as const;

/**
 * One address on the mailing list (one row per address, lower-cased). No stored secret: the
 * links in its mails carry `hmac(SESSION_SECRET, "mailing:<id>:<token_version>")`, and bumping
 * `token_version` (a re-subscription after unsubscribing) makes the old links useless. Erasing
 * deletes the row (and its bounces and campaign deliveries, by cascade).
 */
export const mailingSubscriptions = pgTable(
  "mailing_subscriptions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    /** The organisation chosen from the list; `org_name` holds a typed name instead. */
    orgId: uuid("org_id").references(() => organisations.id, { onDelete: "set null" }),
    orgName: text("org_name"),
    contactUrl: text("contact_url"),
    lang: text("lang", { enum: LANGS }).notNull(),
    topics: text("topics").array().$type<MailingTopic[]>().notNull(),
    status: text("status", { enum: SUBSCRIPTION_STATUSES }).notNull().default("pending"),
    /** The version of the consent text the person agreed to (MAILING_CONSENT_VERSION) when confirming. */
    consentVersion: text("consent_version").notNull(),
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
    unsubscribedAt: timestamp("unsubscribed_at", { withTimezone: true }),
    tokenVersion: integer("token_version").notNull().default(1),
    hardBounces: integer("hard_bounces").notNull().default(0),
    lastBounceAt: timestamp("last_bounce_at", { withTimezone: true }),
    /** The board that last confirmed this address as its organisation's update address. */
    boardConfirmedBoardId: uuid("board_confirmed_board_id").references(() => boards.id, { onDelete: "set null" }),
    boardConfirmedAt: timestamp("board_confirmed_at", { withTimezone: true }),
    /** When the current board was last mailed about the hand-over (once per board). */
    boardAskedBoardId: uuid("board_asked_board_id").references(() => boards.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("mailing_subscriptions_email_idx").on(t.email),
    index("mailing_subscriptions_status_idx").on(t.status, t.id),
    index("mailing_subscriptions_org_idx").on(t.orgId),
    oneOf("mailing_subscriptions_status_check", t.status, SUBSCRIPTION_STATUSES),
    oneOf("mailing_subscriptions_lang_check", t.lang, LANGS),
  ],
);

/** Bounces and complaints of an address: from the provider's webhook or marked by the office. No address or mail text. */
export const mailingBounces = pgTable(
  "mailing_bounces",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    subscriptionId: uuid("subscription_id")
      .notNull()
      .references(() => mailingSubscriptions.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: BOUNCE_KINDS }).notNull(),
    source: text("source", { enum: BOUNCE_SOURCES }).notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("mailing_bounces_subscription_idx").on(t.subscriptionId, t.at),
    oneOf("mailing_bounces_kind_check", t.kind, BOUNCE_KINDS),
    oneOf("mailing_bounces_source_check", t.source, BOUNCE_SOURCES),
  ],
);
