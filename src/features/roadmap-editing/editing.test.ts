import { count, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { Client, decodeHtml, fieldError, setupApp, signedIn } from "../../../test/helpers/app.js";
import { seedRoadmap } from "../../demo/seed.js";
import { resources, topics } from "../roadmap/schema.js";
import { resourceBySlug, searchResources } from "../roadmap/service.js";

const ctx = setupApp();
const seed = () => seedRoadmap(ctx.db, ctx.clock.now(), { TIME_ZONE: "Europe/Amsterdam" });
const slugs = (rows: { slug: string }[]) => rows.map((r) => r.slug);

describe("staff editing", () => {
  beforeEach(seed);

  const validResource = (topicId: string) => ({
    slug: "new-place",
    name_nl: "Nieuwe plek",
    name_en: "New place",
    summary_nl: "Kort",
    summary_en: "Short",
    scope: "inside",
    provider: "Universiteit",
    cost: "free",
    status: "active",
    languages: "nl, en",
    phones: "071 000 9999 Balie | Desk",
    topics: topicId,
  });

  it("is for office staff only", async () => {
    for (const path of ["/en/office/roadmap", "/en/office/roadmap/resources/new", "/en/office/roadmap/topics/new"]) {
      expect((await new Client(ctx).get(path)).status, path).toBe(303);
      const { client } = await signedIn(ctx, "board@example.org");
      expect((await client.get(path)).status, path).toBe(403);
    }
  });

  it("creates a resource, which is then found by search", async () => {
    const { client } = await signedIn(ctx, "staff@example.org", { staffRole: "staff" });
    const form = await (await client.get("/en/office/roadmap/resources/new")).text();
    const topicId = form.match(/name="topics" value="([0-9a-f-]{36})"/)![1]!;
    const res = await client.post("/en/office/roadmap/resources/new", {
      ...validResource(topicId),
      street: "Rapenburg 70",
      postcode: "2311ez",
      city: "Leiden",
    });
    expect(res.status).toBe(303);
    expect(slugs(await searchResources(ctx.db, "en", "new place"))).toContain("new-place");
    const saved = (await resourceBySlug(ctx.db, "new-place"))!;
    expect(saved.phones).toEqual([{ number: "071 000 9999", label: { nl: "Balie", en: "Desk" } }]);
    expect(saved.address).toEqual({ street: "Rapenburg 70", postcode: "2311 EZ", city: "Leiden" });
    expect(saved.lastReviewedOn).toBe("2026-11-23");
  });

  it("rejects bad input with localized errors next to the fields, keeps values and writes nothing", async () => {
    const { client } = await signedIn(ctx, "staff@example.org", { staffRole: "staff" });
    const [before] = await ctx.db.select({ n: count() }).from(resources);
    for (const [lang, path, expected] of [
      ["en", "/en/office/roadmap/resources/new", "Use only lower-case letters"],
      ["nl", "/nl/kantoor/wegwijzer/hulp/nieuw", "Gebruik alleen kleine letters"],
    ] as const) {
      const res = await client.post(path, {
        slug: "Bad Slug!",
        name_nl: "",
        name_en: "",
        summary_nl: "x",
        scope: "inside",
        provider: "P",
        cost: "free",
        status: "active",
        website: "not a url",
        phones: "call me",
        postcode: "12345",
      });
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(fieldError(html, "postcode")).toBe(lang === "en" ? "Enter a postcode like 2311 EZ." : "Vul een postcode in zoals 2311 EZ.");
      expect(fieldError(html, "slug")).toContain(expected);
      expect(fieldError(html, "name_nl")).toBeTruthy();
      expect(fieldError(html, "website")).toBeTruthy();
      expect(fieldError(html, "phones")).toBeTruthy();
      expect(html).toContain('value="Bad Slug!"');
      expect(html).toContain(lang === "en" ? "Choose at least one topic." : "Kies minstens één onderwerp.");
    }
    const [after] = await ctx.db.select({ n: count() }).from(resources);
    expect(after!.n).toBe(before!.n);
  });

  it("refuses a slug that is taken, next to the field, for places and topics alike (a field error from the service)", async () => {
    const { client } = await signedIn(ctx, "staff@example.org", { staffRole: "staff" });
    const form = await (await client.get("/en/office/roadmap/resources/new")).text();
    const topicId = form.match(/name="topics" value="([0-9a-f-]{36})"/)![1]!;
    const [before] = await ctx.db.select({ n: count() }).from(resources);
    const place = await client.post("/en/office/roadmap/resources/new", { ...validResource(topicId), slug: "de-luisterlijn" });
    expect(place.status).toBe(422);
    expect(fieldError(await place.text(), "slug")).toBe("This short name is already in use.");
    const [after] = await ctx.db.select({ n: count() }).from(resources);
    expect(after!.n).toBe(before!.n);
    // Saving another place under a taken slug, and a topic under another topic's slug.
    const other = (await resourceBySlug(ctx.db, "113-suicide-prevention"))!;
    const edit = await client.post(`/nl/kantoor/wegwijzer/hulp/${other.id}`, { ...validResource(topicId), slug: "de-luisterlijn" });
    expect(edit.status).toBe(422);
    expect(fieldError(await edit.text(), "slug")).toBe("Deze korte naam is al in gebruik.");
    expect((await resourceBySlug(ctx.db, "113-suicide-prevention"))?.id).toBe(other.id);
    const topic = await client.post("/en/office/roadmap/topics/new", {
      slug: "loneliness",
      name_en: "Loneliness again",
      icon: "circle",
      color: "#0a5c4f",
      status: "active",
    });
    expect(topic.status).toBe(422);
    expect(fieldError(await topic.text(), "slug")).toBe("This short name is already in use.");
  });

  it("lists resources not checked for 12 months and stamps the date when marked checked", async () => {
    const { client } = await signedIn(ctx, "staff@example.org", { staffRole: "staff" });
    const html = await (await client.get("/en/office/roadmap")).text();
    const section = html.slice(html.indexOf('id="to-check"'), html.indexOf("</section>", html.indexOf('id="to-check"')));
    const ids = [...section.matchAll(/resources\/([0-9a-f-]{36})\/reviewed/g)].map((m) => m[1]!);
    expect(ids.length).toBeGreaterThanOrEqual(3);
    const res = await client.post(`/en/office/roadmap/resources/${ids[0]}/reviewed`);
    expect(res.status).toBe(303);
    const [row] = await ctx.db.select().from(resources).where(eq(resources.id, ids[0]!));
    expect(row!.lastReviewedOn).toBe("2026-11-23");
    const again = await (await client.get("/en/office/roadmap")).text();
    expect(again.slice(again.indexOf('id="to-check"'), again.indexOf("</section>", again.indexOf('id="to-check"')))).not.toContain(ids[0]!);
  });

  it("flags untranslated fields in the staff list", async () => {
    await ctx.db
      .update(resources)
      .set({ description: { nl: "Alleen Nederlands", en: "" } })
      .where(eq(resources.slug, "de-luisterlijn"));
    const { client } = await signedIn(ctx, "staff@example.org", { staffRole: "staff" });
    const html = await (await client.get("/en/office/roadmap")).text();
    expect(html).toContain("1 field not translated");
  });
});

describe("search words in the office's forms", () => {
  beforeEach(seed);

  const resourceForm = (topicId: string, over: Record<string, string> = {}) => ({
    slug: "new-place",
    name_nl: "Nieuwe plek",
    name_en: "New place",
    summary_nl: "Kort",
    summary_en: "Short",
    scope: "inside",
    provider: "Universiteit",
    cost: "free",
    status: "active",
    languages: "nl, en",
    topics: topicId,
    ...over,
  });

  it("refuses a list that is too long with a localized error next to the field, keeps it and writes nothing", async () => {
    const { client } = await signedIn(ctx, "staff@example.org", { staffRole: "staff" });
    const form = await (await client.get("/en/office/roadmap/resources/new")).text();
    const topicId = form.match(/name="topics" value="([0-9a-f-]{36})"/)![1]!;
    const many = Array.from({ length: 61 }, (_, i) => `woord${i}`).join(", ");
    for (const [path, message] of [
      ["/en/office/roadmap/resources/new", "Separate search words with commas: at most 60, each at most 60 characters."],
      ["/nl/kantoor/wegwijzer/hulp/nieuw", "Scheid zoekwoorden met komma's: hoogstens 60, elk hoogstens 60 tekens."],
    ] as const) {
      const res = await client.post(path, resourceForm(topicId, { searchWords_en: many }));
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(decodeHtml(fieldError(html, "searchWords_en") ?? "")).toBe(message);
      expect(html).toContain("woord60");
    }
    const topic = await client.post("/en/office/roadmap/topics/new", {
      slug: "too-many",
      name_en: "Too many",
      searchWords_nl: `${"x".repeat(61)}, kort`,
      icon: "circle",
      color: "#0a5c4f",
      status: "active",
    });
    expect(topic.status).toBe(422);
    expect(fieldError(await topic.text(), "searchWords_nl")).toBeTruthy();
    expect(await ctx.db.select().from(resources).where(eq(resources.slug, "new-place"))).toEqual([]);
    expect(await ctx.db.select().from(topics).where(eq(topics.slug, "too-many"))).toEqual([]);
  });
});

describe("hiding a place from the public roadmap", () => {
  beforeEach(seed);

  it("says what it does, sits apart from the preview, asks first; a hidden place says so, with Show again", async () => {
    const { client } = await signedIn(ctx, "office@example.org", { staffRole: "staff" });
    const place = (await resourceBySlug(ctx.db, "student-psychologists"))!;
    const edit = `/en/office/roadmap/resources/${place.id}`;
    const confirm = `${edit}/status`;
    let html = decodeHtml(await (await client.get(edit)).text());
    // No one-click hide next to the preview; a link to the question instead, under Visibility.
    expect(html).not.toMatch(/<form[^>]*action="[^"]*\/status"[^>]*>(?:(?!<\/form>).)*value="hidden"/s);
    expect(html.indexOf('<h2 id="visibility">Visibility</h2>')).toBeGreaterThan(html.indexOf("<h2>Preview</h2>"));
    expect(html).toContain(`<a class="button secondary" href="${confirm}">Hide from the public roadmap</a>`);

    // The question changes nothing; its button hides.
    const ask = decodeHtml(await (await client.get(confirm)).text());
    expect(ask).toContain(`<h1>Hide ${place.name.en}?</h1>`);
    expect((await resourceBySlug(ctx.db, "student-psychologists"))?.status).toBe("active");
    const hide = await client.post(confirm, { status: "hidden" });
    expect(hide.status).toBe(303);
    expect(await resourceBySlug(ctx.db, "student-psychologists")).toBeNull();

    html = decodeHtml(await (await client.get(edit)).text());
    expect(html).toContain("This place is hidden: students don't see it");
    expect(html).toMatch(/<form[^>]*action="[^"]*\/status"[^>]*>(?:(?!<\/form>).)*value="active"(?:(?!<\/form>).)*Show again/s);
    expect(html).not.toContain('<h2 id="visibility">');
    // For a hidden place the question is the other way round.
    expect(decodeHtml(await (await client.get(confirm)).text())).toContain(`<h1>Show ${place.name.en} again?</h1>`);
    expect((await client.post(confirm, { status: "active" })).status).toBe(303);
    expect((await resourceBySlug(ctx.db, "student-psychologists"))?.status).toBe("active");
  });
});
