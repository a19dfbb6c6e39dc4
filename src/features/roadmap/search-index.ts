import { eq, sql } from "drizzle-orm";
import { contentVersion } from "../../core/content/versions.js";
import type { Lang } from "../../core/i18n/index.js";
import {
  compact,
  entryOf,
  entryScore,
  f,
  parseVector,
  type Range,
  similarity,
  trigramsOf,
  tsRank,
  type Vec,
} from "../../core/search/pg-text.js";
import type { Db } from "../../db/index.js";
import { CRISIS_WORDS, dutchForms, isCrisisLanguage, normaliseQuery, queryWords } from "../search-language/service.js";
import { publicColumns, resources, roadmapWords } from "./schema.js";

// The roadmap search in process memory: the same steps and the same ranking as the SQL statement in
// search.ts (`ts_rank` reproduced in float4, step by step), over an index built from the database
// once per content version. A search that misses the page cache then asks the database nothing.
// See docs/decisions/023-search-in-memory.md.

const ROADMAP = "roadmap";
const LANGS: Lang[] = ["nl", "en"];
const cfg = (lang: Lang) => (lang === "nl" ? "dutch" : "english");
const MAX_STEMS_CACHED = 10_000;

export type PublicPlace = { [K in keyof typeof publicColumns]: (typeof publicColumns)[K]["_"]["data"] };
type Place = PublicPlace & { slug: string; urgent: boolean };

type Stem = { l: string[]; single: boolean };
type LangIndex = {
  vecs: Vec[];
  /** Every lexeme, sorted (id → lexeme), its id, and the places (indexes into `places`) that hold it. */
  sorted: string[];
  idOf: Map<string, number>;
  postings: Int32Array[];
  /** The vocabulary (`roadmap_words`): word → its lexemes in this language, and words by their first two letters. */
  vocab: Set<string>;
  byStart: Map<string, string[]>;
  /** Deletion variants of the vocabulary (as `roadmap_word_variants`): variant → [pos, word]. */
  variants: Map<string, [number, string][]>;
  trigrams: Map<string, string[]>;
  /** trigram → the vocabulary words that hold it: the typo step's similarity scan reads only words that share one. */
  byTrigram: Map<string, string[]>;
  crisisLexemes: string[];
  /** word → its lexemes under this language's configuration, and whether the parser reads it as one token. */
  stems: Map<string, Stem>;
  /** A word's `closestWord` (key: 1 or 0 for `loose`, then the word), kept as the stems are: typos recur. */
  fixes: Map<string, string | null>;
  /**
   * Per lexeme id, made at its first search and kept for this content version: each posting's term
   * of ts_rank's sum (`entryScore`), in the posting's order (`scoresOf`), and its places in the
   * order of a query of that lexeme alone (rank desc, then the tie-break: `byRankOf`).
   */
  scores: (Float64Array | undefined)[];
  byRank: ({ places: Int32Array; ranks: Float64Array } | undefined)[];
  /** Scratch of one ranking (a search ranks synchronously, so one set per language serves every search): a sum and a mark per place, the places marked. */
  acc: Float64Array;
  seen: Uint8Array;
  touched: Int32Array;
};

export type SearchIndex = {
  stamp: string;
  places: Place[];
  crisis: number[];
  langs: Record<Lang, LangIndex>;
  /** Each place's position in the statement's tie-break: urgent first, then by slug. */
  tieOrder: Int32Array;
  builtMs: number;
};

// ---------- building ----------

/** Every word's lexemes under a configuration, in one statement, and whether the parser reads it as one token. */
async function stemWords(db: Db, lang: Lang, words: string[]): Promise<Map<string, Stem>> {
  const out = new Map<string, Stem>();
  if (!words.length) return out;
  const rows = (await db.execute(
    sql`select w, tsvector_to_array(to_tsvector(${sql.raw(`'${cfg(lang)}'`)}::regconfig, w)) as l,
      (select count(*) from ts_parse('default', w) where tokid <> 12) as tokens
      from unnest(${`{${words.map((w) => `"${w.replace(/["\\]/g, "\\$&")}"`).join(",")}}`}::text[]) as w`,
  )) as unknown as { rows?: { w: string; l: string[]; tokens: string | number }[] } | { w: string; l: string[]; tokens: string | number }[];
  const list = Array.isArray(rows) ? rows : (rows.rows ?? []);
  for (const r of list) out.set(r.w, { l: r.l, single: Number(r.tokens) === 1 });
  return out;
}

