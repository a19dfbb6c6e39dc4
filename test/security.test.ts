import { DrizzleQueryError } from "drizzle-orm/errors";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { MINUTE } from "../src/core/clock.js";
import { loggableError } from "../src/core/http/logging.js";
import { outbox } from "../src/core/mail/schema.js";
import { sessions } from "../src/features/auth/schema.js";
import { printOrders } from "../src/features/roadmap-print/schema.js";
import { url } from "../src/routes.js";
import { BASE, Client, linkIn, mailsTo, setupApp, signedIn } from "./helpers/app.js";
import { orderForm } from "./helpers/fixtures.js";

const ctx = setupApp();

/** A POST with exactly the headers given (no automatic CSRF field or Origin). */
const rawPost = (c: Client, path: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
  c.request(path, {
    method: "POST",
    body: new URLSearchParams(form),
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
  });

/** Signed in, and the session still works (a 200 on the dashboard). */
async function stillSignedIn(c: Client) {
  const res = await c.get("/nl/mijn");
  return res.status === 200;
}

const titleOf = (html: string) => html.match(/<title>([^<]*)<\/title>/)?.[1];
const cspOf = (res: Response) => res.headers.get("content-security-policy") ?? "";
const nonceOf = (res: Response) => cspOf(res).match(/'nonce-([^']+)'/)?.[1];

