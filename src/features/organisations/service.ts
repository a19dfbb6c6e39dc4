import { and, asc, count, eq, gt, ilike, inArray, ne, or, type SQL, sql } from "drizzle-orm";
import { bumpContentVersion } from "../../core/content/versions.js";
import { FieldError, isUniqueViolation } from "../../core/errors.js";
import { errorText, type FieldErrors } from "../../core/forms.js";
import type { Lang, Messages } from "../../core/i18n/index.js";
import { nameSkeleton, normaliseName } from "../../core/text.js";
import { readable } from "../../db/collation.js";
import type { Db } from "../../db/index.js";
import type { Env } from "../../env.js";
import { audit, diff } from "../audit/service.js";
import { boardOrgIds } from "./access.js";
import { academicYearOf, academicYearStart } from "./boards.js";
import { boardMembers, boards, type OrgKind, type OrgStatus, organisations } from "./schema.js";

export * from "./boards.js";
/** The organisation's details as a form, for other features' forms (a registration request). */
export { orgSchema } from "./forms.js";
/** The positions on a board and the kinds of organisation, for other features' forms and pages. */
export { ORG_KINDS, type OrgKind, POSITIONS, type Position } from "./schema.js";

// ---------- reading ----------

export type OrgInput = {
  name: string;
  kind: OrgKind;
  faculty: string | null;
  website: string | null;
  contactUrl: string | null;
  email: string | null;
  lang: Lang;
  memberCount: number | null;
  status?: OrgStatus;
};

export async function getOrganisation(db: Db, id: string) {
  const [org] = await db.select().from(organisations).where(eq(organisations.id, id));
  return org ?? null;
}

/** The names of these organisations, by id (those that exist). */
export async function organisationNames(db: Db, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  const rows = wanted.length
    ? await db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.id, wanted))
    : [];
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The organisations a student may ask to join (every one not dissolved), id and name, by name. */
export function joinableOrganisations(db: Db) {
  return db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(ne(organisations.status, "dissolved"))
    .orderBy(asc(readable(organisations.name)));
}

/** The active organisations, id and name, by name (the office picks one, say to add it to a training). */
export function activeOrganisations(db: Db) {
  return db
    .select({ id: organisations.id, name: organisations.name, lang: organisations.lang })
    .from(organisations)
    .where(eq(organisations.status, "active"))
    .orderBy(asc(readable(organisations.name)));
}

/** The organisations whose current board the user sits on (id and name), by name. */
export function currentOrganisationsOf(db: Db, userId: string, day: string) {
  return db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(inArray(organisations.id, boardOrgIds(db, userId, day)))
    .orderBy(asc(readable(organisations.name)));
}

// ---------- organisations ----------

/**
 * The stored form of a name and its look-alike key. A name with no letter or digit at all has no
 * key to compare, so it is refused as invalid.
 */
function orgName(name: string) {
  const clean = normaliseName(name);
  const key = nameSkeleton(clean);
  if (!key) throw new FieldError("name", "invalid");
  return { name: clean, nameKey: key };
}

/** Refuses a name that is, or looks like, another organisation's name (the unique index holds it under a race). */
async function assertNameFree(db: Db, nameKey: string, exceptId?: string) {
  const [hit] = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(and(eq(organisations.nameKey, nameKey), exceptId ? ne(organisations.id, exceptId) : undefined));
  if (hit) throw new FieldError("name", "duplicateName");
}

/**
 * A name proposed for a new organisation (a registration request), normalised, with its look-alike
 * key: a FieldError at `name` when it is no name or is, or looks like, an existing organisation's.
 */
export async function freeOrganisationName(db: Db, name: string) {
  const named = orgName(name);
  await assertNameFree(db, named.nameKey);
  return named;
}

/**
 * What is wrong with a proposed name, without writing anything: no name, or the name (or a
 * look-alike) of another organisation than `exceptId`; null when it is free. For forms that
 * failed their schema, so this rule shows together with the other errors.
 */
export async function organisationNameProblem(db: Db, name: string, exceptId?: string) {
  try {
    if (!normaliseName(name)) return null;
    await assertNameFree(db, orgName(name).nameKey, exceptId);
    return null;
  } catch (err) {
    if (err instanceof FieldError) return err.key;
    throw err;
  }
}

