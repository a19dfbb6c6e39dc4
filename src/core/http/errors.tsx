import type { Context } from "hono";
import { url } from "../../routes.js";
import { AppError } from "../errors.js";
import { type CoreMessages, coreMessages, type Lang } from "../i18n/index.js";
import { render } from "../views/render.js";
import type { AppEnv } from "./context.js";
import { loggableError } from "./logging.js";
import { FRAMEABLE, securityHeaderList } from "./security.js";

export type ErrorStatus = 400 | 403 | 404 | 413 | 429 | 500 | 503;

function ErrorPage({
  title,
  body,
  hint,
  reference,
  homeHref,
  homeLabel,
  refLabel,
}: {
  title: string;
  body: string;
  hint?: string;
  reference?: string;
  homeHref: string;
  homeLabel: string;
  refLabel: string;
}) {
  return (
    <div class="error-page">
      <h1>{title}</h1>
      <p>{body}</p>
      {hint && <p>{hint}</p>}
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

function texts(t: CoreMessages, status: ErrorStatus, code?: string, retryAfterSeconds?: number): [string, string] {
  const h = t.http;
  if (status === 400) return [h.badRequestTitle, h.badRequestBody];
  if (status === 404) return [h.notFoundTitle, h.notFoundBody];
  if (status === 413) return [h.tooLargeTitle, h.tooLargeBody];
  if (status === 429) return [h.tooManyTitle, h.tooManyBody(Math.ceil((retryAfterSeconds ?? 15 * 60) / 60))];
  if (status === 503) return [h.busyTitle, h.busyBody];
  if (status === 403 && code?.startsWith("csrf")) return [h.csrfTitle, h.csrfBody];
  if (status === 403) return [h.forbiddenTitle, h.forbiddenBody];
  return [h.serverErrorTitle, h.serverErrorBody];
}

const API_ERRORS: Record<ErrorStatus, [string, string]> = {
  400: ["bad_request", "The request could not be understood (for example a malformed percent-encoding)."],
  403: ["forbidden", "Not allowed."],
  404: ["not_found", "Not found."],
  413: ["payload_too_large", "The request body is too large."],
  429: ["rate_limited", "Too many requests; see Retry-After."],
  500: ["server_error", "Something went wrong on our side."],
  503: ["busy", "Too busy right now; see Retry-After."],
};

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!);

/**
 * The page of last resort, when the normal error page itself failed (a broken layout, a view that
 * throws): plain HTML from the catalog and the security headers, nothing that can throw again.
 */
function minimalErrorPage(c: Context<AppEnv>, status: ErrorStatus, opts: ErrorOpts = {}) {
  const lang: Lang = c.var.lang === "en" ? "en" : "nl";
  const [title, body] = texts(coreMessages[lang], status, undefined, opts.retryAfterSeconds);
  const production = c.var.deps?.env.NODE_ENV === "production";
  for (const [name, value] of securityHeaderList(production, FRAMEABLE.test(new URL(c.req.url).pathname))) c.header(name, value);
  c.header("Cache-Control", "no-store");
  c.header("Content-Type", "text/html; charset=UTF-8");
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p><p><a href="/${lang}">${escapeHtml(coreMessages[lang].http.toHome)}</a></p></main></body></html>`;
  return c.body(html, status);
}

type ErrorOpts = {
  /** Sent as `Retry-After` (a 429 or 503: when to come back). */
  retryAfterSeconds?: number;
  /** A 403 for a form sent from another address: the page names the one to use. */
  useOrigin?: string;
};

/**
 * The localized error page for a status (JSON `{error: {code, message}}` under `/api/`). Never
 * throws: when the page can't be rendered, a minimal page with the security headers is sent.
 */
export async function renderError(c: Context<AppEnv>, status: ErrorStatus, code?: string, opts: ErrorOpts = {}): Promise<Response> {
  try {
    if (opts.retryAfterSeconds !== undefined) c.header("Retry-After", String(Math.max(1, Math.ceil(opts.retryAfterSeconds))));
    if (new URL(c.req.url).pathname.startsWith("/api/")) {
      const [apiCode, message] = API_ERRORS[status];
      c.header("Cache-Control", "no-store");
      return c.json({ error: { code: apiCode, message } }, status);
    }
    const t = c.var.t;
    const [title, body] = texts(t, status, code, opts.retryAfterSeconds);
    return await render(
      c,
      { title, status, noindex: true },
      <ErrorPage
        title={title}
        body={body}
        hint={opts.useOrigin ? t.http.useAddress(opts.useOrigin) : undefined}
        reference={status === 500 ? c.var.requestId : undefined}
        refLabel={t.http.reference}
        homeHref={url(c.var.lang, "home")}
        homeLabel={t.http.toHome}
      />,
    );
  } catch (err) {
    try {
      c.var.deps?.log.error(
        { req: c.var.requestId, status, err: loggableError(err as Error).err },
        "error page failed; sent the minimal one",
      );
    } catch {
      // Logging must not stop the answer.
    }
    return minimalErrorPage(c, status, opts);
  }
}

export function onError(err: Error, c: Context<AppEnv>) {
  if (err instanceof AppError) {
    if (err.status === 401) {
      const here = new URL(c.req.url);
      const next = c.req.method === "GET" ? here.pathname + here.search : undefined;
      return c.redirect(url(c.var.lang, "signIn", {}, { next }), 303);
    }
    if (err.status === 403 || err.status === 404 || err.status === 413 || err.status === 429 || err.status === 503) {
      const useOrigin = err.code === "csrf_origin" ? new URL(c.var.deps.env.BASE_URL).origin : undefined;
      return renderError(c, err.status, err.code, { retryAfterSeconds: err.retryAfterSeconds, useOrigin });
    }
    return renderError(c, 400);
  }
  // Hono's own HTTP errors (malformed bodies and the like) are the client's fault: not a 500.
  const status = (err as { status?: number }).status;
  if (typeof status === "number" && status >= 400 && status < 500) {
    c.var.deps?.log.info({ req: c.var.requestId, status }, "client error");
    return renderError(c, status === 404 ? 404 : status === 413 ? 413 : 400);
  }
  c.var.deps?.log.error({ req: c.var.requestId, ...loggableError(err) }, "unhandled error");
  return renderError(c, 500);
}
