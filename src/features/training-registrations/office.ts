import { and, asc, count, countDistinct, desc, eq, inArray, sql } from "drizzle-orm";
import { bumpContentVersion } from "../../core/content/versions.js";
import { FieldError } from "../../core/errors.js";
import { type Localized, pick } from "../../core/i18n/index.js";
import { type MailDeps, type MailTemplate, sendMail } from "../../core/mail/send.js";
import type { Db } from "../../db/index.js";
import { url } from "../../routes.js";
import { audit } from "../audit/service.js";
import { users } from "../auth/schema.js";
import { organisationNames } from "../organisations/service.js";
import {
  addSession,
  allOfferings,
  cancelSession,
  getSession,
  lockOffering,
  type Offering,
  type OfferingInput,
  type SessionInput,
  sessionsOf,
  TRAININGS,
  updateOffering,
  updateSession,
} from "../trainings/service.js";
import { notifyRegistration } from "./mails.js";
import { ACTIVE_STATUSES, HOLDING_STATUSES, trainingRegistrations as r, trainingAttendance, trainingParticipants } from "./schema.js";
import { capacityChanged, fillFreedPlaces, placesLeft, type Registration, registrationOf, scopeOf } from "./service.js";

/**
 * The office's side of registrations, this feature's second public module next to service.ts
 * (as organisations has access.ts): changes to offerings and dates that reach the people
 * registered (offers when capacity rises, mail when a date moves or its place is announced,
 * cancellations), moving a registration, attendance, messages, and the lists and histories the
 * office reads. Every change locks the offering's row first, as the service does. Its pages are
 * in `training-registrations-office` (a folder of their own, for the size limit); the trainings'
 * office gets its functions from createApp.
 */

type Counts = { confirmed: number; offered: number; waiting: number; people: number };
const zero = (): Counts => ({ confirmed: 0, offered: 0, waiting: 0, people: 0 });

/** The registrations a date concerns: its own, or (a programme booked as one) every one of the offering. */
const covering = (o: Offering, sessionId: string) => (o.format === "package" ? eq(r.offeringId, o.id) : eq(r.sessionId, sessionId));

async function holdingIds(db: Db, o: Offering, sessionId: string) {
  const rows = await db
    .select({ id: r.id })
    .from(r)
    .where(and(covering(o, sessionId), inArray(r.status, [...HOLDING_STATUSES])))
    .orderBy(asc(r.queueNo));
  return rows.map((x) => x.id);
}

/**
 * Saves an offering and, in the same transaction, makes offers for places its new capacity frees.
 * Null: no such offering. Its format can't change while registrations made under it are active.
 */
export async function editOffering(db: Db, deps: MailDeps, actorId: string, id: string, input: Partial<OfferingInput>, now: Date) {
  return db.transaction(async (tx) => {
    const before = await lockOffering(tx, id);
    if (!before) return null;
    if (input.format !== undefined && input.format !== before.format) {
      const [active] = await tx
        .select({ id: r.id })
        .from(r)
        .where(and(eq(r.offeringId, id), inArray(r.status, [...ACTIVE_STATUSES])))
        .limit(1);
      if (active) throw new FieldError("format", "formatLocked");
      await tx
        .update(r)
        .set({ series: input.format === "choice" })
        .where(eq(r.offeringId, id));
    }
    const saved = await updateOffering(tx, actorId, id, input, now);
    if (!saved) return null;
    await capacityChanged(tx, deps, id, now);
    return saved.after;
  });
}

/** Adds a date; a programme's registrations (booked for every date) get the new date in their calendar. */
export async function addOfferingSession(db: Db, deps: MailDeps, a: { actorId: string; offeringId: string; input: SessionInput }) {
  return db.transaction(async (tx) => {
    const o = await lockOffering(tx, a.offeringId);
    if (!o) return null;
    const s = await addSession(tx, a.actorId, o.id, a.input);
    if (o.format === "package") for (const id of await holdingIds(tx, o, s.id)) await notifyRegistration(tx, deps, id, "changed");
    return s;
  });
}

