import { and, eq, inArray, ne } from "drizzle-orm";
import { bumpContentVersion } from "../../core/content/versions.js";
import type { Db } from "../../db/index.js";
import type { Env } from "../../env.js";
import { keyFigureOrganisations, keyFiguresOf, keyFiguresOfMany } from "../key-figures/service.js";
import { listOrganisations } from "../organisations/service.js";
import { trainedThisYear } from "../training-registrations/office.js";
import { listenerProfiles, type ResponseTime } from "./schema.js";

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
  return (await listenersByOrg(db, [orgId], now)).get(orgId)!;
}

/**
 * `listenersOf` for several organisations at once (the office's table): two queries whatever their
 * number. Every id given gets a list (maybe empty).
 */
export async function listenersByOrg(db: Db, orgIds: string[], now: Date): Promise<Map<string, Listener[]>> {
  const byOrg = await keyFiguresOfMany(db, orgIds, now);
  const figures = [...byOrg.values()].flat().filter((k) => k.role === "peer_listener" && k.state === "active");
  const profiles = figures.length
    ? await db
        .select()
        .from(listenerProfiles)
        .where(
          inArray(
            listenerProfiles.keyFigureId,
            figures.map((f) => f.id),
          ),
        )
    : [];
  const byId = new Map(profiles.map((p) => [p.keyFigureId, p]));
  const out = new Map(orgIds.map((id) => [id, [] as Listener[]]));
  for (const f of figures) {
    const profile = byId.get(f.id) ?? null;
    if (profile?.status !== "stepped_down") out.get(f.orgId)!.push({ keyFigureId: f.id, name: f.name, email: f.email, profile });
  }
  return out;
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

// ---------- the listener's own profile ----------

/** The content version of the public "find a peer listener" page: bumped by every profile change. */
export const PEER_LISTENERS = "peer-listeners";

export type ProfileInput = {
  displayName: string;
  languages: ("nl" | "en")[];
  introduction: string;
  responseTime: ResponseTime;
  listed: boolean;
};

/**
 * The user's listener role `keyFigureId` (an active key figure with the role peer_listener whose
 * profile has not stepped down), with the organisation and the profile (null before it is filled
 * in); null for anyone else: for them, the page does not exist.
 */
export async function ownListenerRole(db: Db, userId: string, keyFigureId: string) {
  const role = (await listenerOrganisations(db, userId)).find((r) => r.id === keyFigureId);
  if (!role) return null;
  return { keyFigureId: role.id, orgId: role.orgId, orgName: role.orgName, profile: await profileOf(db, role.id) };
}

/**
 * Saves the listener's profile (created the first time, active). Only their own, while they
 * listen: null otherwise. Bumps the public page's content version.
 */
export async function saveProfile(db: Db, a: { userId: string; keyFigureId: string; input: ProfileInput; now: Date }) {
  if (!(await ownListenerRole(db, a.userId, a.keyFigureId))) return null;
  return db.transaction(async (tx) => {
    const values = { ...a.input, userId: a.userId, updatedAt: a.now };
    const [row] = await tx
      .insert(listenerProfiles)
      .values({ keyFigureId: a.keyFigureId, ...values })
      .onConflictDoUpdate({ target: listenerProfiles.keyFigureId, set: values, where: ne(listenerProfiles.status, "stepped_down") })
      .returning({ id: listenerProfiles.keyFigureId });
    if (!row) return null;
    await bumpContentVersion(tx, PEER_LISTENERS);
    return row.id;
  });
}

/**
 * Pauses (not listed, no notifications; the inbox stays) or resumes. Needs a profile: there is
 * nothing to pause before one is filled in (null then, as for anyone else's).
 */
export async function setListenerStatus(db: Db, a: { userId: string; keyFigureId: string; status: "active" | "paused"; now: Date }) {
  if (!(await ownListenerRole(db, a.userId, a.keyFigureId))) return null;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(listenerProfiles)
      .set({ status: a.status, updatedAt: a.now })
      .where(and(eq(listenerProfiles.keyFigureId, a.keyFigureId), ne(listenerProfiles.status, "stepped_down")))
      .returning({ id: listenerProfiles.keyFigureId });
    if (!row) return null;
    await bumpContentVersion(tx, PEER_LISTENERS);
    return row.id;
  });
}

