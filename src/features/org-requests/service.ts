import { and, asc, count, desc, eq, gt, ne, sql } from "drizzle-orm";
import { DAY } from "../../core/clock.js";
import { FieldError, isUniqueViolation, tooManyRequests } from "../../core/errors.js";
import type { ErrorKey } from "../../core/forms.js";
import { isUuid } from "../../core/http/params.js";
import type { Lang } from "../../core/i18n/index.js";
import { type MailDeps, type MailTemplate, sendMail } from "../../core/mail/send.js";
import { nameSkeleton, normaliseName } from "../../core/text.js";
import { readable } from "../../db/collation.js";
import type { Db } from "../../db/index.js";
import { url } from "../../routes.js";
import { audit } from "../audit/service.js";
import { users } from "../auth/schema.js";
import {
  createBoard,
  createOrganisation,
  currentBoardOf,
  freeOrganisationName,
  getOrganisation,
  lockOrganisation,
  organisationNameProblem,
  organisationNames,
  type Position,
  seatMember,
} from "../organisations/service.js";
import { type OrgRequestData, orgRequests } from "./schema.js";

/**
 * Registration and join requests: a signed-in student asks the office to register a new
 * organisation or to be seated on an existing one's current board. The organisation, its boards
 * and its members belong to the organisations feature; approving a request goes through its service.
 */

export type { OrgRequestData } from "./schema.js";

