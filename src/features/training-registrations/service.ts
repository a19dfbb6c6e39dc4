import { randomUUID } from "node:crypto";
import { and, asc, count, countDistinct, eq, inArray, lte, sql } from "drizzle-orm";
import { bumpContentVersion } from "../../core/content/versions.js";
import { FieldError, violatedUnique } from "../../core/errors.js";
import { type GroupRun, groupCommit } from "../../core/group-commit.js";
import type { Lang } from "../../core/i18n/index.js";
import { type MailDeps, sendMails } from "../../core/mail/send.js";
import type { Db } from "../../db/index.js";
import { insertMany } from "../../db/insert-many.js";
import { audit } from "../audit/service.js";
import { lockOffering, type Offering, type Session, sessionsOf, TRAININGS } from "../trainings/service.js";
import { type NotifyKnown, notifyPeopleOf, notifyRegistration, type RegistrationEvent, registrationMails } from "./mails.js";
import { ACTIVE_STATUSES, HOLDING_STATUSES, trainingParticipants, trainingRegistrations } from "./schema.js";

/**
 * Registrations for trainings: capacity, the waiting list and its offers, cancelling. Every change
 * to an offering's registrations runs in one transaction that first locks the offering's row
 * (`lockOffering`), as pretix locks a quota: two registrations for the last place take turns, and
 * a place freed by a cancellation is offered to the next in line in the same transaction. The
 * unique indexes (one active registration per organisation and offering or session; one per
 * organisation and series of dates to choose one from; one per idempotency key) are the backstop.
 */

export { REGISTRATION_STATUSES, type RegistrationStatus } from "./schema.js";

export type Registration = typeof trainingRegistrations.$inferSelect;
export type Participant = { name: string; email: string; role: string };
export type LockOpts = { lock?: boolean };

const INFINITE = Number.MAX_SAFE_INTEGER;

/** Counts over the offering (organisations, a package) or over one session (people, boards). */
const perOffering = (o: Offering) => o.capacityUnit === "organisations" || o.format === "package";

/** The id "one registration per organisation" is counted over. */
export const scopeOf = (o: Offering, sessionId: string | null) => (perOffering(o) || !sessionId ? o.id : sessionId);

/** What one registration takes of a capacity: its participants when it counts people, otherwise 1. */
const need = (o: Offering, participants: number) => (o.capacityUnit === "people" ? participants : 1);

/** Places taken in a pool: holding registrations (confirmed or offered), counted in the offering's unit. */
async function taken(db: Db, o: Offering, where: { sessionId?: string | null }, unit: "registrations" | "people") {
  const base = and(
    eq(trainingRegistrations.offeringId, o.id),
    inArray(trainingRegistrations.status, [...HOLDING_STATUSES]),
    where.sessionId ? eq(trainingRegistrations.sessionId, where.sessionId) : undefined,
  );
  if (unit === "registrations") {
    const [r] = await db.select({ n: count() }).from(trainingRegistrations).where(base);
    return r?.n ?? 0;
  }
  // People: the participants of those registrations (a join: a subquery in a single table's
  // selection would name the registration's id unqualified, which the subquery reads as its own).
  const [r] = await db
    .select({ n: count(trainingParticipants.id) })
    .from(trainingRegistrations)
    .innerJoin(trainingParticipants, eq(trainingParticipants.registrationId, trainingRegistrations.id))
    .where(base);
  return r?.n ?? 0;
}

/** How places taken are counted: in a pool of one date (`sessionId`) or the whole offering, in the unit given. */
type Counter = (sessionId: string | null, unit: "registrations" | "people") => number | Promise<number>;

/**
 * Free places for a registration on `session` (null: the offering as a whole), in the offering's
 * unit. Read under the offering's lock, it is exact.
 */
export async function placesLeft(db: Db, o: Offering, session: Pick<Session, "id" | "capacity"> | null): Promise<number> {
  return placesFrom(o, session, (sessionId, unit) => taken(db, o, { sessionId }, unit));
}

