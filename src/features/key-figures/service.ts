import { and, asc, desc, eq, gt, inArray, lte, or, type SQL, sql } from "drizzle-orm";
import { DAY, HOUR } from "../../core/clock.js";
import { bumpContentVersion } from "../../core/content/versions.js";
import { randomToken, sha256 } from "../../core/crypto.js";
import { FieldError, isUniqueViolation } from "../../core/errors.js";
import type { ErrorKey } from "../../core/forms.js";
import { formatDate, type Lang, type Messages } from "../../core/i18n/index.js";
import { type MailDeps, type MailTemplate, sendMail } from "../../core/mail/send.js";
import { normaliseName } from "../../core/text.js";
import type { Db } from "../../db/index.js";
import { url } from "../../routes.js";
import { audit } from "../audit/service.js";
import { users } from "../auth/schema.js";
import { createSession } from "../auth/service.js";
import {
  type Actor,
  academicYearOf,
  currentBoardOf,
  lockOrganisation,
  memberByEmail,
  organisationNames,
  personLabel,
} from "../organisations/service.js";
import { register } from "../training-registrations/service.js";
import { getOffering, type Offering, publishedOfferings, type Session, sessionsOf } from "../trainings/service.js";
import { type KeyFigureRole, type KeyFigureStatus, keyFigures } from "./schema.js";

/**
 * Key figures: people outside the board (committee chairs, peer listeners, confidential contacts)
 * whom a board invites, through a mailed link as for board invitations (ADR 018), to act for its
 * organisation. An active key figure registers themselves for trainings meant for them, linked to
 * the organisation; they never get the board's pages (`authoriseOrg` stays board-only).
 */

export { KEY_FIGURE_ROLES, KEY_FIGURE_STATUSES, type KeyFigureRole, type KeyFigureStatus } from "./schema.js";

/** An invitation link works this long. */
export const KEY_FIGURE_TTL_DAYS = 14;
/** Invitations one board member may send per hour, and an organisation per day (as for board invitations). */
export const KEY_FIGURE_INVITES_PER_INVITER_PER_HOUR = 15;
export const KEY_FIGURE_INVITES_PER_ORG_PER_DAY = 30;

/**
 * The content version of the organisations' active key figures: bumped whenever one becomes or
 * stops being active (accepted, removed, erased with an account), for public pages that show them
 * (the peer listeners).
 */
export const KEY_FIGURES = "key-figures";

export type KeyFigureInput = { email: string; name: string | null; role: KeyFigureRole; note: string | null };

/** The role as people read it: "Peer listener: introduction week". */
export const roleLabel = (t: Messages, role: KeyFigureRole, note: string | null) =>
  note ? t.keyFigures.roleWithNote(t.keyFigures.roles[role], note) : t.keyFigures.roles[role];

type InvitationMail = { inviter: string; orgName: string; role: KeyFigureRole; expiresOn: string; link: string };

/**
 * The invitation goes to an address that has confirmed nothing yet, so it holds no text the
 * inviter typed for it: only the inviter's own account name and address, the organisation's name,
 * the role (from the catalog, not the board's note) and the link.
 */
const invitationMail: MailTemplate<InvitationMail> = (t, d) => {
  const m = t.keyFigures.mail;
  return {
    subject: m.subject(d.orgName),
    heading: m.subject(d.orgName),
    paragraphs: [m.body(d.inviter, d.orgName, t.keyFigures.roles[d.role]), m.what, m.how(d.expiresOn)],
    action: { label: m.button, url: d.link },
    after: [m.ignore],
  };
};

const removedMail: MailTemplate<{ orgName: string; role: KeyFigureRole }> = (t, d) => {
  const m = t.keyFigures.mail;
  return {
    subject: m.removedSubject(d.orgName),
    heading: m.removedSubject(d.orgName),
    paragraphs: [m.removedBody(d.orgName, t.keyFigures.roles[d.role])],
    after: [m.removedAfter],
  };
};

