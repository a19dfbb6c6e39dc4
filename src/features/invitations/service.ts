import { and, asc, desc, eq, gt, inArray, lte, type SQL, sql } from "drizzle-orm";
import { DAY, HOUR } from "../../core/clock.js";
import { randomToken, sha256 } from "../../core/crypto.js";
import { AppError, FieldError, isUniqueViolation, tooManyRequests } from "../../core/errors.js";
import type { ErrorKey } from "../../core/forms.js";
import { isUuid } from "../../core/http/params.js";
import { formatDate, type Lang } from "../../core/i18n/index.js";
import { type MailDeps, type MailTemplate, sendMail } from "../../core/mail/send.js";
import { normaliseName } from "../../core/text.js";
import type { Db } from "../../db/index.js";
import { url } from "../../routes.js";
import { audit } from "../audit/service.js";
import { users } from "../auth/schema.js";
import { createSession } from "../auth/service.js";
import {
  type Actor,
  academicYearOf,
  createBoard,
  currentBoardOf,
  liveBoard,
  lockOrganisation,
  mayChangeChair,
  memberByEmail,
  notifyBoard,
  type Position,
  personLabel,
  seatMember,
} from "../organisations/service.js";
import { boardInvitations } from "./schema.js";

/**
 * Invitations to a board: they give access only once the invitee accepts them, through the link
 * mailed to the invited address (see docs/decisions/018-board-invitations-and-names.md).
 */

/** An invitation link works this long. */
export const INVITATION_TTL_DAYS = 14;
/** Invitations one board member may send per hour, and an organisation's boards per day (the office: no limit). */
export const INVITES_PER_INVITER_PER_HOUR = 15;
export const INVITES_PER_ORG_PER_DAY = 30;

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
  const m = t.invitations.mail;
  return {
    subject: m.subject(d.orgName),
    heading: m.subject(d.orgName),
    paragraphs: [
      m.body(d.inviter ?? t.org.mail.theOffice, d.orgName, d.year, t.org.positions[d.position]),
      ...(d.startsOn ? [m.start(d.startsOn)] : []),
      m.how(d.expiresOn),
    ],
    action: { label: m.button, url: d.link },
    after: [m.ignore],
  };
};

export type MemberInput = { email: string; name: string | null; position: Position };

/** The limits per inviter and per organisation: a 429 with Retry-After when one is used up. */
async function limitInvitations(db: Db, a: { actor: Actor; orgId: string; now: Date }) {
  if (a.actor.office) return;
  const check = async (where: SQL, limit: number, windowMs: number) => {
    const rows = await db
      .select({ at: boardInvitations.createdAt })
      .from(boardInvitations)
      .where(and(where, gt(boardInvitations.createdAt, new Date(a.now.getTime() - windowMs))))
      .orderBy(desc(boardInvitations.createdAt))
      .limit(limit);
    // The oldest of the last `limit` leaves the window first: then one more is allowed.
    if (rows.length >= limit) throw tooManyRequests(Math.ceil((rows.at(-1)!.at.getTime() + windowMs - a.now.getTime()) / 1000));
  };
  await check(eq(boardInvitations.invitedBy, a.actor.id), INVITES_PER_INVITER_PER_HOUR, HOUR);
  await check(and(eq(boardInvitations.organisationId, a.orgId), eq(boardInvitations.byOffice, false))!, INVITES_PER_ORG_PER_DAY, DAY);
}

/**
 * Invites someone to the current or incoming board of an organisation. Nothing changes on the
 * board until they accept through the link in the mail; until then the board sees the open
 * invitation, and every member is told about it. The organisation's row is locked meanwhile, so
 * the chair rule and the limits are checked and applied in turn.
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
      if (await memberByEmail(tx, board.id, email)) throw new FieldError("email", "alreadyMember");
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
      const [known] = await tx.select({ id: users.id, lang: users.lang }).from(users).where(eq(users.email, email));
      await audit(tx, {
        actorId: a.actor.id,
        organisationId: a.orgId,
        entity: "board_invitation",
        entityId: inv.id,
        action: "board_invitation.create",
        // The invitee by account id when they have one; an address that has no account stays out of the log.
        subjectId: known?.id ?? null,
        changes: { position: { to: a.member.position }, year: { to: board.year } },
      });
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
 * The rules `inviteToBoard` applies to the form's fields, checked without writing anything: for a
 * form that failed its schema, so these show together with its other errors (the service checks
 * them again when the form is sent). Fields whose value is not usable yet are left alone.
 */