/** `placesLeft`'s rule, over any count of the places taken (the database, or a group's `Tally`). */
async function placesFrom(o: Offering, session: Pick<Session, "id" | "capacity"> | null, takenIn: Counter): Promise<number> {
  const unit = o.capacityUnit === "people" ? "people" : "registrations";
  let left = INFINITE;
  if (perOffering(o)) {
    if (o.capacity !== null) left = o.capacity - (await takenIn(null, unit));
    // A date of a series may have its own limit too.
    if (session && o.format !== "package" && session.capacity !== null)
      left = Math.min(left, session.capacity - (await takenIn(session.id, unit)));
  } else if (session) {
    const cap = session.capacity ?? o.capacity;
    if (cap !== null) left = cap - (await takenIn(session.id, unit));
  }
  return Math.max(0, left);
}

/**
 * An offering's active registrations counted per date, scope and status (with their
 * participants), read once under the offering's lock by a group of registrations and kept up to
 * date by each registration of the group: the pieces of a group decide on it instead of counting
 * again. Exact while the lock is held, since every change to the offering's registrations takes it.
 */
export class Tally {
  private constructor(private rows: { sessionId: string | null; scopeId: string; status: string; n: number; people: number }[]) {}

  static async read(db: Db, o: Offering) {
    const r = trainingRegistrations;
    const p = trainingParticipants;
    const active = and(eq(r.offeringId, o.id), inArray(r.status, [...ACTIVE_STATUSES]));
    // Where places count people, each registration's participants (joined: see `taken`).
    const rows =
      o.capacityUnit === "people"
        ? await db
            .select({ sessionId: r.sessionId, scopeId: r.scopeId, status: r.status, n: countDistinct(r.id), people: count(p.id) })
            .from(r)
            .innerJoin(p, eq(p.registrationId, r.id))
            .where(active)
            .groupBy(r.sessionId, r.scopeId, r.status)
        : await db
            .select({ sessionId: r.sessionId, scopeId: r.scopeId, status: r.status, n: count(), people: sql<number>`0` })
            .from(r)
            .where(active)
            .groupBy(r.sessionId, r.scopeId, r.status);
    return new Tally(rows.map((x) => ({ ...x, people: Number(x.people) })));
  }

  /** Places held (confirmed or offered) on `sessionId`, or across the offering (null). */
  taken(sessionId: string | null, unit: "registrations" | "people") {
    let n = 0;
    for (const x of this.rows)
      if ((HOLDING_STATUSES as readonly string[]).includes(x.status) && (sessionId === null || x.sessionId === sessionId))
        n += unit === "people" ? x.people : x.n;
    return n;
  }

  /** Registrations waiting in the line of `scopeId`. */
  waiting(scopeId: string) {
    let n = 0;
    for (const x of this.rows) if (x.status === "waiting" && x.scopeId === scopeId) n += x.n;
    return n;
  }

  add(sessionId: string | null, scopeId: string, status: string, people: number) {
    this.rows.push({ sessionId, scopeId, status, n: 1, people });
  }
}

/**
 * Free places for the public pages, for many offerings at once (two queries, however many
 * registrations): per session id, the places a new registration on that date could take now; per
 * offering id, the places across the whole offering where it counts there (organisations, a
 * package), otherwise the best of its dates. In the offering's unit; null: no limit. A pool in
 * which organisations wait has none free (nobody jumps the line, as in `register`). Read without
 * the lock: a moment's view, as the catalogue shows it.
 */
