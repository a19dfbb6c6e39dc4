import { asc, eq, sql } from "drizzle-orm";
import { bumpContentVersion } from "../../core/content/versions.js";
import { FieldError, isUniqueViolation } from "../../core/errors.js";
import type { Localized } from "../../core/i18n/index.js";
import type { Db } from "../../db/index.js";
import { audit, auditTrailOf } from "../audit/service.js";
import { MODEL_GUIDANCE } from "./model.js";
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

/** The audit entity of the guidance's pages. */
const ENTITY = "guidance_page";
const LANG_KEYS = ["nl", "en"] as const;

/**
 * What changed, for the audit log: the link's slug, the order and each language's title as they
 * were and are; of the bodies only in which languages they changed (not thousands of characters).
 */
function guidanceChanges(before: GuidanceInput | null, after: GuidanceInput) {
  const out: Record<string, { from?: unknown; to?: unknown }> = {};
  if (before?.slug !== after.slug) out.slug = before ? { from: before.slug, to: after.slug } : { to: after.slug };
  if (before?.sort !== after.sort) out.sort = before ? { from: before.sort, to: after.sort } : { to: after.sort };
  for (const l of LANG_KEYS)
    if (before?.title[l] !== after.title[l])
      out[`title_${l}`] = before ? { from: before.title[l], to: after.title[l] } : { to: after.title[l] };
  const bodies = LANG_KEYS.filter((l) => (before?.body[l] ?? "") !== after.body[l]);
  if (bodies.length) out.body = { to: bodies };
  return out;
}

/** A new page (its body written afterwards); a taken slug is a FieldError on `slug`. */
export async function createGuidance(db: Db, a: { actorId: string; input: GuidanceInput; now: Date }) {
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(guidancePages)
        .values({ ...a.input, updatedAt: a.now, updatedBy: a.actorId })
        .returning();
      await audit(tx, {
        actorId: a.actorId,
        entity: ENTITY,
        entityId: row!.id,
        action: "guidance.create",
        changes: guidanceChanges(null, a.input),
      });
      await bumpContentVersion(tx, GUIDANCE);
      return row!;
    });
  } catch (err) {
    throw slugTaken(err);
  }
}

/** Saves a page (audited when anything changed); its id, or null when there is no such page. A taken slug is a FieldError on `slug`. */
export async function updateGuidance(db: Db, a: { actorId: string; id: string; input: GuidanceInput; now: Date }) {
  try {
    return await db.transaction(async (tx) => {
      const [before] = await tx.select().from(guidancePages).where(eq(guidancePages.id, a.id)).for("update");
      if (!before) return null;
      const changes = guidanceChanges(before, a.input);
      if (!Object.keys(changes).length) return before.id;
      await tx
        .update(guidancePages)
        .set({ ...a.input, updatedAt: a.now, updatedBy: a.actorId })
        .where(eq(guidancePages.id, a.id));
      await audit(tx, { actorId: a.actorId, entity: ENTITY, entityId: before.id, action: "guidance.update", changes });
      await bumpContentVersion(tx, GUIDANCE);
      return before.id;
    });
  } catch (err) {
    throw slugTaken(err);
  }
}

/** A page's history of edits, newest first (the office's edit page). */
export function guidanceHistory(db: Db, id: string) {
  return auditTrailOf(db, ENTITY, id);
}

// ---------- the model pages ----------

/** The model pages (model.ts) no page has the slug of: what "add the model pages" adds. */
export async function missingModelGuidance(db: Db) {
  const have = new Set((await db.select({ slug: guidancePages.slug }).from(guidancePages)).map((r) => r.slug));
  return MODEL_GUIDANCE.filter((m) => !have.has(m.slug));
}

/**
 * Adds the missing model pages in both languages (each audited as `guidance.model`), for the office
 * to edit; the pages already there stay as they are. Resolves to how many were added: twice, or
 * twice at once, adds each page once (the slug's unique index).
 */
export async function addModelGuidance(db: Db, a: { actorId: string; now: Date }) {
  return db.transaction(async (tx) => {
    const added = await tx
      .insert(guidancePages)
      .values(MODEL_GUIDANCE.map((m) => ({ ...m, updatedAt: a.now, updatedBy: a.actorId })))
      .onConflictDoNothing({ target: guidancePages.slug })
      .returning();
    for (const row of added)
      await audit(tx, {
        actorId: a.actorId,
        entity: ENTITY,
        entityId: row.id,
        action: "guidance.model",
        changes: guidanceChanges(null, row),
      });
    if (added.length) await bumpContentVersion(tx, GUIDANCE);
    return added.length;
  });
}
