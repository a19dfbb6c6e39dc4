import type { App } from "../../core/http/router.js";

/** JSON API (/api/roadmap) and the Open Referral HSDS 3.0 export (/api/hsds/...). */
export function apiRoutes(_app: App) {}
