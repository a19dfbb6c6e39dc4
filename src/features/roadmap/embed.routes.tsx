import { raw } from "hono/html";
import { z } from "zod";
import { requireUser } from "../../core/auth/authorise.js";
import { cacheable } from "../../core/http/cache.js";
import type { Ctx } from "../../core/http/context.js";
import { type App, page } from "../../core/http/router.js";
import { catalogs, LANGS, type Lang } from "../../core/i18n/index.js";
import { PageContext, usePage } from "../../core/views/context.js";
import { pageCtx, render } from "../../core/views/render.js";
import { url } from "../../routes.js";
import { contrastWithWhite } from "./forms.js";
import { activeTopics, publicDirectory, type ResourceWithTopics, type Topic } from "./service.js";
import { L, TopicBadge, telHref, text } from "./views.js";

const DEFAULT_ACCENT = "0a5c4f";
/** At most this many places per topic in the embed; the rest are one click away. */
export const EMBED_PER_TOPIC = 8;

/** Query of an embed: language, optional topic selection, accent colour (hex without #). */
export const embedQuery = z.object({
  lang: z.enum(LANGS).catch("nl").default("nl"),
  topics: z
    .string()
    .max(2000)
    .transform((v) =>
      v
        .split(",")
        .map((s) => s.trim())
        .filter((s) => /^[a-z0-9-]{1,80}$/.test(s)),
    )
    .catch([])
    .default([]),
  accent: z
    .string()
    .regex(/^[0-9a-fA-F]{6}$/)
    .refine((v) => contrastWithWhite(`#${v}`) >= 4.5)
    .transform((v) => v.toLowerCase())
    .catch(DEFAULT_ACCENT)
    .default(DEFAULT_ACCENT),
});
export type EmbedQuery = z.output<typeof embedQuery>;

/** The embed's own URL, for iframes and snippets. */
export function embedUrl(base: string, q: EmbedQuery) {
  const p = new URLSearchParams({ lang: q.lang });
  if (q.topics.length) p.set("topics", q.topics.join(","));
  if (q.accent !== DEFAULT_ACCENT) p.set("accent", q.accent);
  return `${base}/embed/roadmap?${p}`;
}

