import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { Client, decodeHtml, setupApp, signedIn } from "../../../test/helpers/app.js";
import { countingDb } from "../../../test/helpers/db.js";
import { resourceRow } from "../../../test/helpers/fixtures.js";
import { bumpContentVersion } from "../../core/content/versions.js";
import { seedRoadmap } from "../../demo/seed.js";
import { MAX_QUERY_WORDS, normaliseQuery } from "../search-language/service.js";
import { SEARCH_GATE } from "./public.routes.js";
import { resources, topics } from "./schema.js";
import { searchDataChanged } from "./search-index.js";
import { RANK_CANDIDATES, refreshSearch, searchHelp, searchQuery, searchRoadmap } from "./service.js";

const ctx = setupApp();
const seed = () => seedRoadmap(ctx.db, ctx.clock.now(), { TIME_ZONE: "Europe/Amsterdam" });
const slugs = (rows: { slug: string }[]) => rows.map((r) => r.slug);
/** A change written straight to the table, made known as the service's edits do: a new content version, and this process's search index told. */
const edited = async () => {
  await bumpContentVersion(ctx.db, "roadmap");
  searchDataChanged();
};
/** The slugs with the step of the search that found each (0: crisis lines, 1: full text, 2: typos corrected, 3: prefixes). */
const steps = async (lang: "nl" | "en", q: string, crisis: boolean) =>
  (await searchQuery(ctx.db, lang, normaliseQuery(q), { crisis })).map((r) => `${r.slug}@${r.step}`);

describe("crisis language in the roadmap search", () => {
  beforeEach(seed);

  it("lists the crisis lines first, 113 then 112, whichever step finds the rest", async () => {
    // Full text finds the others; typo correction; prefixes of stems.
    const full = await steps("en", "suicidal thoughts", true);
    const typo = await steps("en", "sucidal", true);
    const prefix = await steps("en", "wanna die lonely", true);
    for (const found of [full, prefix, typo]) expect(found.slice(0, 2)).toEqual(["113-suicide-prevention@0", "emergency-112@0"]);
    expect(full[2]).toMatch(/@1$/);
    expect(typo[2]).toMatch(/@2$/);
    expect(prefix[2]).toMatch(/@3$/);
    // Words that find nothing at all still give the crisis lines.
    expect(await steps("nl", "ik wil dood", true)).toEqual(["113-suicide-prevention@0", "emergency-112@0"]);
  });

  it("recognises crisis language in both languages on either page, typos and all, and never suggests a correction there", async () => {
    for (const [lang, q] of [
      ["en", "I want to die"],
      ["en", "kill myself"],
      ["en", "ik wil dood"],
      ["nl", "i want to die"],
      ["nl", "zelmoord"],
      ["nl", "suïcidaal"],
      ["nl", "ik wil mezelf van kant maken"],
    ] as const) {
      const { results, crisis, suggestion } = await searchRoadmap(ctx.db, lang, q);
      expect(crisis, q).toBe(true);
      expect(slugs(results).slice(0, 2), q).toEqual(["113-suicide-prevention", "emergency-112"]);
      expect(suggestion, q).toBeNull();
    }
    const everyday = await searchRoadmap(ctx.db, "en", "exam stress");
    expect(everyday.crisis).toBe(false);
    expect(slugs(everyday.results)).not.toContain("113-suicide-prevention");
  });

  it("finds the crisis lines by their flag, not by their address", async () => {
    await ctx.db.update(resources).set({ crisis: false }).where(eq(resources.slug, "113-suicide-prevention"));
    await ctx.db.update(resources).set({ crisis: true }).where(eq(resources.slug, "de-luisterlijn"));
    await edited();
    expect(slugs((await searchRoadmap(ctx.db, "en", "i want to die")).results)[0]).toBe("emergency-112");
    await ctx.db.update(resources).set({ crisis: false });
    await edited();
    const none = await searchRoadmap(ctx.db, "en", "kms");
    // Without crisis lines the calm sentence still shows (it names 113); the list is the search's own.
    expect(none.crisis).toBe(true);
    expect(slugs(none.results)).not.toContain("emergency-112");
  });

  it("shows a calm sentence above the results, with 113 first, in the page's language", async () => {
    const c = new Client(ctx);
    const en = await (await c.get(`/en/roadmap/search?q=${encodeURIComponent("I want to die")}`)).text();
    const sentence = en.indexOf("You don&#39;t have to go through this alone");
    expect(sentence).toBeGreaterThan(0);
    expect(sentence).toBeLessThan(en.indexOf("resource-card"));
    expect(en.slice(en.indexOf("resource-card")).match(/\/en\/roadmap\/help\/([a-z0-9-]+)/)?.[1]).toBe("113-suicide-prevention");
    expect(en.indexOf("/en/roadmap/help/113-suicide-prevention")).toBeLessThan(en.indexOf("/en/roadmap/help/emergency-112"));
    const nl = decodeHtml(await (await c.get(`/nl/wegwijzer/zoeken?q=${encodeURIComponent("ik wil dood")}`)).text());
    expect(nl).toContain("Je hoeft hier niet alleen doorheen.");
    expect(nl).not.toContain("Bedoelde je");
    const calm = await (await c.get("/en/roadmap/search?q=stress")).text();
    expect(calm).not.toContain("go through this alone");
  });
});

