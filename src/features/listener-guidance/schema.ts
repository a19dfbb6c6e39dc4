import { sql } from "drizzle-orm";
import { check, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { Localized } from "../../core/i18n/index.js";
import { users } from "../auth/schema.js";

/**
 * The office's guidance for setting up confidential peer listeners (why and how to appoint them,
 * what they do and do not do, a model job description, handling a report, referring): one page
 * per row, in both languages. The body is plain text: paragraphs separated by a blank line.
 */
export const guidancePages = pgTable(
  "guidance_pages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: text("slug").notNull(),
    title: jsonb("title").$type<Localized>().notNull(),
    body: jsonb("body").$type<Localized>().notNull().default({ nl: "", en: "" }),
    /** Position in the index, ascending. */
    sort: integer("sort").notNull().default(0),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    uniqueIndex("guidance_pages_slug_idx").on(t.slug),
    check("guidance_pages_slug_check", sql`${t.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(${t.slug}) <= 80`),
  ],
);
