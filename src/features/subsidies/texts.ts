import { eq } from "drizzle-orm";
import { bumpContentVersion } from "../../core/content/versions.js";
import type { Localized } from "../../core/i18n/index.js";
import type { Db } from "../../db/index.js";
import { audit } from "../audit/service.js";
import { subsidyTexts } from "./schema.js";
import { SUBSIDIES } from "./service.js";

/** The office's texts of the subsidy pages, by slug: `criteria` (the criteria page's body, plain text, paragraphs split by a blank line). */
export const SUBSIDY_TEXT_SLUGS = ["criteria"] as const;
export type SubsidyTextSlug = (typeof SUBSIDY_TEXT_SLUGS)[number];

/** A text as the office wrote it (empty in both languages when never written). */
export async function subsidyText(db: Db, slug: SubsidyTextSlug): Promise<Localized & { updatedAt: Date | null }> {
  const [row] = await db.select().from(subsidyTexts).where(eq(subsidyTexts.slug, slug));
  return row ? { ...row.body, updatedAt: row.updatedAt } : { nl: "", en: "", updatedAt: null };
}

/** Saves a text (both languages) and drops the cached public pages that show it. */
export async function saveSubsidyText(db: Db, a: { slug: SubsidyTextSlug; body: Localized; actor: string | null; now: Date }) {
  await db.transaction(async (tx) => {
    await tx
      .insert(subsidyTexts)
      .values({ slug: a.slug, body: a.body, updatedAt: a.now, updatedBy: a.actor })
      .onConflictDoUpdate({ target: subsidyTexts.slug, set: { body: a.body, updatedAt: a.now, updatedBy: a.actor } });
    await audit(tx, { actorId: a.actor, entity: "subsidy_text", entityId: a.slug, action: "subsidies.text" });
    await bumpContentVersion(tx, SUBSIDIES);
  });
}
