import { and, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { Clock } from "../../core/clock.js";
import type { Lang } from "../../core/i18n/index.js";
import type { Db } from "../../db/index.js";
import type { Env } from "../../env.js";
import { confirmedRecipients, listHeaders, type MailingTopic, preferencesUrl, recipientsByIds } from "../mailing-list/service.js";
import { campaignMessageId, personalise, type RenderedCampaign, renderCampaign } from "./render.js";
import { mailingCampaigns, mailingDeliveries } from "./schema.js";

/**
 * The campaign sender (docs/architecture.md, "The mailing list: campaigns"; the delivery semantics
 * in docs/decisions/022-mailing-delivery.md):
 *
 * 1. due scheduled campaigns start; rows a crashed sender left in flight are failed ("interrupted":
 *    at most once, never a second copy);
 * 2. a campaign's deliveries are materialised from the list's recipients in keyset pages
 *    (`insert … on conflict do nothing`: one row per subscriber, however many senders run);
 * 3. batches of queued deliveries are claimed with `FOR UPDATE SKIP LOCKED` (two senders never
 *    claim one row) and sent through the (pooled) SMTP transport at the configured rate;
 * 4. each delivery's outcome is written soon after SMTP answers (micro-batched, `recorder`); a
 *    stop request (SIGTERM) is honoured between batches, so a drained sender leaves nothing in flight.
 */

export type Transport = { sendMail(m: object): Promise<unknown> };

export type SenderOptions = {
  db: Db;
  env: Env;
  clock: Clock;
  transport: Transport;
  log?: Logger;
  /** Mails per second (MAILING_RATE_PER_SECOND). */
  ratePerSecond: number;
  /**
   * At most this many rows per claimed batch (also at most one second's worth at the rate): what a
   * hard crash can leave uncertain. The job and the bench claim a few mails per SMTP connection.
   */
  maxBatch?: number;
  /** Stop claiming after this long (a job's turn); unset: until nothing is left. */
  budgetMs?: number;
  /** Asked between batches: true stops the sender (SIGTERM drains). */
  shouldStop?: () => boolean;
  /** A row claimed longer ago than this was in flight when its sender died. */
  leaseMs?: number;
  /** Waits `ms` (tests pass one that only records). */
  sleep?: (ms: number) => Promise<void>;
  /** Milliseconds, for the rate (tests pass a fake). */
  nowMs?: () => number;
  /** Called after each batch is recorded (tests stop the sender between batches here). */
  afterBatch?: (info: { campaignId: string; size: number }) => void | Promise<void>;
};

export const MATERIALISE_PAGE = 2000;
const DEFAULT_LEASE_MS = 10 * 60_000;

/**
 * A token bucket: `rate` tokens a second, at most one second's worth saved up. `take()` spends a
 * token and says how long to wait before using it (0 when one was there), so a burst never
 * exceeds the rate over any second after the first.
 */
export function rateGate(rate: number, nowMs: () => number) {
  const capacity = Math.max(1, rate);
  let tokens = capacity;
  let last = nowMs();
  return {
    take(): number {
      const now = nowMs();
      tokens = Math.min(capacity, tokens + ((now - last) * rate) / 1000);
      last = now;
      tokens -= 1;
      return tokens >= 0 ? 0 : Math.ceil((-tokens * 1000) / rate);
    },
    get tokens() {
      return tokens;
    },
  };
}

/** The claim size for `connections` SMTP connections: a few mails each, so a crash leaves few uncertain. */
export const claimSizeFor = (connections: number) => Math.max(20, 4 * connections);

/** The batch size the rate allows: one second's worth, at most `max`. */
export const batchSizeFor = (rate: number, max = 200) => Math.max(1, Math.min(max, Math.ceil(rate)));

/** Scheduled campaigns whose time came start sending. */
export async function startDue(db: Db, now: Date) {
  const iso = now.toISOString();
  await db
    .update(mailingCampaigns)
    .set({ status: "sending", startedAt: sql`coalesce(${mailingCampaigns.startedAt}, ${iso}::timestamptz)`, updatedAt: now })
    .where(and(eq(mailingCampaigns.status, "scheduled"), lt(mailingCampaigns.scheduledAt, new Date(now.getTime() + 1))));
}

/**
 * Rows left "sending" by a sender that died mid-batch: whether the SMTP server took them is
 * unknown, so they are not sent again (at most once) but failed as "interrupted", and counted.
 */
export async function failInterrupted(db: Db, now: Date, leaseMs = DEFAULT_LEASE_MS) {
  const cutoff = new Date(now.getTime() - leaseMs).toISOString();
  const res = (await db.execute(sql`
    with gone as (
      update ${mailingDeliveries} set status = 'failed', error = 'interrupted: the sender stopped while this mail was in flight'
      where status = 'sending' and claimed_at < ${cutoff}::timestamptz
      returning campaign_id
    )
    update ${mailingCampaigns} c set failed_count = c.failed_count + g.n
    from (select campaign_id, count(*)::int as n from gone group by campaign_id) g
    where c.id = g.campaign_id
    returning c.id`)) as unknown as { rows: unknown[] };
  return res.rows.length;
}

/**
 * Writes the campaign's deliveries, a keyset page of recipients at a time, from where an earlier
 * (interrupted) run stopped; the last page sets `materialised_at` and the total.
 */
export async function materialise(db: Db, campaignId: string, now: Date, page = MATERIALISE_PAGE) {
  for (;;) {
    const [c] = await db.select().from(mailingCampaigns).where(eq(mailingCampaigns.id, campaignId));
    if (!c || c.materialisedAt || c.status !== "sending") return;
    const recipients = await confirmedRecipients(db, {
      topics: c.topics as MailingTopic[],
      orgIds: c.orgIds,
      afterId: c.materialisedAfter ?? undefined,
      limit: page,
    });
    const done = recipients.length < page;
    await db.transaction(async (tx) => {
      if (recipients.length)
        await tx
          .insert(mailingDeliveries)
          .values(recipients.map((r) => ({ campaignId, subscriptionId: r.id })))
          .onConflictDoNothing();
      const last = recipients.at(-1)?.id;
      await tx
        .update(mailingCampaigns)
        .set({
          ...(last ? { materialisedAfter: last } : {}),
          ...(done
            ? {
                materialisedAt: now,
                total: sql`(select count(*)::int from ${mailingDeliveries} where campaign_id = ${campaignId})`,
              }
            : {}),
        })
        .where(and(eq(mailingCampaigns.id, campaignId), isNull(mailingCampaigns.materialisedAt)));
    });
    if (done) return;
  }
}

type Claimed = {
  id: number;
  subscription_id: string;
  email: string;
  lang: Lang;
  token_version: number;
  sub_status: string;
  topics: MailingTopic[];
  org_id: string | null;
};

/** Whether a subscriber, as they are now, still wants this campaign: a topic of it, and (when it names organisations) one of them. */
export const stillWanted = (c: { topics: MailingTopic[]; orgIds: string[] | null }, d: Pick<Claimed, "sub_status" | "topics" | "org_id">) =>
  d.sub_status === "confirmed" &&
  d.topics.some((t) => c.topics.includes(t)) &&
  (c.orgIds === null || (d.org_id !== null && c.orgIds.includes(d.org_id)));

/**
 * Claims up to `n` queued deliveries of a campaign that is still sending: `FOR UPDATE SKIP LOCKED`
 * lets two senders take disjoint batches; the address comes from the subscription, read now (so
 * whoever left the list meanwhile is skipped, not mailed).
 */
export async function claimBatch(db: Db, campaignId: string, n: number, now: Date): Promise<Claimed[]> {
  const res = (await db.execute(sql`
    update ${mailingDeliveries} d set status = 'sending', claimed_at = ${now.toISOString()}::timestamptz, attempts = d.attempts + 1
    where d.id in (
      select id from ${mailingDeliveries}
      where campaign_id = ${campaignId} and status = 'queued'
        and exists (select 1 from ${mailingCampaigns} where id = ${campaignId} and status = 'sending')
      order by id limit ${n} for update skip locked
    )
    returning d.id, d.subscription_id`)) as unknown as { rows: { id: number | string; subscription_id: string }[] };
  const subs = new Map(
    (
      await recipientsByIds(
        db,
        res.rows.map((r) => r.subscription_id),
      )
    ).map((r) => [r.id, r]),
  );
  return res.rows
    .flatMap((r) => {
      const s = subs.get(r.subscription_id);
      // Gone (erased) since: its delivery row went with it.
      return s
        ? [
            {
              id: Number(r.id),
              subscription_id: r.subscription_id,
              email: s.email,
              lang: s.lang,
              token_version: s.tokenVersion,
              sub_status: s.status,
              topics: s.topics,
              org_id: s.orgId,
            },
          ]
        : [];
    })
    .sort((x, y) => x.id - y.id);
}

type Outcome = { sent: number[]; skipped: number[]; failed: { id: number; error: string }[] };
const noOutcome = (): Outcome => ({ sent: [], skipped: [], failed: [] });

/** Records outcomes in one transaction: the rows and the campaign's counters. */
export async function record(db: Db, campaignId: string, now: Date, out: Outcome) {
  // Only rows still "sending" change: one the lease already gave up as interrupted (counted failed) stays so, counted once.
  const sending = eq(mailingDeliveries.status, "sending");
  await db.transaction(async (tx) => {
    const sent = out.sent.length
      ? await tx
          .update(mailingDeliveries)
          .set({ status: "sent", sentAt: now, error: null })
          .where(and(inArray(mailingDeliveries.id, out.sent), sending))
          .returning({ id: mailingDeliveries.id })
      : [];
    if (out.skipped.length)
      await tx
        .update(mailingDeliveries)
        .set({ status: "skipped", error: "no longer subscribed" })
        .where(and(inArray(mailingDeliveries.id, out.skipped), sending));
    let failed = 0;
    for (const f of out.failed)
      failed += (
        await tx
          .update(mailingDeliveries)
          .set({ status: "failed", error: f.error })
          .where(and(eq(mailingDeliveries.id, f.id), sending))
          .returning({ id: mailingDeliveries.id })
      ).length;
    await tx
      .update(mailingCampaigns)
      .set({
        sentCount: sql`${mailingCampaigns.sentCount} + ${sent.length}`,
        failedCount: sql`${mailingCampaigns.failedCount} + ${failed}`,
      })
      .where(eq(mailingCampaigns.id, campaignId));
  });
}

/** Flush the recorded outcomes after this many answers, or this long after the first unflushed one. */
export const RECORD_EVERY = 20;
export const RECORD_AFTER_MS = 50;

/**
 * Records each delivery's outcome soon after SMTP answers (micro-batched: every RECORD_EVERY answers
 * or RECORD_AFTER_MS, whichever first; one write at a time, in order), so a hard crash leaves
 * uncertain only the mails still in SMTP conversations and the few answers not yet flushed.
 */
function recorder(db: Db, campaignId: string, now: () => Date, every = RECORD_EVERY, afterMs = RECORD_AFTER_MS) {
  let out = noOutcome();
  let n = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let chain: Promise<void> = Promise.resolve();
  let failure: unknown;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (n) {
      const o = out;
      out = noOutcome();
      n = 0;
      chain = chain
        .then(() => record(db, campaignId, now(), o))
        .catch((err) => {
          failure ??= err;
        });
    }
    return chain;
  };
  const added = () => {
    n += 1;
    if (n >= every) void flush();
    else timer ??= setTimeout(flush, afterMs);
  };
  return {
    sent(id: number) {
      out.sent.push(id);
      added();
    },
    skipped(id: number) {
      out.skipped.push(id);
      added();
    },
    failed(id: number, error: string) {
      out.failed.push({ id, error });
      added();
    },
    /** Writes what is left; throws if any write failed. */
    async done() {
      await flush();
      if (failure) throw failure;
    },
  };
}