/** Open: invited and not lapsed at `now`. */
const open = (now: Date) => and(eq(keyFigures.status, "invited"), gt(keyFigures.expiresAt, now));
/** Holds the address's place in the organisation: active, or open. */
const holding = (now: Date) => or(eq(keyFigures.status, "active"), open(now));

/**
 * What refuses an invitation, checked without writing, so the form shows every error at once:
 * the address (on the current board, already a key figure, already invited) and the limits (per
 * inviter per hour, per organisation per day). Fields whose value is not usable are left alone.
 * `inviteKeyFigure` checks the same again under the organisation's lock.
 */
export async function keyFigureInviteProblems(db: Db, a: { actor: Actor; orgId: string; email: string; today: string; now: Date }) {
  const out: { email?: ErrorKey; limit?: ErrorKey } = {};
  const email = a.email.trim().toLowerCase();
  if (email.includes("@") && email.length <= 254) {
    const board = await currentBoardOf(db, a.orgId, a.today);
    const [held] = await db
      .select({ status: keyFigures.status })
      .from(keyFigures)
      .where(and(eq(keyFigures.organisationId, a.orgId), eq(keyFigures.email, email), holding(a.now)));
    if (board && (await memberByEmail(db, board.id, email))) out.email = "keyFigureOnBoard";
    else if (held) out.email = held.status === "active" ? "keyFigureActive" : "keyFigureInvited";
  }
  const sentSince = async (where: SQL, windowMs: number) => {
    const [r] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(keyFigures)
      .where(and(where, gt(keyFigures.createdAt, new Date(a.now.getTime() - windowMs))));
    return r?.n ?? 0;
  };
  if ((await sentSince(eq(keyFigures.invitedBy, a.actor.id), HOUR)) >= KEY_FIGURE_INVITES_PER_INVITER_PER_HOUR)
    out.limit = "keyFigureInvitesPerHour";
  else if ((await sentSince(eq(keyFigures.organisationId, a.orgId), DAY)) >= KEY_FIGURE_INVITES_PER_ORG_PER_DAY)
    out.limit = "keyFigureInvitesPerDay";
  return out;
}

/**
 * Invites someone as a key figure of the organisation: nothing changes until they accept through
 * the link in the mail. The organisation's row is locked meanwhile, so the limits and the one
 * open-or-active row per address hold when boards send at once (the partial unique index backs it).
 * The mail is in the invitee's account language when they have one, otherwise the organisation's.
 */
