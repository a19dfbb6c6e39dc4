import { z } from "zod";
import { type ErrorKey, f, errorKey as k } from "../../core/forms.js";
import type { Localized } from "../../core/i18n/index.js";
import { wallTime } from "./ical.js";
import type { Session, SessionInput } from "./service.js";

/**
 * The form of a date (session) of an offering, used by the office's offering pages and by the
 * office's request queue (planning a request makes a date): times are typed in TIME_ZONE and
 * stored as instants. Other features reach it through the trainings service.
 */

const text = (max: number) => z.string().trim().max(max, k("maxLength")).default("");
export const LOCAL_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * The instant a wall-clock time (`2026-12-10T11:30`) in `timeZone` names, or null when it is no
 * valid time there (not a date, or skipped by the change to summer time).
 */
export function fromWall(local: string, timeZone: string): Date | null {
  if (!LOCAL_DATETIME.test(local)) return null;
  const asUtc = Date.parse(`${local}:00Z`);
  if (Number.isNaN(asUtc) || !new Date(asUtc).toISOString().startsWith(local)) return null;
  let t = asUtc;
  for (let i = 0; i < 3; i++) t += asUtc - Date.parse(`${wallTime(new Date(t), timeZone)}Z`);
  return wallTime(new Date(t), timeZone).slice(0, 16) === local ? new Date(t) : null;
}

/** An instant as a `datetime-local` value in `timeZone` (empty for none). */
export const toWall = (d: Date | null, timeZone: string) => (d ? wallTime(d, timeZone).slice(0, 16) : "");

/** A text field in both languages from a form's values (`title_nl`, `title_en`). */
export const localized = (values: Record<string, string>, name: string): Localized => ({
  nl: (values[`${name}_nl`] ?? "").trim(),
  en: (values[`${name}_en`] ?? "").trim(),
});

// ---------- a date (session) ----------

const time = () => z.string().trim().min(1, k("required")).regex(TIME, k("invalidTime"));

/** A date of an offering: the day, start and end time (in TIME_ZONE), where (empty: to be announced), an online link, a capacity. */
export const sessionSchema = z.object({
  title_nl: text(150),
  title_en: text(150),
  date: f.date(),
  startTime: time(),
  endTime: time(),
  location_nl: text(200),
  location_en: text(200),
  onlineUrl: f.optionalUrl(),
  capacity: f.optionalInt(0, 100_000),
});

/** The end after the start, on the values whatever else is wrong (all errors at once). */
export function sessionProblems(values: Record<string, string>, timeZone: string): FieldErrorKeys {
  const { date = "", startTime = "", endTime = "" } = values;
  if (!TIME.test(startTime) || !TIME.test(endTime)) return {};
  const starts = fromWall(`${date}T${startTime}`, timeZone);
  const ends = fromWall(`${date}T${endTime}`, timeZone);
  if (/^\d{4}-\d{2}-\d{2}$/.test(date) && !starts) return { startTime: "invalidDateTime" };
  if (starts && ends && ends <= starts) return { endTime: "endsBeforeStarts" };
  return {};
}
type FieldErrorKeys = Partial<Record<string, ErrorKey>>;

/** The parsed form as the service's SessionInput (call once `sessionProblems` found nothing). */
export function sessionInput(values: Record<string, string>, data: z.output<typeof sessionSchema>, timeZone: string): SessionInput {
  const location = localized(values, "location");
  return {
    title: localized(values, "title"),
    startsAt: fromWall(`${data.date}T${data.startTime}`, timeZone)!,
    endsAt: fromWall(`${data.date}T${data.endTime}`, timeZone)!,
    location: location.nl || location.en ? location : null,
    onlineUrl: data.onlineUrl,
    capacity: data.capacity,
  };
}

export function sessionValues(s: Session, timeZone: string): Record<string, string> {
  const start = wallTime(s.startsAt, timeZone);
  return {
    title_nl: s.title.nl,
    title_en: s.title.en,
    date: start.slice(0, 10),
    startTime: start.slice(11, 16),
    endTime: wallTime(s.endsAt, timeZone).slice(11, 16),
    location_nl: s.location?.nl ?? "",
    location_en: s.location?.en ?? "",
    onlineUrl: s.onlineUrl ?? "",
    capacity: s.capacity === null ? "" : String(s.capacity),
  };
}
