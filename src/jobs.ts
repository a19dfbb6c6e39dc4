import { and, inArray, lt } from "drizzle-orm";
import type { Transporter } from "nodemailer";
import { HOUR } from "./core/clock.js";
import type { Deps } from "./core/http/context.js";
import { createWorker, type JobHandler, type Schedule } from "./core/jobs/queue.js";
import { jobs } from "./core/jobs/schema.js";
import { outbox } from "./core/mail/schema.js";
import { deliverFromOutbox, markMailFailed } from "./core/mail/send.js";
import { cleanupRateLimits } from "./core/ratelimit/limiter.js";
import { cleanupAuth } from "./features/auth/service.js";
import { refreshSearch } from "./features/roadmap/service.js";
import { purgeUnconfirmedOrders } from "./features/roadmap-print/service.js";

/** Every job the portal runs, by name. */
export function jobHandlers(deps: Pick<Deps, "db" | "env" | "clock">): Record<string, JobHandler> {
  const smtp = deps.env.SMTP_URL;
  // nodemailer is loaded with the first mail, to keep it out of the start-up.
  let transport: Promise<Transporter> | undefined;
  const transportFor = (url: string) => {
    transport ??= import("nodemailer").then((m) => m.default.createTransport(url));
    return transport;
  };
  return {
    "mail.deliver": async (payload, job) => {
      const outboxId = String(payload.outboxId);
      try {
        if (!smtp) throw new Error("SMTP_URL is not set");
        await deliverFromOutbox(deps.db, await transportFor(smtp), deps.env, outboxId, deps.clock.now());
      } catch (err) {
        // The queue marks this job failed after its last attempt; the mail in the outbox too.
        if (job.attempts >= job.maxAttempts) await markMailFailed(deps.db, outboxId);
        throw err;
      }
    },
    // Hourly: used or expired sign-in tokens, ended sessions, and rate-limit rows whose bucket is full again.
    "auth.cleanup": async () => {
      await cleanupAuth(deps.db, deps.clock.now());
      await cleanupRateLimits(deps.db, deps.clock.now());
    },
    "retention.cleanup": async () => {
      await cleanupRetention(deps.db, deps.clock.now(), RETENTION_DAYS);
      await purgeUnconfirmedOrders(deps.db, deps.clock.now());
    },
    "roadmap.reindex": () => deps.db.transaction((tx) => refreshSearch(tx)),
  };
}

/** Mail (which may hold sign-in links) and finished jobs are kept this long, then deleted. */
export const RETENTION_DAYS = 30;

/** Deletes delivered, failed or held mail and finished jobs older than `days`. */
export async function cleanupRetention(db: Deps["db"], now: Date, days: number) {
  const cutoff = new Date(now.getTime() - days * 24 * HOUR);
  await db.delete(outbox).where(and(inArray(outbox.status, ["sent", "failed", "held"]), lt(outbox.createdAt, cutoff)));
  await db.delete(jobs).where(and(inArray(jobs.status, ["done", "failed"]), lt(jobs.createdAt, cutoff)));
}

export const schedules: Schedule[] = [
  { name: "auth.cleanup", everyMs: HOUR },
  { name: "retention.cleanup", everyMs: 24 * HOUR },
  { name: "roadmap.reindex", everyMs: 24 * HOUR },
];

export const createAppWorker = (deps: Deps) =>
  createWorker({ db: deps.db, clock: deps.clock, log: deps.log, handlers: jobHandlers(deps), schedules });
