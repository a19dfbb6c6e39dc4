import { and, asc, count, eq } from "drizzle-orm";
import type { MailDeps } from "../../core/mail/send.js";
import type { Db } from "../../db/index.js";
import { audit } from "../audit/service.js";
import { addSession, type SessionInput } from "../trainings/service.js";
import { trainingRequests } from "./schema.js";

/**
 * A thin adapter for the office's request pages, with the signatures of the requests service
 * (`requests.ts`, written apart: planRequest, declineRequest, listRequests). When that file lands,
 * this one becomes `export { … } from "./requests.js"`: its mails to the board come with it.
 */

export type TrainingRequest = typeof trainingRequests.$inferSelect;

/** Open requests, oldest first, a page of them. */
export async function listRequests(db: Db, a: { page: number; perPage: number }) {
  const open = eq(trainingRequests.status, "pending");
  const [total] = await db.select({ n: count() }).from(trainingRequests).where(open);
  const rows = await db
    .select()
    .from(trainingRequests)
    .where(open)
    .orderBy(asc(trainingRequests.createdAt), asc(trainingRequests.id))
    .limit(a.perPage)
    .offset((a.page - 1) * a.perPage);
  return { total: total?.n ?? 0, rows };
}

export async function requestById(db: Db, id: string): Promise<TrainingRequest | null> {
  const [row] = await db.select().from(trainingRequests).where(eq(trainingRequests.id, id));
  return row ?? null;
}

/** Takes a pending request (locked) for a decision; null when it is gone or decided. */
async function pending(db: Db, id: string) {
  const [row] = await db
    .select()
    .from(trainingRequests)
    .where(and(eq(trainingRequests.id, id), eq(trainingRequests.status, "pending")))
    .for("update");
  return row ?? null;
}

/** Plans a request: a date only the requesting organisation can book. Null when the request is not pending. */
export async function planRequest(db: Db, _deps: MailDeps, a: { requestId: string; actorId: string; session: SessionInput; now: Date }) {
  return db.transaction(async (tx) => {
    const req = await pending(tx, a.requestId);
    if (!req) return null;
    const session = await addSession(tx, a.actorId, req.offeringId, { ...a.session, reservedFor: req.organisationId });
    await tx
      .update(trainingRequests)
      .set({ status: "planned", sessionId: session.id, decidedBy: a.actorId, decidedAt: a.now })
      .where(eq(trainingRequests.id, req.id));
    await audit(tx, {
      actorId: a.actorId,
      organisationId: req.organisationId,
      action: "training.request_plan",
      entity: "training_request",
      entityId: req.id,
      changes: { status: { from: "pending", to: "planned" } },
    });
    return session;
  });
}

/** Declines a request with a reason. Null when the request is not pending. */
export async function declineRequest(db: Db, _deps: MailDeps, a: { requestId: string; actorId: string; reason: string; now: Date }) {
  return db.transaction(async (tx) => {
    const req = await pending(tx, a.requestId);
    if (!req) return null;
    const [row] = await tx
      .update(trainingRequests)
      .set({ status: "declined", reason: a.reason, decidedBy: a.actorId, decidedAt: a.now })
      .where(eq(trainingRequests.id, req.id))
      .returning();
    await audit(tx, {
      actorId: a.actorId,
      organisationId: req.organisationId,
      action: "training.request_decline",
      entity: "training_request",
      entityId: req.id,
      changes: { status: { from: "pending", to: "declined" }, reason: { to: a.reason } },
    });
    return row!;
  });
}
