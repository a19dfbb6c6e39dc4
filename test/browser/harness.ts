import { existsSync, mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { AxeBuilder } from "@axe-core/playwright";
import { serve } from "@hono/node-server";
import { desc, eq } from "drizzle-orm";
import type { Hono } from "hono";
import type { BrowserContext, Page } from "playwright-core";
import { describe, it } from "vitest";
import { catalogs } from "../../src/catalogs.js";
import { CHROMIUM_PATH, launchBrowser } from "./chromium.js";

export { CHROMIUM_PATH, launchBrowser };

import { createApp } from "../../src/app.js";
import { TestClock } from "../../src/core/clock.js";
import type { Deps } from "../../src/core/http/context.js";
import { createLogger } from "../../src/core/http/logging.js";
import { outbox } from "../../src/core/mail/schema.js";
import { MemoryRateLimiter } from "../../src/core/ratelimit/limiter.js";
import { openDatabase } from "../../src/db/index.js";
import { seedDemoIfEmpty } from "../../src/demo/seed.js";
import { loadEnv } from "../../src/env.js";
import { users } from "../../src/features/auth/schema.js";
import { createSession } from "../../src/features/auth/service.js";

export const chromiumAvailable = existsSync(CHROMIUM_PATH);
const MISSING = `Chromium not found at ${CHROMIUM_PATH}; browser tests skipped. Install with apt-get install chromium or set CHROMIUM_PATH`;

/**
 * `describe` for browser tests. Without Chromium the suite is skipped with a message, except on CI
 * (CI=true), where a missing browser must fail the run instead of silently passing.
 */
export function describeBrowser(name: string, fn: () => void) {
  if (chromiumAvailable) return describe(name, fn);
  if (process.env.CI === "true") {
    return describe(name, () => {
      it("has Chromium to run in", () => {
        throw new Error(`Chromium not found at ${CHROMIUM_PATH} and CI=true: browser tests cannot be skipped on CI.`);
      });
    });
  }
  console.warn(MISSING);
  return describe.skip(name, fn);
}

export const TODAY = "2026-11-23T10:00:00Z";

/**
 * The real app over HTTP on 127.0.0.1 (random free port), on in-memory PGlite filled with the demo
 * content. `gates` replace the app's own (`Deps.gates`: a search gate that is always full).
 */
export async function startApp(opts: { gates?: Deps["gates"] } = {}) {
  const database = await openDatabase({ dataDir: "memory://" });
  await database.migrate();
  const clock = new TestClock(new Date(TODAY));
  let app: Hono | undefined;
  const server = serve({
    // The app needs BASE_URL (the CSRF Origin check), which needs the port: built once listening.
    fetch: (req: Request, env: unknown) => (app ? app.fetch(req, env as never) : new Response("starting", { status: 503 })),
    port: 0,
    hostname: "127.0.0.1",
  });
  await new Promise<void>((resolve, reject) => {
    if (server.listening) resolve();
    else server.once("listening", () => resolve()).once("error", reject);
  });
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  const env = loadEnv({
    NODE_ENV: "test",
    BASE_URL: base,
    LOG_LEVEL: "silent",
    SIGNIN_LIMIT_PER_IP: "1000",
    SIGNIN_LIMIT_PER_ADDRESS: "100",
  });
  await seedDemoIfEmpty(database.db, env, clock.now());
  const deps: Deps = {
    db: database.db,
    env,
    clock,
    log: createLogger(env),
    limiter: new MemoryRateLimiter(clock),
    catalogs,
    gates: opts.gates,
  };
  app = createApp(deps) as unknown as Hono;
  return {
    base,
    db: database.db,
    deps,
    clock,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await database.close();
    },
  };
}

export type AppHandle = Awaited<ReturnType<typeof startApp>>;

/** Signs a browser context in as an existing user (by email) with a session cookie, as the link would. */
export async function signInAs(handle: AppHandle, context: BrowserContext, email: string) {
  const [u] = await handle.db.select().from(users).where(eq(users.email, email));
  if (!u) throw new Error(`no user ${email}`);
  await context.clearCookies({ name: "vn_session" });
  const token = await createSession(handle.db, u.id, handle.clock.now());
  await context.addCookies([{ name: "vn_session", value: token, url: handle.base, httpOnly: true, sameSite: "Lax" }]);
  return u;
}

/** The newest mail to an address, from the outbox table. */
export async function latestMailTo(handle: AppHandle, to: string) {
  const [mail] = await handle.db.select().from(outbox).where(eq(outbox.to, to)).orderBy(desc(outbox.createdAt)).limit(1);
  if (!mail) throw new Error(`no mail to ${to}`);
  return mail;
}

/** The first link in a mail's text. */
export function linkIn(text: string) {
  const m = text.match(/https?:\/\/\S+/);
  if (!m) throw new Error(`no link in mail: ${text}`);
  return m[0];
}

export const A11Y_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

export type A11yFinding = { page: string; id: string; impact: string; help: string; targets: string[] };

/** Runs axe on the page; returns its violations, one entry per rule, with every failing target. */
export async function axeViolations(page: Page, label: string): Promise<A11yFinding[]> {
  // Legacy mode runs axe.run() in the page itself instead of finishing in a fresh blank page: about
  // three times faster, and the portal's pages have no cross-origin frames that would need the other mode.
  const results = await new AxeBuilder({ page })
    .withTags(A11Y_TAGS)
    .options({ resultTypes: ["violations"] })
    .setLegacyMode(true)
    .analyze();
  return results.violations.map((v) => ({
    page: label,
    id: v.id,
    impact: v.impact ?? "unknown",
    help: v.help,
    targets: v.nodes.map((n) => n.target.map(String).join(" ")),
  }));
}

export function formatFindings(findings: A11yFinding[]) {
  return findings
    .map((f) => `  [${f.impact}] ${f.id} on ${f.page}: ${f.help}\n${f.targets.map((t) => `      at ${t}`).join("\n")}`)
    .join("\n");
}

export const SCREENSHOT_DIR = fileURLToPath(new URL("../../test-results/screenshots/", import.meta.url));

export async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}
