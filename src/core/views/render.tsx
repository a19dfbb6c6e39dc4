import type { Child } from "hono/jsx";
import { HtmlEscapedCallbackPhase, type HtmlEscapedString, raw, resolveCallback } from "hono/utils/html";
import type { Env } from "../../env.js";
import { switchLang } from "../../routes.js";
import type { Ctx } from "../http/context.js";
import { type Lang, type Messages, otherLang } from "../i18n/index.js";
import { PageContext, type PageCtx } from "./context.js";
import { escaped } from "./escape.js";
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

// ---------- the layout's frame, rendered once ----------

/**
 * Where a frame's per-request values go. A NUL never reaches a page (wellFormedUrl refuses `%00`;
 * the catalogs and settings hold none), so a marker can't be mistaken for content.
 */
const MARK = {
  title: "\u0000title\u0000",
  alt: "\u0000alt\u0000",
  main: "\u0000main\u0000",
  // What an anonymous frame must not read: if the layout ever shows one of these, it has no frame.
  path: "\u0000path\u0000",
  nonce: "\u0000nonce\u0000",
  csrf: "\u0000csrf\u0000",
} as const;

/** The layout of an anonymous page split around its holes (title, the other language's address twice, main), as UTF-8. */
type Frame = readonly [Buffer, Buffer, Buffer, Buffer, Buffer];

let framing = true;
/** For tests: `false` renders every page whole, to compare with the framed render. */
export function useFrames(on: boolean) {
  framing = on;
}

/** Frames per settings, catalog, language and (wide, noindex); null: this layout can't be framed. */
const frames = new WeakMap<Env, WeakMap<Messages, Map<string, Frame | null>>>();

/**
 * The layout of an anonymous page (header, navigation, footer), rendered once per settings,
 * catalog, language and (wide, noindex), with markers where the title, the other language's
 * address and the page's content go. It depends on nothing else: an anonymous layout shows no
 * user, token or nonce (checked: markers stand in for them and must not show up).
 */
export function frameOf(page: PageCtx, wide: boolean, noindex: boolean): Frame | null {
  let byT = frames.get(page.env);
  if (!byT) {
    byT = new WeakMap();
    frames.set(page.env, byT);
  }
  let byKey = byT.get(page.t);
  if (!byKey) {
    byKey = new Map();
    byT.set(page.t, byKey);
  }
  const key = `${page.lang}|${wide}|${noindex}`;
  let frame = byKey.get(key);
  if (frame === undefined) {
    frame = buildFrame({ ...page, user: null, path: MARK.path, nonce: MARK.nonce, csrfToken: MARK.csrf }, wide, noindex);
    byKey.set(key, frame);
  }
  return frame;
}

function buildFrame(page: PageCtx, wide: boolean, noindex: boolean): Frame | null {
  const html = (
    <PageContext.Provider value={page}>
      <Layout title={MARK.title} altHref={MARK.alt} wide={wide} noindex={noindex}>
        {raw(MARK.main)}
      </Layout>
    </PageContext.Provider>
  ).toString();
  if (typeof html !== "string") return null;
  const parts: string[] = [];
  let from = 0;
  for (const mark of [MARK.title, MARK.alt, MARK.alt, MARK.main]) {
    const at = html.indexOf(mark, from);
    if (at < 0) return null;
    parts.push(html.slice(from, at));
    from = at + mark.length;
  }
  parts.push(html.slice(from));
  // Any other marker (the path, a nonce, a token) or a hole shown twice: this layout can't be framed.
  if (parts.some((p) => p.includes("\u0000"))) return null;
  return parts.map((p) => Buffer.from(p, "utf8")) as unknown as Frame;
}

/**
 * A tag that hono/jsx may move into the document's head (`<title>`, `<meta>`, `<link>`, `<style>`
 * and an async `<script>` outside it): a page whose content shows one is rendered whole, with its
 * layout, as before.
 */
const HOISTABLE = /<(?:title|meta|link|style)[\s>/]|<script[^>]*\sasync[\s=>/]/;

/** A page framed as bytes: the body, and the texts made for this request (what may hold its CSRF token). */
type Framed = { bytes: Uint8Array<ArrayBuffer>; texts: string[] };

/** The other language's address of a path (`switchLang`'s route look-up), per language and path without query; bounded. */
const alternates = new Map<string, string | null>();
const MAX_ALTERNATES = 1000;

/**
 * `switchLang(path, lang, other)`, with the route look-up (a regular expression per route until one
 * matches) done once per path: a matched route's address, with the query as `switchLang` keeps
 * it; a path no route matches (`null`) goes to `switchLang` every time.
 */
function otherLanguage(path: string, lang: Lang): string {
  const other = otherLang(lang);
  const [pathname = "", query] = path.split("?", 2);
  const key = `${lang}${pathname}`;
  let hit = alternates.get(key);
  if (hit === undefined) {
    // A matched route keeps the query: a marked one tells a match from the home page it falls back to.
    const marked = switchLang(`${pathname}?\u0000`, lang, other);
    hit = marked.endsWith("?\u0000") ? marked.slice(0, -2) : null;
    if (alternates.size >= MAX_ALTERNATES) alternates.clear();
    alternates.set(key, hit);
  }
  if (hit === null) return switchLang(path, lang, other);
  return query ? `${hit}?${query}` : hit;
}

