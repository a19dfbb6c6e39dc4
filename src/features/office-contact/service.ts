import { randomBytes, randomInt } from "node:crypto";
import { and, asc, count, desc, eq, exists, ilike, isNotNull, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import { FieldError, isUniqueViolation } from "../../core/errors.js";
import type { Lang, Localized } from "../../core/i18n/index.js";
import { type MailDeps, type MailTemplate, sendMail } from "../../core/mail/send.js";
import type { Db } from "../../db/index.js";
import type { Env } from "../../env.js";
import { users } from "../auth/schema.js";
import type { ContactInput, InboxQuery } from "./forms.js";
import { type ContactStatus, type EntryKind, officeCanned, officeConversations, officeEntries } from "./schema.js";

export type Conversation = typeof officeConversations.$inferSelect;
export type Entry = typeof officeEntries.$inferSelect & { authorName: string | null; authorEmail: string | null };
export type Canned = typeof officeCanned.$inferSelect;
export type StaffMember = { id: string; name: string | null; email: string };

// ---------- references, tokens, addresses ----------

/** No 0/O, 1/I/L or U: read aloud and typed back without mistakes. 31^6 ≈ 890 million per year. */
const REF_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
export const REFERENCE = /^C-\d{4}-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{6}$/;

export function newReference(now: Date) {
  let code = "";
  for (let i = 0; i < 6; i++) code += REF_ALPHABET[randomInt(REF_ALPHABET.length)];
  return `C-${now.getUTCFullYear()}-${code}`;
}

/** 128 random bits, lower-case hex: mail systems may lower-case an address's local part. */
export const newReplyToken = () => randomBytes(16).toString("hex");
const TOKEN = "[0-9a-f]{32}";

/** A Message-ID on the portal's own host: `<random@host>`. */
export function newMessageId(env: Env) {
  return `<${randomBytes(12).toString("hex")}.contact@${new URL(env.BASE_URL).hostname}>`;
}

/** Where the sender's replies go: the token's reply address, or the office's own when replies by mail are off. */
export const replyAddress = (env: Env, token: string) =>
  env.OFFICE_REPLY_ADDRESS ? env.OFFICE_REPLY_ADDRESS.replace("{token}", token) : env.OFFICE_EMAIL;

/** The token in a reply address (`reply+<token>@host`), or null; the part around it must match OFFICE_REPLY_ADDRESS. */
export function tokenFromAddress(env: Env, address: string): string | null {
  if (!env.OFFICE_REPLY_ADDRESS) return null;
  const [before, after] = env.OFFICE_REPLY_ADDRESS.split("{token}") as [string, string];
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const m = address.trim().match(new RegExp(`^${esc(before)}(${TOKEN})${esc(after)}$`, "i"));
  return m ? m[1]!.toLowerCase() : null;
}

// ---------- mails ----------

type ConfirmData = { reference: string };
const confirmMail: MailTemplate<ConfirmData> = (t, d) => ({
  subject: t.officeContact.mail.confirmSubject(d.reference),
  heading: t.officeContact.mail.confirmHeading,
  // The office's standard text only: never what was typed (anyone can type someone else's address).
  paragraphs: [t.officeContact.mail.confirmBody(d.reference)],
  after: [t.officeContact.mail.confirmReply, t.officeContact.mail.confirmIgnore],
});

type ReplyData = { reference: string; body: string; inbound: boolean };
const replyMail: MailTemplate<ReplyData> = (t, d) => ({
  subject: t.officeContact.mail.replySubject(d.reference),
  heading: t.officeContact.mail.replyHeading,
  paragraphs: d.body
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean),
  after: d.inbound ? [t.officeContact.mail.replyAfter] : [],
});

// ---------- the public form ----------

/**
 * Stores a message from the contact form and mails its confirmation (reference and the office's
 * standard text) to the given address, in one transaction. A reference taken already (1 in ~10⁸)
 * is drawn again.
 */