/**
 * Saves a date. When its time moved or its location changed (a "to be announced" location set),
 * every registration holding a place on it is mailed, with an `.ics` whose SEQUENCE rose; a raised
 * capacity makes offers at once. Returns how many registrations were told, or null (no such date).
 */
export async function editOfferingSession(
  db: Db,
  deps: MailDeps,
  a: { actorId: string; offeringId: string; sessionId: string; input: SessionInput; now: Date },
) {
  return db.transaction(async (tx) => {
    const o = await lockOffering(tx, a.offeringId);
    const current = await getSession(tx, a.sessionId);
    if (!o || current?.offeringId !== o.id) return null;
    const saved = await updateSession(tx, a.actorId, a.sessionId, a.input, a.now);
    if (!saved) return null;
    const { before, after } = saved;
    const moved = before.startsAt.getTime() !== after.startsAt.getTime() || before.endsAt.getTime() !== after.endsAt.getTime();
    const placed = JSON.stringify(before.location) !== JSON.stringify(after.location) && after.location !== null;
    const told = moved || placed ? await holdingIds(tx, o, after.id) : [];
    for (const id of told) await notifyRegistration(tx, deps, id, "changed");
    await fillFreedPlaces(tx, deps, o, a.now);
    return { told: told.length };
  });
}

/** Registrations a cancelled date would cancel (single dates and series) or tell (a programme). */
export async function activeOnSession(db: Db, o: Offering, sessionId: string) {
  const statuses = o.format === "package" ? [...HOLDING_STATUSES] : [...ACTIVE_STATUSES];
  const [row] = await db
    .select({ n: count() })
    .from(r)
    .where(and(covering(o, sessionId), inArray(r.status, statuses)));
  return row?.n ?? 0;
}

/**
 * Cancels a date. For a single date or a series, its registrations are cancelled with the reason,
 * each mailed with a cancelled `.ics`, and places they held across the offering go down the
 * waiting list; a programme's registrations stay and are told. Null: no such date; `cancelled` 0
 * when it was already cancelled.
 */
export async function cancelOfferingSession(
  db: Db,
  deps: MailDeps,
  a: { actorId: string; offeringId: string; sessionId: string; reason: string; now: Date },
) {
  return db.transaction(async (tx) => {
    const o = await lockOffering(tx, a.offeringId);
    const s = await getSession(tx, a.sessionId);
    if (!o || s?.offeringId !== o.id) return null;
    if (!(await cancelSession(tx, a.actorId, s.id, a.now))) return { cancelled: 0 };
    if (o.format === "package") {
      for (const id of await holdingIds(tx, o, s.id)) await notifyRegistration(tx, deps, id, "changed");
      return { cancelled: 0 };
    }
    const gone = await tx
      .update(r)
      .set({ status: "cancelled", offerExpiresAt: null, reason: a.reason, changedBy: a.actorId, updatedAt: a.now })
      .where(and(eq(r.sessionId, s.id), inArray(r.status, [...ACTIVE_STATUSES])))
      .returning({ id: r.id, organisationId: r.organisationId });
    for (const g of gone) {
      await audit(tx, {
        actorId: a.actorId,
        organisationId: g.organisationId,
        action: "training.cancel",
        entity: "training_registration",
        entityId: g.id,
        changes: { status: { to: "cancelled" }, reason: { to: a.reason } },
      });
      await notifyRegistration(tx, deps, g.id, "cancelled");
    }
    await fillFreedPlaces(tx, deps, o, a.now);
    return { cancelled: gone.length };
  });
}

/**
 * Moves a registration to another date of its offering (the office, with a reason): under the
 * offering's lock, into a date with room for it (unless it was added above the cap); the
 * organisation is mailed and the place it left goes down the old date's waiting list.
 */
