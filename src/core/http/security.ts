import { randomBytes } from "node:crypto";
import { getConnInfo } from "@hono/node-server/conninfo";
import { bodyLimit } from "hono/body-limit";
import { getCookie, setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { type Env, isProduction } from "../../env.js";
import { hmac, safeEqual } from "../crypto.js";
import { AppError } from "../errors.js";
import { formBody } from "../forms.js";
import type { AppEnv, Ctx } from "./context.js";

export const cookieName = (c: Ctx, base: string) => (isProduction(c.var.deps.env) ? `__Host-${base}` : base);

/** Paths that other sites may frame (the embeddable roadmap). Everything else: frame-ancestors 'none'. */
export const FRAMEABLE = /^\/embed\//;

/**
 * The security headers every response carries. Without a nonce the CSP allows no inline script at
 * all (cached pages have none).
 */
export function securityHeaderList(production: boolean, frameable: boolean, nonce?: string): [string, string][] {
  const list: [string, string][] = [
    [
      "Content-Security-Policy",
      [
        "default-src 'self'",
        nonce ? `script-src 'self' 'nonce-${nonce}'` : "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        frameable ? "frame-ancestors *" : "frame-ancestors 'none'",
      ].join("; "),
    ],
    ["X-Content-Type-Options", "nosniff"],
    // A page may ask for a stricter policy by setting its own (the sign-in link page sends no-referrer).
    ["Referrer-Policy", "strict-origin-when-cross-origin"],
    ["Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"],
    ["Cross-Origin-Opener-Policy", "same-origin"],
  ];
  if (!frameable) list.push(["X-Frame-Options", "DENY"]);
  if (production) list.push(["Strict-Transport-Security", "max-age=31536000; includeSubDomains"]);
  return list;
}

/** The headers without a nonce, per (production, frameable), and the CSP around a nonce: built once. */
const headerLists = new Map<string, { fixed: [string, string][]; cspBefore: string; cspAfter: string }>();
const NONCE_MARK = "\u0000nonce\u0000";
function headersFor(production: boolean, frameable: boolean) {
  const key = `${production}|${frameable}`;
  let hit = headerLists.get(key);
  if (!hit) {
    const list = securityHeaderList(production, frameable, NONCE_MARK);
    const csp = list[0]![1];
    const at = csp.indexOf(NONCE_MARK);
    hit = { fixed: list.slice(1), cspBefore: csp.slice(0, at), cspAfter: csp.slice(at + NONCE_MARK.length) };
    headerLists.set(key, hit);
  }
  return hit;
}

/**
 * Random values from the system's CSPRNG, taken from a block of 8 KB fetched at once (one
 * `randomBytes` call per few hundred requests instead of one or two per request). Each byte is
 * used once.
 */
let randomBlock = Buffer.alloc(0);
let randomAt = 0;
function pooledRandom(bytes: number, encoding: "base64" | "base64url") {
  if (randomAt + bytes > randomBlock.length) {
    randomBlock = randomBytes(8192);
    randomAt = 0;
  }
  const value = randomBlock.toString(encoding, randomAt, randomAt + bytes);
  randomAt += bytes;
  return value;
}

/** A CSP nonce: 16 random bytes, base64. */
export const cspNonce = () => pooledRandom(16, "base64");
/** A new CSRF cookie's secret: 256 random bits, URL-safe (as `randomToken`). */
const csrfSecret = () => pooledRandom(32, "base64url");

/** A fresh CSP nonce per request, and the security headers every response carries. */
export const securityHeaders = createMiddleware<AppEnv>(async (c, next) => {
  const nonce = cspNonce();
  c.set("nonce", nonce);
  const { fixed, cspBefore, cspAfter } = headersFor(isProduction(c.var.deps.env), FRAMEABLE.test(c.req.path));
  // Set before the handler runs: headers added after a response exists make Hono rebuild it.
  c.header("Content-Security-Policy", cspBefore + nonce + cspAfter);
  for (const [name, value] of fixed) c.header(name, value);
  await next();
});

/**
 * Refuses what no page can answer, before any route: a malformed percent-encoding in the path or
 * query (a 400; JSON under `/api/`), and a NUL byte (PostgreSQL text can't hold one; the JSON API
 * validates its own queries). A page with a trailing slash is sent (308, query kept) to the
 * same path without it: `/nl/` to `/nl` (the JSON API keeps its exact paths: a JSON 404).
 */
export const wellFormedUrl = createMiddleware<AppEnv>(async (c, next) => {
  const href = c.req.url;
  const start = href.indexOf("/", href.indexOf("//") + 2);
  const target = start < 0 ? "/" : href.slice(start);
  if (target.includes("%")) {
    try {
      decodeURIComponent(target);
    } catch {
      throw new AppError(400, "bad_encoding");
    }
    if (target.includes("%00") && !target.startsWith("/api/")) throw new AppError(400, "nul");
  }
  const q = target.indexOf("?");
  const path = q < 0 ? target : target.slice(0, q);
  if (path.length > 1 && path.endsWith("/") && !path.startsWith("/api/")) {
    const canonical = path.replace(/\/+$/, "");
    // Only to a path on this site: `//evil.example/` would become `//evil.example`, another host.
    if (/^\/[^/\\]/.test(canonical)) return c.redirect(canonical + (q < 0 ? "" : target.slice(q)), 308);
  }
  await next();
});

/** Request bodies above this size are refused (413) before anything reads them. */
export const MAX_BODY_BYTES = 1024 * 1024;

const streamedBodyLimit = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: (c) => {
    // The rest of the body is not read: close the connection rather than drain it.
    c.header("Connection", "close");
    throw new AppError(413, "too_large");
  },
});

