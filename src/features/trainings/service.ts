import { and, asc, eq, gt, gte, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { bumpContentVersion } from "../../core/content/versions.js";
import { FieldError, isUniqueViolation } from "../../core/errors.js";
import type { Localized } from "../../core/i18n/index.js";
import type { Db } from "../../db/index.js";
import { prepared } from "../../db/prepared.js";
import { audit, diff } from "../audit/service.js";
import { type TrainingAudience, trainingOfferings, trainingSessions } from "./schema.js";

/**
 * Trainings, workshops, tailor-made trainings and programmes: what the office offers and its
 * dates. Registrations, waiting lists and requests are the training-registrations feature's; it
 * locks an offering through `lockOffering` and changes capacity through this service.
 */

export { type CalendarItem, calendar, forAttendee, wallTime } from "./ical.js";
export {
  CAPACITY_UNITS,
  type CapacityUnit,
  FORMATS,
  type Format,
  OFFERING_STATUSES,
  type OfferingStatus,
  PROVIDERS,
  type Provider,
  REGISTRATION_MODES,
  type RegistrationMode,
  TRAINING_AUDIENCES,
  TRAINING_KINDS,
  type TrainingAudience,
  type TrainingKind,
} from "./schema.js";
/** The office's form of a date, for other features' forms (planning a request makes a date). */
export { fromWall, localized, sessionInput, sessionProblems, sessionSchema, sessionValues, toWall } from "./session-form.js";

/** The capability of the trainings' public pages and feeds (page cache, content version). */
export const TRAININGS = "trainings";

export type Offering = typeof trainingOfferings.$inferSelect;
export type Session = typeof trainingSessions.$inferSelect;
export type OfferingInput = Omit<typeof trainingOfferings.$inferInsert, "id" | "revision" | "createdAt" | "updatedAt">;
export type SessionInput = {
  title?: Localized;
  startsAt: Date;
  endsAt: Date;
  location: Localized | null;
  onlineUrl: string | null;
  capacity: number | null;
  reservedFor?: string | null;
};

// ---------- reading ----------

export async function getOffering(db: Db, id: string): Promise<Offering | null> {
  const [o] = await prepared(db, "training_offering", () =>
    db
      .select()
      .from(trainingOfferings)
      .where(eq(trainingOfferings.id, sql.placeholder("id")))
      .prepare("training_offering"),
  ).execute({ id });
  return o ?? null;
}

/** An offering and all its dates (reserved ones too), or null. */
export async function offeringAndDates(db: Db, id: string): Promise<{ offering: Offering; all: Session[] } | null> {
  const offering = await getOffering(db, id);
  return offering && { offering, all: await sessionsOf(db, [id], { all: true }) };
}

/** A published offering by its slug (public pages). */
export async function publishedOffering(db: Db, slug: string): Promise<Offering | null> {
  const [o] = await db
    .select()
    .from(trainingOfferings)
    .where(and(eq(trainingOfferings.slug, slug), eq(trainingOfferings.status, "published")));
  return o ?? null;
}

/**
 * The offering's row, locked until the transaction ends: every change to its registrations takes
 * turns on it (as pretix locks an event's quota), so a cap is never exceeded. `lock: false` only
 * reads (the negative control of the race tests). Null when there is no such offering.
 */
export async function lockOffering(db: Db, id: string, opts: { lock?: boolean } = {}): Promise<Offering | null> {
  const q = db.select().from(trainingOfferings).where(eq(trainingOfferings.id, id));
  const [o] = opts.lock === false ? await q : await q.for("update");
  return o ?? null;
}

/** Published offerings, in the order the catalogue shows them: the next date first, then the title. */
export function publishedOfferings(db: Db) {
  return db
    .select()
    .from(trainingOfferings)
    .where(eq(trainingOfferings.status, "published"))
    .orderBy(
      sql`(select min(s.starts_at) from ${trainingSessions} s where s.offering_id = ${trainingOfferings.id} and s.status = 'scheduled' and s.reserved_for is null) nulls last`,
      asc(sql`${trainingOfferings.title}->>'nl'`),
    );
}

/** Every offering, for the office (drafts and archived ones too), newest first. */
export function allOfferings(db: Db) {
  return db
    .select()
    .from(trainingOfferings)
    .orderBy(sql`${trainingOfferings.status} = 'archived'`, sql`${trainingOfferings.updatedAt} desc`);
}

/**
 * The sessions of offerings, by start. `forOrg` adds the sessions reserved for that organisation
 * to the open ones; without it, reserved sessions are left out (public pages) unless `all`.
 */
export function sessionsOf(db: Db, offeringIds: string[], opts: { forOrg?: string; all?: boolean } = {}) {
  if (!offeringIds.length) return Promise.resolve([] as Session[]);
  // One offering's dates for an organisation (its register form, each registration): prepared once.
  if (offeringIds.length === 1 && opts.forOrg && !opts.all)
    return prepared(db, "training_sessions_for_org", () =>
      db
        .select()
        .from(trainingSessions)
        .where(
          and(
            eq(trainingSessions.offeringId, sql.placeholder("offeringId")),
            or(isNull(trainingSessions.reservedFor), eq(trainingSessions.reservedFor, sql.placeholder("orgId"))),
          ),
        )
        .orderBy(asc(trainingSessions.startsAt), asc(trainingSessions.id))
        .prepare("training_sessions_for_org"),
    ).execute({ offeringId: offeringIds[0], orgId: opts.forOrg });
  const reserved = opts.all
    ? undefined
    : opts.forOrg
      ? or(isNull(trainingSessions.reservedFor), eq(trainingSessions.reservedFor, opts.forOrg))
      : isNull(trainingSessions.reservedFor);
  return db
    .select()
    .from(trainingSessions)
    .where(and(inArray(trainingSessions.offeringId, offeringIds), reserved))
    .orderBy(asc(trainingSessions.startsAt), asc(trainingSessions.id));
}

export async function getSession(db: Db, id: string): Promise<Session | null> {
  const [s] = await db.select().from(trainingSessions).where(eq(trainingSessions.id, id));
  return s ?? null;
}

/** Sessions starting between `from` and `to` (reminders). */
export function sessionsStarting(db: Db, from: Date, to: Date) {
  return db
    .select()
    .from(trainingSessions)
    .where(and(eq(trainingSessions.status, "scheduled"), gte(trainingSessions.startsAt, from), sql`${trainingSessions.startsAt} < ${to}`));
}

/**
 * The public pages depend on the time too: registration opens or closes, a date begins (and is
 * no longer bookable). Cached pages are dropped by a content version, so a job calls this every
 * minute: when such a moment of a published offering fell in (`from`, `to`], it bumps TRAININGS.
 * Returns whether it did.
 */
export async function passTimedMoments(db: Db, from: Date, to: Date) {
  const o = trainingOfferings;
  const within = (col: typeof o.opensAt | typeof o.closesAt) => and(gt(col, from), lte(col, to));
  const [hit] = await db
    .select({ id: o.id })
    .from(o)
    .where(
      and(
        eq(o.status, "published"),
        or(
          within(o.opensAt),
          within(o.closesAt),
          sql`exists (select 1 from ${trainingSessions} s where s.offering_id = ${o.id} and s.starts_at > ${from.toISOString()}::timestamptz and s.starts_at <= ${to.toISOString()}::timestamptz)`,
        ),
      ),
    )
    .limit(1);
  if (!hit) return false;
  await bumpContentVersion(db, TRAININGS);
  return true;
}

// ---------- editing (office) ----------

const slugOf = (title: Localized) =>
  (title.en || title.nl)
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60) || "training";

