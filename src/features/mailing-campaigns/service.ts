import { and, asc, count, desc, eq, inArray, sql } from "drizzle-orm";
import { AppError, FieldError } from "../../core/errors.js";
import type { Lang, Localized } from "../../core/i18n/index.js";
import { enqueue } from "../../core/jobs/queue.js";
import { type MailDeps, sendRenderedMail } from "../../core/mail/send.js";
import type { Db } from "../../db/index.js";
import type { Env } from "../../env.js";
import { url } from "../../routes.js";
import { countRecipients, listHeaders, type MailingTopic, preferencesUrl, recipientsByIds } from "../mailing-list/service.js";
import { getOffering } from "../trainings/service.js";
import { campaignMessageId, personalise, renderCampaign } from "./render.js";
import { type CampaignStatus, type DeliveryStatus, mailingCampaigns, mailingDeliveries } from "./schema.js";

export type Campaign = typeof mailingCampaigns.$inferSelect;
export type CampaignInput = { subject: Localized; body: Localized; topics: MailingTopic[]; orgIds: string[] | null };

/** The job that sends: started at once by "send now", and every few seconds by the schedule (see src/jobs.ts). */
export const SEND_JOB = "mailing.send";

/** Which states allow which action (anything else is a 409). */
const EDITABLE: CampaignStatus[] = ["draft", "scheduled"];
const STARTABLE: CampaignStatus[] = ["draft", "scheduled", "paused"];
const CANCELLABLE: CampaignStatus[] = ["draft", "scheduled", "sending", "paused"];

export async function campaignById(db: Db, id: string): Promise<Campaign | null> {
  const [c] = await db.select().from(mailingCampaigns).where(eq(mailingCampaigns.id, id));
  return c ?? null;
}

export async function listCampaigns(db: Db, q: { page: number; perPage: number }) {
  const [rows, [n]] = await Promise.all([
    db
      .select()
      .from(mailingCampaigns)
      .orderBy(desc(mailingCampaigns.createdAt), desc(mailingCampaigns.id))
      .limit(q.perPage)
      .offset((q.page - 1) * q.perPage),
    db.select({ n: count() }).from(mailingCampaigns),
  ]);
  return { rows, total: n?.n ?? 0 };
}

export async function createCampaign(db: Db, a: { actorId: string; input: CampaignInput; offeringId?: string; now: Date }) {
  const [c] = await db
    .insert(mailingCampaigns)
    .values({ ...a.input, createdBy: a.actorId, offeringId: a.offeringId ?? null, createdAt: a.now, updatedAt: a.now })
    .returning();
  return c!;
}

/** Changes a draft (or a scheduled campaign, which stays scheduled); null when it does not exist. */
export async function updateCampaign(db: Db, id: string, input: CampaignInput, now: Date) {
  const [c] = await db
    .update(mailingCampaigns)
    .set({ ...input, updatedAt: now })
    .where(and(eq(mailingCampaigns.id, id), inArray(mailingCampaigns.status, EDITABLE)))
    .returning();
  if (c) return c;
  if (await campaignById(db, id)) throw new AppError(409, "campaign_not_editable");
  return null;
}

/** Who a campaign goes to, now (it is counted again when sending starts). */
export const recipientCount = (db: Db, c: Pick<Campaign, "topics" | "orgIds">) =>
  countRecipients(db, { topics: c.topics as MailingTopic[], orgIds: c.orgIds });

/** A moment in the future: the sender starts it when it comes (the schedule runs every few seconds). */
export async function scheduleCampaign(db: Db, id: string, at: Date, now: Date) {
  if (at.getTime() <= now.getTime()) throw new FieldError("scheduledAt", "mailingNotFuture");
  const [c] = await db
    .update(mailingCampaigns)
    .set({ status: "scheduled", scheduledAt: at, updatedAt: now })
    .where(and(eq(mailingCampaigns.id, id), inArray(mailingCampaigns.status, EDITABLE)))
    .returning();
  return c ?? refused(db, id);
}

async function refused(db: Db, id: string): Promise<null> {
  if (await campaignById(db, id)) throw new AppError(409, "campaign_state");
  return null;
}

/** Sends now (a draft or scheduled campaign) or goes on (a paused one): the send job is queued at once. */
export async function startCampaign(db: Db, id: string, now: Date) {
  return db.transaction(async (tx) => {
    const [c] = await tx
      .update(mailingCampaigns)
      .set({
        status: "sending",
        scheduledAt: now,
        startedAt: sql`coalesce(${mailingCampaigns.startedAt}, ${now.toISOString()}::timestamptz)`,
        updatedAt: now,
      })
      .where(and(eq(mailingCampaigns.id, id), inArray(mailingCampaigns.status, STARTABLE)))
      .returning();
    if (!c) return refused(tx, id);
    await enqueue(tx, SEND_JOB, {}, { singletonKey: `${SEND_JOB}:now`, runAt: now, maxAttempts: 1 });
    return c;
  });
}

/** Stops claiming new batches; the batch in flight finishes. Sending again goes on where it stopped. */
export async function pauseCampaign(db: Db, id: string, now: Date) {
  const [c] = await db
    .update(mailingCampaigns)
    .set({ status: "paused", updatedAt: now })
    .where(and(eq(mailingCampaigns.id, id), eq(mailingCampaigns.status, "sending")))
    .returning();
  return c ?? refused(db, id);
}

