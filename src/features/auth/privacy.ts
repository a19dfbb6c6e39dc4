import { asc, eq, isNotNull, lt, or, sql } from "drizzle-orm";
import type { PersonalDataProvider } from "../../core/privacy.js";
import type { Db } from "../../db/index.js";
import type { Env } from "../../env.js";
import { loginTokens, sessions, users } from "./schema.js";
import { sessionLimits } from "./service.js";

/** Retention: used or expired sign-in links are deleted. */
export async function purgeSignInTokens(db: Db, now: Date) {
  const gone = await db
    .delete(loginTokens)
    .where(or(lt(loginTokens.expiresAt, now), isNotNull(loginTokens.usedAt)))
    .returning({ id: loginTokens.id });
  return gone.length;
}

/** Retention: sessions that were ended, or passed their idle or absolute limit (by the person's current role), are deleted. */
export async function purgeSessions(db: Db, env: Env, now: Date) {
  const cut = (ms: number) => sql`${new Date(now.getTime() - ms).toISOString()}::timestamptz`;
  const staff = sessionLimits(env, true);
  const board = sessionLimits(env, false);
  const gone = await db
    .delete(sessions)
    .where(
      or(
        isNotNull(sessions.endedAt),
        sql`exists (select 1 from ${users} where ${users.id} = ${sessions.userId} and case when ${users.staffRole} is null
          then ${sessions.lastSeenAt} < ${cut(board.idleMs)} or ${sessions.createdAt} < ${cut(board.maxMs)}
          else ${sessions.lastSeenAt} < ${cut(staff.idleMs)} or ${sessions.createdAt} < ${cut(staff.maxMs)} end)`,
      ),
    )
    .returning({ id: sessions.id });
  return gone.length;
}

/** The account itself, its sessions and open sign-in links. The account row is deleted last, by the account feature. */
export const authPrivacy: PersonalDataProvider = {
  name: "account",
  async export(db, who) {
    const [u] = await db.select().from(users).where(eq(users.id, who.id));
    const s = await db
      .select({ createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, endedAt: sessions.endedAt, device: sessions.device })
      .from(sessions)
      .where(eq(sessions.userId, who.id))
      .orderBy(asc(sessions.createdAt));
    return {
      email: u?.email,
      name: u?.name,
      language: u?.lang,
      officeRole: u?.staffRole,
      createdAt: u?.createdAt,
      lastSignInAt: u?.lastSignInAt,
      sessions: s,
    };
  },
  async erase(db, who) {
    await db.delete(sessions).where(eq(sessions.userId, who.id));
    await db.delete(loginTokens).where(eq(loginTokens.email, who.email));
  },
};
