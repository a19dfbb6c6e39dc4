// PostgreSQL's full-text search reproduced in process, for an index kept in memory: a tsvector's
// text form read into typed arrays, `ts_rank` with the default weights and normalisation as
// tsrank.c computes it (float4, step by step, so the same numbers and the same order), and
// pg_trgm's trigrams and similarity. Knows no feature: the roadmap's search (ADR 023) builds on it.

export const f = Math.fround;
/** ts_rank's default weights, D C B A, as float4. */
export const WEIGHTS = [f(0.1), f(0.2), f(0.4), f(1)];

/**
 * One place's tsvector, compact: its lexemes as ids (the index of the lexeme in the language's
 * sorted list, so in the vector's own order), and for lexeme k the positions `pos[off[k]..off[k+1]]`
 * (position << 2 | weight: 3 A … 0 D).
 */
export type Vec = { ids: Int32Array; off: Int32Array; pos: Int32Array };

/** A vector as parsed: provisional lexeme ids (order of first sight), positions per entry. */
export type Parsed = { ids: number[]; off: number[]; pos: number[] };

const Q = 39; // '
const BACKSLASH = 92;

/** The text form of a tsvector ('lexeme':1A,5 'other':2 …), read in one pass; new lexemes get the next id in `seen`. */
export function parseVector(text: string | null, seen: Map<string, number>): Parsed {
  const out: Parsed = { ids: [], off: [], pos: [] };
  if (!text) return out;
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (text.charCodeAt(i) !== Q) {
      i++;
      continue;
    }
    i++;
    let lexeme = "";
    let from = i;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === Q) {
        if (text.charCodeAt(i + 1) === Q) {
          lexeme += `${text.slice(from, i)}'`;
          i += 2;
          from = i;
          continue;
        }
        break;
      }
      if (c === BACKSLASH) {
        lexeme += text.slice(from, i) + text[i + 1];
        i += 2;
        from = i;
        continue;
      }
      i++;
    }
    lexeme += text.slice(from, i);
    i++;
    let id = seen.get(lexeme);
    if (id === undefined) {
      id = seen.size;
      seen.set(lexeme, id);
    }
    out.ids.push(id);
    out.off.push(out.pos.length);
    if (text.charCodeAt(i) === 58) {
      i++;
      for (;;) {
        let p = 0;
        let c = text.charCodeAt(i);
        while (c >= 48 && c <= 57) {
          p = p * 10 + c - 48;
          c = text.charCodeAt(++i);
        }
        let w = 0;
        if (c >= 65 && c <= 68) {
          w = 68 - c; // A 3, B 2, C 1, D 0
          c = text.charCodeAt(++i);
        }
        out.pos.push((p << 2) | w);
        if (c !== 44) break;
        i++;
      }
    }
  }
  out.off.push(out.pos.length);
  return out;
}

/** A parsed vector with its lexemes renumbered in sorted order (`final[provisional]`), entries sorted by them. */
export function compact(p: Parsed, final: Int32Array): Vec {
  const k = p.ids.length;
  const order = Array.from({ length: k }, (_, j) => j).sort((a, b) => final[p.ids[a]!]! - final[p.ids[b]!]!);
  const ids = new Int32Array(k);
  const off = new Int32Array(k + 1);
  const pos = new Int32Array(p.pos.length);
  let at = 0;
  order.forEach((e, j) => {
    ids[j] = final[p.ids[e]!]!;
    off[j] = at;
    for (let x = p.off[e]!; x < p.off[e + 1]!; x++) pos[at++] = p.pos[x]!;
  });
  off[k] = at;
  return { ids, off, pos };
}

/** pg_trgm's trigrams of a word ("  word "), distinct and sorted. */
export function trigramsOf(word: string): string[] {
  const out = new Set<string>();
  for (const part of word.split(/[^\p{L}\p{N}]+/u).filter(Boolean)) {
    const chars = Array.from(`  ${part} `);
    for (let i = 0; i + 2 < chars.length; i++) out.add(chars[i]! + chars[i + 1]! + chars[i + 2]!);
  }
  return [...out].sort();
}

/** pg_trgm's similarity of two sorted trigram lists, as float4. */
export function similarity(a: string[], b: string[]): number {
  let common = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) {
      common++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  const all = a.length + b.length - common;
  return all ? f(f(common) / f(all)) : 0;
}

// ---------- ts_rank, as PostgreSQL computes it (tsrank.c, float4) ----------

const wpos = (p: number) => WEIGHTS[p & 3]!;
const wordDistance = (d: number) => (d > 100 ? f(1e-30) : f(1.0 / (1.005 + 0.05 * Math.exp(f(d) / 1.5 - 2))));
/** An item's lexeme ids in the language's sorted list: [lo, hi) (empty when no place has it). */
export type Range = { l: string; lo: number; hi: number };

