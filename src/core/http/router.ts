import type { Handler, Hono } from "hono";
import { ROUTES, type RouteKey } from "../../routes.js";
import { LANGS } from "../i18n/index.js";
import { type CacheRule, cached } from "./cache.js";
import type { AppEnv } from "./context.js";

export type App = Hono<AppEnv>;

/**
 * Registers a handler for a named page in both languages (`/nl/...` and `/en/...`). A public GET
 * page that is the same for every anonymous visitor declares its `cache` rule (see `CacheRule`):
 * then it is kept in the page cache, and it sees only the query parameters the rule names.
 */
export function page(app: App, method: "GET" | "POST", key: RouteKey, handler: Handler<AppEnv>, opts: { cache?: CacheRule } = {}) {
  for (const lang of LANGS) {
    const p: string = ROUTES[key][lang];
    const path = p === "/" ? `/${lang}` : `/${lang}${p}`;
    app.on(method, path, handler);
    if (opts.cache && method === "GET") cached(app, path, opts.cache);
  }
}
