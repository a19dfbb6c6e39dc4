import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { isProduction } from "../../env.js";
import type { AppEnv, Ctx, Deps, SessionUser } from "../http/context.js";
import { cookieName } from "../http/security.js";

export const SESSION_COOKIE = "vn_session";

/** Looks a session cookie's value up: the signed-in user, or null when it is unknown or has ended. */
export type LoadSession = (deps: Deps, token: string) => Promise<{ user: SessionUser; idHash: string } | null>;

/**
 * Sets `c.var.user` from the session cookie. Core knows no feature: `createApp` passes the auth
 * feature's lookup in. An unknown or ended session's cookie is deleted.
 */
export const sessionMiddleware = (loadSession: LoadSession) =>
  createMiddleware<AppEnv>(async (c, next) => {
    c.set("user", null);
    c.set("sessionIdHash", null);
    const name = cookieName(c, SESSION_COOKIE);
    const token = getCookie(c, name);
    if (token) {
      const s = await loadSession(c.var.deps, token);
      if (s) {
        c.set("user", s.user);
        c.set("sessionIdHash", s.idHash);
      } else {
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
