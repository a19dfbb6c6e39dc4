/**
 * The in-memory search (src/features/roadmap/search-index.ts) against the SQL statement it stands in
 * for, on the demo roadmap, in the pglite and the postgres project: every query of the relevance
 * set, bench/search.ts's queries and 300 generated ones (the roadmap's own words, cut, misspelt and
 * combined) give the same places in the same order, the same crisis flag and the same "Did you
 * mean …?". See docs/decisions/023-search-in-memory.md.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadRelevanceSet } from "../bench/relevance.js";
import { SEARCH_QUERIES } from "../bench/search.js";
import { compare, generatedQueries } from "../bench/search-equivalence.js";
import { seedRoadmap } from "../src/demo/seed.js";
import { resources } from "../src/features/roadmap/schema.js";
import { NeedsSql, searchIndex, searchIndexed } from "../src/features/roadmap/search-index.js";
import { searchRoadmap, setResourceStatus } from "../src/features/roadmap/service.js";
import { driver, testDatabase } from "./helpers/db.js";

let database: Awaited<ReturnType<typeof testDatabase>>;

beforeAll(async () => {
  database = await testDatabase();
  await seedRoadmap(database.db, new Date("2026-11-23T10:00:00Z"), { TIME_ZONE: "Europe/Amsterdam" });
}, 180_000);
afterAll(() => database?.close());

describe(`the in-memory search equals the SQL statement (${driver})`, () => {
  it("on the relevance set, the bench's queries and generated queries: same places, order, crisis and suggestion", async () => {
    const queries = [...loadRelevanceSet(), ...SEARCH_QUERIES, ...(await generatedQueries(database.db, 300))];
    const r = await compare(database.db, queries);
    expect(r.mismatches).toEqual([]);
    // Nearly every query is answered in memory; the rest (operators, signs) by the statement.
    expect(r.toSql / r.queries).toBeLessThan(0.05);
    expect(r.top3Same).toBe(r.queries - r.toSql);
  }, 300_000);

  it("keeping only what can be on the page (ADR 023's third amendment) gives what ranking every match gives, also for a page of 1 or 3", async () => {
    const queries = [...loadRelevanceSet(), ...SEARCH_QUERIES, ...(await generatedQueries(database.db, 200, 11))];
    const answer = async (x: { lang: "nl" | "en"; q: string }, limit: number, everyMatch: boolean) => {
      try {
        const r = await searchIndexed(database.db, x.lang, x.q, limit, { everyMatch });
        return { results: r.results.map((p) => p.slug), crisis: r.crisis, suggestion: r.suggestion };
      } catch (err) {
        if (err instanceof NeedsSql) return "sql";
        throw err;
      }
    };
    let differ = 0;
    let longer = 0;
    for (const limit of [1, 3, 30]) {
      for (const x of queries) {
        const fast = await answer(x, limit, false);
        const every = await answer(x, limit, true);
        if (JSON.stringify(fast) !== JSON.stringify(every)) differ++;
        if (typeof every !== "string" && every.results.length === limit) longer++;
      }
    }
    expect(differ).toBe(0);
    // Control: many of these searches match more places than the page holds.
    expect(longer).toBeGreaterThan(queries.length / 2);
  }, 300_000);

  it("control: a query with an operator or a sign is left to the statement, and searchRoadmap still answers it", async () => {
    await expect(searchIndexed(database.db, "en", '"exam stress"')).rejects.toThrow();
    await expect(searchIndexed(database.db, "en", "stress or debt")).rejects.toThrow();
    expect((await searchRoadmap(database.db, "en", "stress or debt")).results.length).toBeGreaterThan(0);
  });

  it("sees an edit of this process at once: a hidden place is gone from the next search, and back when shown", async () => {
    const [place] = await database.db.select({ id: resources.id }).from(resources).where(eq(resources.slug, "de-luisterlijn"));
    const found = async () => (await searchRoadmap(database.db, "nl", "luisterlijn")).results.map((r) => r.slug);
    expect(await found()).toContain("de-luisterlijn");
    const before = (await searchIndex(database.db)).stamp;
    await setResourceStatus(database.db, null as unknown as string, place!.id, "hidden");
    expect(await found()).not.toContain("de-luisterlijn");
    expect((await searchIndex(database.db)).stamp).not.toBe(before);
    await setResourceStatus(database.db, null as unknown as string, place!.id, "active");
    expect(await found()).toContain("de-luisterlijn");
  });
});