export async function moveRegistration(
  db: Db,
  deps: MailDeps,
  a: { id: string; sessionId: string; actorId: string; reason: string; now: Date },
) {
  return db.transaction(async (tx) => {
    const first = await registrationOf(tx, a.id);
    const o = first && (await lockOffering(tx, first.offeringId));
    const reg = o && (await registrationOf(tx, a.id));
    if (!o || !reg) return null;
    if (!(ACTIVE_STATUSES as readonly string[]).includes(reg.status)) throw new FieldError("sessionId", "moveNotActive");
    const target = await getSession(tx, a.sessionId);
    const bookable =
      target &&
      o.format !== "package" &&
      target.offeringId === o.id &&
      target.status === "scheduled" &&
      target.startsAt > a.now &&
      (!target.reservedFor || target.reservedFor === reg.organisationId);
    if (!bookable) throw new FieldError("sessionId", "notBookable");
    if (target.id === reg.sessionId) throw new FieldError("sessionId", "sameDate");
    const scopeId = scopeOf(o, target.id);
    if (scopeId !== reg.scopeId) {
      const [dup] = await tx
        .select({ id: r.id })
        .from(r)
        .where(and(eq(r.organisationId, reg.organisationId), eq(r.scopeId, scopeId), inArray(r.status, [...ACTIVE_STATUSES])));
      if (dup) throw new FieldError("sessionId", "alreadyRegistered");
    }
    if (reg.status !== "waiting" && !reg.aboveCap) {
      // Room on the date itself: where the offering counts organisations, the move takes no place of the whole.
      const [{ n } = { n: 0 }] = await tx
        .select({ n: count() })
        .from(trainingParticipants)
        .where(eq(trainingParticipants.registrationId, reg.id));
      const pool = o.capacityUnit === "organisations" ? { ...o, capacity: null } : o;
      if ((await placesLeft(tx, pool, target)) < (o.capacityUnit === "people" ? n : 1)) throw new FieldError("sessionId", "dateFull");
    }
    const old = reg.sessionId ? await getSession(tx, reg.sessionId) : null;
    const [moved] = await tx
      .update(r)
      .set({ sessionId: target.id, scopeId, reason: a.reason, changedBy: a.actorId, updatedAt: a.now })
      .where(eq(r.id, reg.id))
      .returning();
    await audit(tx, {
      actorId: a.actorId,
      organisationId: reg.organisationId,
      action: "training.move",
      entity: "training_registration",
      entityId: reg.id,
      changes: { session: { from: old?.startsAt.toISOString() ?? null, to: target.startsAt.toISOString() }, reason: { to: a.reason } },
    });
    // The mail cancels the date left in the calendar, and sends the new one.
    await notifyRegistration(tx, deps, reg.id, reg.status === "waiting" ? "waiting" : "changed", undefined, { left: old });
    await fillFreedPlaces(tx, deps, o, a.now);
    // The dates' free places changed: the cached catalogue and offering page go (every process).
    await bumpContentVersion(tx, TRAININGS);
    return moved!;
  });
}

// ---------- what the office reads ----------

/** Registrations per offering and per date, by status (the office's lists). */
export async function registrationCounts(db: Db, offeringIds: string[]) {
  const offerings = new Map<string, Counts>();
  const sessions = new Map<string, Counts>();
  if (!offeringIds.length) return { offerings, sessions };
  const rows = await db
    .select({
      offeringId: r.offeringId,
      sessionId: r.sessionId,
      status: r.status,
      n: countDistinct(r.id),
      // Joined: a subquery in a single table's selection would read the registration's id as its own.
      people: count(trainingParticipants.id),
    })
    .from(r)
    .leftJoin(trainingParticipants, eq(trainingParticipants.registrationId, r.id))
    .where(and(inArray(r.offeringId, offeringIds), inArray(r.status, [...ACTIVE_STATUSES])))
    .groupBy(r.offeringId, r.sessionId, r.status);
  for (const x of rows) {
    const targets = [offerings, ...(x.sessionId ? [sessions] : [])].map((m, i) => {
      const key = i === 0 ? x.offeringId : x.sessionId!;
      if (!m.has(key)) m.set(key, zero());
      return m.get(key)!;
    });
    for (const c of targets) {
      c[x.status as "confirmed" | "offered" | "waiting"] += x.n;
      if (x.status !== "waiting") c.people += Number(x.people ?? 0);
    }
  }
  return { offerings, sessions };
}

