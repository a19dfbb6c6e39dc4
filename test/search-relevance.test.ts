/**
 * The roadmap search against test/fixtures/search-relevance.json (see its .md) on the demo roadmap,
 * in the pglite project and again in the postgres project: a query passes when one of its expected
 * places is among the first three results (for kind "crisis": when 113 comes first; with `first`:
 * when one of them comes first). Any query of
 * the committed baseline that no longer passes fails the test, and so does a share below the
 * baseline's floors. After an improvement: `npx tsx bench/relevance.ts --postgres --write-baseline`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  caseKey,
  evaluateRelevance,
  KINDS,
  loadBaseline,
  loadRelevanceSet,
  type RelevanceReport,
  relevanceTable,
} from "../bench/relevance.js";
import { seedRoadmap } from "../src/demo/seed.js";
import { driver, testDatabase } from "./helpers/db.js";

let database: Awaited<ReturnType<typeof testDatabase>>;
let report: RelevanceReport;

beforeAll(async () => {
  database = await testDatabase();
  await seedRoadmap(database.db, new Date("2026-11-23T10:00:00Z"), { TIME_ZONE: "Europe/Amsterdam" });
  report = await evaluateRelevance(database.db);
  console.log(relevanceTable(`search relevance (${driver})`, report));
}, 180_000);
afterAll(() => database?.close());

describe(`search relevance on the demo roadmap (${driver})`, () => {
  const baseline = loadBaseline();
  const set = loadRelevanceSet();

  it("has a well-formed set and baseline: unique queries, known kinds, baseline keys in the set", () => {
    const keys = set.map(caseKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(set.filter((c) => !(KINDS as readonly string[]).includes(c.kind) || !c.expect.length)).toEqual([]);
    expect(baseline.passing.filter((k) => !keys.includes(k))).toEqual([]);
  });

  it("keeps every query of the baseline passing", () => {
    const now = new Set(report.cases.filter((c) => c.pass).map((c) => c.key));
    const lost = report.cases
      .filter((c) => baseline.passing.includes(c.key) && !now.has(c.key))
      .map((c) => `${c.key} → ${c.top.join(", ")}`);
    expect(lost).toEqual([]);
  });

  it("puts 113 first for every crisis query", () => {
    expect(report.cases.filter((c) => c.kind === "crisis" && !c.pass).map((c) => c.key)).toEqual([]);
    expect(report.byKind.crisis.rate).toBe(1);
  });

  it("stays at or above the floors per kind and overall", () => {
    for (const k of KINDS) expect(report.byKind[k].rate, k).toBeGreaterThanOrEqual(baseline.floors[k]);
    expect(report.overall.rate).toBeGreaterThanOrEqual(baseline.floors.all);
  });
});
