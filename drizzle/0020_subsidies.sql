CREATE TABLE "subsidy_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text,
	"organisation_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"status" text NOT NULL,
	"lang" text NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"aim" text DEFAULT '' NOT NULL,
	"target_group" text DEFAULT '' NOT NULL,
	"expected_participants" integer,
	"starts_on" date,
	"ends_on" date,
	"place" text DEFAULT '' NOT NULL,
	"partners" text DEFAULT '' NOT NULL,
	"other_income_cents" bigint DEFAULT 0 NOT NULL,
	"requested_cents" bigint,
	"contact_name" text DEFAULT '' NOT NULL,
	"contact_email" text DEFAULT '' NOT NULL,
	"contact_phone" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"assigned_to" uuid,
	"submitted_at" timestamp with time zone,
	"decision_due" date,
	"granted_cents" bigint,
	"decision_text" text,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"report_due" date,
	"report_reminded_at" timestamp with time zone,
	"report_text" text,
	"report_participants" integer,
	"report_evaluation" text,
	"report_submitted_at" timestamp with time zone,
	"paid_cents" bigint,
	"paid_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"idempotency_key" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "subsidy_applications_status_check" CHECK ("subsidy_applications"."status" in ('draft', 'submitted', 'in_review', 'info_requested', 'approved', 'declined', 'withdrawn', 'held', 'report_submitted', 'paid', 'closed')),
	CONSTRAINT "subsidy_applications_lang_check" CHECK ("subsidy_applications"."lang" in ('nl', 'en')),
	CONSTRAINT "subsidy_applications_amounts_check" CHECK ("subsidy_applications"."other_income_cents" >= 0 and coalesce("subsidy_applications"."requested_cents", 0) >= 0 and coalesce("subsidy_applications"."granted_cents", 0) >= 0 and coalesce("subsidy_applications"."paid_cents", 0) >= 0),
	CONSTRAINT "subsidy_applications_dates_check" CHECK ("subsidy_applications"."ends_on" is null or "subsidy_applications"."starts_on" is null or "subsidy_applications"."ends_on" >= "subsidy_applications"."starts_on"),
	CONSTRAINT "subsidy_applications_granted_check" CHECK ("subsidy_applications"."status" not in ('approved', 'held', 'report_submitted', 'paid', 'closed') or "subsidy_applications"."granted_cents" is not null)
);
--> statement-breakpoint
CREATE TABLE "subsidy_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"filename" text NOT NULL,
	"mime" text NOT NULL,
	"size" integer NOT NULL,
	"data" "bytea" NOT NULL,
	"uploaded_by" uuid,
	"by_office" boolean DEFAULT false NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "subsidy_attachments_kind_check" CHECK ("subsidy_attachments"."kind" in ('quote', 'receipt', 'other')),
	CONSTRAINT "subsidy_attachments_mime_check" CHECK ("subsidy_attachments"."mime" in ('application/pdf', 'image/png', 'image/jpeg'))
);
--> statement-breakpoint
CREATE TABLE "subsidy_budget_lines" (
	"application_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"position" smallint NOT NULL,
	"item" text NOT NULL,
	"amount_cents" bigint NOT NULL,
	CONSTRAINT "subsidy_budget_lines_application_id_kind_position_pk" PRIMARY KEY("application_id","kind","position"),
	CONSTRAINT "subsidy_budget_lines_kind_check" CHECK ("subsidy_budget_lines"."kind" in ('plan', 'actual')),
	CONSTRAINT "subsidy_budget_lines_amount_check" CHECK ("subsidy_budget_lines"."amount_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "subsidy_budgets" (
	"year" integer PRIMARY KEY NOT NULL,
	"total_cents" bigint NOT NULL,
	"max_per_application_cents" bigint NOT NULL,
	"max_per_organisation_cents" bigint NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "subsidy_budgets_amounts_check" CHECK ("subsidy_budgets"."total_cents" >= 0 and "subsidy_budgets"."max_per_application_cents" > 0 and "subsidy_budgets"."max_per_organisation_cents" > 0)
);
--> statement-breakpoint
CREATE TABLE "subsidy_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"body" text NOT NULL,
	"author" uuid,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "subsidy_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"status" text NOT NULL,
	"note" text,
	"actor" uuid,
	"at" timestamp with time zone NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "subsidy_events_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	CONSTRAINT "subsidy_events_status_check" CHECK ("subsidy_events"."status" in ('draft', 'submitted', 'in_review', 'info_requested', 'approved', 'declined', 'withdrawn', 'held', 'report_submitted', 'paid', 'closed'))
);
--> statement-breakpoint
CREATE TABLE "subsidy_scores" (
	"application_id" uuid NOT NULL,
	"criterion" text NOT NULL,
	"reviewer" uuid NOT NULL,
	"score" smallint NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "subsidy_scores_application_id_criterion_reviewer_pk" PRIMARY KEY("application_id","criterion","reviewer"),
	CONSTRAINT "subsidy_scores_score_check" CHECK ("subsidy_scores"."score" between 0 and 3)
);
--> statement-breakpoint
CREATE TABLE "subsidy_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"body" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "subsidy_templates_kind_check" CHECK ("subsidy_templates"."kind" in ('info', 'approve', 'decline'))
);
--> statement-breakpoint
CREATE TABLE "subsidy_texts" (
	"slug" text PRIMARY KEY NOT NULL,
	"body" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
ALTER TABLE "subsidy_applications" ADD CONSTRAINT "subsidy_applications_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_applications" ADD CONSTRAINT "subsidy_applications_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_applications" ADD CONSTRAINT "subsidy_applications_assigned_to_users_id_fk" FOREIGN KEY ("assigned_to") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_applications" ADD CONSTRAINT "subsidy_applications_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_attachments" ADD CONSTRAINT "subsidy_attachments_application_id_subsidy_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."subsidy_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_attachments" ADD CONSTRAINT "subsidy_attachments_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_budget_lines" ADD CONSTRAINT "subsidy_budget_lines_application_id_subsidy_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."subsidy_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_budgets" ADD CONSTRAINT "subsidy_budgets_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_comments" ADD CONSTRAINT "subsidy_comments_application_id_subsidy_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."subsidy_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_comments" ADD CONSTRAINT "subsidy_comments_author_users_id_fk" FOREIGN KEY ("author") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_events" ADD CONSTRAINT "subsidy_events_application_id_subsidy_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."subsidy_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_events" ADD CONSTRAINT "subsidy_events_actor_users_id_fk" FOREIGN KEY ("actor") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_scores" ADD CONSTRAINT "subsidy_scores_application_id_subsidy_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."subsidy_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_scores" ADD CONSTRAINT "subsidy_scores_reviewer_users_id_fk" FOREIGN KEY ("reviewer") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_texts" ADD CONSTRAINT "subsidy_texts_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "subsidy_applications_org_idx" ON "subsidy_applications" USING btree ("organisation_id","year");--> statement-breakpoint
CREATE INDEX "subsidy_applications_status_idx" ON "subsidy_applications" USING btree ("year","status");--> statement-breakpoint
CREATE INDEX "subsidy_applications_assigned_idx" ON "subsidy_applications" USING btree ("assigned_to");--> statement-breakpoint
CREATE INDEX "subsidy_applications_created_by_idx" ON "subsidy_applications" USING btree ("created_by");--> statement-breakpoint
CREATE UNIQUE INDEX "subsidy_applications_reference_idx" ON "subsidy_applications" USING btree ("reference");--> statement-breakpoint
CREATE UNIQUE INDEX "subsidy_applications_idempotency_idx" ON "subsidy_applications" USING btree ("created_by","idempotency_key");--> statement-breakpoint
CREATE INDEX "subsidy_attachments_application_idx" ON "subsidy_attachments" USING btree ("application_id","at");--> statement-breakpoint
CREATE INDEX "subsidy_attachments_uploaded_by_idx" ON "subsidy_attachments" USING btree ("uploaded_by");--> statement-breakpoint
CREATE INDEX "subsidy_comments_application_idx" ON "subsidy_comments" USING btree ("application_id","at");--> statement-breakpoint
CREATE INDEX "subsidy_comments_author_idx" ON "subsidy_comments" USING btree ("author");--> statement-breakpoint
CREATE INDEX "subsidy_events_application_idx" ON "subsidy_events" USING btree ("application_id","seq");--> statement-breakpoint
CREATE INDEX "subsidy_events_actor_idx" ON "subsidy_events" USING btree ("actor");--> statement-breakpoint
CREATE INDEX "subsidy_scores_reviewer_idx" ON "subsidy_scores" USING btree ("reviewer");