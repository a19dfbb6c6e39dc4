import type { Handler, Hono } from "hono";
import { ROUTES, type RouteKey } from "../../routes.js";
import { LANGS } from "../i18n/index.js";
import type { AppEnv } from "./context.js";

export type App = Hono<AppEnv>;

/** Registers a handler for a named page in both languages (`/nl/...` and `/en/...`). */
export function page(app: App, method: "GET" | "POST", key: RouteKey, handler: Handler<AppEnv>) {
  for (const lang of LANGS) {
    const p: string = ROUTES[key][lang];
    app.on(method, p === "/" ? `/${lang}` : `/${lang}${p}`, handler);
  }
}
