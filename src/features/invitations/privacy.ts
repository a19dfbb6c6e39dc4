import { and, asc, eq, lt, ne, or } from "drizzle-orm";
import type { PersonalDataProvider } from "../../core/privacy.js";
import type { Db } from "../../db/index.js";
import { organisations } from "../organisations/schema.js";
import { boardInvitations } from "./schema.js";

/**
 * Retention: an invitation that was accepted, declined or withdrawn, or that expired, is deleted
 * `keepMs` after that. An open invitation stays until it is answered or expires.
 */
export async function purgeFinishedInvitations(db: Db, now: Date, keepMs: number) {
  const before = new Date(now.getTime() - keepMs);
  const gone = await db
    .delete(boardInvitations)
    .where(
      or(
        and(ne(boardInvitations.status, "pending"), lt(boardInvitations.decidedAt, before)),
        and(eq(boardInvitations.status, "pending"), lt(boardInvitations.expiresAt, before)),
      ),
    )
    .returning({ id: boardInvitations.id });
  return gone.length;
}

/**
 * Invitations addressed to me are mine (the address and the name the inviter typed); of those I
 * sent, "my data" holds how many, not the addresses: those belong to the people invited.
 */
export const invitationsPrivacy: PersonalDataProvider = {
  name: "invitations",
  async export(db, who) {
    const received = await db
      .select({
        organisation: organisations.name,
        email: boardInvitations.email,
        name: boardInvitations.name,
        position: boardInvitations.position,
        status: boardInvitations.status,
        createdAt: boardInvitations.createdAt,
        expiresAt: boardInvitations.expiresAt,
        decidedAt: boardInvitations.decidedAt,
      })
      .from(boardInvitations)
      .innerJoin(organisations, eq(organisations.id, boardInvitations.organisationId))
      .where(eq(boardInvitations.email, who.email.toLowerCase()))
      .orderBy(asc(boardInvitations.createdAt));
    const sent = await db.select({ id: boardInvitations.id }).from(boardInvitations).where(eq(boardInvitations.invitedBy, who.id));
    return { received, sentCount: sent.length };
  },
  async erase(db, who) {
    await db.delete(boardInvitations).where(eq(boardInvitations.email, who.email.toLowerCase()));
    // An invitation I sent stays open for the person invited, without pointing at me.
    await db.update(boardInvitations).set({ invitedBy: null }).where(eq(boardInvitations.invitedBy, who.id));
  },
};
