import type { App } from "../../core/http/router.js";

/** The embeddable roadmap, its snippet builder and QR code. */
export function embedRoutes(_app: App) {}

/** `/embed/...` pages: registered before CSRF and sessions (no cookies, frameable). */
export function embedPublicRoutes(_app: App) {}
