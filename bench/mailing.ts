/**
 * The mailing-list campaign bench (BENCH_PARTS=mailing; alone: `npx tsx bench/mailing.ts` with
 * BENCH_PG_URL): a campaign to 50,000 confirmed subscribers on PostgreSQL, sent by the sender as a
 * child process (bench/mailing-sender.ts) through an in-process SMTP sink (smtp-server) that counts
 * Message-IDs. The sender is interrupted three times and restarted each time:
 *
 * 1. SIGTERM at a quarter (a deploy): it drains, nothing is left in flight;
 * 2. SIGKILL between batches at half (a crash after a batch was recorded);
 * 3. SIGKILL at three quarters, at whatever moment (a crash mid-batch): the rows in flight are
 *    failed as "interrupted" on restart, never sent twice (at most once, ADR 022).
 *
 * Reports mails/s (sink arrivals over the time a sender was running), the sender's peak RSS,
 * duplicates (a Message-ID twice: must be 0), and missing (a subscriber without a mail), split into
 * those the office sees as "interrupted" and any other (must be 0). Target: ≥ 300 mails/s.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { eq } from "drizzle-orm";
import pg from "pg";
import { openDatabase } from "../src/db/index.js";
import { loadEnv } from "../src/env.js";
import { campaignMessageId } from "../src/features/mailing-campaigns/render.js";
import { mailingCampaigns, mailingDeliveries } from "../src/features/mailing-campaigns/schema.js";
import { createCampaign, startCampaign } from "../src/features/mailing-campaigns/service.js";
import { addSubscribers, smtpSink } from "../src/features/mailing-campaigns/testing.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const MAILING_SUBSCRIBERS = Number(process.env.BENCH_MAILING_SUBSCRIBERS || 50_000);
export const MAILING_TARGET_PER_S = 300;
/** The rate the bench sets: well above the target, so the figure is what the machine does. */
const RATE = Number(process.env.BENCH_MAILING_RATE || 5000);
const CONNECTIONS = Number(process.env.BENCH_MAILING_CONNECTIONS || 5);
/** Rows claimed at once (the job claims `claimSizeFor(connections)`): what a mid-batch kill can leave uncertain. */
const MAX_BATCH = Number(process.env.BENCH_MAX_BATCH || 4 * CONNECTIONS);
const BENCH_BASE_URL = "https://vangnet.example.org";

export type MailingResult = {
  subscribers: number;
  insertMs: number;
  /** While a sender was sending (from its first mail to its last, per run). */
  mailsPerSecond: number;
  /** Over the senders' whole lives, their four start-ups included. */
  overallPerSecond: number;
  sendingSeconds: number;
  peakRssMb: number;
  rate: number;
  interruptions: { kind: string; atMails: number; inFlightAfter: number }[];
  received: number;
  duplicates: number;
  missing: number;
  interrupted: number;
  interruptedDelivered: number;
  missingOther: number;
  verdict: "PASS" | "MISS";
};

type Run = { proc: ChildProcess; lines: Record<string, unknown>[]; exited: Promise<void>; startedAt: number; endedAt?: number };

