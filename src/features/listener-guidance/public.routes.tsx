import { notFound } from "../../core/errors.js";
import { type App, page } from "../../core/http/router.js";
import { render } from "../../core/views/render.js";
import { text } from "../../core/views/text.js";
import { allGuidance, GUIDANCE, guidanceBySlug } from "./service.js";
import { GuidanceArticle, GuidanceIndex } from "./views.js";

/** The guidance for boards on peer listeners: the index and each page, cached (every edit bumps GUIDANCE). */
export function guidancePublicRoutes(app: App) {
  page(
    app,
    "GET",
    "guidance",
    async (c) => {
      const { deps, t } = c.var;
      return render(c, { title: t.guidance.title }, <GuidanceIndex pages={await allGuidance(deps.db)} />);
    },
    { cache: { capability: GUIDANCE } },
  );

  page(
    app,
    "GET",
    "guidancePage",
    async (c) => {
      const found = await guidanceBySlug(c.var.deps.db, c.req.param("slug") ?? "");
      if (!found) throw notFound();
      return render(c, { title: text(found.title, c.var.lang) }, <GuidanceArticle page={found} />);
    },
    { cache: { capability: GUIDANCE } },
  );
}
