import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { cacheKey, PageCache } from "./cache.js";
import { acceptedEncodings, isCompressible, Variants } from "./compress.js";
import { etagMatches } from "./etag.js";

const bytes = (s: string) => new TextEncoder().encode(s) as Uint8Array<ArrayBuffer>;
const page = (n: number) => bytes(`<p>${"x".repeat(n)}</p>`);
const opts = { production: false, sessionCookie: "vn_session=" };
const get = (path: string, headers: Record<string, string> = {}) => new Request(`http://localhost${path}`, { headers });

describe("content coding", () => {
  it("prefers Brotli, then gzip, honours q=0 and answers nothing for unknown codings", () => {
    expect(acceptedEncodings("gzip, deflate, br, zstd")).toEqual(["br", "gzip"]);
    expect(acceptedEncodings("gzip, deflate")).toEqual(["gzip"]);
    expect(acceptedEncodings("br;q=0, gzip")).toEqual(["gzip"]);
    expect(acceptedEncodings("br;q=0.5, gzip;q=0.8")).toEqual(["gzip", "br"]);
    expect(acceptedEncodings("gzip;q=0, br;q=0")).toEqual([]);
    expect(acceptedEncodings("*;q=0.1")).toEqual(["br", "gzip"]);
    expect(acceptedEncodings("identity")).toEqual([]);
    expect(acceptedEncodings("")).toEqual([]);
    expect(acceptedEncodings(undefined)).toEqual([]);
    expect(acceptedEncodings("br")).toEqual(["br"]);
  });

  it("serves gzip (or the plain body) until the best Brotli copy is ready, then Brotli", async () => {
    const body = page(20_000);
    const sizes: number[] = [];
    const v = new Variants(body, (n) => sizes.push(n));
    const first = v.pick(["br", "gzip"]);
    expect(first.encoding).toBe("gzip");
    expect(new Uint8Array(gunzipSync(first.body))).toEqual(body);
    expect(v.pick(["br"]).encoding).toBeUndefined();
    await v.pending;
    const best = v.pick(["br", "gzip"]);
    expect(best.encoding).toBe("br");
    expect(new Uint8Array(brotliDecompressSync(best.body))).toEqual(body);
    expect(best.body.byteLength).toBeLessThan(first.body.byteLength);
    expect(sizes).toEqual([first.body.byteLength, best.body.byteLength]);
    // A copy that would not be smaller is never sent.
    const tiny = new Variants(bytes("x"));
    expect(tiny.pick(["gzip"]).encoding).toBeUndefined();
  });

  it("compresses text of some size only", () => {
    expect(isCompressible("text/html; charset=utf-8", 5000)).toBe(true);
    expect(isCompressible("application/json", 5000)).toBe(true);
    expect(isCompressible("text/html", 200)).toBe(false);
    expect(isCompressible("image/png", 5000)).toBe(false);
  });
});

describe("If-None-Match", () => {
  it("compares weakly, accepts lists and *", () => {
    expect(etagMatches(undefined, 'W/"a"')).toBe(false);
    expect(etagMatches('W/"a"', 'W/"a"')).toBe(true);
    expect(etagMatches('"a"', 'W/"a"')).toBe(true);
    expect(etagMatches('W/"a"', '"a"')).toBe(true);
    expect(etagMatches(' "b" ,W/"a"', 'W/"a"')).toBe(true);
    expect(etagMatches('"b"', 'W/"a"')).toBe(false);
    expect(etagMatches('"ab"', '"a"')).toBe(false);
    expect(etagMatches("*", 'W/"a"')).toBe(true);
  });
});