/** Participants of registrations, by registration id, in the order they were named. */
async function participantsOf(db: Db, ids: string[]) {
  const out = new Map<string, (typeof trainingParticipants.$inferSelect)[]>();
  if (!ids.length) return out;
  const rows = await db
    .select()
    .from(trainingParticipants)
    .where(inArray(trainingParticipants.registrationId, ids))
    .orderBy(asc(trainingParticipants.sort));
  for (const p of rows) out.set(p.registrationId, [...(out.get(p.registrationId) ?? []), p]);
  return out;
}

/** Each waiting registration's place in its line (1 is next), among `ids`. */
async function positions(db: Db, offeringId: string, ids: string[]) {
  if (!ids.length) return new Map<string, number>();
  const ranked = db.$with("ranked").as(
    db
      .select({ id: r.id, pos: sql<number>`row_number() over (partition by ${r.scopeId} order by ${r.queueNo})::int`.as("pos") })
      .from(r)
      .where(and(eq(r.offeringId, offeringId), eq(r.status, "waiting"))),
  );
  const rows = await db.with(ranked).select().from(ranked).where(inArray(ranked.id, ids));
  return new Map(rows.map((x) => [x.id, Number(x.pos)]));
}

/**
 * The office's list of an offering's registrations (or one date's): those holding a place first,
 * then the waiting list in order, each with its organisation, participants and place in line.
 */
export async function officeRegistrations(db: Db, a: { offeringId: string; sessionId: string | null; page: number; perPage: number }) {
  const where = and(
    eq(r.offeringId, a.offeringId),
    inArray(r.status, [...ACTIVE_STATUSES]),
    a.sessionId ? eq(r.sessionId, a.sessionId) : undefined,
  );
  const [total] = await db.select({ n: count() }).from(r).where(where);
  const regs = await db
    .select()
    .from(r)
    .where(where)
    .orderBy(sql`${r.status} = 'waiting'`, asc(r.queueNo))
    .limit(a.perPage)
    .offset((a.page - 1) * a.perPage);
  return { total: total?.n ?? 0, rows: await described(db, a.offeringId, regs) };
}

async function described(db: Db, offeringId: string, regs: Registration[]) {
  const ids = regs.map((x) => x.id);
  const [names, people, pos] = [
    await organisationNames(
      db,
      regs.map((x) => x.organisationId),
    ),
    await participantsOf(db, ids),
    await positions(db, offeringId, ids),
  ];
  return regs.map((reg) => ({
    reg,
    org: names.get(reg.organisationId) ?? "",
    participants: people.get(reg.id) ?? [],
    position: pos.get(reg.id) ?? null,
  }));
}

export type OfficeRegistration = Awaited<ReturnType<typeof described>>[number];

/** One registration for the office, with its organisation, participants and place in line (null: none). */
export async function officeRegistration(db: Db, id: string) {
  const reg = await registrationOf(db, id);
  return reg ? (await described(db, reg.offeringId, [reg]))[0]! : null;
}

/** Every participant of an offering's active registrations, for the CSV: holding a place first, then waiting. */
export async function participantList(db: Db, offeringId: string) {
  const regs = await db
    .select()
    .from(r)
    .where(and(eq(r.offeringId, offeringId), inArray(r.status, [...ACTIVE_STATUSES])))
    .orderBy(sql`${r.status} = 'waiting'`, asc(r.queueNo));
  return described(db, offeringId, regs);
}

