import type { Ctx } from "../../core/http/context.js";
import { etagMatches } from "../../core/http/etag.js";
import { type App, page } from "../../core/http/router.js";
import type { Lang } from "../../core/i18n/index.js";
import type { PdfFormat } from "./pdf.js";
import { contentVersion, publicDirectory } from "./service.js";

/**
 * Generated PDFs in memory, per (content version, language, format). A new content version drops
 * the older ones; concurrent requests for the same PDF share one generation.
 */
export class PdfCache {
  private version = -1;
  private entries = new Map<string, Promise<Buffer>>();

  get(version: number, key: string, make: () => Promise<Buffer>): Promise<Buffer> {
    if (version !== this.version) {
      // Versions only go up; an older version's request (a slow one) is served without caching.
      if (version < this.version) return make();
      this.entries.clear();
      this.version = version;
    }
    let hit = this.entries.get(key);
    if (!hit) {
      hit = make();
      this.entries.set(key, hit);
      // A failed generation is not kept: the next request tries again.
      hit.catch(() => this.entries.delete(key));
    }
    return hit;
  }

  get size() {
    return this.entries.size;
  }
}

/** Bump when the PDF layout changes, so browsers fetch the new one. */
export const PDF_LAYOUT_VERSION = 1;

/** A strong ETag per content version, language, format and layout. */
export const pdfEtag = (version: number, lang: Lang, format: PdfFormat) => `"roadmap-v${version}-${lang}-${format}-l${PDF_LAYOUT_VERSION}"`;

/** The printable roadmap as PDF (A4 and A5 leaflet). */
export function pdfRoutes(app: App) {
  const cache = new PdfCache();

  page(app, "GET", "roadmapPdf", async (c: Ctx) => {
    const { lang, deps, t } = c.var;
    const format: PdfFormat = c.req.query("format") === "a5" ? "a5" : "a4";
    const version = await contentVersion(deps.db);
    const etag = pdfEtag(version, lang, format);
    const headers = {
      ETag: etag,
      // Always revalidate: an edit of the roadmap shows up at once, an unchanged one costs a 304.
      "Cache-Control": "no-cache",
    };
    if (etagMatches(c.req.header("if-none-match"), etag)) return c.body(null, 304, headers);
    const bytes = await cache.get(version, `${lang}:${format}`, async () => {
      // pdfkit is loaded on first use, to keep it out of the portal's start-up.
      const { roadmapPdf } = await import("./pdf.js");
      return roadmapPdf(await publicDirectory(deps.db), { lang, format, env: deps.env });
    });
    return c.body(new Uint8Array(bytes), 200, {
      ...headers,
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="${t.orders.pdf.fileName}-${format}.pdf"`,
      "Content-Length": String(bytes.length),
    });
  });
}
