import { en } from "./en.js";
import { nl } from "./nl.js";

export const LANGS = ["nl", "en"] as const;
export type Lang = (typeof LANGS)[number];

/** Core's own part of the catalogs: the layout, form errors, error pages and the office shell. */
export type CoreMessages = typeof nl;
export const coreMessages: Record<Lang, CoreMessages> = { nl, en };

/**
 * The whole catalog's type. Core declares only its own part; `src/catalogs.ts` composes the
 * catalogs from core and every feature's `messages.ts` and adds their parts to this interface
 * (declaration merging), so `c.var.t.org.…` is typed everywhere without core importing a feature.
 */
export interface Messages extends CoreMessages {}

type Intersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/**
 * The `errors` section of a catalog: core's form errors and every feature's own (a feature's
 * `messages.ts` exports them apart, e.g. `roadmapErrors`). Form errors are keys of this one
 * section (`FieldError(field, key)`, the `f.*` builders, `errorKey(key)`), so a key that no
 * catalog has fails the typecheck. A key defined twice is a mistake: it throws at start-up.
 */
export function composeErrors<P extends Record<string, string>[]>(...parts: P): Intersection<P[number]> {
  const out: Record<string, string> = {};
  for (const part of parts)
    for (const [key, text] of Object.entries(part)) {
      if (key in out) throw new Error(`error key "${key}" is defined twice in the catalogs`);
      out[key] = text;
    }
  return out as Intersection<P[number]>;
}

/** The composed catalogs, one per language (built in `src/catalogs.ts`, passed in `Deps`). */
export type Catalogs = Record<Lang, Messages>;
export const isLang = (v: unknown): v is Lang => v === "nl" || v === "en";
export const otherLang = (lang: Lang): Lang => (lang === "nl" ? "en" : "nl");

/** Staff-entered text in both languages. */
export type Localized = { nl: string; en: string };

/** The text in `lang`, or the other language's as a visible fallback. */
export function pick(value: Localized, lang: Lang): { text: string; fallback: boolean } {
  const own = value[lang]?.trim();
  if (own) return { text: own, fallback: false };
  return { text: value[otherLang(lang)] ?? "", fallback: true };
}

/** Picks nl or en from an Accept-Language header (nl when nothing fits). */
export function negotiateLang(header: string | undefined): Lang {
  if (!header) return "nl";
  const ranked = header
    .split(",")
    .map((part) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.find((p) => p.trim().startsWith("q="));
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag, q } of ranked) {
    if (q <= 0) continue;
    const base = tag.split("-")[0];
    if (isLang(base)) return base;
  }
  return "nl";
}

const locale = (lang: Lang) => (lang === "nl" ? "nl-NL" : "en-GB");

/** Building an Intl formatter costs ~200 µs; keep one per locale, style and time zone. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(loc: string, style: "date" | "datetime" | "iso" | "time", timeZone: string) {
  const key = `${loc}|${style}|${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      style === "date"
        ? { day: "numeric", month: "long", year: "numeric", timeZone }
        : style === "datetime"
          ? { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone }
          : style === "time"
            ? { hour: "2-digit", minute: "2-digit", timeZone }
            : { year: "numeric", month: "2-digit", day: "2-digit", timeZone };
    f = new Intl.DateTimeFormat(loc, options);
    formatters.set(key, f);
  }
  return f;
}

export function formatDate(lang: Lang, value: Date | string, timeZone = "Europe/Amsterdam") {
  const d = typeof value === "string" ? new Date(value.length === 10 ? `${value}T12:00:00Z` : value) : value;
  return formatter(locale(lang), "date", timeZone).format(d);
}

export function formatDateTime(lang: Lang, value: Date, timeZone = "Europe/Amsterdam") {
  return formatter(locale(lang), "datetime", timeZone).format(value);
}

/** The time of day ("16:00") of an instant in the given time zone. */
export function formatTime(lang: Lang, value: Date, timeZone = "Europe/Amsterdam") {
  return formatter(locale(lang), "time", timeZone).format(value);
}

/** The calendar date (YYYY-MM-DD) of an instant in the given time zone. */
export function localDate(value: Date, timeZone = "Europe/Amsterdam") {
  const ms = value.getTime();
  const minute = Math.floor(ms / 60_000);
  const key = `${timeZone}|${minute}`;
  const known = localDates.get(key);
  if (known !== undefined) return known;
  const f = formatter("en-CA", "iso", timeZone);
  // A UTC minute whose first and last instant have the same date has that date throughout (no
  // zone changes its offset twice within a minute): remembered. Otherwise the instant's own date.
  const from = minute * 60_000;
  // (Not at the ends of the Date range, nor for an invalid date: formatted, or refused, as it is.)
  const first = Math.abs(from) <= 8.64e15 - 60_000 ? f.format(from) : undefined;
  if (first !== undefined && first === f.format(from + 59_999)) {
    if (localDates.size >= 1_000) localDates.clear();
    localDates.set(key, first);
    return first;
  }
  return f.format(value);
}
/** Dates of the UTC minutes `localDate` was asked about, by zone: a request asks several times (now, a session's day). */
const localDates = new Map<string, string>();