describe("CSRF", () => {
  it("refuses a POST without a token with a localized 403 page, and changes nothing", async () => {
    const { client } = await signedIn(ctx, "a@example.org");
    await client.get("/nl");
    const res = await client.post("/nl/uitloggen", {}, { csrf: false });
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain("Formulier verlopen");
    expect(await stillSignedIn(client)).toBe(true);
    const en = await client.post("/en/sign-out", {}, { csrf: false });
    expect(en.status).toBe(403);
    expect(await en.text()).toContain("Form expired");
    expect(await stillSignedIn(client)).toBe(true);
  });

  it("refuses a wrong token", async () => {
    const { client } = await signedIn(ctx, "a@example.org");
    const good = await client.csrfToken();
    for (const bad of ["x", "", `${good}x`, good.slice(0, -1), good.toUpperCase() === good ? good.toLowerCase() : good.toUpperCase()]) {
      const res = await client.post("/nl/uitloggen", { _csrf: bad }, { csrf: false });
      expect(res.status).toBe(403);
    }
    expect(await stillSignedIn(client)).toBe(true);
  });

  it("refuses a token that belongs to another browser's cookie", async () => {
    const { client } = await signedIn(ctx, "a@example.org");
    await client.get("/nl");
    const other = new Client(ctx);
    const foreign = await other.csrfToken();
    expect(foreign).not.toBe(await client.csrfToken());
    const res = await client.post("/nl/uitloggen", { _csrf: foreign }, { csrf: false });
    expect(res.status).toBe(403);
    expect(await stillSignedIn(client)).toBe(true);
  });

  it("refuses a POST with a valid token from a foreign origin or a cross-site fetch", async () => {
    const { client } = await signedIn(ctx, "a@example.org");
    const token = await client.csrfToken();
    for (const origin of [
      "https://evil.example",
      "http://localhost:3000.evil.example",
      "https://localhost:3000",
      "http://localhost:3001",
    ]) {
      const res = await rawPost(client, "/nl/uitloggen", { _csrf: token }, { origin });
      expect(res.status, origin).toBe(403);
      expect(await res.text()).toContain("Formulier verlopen");
    }
    const crossSite = await rawPost(client, "/nl/uitloggen", { _csrf: token }, { "sec-fetch-site": "cross-site" });
    expect(crossSite.status).toBe(403);
    expect(await stillSignedIn(client)).toBe(true);
  });

  it("refuses a POST from a browser that has no CSRF cookie yet", async () => {
    const c = new Client(ctx);
    const res = await rawPost(c, "/en/sign-in", { email: "a@example.org", _csrf: "anything" }, { origin: BASE });
    expect(res.status).toBe(403);
    expect(await ctx.db.select().from(outbox)).toHaveLength(0);
  });

  it("refuses a sign-in request without a token and sends no mail", async () => {
    const c = new Client(ctx);
    await c.get("/en/sign-in");
    const res = await c.post("/en/sign-in", { email: "a@example.org" }, { csrf: false });
    expect(res.status).toBe(403);
    expect(await mailsTo(ctx, "a@example.org")).toHaveLength(0);
  });

  it("accepts the token the page renders, with the own origin, and then signs out", async () => {
    const { client } = await signedIn(ctx, "a@example.org");
    const page = await client.get("/nl/mijn");
    const html = await page.text();
    const rendered = html.match(/<form method="post" action="\/nl\/uitloggen"[^>]*><input type="hidden" name="_csrf" value="([^"]+)"/)?.[1];
    expect(rendered).toBeTruthy();
    expect(rendered).toBe(await client.csrfToken());
    const res = await rawPost(client, "/nl/uitloggen", { _csrf: rendered! }, { origin: BASE });
    expect(res.status).toBe(303);
    expect(await stillSignedIn(client)).toBe(false);
  });

  it("accepts the token in an X-CSRF-Token header for non-form bodies, and only there", async () => {
    const { client } = await signedIn(ctx, "a@example.org");
    const token = await client.csrfToken();
    const json = (headers: Record<string, string>) =>
      client.request("/nl/uitloggen", {
        method: "POST",
        body: "{}",
        headers: { "content-type": "application/json", origin: BASE, ...headers },
      });
    expect((await json({})).status).toBe(403);
    expect((await json({ "x-csrf-token": "nope" })).status).toBe(403);
    expect(await stillSignedIn(client)).toBe(true);
    expect((await json({ "x-csrf-token": token })).status).toBe(303);
    expect(await stillSignedIn(client)).toBe(false);
  });

  it("does not change state on GET: a GET of the sign-out address keeps the session", async () => {
    const { client } = await signedIn(ctx, "a@example.org");
    for (const path of ["/nl/uitloggen", "/en/sign-out"]) {
      const res = await client.get(path);
      expect(res.status).toBe(404);
      expect(res.headers.getSetCookie().some((l) => l.startsWith("vn_session="))).toBe(false);
    }
    expect(await stillSignedIn(client)).toBe(true);
    const [row] = await ctx.db.select().from(sessions);
    expect(row!.endedAt).toBeNull();
  });

  it("sets the CSRF cookie HttpOnly and SameSite=Lax", async () => {
    const res = await new Client(ctx).get("/nl");
    const line = res.headers.getSetCookie().find((l) => l.startsWith("vn_csrf="));
    expect(line).toMatch(/; HttpOnly/i);
    expect(line).toMatch(/; SameSite=Lax/i);
    expect(line).toMatch(/; Path=\//i);
    expect(line).not.toMatch(/Secure/i);
  });
});

