CREATE TABLE "office_contact_canned" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" jsonb NOT NULL,
	"body" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "office_contact_conversations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"reply_token" text NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"organisation" text,
	"subject" text NOT NULL,
	"lang" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"user_id" uuid,
	"assignee_id" uuid,
	"root_message_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_activity_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "office_contact_subject_check" CHECK ("office_contact_conversations"."subject" in ('question', 'comment', 'idea', 'other')),
	CONSTRAINT "office_contact_status_check" CHECK ("office_contact_conversations"."status" in ('open', 'waiting', 'closed')),
	CONSTRAINT "office_contact_lang_check" CHECK ("office_contact_conversations"."lang" in ('nl', 'en'))
);
--> statement-breakpoint
CREATE TABLE "office_contact_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"conversation_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"author_id" uuid,
	"body" text NOT NULL,
	"message_id" text,
	"created_at" timestamp with time zone NOT NULL,
	"seq" bigserial NOT NULL,
	CONSTRAINT "office_contact_entries_kind_check" CHECK ("office_contact_entries"."kind" in ('incoming', 'reply', 'note'))
);
--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "headers" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "office_contact_canned" ADD CONSTRAINT "office_contact_canned_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "office_contact_conversations" ADD CONSTRAINT "office_contact_conversations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "office_contact_conversations" ADD CONSTRAINT "office_contact_conversations_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "office_contact_entries" ADD CONSTRAINT "office_contact_entries_conversation_id_office_contact_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."office_contact_conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "office_contact_entries" ADD CONSTRAINT "office_contact_entries_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "office_contact_reference_idx" ON "office_contact_conversations" USING btree ("reference");--> statement-breakpoint
CREATE UNIQUE INDEX "office_contact_reply_token_idx" ON "office_contact_conversations" USING btree ("reply_token");--> statement-breakpoint
CREATE INDEX "office_contact_status_idx" ON "office_contact_conversations" USING btree ("status","last_activity_at");--> statement-breakpoint
CREATE INDEX "office_contact_email_idx" ON "office_contact_conversations" USING btree ("email");--> statement-breakpoint
CREATE INDEX "office_contact_entries_conv_idx" ON "office_contact_entries" USING btree ("conversation_id","seq");