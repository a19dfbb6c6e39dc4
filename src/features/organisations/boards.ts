import { and, asc, desc, eq, gt, inArray, lte, sql } from "drizzle-orm";
import { DAY, HOUR } from "../../core/clock.js";
import { randomToken, sha256 } from "../../core/crypto.js";
import { AppError, FieldError, isUniqueViolation, RateLimited } from "../../core/errors.js";
import { formatDate, type Lang } from "../../core/i18n/index.js";
import { type MailDeps, type MailTemplate, sendMail } from "../../core/mail/send.js";
import { normaliseName } from "../../core/text.js";
import type { Db } from "../../db/index.js";
import type { Env } from "../../env.js";
import { url } from "../../routes.js";
import { audit } from "../audit/service.js";
import { users } from "../auth/schema.js";
import { createSession } from "../auth/service.js";
import { boardInvitations, boardMembers, boards, organisations, type Position } from "./schema.js";

// ---------- limits ----------

/** An invitation link works this long. */
export const INVITATION_TTL_DAYS = 14;
/** Invitations one board member may send per hour, and an organisation's boards per day (the office: no limit). */
export const INVITES_PER_INVITER_PER_HOUR = 15;
export const INVITES_PER_ORG_PER_DAY = 30;

// ---------- academic years ----------

/** The academic year (by its first calendar year) that `day` (YYYY-MM-DD) falls in. */
export function academicYearOf(day: string, start: string): number {
  const year = Number(day.slice(0, 4));
  return day.slice(5) >= start ? year : year - 1;
}
export const academicYearStart = (year: number, start: string) => `${year}-${start}`;

// ---------- reading ----------

export type BoardWithMembers = Awaited<ReturnType<typeof boardsOf>>[number];

/**
 * Every board of an organisation, newest first, with its members, its open invitations (not yet
 * expired at `now`) and whether it is current, incoming or past on `day`.
 */
