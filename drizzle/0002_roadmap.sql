CREATE TABLE "roadmap_print_orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"organisation_id" uuid,
	"organisation_name" text NOT NULL,
	"contact_name" text NOT NULL,
	"email" text NOT NULL,
	"lang" text NOT NULL,
	"quantity_nl" integer DEFAULT 0 NOT NULL,
	"quantity_en" integer DEFAULT 0 NOT NULL,
	"street" text NOT NULL,
	"postcode" text NOT NULL,
	"city" text NOT NULL,
	"country" text DEFAULT 'NL' NOT NULL,
	"note" text,
	"status" text NOT NULL,
	"cancel_reason" text,
	"confirm_token_hash" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "roadmap_resource_topics" (
	"resource_id" uuid NOT NULL,
	"topic_id" uuid NOT NULL,
	CONSTRAINT "roadmap_resource_topics_resource_id_topic_id_pk" PRIMARY KEY("resource_id","topic_id")
);
--> statement-breakpoint
CREATE TABLE "roadmap_resources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" jsonb NOT NULL,
	"summary" jsonb NOT NULL,
	"description" jsonb NOT NULL,
	"scope" text NOT NULL,
	"provider" text NOT NULL,
	"audiences" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"phones" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"email" text,
	"website" text,
	"address" jsonb,
	"hours" jsonb DEFAULT '{"nl":"","en":""}'::jsonb NOT NULL,
	"booking_url" text,
	"cost" text DEFAULT 'free' NOT NULL,
	"languages" jsonb DEFAULT '["nl","en"]'::jsonb NOT NULL,
	"confidentiality" jsonb DEFAULT '{"nl":"","en":""}'::jsonb NOT NULL,
	"urgent" boolean DEFAULT false NOT NULL,
	"last_reviewed_on" date,
	"reviewed_by" uuid,
	"status" text DEFAULT 'active' NOT NULL,
	"search_nl" "tsvector",
	"search_en" "tsvector",
	"text_nl" text DEFAULT '' NOT NULL,
	"text_en" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "roadmap_meta" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "roadmap_topics" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" jsonb NOT NULL,
	"description" jsonb NOT NULL,
	"icon" text DEFAULT 'circle' NOT NULL,
	"color" text DEFAULT '#0a7d6b' NOT NULL,
	"sort" integer DEFAULT 100 NOT NULL,
	"urgent" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "roadmap_print_orders" ADD CONSTRAINT "roadmap_print_orders_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roadmap_resource_topics" ADD CONSTRAINT "roadmap_resource_topics_resource_id_roadmap_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."roadmap_resources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roadmap_resource_topics" ADD CONSTRAINT "roadmap_resource_topics_topic_id_roadmap_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."roadmap_topics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roadmap_resources" ADD CONSTRAINT "roadmap_resources_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "roadmap_orders_reference_idx" ON "roadmap_print_orders" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "roadmap_orders_status_idx" ON "roadmap_print_orders" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "roadmap_resource_topics_topic_idx" ON "roadmap_resource_topics" USING btree ("topic_id");--> statement-breakpoint
CREATE UNIQUE INDEX "roadmap_resources_slug_idx" ON "roadmap_resources" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "roadmap_resources_search_nl_idx" ON "roadmap_resources" USING gin ("search_nl");--> statement-breakpoint
CREATE INDEX "roadmap_resources_search_en_idx" ON "roadmap_resources" USING gin ("search_en");--> statement-breakpoint
CREATE INDEX "roadmap_resources_text_nl_trgm_idx" ON "roadmap_resources" USING gin ("text_nl" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "roadmap_resources_text_en_trgm_idx" ON "roadmap_resources" USING gin ("text_en" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "roadmap_topics_slug_idx" ON "roadmap_topics" USING btree ("slug");