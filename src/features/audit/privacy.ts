import { and, asc, eq, lt, or } from "drizzle-orm";
import type { DataSubject, PersonalDataProvider } from "../../core/privacy.js";
import type { Db } from "../../db/index.js";
import { auditLog } from "./schema.js";

/** Retention: deletes entries older than `keepMs`. */
export async function purgeAudit(db: Db, now: Date, keepMs: number) {
  const gone = await db
    .delete(auditLog)
    .where(lt(auditLog.at, new Date(now.getTime() - keepMs)))
    .returning({ id: auditLog.id });
  return gone.length;
}

/** The audit log's part of "my data" and of deleting an account. */
export const auditPrivacy: PersonalDataProvider = {
  name: "auditEntries",
  async export(db: Db, who: DataSubject) {
    const mine = await db
      .select({
        at: auditLog.at,
        action: auditLog.action,
        entity: auditLog.entity,
        actorId: auditLog.actorId,
        subjectId: auditLog.subjectId,
        changes: auditLog.changes,
      })
      .from(auditLog)
      .where(or(eq(auditLog.actorId, who.id), eq(auditLog.subjectId, who.id)))
      .orderBy(asc(auditLog.at));
    return mine.map(({ actorId, subjectId, ...e }) => ({ ...e, byMe: actorId === who.id, aboutMe: subjectId === who.id }));
  },
  async erase(db: Db, who: DataSubject) {
    await db.update(auditLog).set({ actorId: null, actorDeleted: true }).where(eq(auditLog.actorId, who.id));
    await db.update(auditLog).set({ subjectId: null, subjectDeleted: true }).where(eq(auditLog.subjectId, who.id));
    // Role changes name the account as the record they are about.
    await db
      .update(auditLog)
      .set({ entityId: "deleted" })
      .where(and(eq(auditLog.entity, "user"), eq(auditLog.entityId, who.id)));
  },
};
