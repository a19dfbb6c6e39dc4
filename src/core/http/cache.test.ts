import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { bodyBytes, CacheRules, cacheKey, PageCache } from "./cache.js";
import { acceptedEncodings, isCompressible, Variants } from "./compress.js";
import { etagMatches } from "./etag.js";

const bytes = (s: string) => new TextEncoder().encode(s) as Uint8Array<ArrayBuffer>;
const page = (n: number) => bytes(`<p>${"x".repeat(n)}</p>`);
const opts = { production: false, sessionCookie: "vn_session=" };
/** Content stamps that never change. */
const fixed = async () => new Map<string, string>();
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

describe("cache rules", () => {
  const rules = new CacheRules();
  rules.add("/en", { capability: "static" });
  rules.add("/en/roadmap/topic/:slug", { capability: "roadmap" });
  rules.add("/embed/roadmap", { capability: "roadmap", params: ["topics", "lang", "accent"], shared: true });
  rules.add("/static/*", { capability: "static", shared: true });

  it("keys on the path and only the declared parameters, in a canonical order", () => {
    expect(rules.key("/en")).toBe("/en");
    expect(rules.key("/en?utm_source=x&fbclid=y")).toBe("/en");
    expect(rules.key("/en?")).toBe("/en");
    expect(rules.key("/en/roadmap/topic/money?utm=1")).toBe("/en/roadmap/topic/money");
    expect(rules.key("/embed/roadmap?utm=1&topics=b&lang=nl&topics=a&x")).toBe("/embed/roadmap?lang=nl&topics=b&topics=a");
    expect(rules.key("/embed/roadmap?lang=nl&topics=a")).toBe(rules.key("/embed/roadmap?topics=a&lang=nl"));
    // A parameter's name may be escaped; its value is kept as sent.
    expect(rules.key("/embed/roadmap?%6Cang=en&accent=%23fff&other=%C3%A9")).toBe("/embed/roadmap?accent=%23fff&%6Cang=en");
    // A malformed escape anywhere is left to the app (a 400 page), never answered from the cache.
    expect(rules.key("/embed/roadmap?%6Cang=en&accent=%23fff&bad=%E0%A4%A")).toBeUndefined();
    expect(rules.key("/static/app.css?v=3")).toBe("/static/app.css");
  });

  it("knows nothing of paths without a rule", () => {
    expect(rules.key("/en/sign-in?next=/en")).toBeUndefined();
    expect(rules.key("/en/roadmap/topic/money/more")).toBeUndefined();
    expect(rules.key("/en/")).toBeUndefined();
    expect(rules.match("/static")).toBeUndefined();
  });
});

