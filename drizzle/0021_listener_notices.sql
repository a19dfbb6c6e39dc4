CREATE TABLE "listener_notices" (
	"key_figure_id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"notified_at" timestamp with time zone NOT NULL,
	"pending" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
ALTER TABLE "listener_notices" ADD CONSTRAINT "listener_notices_key_figure_id_key_figures_id_fk" FOREIGN KEY ("key_figure_id") REFERENCES "public"."key_figures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listener_notices" ADD CONSTRAINT "listener_notices_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "listener_notices_pending_idx" ON "listener_notices" USING btree ("notified_at") WHERE "listener_notices"."pending";