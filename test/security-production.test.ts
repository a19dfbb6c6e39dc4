import { describe, expect, it } from "vitest";
import { MINUTE } from "../src/core/clock.js";
import { hmac } from "../src/core/crypto.js";
import { outbox } from "../src/core/mail/schema.js";
import { sessions } from "../src/features/auth/schema.js";
import { Client, mailsTo, setupApp } from "./helpers/app.js";

const ORIGIN = "https://vangnet.example.org";
const ctx = setupApp({ NODE_ENV: "production", BASE_URL: ORIGIN, SESSION_SECRET: "x".repeat(40), CONTACT_KEYS: `k1:${"B".repeat(43)}=` });

/** A browser POST in production: the __Host- CSRF cookie's token and the production origin. */
async function post(c: Client, path: string, form: Record<string, string> = {}, origin = ORIGIN) {
  if (!c.cookies.has("__Host-vn_csrf")) await c.get("/nl");
  const secret = c.cookies.get("__Host-vn_csrf");
  expect(secret).toBeTruthy();
  const body = new URLSearchParams({ ...form, _csrf: hmac(ctx.deps.env.SESSION_SECRET, `csrf:${secret}`) });
  return c.request(path, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded", origin } });
}

async function signIn(c: Client, email: string) {
  expect((await post(c, "/en/sign-in", { email })).status).toBe(303);
  const [mail] = await mailsTo(ctx, email);
  const link = mail!.text.match(/https:\/\/\S+/)![0];
  expect(link.startsWith(`${ORIGIN}/en/sign-in/link?token=`)).toBe(true);
  const token = new URL(link).searchParams.get("token")!;
  return post(c, "/en/sign-in/link", { token });
}

const cookieLine = (res: Response, name: string) => res.headers.getSetCookie().find((l) => l.startsWith(`${name}=`));

describe("production mode", () => {
  it("uses a __Host- session cookie that is Secure, HttpOnly, SameSite=Lax, Path=/ and has no Domain", async () => {
    const c = new Client(ctx);
    const res = await signIn(c, "prod@example.org");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/en/my");
    const line = cookieLine(res, "__Host-vn_session");
    expect(line).toBeDefined();
    expect(line).toMatch(/; Secure/i);
    expect(line).toMatch(/; HttpOnly/i);
    expect(line).toMatch(/; SameSite=Lax/i);
    expect(line).toMatch(/; Path=\/(;|$)/i);
    expect(line).not.toMatch(/Domain=/i);
    expect(cookieLine(res, "vn_session")).toBeUndefined();
    expect((await c.get("/en/my")).status).toBe(200);
  });

  it("uses a __Host- CSRF cookie that is Secure", async () => {
    const res = await new Client(ctx).get("/nl");
    const line = cookieLine(res, "__Host-vn_csrf");
    expect(line).toMatch(/; Secure/i);
    expect(line).toMatch(/; HttpOnly/i);
    expect(line).toMatch(/; Path=\//i);
    expect(cookieLine(res, "vn_csrf")).toBeUndefined();
  });

  it("sends HSTS on every page, errors included", async () => {
    const c = new Client(ctx);
    for (const path of ["/nl", "/en/sign-in", "/nl/bestaat-niet"]) {
      const res = await c.get(path);
      expect(res.headers.get("strict-transport-security"), path).toBe("max-age=31536000; includeSubDomains");
    }
  });

  it("ignores a session cookie without the __Host- prefix (it could come from a sibling domain)", async () => {
    const c = new Client(ctx);
    await signIn(c, "prefix@example.org");
    const value = c.cookies.get("__Host-vn_session")!;
    const planted = new Client(ctx);
    planted.cookies.set("vn_session", value);
    const res = await planted.get("/en/my");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/en/sign-in?next=%2Fen%2Fmy");
  });

  it("signs out on the server and clears the __Host- cookie", async () => {
    const c = new Client(ctx);
    await signIn(c, "out@example.org");
    const value = c.cookies.get("__Host-vn_session")!;
    ctx.clock.advance(MINUTE);
    const res = await post(c, "/nl/uitloggen");
    expect(res.status).toBe(303);
    const line = cookieLine(res, "__Host-vn_session");
    expect(line).toMatch(/Max-Age=0/i);
    expect(line).toMatch(/; Secure/i);
    const reuse = new Client(ctx);
    reuse.cookies.set("__Host-vn_session", value);
    expect((await reuse.get("/nl/mijn")).status).toBe(303);
    const [row] = await ctx.db.select().from(sessions);
    expect(row!.endedAt).not.toBeNull();
  });

  it("accepts only the production origin on POST", async () => {
    const c = new Client(ctx);
    for (const origin of ["http://localhost:3000", "http://vangnet.example.org", "https://evil.example"]) {
      expect((await post(c, "/en/sign-in", { email: "o@example.org" }, origin)).status, origin).toBe(403);
    }
    expect(await ctx.db.select().from(outbox)).toHaveLength(0);
    expect((await post(c, "/en/sign-in", { email: "o@example.org" })).status).toBe(303);
  });

  it("does not mount the development mailbox or demo sign-in", async () => {
    const c = new Client(ctx);
    await post(c, "/en/sign-in", { email: "dev@example.org" });
    for (const path of ["/nl/dev/mail", "/en/dev/mail", "/nl/dev/inloggen", "/en/dev/sign-in"]) {
      const res = await c.get(path);
      expect(res.status, path).toBe(404);
      expect(await res.text()).not.toContain("dev@example.org");
    }
    expect((await post(c, "/en/dev/sign-in", {})).status).toBe(404);
  });
});
