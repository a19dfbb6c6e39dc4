CREATE TABLE "social_safety_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"code_adopted" boolean NOT NULL,
	"code_adopted_on" date,
	"code_url" text,
	"policy" text NOT NULL,
	"policy_updated_on" date,
	"reported_by" uuid,
	"reported_at" timestamp with time zone NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "social_safety_reports_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	CONSTRAINT "social_safety_reports_policy_check" CHECK ("social_safety_reports"."policy" in ('none', 'draft', 'adopted')),
	CONSTRAINT "social_safety_reports_code_check" CHECK ("social_safety_reports"."code_adopted" or ("social_safety_reports"."code_adopted_on" is null and "social_safety_reports"."code_url" is null)),
	CONSTRAINT "social_safety_reports_policy_date_check" CHECK ("social_safety_reports"."policy" <> 'none' or "social_safety_reports"."policy_updated_on" is null)
);
--> statement-breakpoint
CREATE TABLE "social_safety_snapshots" (
	"organisation_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"code_adopted" boolean NOT NULL,
	"policy_adopted" boolean NOT NULL,
	"listener_trained" boolean NOT NULL,
	"board_trained" boolean NOT NULL,
	"programme" text NOT NULL,
	"workshop" boolean NOT NULL,
	"taken_at" timestamp with time zone NOT NULL,
	CONSTRAINT "social_safety_snapshots_organisation_id_year_pk" PRIMARY KEY("organisation_id","year"),
	CONSTRAINT "social_safety_snapshots_programme_check" CHECK ("social_safety_snapshots"."programme" in ('not_started', 'waiting', 'registered', 'in_progress', 'completed'))
);
--> statement-breakpoint
ALTER TABLE "social_safety_reports" ADD CONSTRAINT "social_safety_reports_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "social_safety_reports" ADD CONSTRAINT "social_safety_reports_reported_by_users_id_fk" FOREIGN KEY ("reported_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "social_safety_snapshots" ADD CONSTRAINT "social_safety_snapshots_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "social_safety_reports_org_idx" ON "social_safety_reports" USING btree ("organisation_id","seq");--> statement-breakpoint
CREATE INDEX "social_safety_reports_by_idx" ON "social_safety_reports" USING btree ("reported_by");--> statement-breakpoint
CREATE INDEX "social_safety_snapshots_year_idx" ON "social_safety_snapshots" USING btree ("year");