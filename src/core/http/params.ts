import { notFound } from "../errors.js";
import type { Ctx } from "./context.js";

/** A canonical UUID as PostgreSQL writes it: 8-4-4-4-12 hex digits, lowercase. */
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Whether `v` is a UUID (any case); what is not never reaches the database. */
export const isUuid = (v: string) => UUID_RE.test(v.toLowerCase());

/**
 * The one way to read an id from the path: route parameter `name` (default `id`) as a lowercase
 * UUID. Anything else (36 hyphens, 36 hex digits, a slug, an empty string) is a 404 page, never
 * a database error.
 */
export function idParam(c: Ctx, name = "id"): string {
  const v = (c.req.param(name) ?? "").toLowerCase();
  if (!UUID_RE.test(v)) throw notFound();
  return v;
}