/** A form's schema errors with the name rule's (see `organisationNameProblem`) added, in `t`'s language. */
export async function withNameProblem(db: Db, t: Messages, a: { name: string | undefined; errors: FieldErrors; exceptId?: string }) {
  if (a.errors.name || !a.name) return a.errors;
  const key = await organisationNameProblem(db, a.name, a.exceptId);
  return key ? { ...a.errors, name: errorText(t, key) } : a.errors;
}

/** The content version of the organisations' names and statuses (public pages that list organisations: the peer listeners). */
export const ORGANISATIONS = "organisations";

export async function createOrganisation(db: Db, actorId: string | null, input: OrgInput) {
  const named = { ...input, ...orgName(input.name) };
  try {
    return await db.transaction(async (tx) => {
      await assertNameFree(tx, named.nameKey);
      const [org] = await tx.insert(organisations).values(named).returning();
      await bumpContentVersion(tx, ORGANISATIONS);
      await audit(tx, {
        actorId,
        organisationId: org!.id,
        entity: "organisation",
        entityId: org!.id,
        action: "organisation.create",
        changes: diff({}, { ...input, name: named.name }),
      });
      return org!;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new FieldError("name", "duplicateName");
    throw err;
  }
}

export async function updateOrganisation(db: Db, actorId: string, id: string, input: Partial<OrgInput>, now: Date) {
  const named = input.name !== undefined ? orgName(input.name) : null;
  const next = named ? { ...input, name: named.name } : input;
  try {
    return await db.transaction(async (tx) => {
      const [before] = await tx.select().from(organisations).where(eq(organisations.id, id)).for("update");
      if (!before) return null;
      if (named) await assertNameFree(tx, named.nameKey, id);
      const changes = diff(before as Record<string, unknown>, next);
      if (!Object.keys(changes).length) return before;
      const [after] = await tx
        .update(organisations)
        .set({ ...next, ...(named ? { nameKey: named.nameKey } : {}), updatedAt: now })
        .where(eq(organisations.id, id))
        .returning();
      await audit(tx, { actorId, organisationId: id, entity: "organisation", entityId: id, action: "organisation.update", changes });
      if (changes.name || changes.status) await bumpContentVersion(tx, ORGANISATIONS);
      return after!;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new FieldError("name", "duplicateName");
    throw err;
  }
}

/**
 * Organisations that existed before names had look-alike keys carry a placeholder key (see
 * migration 0010); this gives them their real key. Run at start-up; with nothing to do it is one
 * small query. A legacy name that looks like another organisation's keeps its placeholder (and
 * is returned), so nothing is lost; renaming it sorts it out.
 */
export async function refreshLegacyNameKeys(db: Db) {
  const legacy = await db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(sql`${organisations.nameKey} like '~legacy:%'`);
  const clashes: string[] = [];
  for (const org of legacy) {
    const key = nameSkeleton(org.name) || `~legacy:${org.id}`;
    try {
      await db.transaction(async (tx) => {
        await tx.update(organisations).set({ nameKey: key }).where(eq(organisations.id, org.id));
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      clashes.push(org.id);
    }
  }
  return clashes;
}

// ---------- the office's views ----------

export const HANDOVER_WINDOW_DAYS = 60;

/** SQL pieces per organisation: its current board (by `day`) and whether a later board exists. */
function boardFacts(day: string) {
  // Qualified by hand: in a select list Drizzle writes `organisations.id` as a bare "id", which
  // inside these subqueries would mean the board's own id.
  const orgId = sql`${organisations}.id`;
  const current = sql`(select b.id from ${boards} b where b.organisation_id = ${orgId} and b.starts_on <= ${day} order by b.starts_on desc limit 1)`;
  return {
    currentYear: sql<number | null>`(select b.year from ${boards} b where b.id = ${current})`,
    currentMembers: sql<number>`(select count(*)::int from ${boardMembers} m where m.board_id = ${current})`,
    incomingStartsOn: sql<
      string | null
    >`(select min(b.starts_on)::text from ${boards} b where b.organisation_id = ${orgId} and b.starts_on > ${day})`,
  };
}

export type OrgFilter = { q?: string; kind?: OrgKind; status?: OrgStatus; handover?: "due" | "planned"; page: number; perPage: number };

/**
 * The handover is due when an active organisation has no next board registered and its current
 * board's academic year ends within HANDOVER_WINDOW_DAYS of `day` (or has already ended).
 */
function handoverDueSql(day: string, env: Env) {
  const f = boardFacts(day);
  const year = academicYearOf(day, env.ACADEMIC_YEAR_START);
  const nextStart = academicYearStart(year + 1, env.ACADEMIC_YEAR_START);
  const soon = Date.parse(`${nextStart}T00:00:00Z`) - Date.parse(`${day}T00:00:00Z`) <= HANDOVER_WINDOW_DAYS * 86_400_000;
  return sql`(${organisations.status} = 'active' and ${f.incomingStartsOn} is null and (coalesce(${f.currentYear}, -1) < ${year} or ${soon ? sql`true` : sql`false`}))`;
}

export async function listOrganisations(db: Db, env: Env, day: string, filter: OrgFilter) {
  const f = boardFacts(day);
  const where: SQL[] = [];
  const q = filter.q?.trim().toLowerCase();
  if (q) {
    where.push(
      or(ilike(organisations.name, `%${q.replace(/[%_\\]/g, "\\$&")}%`), sql`word_similarity(${q}, lower(${organisations.name})) >= 0.4`)!,
    );
  }
  if (filter.kind) where.push(eq(organisations.kind, filter.kind));
  if (filter.status) where.push(eq(organisations.status, filter.status));
  if (filter.handover === "due") where.push(handoverDueSql(day, env));
  if (filter.handover === "planned") where.push(sql`${f.incomingStartsOn} is not null`);
  const cond = where.length ? and(...where) : undefined;
  const [total] = await db.select({ n: count() }).from(organisations).where(cond);
  const rows = await db
    .select({
      id: organisations.id,
      name: organisations.name,
      kind: organisations.kind,
      status: organisations.status,
      faculty: organisations.faculty,
      email: organisations.email,
      website: organisations.website,
      contactUrl: organisations.contactUrl,
      lang: organisations.lang,
      memberCount: organisations.memberCount,
      currentYear: f.currentYear,
      currentMembers: f.currentMembers,
      incomingStartsOn: f.incomingStartsOn,
      handoverDue: sql<boolean>`${handoverDueSql(day, env)}`,
    })
    .from(organisations)
    .where(cond)
    .orderBy(
      ...(q ? [sql`word_similarity(${q}, lower(${organisations.name})) desc`] : []),
      asc(readable(organisations.name)),
      asc(organisations.id),
    )
    .limit(filter.perPage)
    .offset((filter.page - 1) * filter.perPage);
  return { total: total?.n ?? 0, rows };
}

/**
 * Board changes for the office: `upcoming`, every incoming board (its year, start date and members)
 * with the organisation's current board; `overdue`, organisations whose new board is missing.
 */
export async function handovers(db: Db, env: Env, day: string) {
  const f = boardFacts(day);
  const upcoming = await db
    .select({
      orgId: organisations.id,
      name: organisations.name,
      startsOn: boards.startsOn,
      year: boards.year,
      members: sql<number>`(select count(*)::int from ${boardMembers} m where m.board_id = ${boards.id})`,
      currentYear: f.currentYear,
      currentMembers: f.currentMembers,
    })
    .from(boards)
    .innerJoin(organisations, eq(organisations.id, boards.organisationId))
    .where(gt(boards.startsOn, day))
    .orderBy(asc(boards.startsOn), asc(readable(organisations.name)));
  const overdue = await db
    .select({ orgId: organisations.id, name: organisations.name, currentYear: f.currentYear, currentMembers: f.currentMembers })
    .from(organisations)
    .where(handoverDueSql(day, env))
    .orderBy(asc(readable(organisations.name)));
  return { upcoming, overdue };
}

/** The office home's handover counts: board changes planned, and organisations whose new board is missing. */
export async function staffCounts(db: Db, env: Env, day: string) {
  const h = await handovers(db, env, day);
  return { upcoming: h.upcoming.length, overdue: h.overdue.length };
}
