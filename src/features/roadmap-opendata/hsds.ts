/**
 * The roadmap as Open Referral HSDS 3.0 (Human Services Data Specification): a pure mapping from the
 * public directory (active topics and resources) to HSDS objects, used by the `/api/hsds` endpoints
 * and by `npm run cli -- hsds:export`. See docs/api.md for the field-by-field mapping.
 *
 * Only fields of the HSDS 3.0 compiled schemas are emitted (so a validator that forbids additional
 * properties accepts every object); empty values are left out rather than sent as null.
 * Identifiers are stable: a service is its resource's id, a taxonomy term its topic's id, and every
 * other object has a name-based (version 5) UUID under a fixed namespace, so repeated exports agree.
 */
import { createHash } from "node:crypto";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { catalogs } from "../../catalogs.js";
import { contentVersion } from "../../core/content/versions.js";
import { isUuid } from "../../core/http/params.js";
import { isLang, type Lang, type Localized, pick } from "../../core/i18n/index.js";
import type { Db } from "../../db/index.js";
import { openDatabase } from "../../db/index.js";
import { loadEnv } from "../../env.js";
import { url } from "../../routes.js";
import { type Address, type Cost, publicDirectory, ROADMAP } from "../roadmap/service.js";

export const HSDS_VERSION = "3.0.1";
/** Namespace of every derived identifier. Never change it: ids published to others would all change. */
export const VANGNET_NAMESPACE = "f722175d-48ae-4170-838f-9c9d263f6923";
export const TAXONOMY_NAME = "Vangnet well-being topics";
/** Addresses carry no country; the portal serves a Dutch university, so they are taken to be in NL. */
export const ADDRESS_COUNTRY = "NL";

