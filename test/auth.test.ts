import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { DAY, HOUR, MINUTE } from "../src/core/clock.js";
import { sha256 } from "../src/core/crypto.js";
import { outbox } from "../src/core/mail/schema.js";
import { loginTokens, sessions, users } from "../src/features/auth/schema.js";
import { createSession, deviceHint, endSessions, loadSession } from "../src/features/auth/service.js";
import { BASE, Client, fieldError, linkIn, mailsTo, setupApp, signedIn } from "./helpers/app.js";
import { countingDb } from "./helpers/db.js";

const ctx = setupApp();

/** Requests a sign-in link on the page in `lang` and returns the token from the newest mail. */
async function requestToken(c: Client, email: string, lang: "nl" | "en" = "en", extra: Record<string, string> = {}) {
  const res = await c.post(lang === "nl" ? "/nl/inloggen" : "/en/sign-in", { email, ...extra });
  expect(res.status).toBe(303);
  const [mail] = await mailsTo(ctx, email.trim().toLowerCase());
  expect(mail).toBeDefined();
  const token = new URL(linkIn(mail!.text), BASE).searchParams.get("token");
  expect(token).toBeTruthy();
  return token!;
}

const useToken = (c: Client, token: string, lang: "nl" | "en" = "en") =>
  c.post(lang === "nl" ? "/nl/inloggen/link" : "/en/sign-in/link", { token });

const sessionCookieOf = (res: Response) => res.headers.getSetCookie().find((l) => l.startsWith("vn_session="));

const countRows = async () => ({
  tokens: (await ctx.db.select().from(loginTokens)).length,
  mails: (await ctx.db.select().from(outbox)).length,
  users: (await ctx.db.select().from(users)).length,
});

