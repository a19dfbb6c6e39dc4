import { normaliseName } from "../../core/text.js";
import { CRISIS_LEXICON } from "./crisis-lexicon.js";

export { CRISIS_WORDS } from "./crisis-lexicon.js";

// How students write, for search (the roadmap's, for now): the caps and form of a query, Dutch word
// forms, typo distance, and crisis language (the lexicon is data in crisis-lexicon.ts; matching
// forgives case, accents, apostrophes and typos). Pure functions: no tables, no pages.

/** A search is cut to this many characters and words: junk can't make it do more work. */
export const MAX_QUERY_CHARS = 100;
export const MAX_QUERY_WORDS = 10;

/** The query as searched: `normaliseName` (NFKC, no control or invisible characters), lower case, capped. */
export const normaliseQuery = (query: string) =>
  normaliseName(query.slice(0, 4 * MAX_QUERY_CHARS))
    .toLowerCase()
    .slice(0, MAX_QUERY_CHARS)
    .split(" ")
    .slice(0, MAX_QUERY_WORDS)
    .join(" ")
    .trim();

/** The words of a query worth matching one by one: 3 to 40 characters, each once, at most 6. */
export const queryWords = (query: string) =>
  [...new Set(query.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 3 && w.length <= 40))].slice(0, 6);

/**
 * A Dutch word plus a past participle without its "ge-" ("gepest" → "pest", which the stemmer
 * leaves alone, so it would never meet "pesten") and a verb without its "-t" ("intimideert" →
 * "intimideer", which meets "intimideren").
 */
export const dutchForms = (w: string) => [
  w,
  ...(w.startsWith("ge") && w.length >= 6 ? [w.slice(2)] : []),
  ...(/[^t]t$/.test(w) && w.length >= 7 ? [w.slice(0, -1)] : []),
];

/** Lower case, accents and apostrophes gone ("don't" → "dont", "suïcide" → "suicide"), a hyphen or other sign a space. */
export function normaliseText(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/[\p{M}\p{Cf}]/gu, "")
    .toLowerCase()
    .replace(/['’‘`´]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/**
 * The Damerau-Levenshtein distance (optimal string alignment: a letter wrong, missing or added, or
 * two neighbours swapped, each counts 1), or `max + 1` as soon as it must exceed `max`.
 */
export function editDistance(a: string, b: string, max = 2): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  // Three rows (two back, the last, this one), reused between calls: the crisis check runs this for
  // every word of a search against every lexicon word, and allocating rows was most of its cost.
  const n = b.length + 1;
  if (rows.length < 3 * n) rows = new Int32Array(Math.max(3 * n, 2 * rows.length));
  let prev2 = 0;
  let prev = n;
  let row = 2 * n;
  for (let j = 0; j < n; j++) rows[prev + j] = j;
  for (let i = 1; i <= a.length; i++) {
    rows[row] = i;
    let best = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j < n; j++) {
      const cost = ai === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(rows[prev + j]! + 1, rows[row + j - 1]! + 1, rows[prev + j - 1]! + cost);
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1))
        d = Math.min(d, rows[prev2 + j - 2]! + 1);
      rows[row + j] = d;
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
    const free = prev2;
    prev2 = prev;
    prev = row;
    row = free;
  }
  return rows[prev + b.length]!;
}
let rows = new Int32Array(96);

/** Typos a lexicon word allows: none below 5 letters, one from 5, two from 9. */
const allowed = (word: string) => (word.length >= 9 ? 2 : word.length >= 5 ? 1 : 0);

/** Whether a typed word matches a lexicon word (`stem*` as a prefix), typos allowed. */
export function wordMatches(typed: string, word: string): boolean {
  const prefix = word.endsWith("*");
  const w = prefix ? word.slice(0, -1) : word;
  const max = allowed(w);
  if (!prefix) return typed === w || (max > 0 && editDistance(typed, w, max) <= max);
  if (typed.startsWith(w)) return true;
  // The typed word's beginning, a letter shorter or longer than the stem (a dropped or doubled letter).
  for (let n = w.length - max; n <= w.length + max; n++) {
    if (n > 0 && n <= typed.length && max > 0 && editDistance(typed.slice(0, n), w, max) <= max) return true;
  }
  return false;
}

const GAP = 3;
type Phrase = string[];
const PHRASES: Phrase[] = [...CRISIS_LEXICON.nl, ...CRISIS_LEXICON.en].map((p) => normalisePattern(p).split(" "));

/** A lexicon phrase in the same form as a search (keeps `*`, `…` and `$`). */
function normalisePattern(p: string): string {
  return p
    .split(/\s+/)
    .map((w) => (w === "…" || w === "$" ? w : normaliseText(w.replace(/\*$/, "")) + (w.endsWith("*") ? "*" : "")))
    .join(" ");
}

/** Every word of the lexicon's phrases (`…` and `$` aside), once. */
const PARTS = [...new Set(PHRASES.flat().filter((w) => w !== "…" && w !== "$"))];
const NONE: ReadonlySet<string> = new Set();
/** The lexicon words each typed word matches (`wordMatches`), kept for the words searches repeat; bounded. */
const partsOfWord = new Map<string, ReadonlySet<string>>();
const MAX_WORDS_KEPT = 10_000;

/** The lexicon words a typed word matches, typos allowed: worked out once per word (most match none). */
function partsOf(typed: string): ReadonlySet<string> {
  let parts = partsOfWord.get(typed);
  if (parts === undefined) {
    const found = PARTS.filter((part) => wordMatches(typed, part));
    parts = found.length ? new Set(found) : NONE;
    if (partsOfWord.size >= MAX_WORDS_KEPT) partsOfWord.clear();
    partsOfWord.set(typed, parts);
  }
  return parts;
}

function matchesAt(words: string[], i: number, phrase: Phrase, k: number, parts: ReadonlySet<string>[]): boolean {
  if (k === phrase.length) return true;
  const part = phrase[k]!;
  if (part === "$") return i === words.length;
  if (part === "…") {
    for (let skip = 0; skip <= GAP; skip++) if (i + skip <= words.length && matchesAt(words, i + skip, phrase, k + 1, parts)) return true;
    return false;
  }
  if (i >= words.length) return false;
  return parts[i]!.has(part) && matchesAt(words, i + 1, phrase, k + 1, parts);
}

/** At most this many words of a search are read for crisis language (the search itself reads fewer). */
const MAX_WORDS = 24;

/** Whether a text (a search) reads as suicidal or self-harm language, in Dutch or English (see crisis-lexicon.ts). */
export function isCrisisLanguage(text: string): boolean {
  const words = normaliseText(text.slice(0, 300)).split(" ").filter(Boolean).slice(0, MAX_WORDS);
  const parts = words.map(partsOf);
  // A phrase begins with a word: a text none of whose words is in the lexicon holds none.
  if (parts.every((p) => p === NONE)) return false;
  return PHRASES.some((phrase) => words.some((_, i) => matchesAt(words, i, phrase, 0, parts)));
}
