/**
 * Search relevance against the demo roadmap: every query of test/fixtures/search-relevance.json is
 * searched, and it passes when one of its expected places is among the first three results (for
 * kind "crisis": when 113 comes first; with `first`: when one of them comes first). Used by test/search-relevance.test.ts (which fails on any
 * regression against test/fixtures/search-relevance.baseline.json) and, from the command line, to
 * print the precision per kind:
 *
 *   npx tsx bench/relevance.ts                 # PGlite in memory
 *   npx tsx bench/relevance.ts --postgres      # and PostgreSQL (BENCH_PG_URL, a new database, dropped after)
 *   npx tsx bench/relevance.ts --failing       # also list the queries that fail
 *   npx tsx bench/relevance.ts --postgres --write-baseline   # record what passes now (on every driver run)
 *
 * See test/fixtures/search-relevance.md for the set and bench/README.md.
 */
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Lang } from "../src/core/i18n/index.js";
import type { Db } from "../src/db/index.js";
import { searchRoadmap } from "../src/features/roadmap/service.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const RELEVANCE_SET = path.join(ROOT, "test", "fixtures", "search-relevance.json");
export const RELEVANCE_BASELINE = path.join(ROOT, "test", "fixtures", "search-relevance.baseline.json");

export const KINDS = ["crisis", "everyday", "typo", "plural", "compound", "crosslang", "slang"] as const;
export type Kind = (typeof KINDS)[number];
export type RelevanceCase = {
  lang: Lang;
  q: string;
  expect: string[];
  kind: Kind;
  /** The first result must be one of `expect` (not just one of the first three). */
  first?: boolean;
  note?: string;
};
/** The place that must come first for a crisis query. */
export const CRISIS_FIRST = "113-suicide-prevention";

export type CaseResult = RelevanceCase & {
  /** The key of the case in the baseline: `lang:q`. */
  key: string;
  top: string[];
  pass: boolean;
  /** Expected places among the first three results, divided by three. */
  precision: number;
};
export type KindSummary = { n: number; passed: number; rate: number; precisionAt3: number };
export type RelevanceReport = { cases: CaseResult[]; byKind: Record<Kind, KindSummary>; overall: KindSummary };

export const caseKey = (c: { lang: Lang; q: string }) => `${c.lang}:${c.q.toLowerCase()}`;

export function loadRelevanceSet(): RelevanceCase[] {
  return JSON.parse(readFileSync(RELEVANCE_SET, "utf8")) as RelevanceCase[];
}

/**
 * The committed baseline: the queries that pass (on both drivers), which must keep passing, and the
 * floors of the share that passes, per kind and overall (what was reached, rounded down).
 */
export type RelevanceBaseline = { floors: Record<Kind | "all", number>; passing: string[] };

export function loadBaseline(): RelevanceBaseline {
  return JSON.parse(readFileSync(RELEVANCE_BASELINE, "utf8")) as RelevanceBaseline;
}

/** A baseline from reports (one per driver): the queries that pass on all of them; floors rounded down to whole percents. */
export function baselineOf(reports: RelevanceReport[]): RelevanceBaseline {
  const passing = reports[0]!.cases.filter((c) => reports.every((r) => r.cases.find((x) => x.key === c.key)?.pass)).map((c) => c.key);
  const floor = (f: (r: RelevanceReport) => number) => Math.floor(Math.min(...reports.map(f)) * 100) / 100;
  const floors = Object.fromEntries([...KINDS.map((k) => [k, floor((r) => r.byKind[k].rate)]), ["all", floor((r) => r.overall.rate)]]);
  return { floors: floors as RelevanceBaseline["floors"], passing: passing.sort() };
}

/** Whether a case passes, given the slugs of the results in order. */
export function passes(c: RelevanceCase, slugs: string[]): boolean {
  if (c.kind === "crisis") return slugs[0] === CRISIS_FIRST;
  if (c.first) return slugs[0] !== undefined && c.expect.includes(slugs[0]);
  return slugs.slice(0, 3).some((s) => c.expect.includes(s));
}

