ALTER TABLE "outbox" ADD COLUMN "sensitive" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "actor_deleted" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "subject_id" uuid;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "subject_deleted" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "id" uuid DEFAULT gen_random_uuid() NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "device" text;--> statement-breakpoint
ALTER TABLE "roadmap_print_orders" ADD COLUMN "personal_data_removed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_subject_id_users_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_actor_idx" ON "audit_log" USING btree ("actor_id");--> statement-breakpoint
CREATE INDEX "audit_subject_idx" ON "audit_log" USING btree ("subject_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sessions_id_idx" ON "sessions" USING btree ("id");--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_actor_deleted_chk" CHECK (not ("audit_log"."actor_deleted" and "audit_log"."actor_id" is not null));--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_subject_deleted_chk" CHECK (not ("audit_log"."subject_deleted" and "audit_log"."subject_id" is not null));--> statement-breakpoint
-- Audit entries named people by email address in `changes`; they now point at the account.
UPDATE "audit_log" a SET "subject_id" = u."id" FROM "users" u
  WHERE a."action" = 'board_member.add' AND u."email" = a."changes"->'email'->>'to';--> statement-breakpoint
UPDATE "audit_log" a SET "subject_id" = u."id" FROM "users" u
  WHERE a."action" = 'board_member.remove' AND u."email" = a."changes"->'email'->>'from';--> statement-breakpoint
UPDATE "audit_log" a SET "subject_id" = u."id" FROM "users" u
  WHERE a."action" IN ('request.approve', 'request.decline') AND u."email" = a."changes"->'requester'->>'to';--> statement-breakpoint
UPDATE "audit_log" a SET "subject_id" = u."id" FROM "users" u
  WHERE a."action" = 'staff.set_role' AND a."entity" = 'user' AND u."id"::text = a."entity_id";--> statement-breakpoint
-- An address that no longer has an account is a deleted account; the addresses themselves go.
UPDATE "audit_log" SET "subject_deleted" = true
  WHERE "subject_id" IS NULL AND (("action" IN ('board_member.add', 'board_member.remove') AND "changes"->'email' IS NOT NULL)
    OR ("action" IN ('request.approve', 'request.decline') AND "changes"->'requester' IS NOT NULL));--> statement-breakpoint
UPDATE "audit_log" SET "changes" = "changes" - 'email' WHERE "action" IN ('board_member.add', 'board_member.remove');--> statement-breakpoint
UPDATE "audit_log" SET "changes" = "changes" - 'requester' WHERE "action" IN ('request.approve', 'request.decline');--> statement-breakpoint
-- The hourly retention.cleanup replaces the auth.cleanup schedule.
DELETE FROM "jobs" WHERE "name" = 'auth.cleanup' AND "status" IN ('queued', 'running');
