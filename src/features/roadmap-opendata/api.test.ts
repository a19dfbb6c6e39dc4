import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { BASE, setupApp } from "../../../test/helpers/app.js";
import { contentVersions } from "../../core/content/schema.js";
import { bumpContentVersion } from "../../core/content/versions.js";
import { LANGS, type Lang } from "../../core/i18n/index.js";
import { DEMO_RESOURCES, DEMO_TOPICS } from "../../demo/roadmap.js";
import { seedRoadmap } from "../../demo/seed.js";
import { url } from "../../routes.js";
import { users } from "../auth/schema.js";
import { resources, topics } from "../roadmap/schema.js";
import { ROADMAP, resourceById, setResourceStatus, updateResource } from "../roadmap/service.js";

const ctx = setupApp();

const seed = () => seedRoadmap(ctx.db, ctx.clock.now(), { TIME_ZONE: "Europe/Amsterdam" });

async function staffId() {
  const [u] = await ctx.db
    .insert(users)
    .values({ email: "office@example.org", staffRole: "staff" })
    .onConflictDoUpdate({ target: users.email, set: { staffRole: "staff" } })
    .returning();
  return u!.id;
}

type Doc = {
  lang: Lang;
  version: number;
  generatedAt: string;
  topics: Record<string, unknown>[];
  resources: Record<string, unknown>[];
};

async function getDoc(query = "", headers: Record<string, string> = {}) {
  const res = await ctx.app.request(`/api/roadmap${query}`, { headers });
  return { res, doc: res.status === 200 ? ((await res.json()) as Doc) : null };
}

/** Edits one resource the way the office screens do (updateResource: a transaction that bumps the version). */
async function editResource(slug: string, change: (input: Record<string, unknown>) => void) {
  const [row] = await ctx.db.select({ id: resources.id }).from(resources).where(eq(resources.slug, slug));
  const current = await resourceById(ctx.db, row!.id);
  const { id: _id, createdAt: _c, updatedAt: _u, lastReviewedOn: _l, reviewedBy: _r, ...input } = current!;
  change(input as Record<string, unknown>);
  expect(await updateResource(ctx.db, await staffId(), row!.id, input, ctx.clock.now())).toBe(row!.id);
  return row!.id;
}

const TOPIC_KEYS = ["id", "slug", "name", "description", "icon", "color", "urgent", "url"].sort();
const RESOURCE_KEYS = [
  "id",
  "slug",
  "name",
  "summary",
  "description",
  "scope",
  "provider",
  "audiences",
  "phones",
  "email",
  "website",
  "address",
  "hours",
  "bookingUrl",
  "cost",
  "languages",
  "confidentiality",
  "urgent",
  "topics",
  "lastReviewedOn",
  "url",
].sort();