describe("security headers", () => {
  it("sends a CSP with a fresh nonce per request and the other hardening headers", async () => {
    const c = new Client(ctx);
    const a = await c.get("/nl");
    const b = await c.get("/nl");
    expect(a.status).toBe(200);
    const csp = cspOf(a);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("form-action 'self'");
    const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src"))!;
    expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]{22,}'/);
    expect(scriptSrc).not.toContain("unsafe-inline");
    expect(scriptSrc).not.toContain("unsafe-eval");
    expect(nonceOf(a)).toBeTruthy();
    expect(nonceOf(b)).toBeTruthy();
    expect(nonceOf(a)).not.toBe(nonceOf(b));
    expect(a.headers.get("x-content-type-options")).toBe("nosniff");
    expect(a.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(a.headers.get("x-frame-options")).toBe("DENY");
    expect(a.headers.get("permissions-policy")).toContain("camera=()");
    expect(a.headers.get("cross-origin-opener-policy")).toBe("same-origin");
    // HSTS only in production (see security-production.test.ts).
    expect(a.headers.get("strict-transport-security")).toBeNull();
  });

  it("sends the same headers on error pages", async () => {
    const c = new Client(ctx);
    const notFound = await c.get("/nl/bestaat-niet");
    const csrf = await c.post("/nl/uitloggen", {}, { csrf: false });
    for (const res of [notFound, csrf]) {
      expect(cspOf(res)).toContain("frame-ancestors 'none'");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    }
  });

  it("sends no-referrer and no-store on the sign-in link page, usable or not", async () => {
    const c = new Client(ctx);
    await c.post("/en/sign-in", { email: "a@example.org" });
    const [mail] = await mailsTo(ctx, "a@example.org");
    const link = linkIn(mail!.text);
    const usable = await c.get(link);
    const unusable = await c.get("/en/sign-in/link?token=not-a-real-token-at-all-0123456789");
    expect(usable.status).toBe(200);
    expect(unusable.status).toBe(404);
    for (const res of [usable, unusable]) {
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(await res.text()).toContain('<meta name="robots" content="noindex"');
    }
  });

  it("does not let shared caches keep signed-in pages", async () => {
    const { client } = await signedIn(ctx, "a@example.org");
    const res = await client.get("/nl/mijn");
    expect(res.headers.get("cache-control")).toContain("no-store");
    expect(res.headers.get("cache-control")).toContain("private");
  });
});

