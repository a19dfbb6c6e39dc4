/**
 * `npm run bench`: throughput and latency of the portal against a bare Hono baseline, measured in
 * one run on this machine, for embedded PGlite and for PostgreSQL; the cold start on an existing
 * PGlite data directory; and search latency on a roadmap with 5,000 generated resources (in-process
 * and over HTTP). See bench/README.md. Numbers are informative, never asserted: a MISS against a
 * target is reported, it never makes the run fail.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { count, sql } from "drizzle-orm";
import pg from "pg";
import type { Lang } from "../src/core/i18n/index.js";
import { openDatabase } from "../src/db/index.js";
import { DEMO_TOPICS } from "../src/demo/roadmap.js";
import { DEMO_ACCOUNTS, seedRoadmap } from "../src/demo/seed.js";
import { envSchema } from "../src/env.js";
import { MODEL_GUIDANCE } from "../src/features/listener-guidance/model.js";
import { resources } from "../src/features/roadmap/schema.js";
import { url } from "../src/routes.js";
import { generateRoadmap } from "./generate-roadmap.js";
import { benchMailing, type MailingResult, mailingTable } from "./mailing.js";
import { evaluateRelevance, type RelevanceReport, relevanceTable } from "./relevance.js";
import {
  explainSearches,
  type PlanSummary,
  SEARCH_QUERIES,
  SEARCH_TARGET_P95_MS,
  type SearchTiming,
  type Stats,
  stats,
  timeSearches,
} from "./search.js";
import {
  BENCH_SECRET,
  freshenSessions,
  generateRegistrations,
  LIST_ORGS,
  LIST_REGISTRATIONS,
  type ListTiming,
  ordinaryUse,
  prepareRush,
  RUSH_CAP,
  RUSH_ORGS,
  RUSH_RUNS,
  RUSH_TARGET,
  RUSH_WINDOW_MS,
  type RushResult,
  rush,
  rushCounts,
  timeLists,
  USE_REGISTRATIONS,
  type UseResult,
} from "./trainings.js";

// ---------- settings ----------

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS = path.join(ROOT, "bench", "results", "latest.json");
const CONNECTIONS = 32;
const WARMUP_S = 2;
const DURATION_S = 8;
/**
 * Targets with a goal are measured in pairs (baseline, then target, each PAIR_S seconds) this many
 * times, after a warm-up of GOAL_WARMUP_S.
 */
const PAIRS = 5;
const PAIR_S = 1;
const GOAL_WARMUP_S = 1;
const COLD_STARTS = 3;
/** From the `npm start` command to the first answered page, on an existing PGlite data directory. */
const COLD_START_TARGET_MS = 2000;
/** Targets of the cached public pages (home, topic page, embed, peer listeners, guidance): against the baseline of the same run. */
const PAGE_TARGET: PageTarget = { minRatio: 0.5, maxP99Ms: 20 };
/** Everything else answered from memory (API documents, HSDS pages, PDF, QR image, static files). */
const CACHED_TARGET: PageTarget = { minRatio: 0.3 };
/** The topic page measured (anonymous, like a visitor from a search engine). */
const TOPIC_SLUG = "stress-anxiety";
/** The demo's listed listener of Kompas (the profile shows the first name) and its first guidance page. */
const LISTENER_NAME = DEMO_ACCOUNTS.keyFigure.name.split(" ")[0];
const GUIDANCE_PAGE = MODEL_GUIDANCE[0]!;
/** What Chromium sends: anonymous pages are requested the way a student's browser asks for them. */
const BROWSER = { "accept-encoding": "gzip, deflate, br, zstd" };
/** Search: generated resources on top of the demo roadmap, and how long to time. */
const SEARCH_RESOURCES = 5000;
const SEARCH_SEED = 1;
const SEARCH_MAX_ROUNDS = 5;
const SEARCH_BUDGET_MS = 12_000;
const SEARCH_WARMUP_BUDGET_MS = 5_000;
const HTTP_SEARCH_WARMUP_S = 2;
const HTTP_SEARCH_S = 6;
/** Search under load (issue 8): connections, and the targets per driver. */
const SEARCH_LOAD_CONNECTIONS = 32;
const SEARCH_LOAD_S = 6;
const SEARCH_LOAD_TARGET: Record<Driver, { minRatio?: number; maxP99Ms: number }> = {
  postgres: { minRatio: 0.05, maxP99Ms: 100 },
  pglite: { maxP99Ms: 250 },
};
const BOOT_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 5_000;
/** The whole run is stopped (and cleaned up) after this long, whatever happens. */
const RUN_TIMEOUT_MS = 25 * 60_000;
/** A PostgreSQL server on loopback; the bench creates (and drops) its own database there. */
const PG_ADMIN_URL = process.env.BENCH_PG_URL || "postgres://postgres@127.0.0.1:5432/test";
const DRIVERS = (process.env.BENCH_DRIVERS || "pglite,postgres").split(",").map((d) => d.trim());
const PARTS = (process.env.BENCH_PARTS || "pages,start,search").split(",").map((d) => d.trim());
/** Only the page targets whose name contains one of these (the baseline always runs), e.g. `home,API`. */
const TARGETS = (process.env.BENCH_TARGETS || "")
  .split(",")
  .map((d) => d.trim().toLowerCase())
  .filter(Boolean);
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

type Driver = "pglite" | "postgres";
type Verdict = "PASS" | "MISS";
type PageTarget = { minRatio: number; maxP99Ms?: number };
type Row = {
  target: string;
  path: string;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  /** X-Cache of a second anonymous probe: "hit" when the page cache serves it. */
  cache?: string;
  /** Bytes per response as sent (headers and body; compressed when the target asks like a browser). */
  bytesPerResponse?: number;
  /**
   * Targets with a goal: the target's req/s over the baseline's in back-to-back pairs (each
   * PAIR_S seconds), and their median, which the verdict uses (robust to a machine that drifts).
   */
  paired?: { ratios: number[]; median: number };
  ratioToBaseline: number;
  goal?: PageTarget;
  verdict?: Verdict;
};
type DriverResult = {
  driver: Driver;
  firstStartMs: number;
  rows: Row[];
  /** The baseline before and after the portal targets; a large drift means a busy or throttled machine. */
  baselineReqPerSec: { before: number; after: number; driftPct: number };
  coldStartMs?: number[];
  coldStartMedianMs?: number;
  coldStartVerdict?: Verdict;
};
type HttpSearch = Stats & {
  connections: number;
  seconds: number;
  reqPerSec: number;
  examplePath: string;
  targetP95Ms: number;
  verdict: Verdict;
};
/** The search page under load: 32 connections, every request a cache miss, against the bare Hono baseline of the same run. */
type SearchLoad = {
  places: "demo" | "generated";
  resources: number;
  connections: number;
  seconds: number;
  reqPerSec: number;
  baselineReqPerSec: number;
  ratioToBaseline: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers shed by the search's gate (503 with Retry-After), and any other non-2xx. */
  shed: number;
  otherNon2xx: number;
  target: string;
  verdict: Verdict;
};
type TrainingsResult = {
  driver: Driver;
  rush: RushResult;
  /** The bare Hono baseline's req/s (32 connections, 3 s) just before the rush, on the same machine. */
  rushBaselineReqPerSec?: number;
  lists: ListTiming & { organisations: number; registrations: number; generateMs: number };
  catalogue?: Row;
};
type SearchResult = {
  driver: Driver;
  load?: SearchLoad[];
  resources: { total: number; generated: number };
  setupMs: { migrateAndSeed: number; generate: number; vacuumAnalyze: number };
  inProcess: SearchTiming & { targetP95Ms: number; verdict: Verdict };
  /** test/fixtures/search-relevance.json on the demo roadmap alone (before the generated resources). */
  relevance: { byKind: RelevanceReport["byKind"]; overall: RelevanceReport["overall"]; failing: string[] };
  http?: HttpSearch;
  explain?: PlanSummary[];
};

// ---------- cleanup: children, temp dirs, databases ----------

type Child = { name: string; proc: ChildProcess; output: string[]; exited: Promise<void>; group: boolean };
const children = new Set<Child>();
const cleanups: { label: string; run: () => Promise<void> | void }[] = [];
let cleaning: Promise<void> | undefined;

/** Stops every child and runs every cleanup once; later calls wait for the same work. */
function cleanupAll(): Promise<void> {
  cleaning ??= (async () => {
    for (const child of [...children]) await stopChild(child);
    for (const c of cleanups.reverse()) {
      try {
        await c.run();
      } catch (err) {
        console.error(`cleanup failed (${c.label}): ${String(err)}`);
      }
    }
  })();
  return cleaning;
}

