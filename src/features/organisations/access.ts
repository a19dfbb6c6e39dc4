import { and, asc, eq, gt, inArray, lte, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { requireUser, today } from "../../core/auth/authorise.js";
import { AppError } from "../../core/errors.js";
import type { Ctx } from "../../core/http/context.js";
import { isUuid } from "../../core/http/params.js";
import { readable } from "../../db/collation.js";
import type { Db } from "../../db/index.js";
import { boardMembers, boards, organisations } from "./schema.js";

/**
 * The organisations whose *current* board (the latest board that has started by `day`) has this
 * user as a member. Every organisation-owned query for board members filters by this.
 */
export function boardOrgIds(db: Db, userId: string | AnyPgColumn, day: string) {
  return db
    .select({ id: boards.organisationId })
    .from(boardMembers)
    .innerJoin(boards, eq(boards.id, boardMembers.boardId))
    .where(
      and(
        eq(boardMembers.userId, userId),
        lte(boards.startsOn, day),
        sql`not exists (select 1 from ${boards} b2 where b2.organisation_id = ${boards.organisationId} and b2.starts_on <= ${day} and b2.starts_on > ${boards.startsOn})`,
      ),
    );
}

/** The organisations whose current board the user sits on, by name (for the dashboard and forms). */
export function currentOrganisations(db: Db, userId: string, day: string) {
  return db
    .select()
    .from(organisations)
    .where(inArray(organisations.id, boardOrgIds(db, userId, day)))
    .orderBy(asc(readable(organisations.name)));
}

/**
 * The one gate for organisation-owned pages: the organisation when the user sits on its current
 * board (or is office staff, if `allowStaff`), otherwise a 404 (another organisation's object does
 * not exist for you). No session: redirect to sign-in.
 */
export async function authoriseOrg(c: Ctx, id: string, opts: { allowStaff?: boolean } = {}) {
  const user = requireUser(c);
  const { db } = c.var.deps;
  if (!isUuid(id)) throw new AppError(404, "not_found");
  const organisationId = id.toLowerCase();
  const staff = Boolean(opts.allowStaff && user.staffRole);
  const [org] = await db
    .select()
    .from(organisations)
    .where(
      staff
        ? eq(organisations.id, organisationId)
        : and(eq(organisations.id, organisationId), sql`${organisations.id} in (${boardOrgIds(db, user.id, today(c))})`),
    );
  if (!org) throw new AppError(404, "not_found");
  return { org, user, asStaff: staff };
}

/** A board member who is not yet on any current board, but is on a board that starts later. */
export function upcomingBoards(db: Db, userId: string, day: string) {
  return db
    .select({ organisationId: boards.organisationId, startsOn: boards.startsOn, name: organisations.name })
    .from(boardMembers)
    .innerJoin(boards, eq(boards.id, boardMembers.boardId))
    .innerJoin(organisations, eq(organisations.id, boards.organisationId))
    .where(and(eq(boardMembers.userId, userId), gt(boards.startsOn, day)))
    .orderBy(asc(boards.startsOn), asc(readable(organisations.name)));
}
