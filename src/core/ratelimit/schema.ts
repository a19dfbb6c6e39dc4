import { index, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Shared rate-limit state on PostgreSQL (ADR 014): one row per rule and client, holding the
 * token bucket as its theoretical arrival time (GCRA). A row whose `tat` has passed is a full
 * bucket, the same as no row, and is deleted by the hourly clean-up.
 */
export const rateLimits = pgTable(
  "rate_limits",
  {
    /** `<rule name>:<HMAC of the client key>`: no address or IP is stored. */
    key: text("key").primaryKey(),
    tat: timestamp("tat", { withTimezone: true }).notNull(),
  },
  (t) => [index("rate_limits_tat_idx").on(t.tat)],
);
