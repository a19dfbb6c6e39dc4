import { and, asc, count, desc, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { bumpContentVersion } from "../../core/content/versions.js";
import { FieldError, isUniqueViolation } from "../../core/errors.js";
import type { Lang, Localized } from "../../core/i18n/index.js";
import type { Db } from "../../db/index.js";
import { audit, diff } from "../audit/service.js";
import { type Audience, publicColumns, resources, resourceTopics, staffColumns, topics } from "./schema.js";
import { refreshSearch } from "./search.js";
import { perVersion, searchDataChanged } from "./search-index.js";

/** After an edit's transaction (committed or not), this process's search index reads the content version again. */
async function afterEdit<T>(edit: Promise<T>): Promise<T> {
  try {
    return await edit;
  } finally {
    searchDataChanged();
  }
}

/** The content model's value types and choices, for the features that read or edit the roadmap. */
export type { Address, Audience, Cost, Phone, Scope } from "./schema.js";
export { AUDIENCES, COSTS, SCOPES } from "./schema.js";
/** Search (search.ts): the stored search data and the query. */
export {
  RANK_CANDIDATES,
  refreshSearch,
  type SearchOutcome,
  searchQuery,
  searchResources,
  searchRoadmap,
} from "./search.js";

export type Topic = typeof topics.$inferSelect;
export type Resource = Omit<typeof resources.$inferSelect, "searchNl" | "searchEn" | "textNl" | "textEn" | "crisis" | "searchWords">;
/** A place as the office edits it: with its crisis flag and search words. */
export type StaffResource = Resource & Pick<typeof resources.$inferSelect, "crisis" | "searchWords">;
export type ResourceWithTopics = Resource & { topicIds: string[] };

// ---------- content version (cache invalidation) ----------

/**
 * The capability of the roadmap's public content (src/core/content): every edit bumps its version
 * in its own transaction, and everything made from the public roadmap (pages, embed, PDFs, API)
 * is cached under it.
 */
export const ROADMAP = "roadmap";

// ---------- public reading ----------

export function activeTopics(db: Db) {
  return db.select().from(topics).where(eq(topics.status, "active")).orderBy(desc(topics.urgent), asc(topics.sort), asc(topics.slug));
}

export async function topicBySlug(db: Db, slug: string) {
  const [t] = await db
    .select()
    .from(topics)
    .where(and(eq(topics.slug, slug), eq(topics.status, "active")));
  return t ?? null;
}

/** How many active places each topic has (topic id → count), for the roadmap's home page. */
export async function activeResourceCounts(db: Db): Promise<Map<string, number>> {
  const rows = await db
    .select({ topicId: resourceTopics.topicId, n: count() })
    .from(resourceTopics)
    .innerJoin(resources, eq(resources.id, resourceTopics.resourceId))
    .where(eq(resources.status, "active"))
    .groupBy(resourceTopics.topicId);
  return new Map(rows.map((x) => [x.topicId, x.n]));
}

async function withTopicIds<R extends Resource>(db: Db, rows: R[]): Promise<(R & { topicIds: string[] })[]> {
  if (!rows.length) return [];
  const links = await db
    .select()
    .from(resourceTopics)
    .where(
      inArray(
        resourceTopics.resourceId,
        rows.map((r) => r.id),
      ),
    );
  return rows.map((r) => ({ ...r, topicIds: links.filter((l) => l.resourceId === r.id).map((l) => l.topicId) }));
}

/** Active resources of a topic: urgent ones first, then by name in the page's language. */
export async function resourcesForTopic(db: Db, topicId: string, lang: Lang) {
  const rows = await db
    .select(publicColumns)
    .from(resources)
    .innerJoin(resourceTopics, eq(resourceTopics.resourceId, resources.id))
    .where(and(eq(resourceTopics.topicId, topicId), eq(resources.status, "active")))
    // Urgent help first; then the places that fit this topic best: those with the fewest other
    // topics are about this one, a place listed under every topic comes after them; then by name.
    .orderBy(
      desc(resources.urgent),
      sql`(select count(*) from ${resourceTopics} rt where rt.resource_id = ${resources.id})`,
      sql`lower(${resources.name}->>${lang})`,
    );
  return rows;
}

export async function urgentResources(db: Db, lang: Lang) {
  return db
    .select(publicColumns)
    .from(resources)
    .where(and(eq(resources.urgent, true), eq(resources.status, "active")))
    .orderBy(sql`lower(${resources.name}->>${lang})`);
}

/**
 * What the search page shows when nothing is found (the urgent places, the topics), read once per
 * content version of the roadmap (`perVersion`): junk queries ask the database nothing.
 */
export function searchHelp(db: Db, lang: Lang) {
  return perVersion(db, `search-help:${lang}`, async () => ({ urgent: await urgentResources(db, lang), topics: await activeTopics(db) }));
}

export async function resourceBySlug(db: Db, slug: string, opts: { includeHidden?: boolean } = {}) {
  const [r] = await db
    .select(publicColumns)
    .from(resources)
    .where(and(eq(resources.slug, slug), opts.includeHidden ? undefined : eq(resources.status, "active")));
  if (!r) return null;
  const [withTopics] = await withTopicIds(db, [r]);
  return withTopics!;
}

/** Everything public in one go (API, PDF, embed): active topics and active resources with their topic ids. */
export async function publicDirectory(db: Db) {
  const ts = await activeTopics(db);
  const rs = await db
    .select(publicColumns)
    .from(resources)
    .where(eq(resources.status, "active"))
    .orderBy(desc(resources.urgent), asc(resources.slug));
  return { topics: ts, resources: await withTopicIds(db, rs) };
}

export type GuideAnswers = { topic?: string; urgent?: "now" | "soon" | "talk"; student?: "yes" | "no"; language?: string };

/**
 * The guided path's shortlist: urgent help always comes first when it is urgent now; otherwise the
 * topic's resources, without those for this university's students when the person is not one, and
 * preferring those that speak the chosen language.
 */
export async function guideShortlist(db: Db, lang: Lang, a: GuideAnswers) {
  const urgentNow = a.urgent === "now";
  const topic = a.topic ? await topicBySlug(db, a.topic) : null;
  const base = topic ? await resourcesForTopic(db, topic.id, lang) : [];
  const urgent = urgentNow ? await urgentResources(db, lang) : [];
  const list = [...new Map([...urgent, ...base].map((r) => [r.id, r])).values()];
  const notOurs = a.student === "no";
  const filtered = list.filter(
    (r) =>
      !(
        notOurs &&
        r.audiences.length > 0 &&
        r.audiences.every((x: Audience) => x === "our_students" || x === "employees" || x === "phd_candidates")
      ),
  );
  const speaks = (r: Resource) => !a.language || r.languages.includes(a.language);
  return filtered
    .map((r, i) => ({ r, score: (r.urgent && urgentNow ? 0 : 10) + (speaks(r) ? 0 : 5) + i / 100 }))
    .sort((x, y) => x.score - y.score)
    .map((x) => x.r)
    .slice(0, 8);
}

// ---------- staff ----------

export type ResourceInput = Omit<Resource, "id" | "createdAt" | "updatedAt" | "lastReviewedOn" | "reviewedBy"> &
  Partial<Pick<StaffResource, "crisis" | "searchWords">> & { topicIds: string[] };
export type TopicInput = Omit<Topic, "id" | "updatedAt" | "searchWords"> & Partial<Pick<Topic, "searchWords">>;

export function allResourcesForStaff(db: Db) {
  return db.select(staffColumns).from(resources).orderBy(asc(resources.slug));
}

export function allTopicsForStaff(db: Db) {
  return db.select().from(topics).orderBy(desc(topics.urgent), asc(topics.sort), asc(topics.slug));
}

export async function resourceById(db: Db, id: string) {
  const [r] = await db.select(staffColumns).from(resources).where(eq(resources.id, id));
  if (!r) return null;
  const [w] = await withTopicIds(db, [r]);
  return w!;
}

/** A topic, hidden ones included (for the office), or null. */
export async function topicById(db: Db, id: string): Promise<Topic | null> {
  const [t] = await db.select().from(topics).where(eq(topics.id, id));
  return t ?? null;
}

async function setTopics(db: Db, resourceId: string, topicIds: string[]) {
  await db.delete(resourceTopics).where(eq(resourceTopics.resourceId, resourceId));
  if (topicIds.length)
    await db
      .insert(resourceTopics)
      .values(topicIds.map((topicId) => ({ resourceId, topicId })))
      .onConflictDoNothing();
}

/**
 * Runs a save whose slug must be free: a slug another place (or topic) has is refused with a
 * field error at `slug` (the unique index decides, so two saves at once can't both take it).
 */
async function withFreeSlug<T>(save: Promise<T>): Promise<T> {
  try {
    return await save;
  } catch (err) {
    if (isUniqueViolation(err)) throw new FieldError("slug", "slugTaken");
    throw err;
  }
}

/** Adds a place; its id. A slug in use is refused (`FieldError` at `slug`). */
export async function createResource(db: Db, actorId: string | null, input: ResourceInput, today: string): Promise<string> {
  return withFreeSlug(
    afterEdit(
      db.transaction(async (tx) => {
        const { topicIds, ...data } = input;
        const [r] = await tx
          .insert(resources)
          .values({ ...data, lastReviewedOn: today, reviewedBy: actorId })
          .returning({ id: resources.id });
        await setTopics(tx, r!.id, topicIds);
        await refreshSearch(tx, [r!.id]);
        await bumpContentVersion(tx, ROADMAP);
        await audit(tx, {
          actorId,
          entity: "roadmap_resource",
          entityId: r!.id,
          action: "resource.create",
          changes: { slug: { to: data.slug } },
        });
        return r!.id;
      }),
    ),
  );
}

/** Saves a place; its id, or null when there is no such place. A slug in use is refused (`FieldError` at `slug`). */
export async function updateResource(db: Db, actorId: string, id: string, input: ResourceInput, now: Date): Promise<string | null> {
  return withFreeSlug(
    afterEdit(
      db.transaction(async (tx) => {
        const before = await resourceById(tx, id);
        if (!before) return null;
        const { topicIds, ...data } = input;
        const changes = diff(
          Object.fromEntries(Object.entries(before).map(([k, v]) => [k, JSON.stringify(v)])),
          Object.fromEntries(Object.entries({ ...data, topicIds }).map(([k, v]) => [k, JSON.stringify(v)])),
        );
        await tx
          .update(resources)
          .set({ ...data, updatedAt: now })
          .where(eq(resources.id, id));
        await setTopics(tx, id, topicIds);
        await refreshSearch(tx, [id]);
        await bumpContentVersion(tx, ROADMAP);
        if (Object.keys(changes).length)
          await audit(tx, { actorId, entity: "roadmap_resource", entityId: id, action: "resource.update", changes });
        return id;
      }),
    ),
  );
}

/** Hides or shows a place; its id, or null when there is no such place. */
export async function setResourceStatus(db: Db, actorId: string, id: string, status: "active" | "hidden"): Promise<string | null> {
  return afterEdit(
    db.transaction(async (tx) => {
      const [r] = await tx.update(resources).set({ status }).where(eq(resources.id, id)).returning({ id: resources.id });
      if (!r) return null;
      await bumpContentVersion(tx, ROADMAP);
      await audit(tx, {
        actorId,
        entity: "roadmap_resource",
        entityId: id,
        action: status === "hidden" ? "resource.hide" : "resource.show",
      });
      return r.id;
    }),
  );
}

/** Stamps a place as checked today; its id, or null when there is no such place. */
export async function markReviewed(db: Db, actorId: string, id: string, today: string): Promise<string | null> {
  return afterEdit(
    db.transaction(async (tx) => {
      const [r] = await tx
        .update(resources)
        .set({ lastReviewedOn: today, reviewedBy: actorId })
        .where(eq(resources.id, id))
        .returning({ id: resources.id });
      if (!r) return null;
      await bumpContentVersion(tx, ROADMAP);
      await audit(tx, {
        actorId,
        entity: "roadmap_resource",
        entityId: id,
        action: "resource.reviewed",
        changes: { lastReviewedOn: { to: today } },
      });
      return r.id;
    }),
  );
}

/** Resources whose last review is older than `months` months before `today` (or never reviewed). */
export function resourcesToCheck(db: Db, today: string, months: number) {
  const cutoff = new Date(`${today}T00:00:00Z`);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
  const day = cutoff.toISOString().slice(0, 10);
  return db
    .select(publicColumns)
    .from(resources)
    .where(or(isNull(resources.lastReviewedOn), lt(resources.lastReviewedOn, day)))
    .orderBy(sql`${resources.lastReviewedOn} asc nulls first`);
}

/** Adds a topic; its id. A slug in use is refused (`FieldError` at `slug`). */
export async function createTopic(db: Db, actorId: string | null, input: TopicInput): Promise<string> {
  return withFreeSlug(
    afterEdit(
      db.transaction(async (tx) => {
        const [t] = await tx.insert(topics).values(input).returning({ id: topics.id });
        await bumpContentVersion(tx, ROADMAP);
        await audit(tx, {
          actorId,
          entity: "roadmap_topic",
          entityId: t!.id,
          action: "topic.create",
          changes: { slug: { to: input.slug } },
        });
        return t!.id;
      }),
    ),
  );
}

/** Saves a topic; its id, or null when there is no such topic. A slug in use is refused (`FieldError` at `slug`). */
export async function updateTopic(db: Db, actorId: string, id: string, input: TopicInput, now: Date): Promise<string | null> {
  return withFreeSlug(
    afterEdit(
      db.transaction(async (tx) => {
        const [t] = await tx
          .update(topics)
          .set({ ...input, updatedAt: now })
          .where(eq(topics.id, id))
          .returning({ id: topics.id });
        if (!t) return null;
        // Topic names are part of every linked resource's search text.
        const linked = await tx.select({ id: resourceTopics.resourceId }).from(resourceTopics).where(eq(resourceTopics.topicId, id));
        await refreshSearch(
          tx,
          linked.map((l) => l.id),
        );
        await bumpContentVersion(tx, ROADMAP);
        await audit(tx, { actorId, entity: "roadmap_topic", entityId: id, action: "topic.update", changes: { slug: { to: input.slug } } });
        return t.id;
      }),
    ),
  );
}

/** Which bilingual fields lack a translation (for the staff "untranslated" flag). */
export function untranslated(fields: Record<string, Localized>): { field: string; missing: Lang }[] {
  const out: { field: string; missing: Lang }[] = [];
  for (const [field, v] of Object.entries(fields)) {
    const nl = v.nl.trim();
    const en = v.en.trim();
    if (nl && !en) out.push({ field, missing: "en" });
    if (en && !nl) out.push({ field, missing: "nl" });
  }
  return out;
}
