import { createHash } from "node:crypto";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { isProduction } from "../../env.js";
import type { AppEnv, Ctx, Deps, SessionUser } from "../http/context.js";
import { cookieName } from "../http/security.js";

export const SESSION_COOKIE = "vn_session";

/** Looks a session cookie's value up: the signed-in user, or null when it is unknown or has ended. */
export type LoadSession = (deps: Deps, token: string) => Promise<{ user: SessionUser; idHash: string } | null>;

/**
 * Cookie values that matched no live session, remembered for a short while (ADR 023): a browser
 * drops the cookie when told to, but a client that keeps sending a dead one (a script, a crawler,
 * the bench) would otherwise cost a database round trip on every request, before any page. Only
 * "not found" is remembered, so signing out and ending sessions work as before. Safe because a
 * session's token is 256 random bits that only the server hands out, after the session's row is
 * committed: a value that matched nothing cannot start matching later. Bounded: the oldest entry
 * goes first; entries are kept as SHA-256 hashes, not the cookie values.
 */
export class UnknownSessions {
  private seen = new Map<string, number>();

  constructor(
    private ttlMs = 30_000,
    private maxEntries = 10_000,
    private now: () => number = Date.now,
  ) {}

  private static key = (token: string) => createHash("sha256").update(token).digest("base64url");

  has(token: string) {
    // Nothing remembered (the usual case): no hash to compute.
    if (this.seen.size === 0) return false;
    const key = UnknownSessions.key(token);
    const until = this.seen.get(key);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.seen.delete(key);
    return false;
  }

  add(token: string) {
    const key = UnknownSessions.key(token);
    this.seen.delete(key);
    while (this.seen.size >= this.maxEntries) this.seen.delete(this.seen.keys().next().value!);
    this.seen.set(key, this.now() + this.ttlMs);
  }

  get size() {
    return this.seen.size;
  }
}

/**
 * Sets `c.var.user` from the session cookie. Core knows no feature: `createApp` passes the auth
 * feature's lookup in. An unknown or ended session's cookie is deleted (and, for a short while,
 * not looked up again: `UnknownSessions`).
 */
export const sessionMiddleware = (loadSession: LoadSession, unknown = new UnknownSessions()) =>
  createMiddleware<AppEnv>(async (c, next) => {
    c.set("user", null);
    c.set("sessionIdHash", null);
    const name = cookieName(c, SESSION_COOKIE);
    const token = getCookie(c, name);
    if (token) {
      const s = unknown.has(token) ? null : await loadSession(c.var.deps, token);
      if (s) {
        c.set("user", s.user);
        c.set("sessionIdHash", s.idHash);
      } else {
        unknown.add(token);
        deleteCookie(c, name, { path: "/", secure: isProduction(c.var.deps.env) });
      }
    }
    await next();
  });

export function setSessionCookie(c: Ctx, token: string) {
  setCookie(c, cookieName(c, SESSION_COOKIE), token, {
    path: "/",
    httpOnly: true,
    secure: isProduction(c.var.deps.env),
    sameSite: "Lax",
  });
}

export function clearSessionCookie(c: Ctx) {
  deleteCookie(c, cookieName(c, SESSION_COOKIE), { path: "/", secure: isProduction(c.var.deps.env) });
}
