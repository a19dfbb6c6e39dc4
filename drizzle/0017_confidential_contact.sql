CREATE TABLE "confidential_advisers" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"added_by" uuid,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contact_conversations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"listener_key_figure_id" uuid,
	"lang" text NOT NULL,
	"receipt_hash" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"handover_consent" boolean DEFAULT false NOT NULL,
	"handed_over_at" timestamp with time zone,
	"referral_resource_id" uuid,
	"referral_note" text,
	"blocked" boolean DEFAULT false NOT NULL,
	"contact_name" text,
	"reply_email" text,
	"created_at" timestamp with time zone NOT NULL,
	"last_message_at" timestamp with time zone NOT NULL,
	"delete_after" timestamp with time zone NOT NULL,
	CONSTRAINT "contact_conversations_status_check" CHECK ("contact_conversations"."status" in ('open', 'closed', 'handed_over')),
	CONSTRAINT "contact_conversations_lang_check" CHECK ("contact_conversations"."lang" in ('nl', 'en')),
	CONSTRAINT "contact_conversations_handover_check" CHECK ("contact_conversations"."status" <> 'handed_over' or "contact_conversations"."handover_consent"),
	CONSTRAINT "contact_conversations_name_check" CHECK ("contact_conversations"."contact_name" is null or "contact_conversations"."contact_name" ~ '^[A-Za-z0-9_-]{1,16}:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+:[A-Za-z0-9_-]*$'),
	CONSTRAINT "contact_conversations_email_check" CHECK ("contact_conversations"."reply_email" is null or "contact_conversations"."reply_email" ~ '^[A-Za-z0-9_-]{1,16}:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+:[A-Za-z0-9_-]*$'),
	CONSTRAINT "contact_conversations_note_check" CHECK ("contact_conversations"."referral_note" is null or "contact_conversations"."referral_note" ~ '^[A-Za-z0-9_-]{1,16}:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+:[A-Za-z0-9_-]*$')
);
--> statement-breakpoint
CREATE TABLE "contact_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"conversation_id" uuid NOT NULL,
	"author" text NOT NULL,
	"author_key_figure_id" uuid,
	"body" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "contact_messages_author_check" CHECK ("contact_messages"."author" in ('student', 'listener', 'adviser')),
	CONSTRAINT "contact_messages_body_check" CHECK ("contact_messages"."body" ~ '^[A-Za-z0-9_-]{1,16}:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+:[A-Za-z0-9_-]*$')
);
--> statement-breakpoint
ALTER TABLE "confidential_advisers" ADD CONSTRAINT "confidential_advisers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "confidential_advisers" ADD CONSTRAINT "confidential_advisers_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_conversations" ADD CONSTRAINT "contact_conversations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_conversations" ADD CONSTRAINT "contact_conversations_listener_key_figure_id_key_figures_id_fk" FOREIGN KEY ("listener_key_figure_id") REFERENCES "public"."key_figures"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_conversations" ADD CONSTRAINT "contact_conversations_referral_resource_id_roadmap_resources_id_fk" FOREIGN KEY ("referral_resource_id") REFERENCES "public"."roadmap_resources"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_messages" ADD CONSTRAINT "contact_messages_conversation_id_contact_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."contact_conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_messages" ADD CONSTRAINT "contact_messages_author_key_figure_id_key_figures_id_fk" FOREIGN KEY ("author_key_figure_id") REFERENCES "public"."key_figures"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "contact_conversations_receipt_idx" ON "contact_conversations" USING btree ("receipt_hash");--> statement-breakpoint
CREATE INDEX "contact_conversations_org_idx" ON "contact_conversations" USING btree ("organisation_id","last_message_at");--> statement-breakpoint
CREATE INDEX "contact_conversations_delete_idx" ON "contact_conversations" USING btree ("delete_after");--> statement-breakpoint
CREATE INDEX "contact_messages_conversation_idx" ON "contact_messages" USING btree ("conversation_id","created_at");