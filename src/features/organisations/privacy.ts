import { and, asc, eq, gt, lte, or, sql } from "drizzle-orm";
import type { PersonalDataProvider } from "../../core/privacy.js";
import type { Db } from "../../db/index.js";
import { boardMembers, boards, organisations } from "./schema.js";

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

/**
 * Board seats in "my data"; they go with the account. The requests (org-requests) join them in
 * the download's `organisations` part (src/privacy.ts).
 */
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
    return { boardMemberships: seats };
  },
  async erase(db, who) {
    await db.delete(boardMembers).where(eq(boardMembers.userId, who.id));
    // Who invited someone is history that no longer names this person.
    await db.update(boardMembers).set({ invitedBy: null }).where(eq(boardMembers.invitedBy, who.id));
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