const requestOfficeMail: MailTemplate<{ who: string; name: string; link: string }> = (t, d) => ({
  subject: t.requests.mail.requestOfficeSubject(d.name),
  heading: t.requests.mail.requestOfficeSubject(d.name),
  paragraphs: [t.requests.mail.requestOfficeBody(d.who, d.name)],
  action: { label: t.requests.mail.requestOfficeButton, url: d.link },
});
const requestReceivedMail: MailTemplate<{ name: string }> = (t, d) => ({
  subject: t.requests.mail.requestReceivedSubject,
  heading: t.requests.mail.requestReceivedSubject,
  paragraphs: [t.requests.mail.requestReceivedBody(d.name)],
});
const decisionMail: MailTemplate<{ name: string; approved: boolean; reason: string | null; link: string }> = (t, d) => ({
  subject: d.approved ? t.requests.mail.approvedSubject(d.name) : t.requests.mail.declinedSubject(d.name),
  heading: d.approved ? t.requests.mail.approvedSubject(d.name) : t.requests.mail.declinedSubject(d.name),
  paragraphs: d.approved
    ? [t.requests.mail.approvedBody(d.name)]
    : [t.requests.mail.declinedBody(d.name), ...(d.reason ? [t.requests.mail.reason(d.reason)] : [])],
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

/** Whether this person has an open request of this kind for the organisation (by id) or the name (by its key). */
async function hasOpenRequest(db: Db, userId: string, of: { organisationId: string } | { nameKey: string }) {
  const [open] = await db
    .select({ id: orgRequests.id })
    .from(orgRequests)
    .where(
      and(
        eq(orgRequests.userId, userId),
        eq(orgRequests.status, "pending"),
        "organisationId" in of
          ? and(eq(orgRequests.kind, "join"), eq(orgRequests.organisationId, of.organisationId))
          : and(eq(orgRequests.kind, "register"), eq(orgRequests.nameKey, of.nameKey)),
      ),
    )
    .limit(1);
  return open !== undefined;
}

/**
 * The rules `requestRegistration` applies to the form's name, checked without writing anything: for
 * a form that failed its schema, so they show together with its other errors (the service checks
 * them again when the form is sent). The name of an organisation (or a look-alike), then this
 * person's open registration of the same name. No name yet is left to the schema.
 */
export async function registrationProblems(db: Db, a: { userId: string; name: string }): Promise<{ name?: ErrorKey }> {
  const taken = await organisationNameProblem(db, a.name);
  if (taken) return { name: taken };
  const nameKey = nameSkeleton(normaliseName(a.name));
  if (nameKey && (await hasOpenRequest(db, a.userId, { nameKey }))) return { name: "requestPending" };
  return {};
}

/**
 * The rules `requestJoin` applies to the form's organisation, checked without writing anything (see
 * `registrationProblems`): no such organisation or a dissolved one, then this person's open request
 * to join it. A value that is no id yet is left to the schema.
 */
export async function joinProblems(db: Db, a: { userId: string; organisationId: string }): Promise<{ organisationId?: ErrorKey }> {
  if (!isUuid(a.organisationId)) return {};
  const org = await getOrganisation(db, a.organisationId.toLowerCase());
  if (!org || org.status === "dissolved") return { organisationId: "invalidChoice" };
  if (await hasOpenRequest(db, a.userId, { organisationId: org.id })) return { organisationId: "requestPending" };
  return {};
}

export async function requestRegistration(
  db: Db,
  deps: MailDeps,
  a: { user: Requester; data: OrgRequestData; position: Position; message: string | null; now?: Date },
) {
  const now = a.now ?? deps.clock?.now() ?? new Date();
  const named = await freeOrganisationName(db, a.data.name);
  const data = { ...a.data, name: named.name };
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

/** A request still waiting for a decision, by id; null when there is none (or it was decided). */
export async function pendingRequest(db: Db, id: string) {
  const [r] = await db
    .select({ id: orgRequests.id })
    .from(orgRequests)
    .where(and(eq(orgRequests.id, id), eq(orgRequests.status, "pending")));
  return r ?? null;
}

/** The organisation a registration proposes (a join request names an organisation by id: it sorts by who asked). */
const requestName = sql`coalesce(${orgRequests.data}->>'name', '')`;
/** Who asked: their name, or their address. */
const requester = sql`coalesce(${users.name}, ${users.email})`;

/** One page of the office's requests (open ones oldest first, decided ones newest first; at the same time by name), with the total. */
export async function listRequests(db: Db, a: { view: RequestView; page: number; perPage: number }) {
  const where = a.view === "pending" ? eq(orgRequests.status, "pending") : ne(orgRequests.status, "pending");
  const [total] = await db.select({ n: count() }).from(orgRequests).where(where);
  const found = await db
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
      orgId: orgRequests.organisationId,
      email: users.email,
      userName: users.name,
    })
    .from(orgRequests)
    .innerJoin(users, eq(users.id, orgRequests.userId))
    .where(where)
    .orderBy(
      ...(a.view === "pending"
        ? [asc(orgRequests.createdAt), asc(readable(requestName)), asc(readable(requester)), asc(orgRequests.id)]
        : [
            desc(orgRequests.decidedAt),
            desc(orgRequests.createdAt),
            asc(readable(requestName)),
            asc(readable(requester)),
            asc(orgRequests.id),
          ]),
    )
    .limit(a.perPage)
    .offset((a.page - 1) * a.perPage);
  const names = await organisationNames(
    db,
    found.map((r) => r.orgId),
  );
  const rows = found.map((r) => ({ ...r, orgName: (r.orgId && names.get(r.orgId)) ?? null }));
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

/** A person's latest requests, newest first (their dashboard lists them). */
export async function requestsOfUser(db: Db, userId: string) {
  const found = await db
    .select({
      id: orgRequests.id,
      kind: orgRequests.kind,
      status: orgRequests.status,
      data: orgRequests.data,
      reason: orgRequests.reason,
      organisationId: orgRequests.organisationId,
      createdAt: orgRequests.createdAt,
    })
    .from(orgRequests)
    .where(eq(orgRequests.userId, userId))
    .orderBy(desc(orgRequests.createdAt))
    .limit(20);
  const names = await organisationNames(
    db,
    found.map((r) => r.organisationId),
  );
  return found.map(({ organisationId, ...r }) => ({ ...r, orgName: (organisationId && names.get(organisationId)) ?? null }));
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
      await lockOrganisation(tx, orgId!);
      const current = await currentBoardOf(tx, orgId!, a.today);
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