describe("sign-in request", () => {
  it("answers a known and an unknown address the same way", async () => {
    await ctx.db.insert(users).values({ email: "known@example.org", lang: "en" });
    const answers = [];
    for (const email of ["known@example.org", "nobody@example.org"]) {
      const c = new Client(ctx);
      await c.get("/en/sign-in");
      const res = await c.post("/en/sign-in", { email });
      answers.push({
        status: res.status,
        location: res.headers.get("location"),
        body: await res.text(),
        cookies: res.headers.getSetCookie(),
      });
    }
    expect(answers[0]!.status).toBe(303);
    expect(answers[0]!.location).toBe("/en/sign-in/sent");
    expect(answers[1]).toEqual(answers[0]);
    // Both get a mail; only using the link creates the account.
    expect(await mailsTo(ctx, "known@example.org")).toHaveLength(1);
    expect(await mailsTo(ctx, "nobody@example.org")).toHaveLength(1);
    expect(await ctx.db.select().from(users).where(eq(users.email, "nobody@example.org"))).toHaveLength(0);
  });

  it("shows the 'sent' page in the page's language", async () => {
    const c = new Client(ctx);
    const res = await c.post("/nl/inloggen", { email: "a@example.org" });
    expect(res.headers.get("location")).toBe("/nl/inloggen/verstuurd");
    const page = await c.get("/nl/inloggen/verstuurd");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Kijk in je mailbox");
  });

  it("mails an unknown address in the language of the page, normalising the address", async () => {
    const c = new Client(ctx);
    await c.post("/en/sign-in", { email: "  New.Person@Example.ORG " });
    const [mail] = await mailsTo(ctx, "new.person@example.org");
    expect(mail).toMatchObject({ lang: "en", subject: "Your sign-in link for Vangnet", template: "auth.sign-in", status: "held" });
    expect(linkIn(mail!.text)).toMatch(/^\/en\/sign-in\/link\?token=/);

    await c.post("/nl/inloggen", { email: "iemand@example.org" });
    const [nl] = await mailsTo(ctx, "iemand@example.org");
    expect(nl).toMatchObject({ lang: "nl", subject: "Je inloglink voor Vangnet" });
    expect(nl!.html).toContain('<html lang="nl">');
    expect(linkIn(nl!.text)).toMatch(/^\/nl\/inloggen\/link\?token=/);
  });

  it("mails in the language of the page the request came from, whatever the account's language", async () => {
    await ctx.db.insert(users).values([
      { email: "dutch@example.org", lang: "nl" },
      { email: "english@example.org", lang: "en" },
    ]);
    const c = new Client(ctx);
    await c.post("/en/sign-in", { email: "dutch@example.org" });
    await c.post("/nl/inloggen", { email: "english@example.org" });
    const [toDutch] = await mailsTo(ctx, "dutch@example.org");
    const [toEnglish] = await mailsTo(ctx, "english@example.org");
    expect(toDutch!.lang).toBe("en");
    expect(linkIn(toDutch!.text)).toMatch(/^\/en\/sign-in\/link\?token=/);
    expect(toEnglish!.lang).toBe("nl");
    expect(linkIn(toEnglish!.text)).toMatch(/^\/nl\/inloggen\/link\?token=/);
  });

  it.each([
    { lang: "nl", path: "/nl/inloggen", email: "", message: "Vul dit veld in." },
    { lang: "nl", path: "/nl/inloggen", email: "   ", message: "Vul dit veld in." },
    { lang: "nl", path: "/nl/inloggen", email: "geen-adres", message: "Vul een e-mailadres in zoals naam@voorbeeld.nl." },
    { lang: "en", path: "/en/sign-in", email: "", message: "Fill in this field." },
    { lang: "en", path: "/en/sign-in", email: "name@", message: "Enter an email address like name@example.org." },
    { lang: "en", path: "/en/sign-in", email: "two@@example.org", message: "Enter an email address like name@example.org." },
  ])("rejects $email on $path with a localized field error and writes nothing", async ({ lang, path, email, message }) => {
    const c = new Client(ctx);
    const res = await c.post(path, { email });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(`<html lang="${lang}">`);
    expect(fieldError(html, "email")).toBe(message);
    expect(html).toContain('class="error-summary"');
    expect(html).toMatch(new RegExp(`<input id="f-email" name="email" type="email" value="${email}"`));
    expect(html).toContain('aria-describedby="f-email-hint f-email-error"');
    expect(await countRows()).toEqual({ tokens: 0, mails: 0, users: 0 });
  });

  it("keeps a typed value escaped in the re-rendered form", async () => {
    const c = new Client(ctx);
    const res = await c.post("/en/sign-in", { email: '"><script>alert(1)</script>' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  });
});

describe("sign-in token", () => {
  it("is long and random, and only its hash is stored", async () => {
    const c = new Client(ctx);
    const t1 = await requestToken(c, "a@example.org");
    const t2 = await requestToken(c, "b@example.org");
    for (const t of [t1, t2]) {
      // base64url; 22 characters are 132 bits.
      expect(t).toMatch(/^[A-Za-z0-9_-]{22,}$/);
      expect(Buffer.from(t, "base64url").length).toBeGreaterThanOrEqual(16);
    }
    expect(t1).not.toBe(t2);
    const rows = await ctx.db.select().from(loginTokens);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.tokenHash).not.toBe(t1);
      expect(row.tokenHash).not.toBe(t2);
      expect(JSON.stringify(row)).not.toContain(t1);
      expect(JSON.stringify(row)).not.toContain(t2);
    }
    expect(rows.map((r) => r.tokenHash).sort()).toEqual([sha256(t1), sha256(t2)].sort());
    const a = rows.find((r) => r.email === "a@example.org")!;
    expect(a.expiresAt.getTime() - ctx.clock.now().getTime()).toBe(15 * MINUTE);
    expect(a.usedAt).toBeNull();
  });

  it("GET of the link shows a button and neither signs in nor uses the token (mail scanners)", async () => {
    const c = new Client(ctx);
    const token = await requestToken(c, "scan@example.org");
    const scanner = new Client(ctx);
    for (let i = 0; i < 2; i++) {
      const res = await scanner.get(`/en/sign-in/link?token=${token}`);
      expect(res.status).toBe(200);
      expect(sessionCookieOf(res)).toBeUndefined();
      const html = await res.text();
      expect(html).toContain("Sign in to Vangnet");
      expect(html).toContain(`<input type="hidden" name="token" value="${token}"`);
      expect(html).toContain('<form method="post" action="/en/sign-in/link"');
    }
    const [row] = await ctx.db.select().from(loginTokens);
    expect(row!.usedAt).toBeNull();
    expect(await ctx.db.select().from(sessions)).toHaveLength(0);
    const done = await useToken(c, token);
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe("/en/my");
    expect(sessionCookieOf(done)).toBeDefined();
  });

  it("works once: a second POST and a replay from another browser get the 'link no longer works' page", async () => {
    const c = new Client(ctx);
    const token = await requestToken(c, "once@example.org");
    expect((await useToken(c, token)).status).toBe(303);
    const [row] = await ctx.db.select().from(loginTokens);
    expect(row!.usedAt).not.toBeNull();

    const again = await useToken(c, token);
    expect(again.status).toBe(404);
    expect(await again.text()).toContain("This link no longer works");
    expect(sessionCookieOf(again)).toBeUndefined();

    const attacker = new Client(ctx);
    const replay = await useToken(attacker, token, "nl");
    expect(replay.status).toBe(404);
    expect(await replay.text()).toContain("Deze link werkt niet meer");
    expect(sessionCookieOf(replay)).toBeUndefined();
    expect(attacker.cookies.has("vn_session")).toBe(false);

    // The GET also says so once the token is used.
    const get = await attacker.get(`/nl/inloggen/link?token=${token}`);
    expect(get.status).toBe(404);
    expect(await get.text()).toContain('<meta name="robots" content="noindex"');
    expect(await ctx.db.select().from(sessions)).toHaveLength(1);
  });

  it("lets only one of two simultaneous uses of a token win", async () => {
    const c = new Client(ctx);
    const token = await requestToken(c, "race@example.org");
    const a = new Client(ctx);
    const b = new Client(ctx);
    await Promise.all([a.csrfToken(), b.csrfToken()]);
    const results = await Promise.all([useToken(a, token), useToken(b, token)]);
    expect(results.map((r) => r.status).sort()).toEqual([303, 404]);
    expect(await ctx.db.select().from(sessions)).toHaveLength(1);
    expect(await ctx.db.select().from(users)).toHaveLength(1);
  });

  it("expires after 15 minutes", async () => {
    const c = new Client(ctx);
    const late = await requestToken(c, "late@example.org");
    ctx.clock.advance(16 * MINUTE);
    const get = await c.get(`/en/sign-in/link?token=${late}`);
    expect(get.status).toBe(404);
    expect(await get.text()).toContain("This link no longer works");
    const post = await useToken(c, late);
    expect(post.status).toBe(404);
    expect(sessionCookieOf(post)).toBeUndefined();
    expect(await ctx.db.select().from(users)).toHaveLength(0);
  });

  it("still works after 14 minutes", async () => {
    const c = new Client(ctx);
    const token = await requestToken(c, "intime@example.org");
    ctx.clock.advance(14 * MINUTE);
    expect((await c.get(`/en/sign-in/link?token=${token}`)).status).toBe(200);
    const post = await useToken(c, token);
    expect(post.status).toBe(303);
    expect(sessionCookieOf(post)).toBeDefined();
  });

  it("rejects made-up, truncated and oversized tokens", async () => {
    const c = new Client(ctx);
    const token = await requestToken(c, "real@example.org");
    for (const bad of ["", "short", token.slice(0, -1), `${token}x`, "A".repeat(43), "A".repeat(500)]) {
      expect((await c.get(`/en/sign-in/link?token=${encodeURIComponent(bad)}`)).status).toBe(404);
      expect((await useToken(c, bad)).status).toBe(404);
    }
    expect((await c.get("/en/sign-in/link")).status).toBe(404);
    expect(c.cookies.has("vn_session")).toBe(false);
    expect((await useToken(c, token)).status).toBe(303);
  });

  it("creates the account for an unknown address on first use, in the page's language", async () => {
    const c = new Client(ctx);
    const token = await requestToken(c, "Fresh@Example.org", "nl");
    expect(await ctx.db.select().from(users)).toHaveLength(0);
    ctx.clock.advance(2 * MINUTE);
    const res = await useToken(c, token, "nl");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/nl/mijn");
    const rows = await ctx.db.select().from(users);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ email: "fresh@example.org", lang: "nl", staffRole: null });
    expect(rows[0]!.lastSignInAt?.toISOString()).toBe(ctx.clock.now().toISOString());
    const dash = await c.get("/nl/mijn");
    expect(dash.status).toBe(200);
  });

  it("signs a known user into their existing account and sends staff to the office", async () => {
    const [staff] = await ctx.db.insert(users).values({ email: "office@example.org", lang: "en", staffRole: "staff" }).returning();
    const c = new Client(ctx);
    const token = await requestToken(c, "OFFICE@example.org", "nl");
    const res = await useToken(c, token, "nl");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/en/office");
    const rows = await ctx.db.select().from(users);
    expect(rows).toHaveLength(1);
    const [session] = await ctx.db.select().from(sessions);
    expect(session!.userId).toBe(staff!.id);
    expect((await c.get("/en/office")).status).toBe(200);
  });

  it("using a link revokes the other open links of that address, not those of others", async () => {
    const c = new Client(ctx);
    const first = await requestToken(c, "many@example.org");
    ctx.clock.advance(MINUTE);
    const second = await requestToken(c, "many@example.org");
    ctx.clock.advance(MINUTE);
    const third = await requestToken(c, "many@example.org");
    const others = await requestToken(c, "other@example.org");
    expect((await useToken(c, second)).status).toBe(303);
    for (const old of [first, third]) {
      const other = new Client(ctx);
      expect((await other.get(`/en/sign-in/link?token=${old}`)).status).toBe(404);
      const res = await useToken(other, old);
      expect(res.status).toBe(404);
      expect(sessionCookieOf(res)).toBeUndefined();
    }
    expect(await ctx.db.select().from(loginTokens).where(eq(loginTokens.email, "many@example.org"))).toHaveLength(1);
    expect((await useToken(new Client(ctx), others)).status).toBe(303);
  });

  it("returns to a local `next` page after sign-in but never to another site", async () => {
    const c = new Client(ctx);
    const local = await requestToken(c, "next@example.org", "en", { next: "/en/register-organisation" });
    expect((await useToken(c, local)).headers.get("location")).toBe("/en/register-organisation");
    for (const next of ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"]) {
      const other = new Client(ctx);
      const token = await requestToken(other, `n${ctx.clock.now().getTime()}@example.org`, "en", { next });
      ctx.clock.advance(1000);
      expect((await useToken(other, token)).headers.get("location")).toBe("/en/my");
    }
  });
});

