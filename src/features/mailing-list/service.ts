import { and, arrayOverlaps, asc, count, eq, gt, inArray, isNotNull, isNull, lt, ne, or, type SQL, sql } from "drizzle-orm";
import { hmac, safeEqual } from "../../core/crypto.js";
import { FieldError } from "../../core/errors.js";
import { isUuid } from "../../core/http/params.js";
import { type Lang, localDate } from "../../core/i18n/index.js";
import { outbox } from "../../core/mail/schema.js";
import { type MailDeps, type MailTemplate, sendMail } from "../../core/mail/send.js";
import type { Db } from "../../db/index.js";
import type { Env } from "../../env.js";
import { url } from "../../routes.js";
import { currentBoardMembers, currentBoardOf } from "../organisations/boards.js";
import { organisations } from "../organisations/schema.js";
import { getOrganisation } from "../organisations/service.js";
import {
  type BounceKind,
  type BounceSource,
  MAILING_TOPICS,
  type MailingTopic,
  mailingBounces,
  mailingSubscriptions,
  type SubscriptionStatus,
} from "./schema.js";

export { MAILING_TOPICS, type MailingTopic };

/** The version of the consent text on the subscribe form; stored with each subscription and its confirmation. Change it with the text. */
export const MAILING_CONSENT_VERSION = "2026-12";
/** The one-click unsubscribe endpoint (RFC 8058), outside the language prefix: no cookie, session or CSRF token. */
export const ONE_CLICK_PATH = "/api/mailing/unsubscribe";

export type Subscription = typeof mailingSubscriptions.$inferSelect;
export type Recipient = { id: string; email: string; lang: Lang; tokenVersion: number; orgName: string | null };
type TokenOf = Pick<Recipient, "id" | "tokenVersion">;

// ---------- tokens and links ----------

/** The secret of a subscription's links: no stored secret, an HMAC of its id and token version. */
export const mailingToken = (env: Env, r: TokenOf) => hmac(env.SESSION_SECRET, `mailing:${r.id}:${r.tokenVersion}`);
const tokenMatches = (env: Env, r: TokenOf, token: string) => safeEqual(mailingToken(env, r), token);

/** The recipient's preferences page (absolute URL, their language). */
export function preferencesUrl(env: Env, r: Pick<Recipient, "id" | "tokenVersion" | "lang">) {
  return `${env.BASE_URL}${url(r.lang, "mailingPreferences", { id: r.id, token: mailingToken(env, r) })}`;
}

const confirmUrl = (env: Env, r: Pick<Recipient, "id" | "tokenVersion" | "lang">) =>
  `${env.BASE_URL}${url(r.lang, "mailingConfirm", { id: r.id, token: mailingToken(env, r) })}`;

/** A second subscription of one address within this time mails nothing (a stranger can't flood an inbox through the form). */
export const RESEND_MS = 15 * 60_000;

/** Whether the form mailed this address this kind of mail (a confirmation, an "already subscribed") within RESEND_MS, by the outbox's clock. */
async function mailedRecently(db: Db, email: string, template: "mailingList.confirm" | "mailingList.already") {
  const rows = await db
    .select({ id: outbox.id })
    .from(outbox)
    .where(
      and(
        eq(outbox.to, email),
        eq(outbox.template, template),
        sql`${outbox.createdAt} > now() - make_interval(secs => ${RESEND_MS / 1000})`,
      ),
    )
    .limit(1);
  return rows.length > 0;
}

/** Where the mailto unsubscribe goes: MAILING_UNSUBSCRIBE_ADDRESS, or the office's address. */
export const unsubscribeAddress = (env: Env) => env.MAILING_UNSUBSCRIBE_ADDRESS ?? env.OFFICE_EMAIL;

