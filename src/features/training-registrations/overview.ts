import { asc, desc, eq } from "drizzle-orm";
import type { Db } from "../../db/index.js";
import { getOffering, type Offering, publishedOfferings, type Session, sessionsOf } from "../trainings/service.js";
import { sessionsCovered } from "./mails.js";
import { waitingPosition } from "./queue.js";
import { ACTIVE_STATUSES, trainingParticipants, trainingRegistrations } from "./schema.js";
import { freePlacesFor, type Registration } from "./service.js";

/**
 * What a board sees of its organisation's trainings: its registrations (with their dates, place in
 * line and offers), the dates it can book, and what is open to register for. Reading only.
 */

export type RegistrationView = {
  registration: Registration;
  offering: Offering;
  /** The dates it covers: its date, or every date of a package. */
  sessions: Session[];
  start: Date | null;
  end: Date | null;
  /** Its place on the waiting list (1 is next), when it waits. */
  position: number | null;
};

const span = (sessions: Session[]) => {
  const live = sessions.filter((s) => s.status === "scheduled");
  const all = live.length ? live : sessions;
  if (!all.length) return { start: null, end: null };
  return {
    start: new Date(Math.min(...all.map((s) => s.startsAt.getTime()))),
    end: new Date(Math.max(...all.map((s) => s.endsAt.getTime()))),
  };
};

async function views(db: Db, orgId: string, regs: Registration[]): Promise<RegistrationView[]> {
  const offerings = new Map<string, Offering>();
  for (const id of new Set(regs.map((r) => r.offeringId))) {
    const o = await getOffering(db, id);
    if (o) offerings.set(id, o);
  }
  const sessions = await sessionsOf(db, [...offerings.keys()], { forOrg: orgId });
  const out: RegistrationView[] = [];
  for (const registration of regs) {
    const offering = offerings.get(registration.offeringId);
    if (!offering) continue;
    const mine = sessionsCovered(
      offering,
      sessions.filter((s) => s.offeringId === offering.id),
      registration.sessionId,
    );
    out.push({ registration, offering, sessions: mine, ...span(mine), position: await waitingPosition(db, registration) });
  }
  return out;
}

/**
 * The organisation's registrations, newest first, split in two: those whose dates are still to
 * come (whatever their status), and its history (every date has passed).
 */
export async function registrationsOfOrg(db: Db, orgId: string, now: Date) {
  const regs = await db
    .select()
    .from(trainingRegistrations)
    .where(eq(trainingRegistrations.organisationId, orgId))
    .orderBy(desc(trainingRegistrations.createdAt), desc(trainingRegistrations.queueNo));
  const all = await views(db, orgId, regs);
  const past = (v: RegistrationView) => v.end !== null && v.end <= now;
  return { upcoming: all.filter((v) => !past(v)), history: all.filter(past) };
}

/** One registration of the organisation, with its offering, dates and participants (null: none, or another organisation's). */
export async function registrationDetail(db: Db, id: string, orgId: string) {
  const [reg] = await db.select().from(trainingRegistrations).where(eq(trainingRegistrations.id, id));
  if (!reg || reg.organisationId !== orgId) return null;
  const [view] = await views(db, orgId, [reg]);
  if (!view) return null;
  const participants = await db
    .select({ name: trainingParticipants.name, email: trainingParticipants.email, role: trainingParticipants.role })
    .from(trainingParticipants)
    .where(eq(trainingParticipants.registrationId, reg.id))
    .orderBy(asc(trainingParticipants.sort));
  return { ...view, participants };
}

/** Whether the organisation may still cancel a registration itself (the deadline applies to a held place). */
export const mayCancel = (v: RegistrationView, now: Date) =>
  (ACTIVE_STATUSES as readonly string[]).includes(v.registration.status) &&
  (v.registration.status !== "confirmed" || !v.start || v.start.getTime() - v.offering.cancelHoursBefore * 3_600_000 > now.getTime());

export type Bookable = { session: Session; placesLeft: number | null };

/**
 * The dates an organisation can register for on an offering, with the places left on each (null:
 * no limit, or not read: `places: false`): the offering's scheduled dates still to come (of `all`, its dates read
 * before, when given), or for a requested training only the
 * dates the office planned for this organisation. Null when this offering is not booked here.
 */
export async function bookableDates(
  db: Db,
  o: Offering,
  orgId: string,
  now: Date,
  opts: { places?: boolean; all?: Session[] } = {},
): Promise<Bookable[] | null> {
  if (o.status !== "published" || (o.registration !== "portal" && o.registration !== "request")) return null;
  // All the offering's dates when the caller has them (read once for a rush: `offeringAndDates`), or this organisation's.
  const forOrg =
    opts.all?.filter((s) => s.reservedFor === null || s.reservedFor === orgId) ?? (await sessionsOf(db, [o.id], { forOrg: orgId }));
  const sessions = forOrg.filter(
    (s) => s.status === "scheduled" && s.startsAt > now && (o.registration === "portal" || s.reservedFor === orgId),
  );
  // A requested training without a planned date is requested, not booked.
  if (o.registration === "request" && !sessions.length) return null;
  // Every date's free places in one read (a pool in which organisations wait has none, as `register` sees it).
  const free = opts.places === false ? new Map<string, null>() : await freePlacesFor(db, [o], sessions);
  if (o.format === "package") return sessions.map((session) => ({ session, placesLeft: free.get(o.id) ?? null }));
  return sessions.map((session) => ({ session, placesLeft: free.get(session.id) ?? null }));
}

/** Where registration stands: not open yet, closed, or open. */
export const registrationWindow = (o: Offering, now: Date) =>
  o.opensAt && o.opensAt > now ? ("notOpen" as const) : o.closesAt && o.closesAt <= now ? ("closed" as const) : ("open" as const);

/**
 * What the organisation can register for now: published offerings booked in the portal whose
 * registration is open and that have a date to come, and offerings it can request; not those it is
 * already registered for (or has asked for).
 */
export async function openOfferings(db: Db, now: Date, taken: Set<string>) {
  const offerings = (await publishedOfferings(db)).filter(
    (o) => !taken.has(o.id) && (o.registration === "request" || (o.registration === "portal" && registrationWindow(o, now) === "open")),
  );
  const sessions = await sessionsOf(
    db,
    offerings.map((o) => o.id),
  );
  return offerings
    .map((offering) => ({
      offering,
      next: sessions.find((s) => s.offeringId === offering.id && s.status === "scheduled" && s.startsAt > now) ?? null,
    }))
    .filter((x) => x.offering.registration === "request" || x.next);
}
