import { gzipSync } from "node:zlib";
import { beforeEach, describe, expect, it } from "vitest";
import { Client, decodeHtml, setupApp, signedIn } from "../../../test/helpers/app.js";
import { catalogs } from "../../catalogs.js";
import { seedRoadmap } from "../../demo/seed.js";
import { url } from "../../routes.js";
import { drawQr, QrCache } from "./qr.js";

const ctx = setupApp();
const seed = () => seedRoadmap(ctx.db, ctx.clock.now(), { TIME_ZONE: "Europe/Amsterdam" });

describe("embed", () => {
  beforeEach(seed);

  it("is frameable by other sites while the rest of the portal is not", async () => {
    const c = new Client(ctx);
    const embed = await c.get("/embed/roadmap?lang=en&topics=money");
    expect(embed.status).toBe(200);
    expect(embed.headers.get("content-security-policy")).toContain("frame-ancestors *");
    expect(embed.headers.get("x-frame-options")).toBeNull();
    expect(embed.headers.get("set-cookie")).toBeNull();
    const html = await embed.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("Money");
    expect(html).not.toContain("Loneliness");
    const page = await c.get("/en/roadmap");
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });

  it("weighs at most 30 KB compressed with its assets", async () => {
    const c = new Client(ctx);
    const parts = await Promise.all(
      [
        "/embed/roadmap?lang=nl",
        "/static/embed.css",
        "/static/embed-frame.js",
        "/embed/theme.css?accent=0a5c4f",
        "/static/topic-icons.svg",
      ].map(async (p) => new Uint8Array(await (await c.get(p)).arrayBuffer())),
    );
    const total = parts.reduce((n, b) => n + gzipSync(b).length, 0);
    expect(total).toBeLessThanOrEqual(30 * 1024);
  });

  it("ignores an unreadable accent colour and unknown parameters", async () => {
    const c = new Client(ctx);
    const html = await (await c.get("/embed/roadmap?lang=xx&accent=ffff00&topics=%3Cscript%3E")).text();
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain("accent=0a5c4f");
  });

  it("builder needs a signed-in user, flags a bad colour, and offers a snippet and QR code", async () => {
    expect((await new Client(ctx).get("/en/roadmap/embed")).status).toBe(303);
    const { client } = await signedIn(ctx, "board@example.org");
    const bad = await client.get("/en/roadmap/embed?lang=en&accent=%23ffff00");
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("too light");
    const ok = await client.get("/nl/wegwijzer/insluiten?lang=en&topics=money&accent=%23123456");
    const html = await ok.text();
    expect(html).toContain("/embed/roadmap?lang=en&amp;topics=money&amp;accent=123456");
    expect(html).toContain("data-vangnet-embed");
    const qr = await client.get("/en/roadmap/qr.png?lang=nl");
    expect(qr.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await qr.arrayBuffer()).slice(1, 4)).toEqual(new Uint8Array([0x50, 0x4e, 0x47]));
  });
});

