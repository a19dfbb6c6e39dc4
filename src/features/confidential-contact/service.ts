import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, inArray, isNotNull, lt, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { DAY, HOUR } from "../../core/clock.js";
import { AppError, FieldError, isUniqueViolation } from "../../core/errors.js";
import type { Lang } from "../../core/i18n/index.js";
import { type MailDeps, type MailTemplate, sendMail } from "../../core/mail/send.js";
import type { Db } from "../../db/index.js";
import type { Env } from "../../env.js";
import { url } from "../../routes.js";
import { audit, auditTrailOfEntity } from "../audit/service.js";
import { getOfficeAccount, listOfficeAccounts } from "../office-accounts/service.js";
import { getOrganisation } from "../organisations/service.js";
import { claimNotices, clearNotice, type NoticeOpts, takeDueNotices } from "../peer-listeners/notices.js";
import { type Listener, listenerOrganisations, listenersOf } from "../peer-listeners/service.js";
import { publicDirectory } from "../roadmap/service.js";
import { decrypt, decryptOrNull, encrypt, encryptOrNull, type KeyRing, keyIdOf, keyRing, newReceipt, receiptHash } from "./crypto.js";
import { type Author, type ConversationStatus, confidentialAdvisers, contactConversations, contactMessages } from "./schema.js";

/**
 * The confidential contact: a student writes to an organisation's peer listeners without an
 * account and comes back with a receipt; the organisation's current listeners (the team, whoever
 * the student first wrote to) read and answer in their inbox; with the student's consent they hand
 * a conversation to the office's confidential adviser. Board members and ordinary office staff
 * never read a conversation: they see counts per month (`monthlyCounts`).
 *
 * Bodies, the student's name and reply address and the referral note are encrypted (crypto.ts);
 * the receipt is kept only as a slow hash. Nothing here logs a body or contact detail.
 */

export { CONVERSATION_STATUSES, type ConversationStatus } from "./schema.js";

/** The longest message, in characters. */
export const MESSAGE_MAX = 5000;
type Conversation = typeof contactConversations.$inferSelect;
/** The audit entity of a listener's actions on a conversation (the actor by account; never content, names or receipts). */
const ENTITY = "contact_conversation";
type Deps = MailDeps & { env: Env };

/** When a conversation whose last message is at `at` is deleted. */
export const deleteAfter = (env: Env, at: Date) => new Date(at.getTime() + env.CONTACT_RETENTION_DAYS * DAY);

/** Who may be notified: listening now (paused listeners keep their inbox but get no mail). */
const listening = (l: Listener) => (l.profile?.status ?? "active") === "active";

/** What the student's form needs: the organisation, and the listeners to pick from (those listed and listening). */
export async function contactTarget(db: Db, orgId: string, now: Date) {
  const org = await getOrganisation(db, orgId);
  if (!org || org.status === "dissolved") return null;
  const team = await listenersOf(db, orgId, now);
  return {
    org: { id: org.id, name: org.name, lang: org.lang as Lang },
    hasListeners: team.length > 0,
    listeners: team
      .filter((l) => listening(l) && l.profile?.listed !== false && l.profile)
      .map((l) => ({ keyFigureId: l.keyFigureId, displayName: l.profile!.displayName })),
  };
}

// ---------- mail (never content or names) ----------

const newMessageMail: MailTemplate<{ link: string }> = (t, d) => ({
  subject: t.contact.mail.subject,
  heading: t.contact.mail.subject,
  paragraphs: [t.contact.mail.body],
  action: { label: t.contact.mail.button, url: d.link },
});

const replyMail: MailTemplate<{ link: string }> = (t, d) => ({
  subject: t.contact.mail.replySubject,
  heading: t.contact.mail.replySubject,
  paragraphs: [t.contact.mail.replyBody],
  action: { label: t.contact.mail.replyButton, url: d.link },
});

/**
 * A listener (or adviser) is mailed about a conversation at most once per this period: a student
 * who writes five messages in a row causes one mail; and a listener at most once per period over
 * all conversations (ten new ones in an hour: one mail). A hand-over and the first student message
 * after the listener's answer mail at once.
 */
export const NOTIFY_EVERY = HOUR;

/** Whether a new message on the conversation should mail now (and then `notifiedAt` is set to now). */
const notifyDue = (conv: Pick<Conversation, "notifiedAt">, now: Date) =>
  !conv.notifiedAt || now.getTime() - conv.notifiedAt.getTime() >= NOTIFY_EVERY;