export async function boardsOf(db: Db, organisationId: string, day: string, now?: Date) {
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
        .orderBy(asc(boardMembers.createdAt))
    : [];
  const invitations =
    ids.length && now
      ? await db
          .select({
            id: boardInvitations.id,
            boardId: boardInvitations.boardId,
            email: boardInvitations.email,
            position: boardInvitations.position,
            expiresAt: boardInvitations.expiresAt,
          })
          .from(boardInvitations)
          .where(and(inArray(boardInvitations.boardId, ids), eq(boardInvitations.status, "pending"), gt(boardInvitations.expiresAt, now)))
          .orderBy(asc(boardInvitations.createdAt))
      : [];
  const currentId = rows.find((b) => b.startsOn <= day)?.id;
  return rows.map((b) => ({
    ...b,
    state: b.id === currentId ? ("current" as const) : b.startsOn > day ? ("incoming" as const) : ("past" as const),
    members: members.filter((m) => m.boardId === b.id),
    invitations: invitations.filter((i) => i.boardId === b.id),
  }));
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
export const actorOf = (user: { id: string; name: string | null; email: string }, asOffice = false): Actor => ({
  id: user.id,
  name: user.name,
  email: user.email,
  office: asOffice,
});

type LiveBoard = { id: string; organisationId: string; year: number; startsOn: string; state: "current" | "incoming" };

/** The board, when it belongs to the organisation and is current or incoming on `day` (earlier boards are history). */
async function liveBoard(db: Db, orgId: string, boardId: string, day: string): Promise<LiveBoard | null> {
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

/** Serialises changes to one organisation's boards (the chair rule and the limits read, then write). */
async function lockOrganisation(db: Db, orgId: string) {
  const [org] = await db
    .select({ id: organisations.id, name: organisations.name, lang: organisations.lang })
    .from(organisations)
    .where(eq(organisations.id, orgId))
    .for("no key update");
  if (!org) throw new AppError(404, "not_found");
  return org;
}

/**
 * The chair's seat is changed (a chair removed, someone made chair or no longer chair, a chair
 * invited or their invitation withdrawn) only by the office, by a chair of that board, or, for
 * the incoming board the current board prepares, by a chair of the current board. A board
 * without a chair may be given one (`adding`) by any of its members.
 */
export async function mayChangeChair(
  db: Db,
  a: { actor: Actor; orgId: string; board: { id: string; state: string }; day: string; adding?: boolean },
) {
  if (a.actor.office) return true;
  const chairs = await db
    .select({ boardId: boardMembers.boardId, userId: boardMembers.userId, startsOn: boards.startsOn })
    .from(boardMembers)
    .innerJoin(boards, eq(boards.id, boardMembers.boardId))
    .where(and(eq(boards.organisationId, a.orgId), eq(boardMembers.position, "chair")));
  if (chairs.some((c) => c.boardId === a.board.id && c.userId === a.actor.id)) return true;
  if (a.board.state === "incoming") {
    const [current] = await db
      .select({ id: boards.id })
      .from(boards)
      .where(and(eq(boards.organisationId, a.orgId), lte(boards.startsOn, a.day)))
      .orderBy(desc(boards.startsOn))
      .limit(1);
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

const personLabel = (p: { name: string | null; email: string }) => (p.name ? `${p.name} (${p.email})` : p.email);

/**
 * Mails a change to every member of the board (and to `also`, such as a removed member), each in
 * their own language, in the caller's transaction: the change and its mails commit together.
 */
export async function notifyBoard(
  db: Db,
  deps: MailDeps,
  a: {
    boardId: string;
    orgName: string;
    actor: Actor | null;
    change: BoardChange;
    also?: { email: string; lang: Lang }[];
    /** Someone who hears about this change through a mail of its own (an approved requester). */
    except?: string;
  },
) {
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

// ---------- invitations ----------

type InvitationMail = {
  inviter: string | null;
  orgName: string;
  year: string;
  position: Position;
  startsOn: string | null;
  expiresOn: string;
  link: string;
};

/**
 * The invitation goes to an address that has confirmed nothing yet, so it holds no text anyone
 * typed for it: the inviter's own name and address (or "the office"), the organisation, the
 * board's year and the position, and the link to accept.
 */
const invitationMail: MailTemplate<InvitationMail> = (t, d) => {
  const m = t.org.mail;
  return {
    subject: m.invitedSubject(d.orgName),
    heading: m.invitedSubject(d.orgName),
    paragraphs: [
      m.invitedBody(d.inviter ?? m.theOffice, d.orgName, d.year, t.org.positions[d.position]),
      ...(d.startsOn ? [m.invitedStart(d.startsOn)] : []),
      m.invitedHow(d.expiresOn),
    ],
    action: { label: m.invitedButton, url: d.link },
    after: [m.invitedIgnore],
  };
};

export type MemberInput = { email: string; name: string | null; position: Position };

async function limitInvitations(db: Db, a: { actor: Actor; orgId: string; now: Date }) {
  if (a.actor.office) return;
  const since = (ms: number) => new Date(a.now.getTime() - ms);
  const check = async (where: ReturnType<typeof and>, limit: number, windowMs: number) => {
    const rows = await db
      .select({ at: boardInvitations.createdAt })
      .from(boardInvitations)
      .where(and(where, gt(boardInvitations.createdAt, since(windowMs))))
      .orderBy(desc(boardInvitations.createdAt))
      .limit(limit);
    // The oldest of the last `limit` leaves the window first: then one more is allowed.
    if (rows.length >= limit) throw new RateLimited((rows.at(-1)!.at.getTime() + windowMs - a.now.getTime()) / 1000);
  };
  await check(and(eq(boardInvitations.invitedBy, a.actor.id)), INVITES_PER_INVITER_PER_HOUR, HOUR);
  await check(and(eq(boardInvitations.organisationId, a.orgId), eq(boardInvitations.byOffice, false)), INVITES_PER_ORG_PER_DAY, DAY);
}

/**
 * Invites someone to the current or incoming board of an organisation. Nothing changes on the
 * board until they accept through the link in the mail; until then the board sees the open
 * invitation, and every member is told about it.
 */
export async function inviteToBoard(
  db: Db,
  deps: MailDeps,
  a: { actor: Actor; orgId: string; boardId: string; member: MemberInput; today: string; now: Date },
) {
  const email = a.member.email.trim().toLowerCase();
  try {
    return await db.transaction(async (tx) => {
      const org = await lockOrganisation(tx, a.orgId);
      const board = await liveBoard(tx, a.orgId, a.boardId, a.today);
      if (!board) throw new FieldError("boardId", "invalidChoice");
      const [seated] = await tx
        .select({ id: boardMembers.id })
        .from(boardMembers)
        .innerJoin(users, eq(users.id, boardMembers.userId))
        .where(and(eq(boardMembers.boardId, board.id), eq(users.email, email)));
      if (seated) throw new FieldError("email", "alreadyMember");
      if (
        a.member.position === "chair" &&
        !(await mayChangeChair(tx, { actor: a.actor, orgId: a.orgId, board, day: a.today, adding: true }))
      )
        throw new FieldError("position", "chairOnly");
      await limitInvitations(tx, { actor: a.actor, orgId: a.orgId, now: a.now });
      // An expired invitation no longer holds the address's place.
      await tx
        .update(boardInvitations)
        .set({ status: "expired" })
        .where(
          and(
            eq(boardInvitations.boardId, board.id),
            eq(boardInvitations.email, email),
            eq(boardInvitations.status, "pending"),
            lte(boardInvitations.expiresAt, a.now),
          ),
        );
      const token = randomToken();
      const expiresAt = new Date(a.now.getTime() + INVITATION_TTL_DAYS * DAY);
      const [inv] = await tx
        .insert(boardInvitations)
        .values({
          organisationId: a.orgId,
          boardId: board.id,
          email,
          name: a.member.name ? normaliseName(a.member.name) || null : null,
          position: a.member.position,
          invitedBy: a.actor.id,
          byOffice: a.actor.office,
          tokenHash: sha256(token),
          expiresAt,
          createdAt: a.now,
        })
        .onConflictDoNothing()
        .returning();
      if (!inv) throw new FieldError("email", "alreadyInvited");
      await audit(tx, {
        actorId: a.actor.id,
        organisationId: a.orgId,
        entity: "board_invitation",
        entityId: inv.id,
        action: "board_invitation.create",
        changes: { email: { to: email }, position: { to: a.member.position }, year: { to: board.year } },
      });
      const [known] = await tx.select({ lang: users.lang }).from(users).where(eq(users.email, email));
      const lang = known?.lang ?? org.lang;
      await sendMail(tx, deps, {
        to: email,
        lang,
        template: "org.invited",
        render: invitationMail,
        data: {
          inviter: a.actor.office ? null : personLabel(a.actor),
          orgName: org.name,
          year: `${board.year}-${board.year + 1}`,
          position: a.member.position,
          startsOn: board.state === "incoming" ? formatDate(lang, board.startsOn) : null,
          expiresOn: formatDate(lang, expiresAt, deps.env.TIME_ZONE),
          link: `${deps.env.BASE_URL}${url(lang, "invitation")}?token=${token}`,
        },
      });
      await notifyBoard(tx, deps, {
        boardId: board.id,
        orgName: org.name,
        actor: a.actor,
        change: { kind: "invited", email, position: a.member.position },
      });
      return inv;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new FieldError("email", "alreadyInvited");
    throw err;
  }
}

/**
 * The office invites someone to an organisation's board. `boardId: "new"` first creates a board
 * for this academic year, starting today (offered when the organisation has no current or
 * incoming board); both happen in one transaction. Office invitations too give access only once
 * the invitee accepts them.
 */
export async function officeInvite(
  db: Db,
  deps: MailDeps,
  a: { actor: Actor; orgId: string; boardId: string; member: MemberInput; today: string; now: Date },
) {
  return db.transaction(async (tx) => {
    const boardId =
      a.boardId === "new"
        ? (await createBoard(tx, { actorId: a.actor.id, orgId: a.orgId, startsOn: a.today, env: deps.env })).id
        : a.boardId;
    return inviteToBoard(tx, deps, { ...a, boardId });
  });
}

/** What the invitation page shows for a usable token (pending, unexpired, board not yet history), or null. */
export async function invitationForToken(db: Db, token: string, a: { now: Date; today: string }) {
  if (token.length < 20 || token.length > 100) return null;
  const [row] = await db
    .select({
      id: boardInvitations.id,
      email: boardInvitations.email,
      name: boardInvitations.name,
      position: boardInvitations.position,
      expiresAt: boardInvitations.expiresAt,
      byOffice: boardInvitations.byOffice,
      boardId: boards.id,
      year: boards.year,
      startsOn: boards.startsOn,
      orgId: organisations.id,
      orgName: organisations.name,
      inviterName: users.name,
      inviterEmail: users.email,
    })
    .from(boardInvitations)
    .innerJoin(boards, eq(boards.id, boardInvitations.boardId))
    .innerJoin(organisations, eq(organisations.id, boardInvitations.organisationId))
    .leftJoin(users, eq(users.id, boardInvitations.invitedBy))
    .where(
      and(eq(boardInvitations.tokenHash, sha256(token)), eq(boardInvitations.status, "pending"), gt(boardInvitations.expiresAt, a.now)),
    );
  if (!row) return null;
  if (!(await liveBoard(db, row.orgId, row.boardId, a.today))) return null;
  const [known] = await db.select({ name: users.name }).from(users).where(eq(users.email, row.email));
  return {
    ...row,
    /** Who invited: null for the office; "" when the inviting account no longer exists. */
    inviter: row.byOffice ? null : row.inviterEmail ? personLabel({ name: row.inviterName, email: row.inviterEmail }) : "",
    /** The name to offer: the invitee's own if they have an account with one, else what the inviter typed. */
    suggestedName: known?.name ?? row.name,
  };
}

/**
 * Accepts an invitation exactly once (one guarded UPDATE): the invited address gets an account
 * if it has none, with the name its owner confirmed, and joins the board. The board is told.
 * A new account is signed in at once (the link proved the address, and the account holds nothing
 * else); an existing one is not, so a forwarded or leaked invitation never opens an account that
 * has other boards or an office role: its owner signs in as usual. Null when the token is
 * unusable (used, withdrawn, expired, or the board is history).
 */
export async function acceptInvitation(
  db: Db,
  deps: MailDeps,
  a: { token: string; name: string | null; lang: Lang; now: Date; today: string },
) {
  return db.transaction(async (tx) => {
    const [inv] = await tx
      .update(boardInvitations)
      .set({ status: "accepted", decidedAt: a.now })
      .where(
        and(eq(boardInvitations.tokenHash, sha256(a.token)), eq(boardInvitations.status, "pending"), gt(boardInvitations.expiresAt, a.now)),
      )
      .returning();
    if (!inv) return null;
    const org = await lockOrganisation(tx, inv.organisationId);
    const board = await liveBoard(tx, inv.organisationId, inv.boardId, a.today);
    if (!board) {
      await tx.update(boardInvitations).set({ status: "expired", decidedAt: null }).where(eq(boardInvitations.id, inv.id));
      return null;
    }
    const name = a.name ? normaliseName(a.name) || null : null;
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, inv.email));
    const [user] = await tx
      .insert(users)
      .values({ email: inv.email, name, lang: a.lang, lastSignInAt: a.now })
      .onConflictDoUpdate({ target: users.email, set: name ? { name } : { email: sql`excluded.email` } })
      .returning();
    const [member] = await tx
      .insert(boardMembers)
      .values({ boardId: board.id, userId: user!.id, position: inv.position, invitedBy: inv.invitedBy })
      .onConflictDoNothing()
      .returning();
    if (member) {
      await audit(tx, {
        actorId: user!.id,
        organisationId: org.id,
        entity: "board_member",
        entityId: member.id,
        action: "board_member.add",
        changes: { email: { to: user!.email }, position: { to: inv.position }, year: { to: board.year } },
      });
      await notifyBoard(tx, deps, {
        boardId: board.id,
        orgName: org.name,
        actor: null,
        change: { kind: "accepted", person: personLabel(user!), position: inv.position },
      });
    }
    const sessionToken = existing ? null : await createSession(tx, user!.id, a.now);
    return { sessionToken, user: user!, orgId: org.id, current: board.state === "current" };
  });
}

/** Declines an invitation (the board's open invitation goes away); false when the token is unusable. */
export async function declineInvitation(db: Db, a: { token: string; now: Date }) {
  return db.transaction(async (tx) => {
    const [inv] = await tx
      .update(boardInvitations)
      .set({ status: "declined", decidedAt: a.now })
      .where(
        and(eq(boardInvitations.tokenHash, sha256(a.token)), eq(boardInvitations.status, "pending"), gt(boardInvitations.expiresAt, a.now)),
      )
      .returning();
    if (!inv) return false;
    await audit(tx, {
      actorId: null,
      organisationId: inv.organisationId,
      entity: "board_invitation",
      entityId: inv.id,
      action: "board_invitation.decline",
      changes: { email: { from: inv.email } },
    });
    return true;
  });
}

/** Withdraws an open invitation to a current or incoming board; false when there is none to withdraw. */
export async function withdrawInvitation(
  db: Db,
  deps: MailDeps,
  a: { actor: Actor; orgId: string; invitationId: string; today: string; now: Date },
) {
  return db.transaction(async (tx) => {
    const org = await lockOrganisation(tx, a.orgId);
    const [inv] = await tx
      .select()
      .from(boardInvitations)
      .where(
        and(
          eq(boardInvitations.id, a.invitationId),
          eq(boardInvitations.organisationId, a.orgId),
          eq(boardInvitations.status, "pending"),
          gt(boardInvitations.expiresAt, a.now),
        ),
      );
    if (!inv) return false;
    const board = await liveBoard(tx, a.orgId, inv.boardId, a.today);
    if (!board) return false;
    if (inv.position === "chair" && !(await mayChangeChair(tx, { actor: a.actor, orgId: a.orgId, board, day: a.today })))
      throw new AppError(403, "chair_only");
    await tx.update(boardInvitations).set({ status: "withdrawn", decidedAt: a.now }).where(eq(boardInvitations.id, inv.id));
    await audit(tx, {
      actorId: a.actor.id,
      organisationId: a.orgId,
      entity: "board_invitation",
      entityId: inv.id,
      action: "board_invitation.withdraw",
      changes: { email: { from: inv.email } },
    });
    await notifyBoard(tx, deps, {
      boardId: board.id,
      orgName: org.name,
      actor: a.actor,
      change: { kind: "withdrawn", email: inv.email, position: inv.position },
    });
    return true;
  });
}

// ---------- members ----------

/** A member of a current or incoming board of the organisation, with the board; null otherwise. */
async function liveMember(db: Db, a: { orgId: string; memberId: string; today: string }) {
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
 * Removes someone from the current or incoming board of an organisation. Earlier boards are
 * history and stay as they were; nobody removes themselves (the button is not offered either);
 * a chair is removed only under the chair rule (`mayChangeChair`). The whole board, the removed
 * member included, is told. Returns the removed member's user id, or null when there was nothing
 * to remove; throws a 403 when the chair rule forbids it.
 */
export async function removeBoardMember(db: Db, deps: MailDeps, a: { actor: Actor; orgId: string; memberId: string; today: string }) {
  return db.transaction(async (tx) => {
    const org = await lockOrganisation(tx, a.orgId);
    const found = await liveMember(tx, a);
    if (!found || found.member.userId === a.actor.id) return null;
    const { member: m, board } = found;
    if (m.position === "chair" && !(await mayChangeChair(tx, { actor: a.actor, orgId: a.orgId, board, day: a.today })))
      throw new AppError(403, "chair_only");
    await tx.delete(boardMembers).where(eq(boardMembers.id, m.id));
    await audit(tx, {
      actorId: a.actor.id,
      organisationId: a.orgId,
      entity: "board_member",
      entityId: m.id,
      action: "board_member.remove",
      changes: { email: { from: m.email }, position: { from: m.position } },
    });
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

/**
 * Changes a member's position on a current or incoming board. Making someone chair, or a chair
 * something else, follows the chair rule (a 403 otherwise). The whole board is told. False when
 * there is no such member.
 */
export async function changeMemberPosition(
  db: Db,
  deps: MailDeps,
  a: { actor: Actor; orgId: string; memberId: string; position: Position; today: string },
) {
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
      changes: { email: { to: m.email }, position: { from: m.position, to: a.position } },
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

/** Seats a person directly (the office approving their own request); the rest of the board is told. */
export async function seatMember(
  db: Db,
  deps: MailDeps,
  a: { actor: Actor | null; orgId: string; boardId: string; userId: string; position: Position },
) {
  const [row] = await db
    .insert(boardMembers)
    .values({ boardId: a.boardId, userId: a.userId, position: a.position, invitedBy: a.actor?.id ?? null })
    .onConflictDoNothing()
    .returning();
  if (!row) return null;
  const [org] = await db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, a.orgId));
  const [person] = await db.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, a.userId));
  await notifyBoard(db, deps, {
    boardId: a.boardId,
    orgName: org?.name ?? "",
    actor: a.actor,
    change: { kind: "added", person: personLabel(person!), position: a.position },
    except: person!.email,
  });
  return row;
}

/**
 * The current board registers the next one: a board starting on a later date, and invitations
 * to its members. On that date access moves (see `boardOrgIds`) to those who accepted; the
 * organisation's records stay where they are.
 */
export async function registerNextBoard(
  db: Db,
  deps: MailDeps,
  a: { actor: Actor; orgId: string; startsOn: string; members: MemberInput[]; today: string; now: Date },
) {
  if (a.startsOn <= a.today) throw new FieldError("startsOn", "dateNotAfterCurrent");
  return db.transaction(async (tx) => {
    await lockOrganisation(tx, a.orgId);
    const [current] = await tx
      .select()
      .from(boards)
      .where(and(eq(boards.organisationId, a.orgId), lte(boards.startsOn, a.today)))
      .orderBy(desc(boards.startsOn))
      .limit(1);
    if (current && academicYearOf(a.startsOn, deps.env.ACADEMIC_YEAR_START) <= current.year)
      throw new FieldError("startsOn", "boardExists");
    const board = await createBoard(tx, { actorId: a.actor.id, orgId: a.orgId, startsOn: a.startsOn, env: deps.env });
    for (const [i, member] of a.members.entries()) {
      try {
        await inviteToBoard(tx, deps, { ...a, boardId: board.id, member });
      } catch (err) {
        // The form's rows are email_1, email_2 ...: report the error at the row that caused it.
        if (err instanceof FieldError && (err.field === "email" || err.field === "position"))
          throw new FieldError(`${err.field}_${i + 1}`, err.key);
        throw err;
      }
    }
    return board;
  });
}
