import { and, eq, lt, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { Db } from "../../db/index.js";
import type { Clock } from "../clock.js";
import { maskEmail } from "../crypto.js";
import { loggableError } from "../http/logging.js";
import { jobs } from "./schema.js";

export type JobOptions = { runAt?: Date; singletonKey?: string; maxAttempts?: number };

/** Adds a job in the caller's transaction, so it exists exactly when the change that caused it does. */
export async function enqueue(db: Db, name: string, payload: Record<string, unknown> = {}, opts: JobOptions = {}) {
  await enqueueMany(db, [{ name, payload, opts }]);
}

/** Several jobs in one insert. */
export async function enqueueMany(db: Db, list: { name: string; payload?: Record<string, unknown>; opts?: JobOptions }[]) {
  if (!list.length) return;
  await db
    .insert(jobs)
    .values(
      list.map(({ name, payload = {}, opts = {} }) => ({
        name,
        payload,
        runAt: opts.runAt ?? new Date(),
        singletonKey: opts.singletonKey,
        maxAttempts: opts.maxAttempts ?? 5,
      })),
    )
    .onConflictDoNothing();
}

type ClaimedJob = { id: string; name: string; payload: Record<string, unknown>; attempts: number; max_attempts: number };

export type JobHandler = (payload: Record<string, unknown>, job: { id: string; attempts: number; maxAttempts: number }) => Promise<void>;

/**
 * A recurring job: after each run the next one is queued `everyMs` later (one queued at a time).
 * The first one (a database that never had it queued) runs at the start, or `firstAfterMs` later:
 * for heavy work whose result the data already has when it is first written (a rebuild of what
 * every edit keeps up to date), so a fresh portal does not start by redoing it.
 */
export type Schedule = { name: string; everyMs: number; firstAfterMs?: number };

export type WorkerOptions = {
  db: Db;
  clock: Clock;
  log: Logger;
  handlers: Record<string, JobHandler>;
  schedules?: Schedule[];
  batchSize?: number;
  /** A running job locked longer than this is assumed lost (crashed process) and queued again. */
  lockTimeoutMs?: number;
};

/** Backoff before retry n (1-based): 10 s, 40 s, 90 s ... capped at one hour. */
export const backoffMs = (attempt: number) => Math.min(3_600_000, 10_000 * attempt * attempt);

/**
 * A small jobs worker over the `jobs` table, for PGlite and PostgreSQL alike: claims due jobs with
 * FOR UPDATE SKIP LOCKED, retries with backoff, and keeps recurring jobs queued.
 * See docs/decisions/003-jobs.md.
 */
export function createWorker(opts: WorkerOptions) {
  const { db, clock, log, handlers } = opts;
  const batch = opts.batchSize ?? 10;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;

  async function ensureSchedules() {
    for (const s of opts.schedules ?? []) {
      await enqueue(db, s.name, {}, { singletonKey: `schedule:${s.name}`, runAt: new Date(clock.now().getTime() + (s.firstAfterMs ?? 0)) });
    }
  }

  async function claim() {
    const now = clock.now();
    const stale = new Date(now.getTime() - (opts.lockTimeoutMs ?? 10 * 60_000));
    await db
      .update(jobs)
      .set({ status: "queued", lockedAt: null })
      .where(and(eq(jobs.status, "running"), lt(jobs.lockedAt, stale)));
    const res = (await db.execute(sql`
      update jobs set status = 'running', locked_at = ${now.toISOString()}::timestamptz, attempts = attempts + 1
      where id in (
        select id from jobs where status = 'queued' and run_at <= ${now.toISOString()}::timestamptz
        order by run_at limit ${batch} for update skip locked
      )
      returning id, name, payload, attempts, max_attempts`)) as unknown as { rows: ClaimedJob[] };
    return res.rows;
  }

  async function runOne(job: ClaimedJob) {
    const handler = handlers[job.name];
    const schedule = opts.schedules?.find((s) => s.name === job.name);
    try {
      if (!handler) throw new Error(`no handler for job ${job.name}`);
      await handler(job.payload, { id: job.id, attempts: job.attempts, maxAttempts: job.max_attempts });
      await db.update(jobs).set({ status: "done", finishedAt: clock.now(), lastError: null }).where(eq(jobs.id, job.id));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const final = job.attempts >= job.max_attempts;
      // Errors may quote an address (an SMTP reply) or list a query's parameters: neither is logged.
      const safe = err instanceof Error ? loggableError(err).err : message;
      const logged = safe.slice(0, 300).replace(/[^\s<>"'(),;:[\]@]+@[\w.-]+/g, maskEmail);
      log.warn({ job: job.name, id: job.id, attempt: job.attempts, final, err: logged }, "job failed");
      await db
        .update(jobs)
        .set(
          final
            ? { status: "failed", finishedAt: clock.now(), lastError: message.slice(0, 2000) }
            : { status: "queued", runAt: new Date(clock.now().getTime() + backoffMs(job.attempts)), lastError: message.slice(0, 2000) },
        )
        .where(eq(jobs.id, job.id));
      if (!final) return;
    }
    if (schedule) {
      await enqueue(
        db,
        schedule.name,
        {},
        { singletonKey: `schedule:${schedule.name}`, runAt: new Date(clock.now().getTime() + schedule.everyMs) },
      );
    }
  }

  /** Runs every due job once; resolves to how many ran. */
  async function tick(): Promise<number> {
    if (running) return running;
    running = (async () => {
      let total = 0;
      for (;;) {
        const claimed = await claim();
        for (const job of claimed) await runOne(job);
        total += claimed.length;
        if (claimed.length < batch) return total;
      }
    })();
    try {
      return await running;
    } finally {
      running = undefined;
    }
  }

  return {
    tick,
    ensureSchedules,
    start(pollMs: number) {
      void ensureSchedules().catch((err) => log.error({ err: String(err) }, "schedules"));
      const loop = async () => {
        try {
          await tick();
        } catch (err) {
          log.error({ err: err instanceof Error ? loggableError(err).err : String(err) }, "job worker tick failed");
        }
        timer = setTimeout(loop, pollMs);
        timer.unref();
      };
      timer = setTimeout(loop, 50);
      timer.unref();
    },
    async stop() {
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
export type Worker = ReturnType<typeof createWorker>;

/** Retention: finished (done or failed) jobs older than `keepMs` are deleted. */
export async function purgeFinishedJobs(db: Db, now: Date, keepMs: number) {
  const gone = await db
    .delete(jobs)
    .where(and(sql`${jobs.status} in ('done', 'failed')`, lt(jobs.createdAt, new Date(now.getTime() - keepMs))))
    .returning({ id: jobs.id });
  return gone.length;
}
