import { request as httpRequest } from "node:http";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hmac } from "./crypto.js";
import { formBody, formList, formValues } from "./forms.js";
import { type AppEnv, plainVars } from "./http/context.js";
import { bodySizeLimit, csrf, MAX_BODY_BYTES } from "./http/security.js";

const SECRET = "test-secret-0123456789abcdef0123456789abcdef";
const BASE = "http://127.0.0.1:3000";
const COOKIE_SECRET = "c".repeat(40);
const TOKEN = hmac(SECRET, `csrf:${COOKIE_SECRET}`);

/** Odd bodies: repeated names, `[]` names, names an object has, number-like names, bad escapes and bytes, a BOM, emoji. */
const BODIES: (string | Uint8Array<ArrayBuffer>)[] = [
  "a=1&b=2&a=3",
  "__proto__=x&constructor=y&toString=z&hasOwnProperty=w",
  "2=b&1=a&x=c&10=d",
  "k[]=1&k[]=2&k=3&k=4",
  "\uFEFFa=1",
  "%EF%BB%BFa=1",
  "a=%zz&b=%&c=%C3%28&d=%ED%A0%80",
  "a+b=c+d&e=f%20g&=empty&noeq&&&",
  "a=\u00e9\u{1F600}&b=\u0301e",
  "emoji=%F0%9F%98%80&nul=%00x&nul2=a\u0000b",
  "a=1;b=2",
  "",
  new Uint8Array([0x61, 0x3d, 0xff, 0xfe, 0x80, 0x26, 0x62, 0x3d, 0xc3]),
  new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x3d, 0x31]),
  "a=1\r\nb\n=2\r",
  `long=${"x".repeat(20_000)}`,
];
const TYPES = [
  "application/x-www-form-urlencoded",
  "Application/X-WWW-Form-Urlencoded; charset=ISO-8859-1",
  "application/x-www-form-urlencoded;charset=utf-8",
  "text/plain",
];

/** What each reader gives, as JSON: ours (`formBody`, with and without `all`, `formValues`, `formList`) and Hono's own. */
function readerApp() {
  const app = new Hono<AppEnv>();
  app.post("/ours", async (c) => {
    const [one, all, values, list] = [await formBody(c), await formBody(c, { all: true }), await formValues(c), await formList(c, "k[]")];
    return c.json({ one: Object.entries(one), all: Object.entries(all), values: Object.entries(values), list });
  });
  app.post("/hono", async (c) => {
    const [one, all] = [await c.req.parseBody(), await c.req.parseBody({ all: true })];
    return c.json({ one: Object.entries(one), all: Object.entries(all) });
  });
  return app;
}

/** The portal's CSRF check and body limit in front of a route that answers with the form's values. */
function formApp() {
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    plainVars(c);
    c.set("deps", { env: { NODE_ENV: "test", BASE_URL: BASE, SESSION_SECRET: SECRET } } as never);
    await next();
  });
  app.use(bodySizeLimit);
  app.use(csrf);
  app.post("/form", async (c) => c.json({ values: await formValues(c), raw: c.req.raw.constructor.name }));
  app.onError((err, c) =>
    c.text(`error ${(err as { status?: number }).status ?? 500}`, ((err as { status?: number }).status ?? 500) as 400),
  );
  return app;
}

let server: ReturnType<typeof serve>;
let port = 0;
/** The request's bodies as the Node server saw them (@hono/node-server builds a web Request only on demand). */
const builtRequests: boolean[] = [];

