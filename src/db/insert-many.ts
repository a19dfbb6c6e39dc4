import { getTableColumns, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Db } from "./index.js";

/**
 * Inserts `rows` in one statement with one parameter per column: each column's values as one text
 * array, `unnest`ed and cast to the column's type, in the rows' order. For the writes of a group
 * (registrations, their participants, their mails): Drizzle's `values()` builds a parameter per
 * value, which for a few dozen rows costs more CPU than the statement itself. Every row must give
 * the same columns (those left out take their defaults); values go through the columns' own
 * mapping (`mapToDriverValue`: JSON for jsonb), then become text. Returns the `returning` columns
 * (database names) as the driver gives them.
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
  for (const r of rows) {
    const given = Object.keys(r);
    if (given.length !== keys.length || given.some((k) => !keys.includes(k)))
      throw new Error("insertMany: every row must give the same columns");
  }
  const text = (column: (typeof columns)[string], v: unknown): string | null => {
    if (v === null || v === undefined) return null;
    const d = column.mapToDriverValue(v);
    if (d instanceof Date) return d.toISOString();
    return typeof d === "string" ? d : typeof d === "object" ? JSON.stringify(d) : String(d);
  };
  const arrays = sql.join(
    keys.map((k) => {
      const column = columns[k];
      if (!column) throw new Error(`insertMany: no column ${k}`);
      // Sent as text[] (both drivers pass text as it is), cast to the column's type.
      return sql`${sql.param(rows.map((r) => text(column, (r as Record<string, unknown>)[k])))}::text[]::${sql.raw(column.getSQLType())}[]`;
    }),
    sql`, `,
  );
  const names = sql.raw(keys.map((k) => `"${columns[k]!.name}"`).join(", "));
  const back = returning.length ? sql` returning ${sql.raw(returning.map((c) => `"${c}"`).join(", "))}` : sql``;
  const result = (await db.execute(sql`insert into ${table} (${names}) select * from unnest(${arrays})${back}`)) as unknown as {
    rows: Record<string, unknown>[];
  };
  return result.rows;
}