/** `List-Unsubscribe` (the one-click HTTPS URL and a mailto) and `List-Unsubscribe-Post` for one recipient (RFC 2369, 8058). */
export function listHeaders(env: Env, r: Pick<Recipient, "id" | "tokenVersion" | "lang">): Record<string, string> {
  const token = mailingToken(env, r);
  return {
    "List-Unsubscribe": `<${env.BASE_URL}${ONE_CLICK_PATH}/${r.id}/${token}>, <mailto:${unsubscribeAddress(env)}?subject=unsubscribe-${r.id}.${token}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  };
}

/** The subscription and token in a mailto unsubscribe's subject (`unsubscribe-<id>.<token>`), or null. */
export function parseUnsubscribeSubject(subject: string) {
  const m = /unsubscribe-([0-9a-f-]{36})\.([A-Za-z0-9_-]{20,100})/i.exec(subject);
  return m && isUuid(m[1]!) ? { id: m[1]!.toLowerCase(), token: m[2]! } : null;
}

// ---------- mails ----------

type LinkData = { link: string; org: string | null };
const confirmMail: MailTemplate<LinkData> = (t, d) => ({
  subject: t.mailingList.mail.confirmSubject,
  heading: t.mailingList.mail.confirmHeading,
  paragraphs: [t.mailingList.mail.confirmBody],
  action: { label: t.mailingList.mail.confirmAction, url: d.link },
  after: [t.mailingList.mail.confirmIgnore],
});
const alreadyMail: MailTemplate<LinkData> = (t, d) => ({
  subject: t.mailingList.mail.alreadySubject,
  heading: t.mailingList.mail.alreadyHeading,
  paragraphs: [t.mailingList.mail.alreadyBody],
  action: { label: t.mailingList.mail.preferencesAction, url: d.link },
  after: [t.mailingList.mail.alreadyIgnore],
});
const boardMail: MailTemplate<LinkData> = (t, d) => ({
  subject: t.mailingList.mail.boardSubject,
  heading: t.mailingList.mail.boardHeading,
  paragraphs: [t.mailingList.mail.boardBody(d.org ?? "")],
  action: { label: t.mailingList.mail.boardAction, url: d.link },
});

// ---------- subscribing ----------

export type SubscribeInput = {
  email: string;
  orgId: string | null;
  orgName: string | null;
  contactUrl: string | null;
  lang: Lang;
  topics: MailingTopic[];
};

/**
 * The subscribe form. A new address gets a pending subscription and the confirmation mail (and
 * nothing else until it is confirmed). An address on the list already is never downgraded or
 * changed by a stranger:
 * - confirmed: nothing changes; the address is mailed a link to its preferences page;
 * - pending: the details are replaced and the confirmation is mailed again (nobody confirmed them);
 * - unsubscribed or suspended: pending again with the new details and a new token version (old
 *   links stop working), and the confirmation mailed.
 * `boardId`: a signed-in member of the chosen organisation's current board, who confirms it as the board's address.
 */
export async function subscribe(
  db: Db,
  deps: MailDeps,
  input: SubscribeInput,
  now: Date,
  opts: { boardId?: string | null } = {},
): Promise<"pending" | "already"> {
  const email = input.email.trim().toLowerCase();
  const details = {
    orgId: input.orgId,
    orgName: input.orgId ? null : input.orgName,
    contactUrl: input.contactUrl,
    lang: input.lang,
    topics: [...new Set(input.topics)],
    consentVersion: MAILING_CONSENT_VERSION,
    boardConfirmedBoardId: opts.boardId ?? null,
    boardConfirmedAt: opts.boardId ? now : null,
    updatedAt: now,
  };
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(mailingSubscriptions)
      .values({ email, ...details, status: "pending", createdAt: now })
      .onConflictDoNothing({ target: mailingSubscriptions.email })
      .returning();
    let row = created;
    if (!row) {
      const [existing] = await tx.select().from(mailingSubscriptions).where(eq(mailingSubscriptions.email, email)).for("update");
      if (!existing) throw new Error("mailing subscription vanished during subscribe");
      if (existing.status === "confirmed") {
        if (await mailedRecently(tx as unknown as Db, email, "mailingList.already")) return "already";
        await sendMail(tx as unknown as Db, deps, {
          to: email,
          lang: existing.lang,
          template: "mailingList.already",
          render: alreadyMail,
          data: { link: preferencesUrl(deps.env, existing), org: null },
          headers: listHeaders(deps.env, existing),
          sensitive: true,
        });
        return "already";
      }
      if (existing.status === "pending") {
        // Someone else may be typing this address: the details stay as first given (the owner sees them on the
        // confirmation page), and the confirmation is mailed again at most once per RESEND_MS.
        if (await mailedRecently(tx as unknown as Db, email, "mailingList.confirm")) return "pending";
        row = existing;
      } else {
        [row] = await tx
          .update(mailingSubscriptions)
          .set({ ...details, status: "pending", tokenVersion: existing.tokenVersion + 1, unsubscribedAt: null })
          .where(eq(mailingSubscriptions.id, existing.id))
          .returning();
      }
    }
    await sendMail(tx as unknown as Db, deps, {
      to: email,
      lang: row!.lang,
      template: "mailingList.confirm",
      render: confirmMail,
      data: { link: confirmUrl(deps.env, row!), org: null },
      sensitive: true,
    });
    return "pending";
  });
}

/** The subscription whose link this is (id and token), or null: a wrong or outdated token finds nothing. */
export async function subscriptionByToken(db: Db, env: Env, id: string, token: string) {
  const [row] = await db.select().from(mailingSubscriptions).where(eq(mailingSubscriptions.id, id));
  return row && tokenMatches(env, row, token) ? row : null;
}

/** The organisation's name as shown: the chosen organisation's, or the typed one. */
export async function orgNameOf(db: Db, row: Pick<Subscription, "orgId" | "orgName">) {
  if (!row.orgId) return row.orgName;
  const [org] = await db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, row.orgId));
  return org?.name ?? row.orgName;
}

/** The double opt-in's POST: a pending subscription becomes confirmed (time and consent version recorded). Other states are left as they are. */
export async function confirmSubscription(db: Db, env: Env, id: string, token: string, now: Date) {
  const row = await subscriptionByToken(db, env, id, token);
  if (!row) return null;
  if (row.status !== "pending") return row;
  const [done] = await db
    .update(mailingSubscriptions)
    .set({ status: "confirmed", confirmedAt: now, hardBounces: 0, updatedAt: now })
    .where(
      and(
        eq(mailingSubscriptions.id, id),
        eq(mailingSubscriptions.tokenVersion, row.tokenVersion),
        eq(mailingSubscriptions.status, "pending"),
      ),
    )
    .returning();
  return done ?? (await subscriptionByToken(db, env, id, token));
}

/** Language and topics from the preferences page. */
export async function updatePreferences(db: Db, env: Env, id: string, token: string, p: { lang: Lang; topics: MailingTopic[] }, now: Date) {
  const row = await subscriptionByToken(db, env, id, token);
  if (!row) return null;
  const [done] = await db
    .update(mailingSubscriptions)
    .set({ lang: p.lang, topics: [...new Set(p.topics)], updatedAt: now })
    .where(and(eq(mailingSubscriptions.id, id), eq(mailingSubscriptions.tokenVersion, row.tokenVersion)))
    .returning();
  return done ?? null;
}

/** Unsubscribes (the preferences page, the one-click POST, the mailto). `null`: no such subscription or a wrong token. */
export async function unsubscribe(db: Db, env: Env, id: string, token: string, now: Date): Promise<"unsubscribed" | "already" | null> {
  const row = await subscriptionByToken(db, env, id, token);
  if (!row) return null;
  if (row.status === "unsubscribed") return "already";
  await db
    .update(mailingSubscriptions)
    .set({ status: "unsubscribed", unsubscribedAt: now, updatedAt: now })
    .where(and(eq(mailingSubscriptions.id, id), eq(mailingSubscriptions.tokenVersion, row.tokenVersion)));
  return "unsubscribed";
}

// ---------- personal data ----------

/** Everything kept about one subscription: its details and its bounces (kind, source, time). */
export async function exportSubscription(db: Db, id: string) {
  const [row] = await db.select().from(mailingSubscriptions).where(eq(mailingSubscriptions.id, id));
  if (!row) return null;
  const bounces = await db
    .select({ kind: mailingBounces.kind, source: mailingBounces.source, at: mailingBounces.at })
    .from(mailingBounces)
    .where(eq(mailingBounces.subscriptionId, id))
    .orderBy(asc(mailingBounces.at));
  const { tokenVersion: _v, boardAskedBoardId: _a, boardConfirmedBoardId: _b, ...kept } = row;
  return { ...kept, orgName: await orgNameOf(db, row), bounces };
}

/** The id of the subscription of an address, or null. */
export async function subscriptionIdOf(db: Db, email: string) {
  const [row] = await db
    .select({ id: mailingSubscriptions.id })
    .from(mailingSubscriptions)
    .where(eq(mailingSubscriptions.email, email.trim().toLowerCase()));
  return row?.id ?? null;
}

/** Deletes subscriptions: their bounces and campaign deliveries go with them (foreign keys, cascade). */
export async function eraseSubscriptions(db: Db, where: SQL | undefined) {
  const gone = await db.delete(mailingSubscriptions).where(where).returning({ email: mailingSubscriptions.email });
  // The list's mails to these addresses go too (their headers hold the links' tokens), sent or still waiting.
  if (gone.length)
    await db.delete(outbox).where(
      and(
        inArray(
          outbox.to,
          gone.map((g) => g.email),
        ),
        sql`${outbox.template} like 'mailing%'`,
      ),
    );
  return gone.length;
}
export const eraseSubscription = (db: Db, id: string) => eraseSubscriptions(db, eq(mailingSubscriptions.id, id));

/**
 * Retention: pending subscriptions never confirmed within PENDING_DAYS, and unsubscribed ones
 * `unsubscribedDays` after unsubscribing, are deleted.
 */
export const PENDING_DAYS = 7;
export function purgeSubscriptions(db: Db, now: Date, unsubscribedMs: number) {
  const pendingBefore = new Date(now.getTime() - PENDING_DAYS * 86_400_000);
  const unsubscribedBefore = new Date(now.getTime() - unsubscribedMs);
  return eraseSubscriptions(
    db,
    or(
      and(eq(mailingSubscriptions.status, "pending"), lt(mailingSubscriptions.updatedAt, pendingBefore)),
      and(eq(mailingSubscriptions.status, "unsubscribed"), lt(mailingSubscriptions.unsubscribedAt, unsubscribedBefore)),
      // Suspended (bouncing, or a complaint): the same period after the last bounce.
      and(eq(mailingSubscriptions.status, "suspended"), lt(mailingSubscriptions.updatedAt, unsubscribedBefore)),
    ),
  );
}

// ---------- recipients (campaigns read these) ----------

function recipientsWhere(q: { topics: MailingTopic[]; orgIds: string[] | null }) {
  return and(
    eq(mailingSubscriptions.status, "confirmed"),
    arrayOverlaps(mailingSubscriptions.topics, q.topics),
    q.orgIds ? inArray(mailingSubscriptions.orgId, q.orgIds) : undefined,
  );
}

/** Confirmed, not suspended/unsubscribed, sharing ≥1 of topics; orgIds null = all. Keyset page ordered by id (afterId exclusive). */
export async function confirmedRecipients(
  db: Db,
  q: { topics: MailingTopic[]; orgIds: string[] | null; afterId?: string; limit: number },
): Promise<Recipient[]> {
  if (!q.topics.length || (q.orgIds && !q.orgIds.length)) return [];
  return db
    .select({
      id: mailingSubscriptions.id,
      email: mailingSubscriptions.email,
      lang: mailingSubscriptions.lang,
      tokenVersion: mailingSubscriptions.tokenVersion,
      orgName: sql<string | null>`coalesce(${organisations.name}, ${mailingSubscriptions.orgName})`,
    })
    .from(mailingSubscriptions)
    .leftJoin(organisations, eq(organisations.id, mailingSubscriptions.orgId))
    .where(and(recipientsWhere(q), q.afterId ? gt(mailingSubscriptions.id, q.afterId) : undefined))
    .orderBy(asc(mailingSubscriptions.id))
    .limit(q.limit);
}

/**
 * The subscriptions with these ids, whatever their status (a campaign's deliveries: the address,
 * language and link version to mail now, and whether they are still confirmed). Unknown ids are absent.
 */
export async function recipientsByIds(
  db: Db,
  ids: string[],
): Promise<
  (Pick<Recipient, "id" | "email" | "lang" | "tokenVersion"> & { status: string; topics: MailingTopic[]; orgId: string | null })[]
> {
  if (!ids.length) return [];
  return db
    .select({
      id: mailingSubscriptions.id,
      email: mailingSubscriptions.email,
      lang: mailingSubscriptions.lang,
      tokenVersion: mailingSubscriptions.tokenVersion,
      status: mailingSubscriptions.status,
      topics: mailingSubscriptions.topics,
      orgId: mailingSubscriptions.orgId,
    })
    .from(mailingSubscriptions)
    .where(inArray(mailingSubscriptions.id, ids));
}

export async function countRecipients(db: Db, q: { topics: MailingTopic[]; orgIds: string[] | null }): Promise<number> {
  if (!q.topics.length || (q.orgIds && !q.orgIds.length)) return 0;
  const [r] = await db.select({ n: count() }).from(mailingSubscriptions).where(recipientsWhere(q));
  return Number(r?.n ?? 0);
}

// ---------- bounces ----------

/** Hard bounces that suspend an address. */
export const HARD_BOUNCE_LIMIT = 2;

/**
 * A bounce or complaint for an address (the provider's webhook, or the office's action). Two hard
 * bounces suspend a confirmed address; a complaint (the person marked a mail as spam) suspends it
 * at once. Soft bounces are recorded only. An address not on the list is "unknown".
 */
export async function recordBounce(
  db: Db,
  q: { email: string; kind: BounceKind; source: BounceSource },
  now: Date,
): Promise<"recorded" | "suspended" | "unknown"> {
  const email = q.email.trim().toLowerCase();
  return db.transaction(async (tx) => {
    const hard = q.kind === "hard" ? 1 : 0;
    const [row] = await tx
      .update(mailingSubscriptions)
      .set({ hardBounces: sql`${mailingSubscriptions.hardBounces} + ${hard}`, lastBounceAt: now, updatedAt: now })
      .where(eq(mailingSubscriptions.email, email))
      .returning();
    if (!row) return "unknown";
    await tx.insert(mailingBounces).values({ subscriptionId: row.id, kind: q.kind, source: q.source, at: now });
    const suspend = row.status === "confirmed" && (q.kind === "complaint" || row.hardBounces >= HARD_BOUNCE_LIMIT);
    if (!suspend) return "recorded";
    await tx.update(mailingSubscriptions).set({ status: "suspended" }).where(eq(mailingSubscriptions.id, row.id));
    return "suspended";
  });
}

// ---------- the office ----------

export type SubscriberFilter = { status: SubscriptionStatus | "all"; topic: MailingTopic | "all"; org: string; page: number };
export const OFFICE_PAGE_SIZE = 50;

/** The office's list of subscribers, filtered, with counts per status. */
export async function listSubscribers(db: Db, f: SubscriberFilter) {
  const where = and(
    f.status === "all" ? undefined : eq(mailingSubscriptions.status, f.status),
    f.topic === "all" ? undefined : arrayOverlaps(mailingSubscriptions.topics, [f.topic]),
    f.org ? eq(mailingSubscriptions.orgId, f.org) : undefined,
  );
  const rows = await db
    .select({
      id: mailingSubscriptions.id,
      email: mailingSubscriptions.email,
      orgName: sql<string | null>`coalesce(${organisations.name}, ${mailingSubscriptions.orgName})`,
      lang: mailingSubscriptions.lang,
      topics: mailingSubscriptions.topics,
      status: mailingSubscriptions.status,
      hardBounces: mailingSubscriptions.hardBounces,
      lastBounceAt: mailingSubscriptions.lastBounceAt,
      confirmedAt: mailingSubscriptions.confirmedAt,
    })
    .from(mailingSubscriptions)
    .leftJoin(organisations, eq(organisations.id, mailingSubscriptions.orgId))
    .where(where)
    .orderBy(asc(mailingSubscriptions.email))
    .limit(OFFICE_PAGE_SIZE + 1)
    .offset((f.page - 1) * OFFICE_PAGE_SIZE);
  const counts = await db
    .select({ status: mailingSubscriptions.status, n: count() })
    .from(mailingSubscriptions)
    .groupBy(mailingSubscriptions.status);
  return {
    rows: rows.slice(0, OFFICE_PAGE_SIZE),
    more: rows.length > OFFICE_PAGE_SIZE,
    counts: Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])) as Partial<Record<SubscriptionStatus, number>>,
  };
}

/** The organisations that have subscriptions, for the office's filter. */
export function subscribedOrganisations(db: Db) {
  return db
    .selectDistinct({ id: organisations.id, name: organisations.name })
    .from(mailingSubscriptions)
    .innerJoin(organisations, eq(organisations.id, mailingSubscriptions.orgId))
    .orderBy(asc(organisations.name));
}

export async function subscriptionById(db: Db, id: string) {
  const [row] = await db.select().from(mailingSubscriptions).where(eq(mailingSubscriptions.id, id));
  return row ?? null;
}

// ---------- board hand-over ----------

/** The organisation's update addresses (confirmed or pending) its board `boardId` has not confirmed yet. */
export function unconfirmedForBoard(db: Db, orgId: string, boardId: string) {
  return db
    .select({ id: mailingSubscriptions.id, email: mailingSubscriptions.email, status: mailingSubscriptions.status })
    .from(mailingSubscriptions)
    .where(
      and(
        eq(mailingSubscriptions.orgId, orgId),
        inArray(mailingSubscriptions.status, ["confirmed", "pending"]),
        or(isNull(mailingSubscriptions.boardConfirmedBoardId), ne(mailingSubscriptions.boardConfirmedBoardId, boardId)),
      ),
    )
    .orderBy(asc(mailingSubscriptions.email));
}

/** The board keeps this address: recorded as confirmed by it. Null when it is not the organisation's. */
export async function confirmForBoard(db: Db, a: { orgId: string; boardId: string; subscriptionId: string }, now: Date) {
  const [row] = await db
    .update(mailingSubscriptions)
    .set({ boardConfirmedBoardId: a.boardId, boardConfirmedAt: now, updatedAt: now })
    .where(and(eq(mailingSubscriptions.id, a.subscriptionId), eq(mailingSubscriptions.orgId, a.orgId)))
    .returning({ id: mailingSubscriptions.id });
  return row ?? null;
}

/**
 * The board replaces an update address: the old one is unsubscribed, and the new one goes through
 * the double opt-in (its details copied from the old; confirmed by this board). An address on the
 * list already is refused (`FieldError`: it is someone's own subscription). Null when the old one is not the organisation's.
 */
export async function changeForBoard(
  db: Db,
  deps: MailDeps,
  a: { orgId: string; boardId: string; subscriptionId: string; email: string },
  now: Date,
) {
  const [old] = await db
    .select()
    .from(mailingSubscriptions)
    .where(and(eq(mailingSubscriptions.id, a.subscriptionId), eq(mailingSubscriptions.orgId, a.orgId)));
  if (!old) return null;
  const email = a.email.trim().toLowerCase();
  if (email === old.email) return confirmForBoard(db, a, now);
  return db.transaction(async (tx) => {
    await tx
      .update(mailingSubscriptions)
      .set({ status: "unsubscribed", unsubscribedAt: now, updatedAt: now })
      .where(eq(mailingSubscriptions.id, old.id));
    const input = { email, orgId: a.orgId, orgName: null, contactUrl: old.contactUrl, lang: old.lang, topics: old.topics };
    // An address confirmed on the list already belongs to someone's own subscription: the board can't take it over,
    // and the organisation keeps its old address (the transaction rolls back).
    if ((await subscribe(tx as unknown as Db, deps, input, now, { boardId: a.boardId })) === "already")
      throw new FieldError("email", "mailingAddressTaken");
    return { id: old.id };
  });
}

/**
 * The daily hand-over job: the current board of each organisation with a confirmed update address
 * it has not confirmed is mailed once (per board) to confirm or change it on the dashboard, in the
 * organisation's language. Returns the number of mails.
 */
export async function askBoards(db: Db, deps: MailDeps, now: Date) {
  const day = localDate(now, deps.env.TIME_ZONE);
  const rows = await db
    .select({
      id: mailingSubscriptions.id,
      orgId: mailingSubscriptions.orgId,
      confirmedBy: mailingSubscriptions.boardConfirmedBoardId,
      askedBoard: mailingSubscriptions.boardAskedBoardId,
    })
    .from(mailingSubscriptions)
    .where(and(eq(mailingSubscriptions.status, "confirmed"), isNotNull(mailingSubscriptions.orgId)));
  const orgIds = [...new Set(rows.map((r) => r.orgId!))];
  if (!orgIds.length) return 0;
  const members = await currentBoardMembers(db, orgIds, day);
  let mailed = 0;
  for (const orgId of orgIds) {
    const board = await currentBoardOf(db, orgId, day);
    if (!board) continue;
    const due = rows.filter((r) => r.orgId === orgId && r.confirmedBy !== board.id && r.askedBoard !== board.id);
    if (!due.length) continue;
    const org = await getOrganisation(db, orgId);
    if (!org) continue;
    await db.transaction(async (tx) => {
      await tx
        .update(mailingSubscriptions)
        .set({ boardAskedBoardId: board.id })
        .where(
          inArray(
            mailingSubscriptions.id,
            due.map((r) => r.id),
          ),
        );
      for (const m of members.get(orgId) ?? []) {
        await sendMail(tx as unknown as Db, deps, {
          to: m.email,
          lang: org.lang,
          template: "mailingList.board",
          render: boardMail,
          data: { link: `${deps.env.BASE_URL}${url(org.lang, "dashboard")}`, org: org.name },
        });
        mailed++;
      }
    });
  }
  return mailed;
}
