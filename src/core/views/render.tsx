import type { Child } from "hono/jsx";
import { HtmlEscapedCallbackPhase, resolveCallback } from "hono/utils/html";
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
    office: c.var.office,
  };
}

export type RenderOpts = {
  title: string;
  status?: 200 | 400 | 403 | 404 | 409 | 413 | 422 | 429 | 500 | 503;
  wide?: boolean;
  noindex?: boolean;
};

/** A page inside the layout, as HTML text. Throws what the views throw. */
export async function renderHtml(c: Ctx, opts: Omit<RenderOpts, "status">, body: Child): Promise<string> {
  const page = pageCtx(c);
  const node = (
    <PageContext.Provider value={page}>
      <Layout title={opts.title} wide={opts.wide} noindex={opts.noindex}>
        {body}
      </Layout>
    </PageContext.Provider>
  );
  return resolveCallback(node, HtmlEscapedCallbackPhase.Stringify, false, {});
}

/**
 * Renders a page inside the layout. Status 422 for a form with errors. A page for a signed-in
 * user is sent with `Cache-Control: private, no-store`; an anonymous page that embeds this
 * browser's CSRF token (any POST form) with `no-store`: a stored copy would hold a token that the
 * next visitor's cookie does not match.
 */
export async function render(c: Ctx, opts: RenderOpts, body: Child) {
  const html = await renderHtml(c, opts, body);
  const token = c.var.csrfToken;
  if (c.var.user) c.header("Cache-Control", "private, no-store");
  else if (token && html.includes(token)) c.header("Cache-Control", "no-store");
  return c.html(html, opts.status ?? 200);
}
