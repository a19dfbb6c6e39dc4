import { and, desc, eq, gt, isNull, ne, sql } from "drizzle-orm";
import { Batch, batchOf } from "../../core/batch.js";
import { HOUR, MINUTE } from "../../core/clock.js";
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
    // The mail answers what someone just did on a page: it is in that page's language.
    const lang = input.lang;
    const link = `${deps.env.BASE_URL}${url(lang, "signInLink")}?token=${token}`;
    await sendMail(tx, deps, { to: email, lang, template: "auth.sign-in", render: signInMail, data: { link }, sensitive: true });
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
 * Uses a token exactly once (one atomic UPDATE, so two concurrent POSTs cannot both win), revokes
 * the address's other open links, creates the account on first sign-in and opens a new session.
 * Returns null for an unusable token.
 */
export async function signInWithToken(db: Db, token: string, input: { now: Date; lang: Lang; device?: string | null }) {
  return db.transaction(async (tx) => {
    const [used] = await tx
      .update(loginTokens)
      .set({ usedAt: input.now })
      .where(and(eq(loginTokens.tokenHash, sha256(token)), isNull(loginTokens.usedAt), gt(loginTokens.expiresAt, input.now)))
      .returning({ id: loginTokens.id, email: loginTokens.email, next: loginTokens.next });
    if (!used) return null;
    // Any other link mailed to this address stops working: one sign-in spends them all.
    await tx.delete(loginTokens).where(and(eq(loginTokens.email, used.email), ne(loginTokens.id, used.id)));
    const [user] = await tx
      .insert(users)
      .values({ email: used.email, lang: input.lang, lastSignInAt: input.now })
      .onConflictDoUpdate({ target: users.email, set: { lastSignInAt: input.now } })
      .returning();
    const sessionToken = await createSession(tx, user!.id, input.now, input.device);
    return { sessionToken, user: user!, next: used.next };
  });
}

export async function createSession(db: Db, userId: string, now: Date, device?: string | null) {
  const sessionToken = randomToken();
  await db.insert(sessions).values({ idHash: sha256(sessionToken), userId, createdAt: now, lastSeenAt: now, device: device ?? null });
  return sessionToken;
}

/**
 * A coarse, non-identifying device hint from a User-Agent ("Firefox · Windows"), so people can
 * tell their sessions apart. The User-Agent itself is not stored.
 */
export function deviceHint(userAgent: string | undefined | null): string | null {
  if (!userAgent) return null;
  const ua = userAgent.slice(0, 500);
  const browser = /Edg(e|A|iOS)?\//.test(ua)
    ? "Edge"
    : /OPR\/|Opera/.test(ua)
      ? "Opera"
      : /Firefox\/|FxiOS\//.test(ua)
        ? "Firefox"
        : /Chrome\/|CriOS\/|Chromium\//.test(ua)
          ? "Chrome"
          : /Safari\//.test(ua)
            ? "Safari"
            : null;
  const os = /iPhone|iPad|iPod/.test(ua)
    ? "iOS"
    : /Android/.test(ua)
      ? "Android"
      : /Windows/.test(ua)
        ? "Windows"
        : /Mac OS X|Macintosh/.test(ua)
          ? "macOS"
          : /CrOS/.test(ua)
            ? "ChromeOS"
            : /Linux/.test(ua)
              ? "Linux"
              : null;
  const hint = [browser, os].filter(Boolean).join(" · ");
  return hint || null;
}

/** How long a session may live: idle (since the last request) and absolute (since sign-in). */
export function sessionLimits(env: Env, staff: boolean) {
  return {
    idleMs: (staff ? env.SESSION_IDLE_STAFF_MINUTES : env.SESSION_IDLE_BOARD_MINUTES) * MINUTE,
    maxMs: (staff ? env.SESSION_MAX_STAFF_HOURS : env.SESSION_MAX_BOARD_HOURS) * HOUR,
  };
}

export const expired = (limits: { idleMs: number; maxMs: number }, s: { createdAt: Date; lastSeenAt: Date }, now: Date) =>
  now.getTime() - s.lastSeenAt.getTime() > limits.idleMs || now.getTime() - s.createdAt.getTime() > limits.maxMs;

/**
 * Every signed-in request reads its session: prepared once, and batched (ADR 025), so the sessions
 * of requests that arrive while one read is at the database are read together in the next.
 */
