DROP INDEX "roadmap_resources_text_nl_trgm_idx";--> statement-breakpoint
DROP INDEX "roadmap_resources_text_en_trgm_idx";