/** RFC 9562 version 5 UUID (SHA-1 of namespace + name). */
export function uuidV5(name: string, namespace: string = VANGNET_NAMESPACE): string {
  if (!isUuid(namespace)) throw new Error(`not a UUID: ${namespace}`);
  const hash = createHash("sha1")
    .update(Buffer.from(namespace.replace(/-/g, ""), "hex"))
    .update(name, "utf8")
    .digest();
  const b = hash.subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Provider names differing only in case or spacing are the same organisation. */
export const providerKey = (provider: string) => provider.normalize("NFC").trim().replace(/\s+/g, " ").toLowerCase();

export const hsdsIds = {
  taxonomy: () => uuidV5("taxonomy:topics"),
  organization: (provider: string) => uuidV5(`organization:${providerKey(provider)}`),
  location: (resourceId: string) => uuidV5(`location:${resourceId}`),
  address: (resourceId: string) => uuidV5(`address:${resourceId}`),
  serviceAtLocation: (resourceId: string) => uuidV5(`service_at_location:${resourceId}`),
  schedule: (resourceId: string) => uuidV5(`schedule:${resourceId}`),
  costOption: (resourceId: string) => uuidV5(`cost_option:${resourceId}`),
  phone: (resourceId: string, index: number) => uuidV5(`phone:${resourceId}:${index}`),
  language: (resourceId: string, code: string) => uuidV5(`language:${resourceId}:${code.toLowerCase()}`),
  attribute: (resourceId: string, topicId: string) => uuidV5(`attribute:${resourceId}:${topicId}`),
};

// ---------- HSDS object types (the subset of fields this mapping fills) ----------

export type HsdsTaxonomy = { id: string; name: string; description: string; uri?: string; version?: string };
export type HsdsTaxonomyTerm = {
  id: string;
  code: string;
  name: string;
  description: string;
  taxonomy: string;
  taxonomy_id: string;
  taxonomy_detail: HsdsTaxonomy;
  language?: string;
  term_uri?: string;
};
export type HsdsAttribute = {
  id: string;
  link_id: string;
  link_entity: "service";
  taxonomy_term_id: string;
  taxonomy_term: HsdsTaxonomyTerm;
};
export type HsdsPhone = { id: string; service_id: string; number: string; type: "voice"; description?: string };
export type HsdsLanguage = { id: string; service_id: string; name: string; code: string };
export type HsdsSchedule = { id: string; service_id: string; description?: string; attending_type?: string };
export type HsdsCostOption = { id: string; service_id: string; option: string; currency?: string; amount?: number };
export type HsdsAddress = {
  id: string;
  location_id: string;
  address_1: string;
  city: string;
  state_province: string;
  postal_code: string;
  country: string;
  address_type: "physical";
};
export type HsdsLocation = { id: string; location_type: "physical"; organization_id: string; name: string; addresses: HsdsAddress[] };
export type HsdsServiceAtLocation = { id: string; service_id: string; location_id: string; location: HsdsLocation };
export type HsdsOrganizationRef = { id: string; name: string; description: string };
export type HsdsService = {
  id: string;
  organization_id: string;
  name: string;
  description: string;
  url?: string;
  email?: string;
  status: "active";
  application_process?: string;
  fees_description?: string;
  eligibility_description?: string;
  assured_date?: string;
  assurer_email?: string;
  last_modified?: string;
  phones: HsdsPhone[];
  schedules: HsdsSchedule[];
  service_at_locations: HsdsServiceAtLocation[];
  languages: HsdsLanguage[];
  organization: HsdsOrganizationRef;
  cost_options: HsdsCostOption[];
  attributes: HsdsAttribute[];
};
/** A service's one-to-one fields: the items of `GET /services` (service_list.json). */
export type HsdsServiceListItem = Omit<
  HsdsService,
  "phones" | "schedules" | "service_at_locations" | "languages" | "cost_options" | "attributes"
>;
export type HsdsOrganization = HsdsOrganizationRef & {
  services: Omit<HsdsServiceListItem, "organization">[];
  locations: HsdsLocation[];
};
/** The items of `GET /service_at_locations`: one-to-one fields, the location's and the service's. */
export type HsdsServiceAtLocationListItem = {
  id: string;
  service_id: string;
  location_id: string;
  location: Omit<HsdsLocation, "addresses">;
  service: HsdsServiceListItem;
};

export type HsdsDataset = {
  lang: Lang;
  version: number;
  taxonomy: HsdsTaxonomy;
  taxonomyTerms: HsdsTaxonomyTerm[];
  services: HsdsService[];
  organizations: HsdsOrganization[];
  serviceAtLocations: HsdsServiceAtLocation[];
};

export type Directory = Awaited<ReturnType<typeof publicDirectory>>;
export type HsdsOptions = {
  lang: Lang;
  /** Absolute base of the portal (env BASE_URL), for links to its pages. */
  baseUrl: string;
  /** The roadmap content version, published as the taxonomy version. */
  version: number;
  /** Who checks the entries (the office's address), published as assurer_email of reviewed services. */
  assurerEmail?: string;
};

// ---------- value hygiene: what the HSDS formats accept ----------

// The same pattern as ajv-formats' "email", so everything emitted validates.
const EMAIL_RE =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;

export function cleanEmail(v: string | null | undefined): string | undefined {
  const s = v?.trim();
  return s && EMAIL_RE.test(s) ? s : undefined;
}

/** An absolute http(s) URL, or nothing; as typed when it is already a clean URI, otherwise normalised. */
export function cleanUrl(v: string | null | undefined): string | undefined {
  const s = v?.trim();
  if (!s || !URL.canParse(s)) return undefined;
  const u = new URL(s);
  if (u.protocol !== "http:" && u.protocol !== "https:") return undefined;
  return /^[\x21-\x7e]+$/.test(s) && !/["<>\\^`{|}]/.test(s) ? s : u.href;
}

/** Drops undefined, null and empty-string fields: HSDS objects leave out what they don't know. */
function compact<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null && v !== "")) as T;
}

const text = (v: Localized, lang: Lang) => pick(v, lang).text.trim();
/** The language a picked text is actually in (the other one when it fell back). */
const textLang = (v: Localized, lang: Lang): Lang => (pick(v, lang).fallback && text(v, lang) ? (lang === "nl" ? "en" : "nl") : lang);

