import { asc, desc, type SQL, sql } from "drizzle-orm";
import { type Lang, otherLang } from "../../core/i18n/index.js";
import type { Db } from "../../db/index.js";
import { CRISIS_WORDS, dutchForms, isCrisisLanguage, normaliseQuery, queryWords } from "../search-language/service.js";
import { publicColumns, resources, resourceTopics, roadmapWords, roadmapWordVariants, topics } from "./schema.js";
import { NeedsSql, searchDataChanged, searchIndexed } from "./search-index.js";

// Roadmap search: the stored search data and the query. See docs/decisions/006-roadmap-search.md.

const cfgOf = (lang: Lang) => sql.raw(lang === "nl" ? "'dutch'" : "'english'");

/**
 * Recomputes the full-text vectors (dutch and english stemming), the plain text and the typo
 * vocabulary of resources from their names, search words, summaries, descriptions and their topics'
 * names and search words. Call after any edit of either, in the same transaction.
 */
export async function refreshSearch(db: Db, resourceIds?: string[]) {
  searchDataChanged();
  const own = (lang: Lang) => sql`coalesce(r.search_words->>${lang}, '')`;
  /** The other language's name and search words, its topics' too: Dutch typed on the English page and the other way round. */
  const other = (lang: Lang, o = otherLang(lang)) =>
    sql`coalesce(r.name->>${o}, '') || ' ' || ${own(o)} || ' ' || tp.names_${sql.raw(o)} || ' ' || tp.words_${sql.raw(o)}`;
  const vector = (lang: Lang, cfg = cfgOf(lang), l = sql.raw(lang)) => sql`
    setweight(to_tsvector(${cfg}::regconfig, coalesce(r.name->>${lang}, '') || ' ' || ${own(lang)}), 'A') ||
    setweight(to_tsvector(${cfg}::regconfig, tp.names_${l}), 'A') ||
    setweight(to_tsvector(${cfg}::regconfig, coalesce(r.summary->>${lang}, '') || ' ' || r.provider || ' ' || tp.words_${l}), 'B') ||
    setweight(to_tsvector(${cfg}::regconfig, coalesce(r.description->>${lang}, '')), 'C') ||
    setweight(to_tsvector(${cfg}::regconfig, ${other(lang)}), 'D')`;
  const text = (lang: Lang, l = sql.raw(lang)) =>
    sql`lower(coalesce(r.name->>${lang}, '') || ' ' || tp.names_${l} || ' ' || coalesce(r.summary->>${lang}, '') || ' ' || r.provider || ' ' || ${own(lang)} || ' ' || tp.words_${l} || ' ' || ${other(lang)})`;
  const which = resourceIds
    ? sql`where r.id in (${sql.join(
        (resourceIds.length ? resourceIds : ["00000000-0000-0000-0000-000000000000"]).map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`
    : sql``;
  // Each row's search data computed once, with its topics' names and search words in one look-up.
  // Rows whose search data did not change are not written: the daily rebuild of an unchanged
  // roadmap leaves no dead rows and no GIN pending list behind (both slow search down until vacuum).
  await db.execute(sql`update ${resources} set search_nl = f.nl, search_en = f.en, text_nl = f.tnl, text_en = f.ten
    from (select r.id, ${vector("nl")} as nl, ${vector("en")} as en, ${text("nl")} as tnl, ${text("en")} as ten
      from ${resources} r, lateral (select coalesce(string_agg(t.name->>'nl', ' '), '') as names_nl, coalesce(string_agg(t.name->>'en', ' '), '') as names_en,
        coalesce(string_agg(t.search_words->>'nl', ' '), '') as words_nl, coalesce(string_agg(t.search_words->>'en', ' '), '') as words_en
        from ${resourceTopics} rt join ${topics} t on t.id = rt.topic_id where rt.resource_id = r.id) as tp ${which}) as f
    where f.id = ${resources.id} and (${resources.searchNl}, ${resources.searchEn}, ${resources.textNl}, ${resources.textEn}) is distinct from (f.nl, f.en, f.tnl, f.ten)`);
  // The vocabulary for correcting typos: every unstemmed word of these resources' texts (the plain
  // text holds names, summaries, search words and topics), with the deletion variants of each word
  // that lacks them. A full refresh also drops the words no resource uses any more (their variants
  // go with them) and leaves the others alone. One statement per language reads the texts once.
  for (const lang of ["nl", "en"] as const) {
    await db.execute(sql`with
      words as materialized (select distinct w from ${resources} r,
          unnest(tsvector_to_array(to_tsvector('simple', coalesce(r.description->>${lang}, '') || ' ' || r.text_${sql.raw(lang)}))) as w
        ${resourceIds ? sql`${which} and` : sql`where`} length(w) between 3 and 40 and w !~ '^[0-9]+$'),
      ${resourceIds ? sql`` : sql`gone as (delete from ${roadmapWords} rw where rw.lang = ${lang} and rw.word not in (select w from words)),`}
      added as (insert into ${roadmapWords} (lang, word) select ${lang}, w from words on conflict do nothing)
    insert into ${roadmapWordVariants} (lang, variant, pos, word)
    select ${lang}, v.variant, v.pos, x.w from words as x,
      lateral (select x.w as variant, 0 as pos union all
               select overlay(x.w placing '' from i for 1), i from generate_series(1, length(x.w)) as i) as v
    where not exists (select 1 from ${roadmapWordVariants} d where d.lang = ${lang} and d.word = x.w and d.pos = 0)
    on conflict do nothing`);
  }
}

