import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { formatDate } from "../../core/i18n/index.js";
import { PageContext, usePage } from "../../core/views/context.js";
import { escaped } from "../../core/views/escape.js";
import { TopicBadge } from "../../core/views/icons.js";
import { rawBytes } from "../../core/views/render.js";
import { L, telHref, text } from "../../core/views/text.js";
import { UrgentBar } from "../../core/views/urgent.js";
import { url } from "../../routes.js";
import type { Resource, Topic } from "./service.js";

function Form({ q, action }: { q: string; action?: string }) {
  const { t, lang } = usePage();
  return (
    <search>
      <form method="get" action={action ?? url(lang, "roadmapSearch")} class="search-form">
        <label for="roadmap-q">{t.roadmap.searchLabel}</label>
        <div class="search-row">
          <input id="roadmap-q" name="q" type="search" value={q} class="input" placeholder={t.roadmap.searchPlaceholder} maxlength={100} />
          <button type="submit" class="button primary">
            {t.roadmap.searchButton}
          </button>
        </div>
      </form>
    </search>
  );
}

/** Where the query goes in a kept search form (a NUL never reaches a page). */
const Q_MARK = "\u0000q\u0000";
/** The search form's HTML around the query, per catalog, language and action. */
const searchForms = new WeakMap<object, Map<string, readonly [string, string] | null>>();

/** The search box, made once per catalog, language and action; the query (escaped) put in its place. */
export function SearchForm({ q, action }: { q?: string; action?: string }) {
  const page = usePage();
  let byKey = searchForms.get(page.t);
  if (!byKey) {
    byKey = new Map();
    searchForms.set(page.t, byKey);
  }
  const key = `${page.lang}|${action ?? ""}`;
  let parts = byKey.get(key);
  if (parts === undefined) {
    const out = (
      <PageContext.Provider value={page}>
        <Form q={Q_MARK} action={action} />
      </PageContext.Provider>
    ).toString();
    const at = typeof out === "string" ? out.indexOf(Q_MARK) : -1;
    parts = at < 0 || out.indexOf(Q_MARK, at + 1) >= 0 ? null : [(out as string).slice(0, at), (out as string).slice(at + Q_MARK.length)];
    byKey.set(key, parts);
  }
  if (!parts) return <Form q={q ?? ""} action={action} />;
  return raw(parts[0] + escaped(q ?? "") + parts[1]);
}

export function TopicGrid({ topics, counts, hrefFor }: { topics: Topic[]; counts?: Map<string, number>; hrefFor?: (t: Topic) => string }) {
  const { t, lang } = usePage();
  return (
    <ul class="topic-grid">
      {topics.map((topic) => (
        <li class={topic.urgent ? "topic-tile urgent" : "topic-tile"}>
          <a href={hrefFor ? hrefFor(topic) : url(lang, "roadmapTopic", { slug: topic.slug })}>
            <TopicBadge topic={topic} />
            <span class="topic-name">
              <L v={topic.name} />
            </span>
            {counts && <span class="topic-count">{t.roadmap.resourcesIn(counts.get(topic.id) ?? 0)}</span>}
          </a>
        </li>
      ))}
    </ul>
  );
}

/** How to reach a resource at a glance: tap to call, mail, website, booking. */
export function ContactLinks({ r }: { r: Resource }) {
  const { t, lang } = usePage();
  return (
    <ul class="contact-links">
      {r.phones.map((p) => (
        <li>
          <a href={telHref(p.number)} class="button small secondary">
            {t.roadmap.call(p.number)}
            {text(p.label, lang) && <span class="muted"> ({text(p.label, lang)})</span>}
          </a>
        </li>
      ))}
      {r.email && (
        <li>
          <a href={`mailto:${r.email}`} class="button small secondary">
            {t.roadmap.mail}
            <span class="visually-hidden"> {r.email}</span>
          </a>
        </li>
      )}
      {r.website && (
        <li>
          <a href={r.website} class="button small secondary" rel="noopener">
            {t.roadmap.website}
            <span class="visually-hidden">: {text(r.name, lang)}</span>
          </a>
        </li>
      )}
      {r.bookingUrl && (
        <li>
          <a href={r.bookingUrl} class="button small secondary" rel="noopener">
            {t.roadmap.book}
          </a>
        </li>
      )}
    </ul>
  );
}

