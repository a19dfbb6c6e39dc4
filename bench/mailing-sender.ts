/**
 * The campaign sender as its own process, for bench/mailing.ts: runs `runSender` on DATABASE_URL
 * through SMTP_URL (nodemailer's pool) at MAILING_RATE_PER_SECOND until nothing is left, printing
 * one JSON line per batch (`sent` so far, `rss`). SIGTERM drains: the batch in flight finishes and
 * is recorded, then it exits. BENCH_PAUSE_AFTER=n: after n mails it says `{"paused":true}` and
 * waits between batches (for the bench's SIGKILL "between batches"); BENCH_LEASE_MS: how old an
 * in-flight row must be to count as left by a dead sender (0 on a restart after a SIGKILL).
 */
import { systemClock } from "../src/core/clock.js";
import { openDatabase } from "../src/db/index.js";
import { loadEnv } from "../src/env.js";
import { claimSizeFor, runSender } from "../src/features/mailing-campaigns/sender.js";
import { campaignTransport } from "../src/features/mailing-campaigns/transport.js";

const env = loadEnv({ ...process.env, NODE_ENV: "test", LOG_LEVEL: "silent" });
if (!env.DATABASE_URL || !env.SMTP_URL) throw new Error("DATABASE_URL and SMTP_URL are needed");
const database = await openDatabase({ databaseUrl: env.DATABASE_URL, poolSize: 4 });
const transport = await campaignTransport(env.SMTP_URL, env.MAILING_SMTP_CONNECTIONS);
const pauseAfter = Number(process.env.BENCH_PAUSE_AFTER || 0);
const maxBatch = Number(process.env.BENCH_MAX_BATCH || claimSizeFor(env.MAILING_SMTP_CONNECTIONS));
let stopping = false;
process.on("SIGTERM", () => {
  stopping = true;
});
let sent = 0;
const started = performance.now();
const stats = await runSender({
  db: database.db,
  env,
  clock: systemClock,
  transport,
  ratePerSecond: env.MAILING_RATE_PER_SECOND,
  maxBatch,
  leaseMs: process.env.BENCH_LEASE_MS ? Number(process.env.BENCH_LEASE_MS) : undefined,
  shouldStop: () => stopping,
  afterBatch: async ({ size }) => {
    sent += size;
    console.log(JSON.stringify({ sent, rss: process.memoryUsage().rss }));
    if (pauseAfter && sent >= pauseAfter) {
      console.log(JSON.stringify({ paused: true }));
      await new Promise(() => setInterval(() => {}, 1000));
    }
  },
});
console.log(
  JSON.stringify({ done: true, drained: stopping, ...stats, batches: stats.batches.length, ms: Math.round(performance.now() - started) }),
);
transport.close();
await database.close();
process.exit(0);
