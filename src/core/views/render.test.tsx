import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Client, setupApp, signedIn } from "../../../test/helpers/app.js";
import { seedRoadmap } from "../../demo/seed.js";
import { url } from "../../routes.js";
import { frameOf, useFrames } from "./render.js";

const ctx = setupApp();

/** Anonymous pages of every kind: framed (layout rendered once) and whole must be the same bytes. */
const PAGES = [
  "/nl",
  "/en",
  url("en", "roadmap"),
  url("nl", "roadmap"),
  url("en", "roadmapSearch", {}, { q: "stress" }),
  url("nl", "roadmapSearch", {}, { q: "eenzaamhied" }),
  url("en", "roadmapSearch", {}, { q: "I want to die" }),
  url("en", "roadmapSearch", {}, { q: "zzqx <b>\"&'" }),
  url("en", "roadmapSearch", {}, { q: "" }),
  url("en", "roadmapTopic", { slug: "stress-anxiety" }),
  url("nl", "roadmapGuide"),
  `${url("en", "roadmap")}/no-such-page`,
  url("en", "signIn"),
  url("nl", "contact"),
  url("en", "privacy"),
  url("nl", "accessibility"),
  url("en", "trainings"),
  url("nl", "peerListeners"),
  url("en", "mailingSubscribe"),
  url("en", "roadmapOrder"),
  "/en/no-such-page?x=<'\">",
  "/en/roadmap/search?q=why?not",
  "/nl/wegwijzer/thema/%ZZ",
];

describe("the layout's frame", () => {
  beforeEach(() => seedRoadmap(ctx.db, ctx.clock.now(), { TIME_ZONE: "Europe/Amsterdam" }));
  afterEach(() => useFrames(true));

  it("has a frame for the layout of every language and kind of page", () => {
    for (const lang of ["nl", "en"] as const) {
      const page = {
        lang,
        t: ctx.deps.catalogs[lang],
        nonce: "n",
        csrfToken: "x",
        user: null,
        path: "/",
        env: ctx.deps.env,
        office: undefined as never,
      };
      for (const wide of [false, true]) for (const noindex of [false, true]) expect(frameOf(page, wide, noindex)?.length).toBe(5);
    }
  });

  it("renders every anonymous page byte for byte as the whole layout does", async () => {
    const client = new Client(ctx);
    await client.request("/en");
    for (const path of PAGES) {
      useFrames(true);
      const framed = await client.request(path);
      useFrames(false);
      const whole = await client.request(path);
      expect(framed.status, path).toBe(whole.status);
      const [a, b] = [await framed.text(), await whole.text()];
      expect(a.length, path).toBeGreaterThan(500);
      expect(a, path).toBe(b);
      expect(framed.headers.get("cache-control"), path).toBe(whole.headers.get("cache-control"));
    }
  });

  it("shows the title, the other language's address and the content in their places", async () => {
    const res = await new Client(ctx).request(url("en", "roadmapSearch", {}, { q: 'a&b "c"' }));
    const html = await res.text();
    expect(html).toContain("<title>Search results for ‘a&amp;b &quot;c&quot;’ · Vangnet</title>");
    expect(html).toContain(`<link rel="alternate" hreflang="nl" href="/nl/wegwijzer/zoeken?q=a%26b+%22c%22"/>`);
    expect(html).toContain(`<a href="/nl/wegwijzer/zoeken?q=a%26b+%22c%22" hreflang="nl" lang="nl">`);
    expect(html.indexOf('<main id="main"')).toBeLessThan(html.indexOf('role="status"'));
    expect(html).not.toContain("\u0000");
  });

  it("a signed-in page still shows its user's navigation and sign-out form", async () => {
    const { client } = await signedIn(ctx, "board@example.org");
    const html = await (await client.request(url("en", "roadmap"))).text();
    expect(html).toContain(`action="${url("en", "signOut")}"`);
    expect(html).not.toContain(`href="${url("en", "signIn")}"`);
  });
});
