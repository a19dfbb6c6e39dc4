import { z } from "zod";
import { AppError, FieldError } from "./errors.js";
import type { Ctx } from "./http/context.js";
import { UUID_RE } from "./http/params.js";
import type { Messages } from "./i18n/index.js";
import { normaliseName } from "./text.js";

/** Form errors by field name, already in the page's language. */
export type FieldErrors = Record<string, string>;
export type FormValues = Record<string, string>;
export type FormResult<T> = { ok: true; data: T; values: FormValues } | { ok: false; errors: FieldErrors; values: FormValues };

/** A form error: a key of the catalogs' `errors` section (core's and the features', see `composeErrors`). */
export type ErrorKey = keyof Messages["errors"];

/**
 * A form error for a Zod schema: `.regex(SLUG, errorKey("slugFormat"))`. Zod takes any string;
 * through here a key no catalog has fails the typecheck. (At run time an unknown key is a
 * programmer error, never shown as "invalid": see `fieldErrors`.)
 */
export const errorKey = (key: ErrorKey): ErrorKey => key;
const k = errorKey;

/** A Dutch postcode: four digits (no leading 0), an optional space, two letters ("2311 EZ", "2311ez"). */
export const NL_POSTCODE = /^[1-9][0-9]{3} ?[A-Za-z]{2}$/;

/** "2311ez" → "2311 EZ" (call only on a valid Dutch postcode). */
export const normaliseDutchPostcode = (v: string) => `${v.slice(0, 4)} ${v.slice(-2).toUpperCase()}`;

/** A UUID in either case (the option values are lowercase; anything else is no option). */
const UUID = new RegExp(UUID_RE.source, "i");

/** Checks reused by every parse (building a Zod schema costs more than running it). */
const EMAIL = z.email();
const HTTP_URL = z.url({ protocol: /^https?$/ });

