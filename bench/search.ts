/**
 * Search latency for `npm run bench` (run by bench/run.ts for each driver): `searchResources` over a
 * fixed list of queries in both languages, timed in-process against a database with the demo
 * roadmap plus generated resources (bench/generate-roadmap.ts), and helpers to explain the slowest
 * queries on PostgreSQL. See bench/README.md.
 */
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import pg from "pg";
import type { Lang } from "../src/core/i18n/index.js";
import type { Db } from "../src/db/index.js";
import * as schema from "../src/db/schema.js";
import { searchResources } from "../src/features/roadmap/service.js";

export const SEARCH_TARGET_P95_MS = 20;

export type QueryKind = "exact" | "stemmed" | "typo" | "multi-word";
export type SearchQuery = { lang: Lang; q: string; kind: QueryKind };

const q = (lang: Lang, kind: QueryKind, ...qs: string[]): SearchQuery[] => qs.map((x) => ({ lang, q: x, kind }));

/** What people type: exact words, other forms of a word, typos and several words, in both languages (60 in all). */
export const SEARCH_QUERIES: SearchQuery[] = [
  ...q(
    "en",
    "exact",
    "stress",
    "anxiety",
    "loneliness",
    "debts",
    "housing",
    "discrimination",
    "grief",
    "dyslexia",
    "procrastination",
    "landlord",
  ),
  ...q("en", "stemmed", "worries", "lonely", "bullied", "panicking", "counsellors", "drinking", "harassed", "grieving"),
  ...q("en", "typo", "strss", "anxeity", "lonelyness", "harrasment", "procrastinaton", "depresion", "housng"),
  ...q(
    "en",
    "multi-word",
    "exam stress",
    "money worries debt",
    "finding a room",
    "talk to someone anonymously",
    "chronic illness study adjustments",
  ),
  ...q(
    "nl",
    "exact",
    "stress",
    "angst",
    "eenzaamheid",
    "schulden",
    "huisvesting",
    "discriminatie",
    "rouw",
    "dyslexie",
    "uitstelgedrag",
    "verhuurder",
  ),
  ...q("nl", "stemmed", "eenzaam", "schuld", "gepest", "psychologen", "verslaafd", "huren", "piekert", "studenten"),
  ...q("nl", "typo", "eenzaamhied", "strss", "huisvestng", "discriminatei", "schuldn", "depresie", "uitstelgedrg"),
  ...q(
    "nl",
    "multi-word",
    "geldzorgen en schulden",
    "kamer zoeken",
    "praten met iemand",
    "seksuele intimidatie melden",
    "stress voor tentamens",
  ),
];

export type Stats = { n: number; p50Ms: number; p95Ms: number; p99Ms: number; maxMs: number };

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Nearest-rank percentiles of latencies in ms. */
export function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]! : 0);
  return { n: s.length, p50Ms: round2(at(50)), p95Ms: round2(at(95)), p99Ms: round2(at(99)), maxMs: round2(s.at(-1) ?? 0) };
}

export type QueryTiming = { lang: Lang; q: string; kind: QueryKind; medianMs: number; maxMs: number; results: number };

export type SearchTiming = {
  queries: number;
  /** Full passes over the query list that were timed (after the untimed warm-up). */
  rounds: number;
  overall: Stats;
  byKind: Record<QueryKind, Stats>;
  byLang: Record<Lang, Stats>;
  /** Median per query (and how many results it found), slowest first. */
  perQuery: QueryTiming[];
  /** Queries that found nothing (a sign the data or the search is off). */
  noResults: { lang: Lang; q: string }[];
  warmupMs: number;
};

/**
 * An untimed warm-up pass over the queries (cut short after `warmupBudgetMs`), then up to
 * `maxRounds` timed passes; no new pass starts once `budgetMs` has gone by (at least one timed pass
 * always runs), so a slow search cannot stretch the run beyond its time box.
 */