/** Checks across fields that a form may break: an external registration needs its link. */
function offeringProblems(input: Partial<OfferingInput>) {
  if (input.registration === "external" && !input.externalUrl) throw new FieldError("externalUrl", "required");
  if (input.opensAt && input.closesAt && input.closesAt <= input.opensAt) throw new FieldError("closesAt", "closesBeforeOpens");
}

export async function createOffering(db: Db, actorId: string | null, input: OfferingInput) {
  offeringProblems(input);
  return db.transaction(async (tx) => {
    const base = input.slug || slugOf(input.title);
    for (let i = 1; i < 50; i++) {
      const slug = i === 1 ? base : `${base}-${i}`;
      const [taken] = await tx.select({ id: trainingOfferings.id }).from(trainingOfferings).where(eq(trainingOfferings.slug, slug));
      if (taken) continue;
      try {
        const [o] = await tx
          .insert(trainingOfferings)
          .values({ ...input, slug })
          .returning();
        await audit(tx, {
          actorId,
          action: "training.create",
          entity: "training_offering",
          entityId: o!.id,
          changes: { title: { to: o!.title } },
        });
        if (o!.status === "published") await bumpContentVersion(tx, TRAININGS);
        return o!;
      } catch (err) {
        if (isUniqueViolation(err)) continue;
        throw err;
      }
    }
    throw new FieldError("slug", "slugTaken");
  });
}

