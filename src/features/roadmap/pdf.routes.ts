import type { App } from "../../core/http/router.js";

/** The printable roadmap as PDF (A4 and A5 leaflet). */
export function pdfRoutes(_app: App) {}