/** How alike a misspelled word and a known word must be (pg_trgm similarity) to correct it. */
export const TYPO_THRESHOLD = 0.3;

/** At most this many matches are ranked; a word that occurs almost everywhere ranks a bounded set. */
export const RANK_CANDIDATES = 300;

/**
 * The words of a query that steps 2 and 3 look at one by one (`queryWords`), each with its other
 * word forms in Dutch (`dutchForms`), as (word, form) pairs: at most 8.
 */
const formsOf = (lang: Lang, q: string) =>
  queryWords(q)
    .flatMap((w) => (lang === "nl" ? dutchForms(w) : [w]).map((f) => [w, f] as const))
    .slice(0, 8);

/**
 * The best `limit` matches of a tsquery, ranked, optionally behind a gate (a condition without
 * columns, which PostgreSQL checks once before running anything else). Matching uses the GIN index;
 * ranking is done on at most RANK_CANDIDATES matches (the first found, never a scan of every
 * match), so a word that occurs almost everywhere ("studenten") costs no more than a rare one.
 * Matching urgent places always join the candidates (a partial index holds the few there are).
 */
function ranked(vec: SQL, tsq: SQL, limit: unknown, gate: SQL = sql`true`) {
  const match = sql`status = 'active' and ${vec} @@ ${tsq}`;
  return sql`select id, ts_rank(${vec}, ${tsq}) as rank from ${resources}
    where ${gate} and id in (
      (select id from ${resources} where ${match} limit ${RANK_CANDIDATES})
      union (select id from ${resources} where urgent and ${match}))
    order by rank desc, urgent desc limit ${limit}::int`;
}

/**
 * The closest vocabulary word to a query word `q.w`, or null: a word one edit away (Damerau-Levenshtein
 * through shared deletion variants: same position a wrong letter, next position two swapped, position
 * 0 one missing or added) for 5 letters or more ("dood" is no typo of "door"); for 8 or more also two
 * edits. Only when `loose` holds (no word of the query is known) also the most similar by trigrams,
 * and two edits in a shorter word when it is similar enough: a last resort, too wild for a word
 * next to words the search knows.
 */
const closestWord = (lang: Lang, loose: SQL) => sql`(select c.word from (
    select d.word, case when v.pos = 0 and d.pos = 0 then 0 when v.pos = 0 or d.pos = 0 or abs(v.pos - d.pos) = 1 or v.pos = d.pos then 1 else 2 end as dist
    from (select q.w as variant, 0 as pos union all
          select overlay(q.w placing '' from i for 1), i from generate_series(1, length(q.w)) as i) as v
    join ${roadmapWordVariants} d on d.lang = ${lang} and d.variant = v.variant
    where length(q.w) >= 5
    union all
    select rw.word, 2 from ${roadmapWords} rw
    where ${loose} and rw.lang = ${lang} and rw.word % q.w and similarity(rw.word, q.w) >= ${TYPO_THRESHOLD}) as c
  group by c.word having min(c.dist) <= 1 or length(q.w) >= 8 or (${loose} and bool_or(similarity(c.word, q.w) >= ${TYPO_THRESHOLD}))
  order by min(c.dist), similarity(c.word, q.w) desc, c.word limit 1)`;

