import { describe, expect, it } from "vitest";
import { catalogs } from "../src/catalogs.js";
import { hmac } from "../src/core/crypto.js";
import { LANGS } from "../src/core/i18n/index.js";
import { sessions, users } from "../src/features/auth/schema.js";
import { createSession } from "../src/features/auth/service.js";
import { ROUTES, type RouteKey, url } from "../src/routes.js";
import { Client, setupApp } from "./helpers/app.js";

const ORIGIN = "https://vangnet.example.org";
const ctx = setupApp({ NODE_ENV: "production", BASE_URL: ORIGIN, SESSION_SECRET: "x".repeat(40), CONTACT_KEYS: `k1:${"B".repeat(43)}=` });

/** Every development helper: the keys whose path lives under /dev/. */
const DEV_KEYS = (Object.keys(ROUTES) as RouteKey[]).filter((k) => ROUTES[k].nl.startsWith("/dev/") || ROUTES[k].en.startsWith("/dev/"));
const params = { id: "00000000-0000-4000-8000-000000000000" };

/** A browser POST in production: the __Host- CSRF cookie's token and the production origin. */
async function post(c: Client, path: string, form: Record<string, string> = {}) {
  if (!c.cookies.has("__Host-vn_csrf")) await c.get("/nl");
  const body = new URLSearchParams({ ...form, _csrf: hmac(ctx.deps.env.SESSION_SECRET, `csrf:${c.cookies.get("__Host-vn_csrf")}`) });
  return c.request(path, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN } });
}

describe("development routes in production", () => {
  it("are all known", () => {
    expect(DEV_KEYS.sort()).toEqual(["devMail", "devMailItem", "devSignIn"]);
  });

  it("do not exist: every /dev/ page is a 404, signed in or not", async () => {
    const [admin] = await ctx.db.insert(users).values({ email: "admin@office.example.org", staffRole: "admin" }).returning();
    const anonymous = new Client(ctx);
    const signed = new Client(ctx);
    signed.cookies.set("__Host-vn_session", await createSession(ctx.db, admin!.id, ctx.clock.now()));
    // The session works, so a 404 below is not a sign-in problem.
    expect((await signed.get(url("nl", "staffUsers"))).status).toBe(200);
    for (const client of [anonymous, signed])
      for (const key of DEV_KEYS)
        for (const lang of LANGS) {
          const res = await client.get(url(lang, key, params));
          expect(res.status, `${key} ${lang}`).toBe(404);
          expect(await res.text()).toContain(catalogs[lang].http.notFoundTitle);
        }
  });

  it("cannot sign anyone in: POST to the dev sign-in is a 404 and opens no session", async () => {
    const [admin] = await ctx.db.insert(users).values({ email: "admin@office.example.org", staffRole: "admin" }).returning();
    const c = new Client(ctx);
    // A POST with a valid token and origin does reach the routes (sign-in works) ...
    expect((await post(c, url("en", "signIn"), { email: "someone@example.org" })).status).toBe(303);
    // ... but the development sign-in is not one of them.
    for (const lang of LANGS) {
      const res = await post(c, url(lang, "devSignIn"), { userId: admin!.id });
      expect(res.status).toBe(404);
      expect(res.headers.getSetCookie().some((l) => l.includes("vn_session"))).toBe(false);
    }
    expect(await ctx.db.select().from(sessions)).toEqual([]);
    expect((await c.get(url("nl", "staffHome"))).status).toBe(303);
  });
});
