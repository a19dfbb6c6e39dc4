import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "./errors.js";
import { parseQuery, type QueryOptions } from "./forms.js";
import type { AppEnv } from "./http/context.js";

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