export async function submitContact(db: Db, deps: MailDeps, p: { input: ContactInput; lang: Lang; userId: string | null; now: Date }) {
  for (let attempt = 0; ; attempt++) {
    const reference = newReference(p.now);
    try {
      return await db.transaction(async (tx) => {
        const replyToken = newReplyToken();
        const rootMessageId = newMessageId(deps.env);
        const [conv] = await tx
          .insert(officeConversations)
          .values({
            reference,
            replyToken,
            rootMessageId,
            name: p.input.name,
            email: p.input.email,
            organisation: p.input.organisation,
            subject: p.input.subject,
            lang: p.lang,
            userId: p.userId,
            createdAt: p.now,
            lastActivityAt: p.now,
          })
          .returning();
        await tx.insert(officeEntries).values({ conversationId: conv!.id, kind: "incoming", body: p.input.message, createdAt: p.now });
        await sendMail(tx as unknown as Db, deps, {
          to: p.input.email,
          lang: p.lang,
          template: "officeContact.confirm",
          render: confirmMail,
          data: { reference },
          headers: { "Message-ID": rootMessageId, "Reply-To": replyAddress(deps.env, replyToken) },
        });
        return { id: conv!.id, reference };
      });
    } catch (err) {
      if (attempt < 3 && isUniqueViolation(err)) continue;
      throw err;
    }
  }
}

// ---------- the office ----------

/** Every office account, for the assignee list. */
export async function officeStaff(db: Db): Promise<StaffMember[]> {
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(isNotNull(users.staffRole))
    .orderBy(sql`coalesce(${users.name}, ${users.email})`);
}

