import { and, asc, eq, gt, lt, lte, ne, or, sql } from "drizzle-orm";
import type { PersonalDataProvider } from "../../core/privacy.js";
import type { Db } from "../../db/index.js";
import { boardMembers, boards, organisations, orgRequests } from "./schema.js";

/** Retention: registration and join requests decided more than `keepMs` ago are deleted. */
export async function purgeDecidedRequests(db: Db, now: Date, keepMs: number) {
  const gone = await db
    .delete(orgRequests)
    .where(and(ne(orgRequests.status, "pending"), lt(orgRequests.decidedAt, new Date(now.getTime() - keepMs))))
    .returning({ id: orgRequests.id });
  return gone.length;
}

/**
 * The organisations whose current or upcoming board has this person as its only member: deleting
 * the account would leave that board empty, so it is refused until someone else joins.
 */
export async function boardsOnlyMemberOf(db: Db, userId: string, day: string) {
  const later = sql`exists (select 1 from ${boards} b2 where b2.organisation_id = ${boards.organisationId} and b2.starts_on <= ${day} and b2.starts_on > ${boards.startsOn})`;
  const alone = sql`(select count(*) from ${boardMembers} m2 where m2.board_id = ${boards.id}) = 1`;
  return db
    .select({ name: organisations.name, startsOn: boards.startsOn })
    .from(boardMembers)
    .innerJoin(boards, eq(boards.id, boardMembers.boardId))
    .innerJoin(organisations, eq(organisations.id, boards.organisationId))
    .where(and(eq(boardMembers.userId, userId), or(gt(boards.startsOn, day), and(lte(boards.startsOn, day), sql`not ${later}`)), alone))
    .orderBy(asc(organisations.name));
}

/** Board seats and requests in "my data"; both go with the account. */
export const organisationsPrivacy: PersonalDataProvider = {
  name: "organisations",
  async export(db, who) {
    const seats = await db
      .select({
        organisation: organisations.name,
        academicYear: boards.year,
        boardStartsOn: boards.startsOn,
        position: boardMembers.position,
        positionNote: boardMembers.positionNote,
        since: boardMembers.createdAt,
      })
      .from(boardMembers)
      .innerJoin(boards, eq(boards.id, boardMembers.boardId))
      .innerJoin(organisations, eq(organisations.id, boards.organisationId))
      .where(eq(boardMembers.userId, who.id))
      .orderBy(asc(boards.startsOn));
    const requests = await db
      .select({
        kind: orgRequests.kind,
        organisation: organisations.name,
        data: orgRequests.data,
        position: orgRequests.position,
        message: orgRequests.message,
        status: orgRequests.status,
        reason: orgRequests.reason,
        createdAt: orgRequests.createdAt,
        decidedAt: orgRequests.decidedAt,
      })
      .from(orgRequests)
      .leftJoin(organisations, eq(organisations.id, orgRequests.organisationId))
      .where(eq(orgRequests.userId, who.id))
      .orderBy(asc(orgRequests.createdAt));
    return { boardMemberships: seats, requests };
  },
  async erase(db, who) {
    await db.delete(boardMembers).where(eq(boardMembers.userId, who.id));
    await db.delete(orgRequests).where(eq(orgRequests.userId, who.id));
    // Who invited someone or decided a request is history that no longer names this person.
    await db.update(boardMembers).set({ invitedBy: null }).where(eq(boardMembers.invitedBy, who.id));
    await db.update(orgRequests).set({ decidedBy: null }).where(eq(orgRequests.decidedBy, who.id));
  },
  async blockers(db, who, today) {
    // Lock this person's boards first, so two members leaving at once cannot both pass the check.
    await db
      .select({ id: boards.id })
      .from(boards)
      .innerJoin(boardMembers, eq(boardMembers.boardId, boards.id))
      .where(eq(boardMembers.userId, who.id))
      .for("update", { of: boards });
    const alone = await boardsOnlyMemberOf(db, who.id, today);
    return alone.map((b) => (t) => t.account.deleteBlockedOnlyMember(b.name));
  },
};
