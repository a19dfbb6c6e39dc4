CREATE TABLE "board_invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"board_id" uuid NOT NULL,
	"email" text NOT NULL,
	"name" text,
	"position" text NOT NULL,
	"invited_by" uuid,
	"by_office" boolean DEFAULT false NOT NULL,
	"token_hash" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "board_invitations_position_check" CHECK ("board_invitations"."position" in ('chair', 'secretary', 'treasurer', 'wellbeing', 'other')),
	CONSTRAINT "board_invitations_status_check" CHECK ("board_invitations"."status" in ('pending', 'accepted', 'declined', 'withdrawn', 'expired'))
);
--> statement-breakpoint
DROP INDEX "organisations_name_idx";--> statement-breakpoint
ALTER TABLE "org_requests" ADD COLUMN "name_key" text;--> statement-breakpoint
-- Existing rows get a placeholder key that is unique by construction; the portal replaces it with
-- the name's real look-alike key (computed in TypeScript, core/text.ts) when it starts
-- (refreshLegacyNameKeys), so this migration cannot fail on two existing look-alike names.
ALTER TABLE "organisations" ADD COLUMN "name_key" text;--> statement-breakpoint
UPDATE "organisations" SET "name_key" = '~legacy:' || "id";--> statement-breakpoint
ALTER TABLE "organisations" ALTER COLUMN "name_key" SET NOT NULL;--> statement-breakpoint
UPDATE "org_requests" SET "name_key" = '~legacy:' || "id" WHERE "kind" = 'register';--> statement-breakpoint
-- One open join request per person and organisation: later duplicates are closed before the index.
UPDATE "org_requests" r SET "status" = 'declined', "reason" = 'Duplicate request', "decided_at" = now()
  WHERE r."status" = 'pending' AND r."kind" = 'join' AND EXISTS (
    SELECT 1 FROM "org_requests" o WHERE o."status" = 'pending' AND o."kind" = 'join' AND o."user_id" = r."user_id"
      AND o."organisation_id" = r."organisation_id" AND (o."created_at", o."id") < (r."created_at", r."id"));--> statement-breakpoint
-- Rows that point at an organisation that no longer exists keep their history without the link.
UPDATE "audit_log" a SET "organisation_id" = NULL
  WHERE a."organisation_id" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "organisations" o WHERE o."id" = a."organisation_id");--> statement-breakpoint
UPDATE "roadmap_print_orders" p SET "organisation_id" = NULL
  WHERE p."organisation_id" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "organisations" o WHERE o."id" = p."organisation_id");--> statement-breakpoint
ALTER TABLE "board_invitations" ADD CONSTRAINT "board_invitations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_invitations" ADD CONSTRAINT "board_invitations_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "public"."boards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_invitations" ADD CONSTRAINT "board_invitations_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "board_invitations_token_idx" ON "board_invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "board_invitations_open_idx" ON "board_invitations" USING btree ("board_id","email") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "board_invitations_inviter_idx" ON "board_invitations" USING btree ("invited_by","created_at");--> statement-breakpoint
CREATE INDEX "board_invitations_org_idx" ON "board_invitations" USING btree ("organisation_id","created_at");--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roadmap_print_orders" ADD CONSTRAINT "roadmap_print_orders_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "org_requests_user_idx" ON "org_requests" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "org_requests_open_join_idx" ON "org_requests" USING btree ("user_id","organisation_id") WHERE status = 'pending' and kind = 'join';--> statement-breakpoint
CREATE UNIQUE INDEX "org_requests_open_register_idx" ON "org_requests" USING btree ("user_id","name_key") WHERE status = 'pending' and kind = 'register';--> statement-breakpoint
CREATE UNIQUE INDEX "organisations_name_key_idx" ON "organisations" USING btree ("name_key");--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_status_check" CHECK ("jobs"."status" in ('queued', 'running', 'done', 'failed'));--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_lang_check" CHECK ("outbox"."lang" in ('nl', 'en'));--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_status_check" CHECK ("outbox"."status" in ('pending', 'sent', 'failed', 'held'));--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_lang_check" CHECK ("users"."lang" in ('nl', 'en'));--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_staff_role_check" CHECK ("users"."staff_role" in ('staff', 'admin'));--> statement-breakpoint
ALTER TABLE "board_members" ADD CONSTRAINT "board_members_position_check" CHECK ("board_members"."position" in ('chair', 'secretary', 'treasurer', 'wellbeing', 'other'));--> statement-breakpoint
ALTER TABLE "org_requests" ADD CONSTRAINT "org_requests_kind_check" CHECK ("org_requests"."kind" in ('register', 'join'));--> statement-breakpoint
ALTER TABLE "org_requests" ADD CONSTRAINT "org_requests_position_check" CHECK ("org_requests"."position" in ('chair', 'secretary', 'treasurer', 'wellbeing', 'other'));--> statement-breakpoint
ALTER TABLE "org_requests" ADD CONSTRAINT "org_requests_status_check" CHECK ("org_requests"."status" in ('pending', 'approved', 'declined'));--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_kind_check" CHECK ("organisations"."kind" in ('student_association', 'study_association', 'sports', 'cultural', 'international', 'student_party', 'other'));--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_status_check" CHECK ("organisations"."status" in ('active', 'dormant', 'dissolved'));--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_lang_check" CHECK ("organisations"."lang" in ('nl', 'en'));--> statement-breakpoint
ALTER TABLE "roadmap_resources" ADD CONSTRAINT "roadmap_resources_scope_check" CHECK ("roadmap_resources"."scope" in ('inside', 'outside'));--> statement-breakpoint
ALTER TABLE "roadmap_resources" ADD CONSTRAINT "roadmap_resources_cost_check" CHECK ("roadmap_resources"."cost" in ('free', 'insured', 'paid'));--> statement-breakpoint
ALTER TABLE "roadmap_resources" ADD CONSTRAINT "roadmap_resources_status_check" CHECK ("roadmap_resources"."status" in ('active', 'hidden'));--> statement-breakpoint
ALTER TABLE "roadmap_words" ADD CONSTRAINT "roadmap_words_lang_check" CHECK ("roadmap_words"."lang" in ('nl', 'en'));--> statement-breakpoint
ALTER TABLE "roadmap_topics" ADD CONSTRAINT "roadmap_topics_status_check" CHECK ("roadmap_topics"."status" in ('active', 'hidden'));--> statement-breakpoint
ALTER TABLE "roadmap_print_orders" ADD CONSTRAINT "roadmap_orders_lang_check" CHECK ("roadmap_print_orders"."lang" in ('nl', 'en'));--> statement-breakpoint
ALTER TABLE "roadmap_print_orders" ADD CONSTRAINT "roadmap_orders_status_check" CHECK ("roadmap_print_orders"."status" in ('unconfirmed', 'new', 'preparing', 'sent', 'cancelled'));