async function markNotified(db: Db, convId: string, now: Date) {
  await db.update(contactConversations).set({ notifiedAt: now }).where(eq(contactConversations.id, convId));
}

/** The mail to one listener of the organisation (in its language), linking their inbox. */
const mailListener = (db: Db, deps: Deps, l: Listener, orgId: string, lang: Lang) =>
  sendMail(db, deps, {
    to: l.email,
    lang,
    template: "contact.new",
    render: newMessageMail,
    data: { link: `${deps.env.BASE_URL}${url(lang, "listenerInbox", { orgId })}` },
  });

/**
 * "You have new messages in Vangnet": to the chosen listener if listening, otherwise to the team's
 * listening listeners; each of them at most once per NOTIFY_EVERY, however many conversations come
 * in (claimNotices; a held-back notice goes out with `sendDueNotices` once the hour is over).
 */
async function notifyListeners(db: Db, deps: Deps, conv: Conversation, now: Date, opts: NoticeOpts = {}) {
  const org = await getOrganisation(db, conv.organisationId);
  const team = (await listenersOf(db, conv.organisationId, now)).filter(listening);
  const chosen = team.find((l) => l.keyFigureId === conv.listenerKeyFigureId);
  const to = chosen ? [chosen] : team;
  const claimed = new Set(
    await claimNotices(
      db,
      conv.organisationId,
      to.map((l) => l.keyFigureId),
      now,
      NOTIFY_EVERY,
      opts,
    ),
  );
  for (const l of to) if (claimed.has(l.keyFigureId)) await mailListener(db, deps, l, conv.organisationId, (org?.lang ?? "nl") as Lang);
  await markNotified(db, conv.id, now);
}

/** The hour of listeners whose notice was held back is over: they get it now (if still listening). The `contact.notices` job. */
export async function sendDueNotices(db: Db, deps: Deps, now: Date) {
  return db.transaction(async (tx) => {
    const due = await takeDueNotices(tx, now, NOTIFY_EVERY);
    let sent = 0;
    for (const orgId of new Set(due.map((d) => d.orgId))) {
      const org = await getOrganisation(tx, orgId);
      const ids = new Set(due.filter((d) => d.orgId === orgId).map((d) => d.keyFigureId));
      for (const l of (await listenersOf(tx, orgId, now)).filter((l) => listening(l) && ids.has(l.keyFigureId))) {
        await mailListener(tx, deps, l, orgId, (org?.lang ?? "nl") as Lang);
        sent++;
      }
    }
    return sent;
  });
}

/** The same notice to every confidential adviser, each in their account's language. */
async function notifyAdvisers(db: Db, deps: Deps, conv: Conversation, now: Date) {
  for (const a of await advisers(db))
    await sendMail(db, deps, {
      to: a.email,
      lang: a.lang,
      template: "contact.adviser",
      render: newMessageMail,
      data: { link: `${deps.env.BASE_URL}${url(a.lang, "adviserInbox")}` },
    });
  await markNotified(db, conv.id, now);
}

// ---------- the student ----------

export type NewConversation = {
  orgId: string;
  listener: string | null;
  lang: Lang;
  message: string;
  name: string | null;
  email: string | null;
  consent: boolean;
};

/**
 * Starts a conversation: its first message, the receipt (returned once, stored as a hash) and the
 * deletion date. Refused when the organisation has no listener left, or the chosen one is not
 * listening any more.
 */