// Last resort when the process exits without the async cleanup having run.
process.on("exit", () => {
  for (const child of children) signal(child, "SIGKILL");
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    console.error(`\n${signal}: cleaning up`);
    void cleanupAll().finally(() => process.exit(130));
  });
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * The command `npm start` runs, through npm itself (`npm_execpath` when the bench runs under npm):
 * what a person types, so the start-up time includes npm's own.
 */
const NPM_START: string[] = process.env.npm_execpath?.endsWith(".js")
  ? [process.execPath, process.env.npm_execpath, "start"]
  : ["npm", "start"];

/**
 * A child process: a TypeScript file through tsx, or a command line (`npm start`), which runs in
 * its own process group so that stopping it stops npm's children too.
 */
function startChild(name: string, script: string | string[], env: NodeJS.ProcessEnv): Child {
  if (cleaning) throw new BenchError("interrupted");
  const group = Array.isArray(script);
  const [command, ...args] = group ? script : [process.execPath, "--import", "tsx", script];
  const proc = spawn(command!, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"], detached: group });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 100) output.shift();
  };
  proc.stdout?.on("data", keep);
  proc.stderr?.on("data", keep);
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  const child = { name, proc, output, exited, group };
  children.add(child);
  return child;
}

const hasExited = (child: Child) => child.proc.exitCode !== null || child.proc.signalCode !== null;

/** Signals a child, and for a command line its whole process group (npm, its shell, node). */
function signal(child: Child, sig: NodeJS.Signals) {
  try {
    if (child.group && child.proc.pid) process.kill(-child.proc.pid, sig);
    else child.proc.kill(sig);
  } catch {
    // already gone
  }
}

async function stopChild(child: Child) {
  if (!hasExited(child)) {
    signal(child, "SIGTERM");
    const stopped = await Promise.race([child.exited.then(() => true), sleep(STOP_TIMEOUT_MS).then(() => false)]);
    if (!stopped) {
      signal(child, "SIGKILL");
      await Promise.race([child.exited, sleep(STOP_TIMEOUT_MS)]);
    }
  }
  children.delete(child);
}

class BenchError extends Error {}

function fail(message: string, child?: Child): never {
  const tail = child ? `\n--- last output of ${child.name} ---\n${child.output.join("").slice(-4000)}` : "";
  throw new BenchError(`${message}${tail}`);
}

// ---------- helpers ----------

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error("no free port"))));
    });
  });
}

/** Polls `target` until it answers 200; returns ms since `since`. Bounded by BOOT_TIMEOUT_MS. */
async function waitFor200(target: string, child: Child, since: number, intervalMs: number): Promise<number> {
  const deadline = since + BOOT_TIMEOUT_MS;
  const attempts = Math.ceil(BOOT_TIMEOUT_MS / intervalMs) + 1;
  let last = "no answer";
  for (let i = 0; i < attempts && performance.now() < deadline; i++) {
    if (hasExited(child)) fail(`${child.name} exited (code ${child.proc.exitCode}) before ${target} answered`, child);
    try {
      const res = await fetch(target, { redirect: "manual", signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200) return performance.now() - since;
      last = `status ${res.status}`;
    } catch (err) {
      last = String((err as Error).cause ?? err);
    }
    await sleep(intervalMs);
  }
  fail(`${target} did not answer 200 within ${BOOT_TIMEOUT_MS} ms (${last})`, child);
}

/** The environment for a portal child: ours minus every portal setting, plus the bench's. */
function portalEnv(port: number, db: DbSpec, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(envSchema.shape)) delete env[key];
  return {
    ...env,
    NODE_ENV: "development", // demo content and the dev sign-in route exist only outside production
    LOG_LEVEL: "warn", // no per-request log line, so logging does not dominate
    JOBS_POLL_MS: "3600000",
    DEMO_CONTENT: "auto",
    HOST: "127.0.0.1",
    PORT: String(port),
    BASE_URL: `http://127.0.0.1:${port}`,
    ...("dataDir" in db ? { DATA_DIR: db.dataDir } : { DATABASE_URL: db.databaseUrl }),
    ...extra,
  };
}

type DbSpec = { dataDir: string } | { databaseUrl: string };

/** Where PostgreSQL's Unix socket lives (BENCH_PG_SOCKET; "off": connect over TCP as BENCH_PG_URL says). */
const PG_SOCKET_DIR = process.env.BENCH_PG_SOCKET ?? "/var/run/postgresql";

/**
 * What the rush's portal serves before the rush (BENCH_RUSH_BEFORE): `use` (the default), ordinary
 * use (`ordinaryUse`), with the rush on a portal just started reported beside it; `nothing`, the
 * rush on a portal just started only (how it was measured until 2026-12-03), judged on that.
 */
const RUSH_BEFORE = process.env.BENCH_RUSH_BEFORE === "nothing" ? "nothing" : "use";

/** ANALYZE on a bench database (what autovacuum does on a running portal's), over its own connection. */
async function analyse(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("analyze");
  } finally {
    await client.end();
  }
}

/**
 * The portal's DATABASE_URL for the rush: through PostgreSQL's Unix socket when the server has one
 * on this machine, as a portal next to its database would connect (on this machine a statement
 * over loopback TCP costs the portal about twice the CPU: the socket writes dominate the rush's
 * profile); otherwise the TCP address as given.
 */
function viaSocket(databaseUrl: string) {
  const u = new URL(databaseUrl);
  const port = u.port || "5432";
  if (PG_SOCKET_DIR === "off" || !existsSync(path.join(PG_SOCKET_DIR, `.s.PGSQL.${port}`))) return databaseUrl;
  return `postgres://${u.username}@localhost:${port}${u.pathname}?host=${encodeURIComponent(PG_SOCKET_DIR)}`;
}
type Portal = { child: Child; base: string; bootMs: number };

async function startPortal(db: DbSpec, name: string, extra: NodeJS.ProcessEnv = {}): Promise<Portal> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const since = performance.now();
  const child = startChild(name, NPM_START, portalEnv(port, db, extra));
  const bootMs = await waitFor200(`${base}/healthz`, child, since, 50);
  return { child, base, bootMs };
}

// ---------- signing in as the demo board member ----------

type Jar = Map<string, string>;
function absorb(jar: Jar, res: Response) {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const eq = pair?.indexOf("=") ?? -1;
    if (!pair || eq < 1) continue;
    const value = pair.slice(eq + 1);
    if (value === "" || /max-age=0/i.test(line)) jar.delete(pair.slice(0, eq));
    else jar.set(pair.slice(0, eq), value);
  }
}
const cookieHeader = (jar: Jar) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
const attr = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(html)?.[1];

/**
 * Signs in through the dev sign-in route, like a person clicking "sign in as" on /en/dev/sign-in:
 * a GET for the CSRF cookie and token, then the POST with the user id and an Origin header. Returns
 * the cookies (CSRF + session) and the id of the organisation on the user's dashboard.
 */
