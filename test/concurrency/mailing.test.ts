/**
 * Campaign senders at the same time, on real PostgreSQL (docs/decisions/022-mailing-delivery.md):
 * four senders work through one campaign at once; every subscriber gets exactly one copy, because
 * each batch is claimed with `FOR UPDATE SKIP LOCKED` (a row one sender claimed is invisible to
 * the others) and the deliveries are written once (unique per campaign and subscriber, however
 * many senders materialise them). The negative control sends from the same rows without the claim
 * (read the queued rows, send, mark them sent) and must send someone twice. Every statement's
 * result is delayed (inject.ts) so the senders overlap.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadEnv } from "../../src/env.js";
import { mailingCampaigns, mailingDeliveries } from "../../src/features/mailing-campaigns/schema.js";
import { materialise, runSender } from "../../src/features/mailing-campaigns/sender.js";
import { createCampaign, startCampaign } from "../../src/features/mailing-campaigns/service.js";
import { addSubscribers } from "../../src/features/mailing-campaigns/testing.js";
import { mailingSubscriptions } from "../../src/features/mailing-list/schema.js";
import { setupApp } from "../helpers/app.js";
import { driver } from "../helpers/db.js";
import { slowStatements } from "./inject.js";

if (driver !== "postgres") throw new Error("test/concurrency runs on PostgreSQL only (TEST_DATABASE_URL, project postgres)");

const ctx = setupApp();
const SUBSCRIBERS = 120;
const SENDERS = 4;
let slow: ReturnType<typeof slowStatements>;
beforeEach(() => {
  slow = slowStatements(ctx.db);
});
afterEach(() => slow.set(0));
const seen: Record<string, unknown> = {};
afterAll(() => console.log(`campaign senders at once: ${JSON.stringify(seen)}`));

/** A transport that records who got which Message-ID, answering after a moment like a server would. */
function countingTransport(log: { to: string; id: string }[]) {
  return {
    sendMail: async (m: { to: string; headers?: Record<string, string> }) => {
      await new Promise((r) => setTimeout(r, 1));
      log.push({ to: m.to, id: m.headers?.["Message-ID"] ?? "" });
    },
  };
}

async function campaign() {
  await addSubscribers(ctx.db, SUBSCRIBERS);
  const c = await createCampaign(ctx.db, {
    actorId: null as unknown as string,
    now: ctx.clock.now(),
    input: { subject: { nl: "Nieuws", en: "News" }, body: { nl: "Hallo", en: "Hello" }, topics: ["news"], orgIds: null },
  });
  await startCampaign(ctx.db, c.id, ctx.clock.now());
  return c;
}

const copies = (log: { to: string }[]) => {
  const per = new Map<string, number>();
  for (const m of log) per.set(m.to, (per.get(m.to) ?? 0) + 1);
  return { addresses: per.size, duplicates: [...per.values()].filter((n) => n > 1).length, mails: log.length };
};

describe("two or more senders on one campaign", () => {
  it("claimed with SKIP LOCKED: everyone exactly once, and the campaign ends sent", async () => {
    const c = await campaign();
    const env = loadEnv({ NODE_ENV: "test", BASE_URL: "https://vangnet.example.org" });
    const log: { to: string; id: string }[] = [];
    await slow.warm(SENDERS * 2);
    slow.set(3);
    const runs = await Promise.all(
      Array.from({ length: SENDERS }, () =>
        runSender({ db: ctx.db, env, clock: ctx.clock, transport: countingTransport(log), ratePerSecond: 10_000, maxBatch: 7 }),
      ),
    );
    expect(slow.maxBusy()).toBeGreaterThanOrEqual(SENDERS);
    slow.set(0);
    const result = copies(log);
    seen.skipLocked = { ...result, batchesPerSender: runs.map((r) => r.batches.length) };
    expect(result).toEqual({ addresses: SUBSCRIBERS, duplicates: 0, mails: SUBSCRIBERS });
    expect(new Set(log.map((m) => m.id)).size).toBe(SUBSCRIBERS);
    // More than one sender did real work: the claims interleaved.
    expect(runs.filter((r) => r.sent > 0).length).toBeGreaterThan(1);
    const rows = await ctx.db.select().from(mailingDeliveries).where(eq(mailingDeliveries.campaignId, c.id));
    expect(rows).toHaveLength(SUBSCRIBERS);
    expect(rows.every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
    const [after] = await ctx.db.select().from(mailingCampaigns).where(eq(mailingCampaigns.id, c.id));
    expect(after).toMatchObject({ status: "sent", total: SUBSCRIBERS, sentCount: SUBSCRIBERS });
  });

  it("negative control, without the claim: the same senders mail people twice", async () => {
    const c = await campaign();
    await materialise(ctx.db, c.id, ctx.clock.now());
    const log: { to: string; id: string }[] = [];
    const transport = countingTransport(log);
    /** Reads queued rows, sends, marks them sent: no lock, no claim. */
    const naive = async () => {
      for (;;) {
        const rows = await ctx.db
          .select({ id: mailingDeliveries.id, email: mailingSubscriptions.email })
          .from(mailingDeliveries)
          .innerJoin(mailingSubscriptions, eq(mailingSubscriptions.id, mailingDeliveries.subscriptionId))
          .where(and(eq(mailingDeliveries.campaignId, c.id), eq(mailingDeliveries.status, "queued")))
          .orderBy(mailingDeliveries.id)
          .limit(7);
        if (!rows.length) return;
        for (const r of rows) await transport.sendMail({ to: r.email, headers: { "Message-ID": String(r.id) } });
        await ctx.db
          .update(mailingDeliveries)
          .set({ status: "sent", sentAt: sql`now()` })
          .where(
            inArray(
              mailingDeliveries.id,
              rows.map((r) => r.id),
            ),
          );
      }
    };
    await slow.warm(SENDERS * 2);
    slow.set(3);
    await Promise.all(Array.from({ length: SENDERS }, naive));
    slow.set(0);
    const result = copies(log);
    seen.naive = result;
    expect(result.addresses).toBe(SUBSCRIBERS);
    expect(result.duplicates).toBeGreaterThan(0);
  });
});