export async function startConversation(db: Db, deps: Deps, input: NewConversation, now: Date, opts: NoticeOpts = {}) {
  const target = await contactTarget(db, input.orgId, now);
  if (!target) return null;
  if (!target.hasListeners) throw new FieldError("message", "contactNoListeners");
  if (input.listener && !target.listeners.some((l) => l.keyFigureId === input.listener)) throw new FieldError("listener", "invalidChoice");
  const ring = keyRing(deps.env);
  for (let attempt = 0; ; attempt++) {
    const receipt = newReceipt();
    const hash = await receiptHash(deps.env, receipt);
    const id = randomUUID();
    try {
      const until = deleteAfter(deps.env, now);
      await db.transaction(async (tx) => {
        const [conv] = await tx
          .insert(contactConversations)
          .values({
            id,
            organisationId: input.orgId,
            listenerKeyFigureId: input.listener,
            lang: input.lang,
            receiptHash: hash,
            handoverConsent: input.consent,
            contactName: encryptOrNull(ring, input.name, id),
            replyEmail: encryptOrNull(ring, input.email, id),
            createdAt: now,
            lastMessageAt: now,
            deleteAfter: until,
          })
          .returning();
        await tx
          .insert(contactMessages)
          .values({ conversationId: id, author: "student", body: encrypt(ring, input.message, id), createdAt: now });
        await notifyListeners(tx, deps, conv!, now, opts);
      });
      return { receipt, deleteAfter: until };
    } catch (err) {
      // Two receipts alike (one in 10^16): draw another.
      if (isUniqueViolation(err) && attempt < 3) continue;
      throw err;
    }
  }
}

/** The conversation a receipt's hash (`receiptHash`) opens, or null (an unknown receipt and a wrong one look the same). */
export async function conversationForReceipt(db: Db, hash: string) {
  const [conv] = await db.select().from(contactConversations).where(eq(contactConversations.receiptHash, hash));
  return conv ?? null;
}

export type ShownMessage = { id: string; author: Author; body: string; createdAt: Date; authorKeyFigureId: string | null };

async function messagesOf(db: Db, ring: KeyRing, convId: string): Promise<ShownMessage[]> {
  const rows = await db
    .select()
    .from(contactMessages)
    .where(eq(contactMessages.conversationId, convId))
    .orderBy(asc(contactMessages.createdAt), asc(contactMessages.id));
  return rows.map((m) => ({
    id: m.id,
    author: m.author,
    body: decrypt(ring, m.body, convId),
    createdAt: m.createdAt,
    authorKeyFigureId: m.authorKeyFigureId,
  }));
}

async function referralOf(db: Db, ring: KeyRing, conv: Conversation) {
  const note = decryptOrNull(ring, conv.referralNote, conv.id);
  const resource = conv.referralResourceId
    ? ((await publicDirectory(db)).resources.find((r) => r.id === conv.referralResourceId) ?? null)
    : null;
  return resource || note ? { resource: resource && { slug: resource.slug, name: resource.name }, note } : null;
}

/** What the student reads after entering the receipt. */
export async function studentConversation(db: Db, deps: Deps, conv: Conversation, now: Date) {
  const ring = keyRing(deps.env);
  const target = await contactTarget(db, conv.organisationId, now);
  return {
    id: conv.id,
    orgName: target?.org.name ?? "",
    hasListeners: Boolean(target?.hasListeners),
    status: conv.status,
    blocked: conv.blocked,
    consent: conv.handoverConsent,
    deleteAfter: conv.deleteAfter,
    messages: await messagesOf(db, ring, conv.id),
    referral: await referralOf(db, ring, conv),
  };
}

async function addMessage(
  db: Db,
  deps: Deps,
  conv: Conversation,
  m: { author: Author; keyFigureId?: string | null; body: string },
  now: Date,
) {
  const ring = keyRing(deps.env);
  await db.insert(contactMessages).values({
    conversationId: conv.id,
    author: m.author,
    authorKeyFigureId: m.keyFigureId ?? null,
    body: encrypt(ring, m.body, conv.id),
    createdAt: now,
  });
  const reopen = m.author === "student" && conv.status === "closed" ? { status: "open" as const } : {};
  // An answer means the team has read the conversation: the student's next message mails at once.
  const answered = m.author === "student" ? {} : { notifiedAt: null };
  await db
    .update(contactConversations)
    .set({ lastMessageAt: now, deleteAfter: deleteAfter(deps.env, now), ...reopen, ...answered })
    .where(eq(contactConversations.id, conv.id));
}

/**
 * The student writes again. Refused when the listeners blocked the receipt or none is left; a
 * closed conversation opens again. The listeners (or, once handed over, the advisers) get the
 * contentless notice.
 */
export async function studentWrites(db: Db, deps: Deps, conv: Conversation, body: string, now: Date, opts: NoticeOpts = {}) {
  if (conv.blocked) throw new FieldError("message", "contactBlocked");
  const target = await contactTarget(db, conv.organisationId, now);
  if (!target?.hasListeners) throw new FieldError("message", "contactNoListeners");
  await db.transaction(async (tx) => {
    await addMessage(tx, deps, conv, { author: "student", body }, now);
    if (!notifyDue(conv, now)) return;
    if (conv.status === "handed_over") await notifyAdvisers(tx, deps, conv, now);
    else await notifyListeners(tx, deps, conv, now, opts);
  });
}

