import { asc, eq } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { testDatabase } from "../../../test/helpers/db.js";
import { HOUR, MINUTE, TestClock } from "../clock.js";
import { backoffMs, createWorker, enqueue, type JobHandler, type JobOptions, type Schedule } from "./queue.js";
import { jobs } from "./schema.js";

/** One database per file (no app needed), emptied before each test; the log is kept as JSON lines. */
const ctx = {} as { db: Awaited<ReturnType<typeof testDatabase>>["db"]; clock: TestClock; log: pino.Logger; logs: string[] };
const ready = testDatabase();
beforeEach(async () => {
  const database = await ready;
  await database.reset();
  const logs: string[] = [];
  Object.assign(ctx, {
    db: database.db,
    clock: new TestClock(new Date("2026-11-23T10:00:00Z")),
    log: pino({ level: "info" }, { write: (line: string) => logs.push(line) }),
    logs,
  });
}, 60_000);
afterAll(async () => (await ready).close());

function worker(handlers: Record<string, JobHandler>, opts: { schedules?: Schedule[]; batchSize?: number; lockTimeoutMs?: number } = {}) {
  return createWorker({ db: ctx.db, clock: ctx.clock, log: ctx.log, handlers, ...opts });
}

const allJobs = () => ctx.db.select().from(jobs).orderBy(asc(jobs.createdAt), asc(jobs.runAt));
const jobNamed = async (name: string) => {
  const rows = await ctx.db.select().from(jobs).where(eq(jobs.name, name));
  expect(rows).toHaveLength(1);
  return rows[0]!;
};
/** enqueue() defaults run_at to the wall clock; jobs in these tests are due on the test clock. */
const add = (name: string, payload: Record<string, unknown> = {}, opts: JobOptions = {}) =>
  enqueue(ctx.db, name, payload, { runAt: ctx.clock.now(), ...opts });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("backoffMs", () => {
  it("grows quadratically from 10 s and is capped at one hour", () => {
    expect(backoffMs(1)).toBe(10_000);
    expect(backoffMs(2)).toBe(40_000);
    expect(backoffMs(3)).toBe(90_000);
    expect(backoffMs(18)).toBe(3_240_000);
    expect(backoffMs(19)).toBe(3_600_000);
    expect(backoffMs(100)).toBe(3_600_000);
  });
});