function EmbedPage({ q, topics, resources }: { q: EmbedQuery; topics: Topic[]; resources: ResourceWithTopics[] }) {
  const { t, lang, env } = usePage();
  const office = lang === "nl" ? env.OFFICE_NAME_NL : env.OFFICE_NAME_EN;
  const full = `${env.BASE_URL}${url(lang, "roadmap")}`;
  return (
    <>
      {raw("<!doctype html>")}
      <html lang={lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{t.embed.frameTitle}</title>
          <link rel="stylesheet" href="/static/embed.css" />
          <link rel="stylesheet" href={`/embed/theme.css?accent=${q.accent}`} />
          <script src="/static/embed-frame.js" defer />
        </head>
        <body>
          {/* Named: inside a host page (or the builder's preview) it must not be a second anonymous main landmark. */}
          <main class="embed" aria-label={t.embed.frameTitle}>
            <h1>{t.embed.frameTitle}</h1>
            <p class="urgent" role="note">
              {t.roadmap.urgentLine} <a href="tel:112">112</a> · <a href="tel:113">113</a>
            </p>
            <ul class="topics">
              {topics.map((topic) => {
                const all = resources.filter((r) => r.topicIds.includes(topic.id));
                // Urgent places first; a long topic links to its full page instead of growing the embed.
                const list = [...all.filter((r) => r.urgent), ...all.filter((r) => !r.urgent)].slice(0, EMBED_PER_TOPIC);
                return (
                  <li>
                    <details open={topic.urgent}>
                      <summary>
                        <TopicBadge topic={topic} size={28} />
                        <span>
                          <L v={topic.name} />
                        </span>
                      </summary>
                      <ul class="resources">
                        {list.map((r) => (
                          <li>
                            <a
                              class="name"
                              href={`${env.BASE_URL}${url(lang, "roadmapResource", { slug: r.slug })}`}
                              target="_blank"
                              rel="noopener"
                            >
                              <L v={r.name} />
                            </a>
                            <span class="summary">
                              <L v={r.summary} />
                            </span>
                            <span class="contact">
                              {r.phones.slice(0, 2).map((p) => (
                                <a href={telHref(p.number)}>{p.number}</a>
                              ))}
                              {r.website && (
                                <a href={r.website} target="_blank" rel="noopener">
                                  {t.roadmap.website}
                                  <span class="visually-hidden">: {text(r.name, lang)}</span>
                                </a>
                              )}
                            </span>
                          </li>
                        ))}
                        {all.length > list.length && (
                          <li>
                            <a href={`${env.BASE_URL}${url(lang, "roadmapTopic", { slug: topic.slug })}`} target="_blank" rel="noopener">
                              {t.embed.allOf(all.length, text(topic.name, lang))}
                            </a>
                          </li>
                        )}
                      </ul>
                    </details>
                  </li>
                );
              })}
            </ul>
            <p class="full">
              <a href={full} target="_blank" rel="noopener">
                {t.embed.openFull}
              </a>
            </p>
            <p class="by">{t.embed.poweredBy(office)}</p>
          </main>
        </body>
      </html>
    </>
  );
}

async function embedData(c: Ctx, q: EmbedQuery) {
  const dir = await publicDirectory(c.var.deps.db);
  const topics = q.topics.length ? dir.topics.filter((tp) => q.topics.includes(tp.slug) || tp.urgent) : dir.topics;
  return { topics, resources: dir.resources };
}

/** `/embed/...`: registered before CSRF and sessions (no cookies), the only frameable routes. */
export function embedPublicRoutes(app: App) {
  app.get("/embed/roadmap", async (c) => {
    const q = embedQuery.parse(c.req.query());
    const data = await embedData(c, q);
    const ctx = { ...pageCtx(c), lang: q.lang, t: catalogs[q.lang] };
    cacheable(c);
    return c.html(
      <PageContext.Provider value={ctx}>
        <EmbedPage q={q} {...data} />
      </PageContext.Provider>,
    );
  });

  // The QR image is public and cacheable: served before CSRF, so no cookie rides along.
  page(app, "GET", "roadmapQr", async (c) => {
    const { deps, lang } = c.var;
    const target: Lang = c.req.query("lang") === "en" ? "en" : c.req.query("lang") === "nl" ? "nl" : lang;
    // Loaded on first use: it is not needed to serve pages, so it stays out of the start-up.
    const QRCode = (await import("qrcode")).default;
    const png = await QRCode.toBuffer(`${deps.env.BASE_URL}${url(target, "roadmap")}`, {
      type: "png",
      width: 600,
      margin: 2,
      errorCorrectionLevel: "M",
    });
    const headers: Record<string, string> = { "Content-Type": "image/png", "Cache-Control": "public, max-age=86400" };
    if (c.req.query("download")) headers["Content-Disposition"] = `attachment; filename="roadmap-qr-${target}.png"`;
    return c.body(new Uint8Array(png), 200, headers);
  });

  app.get("/embed/theme.css", (c) => {
    const { accent } = embedQuery.parse({ accent: c.req.query("accent") });
    return c.body(`:root{--accent:#${accent}}\n`, 200, {
      "Content-Type": "text/css; charset=utf-8",
      "Cache-Control": "public, max-age=86400",
    });
  });
}

const builderQuery = z.object({
  lang: z.enum(LANGS).optional().catch(undefined),
  topics: z.array(z.string()).optional(),
  accent: z.string().max(20).optional().catch(undefined),
});

function Builder({
  q,
  all,
  accentInput,
  accentError,
  snippet,
  link,
}: {
  q: EmbedQuery;
  all: Topic[];
  accentInput: string;
  accentError: boolean;
  snippet: string;
  link: string;
}) {
  const { t, lang } = usePage();
  const e = t.embed;
  const previewSrc = embedUrl("", q);
  return (
    <>
      <h1>{e.builderTitle}</h1>
      <p class="narrow">{e.builderIntro}</p>
      <div class="builder">
        <form method="get" action={url(lang, "roadmapEmbedBuilder")} class="form" novalidate>
          <fieldset class="field">
            <legend>{e.lang}</legend>
            {LANGS.map((l) => (
              <div class="checkbox">
                <input type="radio" id={`b-lang-${l}`} name="lang" value={l} checked={q.lang === l} />
                <label for={`b-lang-${l}`}>{t.org.langs[l]}</label>
              </div>
            ))}
          </fieldset>
          <fieldset class="field">
            <legend>{e.topics}</legend>
            <p class="hint">{e.topicsHint}</p>
            <ul class="checkbox-grid">
              {all.map((tp, i) => (
                <li class="checkbox">
                  <input type="checkbox" id={`b-topic-${i}`} name="topics" value={tp.slug} checked={q.topics.includes(tp.slug)} />
                  <label for={`b-topic-${i}`}>{text(tp.name, lang)}</label>
                </li>
              ))}
            </ul>
          </fieldset>
          <div class={accentError ? "field has-error" : "field"}>
            <label for="b-accent">{e.accent}</label>
            <p class="hint" id="b-accent-hint">
              {e.accentHint}
            </p>
            {accentError && (
              <p class="field-error" id="b-accent-error">
                <span class="visually-hidden">{t.errors.prefix} </span>
                {t.roadmap.staff.errors.contrast}
              </p>
            )}
            <input
              id="b-accent"
              name="accent"
              class="input w-s"
              value={accentInput}
              aria-describedby={accentError ? "b-accent-hint b-accent-error" : "b-accent-hint"}
              aria-invalid={accentError ? "true" : undefined}
            />
          </div>
          <div class="form-actions">
            <button type="submit" class="button primary">
              {e.update}
            </button>
          </div>
        </form>
        <section aria-labelledby="b-preview">
          <h2 id="b-preview">{e.preview}</h2>
          <iframe src={previewSrc} title={e.frameTitle} class="embed-preview" loading="lazy" />
        </section>
      </div>
      <h2>
        <label for="b-snippet">{e.snippet}</label>
      </h2>
      <p class="hint" id="b-snippet-hint">
        {e.snippetHint}
      </p>
      <textarea id="b-snippet" class="input code" rows={4} readonly aria-describedby="b-snippet-hint">
        {snippet}
      </textarea>
      <p>
        <button type="button" class="button secondary" data-copy="b-snippet" data-copied={e.copied} hidden>
          {e.copy}
        </button>
      </p>
      <script src="/static/copy.js" defer />
      <h2>{e.newsletterTitle}</h2>
      <p>{e.newsletterBody}</p>
      <p>
        {e.link}: <a href={link}>{link}</a>
      </p>
      <p>
        <img src={url(lang, "roadmapQr", {}, { lang: q.lang })} alt={e.qrAlt} width="200" height="200" class="qr" />
      </p>
      <p>
        <a class="button secondary" href={url(lang, "roadmapQr", {}, { lang: q.lang, download: "1" })} download="roadmap-qr.png">
          {e.qrDownload}
        </a>
      </p>
    </>
  );
}

/** The snippet builder for board members. */
export function embedRoutes(app: App) {
  page(app, "GET", "roadmapEmbedBuilder", async (c) => {
    requireUser(c);
    const { t, lang, deps } = c.var;
    const raw = builderQuery.parse({ lang: c.req.query("lang"), topics: c.req.queries("topics") ?? [], accent: c.req.query("accent") });
    const accentInput = (raw.accent ?? `#${DEFAULT_ACCENT}`).trim();
    const hex = accentInput.replace(/^#/, "");
    const q = embedQuery.parse({ lang: raw.lang ?? lang, topics: (raw.topics ?? []).join(","), accent: hex });
    const accentError = Boolean(raw.accent) && q.accent !== hex.toLowerCase();
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
