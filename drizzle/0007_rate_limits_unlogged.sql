-- Rate-limit buckets are short-lived and cheap to lose (ADR 012): an unlogged table skips the WAL,
-- so a hit does not wait for a disk flush. After a crash the table is empty (every bucket full),
-- and standbys don't carry it. drizzle-kit has no option for this; the schema is otherwise unchanged.
ALTER TABLE "rate_limits" SET UNLOGGED;