async function buildIndex(db: Db, stamp: string): Promise<SearchIndex> {
  const t0 = performance.now();
  const rows = await db
    .select({
      ...publicColumns,
      crisis: resources.crisis,
      nl: sql<string | null>`${resources.searchNl}::text`,
      en: sql<string | null>`${resources.searchEn}::text`,
    })
    .from(resources)
    .where(eq(resources.status, "active"));
  const places: Place[] = rows.map(({ crisis: _, nl: __, en: ___, ...p }) => Object.freeze(p) as Place);
  const crisis = rows.flatMap((r, i) => (r.crisis ? [i] : []));
  const words = await db.select({ lang: roadmapWords.lang, word: roadmapWords.word }).from(roadmapWords);
  const langs = {} as Record<Lang, LangIndex>;
  for (const lang of LANGS) {
    const seen = new Map<string, number>();
    const parsed = rows.map((r) => parseVector(r[lang], seen));
    const sorted = [...seen.keys()].sort();
    const idOf = new Map(sorted.map((l, id) => [l, id]));
    const final = new Int32Array(seen.size);
    for (const [l, provisional] of seen) final[provisional] = idOf.get(l)!;
    const vecs = parsed.map((p) => compact(p, final));
    parsed.length = 0;
    const lists: number[][] = sorted.map(() => []);
    vecs.forEach((v, i) => {
      for (const id of v.ids) lists[id]!.push(i);
    });
    const postings = lists.map((l) => Int32Array.from(l));
    const vocabList = words.filter((w) => w.lang === lang).map((w) => w.word);
    const vocab = new Set(vocabList);
    const byStart = new Map<string, string[]>();
    const variants = new Map<string, [number, string][]>();
    const trigrams = new Map<string, string[]>();
    const byTrigram = new Map<string, string[]>();
    for (const w of vocabList) {
      const start = Array.from(w).slice(0, 2).join("");
      const same = byStart.get(start);
      if (same) same.push(w);
      else byStart.set(start, [w]);
      const chars = Array.from(w);
      const add = (v: string, p: number) => {
        const list = variants.get(v);
        if (list) list.push([p, w]);
        else variants.set(v, [[p, w]]);
      };
      add(w, 0);
      for (let i = 1; i <= chars.length; i++) add(chars.slice(0, i - 1).join("") + chars.slice(i).join(""), i);
      const tw = trigramsOf(w);
      trigrams.set(w, tw);
      for (const g of tw) {
        const list = byTrigram.get(g);
        if (list) list.push(w);
        else byTrigram.set(g, [w]);
      }
    }
    // Every word the index may have to stem: the vocabularies of both languages and their Dutch forms.
    const all = [...new Set(words.flatMap((w) => dutchForms(w.word)))];
    const stems = await stemWords(db, lang, all);
    const crisisRows = (await db.execute(
      sql`select websearch_to_tsquery(${sql.raw(`'${cfg(lang)}'`)}::regconfig, ${CRISIS_WORDS[lang]})::text as q`,
    )) as unknown as { rows?: { q: string }[] } | { q: string }[];
    const cq = (Array.isArray(crisisRows) ? crisisRows : (crisisRows.rows ?? []))[0]?.q ?? "";
    const crisisLexemes = [...cq.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!.replace(/''/g, "'"));
    langs[lang] = {
      vecs,
      sorted,
      idOf,
      postings,
      vocab,
      byStart,
      variants,
      trigrams,
      byTrigram,
      crisisLexemes,
      stems,
      fixes: new Map(),
      scores: new Array(sorted.length),
      byRank: new Array(sorted.length),
      acc: new Float64Array(vecs.length),
      seen: new Uint8Array(vecs.length),
      touched: new Int32Array(vecs.length),
    };
  }
  // The statement's tie-break (urgent first, then slug) as one number per place.
  const tie = places
    .map((_p, i) => i)
    .sort((a, b) => {
      const pa = places[a]!;
      const pb = places[b]!;
      if (pa.urgent !== pb.urgent) return pa.urgent ? -1 : 1;
      return pa.slug < pb.slug ? -1 : pa.slug > pb.slug ? 1 : 0;
    });
  const tieOrder = new Int32Array(places.length);
  tie.forEach((i, k) => {
    tieOrder[i] = k;
  });
  return { stamp, places, crisis, langs, tieOrder, builtMs: Math.round(performance.now() - t0) };
}