/** The student gives (or takes back) consent to hand the conversation to the office's confidential adviser. */
export async function setConsent(db: Db, conv: Conversation, consent: boolean) {
  // Once handed over, the consent stays (the check constraint too): the adviser has read it.
  if (conv.status === "handed_over") return;
  await db.update(contactConversations).set({ handoverConsent: consent }).where(eq(contactConversations.id, conv.id));
}

// ---------- the listeners ----------

/** The user's key-figure id as a current listener of the organisation, or null (then the inbox does not exist for them). */
export async function listenerSeat(db: Db, userId: string, orgId: string) {
  const seat = (await listenerOrganisations(db, userId)).find((r) => r.orgId === orgId);
  return seat ? { keyFigureId: seat.id, orgName: seat.orgName } : null;
}

/** The team's names (key-figure id → the profile's display name, or the name), to show who answered. */
export async function listenerNames(db: Db, orgId: string, now: Date) {
  return new Map((await listenersOf(db, orgId, now)).map((l) => [l.keyFigureId, l.profile?.displayName ?? l.name ?? ""]));
}

/** The organisations where the user is a listener, with their open conversations waiting for an answer (the dashboard). */
export async function listenerInboxes(db: Db, userId: string) {
  const seats = await listenerOrganisations(db, userId);
  if (!seats.length) return [];
  const waiting = await db
    .select({ orgId: contactConversations.organisationId, n: sql<number>`count(*)::int` })
    .from(contactConversations)
    .where(
      and(
        inArray(
          contactConversations.organisationId,
          seats.map((s) => s.orgId),
        ),
        eq(contactConversations.status, "open"),
      ),
    )
    .groupBy(contactConversations.organisationId);
  const byOrg = new Map(waiting.map((w) => [w.orgId, w.n]));
  return seats.map((s) => ({ orgId: s.orgId, orgName: s.orgName, open: byOrg.get(s.orgId) ?? 0 }));
}

/** The first words of a message, for the inbox list. */
const firstWords = (text: string, max = 80) => {
  const one = text.replace(/\s+/g, " ").trim();
  return one.length <= max ? one : `${one.slice(0, max).replace(/\s\S*$/, "")}…`;
};

/** The organisation's conversations for its listeners: date, status, to whom, the first words; newest first. */
export async function inbox(db: Db, env: Env, orgId: string, me: string) {
  const ring = keyRing(env);
  const convs = await db
    .select()
    .from(contactConversations)
    .where(eq(contactConversations.organisationId, orgId))
    .orderBy(desc(contactConversations.lastMessageAt));
  return Promise.all(convs.map((c) => summary(db, ring, c, me)));
}

async function summary(db: Db, ring: KeyRing, c: Conversation, me: string | null) {
  const [first] = await db
    .select({ body: contactMessages.body })
    .from(contactMessages)
    .where(eq(contactMessages.conversationId, c.id))
    .orderBy(asc(contactMessages.createdAt))
    .limit(1);
  const [last] = await db
    .select({ author: contactMessages.author })
    .from(contactMessages)
    .where(eq(contactMessages.conversationId, c.id))
    .orderBy(desc(contactMessages.createdAt))
    .limit(1);
  return {
    id: c.id,
    orgId: c.organisationId,
    status: c.status,
    blocked: c.blocked,
    toMe: c.listenerKeyFigureId !== null && c.listenerKeyFigureId === me,
    lastMessageAt: c.lastMessageAt,
    waiting: last?.author === "student",
    firstWords: first ? firstWords(decrypt(ring, first.body, c.id)) : "",
  };
}

async function conversationOf(db: Db, orgId: string, id: string) {
  const [conv] = await db
    .select()
    .from(contactConversations)
    .where(and(eq(contactConversations.id, id), eq(contactConversations.organisationId, orgId)));
  return conv ?? null;
}

/** Everything a listener of the organisation reads of one conversation (decrypted), or null. */
export async function conversationForListener(db: Db, env: Env, orgId: string, id: string) {
  const conv = await conversationOf(db, orgId, id);
  return conv ? fullConversation(db, env, conv) : null;
}

