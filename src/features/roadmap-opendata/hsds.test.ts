import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule, { type FormatsPlugin } from "ajv-formats";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupApp } from "../../../test/helpers/app.js";
import { bumpContentVersion } from "../../core/content/versions.js";
import { LANGS, type Lang } from "../../core/i18n/index.js";
import { openDatabase } from "../../db/index.js";
import { DEMO_RESOURCES, DEMO_TOPICS } from "../../demo/roadmap.js";
import { seedRoadmap } from "../../demo/seed.js";
import { users } from "../auth/schema.js";
import { resources, topics } from "../roadmap/schema.js";
import { publicDirectory, ROADMAP, resourceById, setResourceStatus, updateResource } from "../roadmap/service.js";
import {
  buildHsds,
  cleanEmail,
  cleanUrl,
  type Directory,
  hsdsExportDocument,
  hsdsIds,
  loadHsds,
  paginate,
  providerKey,
  uuidV5,
  VANGNET_NAMESPACE,
} from "./hsds.js";

const ctx = setupApp();
const seed = () => seedRoadmap(ctx.db, ctx.clock.now(), { TIME_ZONE: "Europe/Amsterdam" });
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

// ---------- the compiled HSDS 3.0 schemas ----------

// A copy of the Open Referral compiled schemas (CC BY-SA 4.0) lives in test/fixtures/hsds-3.0.
const SCHEMA_DIR =
  process.env.HSDS_SCHEMA_DIR ??
  path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), "../../../test/fixtures/hsds-3.0");
if (!existsSync(path.join(SCHEMA_DIR, "service.json"))) throw new Error(`HSDS schemas not found in ${SCHEMA_DIR}`);

type Schema = { type?: string; properties?: Record<string, Schema>; items?: Schema; required?: string[]; [k: string]: unknown };
const load = (name: string) => JSON.parse(readFileSync(path.join(SCHEMA_DIR, `${name}.json`), "utf8")) as Schema;

/** A deep copy that forbids properties the schema doesn't name, at every level (the standard's own conformance check). */
function strict(schema: Schema): Schema {
  const copy = structuredClone(schema);
  const walk = (s: Schema) => {
    if (s.type === "object" || s.properties) s.additionalProperties = false;
    for (const p of Object.values(s.properties ?? {})) walk(p);
    if (s.items) walk(s.items);
  };
  walk(copy);
  return copy;
}

/** Only the one-to-one fields of an object schema (what list endpoints carry). */
function oneToOne(schema: Schema): Schema {
  const properties = Object.fromEntries(
    Object.entries(schema.properties ?? {}).filter(([, p]) => p.type !== "array" && p.type !== "object"),
  );
  return { ...schema, properties };
}

/** The HSDS API page object (openapi.json, components/schemas/Page), every field required, plus `contents`. */
const PAGE: Schema = {
  type: "object",
  properties: {
    total_items: { type: "integer", minimum: 0 },
    total_pages: { type: "integer", minimum: 0 },
    page_number: { type: "integer", minimum: 1 },
    size: { type: "integer", minimum: 0 },
    first_page: { type: "boolean" },
    last_page: { type: "boolean" },
    empty: { type: "boolean" },
    contents: { type: "array" },
  },
  required: ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"],
};

type Kind = "service" | "organization" | "service_list" | "organization_list" | "taxonomy" | "taxonomy_term" | "sal" | "sal_list" | "page";
type Validators = Record<Kind, { lenient: ValidateFunction; strict: ValidateFunction }>;

