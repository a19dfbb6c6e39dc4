import { and, asc, count, desc, eq, inArray, ne, sql } from "drizzle-orm";
import { FieldError, isUniqueViolation } from "../../core/errors.js";
import { type Lang, pick } from "../../core/i18n/index.js";
import { type MailDeps, type MailTemplate, sendMail } from "../../core/mail/send.js";
import type { Db } from "../../db/index.js";
import { url } from "../../routes.js";
import { audit } from "../audit/service.js";
import { users } from "../auth/schema.js";
import { getOrganisation, organisationNames } from "../organisations/service.js";
import { addSession, getOffering, getSession, type Offering, type Session, type SessionInput } from "../trainings/service.js";
import { sessionLine } from "./mails.js";
import { trainingRequests } from "./schema.js";

/**
 * Requests for a tailor-made training or a member workshop (offerings with registration
 * "request"): an organisation asks with its preferred dates, group size and wishes; the office plans
 * it, which adds a date only that organisation can book, or declines it with a reason. One open
 * request per organisation and offering (a partial unique index); each is decided once (its row is
 * locked and must still be pending). The requester hears of the decision by mail, in their language.
 */

export type TrainingRequest = typeof trainingRequests.$inferSelect;

export type RequestInput = {
  offeringId: string;
  orgId: string;
  actorId: string;
  preferredDates: string;
  groupSize: number;
  wishes: string | null;
  lang: Lang;
  now: Date;
};

/** The organisation's pending request for an offering, if any. */
export async function openRequest(db: Db, orgId: string, offeringId: string) {
  const [r] = await db
    .select()
    .from(trainingRequests)
    .where(
      and(eq(trainingRequests.organisationId, orgId), eq(trainingRequests.offeringId, offeringId), eq(trainingRequests.status, "pending")),
    );
  return r ?? null;
}

/** Asks for a training. Null when the offering is not one to request; refused (requestOpen) while another request is open. */
export async function requestTraining(db: Db, input: RequestInput) {
  const o = await getOffering(db, input.offeringId);
  if (o?.status !== "published" || o.registration !== "request") return null;
  if (await openRequest(db, input.orgId, o.id)) throw new FieldError("preferredDates", "requestOpen");
  try {
    const [r] = await db
      .insert(trainingRequests)
      .values({
        offeringId: o.id,
        organisationId: input.orgId,
        requestedBy: input.actorId,
        preferredDates: input.preferredDates,
        groupSize: input.groupSize,
        wishes: input.wishes,
        lang: input.lang,
        createdAt: input.now,
      })
      .returning();
    return r!;
  } catch (err) {
    // Two at once: the partial unique index lets one through.
    if (isUniqueViolation(err)) throw new FieldError("preferredDates", "requestOpen");
    throw err;
  }
}

/** The request's row, locked until the transaction ends, while it is still pending (null otherwise). */
async function pendingRequest(db: Db, id: string) {
  const [r] = await db.select().from(trainingRequests).where(eq(trainingRequests.id, id)).for("update");
  return r && r.status === "pending" ? r : null;
}

/**
 * Plans a pending request: adds a date to the offering reserved for the organisation (only it can
 * book it, on its board's register page), marks the request planned and mails the requester.
 * Null when there is no pending request with this id (also when it was decided already).
 */
export async function planRequest(db: Db, deps: MailDeps, a: { requestId: string; actorId: string; session: SessionInput; now: Date }) {
  return db.transaction(async (tx) => {
    const req = await pendingRequest(tx, a.requestId);
    if (!req) return null;
    const session = await addSession(tx, a.actorId, req.offeringId, { ...a.session, reservedFor: req.organisationId });
    const [planned] = await tx
      .update(trainingRequests)
      .set({ status: "planned", sessionId: session.id, decidedBy: a.actorId, decidedAt: a.now })
      .where(eq(trainingRequests.id, req.id))
      .returning();
    await audit(tx, {
      actorId: a.actorId,
      organisationId: req.organisationId,
      action: "training.request_plan",
      entity: "training_request",
      entityId: req.id,
      changes: { status: { from: "pending", to: "planned" }, startsAt: { to: session.startsAt } },
    });
    await mailRequester(tx, deps, planned!, session);
    return { request: planned!, session };
  });
}

/** Declines a pending request with a reason (required), mailed to the requester. Null as for planRequest. */
export async function declineRequest(db: Db, deps: MailDeps, a: { requestId: string; actorId: string; reason: string; now: Date }) {
  const reason = a.reason.trim();
  if (!reason) throw new FieldError("reason", "reasonRequired");
  return db.transaction(async (tx) => {
    const req = await pendingRequest(tx, a.requestId);
    if (!req) return null;
    const [declined] = await tx
      .update(trainingRequests)
      .set({ status: "declined", reason, decidedBy: a.actorId, decidedAt: a.now })
      .where(eq(trainingRequests.id, req.id))
      .returning();
    await audit(tx, {
      actorId: a.actorId,
      organisationId: req.organisationId,
      action: "training.request_decline",
      entity: "training_request",
      entityId: req.id,
      changes: { status: { from: "pending", to: "declined" }, reason: { to: reason } },
    });
    await mailRequester(tx, deps, declined!, null);
    return declined!;
  });
}

type RequestMailData = { title: string; org: string; date: string | null; reason: string | null; link: string };

