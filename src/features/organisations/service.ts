import { and, asc, count, desc, eq, gt, ilike, inArray, lte, ne, or, type SQL, sql } from "drizzle-orm";
import { DAY } from "../../core/clock.js";
import { FieldError, isUniqueViolation, tooManyRequests } from "../../core/errors.js";
import type { Lang } from "../../core/i18n/index.js";
import { type MailDeps, type MailTemplate, sendMail } from "../../core/mail/send.js";
import { nameSkeleton, normaliseName } from "../../core/text.js";
import type { Db } from "../../db/index.js";
import type { Env } from "../../env.js";
import { url } from "../../routes.js";
import { audit, diff } from "../audit/service.js";
import { users } from "../auth/schema.js";
import { boardOrgIds } from "./access.js";
import { academicYearOf, academicYearStart, createBoard, seatMember } from "./boards.js";
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

export * from "./boards.js";
/** The positions on a board, for other features' forms and pages. */
export { POSITIONS, type Position } from "./schema.js";

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

// ---------- organisations ----------

/**
 * The stored form of a name and its look-alike key. A name with no letter or digit at all has no
 * key to compare, so it is refused as invalid.
 */
function orgName(name: string) {
  const clean = normaliseName(name);
  const key = nameSkeleton(clean);
  if (!key) throw new FieldError("name", "invalid");
  return { name: clean, nameKey: key };
}

/** Refuses a name that is, or looks like, another organisation's name (the unique index holds it under a race). */
async function assertNameFree(db: Db, nameKey: string, exceptId?: string) {
  const [hit] = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(and(eq(organisations.nameKey, nameKey), exceptId ? ne(organisations.id, exceptId) : undefined));
  if (hit) throw new FieldError("name", "duplicateName");
}