async function signInAsBoard(portal: Portal): Promise<{ cookie: string; orgId: string; orgName: string }> {
  const { base, child } = portal;
  const email = DEMO_ACCOUNTS.board.email;
  const jar: Jar = new Map();
  const page = await fetch(base + url("en", "devSignIn"), { redirect: "manual" });
  absorb(jar, page);
  const html = await page.text();
  if (page.status !== 200) fail(`GET ${url("en", "devSignIn")} answered ${page.status}`, child);
  const form = [...html.matchAll(/<form\b[\s\S]*?<\/form>/g)].map((m) => m[0]).find((f) => f.includes(`(${email})`));
  const userId = form && attr(form, "userId");
  const token = form && attr(form, "_csrf");
  if (!userId || !token) fail(`no sign-in button for ${email} on ${url("en", "devSignIn")} (is the demo content seeded?)`, child);

  const post = await fetch(base + url("en", "devSignIn"), {
    method: "POST",
    redirect: "manual",
    headers: { origin: base, cookie: cookieHeader(jar), "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ _csrf: token, userId }).toString(),
  });
  absorb(jar, post);
  await post.arrayBuffer();
  if (post.status !== 303 || !jar.has("vn_session")) fail(`dev sign-in answered ${post.status} without a session cookie`, child);
  const cookie = cookieHeader(jar);

  const dash = await fetch(base + url("en", "dashboard"), { redirect: "manual", headers: { cookie } });
  const dashHtml = await dash.text();
  if (dash.status !== 200) fail(`GET ${url("en", "dashboard")} as ${email} answered ${dash.status}`, child);
  const orgLink = new RegExp(`href="${url("en", "org", { id: "__ID__" }).replace("__ID__", "([0-9a-f-]{36})")}"[^>]*>([^<]*)<`, "g");
  const orgs = [...dashHtml.matchAll(orgLink)].map((m) => ({ id: m[1]!, name: m[2]! }));
  const kompas = orgs.find((o) => o.name.includes("Kompas"));
  if (!kompas)
    fail(`the dashboard of ${email} links no Kompas organisation (found: ${orgs.map((o) => o.name).join(", ") || "none"})`, child);
  return { cookie, orgId: kompas.id, orgName: kompas.name };
}

// ---------- measuring ----------

type Target = { target: string; base: string; path: string; headers?: Record<string, string>; expect?: string; goal?: PageTarget };

async function cannon(t: Target, seconds: number) {
  return autocannon({ url: t.base + t.path, connections: CONNECTIONS, duration: seconds, headers: t.headers });
}

/** A response during a measurement that is not a 2xx (or a connection error or timeout) stops the run. */
function check(t: Target, phase: string, res: autocannon.Result, owner?: Child) {
  if (res.non2xx !== 0 || res.errors !== 0 || res.timeouts !== 0) {
    const codes = JSON.stringify(res.statusCodeStats ?? {});
    fail(`${t.target}: ${res.non2xx} non-2xx responses, ${res.errors} errors, ${res.timeouts} timeouts during ${phase} (${codes})`, owner);
  }
}

/**
 * One request by hand first: the right response, not a redirect to sign-in or an error page. Then
 * two more tell whether the page cache serves this target (X-Cache: hit) or not: a URL with a
 * query string is kept from its second visit, so the third answer is the one that tells.
 */
async function probe(t: Target, owner?: Child): Promise<string> {
  const first = await fetch(t.base + t.path, { redirect: "manual", headers: t.headers });
  const body = await first.text();
  if (first.status !== 200) fail(`${t.target}: GET ${t.path} answered ${first.status}`, owner);
  if (t.expect && !body.includes(t.expect)) fail(`${t.target}: GET ${t.path} does not contain "${t.expect}"`, owner);
  let cache = "none";
  for (let i = 0; i < 2; i++) {
    const again = await fetch(t.base + t.path, { redirect: "manual", headers: t.headers });
    await again.arrayBuffer();
    cache = again.headers.get("x-cache") ?? "none";
  }
  return cache;
}

const bytesPer = (r: autocannon.Result) => (r.requests.total > 0 ? Math.round(r.throughput.total / r.requests.total) : 0);

/** A target without a goal: warm-up, then DURATION_S seconds. */
async function measure(t: Target, warmupS: number, owner?: Child): Promise<Omit<Row, "ratioToBaseline">> {
  const cache = await probe(t, owner);
  if (warmupS > 0) check(t, "warm-up", await cannon(t, warmupS), owner);
  const r = await cannon(t, DURATION_S);
  check(t, "measurement", r, owner);
  return {
    target: t.target,
    path: t.path,
    reqPerSec: r.requests.average,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    cache,
    bytesPerResponse: bytesPer(r),
    goal: t.goal,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * A target with a goal, in pairs: the baseline for PAIR_S seconds and the target right after,
 * PAIRS times, so that a machine whose speed drifts over the minutes of a run compares like with
 * like. Its req/s is the mean of its PAIRS runs, its p50 and p99 the median of theirs.
 */
async function measurePaired(t: Target, baseline: Target, owner?: Child): Promise<Omit<Row, "ratioToBaseline">> {
  const cache = await probe(t, owner);
  check(t, "warm-up", await cannon(t, GOAL_WARMUP_S), owner);
  const ratios: number[] = [];
  const runs: autocannon.Result[] = [];
  for (let i = 0; i < PAIRS; i++) {
    const b = await cannon(baseline, PAIR_S);
    check(baseline, "the paired measurement", b);
    const r = await cannon(t, PAIR_S);
    check(t, "the paired measurement", r, owner);
    runs.push(r);
    ratios.push(b.requests.average > 0 ? r.requests.average / b.requests.average : 0);
  }
  const requests = runs.reduce((n, r) => n + r.requests.total, 0);
  return {
    target: t.target,
    path: t.path,
    reqPerSec: runs.reduce((n, r) => n + r.requests.average, 0) / runs.length,
    p50Ms: median(runs.map((r) => r.latency.p50)),
    p99Ms: median(runs.map((r) => r.latency.p99)),
    requests,
    non2xx: 0,
    errors: 0,
    cache,
    bytesPerResponse: requests > 0 ? Math.round(runs.reduce((n, r) => n + r.throughput.total, 0) / requests) : 0,
    paired: { ratios, median: median(ratios) },
    goal: t.goal,
  };
}

async function benchDriver(driver: Driver, db: DbSpec, baselineBase: string): Promise<DriverResult> {
  console.log(`\n[${driver}] starting the portal with npm start (first start: migrations + demo content)`);
  const portal = await startPortal(db, `portal (${driver})`);
  console.log(`[${driver}] portal ready at ${portal.base} in ${Math.round(portal.bootMs)} ms`);
  const session = await signInAsBoard(portal);
  console.log(`[${driver}] signed in as ${DEMO_ACCOUNTS.board.email}; board page of ${session.orgName}`);

  const baseline: Target = { target: "baseline (bare Hono)", base: baselineBase, path: "/", expect: "hi" };
  const topicName = DEMO_TOPICS.find((x) => x.slug === TOPIC_SLUG)?.name.en;
  const browser = (target: string, path: string, expect: string | undefined, goal: PageTarget): Target => ({
    target,
    base: portal.base,
    path,
    headers: BROWSER,
    expect,
    goal,
  });
  const all: Target[] = [
    browser("public home", url("en", "home"), "<h1>", PAGE_TARGET),
    {
      target: "board page (signed in)",
      base: portal.base,
      path: url("en", "org", { id: session.orgId }),
      headers: { cookie: session.cookie },
      expect: session.orgName,
    },
    browser("roadmap topic page", url("en", "roadmapTopic", { slug: TOPIC_SLUG }), topicName, PAGE_TARGET),
    browser("roadmap embed", "/embed/roadmap?lang=nl", 'class="embed"', PAGE_TARGET),
    // Issue 10: the public "find a peer listener" page (Kompas has a listed listener) and a guidance page.
    browser("find a peer listener", url("en", "peerListeners", {}, { q: "Kompas" }), `<h4>${LISTENER_NAME}</h4>`, PAGE_TARGET),
    browser("guidance page", url("en", "guidancePage", { slug: GUIDANCE_PAGE.slug }), GUIDANCE_PAGE.title.en, PAGE_TARGET),
    // Everything else kept in memory, asked for the way a browser or an API client does.
    browser("API /api/roadmap", "/api/roadmap?lang=en", '"resources"', CACHED_TARGET),
    browser("HSDS services page", "/api/hsds/services?lang=en", '"contents"', CACHED_TARGET),
    browser("roadmap PDF (A4)", url("en", "roadmapPdf"), "%PDF", CACHED_TARGET),
    browser("roadmap QR code", url("en", "roadmapQr", {}, { lang: "en" }), "PNG", CACHED_TARGET),
    browser("static /static/app.css", "/static/app.css", ":root", CACHED_TARGET),
    browser("static /static/theme.css", "/static/theme.css", "--brand", CACHED_TARGET),
    // For comparison (no target): the same pages to a client that takes no compression.
    { target: "topic page, uncompressed", base: portal.base, path: url("en", "roadmapTopic", { slug: TOPIC_SLUG }), expect: topicName },
    { target: "embed, uncompressed", base: portal.base, path: "/embed/roadmap?lang=nl", expect: 'class="embed"' },
  ];
  const targets = TARGETS.length ? all.filter((t) => TARGETS.some((x) => t.target.toLowerCase().includes(x))) : all;
  // The baseline is measured before and after the portal targets; the × baseline column uses the
  // mean of the two, and the difference between them shows how steady the machine was.
  process.stdout.write(`[${driver}] baseline: ${WARMUP_S} s warm-up + ${DURATION_S} s ... `);
  const before = await measure(baseline, WARMUP_S);
  console.log(`${Math.round(before.reqPerSec)} req/s`);
  const measured: Omit<Row, "ratioToBaseline">[] = [];
  for (const t of targets) {
    if (t.goal) {
      process.stdout.write(
        `[${driver}] ${t.target}: ${GOAL_WARMUP_S} s warm-up, ${PAIRS} pairs of ${PAIR_S} s baseline + ${PAIR_S} s target ... `,
      );
      const row = await measurePaired(t, baseline, portal.child);
      console.log(
        `${Math.round(row.reqPerSec)} req/s; × ${row.paired!.ratios.map((x) => x.toFixed(2)).join(", ")} (median ${row.paired!.median.toFixed(2)})`,
      );
      measured.push(row);
    } else {
      process.stdout.write(`[${driver}] ${t.target}: ${WARMUP_S} s warm-up + ${DURATION_S} s ... `);
      const row = await measure(t, WARMUP_S, portal.child);
      console.log(`${Math.round(row.reqPerSec)} req/s`);
      measured.push(row);
    }
  }
  process.stdout.write(`[${driver}] baseline (after): ${DURATION_S} s ... `);
  const after = await measure({ ...baseline, target: "baseline (after)" }, 0);
  console.log(`${Math.round(after.reqPerSec)} req/s`);
  await stopChild(portal.child);

  const baseRps = (before.reqPerSec + after.reqPerSec) / 2;
  const mean = (a: number, b: number) => (a + b) / 2;
  const baseRow: Omit<Row, "ratioToBaseline"> = {
    target: baseline.target,
    path: baseline.path,
    reqPerSec: baseRps,
    p50Ms: mean(before.p50Ms, after.p50Ms),
    p99Ms: mean(before.p99Ms, after.p99Ms),
    requests: before.requests + after.requests,
    non2xx: before.non2xx + after.non2xx,
    errors: before.errors + after.errors,
    bytesPerResponse: before.bytesPerResponse,
  };
  const rows = [baseRow, ...measured].map((r): Row => {
    const ratioToBaseline = baseRps > 0 ? r.reqPerSec / baseRps : 0;
    const ratio = r.paired?.median ?? ratioToBaseline;
    const verdict = r.goal
      ? ratio >= r.goal.minRatio && (r.goal.maxP99Ms === undefined || r.p99Ms <= r.goal.maxP99Ms)
        ? "PASS"
        : "MISS"
      : undefined;
    return { ...r, ratioToBaseline, verdict };
  });
  const baselineDriftPct = before.reqPerSec > 0 ? ((after.reqPerSec - before.reqPerSec) / before.reqPerSec) * 100 : 0;
  return {
    driver,
    firstStartMs: Math.round(portal.bootMs),
    rows,
    baselineReqPerSec: { before: before.reqPerSec, after: after.reqPerSec, driftPct: Math.round(baselineDriftPct) },
  };
}

/** `npm start` → first 200 of /en, on an existing (migrated, seeded) PGlite data directory. */
async function coldStarts(dataDir: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < COLD_STARTS; i++) {
    const port = await freePort();
    const since = performance.now();
    const child = startChild(`portal (pglite cold start ${i + 1})`, NPM_START, portalEnv(port, { dataDir }));
    try {
      times.push(Math.round(await waitFor200(`http://127.0.0.1:${port}${url("en", "home")}`, child, since, 10)));
    } finally {
      await stopChild(child);
    }
  }
  return times;
}

// ---------- search with many resources ----------

/**
 * A fresh PostgreSQL database on BENCH_PG_URL, dropped again by the cleanup; returns its URL. With
 * `copyOf` (another bench database's URL, nobody connected to it), a copy of that one.
 */
async function createPgDatabase(copyOf?: string): Promise<string> {
  if (cleaning) throw new BenchError("interrupted");
  const name = `vangnet_bench_${randomBytes(6).toString("hex")}`;
  const template = copyOf ? decodeURIComponent(new URL(copyOf).pathname.slice(1)) : null;
  if (template !== null && !/^vangnet_bench_[0-9a-f]+$/.test(template)) throw new BenchError(`not a bench database: ${template}`);
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(template ? `CREATE DATABASE "${name}" TEMPLATE "${template}"` : `CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  cleanups.push({
    label: `drop database ${name}`,
    run: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  });
  const dbUrl = new URL(PG_ADMIN_URL);
  dbUrl.pathname = `/${name}`;
  return dbUrl.toString();
}

function tempDataDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanups.push({ label: `remove ${dir}`, run: () => rmSync(dir, { recursive: true, force: true }) });
  return dir;
}

type Latencies = { result: autocannon.Result; latencies: number[]; okLatencies: number[] };

/** autocannon with its per-response latencies (float ms), for exact percentiles such as p95; `okLatencies`: the 2xx answers only. */
function cannonWithLatencies(opts: autocannon.Options): Promise<Latencies> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const okLatencies: number[] = [];
    const instance = autocannon(opts, (err, result) => (err ? reject(err) : resolve({ result, latencies, okLatencies })));
    instance.on("response", (_client, status, _bytes, ms) => {
      latencies.push(ms);
      if (status >= 200 && status < 300) okLatencies.push(ms);
    });
  });
}

/**
 * The search page over HTTP, one connection (one person searching), every request a page-cache
 * miss: the queries rotate through SEARCH_QUERIES, and every request carries a session cookie (one
 * that matches no session), which the page cache never answers or stores. A parameter that makes
 * URLs unique would not do: the cache keys on the parameters a page reads, and drops the others.
 */
const NO_CACHE = { cookie: "vn_session=bench-never-cached" };

async function httpSearch(portal: Portal, driver: Driver): Promise<HttpSearch> {
  let n = 0;
  const nextPath = () => {
    const x = SEARCH_QUERIES[n % SEARCH_QUERIES.length]!;
    n++;
    return url(x.lang, "roadmapSearch", {}, { q: x.q });
  };
  const probePath = nextPath();
  for (let i = 0; i < 3; i++) {
    const probe = await fetch(portal.base + probePath, { redirect: "manual", headers: NO_CACHE });
    const html = await probe.text();
    if (probe.status !== 200) fail(`search page: GET ${probePath} answered ${probe.status}`, portal.child);
    if (!html.includes('role="status"')) fail(`search page: GET ${probePath} shows no result count`, portal.child);
    if (probe.headers.get("x-cache")) fail(`search page: GET ${probePath} went through the page cache`, portal.child);
  }
  const opts = (duration: number): autocannon.Options => ({
    url: portal.base,
    connections: 1,
    duration,
    headers: NO_CACHE,
    requests: [{ method: "GET", setupRequest: (req) => ({ ...req, path: nextPath() }) }],
  });
  process.stdout.write(
    `[${driver}] search page over HTTP (1 connection, cache misses): ${HTTP_SEARCH_WARMUP_S} s warm-up + ${HTTP_SEARCH_S} s ... `,
  );
  for (const [phase, seconds] of [
    ["warm-up", HTTP_SEARCH_WARMUP_S],
    ["measurement", HTTP_SEARCH_S],
  ] as const) {
    const r = await cannonWithLatencies(opts(seconds));
    if (r.result.non2xx !== 0 || r.result.errors !== 0 || r.result.timeouts !== 0) {
      fail(
        `search page: ${r.result.non2xx} non-2xx, ${r.result.errors} errors, ${r.result.timeouts} timeouts during ${phase}`,
        portal.child,
      );
    }
    if (phase === "measurement") {
      const st = stats(r.latencies);
      console.log(`p95 ${st.p95Ms} ms`);
      return {
        ...st,
        connections: 1,
        seconds,
        reqPerSec: r.latencies.length / seconds,
        examplePath: probePath,
        targetP95Ms: SEARCH_TARGET_P95_MS,
        verdict: st.p95Ms <= SEARCH_TARGET_P95_MS ? "PASS" : "MISS",
      };
    }
  }
  throw new BenchError("unreachable");
}

/**
 * The search page under load (issue 8): SEARCH_LOAD_CONNECTIONS connections for SEARCH_LOAD_S
 * seconds after a 2 s warm-up, every request a page-cache miss (the queries rotate, and a session
 * cookie that matches no session keeps the cache out), with the bare Hono baseline measured for
 * 3 s right before and right after on the same number of connections. Answers shed by the search's
 * gate (503) are counted, not fatal: shedding is the designed answer to more load than it takes.
 */
async function searchLoad(
  portal: Portal,
  driver: Driver,
  baselineBase: string,
  places: SearchLoad["places"],
  resources: number,
): Promise<SearchLoad> {
  let n = 0;
  const nextPath = () => {
    const x = SEARCH_QUERIES[n % SEARCH_QUERIES.length]!;
    n++;
    return url(x.lang, "roadmapSearch", {}, { q: x.q });
  };
  const load = (duration: number) =>
    cannonWithLatencies({
      url: portal.base,
      connections: SEARCH_LOAD_CONNECTIONS,
      duration,
      headers: NO_CACHE,
      requests: [{ method: "GET", setupRequest: (req) => ({ ...req, path: nextPath() }) }],
    });
  const base = async () => {
    const r = await autocannon({ url: `${baselineBase}/`, connections: SEARCH_LOAD_CONNECTIONS, duration: 3 });
    return r.requests.average;
  };
  process.stdout.write(
    `[${driver}] search under load (${places}, ${resources} places; ${SEARCH_LOAD_CONNECTIONS} connections, cache misses): baseline 3 s, 2 s warm-up + ${SEARCH_LOAD_S} s, baseline 3 s ... `,
  );
  await load(2);
  const before = await base();
  const r = await load(SEARCH_LOAD_S);
  const after = await base();
  if (r.result.errors !== 0 || r.result.timeouts !== 0)
    fail(`search under load: ${r.result.errors} errors, ${r.result.timeouts} timeouts`, portal.child);
  const shed = r.result.statusCodeStats?.["503"]?.count ?? 0;
  const otherNon2xx = r.result.non2xx - shed;
  // Only answered searches count: a shed 503 is quick and would flatter both req/s and p99.
  const st = stats(r.okLatencies);
  const reqPerSec = r.okLatencies.length / SEARCH_LOAD_S;
  const baselineReqPerSec = (before + after) / 2;
  const ratio = baselineReqPerSec ? reqPerSec / baselineReqPerSec : 0;
  const goal = SEARCH_LOAD_TARGET[driver];
  // No answer at all in the window is no pass, whatever an empty p99 says.
  const ok = st.n > 0 && st.p99Ms <= goal.maxP99Ms && (goal.minRatio === undefined || ratio >= goal.minRatio) && otherNon2xx === 0;
  console.log(`${reqPerSec.toFixed(0)} req/s (× ${ratio.toFixed(3)} of ${baselineReqPerSec.toFixed(0)}), p99 ${st.p99Ms} ms, ${shed} shed`);
  return {
    places,
    resources,
    connections: SEARCH_LOAD_CONNECTIONS,
    seconds: SEARCH_LOAD_S,
    reqPerSec: Math.round(reqPerSec),
    baselineReqPerSec: Math.round(baselineReqPerSec),
    ratioToBaseline: Math.round(ratio * 1000) / 1000,
    p50Ms: st.p50Ms,
    p99Ms: st.p99Ms,
    shed,
    otherNon2xx,
    target: `${goal.minRatio !== undefined ? `× ≥ ${goal.minRatio}, ` : ""}p99 ≤ ${goal.maxP99Ms} ms`,
    verdict: ok ? "PASS" : "MISS",
  };
}

/**
 * For one driver: a fresh database (not the portal's), migrated, with the demo roadmap and
 * SEARCH_RESOURCES generated resources, vacuumed and analysed (the steady state autovacuum reaches
 * on PostgreSQL); `searchResources` timed in this process; on PostgreSQL, when the p95 misses, the
 * slowest query of each kind explained; then the portal started on that database (without demo
 * content) for the search page over HTTP.
 */
async function benchSearch(driver: Driver, baselineBase: string): Promise<SearchResult> {
  const spec: DbSpec = driver === "pglite" ? { dataDir: tempDataDir("vangnet-bench-search-") } : { databaseUrl: await createPgDatabase() };
  console.log(`\n[${driver}] search: fresh database with the demo roadmap and ${SEARCH_RESOURCES} generated resources`);
  const t0 = performance.now();
  let database = await openDatabase(spec);
  let result: SearchResult;
  let demoLoad: SearchLoad | undefined;
  try {
    await database.migrate();
    await database.db.transaction((tx) => seedRoadmap(tx, new Date(), { TIME_ZONE: "Europe/Amsterdam" }));
    const t1 = performance.now();
    // Relevance on the demo roadmap alone, before the generated resources (not part of the setup times).
    const relevance = await evaluateRelevance(database.db);
    const [demoRow] = await database.db.select({ n: count() }).from(resources);
    // The demo roadmap alone under load: the portal needs the database (PGlite: one process at a time).
    await database.close();
    const demoPortal = await startPortal(spec, `portal (${driver}, search, demo)`, { DEMO_CONTENT: "never" });
    try {
      demoLoad = await searchLoad(demoPortal, driver, baselineBase, "demo", demoRow?.n ?? 0);
    } finally {
      await stopChild(demoPortal.child);
    }
    database = await openDatabase(spec);
    const t1r = performance.now();
    const gen = await generateRoadmap(database.db, { count: SEARCH_RESOURCES, seed: SEARCH_SEED });
    const t2 = performance.now();
    const relevanceMs = t1r - t1; // relevance and the demo load, left out of the setup times
    await database.db.execute(sql`vacuum analyze roadmap_resources, roadmap_resource_topics, roadmap_topics`);
    const t3 = performance.now();
    const [row] = await database.db.select({ n: count() }).from(resources);
    const total = row?.n ?? 0;
    process.stdout.write(
      `[${driver}] search: ${total} resources ready in ${((t3 - t0 - relevanceMs) / 1000).toFixed(1)} s; ` +
        `searchResources × ${SEARCH_QUERIES.length} queries (warm-up ≤ ${SEARCH_WARMUP_BUDGET_MS / 1000} s, then up to ${SEARCH_MAX_ROUNDS} passes, no new pass after ${SEARCH_BUDGET_MS / 1000} s) ... `,
    );
    const timing = await timeSearches(database.db, {
      maxRounds: SEARCH_MAX_ROUNDS,
      budgetMs: SEARCH_BUDGET_MS,
      warmupBudgetMs: SEARCH_WARMUP_BUDGET_MS,
    });
    console.log(`p95 ${timing.overall.p95Ms} ms (${timing.rounds} passes)`);
    result = {
      driver,
      load: demoLoad ? [demoLoad] : [],
      resources: { total, generated: gen.inserted },
      setupMs: { migrateAndSeed: Math.round(t1 - t0), generate: Math.round(t2 - t1r), vacuumAnalyze: Math.round(t3 - t2) },
      inProcess: { ...timing, targetP95Ms: SEARCH_TARGET_P95_MS, verdict: timing.overall.p95Ms <= SEARCH_TARGET_P95_MS ? "PASS" : "MISS" },
      relevance: {
        byKind: relevance.byKind,
        overall: relevance.overall,
        failing: relevance.cases.filter((c) => !c.pass).map((c) => c.key),
      },
    };
  } finally {
    await database.close();
  }
  if ("databaseUrl" in spec && result.inProcess.verdict === "MISS") {
    const slowestPerKind = new Map<string, { lang: Lang; q: string }>();
    for (const x of result.inProcess.perQuery) if (!slowestPerKind.has(x.kind)) slowestPerKind.set(x.kind, { lang: x.lang, q: x.q });
    console.log(`[${driver}] search: EXPLAIN ANALYZE of the slowest query of each kind`);
    result.explain = await explainSearches(spec.databaseUrl, [...slowestPerKind.values()]);
  }
  const portal = await startPortal(spec, `portal (${driver}, search)`, { DEMO_CONTENT: "never" });
  try {
    result.http = await httpSearch(portal, driver);
    result.load = [...(result.load ?? []), await searchLoad(portal, driver, baselineBase, "generated", result.resources.total)];
  } finally {
    await stopChild(portal.child);
  }
  return result;
}

/**
 * Waits until the portal's first jobs pass is over. On a fresh database every recurring job is due
 * at the first start (two seconds after it listens: the daily snapshot of all organisations, the
 * retention clean-up …); a portal that has been running has them spread over the day, and a
 * restart does not run them again. The rush measures a running portal, so it starts after that
 * pass: on PostgreSQL once jobs have run and none ran or finished for half a second (at most
 * 30 s); on PGlite, whose database the portal holds, after a fixed five seconds.
 */
async function startUpJobsDone(spec: DbSpec) {
  if (!("databaseUrl" in spec)) return sleep(5_000);
  const client = new pg.Client({ connectionString: spec.databaseUrl });
  await client.connect();
  try {
    let last = -1;
    for (const until = Date.now() + 30_000; Date.now() < until; await sleep(500)) {
      const { rows } = await client.query(
        "select count(*) filter (where status = 'running')::int as running, count(*) filter (where status in ('done', 'failed'))::int as done from jobs",
      );
      const { running, done } = rows[0] as { running: number; done: number };
      if (running === 0 && done > 0 && done === last) return;
      last = done;
    }
    console.log("(the portal's start-up jobs were still running after 30 s; the rush starts anyway)");
  } finally {
    await client.end();
  }
}

/**
 * The trainings (issue 9), for one driver: the registration rush over HTTP on a fresh database
 * (RUSH_RUNS times on PostgreSQL, each on a copy of it; the median run reported); then, on the
 * last run's database, LIST_ORGS organisations and LIST_REGISTRATIONS registrations
 * generated, the office's lists timed in-process, and the public catalogue (cached) measured
 * against the baseline in pairs.
 */
async function benchTrainings(driver: Driver, baselineBase: string): Promise<TrainingsResult> {
  const prepSpec: DbSpec =
    driver === "pglite" ? { dataDir: tempDataDir("vangnet-bench-trainings-") } : { databaseUrl: await createPgDatabase() };
  const runs = driver === "postgres" ? RUSH_RUNS : 1;
  console.log(
    `\n[${driver}] trainings: fresh database, ${RUSH_ORGS} organisations with a signed-in board member, one series capped at ${RUSH_CAP}`,
  );
  let database = await openDatabase(prepSpec);
  await database.migrate();
  const prepared = await prepareRush(database.db, new Date());
  await database.close();
  const env = { DEMO_CONTENT: "never", SESSION_SECRET: BENCH_SECRET };
  const withUse = RUSH_BEFORE === "use";
  const which = (i: number) => (runs > 1 ? ` (run ${i + 1} of ${runs})` : "");
  // A copy of the prepared database: each rush starts from the same state.
  const copy = async (): Promise<DbSpec> => {
    if ("databaseUrl" in prepSpec) return { databaseUrl: await createPgDatabase(prepSpec.databaseUrl) };
    const dataDir = path.join(tempDataDir("vangnet-bench-trainings-copy-"), "data");
    cpSync(prepSpec.dataDir, dataDir, { recursive: true });
    return { dataDir };
  };
  /**
   * One rush on a fresh portal over `spec`: with `use`, the portal first serves what a running
   * portal has served before registration opens (`ordinaryUse`; on PostgreSQL the tables it wrote
   * to are analysed again afterwards, as autovacuum keeps a running portal's); then the bare Hono
   * baseline (3 s) and the rush. Counts come from the database after the portal has stopped.
   */
  const oneRush = async (spec: DbSpec, label: string, use: boolean) => {
    let database = await openDatabase(spec);
    // Each board member was last seen a moment before pressing its button.
    await freshenSessions(database.db, new Date());
    await database.close();
    const rushSpec = "databaseUrl" in spec ? { databaseUrl: viaSocket(spec.databaseUrl) } : spec;
    const portal = await startPortal(rushSpec, `portal (${driver}, trainings)`, env);
    try {
      await startUpJobsDone(spec);
      let before: UseResult | undefined;
      if (use) {
        before = await ordinaryUse(portal.base, prepared);
        console.log(
          `[${driver}] before the rush: ${before.registrations} registrations for another series and ${before.formViews} views of the rush's form in ${before.ms} ms, ${before.errors} errors`,
        );
        if ("databaseUrl" in spec) await analyse(spec.databaseUrl);
      }
      let baseline: number | undefined;
      if (baselineBase) {
        // The rush's numbers go next to the baseline of the same run (issue 9): measured just before it.
        const b = await autocannon({ url: `${baselineBase}/`, connections: 32, duration: 3 });
        baseline = Math.round(b.requests.average);
        console.log(`[${driver}] baseline (bare Hono) before the rush: ${baseline} req/s`);
      }
      process.stdout.write(`[${driver}] ${label}: ${RUSH_ORGS} presses of "register" within ${RUSH_WINDOW_MS} ms ... `);
      const r = await rush(portal.base, prepared, async () => {
        await stopChild(portal.child);
        database = await openDatabase(spec);
        try {
          return await rushCounts(database.db, prepared.offeringId);
        } finally {
          await database.close();
        }
      });
      console.log(
        `${r.confirmed} confirmed, ${r.waitlisted} waitlisted, ${r.errors} errors, last answer after ${r.lastAnswerMs} ms, p99 ${r.p99Ms} ms`,
      );
      if (before) r.before = before;
      return { rush: r, baseline };
    } finally {
      await stopChild(portal.child);
    }
  };
  const figures = (r: RushResult) => ({
    confirmed: r.confirmed,
    waitlisted: r.waitlisted,
    errors: r.errors,
    lastAnswerMs: r.lastAnswerMs,
    p99Ms: r.p99Ms,
  });
  // Each run: (with use) the rush on a portal just started, reported; then the measured rush on a
  // fresh portal that has served ordinary use first. Each on its own copy of the prepared database
  // (on PGlite the measured one on the prepared one itself); the lists below use the last one.
  const runsDone: { rush: RushResult; baseline?: number }[] = [];
  let spec = prepSpec;
  for (let i = 0; i < runs; i++) {
    if (i === 0 && "databaseUrl" in prepSpec && viaSocket(prepSpec.databaseUrl) !== prepSpec.databaseUrl)
      console.log(`[${driver}] the portal connects through the Unix socket in ${PG_SOCKET_DIR} (BENCH_PG_SOCKET=off: over TCP)`);
    const cold = withUse ? (await oneRush(await copy(), `rush on a portal just started${which(i)}`, false)).rush : null;
    spec = "databaseUrl" in prepSpec ? await copy() : prepSpec;
    const done = await oneRush(spec, `registration rush${which(i)}${withUse ? ", after ordinary use" : ""}`, withUse);
    if (cold) done.rush.cold = figures(cold);
    runsDone.push(done);
  }
  // The median run by its last answer; the verdict asks every run to be correct.
  const byTime = [...runsDone].sort((a, b) => a.rush.lastAnswerMs - b.rush.lastAnswerMs);
  const median = byTime[Math.floor((byTime.length - 1) / 2)]!;
  // Correct means every rush of every run, the one on a portal just started and what came before too.
  const correct = (r: { confirmed: number; waitlisted: number; errors: number }) =>
    r.confirmed === RUSH_TARGET.confirmed && r.waitlisted === RUSH_TARGET.waitlisted && r.errors === RUSH_TARGET.errors;
  const allCorrect = runsDone.every(({ rush: r }) => correct(r) && (!r.cold || correct(r.cold)) && (!r.before || r.before.errors === 0));
  const rushResult: RushResult = {
    ...median.rush,
    verdict: allCorrect && median.rush.lastAnswerMs <= RUSH_TARGET.lastAnswerMs ? "PASS" : "MISS",
    target: [
      median.rush.target,
      withUse
        ? `judged after ordinary use (${USE_REGISTRATIONS} registrations, every member's form view)`
        : "judged on a portal just started",
      runs > 1 ? `the median of ${runs} runs, each correct` : "",
    ]
      .filter(Boolean)
      .join("; "),
    ...(runs > 1
      ? {
          runs: runsDone.map(({ rush: r, baseline }) => ({
            confirmed: r.confirmed,
            waitlisted: r.waitlisted,
            errors: r.errors,
            lastAnswerMs: r.lastAnswerMs,
            p99Ms: r.p99Ms,
            baselineReqPerSec: baseline,
            before: r.before,
            cold: r.cold,
          })),
        }
      : {}),
  };
  if (runs > 1)
    console.log(
      `[${driver}] registration rush: last answers ${runsDone.map((x) => x.rush.lastAnswerMs).join(", ")} ms${withUse ? ` (on a portal just started: ${runsDone.map((x) => x.rush.cold?.lastAnswerMs).join(", ")} ms)` : ""}; median ${rushResult.lastAnswerMs} ms: ${rushResult.verdict}`,
    );
  const rushBaselineReqPerSec = median.baseline;
  database = await openDatabase(spec);
  process.stdout.write(`[${driver}] trainings: generating ${LIST_ORGS} organisations and ${LIST_REGISTRATIONS} registrations ... `);
  const t0 = performance.now();
  const gen = await generateRegistrations(database.db, new Date());
  const generateMs = Math.round(performance.now() - t0);
  console.log(`${(generateMs / 1000).toFixed(1)} s`);
  const timing = await timeLists(database.db, gen);
  console.log(
    `[${driver}] office registration list p95 ${timing.registrationList.p95Ms} ms, organisation history p95 ${timing.organisationHistory.p95Ms} ms (${timing.target}): ${timing.verdict}`,
  );
  await database.close();
  const result: TrainingsResult = {
    driver,
    rush: rushResult,
    rushBaselineReqPerSec,
    lists: { ...timing, organisations: LIST_ORGS, registrations: LIST_REGISTRATIONS, generateMs },
  };
  if (baselineBase) {
    const portal = await startPortal(spec, `portal (${driver}, trainings catalogue)`, env);
    try {
      const baseline: Target = { target: "baseline (bare Hono)", base: baselineBase, path: "/", expect: "hi" };
      const target: Target = {
        target: "trainings catalogue",
        base: portal.base,
        path: url("en", "trainings"),
        headers: BROWSER,
        expect: "<h1>",
        goal: PAGE_TARGET,
      };
      process.stdout.write(`[${driver}] trainings catalogue (cached), paired with the baseline ... `);
      const row = await measurePaired(target, baseline, portal.child);
      const ratio = row.paired?.median ?? 0;
      const verdict: Verdict = ratio >= PAGE_TARGET.minRatio && row.p99Ms <= (PAGE_TARGET.maxP99Ms ?? Infinity) ? "PASS" : "MISS";
      result.catalogue = { ...row, ratioToBaseline: ratio, verdict };
      console.log(`× ${ratio.toFixed(2)}, p99 ${row.p99Ms} ms: ${verdict}`);
    } finally {
      await stopChild(portal.child);
    }
  }
  return result;
}

