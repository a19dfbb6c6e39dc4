import { boolean, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { oneOf } from "../../db/constraints.js";

export const OUTBOX_STATUSES = ["pending", "sent", "failed", "held"] as const;
const LANGS = ["nl", "en"] as const;

/** A file sent with a mail (a calendar invitation): text content, as nodemailer takes it. */
export type MailAttachment = { filename: string; contentType: string; content: string };

export const outbox = pgTable(
  "outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    to: text("to").notNull(),
    lang: text("lang", { enum: LANGS }).notNull(),
    subject: text("subject").notNull(),
    html: text("html").notNull(),
    text: text("text").notNull(),
    /** Template name, for the dev mailbox and tests; never the content. */
    template: text("template").notNull(),
    attachments: jsonb("attachments").$type<MailAttachment[]>().notNull().default([]),
    /** Extra headers (Message-ID, In-Reply-To, References, Reply-To, List-Unsubscribe …), passed to nodemailer as they are. */
    headers: jsonb("headers").$type<Record<string, string>>().notNull().default({}),
    /** Holds a secret (a sign-in or confirmation link): the body is blanked once the mail is sent. */
    sensitive: boolean("sensitive").notNull().default(false),
    status: text("status", { enum: OUTBOX_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [oneOf("outbox_lang_check", t.lang, LANGS), oneOf("outbox_status_check", t.status, OUTBOX_STATUSES)],
);
