import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { catalogs } from "../src/catalogs.js";
import { contentStamps } from "../src/core/content/versions.js";
import { tooManyRequests } from "../src/core/errors.js";
import { PageCache } from "../src/core/http/cache.js";
import { MAX_BODY_BYTES } from "../src/core/http/security.js";
import { LANGS, type Lang } from "../src/core/i18n/index.js";
import { seedRoadmap } from "../src/demo/seed.js";
import { topics as topicsTable } from "../src/features/roadmap/schema.js";
import { ROUTES, type RouteKey, url } from "../src/routes.js";
import { startServer } from "../src/server.js";
import { BASE, Client, setupApp, signedIn } from "./helpers/app.js";

const ctx = setupApp();

const ID = "00000000-0000-4000-8000-000000000000";
const KEYS = Object.keys(ROUTES) as RouteKey[];
/** Every page's path in `lang` with its parameters filled in by `fill`. */
const pathOf = (lang: Lang, key: RouteKey, fill: string) => {
  const p: string = ROUTES[key][lang];
  return (p === "/" ? `/${lang}` : `/${lang}${p}`).replace(/:\w+/g, fill);
};

/** The headers every answer must carry, error pages included. */
function expectSecurityHeaders(res: Response, what: string) {
  expect(res.headers.get("content-security-policy"), what).toContain("default-src 'self'");
  expect(res.headers.get("x-content-type-options"), what).toBe("nosniff");
  expect(res.headers.get("referrer-policy"), what).toBeTruthy();
  expect(res.headers.get("cross-origin-opener-policy"), what).toBe("same-origin");
}

const errorLogs = () => ctx.logs.filter((l) => JSON.parse(l).level >= 50 || l.includes('"stack"'));

