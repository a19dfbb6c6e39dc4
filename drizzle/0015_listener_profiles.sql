CREATE TABLE "listener_profiles" (
	"key_figure_id" uuid PRIMARY KEY NOT NULL,
	"display_name" text NOT NULL,
	"languages" jsonb DEFAULT '["nl"]'::jsonb NOT NULL,
	"introduction" text DEFAULT '' NOT NULL,
	"response_time" text DEFAULT 'two_days' NOT NULL,
	"listed" boolean DEFAULT true NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "listener_profiles_response_time_check" CHECK ("listener_profiles"."response_time" in ('same_day', 'two_days', 'week')),
	CONSTRAINT "listener_profiles_status_check" CHECK ("listener_profiles"."status" in ('active', 'paused', 'stepped_down')),
	CONSTRAINT "listener_profiles_name_check" CHECK (length("listener_profiles"."display_name") between 1 and 80)
);
--> statement-breakpoint
ALTER TABLE "listener_profiles" ADD CONSTRAINT "listener_profiles_key_figure_id_key_figures_id_fk" FOREIGN KEY ("key_figure_id") REFERENCES "public"."key_figures"("id") ON DELETE cascade ON UPDATE no action;