/**
 * The statement behind `searchRoadmap`, one round trip:
 * 0. with `crisis`, the crisis lines first (CRISIS_WORDS orders them); 1. full text, all words;
 * when that finds nothing, each word the roadmap does not know (not in its vocabulary, and its stem
 * begins no vocabulary word) is replaced by its `closestWord`, returned as `fixes` ("strss=stress"),
 * whatever the other words find; 2. with a correction, full text on all the corrected words ("exam
 * stress"); 3. when steps 1 and 2 found fewer than 3, any (corrected) word as a prefix of a stem
 * ("lonely": "loneliness").
 *
 * Its text depends only on the language and `crisis`: the query, its words and their forms (each
 * list as one text, split in SQL) and the limit are parameters (`p`: values, or placeholders for
 * the prepared statement), so PostgreSQL plans it once per connection instead of once per search
 * (planning this statement costs more than running it on a roadmap of a few hundred places).
 */
function searchStatement(db: Db, lang: Lang, crisis: boolean, p: { q: unknown; ws: unknown; fs: unknown; limit: unknown }) {
  const cfg = cfgOf(lang);
  const vec = sql.raw(lang === "nl" ? "search_nl" : "search_en");
  /** The stems of a word's forms (none for a stop word). */
  const stems = (w: SQL) => sql`select l from qw, unnest(tsvector_to_array(to_tsvector(${cfg}::regconfig, qw.f))) as l where qw.w = ${w}`;
  const later = sql`,
      qw as materialized (select w, f from unnest(string_to_array(${p.ws}::text, ' '), string_to_array(${p.fs}::text, ' ')) as v(w, f)),
      fk as materialized (
        select x.w, not exists (${stems(sql`x.w`)}) as stop,
          exists (select 1 from ${roadmapWords} rw where rw.lang = ${lang} and rw.word = x.w)
          or exists (select 1 from (${stems(sql`x.w`)}) as s join ${roadmapWords} rw on rw.lang = ${lang} and rw.word like left(s.l, 2) || '%'
            where exists (select 1 from unnest(tsvector_to_array(to_tsvector(${cfg}::regconfig, rw.word))) as m where starts_with(m, s.l))) as known
        from (select distinct w from qw) as x
        where not exists (select 1 from e)),
      fx as materialized (
        select q.w, case when q.known or q.stop then q.w else ${closestWord(lang, sql`not exists (select 1 from fk where known)`)} end as fix
        from fk as q),
      cq as materialized (select websearch_to_tsquery(${cfg}::regconfig, string_agg(fix, ' ')) as tsq from fx),
      c as materialized (${ranked(vec, sql`(select tsq from cq)`, p.limit, sql`exists (select 1 from fx where fix <> w)`)}),
      cw as materialized (
        select f from qw where not exists (select 1 from fx where fx.w = qw.w and fx.fix <> fx.w)
        union all select fix from fx where fix <> w),
      pq as materialized (
        select to_tsquery('simple', nullif(string_agg(quote_literal(l) || ':*', ' | '), '')) as tsq
        from cw, unnest(tsvector_to_array(to_tsvector(${cfg}::regconfig, cw.f))) as l),
      p as materialized (${ranked(vec, sql`(select tsq from pq)`, p.limit, sql`(select count(*) from e) + (select count(*) from c) < 3`)})`;
  const crisisPart = crisis
    ? sql`,
      kq as materialized (select websearch_to_tsquery(${cfg}::regconfig, ${CRISIS_WORDS[lang]}) as tsq),
      k as materialized (select id, ts_rank(${vec}, (select tsq from kq)) as rank from ${resources} where crisis and status = 'active')`
    : sql``;
  const found = sql.join(
    [
      ...(crisis ? [sql`select id, 0 as step, rank from k`] : []),
      sql`select id, 1 as step, rank from e`,
      sql`select id, 2, rank from c`,
      sql`select id, 3, rank from p`,
    ],
    sql` union all `,
  );
  const fixes = sql<string | null>`(select string_agg(w || '=' || fix, ' ') from fx where fix <> w)`;
  // Each tsquery is read through a one-row CTE, so the planner cannot estimate how many rows match
  // a common word and always takes the GIN index (a sequential scan tests every row's tsvector).
  // A place found by several steps counts in the first (distinct on: the lowest step).
  const ranking = sql`(with
      eq as materialized (select websearch_to_tsquery(${cfg}::regconfig, ${p.q}::text) as tsq),
      e as materialized (${ranked(vec, sql`(select tsq from eq)`, p.limit)})${later}${crisisPart}
    select distinct on (id) id, step, rank, ${fixes} as fixes from (${found}) as f order by id, step) as found`;
  return db
    .select({ ...publicColumns, fixes: sql<string | null>`found.fixes`, step: sql<number>`found.step` })
    .from(resources)
    .innerJoin(ranking, sql`found.id = ${resources.id}`)
    .orderBy(sql`found.step`, sql`found.rank desc`, desc(resources.urgent), asc(resources.slug))
    .limit(p.limit as number);
}