describe("page cache", () => {
  it("keys on path and query without the origin", () => {
    expect(cacheKey("http://localhost:3000/en/roadmap?q=a")).toBe("/en/roadmap?q=a");
    expect(cacheKey("https://example.org")).toBe("/");
  });

  it("answers with the smallest coding the client takes, the same ETag, and Vary", async () => {
    const cache = new PageCache(fixed, 60_000);
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

  it("repeats the route's own ETag and caching headers, and sends no Vary for what it never compresses", async () => {
    const cache = new PageCache(fixed, 60_000);
    await cache.get("/f.png");
    cache.set("/f.png", page(5_000), "image/png", {
      etag: '"v1"',
      extra: { "cache-control": "public, max-age=60", "access-control-allow-origin": "*" },
    });
    const res = cache.respond(get("/f.png", { "accept-encoding": "gzip" }), undefined, opts) as Response;
    expect(res.headers.get("etag")).toBe('"v1"');
    expect(res.headers.get("cache-control")).toBe("public, max-age=60");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("content-encoding")).toBeNull();
    expect(res.headers.get("vary")).toBeNull();
    const again = cache.respond(get("/f.png", { "if-none-match": '"v1"' }), undefined, opts) as Response;
    expect(again.status).toBe(304);
    expect(again.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("answers 304 to a matching If-None-Match, and leaves signed-in requests (unless shared) and other methods to the app", async () => {
    const cache = new PageCache(fixed, 60_000);
    await cache.get("/p");
    const etag = cache.set("/p", page(10), "text/html").etag;
    cache.set("/s", page(10), "text/css", { shared: true });
    expect((cache.respond(get("/p", { "if-none-match": etag }), undefined, opts) as Response).status).toBe(304);
    expect((cache.respond(get("/p", { "if-none-match": `"other", ${etag}` }), undefined, opts) as Response).status).toBe(304);
    expect((cache.respond(get("/p", { "if-none-match": '"other"' }), undefined, opts) as Response).status).toBe(200);
    expect(cache.respond(get("/p", { cookie: "a=1; vn_session=abc" }), undefined, opts)).toBeUndefined();
    expect((cache.respond(get("/s", { cookie: "a=1; vn_session=abc" }), undefined, opts) as Response).status).toBe(200);
    expect(cache.respond(new Request("http://localhost/p", { method: "POST" }), undefined, opts)).toBeUndefined();
    expect(cache.respond(get("/other"), undefined, opts)).toBeUndefined();
  });

  it("reads Node's own request headers when the server passes them", async () => {
    const cache = new PageCache(fixed, 60_000);
    await cache.get("/p");
    cache.set("/p", page(10), "text/html");
    const incoming = { incoming: { headers: { cookie: "vn_session=abc" } } };
    // The Request carries no cookie; Node's headers do, and they win.
    expect(cache.respond(get("/p"), incoming, opts)).toBeUndefined();
    expect(cache.respond(get("/p"), undefined, opts)).toBeDefined();
  });

  it("keeps a 'repeat' page only when it is asked for a second time", async () => {
    const cache = new PageCache(fixed, 60_000);
    await cache.get("/s?q=a");
    cache.set("/s?q=a", page(10), "text/html", { repeat: true });
    expect(await cache.get("/s?q=a")).toBeUndefined();
    cache.set("/s?q=a", page(10), "text/html", { repeat: true });
    expect(await cache.get("/s?q=a")).toBeDefined();
    // An edit forgets what was seen: the next time counts as the first again.
    cache.invalidate();
    cache.set("/s?q=a", page(10), "text/html", { repeat: true });
    expect(await cache.get("/s?q=a")).toBeUndefined();
  });

  it("keeps URLs with a query string or escapes from their second visit, and never very long ones", async () => {
    const cache = new PageCache(fixed, 60_000);
    await cache.get("/x");
    for (const key of ["/p?q=abc", "/p%2Fq"]) {
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

  it("is neither filled nor emptied by 2,100 distinct junk parameters", async () => {
    const cache = new PageCache(fixed, 60_000, Date.now, 2000);
    cache.rules.add("/embed/roadmap", { capability: "roadmap", params: ["lang"], shared: true });
    cache.rules.add("/en", { capability: "static" });
    await cache.get("/en");
    cache.set("/en", page(10), "text/html");
    cache.set("/embed/roadmap?lang=nl", page(10), "text/html");
    cache.set("/embed/roadmap?lang=nl", page(10), "text/html");
    expect(cache.size).toBe(2);
    for (let i = 0; i < 2100; i++) {
      for (const url of [`/embed/roadmap?lang=nl&utm=${i}`, `/en?fbclid=${i}`]) {
        const res = (await cache.respond(get(url), undefined, opts)) as Response;
        expect(res?.headers.get("x-cache"), url).toBe("hit");
      }
    }
    expect(cache.size).toBe(2);
  });

  it("leaves the request to the app when the content version can't be read", async () => {
    let fail = false;
    const cache = new PageCache(async () => {
      if (fail) throw new Error("database down");
      return new Map();
    }, 0);
    await cache.get("/p");
    cache.set("/p", page(10), "text/html");
    fail = true;
    await expect(cache.respond(get("/p"), undefined, opts)).resolves.toBeUndefined();
  });

  it("drops only the pages of a capability whose version changed; static pages stay", async () => {
    let stamps = new Map([
      ["roadmap", "1"],
      ["trainings", "1"],
    ]);
    const cache = new PageCache(async () => stamps, 0);
    await cache.get("/x");
    cache.set("/roadmap", page(10), "text/html", { capabilities: ["roadmap"] });
    cache.set("/trainings", page(10), "text/html", { capabilities: ["trainings"] });
    cache.set("/both", page(10), "text/html", { capabilities: ["roadmap", "trainings"] });
    cache.set("/home", page(10), "text/html", { capabilities: ["static"] });
    stamps = new Map([
      ["roadmap", "2"],
      ["trainings", "1"],
    ]);
    expect(await cache.get("/roadmap")).toBeUndefined();
    expect(await cache.get("/both")).toBeUndefined();
    expect(await cache.get("/trainings")).toBeDefined();
    expect(await cache.get("/home")).toBeDefined();
    // A capability whose row disappears (a database emptied) counts as changed too.
    stamps = new Map([["roadmap", "2"]]);
    expect(await cache.get("/trainings")).toBeUndefined();
    expect(await cache.get("/home")).toBeDefined();
    // In the editing process: one capability at once, without waiting for the next version read.
    cache.set("/roadmap", page(10), "text/html", { capabilities: ["roadmap"] });
    cache.invalidate("trainings");
    expect(await cache.get("/roadmap")).toBeDefined();
    cache.invalidate("roadmap");
    expect(await cache.get("/roadmap")).toBeUndefined();
    expect(await cache.get("/home")).toBeDefined();
  });

  it("does not keep a page rendered while an edit happened, nor trust a version read that overlapped an invalidation", async () => {
    let stamps = new Map([["roadmap", "1"]]);
    let release = () => {};
    let slow = false;
    const cache = new PageCache(async () => {
      const seen = stamps;
      if (slow) await new Promise<void>((r) => (release = r));
      return seen;
    }, 60_000);
    await cache.get("/x");
    const startedIn = cache.current;
    stamps = new Map([["roadmap", "2"]]); // an edit lands while the page renders
    cache.invalidate("roadmap");
    cache.set("/x", bytes("old"), "text/html", { generation: startedIn, capabilities: ["roadmap"] });
    expect(await cache.get("/x")).toBeUndefined();
    // A version read that started before an edit's invalidation does not make the cache fresh:
    // the next request reads again.
    let reads = 0;
    slow = true;
    const reading = cache.get("/x");
    stamps = new Map([["roadmap", "3"]]);
    cache.invalidate("roadmap");
    release();
    await reading;
    slow = false;
    const counting = cache as unknown as { readVersions: () => Promise<Map<string, string>> };
    const read = counting.readVersions;
    counting.readVersions = () => {
      reads++;
      return read();
    };
    await cache.get("/x");
    expect(reads).toBe(1);
    await cache.get("/x");
    expect(reads).toBe(1);
  });

  it("answers a 304 without a content coding or type", async () => {
    const cache = new PageCache(fixed, 60_000);
    await cache.get("/p");
    const etag = cache.set("/p", page(20_000), "text/html").etag;
    const res = cache.respond(get("/p", { "if-none-match": etag, "accept-encoding": "gzip" }), undefined, opts) as Response;
    expect(res.status).toBe(304);
    expect(res.headers.get("content-encoding")).toBeNull();
    expect(res.headers.get("content-type")).toBeNull();
    expect(res.headers.get("vary")).toBe("Accept-Encoding");
  });

  it("stays within its byte budget, dropping the least recently used pages first", async () => {
    const cache = new PageCache(fixed, 60_000, Date.now, 100, 25_000);
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
    const cache = new PageCache(fixed, 60_000, Date.now, 100, 2_600);
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

describe("a response's body bytes (what the page cache stores)", () => {
  const text = "<p>caf\u00e9 \u{1F600} \uD800 \u0000 end</p>";
  const binary = new Uint8Array([0, 1, 2, 255, 254]);
  function app(seen: { bytes: Uint8Array; light: boolean }[]) {
    const a = new Hono();
    a.use(async (c, next) => {
      await next();
      const light = Object.getOwnPropertySymbols(c.res).some((s) => s.description === "cache");
      const bytes = await bodyBytes(c.res);
      // Still lightweight afterwards when it was: no web Response was built to read it.
      seen.push({ bytes, light: light && Object.getOwnPropertySymbols(c.res).some((s) => s.description === "cache") });
      c.res = undefined as unknown as Response;
      c.res = new Response(bytes, { headers: { "content-type": "application/octet-stream" } });
    });
    a.get("/text", (c) => c.html(text));
    a.get("/bytes", (c) => c.body(binary));
    a.get("/empty", (c) => c.body(null));
    a.get("/stream", (c) => c.body(new Blob([text]).stream()));
    return a;
  }
  const expected: Record<string, Uint8Array> = {
    "/text": new TextEncoder().encode(text),
    "/bytes": binary,
    "/empty": new Uint8Array(0),
    "/stream": new TextEncoder().encode(text),
  };

  it("are the bytes arrayBuffer() gives, in-process and on Node's server, read there without a web Response", async () => {
    const inProcess: { bytes: Uint8Array; light: boolean }[] = [];
    for (const path of Object.keys(expected)) await app(inProcess).request(path);
    expect(inProcess.map((s) => s.bytes)).toEqual(Object.values(expected));

    const onNode: { bytes: Uint8Array; light: boolean }[] = [];
    let port = 0;
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app(onNode).fetch, port: 0, hostname: "127.0.0.1" }, (info) => {
        port = info.port;
        resolve(s);
      });
    });
    try {
      for (const [path, bytes] of Object.entries(expected)) {
        const res = await fetch(`http://127.0.0.1:${port}${path}`);
        expect(new Uint8Array(await res.arrayBuffer()), path).toEqual(bytes);
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(onNode.map((s) => s.bytes)).toEqual(Object.values(expected));
    // The rendered page, bytes and no body are read off node-server's lightweight response; a stream is read.
    expect(onNode.map((s) => s.light)).toEqual([true, true, true, false]);
  });

  it("are a copy: changing them leaves the route's own bytes alone", async () => {
    const own = new Uint8Array([1, 2, 3]);
    const bytes = await bodyBytes(new Response(own));
    bytes[0] = 9;
    expect(own[0]).toBe(1);
  });
});