export function ResourceCard({ r, headingLevel = 3, href }: { r: Resource; headingLevel?: 2 | 3; href?: string }) {
  const { t, lang } = usePage();
  const H = headingLevel === 2 ? "h2" : "h3";
  return (
    <article class={r.urgent ? "resource-card urgent" : "resource-card"}>
      <H>
        <a href={href ?? url(lang, "roadmapResource", { slug: r.slug })}>
          <L v={r.name} />
        </a>
      </H>
      <p class="badges">
        {r.urgent && <span class="badge danger">{t.roadmap.urgent}</span>}
        <span class="badge neutral">{r.scope === "inside" ? t.roadmap.inside : t.roadmap.outside}</span>
        <span class="badge neutral">{t.roadmap.costs[r.cost]}</span>
      </p>
      <p>
        <L v={r.summary} />
      </p>
      <ContactLinks r={r} />
    </article>
  );
}

/**
 * A result card's HTML, kept with the result object (per page language): the search answers with the
 * in-memory index's own frozen places (search-index.ts), the same objects for every search until the
 * content version changes, so each card is rendered once per version and language instead of once
 * per search. A card depends on nothing else of the request (no user, token or nonce). A result
 * that is a new object each time (the SQL statement's) is rendered as before, and its entry goes
 * with it. Kept as text and as UTF-8: an anonymous page is sent as bytes (`rawBytes`), so a kept
 * card is neither searched nor encoded again per page.
 */
const cardHtml = new WeakMap<object, Map<string, { text: string; bytes: Uint8Array }>>();

/** The search's result cards (`ResourceCard`, heading level 2), each rendered once per content version. */
export function ResultCards({ results }: { results: Resource[] }) {
  const page = usePage();
  const key = page.lang;
  const cards: { text: string; bytes: Uint8Array }[] = [];
  for (const r of results) {
    const known = Object.isFrozen(r) ? cardHtml.get(r) : undefined;
    let card = known?.get(key);
    if (card === undefined) {
      const out = (
        <PageContext.Provider value={page}>
          <ResourceCard r={r} headingLevel={2} />
        </PageContext.Provider>
      ).toString();
      if (typeof out !== "string") throw new Error("a result card rendered asynchronously");
      // Kept flat: the rendered card is a rope of many small strings, and V8 walks a kept rope
      // again each time a page holding it is flattened (0.76 → 0.09 ms per page of 30 results).
      const bytes = Buffer.from(out, "utf8");
      card = { text: bytes.toString("utf8"), bytes };
      if (Object.isFrozen(r)) {
        const m = known ?? new Map<string, { text: string; bytes: Uint8Array }>();
        m.set(key, card);
        if (!known) cardHtml.set(r, m);
      }
    }
    cards.push(card);
  }
  return <div class="resource-list">{rawBytes(page, cards)}</div>;
}

