import { z } from "zod";
import { type ErrorKey, f, errorKey as k } from "../../core/forms.js";
import type { Localized } from "../../core/i18n/index.js";
import { wallTime } from "./ical.js";
import {
  CAPACITY_UNITS,
  FORMATS,
  OFFERING_STATUSES,
  PROVIDERS,
  REGISTRATION_MODES,
  TRAINING_AUDIENCES,
  TRAINING_KINDS,
  type TrainingAudience,
} from "./schema.js";
import type { Offering, Session, SessionInput } from "./service.js";

/** The office's forms for offerings and dates: times are typed in TIME_ZONE and stored as instants. */

const text = (max: number) => z.string().trim().max(max, k("maxLength")).default("");
const int = (min: number, max: number) => f.optionalInt(min, max).refine((v) => v !== null, k("required"));
const LOCAL_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
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

const localDateTime = () =>
  z.preprocess(
    (v) => v ?? "",
    z
      .string()
      .trim()
      .refine((v) => v === "" || (LOCAL_DATETIME.test(v) && fromWall(v, "UTC") !== null), k("invalidDateTime")),
  );

const euros = () =>
  z.preprocess(
    (v) => v ?? "",
    z
      .string()
      .trim()
      .refine((v) => v === "" || /^\d{1,5}([.,]\d{1,2})?$/.test(v), k("invalidAmount"))
      .transform((v) => Math.round(Number((v || "0").replace(",", ".")) * 100)),
  );

/** Text fields in both languages (`title_nl`, `title_en`, …). */
export const OFFERING_TEXTS = ["title", "summary", "description", "providerName", "waitingNote"] as const;

export const offeringSchema = z.object({
  title_nl: text(150),
  title_en: text(150),
  summary_nl: text(300),
  summary_en: text(300),
  description_nl: text(5000),
  description_en: text(5000),
  providerName_nl: text(150),
  providerName_en: text(150),
  waitingNote_nl: text(500),
  waitingNote_en: text(500),
  kind: f.choice(TRAINING_KINDS),
  provider: f.choice(PROVIDERS),
  providerUrl: f.optionalUrl(),
  lang: f.choice(["nl", "en"] as const),
  cost: euros(),
  format: f.choice(FORMATS),
  registration: f.choice(REGISTRATION_MODES),
  externalUrl: f.optionalUrl(),
  capacityUnit: f.choice(CAPACITY_UNITS),
  capacity: f.optionalInt(0, 100_000),
  maxPerOrganisation: int(1, 100),
  opensAt: localDateTime(),
  closesAt: localDateTime(),
  cancelHoursBefore: int(0, 2_000),
  waitingList: f.checkbox(),
  autoPromote: f.checkbox(),
  offerHours: int(1, 720),
  status: f.choice(OFFERING_STATUSES),
});

export const localized = (values: Record<string, string>, name: string): Localized => ({
  nl: (values[`${name}_nl`] ?? "").trim(),
  en: (values[`${name}_en`] ?? "").trim(),
});

/**
 * Rules across fields, checked on the values whatever else is wrong, so the form reports every
 * error at once: a title in at least one language, an external link for external registration,
 * closing after opening, and times that exist in `timeZone`.
 */
export function offeringProblems(values: Record<string, string>, timeZone: string): Partial<Record<string, ErrorKey>> {
  const out: Partial<Record<string, ErrorKey>> = {};
  if (!values.title_nl?.trim() && !values.title_en?.trim()) out.title_nl = "bothLanguages";
  if (values.registration === "external" && !values.externalUrl?.trim()) out.externalUrl = "required";
  const at = (name: "opensAt" | "closesAt") => {
    const v = values[name]?.trim() ?? "";
    if (!v || !LOCAL_DATETIME.test(v)) return null;
    const d = fromWall(v, timeZone);
    if (!d) out[name] = "invalidDateTime";
    return d;
  };
  const opens = at("opensAt");
  const closes = at("closesAt");
  if (opens && closes && closes <= opens) out.closesAt = "closesBeforeOpens";
  return out;
}

export type OfferingForm = z.output<typeof offeringSchema>;

/** The parsed form as the trainings service takes it (call once `offeringProblems` found nothing). */
export function offeringInput(values: Record<string, string>, data: OfferingForm, audiences: string[], timeZone: string) {
  const texts = Object.fromEntries(OFFERING_TEXTS.map((n) => [n, localized(values, n)])) as Record<
    (typeof OFFERING_TEXTS)[number],
    Localized
  >;
  return {
    ...texts,
    kind: data.kind,
    audiences: TRAINING_AUDIENCES.filter((a) => audiences.includes(a)) as TrainingAudience[],
    provider: data.provider,
    providerUrl: data.providerUrl,
    lang: data.lang,
    costCents: data.cost,
    format: data.format,
    registration: data.registration,
    externalUrl: data.externalUrl,
    capacityUnit: data.capacityUnit,
    capacity: data.capacity,
    maxPerOrganisation: data.maxPerOrganisation!,
    opensAt: data.opensAt ? fromWall(data.opensAt, timeZone) : null,
    closesAt: data.closesAt ? fromWall(data.closesAt, timeZone) : null,
    cancelHoursBefore: data.cancelHoursBefore!,
    waitingList: data.waitingList,
    autoPromote: data.autoPromote,
    offerHours: data.offerHours!,
    status: data.status,
  };
}

const on = (b: boolean) => (b ? "on" : "");

/** An offering as the form's values. */
export function offeringValues(o: Offering, timeZone: string): Record<string, string> {
  return {
    ...Object.fromEntries(OFFERING_TEXTS.flatMap((n) => [[`${n}_nl`, o[n].nl] as const, [`${n}_en`, o[n].en] as const])),
    kind: o.kind,
    audiences: o.audiences.join(","),
    provider: o.provider,
    providerUrl: o.providerUrl ?? "",
    lang: o.lang,
    cost: o.costCents ? (o.costCents / 100).toFixed(2) : "0",
    format: o.format,
    registration: o.registration,
    externalUrl: o.externalUrl ?? "",
    capacityUnit: o.capacityUnit,
    capacity: o.capacity === null ? "" : String(o.capacity),
    maxPerOrganisation: String(o.maxPerOrganisation),
    opensAt: toWall(o.opensAt, timeZone),
    closesAt: toWall(o.closesAt, timeZone),
    cancelHoursBefore: String(o.cancelHoursBefore),
    waitingList: on(o.waitingList),
    autoPromote: on(o.autoPromote),
    offerHours: String(o.offerHours),
    status: o.status,
  };
}

export const NEW_OFFERING: Record<string, string> = {
  kind: "training",
  audiences: "board_members",
  provider: "university",
  lang: "nl",
  cost: "0",
  format: "single",
  registration: "portal",
  capacityUnit: "organisations",
  maxPerOrganisation: "4",
  cancelHoursBefore: "48",
  waitingList: "on",
  offerHours: "48",
  status: "draft",
};

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
