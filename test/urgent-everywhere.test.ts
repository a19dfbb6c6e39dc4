import { describe, expect, it } from "vitest";
import { catalogs } from "../src/catalogs.js";
import { LANGS } from "../src/core/i18n/index.js";
import { seedRoadmap } from "../src/demo/seed.js";
import { url } from "../src/routes.js";
import { decodeHtml, setupApp } from "./helpers/app.js";

const ctx = setupApp();
const seed = () => seedRoadmap(ctx.db, ctx.clock.now(), { TIME_ZONE: "Europe/Amsterdam" });

describe("the urgent numbers where someone may be looking for help", () => {
  it("the home page carries the urgent line and its roadmap card leads into the roadmap", async () => {
    for (const lang of LANGS) {
      const html = decodeHtml(await (await ctx.app.request(url(lang, "home"))).text());
      expect(html).toContain(catalogs[lang].urgent.line);
      expect(html).toContain('href="tel:113"');
      expect(html).toMatch(new RegExp(`<h3><a href="${url(lang, "roadmap")}">`));
    }
  });

  it("a page not found inside the roadmap keeps the urgent line and a way back to the roadmap", async () => {
    await seed();
    for (const lang of LANGS) {
      const base = url(lang, "roadmap");
      for (const path of [
        url(lang, "roadmapTopic", { slug: "no-such-topic" }),
        url(lang, "roadmapResource", { slug: "nope" }),
        `${base}/made/up`,
      ]) {
        const res = await ctx.app.request(path);
        expect(res.status, path).toBe(404);
        const html = decodeHtml(await res.text());
        expect(html, path).toContain('href="tel:113"');
        expect(html, path).toContain(`<a href="${base}">${catalogs[lang].roadmap.backToRoadmap}</a>`);
      }
      // The roadmap's other pages are not shadowed by it.
      expect((await ctx.app.request(url(lang, "roadmapOrder"))).status).toBe(200);
      expect((await ctx.app.request(url(lang, "roadmapPdf"))).status).toBe(200);
    }
    // Outside the roadmap, the plain 404 page.
    const plain = decodeHtml(await (await ctx.app.request("/en/no-such-page")).text());
    expect(plain).not.toContain(catalogs.en.roadmap.backToRoadmap);
  });
});