describe("page cache", () => {
  it("keys on path and query without the origin", () => {
    expect(cacheKey("http://localhost:3000/en/roadmap?q=a")).toBe("/en/roadmap?q=a");
    expect(cacheKey("https://example.org")).toBe("/");
  });

  it("answers with the smallest coding the client takes, the same ETag, and Vary", async () => {
    const cache = new PageCache(async () => 1, 60_000);
    await cache.get("/p");
    const body = page(20_000);
    cache.set("/p", body, "text/html; charset=utf-8");
    const plain = cache.respond(get("/p"), undefined, opts) as Response;
    const first = cache.respond(get("/p", { "accept-encoding": "gzip, br" }), undefined, opts) as Response;
    expect(first.headers.get("content-encoding")).toBe("gzip");
    await cache.compressed();
    const br = cache.respond(get("/p", { "accept-encoding": "gzip, br" }), undefined, opts) as Response;
    const gz = cache.respond(get("/p", { "accept-encoding": "gzip" }), undefined, opts) as Response;
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(br.headers.get("content-encoding")).toBe("br");
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    for (const r of [plain, br, gz]) {
      expect(r.headers.get("vary")).toBe("Accept-Encoding");
      expect(r.headers.get("etag")).toBe(plain.headers.get("etag"));
      expect(r.headers.get("x-cache")).toBe("hit");
    }
    const packed = new Uint8Array(await br.arrayBuffer());
    expect(packed.byteLength).toBeLessThan(body.byteLength / 10);
    expect(new Uint8Array(brotliDecompressSync(packed))).toEqual(body);
    expect(new Uint8Array(gunzipSync(new Uint8Array(await gz.arrayBuffer())))).toEqual(body);
    expect(new Uint8Array(await plain.arrayBuffer())).toEqual(body);
  });

  it("answers 304 to a matching If-None-Match, and leaves signed-in requests and other methods to the app", async () => {
    const cache = new PageCache(async () => 1, 60_000);
    await cache.get("/p");
    const etag = cache.set("/p", page(10), "text/html").etag;
    expect((cache.respond(get("/p", { "if-none-match": etag }), undefined, opts) as Response).status).toBe(304);
    expect((cache.respond(get("/p", { "if-none-match": `"other", ${etag}` }), undefined, opts) as Response).status).toBe(304);
    expect((cache.respond(get("/p", { "if-none-match": '"other"' }), undefined, opts) as Response).status).toBe(200);
    expect(cache.respond(get("/p", { cookie: "a=1; vn_session=abc" }), undefined, opts)).toBeUndefined();
    expect(cache.respond(new Request("http://localhost/p", { method: "POST" }), undefined, opts)).toBeUndefined();
    expect(cache.respond(get("/other"), undefined, opts)).toBeUndefined();
  });

  it("reads Node's own request headers when the server passes them", () => {
    const cache = new PageCache(async () => 1, 60_000);
    cache.set("/p", page(10), "text/html");
    const incoming = { incoming: { headers: { cookie: "vn_session=abc" } } };
    // The Request carries no cookie; Node's headers do, and they win.
    expect(cache.respond(get("/p"), incoming, opts)).toBeUndefined();
  });

  it("keeps a 'repeat' page only when it is asked for a second time", async () => {
    const cache = new PageCache(async () => 1, 60_000);
    await cache.get("/s?q=a");
    cache.set("/s?q=a", page(10), "text/html", cache.current, false, true);
    expect(await cache.get("/s?q=a")).toBeUndefined();
    cache.set("/s?q=a", page(10), "text/html", cache.current, false, true);
    expect(await cache.get("/s?q=a")).toBeDefined();
    // An edit forgets what was seen: the next time counts as the first again.
    cache.invalidate();
    cache.set("/s?q=a", page(10), "text/html", cache.current, false, true);
    expect(await cache.get("/s?q=a")).toBeUndefined();
  });

  it("keeps URLs with a query string or escapes from their second visit, and never very long ones", async () => {
    const cache = new PageCache(async () => 1, 60_000);
    await cache.get("/x");
    for (const key of ["/p?fbclid=abc", "/p%2Fq"]) {
      cache.set(key, page(10), "text/html");
      expect(await cache.get(key), key).toBeUndefined();
      cache.set(key, page(10), "text/html");
      expect(await cache.get(key), key).toBeDefined();
    }
    const long = `/p/${"a".repeat(600)}`;
    cache.set(long, page(10), "text/html");
    cache.set(long, page(10), "text/html");
    expect(await cache.get(long)).toBeUndefined();
  });

  it("leaves the request to the app when the content version can't be read", async () => {
    let fail = false;
    const cache = new PageCache(async () => {
      if (fail) throw new Error("database down");
      return 1;
    }, 0);
    await cache.get("/p");
    cache.set("/p", page(10), "text/html");
    fail = true;
    await expect(cache.respond(get("/p"), undefined, opts)).resolves.toBeUndefined();
  });

  it("answers a 304 without a content coding or type", async () => {
    const cache = new PageCache(async () => 1, 60_000);
    await cache.get("/p");
    const etag = cache.set("/p", page(20_000), "text/html").etag;
    const res = cache.respond(get("/p", { "if-none-match": etag, "accept-encoding": "gzip" }), undefined, opts) as Response;
    expect(res.status).toBe(304);
    expect(res.headers.get("content-encoding")).toBeNull();
    expect(res.headers.get("content-type")).toBeNull();
    expect(res.headers.get("vary")).toBe("Accept-Encoding");
  });

  it("stays within its byte budget, dropping the least recently used pages first", async () => {
    const cache = new PageCache(async () => 1, 60_000, Date.now, 100, 25_000);
    await cache.get("/a");
    cache.set("/a", page(10_000), "text/html");
    cache.set("/b", page(10_000), "text/html");
    // /a is read again, so /b is now the least recently used.
    expect(cache.respond(get("/a"), undefined, opts)).toBeDefined();
    cache.set("/c", page(10_000), "text/html");
    expect(await cache.get("/b")).toBeUndefined();
    expect(await cache.get("/a")).toBeDefined();
    expect(await cache.get("/c")).toBeDefined();
    // A page bigger than the whole budget is not kept, and pushes nothing out.
    cache.set("/huge", page(30_000), "text/html");
    expect(await cache.get("/huge")).toBeUndefined();
    expect(await cache.get("/a")).toBeDefined();
    // Storing a page again replaces it without counting it twice.
    for (let i = 0; i < 5; i++) cache.set("/c", page(10_000), "text/html");
    expect(await cache.get("/a")).toBeDefined();
  });

  it("counts compressed copies against the budget", async () => {
    const cache = new PageCache(async () => 1, 60_000, Date.now, 100, 2_600);
    await cache.get("/a");
    // Random text compresses poorly: its gzip copy is most of the page's size.
    const noisy = bytes(Array.from({ length: 1_100 }, () => String.fromCharCode(33 + Math.floor(Math.random() * 90))).join(""));
    cache.set("/a", noisy, "text/html");
    cache.set("/b", noisy, "text/html");
    expect(await cache.get("/a")).toBeDefined();
    const gz = cache.respond(get("/b", { "accept-encoding": "gzip" }), undefined, opts) as Response;
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    expect(await cache.get("/a")).toBeUndefined();
    expect(await cache.get("/b")).toBeDefined();
  });
});
