CREATE TABLE "roadmap_word_variants" (
	"lang" text NOT NULL,
	"variant" text NOT NULL,
	"pos" smallint NOT NULL,
	"word" text NOT NULL,
	CONSTRAINT "roadmap_word_variants_lang_variant_pos_word_pk" PRIMARY KEY("lang","variant","pos","word")
);
--> statement-breakpoint
ALTER TABLE "roadmap_resources" ADD COLUMN "crisis" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "roadmap_resources" ADD COLUMN "search_words" jsonb DEFAULT '{"nl":"","en":""}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "roadmap_topics" ADD COLUMN "search_words" jsonb DEFAULT '{"nl":"","en":""}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "roadmap_word_variants" ADD CONSTRAINT "roadmap_word_variants_lang_word_roadmap_words_lang_word_fk" FOREIGN KEY ("lang","word") REFERENCES "public"."roadmap_words"("lang","word") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "roadmap_word_variants_word_idx" ON "roadmap_word_variants" USING btree ("lang","word");--> statement-breakpoint
CREATE INDEX "roadmap_resources_crisis_idx" ON "roadmap_resources" USING btree ("id") WHERE "roadmap_resources"."crisis";--> statement-breakpoint
-- Data: the urgent places in an urgent topic whose text speaks of suicide become crisis lines (the
-- office can change this on each place).
UPDATE "roadmap_resources" r SET "crisis" = true
WHERE r."urgent"
  AND (r."search_nl" @@ to_tsquery('dutch', 'zelfmoord | zelfdoding') OR r."search_en" @@ to_tsquery('english', 'suicide'))
  AND EXISTS (SELECT 1 FROM "roadmap_resource_topics" rt JOIN "roadmap_topics" t ON t."id" = rt."topic_id" WHERE rt."resource_id" = r."id" AND t."urgent");
--> statement-breakpoint
-- Data: the search vectors and plain text as refreshSearch now computes them (search words, and the
-- other language's name and search words with weight D).
WITH tp AS (
  SELECT r."id",
    coalesce(string_agg(t."name"->>'nl', ' '), '') AS names_nl, coalesce(string_agg(t."name"->>'en', ' '), '') AS names_en,
    coalesce(string_agg(t."search_words"->>'nl', ' '), '') AS words_nl, coalesce(string_agg(t."search_words"->>'en', ' '), '') AS words_en
  FROM "roadmap_resources" r
  LEFT JOIN "roadmap_resource_topics" rt ON rt."resource_id" = r."id"
  LEFT JOIN "roadmap_topics" t ON t."id" = rt."topic_id"
  GROUP BY r."id"
)
UPDATE "roadmap_resources" r SET
  "search_nl" =
    setweight(to_tsvector('dutch', coalesce(r."name"->>'nl', '') || ' ' || coalesce(r."search_words"->>'nl', '')), 'A') ||
    setweight(to_tsvector('dutch', tp.names_nl), 'A') ||
    setweight(to_tsvector('dutch', coalesce(r."summary"->>'nl', '') || ' ' || r."provider" || ' ' || tp.words_nl), 'B') ||
    setweight(to_tsvector('dutch', coalesce(r."description"->>'nl', '')), 'C') ||
    setweight(to_tsvector('dutch', coalesce(r."name"->>'en', '') || ' ' || coalesce(r."search_words"->>'en', '') || ' ' || tp.names_en || ' ' || tp.words_en), 'D'),
  "search_en" =
    setweight(to_tsvector('english', coalesce(r."name"->>'en', '') || ' ' || coalesce(r."search_words"->>'en', '')), 'A') ||
    setweight(to_tsvector('english', tp.names_en), 'A') ||
    setweight(to_tsvector('english', coalesce(r."summary"->>'en', '') || ' ' || r."provider" || ' ' || tp.words_en), 'B') ||
    setweight(to_tsvector('english', coalesce(r."description"->>'en', '')), 'C') ||
    setweight(to_tsvector('english', coalesce(r."name"->>'nl', '') || ' ' || coalesce(r."search_words"->>'nl', '') || ' ' || tp.names_nl || ' ' || tp.words_nl), 'D'),
  "text_nl" = lower(coalesce(r."name"->>'nl', '') || ' ' || tp.names_nl || ' ' || coalesce(r."summary"->>'nl', '') || ' ' || r."provider" || ' ' || coalesce(r."search_words"->>'nl', '') || ' ' || tp.words_nl || ' ' || coalesce(r."name"->>'en', '') || ' ' || coalesce(r."search_words"->>'en', '') || ' ' || tp.names_en || ' ' || tp.words_en),
  "text_en" = lower(coalesce(r."name"->>'en', '') || ' ' || tp.names_en || ' ' || coalesce(r."summary"->>'en', '') || ' ' || r."provider" || ' ' || coalesce(r."search_words"->>'en', '') || ' ' || tp.words_en || ' ' || coalesce(r."name"->>'nl', '') || ' ' || coalesce(r."search_words"->>'nl', '') || ' ' || tp.names_nl || ' ' || tp.words_nl)
FROM tp WHERE tp."id" = r."id";
--> statement-breakpoint
-- Data: the typo vocabulary of that text, and the deletion variants of every vocabulary word.
INSERT INTO "roadmap_words" ("lang", "word")
SELECT DISTINCT l.lang, w FROM "roadmap_resources" r,
  LATERAL (VALUES ('nl', coalesce(r."name"->>'nl', '') || ' ' || coalesce(r."summary"->>'nl', '') || ' ' || coalesce(r."description"->>'nl', '') || ' ' || r."text_nl"),
                  ('en', coalesce(r."name"->>'en', '') || ' ' || coalesce(r."summary"->>'en', '') || ' ' || coalesce(r."description"->>'en', '') || ' ' || r."text_en")) AS l(lang, txt),
  unnest(tsvector_to_array(to_tsvector('simple', l.txt))) AS w
WHERE length(w) BETWEEN 3 AND 40 AND w !~ '^[0-9]+$'
ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "roadmap_word_variants" ("lang", "variant", "pos", "word")
SELECT w."lang", v.variant, v.pos, w."word" FROM "roadmap_words" w,
  LATERAL (SELECT w."word" AS variant, 0 AS pos UNION ALL
           SELECT overlay(w."word" placing '' from i for 1), i FROM generate_series(1, length(w."word")) AS i) AS v
ON CONFLICT DO NOTHING;
