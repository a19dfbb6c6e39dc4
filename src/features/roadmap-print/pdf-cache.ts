import type { Lang } from "../../core/i18n/index.js";
import type { PdfFormat } from "./pdf.js";

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
