import type { Context } from "hono";
import { z } from "zod";
import { STATIC } from "../../core/content/versions.js";
import { AppError } from "../../core/errors.js";
import { parseQuery } from "../../core/forms.js";
import { cached } from "../../core/http/cache.js";
import type { AppEnv } from "../../core/http/context.js";
import { etagMatches } from "../../core/http/etag.js";
import { isUuid } from "../../core/http/params.js";
import type { App } from "../../core/http/router.js";
import { LANGS, type Lang, type Localized, pick } from "../../core/i18n/index.js";
import type { Env } from "../../env.js";
import { url } from "../../routes.js";
import { publicDirectory, ROADMAP } from "../roadmap/service.js";
import {
  contentStamp,
  type Directory,
  HSDS_VERSION,
  type HsdsDataset,
  type HsdsService,
  type HsdsServiceAtLocation,
  loadHsds,
  organizationListItem,
  paginate,
  serviceAtLocationListItem,
  serviceListItem,
} from "./hsds.js";

/**
 * JSON API (/api/roadmap) and the Open Referral HSDS 3.0 endpoints (/api/hsds/...): public, read-only,
 * cookie-less (registered before CSRF and sessions), cross-origin readable. Documented in docs/api.md.
 *
 * Every response is derived from the roadmap content version: each request reads the version stamp
 * (one indexed row), answers `If-None-Match` with 304 when it still matches, and otherwise serves what
 * this process built for that stamp (the serialized /api/roadmap document per language, the mapped HSDS
 * dataset per language). A new stamp drops everything built for the old one.
 */

const JSON_TYPE = "application/json; charset=utf-8";
const CACHE_CONTROL = "public, max-age=300";
const CORS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Expose-Headers": "ETag, Content-Language",
} as const;
const ALLOW = "GET, HEAD, OPTIONS";
const DEFAULT_PER_PAGE = 50;
const MAX_PER_PAGE = 200;

// ---------- query strings ----------

const lang = z.enum(LANGS, { error: "lang must be nl or en" }).default("nl");
const uuidFilter = (name: string) =>
  z
    .string()
    .refine(isUuid, { error: `${name} must be a UUID` })
    .transform((v) => v.toLowerCase())
    .optional();

const langQuery = z.object({ lang });
const pageQuery = z.object({
  lang,
  page: z
    .string()
    .regex(/^[1-9]\d{0,8}$/, { error: "page must be a whole number from 1" })
    .transform(Number)
    .default(1),
  per_page: z
    .string()
    .regex(/^\d{1,3}$/, { error: `per_page must be a whole number from 1 to ${MAX_PER_PAGE}` })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(1, { error: `per_page must be from 1 to ${MAX_PER_PAGE}` })
        .max(MAX_PER_PAGE, { error: `per_page must be from 1 to ${MAX_PER_PAGE}` }),
    )
    .default(DEFAULT_PER_PAGE),
});
const servicesQuery = pageQuery.extend({
  organization_id: uuidFilter("organization_id"),
  taxonomy_term_id: uuidFilter("taxonomy_term_id"),
});
const termsQuery = pageQuery.extend({ taxonomy_id: uuidFilter("taxonomy_id") });

type C = Context<AppEnv>;

function jsonError(c: C, status: 400 | 404 | 405, code: string, message: string) {
  const headers: Record<string, string> = { "Content-Type": JSON_TYPE, "Cache-Control": "no-store", ...CORS };
  if (status === 405) headers.Allow = ALLOW;
  return c.body(JSON.stringify({ error: { code, message } }), status, headers);
}

/** The query, read by core's `parseQuery`; one the schema refuses is a JSON 400 naming what is wrong. */
function apiQuery<S extends z.ZodType>(c: C, schema: S): z.output<S> | Response {
  try {
    return parseQuery(c, schema, { invalid: "reject" });
  } catch (err) {
    if (err instanceof AppError && err.code === "invalid_query") return jsonError(c, 400, err.code, err.message);
    throw err;
  }
}

// ---------- caching ----------

/** Things built for one content stamp; a different stamp empties it. Builds in flight are shared. */
class StampedCache<T> {
  private stamp = "";
  private entries = new Map<string, Promise<T>>();