describe("jobs worker", () => {
  it("runs an enqueued job with its payload and marks it done", async () => {
    const seen: { payload: Record<string, unknown>; job: { id: string; attempts: number; maxAttempts: number } }[] = [];
    await add("greet", { who: "world", n: 3 }, { maxAttempts: 4 });
    const w = worker({
      greet: async (payload, job) => {
        seen.push({ payload, job });
      },
    });
    expect(await w.tick()).toBe(1);
    const row = await jobNamed("greet");
    expect(seen).toEqual([{ payload: { who: "world", n: 3 }, job: { id: row.id, attempts: 1, maxAttempts: 4 } }]);
    expect(row.status).toBe("done");
    expect(row.attempts).toBe(1);
    expect(row.finishedAt?.getTime()).toBe(ctx.clock.now().getTime());
    expect(row.lastError).toBeNull();
    // Done jobs do not run again.
    expect(await w.tick()).toBe(0);
    expect(seen).toHaveLength(1);
  });

  it("waits for run_at before running a job", async () => {
    let ran = 0;
    await add("later", {}, { runAt: new Date(ctx.clock.now().getTime() + 5 * MINUTE) });
    const w = worker({ later: async () => void ran++ });
    expect(await w.tick()).toBe(0);
    ctx.clock.advance(5 * MINUTE - 1);
    expect(await w.tick()).toBe(0);
    expect(ran).toBe(0);
    ctx.clock.advance(1);
    expect(await w.tick()).toBe(1);
    expect(ran).toBe(1);
    expect((await jobNamed("later")).status).toBe("done");
  });

  it("keeps claiming batches until no due job is left", async () => {
    const ids: number[] = [];
    for (let i = 0; i < 25; i++) await add("count", { i });
    const w = worker({ count: async (p) => void ids.push(Number(p.i)) }, { batchSize: 10 });
    expect(await w.tick()).toBe(25);
    expect(ids.sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i));
  });

  it("retries a failing job with backoff and gives up after maxAttempts", async () => {
    let calls = 0;
    await add("flaky", {}, { maxAttempts: 3 });
    const w = worker({
      flaky: async () => {
        calls++;
        throw new Error(`boom ${calls}`);
      },
    });

    for (let attempt = 1; attempt <= 2; attempt++) {
      const before = ctx.clock.now().getTime();
      expect(await w.tick()).toBe(1);
      const row = await jobNamed("flaky");
      expect(row.status).toBe("queued");
      expect(row.attempts).toBe(attempt);
      expect(row.lastError).toBe(`boom ${attempt}`);
      expect(row.runAt.getTime()).toBe(before + backoffMs(attempt));
      expect(row.lockedAt).not.toBeNull();
      expect(row.finishedAt).toBeNull();
      // Not before the backoff has passed.
      ctx.clock.advance(backoffMs(attempt) - 1);
      expect(await w.tick()).toBe(0);
      expect(calls).toBe(attempt);
      ctx.clock.advance(1);
    }

    expect(await w.tick()).toBe(1);
    const row = await jobNamed("flaky");
    expect(row.status).toBe("failed");
    expect(row.attempts).toBe(3);
    expect(row.lastError).toBe("boom 3");
    expect(row.finishedAt?.getTime()).toBe(ctx.clock.now().getTime());
    ctx.clock.advance(10 * HOUR);
    expect(await w.tick()).toBe(0);
    expect(calls).toBe(3);
    expect(ctx.logs.filter((l) => l.includes("job failed"))).toHaveLength(3);
    expect(ctx.logs.filter((l) => l.includes("job failed") && l.includes('"final":true'))).toHaveLength(1);
  });

  it("clears the last error when a retry succeeds", async () => {
    let calls = 0;
    await add("second-time-lucky");
    const w = worker({
      "second-time-lucky": async () => {
        if (++calls === 1) throw new Error("not yet");
      },
    });
    await w.tick();
    expect((await jobNamed("second-time-lucky")).lastError).toBe("not yet");
    ctx.clock.advance(backoffMs(1));
    expect(await w.tick()).toBe(1);
    const row = await jobNamed("second-time-lucky");
    expect(row).toMatchObject({ status: "done", attempts: 2, lastError: null });
  });

  it("treats a job without a handler as a failure", async () => {
    await add("nobody-home", {}, { maxAttempts: 1 });
    expect(await worker({}).tick()).toBe(1);
    const row = await jobNamed("nobody-home");
    expect(row.status).toBe("failed");
    expect(row.lastError).toBe("no handler for job nobody-home");
  });

  it("deduplicates queued jobs by singletonKey, and allows the key again once the job is done", async () => {
    await add("digest", { v: 1 }, { singletonKey: "digest:org-1" });
    await add("digest", { v: 2 }, { singletonKey: "digest:org-1" });
    await add("digest", { v: 3 }, { singletonKey: "digest:org-2" });
    await add("digest", { v: 4 });
    await add("digest", { v: 5 });
    expect((await allJobs()).map((j) => j.payload.v).sort()).toEqual([1, 3, 4, 5]);

    const seen: unknown[] = [];
    const w = worker({ digest: async (p) => void seen.push(p.v) });
    expect(await w.tick()).toBe(4);
    expect(seen.sort()).toEqual([1, 3, 4, 5]);

    await add("digest", { v: 6 }, { singletonKey: "digest:org-1" });
    const queued = (await allJobs()).filter((j) => j.status === "queued");
    expect(queued.map((j) => j.payload.v)).toEqual([6]);
  });

  it("queues a schedule's first run `firstAfterMs` after the start when it says so, at once otherwise", async () => {
    let runs = 0;
    const schedules = [
      { name: "light", everyMs: HOUR },
      { name: "heavy", everyMs: 24 * HOUR, firstAfterMs: 24 * HOUR },
    ];
    const heavyRuns: number[] = [];
    const w = worker({ light: async () => void runs++, heavy: async () => void heavyRuns.push(1) }, { schedules });
    await w.ensureSchedules();
    expect(await w.tick()).toBe(1);
    expect(runs).toBe(1);
    expect(heavyRuns).toEqual([]);
    const heavy = (await allJobs()).find((j) => j.name === "heavy");
    expect(heavy).toMatchObject({ status: "queued" });
    expect(heavy!.runAt.getTime() - ctx.clock.now().getTime()).toBe(24 * HOUR);
  });

  it("keeps exactly one queued job per schedule and re-queues it everyMs after each run", async () => {
    let runs = 0;
    const schedules = [{ name: "tidy", everyMs: HOUR }];
    const w = worker({ tidy: async () => void runs++ }, { schedules });
    await w.ensureSchedules();
    await w.ensureSchedules();
    let rows = await allJobs();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: "tidy", status: "queued", singletonKey: "schedule:tidy" });

    for (let round = 1; round <= 3; round++) {
      const ranAt = ctx.clock.now().getTime();
      expect(await w.tick()).toBe(1);
      expect(runs).toBe(round);
      await w.ensureSchedules(); // e.g. a restart: still one queued
      rows = await allJobs();
      const queued = rows.filter((r) => r.status === "queued");
      expect(queued).toHaveLength(1);
      expect(queued[0]!.runAt.getTime()).toBe(ranAt + HOUR);
      expect(rows.filter((r) => r.status === "done")).toHaveLength(round);
      ctx.clock.advance(HOUR - 1);
      expect(await w.tick()).toBe(0);
      ctx.clock.advance(1);
    }
  });

  it("retries a failing scheduled job without queuing a second one, and schedules the next run after the last attempt", async () => {
    let runs = 0;
    const w = worker(
      {
        fragile: async () => {
          runs++;
          throw new Error("down");
        },
      },
      { schedules: [{ name: "fragile", everyMs: HOUR }] },
    );
    await w.ensureSchedules();
    expect(await w.tick()).toBe(1);
    let rows = await allJobs();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "queued", attempts: 1 });
    expect(rows[0]!.runAt.getTime()).toBe(ctx.clock.now().getTime() + backoffMs(1));

    // Default maxAttempts is 5: four more failures.
    for (let attempt = 2; attempt <= 5; attempt++) {
      ctx.clock.advance(backoffMs(attempt - 1));
      expect(await w.tick()).toBe(1);
    }
    expect(runs).toBe(5);
    rows = await allJobs();
    expect(rows.filter((r) => r.status === "failed")).toHaveLength(1);
    const queued = rows.filter((r) => r.status === "queued");
    expect(queued).toHaveLength(1);
    expect(queued[0]!.attempts).toBe(0);
    expect(queued[0]!.runAt.getTime()).toBe(ctx.clock.now().getTime() + HOUR);
  });

  it("reclaims a job left running by a crashed worker, and leaves a recently locked one alone", async () => {
    const now = ctx.clock.now().getTime();
    await ctx.db.insert(jobs).values([
      {
        name: "work",
        payload: { which: "stale" },
        status: "running",
        attempts: 1,
        runAt: new Date(now - 12 * MINUTE),
        lockedAt: new Date(now - 11 * MINUTE),
      },
      {
        name: "work",
        payload: { which: "busy" },
        status: "running",
        attempts: 1,
        runAt: new Date(now - 12 * MINUTE),
        lockedAt: new Date(now - 9 * MINUTE),
      },
    ]);
    const seen: unknown[] = [];
    const w = worker({ work: async (p) => void seen.push(p.which) }, { lockTimeoutMs: 10 * MINUTE });
    expect(await w.tick()).toBe(1);
    expect(seen).toEqual(["stale"]);
    const rows = await allJobs();
    const stale = rows.find((r) => r.payload.which === "stale")!;
    const busy = rows.find((r) => r.payload.which === "busy")!;
    expect(stale).toMatchObject({ status: "done", attempts: 2 });
    expect(busy).toMatchObject({ status: "running", attempts: 1 });
    expect(busy.lockedAt?.getTime()).toBe(now - 9 * MINUTE);

    // Once the second one is stale too, it is reclaimed.
    ctx.clock.advance(1 * MINUTE + 1);
    expect(await w.tick()).toBe(1);
    expect(seen).toEqual(["stale", "busy"]);
  });

  it("shares one tick between overlapping calls on the same worker", async () => {
    const seen: unknown[] = [];
    for (let i = 0; i < 5; i++) await add("slow", { i });
    const w = worker({
      slow: async (p) => {
        await sleep(2);
        seen.push(p.i);
      },
    });
    const [a, b] = await Promise.all([w.tick(), w.tick()]);
    expect(a).toBe(5);
    expect(b).toBe(5);
    expect(seen).toHaveLength(5);
  });

  it("never runs one job twice when two workers tick concurrently on the same database", async () => {
    const total = 60;
    for (let i = 0; i < total; i++) await add("once", { i });
    const runs = new Map<number, string[]>();
    const handler =
      (who: string): JobHandler =>
      async (p) => {
        const i = Number(p.i);
        runs.set(i, [...(runs.get(i) ?? []), who]);
        await sleep(i % 3);
      };
    const w1 = worker({ once: handler("w1") }, { batchSize: 4 });
    const w2 = worker({ once: handler("w2") }, { batchSize: 4 });
    const counts = await Promise.all([w1.tick(), w2.tick(), w1.tick(), w2.tick()]);
    // Overlapping calls on one worker share a tick, so the first two results are the totals per worker.
    expect(counts[0]).toBe(counts[2]);
    expect(counts[1]).toBe(counts[3]);
    expect(counts[0]! + counts[1]!).toBe(total);
    expect(runs.size).toBe(total);
    for (const [i, who] of runs) expect(who, `job ${i}`).toHaveLength(1);
    const rows = await allJobs();
    expect(rows.every((r) => r.status === "done" && r.attempts === 1)).toBe(true);
    // Both workers had something to do (the claims interleave rather than one worker taking everything).
    const byWorker = new Set([...runs.values()].flat());
    expect(byWorker).toEqual(new Set(["w1", "w2"]));
  });
});