/** The entry of lexeme `id` in a vector that holds it. */
export function entryOf(v: Vec, id: number): number {
  let lo = 0;
  let hi = v.ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v.ids[mid]! < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The vector's entries an item finds, in the vector's order: [first, end) into `v.ids`. */
export function entries(v: Vec, r: Range): [number, number] {
  if (r.lo >= r.hi) return [0, 0];
  const lo = entryOf(v, r.lo);
  let end = lo;
  while (end < v.ids.length && v.ids[end]! < r.hi) end++;
  return [lo, end];
}

/**
 * One vector entry's term of calc_rank_or's sum (its positions' weights, the best one counted in
 * full): a double, added to the float4 sum as tsrank.c does.
 */
export function entryScore(v: Vec, k: number): number {
  let resj = 0;
  let wjm = -1;
  let jm = 0;
  const end = v.off[k + 1]!;
  for (let x = v.off[k]!, j = 0; x < end; x++, j++) {
    const w = wpos(v.pos[x]!);
    resj = f(resj + f(w / ((j + 1) * (j + 1))));
    if (w > wjm) {
      wjm = w;
      jm = j;
    }
  }
  return f(f(wjm + resj) - f(wjm / ((jm + 1) * (jm + 1)))) / 1.64493406685;
}

export function rankOr(v: Vec, u: Range[]): number {
  let res = 0;
  for (const item of u) {
    const [from, to] = entries(v, item);
    for (let k = from; k < to; k++) res = f(res + entryScore(v, k));
  }
  return u.length ? f(res / u.length) : res;
}

/**
 * calc_rank_and's weight of a pair of positions, `f(sqrt(f(f(w1 * w2) * wordDistance(d))))`, for each
 * pair of weights (w1 * 4 + w2) and distance d (1 … 100; 101 stands for every distance above 100).
 */
export const PAIR = (() => {
  const t = new Float64Array(16 * 102);
  for (let a = 0; a < 4; a++)
    for (let b = 0; b < 4; b++)
      for (let d = 1; d <= 101; d++) t[(a * 4 + b) * 102 + d] = f(Math.sqrt(f(f(WEIGHTS[a]! * WEIGHTS[b]!) * wordDistance(d))));
  return t;
})();
/** Scratch of rankAnd: per item, the positions of its last entry seen ([from, to) into `v.pos`, from -1: none). */
let lastFrom = new Int32Array(16);
let lastTo = new Int32Array(16);

/**
 * calc_rank_and: every pair of positions of two different items, nearer ones weighing more, combined
 * as 1 - Π(1 - w). An item's entries (a prefix's lexemes) pair with the last entry of each earlier
 * item, as tsrank.c's `pos` array does; the pairs in the same order, so the same float4.
 */
export function rankAnd(v: Vec, u: Range[]): number {
  if (u.length < 2) return rankOr(v, u);
  if (lastFrom.length < u.length) {
    lastFrom = new Int32Array(u.length);
    lastTo = new Int32Array(u.length);
  }
  const { ids, off, pos } = v;
  let res = -1;
  for (let i = 0; i < u.length; i++) {
    lastFrom[i] = -1;
    const r = u[i]!;
    if (r.lo >= r.hi) continue;
    for (let e = entryOf(v, r.lo); e < ids.length && ids[e]! < r.hi; e++) {
      const a0 = off[e]!;
      const a1 = off[e + 1]!;
      lastFrom[i] = a0;
      lastTo[i] = a1;
      for (let k = 0; k < i; k++) {
        const b0 = lastFrom[k]!;
        if (b0 < 0) continue;
        const b1 = lastTo[k]!;
        for (let x = a0; x < a1; x++) {
          const l = pos[x]!;
          const at = l >> 2;
          const row = (l & 3) * 4;
          for (let y = b0; y < b1; y++) {
            const p = pos[y]!;
            let d = at - (p >> 2);
            if (d < 0) d = -d;
            if (!d) continue;
            const curw = PAIR[(row + (p & 3)) * 102 + (d > 100 ? 101 : d)]!;
            res = res < 0 ? curw : f(1.0 - (1.0 - res) * (1.0 - curw));
          }
        }
      }
    }
  }
  return res;
}

/** ts_rank(vector, query) with the default weights and normalisation; `and`: the query's top operator is `&`. */
export function tsRank(v: Vec, u: Range[], and: boolean): number {
  if (!v.ids.length || !u.length) return 0;
  const res = and ? rankAnd(v, u) : rankOr(v, u);
  return res < 0 ? f(1e-20) : res;
}
