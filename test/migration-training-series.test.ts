/**
 * The migration that gave registrations `series` (issue 9: one date per organisation and series,
 * with a unique index as the backstop), on the driver of the run: the column is filled from the
 * offering's format, and rows that already held two active dates of one series (written before
 * the check under the lock) stay outside the index, so the migration goes through and keeps them.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { drizzle as pgDrizzle } from "drizzle-orm/node-postgres";
import { migrate as pgMigrate } from "drizzle-orm/node-postgres/migrator";
import { drizzle as pgliteDrizzle } from "drizzle-orm/pglite";
import { migrate as pgliteMigrate } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { violatedUnique } from "../src/core/errors.js";
import { driver, newPgDatabase } from "./helpers/db.js";

const folder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../drizzle");
type Journal = { entries: { idx: number; tag: string }[] };
const journal = JSON.parse(readFileSync(path.join(folder, "meta/_journal.json"), "utf8")) as Journal;
const seriesIdx = journal.entries.find((e) => e.tag.endsWith("_training_series"))!.idx;

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

function migrationsBefore(idx: number) {
  const dir = mkdtempSync(path.join(tmpdir(), "vangnet-migrations-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(folder, dir, { recursive: true });
  writeFileSync(path.join(dir, "meta/_journal.json"), JSON.stringify({ ...journal, entries: journal.entries.filter((e) => e.idx < idx) }));
  return dir;
}

type Conn = { migrate(dir: string): Promise<void>; exec(q: string): Promise<void>; rows<T>(q: string): Promise<T[]> };

/** An empty database of the run's driver: embedded PGlite, or a new database on the PostgreSQL server. */
async function emptyDatabase(): Promise<Conn> {
  if (driver === "postgres") {
    const created = await newPgDatabase("vangnet_migration");
    const pool = new pg.Pool({ connectionString: created.url, max: 2 });
    cleanups.push(async () => {
      await pool.end();
      await created.drop();
    });
    const db = pgDrizzle(pool);
    return {
      migrate: (dir) => pgMigrate(db, { migrationsFolder: dir }),
      exec: async (q) => void (await pool.query(q)),
      rows: async <T>(q: string) => (await pool.query(q)).rows as T[],
    };
  }
  const client = await PGlite.create("memory://", { extensions: { pg_trgm } });
  cleanups.push(() => client.close());
  const db = pgliteDrizzle(client);
  return {
    migrate: (dir) => pgliteMigrate(db, { migrationsFolder: dir }),
    exec: async (q) => void (await client.exec(q)),
    rows: async <T>(q: string) => (await client.query<T>(q)).rows,
  };
}

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const [A, B] = [id(1), id(2)];
const [CHOICE, SINGLE] = [id(10), id(11)];
const [C1, C2, C3, S1, S2] = [id(20), id(21), id(22), id(30), id(31)];

describe("the migration that gives registrations one date per series", () => {
  it("fills series from the offering's format, leaves rows that already broke the rule outside the index, and then holds it", async () => {
    const db = await emptyDatabase();
    await db.migrate(migrationsBefore(seriesIdx));
    const reg = (n: number, offering: string, session: string, org: string, status: string) =>
      `('${id(100 + n)}', '${offering}', '${session}', '${session}', '${org}', 2026, '${status}', 'nl', now(), now())`;
    await db.exec(`
      insert into organisations (id, name, name_key, kind) values
        ('${A}', 'A', 'a', 'sports'), ('${B}', 'B', 'b', 'sports');
      insert into training_offerings (id, slug, kind, title, lang, status, format, capacity_unit) values
        ('${CHOICE}', 'choice', 'workshop', '{"nl": "Gaat het?", "en": "Are you OK?"}', 'nl', 'published', 'choice', 'people'),
        ('${SINGLE}', 'single', 'training', '{"nl": "Training", "en": "Training"}', 'nl', 'published', 'single', 'people');
      insert into training_sessions (id, offering_id, starts_at, ends_at) values
        ('${C1}', '${CHOICE}', '2026-12-10 10:30Z', '2026-12-10 15:00Z'),
        ('${C2}', '${CHOICE}', '2026-12-17 10:30Z', '2026-12-17 15:00Z'),
        ('${C3}', '${CHOICE}', '2026-12-24 10:30Z', '2026-12-24 15:00Z'),
        ('${S1}', '${SINGLE}', '2026-12-10 10:30Z', '2026-12-10 15:00Z'),
        ('${S2}', '${SINGLE}', '2026-12-17 10:30Z', '2026-12-17 15:00Z');
      insert into training_registrations
        (id, offering_id, session_id, scope_id, organisation_id, year, status, lang, created_at, updated_at) values
        ${[
          // A: one active date of the series, and a cancelled one.
          reg(1, CHOICE, C1, A, "confirmed"),
          reg(2, CHOICE, C2, A, "cancelled"),
          // B: two active dates of the series (from before the check), and a cancelled one.
          reg(3, CHOICE, C1, B, "confirmed"),
          reg(4, CHOICE, C2, B, "waiting"),
          reg(5, CHOICE, C3, B, "cancelled"),
          // A: both dates of a single session offered twice (no series).
          reg(6, SINGLE, S1, A, "confirmed"),
          reg(7, SINGLE, S2, A, "confirmed"),
        ].join(", ")};
    `);
    await db.migrate(folder);
    const rows = await db.rows<{ id: string; series: boolean }>("select id, series from training_registrations order by id");
    expect(rows.map((r) => [r.id, r.series])).toEqual([
      [id(101), true],
      [id(102), true],
      [id(103), false],
      [id(104), false],
      [id(105), true],
      [id(106), false],
      [id(107), false],
    ]);
    // The index now holds the series: A cannot take another date. (B's two old rows are outside it;
    // the check under the offering's lock still refuses B a third date.)
    const refused = (q: string) =>
      db.exec(q).then(
        () => null,
        (err: unknown) => violatedUnique(err),
      );
    const insert = (n: number, session: string, org: string, series: boolean) =>
      `insert into training_registrations
         (id, offering_id, session_id, scope_id, series, organisation_id, year, status, lang, created_at, updated_at)
       values ('${id(200 + n)}', '${CHOICE}', '${session}', '${session}', ${series}, '${org}', 2026, 'confirmed', 'nl', now(), now())`;
    expect(await refused(insert(1, C3, A, true))).toBe("training_registrations_series_idx");
    // The column keeps no default: an insert that does not say it is refused.
    await expect(
      db.exec(`insert into training_registrations (offering_id, session_id, scope_id, organisation_id, year, status, lang, created_at, updated_at)
               values ('${CHOICE}', '${C3}', '${C3}', '${A}', 2026, 'cancelled', 'nl', now(), now())`),
    ).rejects.toThrow(/series/);
  }, 60_000);
});
