import { mkdirSync } from "node:fs";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { ROOT } from "../paths.js";
import * as schema from "./schema.js";

export type Schema = typeof schema;
/** A database or a transaction: services take this first. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export type Database = {
  db: Db;
  driver: "pglite" | "postgres";
  /** Human description for the console, without credentials. */
  describe: string;
  migrate(): Promise<void>;
  close(): Promise<void>;
};

const migrationsFolder = path.join(ROOT, "drizzle");

export type DbOptions = { databaseUrl?: string; dataDir?: string; poolSize?: number };

/**
 * PostgreSQL when a URL is given, otherwise embedded PGlite in `dataDir` (in memory when `dataDir`
 * is "memory://"). Each driver is loaded only when it is used: a portal on PGlite never loads `pg`,
 * and one on PostgreSQL never loads PGlite (it keeps the start-up short).
 */
export async function openDatabase(opts: DbOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const [{ default: pg }, { drizzle: drizzlePg }, { migrate: migratePg }] = await Promise.all([
      import("pg"),
      import("drizzle-orm/node-postgres"),
      import("drizzle-orm/node-postgres/migrator"),
    ]);
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    pool.on("error", () => {});
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    const url = new URL(opts.databaseUrl);
    return {
      db,
      driver: "postgres",
      describe: `PostgreSQL ${url.hostname}:${url.port || 5432}${url.pathname}`,
      migrate: () => migratePg(db as never, { migrationsFolder }),
      close: () => pool.end(),
    };
  }
  const [{ PGlite }, { pg_trgm }, { drizzle: drizzlePglite }, { migrate: migratePglite }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("@electric-sql/pglite/contrib/pg_trgm"),
    import("drizzle-orm/pglite"),
    import("drizzle-orm/pglite/migrator"),
  ]);
  const dataDir = opts.dataDir ?? "./data";
  const inMemory = dataDir.startsWith("memory://");
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(inMemory ? dataDir : path.resolve(dataDir), { extensions: { pg_trgm } });
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    driver: "pglite",
    describe: inMemory ? "PGlite (in memory)" : `PGlite (embedded, ${path.resolve(dataDir)})`,
    migrate: () => migratePglite(db as never, { migrationsFolder }),
    close: () => client.close(),
  };
}
