import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { count, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { Client, decodeHtml, setupApp, signedIn } from "../../../test/helpers/app.js";
import { resourceRow } from "../../../test/helpers/fixtures.js";
import { createApp } from "../../app.js";
import { contentStamps } from "../../core/content/versions.js";
import { PageCache } from "../../core/http/cache.js";
import { seedRoadmap } from "../../demo/seed.js";
import { resources, resourceTopics } from "./schema.js";
import {
  activeTopics,
  guideShortlist,
  RANK_CANDIDATES,
  refreshSearch,
  resourceBySlug,
  resourcesForTopic,
  searchResources,
  updateResource,
} from "./service.js";

const ctx = setupApp();
const seed = () => seedRoadmap(ctx.db, ctx.clock.now(), { TIME_ZONE: "Europe/Amsterdam" });
const slugs = (rows: { slug: string }[]) => rows.map((r) => r.slug);

describe("roadmap search", () => {
  beforeEach(seed);

  it("finds stemmed words in Dutch and English", async () => {
    // "studenten" (plural) matches "student" through the dutch stemmer; "worries" matches "worry".
    expect((await searchResources(ctx.db, "nl", "geldzorgen")).length).toBeGreaterThan(0);
    expect(slugs(await searchResources(ctx.db, "nl", "eenzaam"))).toContain("de-luisterlijn");
    expect(slugs(await searchResources(ctx.db, "en", "worries"))).toContain("municipality-money-housing");
    expect(slugs(await searchResources(ctx.db, "en", "lonely")).length).toBeGreaterThan(0);
  });

  it("finds a Dutch past participle through its verb ('gepest' finds places about 'pesten')", async () => {
    const found = slugs(await searchResources(ctx.db, "nl", "gepest"));
    expect(found).toContain("confidential-counsellor");
  });

  it("tolerates typos", async () => {
    expect(slugs(await searchResources(ctx.db, "en", "strss"))).toContain("student-psychologists");
    expect(slugs(await searchResources(ctx.db, "en", "harrasment")).length).toBeGreaterThan(0);
    expect((await searchResources(ctx.db, "nl", "huisvestng")).length).toBeGreaterThan(0);
  });

  it("searches in the page's language only and finds nothing for nonsense", async () => {
    expect(await searchResources(ctx.db, "en", "qqqzzzxx")).toEqual([]);
    expect(await searchResources(ctx.db, "en", "   ")).toEqual([]);
  });

  it("drops stop words from other word forms, and a query of stop words alone finds nothing", async () => {
    // "met" is a Dutch stop word: as a prefix it would match every word starting with "met".
    const withStop = slugs(await searchResources(ctx.db, "nl", "praten met iemand"));
    expect(withStop).toEqual(slugs(await searchResources(ctx.db, "nl", "praten iemand")));
    expect(withStop.length).toBeGreaterThan(0);
    expect(await searchResources(ctx.db, "en", "the and of")).toEqual([]);
  });

  it("lists whole-word matches before matches of other word forms, whatever their rank", async () => {
    // "zorbing" stems to 'zorb'; "zorbable" to 'zorbabl', which 'zorb' matches only as a prefix.
    const rows = await ctx.db
      .insert(resources)
      .values([
        resourceRow("zorbable-centre", { name: "Zorbable centre", description: "A centre." }),
        resourceRow("quiet-room", { name: "Quiet room", description: "Zorbing again." }),
      ])
      .returning({ id: resources.id });
    await refreshSearch(
      ctx.db,
      rows.map((r) => r.id),
    );
    const found = slugs(await searchResources(ctx.db, "en", "zorbing"));
    // The other form sits in a name (weight A) and would outrank the description (weight C).
    expect(found).toEqual(["quiet-room", "zorbable-centre"]);
  });

  it("ranks a bounded set of matches for a very common word yet never misses an urgent place", async () => {
    const filler = Array.from({ length: RANK_CANDIDATES + 20 }, (_, i) =>
      resourceRow(`filler-${i}`, { name: `Filler ${i}`, description: "Something about zorgplek for everyone." }),
    );
    const inserted = await ctx.db.insert(resources).values(filler).returning({ id: resources.id });
    // Inserted last, so a scan that stops after RANK_CANDIDATES matches never reaches it.
    const [urgent] = await ctx.db
      .insert(resources)
      .values(resourceRow("zorgplek-crisis", { name: "Zorgplek crisis line", description: "Crisis", urgent: true }))
      .returning({ id: resources.id });
    await refreshSearch(ctx.db, [...inserted.map((r) => r.id), urgent!.id]);
    const found = slugs(await searchResources(ctx.db, "en", "zorgplek", 30));
    expect(found).toHaveLength(30);
    // Its name carries the word (weight A): it ranks first among the candidates.
    expect(found[0]).toBe("zorgplek-crisis");
  });

  it("pages the search page: ten results a page, a next link while there are more, the previous page's link", async () => {
    const rows = await ctx.db
      .insert(resources)
      .values(
        Array.from({ length: 25 }, (_, i) =>
          resourceRow(`pager-${String(i).padStart(2, "0")}`, {
            name: `Pager ${i}`,
            description: i < 3 ? "A place about zorgpagina and zeldzaamheid." : "A place about zorgpagina.",
          }),
        ),
      )
      .returning({ id: resources.id });
    await refreshSearch(
      ctx.db,
      rows.map((r) => r.id),
    );
    const all = slugs(await searchResources(ctx.db, "en", "zorgpagina", 30));
    expect(all).toHaveLength(25);
    const c = new Client(ctx);
    const show = async (path: string) => {
      const res = await c.get(path);
      expect(res.status).toBe(200);
      const html = await res.text();
      return {
        html,
        cards: [
          ...html.matchAll(/<article class="resource-card"><h2><a href="\/(?:en\/roadmap\/help|nl\/wegwijzer\/hulp)\/([a-z0-9-]+)"/g),
        ].map((m) => m[1]),
        status: /<p role="status">([^<]*)<\/p>/.exec(html)?.[1],
      };
    };
    const first = await show("/en/roadmap/search?q=zorgpagina");
    expect(first.cards).toEqual(all.slice(0, 10));
    expect(first.status).toBe("Results 1 to 10");
    expect(first.html).toContain('<a href="/en/roadmap/search?q=zorgpagina&amp;page=2" rel="next">');
    expect(first.html).not.toContain('rel="prev"');
    const second = await show("/en/roadmap/search?q=zorgpagina&page=2");
    expect(second.cards).toEqual(all.slice(10, 20));
    expect(second.status).toBe("Results 11 to 20");
    // Back to the first page at its own address, without a page number.
    expect(second.html).toContain('<a href="/en/roadmap/search?q=zorgpagina" rel="prev">');
    expect(second.html).toContain('<span aria-current="page">Page 2</span>');
    const last = await show("/en/roadmap/search?q=zorgpagina&page=3");
    expect(last.cards).toEqual(all.slice(20, 25));
    expect(last.status).toBe("Results 21 to 25");
    expect(last.html).not.toContain('rel="next"');
    // Beyond the last page: says so, with the way back, and no "nothing found" help.
    const beyond = await show("/en/roadmap/search?q=zorgpagina&page=4");
    expect(beyond.cards).toEqual([]);
    expect(beyond.status).toBe("There are no more results.");
    expect(beyond.html).toContain('<a href="/en/roadmap/search?q=zorgpagina&amp;page=3" rel="prev">');
    expect(beyond.html).not.toContain("Nothing found.");
    const nl = await show("/nl/wegwijzer/zoeken?q=zorgpagina&page=2");
    expect(nl.status).toBe("Resultaten 11 tot en met 20");
    expect(nl.html).toContain('<nav class="pagination" aria-label="Meer zoekresultaten">');
    // A page number that is no page: the first page.
    for (const odd of ["0", "-1", "abc", "2.5", "99", "1e3", ""]) {
      expect((await show(`/en/roadmap/search?q=zorgpagina&page=${odd}`)).cards).toEqual(all.slice(0, 10));
    }
    // Ten or fewer: all of them, counted, and no page links.
    const few = await show("/en/roadmap/search?q=zeldzaamheid");
    expect(few.cards).toEqual(["pager-00", "pager-01", "pager-02"]);
    expect(few.status).toBe("3 results");
    expect(few.html).not.toContain('class="pagination"');
  });

  it("keeps the query in the URL and shows results on the search page", async () => {
    const res = await new Client(ctx).get("/en/roadmap/search?q=strss");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('value="strss"');
    expect(html).toContain("/en/roadmap/help/student-psychologists");
  });

  it("never fails on odd input", async () => {
    const c = new Client(ctx);
    for (const q of ["'", "&&!!", "a".repeat(500), "%", "(", "\\", "<script>"]) {
      const res = await c.get(`/nl/wegwijzer/zoeken?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
      expect(await res.text()).not.toContain("<script>");
    }
  });
});

describe("topics and resources", () => {
  beforeEach(seed);

  it("lists urgent resources first on a topic page, with tap-to-call links", async () => {
    const html = await (await new Client(ctx).get("/en/roadmap/topic/urgent-help")).text();
    const first = html.indexOf("resource-card");
    expect(html.slice(first, first + 40)).toContain("urgent");
    expect(html).toContain('href="tel:113"');
  });

  it("hides hidden resources and 404s unknown slugs", async () => {
    await ctx.db.update(resources).set({ status: "hidden" }).where(eq(resources.slug, "de-luisterlijn"));
    const c = new Client(ctx);
    expect((await c.get("/en/roadmap/help/de-luisterlijn")).status).toBe(404);
    expect(await (await c.get("/en/roadmap/topic/loneliness")).text()).not.toContain("de-luisterlijn");
    expect((await c.get("/en/roadmap/topic/no-such-topic")).status).toBe(404);
    expect((await c.get("/en/roadmap/topic/..%2F..%2Fetc")).status).toBe(404);
  });

  it("redirects a slug written in upper or mixed case (308) to the lower-case address, when that page exists", async () => {
    const c = new Client(ctx);
    for (const [path, to] of [
      ["/en/roadmap/topic/Urgent-Help", "/en/roadmap/topic/urgent-help"],
      ["/nl/wegwijzer/thema/URGENT-HELP", "/nl/wegwijzer/thema/urgent-help"],
      ["/en/roadmap/help/De-Luisterlijn", "/en/roadmap/help/de-luisterlijn"],
    ]) {
      const res = await c.get(path!);
      expect(res.status, path).toBe(308);
      expect(res.headers.get("location"), path).toBe(to);
    }
    // No page under the lower-case slug: a 404, not a redirect to one.
    expect((await c.get("/en/roadmap/topic/No-Such-Topic")).status).toBe(404);
    await ctx.db.update(resources).set({ status: "hidden" }).where(eq(resources.slug, "de-luisterlijn"));
    expect((await c.get("/en/roadmap/help/De-Luisterlijn")).status).toBe(404);
  });

  it("shows a missing translation in the other language, marked with its lang", async () => {
    await ctx.db
      .update(resources)
      .set({ summary: { nl: "Alleen in het Nederlands", en: "" } })
      .where(eq(resources.slug, "de-luisterlijn"));
    const html = await (await new Client(ctx).get("/en/roadmap/help/de-luisterlijn")).text();
    expect(html).toContain('<span lang="nl">Alleen in het Nederlands</span>');
  });

  it("has the urgent-help line on every roadmap page in both languages", async () => {
    const c = new Client(ctx);
    for (const path of [
      "/nl/wegwijzer",
      "/en/roadmap",
      "/en/roadmap/topic/money",
      "/nl/wegwijzer/zoeken?q=geld",
      "/en/roadmap/where-can-i-turn",
    ]) {
      const html = await (await c.get(path)).text();
      expect(html, path).toContain('class="urgent-bar"');
      expect(html, path).toContain('href="tel:112"');
    }
  });
});

describe("a topic's places", () => {
  beforeEach(seed);

  it("come urgent first, then those that fit the topic best (fewest other topics), then by name, not by the alphabet alone", async () => {
    const counts = new Map(
      (await ctx.db.select({ id: resourceTopics.resourceId, n: count() }).from(resourceTopics).groupBy(resourceTopics.resourceId)).map(
        (r) => [r.id, r.n],
      ),
    );
    let reordered = false;
    for (const topic of await activeTopics(ctx.db)) {
      const list = await resourcesForTopic(ctx.db, topic.id, "en");
      const key = (r: (typeof list)[number]) => [r.urgent ? 0 : 1, counts.get(r.id) ?? 0] as const;
      for (let i = 1; i < list.length; i++) {
        const [a, b] = [key(list[i - 1]!), key(list[i]!)];
        expect(a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]), `${topic.slug}: ${list[i - 1]!.slug} before ${list[i]!.slug}`).toBe(true);
      }
      const byName = [...list].sort(
        (x, y) => Number(y.urgent) - Number(x.urgent) || x.name.en.toLowerCase().localeCompare(y.name.en.toLowerCase()),
      );
      if (byName.some((r, i) => r.id !== list[i]!.id)) reordered = true;
    }
    // Control: on the demo roadmap this order differs from urgent-then-alphabetical somewhere.
    expect(reordered).toBe(true);
  });
});

describe("guided path", () => {
  beforeEach(seed);

  it("asks one question at a time with plain GET forms and ends in a shareable shortlist", async () => {
    const c = new Client(ctx);
    let html = await (await c.get("/en/roadmap/where-can-i-turn")).text();
    expect(html).toContain('name="topic"');
    html = await (await c.get("/en/roadmap/where-can-i-turn?topic=money&s=topic")).text();
    expect(html).toContain('name="urgent"');
    expect(html).toContain('type="hidden" name="topic" value="money"');
    html = await (await c.get("/en/roadmap/where-can-i-turn?topic=money&urgent=soon&student=yes&language=en")).text();
    expect(html).toContain("resource-card");
    expect(html).toContain("http://localhost:3000/en/roadmap/where-can-i-turn?topic=money&amp;urgent=soon&amp;student=yes&amp;language=en");
  });

  it("shows the answers so far, each with a way to change it, and a Back link to the question before", async () => {
    const c = new Client(ctx);
    const first = decodeHtml(await (await c.get("/en/roadmap/where-can-i-turn")).text());
    expect(first).not.toContain('rel="prev"');
    expect(first).not.toContain(`id="guide-answers"`);
    const third = decodeHtml(await (await c.get("/en/roadmap/where-can-i-turn?topic=money&urgent=soon")).text());
    expect(third).toContain('name="student"');
    expect(third).toContain(`<h2 id="guide-answers">Your answers</h2>`);
    // Back to the second question: its answer goes, the first stays.
    expect(third).toContain('<a href="/en/roadmap/where-can-i-turn?topic=money" rel="prev">Back</a>');
    // Change the first answer: asked again, the later answer kept.
    expect(third).toContain('href="/en/roadmap/where-can-i-turn?urgent=soon">Change<span class="visually-hidden">: ');
    const again = decodeHtml(await (await c.get("/en/roadmap/where-can-i-turn?urgent=soon")).text());
    expect(again).toContain('name="topic"');
    expect(again).toContain('type="hidden" name="urgent" value="soon"');
    // The shortlist shows all four answers, and Back goes to the last question.
    const done = decodeHtml(await (await c.get("/en/roadmap/where-can-i-turn?topic=money&urgent=soon&student=yes&language=en")).text());
    expect(done.match(/>Change<span/g)).toHaveLength(4);
    expect(done).toContain('<a href="/en/roadmap/where-can-i-turn?topic=money&urgent=soon&student=yes" rel="prev">Back</a>');
  });

  it("shows a localized error when a question is skipped", async () => {
    const c = new Client(ctx);
    const en = await c.get("/en/roadmap/where-can-i-turn?topic=money&s=urgent");
    expect(en.status).toBe(422);
    expect(await en.text()).toContain("Choose an answer.");
    const nl = await c.get("/nl/wegwijzer/waar-kan-ik-terecht?s=topic");
    expect(await nl.text()).toContain("Kies een antwoord.");
  });

  it("puts urgent help first when it is urgent now, and drops university-only places for outsiders", async () => {
    const now = await guideShortlist(ctx.db, "en", { topic: "low-mood", urgent: "now", student: "yes" });
    expect(now[0]!.urgent).toBe(true);
    const outsider = await guideShortlist(ctx.db, "en", { topic: "study-problems", urgent: "talk", student: "no" });
    const insider = await guideShortlist(ctx.db, "en", { topic: "study-problems", urgent: "talk", student: "yes" });
    expect(outsider.length).toBeLessThan(insider.length);
    expect(outsider.every((r) => !r.audiences.every((a) => a === "our_students"))).toBe(true);
  });
});

describe("page cache", () => {
  beforeEach(seed);

  it("serves anonymous roadmap pages from memory with ETag/304 and drops them after an edit", async () => {
    const app = createApp({ ...ctx.deps, pageCache: new PageCache(() => contentStamps(ctx.db), 0) });
    const first = await app.request("/en/roadmap/help/de-luisterlijn");
    expect(first.headers.get("x-cache")).toBe("miss");
    const etag = first.headers.get("etag")!;
    expect(etag).toBeTruthy();
    const second = await app.request("/en/roadmap/help/de-luisterlijn");
    expect(second.headers.get("x-cache")).toBe("hit");
    expect((await app.request("/en/roadmap/help/de-luisterlijn", { headers: { "if-none-match": etag } })).status).toBe(304);

    const r = (await resourceBySlug(ctx.db, "de-luisterlijn"))!;
    const { id, topicIds, createdAt, updatedAt, lastReviewedOn, reviewedBy, ...rest } = r;
    await updateResource(
      ctx.db,
      (await signedIn(ctx, "staff@example.org", { staffRole: "staff" })).user.id,
      id,
      { ...rest, topicIds, name: { nl: "Luisterlijn NIEUW", en: "Listening line NEW" } },
      ctx.clock.now(),
    );
    const after = await app.request("/en/roadmap/help/de-luisterlijn", { headers: { "if-none-match": etag } });
    expect(after.status).toBe(200);
    expect(await after.text()).toContain("Listening line NEW");
  });

  it("answers cache hits with the same security headers, framing only the embed", async () => {
    const app = createApp({ ...ctx.deps, pageCache: new PageCache(() => contentStamps(ctx.db), 0) });
    for (const [path, frameable] of [
      ["/en/roadmap", false],
      ["/embed/roadmap?lang=en", true],
    ] as const) {
      const miss = await app.request(path);
      // A URL with a query string is kept from its second visit.
      if (path.includes("?")) expect((await app.request(path)).headers.get("x-cache")).toBe("miss");
      const hit = await app.request(path);
      expect(hit.headers.get("x-cache"), path).toBe("hit");
      for (const name of [
        "x-content-type-options",
        "referrer-policy",
        "permissions-policy",
        "cross-origin-opener-policy",
        "x-request-id",
      ]) {
        expect(hit.headers.get(name), `${path} ${name}`).toBeTruthy();
      }
      const csp = hit.headers.get("content-security-policy")!;
      expect(csp).toContain(frameable ? "frame-ancestors *" : "frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain("unsafe-inline");
      expect(hit.headers.get("x-frame-options")).toBe(frameable ? null : "DENY");
      expect(hit.headers.get("set-cookie")).toBeNull();
      expect(await hit.text()).toBe(await miss.text());
    }
  });

  it("serves hits compressed to browsers that take it, and keeps search pages from their second visit", async () => {
    const pageCache = new PageCache(() => contentStamps(ctx.db), 0);
    const app = createApp({ ...ctx.deps, pageCache });
    const miss = await app.request("/en/roadmap");
    expect(miss.headers.get("vary")).toBe("Accept-Encoding");
    const plain = await miss.text();
    const browser = { headers: { "accept-encoding": "gzip, deflate, br" } };
    // gzip at once; Brotli at its best quality is made in the background and served when ready.
    const early = await app.request("/en/roadmap", browser);
    expect(early.headers.get("content-encoding")).toBe("gzip");
    expect(gunzipSync(Buffer.from(await early.arrayBuffer())).toString("utf8")).toBe(plain);
    await pageCache.compressed();
    const hit = await app.request("/en/roadmap", browser);
    expect(hit.headers.get("x-cache")).toBe("hit");
    expect(hit.headers.get("content-encoding")).toBe("br");
    const packed = Buffer.from(await hit.arrayBuffer());
    expect(packed.length).toBeLessThan(Buffer.byteLength(plain) / 3);
    expect(brotliDecompressSync(packed).toString("utf8")).toBe(plain);

    const search = "/en/roadmap/search?q=stress";
    expect((await app.request(search)).headers.get("x-cache")).toBe("miss");
    expect((await app.request(search)).headers.get("x-cache")).toBe("miss");
    expect((await app.request(search)).headers.get("x-cache")).toBe("hit");
  });

  it("never caches pages for signed-in users", async () => {
    const app = createApp({ ...ctx.deps, pageCache: new PageCache(() => contentStamps(ctx.db), 0) });
    const { client } = await signedIn(ctx, "board@example.org");
    const res = await app.request("/en/roadmap", { headers: { cookie: `vn_session=${client.cookies.get("vn_session")}` } });
    expect(res.headers.get("x-cache")).toBeNull();
    expect(res.headers.get("cache-control")).toContain("no-store");
  });
});

describe("search data bookkeeping", () => {
  it("writes nothing when a full rebuild finds the search data unchanged", async () => {
    await seed();
    const stamps = async () =>
      Object.fromEntries(
        (
          (await ctx.db.execute(sql`select slug, xmin::text as x from roadmap_resources`)) as unknown as {
            rows: { slug: string; x: string }[];
          }
        ).rows.map((r) => [r.slug, r.x]),
      );
    const words = async () =>
      (await ctx.db.execute(sql`select xmin::text as x, word from roadmap_words order by lang, word`)) as unknown as { rows: unknown[] };
    await refreshSearch(ctx.db);
    const before = await stamps();
    const wordsBefore = (await words()).rows;
    await refreshSearch(ctx.db);
    expect(await stamps()).toEqual(before);
    expect((await words()).rows).toEqual(wordsBefore);
    // A changed name is rewritten (the control: the stamps do move when the data does).
    await ctx.db
      .update(resources)
      .set({ name: { nl: "Luisterlijn anders", en: "Listening line other" } })
      .where(eq(resources.slug, "de-luisterlijn"));
    await refreshSearch(ctx.db);
    const after = await stamps();
    expect(after["de-luisterlijn"]).not.toBe(before["de-luisterlijn"]);
    expect(Object.keys(after).filter((k) => after[k] !== before[k])).toHaveLength(1);
  });

  it("rebuilds the typo vocabulary so removed words no longer correct searches", async () => {
    await seed();
    const { roadmapWords } = await import("./schema.js");
    await ctx.db.insert(roadmapWords).values({ lang: "en", word: "zyxwvutsr" });
    await refreshSearch(ctx.db);
    const left = await ctx.db.select().from(roadmapWords).where(eq(roadmapWords.word, "zyxwvutsr"));
    expect(left).toEqual([]);
    expect((await ctx.db.select({ n: count() }).from(roadmapWords))[0]!.n).toBeGreaterThan(100);
  });
});