function compileAll(): Validators {
  // A CommonJS module: its default export arrives as the function itself or wrapped, depending on the loader.
  const addFormats = ((addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? addFormatsModule) as unknown as FormatsPlugin;
  // The compiled files carry no $schema and use draft-07-compatible keywords only (type, properties,
  // required, items, enum, format): the default (draft-07) Ajv. Unoptimised code compiles ~3x faster.
  const ajv = new Ajv({ strict: false, allErrors: true, code: { optimize: false } });
  addFormats(ajv);
  const service = load("service");
  const salItem = service.properties!.service_at_locations!.items!;
  const taxonomyTerm = service.properties!.attributes!.items!.properties!.taxonomy_term!;
  const schemas: Record<Kind, Schema> = {
    service,
    organization: load("organization"),
    service_list: load("service_list"),
    organization_list: load("organization_list"),
    taxonomy: taxonomyTerm.properties!.taxonomy_detail!,
    taxonomy_term: taxonomyTerm,
    sal: salItem,
    // Upstream service_at_location_list.json is not in the shared set: the same shape, composed from it.
    sal_list: {
      type: "object",
      properties: {
        id: salItem.properties!.id!,
        service_id: salItem.properties!.service_id!,
        location_id: salItem.properties!.location_id!,
        description: salItem.properties!.description!,
        location: oneToOne(salItem.properties!.location!),
        service: load("service_list"),
      },
      required: salItem.required ?? ["id"],
    },
    page: PAGE,
  };
  return Object.fromEntries(
    Object.entries(schemas).map(([k, s]) => [k, { lenient: ajv.compile(s), strict: ajv.compile(strict(s)) }]),
  ) as Validators;
}

let V: Validators;
/** Validates against both the schema as published and the strict copy; returns the error texts. */
function check(kind: Kind, value: unknown, where: string): string[] {
  const out: string[] = [];
  for (const mode of ["lenient", "strict"] as const) {
    const fn = V[kind][mode];
    if (!fn(value))
      out.push(...(fn.errors ?? []).map((e) => `${where} [${kind}, ${mode}] ${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`));
  }
  return out;
}

async function getJson(p: string) {
  const res = await ctx.app.request(p);
  expect(res.status, p).toBe(200);
  expect(res.headers.get("content-type"), p).toBe("application/json; charset=utf-8");
  return (await res.json()) as Record<string, unknown> & { contents: Record<string, unknown>[] };
}

/** Every page of a list endpoint (small pages, so paging is exercised), each page checked as a page. */
async function allPages(endpoint: string, lang: Lang, errors: string[], perPage = 7) {
  const items: Record<string, unknown>[] = [];
  for (let page = 1; ; page++) {
    const body = await getJson(`/api/hsds/${endpoint}?lang=${lang}&page=${page}&per_page=${perPage}`);
    errors.push(...check("page", body, `${endpoint} page ${page}`));
    items.push(...body.contents);
    if (body.last_page) break;
    expect(page).toBeLessThan(100);
  }
  return items;
}

// ---------- pure pieces ----------

describe("uuidV5 and the derived ids", () => {
  it("matches the RFC 9562 test vector and is deterministic", () => {
    expect(uuidV5("www.example.com", "6ba7b810-9dad-11d1-80b4-00c04fd430c8")).toBe("2ed6657d-e927-568b-95e1-2665a8aea6a2");
    expect(uuidV5("x")).toBe(uuidV5("x", VANGNET_NAMESPACE));
    expect(uuidV5("x")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(() => uuidV5("x", "not-a-uuid")).toThrow();
  });

  it("gives one organisation per provider, whatever the case and spacing", () => {
    expect(providerKey("  Gemeente   Leiden ")).toBe("gemeente leiden");
    expect(hsdsIds.organization("Gemeente Leiden")).toBe(hsdsIds.organization(" gemeente  LEIDEN"));
    expect(hsdsIds.organization("Gemeente Leiden")).not.toBe(hsdsIds.organization("Gemeente Leiderdorp"));
    const rid = "7d3c9a3e-2d0b-4f4e-9d59-0e3c2f0f6a11";
    const ids = [
      hsdsIds.location(rid),
      hsdsIds.address(rid),
      hsdsIds.serviceAtLocation(rid),
      hsdsIds.schedule(rid),
      hsdsIds.costOption(rid),
      hsdsIds.phone(rid, 0),
      hsdsIds.phone(rid, 1),
      hsdsIds.language(rid, "nl"),
      hsdsIds.attribute(rid, rid),
      hsdsIds.taxonomy(),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("only passes e-mail addresses and http(s) URLs the HSDS formats accept", () => {
    expect(cleanEmail(" info@example.org ")).toBe("info@example.org");
    expect(cleanEmail("not an address")).toBeUndefined();
    expect(cleanEmail(null)).toBeUndefined();
    expect(cleanUrl("https://www.example.org/a?b=c")).toBe("https://www.example.org/a?b=c");
    expect(cleanUrl("https://www.example.org/a b")).toBe("https://www.example.org/a%20b");
    expect(cleanUrl("www.example.org")).toBeUndefined();
    expect(cleanUrl("javascript:alert(1)")).toBeUndefined();
    expect(cleanUrl("")).toBeUndefined();
  });
});

describe("paginate", () => {
  const items = Array.from({ length: 5 }, (_, i) => i);
  it.each([
    [1, 2, { total_items: 5, total_pages: 3, page_number: 1, size: 2, first_page: true, last_page: false, empty: false, contents: [0, 1] }],
    [
      2,
      2,
      { total_items: 5, total_pages: 3, page_number: 2, size: 2, first_page: false, last_page: false, empty: false, contents: [2, 3] },
    ],
    [3, 2, { total_items: 5, total_pages: 3, page_number: 3, size: 1, first_page: false, last_page: true, empty: false, contents: [4] }],
    [4, 2, { total_items: 5, total_pages: 3, page_number: 4, size: 0, first_page: false, last_page: true, empty: true, contents: [] }],
    [1, 5, { total_items: 5, total_pages: 1, page_number: 1, size: 5, first_page: true, last_page: true, empty: false, contents: items }],
    [1, 50, { total_items: 5, total_pages: 1, page_number: 1, size: 5, first_page: true, last_page: true, empty: false, contents: items }],
  ])("page %i of %i per page", (page, perPage, expected) => {
    expect(paginate(items, page, perPage)).toEqual(expected);
  });
  it("describes an empty list", () => {
    expect(paginate([], 1, 50)).toEqual({
      total_items: 0,
      total_pages: 0,
      page_number: 1,
      size: 0,
      first_page: true,
      last_page: true,
      empty: true,
      contents: [],
    });
  });
});

describe("buildHsds on awkward data", () => {
  const resource = (over: Partial<Directory["resources"][number]> = {}): Directory["resources"][number] => ({
    id: "7d3c9a3e-2d0b-4f4e-9d59-0e3c2f0f6a11",
    slug: "x",
    name: { nl: "", en: "" },
    summary: { nl: "", en: "" },
    description: { nl: "", en: "" },
    scope: "outside",
    provider: "Someone",
    audiences: [],
    phones: [{ label: { nl: "", en: "" }, number: "  " }],
    email: "not an email",
    website: "ftp://example.org",
    address: { street: " ", postcode: "", city: "Leiden" },
    hours: { nl: "", en: "" },
    bookingUrl: "nope",
    cost: "paid",
    languages: ["NL", "nl", "xx-invalid-!", ""],
    confidentiality: { nl: "", en: "" },
    urgent: false,
    lastReviewedOn: null,
    reviewedBy: null,
    status: "active",
    createdAt: new Date("2026-01-01T00:00:00Z"),
    updatedAt: new Date("2026-01-02T00:00:00Z"),
    topicIds: ["00000000-0000-4000-8000-000000000000"],
    ...over,
  });

  it("keeps required fields, drops invalid and empty ones, and validates strictly", { timeout: 120_000 }, () => {
    V ??= compileAll();
    const data = buildHsds(
      { topics: [], resources: [resource(), resource({ id: "9d3c9a3e-2d0b-4f4e-9d59-0e3c2f0f6a12", provider: "  " })] },
      {
        lang: "en",
        baseUrl: "https://portal.example/",
        version: 3,
      },
    );
    // No provider: no organisation, so no service.
    expect(data.services).toHaveLength(1);
    const s = data.services[0]!;
    expect(s).toMatchObject({ name: "", status: "active", phones: [], service_at_locations: [], attributes: [] });
    expect(s.email).toBeUndefined();
    // No website: the roadmap page (base URL without its trailing slash).
    expect(s.url).toBe("https://portal.example/en/roadmap/help/x");
    expect(s.languages.map((l) => l.code)).toEqual(["nl", "xx-invalid-!"]);
    expect(s.languages[1]!.name).toBe("xx-invalid-!");
    expect(check("service", JSON.parse(JSON.stringify(s)), "awkward service")).toEqual([]);
    expect(check("organization", JSON.parse(JSON.stringify(data.organizations[0])), "awkward organization")).toEqual([]);
  });
});

// ---------- the API against the schemas ----------

describe("HSDS endpoints validate against the compiled HSDS 3.0 schemas", () => {
  beforeAll(() => {
    V ??= compileAll();
  }, 180_000);

  it("strict validation catches unknown fields that the published schemas let through", async () => {
    await seed();
    const list = await getJson("/api/hsds/services?lang=en&per_page=1");
    const full = await getJson(`/api/hsds/services/${list.contents[0]!.id}?lang=en`);
    expect(check("service", full, "as served")).toEqual([]);
    const unknownTop = { ...full, taxonomy_terms: [] };
    const unknownDeep = {
      ...full,
      attributes: [
        { id: hsdsIds.taxonomy(), taxonomy_term: { id: hsdsIds.taxonomy(), name: "n", description: "d", taxonomy_details: {} } },
      ],
    };
    for (const bad of [unknownTop, unknownDeep]) {
      expect(V.service.lenient(bad)).toBe(true);
      expect(V.service.strict(bad)).toBe(false);
    }
    expect(V.service.strict({ ...full, status: "open" })).toBe(false);
    expect(V.service.strict({ ...full, id: "nope" })).toBe(false);
  });

  it.each(LANGS)("every object of every endpoint in %s", { timeout: 120_000 }, async (lang) => {
    await seed();
    const errors: string[] = [];
    let checked = 0;
    const each = (kind: Kind, items: unknown[], where: string) => {
      for (const [i, item] of items.entries()) errors.push(...check(kind, item, `${where}#${i}`));
      checked += items.length;
    };

    const services = await allPages("services", lang, errors);
    expect(services).toHaveLength(DEMO_RESOURCES.length);
    each("service_list", services, "services");
    const fullServices = await Promise.all(services.map((s) => getJson(`/api/hsds/services/${s.id}?lang=${lang}`)));
    each("service", fullServices, "services/{id}");

    const orgs = await allPages("organizations", lang, errors);
    expect(orgs).toHaveLength(new Set(DEMO_RESOURCES.map((r) => providerKey(r.provider))).size);
    each("organization_list", orgs, "organizations");
    const fullOrgs = await Promise.all(orgs.map((o) => getJson(`/api/hsds/organizations/${o.id}?lang=${lang}`)));
    each("organization", fullOrgs, "organizations/{id}");

    const taxonomies = await allPages("taxonomies", lang, errors);
    expect(taxonomies).toHaveLength(1);
    each("taxonomy", taxonomies, "taxonomies");
    each("taxonomy", [await getJson(`/api/hsds/taxonomies/${taxonomies[0]!.id}?lang=${lang}`)], "taxonomies/{id}");

    const terms = await allPages("taxonomy_terms", lang, errors);
    expect(terms).toHaveLength(DEMO_TOPICS.length);
    each("taxonomy_term", terms, "taxonomy_terms");
    each(
      "taxonomy_term",
      await Promise.all(terms.map((t) => getJson(`/api/hsds/taxonomy_terms/${t.id}?lang=${lang}`))),
      "taxonomy_terms/{id}",
    );

    const sals = await allPages("service_at_locations", lang, errors, 4);
    expect(sals).toHaveLength(DEMO_RESOURCES.filter((r) => r.address).length);
    each("sal_list", sals, "service_at_locations");
    each(
      "sal",
      await Promise.all(sals.map((s) => getJson(`/api/hsds/service_at_locations/${s.id}?lang=${lang}`))),
      "service_at_locations/{id}",
    );

    expect(errors).toEqual([]);
    expect(checked).toBeGreaterThan(100);

    // The mapping, spot-checked against the demo data.
    const topicSlug = new Map(terms.map((t) => [t.id, t.code]));
    for (const s of fullServices) {
      const demo = DEMO_RESOURCES.find((r) => r.name[lang] === s.name)!;
      expect(demo, String(s.name)).toBeDefined();
      const f = s as unknown as {
        organization: { name: string };
        phones: { number: string; description?: string }[];
        languages: { code: string }[];
        attributes: { taxonomy_term_id: string; taxonomy_term: { code: string } }[];
        service_at_locations: { location: { addresses: { address_1: string; postal_code: string; city: string; country: string }[] } }[];
        cost_options: { option: string }[];
      };
      expect(f.organization.name).toBe(demo.provider);
      expect(f.phones.map((p) => p.number)).toEqual(demo.phones.map((p) => p.number));
      expect(f.languages.map((l) => l.code)).toEqual(demo.languages);
      expect(f.attributes.map((a) => topicSlug.get(a.taxonomy_term_id)).sort()).toEqual([...demo.topics].sort());
      expect(f.attributes.every((a) => a.taxonomy_term.code === topicSlug.get(a.taxonomy_term_id))).toBe(true);
      expect(f.cost_options).toHaveLength(1);
      if (demo.address) {
        expect(f.service_at_locations[0]!.location.addresses[0]).toMatchObject({
          address_1: demo.address.street,
          postal_code: demo.address.postcode,
          city: demo.address.city,
          country: "NL",
        });
      } else expect(f.service_at_locations).toEqual([]);
      if (demo.website) expect(s.url).toBe(demo.website);
      if (demo.email) expect(s.email).toBe(demo.email);
    }
    for (const t of terms) {
      const demo = DEMO_TOPICS.find((d) => d.slug === t.code)!;
      expect(t).toMatchObject({ name: demo.name[lang], description: demo.description[lang], language: lang });
    }
    // Every service of an organisation is listed under it.
    expect(fullOrgs.flatMap((o) => (o.services as { id: string }[]).map((s) => s.id)).sort()).toEqual(services.map((s) => s.id).sort());
  });
});

describe("HSDS endpoints: paging, errors, filters, caching", () => {
  it("pages with page and per_page (1-based, default 50, at most 200) and refuses bad values with a JSON 400", async () => {
    await seed();
    const n = DEMO_RESOURCES.length;
    const def = await getJson("/api/hsds/services");
    expect(def).toMatchObject({ total_items: n, total_pages: Math.ceil(n / 50), page_number: 1, size: Math.min(n, 50), first_page: true });
    const p2 = await getJson("/api/hsds/services?page=2&per_page=10");
    expect(p2).toMatchObject({
      total_items: n,
      total_pages: Math.ceil(n / 10),
      page_number: 2,
      size: 10,
      first_page: false,
      last_page: n <= 20,
      empty: false,
    });
    const max = await getJson("/api/hsds/services?per_page=200");
    expect(max.size).toBe(n);
    const past = await getJson("/api/hsds/services?page=99&per_page=10");
    expect(past).toMatchObject({ total_items: n, page_number: 99, size: 0, last_page: true, empty: true, contents: [] });
    // Pages join up without gaps or repeats.
    const ids: string[] = [];
    for (let page = 1; page <= Math.ceil(n / 10); page++)
      ids.push(...(await getJson(`/api/hsds/services?page=${page}&per_page=10`)).contents.map((s) => s.id as string));
    expect(new Set(ids).size).toBe(n);

    for (const q of [
      "page=0",
      "page=-1",
      "page=abc",
      "page=1.5",
      "page=",
      "page=1e3",
      "page=99999999999999999999",
      "per_page=0",
      "per_page=201",
      "per_page=-5",
      "per_page=",
      "per_page=ten",
      "lang=fr",
      "organization_id=nope",
      "taxonomy_term_id=1",
    ]) {
      for (const endpoint of ["services", "organizations", "taxonomy_terms", "service_at_locations", "taxonomies"]) {
        if (
          (q.startsWith("organization_id") || q.startsWith("taxonomy_term_id")) &&
          !["services", "service_at_locations"].includes(endpoint)
        )
          continue;
        const res = await ctx.app.request(`/api/hsds/${endpoint}?${q}`);
        expect(res.status, `${endpoint}?${q}`).toBe(400);
        const body = (await res.json()) as { error: { code: string; message: string } };
        expect(body.error.code).toBe("invalid_query");
        expect(body.error.message.length).toBeGreaterThan(0);
      }
    }
  });

  it("answers unknown or malformed ids and unknown endpoints with a JSON 404", async () => {
    await seed();
    const svc = (await getJson("/api/hsds/services?per_page=1")).contents[0]!;
    // Upper case is the same UUID.
    expect((await ctx.app.request(`/api/hsds/services/${String(svc.id).toUpperCase()}`)).status).toBe(200);
    const unknown = "3f0c7e0e-0000-4000-8000-000000000000";
    for (const p of [
      `/api/hsds/services/${unknown}`,
      "/api/hsds/services/not-a-uuid",
      "/api/hsds/services/'%20or%201=1--",
      `/api/hsds/organizations/${unknown}`,
      `/api/hsds/organizations/${svc.id}`, // a service id is no organisation id
      "/api/hsds/organizations/123",
      `/api/hsds/taxonomies/${unknown}`,
      `/api/hsds/taxonomy_terms/${unknown}`,
      `/api/hsds/service_at_locations/${unknown}`,
      "/api/hsds/programs",
      "/api/hsds/services/",
    ]) {
      const res = await ctx.app.request(p);
      expect(res.status, p).toBe(404);
      expect(res.headers.get("content-type"), p).toBe("application/json; charset=utf-8");
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("not_found");
    }
  });

  it("filters services by organization_id and taxonomy_term_id", async () => {
    await seed();
    const [uni] = (await getJson("/api/hsds/organizations?per_page=200")).contents.filter((o) => o.name === "Universiteit Leiden");
    const ofUni = await getJson(`/api/hsds/services?per_page=200&organization_id=${uni!.id}`);
    expect(ofUni.total_items).toBe(DEMO_RESOURCES.filter((r) => r.provider === "Universiteit Leiden").length);
    expect(ofUni.contents.every((s) => s.organization_id === uni!.id)).toBe(true);

    const [money] = (await getJson("/api/hsds/taxonomy_terms?per_page=200")).contents.filter((t) => t.code === "money");
    const onMoney = await getJson(`/api/hsds/services?per_page=200&taxonomy_term_id=${money!.id}`);
    expect(onMoney.total_items).toBe(DEMO_RESOURCES.filter((r) => r.topics.includes("money")).length);
    const taxonomyId = money!.taxonomy_id as string;
    expect((await getJson(`/api/hsds/taxonomy_terms?taxonomy_id=${taxonomyId}`)).total_items).toBe(DEMO_TOPICS.length);
    expect((await getJson(`/api/hsds/taxonomy_terms?taxonomy_id=${hsdsIds.location(taxonomyId)}`)).total_items).toBe(0);
    const sals = await getJson(`/api/hsds/service_at_locations?organization_id=${uni!.id}`);
    expect(sals.contents.every((s) => (s.service as { organization_id: string }).organization_id === uni!.id)).toBe(true);
  });

  it("speaks the requested language, Dutch by default", async () => {
    await seed();
    const nl = await getJson("/api/hsds/taxonomy_terms?code=x");
    const en = await getJson("/api/hsds/taxonomy_terms?lang=en");
    const first = DEMO_TOPICS.find((t) => t.slug === nl.contents[0]!.code)!;
    expect(nl.contents[0]!.name).toBe(first.name.nl);
    expect(en.contents[0]!.name).toBe(first.name.en);
    // Same ids in both languages.
    expect(en.contents.map((t) => t.id)).toEqual(nl.contents.map((t) => t.id));
  });

  it("leaves out hidden resources, and providers with nothing visible", async () => {
    await seed();
    const [u] = await ctx.db.insert(users).values({ email: "office@example.org", staffRole: "staff" }).returning();
    const coc = DEMO_RESOURCES.filter((r) => r.provider === "COC Leiden");
    expect(coc).toHaveLength(1);
    const [row] = await ctx.db.select().from(resources).where(eq(resources.slug, coc[0]!.slug));
    await setResourceStatus(ctx.db, u!.id, row!.id, "hidden");
    const services = await getJson("/api/hsds/services?per_page=200");
    expect(services.total_items).toBe(DEMO_RESOURCES.length - 1);
    expect(services.contents.some((s) => s.id === row!.id)).toBe(false);
    expect((await ctx.app.request(`/api/hsds/services/${row!.id}`)).status).toBe(404);
    const orgs = await getJson("/api/hsds/organizations?per_page=200");
    expect(orgs.contents.some((o) => o.name === "COC Leiden")).toBe(false);
    expect((await ctx.app.request(`/api/hsds/organizations/${hsdsIds.organization("COC Leiden")}`)).status).toBe(404);
  });

  it("sends ETags, answers If-None-Match with 304 and changes the ETag after an edit", async () => {
    await seed();
    const res = await ctx.app.request("/api/hsds/services?lang=en");
    expect(res.headers.get("cache-control")).toBe("public, max-age=300");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("set-cookie")).toBeNull();
    const etag = res.headers.get("etag")!;
    expect(etag).toMatch(/^W\/".+"$/);
    const id = ((await res.json()) as { contents: { id: string }[] }).contents[0]!.id;

    const again = await ctx.app.request(`/api/hsds/services/${id}?lang=en`, { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
    const otherLang = await ctx.app.request("/api/hsds/services?lang=nl", { headers: { "If-None-Match": etag } });
    expect(otherLang.status).toBe(200);

    const [u] = await ctx.db.insert(users).values({ email: "office@example.org", staffRole: "staff" }).returning();
    const current = await resourceById(ctx.db, id);
    const { id: _i, createdAt: _c, updatedAt: _up, lastReviewedOn: _l, reviewedBy: _r, ...input } = current!;
    await updateResource(ctx.db, u!.id, id, { ...input, name: { nl: "Nieuwe naam", en: "New name" } }, ctx.clock.now());
    const changed = await ctx.app.request(`/api/hsds/services/${id}?lang=en`, { headers: { "If-None-Match": etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    expect(((await changed.json()) as { name: string }).name).toBe("New name");

    const etag2 = changed.headers.get("etag")!;
    await bumpContentVersion(ctx.db, ROADMAP);
    expect((await ctx.app.request(`/api/hsds/services/${id}?lang=en`, { headers: { "If-None-Match": etag2 } })).status).toBe(200);
  });

  it("describes itself at /api/hsds and refuses writes with a JSON 405", async () => {
    const meta = await getJson("/api/hsds");
    expect(meta).toMatchObject({ version: "3.0.1", publisher: { email: ctx.deps.env.OFFICE_EMAIL } });
    const post = await ctx.app.request("/api/hsds/services", {
      method: "POST",
      body: "{}",
      headers: { "content-type": "application/json" },
    });
    expect(post.status).toBe(405);
    const pre = await ctx.app.request("/api/hsds/services/x", { method: "OPTIONS" });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe("*");
  });
});

describe("stable identifiers", () => {
  it("two exports of the same data are identical; a fresh database keeps organisation and taxonomy ids", async () => {
    await seed();
    const opts = { lang: "en" as const, baseUrl: "https://portal.example", assurerEmail: "office@example.org" };
    const at = new Date("2026-11-23T10:00:00Z");
    const a = hsdsExportDocument(await loadHsds(ctx.db, opts), at);
    const b = hsdsExportDocument(await loadHsds(ctx.db, opts), at);
    expect(b).toEqual(a);
    const nl = await loadHsds(ctx.db, { ...opts, lang: "nl" });
    const idsOf = (x: unknown) =>
      JSON.stringify(x)
        .match(/"id":"[0-9a-f-]{36}"/g)!
        .sort();
    expect(idsOf(nl.services)).toEqual(idsOf(a.services));

    // Everything again from scratch: new resource and topic ids, the same providers.
    await ctx.db.delete(resources);
    await ctx.db.delete(topics);
    await seed();
    const c = hsdsExportDocument(await loadHsds(ctx.db, opts), at);
    expect(c.organizations.map((o) => [o.name, o.id])).toEqual(a.organizations.map((o) => [o.name, o.id]));
    expect(c.taxonomies[0]!.id).toBe(a.taxonomies[0]!.id);
    expect(c.services.map((s) => s.id)).not.toEqual(a.services.map((s) => s.id));
    // Derived ids follow their resource.
    for (const s of c.services) {
      for (const sal of s.service_at_locations) expect(sal.id).toBe(hsdsIds.serviceAtLocation(s.id));
    }
  });

  it("the directory has what the export has", async () => {
    await seed();
    const dir = await publicDirectory(ctx.db);
    const data = await loadHsds(ctx.db, { lang: "nl", baseUrl: "https://portal.example" });
    expect(data.services.map((s) => s.id).sort()).toEqual(dir.resources.map((r) => r.id).sort());
    expect(data.taxonomyTerms.map((t) => t.id)).toEqual(dir.topics.map((t) => t.id));
  });
});

// ---------- the CLI ----------

describe("cli hsds:export", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  function cli(dataDir: string, ...args: string[]) {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, NODE_ENV: "test", BASE_URL: "https://vangnet.example.org" };
    delete env.DATABASE_URL;
    return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        "npx",
        ["tsx", "src/cli.ts", ...args],
        { cwd: root, env, timeout: 90_000, maxBuffer: 20 * 1024 * 1024 },
        (err, stdout, stderr) => {
          resolve({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, stdout: String(stdout), stderr: String(stderr) });
        },
      );
    });
  }

  it("writes every organisation, service and taxonomy term of a seeded DATA_DIR, the same ids on every run", {
    timeout: 240_000,
  }, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "vangnet-hsds-"));
    dirs.push(dir);
    const dataDir = path.join(dir, "data");
    const database = await openDatabase({ dataDir });
    try {
      await database.migrate();
      await seedRoadmap(database.db, new Date("2026-11-23T10:00:00Z"), { TIME_ZONE: "Europe/Amsterdam" });
    } finally {
      await database.close();
    }

    const file1 = path.join(dir, "export-1.json");
    const file2 = path.join(dir, "export-2.json");
    const run1 = await cli(dataDir, "hsds:export", file1, "--lang", "en");
    expect(run1.stderr).not.toMatch(/error|failed/i);
    expect(run1.code).toBe(0);
    expect(run1.stdout).toContain(`Wrote ${DEMO_RESOURCES.length} services`);
    const run2 = await cli(dataDir, "hsds:export", file2, "--lang=en");
    expect(run2.code).toBe(0);

    type Doc = ReturnType<typeof hsdsExportDocument>;
    const one = JSON.parse(await readFile(file1, "utf8")) as Doc;
    const two = JSON.parse(await readFile(file2, "utf8")) as Doc;
    expect(one).toMatchObject({ hsds_version: "3.0.1", lang: "en" });
    expect({ ...two, generated_at: "" }).toEqual({ ...one, generated_at: "" });
    expect(one.services).toHaveLength(DEMO_RESOURCES.length);
    expect(one.taxonomy_terms).toHaveLength(DEMO_TOPICS.length);
    expect(one.services[0]!.url).toMatch(/^https:\/\//);
    expect(JSON.stringify(one)).toContain("https://vangnet.example.org/en/roadmap/topic/");

    V ??= compileAll();
    const errors = [
      ...one.services.flatMap((s, i) => check("service", s, `export services#${i}`)),
      ...one.organizations.flatMap((o, i) => check("organization", o, `export organizations#${i}`)),
      ...one.taxonomy_terms.flatMap((t, i) => check("taxonomy_term", t, `export taxonomy_terms#${i}`)),
      ...one.taxonomies.flatMap((t, i) => check("taxonomy", t, `export taxonomies#${i}`)),
    ];
    expect(errors).toEqual([]);

    // Dutch by default, to standard output with "-".
    const stdout = await cli(dataDir, "hsds:export", "-");
    expect(stdout.code).toBe(0);
    expect((JSON.parse(stdout.stdout) as Doc).lang).toBe("nl");
  });

  it("refuses a missing file or a bad language with exit code 1 before opening a database", { timeout: 120_000 }, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "vangnet-hsds-"));
    dirs.push(dir);
    const dataDir = path.join(dir, "data");
    const none = await cli(dataDir, "hsds:export");
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("hsds:export <file>");
    const bad = await cli(dataDir, "hsds:export", path.join(dir, "x.json"), "--lang", "de");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--lang must be nl or en");
    expect(existsSync(dataDir)).toBe(false);
  });
});
