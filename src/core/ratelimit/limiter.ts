import { eq, lt, type SQLWrapper, sql } from "drizzle-orm";
import type { Database, Db } from "../../db/index.js";
import { prepared } from "../../db/prepared.js";
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
 * an HMAC, so the table holds no address or IP. The statement is prepared once (every limited
 * POST runs it); the rule's numbers are its parameters.
 */
export class PgRateLimiter implements RateLimiter {
  constructor(
    private db: Db,
    private clock: Clock,
    private secret: string,
  ) {}

  private statement() {
    return prepared(this.db, "rate_limit_take", () => {
      const now = sql`${sql.placeholder("now")}::timestamptz`;
      const step = ms(sql.placeholder("interval"));
      const next = sql`greatest(${rateLimits.tat}, ${now}) + ${step}`;
      return this.db
        .insert(rateLimits)
        .values({ key: sql.placeholder("key"), tat: sql`${now} + ${step}` })
        .onConflictDoUpdate({
          target: rateLimits.key,
          set: { tat: next },
          setWhere: sql`${next} <= ${now} + ${ms(sql.placeholder("window"))}`,
        })
        .returning({ key: rateLimits.key })
        .prepare("rate_limit_take");
    });
  }

  async take(rule: RateRule, key: string): Promise<RateDecision> {
    check(rule);
    const nowDate = this.clock.now();
    const id = `${rule.name}:${hmac(this.secret, `ratelimit:${key}`)}`;
    const taken = await this.statement().execute({ key: id, now: nowDate.toISOString(), interval: interval(rule), window: rule.windowMs });
    if (taken.length > 0) return { ok: true };
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
