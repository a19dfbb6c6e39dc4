import { and, asc, desc, eq, inArray, lte, sql } from "drizzle-orm";
import { AppError, FieldError, isUniqueViolation } from "../../core/errors.js";
import { isUuid } from "../../core/http/params.js";
import type { Lang } from "../../core/i18n/index.js";
import { type MailDeps, type MailTemplate, sendMail } from "../../core/mail/send.js";
import { readable } from "../../db/collation.js";
import type { Db } from "../../db/index.js";
import type { Env } from "../../env.js";
import { url } from "../../routes.js";
import { audit, lastAuditEntry } from "../audit/service.js";
import { users } from "../auth/schema.js";
import { endSessions } from "../auth/service.js";
import { boardMembers, boards, organisations, POSITIONS, type Position } from "./schema.js";

// ---------- academic years ----------

/** The academic year (by its first calendar year) that `day` (YYYY-MM-DD) falls in. */
export function academicYearOf(day: string, start: string): number {
  const year = Number(day.slice(0, 4));
  return day.slice(5) >= start ? year : year - 1;
}
export const academicYearStart = (year: number, start: string) => `${year}-${start}`;

// ---------- reading ----------

export type BoardWithMembers = Awaited<ReturnType<typeof boardsOf>>[number];

/** Every board of an organisation, newest first, with its members and whether it is current, incoming or past on `day`. */
export async function boardsOf(db: Db, organisationId: string, day: string) {
  const rows = await db.select().from(boards).where(eq(boards.organisationId, organisationId)).orderBy(desc(boards.startsOn));
  const ids = rows.map((b) => b.id);
  const members = ids.length
    ? await db
        .select({
          id: boardMembers.id,
          boardId: boardMembers.boardId,
          position: boardMembers.position,
          positionNote: boardMembers.positionNote,
          userId: users.id,
          email: users.email,
          name: users.name,
        })
        .from(boardMembers)
        .innerJoin(users, eq(users.id, boardMembers.userId))
        .where(inArray(boardMembers.boardId, ids))
        // The chair first, then the other positions in their usual order; within one, by name (or address).
        .orderBy(
          sql`array_position(array[${sql.raw(POSITIONS.map((p) => `'${p}'`).join(","))}]::text[], ${boardMembers.position})`,
          asc(readable(sql`coalesce(${users.name}, ${users.email})`)),
          asc(users.email),
        )
    : [];
  const currentId = rows.find((b) => b.startsOn <= day)?.id;
  return rows.map((b) => ({
    ...b,
    state: b.id === currentId ? ("current" as const) : b.startsOn > day ? ("incoming" as const) : ("past" as const),
    members: members.filter((m) => m.boardId === b.id),
  }));
}

/** The current board's members on `day` of each organisation, in one query; every id given gets a list (maybe empty). */
export async function currentBoardMembers(db: Db, orgIds: string[], day: string) {
  const current = sql`(select b.id from ${boards} b where b.organisation_id = ${boards.organisationId} and b.starts_on <= ${day} order by b.starts_on desc limit 1)`;
  const rows = orgIds.length
    ? await db
        .select({ orgId: boards.organisationId, userId: users.id, email: users.email, name: users.name, position: boardMembers.position })
        .from(boardMembers)
        .innerJoin(boards, eq(boards.id, boardMembers.boardId))
        .innerJoin(users, eq(users.id, boardMembers.userId))
        .where(and(inArray(boards.organisationId, orgIds), eq(boards.id, current)))
    : [];
  const out = new Map(orgIds.map((id) => [id, [] as typeof rows]));
  for (const r of rows) out.get(r.orgId)!.push(r);
  return out;
}