// ---------- one index per database handle and content version ----------

type Slot = { index?: SearchIndex; building?: Promise<SearchIndex>; checkedAt: number; generation: number };
const slots = new WeakMap<Db, Slot>();
let generation = 0;
/** How often a process reads the content version (other processes' edits show within this). */
export const SEARCH_INDEX_CHECK_MS = 1000;

/** The search data changed in this process (refreshSearch): the next search reads the content version first. */
export function searchDataChanged() {
  generation++;
}

/** The index of the current content version, built when the version changed. */
export async function searchIndex(db: Db, now = Date.now()): Promise<SearchIndex> {
  const slot = slots.get(db) ?? { checkedAt: 0, generation: -1 };
  slots.set(db, slot);
  if (slot.index && slot.generation === generation && now - slot.checkedAt < SEARCH_INDEX_CHECK_MS) return slot.index;
  slot.building ??= (async () => {
    try {
      const seen = generation;
      const { stamp } = await contentVersion(db, ROADMAP);
      const index = slot.index?.stamp === stamp && seen === slot.generation ? slot.index : await buildIndex(db, stamp);
      slot.index = index;
      slot.checkedAt = Date.now();
      slot.generation = seen;
      return index;
    } finally {
      slot.building = undefined;
    }
  })();
  return slot.building;
}

const memos = new WeakMap<SearchIndex, Map<string, Promise<unknown>>>();

/**
 * What is read from the roadmap once per content version, kept with that version's index (so it
 * is read again exactly when the index is: an edit of this process at once, another's within
 * SEARCH_INDEX_CHECK_MS). For the search page's help when nothing is found: without it, every junk
 * query would cost two statements on the embedded database's one connection.
 */
export async function perVersion<T>(db: Db, key: string, make: () => Promise<T>): Promise<T> {
  const ix = await searchIndex(db);
  let m = memos.get(ix);
  if (!m) {
    m = new Map();
    memos.set(ix, m);
  }
  let p = m.get(key) as Promise<T> | undefined;
  if (!p) {
    const kept = m;
    p = make();
    kept.set(key, p);
    p.catch(() => kept.delete(key));
  }
  return p;
}

type Item = { l: string; prefix: boolean };
function rangeOf(li: LangIndex, item: Item): Range {
  if (!item.prefix) {
    const id = li.idOf.get(item.l);
    return id === undefined ? { l: item.l, lo: 0, hi: 0 } : { l: item.l, lo: id, hi: id + 1 };
  }
  let lo = 0;
  let hi = li.sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (li.sorted[mid]! < item.l) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < li.sorted.length && li.sorted[end]!.startsWith(item.l)) end++;
  return { l: item.l, lo, hi: end };
}

/** The distinct items of a query in tsquery order (SortAndUniqItems: by lexeme, each once), as id ranges. */
function prepare(li: LangIndex, items: Item[]): Range[] {
  const s = [...items].sort((a, b) => (a.l < b.l ? -1 : a.l > b.l ? 1 : 0));
  return s.filter((x, i) => i === 0 || s[i - 1]!.l !== x.l).map((x) => rangeOf(li, x));
}

// ---------- the steps ----------

/** Not answerable here (an operator, a sign, a word the parser splits): the caller runs the SQL statement. */
export class NeedsSql extends Error {}

type Found = { i: number; step: number; rank: number };

/** Each posting's `entryScore` for lexeme `id`, in the posting's order (made once per content version). */
function scoresOf(li: LangIndex, id: number): Float64Array {
  let s = li.scores[id];
  if (!s) {
    const list = li.postings[id]!;
    s = new Float64Array(list.length);
    for (let k = 0; k < list.length; k++) {
      const v = li.vecs[list[k]!]!;
      s[k] = entryScore(v, entryOf(v, id));
    }
    li.scores[id] = s;
  }
  return s;
}

