import { type SQL, sql } from "drizzle-orm";
import { type AnyPgColumn, check } from "drizzle-orm/pg-core";

/**
 * A CHECK constraint that keeps an enum-like text column to the values the code knows, so a
 * typo in a raw statement or a forgotten migration fails in the database instead of producing a
 * row no page can show. Built from the same `as const` list as the column's `enum`, so the two
 * can't drift; a changed list shows up as a new migration. (A NULL passes, as in every CHECK: a
 * nullable column stays nullable.)
 */
export function oneOf(name: string, column: AnyPgColumn, values: readonly string[]) {
  if (!values.length || values.some((v) => !/^[a-z_]+$/.test(v))) throw new Error(`oneOf(${name}): values must be [a-z_]+`);
  const list: SQL = sql.raw(values.map((v) => `'${v}'`).join(", "));
  return check(name, sql`${column} in (${list})`);
}
