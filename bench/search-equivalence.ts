/**
 * The in-memory search (src/features/roadmap/search-index.ts) against the SQL statement
 * (`searchRoadmapSql`): every query of test/fixtures/search-relevance.json, bench/search.ts's
 * queries and generated ones (words of the roadmap's own texts, cut, misspelt and combined), on the
 * demo roadmap and, with `--generated N`, on N generated places besides. Prints the queries whose
 * first three (or full list, crisis flag, suggestion) differ, and how many the index left to SQL.
 *
 *   node --expose-gc --import tsx bench/search-equivalence.ts [--postgres] [--generated 5000]
 */
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Lang } from "../src/core/i18n/index.js";
import type { Db } from "../src/db/index.js";
import { searchRoadmapSql } from "../src/features/roadmap/search.js";
import { NeedsSql, searchIndex, searchIndexed } from "../src/features/roadmap/search-index.js";
import { generateRoadmap, prng } from "./generate-roadmap.js";
import { loadRelevanceSet } from "./relevance.js";
import { SEARCH_QUERIES } from "./search.js";

export type Mismatch = { lang: Lang; q: string; sql: string[]; mem: string[]; what: string };

/** Queries made from the roadmap's words: single words, a letter dropped or swapped, two or three together, prefixes. */
export async function generatedQueries(db: Db, n: number, seed = 7): Promise<{ lang: Lang; q: string }[]> {
  const rand = prng(seed).next;
  const out: { lang: Lang; q: string }[] = [];
  for (const lang of ["nl", "en"] as const) {
    const rows = (await db.execute(sql`select word from roadmap_words where lang = ${lang} order by word`)) as unknown as
      | { rows?: { word: string }[] }
      | { word: string }[];
    const words = (Array.isArray(rows) ? rows : (rows.rows ?? [])).map((r) => r.word);
    const pick = () => words[Math.floor(rand() * words.length)]!;
    for (let i = 0; i < n / 2; i++) {
      const w = pick();
      const k = Math.floor(rand() * 6);
      const cut = 1 + Math.floor(rand() * (w.length - 1));
      const q =
        k === 0
          ? w
          : k === 1
            ? w.slice(0, cut - 1) + w.slice(cut)
            : k === 2
              ? w.slice(0, cut - 1) + (w[cut] ?? "") + (w[cut - 1] ?? "") + w.slice(cut + 1)
              : k === 3
                ? `${w} ${pick()}`
                : k === 4
                  ? `${pick()} ${w.slice(0, Math.max(3, cut))} ${pick()}`
                  : w.slice(0, Math.max(3, cut));
      out.push({ lang, q });
    }
  }
  return out;
}

export async function compare(db: Db, queries: { lang: Lang; q: string }[]) {
  const mismatches: Mismatch[] = [];
  let toSql = 0;
  let top3Same = 0;
  for (const x of queries) {
    const a = await searchRoadmapSql(db, x.lang, x.q);
    let b: Awaited<ReturnType<typeof searchIndexed>>;
    try {
      b = await searchIndexed(db, x.lang, x.q);
    } catch (err) {
      if (!(err instanceof NeedsSql)) throw err;
      toSql++;
      continue;
    }
    const sa = a.results.map((r) => r.slug);
    const sb = b.results.map((r) => r.slug);
    const same3 = sa.slice(0, 3).join() === sb.slice(0, 3).join();
    if (same3) top3Same++;
    const what = [
      !same3 && "top-3",
      same3 && sa.join() !== sb.join() && "order after 3",
      a.crisis !== b.crisis && "crisis",
      a.suggestion !== b.suggestion && `suggestion ${a.suggestion} / ${b.suggestion}`,
    ].filter(Boolean);
    if (what.length) mismatches.push({ ...x, sql: sa.slice(0, 5), mem: sb.slice(0, 5), what: what.join(", ") });
  }
  return { queries: queries.length, toSql, top3Same, mismatches };
}

async function main() {
  const { openDatabase } = await import("../src/db/index.js");
  const { seedRoadmap } = await import("../src/demo/seed.js");
  const args = process.argv.slice(2);
  const generated = args.includes("--generated") ? Number(args[args.indexOf("--generated") + 1]) : 0;
  let databaseUrl: string | undefined;
  let drop = async () => {};
  if (args.includes("--postgres")) {
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
    if (generated) await generateRoadmap(database.db, { count: generated, seed: 1 });
    const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
    gc();
    const heap0 = process.memoryUsage().heapUsed;
    const ix = await searchIndex(database.db);
    gc();
    const heap1 = process.memoryUsage().heapUsed;
    console.log(
      `${database.describe}: index of ${ix.places.length} places built in ${ix.builtMs} ms, heap +${((heap1 - heap0) / 1e6).toFixed(1)} MB`,
    );
    const sets: [string, { lang: Lang; q: string }[]][] = [
      ["relevance set", loadRelevanceSet()],
      ["bench queries", SEARCH_QUERIES],
      ["generated", await generatedQueries(database.db, Number(process.env.N ?? 600))],
    ];
    for (const [name, qs] of sets) {
      const r = await compare(database.db, qs);
      console.log(
        `${name}: ${r.queries} queries, ${r.toSql} left to SQL, top-3 equal in ${r.top3Same}/${r.queries - r.toSql}, ${r.mismatches.length} differ`,
      );
      for (const m of r.mismatches.slice(0, 40))
        console.log(`  ${m.lang}:${m.q} [${m.what}]\n    sql ${m.sql.join(" ")}\n    mem ${m.mem.join(" ")}`);
    }
  } finally {
    await database.close();
    await drop();
  }
}

if (process.argv[1]?.endsWith("search-equivalence.ts")) await main();
