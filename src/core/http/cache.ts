import { createHash, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import type { Logger } from "pino";
import { isProduction } from "../../env.js";
import { STATIC } from "../content/versions.js";
import { acceptedEncodings, type Encoding, isCompressible, Variants } from "./compress.js";
import type { AppEnv, Ctx, Deps } from "./context.js";
import { etagMatches } from "./etag.js";
import { cookieName, FRAMEABLE, securityHeaderList } from "./security.js";

type Headers_ = Record<string, string>;

// ---------- what may be cached: rules declared when routes are registered ----------

/** How a public route's responses are cached (declared with `page(..., { cache })` or `cached(app, path, rule)`). */
export type CacheRule = {
  /**
   * The content the response shows: the capability (or capabilities) whose `bumpContentVersion`
   * drops it. `STATIC` for responses that depend on nothing editable (they change only with a
   * release).
   */
  capability: string | readonly string[];
  /**
   * The query parameters the response reads. Every other parameter (`?utm_source=…`, `?fbclid=…`)
   * is dropped before routing: it is not part of the cache key, and the route never sees it.
   */
  params?: readonly string[];
  /** Endless distinct URLs (search results): a URL is kept from its second visit. */
  repeat?: boolean;
  /**
   * The same bytes for everyone, signed in or not (API documents, files, the embed): answered from
   * the cache whatever cookies come along. Pages in the portal's layout show who is signed in, so
   * they are cached for anonymous visitors only (the default).
   */
  shared?: boolean;
};

type Rule = { capabilities: readonly string[]; params: readonly string[]; repeat: boolean; shared: boolean };

/**
 * The cacheable routes by path, known before routing: the server's front door and the app compute
 * the same key for a request, `key(url)`.
 */
export class CacheRules {
  private exact = new Map<string, Rule>();
  private patterns: { re: RegExp; rule: Rule }[] = [];

  /** `path` as Hono writes it: literal segments, `:name` for one segment, a final `*` for the rest. */
  add(path: string, rule: CacheRule) {
    const compiled: Rule = {
      capabilities: typeof rule.capability === "string" ? [rule.capability] : [...rule.capability],
      params: [...(rule.params ?? [])].sort(),
      repeat: rule.repeat ?? false,
      shared: rule.shared ?? false,
    };
    if (!path.includes(":") && !path.includes("*")) {
      this.exact.set(path, compiled);
      return;
    }
    const source = path
      .split("/")
      .map((seg) => (seg === "*" ? ".*" : seg.startsWith(":") ? "[^/]+" : seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
      .join("/");
    this.patterns.push({ re: new RegExp(`^${source}$`), rule: compiled });
  }

  /** The rule of a raw path (no query string), if any. */
  match(path: string): Rule | undefined {
    const hit = this.exact.get(path);
    if (hit) return hit;
    for (const p of this.patterns) if (p.re.test(path)) return p.rule;
    return undefined;
  }

  /**
   * The cache key of a request target (path and query, no origin): the path plus only the
   * parameters its rule declares, in a canonical order (by name; repeated values keep their
   * order), taken raw from the URL. Undefined when no rule covers the path.
   */
  key(url: string): string | undefined {
    const q = url.indexOf("?");
    const path = q < 0 ? url : url.slice(0, q);
    const rule = this.match(path);
    if (!rule) return undefined;
    if (q < 0) return path;
    // A malformed escape anywhere is the app's 400 (wellFormedUrl), never a cached page.
    if (url.includes("%", q) && !wellFormed(url.slice(q + 1))) return undefined;
    if (!rule.params.length) return path;
    const kept: [number, string][] = [];
    for (const piece of url.slice(q + 1).split("&")) {
      if (!piece) continue;
      const eq = piece.indexOf("=");
      const i = rule.params.indexOf(paramName(eq < 0 ? piece : piece.slice(0, eq)));
      if (i >= 0) kept.push([i, piece]);
    }
    if (!kept.length) return path;
    kept.sort((a, b) => a[0] - b[0]);
    return `${path}?${kept.map((k) => k[1]).join("&")}`;
  }
}

function wellFormed(query: string) {
  try {
    decodeURIComponent(query);
    return true;
  } catch {
    return false;
  }
}

function paramName(raw: string) {
  if (!raw.includes("%") && !raw.includes("+")) return raw;
  try {
    return decodeURIComponent(raw.replace(/\+/g, " "));
  } catch {
    return raw;
  }
}

/** The rules of one app, filled while its routes are registered. */
const rulesOfApp = new WeakMap<object, CacheRules>();
export function cacheRules(app: object): CacheRules {
  let rules = rulesOfApp.get(app);
  if (!rules) {
    rules = new CacheRules();
    rulesOfApp.set(app, rules);
  }
  return rules;
}

/** Declares that GET `path` (a Hono path) may be cached under `rule`; see `CacheRule`. */
export function cached(app: object, path: string, rule: CacheRule) {
  cacheRules(app).add(path, rule);
}

/** The path and query of a URL, taken without parsing it. */
export function cacheKey(url: string) {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  return start < 0 ? "/" : url.slice(start);
}

// ---------- the cache ----------

type Entry = {
  body: Uint8Array<ArrayBuffer>;
  type: string;
  etag: string;
  frameable: boolean;
  capabilities: readonly string[];
  shared: boolean;
  /** Headers of the route's response that every answer repeats (Cache-Control, CORS, ...). */
  extra: Headers_;
  /** The body with its compressed copies, made for the hits that ask (null: not worth compressing). */
  variants: Variants | null;
  /** Full response headers per coding ("" = none), for 200 and 304, built once. */
  headers: Map<string, { ok: Headers_; notModified: Headers_ }>;
};

export type StoreOptions = {
  /** The generation the render started in (`current`): a page rendered across a change is not kept. */
  generation?: number;
  frameable?: boolean;
  repeat?: boolean;
  capabilities?: readonly string[];
  shared?: boolean;
  /** The route's own ETag, if it set one; otherwise one is made from the body. */
  etag?: string;
  /** Headers of the route's response to repeat (see `KEPT_HEADERS`). */
  extra?: Headers_;
};

/** At most this many values kept by `PageCache.remember` (all are dropped when it is reached). */
const MAX_MEMOS = 1000;

/** Content stamps per capability (`contentStamps` in src/core/content/versions.ts). */
export type ReadVersions = () => Promise<ReadonlyMap<string, string>>;

/**
 * Rendered public responses kept in memory, each dropped when the content version of its
 * capability changes. Edits bump the version in the database (so every process notices within
 * `checkEveryMs`) and call `invalidate(capability)` (so this process notices at once).
 */
export class PageCache {
  /** The cacheable routes; `createApp` installs the app's own. */
  rules = new CacheRules();
  private entries = new Map<string, Entry>();
  /** Keys of "repeat" pages asked for once since the last change: stored when asked for again. */
  private seenOnce = new Set<string>();
  private bytes = 0;
  private stamps = new Map<string, string>();
  /** Changes whenever cached pages become invalid; a page rendered across a change is not stored. */
  private generation = 0;
  private checkedAt = 0;
  private checking: Promise<void> | undefined;
  /** Counts `invalidate` calls: a version read that overlaps one does not count as fresh. */
  private invalidations = 0;

  constructor(
    private readVersions: ReadVersions,
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
      const asked = this.invalidations;
      try {
        this.apply(await this.readVersions());
        if (asked === this.invalidations) this.checkedAt = this.now();
      } finally {
        this.checking = undefined;
      }
    })();
    await this.checking;
  }

  /** Drops the entries of every capability whose stamp changed. */
  private apply(next: ReadonlyMap<string, string>) {
    const changed = new Set<string>();
    for (const [capability, stamp] of next) if (this.stamps.get(capability) !== stamp) changed.add(capability);
    for (const capability of this.stamps.keys()) if (!next.has(capability)) changed.add(capability);
    this.stamps = new Map(next);
    if (changed.size) this.forget((e) => e.capabilities.some((c) => changed.has(c)));
  }

  private forget(which: (e: Entry) => boolean) {
    for (const [key, entry] of this.entries) if (which(entry)) this.drop(key);
    this.seenOnce.clear();
    this.generation++;
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
   * Keeps a rendered response. `repeat` pages (search results: endless distinct URLs, most asked
   * for once) are kept only when asked for a second time, so one-off queries don't push out the
   * pages everyone reads; so are keys with a query string or a percent escape. Memory is bounded
   * by entries and bytes; the least recently used go first.
   */
  set(key: string, body: Uint8Array<ArrayBuffer>, type: string, o: StoreOptions = {}) {
    const entry: Entry = {
      body,
      type,
      etag: o.etag ?? `W/"${createHash("sha1").update(body).digest("base64url").slice(0, 16)}"`,
      frameable: o.frameable ?? false,
      capabilities: o.capabilities ?? [STATIC],
      shared: o.shared ?? false,
      extra: o.extra ?? {},
      variants: null,
      headers: new Map(),
    };
    const generation = o.generation ?? this.generation;
    if (generation !== this.generation || key.length > MAX_KEY || body.byteLength > this.maxBytes) return entry;
    if ((o.repeat || key.includes("?") || key.includes("%")) && !this.seenOnce.has(key)) {
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

  /**
   * After an edit committed: forget `capability`'s responses now (everything when none is given)
   * and read the versions again on the next request. Other processes follow via the version.
   */
  invalidate(capability?: string) {
    this.forget((e) => capability === undefined || e.capabilities.includes(capability));
    this.invalidations++;
    this.checkedAt = 0;
  }

  get size() {
    return this.entries.size;
  }

  /** Values kept by `remember`, each with the generation it was read in. */
  private memos = new Map<string, { generation: number; value: Promise<unknown> }>();

  /**
   * A value read from the database (`load`) kept as long as the public pages are: until a content
   * version changes (in this process at once, in the others within `checkEveryMs`). For reads that
   * every request of a rush repeats and that a later step checks again under its lock (the
   * offering and its dates before registering), never for what decides on its own.
   */
  async remember<T>(key: string, load: () => Promise<T>): Promise<T> {
    await this.sync();
    const kept = this.memos.get(key);
    if (kept && kept.generation === this.generation) return kept.value as Promise<T>;
    const value = load();
    if (this.memos.size >= MAX_MEMOS) this.memos.clear();
    this.memos.set(key, { generation: this.generation, value });
    // A failed read is not kept.
    value.catch(() => this.memos.get(key)?.value === value && this.memos.delete(key));
    return value;
  }

  /** Resolves when every background compression has finished (for tests). */
  async compressed() {
    await Promise.all([...this.entries.values()].map((e) => e.variants?.pending));
  }

  /**
   * The cached answer to a request, before any routing or middleware (this is what thousands of
   * students hit), for a GET of a cached response; undefined when the app must answer. A promise
   * only when the content versions are due to be checked (once a second). `url` is the request
   * target (path and query).
   */
  lookup(method: string, url: string, header: (name: string) => string | undefined, opts: HitOptions): MaybeLater<Hit | undefined> {
    return this.lookupKey(method, url.includes("?") ? this.rules.key(url) : url, header, opts);
  }

  private lookupKey(
    method: string,
    key: string | undefined,
    header: (name: string) => string | undefined,
    opts: HitOptions,
  ): MaybeLater<Hit | undefined> {
    if (method !== "GET" || key === undefined) return undefined;
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
   * (the server's front door, see `src/server.ts`): true when it answered. A request it leaves to
   * the app goes on with the parameters its route does not read already dropped.
   */
  serveNode(req: IncomingMessage, res: ServerResponse, opts: HitOptions): MaybeLater<boolean> {
    const url = req.url ?? "";
    if (url[0] !== "/") return false;
    const method = req.method ?? "";
    // Without a rule there is no cached answer (and nothing to drop): the key stays undefined.
    const key = url.includes("?") ? this.rules.key(url) : url;
    if (key !== undefined && key !== url && (method === "GET" || method === "HEAD")) req.url = key;
    const headers = req.headers;
    const hit = this.lookupKey(method, key, (name) => headers[name] as string | undefined, opts);
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
    if (!hit || (!hit.shared && header("cookie")?.includes(opts.sessionCookie))) return undefined;
    // Most recently used last: eviction takes the front.
    this.entries.delete(key);
    this.entries.set(key, hit);
    const { body, encoding } = hit.variants ? hit.variants.pick(acceptedEncodings(header("accept-encoding"))) : { body: hit.body };
    const set = headersOf(hit, encoding, body.byteLength, opts.production, "hit");
    const fresh = etagMatches(header("if-none-match"), hit.etag);
    let headers = fresh ? set.notModified : set.ok;
    if (opts.log?.isLevelEnabled("info")) {
      const id = randomUUID();
      headers = { ...headers, "x-request-id": id };
      opts.log.info({ req: id, method: "GET", path: key.split("?")[0], status: fresh ? 304 : 200, ms: 0, cache: "hit" }, "request");
    }
    return fresh ? { status: 304, headers, body: null } : { status: 200, headers, body };
  }
}

/** The headers of an entry's answers in one coding, built once (hits) or for one miss. */
function headersOf(e: Entry, encoding: Encoding | undefined, length: number, production: boolean, cache: "hit" | "miss") {
  const coding = encoding ?? "";
  const known = cache === "hit" ? e.headers.get(coding) : undefined;
  if (known) return known;
  // A 304 names no coding or type: the client keeps the one it has (RFC 9110 §15.4.5). Names in
  // lower case, as the route's kept headers are.
  const notModified: Headers_ = {
    ...(cache === "hit" ? hitHeaders(production, e.frameable) : {}),
    "cache-control": "no-cache",
    ...e.extra,
    etag: e.etag,
    "x-cache": cache,
  };
  if (e.variants) notModified.vary = "Accept-Encoding";
  const ok: Headers_ = { ...notModified, "content-type": e.type, "content-length": String(length) };
  if (encoding) ok["content-encoding"] = encoding;
  const set = { ok, notModified };
  if (cache === "hit") e.headers.set(coding, set);
  return set;
}

type MaybeLater<T> = T | Promise<T>;
/** Longer keys (path plus query) are never kept. */
const MAX_KEY = 512;
/** Set on a Node request the front door looked up without a hit. */
const LOOKED_UP = Symbol("vn.pageCache.lookedUp");
/** A cached answer: its headers are shared between requests and must not be changed. */
type Hit = { status: 200 | 304; headers: Headers_; body: Uint8Array<ArrayBuffer> | null };
const toResponse = (h: Hit | undefined) => (h ? new Response(h.body, { status: h.status, headers: h.headers }) : undefined);

/**
 * The route's response headers a cached answer repeats; everything else is per request (cookies,
 * request id, the CSP nonce) or made by the cache (ETag, length, coding).
 */
const KEPT_HEADERS = [
  "cache-control",
  "content-disposition",
  "content-language",
  "access-control-allow-origin",
  "access-control-expose-headers",
  "x-robots-tag",
] as const;

/** A GET or HEAD target with the parameters its route does not read dropped (unchanged without a rule). */
function canonicalTarget(rules: CacheRules, method: string, url: string) {
  if ((method !== "GET" && method !== "HEAD") || !url.includes("?")) return url;
  return rules.key(url) ?? url;
}

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
    h = Object.fromEntries(securityHeaderList(production, frameable));
    hitHeaderSets.set(key, h);
  }
  return h;
}

/**
 * After an edit of `capability`'s public content committed (its service bumped the content
 * version in the edit's transaction): this process drops those pages at once; other processes
 * follow within a second.
 */
export function contentChanged(c: Ctx, capability: string) {
  c.var.deps.pageCache?.invalidate(capability);
}

const encoder = new TextEncoder();
/** @hono/node-server's own key for a lightweight response's [status, body, headers] (found on first use). */
let lightKey: symbol | undefined;

/**
 * A response's body as bytes of its own. Under @hono/node-server a page Hono rendered is a
 * lightweight response that holds its body as a string, under a key that node-server itself reads
 * when it writes the response: taken from there (encoded as `arrayBuffer()` would), no web
 * `Response` and stream are built for it, which cost about half a millisecond per page. Any other
 * response (in tests, a stream, a body already read) is read with `arrayBuffer()`.
 */
export async function bodyBytes(res: Response): Promise<Uint8Array<ArrayBuffer>> {
  lightKey ??= Object.getOwnPropertySymbols(res).find((s) => s.description === "cache");
  const light = lightKey && (res as unknown as Record<symbol, unknown>)[lightKey];
  if (Array.isArray(light) && light.length === 3) {
    const body: unknown = light[1];
    if (typeof body === "string") return encoder.encode(body) as Uint8Array<ArrayBuffer>;
    if (body === null) return new Uint8Array(0);
    if (body instanceof Uint8Array) return new Uint8Array(body) as Uint8Array<ArrayBuffer>;
  }
  return new Uint8Array(await res.arrayBuffer());
}

/**
 * Stores the responses of routes with a cache rule (anonymous GETs, or any GET for `shared`
 * rules) and answers the miss the way a hit would be answered; the front door (`PageCache.serveNode`)
 * and the app's own fetch (`frontDoor`) answer the requests that follow.
 */
export const pageCache = createMiddleware<AppEnv>(async (c, next) => {
  const cache = c.var.deps.pageCache;
  if (!cache || c.req.method !== "GET") return next();
  const url = cacheKey(c.req.url);
  const q = url.indexOf("?");
  const rule = cache.rules.match(q < 0 ? url : url.slice(0, q));
  const anonymous = !getCookie(c, cookieName(c, "vn_session"));
  // The request reached the app with its undeclared parameters already dropped (`frontDoor`).
  const key = url;
  let generation: number | undefined;
  if (rule && (rule.shared || anonymous)) {
    try {
      await cache.get(key);
      generation = cache.current;
    } catch {
      // The versions could not be read: answer without storing.
    }
  }
  await next();
  if (!rule || generation === undefined || c.res.status !== 200) return;
  const control = c.res.headers.get("cache-control") ?? "";
  if (/no-store|private/.test(control) || c.res.headers.has("content-encoding")) return;
  // A Uint8Array body keeps @hono/node-server on its fast path (an ArrayBuffer does not).
  const body = await bodyBytes(c.res);
  const token = c.var.csrfToken;
  if (token && Buffer.from(body.buffer, body.byteOffset, body.byteLength).includes(token)) {
    // A form's CSRF token belongs to one visitor: such a page must never be declared cacheable.
    c.var.deps.log.error({ path: c.req.path }, "a page with a cache rule holds a CSRF token; not cached");
    c.res = new Response(body, c.res);
    return;
  }
  const extra: Headers_ = {};
  for (const name of KEPT_HEADERS) {
    const value = c.res.headers.get(name);
    if (value !== null) extra[name] = value;
  }
  const entry = cache.set(key, body, c.res.headers.get("content-type") ?? "text/html; charset=utf-8", {
    generation,
    frameable: FRAMEABLE.test(c.req.path),
    repeat: rule.repeat,
    capabilities: rule.capabilities,
    shared: rule.shared,
    etag: c.res.headers.get("etag") ?? undefined,
    extra,
  });
  const { body: sent, encoding } = entry.variants ? entry.variants.pick(acceptedEncodings(c.req.header("accept-encoding"))) : { body };
  const set = headersOf(entry, encoding, sent.byteLength, false, "miss");
  const fresh = etagMatches(c.req.header("if-none-match"), entry.etag);
  const headers = new Headers(c.res.headers);
  for (const name of ["content-length", "content-type", "content-encoding"]) headers.delete(name);
  for (const [name, value] of Object.entries(fresh ? set.notModified : set.ok)) headers.set(name, value);
  // Hono copies the old response's headers over a new one (its `res` setter): clear it first, or
  // the uncompressed body's Content-Length would be sent with the compressed body.
  c.res = undefined as unknown as Response;
  c.res = new Response(fresh ? null : sent, { status: fresh ? 304 : 200, headers });
});

/**
 * The app's fetch behind its front door: a GET drops the query parameters its route does not
 * read (so the route renders exactly what the cache key names), and cached responses are answered
 * before routing and middleware, with precomputed headers.
 */
export function frontDoor<F extends (req: Request, bindings?: never, ctx?: never) => Response | Promise<Response>>(
  fetch: F,
  rules: CacheRules,
  cache: PageCache | undefined,
  opts: HitOptions,
): F {
  return ((req: Request, bindings?: never, ctx?: never) => {
    const url = req.url;
    if (url.includes("?")) {
      const target = cacheKey(url);
      const key = canonicalTarget(rules, req.method, target);
      if (key !== target) req = new Request(url.slice(0, url.length - target.length) + key, req);
    }
    if (!cache) return fetch(req, bindings, ctx);
    const r = cache.respond(req, bindings, opts);
    if (r === undefined) return fetch(req, bindings, ctx);
    if (r instanceof Promise) return r.then((hit) => hit ?? fetch(req, bindings, ctx)).catch(() => fetch(req, bindings, ctx));
    return r;
  }) as F;
}
