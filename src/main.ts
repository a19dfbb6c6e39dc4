import { createApp } from "./app.js";
import { catalogs } from "./catalogs.js";
import { systemClock } from "./core/clock.js";
import { contentStamps } from "./core/content/versions.js";
import { PageCache } from "./core/http/cache.js";
import { createLogger } from "./core/http/logging.js";
import { isLoopbackAddress } from "./core/http/security.js";
import { createLimiter } from "./core/ratelimit/limiter.js";
import { openDatabase } from "./db/index.js";
import { DEMO_ACCOUNTS } from "./demo/accounts.js";
import { EnvError, loadEnv } from "./env.js";
import { developmentKeyNotice } from "./features/confidential-contact/crypto.js";
import { organisations } from "./features/organisations/schema.js";
import { refreshLegacyNameKeys } from "./features/organisations/service.js";
import { createAppWorker } from "./jobs.js";
import { startServer } from "./server.js";

let env: ReturnType<typeof loadEnv>;
try {
  env = loadEnv();
} catch (err) {
  if (err instanceof EnvError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
const log = createLogger(env);
// Outside production without CONTACT_KEYS, the confidential contact uses a fixed development key: said once, here.
const keyNotice = developmentKeyNotice(env);
if (keyNotice) log.warn(keyNotice);
const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
await database.migrate();
// Organisation names from before look-alike keys get theirs (a no-op once done).
const clashes = await refreshLegacyNameKeys(database.db);
if (clashes.length) log.warn({ organisations: clashes }, "organisation names that look alike; rename one of each pair");
const dev = env.NODE_ENV !== "production";
let seeded = false;
if (dev && env.DEMO_CONTENT === "auto" && (await database.db.select({ id: organisations.id }).from(organisations).limit(1)).length === 0) {
  // The demo content (and its thousand lines of data) is loaded only for a database that gets it.
  const { seedDemoIfEmpty } = await import("./demo/seed.js");
  seeded = await seedDemoIfEmpty(database.db, env, systemClock.now());
}
const deps = {
  db: database.db,
  env,
  clock: systemClock,
  log,
  limiter: createLimiter(database, { clock: systemClock, secret: env.SESSION_SECRET }),
  catalogs,
  pageCache: new PageCache(() => contentStamps(database.db)),
};
const app = createApp(deps);
const worker = createAppWorker(deps);

const server = startServer(app, deps, { port: env.PORT, hostname: env.HOST }, (info) => {
  const base = env.BASE_URL;
  const local = isLoopbackAddress(env.HOST) || env.HOST === "localhost";
  const lines = [
    "",
    // performance.now() counts from the start of the process: loading the code included.
    `  Vangnet is running at ${base}  (ready in ${Math.round(performance.now())} ms)`,
    `  Listens:  on ${env.HOST.includes(":") ? `[${env.HOST}]` : env.HOST}:${info.port}${local ? " (this machine only; HOST=0.0.0.0 opens it to the network)" : ""}`,
    `  Database: ${database.describe}${seeded ? ", filled with demo content" : ""}`,
    `  Mail:     ${env.SMTP_URL ? "sent over SMTP" : dev ? `held in the outbox (no SMTP_URL); read it at ${base}/en/dev/mail` : "held in the outbox (no SMTP_URL)"}`,
  ];
  if (dev) {
    lines.push(
      `  Sign in:  as the demo office account (${DEMO_ACCOUNTS.admin.email}) at ${base}/en/dev/sign-in`,
      `            or ask for a link at ${base}/en/sign-in and open it from the dev mailbox`,
    );
  }
  console.log(`${lines.join("\n")}\n`);
  // Nothing the jobs do is urgent at boot: they start once the first pages have been answered.
  setTimeout(() => {
    if (!stopping) worker.start(env.JOBS_POLL_MS);
  }, JOBS_DELAY_MS).unref();
});

const JOBS_DELAY_MS = 2000;
let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  server.close();
  await worker.stop();
  await database.close();
  process.exit(0);
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
