CREATE TABLE "mailing_campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject" jsonb NOT NULL,
	"body" jsonb NOT NULL,
	"topics" text[] NOT NULL,
	"org_ids" uuid[],
	"status" text DEFAULT 'draft' NOT NULL,
	"scheduled_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"materialised_at" timestamp with time zone,
	"materialised_after" uuid,
	"finished_at" timestamp with time zone,
	"total" integer DEFAULT 0 NOT NULL,
	"sent_count" integer DEFAULT 0 NOT NULL,
	"failed_count" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"offering_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mailing_campaigns_status_check" CHECK ("mailing_campaigns"."status" in ('draft', 'scheduled', 'sending', 'paused', 'sent', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "mailing_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"campaign_id" uuid NOT NULL,
	"subscription_id" uuid NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"claimed_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"error" text,
	CONSTRAINT "mailing_deliveries_status_check" CHECK ("mailing_deliveries"."status" in ('queued', 'sending', 'sent', 'failed', 'skipped'))
);
--> statement-breakpoint
ALTER TABLE "mailing_campaigns" ADD CONSTRAINT "mailing_campaigns_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mailing_campaigns" ADD CONSTRAINT "mailing_campaigns_offering_id_training_offerings_id_fk" FOREIGN KEY ("offering_id") REFERENCES "public"."training_offerings"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mailing_deliveries" ADD CONSTRAINT "mailing_deliveries_campaign_id_mailing_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."mailing_campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mailing_deliveries" ADD CONSTRAINT "mailing_deliveries_subscription_id_mailing_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."mailing_subscriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mailing_campaigns_status_idx" ON "mailing_campaigns" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "mailing_deliveries_once_idx" ON "mailing_deliveries" USING btree ("campaign_id","subscription_id");--> statement-breakpoint
CREATE INDEX "mailing_deliveries_queue_idx" ON "mailing_deliveries" USING btree ("campaign_id","id") WHERE status = 'queued';--> statement-breakpoint
CREATE INDEX "mailing_deliveries_subscription_idx" ON "mailing_deliveries" USING btree ("subscription_id");