export async function inviteKeyFigure(
  db: Db,
  deps: MailDeps,
  a: { actor: Actor; orgId: string; input: KeyFigureInput; today: string; now: Date },
) {
  const email = a.input.email.trim().toLowerCase();
  try {
    return await db.transaction(async (tx) => {
      const org = await lockOrganisation(tx, a.orgId);
      const problems = await keyFigureInviteProblems(tx, { ...a, email });
      if (problems.email) throw new FieldError("email", problems.email);
      if (problems.limit) throw new FieldError("limit", problems.limit);
      // A lapsed invitation no longer holds the address's place.
      await tx
        .update(keyFigures)
        .set({ status: "expired" })
        .where(
          and(
            eq(keyFigures.organisationId, a.orgId),
            eq(keyFigures.email, email),
            eq(keyFigures.status, "invited"),
            lte(keyFigures.expiresAt, a.now),
          ),
        );
      const token = randomToken();
      const expiresAt = new Date(a.now.getTime() + KEY_FIGURE_TTL_DAYS * DAY);
      const [row] = await tx
        .insert(keyFigures)
        .values({
          organisationId: a.orgId,
          email,
          name: a.input.name ? normaliseName(a.input.name) || null : null,
          role: a.input.role,
          roleNote: a.input.note,
          tokenHash: sha256(token),
          expiresAt,
          invitedBy: a.actor.id,
          createdAt: a.now,
        })
        .returning();
      const [known] = await tx.select({ id: users.id, lang: users.lang }).from(users).where(eq(users.email, email));
      await audit(tx, {
        actorId: a.actor.id,
        organisationId: a.orgId,
        entity: "key_figure",
        entityId: row!.id,
        action: "key_figure.invite",
        // The invitee by account id when they have one; an address without an account stays out of the log.
        subjectId: known?.id ?? null,
        changes: { role: { to: a.input.role } },
      });
      const lang = known?.lang ?? org.lang;
      await sendMail(tx, deps, {
        to: email,
        lang,
        template: "keyFigures.invited",
        render: invitationMail,
        data: {
          inviter: personLabel(a.actor),
          orgName: org.name,
          role: a.input.role,
          expiresOn: formatDate(lang, expiresAt, deps.env.TIME_ZONE),
          link: `${deps.env.BASE_URL}${url(lang, "keyFigureInvitation")}?token=${token}`,
        },
        // The link is the invitation: its text goes once the mail is sent.
        sensitive: true,
      });
      return row!;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new FieldError("email", "keyFigureInvited");
    throw err;
  }
}

export type KeyFigureRow = Awaited<ReturnType<typeof keyFiguresOf>>[number];

/**
 * The organisation's key figures and invitations for its board's page: active and open ones
 * first, then the ended ones (until the retention rule deletes them), newest first. `state` is
 * the status as it stands at `now` (an invitation that lapsed reads `expired`).
 */
export async function keyFiguresOf(db: Db, orgId: string, now: Date) {
  return (await keyFiguresOfMany(db, [orgId], now)).get(orgId)!;
}

/** `keyFiguresOf` for several organisations at once, in one query: every id given gets a list (maybe empty). */
export async function keyFiguresOfMany(db: Db, orgIds: string[], now: Date) {
  const rows = orgIds.length
    ? await db
        .select({
          id: keyFigures.id,
          orgId: keyFigures.organisationId,
          email: keyFigures.email,
          typedName: keyFigures.name,
          accountName: users.name,
          role: keyFigures.role,
          roleNote: keyFigures.roleNote,
          status: keyFigures.status,
          expiresAt: keyFigures.expiresAt,
          acceptedAt: keyFigures.acceptedAt,
          createdAt: keyFigures.createdAt,
        })
        .from(keyFigures)
        .leftJoin(users, eq(users.id, keyFigures.userId))
        .where(inArray(keyFigures.organisationId, orgIds))
        .orderBy(desc(keyFigures.createdAt), asc(keyFigures.id))
    : [];
  const rank: Record<KeyFigureStatus, number> = { active: 0, invited: 1, expired: 2, declined: 2, withdrawn: 2, removed: 2 };
  const figures = rows
    .map(({ typedName, accountName, ...r }) => ({
      ...r,
      name: accountName ?? typedName,
      state: (r.status === "invited" && r.expiresAt <= now ? "expired" : r.status) as KeyFigureStatus,
    }))
    .sort((x, y) => rank[x.state] - rank[y.state]);
  const out = new Map(orgIds.map((id) => [id, [] as typeof figures]));
  for (const f of figures) out.get(f.orgId)!.push(f);
  return out;
}

const byToken = (token: string, now: Date) => and(eq(keyFigures.tokenHash, sha256(token)), open(now));

/** What the invitation page shows for a usable token (invited, not lapsed), or null. */
export async function keyFigureInvitationForToken(db: Db, token: string, now: Date) {
  if (token.length < 20 || token.length > 100) return null;
  const [row] = await db
    .select({
      id: keyFigures.id,
      orgId: keyFigures.organisationId,
      email: keyFigures.email,
      name: keyFigures.name,
      role: keyFigures.role,
      expiresAt: keyFigures.expiresAt,
      inviterName: users.name,
      inviterEmail: users.email,
    })
    .from(keyFigures)
    .leftJoin(users, eq(users.id, keyFigures.invitedBy))
    .where(byToken(token, now));
  if (!row) return null;
  const org = await lockOrganisation(db, row.orgId, { lock: false });
  const [known] = await db.select({ name: users.name }).from(users).where(eq(users.email, row.email));
  return {
    ...row,
    orgName: org.name,
    /** Who invited; "" when the inviting account no longer exists. */
    inviter: row.inviterEmail ? personLabel({ name: row.inviterName, email: row.inviterEmail }) : "",
    /** The name to offer: the invitee's own if their account has one, else what the inviter typed. */
    suggestedName: known?.name ?? row.name,
  };
}

/**
 * Accepts an invitation exactly once (the row is locked, then changed only while still open): the
 * invited address gets an account if it has none, with the name its owner confirmed, and the key
 * figure becomes active with that account. As for board invitations, a new account is signed in
 * at once (the link proved the address); an existing one is not, so a forwarded link never opens
 * an account that may hold more. Null when the token is unusable.
 */
export async function acceptKeyFigureInvitation(db: Db, a: { token: string; name: string | null; lang: Lang; now: Date }) {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(keyFigures).where(byToken(a.token, a.now)).for("update");
    if (!row) return null;
    const name = a.name ? normaliseName(a.name) || null : null;
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, row.email));
    const [user] = await tx
      .insert(users)
      .values({ email: row.email, name, lang: a.lang, lastSignInAt: a.now })
      .onConflictDoUpdate({ target: users.email, set: name ? { name } : { email: sql`excluded.email` } })
      .returning();
    await tx.update(keyFigures).set({ status: "active", userId: user!.id, acceptedAt: a.now }).where(eq(keyFigures.id, row.id));
    await bumpContentVersion(tx, KEY_FIGURES);
    await audit(tx, {
      actorId: user!.id,
      organisationId: row.organisationId,
      entity: "key_figure",
      entityId: row.id,
      action: "key_figure.accept",
      subjectId: user!.id,
    });
    const sessionToken = existing ? null : await createSession(tx, user!.id, a.now);
    return { sessionToken, user: user!, orgId: row.organisationId };
  });
}

