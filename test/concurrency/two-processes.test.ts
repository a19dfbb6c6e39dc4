/**
 * Two real portal processes (`src/main.ts`, as `npm start` runs it) on one PostgreSQL database:
 * what must hold across processes does (rate limits, cache invalidation, scheduled jobs, sessions).
 * PostgreSQL only (test/concurrency runs in the postgres project).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { and, eq, sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hmac } from "../../src/core/crypto.js";
import { jobs } from "../../src/core/jobs/schema.js";
import { type Database, openDatabase } from "../../src/db/index.js";
import { seedRoadmap } from "../../src/demo/seed.js";
import { users } from "../../src/features/auth/schema.js";
import { createSession } from "../../src/features/auth/service.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SECRET = "two-processes-test-secret-0123456789abcdef";
const LIMIT = 6;

const admin = process.env.TEST_DATABASE_URL;
const dbName = `vangnet_test_${randomBytes(6).toString("hex")}`;
let database: Database;
let databaseUrl = "";
const procs: { child: ChildProcess; base: string; output: string[] }[] = [];
let base = "";

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

async function startPortal(port: number) {
  const output: string[] = [];
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "test",
      PORT: String(port),
      HOST: "127.0.0.1",
      BASE_URL: base,
      DATABASE_URL: databaseUrl,
      SESSION_SECRET: SECRET,
      DEMO_CONTENT: "never",
      LOG_LEVEL: "warn",
      JOBS_POLL_MS: "100",
      SIGNIN_LIMIT_PER_ADDRESS: String(LIMIT),
      SIGNIN_LIMIT_PER_IP: "1000",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d) => output.push(String(d)));
  child.stderr?.on("data", (d) => output.push(String(d)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`portal on ${port} exited: ${output.join("")}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`portal on ${port} did not start: ${output.join("")}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  procs.push({ child, base: url, output });
  return url;
}

/** A cookie jar per process, as two browser tabs on two backends would have. */
class Jar {
  cookies = new Map<string, string>();
  constructor(readonly url: string) {}
  async fetch(p: string, init: RequestInit = {}) {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    const res = await fetch(this.url + p, { ...init, headers, redirect: "manual" });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const i = pair.indexOf("=");
      this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return res;
  }
  async post(p: string, form: Record<string, string>) {
    if (!this.cookies.has("vn_csrf")) await this.fetch("/en/sign-in");
    const body = new URLSearchParams({ ...form, _csrf: hmac(SECRET, `csrf:${this.cookies.get("vn_csrf")}`) });
    return this.fetch(p, {
      method: "POST",
      body,
      headers: { "content-type": "application/x-www-form-urlencoded", origin: new URL(base).origin },
    });
  }
}

beforeAll(async () => {
  if (!admin) throw new Error("needs TEST_DATABASE_URL");
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`create database ${dbName}`);
  await c.end();
  const u = new URL(admin);
  u.pathname = `/${dbName}`;
  databaseUrl = u.toString();
  database = await openDatabase({ databaseUrl });
  await database.migrate();
  await seedRoadmap(database.db, new Date(), { TIME_ZONE: "Europe/Amsterdam" });
  const [portA, portB] = [await freePort(), await freePort()];
  base = `http://localhost:${portA}`;
  await Promise.all([startPortal(portA), startPortal(portB)]);
}, 90_000);

afterAll(async () => {
  await Promise.all(
    procs.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once("exit", () => resolve());
          child.kill("SIGTERM");
          setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
        }),
    ),
  );
  await database?.close();
  if (admin) {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`drop database if exists ${dbName} with (force)`);
    await c.end();
  }
}, 30_000);

describe("two portal processes on one PostgreSQL database", () => {
  it("a session created on one process works on the other", async () => {
    const [u] = await database.db.insert(users).values({ email: "staff@example.org", staffRole: "staff" }).returning();
    const token = await createSession(database.db, u!.id, new Date());
    for (const { base: url } of procs) {
      const jar = new Jar(url);
      jar.cookies.set("vn_session", token);
      const res = await jar.fetch("/en/office");
      expect(res.status, url).toBe(200);
    }
    // Signing out through one process ends the session for the other too.
    const a = new Jar(procs[0]!.base);
    a.cookies.set("vn_session", token);
    expect((await a.post("/en/sign-out", {})).status).toBe(303);
    const b = new Jar(procs[1]!.base);
    b.cookies.set("vn_session", token);
    expect((await b.fetch("/en/office")).status).toBe(303);
  });

  it("a sign-in flood spread over both processes meets one shared limit", async () => {
    const jars = procs.map(({ base: url }) => new Jar(url));
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT * 3; i++) {
      const res = await jars[i % 2]!.post("/en/sign-in", { email: "flood@example.org" });
      statuses.push(res.status);
    }
    const passed = statuses.filter((s) => s !== 429).length;
    expect(passed).toBe(LIMIT);
    // Both processes refuse once the shared budget is spent.
    expect(statuses.slice(-2)).toEqual([429, 429]);
  });

  it("an edit through one process is served by the other within about a second", async () => {
    const topicPath = "/en/roadmap/topic/money";
    const other = procs[1]!.base;
    // Warm the other process's page cache.
    await fetch(other + topicPath);
    const warm = await fetch(other + topicPath);
    expect(warm.headers.get("x-cache")).toBe("hit");
    const before = await warm.text();
    const marker = `Money matters ${randomBytes(3).toString("hex")}`;
    expect(before).not.toContain(marker);

    const [u] = await database.db.insert(users).values({ email: "editor@example.org", staffRole: "staff" }).returning();
    const editor = new Jar(procs[0]!.base);
    editor.cookies.set("vn_session", await createSession(database.db, u!.id, new Date()));
    const topic = (await database.db.execute(
      sql`select id, slug, name, description, icon, color, sort, urgent, status from roadmap_topics where slug = 'money'`,
    )) as unknown as {
      rows: {
        id: string;
        slug: string;
        name: { nl: string; en: string };
        description: { nl: string; en: string };
        icon: string;
        color: string;
        sort: number;
        urgent: boolean;
        status: string;
      }[];
    };
    const t = topic.rows[0]!;
    await editor.fetch("/en/office");
    const saved = await editor.post(`/en/office/roadmap/topics/${t.id}`, {
      slug: t.slug,
      name_nl: t.name.nl,
      name_en: marker,
      description_nl: t.description.nl,
      description_en: t.description.en,
      icon: t.icon,
      color: t.color,
      sort: String(t.sort),
      ...(t.urgent ? { urgent: "on" } : {}),
      status: t.status,
    });
    expect(saved.status).toBe(303);
    const editedAt = Date.now();
    let seenAfter = Number.POSITIVE_INFINITY;
    while (Date.now() - editedAt < 5_000) {
      if ((await (await fetch(other + topicPath)).text()).includes(marker)) {
        seenAfter = Date.now() - editedAt;
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(seenAfter).toBeLessThan(2_000);
  });

  it("a scheduled job runs once, not once per process", async () => {
    const count = async (status: "done" | "queued") =>
      (
        await database.db
          .select({ n: sql<number>`count(*)::int` })
          .from(jobs)
          .where(and(eq(jobs.name, "retention.cleanup"), eq(jobs.status, status)))
      )[0]!.n;
    // Both workers poll every 100 ms once they have started (a moment after listening).
    const deadline = Date.now() + 15_000;
    while ((await count("done")) < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    // Many more ticks of both workers: the schedule's run is neither repeated nor doubled.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await count("done")).toBe(1);
    expect(await count("queued")).toBe(1);
  });
});