const summary = (rs: CaseResult[]): KindSummary => {
  const passed = rs.filter((r) => r.pass).length;
  const precision = rs.reduce((n, r) => n + r.precision, 0);
  return {
    n: rs.length,
    passed,
    rate: rs.length ? passed / rs.length : 1,
    precisionAt3: rs.length ? precision / rs.length : 1,
  };
};

/** Runs every case against `db` (which holds the demo roadmap) with the public search. */
export async function evaluateRelevance(db: Db, cases = loadRelevanceSet()): Promise<RelevanceReport> {
  const out: CaseResult[] = [];
  for (const c of cases) {
    const { results } = await searchRoadmap(db, c.lang, c.q);
    const top = results.slice(0, 3).map((r) => r.slug);
    out.push({
      ...c,
      key: caseKey(c),
      top,
      pass: passes(
        c,
        results.map((r) => r.slug),
      ),
      precision: top.filter((s) => c.expect.includes(s)).length / 3,
    });
  }
  const byKind = Object.fromEntries(KINDS.map((k) => [k, summary(out.filter((r) => r.kind === k))])) as Record<Kind, KindSummary>;
  return { cases: out, byKind, overall: summary(out) };
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/** The report as a table: per kind, how many pass (an expected place in the first three) and P@3. */
export function relevanceTable(title: string, r: RelevanceReport): string {
  const rows = [...KINDS.map((k) => [k, r.byKind[k]] as const), ["all", r.overall] as const];
  const lines = [title, "kind          n  passed  pass@3    precision@3", "----------  ---  ------  --------  -----------"];
  for (const [k, s] of rows) {
    lines.push(
      `${k.padEnd(10)}  ${String(s.n).padStart(3)}  ${String(s.passed).padStart(6)}  ${pct(s.rate).padStart(8)}  ${pct(s.precisionAt3).padStart(11)}`,
    );
  }
  return lines.join("\n");
}

async function main() {
  const { openDatabase } = await import("../src/db/index.js");
  const { seedRoadmap } = await import("../src/demo/seed.js");
  const args = process.argv.slice(2);
  const drivers: ("pglite" | "postgres")[] = args.includes("--postgres") ? ["pglite", "postgres"] : ["pglite"];
  const reports: RelevanceReport[] = [];
  for (const driver of drivers) {
    let drop = async () => {};
    let databaseUrl: string | undefined;
    if (driver === "postgres") {
      const pg = (await import("pg")).default;
      const admin = process.env.BENCH_PG_URL || "postgres://postgres@127.0.0.1:5432/test";
      const name = `vangnet_bench_${randomBytes(6).toString("hex")}`;
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`create database ${name}`);
      await c.end();
      const u = new URL(admin);
      u.pathname = `/${name}`;
      databaseUrl = u.toString();
      drop = async () => {
        const d = new pg.Client({ connectionString: admin });
        await d.connect();
        await d.query(`drop database if exists ${name} with (force)`);
        await d.end();
      };
    }
    const database = await openDatabase(databaseUrl ? { databaseUrl } : { dataDir: "memory://" });
    try {
      await database.migrate();
      await seedRoadmap(database.db, new Date(), { TIME_ZONE: "Europe/Amsterdam" });
      const t0 = performance.now();
      const report = await evaluateRelevance(database.db);
      const ms = performance.now() - t0;
      reports.push(report);
      console.log(
        relevanceTable(`\nSearch relevance on ${database.describe} (${report.cases.length} queries, ${ms.toFixed(0)} ms)`, report),
      );
      if (args.includes("--failing")) {
        for (const c of report.cases.filter((x) => !x.pass))
          console.log(`FAIL ${c.kind.padEnd(9)} ${c.key.padEnd(42)} → ${c.top.join(", ")}`);
      }
    } finally {
      await database.close();
      await drop();
    }
  }
  if (args.includes("--write-baseline")) {
    const baseline = baselineOf(reports);
    writeFileSync(RELEVANCE_BASELINE, `${JSON.stringify(baseline, null, 1)}\n`);
    console.log(`\n${RELEVANCE_BASELINE}: ${baseline.passing.length} passing queries, floors ${JSON.stringify(baseline.floors)}`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