export async function freePlacesFor(db: Db, offerings: Offering[], sessions: Pick<Session, "id" | "offeringId" | "capacity">[]) {
  const out = new Map<string, number | null>();
  if (!offerings.length) return out;
  const r = trainingRegistrations;
  const counts = await db
    .select({ offeringId: r.offeringId, sessionId: r.sessionId, status: r.status, n: count() })
    .from(r)
    .where(
      and(
        inArray(
          r.offeringId,
          offerings.map((o) => o.id),
        ),
        inArray(r.status, [...ACTIVE_STATUSES]),
      ),
    )
    .groupBy(r.offeringId, r.sessionId, r.status);
  const byPeople = offerings.filter((o) => o.capacityUnit === "people").map((o) => o.id);
  const people = byPeople.length
    ? await db
        .select({ offeringId: r.offeringId, sessionId: r.sessionId, n: count() })
        .from(trainingParticipants)
        .innerJoin(r, eq(trainingParticipants.registrationId, r.id))
        .where(and(inArray(r.offeringId, byPeople), inArray(r.status, [...HOLDING_STATUSES])))
        .groupBy(r.offeringId, r.sessionId)
    : [];
  const total = (rows: { offeringId: string; sessionId: string | null; n: number }[], offeringId: string, sessionId?: string) =>
    rows.reduce((a, x) => (x.offeringId === offeringId && (sessionId === undefined || x.sessionId === sessionId) ? a + x.n : a), 0);
  const holding = counts.filter((x) => x.status !== "waiting");
  const waiting = counts.filter((x) => x.status === "waiting");
  for (const o of offerings) {
    const held = (sessionId?: string) => total(o.capacityUnit === "people" ? people : holding, o.id, sessionId);
    const free = (cap: number | null, sessionId?: string) => (cap === null ? INFINITE : cap - held(sessionId));
    const mine = sessions.filter((s) => s.offeringId === o.id);
    let whole: number;
    if (perOffering(o)) {
      whole = total(waiting, o.id) > 0 ? 0 : free(o.capacity);
      if (o.format !== "package") for (const s of mine) out.set(s.id, whole === 0 ? 0 : Math.min(whole, free(s.capacity, s.id)));
    } else {
      for (const s of mine) out.set(s.id, total(waiting, o.id, s.id) > 0 ? 0 : free(s.capacity ?? o.capacity, s.id));
      whole = mine.length ? Math.max(...mine.map((s) => out.get(s.id) ?? INFINITE)) : 0;
    }
    out.set(o.id, whole);
  }
  for (const [k, v] of out) out.set(k, v === null || v >= INFINITE / 2 ? null : Math.max(0, v));
  return out;
}

const startOf = (o: Offering, sessions: Session[], sessionId: string | null) => {
  const mine = sessions.filter((s) => s.status === "scheduled" && (o.format === "package" || s.id === sessionId));
  return mine.length ? new Date(Math.min(...mine.map((s) => s.startsAt.getTime()))) : null;
};

export type RegisterInput = {
  offeringId: string;
  /** The chosen date (null for a package, or a single session, which is then taken). */
  sessionId: string | null;
  orgId: string;
  /** The organisation's name, when the caller has read it (for the mail; otherwise read here). */
  orgName?: string;
  actorId: string;
  year: number;
  participants: Participant[];
  idempotencyKey: string | null;
  lang: Lang;
  now: Date;
  /** The office adds the organisation above the cap (with a reason). */
  aboveCap?: { reason: string };
};

/**
 * Registers an organisation: confirmed when a place is free, otherwise on the waiting list (or
 * refused when the offering has none). A form sent twice (same idempotency key) returns the first
 * registration. Null when the offering does not exist.
 */
export async function register(db: Db, deps: MailDeps, input: RegisterInput, opts: LockOpts = {}) {
  // A form sent again (same idempotency key) meets the first registration in the unique index,
  // below: no read for it here, so the usual registration costs one statement less. Who the mail
  // goes to is read once for the whole group, with its writes (`writeRegistrations`).
  const locked = (tx: Db, held: Held) => registerLocked(tx, deps, input, held);
  try {
    // The negative control of the race tests: no lock, and no group either (each alone, at once).
    const entry =
      opts.lock === false
        ? await db.transaction(async (tx) => locked(tx, await holdOffering(tx, input.offeringId, { deferred: false }, opts)))
        : // A rush on one offering is committed group by group under one lock (see groupCommit).
          await groupCommit(db, `training-offering:${input.offeringId}`, (tx, run) => holdOffering(tx, input.offeringId, run), locked, {
            finish: (tx, held) => writeRegistrations(tx, deps, held.pending),
          });
    return entry && { registration: entry.reg!, repeated: false };
  } catch (err) {
    // The unique indexes decide what the lock would have read: a second active registration of the
    // organisation for the scope or the series; a twin of a form (same key) in the same group. A
    // refusal (registration closed since, full, already registered) of a form sent before lands
    // where the first one did.
    const index = violatedUnique(err);
    const duplicate = /^training_registrations_(active|series|idempotency)_idx$/.test(index ?? "");
    if (!duplicate && !(err instanceof FieldError)) throw err;
    const first = input.idempotencyKey && (await byIdempotencyKey(db, input.actorId, input.idempotencyKey));
    if (first) return { registration: first, repeated: true };
    throw duplicate ? new FieldError("session", "alreadyRegistered") : err;
  }
}