// Field builders. Messages are keys of the `errors` catalog section, localized when shown.
const trimmed = () => z.string().trim();
/** A missing optional field is read as empty (a form may leave out an empty input). */
const orEmpty = <T extends z.ZodType>(schema: T) => z.preprocess((v) => v ?? "", schema);
export const f = {
  text: (max = 200) => trimmed().min(1, k("required")).max(max, k("maxLength")),
  optionalText: (max = 200) =>
    orEmpty(
      trimmed()
        .max(max, k("maxLength"))
        .transform((v) => v || null),
    ),
  /** A name people see (an organisation's, a person's): normalised (see core/text.ts) before it is checked. */
  name: (max = 120) =>
    z
      .string()
      .transform(normaliseName)
      .pipe(z.string().min(1, k("required")).max(max, k("maxLength"))),
  optionalName: (max = 120) =>
    orEmpty(
      z
        .string()
        .transform(normaliseName)
        .pipe(z.string().max(max, k("maxLength")))
        .transform((v) => v || null),
    ),
  /** An id picked from a list: anything but a UUID is not one of the options (and would make PostgreSQL throw). */
  pickedId: () => trimmed().min(1, k("required")).max(40, k("maxLength")).regex(UUID, k("invalidChoice")),
  email: () =>
    trimmed()
      .toLowerCase()
      .min(1, k("required"))
      .max(254, k("maxLength"))
      .pipe(z.email(k("invalidEmail"))),
  optionalEmail: () =>
    orEmpty(
      trimmed()
        .toLowerCase()
        .max(254, k("maxLength"))
        .refine((v) => v === "" || EMAIL.safeParse(v).success, k("invalidEmail"))
        .transform((v) => v || null),
    ),
  optionalUrl: () =>
    orEmpty(
      trimmed()
        .max(500, k("maxLength"))
        .transform((v) => (v && !/^https?:\/\//i.test(v) ? `https://${v}` : v))
        .refine((v) => v === "" || (HTTP_URL.safeParse(v).success && /\.[a-z]{2,}/i.test(new URL(v).hostname)), k("invalidUrl"))
        .transform((v) => v || null),
    ),
  /** A whole number from `min` to `max`, or empty (null); out of range names the limit it passed ("At least 1."). */
  optionalInt: (min: number, max: number) =>
    orEmpty(
      trimmed()
        .refine((v) => v === "" || /^\d+$/.test(v), k("invalidNumber"))
        .transform((v) => (v === "" ? null : Number(v)))
        .pipe(z.number().min(min, k("numberMin")).max(max, k("numberMax")).nullable()),
    ),
  choice: <T extends readonly [string, ...string[]]>(values: T) =>
    z
      .string()
      .min(1, k("required"))
      .refine((v): v is T[number] => (values as readonly string[]).includes(v), k("invalidChoice"))
      .transform((v) => v as T[number]),
  date: () =>
    trimmed()
      .min(1, k("required"))
      .refine(
        (v) =>
          /^\d{4}-\d{2}-\d{2}$/.test(v) &&
          !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) &&
          new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
        k("invalidDate"),
      ),
  checkbox: () =>
    z
      .string()
      .optional()
      .transform((v) => v === "on" || v === "true" || v === "1"),
};

/**
 * The key for an issue the schema gave no message: Zod's own checks (a missing field, a value
 * too long, a plain `z.enum`). Passed to every form parse, so every issue carries a key.
 */
const zodIssueKey: z.core.$ZodErrorMap = (issue) =>
  k(issue.code === "invalid_type" ? "required" : issue.code === "too_big" ? "tooLong" : "invalid");

/**
 * A form error's text with its placeholders filled in: `{max}` and `{min}` in "At most {max}
 * characters." are numbers, written the way the catalog's language writes them.
 */
export function errorText(t: Messages, key: ErrorKey, params: { min?: number; max?: number } = {}): string {
  const text: string = t.errors[key];
  const number = new Intl.NumberFormat(t.common.locale);
  return text.replace(/\{(min|max)\}/g, (_whole, name: "min" | "max") => {
    const n = params[name];
    if (n === undefined) throw new Error(`form error "${String(key)}" needs {${name}}`);
    return number.format(n);
  });
}

/**
 * An issue's message is a key of `t.errors`; anything else is a programmer error (a 500), never
 * "invalid". The limit a check carries is named: a text too long says how long it may be ("At
 * most 120 characters."), whichever schema set it, and a number out of range the bound it passed.
 */
function message(t: Messages, issue: z.core.$ZodIssue): string {
  if (!(issue.message in t.errors)) throw new Error(`form error "${issue.message}" is no key of the errors catalog`);
  const key = issue.message as ErrorKey;
  const limit =
    issue.code === "too_big" ? { max: Number(issue.maximum) } : issue.code === "too_small" ? { min: Number(issue.minimum) } : {};
  if (key === "tooLong" && issue.code === "too_big" && issue.origin === "string") return errorText(t, "maxLength", limit);
  return errorText(t, key, limit);
}

/** Localized errors keyed by the first path segment of each issue (first issue wins; the summary orders them by field). */
export function fieldErrors(t: Messages, error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "_form");
    if (!(field in out)) out[field] = message(t, issue);
  }
  return out;
}

/** PostgreSQL text can't hold NUL (it fails the query): no browser sends one, so it goes. */
const noNul = (s: string) => (s.includes("\u0000") ? s.replaceAll("\u0000", "") : s);

type FormBody = Record<string, string | File | (string | File)[]>;
const FORM_BODIES = new WeakMap<object, Promise<[string, string | File][]>>();

/**
 * A form body's fields in order, read once per request (the CSRF check and the route share it).
 * A urlencoded body is decoded here, the way the Fetch API's `formData()` decodes it (the bytes
 * as UTF-8, malformed sequences replaced, then `URLSearchParams`), from the bytes @hono/node-server
 * reads straight off Node's request: no web `Request`, stream or `FormData` is built for it (they
 * cost about a millisecond per form POST). A multipart body goes through Hono's `parseBody`. Any
 * other type has no fields.
 */
function formEntries(c: Ctx): Promise<[string, string | File][]> {
  let entries = FORM_BODIES.get(c.req);
  if (!entries) {
    entries = readFormEntries(c);
    FORM_BODIES.set(c.req, entries);
  }
  return entries;
}