/** Declines an invitation; the row's id, or null when the token is unusable. */
export async function declineKeyFigureInvitation(db: Db, a: { token: string; now: Date }) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(keyFigures)
      .set({ status: "declined", decidedAt: a.now })
      .where(byToken(a.token, a.now))
      .returning({ id: keyFigures.id, organisationId: keyFigures.organisationId });
    if (!row) return null;
    await audit(tx, {
      actorId: null,
      organisationId: row.organisationId,
      entity: "key_figure",
      entityId: row.id,
      action: "key_figure.decline",
    });
    return row.id;
  });
}

/** The board withdraws an open invitation; its id, or null when there is none to withdraw. */
export async function withdrawKeyFigureInvitation(db: Db, a: { actor: Actor; orgId: string; keyFigureId: string; now: Date }) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(keyFigures)
      .set({ status: "withdrawn", decidedAt: a.now })
      .where(and(eq(keyFigures.id, a.keyFigureId), eq(keyFigures.organisationId, a.orgId), open(a.now)))
      .returning({ id: keyFigures.id });
    if (!row) return null;
    await audit(tx, {
      actorId: a.actor.id,
      organisationId: a.orgId,
      entity: "key_figure",
      entityId: row.id,
      action: "key_figure.withdraw",
    });
    return row.id;
  });
}

/** An active key figure of the organisation, with their account's name and address (for "remove?"), or null. */
export async function activeKeyFigure(db: Db, orgId: string, keyFigureId: string) {
  const [row] = await db
    .select({
      id: keyFigures.id,
      userId: keyFigures.userId,
      role: keyFigures.role,
      roleNote: keyFigures.roleNote,
      acceptedAt: keyFigures.acceptedAt,
      name: users.name,
      email: users.email,
      lang: users.lang,
    })
    .from(keyFigures)
    .innerJoin(users, eq(users.id, keyFigures.userId))
    .where(and(eq(keyFigures.id, keyFigureId), eq(keyFigures.organisationId, orgId), eq(keyFigures.status, "active")));
  return row ?? null;
}

