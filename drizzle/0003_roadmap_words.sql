CREATE TABLE "roadmap_words" (
	"lang" text NOT NULL,
	"word" text NOT NULL,
	CONSTRAINT "roadmap_words_lang_word_pk" PRIMARY KEY("lang","word")
);
--> statement-breakpoint
CREATE INDEX "roadmap_words_trgm_idx" ON "roadmap_words" USING gin ("word" gin_trgm_ops);