/** Where bytes kept by `rawBytes` go in a framed page's content: `\u0000bytes:<index>\u0000`. */
const BYTES = "\u0000bytes:";

/**
 * HTML made once and kept both as text and as UTF-8 bytes (search results' cards), placed in a
 * page in this order: while the page is rendered as bytes, one marker that the bytes replace (no
 * text to search or encode per request); otherwise the texts.
 */
export function rawBytes(page: PageCtx, parts: readonly { text: string; bytes: Uint8Array }[]): HtmlEscapedString {
  if (!page.chunks) return raw(parts.map((p) => p.text).join(""));
  page.chunks.push(parts.map((p) => p.bytes));
  return raw(`${BYTES}${page.chunks.length - 1}\u0000`);
}

/** An anonymous page in its frame, as bytes; null when its content shows a tag hono/jsx would move into the head. */
async function renderFramed(page: PageCtx, frame: Frame, opts: Omit<RenderOpts, "status">, body: Child): Promise<Framed | null> {
  const chunks: Uint8Array[][] = [];
  const main: string = await resolveCallback(
    <PageContext.Provider value={{ ...page, chunks }}>{body}</PageContext.Provider>,
    HtmlEscapedCallbackPhase.Stringify,
    false,
    {},
  );
  if (HOISTABLE.test(main)) return null;
  const title = escaped(opts.title);
  const alt = escaped(otherLanguage(page.path, page.lang));
  const altBytes = Buffer.from(alt, "utf8");
  const list: Uint8Array[] = [frame[0], Buffer.from(title, "utf8"), frame[1], altBytes, frame[2], altBytes, frame[3]];
  let from = 0;
  for (let at = main.indexOf(BYTES); at >= 0; at = main.indexOf(BYTES, from)) {
    const end = main.indexOf("\u0000", at + BYTES.length);
    const bytes = chunks[Number(main.slice(at + BYTES.length, end))];
    if (end < 0 || !bytes) throw new Error("a page's kept bytes are out of place");
    if (at > from) list.push(Buffer.from(main.slice(from, at), "utf8"));
    for (const b of bytes) list.push(b);
    from = end + 1;
  }
  list.push(Buffer.from(main.slice(from), "utf8"), frame[4]);
  return { bytes: Buffer.concat(list) as Uint8Array<ArrayBuffer>, texts: [title, alt, main] };
}

/**
 * A page inside the layout: an anonymous page in its frame, as bytes (the layout and the kept
 * cards are UTF-8 already; Node would otherwise measure and encode the whole page's text per
 * response), any other page as HTML text. Throws what the views throw.
 */
async function renderPage(c: Ctx, opts: Omit<RenderOpts, "status">, body: Child): Promise<string | Framed> {
  const page = pageCtx(c);
  const frame = page.user || !framing ? null : frameOf(page, Boolean(opts.wide), Boolean(opts.noindex));
  const framed = frame && (await renderFramed(page, frame, opts, body));
  if (framed) return framed;
  const node = (
    <PageContext.Provider value={page}>
      <Layout title={opts.title} wide={opts.wide} noindex={opts.noindex}>
        {body}
      </Layout>
    </PageContext.Provider>
  );
  return resolveCallback(node, HtmlEscapedCallbackPhase.Stringify, false, {});
}

/** A page inside the layout, as HTML text. Throws what the views throw. */
export async function renderHtml(c: Ctx, opts: Omit<RenderOpts, "status">, body: Child): Promise<string> {
  const page = await renderPage(c, opts, body);
  return typeof page === "string" ? page : Buffer.from(page.bytes.buffer, page.bytes.byteOffset, page.bytes.byteLength).toString("utf8");
}

/**
 * Renders a page inside the layout. Status 422 for a form with errors. A page for a signed-in
 * user is sent with `Cache-Control: private, no-store`; an anonymous page that embeds this
 * browser's CSRF token (any POST form) with `no-store`: a stored copy would hold a token that the
 * next visitor's cookie does not match. (A framed page's layout and kept cards hold no token, and
 * a token, base64url, can't run across their edges: the texts made for the request are searched.)
 */
export async function render(c: Ctx, opts: RenderOpts, body: Child) {
  const page = await renderPage(c, opts, body);
  const token = c.var.csrfToken;
  if (c.var.user) c.header("Cache-Control", "private, no-store");
  else if (token && (typeof page === "string" ? page.includes(token) : page.texts.some((t) => t.includes(token))))
    c.header("Cache-Control", "no-store");
  if (typeof page === "string") return c.html(page, opts.status ?? 200);
  // As `c.html` sends it: the same status and headers.
  return c.body(page.bytes, opts.status ?? 200, { "Content-Type": "text/html; charset=UTF-8" });
}