/**
 * The places of lexeme `id` as a query of that one lexeme orders them: by ts_rank (calc_rank_or of
 * one item: the float4 of its one term) descending, then the statement's tie-break (made once per
 * content version; a one-word search's page is then its first `limit`).
 */
function byRankOf(ix: SearchIndex, li: LangIndex, id: number) {
  let r = li.byRank[id];
  if (!r) {
    const list = li.postings[id]!;
    const s = scoresOf(li, id);
    const rank = Array.from(s, (x) => f(f(0 + x) / 1));
    const order = Array.from(list, (_i, k) => k).sort((a, b) => rank[b]! - rank[a]! || ix.tieOrder[list[a]!]! - ix.tieOrder[list[b]!]!);
    r = { places: Int32Array.from(order, (k) => list[k]!), ranks: Float64Array.from(order, (k) => rank[k]!) };
    li.byRank[id] = r;
  }
  return r;
}

/** Whether a place of `rank` and tie-break position `t` comes before `x` in the statement's order. */
const precedes = (rank: number, t: number, x: Found, tie: Int32Array) => rank > x.rank || (rank === x.rank && t < tie[x.i]!);

/**
 * The best `limit` in the statement's order (rank desc, then the tie-break), kept sorted while the
 * candidates come: a candidate that does not beat the last of a full list costs one comparison.
 */
class TopK {
  readonly out: Found[] = [];
  constructor(
    private readonly tie: Int32Array,
    private readonly limit: number,
    private readonly step: number,
  ) {}
  add(i: number, rank: number) {
    const { out, tie, limit } = this;
    if (limit <= 0) return;
    if (out.length === limit && !precedes(rank, tie[i]!, out[limit - 1]!, tie)) return;
    let k = out.length === limit ? limit - 1 : out.length;
    while (k > 0 && precedes(rank, tie[i]!, out[k - 1]!, tie)) k--;
    out.splice(k, 0, { i, step: this.step, rank });
    if (out.length > limit) out.pop();
  }
}

/**
 * The first `limit` places that hold every item (`and`) or any item, in the statement's order: the
 * SQL's `ranked` over every match (ADR 023), without sorting every match: ranks are built from
 * terms kept per lexeme, and only the best `limit` are kept (ADR 023's third amendment).
 *
 * - `ts_rank` of an `|` query (calc_rank_or; also an `&` of one distinct item) is a float4 sum of one
 *   term per (item, vector entry), each term depending on that entry's positions alone. The terms are
 *   kept per lexeme and posting (`scoresOf`), and the sums are built lexeme by lexeme over the
 *   postings (items in tsquery order, a prefix's lexemes in id order: the order calc_rank_or adds
 *   them in for each vector), so every rank is the same float4, for a few additions per match.
 * - One item of one lexeme: the places already in order (`byRankOf`), the page a slice.
 * - An `&` of several items (calc_rank_cd is not used: ts_rank's calc_rank_and, pairs of positions):
 *   the matches are the smallest item's places that hold the others too.
 */