/**
 * What a group of registrations reads once under the lock: the offering, all its dates and the
 * count of its registrations (`Tally`); and, in a run without savepoints, the registrations the
 * group's pieces decided on, written together by `writeRegistrations` after the last piece.
 */
type Held = { o: Offering | null; all: Session[]; tally: Tally | null; pending: Pending[] | null };
async function holdOffering(tx: Db, id: string, run: GroupRun, opts: LockOpts = {}): Promise<Held> {
  const o = await lockOffering(tx, id, opts);
  if (!o) return { o, all: [], tally: null, pending: null };
  return { o, all: await sessionsOf(tx, [o.id], { all: true }), tally: await Tally.read(tx, o), pending: run.deferred ? [] : null };
}

/** A registration as it is written: every column but those that start empty and its place in the line (`queueNo`). */
type NewRegistration = Omit<Registration, "queueNo" | "offerExpiresAt" | "remindedAt">;

/** A registration decided under the lock, with its participants and what its mail needs; `reg` once written. */
type Pending = {
  row: NewRegistration;
  participants: Participant[];
  orgName: string | undefined;
  event: "confirmed" | "waiting";
  known: Omit<NotifyKnown, "reg" | "people">;
  bump: boolean;
  reg?: Registration;
};

/**
 * Writes registrations decided under the lock: the registrations, their participants and their
 * mails, one insert per table however many there are; then the catalogue's content version, once.
 */
async function writeRegistrations(tx: Db, deps: MailDeps, pending: Pending[] | null) {
  if (!pending?.length) return;
  // Every column but those that start empty: what `register` answers is what was written.
  const written = await insertMany(
    tx,
    trainingRegistrations,
    pending.map((p) => p.row),
    ["id", "queue_no"],
  );
  const queueNo = new Map(written.map((r) => [String(r.id), Number(r.queue_no)]));
  for (const p of pending) p.reg = { ...p.row, queueNo: queueNo.get(p.row.id)!, offerExpiresAt: null, remindedAt: null };
  await insertMany(
    tx,
    trainingParticipants,
    pending.flatMap((p) => p.participants.map((x, i) => ({ ...x, registrationId: p.row.id, sort: i }))),
  );
  const people = await notifyPeopleOf(
    tx,
    deps,
    pending.map((p) => ({
      orgId: p.row.organisationId,
      orgName: p.orgName,
      registrantId: p.row.registeredBy ?? null,
      participants: p.participants.map((x) => x.email),
    })),
  );
  const mails = [];
  for (const [i, p] of pending.entries()) {
    const known = people[i] ? { ...p.known, reg: p.reg!, people: people[i] } : undefined;
    mails.push(...(await registrationMails(tx, deps, p.row.id, p.event, known)));
  }
  await sendMails(tx, deps, mails);
  // The catalogue's free places change with a place taken, or with the first in line (a full pool).
  if (pending.some((p) => p.bump)) await bumpContentVersion(tx, TRAININGS);
}

/**
 * `register`'s rules, under the offering's lock (`o` as locked, null when it does not exist). The
 * registration is written at once, or in a run without savepoints left to the group's
 * `writeRegistrations` (the group's tally counts it either way).
 */