/**
 * The listener steps down: the profile is marked `stepped_down` (no longer listed, no longer a
 * listener: `listenersOf` and `listenerOrganisations` leave them out, so the inbox closes for them
 * while the conversations stay with the team). The key figure itself stays active: the key-figures
 * service has no way for a key figure to end their own role (its removal is the board's, with a
 * mail saying so), and the board sees "stepped down" on its listeners page, where it can remove
 * the key figure. A listener without a profile yet gets one, stepped down, so the choice holds.
 */
export async function stepDown(db: Db, a: { userId: string; keyFigureId: string; now: Date }) {
  if (!(await ownListenerRole(db, a.userId, a.keyFigureId))) return null;
  return db.transaction(async (tx) => {
    const gone = { status: "stepped_down" as const, listed: false, steppedDownAt: a.now, updatedAt: a.now, userId: a.userId };
    const [row] = await tx
      .insert(listenerProfiles)
      .values({ keyFigureId: a.keyFigureId, displayName: "", introduction: "", languages: [], ...gone })
      .onConflictDoUpdate({ target: listenerProfiles.keyFigureId, set: gone })
      .returning({ id: listenerProfiles.keyFigureId });
    await bumpContentVersion(tx, PEER_LISTENERS);
    return row!.id;
  });
}

// ---------- the board's view ----------

/** A listener's state as the board sees it. */
export type BoardListenerState = "active" | "paused" | "no_profile" | "stepped_down" | "invited";

/**
 * The organisation's listeners for its board: active key figures with the role peer_listener (with
 * their profile's state, stepped-down ones included so the board can end the role) and open
 * invitations as listener, each with whether the person is trained in academic year `year` (as
 * `trainedThisYear` decides, by address). Nothing of what they are told.
 */
export async function boardListeners(db: Db, a: { orgId: string; year: number; now: Date }) {
  const figures = (await keyFiguresOf(db, a.orgId, a.now)).filter(
    (k) => k.role === "peer_listener" && (k.state === "active" || k.state === "invited"),
  );
  const profiles = figures.length
    ? await db
        .select()
        .from(listenerProfiles)
        .where(
          inArray(
            listenerProfiles.keyFigureId,
            figures.map((f) => f.id),
          ),
        )
    : [];
  const byId = new Map(profiles.map((p) => [p.keyFigureId, p]));
  const trained = new Set((await trainedThisYear(db, [a.orgId], a.year, a.now)).get(a.orgId) ?? []);
  return figures.map((f) => {
    const p = byId.get(f.id);
    const state: BoardListenerState = f.state === "invited" ? "invited" : (p?.status ?? "no_profile");
    return {
      keyFigureId: f.id,
      name: f.name,
      email: f.email,
      displayName: p && p.status !== "stepped_down" ? p.displayName : null,
      listed: Boolean(p?.listed && p.status === "active"),
      state,
      since: f.acceptedAt,
      expiresAt: f.expiresAt,
      trained: trained.has(f.email.toLowerCase()),
    };
  });
}

// ---------- the public page ----------

export type PublicListener = Pick<ListenerProfile, "keyFigureId" | "displayName" | "languages" | "introduction" | "responseTime">;

/** What students see of an organisation's listeners: those active and listed, by display name. */
const publicOf = (listeners: Listener[]): PublicListener[] =>
  listeners
    .flatMap((l) => (l.profile && l.profile.status === "active" && l.profile.listed ? [l.profile] : []))
    .map(({ keyFigureId, displayName, languages, introduction, responseTime }) => ({
      keyFigureId,
      displayName,
      languages,
      introduction,
      responseTime,
    }))
    .sort((x, y) => x.displayName.localeCompare(y.displayName));

/** At most this many organisations per search. */
export const SEARCH_LIMIT = 10;

/**
 * Organisations matching `q` by name (the organisations' own search; dissolved ones left out),
 * each with its listed listeners (read for all of them at once).
 */
export async function findListeners(db: Db, env: Env, a: { q: string; day: string; now: Date }) {
  const { rows } = await listOrganisations(db, env, a.day, { q: a.q, page: 1, perPage: SEARCH_LIMIT + 5 });
  const found = rows.filter((r) => r.status !== "dissolved").slice(0, SEARCH_LIMIT);
  const listeners = await listenersByOrg(
    db,
    found.map((o) => o.id),
    a.now,
  );
  return found.map((o) => ({ id: o.id, name: o.name, listeners: publicOf(listeners.get(o.id)!) }));
}
