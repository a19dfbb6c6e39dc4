CREATE TABLE "key_figures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"email" text NOT NULL,
	"name" text,
	"role" text NOT NULL,
	"role_note" text,
	"status" text DEFAULT 'invited' NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"invited_by" uuid,
	"user_id" uuid,
	"accepted_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"removed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "key_figures_role_check" CHECK ("key_figures"."role" in ('committee_chair', 'peer_listener', 'confidential_contact', 'other')),
	CONSTRAINT "key_figures_status_check" CHECK ("key_figures"."status" in ('invited', 'active', 'declined', 'withdrawn', 'expired', 'removed')),
	CONSTRAINT "key_figures_active_user_check" CHECK ("key_figures"."status" <> 'active' or "key_figures"."user_id" is not null)
);
--> statement-breakpoint
ALTER TABLE "key_figures" ADD CONSTRAINT "key_figures_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_figures" ADD CONSTRAINT "key_figures_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_figures" ADD CONSTRAINT "key_figures_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "key_figures_token_idx" ON "key_figures" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "key_figures_open_idx" ON "key_figures" USING btree ("organisation_id","email") WHERE status in ('invited', 'active');--> statement-breakpoint
CREATE INDEX "key_figures_user_idx" ON "key_figures" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "key_figures_email_idx" ON "key_figures" USING btree ("email");--> statement-breakpoint
CREATE INDEX "key_figures_inviter_idx" ON "key_figures" USING btree ("invited_by","created_at");--> statement-breakpoint
CREATE INDEX "key_figures_org_idx" ON "key_figures" USING btree ("organisation_id","created_at");