describe("sessions", () => {
  it("sets an HttpOnly, SameSite=Lax cookie that is not Secure outside production, and stores only its hash", async () => {
    const c = new Client(ctx);
    const token = await requestToken(c, "cookie@example.org");
    const res = await useToken(c, token);
    const line = sessionCookieOf(res)!;
    expect(line).toBeDefined();
    expect(line).toMatch(/; HttpOnly/i);
    expect(line).toMatch(/; SameSite=Lax/i);
    expect(line).toMatch(/; Path=\//i);
    expect(line).not.toMatch(/Secure/i);
    expect(line).not.toMatch(/Domain=/i);
    const value = c.cookies.get("vn_session")!;
    expect(value.length).toBeGreaterThanOrEqual(22);
    const rows = await ctx.db.select().from(sessions);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.idHash).toBe(sha256(value));
    expect(JSON.stringify(rows)).not.toContain(value);
  });

  it("issues a new session id at every sign-in and ends the old session", async () => {
    const c = new Client(ctx);
    expect((await useToken(c, await requestToken(c, "twice@example.org"))).status).toBe(303);
    const first = c.cookies.get("vn_session")!;
    expect((await c.get("/en/my")).status).toBe(200);

    ctx.clock.advance(MINUTE);
    const again = await useToken(c, await requestToken(c, "twice@example.org"));
    expect(again.status).toBe(303);
    const second = c.cookies.get("vn_session")!;
    expect(second).toBeTruthy();
    expect(second).not.toBe(first);
    expect((await c.get("/en/my")).status).toBe(200);

    const old = new Client(ctx);
    old.cookies.set("vn_session", first);
    const res = await old.get("/en/my");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/en/sign-in?next=%2Fen%2Fmy");
    const rows = await ctx.db.select().from(sessions);
    expect(rows.find((r) => r.idHash === sha256(first))!.endedAt).not.toBeNull();
    expect(rows.find((r) => r.idHash === sha256(second))!.endedAt).toBeNull();
  });

  it("replaces a session cookie planted before sign-in (session fixation)", async () => {
    const { client: victim } = await signedIn(ctx, "planted@example.org");
    const planted = victim.cookies.get("vn_session")!;
    const token = await requestToken(victim, "someone-else@example.org");
    await useToken(victim, token);
    expect(victim.cookies.get("vn_session")).not.toBe(planted);
    const attacker = new Client(ctx);
    attacker.cookies.set("vn_session", planted);
    expect((await attacker.get("/en/my")).status).toBe(303);
  });

  it("signing out (POST) ends the session on the server, not just in the browser", async () => {
    const { client } = await signedIn(ctx, "bye@example.org");
    const value = client.cookies.get("vn_session")!;
    expect((await client.get("/nl/mijn")).status).toBe(200);
    const res = await client.post("/nl/uitloggen");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/nl");
    const cleared = sessionCookieOf(res);
    expect(cleared).toMatch(/Max-Age=0/i);
    expect(client.cookies.has("vn_session")).toBe(false);

    const reuse = new Client(ctx);
    reuse.cookies.set("vn_session", value);
    const page = await reuse.get("/nl/mijn");
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toBe("/nl/inloggen?next=%2Fnl%2Fmijn");
    const [row] = await ctx.db.select().from(sessions);
    expect(row!.endedAt).not.toBeNull();
  });

  it("ends a staff session after 60 idle minutes", async () => {
    const { client } = await signedIn(ctx, "staff@example.org", { staffRole: "staff" });
    ctx.clock.advance(59 * MINUTE);
    expect((await client.get("/nl/kantoor")).status).toBe(200);
    // Idle time counts from the last request, not from sign-in.
    ctx.clock.advance(59 * MINUTE);
    expect((await client.get("/nl/kantoor")).status).toBe(200);
    const value = client.cookies.get("vn_session")!;
    ctx.clock.advance(61 * MINUTE);
    const res = await client.get("/nl/kantoor");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/nl/inloggen?next=%2Fnl%2Fkantoor");
    // The cookie is dropped and the session stays ended even if the clock were turned back.
    expect(client.cookies.has("vn_session")).toBe(false);
    ctx.clock.advance(-61 * MINUTE);
    const back = new Client(ctx);
    back.cookies.set("vn_session", value);
    expect((await back.get("/nl/kantoor")).status).toBe(303);
  });

  it("keeps a board member's session for 61 idle minutes but not for 721", async () => {
    const { client } = await signedIn(ctx, "board@example.org");
    const { client: other } = await signedIn(ctx, "board2@example.org");
    ctx.clock.advance(61 * MINUTE);
    expect((await client.get("/en/my")).status).toBe(200);
    // 660 idle minutes since the last request: still fine.
    ctx.clock.advance(660 * MINUTE);
    expect((await client.get("/en/my")).status).toBe(200);
    // `other` has now been idle for 721 minutes.
    const res = await other.get("/en/my");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/en/sign-in?next=%2Fen%2Fmy");
    ctx.clock.advance(721 * MINUTE);
    expect((await client.get("/en/my")).status).toBe(303);
  });

  it("ends a board member's session 7 days after sign-in, however active", async () => {
    const { client } = await signedIn(ctx, "busy@example.org");
    // A request every 11 hours keeps the idle timeout (12 hours) from ending it ...
    for (let h = 11; h < 7 * 24; h += 11) {
      ctx.clock.advance(11 * HOUR);
      expect((await client.get("/en/my")).status, `after ${h} hours`).toBe(200);
    }
    // ... but not past the absolute lifetime.
    ctx.clock.set(new Date(new Date("2026-11-23T10:00:00Z").getTime() + 7 * DAY + MINUTE));
    const res = await client.get("/en/my");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/en/sign-in?next=%2Fen%2Fmy");
    const [row] = await ctx.db.select().from(sessions);
    expect(row!.endedAt).not.toBeNull();
  });

  it("ends an office session 12 hours after sign-in, however active", async () => {
    const { client } = await signedIn(ctx, "office@example.org", { staffRole: "staff" });
    for (let i = 0; i < 14; i++) {
      ctx.clock.advance(50 * MINUTE);
      expect((await client.get("/en/office")).status).toBe(200);
    }
    // 700 minutes in; 721 is past 12 hours, although the last request was 21 minutes ago.
    ctx.clock.advance(21 * MINUTE);
    expect((await client.get("/en/office")).status).toBe(303);
  });

  it("ends every session of a person with endSessions, except the one asked to keep", async () => {
    const { client: a1, user } = await signedIn(ctx, "multi@example.org");
    const a2 = new Client(ctx);
    const keep = await createSession(ctx.db, user.id, ctx.clock.now());
    a2.cookies.set("vn_session", keep);
    const { client: b } = await signedIn(ctx, "bystander@example.org");
    const a3 = new Client(ctx);
    a3.cookies.set("vn_session", await createSession(ctx.db, user.id, ctx.clock.now()));
    expect(await endSessions(ctx.db, user.id, { except: sha256(keep), now: ctx.clock.now() })).toBe(2);
    expect((await a1.get("/en/my")).status).toBe(303);
    expect((await a3.get("/en/my")).status).toBe(303);
    expect((await a2.get("/en/my")).status).toBe(200);
    expect((await b.get("/en/my")).status).toBe(200);
    expect(await endSessions(ctx.db, user.id)).toBe(1);
    expect((await a2.get("/en/my")).status).toBe(303);
  });

  it("stores a coarse device hint from the User-Agent, not the User-Agent itself", async () => {
    const ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";
    const c = new Client(ctx);
    const token = await requestToken(c, "device@example.org");
    expect((await c.post("/en/sign-in/link", { token }, { headers: { "user-agent": ua } })).status).toBe(303);
    const [row] = await ctx.db.select().from(sessions);
    expect(row!.device).toBe("Firefox · Windows");
    expect(JSON.stringify(row)).not.toContain("Gecko");
    expect(
      deviceHint("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1"),
    ).toBe("Safari · iOS");
    expect(
      deviceHint(
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0",
      ),
    ).toBe("Edge · macOS");
    expect(deviceHint("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36")).toBe("Chrome · Android");
    expect(deviceHint("curl/8.0")).toBeNull();
    expect(deviceHint(undefined)).toBeNull();
  });

  it("reads the sessions of requests that arrive together in fewer statements, each answered with its own", async () => {
    const people = await Promise.all(
      ["one", "two", "three", "four", "five", "six"].map(async (n) => {
        const { user } = await signedIn(ctx, `batch-${n}@example.org`);
        return { user, token: await createSession(ctx.db, user.id, ctx.clock.now()) };
      }),
    );
    const ended = people[5]!;
    await endSessions(ctx.db, ended.user.id);
    const counted = await countingDb(ctx.db);
    const tokens = [...people.map((p) => p.token), "made-up-value-made-up-value-made-up-value", people[0]!.token];
    const answers = await Promise.all(tokens.map((t) => loadSession(counted.db, ctx.deps.env, t, ctx.clock.now())));
    expect(counted.queries()).toBeGreaterThan(0);
    expect(counted.queries()).toBeLessThan(8);
    expect(answers.map((a) => a?.user.email ?? null)).toEqual([
      ...people.slice(0, 5).map((p) => p.user.email),
      null, // ended
      null, // unknown
      people[0]!.user.email,
    ]);
    expect(answers[1]!.idHash).toBe(sha256(people[1]!.token));
  });

  it("treats an unknown session cookie as signed out and clears it", async () => {
    const c = new Client(ctx);
    c.cookies.set("vn_session", "made-up-value-made-up-value-made-up-value");
    const res = await c.get("/en/my");
    expect(res.status).toBe(303);
    expect(sessionCookieOf(res)).toMatch(/Max-Age=0/i);
    expect(c.cookies.has("vn_session")).toBe(false);
  });

  it("redirects a signed-in visitor away from the sign-in page", async () => {
    const { client } = await signedIn(ctx, "here@example.org");
    const res = await client.get("/en/sign-in");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/en/my");
  });
});
