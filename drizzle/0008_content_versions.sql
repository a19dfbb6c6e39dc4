CREATE TABLE "content_versions" (
	"capability" text PRIMARY KEY NOT NULL,
	"version" bigint DEFAULT 1 NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- Added by hand to the generated migration: the roadmap's version moves to its row here, so that
-- the PDFs' ETags (which name the version) never go back to an older number.
INSERT INTO "content_versions" ("capability", "version", "changed_at") SELECT 'roadmap', "version", "updated_at" FROM "roadmap_meta" WHERE "id" = 1;--> statement-breakpoint
DROP TABLE "roadmap_meta" CASCADE;