function ranked(ix: SearchIndex, li: LangIndex, items: Item[], and: boolean, step: number, limit: number): Found[] {
  if (!items.length || limit <= 0) return [];
  const u = prepare(li, items);
  const top = new TopK(ix.tieOrder, limit, step);
  if (and && u.length >= 2) {
    if (u.some((r) => r.lo >= r.hi)) return [];
    // The matches: the places of the smallest item that every other item's places hold too,
    // by merging sorted postings (a prefix's range, several lexemes: a look-up in each vector).
    const size = (r: Range) => {
      let n = 0;
      for (let id = r.lo; id < r.hi; id++) n += li.postings[id]!.length;
      return n;
    };
    const bySize = [...u].sort((a, b) => size(a) - size(b));
    const first = bySize[0]!;
    const { touched, seen } = li;
    let m = 0;
    for (let id = first.lo; id < first.hi; id++) {
      const list = li.postings[id]!;
      for (let k = 0; k < list.length; k++) {
        const i = list[k]!;
        if (seen[i]) continue;
        seen[i] = 1;
        touched[m++] = i;
      }
    }
    for (let k = 0; k < m; k++) seen[touched[k]!] = 0;
    for (let x = 1; x < bySize.length && m; x++) {
      const r = bySize[x]!;
      let kept = 0;
      if (r.hi - r.lo === 1 && first.hi - first.lo === 1) {
        // Both lists ascending (postings are built in place order): one merge.
        const list = li.postings[r.lo]!;
        let j = 0;
        for (let k = 0; k < m; k++) {
          const i = touched[k]!;
          while (j < list.length && list[j]! < i) j++;
          if (j < list.length && list[j] === i) touched[kept++] = i;
        }
      } else for (let k = 0; k < m; k++) if (holds(li.vecs[touched[k]!]!, r)) touched[kept++] = touched[k]!;
      m = kept;
    }
    for (let k = 0; k < m; k++) top.add(touched[k]!, tsRank(li.vecs[touched[k]!]!, u, true));
    return top.out;
  }
  const only = u[0]!;
  if (u.length === 1 && only.hi - only.lo === 1) {
    const r = byRankOf(ix, li, only.lo);
    const n = Math.min(limit, r.places.length);
    const out: Found[] = new Array(n);
    for (let k = 0; k < n; k++) out[k] = { i: r.places[k]!, step, rank: r.ranks[k]! };
    return out;
  }
  const { acc, seen, touched } = li;
  let m = 0;
  for (const r of u) {
    for (let id = r.lo; id < r.hi; id++) {
      const list = li.postings[id]!;
      const s = scoresOf(li, id);
      for (let k = 0; k < list.length; k++) {
        const i = list[k]!;
        if (seen[i]) acc[i] = f(acc[i]! + s[k]!);
        else {
          seen[i] = 1;
          touched[m++] = i;
          acc[i] = f(0 + s[k]!);
        }
      }
    }
  }
  for (let k = 0; k < m; k++) {
    const i = touched[k]!;
    seen[i] = 0;
    top.add(i, f(acc[i]! / u.length));
  }
  return top.out;
}

/**
 * The reference `ranked`: every match ranked by the per-vector ts_rank (`tsRank`) and sorted in full,
 * as the index did before it ranked only what can be on the page. Tests compare the two
 * (`searchIndexed`'s `everyMatch`).
 */
function rankedEveryMatch(ix: SearchIndex, li: LangIndex, items: Item[], and: boolean, step: number, limit: number): Found[] {
  if (!items.length || limit <= 0) return [];
  const u = prepare(li, items);
  const sets = u.map((r) => {
    const set = new Set<number>();
    for (let id = r.lo; id < r.hi; id++) for (const i of li.postings[id]!) set.add(i);
    return set;
  });
  const all = new Set<number>();
  for (const set of sets) for (const i of set) all.add(i);
  const hits = and ? [...sets[0]!].filter((i) => sets.every((set) => set.has(i))) : [...all];
  const topAnd = and && items.length >= 2;
  return hits
    .map((i) => ({ i, step, rank: tsRank(li.vecs[i]!, u, topAnd) }))
    .sort((a, b) => order(ix, a, b))
    .slice(0, limit);
}

/** Whether a vector holds a lexeme of a range. */
function holds(v: Vec, r: Range): boolean {
  const k = entryOf(v, r.lo);
  return k < v.ids.length && v.ids[k]! < r.hi;
}

/** A word's lexemes (`single`: as a query's operand, so one token); throws NeedsSql for a word not stemmed yet (see `stemMissing`) or split. */
function stemsOf(li: LangIndex, w: string, single = false): string[] {
  const s = li.stems.get(w);
  if (s === undefined || (single && !s.single)) throw new NeedsSql(w);
  return s.l;
}

/** Stems the words the index has not seen (one small statement), so the search can go on in memory. */
async function stemMissing(db: Db, lang: Lang, li: LangIndex, words: string[]) {
  const missing = [...new Set(words)].filter((w) => !li.stems.has(w));
  if (!missing.length) return;
  if (li.stems.size > MAX_STEMS_CACHED * 4) for (const w of [...li.stems.keys()].slice(0, MAX_STEMS_CACHED)) li.stems.delete(w);
  for (const [w, l] of await stemWords(db, lang, missing)) li.stems.set(w, l);
}

