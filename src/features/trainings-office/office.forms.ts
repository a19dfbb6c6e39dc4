import { z } from "zod";
import { type ErrorKey, f, errorKey as k } from "../../core/forms.js";
import type { Localized } from "../../core/i18n/index.js";
import type { Offering } from "../trainings/service.js";
import {
  CAPACITY_UNITS,
  FORMATS,
  fromWall,
  localized,
  OFFERING_STATUSES,
  PROVIDERS,
  REGISTRATION_MODES,
  TRAINING_AUDIENCES,
  TRAINING_KINDS,
  type TrainingAudience,
  toWall,
} from "../trainings/service.js";

export { fromWall, localized, sessionInput, sessionProblems, sessionSchema, sessionValues, toWall } from "../trainings/service.js";

/** The office's forms for offerings and dates: times are typed in TIME_ZONE and stored as instants. */

const text = (max: number) => z.string().trim().max(max, k("maxLength")).default("");
const int = (min: number, max: number) => f.optionalInt(min, max).refine((v) => v !== null, k("required"));
const LOCAL_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

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