describe("typos, suggestions and empty results", () => {
  beforeEach(seed);

  it("corrects a swapped, dropped or doubled letter (Damerau-Levenshtein) and suggests the corrected search", async () => {
    for (const [lang, q, fixed, place] of [
      ["en", "lonley", "lonely", "de-luisterlijn"],
      ["en", "greif", "grief", "student-chaplain"],
      ["en", "homesik", "homesick", "international-student-desk"],
      ["en", "anxeity", "anxiety", "student-psychologists"],
      ["nl", "depresief", "depressief", "student-psychologists"],
      ["nl", "eenzaamhied", "eenzaamheid", "de-luisterlijn"],
    ] as const) {
      const { results, suggestion } = await searchRoadmap(ctx.db, lang, q);
      expect(suggestion, q).toBe(fixed);
      expect(slugs(results).slice(0, 3), q).toContain(place);
    }
    // Found as typed, or through another word form ("depres" is a prefix of "depress"): nothing to
    // suggest. Too short to correct: nothing found, nothing suggested.
    expect((await searchRoadmap(ctx.db, "en", "lonely")).suggestion).toBeNull();
    expect(slugs((await searchRoadmap(ctx.db, "en", "depresed")).results)[0]).toBe("student-psychologists");
    expect(await searchRoadmap(ctx.db, "en", "qz")).toEqual({ results: [], crisis: false, suggestion: null });
  });

  it("keeps a typo's correction for the content version only: a place added with the word corrects it at once", async () => {
    // Asked before the word exists: nothing to correct it to (and that answer is kept).
    expect(await searchRoadmap(ctx.db, "en", "zwerfkatie")).toEqual({ results: [], crisis: false, suggestion: null });
    const [row] = await ctx.db
      .insert(resources)
      .values(resourceRow("zwerfkat-shelter", { name: "Zwerfkatje shelter", description: "Cats." }))
      .returning({ id: resources.id });
    await refreshSearch(ctx.db, [row!.id]);
    await edited();
    // One letter dropped: the word the new place brought.
    const { suggestion, results } = await searchRoadmap(ctx.db, "en", "zwerfkatie");
    expect(suggestion).toBe("zwerfkatje");
    expect(slugs(results)).toEqual(["zwerfkat-shelter"]);
  });

  it("corrects a misspelt word next to words it knows, and only the word it does not know", async () => {
    for (const [lang, q, fixed, place] of [
      ["en", "exam strss", "exam stress", "courses-workshops"],
      ["en", "strss exams", "stress exams", "courses-workshops"],
      ["en", "feeling lonley", "feeling lonely", "de-luisterlijn"],
      ["nl", "examen strss", "examen stress", "courses-workshops"],
      ["nl", "heel eenzaamhied", "heel eenzaamheid", "de-luisterlijn"],
    ] as const) {
      const { results, suggestion } = await searchRoadmap(ctx.db, lang, q);
      expect(suggestion, q).toBe(fixed);
      expect(slugs(results).slice(0, 3), q).toContain(place);
    }
    // The corrected words come first: "exam stress" before what "exam" alone finds.
    const typo = await steps("en", "exam strss", false);
    expect(typo[0]).toBe("courses-workshops@2");
    expect(typo).not.toContain("disability-centre@3");
    // Words the roadmap knows in another form are no typos: nothing to correct or suggest.
    for (const [lang, q] of [
      ["en", "panic attacks"],
      ["en", "lonely exams"],
      ["en", "the stress"],
      ["nl", "studieadviseurs"],
      ["nl", "gepest op mijn vereniging"],
    ] as const)
      expect((await searchRoadmap(ctx.db, lang, q)).suggestion, q).toBeNull();
  });

  it("links 'Did you mean …?' to the corrected search (a GET link)", async () => {
    const html = await (await new Client(ctx).get("/en/roadmap/search?q=lonley")).text();
    expect(html).toContain('Did you mean <a href="/en/roadmap/search?q=lonely">lonely</a>?');
    const nl = await (await new Client(ctx).get("/nl/wegwijzer/zoeken?q=depresief")).text();
    expect(nl).toContain('Bedoelde je <a href="/nl/wegwijzer/zoeken?q=depressief">depressief</a>?');
    const both = await (await new Client(ctx).get("/en/roadmap/search?q=exam+strss")).text();
    expect(both).toContain('Did you mean <a href="/en/roadmap/search?q=exam+stress">exam stress</a>?');
  });

  it("never shows an empty page: nothing found lists urgent help, the topics and the guided path", async () => {
    for (const [path, guide] of [
      ["/en/roadmap/search?q=qqqzzzxx", "/en/roadmap/where-can-i-turn"],
      ["/nl/wegwijzer/zoeken?q=qqqzzzxx", "/nl/wegwijzer/waar-kan-ik-terecht"],
    ] as const) {
      const res = await new Client(ctx).get(path);
      expect(res.status).toBe(200);
      const html = await res.text();
      const lang = path.slice(1, 3);
      expect(html).toContain(lang === "en" ? "Nothing found." : "Niets gevonden.");
      expect(html).toContain(lang === "en" ? "/en/roadmap/help/113-suicide-prevention" : "/nl/wegwijzer/hulp/113-suicide-prevention");
      expect(html).toContain(lang === "en" ? "/en/roadmap/topic/loneliness" : "/nl/wegwijzer/thema/loneliness");
      expect(html).toContain(`href="${guide}"`);
    }
  });
});

