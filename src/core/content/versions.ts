import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/index.js";
import { contentVersions } from "./schema.js";

/**
 * The capability of public pages that depend on nothing editable (home, privacy, static files):
 * they change only with a new release, never through an edit. Never bump it.
 */
export const STATIC = "static";

/**
 * Records that the public content of `capability` changed: call it in the same transaction as the
 * edit, so a cache that sees the commit also sees the new version. Then, after the commit, let this
 * process's cache know at once with `contentChanged` (src/core/http/cache.ts).
 */
export async function bumpContentVersion(db: Db, capability: string) {
  if (capability === STATIC) throw new Error("the static capability never changes");
  await db
    .insert(contentVersions)
    .values({ capability, version: 1 })
    .onConflictDoUpdate({
      target: contentVersions.capability,
      set: { version: sql`${contentVersions.version} + 1`, changedAt: sql`now()` },
    });
}

/**
 * One capability's content version (0 before its first edit) and its stamp: version and time of
 * the last edit, which changes too when a database is emptied and filled again (tests).
 */
export async function contentVersion(db: Db, capability: string): Promise<{ version: number; stamp: string }> {
  const [row] = await db
    .select({ v: contentVersions.version, at: contentVersions.changedAt })
    .from(contentVersions)
    .where(eq(contentVersions.capability, capability));
  return row ? { version: row.v, stamp: stampOf(row.v, row.at) } : { version: 0, stamp: "0" };
}

/**
 * Every capability's stamp (see `contentVersion`), for the page cache. A capability without a row
 * (never edited, or `STATIC`) has no entry: read it as "0".
 */
export async function contentStamps(db: Db): Promise<Map<string, string>> {
  const rows = await db
    .select({ c: contentVersions.capability, v: contentVersions.version, at: contentVersions.changedAt })
    .from(contentVersions);
  return new Map(rows.map((r) => [r.c, stampOf(r.v, r.at)]));
}

const stampOf = (version: number, at: Date) => `${version}.${at.getTime().toString(36)}`;
