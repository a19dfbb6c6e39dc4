import { raw } from "hono/html";
import { LANGS } from "../../core/i18n/index.js";
import { usePage } from "../../core/views/context.js";
import { TopicBadge } from "../../core/views/icons.js";
import { L, telHref, text } from "../../core/views/text.js";
import { url } from "../../routes.js";
import type { ResourceWithTopics, Topic } from "../roadmap/service.js";
import { EMBED_PER_TOPIC, type EmbedQuery, embedUrl } from "./embed.js";

/** The embeddable roadmap: a whole document of its own, for an iframe on another site. */
export function EmbedPage({ q, topics, resources }: { q: EmbedQuery; topics: Topic[]; resources: ResourceWithTopics[] }) {
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
              {t.urgent.line} <a href="tel:112">112</a> · <a href="tel:113">113</a>
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

/** The snippet builder: language, topics and colour, a preview, the snippet, a link and the QR code. */
export function Builder({
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
  /** What is wrong with the typed colour: no colour at all, or too light for white text. */
  accentError: "notColour" | "tooLight" | null;
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
                {accentError === "notColour" ? e.accentNotColour : e.accentContrast}
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