async function fullConversation(db: Db, env: Env, conv: Conversation) {
  const ring = keyRing(env);
  return {
    id: conv.id,
    orgId: conv.organisationId,
    lang: conv.lang,
    status: conv.status,
    blocked: conv.blocked,
    consent: conv.handoverConsent,
    handedOverAt: conv.handedOverAt,
    deleteAfter: conv.deleteAfter,
    name: decryptOrNull(ring, conv.contactName, conv.id),
    hasReplyEmail: conv.replyEmail !== null,
    referral: await referralOf(db, ring, conv),
    referralResourceId: conv.referralResourceId,
    referralNote: decryptOrNull(ring, conv.referralNote, conv.id),
    messages: await messagesOf(db, ring, conv.id),
  };
}
export type FullConversation = Awaited<ReturnType<typeof fullConversation>>;

/** Mails the student, when they left an address, that there is a reply (never what it says). */
async function tellStudent(db: Db, deps: Deps, conv: Conversation) {
  const to = decryptOrNull(keyRing(deps.env), conv.replyEmail, conv.id);
  if (!to) return;
  await sendMail(db, deps, {
    to,
    lang: conv.lang,
    template: "contact.reply",
    render: replyMail,
    data: { link: `${deps.env.BASE_URL}${url(conv.lang, "contactReturn")}` },
  });
}

/** A listener answers; returns the conversation's id, or null when it is not the organisation's. */
export async function listenerReply(db: Db, deps: Deps, a: { orgId: string; id: string; keyFigureId: string; body: string }, now: Date) {
  const conv = await conversationOf(db, a.orgId, a.id);
  if (!conv) return null;
  await db.transaction(async (tx) => {
    await addMessage(tx, deps, conv, { author: "listener", keyFigureId: a.keyFigureId, body: a.body }, now);
    await clearNotice(tx, a.keyFigureId);
    await tellStudent(tx, deps, conv);
  });
  return conv.id;
}

export const STATUS_ACTIONS = ["close", "reopen", "block", "unblock"] as const;
export type StatusAction = (typeof STATUS_ACTIONS)[number];

/** Close or reopen a conversation, block or unblock its receipt (audited when it changes anything); null when it is not the organisation's. */
export async function changeConversation(db: Db, a: { orgId: string; id: string; action: StatusAction; actorId: string }) {
  const conv = await conversationOf(db, a.orgId, a.id);
  if (!conv) return null;
  const set: Partial<Conversation> =
    a.action === "block"
      ? { blocked: true }
      : a.action === "unblock"
        ? { blocked: false }
        : conv.status === "handed_over"
          ? {}
          : { status: (a.action === "close" ? "closed" : "open") as ConversationStatus };
  const changes = Object.entries(set).some(([k, v]) => conv[k as keyof Conversation] !== v);
  if (!changes) return conv.id;
  await db.transaction(async (tx) => {
    await tx.update(contactConversations).set(set).where(eq(contactConversations.id, conv.id));
    await audit(tx, { actorId: a.actorId, organisationId: a.orgId, entity: ENTITY, entityId: conv.id, action: `contact.${a.action}` });
  });
  return conv.id;
}

/** The roadmap's places a listener can refer to (id and name), as the public roadmap lists them. */
export async function referralChoices(db: Db) {
  return (await publicDirectory(db)).resources.map((r) => ({ id: r.id, name: r.name }));
}

/** Notes the referral (a roadmap place and/or a note, encrypted); null when the conversation is not the organisation's. */
export async function setReferral(
  db: Db,
  env: Env,
  a: { orgId: string; id: string; resourceId: string | null; note: string | null; actorId: string },
) {
  const conv = await conversationOf(db, a.orgId, a.id);
  if (!conv) return null;
  if (a.resourceId && !(await referralChoices(db)).some((r) => r.id === a.resourceId)) throw new FieldError("resource", "invalidChoice");
  await db.transaction(async (tx) => {
    await tx
      .update(contactConversations)
      .set({ referralResourceId: a.resourceId, referralNote: encryptOrNull(keyRing(env), a.note, conv.id) })
      .where(eq(contactConversations.id, conv.id));
    // Whether there is a place and a note, never the note's text.
    await audit(tx, {
      actorId: a.actorId,
      organisationId: a.orgId,
      entity: ENTITY,
      entityId: conv.id,
      action: "contact.referral",
      changes: { place: { to: a.resourceId !== null }, note: { to: a.note !== null } },
    });
  });
  return conv.id;
}