const WORDS = {
  nl: {
    inPerson: "op locatie",
    byPhone: "telefonisch",
    byEmail: "per e-mail",
    or: "of",
    providerOf: (names: string) => `In de wegwijzer met: ${names}.`,
    taxonomy: "De onderwerpen van de Vangnet-wegwijzer voor studentenwelzijn.",
  },
  en: {
    inPerson: "in person",
    byPhone: "by phone",
    byEmail: "by e-mail",
    or: "or",
    providerOf: (names: string) => `In the roadmap with: ${names}.`,
    taxonomy: "The topics of the Vangnet student well-being roadmap.",
  },
} satisfies Record<Lang, unknown>;

function listing(parts: string[], lang: Lang) {
  if (parts.length <= 1) return parts.join("");
  return `${parts.slice(0, -1).join(", ")} ${WORDS[lang].or} ${parts.at(-1)}`;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function languageName(code: string, lang: Lang): string {
  const known = catalogs[lang].roadmap.langNames[code];
  if (known) return known;
  try {
    return new Intl.DisplayNames([lang], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}

function costOption(resourceId: string, cost: Cost, lang: Lang): HsdsCostOption {
  const option = catalogs[lang].roadmap.costs[cost];
  const base = { id: hsdsIds.costOption(resourceId), service_id: resourceId, option };
  return cost === "free" ? { ...base, currency: "EUR", amount: 0 } : base;
}

function address(resourceId: string, a: Address): HsdsAddress | null {
  const street = a.street?.trim();
  const city = a.city?.trim();
  if (!street || !city) return null;
  return {
    id: hsdsIds.address(resourceId),
    location_id: hsdsIds.location(resourceId),
    address_1: street,
    city,
    // Required by HSDS, but the portal keeps no province: present and empty.
    state_province: "",
    postal_code: a.postcode?.trim() ?? "",
    country: ADDRESS_COUNTRY,
    address_type: "physical",
  };
}

// ---------- the mapping ----------

const abs = (baseUrl: string, path: string) => `${baseUrl.replace(/\/+$/, "")}${path}`;

export function buildHsds(dir: Directory, opts: HsdsOptions): HsdsDataset {
  const { lang, baseUrl } = opts;
  const rm = catalogs[lang].roadmap;

  const taxonomy: HsdsTaxonomy = compact({
    id: hsdsIds.taxonomy(),
    name: TAXONOMY_NAME,
    description: WORDS[lang].taxonomy,
    uri: cleanUrl(abs(baseUrl, url(lang, "roadmap"))),
    version: String(opts.version),
  });

  const terms = new Map<string, HsdsTaxonomyTerm>();
  for (const t of dir.topics) {
    terms.set(t.id, {
      id: t.id,
      code: t.slug,
      name: text(t.name, lang),
      description: text(t.description, lang),
      taxonomy: TAXONOMY_NAME,
      taxonomy_id: taxonomy.id,
      taxonomy_detail: taxonomy,
      ...compact({ language: textLang(t.name, lang), term_uri: cleanUrl(abs(baseUrl, url(lang, "roadmapTopic", { slug: t.slug }))) }),
    });
  }

  // Organisations first: every service embeds its organisation's one-to-one fields.
  const byProvider = new Map<string, { name: string; resources: Directory["resources"] }>();
  for (const r of dir.resources) {
    const key = providerKey(r.provider);
    if (!key) continue;
    const entry = byProvider.get(key) ?? { name: r.provider.trim().replace(/\s+/g, " "), resources: [] };
    entry.resources.push(r);
    byProvider.set(key, entry);
  }
  const orgRefs = new Map<string, HsdsOrganizationRef>();
  for (const [key, { name, resources }] of byProvider) {
    const names = resources.map((r) => text(r.name, lang)).filter(Boolean);
    orgRefs.set(key, { id: hsdsIds.organization(key), name, description: WORDS[lang].providerOf(names.join("; ")) });
  }

  const services: HsdsService[] = [];
  const serviceAtLocations: HsdsServiceAtLocation[] = [];
  const locationsByOrg = new Map<string, HsdsLocation[]>();
  for (const r of dir.resources) {
    const org = orgRefs.get(providerKey(r.provider));
    if (!org) continue; // a resource without a provider cannot be an HSDS service
    const id = r.id;
    const name = text(r.name, lang);
    const hours = text(r.hours, lang);
    const booking = cleanUrl(r.bookingUrl);
    const email = cleanEmail(r.email);
    const phones = r.phones.filter((p) => p.number?.trim());

    const addr = r.address ? address(id, r.address) : null;
    const location: HsdsLocation | null = addr
      ? { id: hsdsIds.location(id), location_type: "physical", organization_id: org.id, name: org.name, addresses: [addr] }
      : null;
    const sal: HsdsServiceAtLocation | null = location
      ? { id: hsdsIds.serviceAtLocation(id), service_id: id, location_id: location.id, location }
      : null;
    if (sal && location) {
      serviceAtLocations.push(sal);
      locationsByOrg.set(org.id, [...(locationsByOrg.get(org.id) ?? []), location]);
    }

    const ways = [location ? WORDS[lang].inPerson : "", phones.length ? WORDS[lang].byPhone : "", email ? WORDS[lang].byEmail : ""].filter(
      Boolean,
    );
    const attending = ways.length ? capitalise(listing(ways, lang)) : undefined;
    const application = [hours, booking ? `${rm.book}: ${booking}` : ""].filter(Boolean).join("\n");
    const audiences = r.audiences.map((a) => rm.audiences[a]).filter(Boolean);

    services.push({
      id,
      organization_id: org.id,
      name,
      ...compact({
        description: text(r.description, lang) || text(r.summary, lang),
        url: cleanUrl(r.website) ?? cleanUrl(abs(baseUrl, url(lang, "roadmapResource", { slug: r.slug }))),
        email,
        application_process: application,
        fees_description: rm.costs[r.cost],
        eligibility_description: audiences.length ? `${audiences.join("; ")}.` : undefined,
        assured_date: r.lastReviewedOn ?? undefined,
        assurer_email: r.lastReviewedOn ? cleanEmail(opts.assurerEmail) : undefined,
        last_modified: r.updatedAt instanceof Date ? r.updatedAt.toISOString() : undefined,
      }),
      status: "active",
      phones: phones.map((p, i) =>
        compact({
          id: hsdsIds.phone(id, i),
          service_id: id,
          number: p.number.trim(),
          type: "voice" as const,
          description: text(p.label, lang),
        }),
      ),
      schedules:
        hours || attending ? [compact({ id: hsdsIds.schedule(id), service_id: id, description: hours, attending_type: attending })] : [],
      service_at_locations: sal ? [sal] : [],
      languages: [...new Set(r.languages.map((c) => c.trim().toLowerCase()).filter(Boolean))].map((code) => ({
        id: hsdsIds.language(id, code),
        service_id: id,
        name: languageName(code, lang),
        code,
      })),
      organization: org,
      cost_options: [costOption(id, r.cost, lang)],
      attributes: r.topicIds
        .map((topicId) => terms.get(topicId))
        .filter((t): t is HsdsTaxonomyTerm => Boolean(t))
        .map((term) => ({
          id: hsdsIds.attribute(id, term.id),
          link_id: id,
          link_entity: "service" as const,
          taxonomy_term_id: term.id,
          taxonomy_term: term,
        })),
    });
  }

  const organizations: HsdsOrganization[] = [...orgRefs.values()]
    .map((ref) => ({
      ...ref,
      services: services
        .filter((s) => s.organization_id === ref.id)
        .map(({ organization: _, ...rest }) => serviceListItem(rest as HsdsService)),
      locations: locationsByOrg.get(ref.id) ?? [],
    }))
    .sort((a, b) => a.name.localeCompare(b.name, lang) || a.id.localeCompare(b.id));

  return { lang, version: opts.version, taxonomy, taxonomyTerms: [...terms.values()], services, organizations, serviceAtLocations };
}

const NESTED: (keyof HsdsService)[] = ["phones", "schedules", "service_at_locations", "languages", "cost_options", "attributes"];

/** One-to-one fields only (service_list.json); `organization` stays, as the list schema has it. */
export function serviceListItem(s: HsdsService): HsdsServiceListItem {
  return Object.fromEntries(Object.entries(s).filter(([k]) => !NESTED.includes(k as keyof HsdsService))) as HsdsServiceListItem;
}

export function organizationListItem(o: HsdsOrganization): HsdsOrganizationRef {
  return { id: o.id, name: o.name, description: o.description };
}

export function serviceAtLocationListItem(sal: HsdsServiceAtLocation, service: HsdsService): HsdsServiceAtLocationListItem {
  const { addresses: _, ...location } = sal.location;
  return { id: sal.id, service_id: sal.service_id, location_id: sal.location_id, location, service: serviceListItem(service) };
}

// ---------- pages ----------

export type HsdsPage<T> = {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: T[];
};

/** The HSDS API page object; `page` is 1-based, a page past the end is empty (not an error). */
export function paginate<T>(items: readonly T[], page: number, perPage: number): HsdsPage<T> {
  const totalPages = Math.ceil(items.length / perPage);
  const contents = items.slice((page - 1) * perPage, page * perPage);
  return {
    total_items: items.length,
    total_pages: totalPages,
    page_number: page,
    size: contents.length,
    first_page: page === 1,
    last_page: page >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}

// ---------- loading and exporting ----------

/** The roadmap content version and its stamp (version and time of the last edit: changes with every edit). */
export const contentStamp = (db: Db) => contentVersion(db, ROADMAP);

export async function loadHsds(db: Db, opts: Omit<HsdsOptions, "version">): Promise<HsdsDataset> {
  const { version } = await contentStamp(db);
  return buildHsds(await publicDirectory(db), { ...opts, version });
}

/** The document `hsds:export` writes: everything, fully nested, in one language. */
export function hsdsExportDocument(data: HsdsDataset, generatedAt: Date) {
  return {
    hsds_version: HSDS_VERSION,
    lang: data.lang,
    content_version: data.version,
    generated_at: generatedAt.toISOString(),
    taxonomies: [data.taxonomy],
    taxonomy_terms: data.taxonomyTerms,
    organizations: data.organizations,
    services: data.services,
  };
}

// ---------- `npm run cli -- hsds:export <file> [--lang nl|en]` ----------

/** Writes the export document to `<file>` ("-": standard output). Returns the exit code. */
export async function hsdsExportCommand(args: string[], usage: string): Promise<number> {
  let lang: string = "nl";
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--lang") lang = args[++i] ?? "";
    else if (a.startsWith("--lang=")) lang = a.slice("--lang=".length);
    else if (a.startsWith("--") && a !== "-") {
      console.error(`Unknown option ${a}.\n${usage}`);
      return 1;
    } else positional.push(a);
  }
  if (!isLang(lang)) {
    console.error(`--lang must be nl or en.\n${usage}`);
    return 1;
  }
  const [file, ...extra] = positional;
  if (!file || extra.length) {
    console.error(`hsds:export needs exactly one output file ("-" for standard output).\n${usage}`);
    return 1;
  }
  const env = loadEnv();
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  try {
    await database.migrate();
    const data = await loadHsds(database.db, { lang, baseUrl: env.BASE_URL, assurerEmail: env.OFFICE_EMAIL });
    const json = `${JSON.stringify(hsdsExportDocument(data, new Date()), null, 2)}\n`;
    if (file === "-") {
      process.stdout.write(json);
      return 0;
    }
    const target = path.resolve(file);
    await writeFile(target, json, "utf8");
    console.log(
      `Wrote ${data.services.length} services, ${data.organizations.length} organizations and ${data.taxonomyTerms.length} taxonomy terms (${lang}, HSDS ${HSDS_VERSION}) to ${target}.`,
    );
    return 0;
  } catch (err) {
    console.error(`hsds:export failed: ${(err as Error).message}`);
    return 1;
  } finally {
    await database.close();
  }
}
