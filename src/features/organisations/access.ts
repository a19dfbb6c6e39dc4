import { and, asc, eq, getTableColumns, getTableName, gt, inArray, lte, type Placeholder, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { requireUser, today } from "../../core/auth/authorise.js";
import { AppError } from "../../core/errors.js";
import type { Ctx } from "../../core/http/context.js";
import { isUuid } from "../../core/http/params.js";
import { readable } from "../../db/collation.js";
import type { Db } from "../../db/index.js";
import { prepared } from "../../db/prepared.js";
import { boardMembers, boards, organisations } from "./schema.js";

/** The organisations whose *current* board (the latest started by `day`) has this user as a member: what board members' queries filter by. */
export function boardOrgIds(db: Db, userId: string | AnyPgColumn | Placeholder, day: string | Placeholder) {
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

export type BoardYear = { year: number; incoming: boolean };
/** The gate's read, prepared once per variant; `years`: its current and incoming boards' on `day`, oldest first. */
function gateStatement(db: Db, staff: boolean) {
  const name = staff ? "org_gate_staff" : "org_gate_board";
  return prepared(db, name, () => {
    const day = sql.placeholder("day");
    const orgId = sql.raw(`"${getTableName(organisations)}"."id"`); // a one-table select leaves its own columns unqualified
    const since = sql`coalesce((select max(c.starts_on) from ${boards} c where c.organisation_id = ${orgId} and c.starts_on <= ${day}), '-infinity')`;
    const agg = sql`coalesce(json_agg(json_build_object('year', b.year, 'incoming', b.starts_on > ${day}) order by b.starts_on), '[]')`;
    const years = sql<BoardYear[]>`(select ${agg} from ${boards} b where b.organisation_id = ${orgId} and b.starts_on >= ${since})`;
    const id = eq(organisations.id, sql.placeholder("id"));
    const mine = staff ? id : and(id, sql`${organisations.id} in (${boardOrgIds(db, sql.placeholder("user"), day)})`);
    return db
      .select({ ...getTableColumns(organisations), years })
      .from(organisations)
      .where(mine)
      .prepare(name);
  });
}

/**
 * The one gate for organisation-owned pages: the organisation when the user sits on its current
 * board (or is office staff, if `allowStaff`), otherwise a 404 (another organisation's object does
 * not exist for you). No session: redirect to sign-in. With `years` for the registration forms. */
export async function authoriseOrg(c: Ctx, id: string, opts: { allowStaff?: boolean } = {}) {
  const user = requireUser(c);
  if (!isUuid(id)) throw new AppError(404, "not_found");
  const staff = Boolean(opts.allowStaff && user.staffRole);
  const [row] = await gateStatement(c.var.deps.db, staff).execute({ id: id.toLowerCase(), user: user.id, day: today(c) });
  if (!row) throw new AppError(404, "not_found");
  const { years, ...org } = row;
  return { org, user, asStaff: staff, years };
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