function trainingsTable(r: TrainingsResult) {
  const x = r.rush;
  console.log(`\n${driverTitle(r.driver)}: trainings`);
  printTable(
    [
      "registration rush",
      "orgs",
      "confirmed",
      "waitlisted",
      "errors",
      "last answer ms",
      "reg/s",
      "p50 ms",
      "p99 ms",
      "bare Hono req/s",
      "target",
      "",
    ],
    [
      [
        `${x.organisations} presses in ${x.windowMs} ms, HTTP`,
        String(x.organisations),
        String(x.confirmed),
        String(x.waitlisted),
        String(x.errors),
        String(x.lastAnswerMs),
        String(x.registrationsPerSec),
        x.p50Ms.toFixed(0),
        x.p99Ms.toFixed(0),
        r.rushBaselineReqPerSec === undefined ? "" : String(r.rushBaselineReqPerSec),
        x.target,
        x.verdict,
      ],
      ...(x.cold
        ? [
            [
              "the same run, on a portal just started",
              String(x.organisations),
              String(x.cold.confirmed),
              String(x.cold.waitlisted),
              String(x.cold.errors),
              String(x.cold.lastAnswerMs),
              String(Math.round((x.organisations / x.cold.lastAnswerMs) * 1000)),
              "",
              x.cold.p99Ms.toFixed(0),
              "",
              "reported (no target)",
              "",
            ],
          ]
        : []),
    ],
    [0, 10, 11],
  );
  const l = r.lists;
  printTable(
    ["measure", "n", "p50 ms", "p95 ms", "max ms", "target", ""],
    [
      [
        "office registration list (50 a page)",
        String(l.registrationList.n),
        l.registrationList.p50Ms.toFixed(1),
        l.registrationList.p95Ms.toFixed(1),
        l.registrationList.maxMs.toFixed(1),
        l.target,
        l.verdict,
      ],
      [
        "an organisation's history",
        String(l.organisationHistory.n),
        l.organisationHistory.p50Ms.toFixed(1),
        l.organisationHistory.p95Ms.toFixed(1),
        l.organisationHistory.maxMs.toFixed(1),
        l.target,
        l.verdict,
      ],
    ],
    [0, 5, 6],
  );
  console.log(`(${l.organisations} organisations, ${l.registrations} registrations generated in ${(l.generateMs / 1000).toFixed(1)} s)`);
  if (r.catalogue)
    console.log(
      `trainings catalogue (cached): ${r.catalogue.reqPerSec.toFixed(0)} req/s, × paired ${r.catalogue.ratioToBaseline.toFixed(2)}, p99 ${r.catalogue.p99Ms} ms (target × ≥ ${PAGE_TARGET.minRatio}, p99 ≤ ${PAGE_TARGET.maxP99Ms} ms): ${r.catalogue.verdict}`,
    );
}