const like = (q: string) => `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/** The inbox: filtered by status and assignee, searched in the conversation's fields and every message; newest activity first. */
export async function inbox(db: Db, q: InboxQuery & { perPage: number; viewerId: string }) {
  const where: SQL[] = [];
  if (q.status !== "all") where.push(eq(officeConversations.status, q.status));
  if (q.assignee === "none") where.push(isNull(officeConversations.assigneeId));
  else if (q.assignee === "me") where.push(eq(officeConversations.assigneeId, q.viewerId));
  else if (/^[0-9a-f-]{36}$/i.test(q.assignee)) where.push(eq(officeConversations.assigneeId, q.assignee.toLowerCase()));
  if (q.q) {
    const pattern = like(q.q);
    where.push(
      or(
        ilike(officeConversations.name, pattern),
        ilike(officeConversations.email, pattern),
        ilike(officeConversations.organisation, pattern),
        ilike(officeConversations.reference, pattern),
        exists(
          db
            .select({ one: sql`1` })
            .from(officeEntries)
            .where(and(eq(officeEntries.conversationId, officeConversations.id), ilike(officeEntries.body, pattern))),
        ),
      )!,
    );
  }
  const cond = where.length ? and(...where) : undefined;
  const [{ total }] = (await db.select({ total: count() }).from(officeConversations).where(cond)) as [{ total: number }];
  const rows = await db
    .select({ conv: officeConversations, assigneeName: users.name, assigneeEmail: users.email })
    .from(officeConversations)
    .leftJoin(users, eq(users.id, officeConversations.assigneeId))
    .where(cond)
    .orderBy(desc(officeConversations.lastActivityAt), desc(officeConversations.id))
    .limit(q.perPage)
    .offset((q.page - 1) * q.perPage);
  return { total, rows };
}

/** How many conversations wait for the office (status open). */
export async function openCount(db: Db) {
  const [row] = await db.select({ n: count() }).from(officeConversations).where(eq(officeConversations.status, "open"));
  return row?.n ?? 0;
}

/** A conversation with its thread (oldest first), or null. */
export async function conversationById(db: Db, id: string) {
  const [conv] = await db.select().from(officeConversations).where(eq(officeConversations.id, id));
  if (!conv) return null;
  const entries = await db
    .select({ entry: officeEntries, authorName: users.name, authorEmail: users.email })
    .from(officeEntries)
    .leftJoin(users, eq(users.id, officeEntries.authorId))
    .where(eq(officeEntries.conversationId, id))
    .orderBy(asc(officeEntries.seq));
  return { conv, entries: entries.map((e): Entry => ({ ...e.entry, authorName: e.authorName, authorEmail: e.authorEmail })) };
}

/**
 * The office's answer: mailed to the sender in their language, threaded under the confirmation
 * and whatever came since (In-Reply-To the latest mail in the thread, References all of them);
 * the conversation then waits for the sender. Returns the entry's id, or null for no conversation.
 */
export async function replyToConversation(db: Db, deps: MailDeps, p: { id: string; actorId: string; body: string; now: Date }) {
  return db.transaction(async (tx) => {
    const found = await conversationById(tx as unknown as Db, p.id);
    if (!found) return null;
    const { conv, entries } = found;
    const messageId = newMessageId(deps.env);
    const earlier = [conv.rootMessageId, ...entries.filter((e) => e.kind !== "note" && e.messageId).map((e) => e.messageId!)];
    const references = [...new Set(earlier)].slice(-20);
    const [entry] = await tx
      .insert(officeEntries)
      .values({ conversationId: conv.id, kind: "reply", authorId: p.actorId, body: p.body, messageId, createdAt: p.now })
      .returning({ id: officeEntries.id });
    await tx
      .update(officeConversations)
      .set({ status: "waiting", closedAt: null, lastActivityAt: p.now })
      .where(eq(officeConversations.id, conv.id));
    await sendMail(tx as unknown as Db, deps, {
      to: conv.email,
      lang: conv.lang,
      template: "officeContact.reply",
      render: replyMail,
      data: { reference: conv.reference, body: p.body, inbound: Boolean(deps.env.OFFICE_REPLY_ADDRESS) },
      headers: {
        "Message-ID": messageId,
        "In-Reply-To": references[references.length - 1]!,
        References: references.join(" "),
        "Reply-To": replyAddress(deps.env, conv.replyToken),
      },
    });
    return entry!.id;
  });
}

async function addEntry(
  db: Db,
  conversationId: string,
  kind: EntryKind,
  v: { authorId?: string | null; body: string; messageId?: string | null; now: Date },
) {
  const [entry] = await db
    .insert(officeEntries)
    .values({ conversationId, kind, authorId: v.authorId ?? null, body: v.body, messageId: v.messageId ?? null, createdAt: v.now })
    .returning({ id: officeEntries.id });
  return entry!.id;
}

/** An internal note: never mailed, never shown to the sender. Null for no conversation. */
export async function addNote(db: Db, p: { id: string; actorId: string; note: string; now: Date }) {
  return db.transaction(async (tx) => {
    const [conv] = await tx
      .select({ id: officeConversations.id })
      .from(officeConversations)
      .where(eq(officeConversations.id, p.id))
      .for("update");
    if (!conv) return null;
    return addEntry(tx as unknown as Db, conv.id, "note", { authorId: p.actorId, body: p.note, now: p.now });
  });
}

/** Status and assignee (an office account, or nobody). Closing starts the retention period. Null for no conversation. */
export async function manageConversation(db: Db, p: { id: string; status: ContactStatus; assigneeId: string | null; now: Date }) {
  if (p.assigneeId) {
    const [staff] = await db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, p.assigneeId), isNotNull(users.staffRole)));
    if (!staff) throw new FieldError("assignee", "invalidChoice");
  }
  return db.transaction(async (tx) => {
    const [conv] = await tx.select().from(officeConversations).where(eq(officeConversations.id, p.id)).for("update");
    if (!conv) return null;
    const closedAt = p.status === "closed" ? (conv.status === "closed" ? conv.closedAt : p.now) : null;
    await tx
      .update(officeConversations)
      .set({ status: p.status, assigneeId: p.assigneeId, closedAt })
      .where(eq(officeConversations.id, conv.id));
    return conv.id;
  });
}

// ---------- canned answers ----------

export const allCanned = (db: Db) => db.select().from(officeCanned).orderBy(sql`lower(${officeCanned.title}->>'nl')`, asc(officeCanned.id));

export async function cannedById(db: Db, id: string) {
  const [row] = await db.select().from(officeCanned).where(eq(officeCanned.id, id));
  return row ?? null;
}

export async function createCanned(db: Db, p: { actorId: string; input: { title: Localized; body: Localized }; now: Date }) {
  const [row] = await db
    .insert(officeCanned)
    .values({ ...p.input, updatedAt: p.now, updatedBy: p.actorId })
    .returning();
  return row!;
}

export async function updateCanned(db: Db, p: { id: string; actorId: string; input: { title: Localized; body: Localized }; now: Date }) {
  const [row] = await db
    .update(officeCanned)
    .set({ ...p.input, updatedAt: p.now, updatedBy: p.actorId })
    .where(eq(officeCanned.id, p.id))
    .returning({ id: officeCanned.id });
  return row?.id ?? null;
}

// ---------- replies by mail ----------

/**
 * The new part of a mailed reply: the quoted history goes (from the first "On … wrote:" / "Op …
 * schreef …:" line, an "-----Original Message-----" line, or the first block of "> " lines
 * onwards), as do trailing blank lines. When nothing is left, the whole text is kept.
 */
export function trimQuoted(text: string) {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const cut = lines.findIndex(
    (l, i) =>
      /^\s*-{2,}\s*(original message|oorspronkelijk bericht|origineel bericht)\s*-{2,}\s*$/i.test(l) ||
      /^\s*(on|op)\s.+(wrote|schreef)[^:]*:\s*$/i.test(l) ||
      (/^\s*(on|op)\s/i.test(l) && /(wrote|schreef)[^:]*:\s*$/i.test(`${l} ${lines[i + 1] ?? ""}`)) ||
      /^>/.test(l),
  );
  const kept = (cut < 0 ? lines : lines.slice(0, cut)).join("\n").trim();
  return kept || text.trim();
}

/**
 * A reply mailed by the sender, found by the token of the address it was sent to: appended to the
 * conversation, which is open again. Returns the conversation's id, or null when no conversation
 * has the token (or the message is empty). A message seen before (its Message-ID) is not added twice.
 */
export async function receiveReply(db: Db, p: { token: string; body: string; messageId: string | null; now: Date }) {
  const body = trimQuoted(p.body.replaceAll("\u0000", "")).slice(0, 20_000);
  if (!body) return null;
  return db.transaction(async (tx) => {
    const [conv] = await tx
      .select({ id: officeConversations.id })
      .from(officeConversations)
      .where(eq(officeConversations.replyToken, p.token))
      .for("update");
    if (!conv) return null;
    if (p.messageId) {
      const [seen] = await tx
        .select({ id: officeEntries.id })
        .from(officeEntries)
        .where(and(eq(officeEntries.conversationId, conv.id), eq(officeEntries.messageId, p.messageId)));
      if (seen) return conv.id;
    }
    await addEntry(tx as unknown as Db, conv.id, "incoming", { body, messageId: p.messageId, now: p.now });
    await tx
      .update(officeConversations)
      .set({ status: "open", closedAt: null, lastActivityAt: p.now })
      .where(eq(officeConversations.id, conv.id));
    return conv.id;
  });
}

// ---------- retention and personal data ----------

/** Deletes conversations (and their threads) closed more than `keepMs` ago. */
export async function purgeClosedConversations(db: Db, now: Date, keepMs: number) {
  const gone = await db
    .delete(officeConversations)
    .where(and(eq(officeConversations.status, "closed"), lt(officeConversations.closedAt, new Date(now.getTime() - keepMs))))
    .returning({ id: officeConversations.id });
  return gone.length;
}

/** A person's conversations: those sent from their account or with their address. */
export const conversationsOf = (who: { id: string; email: string }) =>
  or(eq(officeConversations.userId, who.id), eq(officeConversations.email, who.email.toLowerCase()));
