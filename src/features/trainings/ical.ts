import { getVtimezoneComponent } from "@touch4it/ical-timezones";
import ical, { foldLines, ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import type { Lang } from "../../core/i18n/index.js";
import { pick } from "../../core/i18n/index.js";
import type { Offering, Session } from "./service.js";

/**
 * Calendars (iCalendar, RFC 5545) made with ical-generator: the public feeds (per offering and for
 * all offerings: no personal data, no secret links) and the `.ics` mailed with a registration.
 * What Google Calendar, Outlook and Apple Calendar need to update an event in place: a UID that
 * stays the same (the session's id), a SEQUENCE that rises with every change (the session's
 * `sequence` plus the offering's `revision`), times with TZID and a VTIMEZONE for the time zone,
 * and a cancelled session sent as STATUS:CANCELLED rather than dropped.
 */

/**
 * A time zone's VTIMEZONE, read once per zone: the package reads its zone file from disk
 * (synchronously, on the event loop) on every call, which is on every calendar made: each feed
 * request and each mailed `.ics`.
 */
const vtimezones = new Map<string, string | null>();
export function vtimezone(timeZone: string) {
  let v = vtimezones.get(timeZone);
  if (v === undefined) {
    v = getVtimezoneComponent(timeZone);
    // The configured zone, and any a caller names: a bounded set (the package knows a few hundred).
    if (vtimezones.size < 1000) vtimezones.set(timeZone, v);
  }
  return v;
}

/** The wall-clock time of `d` in `timeZone`, as `YYYY-MM-DDTHH:mm:ss` (ical-generator writes it with TZID). */
const wallClocks = new Map<string, Intl.DateTimeFormat>();
export function wallTime(d: Date, timeZone: string) {
  // Kept per moment and zone: a calendar's dates are few, and `formatToParts` costs some 30 µs.
  const key = `${timeZone} ${d.getTime()}`;
  let time = wallTimes.get(key);
  if (time === undefined) {
    time = formatWallTime(d, timeZone);
    if (wallTimes.size >= 1000) wallTimes.clear();
    wallTimes.set(key, time);
  }
  return time;
}
const wallTimes = new Map<string, string>();

function formatWallTime(d: Date, timeZone: string) {
  // One formatter per time zone: making one costs far more than using it.
  let format = wallClocks.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    wallClocks.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(d).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

export type CalendarItem = { offering: Offering; session: Session; url: string; cancelled?: boolean };

/**
 * One calendar of sessions. `method: "REQUEST"` for a mailed invitation (the calendar adds or
 * updates the event), `"CANCEL"` when the registration ended, `"PUBLISH"` for a feed. `tentative`:
 * the place is not held yet (a waiting-list place, an offer), so the events are TENTATIVE.
 *
 * A calendar asked for again with the same content within the same second (DTSTAMP's precision)
 * is the text made the first time: the key is exactly what goes into the generator. A rush's
 * registrations mail a few distinct calendars a second, and the generator costs about a
 * millisecond each (ical-generator 10 measures every character's octets with a new TextEncoder
 * when it folds lines; version 11, which fixed that, needs Node 22).
 */
export function calendar(a: {
  name: string;
  lang: Lang;
  items: CalendarItem[];
  timeZone: string;
  host: string;
  method: "PUBLISH" | "REQUEST" | "CANCEL";
  stamp: Date;
  tbaLabel: string;
  tentative?: boolean;
  /** Who sends a mailed invitation or cancellation (RFC 5546 asks an ORGANIZER of REQUEST and CANCEL). */
  organizer?: { name: string; email: string };
}) {
  const head = {
    name: a.name,
    prodId: { company: "Vangnet", product: "trainings", language: a.lang.toUpperCase() },
    method: ICalCalendarMethod[a.method],
  };
  const events = a.items.map(({ offering, session, url, cancelled }) => {
    const title = pick(offering.title, a.lang).text;
    const part = pick(session.title, a.lang).text;
    const location = session.location ? pick(session.location, a.lang).text : a.tbaLabel;
    return {
      id: `${session.id}@${a.host}`,
      sequence: session.sequence + offering.revision,
      start: wallTime(session.startsAt, a.timeZone),
      end: wallTime(session.endsAt, a.timeZone),
      timezone: a.timeZone,
      summary: part ? `${title}: ${part}` : title,
      description: pick(offering.summary, a.lang).text || null,
      location: session.onlineUrl && !session.location ? session.onlineUrl : location,
      url,
      organizer: a.method === "PUBLISH" ? null : (a.organizer ?? null),
      status:
        cancelled || session.status === "cancelled" || a.method === "CANCEL"
          ? ICalEventStatus.CANCELLED
          : a.tentative
            ? ICalEventStatus.TENTATIVE
            : ICalEventStatus.CONFIRMED,
    };
  });
  const key = JSON.stringify([head, Math.floor(a.stamp.getTime() / 1000), events]);
  const kept = keptCalendars.get(key);
  if (kept !== undefined) return kept;
  // name null: DTSTAMP stays in UTC; the events carry their TZID and the generator adds its VTIMEZONE.
  const cal = ical({ ...head, timezone: { name: null, generator: vtimezone } });
  for (const event of events) cal.createEvent({ ...event, stamp: a.stamp });
  const text = cal.toString();
  if (text.length <= KEEP_CALENDAR_CHARS) {
    if (keptCalendars.size >= KEEP_CALENDARS) keptCalendars.clear();
    keptCalendars.set(key, text);
  }
  return text;
}
const keptCalendars = new Map<string, string>();
/** How many calendars `calendar` keeps (tests). */
export const calendarsKept = () => keptCalendars.size;
/** Bounds of `calendar`'s memo: the calendars of one second, not the large feeds (the page cache keeps those). */
const KEEP_CALENDARS = 64;
const KEEP_CALENDAR_CHARS = 16_384;

/**
 * A mailed calendar for one recipient: each event names them as ATTENDEE (RFC 5546 asks one of a
 * REQUEST and a CANCEL), by address only. The calendar itself is made once for many recipients;
 * the line goes in before each event's end, folded as the generator folds. An address that is not
 * a plain one (no line breaks, no signs that need quoting) is left out rather than written.
 */
export function forAttendee(text: string, email: string): string {
  if (!/^[^\s";:,<>\\]+@[^\s";:,<>\\]+$/.test(email)) return text;
  const line = fold(`ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:${email}`);
  return text.replaceAll("END:VEVENT\r\n", `${line}\r\nEND:VEVENT\r\n`);
}

/**
 * A content line folded as the generator folds it (`foldLines`: at most 74 octets, then CRLF and a
 * space before each further 74). A line of printable ASCII, one octet a character, is cut by
 * length; any other goes to the generator's own, which measures each character's octets with a new
 * TextEncoder (about 40 µs for an attendee's line, once per mail).
 */
export function fold(line: string): string {
  if (!/^[\x20-\x7e]*$/.test(line)) return foldLines(line);
  let out = line.slice(0, 74);
  for (let i = 74; i < line.length; i += 74) out += `\r\n ${line.slice(i, i + 74)}`;
  return out;
}