/** `closestWord`, worked out once per word and content version (at most MAX_STEMS_CACHED words, then again). */
function closestKept(li: LangIndex, w: string, loose: boolean): string | null {
  const key = `${loose ? 1 : 0}${w}`;
  if (!li.fixes.has(key)) {
    if (li.fixes.size >= MAX_STEMS_CACHED) li.fixes.clear();
    li.fixes.set(key, closestWord(li, w, loose));
  }
  return li.fixes.get(key) ?? null;
}

/** The closest vocabulary word (search.ts `closestWord`), or null. */
function closestWord(li: LangIndex, w: string, loose: boolean): string | null {
  const chars = Array.from(w);
  const cands = new Map<string, { dist: number; sim: boolean }>();
  const qt = trigramsOf(w);
  const sim = (word: string) => similarity(li.trigrams.get(word) ?? trigramsOf(word), qt);
  const T = f(0.3);
  if (chars.length >= 5) {
    const vs: [string, number][] = [[w, 0]];
    for (let i = 1; i <= chars.length; i++) vs.push([chars.slice(0, i - 1).join("") + chars.slice(i).join(""), i]);
    for (const [variant, vp] of vs) {
      for (const [dp, word] of li.variants.get(variant) ?? []) {
        const dist = vp === 0 && dp === 0 ? 0 : vp === 0 || dp === 0 || Math.abs(vp - dp) === 1 || vp === dp ? 1 : 2;
        const c = cands.get(word);
        if (!c || dist < c.dist) cands.set(word, { dist, sim: false });
      }
    }
  }
  if (loose) {
    // Only words that share a trigram with w can reach the threshold (no trigram in common: similarity 0).
    // Counted per word while reading the trigrams' lists (each list holds a word once, and both
    // sides' trigrams are distinct), the count is the trigrams in common: `similarity` without a merge.
    const shared = new Map<string, number>();
    for (const g of qt) for (const word of li.byTrigram.get(g) ?? []) shared.set(word, (shared.get(word) ?? 0) + 1);
    for (const [word, common] of shared) {
      const all = li.trigrams.get(word)!.length + qt.length - common;
      if (f(f(common) / f(all)) >= T && !cands.has(word)) cands.set(word, { dist: 2, sim: true });
    }
  }
  let best: { word: string; dist: number; s: number } | null = null;
  for (const [word, c] of cands) {
    const s = sim(word);
    const ok = c.dist <= 1 || chars.length >= 8 || (loose && s >= T);
    if (!ok) continue;
    if (!best || c.dist < best.dist || (c.dist === best.dist && (s > best.s || (s === best.s && word < best.word))))
      best = { word, dist: c.dist, s };
  }
  return best?.word ?? null;
}

/** Whether the roadmap knows a word: in its vocabulary, or a stem of it begins a vocabulary word's stem. */
function known(li: LangIndex, w: string, forms: string[]): boolean {
  if (li.vocab.has(w)) return true;
  for (const form of forms) {
    for (const s of stemsOf(li, form)) {
      const start = Array.from(s).slice(0, 2).join("");
      for (const [key, list] of li.byStart) {
        if (!key.startsWith(start)) continue;
        for (const word of list) if (stemsOf(li, word).some((m) => m.startsWith(s))) return true;
      }
    }
  }
  return false;
}

export type IndexedOutcome = { results: PublicPlace[]; crisis: boolean; suggestion: string | null };

/** A plain query: words of letters and digits (signs at a word's end dropped); anything websearch reads as an operator goes to SQL. */
function plainWords(q: string): string[] {
  const cleaned = q.replace(/[?!.,;:]+(?=\s|$)/g, "");
  if (!/^[\p{L}\p{N} ]*$/u.test(cleaned)) throw new NeedsSql(q);
  const words = cleaned.split(" ").filter(Boolean);
  if (words.includes("or")) throw new NeedsSql(q);
  return words;
}