describe("GET /api/roadmap", () => {
  it.each(LANGS)("returns every active topic and resource with texts in %s, absolute links and the public headers", async (lang) => {
    await seed();
    const { res, doc } = await getDoc(`?lang=${lang}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("public, max-age=300");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("content-language")).toBe(lang);
    expect(res.headers.get("etag")).toMatch(/^W\/".+"$/);
    // Registered before CSRF and sessions: no cookie, ever.
    expect(res.headers.get("set-cookie")).toBeNull();

    expect(doc!.lang).toBe(lang);
    expect(doc!.version).toBeGreaterThan(0);
    expect(new Date(doc!.generatedAt).toISOString()).toBe(doc!.generatedAt);
    expect(doc!.topics).toHaveLength(DEMO_TOPICS.length);
    expect(doc!.resources).toHaveLength(DEMO_RESOURCES.length);

    for (const t of doc!.topics) {
      expect(Object.keys(t).sort()).toEqual(TOPIC_KEYS);
      const demo = DEMO_TOPICS.find((d) => d.slug === t.slug)!;
      expect(t).toMatchObject({ name: demo.name[lang], description: demo.description[lang], icon: demo.icon, color: demo.color });
      expect(t.url).toBe(`${BASE}${url(lang, "roadmapTopic", { slug: demo.slug })}`);
    }
    // The urgent-help topic comes first.
    expect(doc!.topics[0]).toMatchObject({ slug: "urgent-help", urgent: true });

    const topicSlugs = new Set(DEMO_TOPICS.map((t) => t.slug));
    for (const r of doc!.resources) {
      expect(Object.keys(r).sort()).toEqual(RESOURCE_KEYS);
      const demo = DEMO_RESOURCES.find((d) => d.slug === r.slug)!;
      expect(r).toMatchObject({
        name: demo.name[lang],
        summary: demo.summary[lang],
        description: demo.description[lang],
        scope: demo.scope,
        provider: demo.provider,
        audiences: demo.audiences,
        email: demo.email,
        website: demo.website,
        address: demo.address,
        hours: demo.hours[lang],
        bookingUrl: demo.bookingUrl,
        cost: demo.cost,
        languages: demo.languages,
        confidentiality: demo.confidentiality[lang],
        urgent: demo.urgent,
      });
      expect(r.phones).toEqual(demo.phones.map((p) => ({ number: p.number, label: p.label[lang] })));
      expect([...(r.topics as string[])].sort()).toEqual(demo.topics.filter((s) => topicSlugs.has(s)).sort());
      expect(r.url).toBe(`${BASE}${url(lang, "roadmapResource", { slug: demo.slug })}`);
      expect(r.lastReviewedOn === null || /^\d{4}-\d{2}-\d{2}$/.test(r.lastReviewedOn as string)).toBe(true);
    }
    // Urgent resources first.
    const urgency = doc!.resources.map((r) => r.urgent);
    expect(urgency).toEqual([...urgency].sort((a, b) => Number(b) - Number(a)));
  });

  it("defaults to Dutch and refuses another language with a JSON 400, never a 500", async () => {
    await seed();
    const { doc } = await getDoc();
    expect(doc!.lang).toBe("nl");
    for (const q of ["?lang=de", "?lang=", "?lang=EN", "?lang=nl%00", `?lang=${"x".repeat(5000)}`]) {
      const res = await ctx.app.request(`/api/roadmap${q}`);
      expect(res.status, q).toBe(400);
      expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body).toEqual({ error: { code: "invalid_query", message: expect.stringContaining("lang") } });
    }
    // Unknown parameters are ignored.
    expect((await ctx.app.request("/api/roadmap?lang=en&foo=bar")).status).toBe(200);
  });

  it("works on an empty roadmap", async () => {
    const { res, doc } = await getDoc("?lang=en");
    expect(res.status).toBe(200);
    expect(doc).toMatchObject({ lang: "en", version: 0, topics: [], resources: [] });
  });

  it("falls back to the other language for a missing translation and lists the fields it filled in", async () => {
    await seed();
    await editResource("113-suicide-prevention", (input) => {
      input.summary = { nl: "Alleen in het Nederlands.", en: "" };
      input.hours = { nl: "", en: "" }; // empty in both: nothing to fall back to, not flagged
      input.phones = [{ label: { nl: "Crisislijn", en: "" }, number: "113" }];
    });
    await ctx.db
      .update(topics)
      .set({ description: { nl: "", en: "Only in English." } })
      .where(eq(topics.slug, "money"));
    await bumpContentVersion(ctx.db, ROADMAP);

    const en = (await getDoc("?lang=en")).doc!;
    const r = en.resources.find((x) => x.slug === "113-suicide-prevention")!;
    expect(r).toMatchObject({ summary: "Alleen in het Nederlands.", hours: "", phones: [{ number: "113", label: "Crisislijn" }] });
    expect(r.fallback).toEqual(["summary", "phones[0].label"]);
    expect(en.topics.find((t) => t.slug === "money")!.fallback).toBeUndefined();
    // Items without fallback carry no "fallback" key at all.
    expect(en.resources.filter((x) => "fallback" in x)).toHaveLength(1);

    const nl = (await getDoc("?lang=nl")).doc!;
    expect(nl.resources.find((x) => x.slug === "113-suicide-prevention")!.fallback).toBeUndefined();
    const money = nl.topics.find((t) => t.slug === "money")!;
    expect(money).toMatchObject({ description: "Only in English.", fallback: ["description"] });
  });

  it("leaves out hidden resources and hidden topics (also from a resource's topic list)", async () => {
    await seed();
    const hiddenId = await editResource("113-suicide-prevention", () => {});
    expect(await setResourceStatus(ctx.db, await staffId(), hiddenId, "hidden")).toBe(hiddenId);
    await ctx.db.update(topics).set({ status: "hidden" }).where(eq(topics.slug, "low-mood"));
    await bumpContentVersion(ctx.db, ROADMAP);

    const { doc } = await getDoc("?lang=en");
    expect(doc!.resources).toHaveLength(DEMO_RESOURCES.length - 1);
    expect(doc!.resources.some((r) => r.slug === "113-suicide-prevention" || r.id === hiddenId)).toBe(false);
    expect(doc!.topics.some((t) => t.slug === "low-mood")).toBe(false);
    expect(doc!.resources.some((r) => (r.topics as string[]).includes("low-mood"))).toBe(false);
  });
});

describe("/api/roadmap caching", () => {
  it("answers If-None-Match with 304, per language, and keeps the built document in memory", async () => {
    await seed();
    const first = await getDoc("?lang=en");
    const etag = first.res.headers.get("etag")!;
    ctx.clock.advance(60_000);
    const again = await getDoc("?lang=en");
    expect(again.res.headers.get("etag")).toBe(etag);
    // Served from memory: the same generatedAt although the clock moved.
    expect(again.doc!.generatedAt).toBe(first.doc!.generatedAt);

    for (const inm of [etag, etag.replace(/^W\//, ""), `"other", ${etag}`, "*"]) {
      const res = await ctx.app.request("/api/roadmap?lang=en", { headers: { "If-None-Match": inm } });
      expect(res.status, inm).toBe(304);
      expect(await res.text()).toBe("");
      expect(res.headers.get("etag")).toBe(etag);
      expect(res.headers.get("cache-control")).toBe("public, max-age=300");
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
    }
    expect((await ctx.app.request("/api/roadmap?lang=en", { headers: { "If-None-Match": '"stale"' } })).status).toBe(200);

    // Another language is another representation.
    const nl = await getDoc("?lang=nl", { "If-None-Match": etag });
    expect(nl.res.status).toBe(200);
    expect(nl.res.headers.get("etag")).not.toBe(etag);
  });

  it("changes the ETag and the content after an edit (updateResource) and after bumpContentVersion", async () => {
    await seed();
    const before = await getDoc("?lang=en");
    const etag = before.res.headers.get("etag")!;

    ctx.clock.advance(60_000);
    await editResource("113-suicide-prevention", (input) => {
      input.name = { nl: "113 Zelfmoordpreventie (nieuw)", en: "113 Suicide Prevention (new)" };
    });
    const after = await getDoc("?lang=en", { "If-None-Match": etag });
    expect(after.res.status).toBe(200);
    const etag2 = after.res.headers.get("etag")!;
    expect(etag2).not.toBe(etag);
    expect(after.doc!.version).toBe(before.doc!.version + 1);
    expect(after.doc!.generatedAt).not.toBe(before.doc!.generatedAt);
    expect(after.doc!.resources.find((r) => r.slug === "113-suicide-prevention")!.name).toBe("113 Suicide Prevention (new)");

    await bumpContentVersion(ctx.db, ROADMAP);
    const bumped = await getDoc("?lang=en", { "If-None-Match": etag2 });
    expect(bumped.res.status).toBe(200);
    expect(bumped.res.headers.get("etag")).not.toBe(etag2);
  });

  it("serves a fresh roadmap when the database was emptied and filled again at the same version number", async () => {
    await seed();
    const first = (await getDoc("?lang=en")).doc!;
    // As after restoring an older backup: the version number comes round again, with other content.
    await ctx.db.delete(resources);
    await ctx.db.delete(topics);
    await ctx.db.delete(contentVersions);
    await seed();
    const second = (await getDoc("?lang=en")).doc!;
    expect(second.version).toBe(first.version);
    expect(second.resources[0]!.id).not.toBe(first.resources[0]!.id);
  });

  it("answers HEAD, a CORS preflight, and other methods without CSRF or cookies", async () => {
    await seed();
    const head = await ctx.app.request("/api/roadmap?lang=en", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("etag")).toMatch(/^W\//);

    const pre = await ctx.app.request("/api/roadmap", {
      method: "OPTIONS",
      headers: { Origin: "https://elsewhere.example", "Access-Control-Request-Method": "GET" },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe("*");
    expect(pre.headers.get("access-control-allow-methods")).toContain("GET");

    const post = await ctx.app.request("/api/roadmap", { method: "POST", headers: { Origin: "https://elsewhere.example" } });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    expect(post.headers.get("set-cookie")).toBeNull();
    expect(((await post.json()) as { error: { code: string } }).error.code).toBe("method_not_allowed");
  });
});