/**
 * The board removes an active key figure, who is told by mail in their own language. Nothing else
 * ends: they keep their account (and any board seat elsewhere), and registrations already made
 * stay. Access as a key figure is checked on every request, so it ends at once. Returns the
 * removed row's id, or null when there was no such active key figure.
 */
export async function removeKeyFigure(db: Db, deps: MailDeps, a: { actor: Actor; orgId: string; keyFigureId: string; now: Date }) {
  return db.transaction(async (tx) => {
    const org = await lockOrganisation(tx, a.orgId);
    const found = await activeKeyFigure(tx, a.orgId, a.keyFigureId);
    if (!found) return null;
    await tx.update(keyFigures).set({ status: "removed", removedAt: a.now }).where(eq(keyFigures.id, found.id));
    await bumpContentVersion(tx, KEY_FIGURES);
    await audit(tx, {
      actorId: a.actor.id,
      organisationId: a.orgId,
      entity: "key_figure",
      entityId: found.id,
      action: "key_figure.remove",
      subjectId: found.userId,
      changes: { role: { from: found.role } },
    });
    await sendMail(tx, deps, {
      to: found.email,
      lang: found.lang,
      template: "keyFigures.removed",
      render: removedMail,
      data: { orgName: org.name, role: found.role },
    });
    return found.id;
  });
}

/** Who was removed as key figure `keyFigureId` of the organisation ("Name (address)"), or null. */
export async function removedKeyFigure(db: Db, orgId: string, keyFigureId: string) {
  const [row] = await db
    .select({ name: users.name, email: users.email })
    .from(keyFigures)
    .innerJoin(users, eq(users.id, keyFigures.userId))
    .where(and(eq(keyFigures.id, keyFigureId), eq(keyFigures.organisationId, orgId), eq(keyFigures.status, "removed")));
  return row ? personLabel(row) : null;
}

// ---------- access ----------

export type KeyFigureMembership = { id: string; orgId: string; orgName: string; role: KeyFigureRole; roleNote: string | null };

/** The user's active key-figure roles, with their organisations' names, by organisation name. */
export async function keyFigureOrganisations(db: Db, userId: string): Promise<KeyFigureMembership[]> {
  const rows = await db
    .select({ id: keyFigures.id, orgId: keyFigures.organisationId, role: keyFigures.role, roleNote: keyFigures.roleNote })
    .from(keyFigures)
    .where(and(eq(keyFigures.userId, userId), eq(keyFigures.status, "active")));
  const names = await organisationNames(
    db,
    rows.map((r) => r.orgId),
  );
  return rows
    .filter((r) => names.has(r.orgId))
    .map((r) => ({ ...r, orgName: names.get(r.orgId)! }))
    .sort((x, y) => x.orgName.localeCompare(y.orgName));
}

/**
 * Every key-figure role the user holds or held, whatever its status (active, removed: until the
 * retention rule deletes it), with the organisation's name, by organisation name then date. For
 * what stays linked to a role after it ended (the personal-data download).
 */
export async function keyFigureRolesOfUser(db: Db, userId: string) {
  const rows = await db
    .select({
      id: keyFigures.id,
      orgId: keyFigures.organisationId,
      role: keyFigures.role,
      roleNote: keyFigures.roleNote,
      status: keyFigures.status,
      createdAt: keyFigures.createdAt,
    })
    .from(keyFigures)
    .where(eq(keyFigures.userId, userId))
    .orderBy(asc(keyFigures.createdAt), asc(keyFigures.id));
  const names = await organisationNames(
    db,
    rows.map((r) => r.orgId),
  );
  return rows
    .filter((r) => names.has(r.orgId))
    .map((r) => ({ ...r, orgName: names.get(r.orgId)! }))
    .sort((x, y) => x.orgName.localeCompare(y.orgName));
}

