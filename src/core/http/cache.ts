import { createHash } from "node:crypto";
import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { isProduction } from "../../env.js";
import type { AppEnv, Ctx } from "./context.js";
import { cookieName, FRAMEABLE, securityHeaderList } from "./security.js";

type Entry = { body: Uint8Array<ArrayBuffer>; type: string; etag: string };

/**
 * Rendered public pages kept in memory, dropped when the content version changes. Edits bump the
 * version in the database (so every process notices within `checkEveryMs`) and call `invalidate()`
 * (so this process notices at once). Only anonymous GETs are served from or stored in it.
 */
export class PageCache {
  private entries = new Map<string, Entry>();
  private version: string | number = -1;
  /** Changes whenever the cached pages become invalid; a page rendered across a change is not stored. */
  private generation = 0;
  private checkedAt = 0;
  private checking: Promise<void> | undefined;

  constructor(
    private readVersion: () => Promise<string | number>,
    private checkEveryMs = 1000,
    private now: () => number = Date.now,
    private maxEntries = 2000,
  ) {}

  private async sync() {
    if (this.now() - this.checkedAt < this.checkEveryMs) return;
    this.checking ??= (async () => {
      try {
        const v = await this.readVersion();
        if (v !== this.version) {
          this.entries.clear();
          this.version = v;
          this.generation++;
        }
        this.checkedAt = this.now();
      } finally {
        this.checking = undefined;
      }
    })();
    await this.checking;
  }

  async get(key: string) {
    await this.sync();
    return this.entries.get(key);
  }

  /** The generation a render starts in; pass it to `set` so a page rendered across an edit is not kept. */
  get current() {
    return this.generation;
  }

  set(key: string, body: Uint8Array<ArrayBuffer>, type: string, generation = this.generation) {
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    const etag = `W/"${this.version}-${createHash("sha1").update(body).digest("base64url").slice(0, 16)}"`;
    const entry = { body, type, etag };
    if (generation === this.generation) this.entries.set(key, entry);
    return entry;
  }

  /** Forget everything now (this process); other processes follow via the version. */
  invalidate() {
    this.entries.clear();
    this.generation++;
    this.checkedAt = 0;
  }

  get size() {
    return this.entries.size;
  }
}

const MARK = "x-vn-cacheable";

/** A route calls this to let an anonymous GET response be cached and revalidated by ETag. */
export function cacheable(c: Ctx) {
  c.header(MARK, "1");
}

/** Security headers for cache hits, computed once per (production, frameable). */
const hitHeaders = new Map<string, Record<string, string>>();
function headersForHit(production: boolean, frameable: boolean) {
  const key = `${production}|${frameable}`;
  let h = hitHeaders.get(key);
  if (!h) {
    h = { ...Object.fromEntries(securityHeaderList(production, frameable)), "Cache-Control": "no-cache", "X-Cache": "hit" };
    hitHeaders.set(key, h);
  }
  return h;
}

/**
 * Serves cached pages first, before security-header, CSRF and session work (a hit carries its own
 * precomputed security headers); stores the responses routes marked cacheable.
 */
export const pageCache = createMiddleware<AppEnv>(async (c, next) => {
  const cache = c.var.deps.pageCache;
  const anonymous = !getCookie(c, cookieName(c, "vn_session"));
  if (!cache || c.req.method !== "GET" || !anonymous) return next();
  // Path plus query, without parsing the whole URL (this runs for every anonymous GET).
  const full = c.req.url;
  const q = full.indexOf("?");
  const path = c.req.path;
  const key = q < 0 ? path : path + full.slice(q);
  const hit = await cache.get(key);
  if (hit) {
    const headers = { ...headersForHit(isProduction(c.var.deps.env), FRAMEABLE.test(path)), ETag: hit.etag };
    if (c.req.header("if-none-match") === hit.etag) return c.body(null, 304, headers);
    return c.body(hit.body, 200, { ...headers, "Content-Type": hit.type });
  }
  const generation = cache.current;
  await next();
  if (c.res.status !== 200 || c.res.headers.get(MARK) !== "1") return;
  // A Uint8Array body keeps @hono/node-server on its fast path (an ArrayBuffer does not).
  const body = new Uint8Array(await c.res.arrayBuffer());
  const entry = cache.set(key, body, c.res.headers.get("content-type") ?? "text/html; charset=utf-8", generation);
  const headers = new Headers(c.res.headers);
  headers.delete(MARK);
  headers.set("ETag", entry.etag);
  headers.set("Cache-Control", "no-cache");
  headers.set("X-Cache", "miss");
  c.res = new Response(c.req.header("if-none-match") === entry.etag ? null : body, {
    status: c.req.header("if-none-match") === entry.etag ? 304 : 200,
    headers,
  });
});
