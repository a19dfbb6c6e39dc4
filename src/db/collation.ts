import { type AnyColumn, type SQL, sql } from "drizzle-orm";

/**
 * Text in the order people read it: ICU's root collation ("und-x-icu"), where "alpha" comes before
 * "Beta" and "Émile" before "zeta". The databases' default collation is C (by code point: capitals
 * first, accented letters after z). PGlite has ICU built in, and so has PostgreSQL as Debian, Ubuntu
 * and the official images build it (`--with-icu`). Use it for lists of names: `asc(readable(col))`.
 */
export const readable = (value: AnyColumn | SQL) => sql`${value} collate "und-x-icu"`;
