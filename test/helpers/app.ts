import { eq } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeEach } from "vitest";
import { createApp } from "../../src/app.js";
import { catalogs } from "../../src/catalogs.js";
import { TestClock } from "../../src/core/clock.js";
import { hmac } from "../../src/core/crypto.js";
import { type ErrorKey, errorText } from "../../src/core/forms.js";
import type { Deps } from "../../src/core/http/context.js";
import type { Lang } from "../../src/core/i18n/index.js";
import { outbox } from "../../src/core/mail/schema.js";
import { createLimiter, type RateLimiter } from "../../src/core/ratelimit/limiter.js";
import { loadEnv } from "../../src/env.js";
import { users } from "../../src/features/auth/schema.js";
import { createSession } from "../../src/features/auth/service.js";
import { testDatabase } from "./db.js";

export const BASE = "http://localhost:3000";

/**
 * One app and database per test file (PGlite costs ~2 s to start), emptied before every test.
 * Call at the top level of a test file.
 */
export function setupApp(envOverrides: Record<string, string> = {}) {
  const ctx = {} as {
    deps: Deps;
    app: ReturnType<typeof createApp>;
    clock: TestClock;
    limiter: RateLimiter;
    db: Deps["db"];
    logs: string[];
  };
  let database: Awaited<ReturnType<typeof testDatabase>> | undefined;
  const ready = (async () => {
    database = await testDatabase();
    const env = loadEnv({ NODE_ENV: "test", BASE_URL: BASE, LOG_LEVEL: "info", ...envOverrides });
    const logs: string[] = [];
    const log = pino({ level: "info" }, { write: (line: string) => logs.push(line) });
    const clock = new TestClock(new Date("2026-11-23T10:00:00Z"));
    const limiter = createLimiter(database, { clock, secret: env.SESSION_SECRET });
    const deps: Deps = { db: database.db, env, clock, log, limiter, catalogs };
    Object.assign(ctx, { deps, app: createApp(deps), clock, limiter, db: database.db, logs });
  })();
  beforeEach(async () => {
    await ready;
    await database!.reset();
    ctx.clock.set("2026-11-23T10:00:00Z");
    await ctx.limiter.reset();
    ctx.logs.length = 0;
  }, 90_000);
  afterAll(async () => {
    await database?.close();
  });
  return ctx;
}

export type TestCtx = ReturnType<typeof setupApp>;

/** A browser-like client: keeps cookies, sends Origin on POST and the CSRF token a page would hold. */
export class Client {
  cookies = new Map<string, string>();
  constructor(private ctx: TestCtx) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private remember(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const i = pair.indexOf("=");
      const name = pair.slice(0, i);
      const value = pair.slice(i + 1);
      if (!value || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(path: string, init: RequestInit = {}) {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("cookie", this.cookieHeader());
    const res = await this.ctx.app.request(path, { ...init, headers, redirect: "manual" });
    this.remember(res);
    return res;
  }

  get(path: string, headers: Record<string, string> = {}) {
    return this.request(path, { headers });
  }

  /** The CSRF token for this client's cookie, as a page would render it (GETs a page first if needed). */
  async csrfToken() {
    if (!this.cookies.has("vn_csrf")) await this.get("/nl");
    return hmac(this.ctx.deps.env.SESSION_SECRET, `csrf:${this.cookies.get("vn_csrf")}`);
  }

  async post(path: string, form: Record<string, string> = {}, opts: { csrf?: boolean; headers?: Record<string, string> } = {}) {
    const body = new URLSearchParams(form);
    if (opts.csrf !== false) body.set("_csrf", await this.csrfToken());
    return this.request(path, {
      method: "POST",
      body,
      headers: { "content-type": "application/x-www-form-urlencoded", origin: BASE, ...opts.headers },
    });
  }
}

/** Creates (or finds) a user and returns a client signed in as them, without going through mail. */
export async function signedIn(ctx: TestCtx, email: string, opts: { staffRole?: "staff" | "admin"; name?: string } = {}) {
  const [u] = await ctx.db
    .insert(users)
    .values({ email, name: opts.name ?? null, staffRole: opts.staffRole ?? null })
    .onConflictDoUpdate({ target: users.email, set: { staffRole: opts.staffRole ?? null } })
    .returning();
  const client = new Client(ctx);
  client.cookies.set("vn_session", await createSession(ctx.db, u!.id, ctx.clock.now()));
  return { client, user: u! };
}

/** Mails in the outbox to an address, newest first. */
export async function mailsTo(ctx: TestCtx, to: string) {
  const rows = await ctx.db.select().from(outbox).where(eq(outbox.to, to));
  return rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}

/** The first link in a mail's text that starts with BASE. */
export function linkIn(text: string) {
  const m = text.match(/https?:\/\/\S+/);
  if (!m) throw new Error(`no link in mail: ${text}`);
  return m[0].replace(BASE, "");
}

/** Undoes the HTML escaping of rendered text and attribute values. */
export const decodeHtml = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

/** The error message shown next to a form field (decoded), or undefined. */
export const fieldError = (html: string, field: string) => {
  const raw = html.match(new RegExp(`id="f-${field}-error"[^>]*>(?:<span[^>]*>[^<]*</span>)?\\s*([^<]+)<`))?.[1]?.trim();
  return raw === undefined ? undefined : decodeHtml(raw);
};

/** A form error a test expects: a catalog key, or a key with the limit its text names ("At most {max} characters."). */
export type ExpectedError = ErrorKey | [ErrorKey, { min?: number; max?: number }];

/** The text a page shows for an expected form error, in `lang`. */
export const errorMessage = (lang: Lang, e: ExpectedError) =>
  typeof e === "string" ? errorText(catalogs[lang], e) : errorText(catalogs[lang], e[0], e[1]);
