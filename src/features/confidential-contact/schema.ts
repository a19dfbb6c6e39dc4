import { sql } from "drizzle-orm";
import { boolean, check, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { oneOf } from "../../db/constraints.js";
import { users } from "../auth/schema.js";
import { keyFigures } from "../key-figures/schema.js";
import { organisations } from "../organisations/schema.js";
import { resources } from "../roadmap/schema.js";

/** `handed_over`: the listeners handed it to the office's confidential adviser (with the student's consent). */
export const CONVERSATION_STATUSES = ["open", "closed", "handed_over"] as const;
export const AUTHORS = ["student", "listener", "adviser"] as const;
const LANGS = ["nl", "en"] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];
export type Author = (typeof AUTHORS)[number];

/** An encrypted value: `keyId:iv:tag:ciphertext` (see crypto.ts). */
const ENCRYPTED = "^[A-Za-z0-9_-]{1,16}:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+:[A-Za-z0-9_-]*$";

/**
 * A student's confidential conversation with an organisation's listener team (or, first, one
 * listener of it). The student has no account: a receipt (16 digits, stored only as a slow hash)
 * brings them back. Name, reply address and the referral note are encrypted; the conversation is
 * deleted at `delete_after` (the last message plus CONTACT_RETENTION_DAYS).
 */
export const contactConversations = pgTable(
  "contact_conversations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    /** The listener the student chose (null: the team). The whole team reads it either way. */
    listenerKeyFigureId: uuid("listener_key_figure_id").references(() => keyFigures.id, { onDelete: "set null" }),
    lang: text("lang", { enum: LANGS }).notNull(),
    /** scrypt of the receipt with the site-wide salt (crypto.ts). */
    receiptHash: text("receipt_hash").notNull(),
    status: text("status", { enum: CONVERSATION_STATUSES }).notNull().default("open"),
    /** The student agreed that the listeners may hand the conversation to the office's confidential adviser. */
    handoverConsent: boolean("handover_consent").notNull().default(false),
    handedOverAt: timestamp("handed_over_at", { withTimezone: true }),
    /** A roadmap resource the listener referred the student to, and/or a note (encrypted). */
    referralResourceId: uuid("referral_resource_id").references(() => resources.id, { onDelete: "set null" }),
    referralNote: text("referral_note"),
    /** The listeners accept no more messages on this receipt. */
    blocked: boolean("blocked").notNull().default(false),
    /** Optional, encrypted: the name the student gave, and the address for "there is a reply" mail. */
    contactName: text("contact_name"),
    replyEmail: text("reply_email"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    /**
     * When the listeners (or, once handed over, the advisers) were last mailed "a new message"
     * about it; null when an answer was written since (the next student message mails at once).
     */
    notifiedAt: timestamp("notified_at", { withTimezone: true }),
    lastMessageAt: timestamp("last_message_at", { withTimezone: true }).notNull(),
    deleteAfter: timestamp("delete_after", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("contact_conversations_receipt_idx").on(t.receiptHash),
    index("contact_conversations_org_idx").on(t.organisationId, t.lastMessageAt),
    index("contact_conversations_delete_idx").on(t.deleteAfter),
    oneOf("contact_conversations_status_check", t.status, CONVERSATION_STATUSES),
    oneOf("contact_conversations_lang_check", t.lang, LANGS),
    check("contact_conversations_handover_check", sql`${t.status} <> 'handed_over' or ${t.handoverConsent}`),
    check("contact_conversations_name_check", sql`${t.contactName} is null or ${t.contactName} ~ ${sql.raw(`'${ENCRYPTED}'`)}`),
    check("contact_conversations_email_check", sql`${t.replyEmail} is null or ${t.replyEmail} ~ ${sql.raw(`'${ENCRYPTED}'`)}`),
    check("contact_conversations_note_check", sql`${t.referralNote} is null or ${t.referralNote} ~ ${sql.raw(`'${ENCRYPTED}'`)}`),
  ],
);

/** One message of a conversation; the body is encrypted. */
export const contactMessages = pgTable(
  "contact_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => contactConversations.id, { onDelete: "cascade" }),
    author: text("author", { enum: AUTHORS }).notNull(),
    /** The listener who wrote it (null once they are no key figure any more, and for students and the adviser). */
    authorKeyFigureId: uuid("author_key_figure_id").references(() => keyFigures.id, { onDelete: "set null" }),
    body: text("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("contact_messages_conversation_idx").on(t.conversationId, t.createdAt),
    oneOf("contact_messages_author_check", t.author, AUTHORS),
    check("contact_messages_body_check", sql`${t.body} ~ ${sql.raw(`'${ENCRYPTED}'`)}`),
  ],
);

/** The office's confidential advisers: office accounts an administrator named; they read handed-over conversations. */
export const confidentialAdvisers = pgTable("confidential_advisers", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  addedBy: uuid("added_by").references(() => users.id, { onDelete: "set null" }),
  addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
});
