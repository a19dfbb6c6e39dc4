import type { Context } from "hono";
import type { Logger } from "pino";
import type { Db } from "../../db/index.js";
import type { Env } from "../../env.js";
import type { Clock } from "../clock.js";
import type { Catalogs, Lang, Messages } from "../i18n/index.js";
import type { Office } from "../office/shell.js";
import type { RateLimiter } from "../ratelimit/limiter.js";
import type { PageCache } from "./cache.js";
import type { Gate } from "./gate.js";

export type SessionUser = {
  id: string;
  email: string;
  name: string | null;
  lang: Lang;
  staffRole: "staff" | "admin" | null;
};

/** What the app is built from: `createApp(deps)`. */
export type Deps = {
  db: Db;
  env: Env;
  clock: Clock;
  log: Logger;
  /** Rate-limit counts: `createLimiter(database, …)`; used through `rateLimit(c, rule, key)`. */
  limiter: RateLimiter;
  /** The message catalogs, composed from core and the features in `src/catalogs.ts`. */
  catalogs: Catalogs;
  /** Public pages cache; optional so tests can leave it out. */
  pageCache?: PageCache;
  /**
   * For tests: a gate (`createGate`) to use instead of a feature's own, such as one that is always
   * full, to show the 503 page. `createApp` hands it to the feature; without it each makes its own.
   */
  gates?: { search?: Gate };
};

export type AppEnv = {
  Variables: {
    deps: Deps;
    requestId: string;
    nonce: string;
    lang: Lang;
    t: Messages;
    /** The office shell: navigation, audit labels and home-page lines registered by the features. */
    office: Office;
    csrfToken: string;
    user: SessionUser | null;
    sessionIdHash: string | null;
  };
};

export type Ctx = Context<AppEnv>;

/**
 * Makes `c.var` cheap: Hono's getter copies every variable into a new object on each read
 * (`Object.fromEntries`), and pages read `c.var` dozens of times per request. From here on
 * `c.set` also writes a plain object that `c.var` returns. Call it before anything is set.
 */
export function plainVars(c: Ctx) {
  const vars: Record<string, unknown> = {};
  const set = c.set as (key: string, value: unknown) => void;
  (c as { set: unknown }).set = (key: string, value: unknown) => {
    set(key, value);
    vars[key] = value;
  };
  Object.defineProperty(c, "var", { value: vars, configurable: true });
}
