import type { Context } from "hono";
import { url } from "../../routes.js";
import { AppError } from "../errors.js";
import { render } from "../views/render.js";
import type { AppEnv } from "./context.js";
import { loggableError } from "./logging.js";

function ErrorPage({
  title,
  body,
  reference,
  homeHref,
  homeLabel,
  refLabel,
}: {
  title: string;
  body: string;
  reference?: string;
  homeHref: string;
  homeLabel: string;
  refLabel: string;
}) {
  return (
    <div class="error-page">
      <h1>{title}</h1>
      <p>{body}</p>
      {reference && (
        <p class="muted">
          {refLabel}: <code>{reference}</code>
        </p>
      )}
      <p>
        <a href={homeHref}>{homeLabel}</a>
      </p>
    </div>
  );
}

/** The error page for `status`; a 429 says how many minutes to wait (`retryAfterSeconds`, 15 minutes when unknown). */
export function renderError(c: Context<AppEnv>, status: 400 | 403 | 404 | 429 | 500, code?: string, retryAfterSeconds?: number) {
  const t = c.var.t;
  const [title, body] =
    status === 400
      ? [t.http.badRequestTitle, t.http.badRequestBody]
      : status === 404
        ? [t.http.notFoundTitle, t.http.notFoundBody]
        : status === 429
          ? [t.http.tooManyTitle, t.http.tooManyBody(Math.ceil((retryAfterSeconds ?? 15 * 60) / 60))]
          : status === 403 && code === "csrf"
            ? [t.http.csrfTitle, t.http.csrfBody]
            : status === 403
              ? [t.http.forbiddenTitle, t.http.forbiddenBody]
              : [t.http.serverErrorTitle, t.http.serverErrorBody];
  return render(
    c,
    { title, status, noindex: true },
    <ErrorPage
      title={title}
      body={body}
      reference={status === 500 ? c.var.requestId : undefined}
      refLabel={t.http.reference}
      homeHref={url(c.var.lang, "home")}
      homeLabel={t.http.toHome}
    />,
  );
}

export function onError(err: Error, c: Context<AppEnv>) {
  if (err instanceof AppError) {
    if (err.status === 401) {
      const here = new URL(c.req.url);
      const next = c.req.method === "GET" ? here.pathname + here.search : undefined;
      return c.redirect(url(c.var.lang, "signIn", {}, { next }), 303);
    }
    if (err.status === 429) {
      if (err.retryAfterSeconds !== undefined) c.header("Retry-After", String(err.retryAfterSeconds));
      return renderError(c, 429, err.code, err.retryAfterSeconds);
    }
    if (err.status === 403 || err.status === 404) return renderError(c, err.status, err.code);
    return renderError(c, 400);
  }
  // Hono's own HTTP errors (malformed bodies and the like) are the client's fault: not a 500.
  const status = (err as { status?: number }).status;
  if (typeof status === "number" && status >= 400 && status < 500) {
    c.var.deps.log.info({ req: c.var.requestId, status }, "client error");
    return renderError(c, status === 404 ? 404 : 400);
  }
  c.var.deps.log.error({ req: c.var.requestId, ...loggableError(err) }, "unhandled error");
  return renderError(c, 500);
}
