import { bigint, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * One row per capability whose public pages are cached: every edit of its public content bumps
 * `version` in the edit's own transaction, and page caches (in every process) compare against it.
 */
export const contentVersions = pgTable("content_versions", {
  capability: text("capability").primaryKey(),
  version: bigint("version", { mode: "number" }).notNull().default(1),
  changedAt: timestamp("changed_at", { withTimezone: true }).notNull().defaultNow(),
});
