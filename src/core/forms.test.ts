import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { catalogs } from "../catalogs.js";
import { AppError } from "./errors.js";
import {
  type ErrorKey,
  errorKey,
  errorText,
  f,
  NL_POSTCODE,
  normaliseDutchPostcode,
  parseForm,
  parseQuery,
  type QueryOptions,
} from "./forms.js";
import type { AppEnv } from "./http/context.js";
import { composeErrors } from "./i18n/index.js";
import { inFieldOrder } from "./views/forms.js";

/** Runs `parseQuery` on a request for `query`: the parsed value, or the error it threw. */
async function query<S extends z.ZodType>(schema: S, qs: string, opts?: QueryOptions) {
  const app = new Hono<AppEnv>();
  let out: { value?: unknown; error?: unknown } = {};
  app.get("/", (c) => {
    try {
      out = { value: parseQuery(c, schema, opts) };
    } catch (error) {
      out = { error };
    }
    return c.text("");
  });
  await app.request(`/?${qs}`);
  return out;
}

describe("parseQuery", () => {
  const schema = z.object({
    page: z.coerce.number().int().min(1).default(1),
    lang: z.enum(["nl", "en"], { error: "lang must be nl or en" }).default("nl"),
  });

  it("reads the query with the schema (the first of a repeated name)", async () => {
    expect((await query(schema, "page=3&lang=en&lang=nl")).value).toEqual({ page: 3, lang: "en" });
  });

  it("gives the schema's defaults for a query it refuses", async () => {
    expect((await query(schema, "page=0&lang=de")).value).toEqual({ page: 1, lang: "nl" });
  });

  it("with invalid: reject, throws a 400 naming what is wrong (the JSON API's style)", async () => {
    const { error } = await query(schema, "lang=de", { invalid: "reject" });
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(400);
    expect((error as AppError).code).toBe("invalid_query");
    expect((error as AppError).message).toBe("lang must be nl or en");
    expect((await query(schema, "lang=en", { invalid: "reject" })).value).toEqual({ page: 1, lang: "en" });
  });

  it("reads every value of the names in lists", async () => {
    const lists = z.object({ topics: z.array(z.string()), q: z.string().optional() });
    expect((await query(lists, "topics=a&q=x&topics=b", { lists: ["topics"] })).value).toEqual({ topics: ["a", "b"], q: "x" });
    expect((await query(lists, "q=x", { lists: ["topics"] })).value).toEqual({ topics: [], q: "x" });
  });
});

/** Runs `parseForm` on a urlencoded POST in English: the result, or the error it threw. */
async function form<S extends z.ZodType>(schema: S, body: Record<string, string>) {
  const app = new Hono<AppEnv>();
  let out: { value?: Awaited<ReturnType<typeof parseForm<S>>>; error?: unknown } = {};
  app.post("/", async (c) => {
    c.set("t", catalogs.en);
    try {
      out = { value: await parseForm(c, schema) };
    } catch (error) {
      out = { error };
    }
    return c.text("");
  });
  await app.request("/", { method: "POST", body: new URLSearchParams(body) });
  return out;
}