describe("trailing slashes", () => {
  it("redirect every page (308) to its canonical address, query kept, in both languages", async () => {
    const c = new Client(ctx);
    for (const lang of LANGS) {
      for (const key of KEYS) {
        const canonical = pathOf(lang, key, ID);
        const res = await c.get(`${canonical}/`);
        expect(res.status, canonical).toBe(308);
        expect(res.headers.get("location"), canonical).toBe(canonical);
        expectSecurityHeaders(res, canonical);
      }
      const withQuery = await c.get(`/${lang}/?utm_source=x&a=%C3%A9`);
      expect(withQuery.status).toBe(308);
      expect(withQuery.headers.get("location")).toBe(`/${lang}?utm_source=x&a=%C3%A9`);
    }
    // The canonical page itself answers.
    expect((await c.get("/nl")).status).toBe(200);
    expect((await c.get("/en/roadmap//")).headers.get("location")).toBe("/en/roadmap");
  });

  it("keep the method: a POST with a trailing slash is sent on as a POST (308), before any CSRF check", async () => {
    const res = await new Client(ctx).request("/en/sign-in/", {
      method: "POST",
      body: new URLSearchParams({ email: "a@example.org" }),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(308);
    expect(res.headers.get("location")).toBe("/en/sign-in");
  });

  it("never redirect to another site", async () => {
    const c = new Client(ctx);
    for (const path of ["//evil.example/", "//evil.example//", "///evil.example/", "/\\evil.example/", "//evil.example/?x=/", "///"]) {
      const res = await c.get(path);
      const location = res.headers.get("location");
      if (location) expect(new URL(location, BASE).origin, path).toBe(BASE);
      expect(res.status, path).not.toBe(500);
    }
  });

  it("never redirect to another site on the real server either (raw request targets, no URL clean-up by a client)", async () => {
    const app = createApp(ctx.deps);
    const server = await new Promise<ReturnType<typeof startServer>>((resolve) => {
      const s = startServer(app, ctx.deps, { port: 0, hostname: "127.0.0.1" }, () => resolve(s));
    });
    try {
      const port = (server.address() as AddressInfo).port;
      const raw = (path: string) =>
        new Promise<{ status: number; location?: string }>((resolve, reject) => {
          const req = httpRequest({ host: "127.0.0.1", port, path, method: "GET" }, (res) => {
            res.resume();
            resolve({ status: res.statusCode ?? 0, location: res.headers.location });
          });
          req.on("error", reject);
          req.end();
        });
      for (const path of ["//evil.example/", "/\\evil.example/", "/\\/evil.example/", "//evil.example/%2F..", "/%2F%2Fevil.example/"]) {
        const { status, location } = await raw(path);
        expect(status, path).not.toBe(500);
        if (location) {
          const own = `http://127.0.0.1:${port}`;
          expect(new URL(location, own).origin, `${path} -> ${location}`).toBe(own);
        }
      }
      expect((await raw("/api/roadmap/")).status).toBe(404);
      const nl = await raw("/nl/");
      expect(nl).toEqual({ status: 308, location: "/nl" });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("malformed percent-encoding", () => {
  it("is a localized 400 page with the security headers on every page, path or query, any method; nothing logged as an error", async () => {
    const c = new Client(ctx);
    for (const lang of LANGS) {
      for (const key of KEYS) {
        const hasParams = ROUTES[key][lang].includes(":");
        const paths = [
          `${pathOf(lang, key, ID)}?q=%E0%A4%A`,
          ...(hasParams ? [pathOf(lang, key, "%FF")] : [`${pathOf(lang, key, ID)}/%C0%AF`]),
        ];
        for (const path of paths) {
          for (const method of ["GET", "POST"]) {
            const res = await c.request(path, { method, headers: { origin: BASE } });
            expect(res.status, `${method} ${path}`).toBe(400);
            expectSecurityHeaders(res, path);
            const html = await res.text();
            expect(html, path).toContain(`<html lang="${lang}">`);
            expect(html, path).toContain(catalogs[lang].http.badRequestTitle);
            // The whole page, with its layout (the language switch did not throw).
            expect(html, path).toContain('class="site-header"');
          }
        }
      }
    }
    // The reported cases.
    for (const path of ["/en/roadmap/topic/%FF", "/en/roadmap/search?q=%E0%A4%A", "/nl/wegwijzer/zoeken?q=100%", "/en/%"]) {
      const res = await c.get(path);
      expect(res.status, path).toBe(400);
      expectSecurityHeaders(res, path);
    }
    expect(errorLogs()).toEqual([]);
  });

  it("is a 400 under /embed/ (frameable, HTML) and /api/ (JSON)", async () => {
    const c = new Client(ctx);
    for (const path of ["/embed/roadmap?lang=%FF", "/embed/%FF", "/embed/roadmap?topics=%E0%A4%A"]) {
      const res = await c.get(path);
      expect(res.status, path).toBe(400);
      expectSecurityHeaders(res, path);
      expect(res.headers.get("content-security-policy")).toContain("frame-ancestors *");
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    }
    for (const path of ["/api/roadmap?lang=%FF", "/api/%FF", "/api/hsds/services?page=%E0%A4%A", "/api/hsds/services/%FF"]) {
      const res = await c.get(path);
      expect(res.status, path).toBe(400);
      expectSecurityHeaders(res, path);
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      expect(await res.json()).toMatchObject({ error: { code: "bad_request" } });
    }
    expect(errorLogs()).toEqual([]);
  });

  it("is a 400 on the real server too (no bare 500)", async () => {
    const app = createApp(ctx.deps);
    const server = await new Promise<ReturnType<typeof startServer>>((resolve) => {
      const s = startServer(app, ctx.deps, { port: 0, hostname: "127.0.0.1" }, () => resolve(s));
    });
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      for (const path of ["/en/roadmap/topic/%FF", "/en/roadmap/search?q=%E0%A4%A"]) {
        const res = await fetch(base + path);
        expect(res.status, path).toBe(400);
        expectSecurityHeaders(res, path);
        expect(await res.text()).toContain(catalogs.en.http.badRequestTitle);
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("errors never throw twice", () => {
  /** An app whose layout throws on every page (as the language switch once did on a bad escape). */
  function brokenLayoutApp() {
    const env = { ...ctx.deps.env };
    Object.defineProperty(env, "LOGO_URL", {
      get() {
        throw new Error("layout broken");
      },
    });
    return createApp({ ...ctx.deps, env });
  }

  it("sends a minimal localized page with the security headers when the layout fails", async () => {
    const app = brokenLayoutApp();
    const cases: [string, number, Lang, string][] = [
      ["/en", 500, "en", catalogs.en.http.serverErrorTitle],
      ["/nl/wegwijzer", 500, "nl", catalogs.nl.http.serverErrorTitle],
      ["/en/no-such-page", 404, "en", catalogs.en.http.notFoundTitle],
      ["/nl/%FF", 400, "nl", catalogs.nl.http.badRequestTitle],
      ["/embed/roadmap?lang=%FF", 400, "nl", catalogs.nl.http.badRequestTitle],
    ];
    for (const [path, status, lang, title] of cases) {
      const res = await app.request(path);
      expect(res.status, path).toBe(status);
      expectSecurityHeaders(res, path);
      expect(res.headers.get("cache-control"), path).toBe("no-store");
      const html = await res.text();
      expect(html, path).toContain(`<html lang="${lang}">`);
      expect(html, path).toContain(`<h1>${title}</h1>`);
      expect(html, path).toContain(`href="/${lang}"`);
    }
    // The failure is logged (once per request as the cause, once for the page), without a crash.
    expect(ctx.logs.some((l) => l.includes("error page failed"))).toBe(true);
  });
});

describe("request body size limit", () => {
  const big = (bytes: number) => new URLSearchParams({ email: "a@example.org", note: "x".repeat(bytes) });

  it("refuses a large POST with a localized 413 page before CSRF: no cookie or token needed", async () => {
    for (const [path, lang] of [
      ["/en/sign-in", "en"],
      ["/nl/inloggen", "nl"],
      ["/nl/wegwijzer/bestellen", "nl"],
    ] as const) {
      const res = await new Client(ctx).request(path, {
        method: "POST",
        body: big(MAX_BODY_BYTES + 1),
        headers: { "content-type": "application/x-www-form-urlencoded", origin: BASE },
      });
      expect(res.status, path).toBe(413);
      expectSecurityHeaders(res, path);
      const html = await res.text();
      expect(html).toContain(`<html lang="${lang}">`);
      expect(html).toContain(catalogs[lang].http.tooLargeTitle);
      // Not the CSRF page: the body was refused before anything read it.
      expect(html).not.toContain(catalogs[lang].http.csrfTitle);
    }
  });

  it("refuses at once on a declared Content-Length above the limit, without reading the body", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        if (pulled > 8) controller.close();
        else controller.enqueue(new Uint8Array(1024));
      },
    });
    const res = await ctx.app.request("/en/sign-in", {
      method: "POST",
      body,
      duplex: "half",
      headers: { "content-type": "application/x-www-form-urlencoded", "content-length": String(MAX_BODY_BYTES * 100) },
    } as RequestInit);
    expect(res.status).toBe(413);
    // At most what the stream buffers ahead by itself.
    expect(pulled).toBeLessThanOrEqual(2);
  });

  it("counts a streamed (chunked) body and stops reading once it passes the limit", async () => {
    let sent = 0;
    // Eight times the limit, in chunks, without a Content-Length: a reader that stops at the limit
    // pulls little more than the limit.
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 8 * MAX_BODY_BYTES) return controller.close();
        const chunk = new TextEncoder().encode(`a=${"x".repeat(16 * 1024)}&`);
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const res = await ctx.app.request("/en/sign-in", {
      method: "POST",
      body,
      duplex: "half",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await res.text()).toContain(catalogs.en.http.tooLargeTitle);
    expect(sent).toBeLessThan(MAX_BODY_BYTES + 64 * 1024);
  });

  it("answers 413 to a chunked upload on the real server while the client is still sending", async () => {
    const app = createApp(ctx.deps);
    const server = await new Promise<ReturnType<typeof startServer>>((resolve) => {
      const s = startServer(app, ctx.deps, { port: 0, hostname: "127.0.0.1" }, () => resolve(s));
    });
    try {
      const port = (server.address() as AddressInfo).port;
      const chunk = Buffer.alloc(64 * 1024, "x");
      const result = await new Promise<{ status: number; sentBeforeAnswer: number }>((resolve, reject) => {
        let sent = 0;
        let answered = false;
        const req = httpRequest(
          {
            host: "127.0.0.1",
            port,
            path: "/en/sign-in",
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded" },
          },
          (res) => {
            answered = true;
            res.resume();
            resolve({ status: res.statusCode ?? 0, sentBeforeAnswer: sent });
            req.destroy();
          },
        );
        req.on("error", (err) => {
          if (!answered) reject(err);
        });
        // Up to 32 times the limit (loopback socket buffers hold a few MB): a server that read the whole body would not answer before the end.
        const pump = () => {
          while (!answered && sent < MAX_BODY_BYTES * 32) {
            sent += chunk.byteLength;
            if (!req.write(chunk)) return void req.once("drain", pump);
          }
          if (!answered) req.end();
        };
        pump();
      });
      expect(result.status).toBe(413);
      expect(result.sentBeforeAnswer).toBeLessThan(MAX_BODY_BYTES * 32);
      // The server is fine afterwards.
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("is generous enough for the largest real form: a roadmap place with every field at its longest", async () => {
    await seedRoadmap(ctx.db, ctx.clock.now(), { TIME_ZONE: "Europe/Amsterdam" });
    const topicIds = (await ctx.db.select({ id: topicsTable.id }).from(topicsTable)).map((t) => t.id);
    const { client } = await signedIn(ctx, "office@example.org", { staffRole: "staff" });
    // Three UTF-8 bytes per character, nine once percent-encoded: the worst case per character.
    const wide = (n: number) => "€".repeat(n);
    const fields: Record<string, string> = {
      slug: "a".repeat(80),
      name_nl: wide(150),
      name_en: wide(150),
      summary_nl: wide(200),
      summary_en: wide(200),
      description_nl: wide(3000),
      description_en: wide(3000),
      hours_nl: wide(500),
      hours_en: wide(500),
      confidentiality_nl: wide(500),
      confidentiality_en: wide(500),
      scope: "outside",
      provider: wide(150),
      phones: wide(2000),
      email: `${"a".repeat(240)}@example.org`,
      website: `https://example.org/${"a".repeat(470)}`,
      bookingUrl: `https://example.org/${"a".repeat(470)}`,
      street: wide(150),
      postcode: "2311 EZ",
      city: wide(100),
      cost: "free",
      languages: wide(100),
      urgent: "on",
      status: "active",
      _csrf: await client.csrfToken(),
    };
    const body = new URLSearchParams(fields);
    for (const id of [...topicIds, ...Array.from({ length: 200 - topicIds.length }, () => ID)]) body.append("topics", id);
    for (let i = 0; i < 20; i++) body.append("audiences", "students");
    const size = Buffer.byteLength(body.toString());
    expect(size).toBeGreaterThan(100 * 1024);
    const res = await client.request(url("en", "staffResourceNew"), {
      method: "POST",
      body,
      headers: { "content-type": "application/x-www-form-urlencoded", origin: BASE },
    });
    expect(res.status).not.toBe(413);
    expect([303, 422]).toContain(res.status);
    // Room to spare.
    expect(size * 4).toBeLessThan(MAX_BODY_BYTES);
  });
});

describe("Cache-Control on pages with a form", () => {
  it("anonymous pages that embed a CSRF token are no-store; cached public pages still cache", async () => {
    await seedRoadmap(ctx.db, ctx.clock.now(), { TIME_ZONE: "Europe/Amsterdam" });
    const cache = new PageCache(() => contentStamps(ctx.db), 0);
    const app = createApp({ ...ctx.deps, pageCache: cache });
    for (const lang of LANGS) {
      for (const key of ["signIn", "roadmapOrder"] as const) {
        const res = await app.request(url(lang, key));
        expect(res.status, key).toBe(200);
        expect(res.headers.get("cache-control"), key).toContain("no-store");
        expect(await res.text()).toContain('name="_csrf"');
        // Asked again, still answered by the app with a fresh token, never from a cache.
        const again = await app.request(url(lang, key));
        expect(again.headers.get("x-cache"), key).toBeNull();
      }
      // Pages without a form keep their caching.
      const roadmap = url(lang, "roadmap");
      const miss = await app.request(roadmap);
      expect(miss.headers.get("x-cache")).toBe("miss");
      expect(miss.headers.get("cache-control")).toBe("no-cache");
      expect((await app.request(roadmap)).headers.get("x-cache")).toBe("hit");
      const home = await app.request(url(lang, "home"));
      expect(home.status).toBe(200);
      expect(home.headers.get("cache-control") ?? "").not.toContain("no-store");
    }
  });
});

describe("429 with Retry-After", () => {
  it("a rate-limited answer says when to come back", async () => {
    const app = createApp(ctx.deps);
    app.get("/en/test-too-many", () => {
      throw tooManyRequests(90.2);
    });
    app.get("/api/test-too-many", () => {
      throw tooManyRequests(5);
    });
    const res = await app.request("/en/test-too-many");
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("91");
    expectSecurityHeaders(res, "429");
    expect(await res.text()).toContain(catalogs.en.http.tooManyTitle);
    const api = await app.request("/api/test-too-many");
    expect(api.status).toBe(429);
    expect(api.headers.get("retry-after")).toBe("5");
    expect(await api.json()).toMatchObject({ error: { code: "rate_limited" } });
  });
});