/** A sending campaign with nothing queued or in flight is sent. */
async function finishIfDone(db: Db, campaignId: string, now: Date) {
  await db.execute(sql`
    update ${mailingCampaigns} set status = 'sent', finished_at = ${now.toISOString()}::timestamptz, updated_at = ${now.toISOString()}::timestamptz
    where id = ${campaignId} and status = 'sending' and materialised_at is not null
      and not exists (select 1 from ${mailingDeliveries} where campaign_id = ${campaignId} and status in ('queued', 'sending'))`);
}

/** An SMTP refusal without the address in it (the server may quote it). */
const safeError = (err: unknown) =>
  (err instanceof Error ? err.message : String(err)).replace(/[^\s<>"'(),;:[\]@]+@[\w.-]+/g, "…").slice(0, 300);

/**
 * Runs the sender until nothing is left to send (or the budget is spent, or a stop was asked).
 * Returns what it did; `batches` lists each claimed batch's size (the rate's accounting).
 */
export async function runSender(o: SenderOptions) {
  const { db, env } = o;
  const nowMs = o.nowMs ?? (() => Date.now());
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const gate = rateGate(o.ratePerSecond, nowMs);
  const size = batchSizeFor(o.ratePerSecond, o.maxBatch);
  const started = nowMs();
  const stats = { sent: 0, failed: 0, skipped: 0, batches: [] as number[], waitedMs: 0 };
  const rendered = new Map<string, RenderedCampaign>();
  const over = () => (o.budgetMs !== undefined && nowMs() - started >= o.budgetMs) || Boolean(o.shouldStop?.());

  await startDue(db, o.clock.now());
  await failInterrupted(db, o.clock.now(), o.leaseMs);
  while (!over()) {
    const [c] = await db
      .select()
      .from(mailingCampaigns)
      .where(eq(mailingCampaigns.status, "sending"))
      .orderBy(mailingCampaigns.startedAt, mailingCampaigns.id)
      .limit(1);
    if (!c) break;
    if (!c.materialisedAt) await materialise(db, c.id, o.clock.now());
    const batch = await claimBatch(db, c.id, size, o.clock.now());
    if (!batch.length) {
      await failInterrupted(db, o.clock.now(), o.leaseMs);
      await finishIfDone(db, c.id, o.clock.now());
      // Another sender holds the last rows (or the campaign was paused): look again shortly.
      const [still] = await db.select({ status: mailingCampaigns.status }).from(mailingCampaigns).where(eq(mailingCampaigns.id, c.id));
      if (still?.status === "sending") {
        await sleep(200);
        if (o.budgetMs === undefined && !(await othersInFlight(db, c.id))) break;
      }
      continue;
    }
    stats.batches.push(batch.length);
    const rec = recorder(db, c.id, () => o.clock.now());
    const sends: Promise<void>[] = [];
    for (const d of batch) {
      if (!stillWanted(c, d)) {
        rec.skipped(d.id);
        stats.skipped += 1;
        continue;
      }
      const wait = gate.take();
      if (wait > 0) {
        stats.waitedMs += wait;
        await sleep(wait);
      }
      const key = `${c.id}:${d.lang}`;
      let r = rendered.get(key);
      if (!r) {
        r = renderCampaign(c, d.lang, env);
        rendered.set(key, r);
      }
      const who = { id: d.subscription_id, tokenVersion: d.token_version, lang: d.lang };
      const mail = personalise(r, preferencesUrl(env, who));
      sends.push(
        o.transport
          .sendMail({
            from: env.MAIL_FROM,
            to: d.email,
            lang: d.lang,
            subject: mail.subject,
            html: mail.html,
            text: mail.text,
            headers: { ...listHeaders(env, who), "Message-ID": campaignMessageId(env, c.id, d.subscription_id) },
          })
          .then(
            () => {
              stats.sent += 1;
              rec.sent(d.id);
            },
            (err) => {
              stats.failed += 1;
              rec.failed(d.id, safeError(err));
            },
          ),
      );
    }
    await Promise.all(sends);
    await rec.done();
    await o.afterBatch?.({ campaignId: c.id, size: batch.length });
  }
  return stats;
}

async function othersInFlight(db: Db, campaignId: string) {
  const res = (await db.execute(
    sql`select 1 from ${mailingDeliveries} where campaign_id = ${campaignId} and status in ('queued', 'sending') limit 1`,
  )) as unknown as { rows: unknown[] };
  return res.rows.length > 0;
}
