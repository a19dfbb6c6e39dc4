import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { bumpContentVersion, contentStamps, STATIC } from "../src/core/content/versions.js";
import { cached, PageCache } from "../src/core/http/cache.js";
import { seedRoadmap } from "../src/demo/seed.js";
import { Client, setupApp, signedIn } from "./helpers/app.js";

const ctx = setupApp();

/** The app as `src/main.ts` builds it: with a page cache that checks the content versions on every request. */
function cachedApp(checkEveryMs = 0) {
  const pageCache = new PageCache(() => contentStamps(ctx.db), checkEveryMs);
  return { app: createApp({ ...ctx.deps, pageCache }), pageCache };
}

const PUBLIC_PAGES = ["/nl", "/en", "/nl/privacy", "/en/privacy", "/nl/toegankelijkheid", "/en/accessibility"];

describe("public pages in the page cache", () => {
  it("never keeps the contact page: it holds a form with the visitor's CSRF token", async () => {
    const { app } = cachedApp();
    for (let i = 0; i < 3; i++) {
      const res = await app.request("/en/contact");
      expect(res.status).toBe(200);
      expect(res.headers.get("x-cache")).not.toBe("hit");
      expect(res.headers.get("cache-control")).toContain("no-store");
    }
  });

  it("serves home, privacy and accessibility from memory to anonymous visitors, in both languages", async () => {
    const { app } = cachedApp();
    for (const path of PUBLIC_PAGES) {
      const miss = await app.request(path);
      expect(miss.status, path).toBe(200);
      expect(miss.headers.get("x-cache"), path).toBe("miss");
      const hit = await app.request(path);
      expect(hit.headers.get("x-cache"), path).toBe("hit");
      expect(await hit.text()).toBe(await miss.text());
      expect((await app.request(path, { headers: { "if-none-match": hit.headers.get("etag")! } })).status).toBe(304);
    }
  });

  it("renders them fresh for signed-in users, and an edit of another capability leaves them cached", async () => {
    const { app } = cachedApp();
    await app.request("/en");
    const { client } = await signedIn(ctx, "board@example.org");
    const mine = await app.request("/en", { headers: { cookie: `vn_session=${client.cookies.get("vn_session")}` } });
    expect(mine.headers.get("x-cache")).toBeNull();
    expect(await mine.text()).toContain("/en/my");
    await bumpContentVersion(ctx.db, "roadmap");
    expect((await app.request("/en")).headers.get("x-cache")).toBe("hit");
  });

  it("keys on the parameters a page reads: 2,100 junk values neither make entries nor evict the hot pages", async () => {
    const { app, pageCache } = cachedApp(60_000);
    for (const path of PUBLIC_PAGES) await app.request(path);
    const size = pageCache.size;
    for (let i = 0; i < 2100; i++) {
      const res = await app.request(`/en?utm_source=news&fbclid=${i}`);
      expect(res.headers.get("x-cache")).toBe("hit");
    }
    expect(pageCache.size).toBe(size);
    for (const path of PUBLIC_PAGES) expect((await app.request(path)).headers.get("x-cache"), path).toBe("hit");
  });

  it("renders a page as its key names it: junk parameters never reach the route or the page", async () => {
    const { app } = cachedApp();
    const miss = await (await app.request("/en/privacy?utm_source=evil%22")).text();
    expect(miss).not.toContain("utm_source");
    expect(miss).toContain('href="/nl/privacy"');
    const seen: Record<string, string>[] = [];
    const test = createApp({ ...ctx.deps, pageCache: new PageCache(() => contentStamps(ctx.db), 0) });
    test.get("/x-params", (c) => {
      seen.push(c.req.query());
      return c.text("ok");
    });
    cached(test, "/x-params", { capability: STATIC, params: ["b", "a"] });
    await test.request("/x-params?z=1&b=2&a=3&a=4");
    expect(seen).toEqual([{ b: "2", a: "3" }]);
    // Signed-in visitors, who are never served from the cache, see the same.
    const { client } = await signedIn(ctx, "board@example.org");
    await test.request("/x-params?a=1&junk=2", { headers: { cookie: `vn_session=${client.cookies.get("vn_session")}` } });
    expect(seen[1]).toEqual({ a: "1" });
  });

  it("refuses to keep a page that holds a CSRF token, whatever its rule says", async () => {
    const { app, pageCache } = cachedApp();
    app.get("/x-form", (c) => c.html(`<input name="_csrf" value="${c.var.csrfToken}">`));
    cached(app, "/x-form", { capability: STATIC });
    await app.request("/x-form");
    const again = await app.request("/x-form");
    expect(again.headers.get("x-cache")).toBeNull();
    expect(pageCache.size).toBe(0);
    expect(ctx.logs.join("\n")).toContain("holds a CSRF token");
  });
});