describe("rate limits", () => {
  // Token buckets (ADR 014): `limit` at once, then one more every 15 minutes / `limit`.
  it("allows 5 sign-in requests per address at once, then a localized 429 with Retry-After until a token is back", async () => {
    const c = new Client(ctx);
    const variants = ["limit@example.org", "LIMIT@example.org", " limit@Example.org ", "limit@example.org", "Limit@example.org"];
    for (const email of variants) expect((await c.post("/nl/inloggen", { email })).status).toBe(303);
    const nl = await c.post("/nl/inloggen", { email: "limit@example.org" });
    expect(nl.status).toBe(429);
    expect(nl.headers.get("retry-after")).toBe("180"); // one token every 15 / 5 = 3 minutes
    const nlHtml = await nl.text();
    expect(nlHtml).toContain('<html lang="nl">');
    expect(titleOf(nlHtml)).toContain("Even geduld");
    expect(nlHtml).toContain("Probeer het over 3 minuten opnieuw.");
    const en = await c.post("/en/sign-in", { email: "limit@example.org" });
    expect(en.status).toBe(429);
    expect(en.headers.get("retry-after")).toBe("180");
    const enHtml = await en.text();
    expect(titleOf(enHtml)).toContain("Please wait");
    expect(enHtml).toContain("Please try again in 3 minutes.");
    expect(await mailsTo(ctx, "limit@example.org")).toHaveLength(5);

    // Another address from the same browser is not affected.
    expect((await c.post("/nl/inloggen", { email: "other@example.org" })).status).toBe(303);

    // Refused requests did not count: the next token comes 3 minutes after the burst, and only one.
    ctx.clock.advance(3 * MINUTE - 1000);
    const almost = await c.post("/nl/inloggen", { email: "limit@example.org" });
    expect(almost.status).toBe(429);
    expect(almost.headers.get("retry-after")).toBe("1");
    expect(await almost.text()).toContain("Probeer het over een minuut opnieuw.");
    ctx.clock.advance(1000);
    expect((await c.post("/nl/inloggen", { email: "limit@example.org" })).status).toBe(303);
    const again = await c.post("/nl/inloggen", { email: "limit@example.org" });
    expect(again.status).toBe(429);
    expect(again.headers.get("retry-after")).toBe("180");
    expect(await mailsTo(ctx, "limit@example.org")).toHaveLength(6);
  });

  it("lets no second burst through across a 15-minute boundary (no fixed windows)", async () => {
    const c = new Client(ctx);
    const signIn = async (n: number) => {
      let passed = 0;
      for (let i = 0; i < n; i++) if ((await c.post("/en/sign-in", { email: "edge@example.org" })).status === 303) passed++;
      return passed;
    };
    // One request opens a fixed window; the rest of the limit comes just before it ends, a whole
    // limit just after. Fixed windows let 4 + 5 through within those 2 seconds.
    expect(await signIn(1)).toBe(1);
    ctx.clock.set("2026-11-23T10:14:59Z");
    expect(await signIn(4)).toBe(4);
    ctx.clock.set("2026-11-23T10:15:01Z");
    expect(await signIn(5)).toBe(1);
    expect(await mailsTo(ctx, "edge@example.org")).toHaveLength(6);
  });

  it("allows 30 sign-in requests per IP at once and ignores X-Forwarded-For without TRUST_PROXY", async () => {
    const c = new Client(ctx);
    for (let i = 0; i < 30; i++) {
      const res = await c.post("/en/sign-in", { email: `u${i}@example.org` }, { headers: { "x-forwarded-for": `203.0.113.${i}` } });
      expect(res.status).toBe(303);
    }
    const blocked = await c.post("/en/sign-in", { email: "u99@example.org" }, { headers: { "x-forwarded-for": "198.51.100.1" } });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("retry-after")).toBe("30"); // 15 minutes / 30
    expect(titleOf(await blocked.text())).toContain("Please wait");
    const nl = await c.post("/nl/inloggen", { email: "u98@example.org" });
    expect(nl.status).toBe(429);
    expect(titleOf(await nl.text())).toContain("Even geduld");
    // Bad input counts too, and gets the same 429 rather than a form.
    expect((await c.post("/nl/inloggen", { email: "" })).status).toBe(429);
    expect(await ctx.db.select().from(outbox)).toHaveLength(30);

    ctx.clock.advance(30_000);
    expect((await c.post("/en/sign-in", { email: "u99@example.org" })).status).toBe(303);
    expect((await c.post("/en/sign-in", { email: "u97@example.org" })).status).toBe(429);
    ctx.clock.advance(15 * MINUTE);
    for (let i = 0; i < 30; i++) expect((await c.post("/en/sign-in", { email: `v${i}@example.org` })).status).toBe(303);
  });

  it("limits guessing at sign-in links per IP", async () => {
    const c = new Client(ctx);
    for (let i = 0; i < 60; i++) {
      const res = await c.post("/en/sign-in/link", { token: `guess-${i}-${"x".repeat(30)}` });
      expect(res.status).toBe(404);
    }
    const res = await c.post("/en/sign-in/link", { token: `guess-last-${"x".repeat(30)}` });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("15"); // 15 minutes / 60
    expect(titleOf(await res.text())).toContain("Please wait");
  });
});