describe("search words", () => {
  beforeEach(seed);

  it("finds a place by its own search words first, and by its topics' search words, in either language's page", async () => {
    await ctx.db
      .update(resources)
      .set({ searchWords: { nl: "flibber", en: "wobblewords" } })
      .where(eq(resources.slug, "mentoring"));
    await ctx.db
      .update(topics)
      .set({ searchWords: { nl: "kwakzalf", en: "quackery" } })
      .where(eq(topics.slug, "housing"));
    const { refreshSearch } = await import("./service.js");
    await refreshSearch(ctx.db);
    expect(slugs(await (await import("./service.js")).searchResources(ctx.db, "en", "wobblewords"))).toEqual(["mentoring"]);
    // The other language's search words count too, with less weight.
    expect(slugs((await searchRoadmap(ctx.db, "en", "flibber")).results)).toEqual(["mentoring"]);
    expect(slugs((await searchRoadmap(ctx.db, "nl", "quackery")).results).sort()).toEqual([
      "international-student-desk",
      "municipality-money-housing",
    ]);
    // And they feed the typo vocabulary.
    expect((await searchRoadmap(ctx.db, "en", "wobblewrods")).suggestion).toBe("wobblewords");
  });

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

  it("are edited by the office next to the other fields: saved, searched, flagged when untranslated, with a crisis flag", async () => {
    const { client } = await signedIn(ctx, "staff@example.org", { staffRole: "staff" });
    const form = await (await client.get("/en/office/roadmap/resources/new")).text();
    expect(form).toContain('name="searchWords_nl"');
    expect(form).toContain("Words students type that the text doesn&#39;t use");
    expect(form).toContain('name="crisis"');
    const topicId = form.match(/name="topics" value="([0-9a-f-]{36})"/)![1]!;
    const res = await client.post(
      "/en/office/roadmap/resources/new",
      resourceForm(topicId, { searchWords_nl: "zorbing, zorbbal", crisis: "on" }),
    );
    expect(res.status).toBe(303);
    const [row] = await ctx.db.select().from(resources).where(eq(resources.slug, "new-place"));
    expect(row!.searchWords).toEqual({ nl: "zorbing, zorbbal", en: "" });
    expect(row!.crisis).toBe(true);
    expect(slugs((await searchRoadmap(ctx.db, "nl", "zorbbal")).results)).toEqual(["new-place"]);
    // A crisis line comes first for crisis language (the demo's two and this one).
    expect(slugs((await searchRoadmap(ctx.db, "en", "kms")).results)).toContain("new-place");
    const edit = await (await client.get(res.headers.get("location")!)).text();
    expect(edit).toContain("zorbing, zorbbal");
    expect(edit).toMatch(/name="crisis" checked/);
    expect(await (await client.get("/en/office/roadmap")).text()).toContain("1 field not translated");
    // Topics have them too.
    const topic = await client.post("/en/office/roadmap/topics/new", {
      slug: "zorbing",
      name_nl: "Zorbing",
      name_en: "Zorbing",
      searchWords_nl: "balrollen",
      searchWords_en: "ball rolling",
      icon: "circle",
      color: "#0a5c4f",
      status: "active",
    });
    expect(topic.status).toBe(303);
    const [t] = await ctx.db.select().from(topics).where(eq(topics.slug, "zorbing"));
    expect(t!.searchWords).toEqual({ nl: "balrollen", en: "ball rolling" });
  });
});

