import { sql } from "drizzle-orm";
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { Localized } from "../../core/i18n/index.js";
import { oneOf } from "../../db/constraints.js";
import { users } from "../auth/schema.js";
import { type MailingTopic, mailingSubscriptions } from "../mailing-list/schema.js";
import { trainingOfferings } from "../trainings/schema.js";

/**
 * `sending`: the sender works through it; `paused`: the office stopped it for now (the queued
 * deliveries wait); `sent`: every delivery done; `cancelled`: stopped for good.
 */
export const CAMPAIGN_STATUSES = ["draft", "scheduled", "sending", "paused", "sent", "cancelled"] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
/**
 * `sending`: claimed by a sender, not yet confirmed by the SMTP server; `failed`: refused, or
 * interrupted by a crash while in flight (at most once: see docs/decisions/022-mailing-delivery.md);
 * `skipped`: the subscriber left the list (or was suspended) before their turn.
 */
export const DELIVERY_STATUSES = ["queued", "sending", "sent", "failed", "skipped"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** A campaign the office composes in both languages and sends to the list's confirmed subscribers. */
export const mailingCampaigns = pgTable(
  "mailing_campaigns",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    subject: jsonb("subject").$type<Localized>().notNull(),
    /** Markdown, per language; rendered (and sanitised) when sent and previewed. */
    body: jsonb("body").$type<Localized>().notNull(),
    topics: text("topics").array().$type<MailingTopic[]>().notNull(),
    /** The organisations whose subscribers get it; null: everyone with one of the topics. */
    orgIds: uuid("org_ids").array(),
    status: text("status", { enum: CAMPAIGN_STATUSES }).notNull().default("draft"),
    scheduledAt: timestamp("scheduled_at", { withTimezone: true }),
    startedAt: timestamp("started_at", { withTimezone: true }),
    /** The deliveries are all written (materialised from the recipients), so counting them is the total. */
    materialisedAt: timestamp("materialised_at", { withTimezone: true }),
    /** The last subscription id materialised (keyset), so an interrupted materialisation goes on from there. */
    materialisedAfter: uuid("materialised_after"),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    total: integer("total").notNull().default(0),
    sentCount: integer("sent_count").notNull().default(0),
    failedCount: integer("failed_count").notNull().default(0),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    /** The offering it announces, when drafted from one (read through the trainings service only). */
    offeringId: uuid("offering_id").references(() => trainingOfferings.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [oneOf("mailing_campaigns_status_check", t.status, CAMPAIGN_STATUSES), index("mailing_campaigns_status_idx").on(t.status)],
);

/** One subscriber's copy of a campaign: no address kept (the subscription has it; erasing it removes this row). */
export const mailingDeliveries = pgTable(
  "mailing_deliveries",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => mailingCampaigns.id, { onDelete: "cascade" }),
    subscriptionId: uuid("subscription_id")
      .notNull()
      .references(() => mailingSubscriptions.id, { onDelete: "cascade" }),
    status: text("status", { enum: DELIVERY_STATUSES }).notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    claimedAt: timestamp("claimed_at", { withTimezone: true }),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    /** The SMTP server's answer or what went wrong, without the address. */
    error: text("error"),
  },
  (t) => [
    uniqueIndex("mailing_deliveries_once_idx").on(t.campaignId, t.subscriptionId),
    index("mailing_deliveries_queue_idx").on(t.campaignId, t.id).where(sql`status = 'queued'`),
    index("mailing_deliveries_subscription_idx").on(t.subscriptionId),
    oneOf("mailing_deliveries_status_check", t.status, DELIVERY_STATUSES),
  ],
);