function sessionBatch(db: Db) {
  return batchOf(db, "sessions_by_hash", () => {
    const statement = db
      .select({
        idHash: sessions.idHash,
        createdAt: sessions.createdAt,
        lastSeenAt: sessions.lastSeenAt,
        id: users.id,
        email: users.email,
        name: users.name,
        lang: users.lang,
        staffRole: users.staffRole,
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(sql`${sessions.idHash} = any(${sql.placeholder("idHashes")}::text[])`, isNull(sessions.endedAt)))
      .prepare("sessions_by_hash");
    return new Batch(async (idHashes: string[]) => {
      const rows = await statement.execute({ idHashes });
      const byHash = new Map(rows.map(({ idHash, ...row }) => [idHash, row]));
      return idHashes.map((h) => byHash.get(h));
    });
  });
}

/** The signed-in user for a session cookie, or null when it is unknown, ended, idle too long or too old. */
export async function loadSession(
  db: Db,
  env: Env,
  sessionToken: string,
  now: Date,
): Promise<{ user: SessionUser; idHash: string } | null> {
  const idHash = sha256(sessionToken);
  const row = await sessionBatch(db).load(idHash);
  if (!row) return null;
  if (expired(sessionLimits(env, Boolean(row.staffRole)), row, now)) {
    await db.update(sessions).set({ endedAt: now }).where(eq(sessions.idHash, idHash));
    return null;
  }
  // Touch at most once a minute, so a page view does not always write.
  if (now.getTime() - row.lastSeenAt.getTime() > MINUTE) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, idHash));
  }
  const { lastSeenAt: _, createdAt: __, ...user } = row;
  return { user, idHash };
}

export async function endSession(db: Db, idHash: string, now: Date) {
  await db.update(sessions).set({ endedAt: now }).where(eq(sessions.idHash, idHash));
}

/**
 * Ends every open session of a person, except (optionally) the one with id hash `except` (the
 * browser asking). Call it when someone loses the role or seat that gave them access, or signs
 * out everywhere; in the caller's transaction. Returns how many ended.
 */
export async function endSessions(db: Db, userId: string, opts: { except?: string | null; now?: Date } = {}) {
  const ended = await db
    .update(sessions)
    .set({ endedAt: opts.now ?? new Date() })
    .where(and(eq(sessions.userId, userId), isNull(sessions.endedAt), opts.except ? ne(sessions.idHash, opts.except) : undefined))
    .returning({ id: sessions.id });
  return ended.length;
}

/** Ends one of a person's own sessions by its public id; its id hash, or null when it is not theirs or already ended. */
export async function endSessionById(db: Db, userId: string, id: string, now: Date) {
  const [ended] = await db
    .update(sessions)
    .set({ endedAt: now })
    .where(and(eq(sessions.id, id), eq(sessions.userId, userId), isNull(sessions.endedAt)))
    .returning({ idHash: sessions.idHash });
  return ended?.idHash ?? null;
}

export type SessionInfo = { id: string; createdAt: Date; lastSeenAt: Date; device: string | null; current: boolean };

/** A person's sessions that still work, most recently used first. */
export async function liveSessions(
  db: Db,
  env: Env,
  user: { id: string; staffRole: string | null },
  currentIdHash: string | null,
  now: Date,
) {
  const rows = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, user.id), isNull(sessions.endedAt)))
    .orderBy(desc(sessions.lastSeenAt));
  const limits = sessionLimits(env, Boolean(user.staffRole));
  return rows
    .filter((s) => !expired(limits, s, now))
    .map(
      (s): SessionInfo => ({
        id: s.id,
        createdAt: s.createdAt,
        lastSeenAt: s.lastSeenAt,
        device: s.device,
        current: s.idHash === currentIdHash,
      }),
    );
}

/** Changes what a person may change about their own account. */
export async function updateProfile(db: Db, userId: string, input: { name: string | null; lang: Lang }) {
  const [u] = await db.update(users).set({ name: input.name, lang: input.lang }).where(eq(users.id, userId)).returning();
  return u ?? null;
}

/** Deletes the account row (sessions and seats go with it); only the account feature's deletion calls this. */
export async function deleteUser(db: Db, userId: string) {
  await db.delete(users).where(eq(users.id, userId));
}