describe("bounded work", () => {
  beforeEach(seed);

  const junk = [
    "a".repeat(5000),
    Array.from({ length: 2000 }, (_, i) => `w${i}`).join(" "),
    "z\u0301\u0302\u0303\u0304".repeat(400),
    "\u202E\u2066\u200B".repeat(500),
    "𝖘𝖙𝖗𝖊𝖘𝖘 ".repeat(100),
    "ｓｔｒｅｓｓ　".repeat(100),
    "'\\\"%_*:&|!()<>".repeat(100),
  ];

  it("caps a junk query's length and words, so the statement stays small", async () => {
    for (const q of junk) {
      const n = normaliseQuery(q);
      expect(n.length).toBeLessThanOrEqual(100);
      expect(n.split(" ").length).toBeLessThanOrEqual(MAX_QUERY_WORDS);
      // The query itself, at most 8 words for steps 2 and 3, the crisis words, limits and thresholds.
      expect(searchQuery(ctx.db, "nl", n, { crisis: true }).toSQL().params.length).toBeLessThan(40);
      await searchRoadmap(ctx.db, "nl", q);
    }
  });

  it("answers junk on the search page with a page, never an error", async () => {
    const c = new Client(ctx);
    for (const q of junk) {
      const res = await c.get(`/en/roadmap/search?q=${encodeURIComponent(q)}`);
      expect(res.status, q.slice(0, 20)).toBe(200);
    }
  });

  it("has one statement text per language and crisis, whatever the query, so it is planned once per connection", () => {
    const text = (lang: "nl" | "en", q: string, crisis = false) => searchQuery(ctx.db, lang, q, { crisis }).toSQL().sql;
    expect(text("en", "stress")).toBe(text("en", "lonley exam strss panic attacks at night"));
    expect(text("en", "")).toBe(text("en", "stress"));
    expect(text("nl", "gepest")).toBe(text("nl", "ik word gepest en intimideert"));
    expect(text("en", "i want to die", true)).toBe(text("en", "kill myself", true));
    expect(text("en", "stress")).not.toBe(text("nl", "stress"));
  });

  it("ranks at most RANK_CANDIDATES matches in each of the three steps", () => {
    const { params } = searchQuery(ctx.db, "en", "lonley exam strss", { crisis: true }).toSQL();
    expect(params.filter((p) => p === RANK_CANDIDATES)).toHaveLength(3);
  });
});

