import { createHash, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import type { Logger } from "pino";
import { isProduction } from "../../env.js";
import { acceptedEncodings, isCompressible, Variants } from "./compress.js";
import type { AppEnv, Ctx, Deps } from "./context.js";
import { etagMatches } from "./etag.js";
import { cookieName, FRAMEABLE, securityHeaderList } from "./security.js";

type Headers_ = Record<string, string>;
type Entry = {
  body: Uint8Array<ArrayBuffer>;
  type: string;
  etag: string;
  frameable: boolean;
  /** The body with its compressed copies, made for the hits that ask (null: not worth compressing). */
  variants: Variants | null;
  /** Full response headers per coding ("" = none), for 200 and 304, built once. */
  headers: Map<string, { ok: Headers_; notModified: Headers_ }>;
};

/** The cache key of a request: its path and query, taken from the URL without parsing it. */
export function cacheKey(url: string) {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  return start < 0 ? "/" : url.slice(start);
}

/**
 * Rendered public pages kept in memory, dropped when the content version changes. Edits bump the
 * version in the database (so every process notices within `checkEveryMs`) and call `invalidate()`
 * (so this process notices at once). Only anonymous GETs are served from or stored in it.
 */
export class PageCache {
  private entries = new Map<string, Entry>();
  /** Keys of "repeat" pages asked for once since the last change: stored when asked for again. */
  private seenOnce = new Set<string>();
  private bytes = 0;
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
    private maxBytes = 64 * 1024 * 1024,
  ) {}

  private get due() {
    return this.now() - this.checkedAt >= this.checkEveryMs;
  }

  private async sync() {
    if (!this.due) return;
    this.checking ??= (async () => {
      try {
        const v = await this.readVersion();
        if (v !== this.version) {
          this.clear();
          this.version = v;
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

  /**
   * Keeps a rendered page. `repeat` pages (search results: endless distinct URLs, most asked for
   * once) are kept only when asked for a second time, so one-off queries don't push out the pages
   * everyone reads. Memory is bounded by entries and bytes; the oldest go first.
   */
  set(key: string, body: Uint8Array<ArrayBuffer>, type: string, generation = this.generation, frameable = false, repeat = false) {
    const etag = `W/"${this.version}-${createHash("sha1").update(body).digest("base64url").slice(0, 16)}"`;
    const entry: Entry = { body, type, etag, frameable, variants: null, headers: new Map() };
    if (generation !== this.generation || key.length > MAX_KEY || body.byteLength > this.maxBytes) return entry;
    // Query strings and escapes are endless too (?fbclid=… differs per click): kept from the second visit.
    if ((repeat || key.includes("?") || key.includes("%")) && !this.seenOnce.has(key)) {
      if (this.seenOnce.size >= this.maxEntries) this.seenOnce.delete(this.seenOnce.values().next().value!);
      this.seenOnce.add(key);
      return entry;
    }
    this.seenOnce.delete(key);
    if (isCompressible(type, body.byteLength)) {
      // Copies made after the entry left the cache don't count against the budget.
      entry.variants = new Variants(body, (bytes) => {
        if (this.entries.get(key) !== entry) return;
        this.bytes += bytes;
        this.trim(key);
      });
    }
    this.drop(key);
    this.entries.set(key, entry);
    this.bytes += body.byteLength;
    this.trim(key);
    return entry;
  }

  /** Drops the least recently used entries (never `keep`) until the cache fits its bounds. */
  private trim(keep: string) {
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) return;
      if (key !== keep) this.drop(key);
    }
  }

  private drop(key: string) {
    const old = this.entries.get(key);
    if (!old) return;
    this.entries.delete(key);
    this.bytes -= old.body.byteLength + (old.variants?.copyBytes ?? 0);
  }

  private clear() {
    this.entries.clear();
    this.seenOnce.clear();
    this.bytes = 0;
    this.generation++;
  }

  /** Forget everything now (this process); other processes follow via the version. */
  invalidate() {
    this.clear();
    this.checkedAt = 0;
  }

  get size() {
    return this.entries.size;
  }

  /** Resolves when every background compression has finished (for tests). */
  async compressed() {
    await Promise.all([...this.entries.values()].map((e) => e.variants?.pending));
  }

  /**
   * The cached answer to a request, before any routing or middleware (this is what thousands of
   * students hit), for an anonymous GET of a cached page; undefined when the app must answer. A
   * promise only when the content version is due to be checked (once a second).
   */
  lookup(method: string, key: string, header: (name: string) => string | undefined, opts: HitOptions): MaybeLater<Hit | undefined> {
    if (method !== "GET" || header("cookie")?.includes(opts.sessionCookie)) return undefined;
    // A failed version read leaves the request to the app (which shows its own error if need be).
    if (this.due)
      return this.sync().then(
        () => this.answer(key, header, opts),
        () => undefined,
      );
    return this.answer(key, header, opts);
  }

  /** `lookup` for a fetch `Request` (the app's own `fetch`; tests). */
  respond(req: Request, bindings: unknown, opts: HitOptions): MaybeLater<Response | undefined> {
    // On @hono/node-server, Node's parsed headers: reading req.headers would build a Headers object.
    const node = (bindings as { incoming?: IncomingMessage & { [LOOKED_UP]?: true } } | undefined)?.incoming;
    if (node?.[LOOKED_UP]) return undefined;
    const incoming = node?.headers;
    const header = incoming ? (name: string) => incoming[name] as string | undefined : (name: string) => req.headers.get(name) ?? undefined;
    const hit = this.lookup(req.method, cacheKey(req.url), header, opts);
    return hit instanceof Promise ? hit.then(toResponse) : toResponse(hit);
  }

  /**
   * `lookup` straight on Node's request and response, before @hono/node-server builds a `Request`
   * (the server's front door, see `src/server.ts`): true when it answered.
   */
  serveNode(req: IncomingMessage, res: ServerResponse, opts: HitOptions): MaybeLater<boolean> {
    const url = req.url ?? "";
    if (url[0] !== "/") return false;
    const headers = req.headers;
    const hit = this.lookup(req.method ?? "", url, (name) => headers[name] as string | undefined, opts);
    const write = (h: Hit | undefined) => {
      if (!h) {
        // The app's own fetch need not look again.
        (req as IncomingMessage & { [LOOKED_UP]?: true })[LOOKED_UP] = true;
        return false;
      }
      res.writeHead(h.status, h.headers);
      res.end(h.body ?? undefined);
      return true;
    };
    return hit instanceof Promise ? hit.then(write) : write(hit);
  }

  private answer(key: string, header: (name: string) => string | undefined, opts: HitOptions): Hit | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    // Most recently used last: eviction takes the front.
    this.entries.delete(key);
    this.entries.set(key, hit);
    const { body, encoding } = hit.variants ? hit.variants.pick(acceptedEncodings(header("accept-encoding"))) : { body: hit.body };
    const coding = encoding ?? "";
    let set = hit.headers.get(coding);
    if (!set) {
      // A 304 names no coding or type: the client keeps the one it has (RFC 9110 §15.4.5).
      const notModified: Headers_ = { ...hitHeaders(opts.production, hit.frameable), ETag: hit.etag };
      const ok: Headers_ = { ...notModified, "Content-Type": hit.type, "Content-Length": String(body.byteLength) };
      if (encoding) ok["Content-Encoding"] = encoding;
      set = { ok, notModified };
      hit.headers.set(coding, set);
    }
    const fresh = etagMatches(header("if-none-match"), hit.etag);
    let headers = fresh ? set.notModified : set.ok;
    if (opts.log?.isLevelEnabled("info")) {
      const id = randomUUID();
      headers = { ...headers, "X-Request-Id": id };
      opts.log.info({ req: id, method: "GET", path: key.split("?")[0], status: fresh ? 304 : 200, ms: 0, cache: "hit" }, "request");
    }
    return fresh ? { status: 304, headers, body: null } : { status: 200, headers, body };
  }
}

type MaybeLater<T> = T | Promise<T>;
/** Longer keys (path plus query) are never kept. */
const MAX_KEY = 512;
/** Set on a Node request the front door looked up without a hit. */
const LOOKED_UP = Symbol("vn.pageCache.lookedUp");
/** A cached answer: its headers are shared between requests and must not be changed. */
type Hit = { status: 200 | 304; headers: Headers_; body: Uint8Array<ArrayBuffer> | null };
const toResponse = (h: Hit | undefined) => (h ? new Response(h.body, { status: h.status, headers: h.headers }) : undefined);

export type HitOptions = { production: boolean; sessionCookie: string; log?: Logger };

/** How hits are answered for these dependencies. */
export const hitOptions = (deps: Pick<Deps, "env" | "log">): HitOptions => ({
  production: isProduction(deps.env),
  // Matches vn_session and __Host-vn_session: a near miss only sends the request to the app.
  sessionCookie: "vn_session=",
  log: deps.log,
});

/** Security and caching headers for cache hits, computed once per (production, frameable). */
const hitHeaderSets = new Map<string, Headers_>();
function hitHeaders(production: boolean, frameable: boolean) {
  const key = `${production}|${frameable}`;
  let h = hitHeaderSets.get(key);
  if (!h) {
    h = {
      ...Object.fromEntries(securityHeaderList(production, frameable)),
      "Cache-Control": "no-cache",
      Vary: "Accept-Encoding",
      "X-Cache": "hit",
    };
    hitHeaderSets.set(key, h);
  }
  return h;
}

const MARK = "x-vn-cacheable";

/**
 * A route calls this to let an anonymous GET response be cached and revalidated by ETag; `repeat`
 * for pages with endless distinct URLs (search), kept only once a URL is asked for twice.
 */
export function cacheable(c: Ctx, kind: "always" | "repeat" = "always") {
  c.header(MARK, kind);
}

/**
 * Stores the responses routes marked cacheable, for anonymous GETs; `PageCache.respond`, in front
 * of the whole app, answers the requests that follow.
 */
export const pageCache = createMiddleware<AppEnv>(async (c, next) => {
  const cache = c.var.deps.pageCache;
  const eligible = cache && c.req.method === "GET" && !getCookie(c, cookieName(c, "vn_session"));
  const key = cacheKey(c.req.url);
  let generation: number | undefined;
  if (eligible) {
    try {
      await cache.get(key);
      generation = cache.current;
    } catch {
      // The version could not be read: answer without storing.
    }
  }
  await next();
  const kind = c.res.headers.get(MARK);
  if (!kind) return;
  // The mark is internal: no response carries it. (Hono copies the old response's headers onto a
  // new one, so it goes from the old one too.)
  c.res.headers.delete(MARK);
  if (!cache || generation === undefined || c.res.status !== 200) return;
  // A Uint8Array body keeps @hono/node-server on its fast path (an ArrayBuffer does not).
  const body = new Uint8Array(await c.res.arrayBuffer());
  const type = c.res.headers.get("content-type") ?? "text/html; charset=utf-8";
  const entry = cache.set(key, body, type, generation, FRAMEABLE.test(c.req.path), kind === "repeat");
  const headers = new Headers(c.res.headers);
  headers.set("ETag", entry.etag);
  headers.set("Cache-Control", "no-cache");
  headers.set("Vary", "Accept-Encoding");
  headers.set("X-Cache", "miss");
  const fresh = etagMatches(c.req.header("if-none-match"), entry.etag);
  c.res = new Response(fresh ? null : body, { status: fresh ? 304 : 200, headers });
});

/** Wraps the app's fetch so cached pages are answered before routing and middleware. */
export function answerFromCache<F extends (req: Request, bindings?: never, ctx?: never) => Response | Promise<Response>>(
  fetch: F,
  cache: PageCache,
  opts: HitOptions,
): F {
  return ((req: Request, bindings?: never, ctx?: never) => {
    const r = cache.respond(req, bindings, opts);
    if (r === undefined) return fetch(req, bindings, ctx);
    if (r instanceof Promise) return r.then((hit) => hit ?? fetch(req, bindings, ctx)).catch(() => fetch(req, bindings, ctx));
    return r;
  }) as F;
}
