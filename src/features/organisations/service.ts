import { and, asc, count, desc, eq, gt, ilike, inArray, lte, or, type SQL, sql } from "drizzle-orm";
import { FieldError, isUniqueViolation } from "../../core/errors.js";
import { formatDate, type Lang } from "../../core/i18n/index.js";
import { type MailDeps, type MailTemplate, sendMail } from "../../core/mail/send.js";
import type { Db } from "../../db/index.js";
import type { Env } from "../../env.js";
import { url } from "../../routes.js";
import { audit, diff } from "../audit/service.js";
import { users } from "../auth/schema.js";
import { boardOrgIds } from "./access.js";
import {
  boardMembers,
  boards,
  type OrgKind,
  type OrgRequestData,
  type OrgStatus,
  organisations,
  orgRequests,
  type Position,
} from "./schema.js";

// ---------- academic years ----------

/** The academic year (by its first calendar year) that `day` (YYYY-MM-DD) falls in. */
export function academicYearOf(day: string, start: string): number {
  const year = Number(day.slice(0, 4));
  return day.slice(5) >= start ? year : year - 1;
}
export const academicYearStart = (year: number, start: string) => `${year}-${start}`;

// ---------- reading ----------

export type OrgInput = {
  name: string;
  kind: OrgKind;
  faculty: string | null;
  website: string | null;
  contactUrl: string | null;
  email: string | null;
  lang: Lang;
  memberCount: number | null;
  status?: OrgStatus;
};

export async function getOrganisation(db: Db, id: string) {
  const [org] = await db.select().from(organisations).where(eq(organisations.id, id));
  return org ?? null;
}

/** The organisations whose current board the user sits on (id and name), by name. */
export function currentOrganisationsOf(db: Db, userId: string, day: string) {
  return db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(inArray(organisations.id, boardOrgIds(db, userId, day)))
    .orderBy(asc(organisations.name));
}

export type BoardWithMembers = Awaited<ReturnType<typeof boardsOf>>[number];

/** Every board of an organisation, newest first, with its members and whether it is current, incoming or past on `day`. */
export async function boardsOf(db: Db, organisationId: string, day: string) {
  const rows = await db.select().from(boards).where(eq(boards.organisationId, organisationId)).orderBy(desc(boards.startsOn));
  const members = rows.length
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
        .where(
          inArray(
            boardMembers.boardId,
            rows.map((b) => b.id),
          ),
        )
        .orderBy(asc(boardMembers.createdAt))
    : [];
  const currentId = rows.find((b) => b.startsOn <= day)?.id;
  return rows.map((b) => ({
    ...b,
    state: b.id === currentId ? ("current" as const) : b.startsOn > day ? ("incoming" as const) : ("past" as const),
    members: members.filter((m) => m.boardId === b.id),
  }));
}

// ---------- organisations ----------

async function assertNameFree(db: Db, name: string, exceptId?: string) {
  const [hit] = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(and(sql`lower(${organisations.name}) = lower(${name})`, exceptId ? sql`${organisations.id} <> ${exceptId}` : undefined));
  if (hit) throw new FieldError("name", "duplicateName");
}

