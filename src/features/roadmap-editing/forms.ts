import { z } from "zod";
import { contrastWithWhite } from "../../core/color.js";
import { type ErrorKey, f, errorKey as k, NL_POSTCODE } from "../../core/forms.js";
import type { Localized } from "../../core/i18n/index.js";
import { AUDIENCES, COSTS, type Phone, SCOPES } from "../roadmap/service.js";

export const slugField = () =>
  z
    .string()
    .trim()
    .min(1, k("required"))
    .max(80, k("tooLong"))
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, k("slugFormat"));

/** Two inputs (`<name>_nl`, `<name>_en`) read as one `{nl, en}` value. */
export function localized(values: Record<string, string>, name: string): Localized {
  return { nl: (values[`${name}_nl`] ?? "").trim(), en: (values[`${name}_en`] ?? "").trim() };
}

const text = (max: number) => z.string().trim().max(max, k("tooLong")).default("");

/** Search words: words or short phrases separated by commas, at most 60 of at most 60 characters each. */
const searchWords = () =>
  text(1500).refine((v) => {
    const list = v.split(",").map((w) => w.trim());
    return v === "" || (list.length <= 60 && list.every((w) => w.length <= 60));
  }, k("searchWordsList"));

/** "071 000 0000 Receptie | Reception" per line → phones; empty lines skipped. */
export function parsePhones(raw: string): Phone[] | null {
  const out: Phone[] = [];
  for (const line of raw
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)) {
    const m = line.match(/^(\+?[\d][\d -]{1,20}\d)(?:\s+(.*))?$/);
    if (!m) return null;
    const [nl = "", en = ""] = (m[2] ?? "").split("|").map((s) => s.trim());
    out.push({ number: m[1]!.replace(/\s+/g, " "), label: { nl, en: en || nl } });
  }
  return out;
}

export const phonesToText = (phones: Phone[]) =>
  phones.map((p) => [p.number, [p.label.nl, p.label.en].filter(Boolean).join(" | ")].filter(Boolean).join(" ")).join("\n");

export const resourceSchema = z.object({
  slug: slugField(),
  name_nl: text(150),
  name_en: text(150),
  summary_nl: text(200),
  summary_en: text(200),
  description_nl: text(3000),
  description_en: text(3000),
  hours_nl: text(500),
  hours_en: text(500),
  confidentiality_nl: text(500),
  confidentiality_en: text(500),
  searchWords_nl: searchWords(),
  searchWords_en: searchWords(),
  scope: f.choice(SCOPES),
  provider: f.text(150),
  phones: z
    .string()
    .max(2000, k("tooLong"))
    .default("")
    .refine((v) => parsePhones(v) !== null, k("phoneLines")),
  email: f.optionalEmail(),
  website: f.optionalUrl(),
  bookingUrl: f.optionalUrl(),
  street: f.optionalText(150),
  postcode: f.optionalText(12).refine((v) => v === null || NL_POSTCODE.test(v), k("dutchPostcode")),
  city: f.optionalText(100),
  cost: f.choice(COSTS),
  languages: z
    .string()
    .trim()
    .max(100, k("tooLong"))
    .refine((v) => v === "" || /^[a-z]{2}(\s*,\s*[a-z]{2})*$/.test(v.toLowerCase()), k("languageCodes")),
  urgent: f.checkbox(),
  crisis: f.checkbox(),
  status: f.choice(["active", "hidden"] as const),
});

/**
 * Rules across fields, checked apart from the schema so they are reported together with the
 * field errors (a Zod refinement on the object would not run while any field is invalid).
 */
export function bilingualErrors(values: Record<string, string>, required: string[]): Record<string, ErrorKey> {
  const out: Record<string, ErrorKey> = {};
  for (const name of required) {
    if (!values[`${name}_nl`]?.trim() && !values[`${name}_en`]?.trim()) out[`${name}_nl`] = "bothLanguages";
  }
  return out;
}

export const AUDIENCE_VALUES = AUDIENCES;

export const topicSchema = z.object({
  slug: slugField(),
  name_nl: text(100),
  name_en: text(100),
  description_nl: text(500),
  description_en: text(500),
  searchWords_nl: searchWords(),
  searchWords_en: searchWords(),
  icon: z.string().trim().min(1, k("required")).max(20, k("tooLong")),
  color: z
    .string()
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/, k("colorFormat"))
    .refine((v) => !/^#[0-9a-fA-F]{6}$/.test(v) || contrastWithWhite(v) >= 4.5, k("colorContrast")),
  sort: f.optionalInt(0, 10_000),
  urgent: f.checkbox(),
  status: f.choice(["active", "hidden"] as const),
});
