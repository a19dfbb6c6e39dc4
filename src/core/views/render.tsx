import type { Child } from "hono/jsx";
import type { Ctx } from "../http/context.js";
import { PageContext, type PageCtx } from "./context.js";
import { Layout } from "./Layout.js";

export function pageCtx(c: Ctx): PageCtx {
  const url = new URL(c.req.url);
  return {
    lang: c.var.lang,
    t: c.var.t,
    nonce: c.var.nonce,
    csrfToken: c.var.csrfToken,
    user: c.var.user,
    path: url.pathname + url.search,
    env: c.var.deps.env,
  };
}

type RenderOpts = { title: string; status?: 200 | 400 | 403 | 404 | 409 | 422 | 429 | 500; wide?: boolean; noindex?: boolean };

/** Renders a page inside the layout. Status 422 for a form with errors. */
export function render(c: Ctx, opts: RenderOpts, body: Child) {
  const page = pageCtx(c);
  if (c.var.user) c.header("Cache-Control", "private, no-store");
  return c.html(
    <PageContext.Provider value={page}>
      <Layout title={opts.title} wide={opts.wide} noindex={opts.noindex}>
        {body}
      </Layout>
    </PageContext.Provider>,
    opts.status ?? 200,
  );
}
