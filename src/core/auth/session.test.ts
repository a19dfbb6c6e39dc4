import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { AppEnv, Deps, SessionUser } from "../http/context.js";
import { sessionMiddleware, UnknownSessions } from "./session.js";

const user = { id: "u1", email: "a@example.org", name: "A", lang: "en", staffRole: null } as unknown as SessionUser;

/** An app with the session middleware over a lookup that counts its calls and knows the tokens in `live`. */
function appWith(live: Set<string>, unknown: UnknownSessions) {
  const calls: string[] = [];
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set("deps", { env: { NODE_ENV: "test" } } as unknown as Deps);
    await next();
  });
  app.use(
    sessionMiddleware(async (_d, token) => {
      calls.push(token);
      return live.has(token) ? { user, idHash: `h-${token}` } : null;
    }, unknown),
  );
  app.get("/", (c) => c.text(c.var.user ? c.var.user.id : "anonymous"));
  const get = (token: string) => app.request("/", { headers: { cookie: `vn_session=${token}` } });
  return { calls, get };
}

describe("unknown session tokens", () => {
  it("looks an unknown token up once while it is remembered, and deletes the cookie every time", async () => {
    let now = 0;
    const { calls, get } = appWith(new Set(), new UnknownSessions(30_000, 100, () => now));
    for (let i = 0; i < 3; i++) {
      const res = await get("dead");
      expect(await res.text()).toBe("anonymous");
      expect(res.headers.get("set-cookie")).toMatch(/^vn_session=;/);
    }
    expect(calls).toEqual(["dead"]);
    now = 30_001;
    await get("dead");
    expect(calls).toEqual(["dead", "dead"]);
  });

  it("never remembers a live session: each request looks it up (so ending it takes effect at once)", async () => {
    const live = new Set(["alive"]);
    const { calls, get } = appWith(live, new UnknownSessions());
    expect(await (await get("alive")).text()).toBe("u1");
    expect(await (await get("alive")).text()).toBe("u1");
    live.delete("alive"); // the session ended
    expect(await (await get("alive")).text()).toBe("anonymous");
    expect(calls).toEqual(["alive", "alive", "alive"]);
  });

  it("keeps at most maxEntries tokens, dropping the oldest first", () => {
    const unknown = new UnknownSessions(60_000, 3, () => 0);
    for (const t of ["a", "b", "c", "d"]) unknown.add(t);
    expect(unknown.size).toBe(3);
    expect(unknown.has("a")).toBe(false);
    expect(["b", "c", "d"].every((t) => unknown.has(t))).toBe(true);
  });
});