function startSender(env: NodeJS.ProcessEnv): Run {
  const proc = spawn(process.execPath, ["--import", "tsx", "bench/mailing-sender.ts"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const run: Run = { proc, lines: [], exited: Promise.resolve(), startedAt: performance.now() };
  let buf = "";
  proc.stdout!.on("data", (chunk: Buffer) => {
    buf += chunk.toString();
    let nl = buf.indexOf("\n");
    while (nl >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      try {
        run.lines.push(JSON.parse(line));
      } catch {}
      nl = buf.indexOf("\n");
    }
  });
  const err: string[] = [];
  proc.stderr!.on("data", (c: Buffer) => err.push(c.toString()));
  run.exited = new Promise((resolve, reject) =>
    proc.once("exit", (code, signal) => {
      run.endedAt = performance.now();
      if (code && code !== 0) reject(new Error(`sender exited ${code}: ${err.join("").slice(-2000)}`));
      else resolve(void signal);
    }),
  );
  return run;
}

const until = async (what: () => boolean, run: Run) => {
  while (!what()) {
    if (run.proc.exitCode !== null || run.proc.signalCode !== null) return;
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** The whole bench on the (empty, new) PostgreSQL database at `databaseUrl`. */
export async function benchMailing(databaseUrl: string): Promise<MailingResult> {
  const database = await openDatabase({ databaseUrl, poolSize: 4 });
  const sink = await smtpSink();
  try {
    await database.migrate();
    const db = database.db;
    console.log(`\n[mailing] ${MAILING_SUBSCRIBERS} confirmed subscribers ...`);
    const t0 = performance.now();
    const ids = await addSubscribers(db, MAILING_SUBSCRIBERS);
    const insertMs = Math.round(performance.now() - t0);
    const campaign = await createCampaign(db, {
      actorId: null as unknown as string,
      now: new Date(),
      input: {
        subject: { nl: "Nieuws van het bureau", en: "News from the office" },
        body: {
          nl: "## Trainingen\n\nDeze maand: **drie workshops** over signalen herkennen. [Meld je aan](https://vangnet.example.org/nl/trainingen).\n\n- Gaat het?\n- Vertrouwenspersonen\n- Besturen",
          en: "## Trainings\n\nThis month: **three workshops** on recognising signals. [Register](https://vangnet.example.org/en/trainings).\n\n- Are you OK?\n- Peer listeners\n- Boards",
        },
        topics: ["news"],
        orgIds: null,
      },
    });
    await startCampaign(db, campaign.id, new Date());
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      SMTP_URL: sink.url,
      BASE_URL: BENCH_BASE_URL,
      SESSION_SECRET: randomBytes(24).toString("hex"),
      MAILING_RATE_PER_SECOND: String(RATE),
      MAILING_SMTP_CONNECTIONS: String(CONNECTIONS),
      BENCH_MAX_BATCH: String(MAX_BATCH),
    };
    const runs: Run[] = [];
    const interruptions: MailingResult["interruptions"] = [];
    const inFlight = async () =>
      (await db.select({ id: mailingDeliveries.id }).from(mailingDeliveries).where(eq(mailingDeliveries.status, "sending"))).length;
    const n = MAILING_SUBSCRIBERS;

    // 1. SIGTERM at a quarter: drains.
    let run = startSender(env);
    runs.push(run);
    await until(() => sink.received.length >= n / 4, run);
    run.proc.kill("SIGTERM");
    await run.exited;
    interruptions.push({ kind: "SIGTERM (drain)", atMails: sink.received.length, inFlightAfter: await inFlight() });
    console.log(`[mailing] SIGTERM at ${sink.received.length}; in flight after: ${interruptions.at(-1)!.inFlightAfter}`);

    // 2. SIGKILL between batches at half.
    run = startSender({ ...env, BENCH_PAUSE_AFTER: String(Math.round(n / 4)) });
    runs.push(run);
    await until(() => run.lines.some((l) => l.paused), run);
    run.proc.kill("SIGKILL");
    await run.exited.catch(() => {});
    interruptions.push({ kind: "SIGKILL between batches", atMails: sink.received.length, inFlightAfter: await inFlight() });
    console.log(`[mailing] SIGKILL between batches at ${sink.received.length}; in flight after: ${interruptions.at(-1)!.inFlightAfter}`);

    // 3. SIGKILL mid-send, at three quarters.
    run = startSender(env);
    runs.push(run);
    await until(() => sink.received.length >= (3 * n) / 4, run);
    run.proc.kill("SIGKILL");
    await run.exited.catch(() => {});
    interruptions.push({ kind: "SIGKILL mid-batch", atMails: sink.received.length, inFlightAfter: await inFlight() });
    console.log(`[mailing] SIGKILL mid-send at ${sink.received.length}; in flight after: ${interruptions.at(-1)!.inFlightAfter}`);
    // Let the SMTP sessions the killed sender left finish, so counts are final.
    await new Promise((r) => setTimeout(r, 500));

    // 4. The restart finishes (the killed sender is known dead: its rows in flight count as interrupted at once).
    run = startSender({ ...env, BENCH_LEASE_MS: "0" });
    runs.push(run);
    await run.exited;
    await new Promise((r) => setTimeout(r, 200));

    const sendingMs = runs.reduce((ms, r) => ms + ((r.endedAt ?? performance.now()) - r.startedAt), 0);
    // Steady: per run, the mails that arrived between its first and its last arrival (start-up excluded).
    let steadyMails = 0;
    let steadyMs = 0;
    for (const r of runs) {
      const end = r.endedAt ?? performance.now();
      const at = sink.received.filter((m) => m.at >= r.startedAt && m.at <= end).map((m) => m.at);
      if (at.length < 2) continue;
      steadyMails += at.length - 1;
      steadyMs += at[at.length - 1]! - at[0]!;
    }
    const peakRss = Math.max(...runs.flatMap((r) => r.lines.map((l) => Number(l.rss ?? 0))));
    const perId = new Map<string, number>();
    for (const m of sink.received) perId.set(m.messageId, (perId.get(m.messageId) ?? 0) + 1);
    const duplicates = [...perId.values()].filter((k) => k > 1).length;
    const benchEnv = loadEnv({ NODE_ENV: "test", BASE_URL: BENCH_BASE_URL });
    const expected = ids.map((id) => campaignMessageId(benchEnv, campaign.id, id));
    const missingIds = new Set(expected.filter((m) => !perId.has(m)));
    const rows = await db.select().from(mailingDeliveries).where(eq(mailingDeliveries.campaignId, campaign.id));
    const interruptedRows = rows.filter((r) => r.status === "failed" && r.error?.startsWith("interrupted"));
    const interruptedIds = new Set(interruptedRows.map((r) => campaignMessageId(benchEnv, campaign.id, r.subscriptionId)));
    const interruptedDelivered = [...interruptedIds].filter((m) => perId.has(m)).length;
    const missingOther = [...missingIds].filter((m) => !interruptedIds.has(m)).length;
    const [c] = await db.select().from(mailingCampaigns).where(eq(mailingCampaigns.id, campaign.id));
    // Process start-up (tsx, the pool) counts as sending time: the figure is conservative.
    const overallPerSecond = Math.round(sink.received.length / (sendingMs / 1000));
    const mailsPerSecond = Math.round(steadyMails / (steadyMs / 1000));
    const result: MailingResult = {
      subscribers: n,
      insertMs,
      mailsPerSecond,
      overallPerSecond,
      sendingSeconds: Math.round(sendingMs / 100) / 10,
      peakRssMb: Math.round(peakRss / 1024 / 1024),
      rate: RATE,
      interruptions,
      received: sink.received.length,
      duplicates,
      missing: missingIds.size,
      interrupted: interruptedRows.length,
      interruptedDelivered,
      missingOther,
      verdict: mailsPerSecond >= MAILING_TARGET_PER_S && duplicates === 0 && missingOther === 0 && c?.status === "sent" ? "PASS" : "MISS",
    };
    return result;
  } finally {
    await sink.close();
    await database.close();
  }
}

export function mailingTable(r: MailingResult) {
  console.log(`\n== mailing campaign (postgres): ${r.subscribers} subscribers, rate set to ${r.rate}/s ==`);
  console.log(
    `inserted in ${r.insertMs} ms; ${r.received} mails: ${r.mailsPerSecond} mails/s while sending (target ≥ ${MAILING_TARGET_PER_S}) ${r.verdict}; ${r.overallPerSecond} mails/s over ${r.sendingSeconds} s of the senders' lives (4 start-ups included)`,
  );
  console.log(`sender peak RSS ${r.peakRssMb} MB`);
  for (const i of r.interruptions) console.log(`  ${i.kind} at ${i.atMails} mails; rows in flight after: ${i.inFlightAfter}`);
  console.log(
    `duplicates ${r.duplicates}; missing ${r.missing} (interrupted in flight by the mid-batch SIGKILL: ${r.interrupted}, of which the sink had ${r.interruptedDelivered}; other missing ${r.missingOther})`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const admin = process.env.BENCH_PG_URL || "postgres://postgres@127.0.0.1:5432/test";
  const name = `vangnet_bench_mailing_${randomBytes(6).toString("hex")}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE "${name}"`);
  await c.end();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  try {
    const r = await benchMailing(u.toString());
    mailingTable(r);
    console.log(JSON.stringify(r));
  } finally {
    const d = new pg.Client({ connectionString: admin });
    await d.connect();
    await d.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await d.end();
  }
}
