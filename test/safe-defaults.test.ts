import type { AddressInfo } from "node:net";
import { networkInterfaces } from "node:os";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { catalogs } from "../src/catalogs.js";
import { hmac } from "../src/core/crypto.js";
import { isLoopbackAddress } from "../src/core/http/security.js";
import { LANGS } from "../src/core/i18n/index.js";
import { loadEnv } from "../src/env.js";
import { sessions, users } from "../src/features/auth/schema.js";
import { ROUTES, type RouteKey, url } from "../src/routes.js";
import { startServer } from "../src/server.js";
import { BASE, Client, setupApp } from "./helpers/app.js";

const ctx = setupApp();

const DEV_KEYS = (Object.keys(ROUTES) as RouteKey[]).filter((k) => ROUTES[k].en.startsWith("/dev/"));
const MAIL_ID = "00000000-0000-4000-8000-000000000000";

/** What @hono/node-server passes the app for a connection from `address`. */
const socketFrom = (address: string) => ({
  incoming: { socket: { remoteAddress: address, remotePort: 50000, remoteFamily: address.includes(":") ? "IPv6" : "IPv4" } },
});

describe("listening address", () => {
  it("is loopback outside production unless HOST says otherwise, every interface in production", () => {
    expect(loadEnv({}).HOST).toBe("127.0.0.1");
    expect(loadEnv({ NODE_ENV: "development" }).HOST).toBe("127.0.0.1");
    expect(loadEnv({ NODE_ENV: "test" }).HOST).toBe("127.0.0.1");
    expect(loadEnv({ HOST: "" }).HOST).toBe("127.0.0.1");
    expect(loadEnv({ HOST: "0.0.0.0" }).HOST).toBe("0.0.0.0");
    expect(loadEnv({ HOST: "::1" }).HOST).toBe("::1");
    const production = {
      NODE_ENV: "production",
      BASE_URL: "https://vangnet.example.org",
      SESSION_SECRET: "x".repeat(40),
      CONTACT_KEYS: `k1:${"B".repeat(43)}=`,
    };
    expect(loadEnv(production).HOST).toBe("0.0.0.0");
    expect(loadEnv({ ...production, HOST: "127.0.0.1" }).HOST).toBe("127.0.0.1");
  });

  it("a portal started with no settings listens on loopback only", async () => {
    const env = loadEnv({ PORT: "3000" });
    const server = await new Promise<ReturnType<typeof startServer>>((resolve) => {
      const s = startServer(createApp({ ...ctx.deps, env }), { ...ctx.deps, env }, { port: 0, hostname: env.HOST }, () => resolve(s));
    });
    try {
      const { address } = server.address() as AddressInfo;
      expect(isLoopbackAddress(address)).toBe(true);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("knows loopback addresses", () => {
    for (const a of ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1", "[::1]"]) expect(isLoopbackAddress(a), a).toBe(true);
    for (const a of [
      "0.0.0.0",
      "10.0.0.1",
      "192.0.2.1",
      "::",
      "fd00::2",
      "::ffff:10.0.0.1",
      "127.0.0.1:80",
      "localhost",
      "",
      undefined,
      "128.0.0.1",
    ])
      expect(isLoopbackAddress(a), String(a)).toBe(false);
  });
});

describe("development pages answer this machine only", () => {
  const paths = () => DEV_KEYS.flatMap((key) => LANGS.map((lang) => url(lang, key, { id: MAIL_ID })));

  it("are a 404 for a client on another machine, and answer a loopback client", async () => {
    const [admin] = await ctx.db.insert(users).values({ email: "admin@office.example.org", staffRole: "admin" }).returning();
    expect(DEV_KEYS.sort()).toEqual(["devMail", "devMailItem", "devSignIn"]);
    for (const path of paths()) {
      for (const remote of ["203.0.113.5", "192.168.1.20", "fd00::2", "::ffff:10.1.2.3"]) {
        const res = await ctx.app.request(path, {}, socketFrom(remote));
        expect(res.status, `${path} from ${remote}`).toBe(404);
        expect(await res.text()).toContain(catalogs[path.startsWith("/nl") ? "nl" : "en"].http.notFoundTitle);
      }
    }
    for (const local of ["127.0.0.1", "::1", "::ffff:127.0.0.1"]) {
      expect((await ctx.app.request(url("en", "devMail"), {}, socketFrom(local))).status, local).toBe(200);
      expect((await ctx.app.request(url("nl", "devSignIn"), {}, socketFrom(local))).status, local).toBe(200);
    }
    expect(admin).toBeTruthy();
  });

  it("cannot sign anyone in from another machine, even with a valid form", async () => {
    const [admin] = await ctx.db.insert(users).values({ email: "admin@office.example.org", staffRole: "admin" }).returning();
    const c = new Client(ctx);
    const token = await c.csrfToken();
    const post = (remote: string) =>
      ctx.app.request(
        url("en", "devSignIn"),
        {
          method: "POST",
          body: new URLSearchParams({ userId: admin!.id, _csrf: token }),
          headers: { "content-type": "application/x-www-form-urlencoded", origin: BASE, cookie: `vn_csrf=${c.cookies.get("vn_csrf")}` },
        },
        socketFrom(remote),
      );
    const remote = await post("198.51.100.7");
    expect(remote.status).toBe(404);
    expect(remote.headers.getSetCookie().some((l) => l.startsWith("vn_session="))).toBe(false);
    expect(await ctx.db.select().from(sessions)).toEqual([]);
    // The same form from this machine works (so the 404 above is the address check).
    const local = await post("127.0.0.1");
    expect(local.status).toBe(303);
    expect(await ctx.db.select().from(sessions)).toHaveLength(1);
  });

  it("refuse a request a proxy forwarded for another client, with or without TRUST_PROXY", async () => {
    const proxied = createApp({ ...ctx.deps, env: { ...ctx.deps.env, TRUST_PROXY: true } });
    for (const app of [ctx.app, proxied]) {
      for (const headers of <Record<string, string>[]>[
        { "x-forwarded-for": "203.0.113.5" },
        { "x-forwarded-for": "127.0.0.1, 203.0.113.5" },
        { "x-forwarded-for": "203.0.113.5, 127.0.0.1" },
        { "x-real-ip": "203.0.113.5" },
        { forwarded: 'for="[2001:db8::1]";proto=https' },
        { forwarded: "for=203.0.113.5" },
      ]) {
        const res = await app.request(url("en", "devMail"), { headers }, socketFrom("127.0.0.1"));
        expect(res.status, JSON.stringify(headers)).toBe(404);
      }
      // A proxy on this machine forwarding this machine's own request is fine.
      expect(
        (await app.request(url("en", "devMail"), { headers: { "x-forwarded-for": "127.0.0.1" } }, socketFrom("127.0.0.1"))).status,
      ).toBe(200);
    }
  });

  it("answer a real loopback connection, and refuse it when forwarded for someone else", async () => {
    const server = await new Promise<ReturnType<typeof startServer>>((resolve) => {
      const s = startServer(ctx.app, ctx.deps, { port: 0, hostname: "127.0.0.1" }, () => resolve(s));
    });
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      expect((await fetch(`${base}/en/dev/mail`)).status).toBe(200);
      expect((await fetch(`${base}/en/dev/mail`, { headers: { "x-forwarded-for": "203.0.113.5" } })).status).toBe(404);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  // Needs an address of this machine that is not loopback (most machines and CI runners have one).
  const external = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && !i.internal && i.family === "IPv4")?.address;
  it.runIf(external)("are a 404 over a real connection from a non-loopback address", async () => {
    const server = await new Promise<ReturnType<typeof startServer>>((resolve) => {
      const s = startServer(ctx.app, ctx.deps, { port: 0, hostname: "0.0.0.0" }, () => resolve(s));
    });
    try {
      const port = (server.address() as AddressInfo).port;
      const res = await fetch(`http://${external}:${port}/en/dev/mail`);
      expect(res.status).toBe(404);
      expect((await fetch(`http://${external}:${port}/en/roadmap`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/en/dev/mail`)).status).toBe(200);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("the address a form is sent from", () => {
  const signIn = (c: Client, origin: string) =>
    c.post("/en/sign-in", { email: "someone@example.org" }, { headers: { origin, "sec-fetch-site": "same-origin" } });

  it("outside production, accepts the loopback aliases of BASE_URL (same scheme and port)", async () => {
    expect(BASE).toBe("http://localhost:3000");
    for (const origin of ["http://localhost:3000", "http://127.0.0.1:3000", "http://[::1]:3000"]) {
      const res = await signIn(new Client(ctx), origin);
      expect(res.status, origin).toBe(303);
    }
    for (const origin of [
      "http://127.0.0.1:3001",
      "https://127.0.0.1:3000",
      "http://127.0.0.2:3000",
      "http://192.168.1.5:3000",
      "http://localhost.evil.example:3000",
    ]) {
      const res = await signIn(new Client(ctx), origin);
      expect(res.status, origin).toBe(403);
      const html = await res.text();
      expect(html).toContain(catalogs.en.http.csrfTitle);
      // The page says where the portal takes forms.
      expect(html).toContain(catalogs.en.http.useAddress("http://localhost:3000"));
    }
  });

  it("accepts no alias when BASE_URL is not a loopback address", async () => {
    const env = loadEnv({ NODE_ENV: "test", BASE_URL: "http://vangnet.test:3000" });
    const app = createApp({ ...ctx.deps, env });
    const c = new Client({ ...ctx, app });
    for (const origin of ["http://127.0.0.1:3000", "http://localhost:3000"]) {
      expect((await signIn(c, origin)).status, origin).toBe(403);
    }
    expect((await signIn(c, "http://vangnet.test:3000")).status).toBe(303);
  });

  it("in production, accepts BASE_URL's origin only, and the 403 page says which address to use", async () => {
    const ORIGIN = "https://localhost:8443";
    const env = loadEnv({
      NODE_ENV: "production",
      BASE_URL: ORIGIN,
      SESSION_SECRET: "x".repeat(40),
      CONTACT_KEYS: `k1:${"B".repeat(43)}=`,
    });
    const app = createApp({ ...ctx.deps, env });
    const c = new Client({ ...ctx, app });
    await c.get("/nl");
    const secret = c.cookies.get("__Host-vn_csrf")!;
    const post = (origin: string) =>
      c.request("/nl/inloggen", {
        method: "POST",
        body: new URLSearchParams({ email: "someone@example.org", _csrf: hmac(env.SESSION_SECRET, `csrf:${secret}`) }),
        headers: { "content-type": "application/x-www-form-urlencoded", origin },
      });
    for (const origin of ["https://127.0.0.1:8443", "https://[::1]:8443", "https://www.localhost:8443"]) {
      const res = await post(origin);
      expect(res.status, origin).toBe(403);
      const html = await res.text();
      expect(html).toContain(catalogs.nl.http.csrfTitle);
      expect(html).toContain(catalogs.nl.http.useAddress(ORIGIN));
    }
    expect((await post(ORIGIN)).status).toBe(303);
  });
});
