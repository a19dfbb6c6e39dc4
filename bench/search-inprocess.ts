/**
 * The in-memory search alone, in process (src/features/roadmap/search-index.ts): CPU per search over
 * bench/search.ts's 60 queries on the demo roadmap plus N generated places (min and median of the
 * passes), and its answers for those and generated queries written to, or compared with, a file (so
 * a change of the index can be checked against the previous version on 5,024 places, where the SQL
 * statement ranks only its first 300 matches and cannot serve as the reference).
 *
 *   npx tsx bench/search-inprocess.ts [--generated 5000] [--passes 9] [--limit 30] [--dump FILE | --compare FILE]
 *
 * Uses PostgreSQL (BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/test): a database
 * `vangnet_bench_inprocess_<N>` is made once and kept for the next runs (`--drop` removes it).
 */
import { readFileSync, writeFileSync } from "node:fs";
import pg from "pg";
import type { Lang } from "../src/core/i18n/index.js";
import { openDatabase } from "../src/db/index.js";
import { seedRoadmap } from "../src/demo/seed.js";
import { NeedsSql, searchIndex, searchIndexed } from "../src/features/roadmap/search-index.js";
import { generateRoadmap } from "./generate-roadmap.js";
import { loadRelevanceSet } from "./relevance.js";
import { SEARCH_QUERIES } from "./search.js";
import { generatedQueries } from "./search-equivalence.js";

const args = process.argv.slice(2);
const opt = (name: string, def: string) => (args.includes(name) ? args[args.indexOf(name) + 1]! : def);
const generated = Number(opt("--generated", "5000"));
const passes = Number(opt("--passes", "9"));
const limit = Number(opt("--limit", "30"));
const admin = process.env.BENCH_PG_URL || "postgres://postgres@127.0.0.1:5432/test";
const name = `vangnet_bench_inprocess_${generated}`;

const c = new pg.Client({ connectionString: admin });
await c.connect();
const exists = (await c.query("select 1 from pg_database where datname = $1", [name])).rowCount;
if (args.includes("--drop")) {
  await c.query(`drop database if exists ${name} with (force)`);
  await c.end();
  process.exit(0);
}
if (!exists) await c.query(`create database ${name}`);
await c.end();
const u = new URL(admin);
u.pathname = `/${name}`;
const database = await openDatabase({ databaseUrl: u.toString() });
try {
  if (!exists) {
    await database.migrate();
    await seedRoadmap(database.db, new Date("2026-11-23T10:00:00Z"), { TIME_ZONE: "Europe/Amsterdam" });
    if (generated) await generateRoadmap(database.db, { count: generated, seed: 1, today: new Date("2026-11-23T10:00:00Z") });
  }
  const ix = await searchIndex(database.db);
  console.log(`${ix.places.length} places, index built in ${ix.builtMs} ms`);
  const answer = async (lang: Lang, q: string) => {
    try {
      const r = await searchIndexed(database.db, lang, q, limit);
      return `${r.crisis ? "C " : ""}${r.suggestion ?? "-"} | ${r.results.map((p) => p.slug).join(" ")}`;
    } catch (err) {
      if (err instanceof NeedsSql) return "SQL";
      throw err;
    }
  };
  // Warm: stems of every query, JIT.
  for (const x of SEARCH_QUERIES) await answer(x.lang, x.q);
  const per: number[] = [];
  for (let p = 0; p < passes; p++) {
    const t = process.cpuUsage();
    for (const x of SEARCH_QUERIES) await answer(x.lang, x.q);
    const d = process.cpuUsage(t);
    per.push((d.user + d.system) / 1000 / SEARCH_QUERIES.length);
  }
  per.sort((a, b) => a - b);
  console.log(
    `CPU per search (${SEARCH_QUERIES.length} queries, ${passes} passes, limit ${limit}): min ${per[0]!.toFixed(3)} ms, median ${per[per.length >> 1]!.toFixed(3)} ms`,
  );
  const dump = opt("--dump", "");
  const against = opt("--compare", "");
  if (dump || against) {
    const qs = [...SEARCH_QUERIES, ...loadRelevanceSet(), ...(await generatedQueries(database.db, Number(process.env.N ?? 2000)))];
    const out: Record<string, string> = {};
    for (const x of qs) out[`${x.lang}:${x.q}`] = await answer(x.lang, x.q);
    if (dump) {
      writeFileSync(dump, JSON.stringify(out, null, 1));
      console.log(`${Object.keys(out).length} answers written to ${dump}`);
    } else {
      const before = JSON.parse(readFileSync(against, "utf8")) as Record<string, string>;
      const differ = Object.keys(out).filter((k) => before[k] !== out[k]);
      console.log(`${Object.keys(out).length} answers compared with ${against}: ${differ.length} differ`);
      for (const k of differ.slice(0, 20)) console.log(`  ${k}\n    was ${before[k]}\n    now ${out[k]}`);
    }
  }
} finally {
  await database.close();
}