/** Handing over needs the student's consent (they tick it themselves); 409 without it. */
export class NoConsent extends AppError {
  constructor() {
    super(409, "no_consent");
  }
}

/** Hands the conversation to the office's confidential adviser(s), who are told there is a new message. */
export async function handOver(db: Db, deps: Deps, a: { orgId: string; id: string; actorId: string }, now: Date) {
  const conv = await conversationOf(db, a.orgId, a.id);
  if (!conv) return null;
  if (conv.status === "handed_over") return conv.id;
  if (!conv.handoverConsent) throw new NoConsent();
  await db.transaction(async (tx) => {
    await tx
      .update(contactConversations)
      .set({ status: "handed_over", handedOverAt: now })
      .where(and(eq(contactConversations.id, conv.id), eq(contactConversations.handoverConsent, true)));
    await audit(tx, {
      actorId: a.actorId,
      organisationId: a.orgId,
      entity: ENTITY,
      entityId: conv.id,
      action: "contact.handover",
    });
    await notifyAdvisers(tx, deps, conv, now);
  });
  return conv.id;
}

// ---------- the office's confidential adviser ----------

/** Office accounts named confidential adviser (still office accounts), by name. */
export async function advisers(db: Db) {
  const named = new Set((await db.select({ id: confidentialAdvisers.userId }).from(confidentialAdvisers)).map((r) => r.id));
  return (await listOfficeAccounts(db)).filter((a) => named.has(a.id));
}

/** Whether the user is a confidential adviser now (named, and still an office account). */
export async function isAdviser(db: Db, userId: string) {
  const [row] = await db.select().from(confidentialAdvisers).where(eq(confidentialAdvisers.userId, userId));
  return Boolean(row && (await getOfficeAccount(db, userId)));
}

/** The office accounts an administrator can name, with whether each is one. */
export async function adviserChoices(db: Db) {
  const named = new Set((await db.select({ id: confidentialAdvisers.userId }).from(confidentialAdvisers)).map((r) => r.id));
  return (await listOfficeAccounts(db)).map((a) => ({ ...a, adviser: named.has(a.id) }));
}

/** The audit entity of naming and removing advisers (entity id and subject: the adviser's account). */
export const ADVISER_ENTITY = "confidential_adviser";

export async function addAdviser(db: Db, a: { userId: string; actorId: string }) {
  if (!(await getOfficeAccount(db, a.userId))) throw new FieldError("account", "invalidChoice");
  await db.transaction(async (tx) => {
    const added = await tx.insert(confidentialAdvisers).values({ userId: a.userId, addedBy: a.actorId }).onConflictDoNothing().returning();
    if (added.length)
      await audit(tx, {
        actorId: a.actorId,
        subjectId: a.userId,
        entity: ADVISER_ENTITY,
        entityId: a.userId,
        action: "contact.adviser.add",
      });
  });
}

export async function removeAdviser(db: Db, a: { userId: string; actorId: string }) {
  return db.transaction(async (tx) => {
    const gone = await tx.delete(confidentialAdvisers).where(eq(confidentialAdvisers.userId, a.userId)).returning();
    if (!gone.length) return null;
    await audit(tx, {
      actorId: a.actorId,
      subjectId: a.userId,
      entity: ADVISER_ENTITY,
      entityId: a.userId,
      action: "contact.adviser.remove",
    });
    return a.userId;
  });
}

/** The history of naming and removing advisers, newest first (for the advisers' page). */
export function adviserHistory(db: Db) {
  return auditTrailOfEntity(db, ADVISER_ENTITY, { limit: 50 });
}

/** The handed-over conversations, newest first (the adviser's inbox). */
export async function adviserInbox(db: Db, env: Env) {
  const ring = keyRing(env);
  const convs = await db
    .select()
    .from(contactConversations)
    .where(eq(contactConversations.status, "handed_over"))
    .orderBy(desc(contactConversations.lastMessageAt));
  return Promise.all(convs.map((c) => summary(db, ring, c, null)));
}

/** One handed-over conversation, decrypted; null for any other. */
export async function conversationForAdviser(db: Db, env: Env, id: string) {
  const [conv] = await db
    .select()
    .from(contactConversations)
    .where(and(eq(contactConversations.id, id), eq(contactConversations.status, "handed_over")));
  return conv ? fullConversation(db, env, conv) : null;
}

