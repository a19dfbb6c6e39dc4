import { asc, eq, sql } from "drizzle-orm";
import { bumpContentVersion } from "../../core/content/versions.js";
import { FieldError, isUniqueViolation } from "../../core/errors.js";
import type { Localized } from "../../core/i18n/index.js";
import type { Db } from "../../db/index.js";
import { guidancePages } from "./schema.js";

/**
 * Guidance for boards on confidential peer listeners: pages the office writes in both languages,
 * shown publicly. Every edit bumps GUIDANCE (the public pages' content version).
 */

export const GUIDANCE = "guidance";

export type GuidancePage = typeof guidancePages.$inferSelect;
export type GuidanceInput = { slug: string; title: Localized; body: Localized; sort: number };

/** Every page, in the index's order. */
export function allGuidance(db: Db) {
  return db.select().from(guidancePages).orderBy(asc(guidancePages.sort), sql`${guidancePages.title}->>'nl'`);
}

export async function guidanceBySlug(db: Db, slug: string) {
  if (!/^[a-z0-9-]{1,80}$/.test(slug)) return null;
  const [row] = await db.select().from(guidancePages).where(eq(guidancePages.slug, slug));
  return row ?? null;
}

export async function guidanceById(db: Db, id: string) {
  const [row] = await db.select().from(guidancePages).where(eq(guidancePages.id, id));
  return row ?? null;
}

/** A body's paragraphs: text separated by blank lines (single line breaks stay within a paragraph). */
export const paragraphs = (body: string) =>
  body
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean);

const slugTaken = (err: unknown) => {
  if (isUniqueViolation(err)) return new FieldError("slug", "slugTaken");
  return err;
};

/** A new page (its body written afterwards); a taken slug is a FieldError on `slug`. */
export async function createGuidance(db: Db, a: { actorId: string; input: GuidanceInput; now: Date }) {
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(guidancePages)
        .values({ ...a.input, updatedAt: a.now, updatedBy: a.actorId })
        .returning();
      await bumpContentVersion(tx, GUIDANCE);
      return row!;
    });
  } catch (err) {
    throw slugTaken(err);
  }
}

/** Saves a page; its id, or null when there is no such page. A taken slug is a FieldError on `slug`. */
export async function updateGuidance(db: Db, a: { actorId: string; id: string; input: GuidanceInput; now: Date }) {
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .update(guidancePages)
        .set({ ...a.input, updatedAt: a.now, updatedBy: a.actorId })
        .where(eq(guidancePages.id, a.id))
        .returning({ id: guidancePages.id });
      if (!row) return null;
      await bumpContentVersion(tx, GUIDANCE);
      return row.id;
    });
  } catch (err) {
    throw slugTaken(err);
  }
}
