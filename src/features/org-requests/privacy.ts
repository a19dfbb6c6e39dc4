import { and, asc, eq, lt, ne } from "drizzle-orm";
import type { PersonalDataProvider } from "../../core/privacy.js";
import type { Db } from "../../db/index.js";
import { organisationNames } from "../organisations/service.js";
import { orgRequests } from "./schema.js";

/** Retention: registration and join requests decided more than `keepMs` ago are deleted. */
export async function purgeDecidedRequests(db: Db, now: Date, keepMs: number) {
  const gone = await db
    .delete(orgRequests)
    .where(and(ne(orgRequests.status, "pending"), lt(orgRequests.decidedAt, new Date(now.getTime() - keepMs))))
    .returning({ id: orgRequests.id });
  return gone.length;
}

/**
 * A person's registration and join requests in "my data"; they go with the account. In the
 * download they sit next to the board seats, as `organisations.requests` (src/privacy.ts).
 */
export const orgRequestsPrivacy: PersonalDataProvider = {
  name: "requests",
  async export(db, who) {
    const found = await db
      .select({
        kind: orgRequests.kind,
        organisationId: orgRequests.organisationId,
        data: orgRequests.data,
        position: orgRequests.position,
        message: orgRequests.message,
        status: orgRequests.status,
        reason: orgRequests.reason,
        createdAt: orgRequests.createdAt,
        decidedAt: orgRequests.decidedAt,
      })
      .from(orgRequests)
      .where(eq(orgRequests.userId, who.id))
      .orderBy(asc(orgRequests.createdAt));
    const names = await organisationNames(
      db,
      found.map((r) => r.organisationId),
    );
    return found.map(({ kind, organisationId, ...r }) => ({
      kind,
      organisation: (organisationId && names.get(organisationId)) ?? null,
      ...r,
    }));
  },
  async erase(db, who) {
    await db.delete(orgRequests).where(eq(orgRequests.userId, who.id));
    // Who decided a request is history that no longer names this person.
    await db.update(orgRequests).set({ decidedBy: null }).where(eq(orgRequests.decidedBy, who.id));
  },
};
