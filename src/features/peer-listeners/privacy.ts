import { and, asc, eq, lt, sql } from "drizzle-orm";
import { bumpContentVersion } from "../../core/content/versions.js";
import type { PersonalDataProvider } from "../../core/privacy.js";
import type { Db } from "../../db/index.js";
import { listenerProfiles } from "./schema.js";
import { PEER_LISTENERS } from "./service.js";

/**
 * Retention: the profile of a listener who stepped down `keepMs` ago loses its text (display name,
 * languages, introduction). The row stays, empty, as long as the key figure does: it records that
 * this key figure no longer listens (deleting it would make them a listener "without a profile
 * yet" again). The key figure's own retention deletes it, and this row with it, once the board
 * has removed the key figure. Resolves to the number of profiles erased.
 */
export async function eraseSteppedDownProfiles(db: Db, now: Date, keepMs: number) {
  const before = new Date(now.getTime() - keepMs);
  const erased = await db
    .update(listenerProfiles)
    .set({ displayName: "", introduction: "", languages: [], listed: false })
    .where(
      and(
        eq(listenerProfiles.status, "stepped_down"),
        lt(listenerProfiles.steppedDownAt, before),
        // Only those not erased yet: the count says what this run changed.
        sql`(${listenerProfiles.displayName} <> '' or ${listenerProfiles.introduction} <> '')`,
      ),
    )
    .returning({ id: listenerProfiles.keyFigureId });
  return erased.length;
}

/** The listener profiles the person filled in (per key-figure role), with their state. */
export const listenerProfilesPrivacy: PersonalDataProvider = {
  name: "peerListenerProfiles",
  async export(db, who) {
    return db
      .select({
        displayName: listenerProfiles.displayName,
        languages: listenerProfiles.languages,
        introduction: listenerProfiles.introduction,
        responseTime: listenerProfiles.responseTime,
        listed: listenerProfiles.listed,
        status: listenerProfiles.status,
        steppedDownAt: listenerProfiles.steppedDownAt,
        updatedAt: listenerProfiles.updatedAt,
      })
      .from(listenerProfiles)
      .where(eq(listenerProfiles.userId, who.id))
      .orderBy(asc(listenerProfiles.updatedAt));
  },
  async erase(db, who) {
    const gone = await db
      .delete(listenerProfiles)
      .where(eq(listenerProfiles.userId, who.id))
      .returning({ id: listenerProfiles.keyFigureId });
    // A listed profile leaves the public page at once.
    if (gone.length) await bumpContentVersion(db, PEER_LISTENERS);
  },
};