/** The parameters of `searchStatement` for a (normalised) query. */
function searchParams(lang: Lang, q: string, limit: number) {
  const forms = formsOf(lang, q);
  // Words have no spaces (normaliseQuery splits on everything but letters and digits), so each list travels as one text.
  return { q, ws: forms.map(([w]) => w).join(" "), fs: forms.map(([, f]) => f).join(" "), limit };
}

/** The search statement with its values in place (tests, and EXPLAIN in bench/search.ts). */
export function searchQuery(db: Db, lang: Lang, q: string, opts: { limit?: number; crisis?: boolean } = {}) {
  return searchStatement(db, lang, Boolean(opts.crisis), searchParams(lang, q, opts.limit ?? 30));
}

const placeholders = { q: sql.placeholder("q"), ws: sql.placeholder("ws"), fs: sql.placeholder("fs"), limit: sql.placeholder("limit") };
type Prepared = ReturnType<ReturnType<typeof searchStatement>["prepare"]>;
const prepared = new WeakMap<Db, Map<string, Prepared>>();

/** The search statement prepared once per database handle, language and `crisis` (named: each connection parses and plans it once). */
function preparedSearch(db: Db, lang: Lang, crisis: boolean) {
  const byName = prepared.get(db) ?? new Map<string, Prepared>();
  prepared.set(db, byName);
  const name = `roadmap_search_${lang}${crisis ? "_crisis" : ""}`;
  let statement = byName.get(name);
  if (!statement) {
    statement = searchStatement(db, lang, crisis, placeholders).prepare(name);
    byName.set(name, statement);
  }
  return statement;
}

export type SearchOutcome = {
  results: Omit<Awaited<ReturnType<typeof searchQuery>>[number], "fixes" | "step">[];
  /** The search reads as crisis language: the crisis lines come first, under a calm sentence. */
  crisis: boolean;
  /** The query with its typos corrected, when the results are those of the corrected words. */
  suggestion: string | null;
};

/**
 * Search in the page's language: the results, whether it reads as crisis language, and a typo-free
 * query to suggest. Answered from the in-memory index of the current content version
 * (search-index.ts); a query it cannot answer alike (an operator, a sign, a word the parser splits)
 * runs the statement (`searchRoadmapSql`).
 */
export async function searchRoadmap(db: Db, lang: Lang, query: string, limit = 30): Promise<SearchOutcome> {
  try {
    return (await searchIndexed(db, lang, query, limit)) as SearchOutcome;
  } catch (err) {
    if (!(err instanceof NeedsSql)) throw err;
    return searchRoadmapSql(db, lang, query, limit);
  }
}

/** The same search as one SQL statement (see `searchStatement`). */
export async function searchRoadmapSql(db: Db, lang: Lang, query: string, limit = 30): Promise<SearchOutcome> {
  const q = normaliseQuery(query);
  if (!q) return { results: [], crisis: false, suggestion: null };
  const crisis = isCrisisLanguage(q);
  const rows = await preparedSearch(db, lang, crisis).execute(searchParams(lang, q, limit));
  const pairs = (rows[0]?.fixes ?? "").split(" ").filter(Boolean);
  const fixes = new Map(pairs.map((pair) => pair.split("=") as [string, string]));
  const corrected = fixes.size ? q.replace(/[\p{L}\p{N}]+/gu, (w) => fixes.get(w) ?? w) : q;
  return {
    results: rows.map(({ fixes: _, step: __, ...r }) => r),
    crisis,
    // No "Did you mean …?" under crisis language: the crisis lines and the calm sentence come first.
    suggestion: rows.length && corrected !== q && !crisis ? corrected : null,
  };
}

/** The places a search finds, in order (see `searchRoadmap`). */
export async function searchResources(db: Db, lang: Lang, query: string, limit = 30) {
  return (await searchRoadmap(db, lang, query, limit)).results;
}