async function registerLocked(tx: Db, deps: MailDeps, input: RegisterInput, held: Held): Promise<Pending | null> {
  const { o, all, tally } = held;
  if (!tally || o?.status !== "published" || (o.registration !== "portal" && o.registration !== "request")) return null;
  // A twin that waited for the lock meets the first one's key in the unique index (see `register`).
  const office = Boolean(input.aboveCap);
  if (!office && o.opensAt && o.opensAt > input.now) throw new FieldError("session", "registrationNotOpen");
  if (!office && o.closesAt && o.closesAt <= input.now) throw new FieldError("session", "registrationClosed");
  // The dates this organisation may see: open ones and those the office reserved for it (as `sessionsOf` with `forOrg`).
  const forOrg = all.filter((s) => s.reservedFor === null || s.reservedFor === input.orgId);
  const sessions = forOrg.filter((s) => s.status === "scheduled");
  let sessionId = input.sessionId;
  if (o.format === "package") sessionId = null;
  else if (!sessionId && sessions.length === 1 && o.format === "single") sessionId = sessions[0]!.id;
  const session = sessionId ? (sessions.find((s) => s.id === sessionId) ?? null) : null;
  if (o.format !== "package" && !session) throw new FieldError("session", sessionId ? "notBookable" : "chooseSession");
  // A requested training is booked only on a date the office planned for this organisation.
  if (o.registration === "request" && session?.reservedFor !== input.orgId) throw new FieldError("session", "notBookable");
  const start = startOf(o, sessions, sessionId);
  if (!start || (!office && start <= input.now)) throw new FieldError("session", "notBookable");
  if (input.participants.length < 1) throw new FieldError("participants", "participantsMin");
  if (!office && input.participants.length > o.maxPerOrganisation) throw new FieldError("participants", "participantsMax");

  const scopeId = scopeOf(o, sessionId);
  // A series of dates to choose one from: one date per organisation, whatever the unit counts (the
  // group's undecided ones too; the series index is the backstop). A resent form (the same person's
  // key) is left to the unique indexes, which find the first.
  if (o.format === "choice" && scopeId !== o.id) {
    const twin = (row: { registeredBy: string | null; idempotencyKey: string | null }) =>
      input.idempotencyKey !== null && row.registeredBy === input.actorId && row.idempotencyKey === input.idempotencyKey;
    const other = (row: { registeredBy: string | null; idempotencyKey: string | null }) => !twin(row);
    if (
      held.pending?.some((p) => p.row.organisationId === input.orgId && other(p.row)) ||
      (await activeInOffering(tx, input.orgId, o.id)).some(other)
    )
      throw new FieldError("session", "alreadyRegistered");
  }
  // Nobody jumps the line: while organisations wait for this pool, a newcomer waits too.
  const waiting = tally.waiting(scopeId);
  const fits =
    office || (waiting === 0 && (await placesFrom(o, session, (id, unit) => tally.taken(id, unit))) >= need(o, input.participants.length));
  if (!fits && !o.waitingList) {
    // Already registered says more than full. (Where the insert follows, the unique index says it.)
    if (await activeRegistration(tx, input.orgId, scopeId)) throw new FieldError("session", "alreadyRegistered");
    throw new FieldError("session", "full");
  }
  const status = fits ? "confirmed" : "waiting";
  const entry: Pending = {
    row: {
      id: randomUUID(),
      offeringId: o.id,
      sessionId,
      scopeId,
      series: o.format === "choice",
      organisationId: input.orgId,
      year: input.year,
      status,
      aboveCap: office,
      lang: input.lang,
      registeredBy: input.actorId,
      idempotencyKey: input.idempotencyKey,
      reason: input.aboveCap?.reason ?? null,
      changedBy: office ? input.actorId : null,
      createdAt: input.now,
      updatedAt: input.now,
    },
    participants: input.participants,
    orgName: input.orgName,
    event: status,
    known: { offering: o, sessions: forOrg, position: waiting + 1 },
    bump: status === "confirmed" || waiting === 0,
  };
  // The office's addition above the cap is written at once, with its audit entry.
  if (held.pending && !office) held.pending.push(entry);
  else await writeRegistrations(tx, deps, [entry]);
  if (office)
    await audit(tx, {
      actorId: input.actorId,
      organisationId: input.orgId,
      action: "training.add_above_cap",
      entity: "training_registration",
      entityId: entry.row.id,
      changes: { reason: { to: input.aboveCap!.reason } },
    });
  // Counted last: a piece that failed before this point counts nothing.
  tally.add(sessionId, scopeId, status, input.participants.length);
  return entry;
}

/** The organisation's active registrations for any date of an offering: who sent each, with which key. */
async function activeInOffering(db: Db, orgId: string, offeringId: string) {
  return db
    .select({ registeredBy: trainingRegistrations.registeredBy, idempotencyKey: trainingRegistrations.idempotencyKey })
    .from(trainingRegistrations)
    .where(
      and(
        eq(trainingRegistrations.organisationId, orgId),
        eq(trainingRegistrations.offeringId, offeringId),
        inArray(trainingRegistrations.status, [...ACTIVE_STATUSES]),
      ),
    );
}