describe("static files through the page cache", () => {
  it("are answered compressed, with ETag, 304 and Vary, to signed-in users too", async () => {
    const { app, pageCache } = cachedApp();
    const plain = await app.request("/static/app.css");
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(plain.headers.get("vary")).toBe("Accept-Encoding");
    expect(plain.headers.get("cache-control")).toBe("public, max-age=3600");
    const css = await plain.text();
    const { client } = await signedIn(ctx, "board@example.org");
    const browser = { "accept-encoding": "gzip, deflate, br", cookie: `vn_session=${client.cookies.get("vn_session")}` };
    const gz = await app.request("/static/app.css", { headers: browser });
    expect(gz.headers.get("x-cache")).toBe("hit");
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    const packed = Buffer.from(await gz.arrayBuffer());
    expect(packed.length).toBeLessThan(Buffer.byteLength(css) / 2);
    expect(gunzipSync(packed).toString("utf8")).toBe(css);
    await pageCache.compressed();
    const br = await app.request("/static/app.css?v=2", { headers: browser });
    expect(br.headers.get("content-encoding")).toBe("br");
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString("utf8")).toBe(css);
    const etag = br.headers.get("etag")!;
    expect(etag).toBe(plain.headers.get("etag"));
    const fresh = await app.request("/static/app.css", { headers: { "if-none-match": etag } });
    expect(fresh.status).toBe(304);
    expect(fresh.headers.get("vary")).toBe("Accept-Encoding");
    const theme = await app.request("/static/theme.css");
    expect(await theme.text()).toContain("--brand");
    expect((await app.request("/static/theme.css")).headers.get("x-cache")).toBe("hit");
    expect((await app.request("/static/nope.css")).status).toBe(404);
  });
});