// ---------- report ----------

const driverTitle = (d: Driver) => (d === "pglite" ? "PGlite (embedded)" : "PostgreSQL");

function printTable(head: string[], lines: string[][], leftAligned: number[]) {
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => (leftAligned.includes(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join("  ")
      .trimEnd();
  console.log([fmt(head), widths.map((w) => "-".repeat(w)).join("  "), ...lines.map(fmt)].join("\n"));
}

function table(result: DriverResult) {
  const head = ["target", "path", "req/s", "p50 ms", "p99 ms", "× baseline", "× paired", "cache", "KB/resp", "target: × paired, p99", ""];
  const shortPath = (p: string) => p.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/, ":id");
  const lines = result.rows.map((r) => [
    r.target,
    shortPath(r.path),
    r.reqPerSec.toFixed(0),
    r.p50Ms.toFixed(1),
    r.p99Ms.toFixed(1),
    r.ratioToBaseline.toFixed(3),
    r.paired ? r.paired.median.toFixed(3) : "",
    r.cache ?? "",
    r.bytesPerResponse !== undefined ? (r.bytesPerResponse / 1024).toFixed(1) : "",
    r.goal ? `≥ ${r.goal.minRatio.toFixed(2)}${r.goal.maxP99Ms !== undefined ? `, ≤ ${r.goal.maxP99Ms} ms` : ""}` : "",
    r.verdict ?? "",
  ]);
  console.log(`\n${driverTitle(result.driver)}: ${lines.length ? `pages (${CONNECTIONS} connections)` : "start-up"}`);
  const b = result.baselineReqPerSec;
  if (lines.length) printTable(head, lines, [0, 1, 7, 9]);
  if (lines.length)
    console.log(
      `baseline = mean of ${b.before.toFixed(0)} req/s before and ${b.after.toFixed(0)} after the portal targets ` +
        `(drift ${b.driftPct > 0 ? "+" : ""}${b.driftPct}%${Math.abs(b.driftPct) > 15 ? "; the machine was not steady, treat the ratios with care" : ""})`,
    );
  console.log(`first start (npm start, empty database: migrations + demo content) to /healthz: ${result.firstStartMs} ms`);
  if (result.coldStartMs) {
    console.log(
      `restart on the existing data dir, npm start → first 200 of /en: median ${result.coldStartMedianMs} ms ` +
        `(runs: ${result.coldStartMs.join(", ")} ms; target ≤ ${COLD_START_TARGET_MS} ms: ${result.coldStartVerdict})`,
    );
  }
}

function searchTable(r: SearchResult) {
  const ip = r.inProcess;
  console.log(
    `\n${driverTitle(r.driver)}: search, ${r.resources.total} resources (${r.resources.generated} generated), ` +
      `${ip.queries} queries × ${ip.rounds} timed passes (after ${(ip.warmupMs / 1000).toFixed(1)} s warm-up)`,
  );
  const row = (label: string, s: Stats, target = "", verdict = "") => [
    label,
    String(s.n),
    s.p50Ms.toFixed(1),
    s.p95Ms.toFixed(1),
    s.maxMs.toFixed(1),
    target,
    verdict,
  ];
  const lines = [
    row("searchResources, all queries", ip.overall, `p95 ≤ ${ip.targetP95Ms} ms`, ip.verdict),
    row("  exact words", ip.byKind.exact),
    row("  other word forms", ip.byKind.stemmed),
    row("  typos", ip.byKind.typo),
    row("  several words", ip.byKind["multi-word"]),
    row("  Dutch (nl)", ip.byLang.nl),
    row("  English (en)", ip.byLang.en),
  ];
  if (r.http) lines.push(row("search page, HTTP, 1 conn, cache miss", r.http, `p95 ≤ ${r.http.targetP95Ms} ms`, r.http.verdict));
  printTable(["measure", "n", "p50 ms", "p95 ms", "max ms", "target", ""], lines, [0, 5, 6]);
  const slow = ip.perQuery.slice(0, 5).map((x) => `${x.lang} "${x.q}" ${x.medianMs.toFixed(0)} ms (${x.results} results)`);
  console.log(`slowest (median): ${slow.join("; ")}`);
  if (ip.noResults.length) console.log(`no results for: ${ip.noResults.map((x) => `${x.lang} "${x.q}"`).join(", ")}`);
  if (r.http) console.log(`search page: ${r.http.reqPerSec.toFixed(0)} req/s on one connection, e.g. ${r.http.examplePath}`);
  if (r.load?.length) {
    printTable(
      ["search under load", "places", "req/s", "× baseline", "p50 ms", "p99 ms", "shed (503)", "target", ""],
      r.load.map((l) => [
        `${l.connections} conn, cache miss`,
        String(l.resources),
        String(l.reqPerSec),
        l.ratioToBaseline.toFixed(3),
        l.p50Ms.toFixed(1),
        l.p99Ms.toFixed(1),
        String(l.shed),
        l.target,
        l.verdict,
      ]),
      [0, 7, 8],
    );
  }
  const rel = { cases: [], ...r.relevance };
  console.log(`\n${relevanceTable(`${driverTitle(r.driver)}: search relevance on the demo roadmap (first three results)`, rel)}`);
  if (r.relevance.failing.length) console.log(`failing: ${r.relevance.failing.join("; ")}`);
  for (const e of r.explain ?? []) {
    console.log(
      `EXPLAIN ${e.lang} "${e.q}": ${e.executionMs.toFixed(1)} ms; ${e.scans.join(", ")}${e.removed.length ? `; ${e.removed.join(", ")}` : ""}`,
    );
  }
}

// ---------- main ----------

async function main() {
  const unknown = DRIVERS.filter((d) => d !== "pglite" && d !== "postgres");
  if (unknown.length) throw new BenchError(`BENCH_DRIVERS: unknown driver(s) ${unknown.join(", ")} (use pglite,postgres)`);
  const unknownParts = PARTS.filter((p) => p !== "pages" && p !== "start" && p !== "search" && p !== "trainings" && p !== "mailing");
  if (unknownParts.length)
    throw new BenchError(`BENCH_PARTS: unknown part(s) ${unknownParts.join(", ")} (use pages,start,search,trainings,mailing)`);
  if (PARTS.includes("mailing") && !DRIVERS.includes("postgres"))
    throw new BenchError("BENCH_PARTS=mailing runs on PostgreSQL: add postgres to BENCH_DRIVERS");
  const pgAdmin = new URL(PG_ADMIN_URL);
  if (DRIVERS.includes("postgres") && !LOOPBACK.has(pgAdmin.hostname)) {
    throw new BenchError(`BENCH_PG_URL must point at a loopback address, not ${pgAdmin.hostname}`);
  }
  const started = performance.now();
  const loadBefore = os.loadavg();
  if (loadBefore[0]! / os.cpus().length > 1) {
    console.warn(
      `warning: the machine is busy (1-minute load ${loadBefore[0]!.toFixed(1)} on ${os.cpus().length} CPUs); numbers will be noisy`,
    );
  }
  console.log(
    `Vangnet bench: ${CONNECTIONS} connections, ${WARMUP_S} s warm-up + ${DURATION_S} s per page; ` +
      `search on ${SEARCH_RESOURCES} generated resources; drivers: ${DRIVERS.join(", ")}; parts: ${PARTS.join(", ")}`,
  );

  let baselineBase = "";
  if (PARTS.includes("pages") || PARTS.includes("search") || PARTS.includes("trainings")) {
    const basePort = await freePort();
    baselineBase = `http://127.0.0.1:${basePort}`;
    const baselineEnv: NodeJS.ProcessEnv = { ...process.env, PORT: String(basePort), NODE_ENV: "production" };
    const since = performance.now();
    const baseline = startChild("baseline", "bench/baseline.ts", baselineEnv);
    await waitFor200(`${baselineBase}/`, baseline, since, 50);
  }

  const results: DriverResult[] = [];
  const searches: SearchResult[] = [];
  const trainingResults: TrainingsResult[] = [];
  const mailingResults: MailingResult[] = [];
  for (const driver of DRIVERS as Driver[]) {
    if (driver === "pglite" && (PARTS.includes("pages") || PARTS.includes("start"))) {
      const dataDir = tempDataDir("vangnet-bench-");
      let result: DriverResult;
      if (PARTS.includes("pages")) {
        result = await benchDriver("pglite", { dataDir }, baselineBase);
      } else {
        console.log("\n[pglite] first start with npm start (migrations + demo content)");
        const portal = await startPortal({ dataDir }, "portal (pglite)");
        await stopChild(portal.child);
        result = { driver, firstStartMs: Math.round(portal.bootMs), rows: [], baselineReqPerSec: { before: 0, after: 0, driftPct: 0 } };
      }
      if (PARTS.includes("start")) {
        console.log(`[pglite] restart (npm start) on the existing data dir, ${COLD_STARTS} times ...`);
        result.coldStartMs = await coldStarts(dataDir);
        result.coldStartMedianMs = [...result.coldStartMs].sort((a, b) => a - b)[Math.floor(COLD_STARTS / 2)];
        result.coldStartVerdict = (result.coldStartMedianMs ?? 0) <= COLD_START_TARGET_MS ? "PASS" : "MISS";
      }
      results.push(result);
    } else if (driver === "postgres" && PARTS.includes("pages")) {
      results.push(await benchDriver("postgres", { databaseUrl: await createPgDatabase() }, baselineBase));
    }
    if (PARTS.includes("search")) searches.push(await benchSearch(driver, baselineBase));
    if (PARTS.includes("trainings")) trainingResults.push(await benchTrainings(driver, baselineBase));
    // The mailing list's campaign sender (bench/mailing.ts): PostgreSQL only.
    if (PARTS.includes("mailing") && driver === "postgres") mailingResults.push(await benchMailing(await createPgDatabase()));
  }

  for (const r of results) table(r);
  for (const r of searches) searchTable(r);
  for (const r of trainingResults) trainingsTable(r);
  for (const r of mailingResults) mailingTable(r);
  const verdicts = [
    ...results.flatMap((r) => [
      ...r.rows.filter((x) => x.verdict).map((x) => ({ what: `${r.driver} ${x.target}`, verdict: x.verdict! })),
      ...(r.coldStartVerdict ? [{ what: `${r.driver} cold start`, verdict: r.coldStartVerdict }] : []),
    ]),
    ...searches.flatMap((s) => [
      { what: `${s.driver} searchResources p95`, verdict: s.inProcess.verdict },
      ...(s.http ? [{ what: `${s.driver} search page p95`, verdict: s.http.verdict }] : []),
      ...(s.load ?? []).map((l) => ({ what: `${s.driver} search under load (${l.places})`, verdict: l.verdict })),
    ]),
    ...trainingResults.flatMap((r) => [
      // The rush's target is set for PostgreSQL; on PGlite it is reported without a verdict.
      ...(r.driver === "postgres" ? [{ what: `${r.driver} registration rush`, verdict: r.rush.verdict }] : []),
      { what: `${r.driver} office lists p95`, verdict: r.lists.verdict },
      ...(r.catalogue?.verdict ? [{ what: `${r.driver} trainings catalogue`, verdict: r.catalogue.verdict }] : []),
    ]),
    ...mailingResults.map((r) => ({ what: "postgres mailing campaign", verdict: r.verdict })),
  ];
  const missed = verdicts.filter((v) => v.verdict === "MISS");
  console.log(
    `\ntargets: ${verdicts.length - missed.length} of ${verdicts.length} PASS` +
      (missed.length ? `; MISS: ${missed.map((m) => m.what).join(", ")} (informative: the run does not fail on a MISS)` : ""),
  );
  const totalS = (performance.now() - started) / 1000;
  const cpus = os.cpus();
  const report = {
    generatedAt: new Date().toISOString(),
    note: "Ratios are against the bare-Hono baseline measured in the same run on the same machine; absolute numbers vary by machine. Targets inform, they do not gate.",
    machine: {
      node: process.version,
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      cpu: cpus[0]?.model ?? "unknown",
      cpus: cpus.length,
      memoryGb: Math.round(os.totalmem() / 1024 ** 3),
      loadAverage1m: { start: round1(loadBefore[0]!), end: round1(os.loadavg()[0]!) },
    },
    settings: {
      connections: CONNECTIONS,
      warmupSeconds: WARMUP_S,
      durationSeconds: DURATION_S,
      pairs: PAIRS,
      pairSeconds: PAIR_S,
      goalWarmupSeconds: GOAL_WARMUP_S,
      coldStarts: COLD_STARTS,
      parts: PARTS,
      targets: TARGETS.length ? TARGETS : "all",
      search: {
        generatedResources: SEARCH_RESOURCES,
        seed: SEARCH_SEED,
        queries: SEARCH_QUERIES.length,
        maxRounds: SEARCH_MAX_ROUNDS,
        budgetSeconds: SEARCH_BUDGET_MS / 1000,
        warmupBudgetSeconds: SEARCH_WARMUP_BUDGET_MS / 1000,
        httpWarmupSeconds: HTTP_SEARCH_WARMUP_S,
        httpSeconds: HTTP_SEARCH_S,
      },
    },
    targets: {
      cachedPages: { minRatioToBaseline: PAGE_TARGET.minRatio, maxP99Ms: PAGE_TARGET.maxP99Ms },
      otherCachedResponses: { minRatioToBaseline: CACHED_TARGET.minRatio },
      coldStartMs: COLD_START_TARGET_MS,
      searchP95Ms: SEARCH_TARGET_P95_MS,
    },
    verdicts,
    results,
    search: searches,
    trainings: trainingResults,
    mailing: mailingResults,
    totalSeconds: Math.round(totalS),
  };
  mkdirSync(path.dirname(RESULTS), { recursive: true });
  writeFileSync(RESULTS, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`written ${path.relative(ROOT, RESULTS)} (run took ${totalS.toFixed(0)} s)`);
}

const watchdog = setTimeout(() => {
  console.error(`bench: still running after ${RUN_TIMEOUT_MS / 1000} s; stopping`);
  void cleanupAll().finally(() => process.exit(1));
}, RUN_TIMEOUT_MS);

let exitCode = 0;
try {
  await main();
} catch (err) {
  exitCode = 1;
  console.error(
    `\nbench FAILED: ${err instanceof BenchError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
  );
} finally {
  clearTimeout(watchdog);
  await cleanupAll();
}
process.exit(exitCode);