/** Stopped for good: the deliveries not yet sent are skipped. */
export async function cancelCampaign(db: Db, id: string, now: Date) {
  return db.transaction(async (tx) => {
    const [c] = await tx
      .update(mailingCampaigns)
      .set({ status: "cancelled", finishedAt: now, updatedAt: now })
      .where(and(eq(mailingCampaigns.id, id), inArray(mailingCampaigns.status, CANCELLABLE)))
      .returning();
    if (!c) return refused(tx, id);
    await tx
      .update(mailingDeliveries)
      .set({ status: "skipped", error: "cancelled" })
      .where(and(eq(mailingDeliveries.campaignId, id), eq(mailingDeliveries.status, "queued")));
    return c;
  });
}

/** The deliveries by status (the progress page's counts). */
export async function deliveryCounts(db: Db, campaignId: string) {
  const rows = await db
    .select({ status: mailingDeliveries.status, n: count() })
    .from(mailingDeliveries)
    .where(eq(mailingDeliveries.campaignId, campaignId))
    .groupBy(mailingDeliveries.status);
  const out: Record<DeliveryStatus, number> = { queued: 0, sending: 0, sent: 0, failed: 0, skipped: 0 };
  for (const r of rows) out[r.status] = r.n;
  return out;
}

/**
 * One page of per-recipient status, by delivery order. The address is read from the
 * subscription (deliveries keep none); an erased subscriber's row is gone with them.
 */
export async function deliveryPage(db: Db, q: { campaignId: string; status?: DeliveryStatus; page: number; perPage: number }) {
  const where = and(eq(mailingDeliveries.campaignId, q.campaignId), q.status ? eq(mailingDeliveries.status, q.status) : undefined);
  const [page, [n]] = await Promise.all([
    db
      .select({
        id: mailingDeliveries.id,
        subscriptionId: mailingDeliveries.subscriptionId,
        status: mailingDeliveries.status,
        attempts: mailingDeliveries.attempts,
        sentAt: mailingDeliveries.sentAt,
        error: mailingDeliveries.error,
      })
      .from(mailingDeliveries)
      .where(where)
      .orderBy(asc(mailingDeliveries.id))
      .limit(q.perPage)
      .offset((q.page - 1) * q.perPage),
    db.select({ n: count() }).from(mailingDeliveries).where(where),
  ]);
  const subs = new Map(
    (
      await recipientsByIds(
        db,
        page.map((d) => d.subscriptionId),
      )
    ).map((s) => [s.id, s]),
  );
  const rows = page.flatMap(({ subscriptionId, ...d }) => {
    const s = subs.get(subscriptionId);
    return s ? [{ ...d, email: s.email, lang: s.lang }] : [];
  });
  return { rows, total: n?.n ?? 0 };
}

/**
 * A test to the office member themself, in one language, through the outbox: the same parts and
 * headers a subscriber gets (the unsubscribe links point at no subscription: "test" stands in).
 */
export async function sendTest(db: Db, deps: MailDeps, a: { campaign: Campaign; to: string; lang: Lang }) {
  const rendered = renderCampaign(a.campaign, a.lang, deps.env);
  const fake = { id: "00000000-0000-0000-0000-000000000000", tokenVersion: 0, lang: a.lang };
  const mail = personalise(rendered, preferencesUrl(deps.env, fake));
  await sendRenderedMail(db, deps, {
    to: a.to,
    lang: a.lang,
    template: "mailing.campaignTest",
    ...mail,
    subject: `[TEST] ${mail.subject}`,
    headers: { ...listHeaders(deps.env, fake), "Message-ID": campaignMessageId(deps.env, a.campaign.id, `test-${Date.now()}`) },
  });
}

/** A draft announcing a published offering: its title and summary in both languages, and a link to its page. */
export async function draftAnnouncement(db: Db, env: Env, a: { actorId: string; offeringId: string; now: Date }) {
  const o = await getOffering(db, a.offeringId);
  if (o?.status !== "published") throw new FieldError("offering", "invalidChoice");
  const link = (lang: Lang) => `${env.BASE_URL}${url(lang, "training", { slug: o.slug })}`;
  const body = (lang: Lang, more: string) =>
    [o.summary[lang] || o.summary[lang === "nl" ? "en" : "nl"], "", `[${more}](${link(lang)})`].join("\n");
  return createCampaign(db, {
    actorId: a.actorId,
    offeringId: o.id,
    now: a.now,
    input: {
      subject: { nl: o.title.nl || o.title.en, en: o.title.en || o.title.nl },
      body: { nl: body("nl", "Lees meer en meld je aan"), en: body("en", "Read more and register") },
      topics: ["trainings"],
      orgIds: null,
    },
  });
}

/** The campaigns one subscription was (or is being) sent, for the subscriber's own data: subject, status, when. */
export async function deliveriesOf(db: Db, subscriptionId: string) {
  return db
    .select({ subject: mailingCampaigns.subject, status: mailingDeliveries.status, sentAt: mailingDeliveries.sentAt })
    .from(mailingDeliveries)
    .innerJoin(mailingCampaigns, eq(mailingCampaigns.id, mailingDeliveries.campaignId))
    .where(eq(mailingDeliveries.subscriptionId, subscriptionId))
    .orderBy(asc(mailingDeliveries.id));
}