describe("form errors", () => {
  const E = catalogs.en.errors;

  it("are the catalog's text for the key a schema names, core's or a feature's", async () => {
    const schema = z.object({ name: f.text(5), slug: z.string().regex(/^[a-z]+$/, errorKey("slugFormat")) });
    const res = (await form(schema, { name: "far too long", slug: "Nope" })).value!;
    expect(res.ok).toBe(false);
    expect(!res.ok && res.errors).toEqual({ name: "At most 5 characters.", slug: E.slugFormat });
  });

  it("name Zod's own checks by key too: missing is required, too long says the limit, anything else invalid", async () => {
    const schema = z.object({ a: z.string(), b: z.string().max(2), c: z.enum(["x", "y"]) });
    const res = (await form(schema, { b: "long", c: "z" })).value!;
    expect(!res.ok && res.errors).toEqual({ a: E.required, b: "At most 2 characters.", c: E.invalid });
  });

  it("say the limit of every field builder: how long a text may be, the bound a number passed", async () => {
    const schema = z.object({
      text: f.text(120),
      optional: f.optionalText(1000),
      name: f.name(60),
      email: f.email(),
      url: f.optionalUrl(),
      low: f.optionalInt(1, 100_000),
      high: f.optionalInt(1, 100_000),
      nothing: f.optionalInt(1, 5),
    });
    const long = (n: number) => "x".repeat(n + 1);
    const res = (
      await form(schema, {
        text: long(120),
        optional: long(1000),
        name: long(60),
        email: `${long(254)}@example.org`,
        url: `https://${long(500)}.nl`,
        low: "0",
        high: "100001",
        nothing: "",
      })
    ).value!;
    expect(!res.ok && res.errors).toEqual({
      text: "At most 120 characters.",
      optional: "At most 1,000 characters.",
      name: "At most 60 characters.",
      email: "At most 254 characters.",
      url: "At most 500 characters.",
      low: "At least 1.",
      high: "At most 100,000.",
    });
    for (const lang of ["nl", "en"] as const) {
      expect(errorText(catalogs[lang], "maxLength", { max: 1000 })).toBe(
        lang === "nl" ? "Maximaal 1.000 tekens." : "At most 1,000 characters.",
      );
      expect(errorText(catalogs[lang], "numberMin", { min: 1 })).toBe(lang === "nl" ? "Minimaal 1." : "At least 1.");
    }
  });

  it("fill in every placeholder, the same ones in both languages, or refuse (a programmer error)", () => {
    for (const key of Object.keys(catalogs.nl.errors) as ErrorKey[]) {
      const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(catalogs.en.errors[key]), key).toEqual(names(catalogs.nl.errors[key]));
      for (const name of names(catalogs.nl.errors[key])) expect(["min", "max"], key).toContain(name);
    }
    expect(() => errorText(catalogs.en, "maxLength")).toThrow("needs {max}");
  });

  it("never turn an unknown key into 'invalid': it is a programmer error", async () => {
    const schema = z.object({ a: z.string().refine(() => false, "noSuchKey") });
    const { error } = await form(schema, { a: "x" });
    expect(String(error)).toContain('form error "noSuchKey" is no key of the errors catalog');
    const dotted = z.object({ a: z.string().refine(() => false, "roadmap.staff.errors.slug") });
    expect(String((await form(dotted, { a: "x" })).error)).toContain("is no key of the errors catalog");
  });

  it("are typed: a key no catalog has fails the typecheck", () => {
    // @ts-expect-error "slugFormt" is a typo: no catalog has it.
    expect(errorKey("slugFormt")).toBe("slugFormt");
    expect(errorKey("required")).toBe("required");
  });

  it("are composed from core's and the features' parts, each key once", () => {
    expect(catalogs.nl.errors.slugTaken).toBe("Deze korte naam is al in gebruik.");
    expect(catalogs.en.errors.confirmDeletion).toContain("Tick the box");
    expect(() => composeErrors({ a: "1" }, { b: "2" }, { a: "3" })).toThrow('error key "a" is defined twice');
  });
});

describe("the Dutch postcode", () => {
  it("is four digits (no leading 0), an optional space and two letters, in any case", () => {
    for (const ok of ["2311 EZ", "2311ez", "9999 zz", "1000AA"]) expect(NL_POSTCODE.test(ok), ok).toBe(true);
    for (const bad of ["0311 EZ", "231 EZ", "2311  EZ", "2311 E", "2311 EZZ", "2311-EZ", " 2311 EZ", "SW1A 1AA", ""])
      expect(NL_POSTCODE.test(bad), bad).toBe(false);
  });

  it("is written as 1234 AB", () => {
    expect(normaliseDutchPostcode("2311ez")).toBe("2311 EZ");
    expect(normaliseDutchPostcode("2311 eZ")).toBe("2311 EZ");
  });
});

describe("the error summary's order", () => {
  it("follows the form's fields as `labels` names them; a field's languages sort with it; unnamed fields last", () => {
    const labels = { slug: "Slug", name: "Name", topics: "Topics", status: "Status", name_nl: "Name", name_en: "Name" };
    const errors = { status: "s", other: "o", name_en: "en", topics: "t", name_nl: "nl", slug: "x" };
    expect(inFieldOrder(errors, labels).map(([f]) => f)).toEqual(["slug", "name_nl", "name_en", "topics", "status", "other"]);
  });
});
