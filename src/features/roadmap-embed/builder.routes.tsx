import { z } from "zod";
import { catalogs } from "../../catalogs.js";
import { requireUser } from "../../core/auth/authorise.js";
import { parseQuery } from "../../core/forms.js";
import { type App, page } from "../../core/http/router.js";
import { LANGS } from "../../core/i18n/index.js";
import { render } from "../../core/views/render.js";
import { url } from "../../routes.js";
import { activeTopics } from "../roadmap/service.js";
import { checkAccent, DEFAULT_ACCENT, embedQuery, embedUrl } from "./embed.js";
import { Builder } from "./views.js";

const builderQuery = z.object({
  lang: z.enum(LANGS).optional().catch(undefined),
  topics: z.array(z.string()).optional(),
  accent: z.string().max(20).optional().catch(undefined),
});

/** The snippet builder, for any signed-in account (a board member's, say). */
export function embedBuilderRoutes(app: App) {
  page(app, "GET", "roadmapEmbedBuilder", async (c) => {
    requireUser(c);
    const { t, lang, deps } = c.var;
    const raw = parseQuery(c, builderQuery, { lists: ["topics"] });
    const accentInput = (raw.accent?.trim() || `#${DEFAULT_ACCENT}`).trim();
    // Not a colour, or a colour too light: the field says which; the preview keeps the default colour.
    const accent = checkAccent(accentInput);
    const q = embedQuery.parse({ lang: raw.lang ?? lang, topics: (raw.topics ?? []).join(","), accent: accent.hex ?? DEFAULT_ACCENT });
    const accentError = accent.error;
    const all = await activeTopics(deps.db);
    const src = embedUrl(deps.env.BASE_URL, q);
    const snippet = `<iframe src="${src}" title="${catalogs[q.lang].embed.frameTitle}" data-vangnet-embed loading="lazy" width="100%" height="640" style="border:0;max-width:100%"></iframe>\n<script src="${deps.env.BASE_URL}/static/embed.js" async></script>`;
    const link = `${deps.env.BASE_URL}${url(q.lang, "roadmap")}`;
    return render(
      c,
      { title: t.embed.builderTitle, wide: true, status: accentError ? 422 : 200 },
      <Builder q={q} all={all} accentInput={accentInput} accentError={accentError} snippet={snippet} link={link} />,
    );
  });
}