/**
 * Changes an offering (the row is locked by the caller's `lockOffering`, or here). Raises its
 * revision, so calendars see a new SEQUENCE. Returns the offering before and after.
 */
export async function updateOffering(db: Db, actorId: string, id: string, input: Partial<OfferingInput>, now: Date) {
  const before = await lockOffering(db, id);
  if (!before) return null;
  offeringProblems({ ...before, ...input });
  const changes = diff(before as Record<string, unknown>, input as Record<string, unknown>);
  const [after] = await db
    .update(trainingOfferings)
    .set({ ...input, revision: sql`${trainingOfferings.revision} + 1`, updatedAt: now })
    .where(eq(trainingOfferings.id, id))
    .returning();
  if (Object.keys(changes).length)
    await audit(db, { actorId, action: "training.update", entity: "training_offering", entityId: id, changes });
  if (before.status === "published" || after!.status === "published") await bumpContentVersion(db, TRAININGS);
  return { before, after: after! };
}

export async function addSession(db: Db, actorId: string | null, offeringId: string, input: SessionInput) {
  if (input.endsAt <= input.startsAt) throw new FieldError("endsAt", "endsBeforeStarts");
  const [s] = await db
    .insert(trainingSessions)
    .values({ ...input, offeringId, title: input.title ?? { nl: "", en: "" } })
    .returning();
  await audit(db, {
    actorId,
    action: "training.session_add",
    entity: "training_session",
    entityId: s!.id,
    changes: { startsAt: { to: s!.startsAt } },
  });
  await bumpContentVersion(db, TRAININGS);
  return s!;
}

/**
 * Changes a session; its SEQUENCE goes up. Returns it before and after, so the caller can tell
 * the people registered what changed (time, location announced).
 */
export async function updateSession(db: Db, actorId: string, id: string, input: Partial<SessionInput>, now: Date) {
  const [before] = await db.select().from(trainingSessions).where(eq(trainingSessions.id, id)).for("update");
  if (!before) return null;
  const startsAt = input.startsAt ?? before.startsAt;
  const endsAt = input.endsAt ?? before.endsAt;
  if (endsAt <= startsAt) throw new FieldError("endsAt", "endsBeforeStarts");
  const changes = diff(before as Record<string, unknown>, input as Record<string, unknown>);
  const [after] = await db
    .update(trainingSessions)
    .set({ ...input, sequence: sql`${trainingSessions.sequence} + 1`, updatedAt: now })
    .where(eq(trainingSessions.id, id))
    .returning();
  if (Object.keys(changes).length)
    await audit(db, { actorId, action: "training.session_update", entity: "training_session", entityId: id, changes });
  await bumpContentVersion(db, TRAININGS);
  return { before, after: after! };
}

/** Cancels a session (calendars then show it as cancelled). */
export async function cancelSession(db: Db, actorId: string, id: string, now: Date) {
  const [s] = await db
    .update(trainingSessions)
    .set({ status: "cancelled", sequence: sql`${trainingSessions.sequence} + 1`, updatedAt: now })
    .where(and(eq(trainingSessions.id, id), eq(trainingSessions.status, "scheduled")))
    .returning();
  if (!s) return null;
  await audit(db, {
    actorId,
    action: "training.session_cancel",
    entity: "training_session",
    entityId: id,
    changes: { status: { from: "scheduled", to: "cancelled" } },
  });
  await bumpContentVersion(db, TRAININGS);
  return s;
}

/** Audiences as a readable list, in catalogue order. */
export const audienceOrder = (a: TrainingAudience[]) =>
  ["board_members", "key_figures", "peer_listeners", "members"].filter((x) => a.includes(x as TrainingAudience)) as TrainingAudience[];