export async function adviserReply(db: Db, deps: Deps, a: { id: string; body: string }, now: Date) {
  const [conv] = await db
    .select()
    .from(contactConversations)
    .where(and(eq(contactConversations.id, a.id), eq(contactConversations.status, "handed_over")));
  if (!conv) return null;
  await db.transaction(async (tx) => {
    await addMessage(tx, deps, conv, { author: "adviser", body: a.body }, now);
    await tellStudent(tx, deps, conv);
  });
  return conv.id;
}

// ---------- counts, retention, keys ----------

/**
 * Per month: conversations started, messages written, conversations handed over (of the
 * conversations still kept). Nothing else, for the office (every organisation) and a board (`orgId`).
 */
export async function monthlyCounts(db: Db, timeZone: string, orgId?: string) {
  const month = (col: AnyPgColumn) => sql<string>`to_char(${col} at time zone ${timeZone}, 'YYYY-MM')`;
  const ofOrg = orgId ? eq(contactConversations.organisationId, orgId) : undefined;
  const started = await db
    .select({ month: month(contactConversations.createdAt), n: sql<number>`count(*)::int` })
    .from(contactConversations)
    .where(ofOrg)
    .groupBy(sql`1`);
  const messages = await db
    .select({ month: month(contactMessages.createdAt), n: sql<number>`count(*)::int` })
    .from(contactMessages)
    .innerJoin(contactConversations, eq(contactConversations.id, contactMessages.conversationId))
    .where(ofOrg)
    .groupBy(sql`1`);
  const handed = await db
    .select({ month: month(contactConversations.handedOverAt), n: sql<number>`count(*)::int` })
    .from(contactConversations)
    .where(and(isNotNull(contactConversations.handedOverAt), ofOrg))
    .groupBy(sql`1`);
  const months = new Map<string, { month: string; conversations: number; messages: number; handedOver: number }>();
  const row = (m: string) => {
    if (!months.has(m)) months.set(m, { month: m, conversations: 0, messages: 0, handedOver: 0 });
    return months.get(m)!;
  };
  for (const r of started) row(r.month).conversations = r.n;
  for (const r of messages) row(r.month).messages = r.n;
  for (const r of handed) if (r.month) row(r.month).handedOver = r.n;
  return [...months.values()].sort((a, b) => b.month.localeCompare(a.month));
}

/** Retention: deletes conversations (and their messages) whose deletion date has passed. */
export async function purgeExpiredConversations(db: Db, now: Date) {
  const gone = await db
    .delete(contactConversations)
    .where(lt(contactConversations.deleteAfter, now))
    .returning({ id: contactConversations.id });
  return gone.length;
}

/**
 * Re-encrypts every value not written with the current key (CONTACT_KEY_ID), conversation by
 * conversation, each in its own transaction; returns how many values changed. Afterwards the old
 * keys can leave CONTACT_KEYS.
 */
export async function rekeyAll(db: Db, env: Env) {
  const ring = keyRing(env);
  const again = (v: string, aad: string) => (keyIdOf(v) === ring.current ? v : encrypt(ring, decrypt(ring, v, aad), aad));
  let changed = 0;
  const ids = await db.select({ id: contactConversations.id }).from(contactConversations);
  for (const { id } of ids) {
    await db.transaction(async (tx) => {
      const [c] = await tx.select().from(contactConversations).where(eq(contactConversations.id, id)).for("update");
      if (!c) return;
      const fields = { contactName: c.contactName, replyEmail: c.replyEmail, referralNote: c.referralNote };
      const set: Record<string, string> = {};
      for (const [k, v] of Object.entries(fields)) if (v !== null && keyIdOf(v) !== ring.current) set[k] = again(v, id);
      if (Object.keys(set).length) {
        await tx.update(contactConversations).set(set).where(eq(contactConversations.id, id));
        changed += Object.keys(set).length;
      }
      for (const m of await tx.select().from(contactMessages).where(eq(contactMessages.conversationId, id))) {
        if (keyIdOf(m.body) === ring.current) continue;
        await tx
          .update(contactMessages)
          .set({ body: again(m.body, id) })
          .where(eq(contactMessages.id, m.id));
        changed++;
      }
    });
  }
  return changed;
}