  get(stamp: string, key: string, build: () => Promise<T>): Promise<T> {
    if (stamp !== this.stamp) {
      this.entries.clear();
      this.stamp = stamp;
    }
    let hit = this.entries.get(key);
    if (!hit) {
      const p = build();
      hit = p;
      this.entries.set(key, p);
      p.catch(() => {
        if (this.entries.get(key) === p) this.entries.delete(key);
      });
    }
    return hit;
  }
}

const etagFor = (kind: string, stamp: string, l: Lang) => `W/"${kind}-${stamp}-${l}"`;

function okHeaders(etag: string, l: Lang): Record<string, string> {
  return { ETag: etag, "Cache-Control": CACHE_CONTROL, "Content-Language": l, ...CORS };
}

function notModified(c: C, etag: string, l: Lang) {
  return c.body(null, 304, okHeaders(etag, l));
}

const baseUrlOf = (env: Env) => env.BASE_URL.replace(/\/+$/, "");

// ---------- /api/roadmap ----------

function localized(fields: Record<string, Localized>, l: Lang, fallback: string[]) {
  const out: Record<string, string> = {};
  for (const [field, v] of Object.entries(fields)) {
    const p = pick(v, l);
    out[field] = p.text.trim();
    // Flag only a real fallback: the other language has text, this one doesn't.
    if (p.fallback && p.text.trim()) fallback.push(field);
  }
  return out;
}

const withFallback = <T extends object>(item: T, fallback: string[]) => (fallback.length ? { ...item, fallback } : item);

/** The public roadmap in one language: active topics and resources, texts picked with visible fallback. */
export function roadmapDocument(dir: Directory, opts: { lang: Lang; baseUrl: string; version: number; generatedAt: Date }) {
  const { lang: l, baseUrl } = opts;
  const slugOf = new Map(dir.topics.map((t) => [t.id, t.slug]));
  const order = new Map(dir.topics.map((t, i) => [t.id, i]));
  return {
    lang: l,
    version: opts.version,
    generatedAt: opts.generatedAt.toISOString(),
    topics: dir.topics.map((t) => {
      const fallback: string[] = [];
      const texts = localized({ name: t.name, description: t.description }, l, fallback);
      return withFallback(
        {
          id: t.id,
          slug: t.slug,
          name: texts.name!,
          description: texts.description!,
          icon: t.icon,
          color: t.color,
          urgent: t.urgent,
          url: `${baseUrl}${url(l, "roadmapTopic", { slug: t.slug })}`,
        },
        fallback,
      );
    }),
    resources: dir.resources.map((r) => {
      const fallback: string[] = [];
      const texts = localized(
        { name: r.name, summary: r.summary, description: r.description, hours: r.hours, confidentiality: r.confidentiality },
        l,
        fallback,
      );
      const phones = r.phones.map((p, i) => {
        const label = pick(p.label, l);
        if (label.fallback && label.text.trim()) fallback.push(`phones[${i}].label`);
        return { number: p.number, label: label.text.trim() };
      });
      return withFallback(
        {
          id: r.id,
          slug: r.slug,
          name: texts.name!,
          summary: texts.summary!,
          description: texts.description!,
          scope: r.scope,
          provider: r.provider,
          audiences: r.audiences,
          phones,
          email: r.email,
          website: r.website,
          address: r.address ?? null,
          hours: texts.hours!,
          bookingUrl: r.bookingUrl,
          cost: r.cost,
          languages: r.languages,
          confidentiality: texts.confidentiality!,
          urgent: r.urgent,
          topics: r.topicIds
            .filter((id) => slugOf.has(id))
            .sort((a, b) => order.get(a)! - order.get(b)!)
            .map((id) => slugOf.get(id)!),
          lastReviewedOn: r.lastReviewedOn,
          url: `${baseUrl}${url(l, "roadmapResource", { slug: r.slug })}`,
        },
        fallback,
      );
    }),
  };
}

// ---------- HSDS dataset with lookups ----------

type Indexed = HsdsDataset & {
  serviceById: Map<string, HsdsService>;
  organizationById: Map<string, HsdsDataset["organizations"][number]>;
  termById: Map<string, HsdsDataset["taxonomyTerms"][number]>;
  salById: Map<string, HsdsServiceAtLocation>;
};