async function activeRegistration(db: Db, orgId: string, scopeId: string) {
  const [r] = await db
    .select({ id: trainingRegistrations.id })
    .from(trainingRegistrations)
    .where(
      and(
        eq(trainingRegistrations.organisationId, orgId),
        eq(trainingRegistrations.scopeId, scopeId),
        inArray(trainingRegistrations.status, [...ACTIVE_STATUSES]),
      ),
    );
  return r ?? null;
}

async function byIdempotencyKey(db: Db, actorId: string, key: string) {
  const [r] = await db
    .select()
    .from(trainingRegistrations)
    .where(and(eq(trainingRegistrations.registeredBy, actorId), eq(trainingRegistrations.idempotencyKey, key)));
  return r ?? null;
}

/**
 * Gives freed places to the waiting list, first in line first: an offer valid for the offering's
 * `offerHours` (mailed), or at once a confirmed place where the offering promotes automatically.
 * Runs under the offering's lock, in the transaction that freed the place. Where places count
 * people, the first in line who doesn't fit keeps the rest of their date's line waiting. Returns
 * the registrations it promoted.
 */
export async function fillFreedPlaces(db: Db, deps: MailDeps, o: Offering, now: Date) {
  const line = await db
    .select()
    .from(trainingRegistrations)
    .where(and(eq(trainingRegistrations.offeringId, o.id), eq(trainingRegistrations.status, "waiting")))
    .orderBy(asc(trainingRegistrations.queueNo));
  if (!line.length) return [];
  const sessions = new Map((await sessionsOf(db, [o.id], { all: true })).map((s) => [s.id, s]));
  const blocked = new Set<string>();
  const promoted: Registration[] = [];
  for (const reg of line) {
    if (perOffering(o) && o.capacity !== null && (await placesLeft(db, o, null)) === 0) break;
    if (blocked.has(reg.scopeId)) continue;
    const session = reg.sessionId ? (sessions.get(reg.sessionId) ?? null) : null;
    if (session && (session.status !== "scheduled" || session.startsAt <= now)) continue;
    const [{ n } = { n: 0 }] = await db
      .select({ n: count() })
      .from(trainingParticipants)
      .where(eq(trainingParticipants.registrationId, reg.id));
    if ((await placesLeft(db, o, session)) < need(o, n)) {
      if (o.capacityUnit === "people") blocked.add(reg.scopeId);
      continue;
    }
    const offer = !o.autoPromote;
    const [next] = await db
      .update(trainingRegistrations)
      .set({
        status: offer ? "offered" : "confirmed",
        offerExpiresAt: offer ? new Date(now.getTime() + o.offerHours * 3_600_000) : null,
        updatedAt: now,
      })
      .where(eq(trainingRegistrations.id, reg.id))
      .returning();
    await notifyRegistration(db, deps, reg.id, offer ? "offered" : "promoted");
    promoted.push(next!);
  }
  if (promoted.length) await bumpContentVersion(db, TRAININGS);
  return promoted;
}

/** One registration of an organisation (null: none, or another organisation's). */
export async function registrationOf(db: Db, id: string, orgId?: string) {
  const [r] = await db
    .select()
    .from(trainingRegistrations)
    .where(and(eq(trainingRegistrations.id, id), orgId ? eq(trainingRegistrations.organisationId, orgId) : undefined));
  return r ?? null;
}

/** Locks the registration's offering, then reads the registration (null when it is gone). */
async function lockedRegistration(db: Db, id: string, orgId: string | undefined, opts: LockOpts) {
  const first = await registrationOf(db, id, orgId);
  if (!first) return null;
  const o = await lockOffering(db, first.offeringId, opts);
  const reg = await registrationOf(db, id, orgId);
  return o && reg ? { o, reg } : null;
}

/** The organisation takes its offered place. Refused (offerExpired) once the offer has lapsed. */
export async function acceptOffer(
  db: Db,
  deps: MailDeps,
  a: { id: string; orgId: string; actorId: string; now: Date },
  opts: LockOpts = {},
) {
  return db.transaction(async (tx) => {
    const found = await lockedRegistration(tx, a.id, a.orgId, opts);
    if (!found) return null;
    const { reg } = found;
    if (reg.status === "confirmed") return reg; // accepted twice: the first stands
    if (reg.status !== "offered" || !reg.offerExpiresAt || reg.offerExpiresAt <= a.now) throw new FieldError("offer", "offerExpired");
    const [next] = await tx
      .update(trainingRegistrations)
      .set({ status: "confirmed", offerExpiresAt: null, changedBy: a.actorId, updatedAt: a.now })
      .where(eq(trainingRegistrations.id, reg.id))
      .returning();
    await notifyRegistration(tx, deps, reg.id, "confirmed");
    return next!;
  });
}

