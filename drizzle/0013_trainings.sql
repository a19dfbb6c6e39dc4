CREATE TABLE "training_attendance" (
	"participant_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"present" boolean NOT NULL,
	CONSTRAINT "training_attendance_participant_id_session_id_pk" PRIMARY KEY("participant_id","session_id")
);
--> statement-breakpoint
CREATE TABLE "training_participants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"registration_id" uuid NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"role" text DEFAULT '' NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_registrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"offering_id" uuid NOT NULL,
	"session_id" uuid,
	"scope_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"status" text NOT NULL,
	"queue_no" bigint GENERATED ALWAYS AS IDENTITY (sequence name "training_registrations_queue_no_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"offer_expires_at" timestamp with time zone,
	"above_cap" boolean DEFAULT false NOT NULL,
	"lang" text NOT NULL,
	"registered_by" uuid,
	"idempotency_key" text,
	"reason" text,
	"changed_by" uuid,
	"reminded_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "training_registrations_status_check" CHECK ("training_registrations"."status" in ('confirmed', 'offered', 'waiting', 'cancelled', 'expired')),
	CONSTRAINT "training_registrations_lang_check" CHECK ("training_registrations"."lang" in ('nl', 'en')),
	CONSTRAINT "training_registrations_offer_check" CHECK (("training_registrations"."status" = 'offered') = ("training_registrations"."offer_expires_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "training_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"offering_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"requested_by" uuid,
	"preferred_dates" text NOT NULL,
	"group_size" integer NOT NULL,
	"wishes" text,
	"lang" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"reason" text,
	"session_id" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "training_requests_status_check" CHECK ("training_requests"."status" in ('pending', 'planned', 'declined', 'withdrawn')),
	CONSTRAINT "training_requests_lang_check" CHECK ("training_requests"."lang" in ('nl', 'en')),
	CONSTRAINT "training_requests_group_check" CHECK ("training_requests"."group_size" >= 1)
);
--> statement-breakpoint
CREATE TABLE "training_offerings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"kind" text NOT NULL,
	"title" jsonb NOT NULL,
	"summary" jsonb DEFAULT '{"nl":"","en":""}'::jsonb NOT NULL,
	"description" jsonb DEFAULT '{"nl":"","en":""}'::jsonb NOT NULL,
	"audiences" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"provider" text DEFAULT 'university' NOT NULL,
	"provider_name" jsonb DEFAULT '{"nl":"","en":""}'::jsonb NOT NULL,
	"provider_url" text,
	"lang" text NOT NULL,
	"cost_cents" integer DEFAULT 0 NOT NULL,
	"format" text DEFAULT 'single' NOT NULL,
	"registration" text DEFAULT 'portal' NOT NULL,
	"external_url" text,
	"capacity_unit" text DEFAULT 'organisations' NOT NULL,
	"capacity" integer,
	"max_per_organisation" integer DEFAULT 4 NOT NULL,
	"opens_at" timestamp with time zone,
	"closes_at" timestamp with time zone,
	"cancel_hours_before" integer DEFAULT 48 NOT NULL,
	"waiting_list" boolean DEFAULT true NOT NULL,
	"auto_promote" boolean DEFAULT false NOT NULL,
	"offer_hours" integer DEFAULT 48 NOT NULL,
	"waiting_note" jsonb DEFAULT '{"nl":"","en":""}'::jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"revision" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_offerings_kind_check" CHECK ("training_offerings"."kind" in ('training', 'workshop', 'tailor_made', 'programme')),
	CONSTRAINT "training_offerings_provider_check" CHECK ("training_offerings"."provider" in ('university', 'public_health', 'partner')),
	CONSTRAINT "training_offerings_lang_check" CHECK ("training_offerings"."lang" in ('nl', 'en')),
	CONSTRAINT "training_offerings_format_check" CHECK ("training_offerings"."format" in ('single', 'choice', 'package')),
	CONSTRAINT "training_offerings_registration_check" CHECK ("training_offerings"."registration" in ('portal', 'external', 'request')),
	CONSTRAINT "training_offerings_capacity_unit_check" CHECK ("training_offerings"."capacity_unit" in ('organisations', 'people', 'boards')),
	CONSTRAINT "training_offerings_status_check" CHECK ("training_offerings"."status" in ('draft', 'published', 'archived')),
	CONSTRAINT "training_offerings_capacity_check" CHECK ("training_offerings"."capacity" is null or "training_offerings"."capacity" >= 0),
	CONSTRAINT "training_offerings_cost_check" CHECK ("training_offerings"."cost_cents" >= 0),
	CONSTRAINT "training_offerings_max_check" CHECK ("training_offerings"."max_per_organisation" >= 1),
	CONSTRAINT "training_offerings_offer_hours_check" CHECK ("training_offerings"."offer_hours" >= 1)
);
--> statement-breakpoint
CREATE TABLE "training_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"offering_id" uuid NOT NULL,
	"title" jsonb DEFAULT '{"nl":"","en":""}'::jsonb NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"location" jsonb,
	"online_url" text,
	"capacity" integer,
	"reserved_for" uuid,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"sequence" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_sessions_status_check" CHECK ("training_sessions"."status" in ('scheduled', 'cancelled')),
	CONSTRAINT "training_sessions_time_check" CHECK ("training_sessions"."ends_at" > "training_sessions"."starts_at"),
	CONSTRAINT "training_sessions_capacity_check" CHECK ("training_sessions"."capacity" is null or "training_sessions"."capacity" >= 0)
);
--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "attachments" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "training_attendance" ADD CONSTRAINT "training_attendance_participant_id_training_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."training_participants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_attendance" ADD CONSTRAINT "training_attendance_session_id_training_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."training_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_participants" ADD CONSTRAINT "training_participants_registration_id_training_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."training_registrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_registrations" ADD CONSTRAINT "training_registrations_offering_id_training_offerings_id_fk" FOREIGN KEY ("offering_id") REFERENCES "public"."training_offerings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_registrations" ADD CONSTRAINT "training_registrations_session_id_training_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."training_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_registrations" ADD CONSTRAINT "training_registrations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_registrations" ADD CONSTRAINT "training_registrations_registered_by_users_id_fk" FOREIGN KEY ("registered_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_registrations" ADD CONSTRAINT "training_registrations_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_requests" ADD CONSTRAINT "training_requests_offering_id_training_offerings_id_fk" FOREIGN KEY ("offering_id") REFERENCES "public"."training_offerings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_requests" ADD CONSTRAINT "training_requests_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_requests" ADD CONSTRAINT "training_requests_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_requests" ADD CONSTRAINT "training_requests_session_id_training_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."training_sessions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_requests" ADD CONSTRAINT "training_requests_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_sessions" ADD CONSTRAINT "training_sessions_offering_id_training_offerings_id_fk" FOREIGN KEY ("offering_id") REFERENCES "public"."training_offerings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_sessions" ADD CONSTRAINT "training_sessions_reserved_for_organisations_id_fk" FOREIGN KEY ("reserved_for") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "training_participants_registration_idx" ON "training_participants" USING btree ("registration_id","sort");--> statement-breakpoint
CREATE INDEX "training_participants_email_idx" ON "training_participants" USING btree ("email");--> statement-breakpoint
CREATE UNIQUE INDEX "training_registrations_active_idx" ON "training_registrations" USING btree ("organisation_id","scope_id") WHERE status in ('confirmed', 'offered', 'waiting');--> statement-breakpoint
CREATE UNIQUE INDEX "training_registrations_idempotency_idx" ON "training_registrations" USING btree ("registered_by","idempotency_key");--> statement-breakpoint
CREATE INDEX "training_registrations_offering_idx" ON "training_registrations" USING btree ("offering_id","status","queue_no");--> statement-breakpoint
CREATE INDEX "training_registrations_session_idx" ON "training_registrations" USING btree ("session_id","status");--> statement-breakpoint
CREATE INDEX "training_registrations_org_idx" ON "training_registrations" USING btree ("organisation_id","created_at");--> statement-breakpoint
CREATE INDEX "training_registrations_offer_idx" ON "training_registrations" USING btree ("offer_expires_at") WHERE status = 'offered';--> statement-breakpoint
CREATE INDEX "training_requests_status_idx" ON "training_requests" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "training_requests_org_idx" ON "training_requests" USING btree ("organisation_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "training_requests_open_idx" ON "training_requests" USING btree ("organisation_id","offering_id") WHERE status = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "training_offerings_slug_idx" ON "training_offerings" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "training_offerings_status_idx" ON "training_offerings" USING btree ("status");--> statement-breakpoint
CREATE INDEX "training_sessions_offering_idx" ON "training_sessions" USING btree ("offering_id","starts_at");--> statement-breakpoint
CREATE INDEX "training_sessions_starts_idx" ON "training_sessions" USING btree ("starts_at");