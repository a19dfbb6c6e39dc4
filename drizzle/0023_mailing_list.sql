CREATE TABLE "mailing_bounces" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subscription_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"source" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "mailing_bounces_kind_check" CHECK ("mailing_bounces"."kind" in ('hard', 'soft', 'complaint')),
	CONSTRAINT "mailing_bounces_source_check" CHECK ("mailing_bounces"."source" in ('webhook', 'office'))
);
--> statement-breakpoint
CREATE TABLE "mailing_subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"org_id" uuid,
	"org_name" text,
	"contact_url" text,
	"lang" text NOT NULL,
	"topics" text[] NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"consent_version" text NOT NULL,
	"confirmed_at" timestamp with time zone,
	"unsubscribed_at" timestamp with time zone,
	"token_version" integer DEFAULT 1 NOT NULL,
	"hard_bounces" integer DEFAULT 0 NOT NULL,
	"last_bounce_at" timestamp with time zone,
	"board_confirmed_board_id" uuid,
	"board_confirmed_at" timestamp with time zone,
	"board_asked_board_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "mailing_subscriptions_status_check" CHECK ("mailing_subscriptions"."status" in ('pending', 'confirmed', 'unsubscribed', 'suspended')),
	CONSTRAINT "mailing_subscriptions_lang_check" CHECK ("mailing_subscriptions"."lang" in ('nl', 'en'))
);
--> statement-breakpoint
ALTER TABLE "mailing_bounces" ADD CONSTRAINT "mailing_bounces_subscription_id_mailing_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."mailing_subscriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mailing_subscriptions" ADD CONSTRAINT "mailing_subscriptions_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mailing_subscriptions" ADD CONSTRAINT "mailing_subscriptions_board_confirmed_board_id_boards_id_fk" FOREIGN KEY ("board_confirmed_board_id") REFERENCES "public"."boards"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mailing_subscriptions" ADD CONSTRAINT "mailing_subscriptions_board_asked_board_id_boards_id_fk" FOREIGN KEY ("board_asked_board_id") REFERENCES "public"."boards"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mailing_bounces_subscription_idx" ON "mailing_bounces" USING btree ("subscription_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "mailing_subscriptions_email_idx" ON "mailing_subscriptions" USING btree ("email");--> statement-breakpoint
CREATE INDEX "mailing_subscriptions_status_idx" ON "mailing_subscriptions" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "mailing_subscriptions_org_idx" ON "mailing_subscriptions" USING btree ("org_id");