describe("search under load", () => {
  it("sheds what the bounded queue cannot take with a 503 that keeps 113 and the search box; the rest is answered", async () => {
    await seed();
    const n = SEARCH_GATE.concurrency + SEARCH_GATE.queue + 24;
    // Distinct queries, so none is a page-cache hit: every one needs the database.
    const answers = await Promise.all(Array.from({ length: n }, (_, i) => ctx.app.request(`/en/roadmap/search?q=stress+${i}`)));
    const statuses = answers.map((r) => r.status);
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    const busy = answers.filter((r) => r.status === 503);
    // No more than the gate holds were taken; the others were refused at once.
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(SEARCH_GATE.concurrency);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(SEARCH_GATE.concurrency + SEARCH_GATE.queue);
    expect(busy.length).toBeGreaterThan(0);
    expect(busy[0]!.headers.get("retry-after")).toBe(String(SEARCH_GATE.retryAfterSeconds));
    const html = decodeHtml(await busy[0]!.text());
    expect(html).toContain('href="tel:113"');
    expect(html).toContain('name="q"');
    // Once the flood is over, search answers again.
    expect((await ctx.app.request("/en/roadmap/search?q=stress")).status).toBe(200);
  });
});

describe("made once per content version (docs/decisions/024-search-under-load.md)", () => {
  beforeEach(seed);
  const page = async (path: string) => decodeHtml(await (await ctx.app.request(path)).text());
  const cards = (html: string) => html.match(/<article class="resource-card[\s\S]*?<\/article>/g) ?? [];

  it("renders each result card once per version and language, and an edit of a place shows at once", async () => {
    const first = await page("/en/roadmap/search?q=lonely");
    expect(cards(first).length).toBeGreaterThan(0);
    // The same cards again (kept in memory), and the Dutch page its own.
    expect(cards(await page("/en/roadmap/search?q=lonely"))).toEqual(cards(first));
    const nl = cards(await page("/nl/wegwijzer/zoeken?q=lonely"));
    expect(nl.length).toBeGreaterThan(0);
    expect(nl.every((c) => c.includes('href="/nl/wegwijzer/hulp/'))).toBe(true);
    // A place renamed (its search data unchanged, so the same search finds it): the new name at once.
    const slug = first.match(/href="\/en\/roadmap\/help\/([a-z0-9-]+)"/)![1]!;
    await ctx.db
      .update(resources)
      .set({ name: { nl: "Een gloednieuwe naam", en: "A brand new name" } })
      .where(eq(resources.slug, slug));
    await edited();
    const after = cards(await page("/en/roadmap/search?q=lonely"));
    expect(after.find((c) => c.includes(`/en/roadmap/help/${slug}"`))).toContain("A brand new name");
    expect(cards(await page("/nl/wegwijzer/zoeken?q=lonely")).find((c) => c.includes(`/nl/wegwijzer/hulp/${slug}"`))).toContain(
      "Een gloednieuwe naam",
    );
  });

  it("reads the nothing-found help once per version: junk asks the database nothing, an edit shows at once", async () => {
    const counting = await countingDb(ctx.db);
    await searchRoadmap(counting.db, "en", "qqqzzzxx");
    const help = await searchHelp(counting.db, "en");
    expect(help.urgent.map((r) => r.slug)).toContain("113-suicide-prevention");
    const warm = counting.queries();
    for (let i = 0; i < 5; i++) {
      expect((await searchRoadmap(counting.db, "en", "qqqzzzxx")).results).toEqual([]);
      expect(await searchHelp(counting.db, "en")).toBe(help);
    }
    // At most the content version's check (once a second), never the help's two statements per search.
    expect(counting.queries() - warm).toBeLessThanOrEqual(1);

    expect(await page("/en/roadmap/search?q=qqqzzzxx")).toContain("/en/roadmap/help/113-suicide-prevention");
    await ctx.db.update(resources).set({ status: "hidden" }).where(eq(resources.slug, "113-suicide-prevention"));
    await edited();
    const after = await page("/en/roadmap/search?q=qqqzzzxx");
    expect(after).toContain("Nothing found.");
    expect(after).not.toContain("/en/roadmap/help/113-suicide-prevention");
  });
});