export async function createOrganisation(db: Db, actorId: string | null, input: OrgInput) {
  try {
    return await db.transaction(async (tx) => {
      await assertNameFree(tx, input.name);
      const [org] = await tx.insert(organisations).values(input).returning();
      await audit(tx, {
        actorId,
        organisationId: org!.id,
        entity: "organisation",
        entityId: org!.id,
        action: "organisation.create",
        changes: diff({}, input),
      });
      return org!;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new FieldError("name", "duplicateName");
    throw err;
  }
}

export async function updateOrganisation(db: Db, actorId: string, id: string, input: Partial<OrgInput>, now: Date) {
  try {
    return await db.transaction(async (tx) => {
      const [before] = await tx.select().from(organisations).where(eq(organisations.id, id)).for("update");
      if (!before) return null;
      if (input.name) await assertNameFree(tx, input.name, id);
      const changes = diff(before as Record<string, unknown>, input);
      if (!Object.keys(changes).length) return before;
      const [after] = await tx
        .update(organisations)
        .set({ ...input, updatedAt: now })
        .where(eq(organisations.id, id))
        .returning();
      await audit(tx, { actorId, organisationId: id, entity: "organisation", entityId: id, action: "organisation.update", changes });
      return after!;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new FieldError("name", "duplicateName");
    throw err;
  }
}

// ---------- boards and members ----------

const invitedMail: MailTemplate<{ inviter: string; orgName: string; year: string; startsOn: string | null; link: string }> = (t, d) => ({
  subject: t.org.mail.invitedSubject(d.orgName),
  heading: t.org.mail.invitedSubject(d.orgName),
  paragraphs: [
    t.org.mail.invitedBody(d.inviter, d.orgName, d.year),
    ...(d.startsOn ? [t.org.mail.invitedStart(d.startsOn)] : []),
    t.org.mail.invitedHow,
  ],
  action: { label: t.org.mail.signInButton, url: d.link },
});

/** Finds or creates the account for an address (accounts are keyed by email). */
async function userFor(db: Db, email: string, name: string | null, lang: Lang) {
  const [u] = await db
    .insert(users)
    .values({ email, name, lang })
    .onConflictDoUpdate({ target: users.email, set: { name: sql`coalesce(${users.name}, excluded.name)` } })
    .returning();
  return u!;
}

export type MemberInput = { email: string; name: string | null; position: Position };

/**
 * Adds someone to a board (creating their account if needed) and mails them. The caller has
 * authorised the board's organisation; `today` decides whether the mail mentions a later start.
 */
export async function addBoardMember(
  db: Db,
  deps: MailDeps,
  a: { actorId: string; actorName: string; orgId: string; orgName: string; boardId: string; member: MemberInput; today: string },
) {
  return db.transaction(async (tx) => {
    const [board] = await tx
      .select()
      .from(boards)
      .where(and(eq(boards.id, a.boardId), eq(boards.organisationId, a.orgId)));
    if (!board) throw new FieldError("boardId", "invalidChoice");
    const [org] = await tx.select({ lang: organisations.lang }).from(organisations).where(eq(organisations.id, a.orgId));
    const user = await userFor(tx, a.member.email, a.member.name, org?.lang ?? deps.env.OFFICE_LANG);
    const [row] = await tx
      .insert(boardMembers)
      .values({ boardId: board.id, userId: user.id, position: a.member.position, invitedBy: a.actorId })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new FieldError("email", "alreadyMember");
    await audit(tx, {
      actorId: a.actorId,
      organisationId: a.orgId,
      entity: "board_member",
      entityId: row.id,
      action: "board_member.add",
      subjectId: user.id,
      changes: { position: { to: a.member.position }, year: { to: board.year } },
    });
    await sendMail(tx, deps, {
      to: user.email,
      lang: user.lang,
      template: "org.invited",
      render: invitedMail,
      data: {
        inviter: a.actorName,
        orgName: a.orgName,
        year: `${board.year}-${board.year + 1}`,
        startsOn: board.startsOn > a.today ? formatDate(user.lang, board.startsOn) : null,
        link: `${deps.env.BASE_URL}${url(user.lang, "signIn")}`,
      },
    });
    return row;
  });
}

/**
 * The office adds someone to an organisation's board. `boardId: "new"` first creates a board for
 * this academic year, starting today (offered when the organisation has no current or incoming
 * board); both happen in one transaction.
 */
export async function officeInvite(
  db: Db,
  deps: MailDeps,
  a: { actorId: string; actorName: string; orgId: string; orgName: string; boardId: string; member: MemberInput; today: string },
) {
  return db.transaction(async (tx) => {
    const boardId =
      a.boardId === "new"
        ? (await createBoard(tx, { actorId: a.actorId, orgId: a.orgId, startsOn: a.today, env: deps.env })).id
        : a.boardId;
    return addBoardMember(tx, deps, { ...a, boardId });
  });
}

/**
 * Removes someone from the current or incoming board of an organisation. Earlier boards are
 * history and stay as they were; nobody removes themselves (the button is not offered either).
 */
export async function removeBoardMember(db: Db, a: { actorId: string; orgId: string; memberId: string; today: string }) {
  return db.transaction(async (tx) => {
    const [m] = await tx
      .select({ id: boardMembers.id, boardId: boardMembers.boardId, userId: boardMembers.userId, email: users.email })
      .from(boardMembers)
      .innerJoin(boards, eq(boards.id, boardMembers.boardId))
      .innerJoin(users, eq(users.id, boardMembers.userId))
      .where(and(eq(boardMembers.id, a.memberId), eq(boards.organisationId, a.orgId)));
    if (!m || m.userId === a.actorId) return false;
    const live = (await boardsOf(tx, a.orgId, a.today)).find((b) => b.id === m.boardId);
    if (!live || live.state === "past") return false;
    await tx.delete(boardMembers).where(eq(boardMembers.id, m.id));
    await audit(tx, {
      actorId: a.actorId,
      organisationId: a.orgId,
      entity: "board_member",
      entityId: m.id,
      action: "board_member.remove",
      subjectId: m.userId,
    });
    return true;
  });
}

/** Creates a board that starts on `startsOn`; its academic year follows from the date. */
export async function createBoard(db: Db, a: { actorId: string | null; orgId: string; startsOn: string; env: Env }) {
  const year = academicYearOf(a.startsOn, a.env.ACADEMIC_YEAR_START);
  try {
    const [board] = await db.insert(boards).values({ organisationId: a.orgId, year, startsOn: a.startsOn }).returning();
    await audit(db, {
      actorId: a.actorId,
      organisationId: a.orgId,
      entity: "board",
      entityId: board!.id,
      action: "board.create",
      changes: { year: { to: year }, startsOn: { to: a.startsOn } },
    });
    return board!;
  } catch (err) {
    if (isUniqueViolation(err)) throw new FieldError("startsOn", "boardExists");
    throw err;
  }
}

/**
 * The current board registers the next one: a board starting on a later date, with its members.
 * On that date access moves (see `boardOrgIds`); the organisation's records stay where they are.
 */
export async function registerNextBoard(
  db: Db,
  deps: MailDeps,
  a: { actorId: string; actorName: string; orgId: string; orgName: string; startsOn: string; members: MemberInput[]; today: string },
) {
  if (a.startsOn <= a.today) throw new FieldError("startsOn", "dateNotAfterCurrent");
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(boards)
      .where(and(eq(boards.organisationId, a.orgId), lte(boards.startsOn, a.today)))
      .orderBy(desc(boards.startsOn))
      .limit(1);
    if (current && academicYearOf(a.startsOn, deps.env.ACADEMIC_YEAR_START) <= current.year)
      throw new FieldError("startsOn", "boardExists");
    const board = await createBoard(tx, { actorId: a.actorId, orgId: a.orgId, startsOn: a.startsOn, env: deps.env });
    for (const member of a.members) {
      await addBoardMember(tx, deps, { ...a, boardId: board.id, member });
    }
    return board;
  });
}

// ---------- requests ----------

const requestOfficeMail: MailTemplate<{ who: string; name: string; link: string }> = (t, d) => ({
  subject: t.org.mail.requestOfficeSubject(d.name),
  heading: t.org.mail.requestOfficeSubject(d.name),
  paragraphs: [t.org.mail.requestOfficeBody(d.who, d.name)],
  action: { label: t.org.mail.requestOfficeButton, url: d.link },
});
const requestReceivedMail: MailTemplate<{ name: string }> = (t, d) => ({
  subject: t.org.mail.requestReceivedSubject,
  heading: t.org.mail.requestReceivedSubject,
  paragraphs: [t.org.mail.requestReceivedBody(d.name)],
});
const decisionMail: MailTemplate<{ name: string; approved: boolean; reason: string | null; link: string }> = (t, d) => ({
  subject: d.approved ? t.org.mail.approvedSubject(d.name) : t.org.mail.declinedSubject(d.name),
  heading: d.approved ? t.org.mail.approvedSubject(d.name) : t.org.mail.declinedSubject(d.name),
  paragraphs: d.approved
    ? [t.org.mail.approvedBody(d.name)]
    : [t.org.mail.declinedBody(d.name), ...(d.reason ? [t.org.mail.reason(d.reason)] : [])],
  action: { label: t.org.mail.openButton, url: d.link },
});

type Requester = { id: string; email: string; name: string | null; lang: Lang };

async function notifyNewRequest(db: Db, deps: MailDeps, requester: Requester, name: string) {
  const officeLang = deps.env.OFFICE_LANG;
  await sendMail(db, deps, {
    to: deps.env.OFFICE_EMAIL,
    lang: officeLang,
    template: "org.request-office",
    render: requestOfficeMail,
    data: { who: requester.name ?? requester.email, name, link: `${deps.env.BASE_URL}${url(officeLang, "staffRequests")}` },
  });
  await sendMail(db, deps, {
    to: requester.email,
    lang: requester.lang,
    template: "org.request-received",
    render: requestReceivedMail,
    data: { name },
  });
}

export async function requestRegistration(
  db: Db,
  deps: MailDeps,
  a: { user: Requester; data: OrgRequestData; position: Position; message: string | null },
) {
  await assertNameFree(db, a.data.name);
  return db.transaction(async (tx) => {
    const [req] = await tx
      .insert(orgRequests)
      .values({ kind: "register", userId: a.user.id, data: a.data, position: a.position, message: a.message })
      .returning();
    await notifyNewRequest(tx, deps, a.user, a.data.name);
    return req!;
  });
}

export async function requestJoin(
  db: Db,
  deps: MailDeps,
  a: { user: Requester; organisationId: string; position: Position; message: string | null },
) {
  const org = await getOrganisation(db, a.organisationId);
  if (!org || org.status === "dissolved") throw new FieldError("organisationId", "invalidChoice");
  return db.transaction(async (tx) => {
    const [req] = await tx
      .insert(orgRequests)
      .values({ kind: "join", userId: a.user.id, organisationId: org.id, position: a.position, message: a.message })
      .returning();
    await notifyNewRequest(tx, deps, a.user, org.name);
    return req!;
  });
}

export function listRequests(db: Db, status: "pending" | "decided") {
  return db
    .select({
      id: orgRequests.id,
      kind: orgRequests.kind,
      status: orgRequests.status,
      data: orgRequests.data,
      position: orgRequests.position,
      message: orgRequests.message,
      reason: orgRequests.reason,
      createdAt: orgRequests.createdAt,
      decidedAt: orgRequests.decidedAt,
      orgId: organisations.id,
      orgName: organisations.name,
      email: users.email,
      userName: users.name,
    })
    .from(orgRequests)
    .innerJoin(users, eq(users.id, orgRequests.userId))
    .leftJoin(organisations, eq(organisations.id, orgRequests.organisationId))
    .where(status === "pending" ? eq(orgRequests.status, "pending") : sql`${orgRequests.status} <> 'pending'`)
    .orderBy(status === "pending" ? asc(orgRequests.createdAt) : desc(orgRequests.decidedAt))
    .limit(100);
}

export function requestsOfUser(db: Db, userId: string) {
  return db
    .select({
      id: orgRequests.id,
      kind: orgRequests.kind,
      status: orgRequests.status,
      data: orgRequests.data,
      reason: orgRequests.reason,
      orgName: organisations.name,
      createdAt: orgRequests.createdAt,
    })
    .from(orgRequests)
    .leftJoin(organisations, eq(organisations.id, orgRequests.organisationId))
    .where(eq(orgRequests.userId, userId))
    .orderBy(desc(orgRequests.createdAt))
    .limit(20);
}

/**
 * Approves or declines a pending request exactly once (the status guard makes a double click or
 * two staff at once harmless). Approving a registration creates the organisation and its board for
 * this academic year with the requester on it; approving a join adds the requester to the current board.
 */
export async function decideRequest(
  db: Db,
  deps: MailDeps,
  a: { actorId: string; requestId: string; approve: boolean; reason: string | null; today: string; now: Date },
) {
  if (!a.approve && !a.reason) throw new FieldError("reason", "reasonRequired");
  return db.transaction(async (tx) => {
    const [req] = await tx
      .update(orgRequests)
      .set({ status: a.approve ? "approved" : "declined", reason: a.reason, decidedBy: a.actorId, decidedAt: a.now })
      .where(and(eq(orgRequests.id, a.requestId), eq(orgRequests.status, "pending")))
      .returning();
    if (!req) return null;
    const [requester] = await tx.select().from(users).where(eq(users.id, req.userId));
    let orgId = req.organisationId;
    let orgName = req.data?.name ?? "";
    if (a.approve) {
      if (req.kind === "register") {
        const org = await createOrganisation(tx, a.actorId, {
          ...req.data!,
          faculty: req.data!.faculty ?? null,
          website: req.data!.website ?? null,
          contactUrl: req.data!.contactUrl ?? null,
          email: req.data!.email ?? null,
          memberCount: req.data!.memberCount ?? null,
        });
        orgId = org.id;
        await tx.update(orgRequests).set({ organisationId: org.id }).where(eq(orgRequests.id, req.id));
      }
      // Approvals for one organisation take turns from here: two at once would otherwise both find
      // no board, both create this year's, and the second would fail on the (organisation, year) index.
      await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, orgId!)).for("no key update");
      const [current] = await tx
        .select()
        .from(boards)
        .where(and(eq(boards.organisationId, orgId!), lte(boards.startsOn, a.today)))
        .orderBy(desc(boards.startsOn))
        .limit(1);
      const board = current ?? (await createBoard(tx, { actorId: a.actorId, orgId: orgId!, startsOn: a.today, env: deps.env }));
      await tx
        .insert(boardMembers)
        .values({ boardId: board.id, userId: req.userId, position: req.position, invitedBy: a.actorId })
        .onConflictDoNothing();
    }
    if (orgId) {
      const org = await getOrganisation(tx, orgId);
      orgName = org?.name ?? orgName;
    }
    await audit(tx, {
      actorId: a.actorId,
      organisationId: orgId,
      entity: "org_request",
      entityId: req.id,
      action: a.approve ? "request.approve" : "request.decline",
      subjectId: req.userId,
      changes: a.reason ? { reason: { to: a.reason } } : {},
    });
    await sendMail(tx, deps, {
      to: requester!.email,
      lang: requester!.lang,
      template: a.approve ? "org.request-approved" : "org.request-declined",
      render: decisionMail,
      data: { name: orgName, approved: a.approve, reason: a.reason, link: `${deps.env.BASE_URL}${url(requester!.lang, "dashboard")}` },
    });
    return { ...req, organisationId: orgId };
  });
}

