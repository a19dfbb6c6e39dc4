import { and, asc, count, desc, eq, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../../db/index.js";
import { users } from "../auth/schema.js";
import { auditLog } from "./schema.js";

export type AuditEntry = {
  actorId: string | null;
  /** The person the change is about, by account id (never an email address in `changes`). */
  subjectId?: string | null;
  organisationId?: string | null;
  entity: string;
  entityId: string;
  action: string;
  changes?: Record<string, { from?: unknown; to?: unknown }>;
};

/** Records who changed what; call it in the same transaction as the change. */
export async function audit(db: Db, e: AuditEntry) {
  await db
    .insert(auditLog)
    .values({ ...e, subjectId: e.subjectId ?? null, organisationId: e.organisationId ?? null, changes: e.changes ?? {} });
}

/** Field-by-field differences between two versions of a record (only the given keys). */
export function diff<T extends Record<string, unknown>>(before: T, after: Partial<T>) {
  const out: Record<string, { from?: unknown; to?: unknown }> = {};
  for (const [k, v] of Object.entries(after)) {
    if (v !== undefined && before[k] !== v) out[k] = { from: before[k] ?? null, to: v ?? null };
  }
  return out;
}

import type { AuditPerson, AuditRow } from "../../core/office/audit.js";

export { type AuditPerson, type AuditRow, auditPersonLabel } from "../../core/office/audit.js";

const actors = alias(users, "audit_actor");
const subjects = alias(users, "audit_subject");

function person(p: { name: string | null; email: string | null } | null, deleted: boolean): AuditPerson | null {
  if (p?.email) return { name: p.name, email: p.email };
  return deleted ? "deleted" : null;
}

async function rows(db: Db, where: SQL | undefined, order: "newest" | "oldest", limit?: number, offset = 0): Promise<AuditRow[]> {
  const q = db
    .select({
      at: auditLog.at,
      action: auditLog.action,
      entity: auditLog.entity,
      changes: auditLog.changes,
      actorDeleted: auditLog.actorDeleted,
      subjectDeleted: auditLog.subjectDeleted,
      actorName: actors.name,
      actorEmail: actors.email,
      subjectName: subjects.name,
      subjectEmail: subjects.email,
    })
    .from(auditLog)
    .leftJoin(actors, eq(actors.id, auditLog.actorId))
    .leftJoin(subjects, eq(subjects.id, auditLog.subjectId))
    .where(where)
    .orderBy(...(order === "newest" ? [desc(auditLog.at), desc(auditLog.id)] : [asc(auditLog.at), asc(auditLog.id)]));
  const found = limit === undefined ? await q : await q.limit(limit).offset(offset);
  return found.map((r) => ({
    at: r.at,
    action: r.action,
    entity: r.entity,
    changes: r.changes,
    actor: person({ name: r.actorName, email: r.actorEmail }, r.actorDeleted),
    subject: person({ name: r.subjectName, email: r.subjectEmail }, r.subjectDeleted),
  }));
}

/** One page of an organisation's history, newest first, with the number of entries in all. */
export async function auditTrail(db: Db, organisationId: string, page: { page: number; perPage: number } = { page: 1, perPage: 100 }) {
  const where = eq(auditLog.organisationId, organisationId);
  const [total] = await db.select({ n: count() }).from(auditLog).where(where);
  return { total: total?.n ?? 0, rows: await rows(db, where, "newest", page.perPage, (page.page - 1) * page.perPage) };
}

/** The history of one record (a roadmap resource, a topic, a print order ...). */
export function auditTrailOf(db: Db, entity: string, entityId: string, opts: { limit?: number; order?: "newest" | "oldest" } = {}) {
  return rows(db, and(eq(auditLog.entity, entity), eq(auditLog.entityId, entityId)), opts.order ?? "newest", opts.limit ?? 50);
}

/** The history of one kind of record, every record of it (the confidential advisers named and removed, say). */
export function auditTrailOfEntity(db: Db, entity: string, opts: { limit?: number } = {}) {
  return rows(db, eq(auditLog.entity, entity), "newest", opts.limit ?? 50);
}

/** The newest entry of one action on one record of an organisation (who was removed, say), or null. */
export async function lastAuditEntry(db: Db, a: { organisationId: string; entity: string; entityId: string; action: string }) {
  const where = and(
    eq(auditLog.organisationId, a.organisationId),
    eq(auditLog.entity, a.entity),
    eq(auditLog.entityId, a.entityId),
    eq(auditLog.action, a.action),
  );
  const [row] = await rows(db, where, "newest", 1);
  return row ?? null;
}
