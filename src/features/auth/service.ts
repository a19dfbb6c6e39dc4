import { and, eq, gt, isNull, lt, or, sql } from "drizzle-orm";
import { MINUTE } from "../../core/clock.js";
import { randomToken, sha256 } from "../../core/crypto.js";
import type { SessionUser } from "../../core/http/context.js";
import type { Lang } from "../../core/i18n/index.js";
import { type MailDeps, type MailTemplate, sendMail } from "../../core/mail/send.js";
import type { Db } from "../../db/index.js";
import type { Env } from "../../env.js";
import { url } from "../../routes.js";
import { loginTokens, sessions, users } from "./schema.js";

export const TOKEN_TTL_MS = 15 * MINUTE;

const signInMail: MailTemplate<{ link: string }> = (t, d) => ({
  subject: t.auth.mailSubject,
  heading: t.auth.mailHeading,
  paragraphs: [t.auth.mailBody],
  action: { label: t.auth.mailButton, url: d.link },
  after: [t.auth.mailIgnore],
});

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** Only local paths survive as a redirect target. */
export const safeNext = (next: string | undefined | null) =>
  next && /^\/(nl|en)(\/[\w\-./%]*)?(\?[\w\-=&%.]*)?$/.test(next) && !next.startsWith("//") ? next : null;

/**
 * Mails a single-use sign-in link to any well-formed address. Unknown addresses get an account
 * when they first use the link, so the answer never tells whether an address is known.
 */
export async function requestSignIn(db: Db, deps: MailDeps, input: { email: string; lang: Lang; next?: string | null; now: Date }) {
  const token = randomToken();
  const email = normaliseEmail(input.email);
  await db.transaction(async (tx) => {
    await tx.insert(loginTokens).values({
      tokenHash: sha256(token),
      email,
      next: safeNext(input.next),
      expiresAt: new Date(input.now.getTime() + TOKEN_TTL_MS),
    });
    const [known] = await tx.select({ lang: users.lang }).from(users).where(eq(users.email, email));
    const lang = known?.lang ?? input.lang;
    const link = `${deps.env.BASE_URL}${url(lang, "signInLink")}?token=${token}`;
    await sendMail(tx, deps, { to: email, lang, template: "auth.sign-in", render: signInMail, data: { link } });
  });
}

/** True when the token exists, is unused and unexpired; does not use it (the GET shows a button). */
export async function tokenIsUsable(db: Db, token: string, now: Date) {
  const [row] = await db
    .select({ id: loginTokens.id })
    .from(loginTokens)
    .where(and(eq(loginTokens.tokenHash, sha256(token)), isNull(loginTokens.usedAt), gt(loginTokens.expiresAt, now)));
  return Boolean(row);
}

/**
 * Uses a token exactly once (one atomic UPDATE, so two concurrent POSTs cannot both win), creates
 * the account on first sign-in and opens a new session. Returns null for an unusable token.
 */
export async function signInWithToken(db: Db, token: string, input: { now: Date; lang: Lang }) {
  return db.transaction(async (tx) => {
    const [used] = await tx
      .update(loginTokens)
      .set({ usedAt: input.now })
      .where(and(eq(loginTokens.tokenHash, sha256(token)), isNull(loginTokens.usedAt), gt(loginTokens.expiresAt, input.now)))
      .returning({ email: loginTokens.email, next: loginTokens.next });
    if (!used) return null;
    const [user] = await tx
      .insert(users)
      .values({ email: used.email, lang: input.lang, lastSignInAt: input.now })
      .onConflictDoUpdate({ target: users.email, set: { lastSignInAt: input.now } })
      .returning();
    const sessionToken = await createSession(tx, user!.id, input.now);
    return { sessionToken, user: user!, next: used.next };
  });
}

export async function createSession(db: Db, userId: string, now: Date) {
  const sessionToken = randomToken();
  await db.insert(sessions).values({ idHash: sha256(sessionToken), userId, createdAt: now, lastSeenAt: now });
  return sessionToken;
}

/** The signed-in user for a session cookie, or null when it is unknown, ended or idle too long. */
export async function loadSession(
  db: Db,
  env: Env,
  sessionToken: string,
  now: Date,
): Promise<{ user: SessionUser; idHash: string } | null> {
  const idHash = sha256(sessionToken);
  const [row] = await db
    .select({
      lastSeenAt: sessions.lastSeenAt,
      id: users.id,
      email: users.email,
      name: users.name,
      lang: users.lang,
      staffRole: users.staffRole,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.idHash, idHash), isNull(sessions.endedAt)));
  if (!row) return null;
  const idleMs = (row.staffRole ? env.SESSION_IDLE_STAFF_MINUTES : env.SESSION_IDLE_BOARD_MINUTES) * MINUTE;
  if (now.getTime() - row.lastSeenAt.getTime() > idleMs) {
    await db.update(sessions).set({ endedAt: now }).where(eq(sessions.idHash, idHash));
    return null;
  }
  // Touch at most once a minute, so a page view does not always write.
  if (now.getTime() - row.lastSeenAt.getTime() > MINUTE) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, idHash));
  }
  const { lastSeenAt: _, ...user } = row;
  return { user, idHash };
}

export async function endSession(db: Db, idHash: string, now: Date) {
  await db.update(sessions).set({ endedAt: now }).where(eq(sessions.idHash, idHash));
}

/** Housekeeping job: drops used or expired tokens and ended or long-idle sessions. */
export async function cleanupAuth(db: Db, now: Date) {
  const dayAgo = new Date(now.getTime() - 24 * 60 * MINUTE);
  await db.delete(loginTokens).where(or(lt(loginTokens.expiresAt, now), sql`${loginTokens.usedAt} is not null`));
  await db
    .delete(sessions)
    .where(or(lt(sessions.endedAt, dayAgo), lt(sessions.lastSeenAt, new Date(now.getTime() - 7 * 24 * 60 * MINUTE))));
}