/** The user's active key-figure role in the organisation, or null. */
export async function keyFigureOf(db: Db, userId: string, orgId: string) {
  const [row] = await db
    .select({ id: keyFigures.id, role: keyFigures.role, roleNote: keyFigures.roleNote })
    .from(keyFigures)
    .where(and(eq(keyFigures.userId, userId), eq(keyFigures.organisationId, orgId), eq(keyFigures.status, "active")));
  return row ?? null;
}

/** Whether the user is an active key figure of the organisation. */
export async function isKeyFigure(db: Db, userId: string, orgId: string) {
  return (await keyFigureOf(db, userId, orgId)) !== null;
}

// ---------- trainings ----------

/** An offering is meant for a key figure with this role: for key figures, or (a peer listener) for peer listeners. */
export const meantFor = (o: Pick<Offering, "audiences">, role: KeyFigureRole) =>
  o.audiences.includes("key_figures") || (role === "peer_listener" && o.audiences.includes("peer_listeners"));

/** Whether a key figure can register here: published, registration in the portal, and meant for them. */
const openTo = (o: Offering | null, role: KeyFigureRole): o is Offering =>
  o !== null && o.status === "published" && o.registration === "portal" && meantFor(o, role);

/** Offerings a key figure with this role can register for in the portal, in catalogue order. */
export async function offeringsForKeyFigure(db: Db, roles: KeyFigureRole[]) {
  const all = await publishedOfferings(db);
  return all.filter((o) => roles.some((r) => openTo(o, r)));
}

/**
 * What the self-registration page needs: the key figure's role, the offering and its dates that can
 * still be booked (those reserved for the organisation included). Null when the user is no active
 * key figure of the organisation or the offering is not open to them: for them, it doesn't exist.
 */
export async function keyFigureOffering(db: Db, a: { userId: string; orgId: string; offeringId: string; now: Date }) {
  const kf = await keyFigureOf(db, a.userId, a.orgId);
  if (!kf) return null;
  const offering = await getOffering(db, a.offeringId);
  if (!openTo(offering, kf.role)) return null;
  const sessions: Session[] = (await sessionsOf(db, [offering.id], { forOrg: a.orgId })).filter(
    (s) => s.status === "scheduled" && s.startsAt > a.now,
  );
  const names = await organisationNames(db, [a.orgId]);
  return { keyFigure: kf, offering, sessions, orgName: names.get(a.orgId) ?? "" };
}

/**
 * A key figure registers themselves (and only themselves: their account's name and address, their
 * role) for an offering meant for them, on behalf of their organisation, through the training
 * registrations' `register`: its rules hold as for a board (one registration per organisation and
 * offering or date, caps, the waiting list, the idempotency key). Null when the user is no active
 * key figure of the organisation or the offering is not open to them.
 */
export async function registerKeyFigure(
  db: Db,
  deps: MailDeps,
  a: {
    user: { id: string; name: string | null; email: string };
    orgId: string;
    offeringId: string;
    sessionId: string | null;
    idempotencyKey: string;
    lang: Lang;
    today: string;
    now: Date;
  },
) {
  const found = await keyFigureOffering(db, { userId: a.user.id, orgId: a.orgId, offeringId: a.offeringId, now: a.now });
  if (!found) return null;
  const t = deps.catalogs[a.lang];
  return register(db, deps, {
    offeringId: found.offering.id,
    sessionId: a.sessionId,
    orgId: a.orgId,
    actorId: a.user.id,
    year: academicYearOf(a.today, deps.env.ACADEMIC_YEAR_START),
    participants: [
      { name: a.user.name ?? a.user.email, email: a.user.email, role: roleLabel(t, found.keyFigure.role, found.keyFigure.roleNote) },
    ],
    idempotencyKey: a.idempotencyKey,
    lang: a.lang,
    now: a.now,
  });
}