beforeAll(async () => {
  const app = new Hono<AppEnv>();
  app.route("/r", readerApp());
  app.route("/f", formApp());
  app.post("/probe", bodySizeLimit, async (c) => {
    await formValues(c);
    // @hono/node-server's request keeps the web Request it built, if any, under this symbol.
    const cache = Object.getOwnPropertySymbols(c.req.raw).find((s) => s.description === "requestCache");
    builtRequests.push(cache !== undefined && (c.req.raw as unknown as Record<symbol, unknown>)[cache] !== undefined);
    return c.text("ok");
  });
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => {
      port = info.port;
      resolve();
    });
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function post(path: string, body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string>) {
  return fetch(`http://127.0.0.1:${port}${path}`, { method: "POST", body, headers });
}

describe("form bodies", () => {
  it("read as Hono's parseBody reads them, in-process (a web Request) and on Node's request, whatever the bytes", async () => {
    const app = readerApp();
    for (const body of BODIES)
      for (const type of TYPES) {
        const what = `${JSON.stringify(typeof body === "string" ? body.slice(0, 40) : [...body])} as ${type}`;
        const hono = await (await app.request("/hono", { method: "POST", body, headers: { "content-type": type } })).json();
        const inProcess = await (await app.request("/ours", { method: "POST", body, headers: { "content-type": type } })).json();
        const onNode = await (await post("/r/ours", body, { "content-type": type })).json();
        expect(inProcess.one, what).toEqual(hono.one);
        expect(inProcess.all, what).toEqual(hono.all);
        expect(onNode, what).toEqual(inProcess);
      }
  });

  it("keep a form's values: the last of a repeated name, no NUL, no CSRF field, at most 10,000 characters", async () => {
    const res = await readerApp().request("/ours", {
      method: "POST",
      body: `_csrf=t&a=1&a=2&b=x%00y&c=${"z".repeat(10_001)}`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    const { values } = await res.json();
    expect(Object.fromEntries(values)).toEqual({ a: "2", b: "xy", c: "z".repeat(10_000) });
  });

  it("on Node's request, are read through the body limit without building a web Request", async () => {
    builtRequests.length = 0;
    expect((await post("/probe", "a=1", { "content-type": "application/x-www-form-urlencoded" })).status).toBe(200);
    expect(builtRequests).toEqual([false]);
  });

  it("pass the CSRF check with the cookie's token, on Node's request and in-process alike, and fail without it", async () => {
    const headers = { "content-type": "application/x-www-form-urlencoded", origin: BASE, cookie: `vn_csrf=${COOKIE_SECRET}` };
    const good = `_csrf=${encodeURIComponent(TOKEN)}&name=Ann%C3%A9`;
    const bad = `_csrf=${encodeURIComponent(TOKEN.slice(1))}x&name=Ann`;
    for (const send of [
      (body: string) => post("/f/form", body, headers),
      (body: string) => formApp().request("/form", { method: "POST", body, headers }),
    ]) {
      const ok = await send(good);
      expect(ok.status).toBe(200);
      expect((await ok.json()).values).toEqual({ name: "Anné" });
      const refused = await send(bad);
      expect(await refused.text()).toBe("error 403");
      const foreign = await formApp().request("/form", {
        method: "POST",
        body: good,
        headers: { ...headers, origin: "https://evil.example" },
      });
      expect(foreign.status).toBe(403);
    }
  });

  it("above the limit are a 413 on Node's request, declared or streamed, before the CSRF check", async () => {
    const big = `a=${"x".repeat(MAX_BODY_BYTES)}`;
    const declared = await post("/f/form", big, { "content-type": "application/x-www-form-urlencoded", origin: BASE });
    expect(await declared.text()).toBe("error 413");
    // Chunked (no Content-Length): counted as it arrives.
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        { host: "127.0.0.1", port, path: "/f/form", method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      req.write(big.slice(0, MAX_BODY_BYTES / 2));
      req.end(big.slice(MAX_BODY_BYTES / 2));
    });
    expect(status).toBe(413);
    // Just under the limit still passes (to the CSRF check: no cookie, so a 403).
    const under = await post("/f/form", big.slice(0, MAX_BODY_BYTES), {
      "content-type": "application/x-www-form-urlencoded",
      origin: BASE,
    });
    expect(await under.text()).toBe("error 403");
  });
});

describe("plainVars", () => {
  it("makes c.var show every variable set, as c.get does", async () => {
    const app = new Hono<AppEnv>();
    app.use(async (c, next) => {
      plainVars(c);
      c.set("lang", "nl");
      await next();
    });
    app.get("/", (c) => {
      const before = c.var.lang;
      c.set("lang", "en");
      c.set("nonce", "n");
      return c.json({ before, after: c.var.lang, nonce: c.var.nonce, get: c.get("lang") });
    });
    expect(await (await app.request("/")).json()).toEqual({ before: "nl", after: "en", nonce: "n", get: "en" });
  });
});
