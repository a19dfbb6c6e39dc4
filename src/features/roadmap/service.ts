import { and, asc, count, desc, eq, inArray, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import { bumpContentVersion } from "../../core/content/versions.js";
import { FieldError, isUniqueViolation } from "../../core/errors.js";
import type { Lang, Localized } from "../../core/i18n/index.js";
import type { Db } from "../../db/index.js";
import { audit, diff } from "../audit/service.js";
import { type Audience, resources, resourceTopics, roadmapWords, topics } from "./schema.js";

/** The content model's value types, for the features that read the roadmap (embed, print, open data). */
export type { Address, Audience, Cost, Phone, Scope } from "./schema.js";

export type Topic = typeof topics.$inferSelect;
export type Resource = Omit<typeof resources.$inferSelect, "searchNl" | "searchEn" | "textNl" | "textEn">;
export type ResourceWithTopics = Resource & { topicIds: string[] };

const publicColumns = {
  id: resources.id,
  slug: resources.slug,
  name: resources.name,
  summary: resources.summary,
  description: resources.description,
  scope: resources.scope,
  provider: resources.provider,
  audiences: resources.audiences,
  phones: resources.phones,
  email: resources.email,
  website: resources.website,
  address: resources.address,
  hours: resources.hours,
  bookingUrl: resources.bookingUrl,
  cost: resources.cost,
  languages: resources.languages,
  confidentiality: resources.confidentiality,
  urgent: resources.urgent,
  lastReviewedOn: resources.lastReviewedOn,
  reviewedBy: resources.reviewedBy,
  status: resources.status,
  createdAt: resources.createdAt,
  updatedAt: resources.updatedAt,
};

// ---------- content version (cache invalidation) ----------

/**
 * The capability of the roadmap's public content (src/core/content): every edit bumps its version
 * in its own transaction, and everything made from the public roadmap (pages, embed, PDFs, API)
 * is cached under it.
 */
export const ROADMAP = "roadmap";

// ---------- search index ----------

/**
 * Recomputes the full-text vectors (dutch and english stemming) and the trigram text of resources
 * from their names, summaries, descriptions and topic names. Call after any edit of either.
 */
export async function refreshSearch(db: Db, resourceIds?: string[]) {
  const topicNames = (lang: Lang) =>
    sql`coalesce((select string_agg(t.name->>${lang}, ' ') from ${resourceTopics} rt join ${topics} t on t.id = rt.topic_id where rt.resource_id = ${resources.id}), '')`;
  const vector = (cfg: "dutch" | "english", lang: Lang) => sql`
    setweight(to_tsvector(${sql.raw(`'${cfg}'`)}::regconfig, coalesce(${resources.name}->>${lang}, '')), 'A') ||
    setweight(to_tsvector(${sql.raw(`'${cfg}'`)}::regconfig, ${topicNames(lang)}), 'A') ||
    setweight(to_tsvector(${sql.raw(`'${cfg}'`)}::regconfig, coalesce(${resources.summary}->>${lang}, '') || ' ' || ${resources.provider}), 'B') ||
    setweight(to_tsvector(${sql.raw(`'${cfg}'`)}::regconfig, coalesce(${resources.description}->>${lang}, '')), 'C')`;
  const text = (lang: Lang) =>
    sql`lower(coalesce(${resources.name}->>${lang}, '') || ' ' || ${topicNames(lang)} || ' ' || coalesce(${resources.summary}->>${lang}, '') || ' ' || ${resources.provider})`;
  const which = resourceIds
    ? inArray(resources.id, resourceIds.length ? resourceIds : ["00000000-0000-0000-0000-000000000000"])
    : undefined;
  const fresh = { nl: vector("dutch", "nl"), en: vector("english", "en"), textNl: text("nl"), textEn: text("en") };
  // Rows whose search data did not change are not written: the daily rebuild of an unchanged
  // roadmap leaves no dead rows and no GIN pending list behind (both slow search down until vacuum).
  const changed = sql`(${resources.searchNl}, ${resources.searchEn}, ${resources.textNl}, ${resources.textEn}) is distinct from (${fresh.nl}, ${fresh.en}, ${fresh.textNl}, ${fresh.textEn})`;
  await db
    .update(resources)
    .set({ searchNl: fresh.nl, searchEn: fresh.en, textNl: fresh.textNl, textEn: fresh.textEn } as never)
    .where(and(which, changed));
  // The vocabulary for correcting typos: every unstemmed word of these resources' texts. A full
  // refresh also drops the words no resource uses any more (and leaves the others alone).
  for (const lang of ["nl", "en"] as const) {
    const all = sql`coalesce(${resources.name}->>${lang}, '') || ' ' || coalesce(${resources.summary}->>${lang}, '') || ' ' || coalesce(${resources.description}->>${lang}, '') || ' ' || ${lang === "nl" ? resources.textNl : resources.textEn}`;
    const words = sql`select distinct w from ${resources}, unnest(tsvector_to_array(to_tsvector('simple', ${all}))) as w
      where length(w) between 3 and 40 and w !~ '^[0-9]+$' ${which ? sql`and ${which}` : sql``}`;
    if (!resourceIds) {
      await db.execute(sql`
        delete from ${roadmapWords} rw where rw.lang = ${lang} and rw.word not in (${words})`);
    }
    await db.execute(sql`
      insert into ${roadmapWords} (lang, word) select ${lang}, w from (${words}) as fresh
      on conflict do nothing`);
  }
}

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

async function withTopicIds(db: Db, rows: Resource[]): Promise<ResourceWithTopics[]> {
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
    .orderBy(desc(resources.urgent), sql`lower(${resources.name}->>${lang})`);
  return rows;
}

export async function urgentResources(db: Db, lang: Lang) {
  return db
    .select(publicColumns)
    .from(resources)
    .where(and(eq(resources.urgent, true), eq(resources.status, "active")))
    .orderBy(sql`lower(${resources.name}->>${lang})`);
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

/** How alike a misspelled word and a known word must be (pg_trgm similarity) to correct it. */
export const TYPO_THRESHOLD = 0.3;

const cfgOf = (lang: Lang) => sql.raw(lang === "nl" ? "'dutch'" : "'english'");

/** At most this many matches are ranked; a word that occurs almost everywhere ranks a bounded set. */
export const RANK_CANDIDATES = 300;

const wordsOf = (query: string) => [...new Set(query.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 3))].slice(0, 6);

/**
 * The words plus, in Dutch, a past participle without its "ge-" ("gepest" → "pest", which the
 * stemmer leaves alone, so it would never meet "pesten").
 */
const withWordForms = (lang: Lang, words: string[]) =>
  lang === "nl" ? [...new Set(words.flatMap((w) => (w.startsWith("ge") && w.length >= 6 ? [w, w.slice(2)] : [w])))] : words;

/**
 * The best `limit` matches of a tsquery, ranked, optionally behind a gate (a condition without
 * columns, which PostgreSQL checks once before running anything else). Matching uses the GIN index;
 * ranking is done on at most RANK_CANDIDATES matches (the first found, never a scan of every
 * match), so a word that occurs almost everywhere ("studenten") costs no more than a rare one.
 * Matching urgent places always join the candidates (a partial index holds the few there are).
 */
function ranked(vec: SQL, tsq: SQL, limit: number, gate: SQL = sql`true`) {
  const match = sql`status = 'active' and ${vec} @@ ${tsq}`;
  return sql`select id, ts_rank(${vec}, ${tsq}) as rank from ${resources}
    where ${gate} and id in (
      (select id from ${resources} where ${match} limit ${RANK_CANDIDATES})
      union (select id from ${resources} where urgent and ${match}))
    order by rank desc, urgent desc limit ${limit}`;
}

/**
 * Search in the page's language, in up to three steps, each using an index, in one statement (one
 * round trip; a later step runs only when the earlier ones found too little):
 * 1. full-text with stemming (dutch or english configuration), all words;
 * 2. when that finds fewer than 3, any word as a prefix of a stem ("lonely" also finds
 *    "loneliness"), after the results of step 1. Stop words ("met", "the") have no stem and drop
 *    out rather than matching every word they begin;
 * 3. when still nothing, each word replaced by the closest word of the roadmap's own vocabulary
 *    ("strss" → "stress"): trigram similarity on the small `roadmap_words` table. `%` uses the
 *    trigram index with pg_trgm's threshold (default 0.3); the explicit `similarity` test keeps
 *    TYPO_THRESHOLD even where a server lowered that default.
 * See docs/decisions/006-roadmap-search.md.
 */
export async function searchResources(db: Db, lang: Lang, query: string, limit = 30) {
  // Control characters (a NUL fails the query) are spaces to a search.
  const q = query
    .replace(/\p{Cc}/gu, " ")
    .trim()
    .toLowerCase()
    .slice(0, 100);
  return q ? searchQuery(db, lang, q, limit) : [];
}

/** The statement behind `searchResources` (exported for EXPLAIN in bench/search.ts). */
export function searchQuery(db: Db, lang: Lang, q: string, limit = 30) {
  const cfg = cfgOf(lang);
  const vec = sql.raw(lang === "nl" ? "search_nl" : "search_en");
  const words = withWordForms(lang, wordsOf(q));
  const list = sql.join(
    words.map((w) => sql`(${w}::text)`),
    sql`, `,
  );
  const later = words.length
    ? sql`,
      pq as materialized (
        select to_tsquery('simple', nullif(string_agg(quote_literal(l) || ':*', ' | '), '')) as tsq
        from (values ${list}) as q(w), unnest(tsvector_to_array(to_tsvector(${cfg}::regconfig, q.w))) as l),
      p as materialized (${ranked(vec, sql`(select tsq from pq)`, limit, sql`(select count(*) from e) < 3`)}),
      cq as materialized (
        select websearch_to_tsquery(${cfg}::regconfig, string_agg(fix, ' or ')) as tsq from (
          select (select rw.word from ${roadmapWords} rw
                  where rw.lang = ${lang} and rw.word % q.w and similarity(rw.word, q.w) >= ${TYPO_THRESHOLD}
                  order by rw.word <-> q.w limit 1) as fix
          from (values ${list}) as q(w)) as f),
      c as materialized (${ranked(vec, sql`(select tsq from cq)`, limit, sql`not exists (select 1 from e) and not exists (select 1 from p)`)})`
    : sql``;
  const steps = words.length
    ? sql`select id, 1 as step, rank from e
      union all select id, 2, rank from p where id not in (select id from e)
      union all select id, 3, rank from c`
    : sql`select id, 1 as step, rank from e`;
  // Each tsquery is read through a one-row CTE, so the planner cannot estimate how many rows match
  // a common word and always takes the GIN index (a sequential scan tests every row's tsvector).
  const found = sql`(with
      eq as materialized (select websearch_to_tsquery(${cfg}::regconfig, ${q}) as tsq),
      e as materialized (${ranked(vec, sql`(select tsq from eq)`, limit)})${later}
    ${steps}) as found`;
  return db
    .select(publicColumns)
    .from(resources)
    .innerJoin(found, sql`found.id = ${resources.id}`)
    .orderBy(sql`found.step`, sql`found.rank desc`, desc(resources.urgent), asc(resources.slug))
    .limit(limit);
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

export type ResourceInput = Omit<Resource, "id" | "createdAt" | "updatedAt" | "lastReviewedOn" | "reviewedBy"> & { topicIds: string[] };
export type TopicInput = Omit<Topic, "id" | "updatedAt">;

export function allResourcesForStaff(db: Db) {
  return db.select(publicColumns).from(resources).orderBy(asc(resources.slug));
}

export function allTopicsForStaff(db: Db) {
  return db.select().from(topics).orderBy(desc(topics.urgent), asc(topics.sort), asc(topics.slug));
}

export async function resourceById(db: Db, id: string) {
  const [r] = await db.select(publicColumns).from(resources).where(eq(resources.id, id));
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
  );
}

/** Saves a place; its id, or null when there is no such place. A slug in use is refused (`FieldError` at `slug`). */
export async function updateResource(db: Db, actorId: string, id: string, input: ResourceInput, now: Date): Promise<string | null> {
  return withFreeSlug(
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
  );
}

/** Hides or shows a place; its id, or null when there is no such place. */
export async function setResourceStatus(db: Db, actorId: string, id: string, status: "active" | "hidden"): Promise<string | null> {
  return db.transaction(async (tx) => {
    const [r] = await tx.update(resources).set({ status }).where(eq(resources.id, id)).returning({ id: resources.id });
    if (!r) return null;
    await bumpContentVersion(tx, ROADMAP);
    await audit(tx, { actorId, entity: "roadmap_resource", entityId: id, action: status === "hidden" ? "resource.hide" : "resource.show" });
    return r.id;
  });
}

/** Stamps a place as checked today; its id, or null when there is no such place. */
export async function markReviewed(db: Db, actorId: string, id: string, today: string): Promise<string | null> {
  return db.transaction(async (tx) => {
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
  });
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
    db.transaction(async (tx) => {
      const [t] = await tx.insert(topics).values(input).returning({ id: topics.id });
      await bumpContentVersion(tx, ROADMAP);
      await audit(tx, { actorId, entity: "roadmap_topic", entityId: t!.id, action: "topic.create", changes: { slug: { to: input.slug } } });
      return t!.id;
    }),
  );
}

/** Saves a topic; its id, or null when there is no such topic. A slug in use is refused (`FieldError` at `slug`). */
export async function updateTopic(db: Db, actorId: string, id: string, input: TopicInput, now: Date): Promise<string | null> {
  return withFreeSlug(
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
