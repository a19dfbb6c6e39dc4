CREATE TABLE "guidance_pages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"title" jsonb NOT NULL,
	"body" jsonb DEFAULT '{"nl":"","en":""}'::jsonb NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "guidance_pages_slug_check" CHECK ("guidance_pages"."slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length("guidance_pages"."slug") <= 80)
);
--> statement-breakpoint
ALTER TABLE "listener_profiles" DROP CONSTRAINT "listener_profiles_name_check";--> statement-breakpoint
ALTER TABLE "listener_profiles" ADD COLUMN "user_id" uuid;--> statement-breakpoint
ALTER TABLE "listener_profiles" ADD COLUMN "stepped_down_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "guidance_pages" ADD CONSTRAINT "guidance_pages_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "guidance_pages_slug_idx" ON "guidance_pages" USING btree ("slug");--> statement-breakpoint
ALTER TABLE "listener_profiles" ADD CONSTRAINT "listener_profiles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "listener_profiles_user_idx" ON "listener_profiles" USING btree ("user_id");--> statement-breakpoint
ALTER TABLE "listener_profiles" ADD CONSTRAINT "listener_profiles_introduction_check" CHECK (length("listener_profiles"."introduction") <= 500);--> statement-breakpoint
ALTER TABLE "listener_profiles" ADD CONSTRAINT "listener_profiles_name_check" CHECK (length("listener_profiles"."display_name") <= 80 and (length("listener_profiles"."display_name") >= 1 or "listener_profiles"."status" = 'stepped_down'));