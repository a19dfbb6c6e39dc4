/**
 * Rate limits across processes (PostgreSQL only): limiters, each on its own connection pool to one
 * database as portal processes would be, take hits for one client at the same moment. The shared
 * store must let exactly `limit` through. Two controls under the same load show what the test
 * would catch: limits kept in each process's memory (what the portal had before), and a naive
 * read-then-write on the same table, under the same injected pause after every statement.
 *
 * A process sends the hits of one key one statement at a time (its batch holds a key at most once,
 * ADR 025), so the real store is tried with ten processes: ten statements for the one key meet at
 * the database at once.
 */
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MINUTE, TestClock } from "../../src/core/clock.js";
import { gcra, MemoryRateLimiter, PgRateLimiter, type RateLimiter, type RateRule } from "../../src/core/ratelimit/limiter.js";
import { rateLimits } from "../../src/core/ratelimit/schema.js";
import { type Database, type Db, openDatabase } from "../../src/db/index.js";
import { driver, testDatabase } from "../helpers/db.js";
import { burst, fulfilled, rejected, slowStatements } from "./inject.js";

if (driver !== "postgres") throw new Error("test/concurrency runs on PostgreSQL only (TEST_DATABASE_URL, project postgres)");

const SECRET = "a-test-secret-of-at-least-32-characters";
const RULE: RateRule = { name: "signin-ip", limit: 10, windowMs: 15 * MINUTE };
const CLIENT = "203.0.113.7";
const ATTEMPTS = 40; // 20 through each of two processes, 4 through each of ten
const PROCESSES = 10;
const PAUSE_MS = 20;
const clock = new TestClock();

let one: Awaited<ReturnType<typeof testDatabase>>;
let two: Database;
/** The third to tenth process. */
let more: Database[] = [];
beforeAll(async () => {
  one = await testDatabase();
  two = await openDatabase({ databaseUrl: one.url!, poolSize: 20 });
  more = await Promise.all(Array.from({ length: PROCESSES - 2 }, () => openDatabase({ databaseUrl: one.url!, poolSize: 2 })));
}, 60_000);
afterAll(async () => {
  for (const d of more) await d.close();
  await two?.close();
  await one?.close();
});

let slow: ReturnType<typeof slowStatements>[];
beforeEach(async () => {
  await one.reset();
  clock.set("2026-11-23T10:00:00Z");
  slow = [one.db, two.db, ...more.map((d) => d.db)].map((db) => slowStatements(db));
});
afterEach(() => {
  for (const s of slow) s.set(0);
});

/** Hits for one client, taking turns between the processes, all at once; how many passed. */
async function flood(processes: RateLimiter[], opts: { overlapOn?: "processes" } = {}) {
  await Promise.all(slow.map((s) => s.warm(s === slow[0] || s === slow[1] ? 20 : 2)));
  for (const s of slow) s.set(PAUSE_MS);
  let results: PromiseSettledResult<Awaited<ReturnType<RateLimiter["take"]>>>[];
  try {
    results = await burst(ATTEMPTS, (i) => processes[i % processes.length]!.take(RULE, CLIENT));
  } finally {
    for (const s of slow) s.set(0);
  }
  expect(rejected(results)).toEqual([]);
  // The attempts really overlapped: every process had a statement at the database during the burst.
  if (opts.overlapOn) for (const s of slow.slice(0, processes.length)) expect(s.maxBusy()).toBeGreaterThanOrEqual(1);
  return fulfilled(results).filter((d) => d.ok).length;
}

/** Naive: read the bucket, decide in the process, write it back (two statements, a window between). */
class NaiveSharedLimiter implements RateLimiter {
  constructor(private db: Db) {}
  async take(rule: RateRule, key: string) {
    const id = `${rule.name}:${key}`;
    const [row] = await this.db.select().from(rateLimits).where(eq(rateLimits.key, id));
    // ← the window: every hit that got here read the same bucket
    const d = gcra(row?.tat.getTime(), clock.now().getTime(), rule);
    if (!d.ok) return d;
    const tat = new Date(d.tat);
    await this.db.insert(rateLimits).values({ key: id, tat }).onConflictDoUpdate({ target: rateLimits.key, set: { tat } });
    return { ok: true as const };
  }
  async reset() {}
}

describe("a rate limit shared by two processes", () => {
  it(`${ATTEMPTS} concurrent hits spread over ${PROCESSES} processes: exactly the limit passes`, async () => {
    const a = new PgRateLimiter(one.db, clock, SECRET);
    const b = new PgRateLimiter(two.db, clock, SECRET);
    const rest = more.map((d) => new PgRateLimiter(d.db, clock, SECRET));
    expect(await flood([a, b, ...rest], { overlapOn: "processes" })).toBe(RULE.limit);
    expect(await one.db.select().from(rateLimits)).toHaveLength(1);

    // Both processes see the same empty bucket, and the same single token 90 s later.
    expect((await a.take(RULE, CLIENT)).ok).toBe(false);
    expect(await b.take(RULE, CLIENT)).toEqual({ ok: false, retryAfterMs: 90_000 });
    clock.advance(90_000);
    const next = await Promise.all([a.take(RULE, CLIENT), b.take(RULE, CLIENT), a.take(RULE, CLIENT), b.take(RULE, CLIENT)]);
    expect(next.filter((d) => d.ok)).toHaveLength(1);
  });

  it("control: limits kept in each process's memory let the limit through once per process", async () => {
    const passed = await flood([new MemoryRateLimiter(clock), new MemoryRateLimiter(clock)]);
    expect(passed).toBe(2 * RULE.limit);
  });

  it("control: a naive read-then-write on the shared table lets more than the limit through", async () => {
    const passed = await flood(
      [one.db, two.db, ...more.map((d) => d.db)].map((db) => new NaiveSharedLimiter(db)),
      { overlapOn: "processes" },
    );
    expect(passed).toBeGreaterThan(RULE.limit);
  });
});