describe("logs", () => {
  it("never contain the email address, the token or the session id", async () => {
    const c = new Client(ctx);
    const email = "Private.Person@Example.org";
    await c.post("/en/sign-in", { email });
    const [mail] = await mailsTo(ctx, "private.person@example.org");
    const link = linkIn(mail!.text);
    const token = new URL(link, BASE).searchParams.get("token")!;
    expect((await c.get(link)).status).toBe(200);
    expect((await c.post("/en/sign-in/link", { token })).status).toBe(303);
    expect((await c.get("/en/my")).status).toBe(200);
    const session = c.cookies.get("vn_session")!;
    const csrf = c.cookies.get("vn_csrf")!;

    expect(ctx.logs.length).toBeGreaterThanOrEqual(4);
    const all = ctx.logs.join("\n");
    for (const secret of [email, email.toLowerCase(), "private.person", token, session, csrf]) {
      expect(all.toLowerCase()).not.toContain(secret.toLowerCase());
    }
  });

  it("write one request line with id, method, path, status and duration, without the query string", async () => {
    const c = new Client(ctx);
    const res = await c.get("/en/sign-in?next=%2Fen%2Fmy&campaign=secret-query-value", { "x-request-id": "abc-123" });
    expect(res.status).toBe(200);
    const lines = ctx.logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === "request");
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(line).toMatchObject({ req: "abc-123", method: "GET", path: "/en/sign-in", status: 200 });
    expect(typeof line.ms).toBe("number");
    expect(res.headers.get("x-request-id")).toBe("abc-123");
    expect(ctx.logs.join("\n")).not.toContain("secret-query-value");
    expect(ctx.logs.join("\n")).not.toContain("?");

    ctx.logs.length = 0;
    const post = await c.post("/en/sign-in", { email: "x@example.org" });
    const [postLine] = ctx.logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === "request");
    expect(postLine).toMatchObject({ method: "POST", path: "/en/sign-in", status: 303 });
    expect(postLine!.req).toMatch(/^[0-9a-f-]{36}$/);
    expect(post.headers.get("x-request-id")).toBe(postLine!.req);

    // A link's secret in the path (the mailing list's /:id/:token links) is masked; the id stays.
    ctx.logs.length = 0;
    const id = "0b7d3c4e-2f1a-4c5b-9d8e-7f6a5b4c3d2e";
    const token = "Ab1_-".repeat(8).concat("xyz");
    await c.get(`/en/mailing-list/preferences/${id}/${token}`);
    const [tokenLine] = ctx.logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === "request");
    expect(tokenLine!.path).toBe(`/en/mailing-list/preferences/${id}/[token]`);
    expect(ctx.logs.join("\n")).not.toContain(token);
  });

  it("log a failed query with the database's message, never its parameters", () => {
    const cause = Object.assign(new Error('duplicate key value violates unique constraint "x"'), { code: "23505" });
    const err = new DrizzleQueryError("insert into people (name, email) values ($1, $2)", ["Jan Jansen", "jan@example.org"], cause);
    const logged = JSON.stringify(loggableError(err));
    expect(logged).toContain("duplicate key value");
    expect(logged).toContain("23505");
    expect(logged).not.toContain("Jan Jansen");
    expect(logged).not.toContain("jan@");
    // The control: the error's own message and stack do carry them.
    expect(`${err.message}${err.stack}`).toContain("Jan Jansen");
  });

  it("cleans a request id sent by the client before logging it", async () => {
    const res = await new Client(ctx).get("/nl", { "x-request-id": 'evil" {"level":60} <script>' });
    const id = res.headers.get("x-request-id")!;
    expect(id).toMatch(/^[\w-]+$/);
    const [line] = ctx.logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === "request");
    expect(line!.req).toBe(id);
    expect(ctx.logs.every((l) => !l.includes("<script>"))).toBe(true);
  });
});

describe("NUL bytes", () => {
  it("in a URL get a localized 400 page, not a 500", async () => {
    for (const path of ["/nl/wegwijzer/zoeken?q=%00", "/en/roadmap/search?q=stress%00", "/en/roadmap/topic/a%00b"]) {
      const res = await new Client(ctx).get(path);
      expect(res.status, path).toBe(400);
      expect(res.headers.get("content-security-policy"), path).toContain("default-src 'self'");
    }
  });

  it("in a form field are dropped before anything is stored", async () => {
    const c = new Client(ctx);
    const res = await c.post(
      url("en", "roadmapOrder"),
      orderForm({ organisationName: "Pharos\u0000 Association", contactName: "Mila\u0000", note: "\u0000" }),
    );
    expect(res.status).toBe(303);
    const [order] = await ctx.db.select().from(printOrders);
    expect(order!.organisationName).toBe("Pharos Association");
  });
});

