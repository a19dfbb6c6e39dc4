import { and, asc, eq, inArray, lt, or } from "drizzle-orm";
import { bumpContentVersion } from "../../core/content/versions.js";
import type { PersonalDataProvider } from "../../core/privacy.js";
import type { Db } from "../../db/index.js";
import { organisationNames } from "../organisations/service.js";
import { keyFigures } from "./schema.js";
import { KEY_FIGURES } from "./service.js";

/**
 * Retention: a key figure that ended (declined, withdrawn, removed) or an invitation that lapsed
 * is deleted `keepMs` after that. Open invitations and active key figures stay.
 */
export async function purgeEndedKeyFigures(db: Db, now: Date, keepMs: number) {
  const before = new Date(now.getTime() - keepMs);
  const gone = await db
    .delete(keyFigures)
    .where(
      or(
        and(inArray(keyFigures.status, ["declined", "withdrawn"]), lt(keyFigures.decidedAt, before)),
        and(eq(keyFigures.status, "removed"), lt(keyFigures.removedAt, before)),
        and(inArray(keyFigures.status, ["invited", "expired"]), lt(keyFigures.expiresAt, before)),
      ),
    )
    .returning({ id: keyFigures.id });
  return gone.length;
}

const mine = (who: { id: string; email: string }) => or(eq(keyFigures.email, who.email.toLowerCase()), eq(keyFigures.userId, who.id));

/**
 * Key-figure roles and invitations addressed to me are mine (the address, the name and the note
 * the board typed, the role and what became of it); of those I sent as a board member, "my data"
 * holds how many, not the addresses: those belong to the people invited.
 */
export const keyFiguresPrivacy: PersonalDataProvider = {
  name: "keyFigures",
  async export(db, who) {
    const rows = await db
      .select({
        organisationId: keyFigures.organisationId,
        email: keyFigures.email,
        name: keyFigures.name,
        role: keyFigures.role,
        roleNote: keyFigures.roleNote,
        status: keyFigures.status,
        createdAt: keyFigures.createdAt,
        expiresAt: keyFigures.expiresAt,
        acceptedAt: keyFigures.acceptedAt,
        decidedAt: keyFigures.decidedAt,
        removedAt: keyFigures.removedAt,
      })
      .from(keyFigures)
      .where(mine(who))
      .orderBy(asc(keyFigures.createdAt));
    const names = await organisationNames(
      db,
      rows.map((r) => r.organisationId),
    );
    const sent = await db.select({ id: keyFigures.id }).from(keyFigures).where(eq(keyFigures.invitedBy, who.id));
    return {
      roles: rows.map(({ organisationId, ...r }) => ({ organisation: names.get(organisationId) ?? null, ...r })),
      sentCount: sent.length,
    };
  },
  async erase(db, who) {
    const gone = await db.delete(keyFigures).where(mine(who)).returning({ status: keyFigures.status });
    if (gone.some((k) => k.status === "active")) await bumpContentVersion(db, KEY_FIGURES);
    // An invitation I sent stays open for the person invited, without pointing at me.
    await db.update(keyFigures).set({ invitedBy: null }).where(eq(keyFigures.invitedBy, who.id));
  },
};