describe("roadmap responses through the page cache", () => {
  const seed = () => seedRoadmap(ctx.db, ctx.clock.now(), { TIME_ZONE: "Europe/Amsterdam" });
  const browser = { "accept-encoding": "gzip, deflate, br" };

  it("answer the API and HSDS compressed, with their ETag, Cache-Control, CORS and Vary, and 304", async () => {
    await seed();
    const { app, pageCache } = cachedApp();
    for (const path of ["/api/roadmap?lang=en", "/api/hsds/services?lang=en&page=1"]) {
      const plain = await app.request(path);
      expect(plain.status, path).toBe(200);
      const json = await plain.text();
      await app.request(path); // a URL with a query string is kept from its second visit
      const gz = await app.request(`${path}&utm_source=x`, { headers: browser });
      expect(gz.headers.get("x-cache"), path).toBe("hit");
      expect(gz.headers.get("content-encoding")).toBe("gzip");
      expect(gz.headers.get("vary")).toBe("Accept-Encoding");
      expect(gz.headers.get("etag")).toBe(plain.headers.get("etag"));
      expect(gz.headers.get("cache-control")).toBe("public, max-age=300");
      expect(gz.headers.get("access-control-allow-origin")).toBe("*");
      expect(gz.headers.get("content-language")).toBe("en");
      const packed = Buffer.from(await gz.arrayBuffer());
      expect(packed.length).toBeLessThan(Buffer.byteLength(json) / 3);
      expect(gunzipSync(packed).toString("utf8")).toBe(json);
      await pageCache.compressed();
      const br = await app.request(path, { headers: browser });
      expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString("utf8")).toBe(json);
      const fresh = await app.request(path, { headers: { "if-none-match": plain.headers.get("etag")! } });
      expect(fresh.status).toBe(304);
      expect(fresh.headers.get("x-cache")).toBe("hit");
      expect(fresh.headers.get("access-control-allow-origin")).toBe("*");
    }
  });

  it("answer the PDF (compressed) and the QR code from memory with their strong ETag, to signed-in users too", async () => {
    await seed();
    const { app } = cachedApp();
    const { client } = await signedIn(ctx, "board@example.org");
    const cookie = `vn_session=${client.cookies.get("vn_session")}`;
    for (const [path, coding] of [
      ["/en/roadmap/roadmap.pdf", "gzip"],
      ["/nl/wegwijzer/qr.png?lang=en", null],
    ] as const) {
      const miss = await app.request(path);
      expect(miss.status, path).toBe(200);
      const bytes = Buffer.from(await miss.arrayBuffer());
      await app.request(path);
      const hit = await app.request(path, { headers: { "accept-encoding": "gzip", cookie } });
      expect(hit.headers.get("x-cache"), path).toBe("hit");
      expect(hit.headers.get("content-encoding"), path).toBe(coding);
      // PNG is compressed already: sent as it is, without Vary.
      expect(hit.headers.get("vary"), path).toBe(coding ? "Accept-Encoding" : null);
      expect(hit.headers.get("etag")).toMatch(/^"/);
      expect(hit.headers.get("etag")).toBe(miss.headers.get("etag"));
      const body = Buffer.from(await hit.arrayBuffer());
      expect((coding ? gunzipSync(body) : body).equals(bytes)).toBe(true);
      if (coding) expect(body.length).toBeLessThan(bytes.length / 2);
      expect((await app.request(path, { headers: { "if-none-match": miss.headers.get("etag")! } })).status).toBe(304);
    }
    const download = await app.request("/nl/wegwijzer/qr.png?lang=en&download=1");
    expect(download.headers.get("content-disposition")).toContain("attachment");
  });

  it("send the compressed length with a compressed answer on a miss too (the first visitor's answer is whole)", async () => {
    await seed();
    const { app } = cachedApp();
    for (const path of ["/en/roadmap/roadmap.pdf", "/en", "/en/privacy"]) {
      const miss = await app.request(path, { headers: { "accept-encoding": "gzip" } });
      expect(miss.headers.get("x-cache"), path).toBe("miss");
      expect(miss.headers.get("content-encoding"), path).toBe("gzip");
      const body = Buffer.from(await miss.arrayBuffer());
      // A Content-Length that is not the body's own makes a browser wait for bytes that never come.
      expect(miss.headers.get("content-length"), path).toBe(String(body.length));
      expect(gunzipSync(body).length, path).toBeGreaterThan(body.length);
    }
  });

  it("are dropped by a roadmap edit in this process at once, while the static pages stay", async () => {
    await seed();
    const { app } = cachedApp(60_000);
    const paths = ["/en/roadmap", "/embed/roadmap?lang=en", "/api/roadmap?lang=en", "/en/roadmap/roadmap.pdf"];
    for (const path of [...paths, "/en"]) for (let i = 0; i < 2; i++) await app.request(path);
    for (const path of [...paths, "/en"]) expect((await app.request(path)).headers.get("x-cache"), path).toBe("hit");
    // The office edits through this same app: its route tells the cache (`contentChanged`), which
    // would otherwise keep its pages until its next version check, a minute from now.
    const staff = await signedIn(ctx, "staff@example.org", { staffRole: "staff" });
    const editor = new Client({ ...ctx, app });
    editor.cookies = staff.client.cookies;
    const page = await (await editor.get("/en/office/roadmap")).text();
    const id = /resources\/([0-9a-f-]{36})\/reviewed/.exec(page)![1]!;
    expect((await editor.post(`/en/office/roadmap/resources/${id}/reviewed`)).status).toBe(303);
    for (const path of paths) expect((await app.request(path)).headers.get("x-cache"), path).toBe("miss");
    expect((await app.request("/en")).headers.get("x-cache")).toBe("hit");
  });

  it("keep one entry for an embed asked for with 2,100 junk parameters", async () => {
    await seed();
    const { app, pageCache } = cachedApp(60_000);
    for (let i = 0; i < 2; i++) await app.request("/embed/roadmap?lang=nl");
    const size = pageCache.size;
    for (let i = 0; i < 2100; i++) {
      const res = await app.request(`/embed/roadmap?utm=${i}&lang=nl`);
      expect(res.headers.get("x-cache")).toBe("hit");
    }
    expect(pageCache.size).toBe(size);
  });
});
