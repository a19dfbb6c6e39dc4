import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { countingDb, driver, testDatabase } from "../../../test/helpers/db.js";
import { MINUTE, TestClock } from "../clock.js";
import { cleanupRateLimits, MemoryRateLimiter, PgRateLimiter, type RateLimiter, type RateRule } from "./limiter.js";
import { rateLimits } from "./schema.js";

let database: Awaited<ReturnType<typeof testDatabase>>;
beforeAll(async () => {
  database = await testDatabase();
}, 60_000);
afterAll(() => database.close());

const clock = new TestClock();
const RULE: RateRule = { name: "test", limit: 10, windowMs: 15 * MINUTE };
const SECRET = "a-test-secret-of-at-least-32-characters";

/** How many of `n` hits pass, one after another. */
async function hits(limiter: RateLimiter, n: number, key = "k", rule = RULE) {
  let passed = 0;
  for (let i = 0; i < n; i++) if ((await limiter.take(rule, key)).ok) passed++;
  return passed;
}

/** What the portal used before: a counter per fixed window. The control for the boundary test. */
class FixedWindowControl implements RateLimiter {
  private windows = new Map<string, { count: number; resetAt: number }>();
  async take(rule: RateRule, key: string) {
    const now = clock.now().getTime();
    const w = this.windows.get(key);
    if (!w || w.resetAt <= now) this.windows.set(key, { count: 1, resetAt: now + rule.windowMs });
    else if (++w.count > rule.limit) return { ok: false as const, retryAfterMs: w.resetAt - now };
    return { ok: true as const };
  }
  async reset() {}
}

/**
 * How a client beats fixed windows: one hit opens a window, the rest of the limit comes just before
 * it closes and a whole limit just after. Returns how many hits pass within those 2 seconds.
 */
async function boundaryBurst(limiter: RateLimiter) {
  const start = clock.now().getTime();
  await hits(limiter, 1);
  clock.set(new Date(start + RULE.windowMs - 1000));
  let passed = await hits(limiter, RULE.limit - 1);
  clock.set(new Date(start + RULE.windowMs + 1000));
  passed += await hits(limiter, RULE.limit);
  return passed;
}

// Both stores, on this run's database: the PostgreSQL store runs on PGlite here and on a real
// server in the postgres project.
const stores: [string, () => RateLimiter][] = [
  ["memory", () => new MemoryRateLimiter(clock)],
  [`database (${driver})`, () => new PgRateLimiter(database.db, clock, SECRET)],
];

describe.each(stores)("%s store", (_name, make) => {
  let limiter: RateLimiter;
  beforeEach(async () => {
    await database.reset();
    clock.set("2026-11-23T10:00:00Z");
    limiter = make();
  });

  it("allows `limit` hits at once, then one more every windowMs / limit, and says when", async () => {
    expect(await hits(limiter, 10)).toBe(10);
    expect(await limiter.take(RULE, "k")).toEqual({ ok: false, retryAfterMs: 90_000 }); // 15 min / 10
    clock.advance(60_000);
    expect(await limiter.take(RULE, "k")).toEqual({ ok: false, retryAfterMs: 30_000 });
    clock.advance(30_000);
    expect(await hits(limiter, 3)).toBe(1);
    // After a quiet window the bucket is full again, and no fuller.
    clock.advance(60 * MINUTE);
    expect(await hits(limiter, 12)).toBe(10);
  });

  it("does not let refused hits extend the wait", async () => {
    expect(await hits(limiter, 10)).toBe(10);
    expect(await hits(limiter, 200)).toBe(0);
    clock.advance(90_000);
    expect(await hits(limiter, 2)).toBe(1);
  });

  it("lets no second burst through across a window boundary", async () => {
    expect(await boundaryBurst(limiter)).toBe(10);
    // From then on one token every 90 s: 10 in the next 15 minutes, however often the client tries.
    let passed = 0;
    for (let s = 0; s < 15 * 60; s++) {
      clock.advance(1000);
      passed += await hits(limiter, 1);
    }
    expect(passed).toBe(10);
  });

  it("counts each key and each rule on its own", async () => {
    expect(await hits(limiter, 11, "a")).toBe(10);
    expect(await hits(limiter, 11, "b")).toBe(10);
    expect(await hits(limiter, 4, "a", { name: "other", limit: 3, windowMs: MINUTE })).toBe(3);
  });

  it("allows a limit of one", async () => {
    const once: RateRule = { name: "once", limit: 1, windowMs: MINUTE };
    expect(await hits(limiter, 2, "k", once)).toBe(1);
    clock.advance(MINUTE);
    expect(await hits(limiter, 2, "k", once)).toBe(1);
  });

  it("refuses a rule that could never allow anything", async () => {
    await expect(limiter.take({ name: "zero", limit: 0, windowMs: MINUTE }, "k")).rejects.toThrow("invalid rate rule");
  });
});

it("control: fixed windows let twice the limit through across a boundary", async () => {
  clock.set("2026-11-23T10:00:00Z");
  expect(await boundaryBurst(new FixedWindowControl())).toBe(19);
});

describe("database store", () => {
  beforeEach(async () => {
    await database.reset();
    clock.set("2026-11-23T10:00:00Z");
  });

  it("stores no client key, only an HMAC under the rule's name", async () => {
    const limiter = new PgRateLimiter(database.db, clock, SECRET);
    await limiter.take(RULE, "someone@example.org");
    await limiter.take(RULE, "2001:db8::/64");
    const rows = await database.db.select().from(rateLimits);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.key).toMatch(/^test:[A-Za-z0-9_-]{43}$/);
      expect(row.key).not.toContain("example");
    }
  });

  it("takes the hits that arrive together in fewer statements, each counted once, a key at most once per statement", async () => {
    const counted = await countingDb(database.db);
    const limiter = new PgRateLimiter(counted.db, clock, SECRET);
    // 30 clients at once, and one client 15 times (its limit is 10).
    const many = await Promise.all(Array.from({ length: 30 }, (_, i) => limiter.take(RULE, `client-${i}`)));
    expect(many.every((d) => d.ok)).toBe(true);
    expect(counted.queries()).toBeGreaterThan(0);
    expect(counted.queries()).toBeLessThan(30);
    const one = await Promise.all(Array.from({ length: 15 }, () => limiter.take(RULE, "busy")));
    expect(one.filter((d) => d.ok)).toHaveLength(RULE.limit);
    expect(one.filter((d) => !d.ok)).toEqual(Array(5).fill({ ok: false, retryAfterMs: 90_000 }));
    expect(await database.db.select().from(rateLimits)).toHaveLength(31);
  });

  it("keeps its table unlogged: a hit waits for no WAL flush (ADR 014)", async () => {
    const res = (await database.db.execute(sql`select relpersistence from pg_class where relname = 'rate_limits'`)) as unknown as {
      rows: { relpersistence: string }[];
    };
    expect(res.rows).toEqual([{ relpersistence: "u" }]);
  });

  it("hourly clean-up deletes rows whose bucket is full again, and only those", async () => {
    const limiter = new PgRateLimiter(database.db, clock, SECRET);
    await hits(limiter, 1, "old");
    await hits(limiter, 10, "busy");
    clock.advance(2 * MINUTE); // "old" refilled after 90 s; "busy" needs 15 minutes
    await cleanupRateLimits(database.db, clock.now());
    expect(await database.db.select().from(rateLimits)).toHaveLength(1);
    expect(await hits(limiter, 2, "busy")).toBe(1);
  });
});
