import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { contentStamps } from "../src/core/content/versions.js";
import { PageCache } from "../src/core/http/cache.js";
import { seedRoadmap } from "../src/demo/seed.js";
import { startServer } from "../src/server.js";
import { setupApp, signedIn } from "./helpers/app.js";

const ctx = setupApp();
let server: ReturnType<typeof startServer> | undefined;
let base = "";
let cache: PageCache;

beforeEach(async () => {
  await seedRoadmap(ctx.db, ctx.clock.now(), { TIME_ZONE: "Europe/Amsterdam" });
  cache = new PageCache(() => contentStamps(ctx.db), 0);
  const deps = { ...ctx.deps, pageCache: cache };
  const app = createApp(deps);
  await new Promise<void>((resolve) => {
    server = startServer(app, deps, { port: 0, hostname: "127.0.0.1" }, () => resolve());
  });
  base = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

/** Headers that differ per response by nature. */
const VOLATILE = new Set(["date", "connection", "keep-alive", "x-request-id", "x-cache", "transfer-encoding"]);
const stable = (res: Response) => Object.fromEntries([...res.headers].filter(([k]) => !VOLATILE.has(k)));

describe("the server's front door (page cache on Node's request)", () => {
  it("answers a cached page with the headers and body the app sent on the miss", async () => {
    const path = "/en/roadmap/topic/stress-anxiety";
    const miss = await fetch(base + path, { headers: { "accept-encoding": "identity" } });
    expect(miss.headers.get("x-cache")).toBe("miss");
    const body = await miss.text();
    const hit = await fetch(base + path, { headers: { "accept-encoding": "identity" } });
    expect(hit.headers.get("x-cache")).toBe("hit");
    expect(await hit.text()).toBe(body);
    const { "set-cookie": _cookie, "content-security-policy": missCsp, ...missRest } = stable(miss);
    const { "content-security-policy": hitCsp, ...hitRest } = stable(hit);
    expect(hitRest).toEqual(missRest);
    // The miss carries a nonce for inline scripts; a cached page has none and needs none.
    expect(hitCsp).toBe(missCsp!.replace(/ 'nonce-[^']+'/, ""));
    expect(hit.headers.get("content-length")).toBe(String(Buffer.byteLength(body)));
  });

  it("sends the compressed copy to browsers, 304 to a matching ETag, and nothing cached to signed-in users", async () => {
    const path = "/embed/roadmap?lang=nl";
    const plain = await (await fetch(base + path)).text();
    expect((await fetch(base + path)).headers.get("x-cache")).toBe("miss"); // kept from the second visit
    const gz = await fetch(base + path, { headers: { "accept-encoding": "gzip, br" } });
    expect(gz.headers.get("content-encoding")).toBe("gzip"); // Brotli is being made
    await cache.compressed();
    const br = await fetch(base + path, { headers: { "accept-encoding": "gzip, deflate, br" } });
    expect(br.headers.get("x-cache")).toBe("hit");
    expect(br.headers.get("content-encoding")).toBe("br");
    expect(br.headers.get("content-security-policy")).toContain("frame-ancestors *");
    expect(await br.text()).toBe(plain); // fetch decodes it
    const etag = br.headers.get("etag")!;
    const again = await fetch(base + path, { headers: { "if-none-match": etag, "accept-encoding": "br" } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    // A 304 names no coding: the client keeps the one it has.
    expect(again.headers.get("content-encoding")).toBeNull();
    expect(again.headers.get("etag")).toBe(etag);

    const { client } = await signedIn(ctx, "board@example.org");
    const mine = await fetch(`${base}/en/roadmap`, { headers: { cookie: `vn_session=${client.cookies.get("vn_session")}` } });
    expect(mine.status).toBe(200);
    expect(mine.headers.get("x-cache")).toBeNull();
    expect(mine.headers.get("cache-control")).toContain("no-store");
  });

  it("keys on the declared parameters before routing: junk is a hit, and a miss renders without it", async () => {
    const miss = await fetch(`${base}/en/privacy?fbclid=abc&utm_source=x`);
    expect(miss.headers.get("x-cache")).toBe("miss");
    expect(await miss.text()).not.toContain("fbclid");
    const hit = await fetch(`${base}/en/privacy?utm_source=y`);
    expect(hit.headers.get("x-cache")).toBe("hit");
    expect((await fetch(`${base}/en/privacy`)).headers.get("x-cache")).toBe("hit");
    const size = cache.size;
    for (let i = 0; i < 50; i++) expect((await fetch(`${base}/en?utm=${i}`)).status).toBe(200);
    expect(cache.size).toBe(size + 1);
  });

  it("leaves other methods and uncached pages to the app", async () => {
    await fetch(`${base}/en/roadmap`);
    const post = await fetch(`${base}/en/roadmap`, { method: "POST", body: "" });
    expect(post.headers.get("x-cache")).toBeNull();
    expect([403, 404, 405]).toContain(post.status);
    const signIn = await fetch(`${base}/en/sign-in?next=/en`);
    expect(signIn.status).toBe(200);
    expect(signIn.headers.get("x-cache")).toBeNull();
  });
});