describe("the builder's colour field", () => {
  beforeEach(seed);
  const T = catalogs;

  it("says 'not a colour' for text that is no colour, and 'too light' only for a colour that is too light", async () => {
    const { client } = await signedIn(ctx, "board@example.org");
    for (const lang of ["nl", "en"] as const) {
      const builder = url(lang, "roadmapEmbedBuilder");
      const e = T[lang].embed;
      for (const typed of ["banana", "#12345", "#gggggg", "rgb(0,0,0)", "#0a5c4f0"]) {
        const res = await client.get(`${builder}?accent=${encodeURIComponent(typed)}`);
        expect(res.status, typed).toBe(422);
        const html = decodeHtml(await res.text());
        expect(html, typed).toContain(e.accentNotColour);
        expect(html, typed).not.toContain(e.accentContrast);
        // What was typed stays in the field; the preview keeps the default colour.
        expect(html, typed).toContain(`value="${typed}"`);
        expect(html, typed).not.toMatch(/\/embed\/roadmap\?[^"]*accent=/);
      }
      for (const typed of ["#ffff00", "FFFFFF", "#eee"]) {
        const res = await client.get(`${builder}?accent=${encodeURIComponent(typed)}`);
        expect(res.status, typed).toBe(422);
        const html = decodeHtml(await res.text());
        expect(html, typed).toContain(e.accentContrast);
        expect(html, typed).not.toContain(e.accentNotColour);
      }
      for (const [typed, hex] of [
        ["#123456", "123456"],
        ["0A5C4F", null],
        ["#135", "113355"],
        ["", null],
      ] as const) {
        const res = await client.get(`${builder}?accent=${encodeURIComponent(typed)}`);
        expect(res.status, typed).toBe(200);
        const html = decodeHtml(await res.text());
        expect(html, typed).not.toContain(e.accentNotColour);
        expect(html, typed).not.toContain(e.accentContrast);
        if (hex) expect(html, typed).toContain(`/embed/roadmap?lang=${lang}&accent=${hex}`);
      }
    }
  });
});

describe("QR code", () => {
  const bytes = async (r: Response) => new Uint8Array(await r.arrayBuffer());

  it("carries a strong ETag and answers a matching If-None-Match with 304, without a body", async () => {
    const c = new Client(ctx);
    const first = await c.get("/en/roadmap/qr.png?lang=nl");
    expect(first.status).toBe(200);
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^"[^"]+"$/);
    const again = await c.get("/en/roadmap/qr.png?lang=nl", { "If-None-Match": etag! });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
    expect((await bytes(again)).length).toBe(0);
    // The same image from either language's path, and under a weak comparison too.
    const other = await c.get("/nl/wegwijzer/qr.png?lang=nl", { "If-None-Match": `W/${etag}` });
    expect(other.status).toBe(304);
  });

  it("serves the same bytes and tag for the same content, and another tag for other content", async () => {
    const c = new Client(ctx);
    const [a, b, en] = [
      await c.get("/en/roadmap/qr.png?lang=nl"),
      await c.get("/en/roadmap/qr.png?lang=nl&download=1"),
      await c.get("/en/roadmap/qr.png?lang=en"),
    ];
    const png = await bytes(a);
    expect(await bytes(b)).toEqual(png);
    expect(b.headers.get("etag")).toBe(a.headers.get("etag"));
    expect(b.headers.get("content-disposition")).toContain("roadmap-qr-nl.png");
    expect(en.headers.get("etag")).not.toBe(a.headers.get("etag"));
    expect(await bytes(en)).not.toEqual(png);
    // A stale tag gets the image.
    const stale = await c.get("/en/roadmap/qr.png?lang=en", { "If-None-Match": a.headers.get("etag")! });
    expect(stale.status).toBe(200);
  });

  it("draws each image once, shares a drawing in progress, and keeps a bounded number", async () => {
    let draws = 0;
    const cache = new QrCache(2, (text, size) => {
      draws++;
      return drawQr(text, size);
    });
    const [x, y] = await Promise.all([cache.get("https://a.example/", 100), cache.get("https://a.example/", 100)]);
    expect(y).toBe(x);
    expect(draws).toBe(1);
    await cache.get("https://a.example/", 100);
    expect(draws).toBe(1);
    await cache.get("https://a.example/", 200);
    await cache.get("https://b.example/", 100);
    expect(draws).toBe(3);
    expect(cache.size).toBe(2);
    // The least recently used one (a at 100 px) went; b is still there.
    await cache.get("https://b.example/", 100);
    expect(draws).toBe(3);
    await cache.get("https://a.example/", 100);
    expect(draws).toBe(4);
  });

  it("does not keep a failed drawing", async () => {
    let draws = 0;
    const cache = new QrCache(4, async () => {
      draws++;
      if (draws === 1) throw new Error("boom");
      return new Uint8Array([1]);
    });
    await expect(cache.get("x", 1)).rejects.toThrow("boom");
    expect(await cache.get("x", 1)).toEqual(new Uint8Array([1]));
    expect(draws).toBe(2);
  });
});