/** The people expected on a date (participants of confirmed registrations), with whether they were there. */
export async function attendanceOf(db: Db, o: Offering, sessionId: string) {
  const regs = await db
    .select()
    .from(r)
    .where(and(covering(o, sessionId), eq(r.status, "confirmed")))
    .orderBy(asc(r.queueNo));
  const rows = await described(db, o.id, regs);
  const ids = rows.flatMap((x) => x.participants.map((p) => p.id));
  const marks = ids.length
    ? await db
        .select()
        .from(trainingAttendance)
        .where(and(eq(trainingAttendance.sessionId, sessionId), inArray(trainingAttendance.participantId, ids)))
    : [];
  const present = new Map(marks.map((m) => [m.participantId, m.present]));
  return rows.flatMap((x) => x.participants.map((p) => ({ ...p, org: x.org, present: present.get(p.id) ?? null })));
}

/** Records who came to a date: each expected participant present or not; an id not expected there refuses the whole form. */
export async function saveAttendance(db: Db, a: { o: Offering; sessionId: string; present: string[]; actorId: string }) {
  return db.transaction(async (tx) => {
    const people = await attendanceOf(tx, a.o, a.sessionId);
    const here = new Set(a.present);
    if (a.present.some((id) => !people.some((p) => p.id === id))) throw new FieldError("present", "invalidChoice");
    if (!people.length) return 0;
    await tx
      .insert(trainingAttendance)
      .values(people.map((p) => ({ participantId: p.id, sessionId: a.sessionId, present: here.has(p.id) })))
      .onConflictDoUpdate({
        target: [trainingAttendance.participantId, trainingAttendance.sessionId],
        set: { present: sql`excluded.present` },
      });
    const n = people.filter((p) => here.has(p.id)).length;
    await audit(tx, {
      actorId: a.actorId,
      action: "training.attendance",
      entity: "training_session",
      entityId: a.sessionId,
      changes: { present: { to: n } },
    });
    return n;
  });
}

/** Whom a message about a date reaches: participants and registrants of the registrations holding a place, once each. */
export async function messageRecipients(db: Db, o: Offering, sessionId: string) {
  const regs = await db
    .select({ id: r.id, lang: r.lang, organisationId: r.organisationId, registrant: users.email })
    .from(r)
    .leftJoin(users, eq(users.id, r.registeredBy))
    .where(and(covering(o, sessionId), inArray(r.status, [...HOLDING_STATUSES])))
    .orderBy(asc(r.queueNo));
  const people = await participantsOf(
    db,
    regs.map((x) => x.id),
  );
  const seen = new Map<string, (typeof regs)[number]>();
  for (const reg of regs)
    for (const email of [reg.registrant, ...(people.get(reg.id) ?? []).map((p) => p.email)])
      if (email && !seen.has(email.toLowerCase())) seen.set(email.toLowerCase(), reg);
  return [...seen].map(([email, reg]) => ({ email, reg }));
}

type MessageData = { subject: string; body: string; title: string; org: string; link: string };

const officeMessage: MailTemplate<MessageData> = (t, d) => ({
  subject: d.subject,
  heading: d.subject,
  paragraphs: [t.registrations.office.mailAbout(d.title, d.org), ...d.body.split(/\r?\n\s*\r?\n/).map((p) => p.trim())].filter(Boolean),
  action: { label: t.registrations.mail.openButton, url: d.link },
});