/**
 * The body-size limit, before CSRF and sessions (the CSRF check parses form bodies). A declared
 * `Content-Length` above the limit is refused at once; a streamed (chunked) body is counted as it
 * arrives and refused as soon as it passes the limit, so no more than the limit is ever held.
 *
 * A GET or HEAD has no body, and a body with a `Content-Length` (and no `Transfer-Encoding`) is
 * exactly that long (Node's HTTP parser reads no more): neither is touched here, so a form POST's
 * body is later read straight off Node's request (Hono's `bodyLimit` reads `c.req.raw.body`,
 * which makes @hono/node-server build a web `Request` and stream for every request). Only a
 * streamed body goes through Hono's `bodyLimit`, which counts it.
 */
export const bodySizeLimit = createMiddleware<AppEnv>(async (c, next) => {
  const method = c.req.method;
  if (method === "GET" || method === "HEAD") return next();
  const length = c.req.header("content-length");
  if (length !== undefined && c.req.header("transfer-encoding") === undefined) {
    if (Number.parseInt(length || "0", 10) > MAX_BODY_BYTES) {
      c.header("Connection", "close");
      throw new AppError(413, "too_large");
    }
    return next();
  }
  return streamedBodyLimit(c, next);
});

const LOOPBACK_V4 = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** 127.0.0.0/8, ::1 and their IPv4-mapped forms; anything unrecognised (ports, names) is not. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  let a = address.trim().toLowerCase();
  if (a.startsWith("[") && a.endsWith("]")) a = a.slice(1, -1);
  if (a.startsWith("::ffff:")) a = a.slice("::ffff:".length);
  return a === "::1" || LOOPBACK_V4.test(a);
}

/**
 * True when the request comes from this machine: the socket's peer is a loopback address, and no
 * proxy says it forwarded it for another client (every `X-Forwarded-For`, `X-Real-IP` and
 * `Forwarded: for=` address must be loopback too, with or without TRUST_PROXY: a browser never
 * sends them, and a local proxy or tunnel does). A request made in-process (`app.request` in
 * tests) has no socket and counts as local.
 */