// ---------- the office's views ----------

export const HANDOVER_WINDOW_DAYS = 60;

/** SQL pieces per organisation: its current board (by `day`) and whether a later board exists. */
function boardFacts(day: string) {
  // Qualified by hand: in a select list Drizzle writes `organisations.id` as a bare "id", which
  // inside these subqueries would mean the board's own id.
  const orgId = sql`${organisations}.id`;
  const current = sql`(select b.id from ${boards} b where b.organisation_id = ${orgId} and b.starts_on <= ${day} order by b.starts_on desc limit 1)`;
  return {
    currentYear: sql<
      number | null
    >`(select b.year from ${boards} b where b.organisation_id = ${orgId} and b.starts_on <= ${day} order by b.starts_on desc limit 1)`,
    currentMembers: sql<number>`(select count(*)::int from ${boardMembers} m where m.board_id = ${current})`,
    incomingStartsOn: sql<
      string | null
    >`(select min(b.starts_on)::text from ${boards} b where b.organisation_id = ${orgId} and b.starts_on > ${day})`,
  };
}

export type OrgFilter = { q?: string; kind?: OrgKind; status?: OrgStatus; handover?: "due" | "planned"; page: number; perPage: number };

/**
 * The handover is due when an active organisation has no next board registered and its current
 * board's academic year ends within HANDOVER_WINDOW_DAYS of `day` (or has already ended).
 */
