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

/** The current version of one capability's content (0 before its first edit). */
export async function contentVersion(db: Db, capability: string): Promise<number> {
  const [row] = await db.select({ v: contentVersions.version }).from(contentVersions).where(eq(contentVersions.capability, capability));
  return row?.v ?? 0;
}

/**
 * A stamp per capability that changes with every edit: version and time of the last one, so it
 * changes too when a database is emptied and filled again (tests). A capability without a row
 * (never edited, or `STATIC`) has no entry; read it as "0".
 */
export async function contentStamps(db: Db): Promise<Map<string, string>> {
  const rows = await db
    .select({ c: contentVersions.capability, v: contentVersions.version, at: contentVersions.changedAt })
    .from(contentVersions);
  return new Map(rows.map((r) => [r.c, `${r.v}.${r.at.getTime()}`]));
}

/** One capability's stamp (see `contentStamps`); "0" before its first edit. */
export async function contentStamp(db: Db, capability: string): Promise<string> {
  const [row] = await db
    .select({ v: contentVersions.version, at: contentVersions.changedAt })
    .from(contentVersions)
    .where(eq(contentVersions.capability, capability));
  return row ? `${row.v}.${row.at.getTime()}` : "0";
}
