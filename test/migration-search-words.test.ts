import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { afterAll, describe, expect, it } from "vitest";
import type { Db } from "../src/db/index.js";
import * as schema from "../src/db/schema.js";
import { refreshSearch, searchRoadmap } from "../src/features/roadmap/service.js";

const folder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../drizzle");
type Journal = { entries: { idx: number; tag: string }[] };
const journal = JSON.parse(readFileSync(path.join(folder, "meta/_journal.json"), "utf8")) as Journal;
const searchWordsIdx = journal.entries.find((e) => e.tag.endsWith("_search_words"))!.idx;

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function migrationsBefore(idx: number) {
  const dir = mkdtempSync(path.join(tmpdir(), "vangnet-migrations-"));
  dirs.push(dir);
  cpSync(folder, dir, { recursive: true });
  writeFileSync(path.join(dir, "meta/_journal.json"), JSON.stringify({ ...journal, entries: journal.entries.filter((e) => e.idx < idx) }));
  return dir;
}

/** The search data as the search before this migration stored it (no search words, no other language). */
const OLD_REFRESH = `
  update roadmap_resources r set
    search_nl = setweight(to_tsvector('dutch', r.name->>'nl'), 'A') || setweight(to_tsvector('dutch', r.summary->>'nl'), 'B'),
    search_en = setweight(to_tsvector('english', r.name->>'en'), 'A') || setweight(to_tsvector('english', r.summary->>'en'), 'B'),
    text_nl = lower(r.name->>'nl' || ' ' || (r.summary->>'nl')),
    text_en = lower(r.name->>'en' || ' ' || (r.summary->>'en'));
  insert into roadmap_words (lang, word)
    select 'en', w from roadmap_resources, unnest(tsvector_to_array(to_tsvector('simple', text_en))) w where length(w) >= 3
    on conflict do nothing;`;

describe("the search words migration", () => {
  it("marks the crisis lines, rebuilds the search data as refreshSearch does and fills the typo variants", async () => {
    const client = await PGlite.create("memory://", { extensions: { pg_trgm } });
    const db = drizzle(client, { schema }) as unknown as Db;
    await migrate(db as never, { migrationsFolder: migrationsBefore(searchWordsIdx) });
    const place = (id: number, slug: string, nl: string, en: string, summary: string, urgent: boolean) =>
      `('00000000-0000-4000-8000-00000000000${id}', '${slug}', '{"nl": "${nl}", "en": "${en}"}', '{"nl": "${summary}", "en": "${summary}"}', '{"nl": "", "en": ""}', 'outside', 'X', ${urgent})`;
    await client.exec(`
      insert into roadmap_topics (id, slug, name, description, urgent) values
        ('00000000-0000-4000-8000-0000000000a1', 'urgent', '{"nl": "Direct hulp", "en": "Urgent help"}', '{"nl": "", "en": ""}', true),
        ('00000000-0000-4000-8000-0000000000a2', 'alone', '{"nl": "Eenzaamheid", "en": "Loneliness"}', '{"nl": "", "en": ""}', false);
      insert into roadmap_resources (id, slug, name, summary, description, scope, provider, urgent) values
        ${place(1, "suicide-line", "Zelfmoordlijn", "Suicide line", "Denk je aan zelfdoding? Thinking about suicide?", true)},
        ${place(2, "assault-centre", "Zedencentrum", "Assault centre", "Dag en nacht. Day and night.", true)},
        ${place(3, "talk-line", "Praatlijn", "Talk line", "Over zelfdoding praten. Talk about suicide.", true)},
        ${place(4, "listening", "Luisterlijn", "Listening line", "Even praten. Loneliness.", false)};
      insert into roadmap_resource_topics (resource_id, topic_id) values
        ('00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-0000000000a1'),
        ('00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-0000000000a1'),
        ('00000000-0000-4000-8000-000000000004', '00000000-0000-4000-8000-0000000000a2');
      ${OLD_REFRESH}`);
    await migrate(db as never, { migrationsFolder: folder });

    // Urgent, in an urgent topic, and speaking of suicide: a crisis line. Not in an urgent topic, or
    // not about suicide: not one.
    const crisis = (await client.query<{ slug: string }>("select slug from roadmap_resources where crisis order by slug")).rows;
    expect(crisis.map((r) => r.slug)).toEqual(["suicide-line"]);
    // The vectors and text are those refreshSearch computes: a full refresh afterwards writes nothing.
    const stamps = async () => (await client.query("select slug, xmin::text from roadmap_resources order by slug")).rows;
    const before = await stamps();
    await refreshSearch(db);
    expect(await stamps()).toEqual(before);
    // The other language's name is searchable, and a typo of a word from before is corrected.
    expect((await searchRoadmap(db, "en", "praatlijn")).results.map((r) => r.slug)).toEqual(["talk-line"]);
    const typo = await searchRoadmap(db, "en", "lsitening");
    expect(typo.suggestion).toBe("listening");
    expect(
      (await client.query("select count(*)::int as n from roadmap_word_variants where lang = 'en' and word = 'listening'")).rows,
    ).toEqual([{ n: "listening".length + 1 }]);
    await client.close();
  });
});
