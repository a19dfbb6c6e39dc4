import { boolean, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const outbox = pgTable("outbox", {
  id: uuid("id").primaryKey().defaultRandom(),
  to: text("to").notNull(),
  lang: text("lang", { enum: ["nl", "en"] }).notNull(),
  subject: text("subject").notNull(),
  html: text("html").notNull(),
  text: text("text").notNull(),
  /** Template name, for the dev mailbox and tests; never the content. */
  template: text("template").notNull(),
  /** Holds a secret (a sign-in or confirmation link): the body is blanked once the mail is sent. */
  sensitive: boolean("sensitive").notNull().default(false),
  status: text("status", { enum: ["pending", "sent", "failed", "held"] })
    .notNull()
    .default("pending"),
  attempts: integer("attempts").notNull().default(0),
  lastError: text("last_error"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  sentAt: timestamp("sent_at", { withTimezone: true }),
});