const requestMail: MailTemplate<RequestMailData> = (t, d) => {
  const m = t.registrations.requestMail;
  const planned = d.date !== null;
  const subject = planned ? m.plannedSubject(d.title) : m.declinedSubject(d.title);
  return {
    subject,
    heading: subject,
    paragraphs: planned
      ? [m.plannedBody(d.org, d.title), `• ${d.date}`, m.plannedNext]
      : [m.declinedBody(d.org, d.title), ...(d.reason ? [t.registrations.mail.reason(d.reason)] : [])],
    action: { label: planned ? m.plannedButton : m.declinedButton, url: d.link },
  };
};

/** The decision, to whoever asked (in their account's language); nobody to tell when their account is gone. */
async function mailRequester(db: Db, deps: MailDeps, req: TrainingRequest, session: Session | null) {
  if (!req.requestedBy) return;
  const [who] = await db.select({ email: users.email, lang: users.lang }).from(users).where(eq(users.id, req.requestedBy));
  const o = await getOffering(db, req.offeringId);
  const org = await getOrganisation(db, req.organisationId);
  if (!who || !o || !org) return;
  const lang: Lang = who.lang ?? req.lang;
  const t = deps.catalogs[lang];
  const path = session ? url(lang, "orgTrainingRegister", { id: org.id, offeringId: o.id }) : url(lang, "orgTrainings", { id: org.id });
  await sendMail(db, deps, {
    to: who.email,
    lang,
    template: session ? "training.request-planned" : "training.request-declined",
    render: requestMail,
    data: {
      title: pick(o.title, lang).text,
      org: org.name,
      date: session ? sessionLine(t, session, lang, deps.env.TIME_ZONE) : null,
      reason: req.reason,
      link: `${deps.env.BASE_URL}${path}`,
    },
  });
}

export type RequestRow = TrainingRequest & {
  orgName: string | null;
  offering: Offering | null;
  session: Session | null;
  requester: { email: string; name: string | null } | null;
};

/** Offerings, sessions, organisation names and requesters for a list of requests (a few lookups, not one per row). */
async function withDetails(db: Db, rows: TrainingRequest[]): Promise<RequestRow[]> {
  const offerings = new Map<string, Offering | null>();
  for (const id of new Set(rows.map((r) => r.offeringId))) offerings.set(id, await getOffering(db, id));
  const sessions = new Map<string, Session | null>();
  for (const id of new Set(rows.map((r) => r.sessionId).filter((x): x is string => x !== null))) sessions.set(id, await getSession(db, id));
  const names = await organisationNames(
    db,
    rows.map((r) => r.organisationId),
  );
  const ids = [...new Set(rows.map((r) => r.requestedBy).filter((x): x is string => x !== null))];
  const people = ids.length
    ? new Map(
        (await db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(inArray(users.id, ids))).map((u) => [
          u.id,
          u,
        ]),
      )
    : new Map<string, { email: string; name: string | null }>();
  return rows.map((r) => ({
    ...r,
    orgName: names.get(r.organisationId) ?? null,
    offering: offerings.get(r.offeringId) ?? null,
    session: r.sessionId ? (sessions.get(r.sessionId) ?? null) : null,
    requester: r.requestedBy ? (people.get(r.requestedBy) ?? null) : null,
  }));
}

/** The organisation's requests, newest first (its board's trainings page). */
export async function requestsOf(db: Db, orgId: string) {
  const rows = await db
    .select()
    .from(trainingRequests)
    .where(eq(trainingRequests.organisationId, orgId))
    .orderBy(desc(trainingRequests.createdAt), desc(trainingRequests.id))
    .limit(50);
  return withDetails(db, rows);
}

/**
 * The office's list, pending first (oldest first: first asked, first planned), then the decided
 * ones (latest decision first); `view` keeps to one of the two. A page at a time.
 */
export async function listRequests(db: Db, a: { view?: "pending" | "decided"; page?: number; perPage?: number } = {}) {
  const page = a.page ?? 1;
  const perPage = a.perPage ?? 50;
  const pending = eq(trainingRequests.status, "pending");
  const where = a.view === "pending" ? pending : a.view === "decided" ? ne(trainingRequests.status, "pending") : undefined;
  const [total] = await db.select({ n: count() }).from(trainingRequests).where(where);
  const rows = await db
    .select()
    .from(trainingRequests)
    .where(where)
    .orderBy(
      sql`${trainingRequests.status} <> 'pending'`,
      sql`case when ${pending} then ${trainingRequests.createdAt} end asc`,
      sql`${trainingRequests.decidedAt} desc nulls last`,
      desc(trainingRequests.createdAt),
      asc(trainingRequests.id),
    )
    .limit(perPage)
    .offset((page - 1) * perPage);
  return { total: total?.n ?? 0, rows: await withDetails(db, rows) };
}

/** How many requests wait for the office (its home page). */
export async function pendingRequestCount(db: Db) {
  const [r] = await db.select({ n: count() }).from(trainingRequests).where(eq(trainingRequests.status, "pending"));
  return r?.n ?? 0;
}

/** One request with its details, for the office's page (null: no such request). */
export async function getRequest(db: Db, id: string) {
  const [r] = await db.select().from(trainingRequests).where(eq(trainingRequests.id, id));
  return r ? ((await withDetails(db, [r]))[0] ?? null) : null;
}
