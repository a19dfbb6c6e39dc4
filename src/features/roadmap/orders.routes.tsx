import type { App } from "../../core/http/router.js";

/** Printed roadmap orders (public form, confirmation, office queue). */
export function orderRoutes(_app: App) {}
