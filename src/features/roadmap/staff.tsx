import type { App } from "../../core/http/router.js";

export function roadmapStaffRoutes(_app: App) {}