/** Creates a board that starts on `startsOn`; its academic year follows from the date. */
export async function createBoard(db: Db, a: { actorId: string | null; orgId: string; startsOn: string; env: Env }) {
  const year = academicYearOf(a.startsOn, a.env.ACADEMIC_YEAR_START);
  try {
    // A savepoint, so a duplicate year leaves an outer transaction usable for the error message.
    return await db.transaction(async (tx) => {
      const [board] = await tx.insert(boards).values({ organisationId: a.orgId, year, startsOn: a.startsOn }).returning();
      await audit(tx, {
        actorId: a.actorId,
        organisationId: a.orgId,
        entity: "board",
        entityId: board!.id,
        action: "board.create",
        changes: { year: { to: year }, startsOn: { to: a.startsOn } },
      });
      return board!;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new FieldError("startsOn", "boardExists");
    throw err;
  }
}

// ---------- who acts ----------

/** Who makes a change to a board: a board member (by their account) or the office. */
export type Actor = { id: string; name: string | null; email: string; office: boolean };

/** The person acting on a board: the office when they came in as staff. */
export const actorOf = ({ id, name, email }: Omit<Actor, "office">, asOffice = false): Actor => ({ id, name, email, office: asOffice });

export type LiveBoard = { id: string; organisationId: string; year: number; startsOn: string; state: "current" | "incoming" };

/** The board, when it belongs to the organisation and is current or incoming on `day` (earlier boards are history). */
export async function liveBoard(db: Db, orgId: string, boardId: string, day: string): Promise<LiveBoard | null> {
  const all = await db
    .select({ id: boards.id, organisationId: boards.organisationId, year: boards.year, startsOn: boards.startsOn })
    .from(boards)
    .where(eq(boards.organisationId, orgId))
    .orderBy(desc(boards.startsOn));
  const currentId = all.find((b) => b.startsOn <= day)?.id;
  const b = all.find((x) => x.id === boardId);
  if (!b) return null;
  if (b.id === currentId) return { ...b, state: "current" };
  return b.startsOn > day ? { ...b, state: "incoming" } : null;
}

/**
 * The organisation's id, name and language. Changes to one organisation's boards take turns by
 * locking its row until the transaction ends (the chair rule and the limits read, then write);
 * `lock: false` only reads. A 404 when there is no such organisation.
 */
export async function lockOrganisation(db: Db, orgId: string, opts: { lock?: boolean } = {}) {
  const q = db
    .select({ id: organisations.id, name: organisations.name, lang: organisations.lang })
    .from(organisations)
    .where(eq(organisations.id, orgId));
  const [org] = opts.lock === false ? await q : await q.for("no key update");
  if (!org) throw new AppError(404, "not_found");
  return org;
}

/** The organisation's current board on `day` (the latest that has started), or null. */
export async function currentBoardOf(db: Db, orgId: string, day: string) {
  const [current] = await db
    .select()
    .from(boards)
    .where(and(eq(boards.organisationId, orgId), lte(boards.startsOn, day)))
    .orderBy(desc(boards.startsOn))
    .limit(1);
  return current ?? null;
}

type ChairChange = { actor: Actor; orgId: string; board: { id: string; state: string }; day: string; adding?: boolean };

/**
 * The chair's seat is changed (a chair removed, someone made chair or no longer chair, a chair
 * invited or their invitation withdrawn) only by the office, by a chair of that board, or, for
 * the incoming board the current board prepares, by a chair of the current board. A board
 * without a chair may be given one (`adding`) by any of its members.
 */
export async function mayChangeChair(db: Db, a: ChairChange) {
  if (a.actor.office) return true;
  const chairs = await db
    .select({ boardId: boardMembers.boardId, userId: boardMembers.userId, startsOn: boards.startsOn })
    .from(boardMembers)
    .innerJoin(boards, eq(boards.id, boardMembers.boardId))
    .where(and(eq(boards.organisationId, a.orgId), eq(boardMembers.position, "chair")));
  if (chairs.some((c) => c.boardId === a.board.id && c.userId === a.actor.id)) return true;
  if (a.board.state === "incoming") {
    const current = await currentBoardOf(db, a.orgId, a.day);
    if (current && chairs.some((c) => c.boardId === current.id && c.userId === a.actor.id)) return true;
  }
  return Boolean(a.adding) && !chairs.some((c) => c.boardId === a.board.id);
}

/** The boards (of those given) on which `actor` may change the chair's seat, for the pages to offer only what is allowed. */
export async function chairBoards(db: Db, a: { actor: Actor; orgId: string; boards: { id: string; state: string }[]; day: string }) {
  const out = new Set<string>();
  for (const board of a.boards) {
    if (board.state !== "past" && (await mayChangeChair(db, { actor: a.actor, orgId: a.orgId, board, day: a.day }))) out.add(board.id);
  }
  return out;
}

// ---------- mail to the board ----------

export type BoardChange =
  | { kind: "invited"; email: string; position: Position }
  | { kind: "withdrawn"; email: string; position: Position }
  | { kind: "accepted"; person: string; position: Position }
  | { kind: "added"; person: string; position: Position }
  | { kind: "removed"; person: string; position: Position }
  | { kind: "position"; person: string; from: Position; to: Position };

type BoardChangeMail = { org: string; year: string; actor: string | null; change: BoardChange; link: string };

/**
 * The board-change mail. It carries names, addresses and positions only: no free text anyone
 * typed, so a board member cannot use the portal to send their own words to the board.
 */
const boardChangeMail: MailTemplate<BoardChangeMail> = (t, d) => {
  const m = t.org.mail;
  const who = d.actor ?? m.theOffice;
  const pos = (p: Position) => t.org.positions[p];
  const c = d.change;
  const line =
    c.kind === "invited"
      ? m.changeInvited(who, c.email, pos(c.position))
      : c.kind === "withdrawn"
        ? m.changeWithdrawn(who, c.email)
        : c.kind === "accepted"
          ? m.changeAccepted(c.person, pos(c.position))
          : c.kind === "added"
            ? m.changeAdded(who, c.person, pos(c.position))
            : c.kind === "removed"
              ? m.changeRemoved(who, c.person, pos(c.position))
              : m.changePosition(who, c.person, pos(c.from), pos(c.to));
  return {
    subject: m.changeSubject(d.org, d.year),
    heading: m.changeSubject(d.org, d.year),
    paragraphs: [line, m.changeWhy],
    action: { label: m.openButton, url: d.link },
  };
};

/** How a person is named in mails and pages: "Name (address)", or the address. */
export const personLabel = (p: { name: string | null; email: string }) => (p.name ? `${p.name} (${p.email})` : p.email);

type BoardNotice = { boardId: string; orgName: string; actor: Actor | null; change: BoardChange };

/**
 * Mails a change to every member of the board (and to `also`, such as a removed member; not to
 * `except`, who hears of it through a mail of its own: an approved requester), each in their own
 * language, in the caller's transaction: the change and its mails commit together.
 */
export async function notifyBoard(db: Db, deps: MailDeps, a: BoardNotice & { also?: { email: string; lang: Lang }[]; except?: string }) {
  const [board] = await db.select().from(boards).where(eq(boards.id, a.boardId));
  if (!board) return;
  const members = await db
    .select({ email: users.email, lang: users.lang })
    .from(boardMembers)
    .innerJoin(users, eq(users.id, boardMembers.userId))
    .where(eq(boardMembers.boardId, a.boardId));
  const to = new Map<string, Lang>();
  for (const r of [...members, ...(a.also ?? [])]) to.set(r.email, r.lang);
  if (a.except) to.delete(a.except);
  const actor = a.actor && !a.actor.office ? personLabel(a.actor) : null;
  for (const [email, lang] of to) {
    await sendMail(db, deps, {
      to: email,
      lang,
      template: "org.board-change",
      render: boardChangeMail,
      data: {
        org: a.orgName,
        year: `${board.year}-${board.year + 1}`,
        actor,
        change: a.change,
        link: `${deps.env.BASE_URL}${url(lang, "dashboard")}`,
      },
    });
  }
}

// ---------- members ----------

/** A member of a current or incoming board of the organisation, with the board; null otherwise. */
export async function liveMember(db: Db, a: { orgId: string; memberId: string; today: string }) {
  const [m] = await db
    .select({
      id: boardMembers.id,
      boardId: boardMembers.boardId,
      userId: boardMembers.userId,
      position: boardMembers.position,
      email: users.email,
      name: users.name,
      lang: users.lang,
    })
    .from(boardMembers)
    .innerJoin(boards, eq(boards.id, boardMembers.boardId))
    .innerJoin(users, eq(users.id, boardMembers.userId))
    .where(and(eq(boardMembers.id, a.memberId), eq(boards.organisationId, a.orgId)));
  if (!m) return null;
  const board = await liveBoard(db, a.orgId, m.boardId, a.today);
  return board ? { member: m, board } : null;
}

/**
 * A member `actor` may remove: on a current or incoming board of the organisation (earlier boards
 * are history), not the actor themselves (the button is not offered either), and a chair only
 * under the chair rule (`mayChangeChair`: a 403 otherwise). Null when there is no such member.
 * The confirmation page shows it; `removeBoardMember` checks it again.
 */
export async function removableMember(db: Db, a: { actor: Actor; orgId: string; memberId: string; today: string }) {
  const found = await liveMember(db, a);
  if (!found || found.member.userId === a.actor.id) return null;
  if (
    found.member.position === "chair" &&
    !(await mayChangeChair(db, { actor: a.actor, orgId: a.orgId, board: found.board, day: a.today }))
  )
    throw new AppError(403, "chair_only");
  return found;
}

/**
 * Removes someone from the current or incoming board of an organisation (see `removableMember`).
 * The whole board, the removed member included, is told. Returns the removed member's user id, or
 * null when there was nothing to remove; throws a 403 when the chair rule forbids it.
 */
export async function removeBoardMember(db: Db, deps: MailDeps, a: { actor: Actor; orgId: string; memberId: string; today: string }) {
  return db.transaction(async (tx) => {
    const org = await lockOrganisation(tx, a.orgId);
    const found = await removableMember(tx, a);
    if (!found) return null;
    const { member: m, board } = found;
    await tx.delete(boardMembers).where(eq(boardMembers.id, m.id));
    await audit(tx, {
      actorId: a.actor.id,
      organisationId: a.orgId,
      entity: "board_member",
      entityId: m.id,
      action: "board_member.remove",
      subjectId: m.userId,
      changes: { position: { from: m.position } },
    });
    // The seat gave access: the removed member's sessions end (they sign in again for what they still may see).
    await endSessions(tx, m.userId, { now: deps.clock?.now() });
    await notifyBoard(tx, deps, {
      boardId: board.id,
      orgName: org.name,
      actor: a.actor,
      change: { kind: "removed", person: personLabel(m), position: m.position },
      also: [{ email: m.email, lang: m.lang }],
    });
    return m.userId;
  });
}

/** Who was removed from the organisation's board as member `memberId` ("Name (address)", from the audit log), or null. */
export async function removedMember(db: Db, orgId: string, memberId: string) {
  if (!isUuid(memberId)) return null;
  const entry = await lastAuditEntry(db, {
    organisationId: orgId,
    entity: "board_member",
    entityId: memberId,
    action: "board_member.remove",
  });
  return entry?.subject && entry.subject !== "deleted" ? personLabel(entry.subject) : null;
}

type PositionChange = { actor: Actor; orgId: string; memberId: string; position: Position; today: string };

/**
 * Changes a member's position on a current or incoming board. Making someone chair, or a chair
 * something else, follows the chair rule (a 403 otherwise). The whole board is told. False when
 * there is no such member.
 */
export async function changeMemberPosition(db: Db, deps: MailDeps, a: PositionChange) {
  return db.transaction(async (tx) => {
    const org = await lockOrganisation(tx, a.orgId);
    const found = await liveMember(tx, a);
    if (!found) return false;
    const { member: m, board } = found;
    if (m.position === a.position) return true;
    const touchesChair = m.position === "chair" || a.position === "chair";
    if (
      touchesChair &&
      !(await mayChangeChair(tx, { actor: a.actor, orgId: a.orgId, board, day: a.today, adding: m.position !== "chair" }))
    )
      throw new AppError(403, "chair_only");
    await tx.update(boardMembers).set({ position: a.position }).where(eq(boardMembers.id, m.id));
    await audit(tx, {
      actorId: a.actor.id,
      organisationId: a.orgId,
      entity: "board_member",
      entityId: m.id,
      action: "board_member.position",
      subjectId: m.userId,
      changes: { position: { from: m.position, to: a.position } },
    });
    await notifyBoard(tx, deps, {
      boardId: board.id,
      orgName: org.name,
      actor: a.actor,
      change: { kind: "position", person: personLabel(m), from: m.position, to: a.position },
    });
    return true;
  });
}

/** The member of a board with this address, if any. */
export async function memberByEmail(db: Db, boardId: string, email: string) {
  const [m] = await db
    .select({ id: boardMembers.id })
    .from(boardMembers)
    .innerJoin(users, eq(users.id, boardMembers.userId))
    .where(and(eq(boardMembers.boardId, boardId), eq(users.email, email)));
  return m ?? null;
}

/**
 * Seats a person on a board and tells the board: someone who accepted an invitation (audited as
 * their own act), or a requester the office approved (who hears it through the decision mail).
 * Null when they already sit on it.
 */
export async function seatMember(
  db: Db,
  deps: MailDeps,
  a: {
    actor: Actor | null;
    orgId: string;
    boardId: string;
    userId: string;
    position: Position;
    invitedBy?: string | null;
    via: "invitation" | "request";
  },
) {
  const [row] = await db
    .insert(boardMembers)
    .values({ boardId: a.boardId, userId: a.userId, position: a.position, invitedBy: a.invitedBy ?? a.actor?.id ?? null })
    .onConflictDoNothing()
    .returning();
  if (!row) return null;
  const [org] = await db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, a.orgId));
  const [person] = await db.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, a.userId));
  const [board] = await db.select({ year: boards.year }).from(boards).where(eq(boards.id, a.boardId));
  if (a.via === "invitation") {
    await audit(db, {
      actorId: a.userId,
      organisationId: a.orgId,
      entity: "board_member",
      entityId: row.id,
      action: "board_member.add",
      subjectId: a.userId,
      changes: { position: { to: a.position }, year: { to: board!.year } },
    });
  }
  await notifyBoard(db, deps, {
    boardId: a.boardId,
    orgName: org?.name ?? "",
    actor: a.via === "invitation" ? null : a.actor,
    change:
      a.via === "invitation"
        ? { kind: "accepted", person: personLabel(person!), position: a.position }
        : { kind: "added", person: personLabel(person!), position: a.position },
    except: a.via === "request" ? person!.email : undefined,
  });
  return row;
}
