import { randomBytes } from "node:crypto";
import { getConnInfo } from "@hono/node-server/conninfo";
import { getCookie, setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { isProduction } from "../../env.js";
import { hmac, randomToken, safeEqual } from "../crypto.js";
import { AppError } from "../errors.js";
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

/** A fresh CSP nonce per request, and the security headers every response carries. */
export const securityHeaders = createMiddleware<AppEnv>(async (c, next) => {
  const nonce = randomBytes(16).toString("base64");
  c.set("nonce", nonce);
  // Set before the handler runs: headers added after a response exists make Hono rebuild it.
  for (const [name, value] of securityHeaderList(isProduction(c.var.deps.env), FRAMEABLE.test(c.req.path), nonce)) c.header(name, value);
  await next();
});

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
    secret = randomToken();
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
    const own = new URL(c.var.deps.env.BASE_URL).origin;
    if (origin && origin !== "null" && origin !== own) throw new AppError(403, "csrf");
    if (!origin && site && site !== "same-origin" && site !== "none") throw new AppError(403, "csrf");
    const type = c.req.header("content-type") ?? "";
    let sent: unknown;
    if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")) {
      sent = (await c.req.parseBody())._csrf;
    } else {
      sent = c.req.header("x-csrf-token");
    }
    if (!secret || typeof sent !== "string" || !safeEqual(sent, expected)) throw new AppError(403, "csrf");
  }
  await next();
});
