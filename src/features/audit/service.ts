import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../../db/index.js";
import { users } from "../auth/schema.js";
import { auditLog } from "./schema.js";

export type AuditEntry = {
  actorId: string | null;
  organisationId?: string | null;
  entity: string;
  entityId: string;
  action: string;
  changes?: Record<string, { from?: unknown; to?: unknown }>;
};

/** Records who changed what; call it in the same transaction as the change. */
export async function audit(db: Db, e: AuditEntry) {
  await db.insert(auditLog).values({ ...e, organisationId: e.organisationId ?? null, changes: e.changes ?? {} });
}

/** Field-by-field differences between two versions of a record (only the given keys). */
export function diff<T extends Record<string, unknown>>(before: T, after: Partial<T>) {
  const out: Record<string, { from?: unknown; to?: unknown }> = {};
  for (const [k, v] of Object.entries(after)) {
    if (v !== undefined && before[k] !== v) out[k] = { from: before[k] ?? null, to: v ?? null };
  }
  return out;
}

export function auditTrail(db: Db, organisationId: string, limit = 100) {
  return db
    .select({ at: auditLog.at, action: auditLog.action, entity: auditLog.entity, changes: auditLog.changes, actorEmail: users.email })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(eq(auditLog.organisationId, organisationId))
    .orderBy(desc(auditLog.at))
    .limit(limit);
}

/** The history of one record (a roadmap resource, a topic ...), newest first. */
export function auditTrailOf(db: Db, entity: string, entityId: string, limit = 50) {
  return db
    .select({ at: auditLog.at, action: auditLog.action, entity: auditLog.entity, changes: auditLog.changes, actorEmail: users.email })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(eq(auditLog.entity, entity), eq(auditLog.entityId, entityId)))
    .orderBy(desc(auditLog.at))
    .limit(limit);
}