export function ResourceDetails({ r, topics }: { r: Resource; topics: Topic[] }) {
  const { t, lang } = usePage();
  const rm = t.roadmap;
  const hours = text(r.hours, lang);
  const conf = text(r.confidentiality, lang);
  return (
    <>
      <p class="lead">
        <L v={r.summary} />
      </p>
      <p>
        <L v={r.description} />
      </p>
      <ContactLinks r={r} />
      <dl class="details">
        <dt>{rm.provider}</dt>
        <dd>
          {r.provider} · {r.scope === "inside" ? rm.inside : rm.outside}
        </dd>
        {r.audiences.length > 0 && (
          <>
            <dt>{rm.forWhom}</dt>
            <dd>{r.audiences.map((a) => rm.audiences[a]).join(", ")}</dd>
          </>
        )}
        {r.phones.length > 0 && (
          <>
            <dt>{rm.call("").trim()}</dt>
            <dd>
              <ul class="plain-list">
                {r.phones.map((p) => (
                  <li>
                    <a href={telHref(p.number)}>{p.number}</a> {text(p.label, lang) && <span class="muted">({text(p.label, lang)})</span>}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {r.email && (
          <>
            <dt>{rm.mail}</dt>
            <dd>
              <a href={`mailto:${r.email}`}>{r.email}</a>
            </dd>
          </>
        )}
        {r.website && (
          <>
            <dt>{rm.website}</dt>
            <dd>
              <a href={r.website}>{r.website}</a>
            </dd>
          </>
        )}
        {r.address && (
          <>
            <dt>{rm.address}</dt>
            <dd>
              {r.address.street}, {r.address.postcode} {r.address.city}
            </dd>
          </>
        )}
        {hours && (
          <>
            <dt>{rm.hours}</dt>
            <dd>
              <L v={r.hours} />
            </dd>
          </>
        )}
        <dt>{rm.languages}</dt>
        <dd>{r.languages.map((l) => rm.langNames[l] ?? l).join(", ")}</dd>
        <dt>{rm.cost}</dt>
        <dd>{rm.costs[r.cost]}</dd>
        {conf && (
          <>
            <dt>{rm.confidential}</dt>
            <dd>
              <L v={r.confidentiality} />
            </dd>
          </>
        )}
        {topics.length > 0 && (
          <>
            <dt>{rm.topics}</dt>
            <dd>
              <ul class="inline-list">
                {topics.map((tp) => (
                  <li>
                    <a href={url(lang, "roadmapTopic", { slug: tp.slug })}>
                      <L v={tp.name} />
                    </a>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
      </dl>
      {r.lastReviewedOn && <p class="muted small">{rm.lastReviewed(formatDate(lang, r.lastReviewedOn))}</p>}
    </>
  );
}

/** Under a search that reads as crisis language, above the results (the crisis lines come first). */
export function CrisisLine() {
  return <p class="notice crisis-line">{usePage().t.roadmap.crisisLine}</p>;
}

/** "Did you mean …?": the search again with its typos corrected, as a link. */
export function DidYouMean({ q }: { q: string }) {
  const { t, lang } = usePage();
  return (
    <p class="did-you-mean">
      {t.roadmap.didYouMean} <a href={url(lang, "roadmapSearch", {}, { q })}>{q}</a>?
    </p>
  );
}

/** When a search finds nothing: never an empty page, but urgent help, the topics and the guided path. */
export function NothingFound({ urgent, topics }: { urgent: Resource[]; topics: Topic[] }) {
  const { t, lang } = usePage();
  const rm = t.roadmap;
  return (
    <>
      <p>{rm.noResults}</p>
      <h2>{t.urgent.label}</h2>
      <div class="resource-list">
        {urgent.map((r) => (
          <ResourceCard r={r} />
        ))}
      </div>
      <h2>{rm.topicsTitle}</h2>
      <TopicGrid topics={topics} />
      <p>
        <a class="button primary" href={url(lang, "roadmapGuide")}>
          {rm.guideCta}
        </a>
      </p>
    </>
  );
}

/** Roadmap page frame: the urgent line first, then the content. */
export function RoadmapFrame({ children, crumbs }: { children: Child; crumbs?: { href: string; label: Child }[] }) {
  const { t, lang, env } = usePage();
  return (
    <div class="roadmap">
      <UrgentBar />
      {crumbs && (
        <nav aria-label={t.roadmap.title} class="breadcrumbs">
          <ol>
            <li>
              <a href={url(lang, "roadmap")}>{t.roadmap.title}</a>
            </li>
            {crumbs.map((c) => (
              <li>
                <a href={c.href}>{c.label}</a>
              </li>
            ))}
          </ol>
        </nav>
      )}
      {children}
      {/* The demo content is example data; a production roadmap is the office's own. */}
      {env.NODE_ENV !== "production" && <p class="muted small example-note">{t.roadmap.example}</p>}
    </div>
  );
}