export async function createOrganisation(db: Db, actorId: string | null, input: OrgInput) {
  const named = { ...input, ...orgName(input.name) };
  try {
    return await db.transaction(async (tx) => {
      await assertNameFree(tx, named.nameKey);
      const [org] = await tx.insert(organisations).values(named).returning();
      await audit(tx, {
        actorId,
        organisationId: org!.id,
        entity: "organisation",
        entityId: org!.id,
        action: "organisation.create",
        changes: diff({}, { ...input, name: named.name }),
      });
      return org!;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new FieldError("name", "duplicateName");
    throw err;
  }
}

export async function updateOrganisation(db: Db, actorId: string, id: string, input: Partial<OrgInput>, now: Date) {
  const named = input.name !== undefined ? orgName(input.name) : null;
  const next = named ? { ...input, name: named.name } : input;
  try {
    return await db.transaction(async (tx) => {
      const [before] = await tx.select().from(organisations).where(eq(organisations.id, id)).for("update");
      if (!before) return null;
      if (named) await assertNameFree(tx, named.nameKey, id);
      const changes = diff(before as Record<string, unknown>, next);
      if (!Object.keys(changes).length) return before;
      const [after] = await tx
        .update(organisations)
        .set({ ...next, ...(named ? { nameKey: named.nameKey } : {}), updatedAt: now })
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

/**
 * Organisations that existed before names had look-alike keys carry a placeholder key (see
 * migration 0010); this gives them their real key. Run at start-up; with nothing to do it is one
 * small query. A legacy name that looks like another organisation's keeps its placeholder (and
 * is returned), so nothing is lost; renaming it sorts it out.
 */
export async function refreshLegacyNameKeys(db: Db) {
  const legacy = await db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(sql`${organisations.nameKey} like '~legacy:%'`);
  const clashes: string[] = [];
  for (const org of legacy) {
    const key = nameSkeleton(org.name) || `~legacy:${org.id}`;
    try {
      await db.transaction(async (tx) => {
        await tx.update(organisations).set({ nameKey: key }).where(eq(organisations.id, org.id));
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      clashes.push(org.id);
    }
  }
  return clashes;
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

/** Requests (of either kind) one person may send in 24 hours. */
export const REQUESTS_PER_PERSON_PER_DAY = 5;

/**
 * Takes the requester's turn (their user row is locked until the transaction ends, so one
 * person's requests are handled one at a time, also across processes) and enforces the daily
 * limit: a 429 with Retry-After when it is used up.
 */
async function requestTurn(db: Db, userId: string, now: Date) {
  await db.select({ id: users.id }).from(users).where(eq(users.id, userId)).for("no key update");
  const window = DAY;
  const recent = await db
    .select({ at: orgRequests.createdAt })
    .from(orgRequests)
    .where(and(eq(orgRequests.userId, userId), gt(orgRequests.createdAt, new Date(now.getTime() - window))))
    .orderBy(desc(orgRequests.createdAt))
    .limit(REQUESTS_PER_PERSON_PER_DAY);
  if (recent.length >= REQUESTS_PER_PERSON_PER_DAY)
    throw tooManyRequests(Math.ceil((recent.at(-1)!.at.getTime() + window - now.getTime()) / 1000));
}

/**
 * One open request per person and organisation: a request while an earlier one waits is refused
 * at `field` (the partial unique indexes on org_requests hold it under a race).
 */
async function insertRequest(db: Db, field: "name" | "organisationId", values: typeof orgRequests.$inferInsert) {
  try {
    // A savepoint: a duplicate leaves the surrounding transaction usable.
    return await db.transaction(async (sp) => {
      const [req] = await sp.insert(orgRequests).values(values).returning();
      return req!;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new FieldError(field, "requestPending");
    throw err;
  }
}

export async function requestRegistration(
  db: Db,
  deps: MailDeps,
  a: { user: Requester; data: OrgRequestData; position: Position; message: string | null; now?: Date },
) {
  const now = a.now ?? deps.clock?.now() ?? new Date();
  const named = orgName(a.data.name);
  const data = { ...a.data, name: named.name };
  await assertNameFree(db, named.nameKey);
  return db.transaction(async (tx) => {
    await requestTurn(tx, a.user.id, now);
    const req = await insertRequest(tx, "name", {
      kind: "register",
      userId: a.user.id,
      data,
      nameKey: named.nameKey,
      position: a.position,
      message: a.message,
      createdAt: now,
    });
    await notifyNewRequest(tx, deps, a.user, data.name);
    return req;
  });
}

export async function requestJoin(
  db: Db,
  deps: MailDeps,
  a: { user: Requester; organisationId: string; position: Position; message: string | null; now?: Date },
) {
  const now = a.now ?? deps.clock?.now() ?? new Date();
  const org = await getOrganisation(db, a.organisationId);
  if (!org || org.status === "dissolved") throw new FieldError("organisationId", "invalidChoice");
  return db.transaction(async (tx) => {
    await requestTurn(tx, a.user.id, now);
    const req = await insertRequest(tx, "organisationId", {
      kind: "join",
      userId: a.user.id,
      organisationId: org.id,
      position: a.position,
      message: a.message,
      createdAt: now,
    });
    await notifyNewRequest(tx, deps, a.user, org.name);
    return req;
  });
}

export type RequestView = "pending" | "decided";

/** One page of the office's requests (open ones oldest first, decided ones newest first), with the total. */
export async function listRequests(db: Db, a: { view: RequestView; page: number; perPage: number }) {
  const where = a.view === "pending" ? eq(orgRequests.status, "pending") : ne(orgRequests.status, "pending");
  const [total] = await db.select({ n: count() }).from(orgRequests).where(where);
  const rows = await db
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
    .where(where)
    .orderBy(
      ...(a.view === "pending"
        ? [asc(orgRequests.createdAt), asc(orgRequests.id)]
        : [desc(orgRequests.decidedAt), desc(orgRequests.createdAt), asc(orgRequests.id)]),
    )
    .limit(a.perPage)
    .offset((a.page - 1) * a.perPage);
  return { total: total?.n ?? 0, rows };
}

/** How many requests wait and how many were decided (the office's tabs show both). */
export async function requestCounts(db: Db) {
  const rows = await db
    .select({ pending: sql<boolean>`${orgRequests.status} = 'pending'`, n: count() })
    .from(orgRequests)
    .groupBy(sql`1`);
  return {
    pending: rows.find((r) => r.pending)?.n ?? 0,
    decided: rows.find((r) => !r.pending)?.n ?? 0,
  };
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
      await seatMember(tx, deps, {
        actor: { id: a.actorId, name: null, email: "", office: true },
        orgId: orgId!,
        boardId: board.id,
        userId: req.userId,
        position: req.position,
        via: "request",
      });
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