function handoverDueSql(day: string, env: Env) {
  const f = boardFacts(day);
  const year = academicYearOf(day, env.ACADEMIC_YEAR_START);
  const nextStart = academicYearStart(year + 1, env.ACADEMIC_YEAR_START);
  const soon = Date.parse(`${nextStart}T00:00:00Z`) - Date.parse(`${day}T00:00:00Z`) <= HANDOVER_WINDOW_DAYS * 86_400_000;
  return sql`(${organisations.status} = 'active' and ${f.incomingStartsOn} is null and (coalesce(${f.currentYear}, -1) < ${year} or ${soon ? sql`true` : sql`false`}))`;
}

export async function listOrganisations(db: Db, env: Env, day: string, filter: OrgFilter) {
  const f = boardFacts(day);
  const where: SQL[] = [];
  const q = filter.q?.trim().toLowerCase();
  if (q) {
    where.push(
      or(ilike(organisations.name, `%${q.replace(/[%_\\]/g, "\\$&")}%`), sql`word_similarity(${q}, lower(${organisations.name})) >= 0.4`)!,
    );
  }
  if (filter.kind) where.push(eq(organisations.kind, filter.kind));
  if (filter.status) where.push(eq(organisations.status, filter.status));
  if (filter.handover === "due") where.push(handoverDueSql(day, env));
  if (filter.handover === "planned") where.push(sql`${f.incomingStartsOn} is not null`);
  const cond = where.length ? and(...where) : undefined;
  const [total] = await db.select({ n: count() }).from(organisations).where(cond);
  const rows = await db
    .select({
      id: organisations.id,
      name: organisations.name,
      kind: organisations.kind,
      status: organisations.status,
      faculty: organisations.faculty,
      email: organisations.email,
      website: organisations.website,
      contactUrl: organisations.contactUrl,
      lang: organisations.lang,
      memberCount: organisations.memberCount,
      currentYear: f.currentYear,
      currentMembers: f.currentMembers,
      incomingStartsOn: f.incomingStartsOn,
      handoverDue: sql<boolean>`${handoverDueSql(day, env)}`,
    })
    .from(organisations)
    .where(cond)
    .orderBy(...(q ? [sql`word_similarity(${q}, lower(${organisations.name})) desc`, asc(organisations.name)] : [asc(organisations.name)]))
    .limit(filter.perPage)
    .offset((filter.page - 1) * filter.perPage);
  return { total: total?.n ?? 0, rows };
}

export async function handovers(db: Db, env: Env, day: string) {
  const f = boardFacts(day);
  const upcoming = await db
    .select({
      orgId: organisations.id,
      name: organisations.name,
      startsOn: boards.startsOn,
      year: boards.year,
      members: sql<number>`(select count(*)::int from ${boardMembers} m where m.board_id = ${boards.id})`,
    })
    .from(boards)
    .innerJoin(organisations, eq(organisations.id, boards.organisationId))
    .where(gt(boards.startsOn, day))
    .orderBy(asc(boards.startsOn));
  const overdue = await db
    .select({ orgId: organisations.id, name: organisations.name, currentYear: f.currentYear })
    .from(organisations)
    .where(handoverDueSql(day, env))
    .orderBy(asc(organisations.name));
  return { upcoming, overdue };
}

export async function staffCounts(db: Db, env: Env, day: string) {
  const [pending] = await db.select({ n: count() }).from(orgRequests).where(eq(orgRequests.status, "pending"));
  const h = await handovers(db, env, day);
  return { pending: pending?.n ?? 0, upcoming: h.upcoming.length, overdue: h.overdue.length };
}