export function fromLoopback(c: Ctx): boolean {
  const bindings = c.env as { incoming?: unknown; server?: { incoming?: unknown } } | undefined;
  if (bindings?.incoming || bindings?.server?.incoming) {
    let peer: string | undefined;
    try {
      peer = getConnInfo(c).remote.address;
    } catch {
      return false;
    }
    if (!isLoopbackAddress(peer)) return false;
  }
  const forwarded = [
    ...(c.req.header("x-forwarded-for")?.split(",") ?? []),
    ...(c.req.header("x-real-ip") ? [c.req.header("x-real-ip")!] : []),
    ...[...(c.req.header("forwarded") ?? "").matchAll(/for=("[^"]*"|[^;,\s]*)/gi)].map((m) => m[1]!.replace(/"/g, "")),
  ];
  return forwarded.every(isLoopbackAddress);
}

export function clientIp(c: Ctx): string {
  if (c.var.deps.env.TRUST_PROXY) {
    // The last entry is the one the trusted proxy added; earlier ones are whatever the client sent.
    const fwd = c.req.header("x-forwarded-for")?.split(",").at(-1)?.trim();
    if (fwd) return fwd;
  }
  try {
    return getConnInfo(c).remote.address ?? "local";
  } catch {
    return "local";
  }
}

const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"];
const originsByEnv = new WeakMap<Env, Set<string>>();

/**
 * The origins forms are accepted from: `BASE_URL`'s. Outside production, when that is a loopback
 * address, its aliases with the same scheme and port too (`localhost`, `127.0.0.1`, `[::1]`), so
 * a portal opened at http://127.0.0.1:3000 while BASE_URL says http://localhost:3000 works.
 */
export function acceptedOrigins(env: Env): Set<string> {
  let set = originsByEnv.get(env);
  if (!set) {
    const base = new URL(env.BASE_URL);
    set = new Set([base.origin]);
    if (!isProduction(env) && LOOPBACK_HOSTS.includes(base.hostname)) {
      for (const host of LOOPBACK_HOSTS) set.add(`${base.protocol}//${host}${base.port ? `:${base.port}` : ""}`);
    }
    originsByEnv.set(env, set);
  }
  return set;
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** Routes that must accept a POST from elsewhere (none yet; RFC 8058 one-click unsubscribe will be one). */
const CSRF_EXEMPT: RegExp[] = [];

/**
 * Signed double-submit token (a random cookie, and a form field holding its HMAC) plus an Origin
 * check. Every state-changing request needs both; GET never changes state.
 */
export const csrf = createMiddleware<AppEnv>(async (c, next) => {
  const name = cookieName(c, "vn_csrf");
  let secret = getCookie(c, name);
  if (!secret || secret.length < 32) {
    secret = csrfSecret();
    setCookie(c, name, secret, {
      path: "/",
      httpOnly: true,
      sameSite: "Lax",
      secure: isProduction(c.var.deps.env),
    });
    if (UNSAFE.has(c.req.method)) secret = undefined;
  }
  const expected = secret ? hmac(c.var.deps.env.SESSION_SECRET, `csrf:${secret}`) : "";
  c.set("csrfToken", expected);

  if (UNSAFE.has(c.req.method) && !CSRF_EXEMPT.some((r) => r.test(c.req.path))) {
    const origin = c.req.header("origin");
    const site = c.req.header("sec-fetch-site");
    // "csrf_origin": the 403 page names the address to use.
    if (origin && origin !== "null" && !acceptedOrigins(c.var.deps.env).has(origin)) throw new AppError(403, "csrf_origin");
    if (!origin && site && site !== "same-origin" && site !== "none") throw new AppError(403, "csrf");
    const type = c.req.header("content-type") ?? "";
    let sent: unknown;
    if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")) {
      sent = (await formBody(c))._csrf;
    } else {
      sent = c.req.header("x-csrf-token");
    }
    if (!secret || typeof sent !== "string" || !safeEqual(sent, expected)) throw new AppError(403, "csrf");
  }
  await next();
});
