import { eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/index.js";
import { keyFigureOrganisations, keyFiguresOf } from "../key-figures/service.js";
import { listenerProfiles } from "./schema.js";

/**
 * Confidential peer listeners: key figures of an organisation with the role `peer_listener`
 * (appointed by the board's invitation through the key-figures feature), with the profile they
 * fill in here and whether they listen now. Other features (the confidential contact, the
 * social-safety status) ask this service who an organisation's listeners are.
 */

export { LISTENER_STATUSES, type ListenerStatus, RESPONSE_TIMES, type ResponseTime } from "./schema.js";
export type ListenerProfile = typeof listenerProfiles.$inferSelect;

/** An organisation's appointed listener: the key figure, and the profile once filled in (null before). */
export type Listener = { keyFigureId: string; name: string | null; email: string; profile: ListenerProfile | null };

/** The organisation's appointed listeners (active key figures with the role), stepped-down ones left out. */
export async function listenersOf(db: Db, orgId: string, now: Date): Promise<Listener[]> {
  const figures = (await keyFiguresOf(db, orgId, now)).filter((k) => k.role === "peer_listener" && k.state === "active");
  if (!figures.length) return [];
  const profiles = await db
    .select()
    .from(listenerProfiles)
    .where(
      inArray(
        listenerProfiles.keyFigureId,
        figures.map((f) => f.id),
      ),
    );
  const byId = new Map(profiles.map((p) => [p.keyFigureId, p]));
  return figures
    .map((f) => ({ keyFigureId: f.id, name: f.name, email: f.email, profile: byId.get(f.id) ?? null }))
    .filter((l) => l.profile?.status !== "stepped_down");
}

/**
 * The organisations where the user is a listener now (an active key figure with the role whose
 * profile has not stepped down), with the key-figure id. Paused listeners keep their inbox.
 */
export async function listenerOrganisations(db: Db, userId: string) {
  const roles = (await keyFigureOrganisations(db, userId)).filter((k) => k.role === "peer_listener");
  if (!roles.length) return [];
  const profiles = new Map(
    (
      await db
        .select()
        .from(listenerProfiles)
        .where(
          inArray(
            listenerProfiles.keyFigureId,
            roles.map((r) => r.id),
          ),
        )
    ).map((p) => [p.keyFigureId, p]),
  );
  return roles.filter((r) => profiles.get(r.id)?.status !== "stepped_down");
}

/** Whether the user is a listener of the organisation now (see listenerOrganisations). */
export async function isListener(db: Db, userId: string, orgId: string) {
  return (await listenerOrganisations(db, userId)).some((r) => r.orgId === orgId);
}

/** The profile of a key figure, or null. */
export async function profileOf(db: Db, keyFigureId: string) {
  const [p] = await db.select().from(listenerProfiles).where(eq(listenerProfiles.keyFigureId, keyFigureId));
  return p ?? null;
}