describe("error pages", () => {
  it.each([
    { path: "/nl/bestaat-niet", lang: "nl", title: "Pagina niet gevonden" },
    { path: "/en/does-not-exist", lang: "en", title: "Page not found" },
  ])("renders a localized 404 for $path", async ({ path, lang, title }) => {
    const res = await new Client(ctx).get(path);
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain(`<html lang="${lang}">`);
    expect(html).toContain(`<h1>${title}</h1>`);
    expect(html).toContain('<meta name="robots" content="noindex"');
    expect(html).toContain(`href="/${lang}"`);
  });

  it("picks the 404 language from Accept-Language outside /nl and /en", async () => {
    const res = await new Client(ctx).get("/nowhere", { "accept-language": "en-GB,en;q=0.9" });
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('<html lang="en">');
  });

  it("renders an unexpected error as a 500 page without details, with a reference that is in the log", async () => {
    // A second app over the same dependencies, with one extra route that throws (routes cannot be
    // added to the shared app once it has served a request).
    const app = createApp(ctx.deps);
    const boom = () => {
      throw new Error("secret detail for boom@example.org");
    };
    app.get("/nl/boom", boom);
    app.get("/en/boom", boom);
    for (const lang of ["nl", "en"] as const) {
      ctx.logs.length = 0;
      const res = await app.request(`/${lang}/boom`);
      expect(res.status).toBe(500);
      const html = await res.text();
      expect(html).toContain(`<html lang="${lang}">`);
      expect(html).toContain(lang === "nl" ? "Er ging iets mis" : "Something went wrong");
      expect(html).not.toContain("secret detail");
      expect(html).not.toContain("boom@example.org");
      expect(html).not.toMatch(/\bat .*\.(ts|js):\d+/);
      expect(html).not.toContain("Error:");
      const id = res.headers.get("x-request-id")!;
      expect(id).toBeTruthy();
      expect(html).toContain(`<code>${id}</code>`);
      expect(cspOf(res)).toContain("frame-ancestors 'none'");

      const errors = ctx.logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.level === 50);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ req: id, msg: "unhandled error" });
      expect(String(errors[0]!.err)).toContain("secret detail");
      // Error messages can carry personal data (a failed query lists its parameters): masked in the log.
      expect(ctx.logs.join("\n")).not.toContain("boom@example.org");
    }
  });
});

describe("language", () => {
  it.each([
    { header: undefined, to: "/nl" },
    { header: "en-US,en;q=0.9", to: "/en" },
    { header: "de-DE,de;q=0.9,en;q=0.5", to: "/en" },
    { header: "nl;q=0.2,en;q=0.8", to: "/en" },
    { header: "nl-BE", to: "/nl" },
    { header: "fr-FR", to: "/nl" },
  ])("redirects / to $to for Accept-Language $header", async ({ header, to }) => {
    const res = await new Client(ctx).get("/", header ? { "accept-language": header } : {});
    expect([302, 303]).toContain(res.status);
    expect(res.headers.get("location")).toBe(to);
  });

  const switchLink = (html: string, to: "nl" | "en") => html.match(new RegExp(`<a href="([^"]*)" hreflang="${to}" lang="${to}">`))?.[1];

  it("links to the same page in the other language, keeping the query string", async () => {
    const c = new Client(ctx);
    expect(switchLink(await (await c.get("/nl/inloggen")).text(), "en")).toBe("/en/sign-in");
    expect(switchLink(await (await c.get("/en/sign-in")).text(), "nl")).toBe("/nl/inloggen");
    const withQuery = await (await c.get("/nl/inloggen?next=%2Fnl%2Fmijn")).text();
    expect(switchLink(withQuery, "en")).toBe("/en/sign-in?next=%2Fnl%2Fmijn");
    expect(withQuery).toContain('<link rel="alternate" hreflang="en" href="/en/sign-in?next=%2Fnl%2Fmijn"');
    expect(switchLink(await (await c.get("/nl/inloggen/verstuurd")).text(), "en")).toBe("/en/sign-in/sent");
  });
});
