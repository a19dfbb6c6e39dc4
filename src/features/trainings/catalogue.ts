import type { Offering, Session, TrainingAudience } from "./service.js";

/**
 * What the public pages say about an offering and its dates, worked out from the offering, its
 * sessions, the free places (`freePlacesFor` in the training-registrations service) and the time.
 * No queries here: the routes read, this decides, the views show.
 */

/** Where an offering or a date stands for someone who would register now. */
export type Availability =
  | { kind: "request" }
  | { kind: "external" }
  | { kind: "closed" }
  | { kind: "opens"; at: Date }
  | { kind: "open" }
  | { kind: "left"; n: number }
  | { kind: "few" }
  | { kind: "full"; waitingList: boolean };

/** At most this many free places reads "few places left". */
export const FEW = 3;

export type DateEntry = {
  session: Session;
  /** The date's own free places, where it has its own count (null: the offering's line says it). */
  places: Availability | null;
};

export type CatalogueEntry = {
  offering: Offering;
  /** Dates still to come (cancelled ones too, marked), in order. */
  dates: DateEntry[];
  status: Availability;
  /** The status counts the whole offering (organisations across all dates, a package). */
  acrossDates: boolean;
};

/** Capacity counted over the whole offering (as the registrations service counts it). */
const perOffering = (o: Offering) => o.capacityUnit === "organisations" || o.format === "package";

const byPlaces = (n: number | null | undefined, o: Offering): Availability =>
  n === null || n === undefined
    ? { kind: "open" }
    : n <= 0
      ? { kind: "full", waitingList: o.waitingList }
      : n <= FEW
        ? { kind: "few" }
        : { kind: "left", n };

/** One offering as the catalogue and its page show it. */
export function catalogueEntry(o: Offering, sessions: Session[], free: Map<string, number | null>, now: Date): CatalogueEntry {
  const upcoming = sessions.filter((s) => s.offeringId === o.id && s.startsAt > now);
  const bookable = upcoming.filter((s) => s.status === "scheduled");
  const timed: Availability | null =
    (o.closesAt && o.closesAt <= now) || (sessions.some((s) => s.offeringId === o.id) && !bookable.length)
      ? { kind: "closed" }
      : o.opensAt && o.opensAt > now
        ? { kind: "opens", at: o.opensAt }
        : null;
  let status: Availability;
  if (o.registration === "request") status = { kind: "request" };
  else if (timed) status = timed;
  else if (o.registration === "external") status = { kind: "external" };
  else if (!bookable.length) status = { kind: "closed" };
  else if (perOffering(o)) status = byPlaces(free.get(o.id), o);
  else status = free.get(o.id) === 0 ? { kind: "full", waitingList: o.waitingList } : { kind: "open" };
  // A date shows its own count where places are counted per date (people, boards) or it has its own limit.
  const ownCount = (s: Session) =>
    o.registration === "portal" &&
    !timed &&
    s.status === "scheduled" &&
    o.format !== "package" &&
    (!perOffering(o) || s.capacity !== null) &&
    free.has(s.id);
  return {
    offering: o,
    dates: upcoming.map((session) => ({ session, places: ownCount(session) ? byPlaces(free.get(session.id), o) : null })),
    status,
    acrossDates: perOffering(o) && o.format !== "single" && (status.kind === "left" || status.kind === "few"),
  };
}

/** Someone can sign up now: register (or join the waiting list), request it, or go to the external page. */
export const openForRegistration = (e: CatalogueEntry) =>
  e.status.kind === "request" ||
  e.status.kind === "external" ||
  e.status.kind === "open" ||
  e.status.kind === "left" ||
  e.status.kind === "few" ||
  (e.status.kind === "full" && e.status.waitingList);

export type CatalogueFilter = { audience: TrainingAudience | null; language: "nl" | "en" | null; open: boolean };

export const matches = (f: CatalogueFilter) => (e: CatalogueEntry) =>
  (!f.audience || e.offering.audiences.includes(f.audience)) &&
  (!f.language || e.offering.lang === f.language) &&
  (!f.open || openForRegistration(e));
