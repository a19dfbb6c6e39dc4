import { z } from "zod";
import { catalogs } from "../../catalogs.js";
import { STATIC } from "../../core/content/versions.js";
import { parseQuery } from "../../core/forms.js";
import { cached } from "../../core/http/cache.js";
import type { Ctx } from "../../core/http/context.js";
import { etagMatches } from "../../core/http/etag.js";
import { type App, page } from "../../core/http/router.js";
import { LANGS, type Lang } from "../../core/i18n/index.js";
import { PageContext } from "../../core/views/context.js";
import { pageCtx } from "../../core/views/render.js";
import { url } from "../../routes.js";
import { publicDirectory, ROADMAP } from "../roadmap/service.js";
import { type EmbedQuery, embedQuery } from "./embed.js";
import { QR_SIZE, QrCache, qrEtag } from "./qr.js";
import { EmbedPage } from "./views.js";

/** The QR code's query: the language of the page it leads to (else the path's), and whether to download it. */
const qrQuery = z.object({ lang: z.enum(LANGS).optional().catch(undefined), download: z.string().optional().catch(undefined) });

async function embedData(c: Ctx, q: EmbedQuery) {
  const dir = await publicDirectory(c.var.deps.db);
  const topics = q.topics.length ? dir.topics.filter((tp) => q.topics.includes(tp.slug) || tp.urgent) : dir.topics;
  return { topics, resources: dir.resources };
}

/**
 * `/embed/...` (the only frameable routes) and the QR code: registered before CSRF and sessions, so
 * they use no cookies.
 */
export function embedPublicRoutes(app: App) {
  app.get("/embed/roadmap", async (c) => {
    const q = parseQuery(c, embedQuery);
    const data = await embedData(c, q);
    const ctx = { ...pageCtx(c), lang: q.lang, t: catalogs[q.lang] };
    return c.html(
      <PageContext.Provider value={ctx}>
        <EmbedPage q={q} {...data} />
      </PageContext.Provider>,
    );
  });
  // The same bytes for everyone: it never shows who is signed in.
  cached(app, "/embed/roadmap", { capability: ROADMAP, params: ["lang", "topics", "accent"], shared: true });

  // The QR image is public and cacheable: served before CSRF, so no cookie rides along. It is drawn
  // once per content (the URL it encodes and its size) and revalidated by a strong ETag.
  const qr = new QrCache();
  page(
    app,
    "GET",
    "roadmapQr",
    async (c) => {
      const { deps, lang } = c.var;
      const q = parseQuery(c, qrQuery);
      const target: Lang = q.lang ?? lang;
      const text = `${deps.env.BASE_URL}${url(target, "roadmap")}`;
      const etag = qrEtag(text, QR_SIZE);
      const headers: Record<string, string> = { ETag: etag, "Cache-Control": "public, max-age=86400" };
      if (q.download) headers["Content-Disposition"] = `attachment; filename="roadmap-qr-${target}.png"`;
      if (etagMatches(c.req.header("if-none-match"), etag)) return c.body(null, 304, headers);
      const png = await qr.get(text, QR_SIZE);
      return c.body(png.slice(), 200, { ...headers, "Content-Type": "image/png" });
    },
    { cache: { capability: STATIC, params: ["lang", "download"], shared: true } },
  );

  app.get("/embed/theme.css", (c) => {
    const { accent } = parseQuery(c, embedQuery);
    return c.body(`:root{--accent:#${accent}}\n`, 200, {
      "Content-Type": "text/css; charset=utf-8",
      "Cache-Control": "public, max-age=86400",
    });
  });
  cached(app, "/embed/theme.css", { capability: STATIC, params: ["accent"], shared: true });
}
