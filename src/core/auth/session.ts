import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { isProduction } from "../../env.js";
import { loadSession } from "../../features/auth/service.js";
import type { AppEnv, Ctx } from "../http/context.js";
import { cookieName } from "../http/security.js";

export const SESSION_COOKIE = "vn_session";

export const sessionMiddleware = createMiddleware<AppEnv>(async (c, next) => {
  c.set("user", null);
  c.set("sessionIdHash", null);
  const name = cookieName(c, SESSION_COOKIE);
  const token = getCookie(c, name);
  if (token) {
    const s = await loadSession(c.var.deps.db, c.var.deps.env, token, c.var.deps.clock.now());
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