export type CancelInput = {
  id: string;
  /** The organisation cancelling its own (the deadline applies); absent: the office. */
  orgId?: string;
  actorId: string;
  reason: string | null;
  now: Date;
};

/**
 * Cancels a registration (or declines an offer, or leaves the waiting list). An organisation may
 * until the offering's deadline before its date; the office always, with a reason. The place goes
 * to the next in line in the same transaction.
 */
export async function cancelRegistration(db: Db, deps: MailDeps, a: CancelInput, opts: LockOpts = {}) {
  return db.transaction(async (tx) => {
    const found = await lockedRegistration(tx, a.id, a.orgId, opts);
    if (!found) return null;
    const { o, reg } = found;
    if (!(ACTIVE_STATUSES as readonly string[]).includes(reg.status)) return reg;
    if (a.orgId && reg.status === "confirmed") {
      const sessions = await sessionsOf(tx, [o.id], { all: true });
      const start = startOf(o, sessions, reg.sessionId);
      if (start && start.getTime() - o.cancelHoursBefore * 3_600_000 <= a.now.getTime())
        throw new FieldError("registration", "cancelDeadlinePassed");
    }
    const [next] = await tx
      .update(trainingRegistrations)
      .set({ status: "cancelled", offerExpiresAt: null, reason: a.reason, changedBy: a.actorId, updatedAt: a.now })
      .where(eq(trainingRegistrations.id, reg.id))
      .returning();
    if (!a.orgId)
      await audit(tx, {
        actorId: a.actorId,
        organisationId: reg.organisationId,
        action: "training.cancel",
        entity: "training_registration",
        entityId: reg.id,
        changes: { status: { from: reg.status, to: "cancelled" }, reason: { to: a.reason } },
      });
    await notifyRegistration(tx, deps, reg.id, reg.status === "offered" ? "declined" : "cancelled");
    if (reg.status !== "waiting") await fillFreedPlaces(tx, deps, o, a.now);
    await bumpContentVersion(tx, TRAININGS);
    return next!;
  });
}

/**
 * Offers that lapsed by `now` pass to the next in line: each offering in its own transaction,
 * under its lock (a job runs this every minute). Returns how many offers expired.
 */
export async function expireOffers(db: Db, deps: MailDeps, now: Date, opts: LockOpts = {}) {
  const due = await db
    .selectDistinct({ offeringId: trainingRegistrations.offeringId })
    .from(trainingRegistrations)
    .where(and(eq(trainingRegistrations.status, "offered"), lte(trainingRegistrations.offerExpiresAt, now)));
  let expired = 0;
  for (const { offeringId } of due) {
    expired += await db.transaction(async (tx) => {
      const o = await lockOffering(tx, offeringId, opts);
      if (!o) return 0;
      const gone = await tx
        .update(trainingRegistrations)
        .set({ status: "expired", offerExpiresAt: null, updatedAt: now })
        .where(
          and(
            eq(trainingRegistrations.offeringId, offeringId),
            eq(trainingRegistrations.status, "offered"),
            lte(trainingRegistrations.offerExpiresAt, now),
          ),
        )
        .returning({ id: trainingRegistrations.id });
      for (const g of gone) await notifyRegistration(tx, deps, g.id, "expired");
      await fillFreedPlaces(tx, deps, o, now);
      if (gone.length) await bumpContentVersion(tx, TRAININGS);
      return gone.length;
    });
  }
  return expired;
}

/** After the office changed an offering's or a session's capacity: offers go out at once. */
export async function capacityChanged(db: Db, deps: MailDeps, offeringId: string, now: Date) {
  const o = await lockOffering(db, offeringId);
  return o ? fillFreedPlaces(db, deps, o, now) : [];
}

export { waitingPosition } from "./queue.js";
export type { RegistrationEvent };