async function readFormEntries(c: Ctx): Promise<[string, string | File][]> {
  // As Hono's parseBody picks the parser: the media type, case-insensitive.
  const type = c.req.header("Content-Type")?.split(";")[0]?.trim().toLowerCase();
  if (type === "application/x-www-form-urlencoded") {
    // Buffer#toString, as `formData()` does: a byte-order mark stays, invalid UTF-8 becomes U+FFFD.
    return [...new URLSearchParams(Buffer.from(await c.req.arrayBuffer()).toString())];
  }
  if (type === "multipart/form-data") {
    const form = await c.req.parseBody({ all: true });
    const out: [string, string | File][] = [];
    for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) out.push([k, one]);
    return out;
  }
  return [];
}

/**
 * The body as Hono's `c.req.parseBody()` gives it (the last value of a repeated name wins, a name
 * ending in `[]` and every name with `all` a list), read once per request (`formEntries`).
 */
export async function formBody(c: Ctx, opts: { all?: boolean } = {}): Promise<FormBody> {
  const form: FormBody = Object.create(null);
  for (const [key, value] of await formEntries(c)) {
    if (!(opts.all || key.endsWith("[]"))) form[key] = value;
    else {
      const had = form[key];
      if (had === undefined) form[key] = key.endsWith("[]") ? [value] : value;
      else if (Array.isArray(had)) had.push(value);
      else form[key] = [had, value];
    }
  }
  return form;
}

/** Reads a urlencoded or multipart body into strings (the last value of a repeated name wins). */
export async function formValues(c: Ctx): Promise<FormValues> {
  const body = await formBody(c);
  const values: FormValues = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === "_csrf") continue;
    const one = Array.isArray(v) ? v[v.length - 1] : v;
    if (typeof one === "string") values[k] = noNul(one).slice(0, 10_000);
  }
  return values;
}

/** Every value of a repeated field (checkbox groups). */
export async function formList(c: Ctx, name: string): Promise<string[]> {
  const body = await formBody(c, { all: true });
  const v = body[name];
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list
    .filter((x): x is string => typeof x === "string")
    .map(noNul)
    .slice(0, 200);
}

export async function parseForm<S extends z.ZodType>(c: Ctx, schema: S, extra: FormValues = {}): Promise<FormResult<z.output<S>>> {
  const values = { ...(await formValues(c)), ...extra };
  const res = schema.safeParse(values, { error: zodIssueKey });
  if (res.success) return { ok: true, data: res.data, values };
  return { ok: false, errors: fieldErrors(c.var.t, res.error), values };
}

export type QueryOptions = {
  /** Names read with every value (`?topics=a&topics=b` → `["a", "b"]`); the others keep their first value. */
  lists?: string[];
  /**
   * What a query the schema refuses gives: `"defaults"` (the default), the schema's defaults (a
   * page with a junk filter shows the unfiltered list); `"reject"`, an `AppError(400,
   * "invalid_query")` whose message is the schema's messages (the JSON API's style: it answers
   * that as a JSON 400).
   */
  invalid?: "defaults" | "reject";
};

/** The one way to read a query string: with a Zod schema (see `QueryOptions`). */
export function parseQuery<S extends z.ZodType>(c: Ctx, schema: S, opts: QueryOptions = {}): z.output<S> {
  const input: Record<string, string | string[]> = c.req.query();
  for (const name of opts.lists ?? []) input[name] = c.req.queries(name) ?? [];
  const res = schema.safeParse(input);
  if (res.success) return res.data;
  if (opts.invalid === "reject") throw new AppError(400, "invalid_query", res.error.issues.map((i) => i.message).join("; "));
  return schema.parse({});
}

/** Errors by field name as catalog keys (rules checked outside the schema), in the page's language. */
export function localizeErrors(c: Ctx, keys: Partial<Record<string, ErrorKey>>): FieldErrors {
  const out: FieldErrors = {};
  for (const [field, key] of Object.entries(keys)) if (key) out[field] = errorText(c.var.t, key);
  return out;
}

/** A domain rule a service broke (FieldError), as a localized error on its field; null for anything else. */
export function fieldErrorOf(c: Ctx, err: unknown): FieldErrors | null {
  if (err instanceof FieldError) return { [err.field]: errorText(c.var.t, err.key) };
  return null;
}