export async function invitationProblems(
  db: Db,
  a: { actor: Actor; orgId: string; boardId: string; email: string; position: string; today: string; now: Date },
) {
  const out: { boardId?: ErrorKey; email?: ErrorKey; position?: ErrorKey } = {};
  if (!isUuid(a.boardId)) return out;
  const board = await liveBoard(db, a.orgId, a.boardId.toLowerCase(), a.today);
  if (!board) return { boardId: "invalidChoice" as const };
  const email = a.email.trim().toLowerCase();
  if (email) {
    if (await memberByEmail(db, board.id, email)) out.email = "alreadyMember";
    else {
      const [open] = await db
        .select({ id: boardInvitations.id })
        .from(boardInvitations)
        .where(
          and(
            eq(boardInvitations.boardId, board.id),
            eq(boardInvitations.email, email),
            eq(boardInvitations.status, "pending"),
            gt(boardInvitations.expiresAt, a.now),
          ),
        );
      if (open) out.email = "alreadyInvited";
    }
  }
  if (a.position === "chair" && !(await mayChangeChair(db, { actor: a.actor, orgId: a.orgId, board, day: a.today, adding: true })))
    out.position = "chairOnly";
  return out;
}

export type OpenInvitation = Awaited<ReturnType<typeof openInvitations>>[number];

/** The open (pending, unexpired at `now`) invitations to these boards, oldest first. */
export function openInvitations(db: Db, boardIds: string[], now: Date) {
  if (!boardIds.length) return Promise.resolve([]);
  return db
    .select({
      id: boardInvitations.id,
      boardId: boardInvitations.boardId,
      email: boardInvitations.email,
      position: boardInvitations.position,
      expiresAt: boardInvitations.expiresAt,
    })
    .from(boardInvitations)
    .where(and(inArray(boardInvitations.boardId, boardIds), eq(boardInvitations.status, "pending"), gt(boardInvitations.expiresAt, now)))
    .orderBy(asc(boardInvitations.createdAt));
}

const byToken = (token: string, now: Date) =>
  and(eq(boardInvitations.tokenHash, sha256(token)), eq(boardInvitations.status, "pending"), gt(boardInvitations.expiresAt, now));

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
      boardId: boardInvitations.boardId,
      orgId: boardInvitations.organisationId,
      inviterName: users.name,
      inviterEmail: users.email,
    })
    .from(boardInvitations)
    .leftJoin(users, eq(users.id, boardInvitations.invitedBy))
    .where(byToken(token, a.now));
  if (!row) return null;
  const board = await liveBoard(db, row.orgId, row.boardId, a.today);
  if (!board) return null;
  const org = await lockOrganisation(db, row.orgId, { lock: false });
  const [known] = await db.select({ name: users.name }).from(users).where(eq(users.email, row.email));
  return {
    ...row,
    orgName: org.name,
    year: board.year,
    startsOn: board.startsOn,
    current: board.state === "current",
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
      .where(byToken(a.token, a.now))
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
    await seatMember(tx, deps, {
      actor: null,
      orgId: org.id,
      boardId: board.id,
      userId: user!.id,
      position: inv.position,
      invitedBy: inv.invitedBy,
      via: "invitation",
    });
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
      .where(byToken(a.token, a.now))
      .returning();
    if (!inv) return false;
    await audit(tx, {
      actorId: null,
      organisationId: inv.organisationId,
      entity: "board_invitation",
      entityId: inv.id,
      action: "board_invitation.decline",
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
    const current = await currentBoardOf(tx, a.orgId, a.today);
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
