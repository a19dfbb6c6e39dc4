import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import pg from "pg";
import { type Database, type Db, openDatabase } from "../../src/db/index.js";
import * as schema from "../../src/db/schema.js";

/** Which database this test run uses: set per Vitest project (see vitest.config.ts). */
export const driver = (process.env.VN_TEST_DRIVER ?? "pglite") as "pglite" | "postgres";

/** A new, empty database `<prefix>_<random>` on the server at TEST_DATABASE_URL: its URL, and how to drop it. */
export async function newPgDatabase(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) throw new Error("VN_TEST_DRIVER=postgres needs TEST_DATABASE_URL");
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const adminClient = new pg.Client({ connectionString: admin });
  await adminClient.connect();
  await adminClient.query(`create database ${name}`);
  await adminClient.end();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/**
 * A fresh, migrated database for one test file: in-memory PGlite, or (with VN_TEST_DRIVER=postgres)
 * a new database on the server at TEST_DATABASE_URL, dropped again by `close()`.
 */
export async function testDatabase(): Promise<Database & { reset(): Promise<void>; url?: string }> {
  let database: Database;
  let url: string | undefined;
  let drop = async () => {};
  if (driver === "postgres") {
    const created = await newPgDatabase("vangnet_test");
    url = created.url;
    database = await openDatabase({ databaseUrl: url, poolSize: 20 });
    drop = created.drop;
  } else {
    database = await openDatabase({ dataDir: "memory://" });
  }
  await database.migrate();
  const tables = (await database.db.execute(sql`select tablename from pg_tables where schemaname = 'public'`)) as unknown as {
    rows: { tablename: string }[];
  };
  const names = tables.rows.map((r) => `"${r.tablename}"`).join(", ");
  return {
    ...database,
    /** PostgreSQL only: the new database, for a second pool on it (a second "process"). */
    url,
    /** Empties every table: each test starts from nothing and builds what it needs. */
    reset: async () => {
      await database.db.execute(sql.raw(`truncate ${names} restart identity cascade`));
    },
    close: async () => {
      await database.close();
      await drop();
    },
  };
}

/**
 * The same database through a second Drizzle instance that counts the statements it sends (a
 * Drizzle logger on the same client or pool): for tests that a read costs a fixed number of
 * queries. `queries()` is the count so far.
 */
export async function countingDb(db: Db) {
  let n = 0;
  const logger = { logQuery: () => void n++ };
  const client = (db as unknown as { $client: never }).$client;
  const counted =
    driver === "postgres"
      ? (await import("drizzle-orm/node-postgres")).drizzle(client, { schema, logger })
      : (await import("drizzle-orm/pglite")).drizzle(client, { schema, logger });
  return { db: counted as unknown as Db, queries: () => n };
}
