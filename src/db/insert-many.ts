import { getTableColumns, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Db } from "./index.js";

/**
 * Inserts `rows` in one statement with one parameter: the rows as one JSON array of arrays, each
 * value as text (or null), read back with `jsonb_array_elements` in the rows' order and cast to its
 * column's type. For the writes of a group (registrations, their participants, their mails):
 * Drizzle's `values()` builds a parameter per value, which for a few dozen rows costs more CPU than
 * the statement itself, and a text array per column is escaped by the driver in JavaScript (two
 * regular-expression replacements and a concatenation per element), where `JSON.stringify` is
 * native. Every row must give the same columns (those left out take their defaults); values go
 * through the columns' own mapping (`mapToDriverValue`: JSON for jsonb), then become text. A lone
 * UTF-16 surrogate becomes U+FFFD, as the driver's UTF-8 encoding makes it elsewhere (JSON would
 * keep it as an escape PostgreSQL refuses). Returns the `returning` columns (database names) as the
 * driver gives them.
 */
export async function insertMany<T extends PgTable>(
  db: Db,
  table: T,
  rows: Partial<T["$inferInsert"]>[],
  returning: string[] = [],
): Promise<Record<string, unknown>[]> {
  if (!rows.length) return [];
  const columns = getTableColumns(table) as Record<string, { name: string; getSQLType(): string; mapToDriverValue(v: unknown): unknown }>;
  const keys = Object.keys(rows[0]!);
  const cols = keys.map((k) => {
    const column = columns[k];
    if (!column) throw new Error(`insertMany: no column ${k}`);
    return column;
  });
  for (const r of rows) {
    const given = Object.keys(r);
    if (given.length !== keys.length || given.some((k) => !keys.includes(k)))
      throw new Error("insertMany: every row must give the same columns");
  }
  const text = (column: (typeof cols)[number], v: unknown): string | null => {
    if (v === null || v === undefined) return null;
    const d = column.mapToDriverValue(v);
    if (d instanceof Date) return d.toISOString();
    return wellFormed(typeof d === "string" ? d : typeof d === "object" ? JSON.stringify(d) : String(d));
  };
  const data = JSON.stringify(rows.map((r) => cols.map((column, i) => text(column, (r as Record<string, unknown>)[keys[i]!]))));
  const names = sql.raw(cols.map((c) => `"${c.name}"`).join(", "));
  const values = sql.raw(cols.map((c, i) => `(r.v->>${i})::${c.getSQLType()}`).join(", "));
  const back = returning.length ? sql` returning ${sql.raw(returning.map((c) => `"${c}"`).join(", "))}` : sql``;
  const result = (await db.execute(
    sql`insert into ${table} (${names}) select ${values} from jsonb_array_elements(${data}::jsonb) with ordinality as r(v, n) order by r.n${back}`,
  )) as unknown as {
    rows: Record<string, unknown>[];
  };
  return result.rows;
}

/** `String.prototype.isWellFormed` and `toWellFormed` (ES2024, in Node 20; the project's lib is ES2022). */
type WellFormed = { isWellFormed(): boolean; toWellFormed(): string };
const wellFormed = (s: string) => ((s as unknown as WellFormed).isWellFormed() ? s : (s as unknown as WellFormed).toWellFormed());