/** Mails the office's message about a date to everyone it concerns, each in their registration's language. Returns how many. */
export async function messageSession(
  db: Db,
  deps: MailDeps,
  a: { o: Offering; sessionId: string; subject: Localized; body: Localized; actorId: string },
) {
  return db.transaction(async (tx) => {
    const to = await messageRecipients(tx, a.o, a.sessionId);
    const orgs = await organisationNames(
      tx,
      to.map((x) => x.reg.organisationId),
    );
    for (const { email, reg } of to) {
      const link = `${deps.env.BASE_URL}${url(reg.lang, "orgTrainingRegistration", { id: reg.organisationId, registrationId: reg.id })}`;
      const data = {
        subject: pick(a.subject, reg.lang).text,
        body: pick(a.body, reg.lang).text,
        title: pick(a.o.title, reg.lang).text,
        org: orgs.get(reg.organisationId) ?? "",
        link,
      };
      await sendMail(tx, deps, { to: email, lang: reg.lang, template: "training.message", render: officeMessage, data });
    }
    await audit(tx, {
      actorId: a.actorId,
      action: "training.message",
      entity: "training_session",
      entityId: a.sessionId,
      changes: { subject: { to: a.subject }, recipients: { to: to.length } },
    });
    return to.length;
  });
}

/** Offers waiting for an answer (the office home's line). */
export async function openOffers(db: Db) {
  const [row] = await db.select({ n: count() }).from(r).where(eq(r.status, "offered"));
  return row?.n ?? 0;
}

// ---------- an organisation's trainings ----------

/** An organisation's registrations, newest first (at most `limit`), with the offering and its dates. */
export async function trainingHistory(db: Db, orgId: string, limit = 50) {
  const regs = await db.select().from(r).where(eq(r.organisationId, orgId)).orderBy(desc(r.createdAt), desc(r.queueNo)).limit(limit);
  const wanted = new Set(regs.map((x) => x.offeringId));
  const offerings = new Map((await allOfferings(db)).filter((o) => wanted.has(o.id)).map((o) => [o.id, o]));
  const sessions = await sessionsOf(db, [...wanted], { all: true });
  return regs.flatMap((reg) => {
    const o = offerings.get(reg.offeringId);
    if (!o) return [];
    const dates = sessions.filter((s) => (reg.sessionId ? s.id === reg.sessionId : s.offeringId === o.id && !s.reservedFor));
    return [{ reg, offering: o, dates }];
  });
}

/**
 * Per organisation, the people trained in academic year `year`: participants (by email) of its
 * registrations for that year who attended a date, or are confirmed for a date that has begun and
 * not recorded as absent.
 */
export async function trainedThisYear(db: Db, orgIds: string[], year: number, now: Date) {
  const out = new Map<string, string[]>();
  if (!orgIds.length) return out;
  const p = trainingParticipants;
  const marks = (present: boolean) =>
    sql`exists (select 1 from ${trainingAttendance} a where a.participant_id = ${p.id} and a.present = ${present})`;
  const rows = await db
    .selectDistinct({
      orgId: r.organisationId,
      email: sql<string>`lower(${p.email})`,
      present: sql<boolean>`${marks(true)}`,
      offeringId: r.offeringId,
      sessionId: r.sessionId,
    })
    .from(p)
    .innerJoin(r, eq(r.id, p.registrationId))
    .where(
      and(
        inArray(r.organisationId, orgIds),
        eq(r.year, year),
        sql`(${marks(true)} or (${r.status} = 'confirmed' and not ${marks(false)}))`,
      ),
    );
  // Without recorded attendance, a confirmed place counts once its date (a programme's first) has begun.
  const begun = new Set(
    (await sessionsOf(db, [...new Set(rows.map((x) => x.offeringId))], { all: true }))
      .filter((x) => x.status === "scheduled" && x.startsAt <= now)
      .flatMap((x) => [x.id, `offering:${x.offeringId}`]),
  );
  const trained = rows.filter((x) => x.present || begun.has(x.sessionId ?? `offering:${x.offeringId}`));
  for (const x of trained.sort((a, b) => a.orgId.localeCompare(b.orgId) || a.email.localeCompare(b.email))) {
    const list = out.get(x.orgId) ?? [];
    if (!list.includes(x.email)) list.push(x.email);
    out.set(x.orgId, list);
  }
  return out;
}
