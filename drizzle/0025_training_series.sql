-- One date per organisation and series (issue 9): a registration for a date of a series to choose
-- one from (format 'choice') carries series = true, and a partial unique index holds one active
-- registration per organisation and offering among those rows. The column takes no default in the
-- schema (every insert says it); the default here only fills the rows that exist, then goes.
ALTER TABLE "training_registrations" ADD COLUMN "series" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Backfill from the offering's format. Rows written before the check under the lock existed could
-- hold two active dates of one series for one organisation: those stay false (outside the index,
-- left as they are, as the check left them), so the index is built on data that keeps it.
UPDATE "training_registrations" r SET "series" = true
FROM "training_offerings" o
WHERE o."id" = r."offering_id" AND o."format" = 'choice'
  AND (r."status" NOT IN ('confirmed', 'offered', 'waiting') OR NOT EXISTS (
    SELECT 1 FROM "training_registrations" d
    WHERE d."organisation_id" = r."organisation_id" AND d."offering_id" = r."offering_id" AND d."id" <> r."id"
      AND d."status" IN ('confirmed', 'offered', 'waiting')));--> statement-breakpoint
ALTER TABLE "training_registrations" ALTER COLUMN "series" DROP DEFAULT;--> statement-breakpoint
CREATE UNIQUE INDEX "training_registrations_series_idx" ON "training_registrations" USING btree ("organisation_id","offering_id") WHERE series and status in ('confirmed', 'offered', 'waiting');
