/**
 * The database backs the code: every enum-like text column has a CHECK constraint listing exactly
 * the values the code knows, and every column that points at another row has a foreign key. Both
 * are read from the schema itself, so a new table or column without them fails here.
 */
import { getTableColumns, is, sql } from "drizzle-orm";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import * as schema from "../src/db/schema.js";
import { setupApp } from "./helpers/app.js";

const ctx = setupApp();

const tables = Object.values(schema).filter((v) => is(v, PgTable)) as PgTable[];

/** Columns holding a reference by design without a foreign key (a polymorphic id, or an address rather than an account). */
// training_registrations.scope_id: the offering or the session that "one registration per organisation" counts over (both have their own foreign key).
const NO_FOREIGN_KEY = new Set([
  "audit_log.entity_id",
  "training_registrations.scope_id",
  // Mail Message-ID headers (`<…@host>`) of the contact channel's thread, not rows.
  "office_contact_conversations.root_message_id",
  "office_contact_entries.message_id",
]);

type Row = Record<string, unknown>;
const rows = async <T extends Row>(q: ReturnType<typeof sql>) => ((await ctx.db.execute(q)) as unknown as { rows: T[] }).rows;

describe("database constraints back the code", () => {
  it("every enum-like text column has a CHECK constraint with exactly the code's values", async () => {
    const checks = await rows<{ table: string; def: string }>(
      sql`select c.conrelid::regclass::text as table, pg_get_constraintdef(c.oid) as def from pg_constraint c where c.contype = 'c'`,
    );
    const missing: string[] = [];
    let columns = 0;
    for (const table of tables) {
      const { name } = getTableConfig(table);
      for (const column of Object.values(getTableColumns(table))) {
        const values = (column as { enumValues?: readonly string[] }).enumValues;
        if (!values?.length) continue;
        columns++;
        const def = checks.find((c) => c.table === name && new RegExp(`\\(+"?${column.name}\\b`).test(c.def))?.def;
        const listed = def ? [...def.matchAll(/'([^']*)'::text/g)].map((m) => m[1]).sort() : null;
        if (JSON.stringify(listed) !== JSON.stringify([...values].sort()))
          missing.push(`${name}.${column.name}: ${def ?? "no CHECK"} (code: ${values.join(", ")})`);
      }
    }
    expect(columns).toBeGreaterThanOrEqual(15);
    expect(missing).toEqual([]);
  });

  it("every column that refers to another row (…_id, …_by) has a foreign key", async () => {
    const fks = await rows<{ table: string; column: string }>(
      sql`select c.conrelid::regclass::text as table, a.attname as column
          from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any (c.conkey)
          where c.contype = 'f'`,
    );
    const missing: string[] = [];
    for (const table of tables) {
      const { name } = getTableConfig(table);
      for (const column of Object.values(getTableColumns(table))) {
        if (!/_(id|by)$/.test(column.name) || NO_FOREIGN_KEY.has(`${name}.${column.name}`)) continue;
        if (!fks.some((f) => f.table === name && f.column === column.name)) missing.push(`${name}.${column.name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("a value the code does not know is refused by the database (23514), not stored", async () => {
    const attempt = ctx.db.execute(
      sql`insert into outbox ("to", lang, subject, html, text, template, status) values ('a@example.org', 'nl', 's', 'h', 't', 'x', 'bogus')`,
    );
    await expect(attempt).rejects.toMatchObject({ cause: { code: "23514" } });
    await expect(ctx.db.execute(sql`insert into users (email, lang) values ('a@example.org', 'de')`)).rejects.toMatchObject({
      cause: { code: "23514" },
    });
  });
});