/** The search of `searchRoadmap`, in memory: the same steps, ranks and order. Throws NeedsSql when it cannot say. */
export async function searchIndexed(
  db: Db,
  lang: Lang,
  query: string,
  limit = 30,
  opts: { everyMatch?: boolean } = {},
): Promise<IndexedOutcome> {
  const rank = opts.everyMatch ? rankedEveryMatch : ranked;
  const q = normaliseQuery(query);
  if (!q) return { results: [], crisis: false, suggestion: null };
  const crisis = isCrisisLanguage(q);
  const ix = await searchIndex(db);
  const li = ix.langs[lang];
  const words = plainWords(q);
  const pairs = queryWords(q)
    .flatMap((w) => (lang === "nl" ? dutchForms(w) : [w]).map((form) => [w, form] as const))
    .slice(0, 8);
  await stemMissing(db, lang, li, [...words, ...pairs.map(([, form]) => form)]);

  const lex = (ws: string[]) =>
    ws.flatMap((w) => {
      const s = stemsOf(li, w, true);
      return s.map((l) => ({ l, prefix: false }));
    });
  const found: Found[] = [];
  if (crisis) {
    const u = prepare(
      li,
      li.crisisLexemes.map((l) => ({ l, prefix: false })),
    );
    for (const i of ix.crisis) found.push({ i, step: 0, rank: tsRank(li.vecs[i]!, u, false) });
  }
  const e = rank(ix, li, lex(words), true, 1, limit);
  found.push(...e);
  let fixes = new Map<string, string | null>();
  let c: Found[] = [];
  const distinct = [...new Set(pairs.map(([w]) => w))];
  const formsOf = (w: string) => pairs.filter(([x]) => x === w).map(([, form]) => form);
  if (!e.length) {
    const fk = distinct.map((w) => ({ w, stop: formsOf(w).every((form) => !stemsOf(li, form).length), known: known(li, w, formsOf(w)) }));
    const loose = !fk.some((x) => x.known);
    fixes = new Map(fk.map((x) => [x.w, x.known || x.stop ? x.w : closestKept(li, x.w, loose)]));
    const fixed = [...fixes.values()].filter((x): x is string => x !== null);
    await stemMissing(db, lang, li, fixed);
    if ([...fixes].some(([w, x]) => x !== null && x !== w)) c = rank(ix, li, lex(fixed), true, 2, limit);
    found.push(...c);
  }
  const changed = (w: string) => {
    const x = fixes.get(w);
    return x !== undefined && x !== null && x !== w;
  };
  if (e.length + c.length < 3) {
    const cw = [
      ...pairs.filter(([w]) => !changed(w)).map(([, form]) => form),
      ...[...fixes].filter(([w]) => changed(w)).map(([, x]) => x!),
    ];
    const items = cw.flatMap((form) => stemsOf(li, form).map((l) => ({ l, prefix: true })));
    // A lexeme the simple parser might split again (a sign, a letter beyond ASCII): the statement says.
    if (items.some((x) => !/^[a-z0-9]+$/.test(x.l))) throw new NeedsSql(q);
    found.push(...rank(ix, li, items, false, 3, limit));
  }
  const best = new Map<number, Found>();
  for (const x of found) if (!best.has(x.i) || best.get(x.i)!.step > x.step) best.set(x.i, x);
  const rows = [...best.values()].sort((a, b) => order(ix, a, b)).slice(0, limit);
  const corrected = [...fixes].some(([w]) => changed(w)) ? q.replace(/[\p{L}\p{N}]+/gu, (w) => (changed(w) ? fixes.get(w)! : w)) : q;
  return {
    results: rows.map((x) => publicOf(ix.places[x.i]!)),
    crisis,
    suggestion: rows.length && corrected !== q && !crisis ? corrected : null,
  };
}

/** The statement's order: step, rank (desc), urgent first, slug. */
function order(ix: SearchIndex, a: Found, b: Found) {
  if (a.step !== b.step) return a.step - b.step;
  if (a.rank !== b.rank) return b.rank - a.rank;
  return ix.tieOrder[a.i]! - ix.tieOrder[b.i]!;
}

/**
 * The index's own place, frozen at build: the same object for every search of this content version,
 * so what is made from it once (a result card's HTML, views.tsx `ResultCards`) can be kept with it.
 */
const publicOf = (p: Place): PublicPlace => p;