export async function timeSearches(
  db: Db,
  opts: { maxRounds: number; budgetMs: number; warmupBudgetMs: number; queries?: SearchQuery[] },
): Promise<SearchTiming> {
  const queries = opts.queries ?? SEARCH_QUERIES;
  const w0 = performance.now();
  const results = new Map<number, number>();
  for (const [i, x] of queries.entries()) {
    if (performance.now() - w0 > opts.warmupBudgetMs) break;
    results.set(i, (await searchResources(db, x.lang, x.q)).length);
  }
  const warmupMs = performance.now() - w0;

  const perQuery: number[][] = queries.map(() => []);
  const started = performance.now();
  let rounds = 0;
  while (rounds < opts.maxRounds && (rounds === 0 || performance.now() - started < opts.budgetMs)) {
    for (const [i, x] of queries.entries()) {
      const t = performance.now();
      const found = await searchResources(db, x.lang, x.q);
      perQuery[i]!.push(performance.now() - t);
      results.set(i, found.length);
    }
    rounds++;
  }
  const pick = (f: (x: SearchQuery) => boolean) => stats(queries.flatMap((x, i) => (f(x) ? perQuery[i]! : [])));
  const kinds: QueryKind[] = ["exact", "stemmed", "typo", "multi-word"];
  return {
    queries: queries.length,
    rounds,
    overall: pick(() => true),
    byKind: Object.fromEntries(kinds.map((k) => [k, pick((x) => x.kind === k)])) as Record<QueryKind, Stats>,
    byLang: { nl: pick((x) => x.lang === "nl"), en: pick((x) => x.lang === "en") },
    perQuery: queries
      .map((x, i) => {
        const st = stats(perQuery[i]!);
        return { ...x, medianMs: st.p50Ms, maxMs: st.maxMs, results: results.get(i) ?? 0 };
      })
      .sort((a, b) => b.medianMs - a.medianMs),
    noResults: queries.filter((_, i) => !results.get(i)).map((x) => ({ lang: x.lang, q: x.q })),
    warmupMs: Math.round(warmupMs),
  };
}

// ---------- EXPLAIN (PostgreSQL) ----------

export type PlanSummary = {
  lang: Lang;
  q: string;
  executionMs: number;
  /** "Seq Scan on roadmap_resources", "Bitmap Index Scan on roadmap_resources_text_en_trgm_idx" ... */
  scans: string[];
  /** Rows the scans read and threw away again (filter / index recheck). */
  removed: string[];
  plan: string;
};

/** Picks the scan nodes and the discarded-row counts out of an EXPLAIN ANALYZE text plan. */
export function summarisePlan(lang: Lang, query: string, lines: string[]): PlanSummary {
  const plan = lines.join("\n");
  const scans = [
    ...plan.matchAll(/((?:Parallel )?(?:Seq Scan|Bitmap Heap Scan|Bitmap Index Scan|Index Scan|Index Only Scan)(?: using \S+)? on \S+)/g),
  ].map((m) => m[1]!);
  const removed = [...plan.matchAll(/(Rows Removed by (?:Filter|Index Recheck): \d+)/g)].map((m) => m[1]!);
  const exec = /Execution Time: ([\d.]+) ms/.exec(plan);
  return { lang, q: query, executionMs: exec ? Number(exec[1]) : Number.NaN, scans, removed, plan };
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the exact statements `searchResources` sends, on PostgreSQL: the
 * search runs once through a Drizzle instance that records its SQL, then the recorded `set_config`
 * and the search query are replayed in a transaction that is rolled back, the query under EXPLAIN.
 */
export async function explainSearches(databaseUrl: string, queries: { lang: Lang; q: string }[]): Promise<PlanSummary[]> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  pool.on("error", () => {});
  const recorded: { sql: string; params: unknown[] }[] = [];
  const db = drizzlePg(pool, { schema, logger: { logQuery: (sql, params) => void recorded.push({ sql, params }) } }) as unknown as Db;
  const out: PlanSummary[] = [];
  try {
    for (const x of queries) {
      recorded.length = 0;
      await searchResources(db, x.lang, x.q);
      // One statement since the steps became CTEs (docs/decisions/006-roadmap-search.md).
      const main = recorded.find((r) => /^\s*select\b/i.test(r.sql) && /roadmap_resources/.test(r.sql));
      if (!main) continue;
      const client = await pool.connect();
      try {
        await client.query("begin");
        const res = await client.query(`explain (analyze, buffers) ${main.sql}`, main.params);
        out.push(
          summarisePlan(
            x.lang,
            x.q,
            res.rows.map((r: Record<string, string>) => Object.values(r)[0]!),
          ),
        );
      } finally {
        await client.query("rollback").catch(() => {});
        client.release();
      }
    }
  } finally {
    await pool.end();
  }
  return out;
}
