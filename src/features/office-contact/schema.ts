import { bigserial, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { Localized } from "../../core/i18n/index.js";
import { oneOf } from "../../db/constraints.js";
import { users } from "../auth/schema.js";

export const CONTACT_SUBJECTS = ["question", "comment", "idea", "other"] as const;
/** `waiting`: the office replied and waits for the sender. */
export const CONTACT_STATUSES = ["open", "waiting", "closed"] as const;
/** `incoming`: from the sender (the form or their mail); `reply`: the office's mailed answer; `note`: internal, never mailed. */
export const ENTRY_KINDS = ["incoming", "reply", "note"] as const;
const LANGS = ["nl", "en"] as const;
export type ContactSubject = (typeof CONTACT_SUBJECTS)[number];
export type ContactStatus = (typeof CONTACT_STATUSES)[number];
export type EntryKind = (typeof ENTRY_KINDS)[number];

/**
 * A message someone sent the office through the contact form, and what followed. `reference`
 * ("C-2026-4F7K9Q") is what people quote; `reply_token` is the secret part of the reply address
 * (`reply+<token>@…`) that files their mailed answers here. Deleted RETENTION_OFFICE_CONTACT_DAYS
 * after it was closed.
 */
export const officeConversations = pgTable(
  "office_contact_conversations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    reference: text("reference").notNull(),
    replyToken: text("reply_token").notNull(),
    name: text("name").notNull(),
    email: text("email").notNull(),
    organisation: text("organisation"),
    subject: text("subject", { enum: CONTACT_SUBJECTS }).notNull(),
    lang: text("lang", { enum: LANGS }).notNull(),
    status: text("status", { enum: CONTACT_STATUSES }).notNull().default("open"),
    /** The signed-in account that sent it, if any. */
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    assigneeId: uuid("assignee_id").references(() => users.id, { onDelete: "set null" }),
    /** The Message-ID of the confirmation mail: the root of the thread in the sender's mail program. */
    rootMessageId: text("root_message_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    lastActivityAt: timestamp("last_activity_at", { withTimezone: true }).notNull(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("office_contact_reference_idx").on(t.reference),
    uniqueIndex("office_contact_reply_token_idx").on(t.replyToken),
    index("office_contact_status_idx").on(t.status, t.lastActivityAt),
    index("office_contact_email_idx").on(t.email),
    oneOf("office_contact_subject_check", t.subject, CONTACT_SUBJECTS),
    oneOf("office_contact_status_check", t.status, CONTACT_STATUSES),
    oneOf("office_contact_lang_check", t.lang, LANGS),
  ],
);

/** The thread: the sender's messages, the office's replies and its internal notes. */
export const officeEntries = pgTable(
  "office_contact_entries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => officeConversations.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ENTRY_KINDS }).notNull(),
    /** The office account that wrote a reply or note. */
    authorId: uuid("author_id").references(() => users.id, { onDelete: "set null" }),
    body: text("body").notNull(),
    /** A reply's Message-ID, or the Message-ID of a mail that came in. */
    messageId: text("message_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    /** The order of writing: entries written in the same instant still read in order. */
    seq: bigserial("seq", { mode: "number" }).notNull(),
  },
  (t) => [
    index("office_contact_entries_conv_idx").on(t.conversationId, t.seq),
    oneOf("office_contact_entries_kind_check", t.kind, ENTRY_KINDS),
  ],
);

/** The office's canned answers, in both languages; the reply form offers them. */
export const officeCanned = pgTable("office_contact_canned", {
  id: uuid("id").primaryKey().defaultRandom(),
  title: jsonb("title").$type<Localized>().notNull(),
  body: jsonb("body").$type<Localized>().notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
});