function indexed(data: HsdsDataset): Indexed {
  return {
    ...data,
    serviceById: new Map(data.services.map((s) => [s.id, s])),
    organizationById: new Map(data.organizations.map((o) => [o.id, o])),
    termById: new Map(data.taxonomyTerms.map((t) => [t.id, t])),
    salById: new Map(data.serviceAtLocations.map((s) => [s.id, s])),
  };
}

// ---------- routes ----------

/** `/api/roadmap` and `/api/hsds/...`: registered before CSRF and sessions (no cookies). */
export function openDataRoutes(app: App) {
  const documents = new StampedCache<{ body: string }>();
  const datasets = new StampedCache<Indexed>();

  const preflight = (c: C) =>
    c.body(null, 204, {
      ...CORS,
      "Access-Control-Allow-Methods": ALLOW,
      "Access-Control-Allow-Headers": "If-None-Match",
      "Access-Control-Max-Age": "86400",
    });
  const notAllowed = (c: C) => jsonError(c, 405, "method_not_allowed", `Only ${ALLOW} are allowed here.`);
  const OTHER_METHODS = ["POST", "PUT", "PATCH", "DELETE"];

  app.get("/api/roadmap", async (c) => {
    const q = apiQuery(c, langQuery);
    if (q instanceof Response) return q;
    const l = q.lang;
    const { db, env, clock } = c.var.deps;
    const { version, stamp } = await contentStamp(db);
    const etag = etagFor("roadmap", stamp, l);
    if (etagMatches(c.req.header("if-none-match"), etag)) return notModified(c, etag, l);
    const { body } = await documents.get(stamp, l, async () => {
      const doc = roadmapDocument(await publicDirectory(db), { lang: l, baseUrl: baseUrlOf(env), version, generatedAt: clock.now() });
      return { body: JSON.stringify(doc) };
    });
    return c.body(body, 200, { "Content-Type": JSON_TYPE, ...okHeaders(etag, l) });
  });
  app.options("/api/roadmap", preflight);
  app.on(OTHER_METHODS, "/api/roadmap", notAllowed);

  /**
   * Wraps an HSDS handler: parses the query, answers 304 for a current ETag, hands the dataset of the
   * requested language to `respond`, which returns the JSON value (or an error response).
   */
  function hsds<S extends z.ZodObject<{ lang: typeof lang }>>(
    schema: S,
    respond: (c: C, data: Indexed, q: z.output<S>) => unknown | Response,
  ) {
    return async (c: C) => {
      const q = apiQuery(c, schema);
      if (q instanceof Response) return q;
      const l = (q as { lang: Lang }).lang;
      const { db, env } = c.var.deps;
      const { stamp } = await contentStamp(db);
      const etag = etagFor("hsds", stamp, l);
      // Unknown ids are answered by the 404 below: a 304 for them is harmless but pointless.
      if (etagMatches(c.req.header("if-none-match"), etag)) return notModified(c, etag, l);
      const data = await datasets.get(stamp, l, async () =>
        indexed(await loadHsds(db, { lang: l, baseUrl: baseUrlOf(env), assurerEmail: env.OFFICE_EMAIL })),
      );
      const out = respond(c, data, q);
      if (out instanceof Response) return out;
      return c.body(JSON.stringify(out), 200, { "Content-Type": JSON_TYPE, ...okHeaders(etag, l) });
    };
  }

  /** The `:id` of the path, lower-cased, or null when it is not a UUID (then nothing can match). */
  const idOf = (c: C) => {
    const id = c.req.param("id") ?? "";
    return isUuid(id) ? id.toLowerCase() : null;
  };
  const notFound = (c: C, what: string) => jsonError(c, 404, "not_found", `No ${what} with this id.`);
  const byId = <T>(what: string, find: (d: Indexed, id: string) => T | undefined) =>
    hsds(langQuery, (c, d) => {
      const id = idOf(c);
      const hit = id ? find(d, id) : undefined;
      return hit ?? notFound(c, what);
    });

  app.get("/api/hsds", (c) => {
    const { env } = c.var.deps;
    return c.body(
      JSON.stringify({
        version: HSDS_VERSION,
        description: `${env.OFFICE_NAME_EN}, ${env.INSTITUTION_NAME_EN}: the Vangnet student well-being roadmap as Open Referral HSDS ${HSDS_VERSION}. Add ?lang=nl or ?lang=en.`,
        openapi_url: `https://raw.githubusercontent.com/openreferral/specification/${HSDS_VERSION}/schema/openapi.json`,
        publisher: {
          name: `${env.OFFICE_NAME_EN}, ${env.INSTITUTION_NAME_EN}`,
          email: env.OFFICE_EMAIL,
          website: `${baseUrlOf(env)}/en/roadmap`,
        },
      }),
      200,
      { "Content-Type": JSON_TYPE, "Cache-Control": CACHE_CONTROL, ...CORS },
    );
  });

  app.get(
    "/api/hsds/services",
    hsds(servicesQuery, (_c, d, q) => {
      const list = d.services.filter(
        (s) =>
          (!q.organization_id || s.organization_id === q.organization_id) &&
          (!q.taxonomy_term_id || s.attributes.some((a) => a.taxonomy_term_id === q.taxonomy_term_id)),
      );
      return paginate(list.map(serviceListItem), q.page, q.per_page);
    }),
  );
  app.get(
    "/api/hsds/services/:id",
    byId("service", (d, id) => d.serviceById.get(id)),
  );
  app.get(
    "/api/hsds/organizations",
    hsds(pageQuery, (_c, d, q) => paginate(d.organizations.map(organizationListItem), q.page, q.per_page)),
  );
  app.get(
    "/api/hsds/organizations/:id",
    byId("organization", (d, id) => d.organizationById.get(id)),
  );
  app.get(
    "/api/hsds/taxonomies",
    hsds(pageQuery, (_c, d, q) => paginate([d.taxonomy], q.page, q.per_page)),
  );
  app.get(
    "/api/hsds/taxonomies/:id",
    byId("taxonomy", (d, id) => (d.taxonomy.id === id ? d.taxonomy : undefined)),
  );
  app.get(
    "/api/hsds/taxonomy_terms",
    hsds(termsQuery, (_c, d, q) =>
      paginate(
        d.taxonomyTerms.filter((t) => !q.taxonomy_id || t.taxonomy_id === q.taxonomy_id),
        q.page,
        q.per_page,
      ),
    ),
  );
  app.get(
    "/api/hsds/taxonomy_terms/:id",
    byId("taxonomy term", (d, id) => d.termById.get(id)),
  );
  app.get(
    "/api/hsds/service_at_locations",
    hsds(servicesQuery, (_c, d, q) => {
      const list = d.serviceAtLocations
        .map((sal) => ({ sal, service: d.serviceById.get(sal.service_id)! }))
        .filter(
          ({ service }) =>
            (!q.organization_id || service.organization_id === q.organization_id) &&
            (!q.taxonomy_term_id || service.attributes.some((a) => a.taxonomy_term_id === q.taxonomy_term_id)),
        );
      return paginate(
        list.map(({ sal, service }) => serviceAtLocationListItem(sal, service)),
        q.page,
        q.per_page,
      );
    }),
  );
  app.get(
    "/api/hsds/service_at_locations/:id",
    byId("service at location", (d, id) => d.salById.get(id)),
  );

  app.options("/api/hsds", preflight);
  app.options("/api/hsds/*", preflight);
  app.on(OTHER_METHODS, ["/api/hsds", "/api/hsds/*"], notAllowed);
  // Anything else under /api/hsds is an unknown endpoint: a JSON 404, not the HTML error page.
  app.get("/api/hsds/*", (c) => jsonError(c, 404, "not_found", "No such HSDS endpoint."));

  // Every answer above is the same for every client: the page cache keeps it and answers it in
  // front of the app, compressed, keyed on the parameters each endpoint's query schema reads.
  const rule = (schema: z.ZodObject, capability = ROADMAP) => ({ capability, params: Object.keys(schema.shape), shared: true });
  cached(app, "/api/roadmap", rule(langQuery));
  cached(app, "/api/hsds", rule(z.object({}), STATIC));
  cached(app, "/api/hsds/services", rule(servicesQuery));
  cached(app, "/api/hsds/service_at_locations", rule(servicesQuery));
  cached(app, "/api/hsds/organizations", rule(pageQuery));
  cached(app, "/api/hsds/taxonomies", rule(pageQuery));
  cached(app, "/api/hsds/taxonomy_terms", rule(termsQuery));
  for (const list of ["services", "service_at_locations", "organizations", "taxonomies", "taxonomy_terms"]) {
    cached(app, `/api/hsds/${list}/:id`, rule(langQuery));
  }
}
