import { eq, lt, type SQLWrapper, sql } from "drizzle-orm";
import type { Database, Db } from "../../db/index.js";
import { prepared } from "../../db/prepared.js";
import { Batch, batchOf } from "../batch.js";
import type { Clock } from "../clock.js";
import { hmac } from "../crypto.js";
import { rateLimits } from "./schema.js";

/**
 * A rate limit, declared once as data next to the routes that use it: at most `limit` hits at
 * once, and `limit` more for every `windowMs` that passes (a token bucket of `limit` tokens that
 * refills evenly, one token every `windowMs / limit`). `name` keeps rules apart in the store.
 */
export type RateRule = { readonly name: string; readonly limit: number; readonly windowMs: number };

export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number };

/**
 * Counts hits per rule and key. Two stores behind one interface (ADR 014): PostgreSQL when the
 * portal runs on it, so that every process shares one count, and process memory on PGlite, which
 * is one process anyway. Both run the same algorithm (GCRA) and read time from the injected clock.
 */
export interface RateLimiter {
  /** Takes one token for `key` under `rule`; when none is left, says how long until one is. */
  take(rule: RateRule, key: string): Promise<RateDecision>;
  /** Forgets every count (tests). */
  reset(): Promise<void>;
}

/** The bucket's arithmetic: one token every `interval` ms, `windowMs` worth of tokens at most. */
const interval = (rule: RateRule) => rule.windowMs / rule.limit;

function check(rule: RateRule) {
  if (!Number.isInteger(rule.limit) || rule.limit < 1 || !(rule.windowMs > 0)) throw new Error(`invalid rate rule ${rule.name}`);
}

/**
 * GCRA (generic cell rate algorithm), the token bucket kept as one timestamp per key: `tat`, the
 * moment the bucket is full again. A hit is allowed when, after adding one interval, the bucket is
 * full again within `windowMs` from now; a refused hit changes nothing.
 */
export function gcra(
  tat: number | undefined,
  now: number,
  rule: RateRule,
): { ok: true; tat: number } | { ok: false; retryAfterMs: number } {
  const next = Math.max(tat ?? now, now) + interval(rule);
  if (next - rule.windowMs <= now) return { ok: true, tat: next };
  return { ok: false, retryAfterMs: next - rule.windowMs - now };
}

/** In process memory: right for one process (PGlite, tests). */
export class MemoryRateLimiter implements RateLimiter {
  private buckets = new Map<string, number>();
  constructor(private clock: Clock) {}

  async take(rule: RateRule, key: string): Promise<RateDecision> {
    check(rule);
    const now = this.clock.now().getTime();
    const id = `${rule.name}:${key}`;
    const d = gcra(this.buckets.get(id), now, rule);
    if (!d.ok) return d;
    this.buckets.set(id, d.tat);
    if (this.buckets.size > 50_000) for (const [k, tat] of this.buckets) if (tat <= now) this.buckets.delete(k);
    return { ok: true };
  }

  async reset() {
    this.buckets.clear();
  }
}

const ms = (n: SQLWrapper | number) => sql`(${n}::float8 * interval '1 millisecond')`;

/**
 * In PostgreSQL: one atomic `INSERT … ON CONFLICT DO UPDATE … WHERE … RETURNING` per hit, so hits
 * from any number of processes and connections are counted exactly once each. Keys are stored as
 * an HMAC, so the table holds no address or IP. The statement is prepared once (every limited POST
 * runs it; the rule's numbers are its parameters) and batched per rule (ADR 025): the hits that
 * arrive while the rule's statement is at the database go together in the next, one row each, a
 * key at most once per batch (one statement may not update a row twice). Each row carries its
 * hit's moment: `excluded.tat` is that moment plus one interval.
 */
export class PgRateLimiter implements RateLimiter {
  constructor(
    private db: Db,
    private clock: Clock,
    private secret: string,
  ) {}

  private statement() {
    return prepared(this.db, "rate_limit_take", () => {
      const step = ms(sql.placeholder("interval"));
      const at = sql`(excluded.tat - ${step})`;
      const next = sql`greatest(${rateLimits.tat}, ${at}) + ${step}`;
      return this.db
        .insert(rateLimits)
        .select(
          sql`select k.key, k.at + ${step} from unnest(${sql.placeholder("keys")}::text[], ${sql.placeholder("ats")}::timestamptz[]) as k(key, at)`,
        )
        .onConflictDoUpdate({
          target: rateLimits.key,
          set: { tat: next },
          setWhere: sql`${next} <= ${at} + ${ms(sql.placeholder("window"))}`,
        })
        .returning({ key: rateLimits.key })
        .prepare("rate_limit_take");
    });
  }

  /** One batch per rule. */
  private batch(rule: RateRule) {
    return batchOf(this.db, `rate_limit_take:${rule.name}`, () => {
      const statement = this.statement();
      return new Batch(
        async (hits: { key: string; at: string }[]) => {
          // In key order: two processes' batches lock their rows in the same order, so they cannot deadlock.
          const sorted = [...hits].sort((a, b) => (a.key < b.key ? -1 : 1));
          const taken = await statement.execute({
            keys: sorted.map((h) => h.key),
            ats: sorted.map((h) => h.at),
            interval: interval(rule),
            window: rule.windowMs,
          });
          const ok = new Set(taken.map((r) => r.key));
          return hits.map((h) => ok.has(h.key));
        },
        { distinct: (h) => h.key },
      );
    });
  }

  async take(rule: RateRule, key: string): Promise<RateDecision> {
    check(rule);
    const nowDate = this.clock.now();
    const id = `${rule.name}:${hmac(this.secret, `ratelimit:${key}`)}`;
    if (await this.batch(rule).load({ key: id, at: nowDate.toISOString() })) return { ok: true };
    // Refused: nothing was written. How long until the next token (for Retry-After).
    const [row] = await this.db.select({ tat: rateLimits.tat }).from(rateLimits).where(eq(rateLimits.key, id));
    const d = gcra(row?.tat.getTime(), nowDate.getTime(), rule);
    return d.ok ? { ok: false, retryAfterMs: 0 } : d;
  }

  async reset() {
    await this.db.delete(rateLimits);
  }
}

/** The store for this database: shared in PostgreSQL, in memory on PGlite (one process). */
export function createLimiter(database: Pick<Database, "db" | "driver">, opts: { clock: Clock; secret: string }): RateLimiter {
  return database.driver === "postgres" ? new PgRateLimiter(database.db, opts.clock, opts.secret) : new MemoryRateLimiter(opts.clock);
}

/** Deletes rows whose bucket is full again (the same as no row). Run by the hourly retention clean-up (src/privacy.ts). */
export async function cleanupRateLimits(db: Db, now: Date): Promise<number> {
  const gone = await db.delete(rateLimits).where(lt(rateLimits.tat, now)).returning({ key: rateLimits.key });
  return gone.length;
}
