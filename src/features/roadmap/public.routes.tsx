import { z } from "zod";
import { AppError } from "../../core/errors.js";
import { parseQuery } from "../../core/forms.js";
import type { Ctx } from "../../core/http/context.js";
import { createGate, type Gate } from "../../core/http/gate.js";
import { type App, page } from "../../core/http/router.js";
import { LANGS } from "../../core/i18n/index.js";
import { TopicBadge } from "../../core/views/icons.js";
import { Pagination } from "../../core/views/pagination.js";
import { render } from "../../core/views/render.js";
import { L, text } from "../../core/views/text.js";
import { ROUTES, url } from "../../routes.js";
import { MAX_QUERY_CHARS } from "../search-language/service.js";
import { GUIDE_PARAMS, GuidePage, guideQuery } from "./guide.js";
import {
  activeResourceCounts,
  activeTopics,
  guideShortlist,
  ROADMAP,
  resourceBySlug,
  resourcesForTopic,
  searchHelp,
  searchRoadmap,
  topicBySlug,
} from "./service.js";
import {
  CrisisLine,
  DidYouMean,
  NothingFound,
  ResourceCard,
  ResourceDetails,
  ResultCards,
  RoadmapFrame,
  SearchForm,
  TopicGrid,
} from "./views.js";

const SLUG = /^[a-z0-9-]{1,80}$/;
/**
 * Results per page of the search, and the pages a search can be followed to. A phone shows one or
 * two cards per screen: ten is what people read before they search again (ADR 026).
 */
export const SEARCH_PAGE_SIZE = 10;
export const SEARCH_PAGES = 10;
/** The search box (cut below to what the search reads: MAX_QUERY_CHARS, all the box takes) and the page; a page out of range is the first. */
const searchQuery = z.object({
  q: z.string().catch(""),
  page: z.coerce.number().int().min(1).max(SEARCH_PAGES).catch(1),
});

/**
 * The `:slug` of the path, lower-cased (slugs are lower case; anything else can't name a page),
 * and whether the address was written that way.
 */
const slugParam = (c: Ctx) => {
  const raw = c.req.param("slug") ?? "";
  const slug = raw.toLowerCase();
  return { slug: SLUG.test(slug) ? slug : null, canonical: raw === slug };
};
/** The same for every anonymous visitor; made from the public roadmap (ADR 015). */
const cached = { cache: { capability: ROADMAP } };

/**
 * Searches that miss the page cache go through a bounded queue (one per app, so one per process:
 * the embedded database has one connection). Beyond it the visitor gets, at once, a 503 page that
 * still shows the urgent numbers and the search box, instead of waiting behind a flood of junk queries;
 * so does a search that has waited `maxWaitMs` for its turn.
 */
export const SEARCH_GATE = { concurrency: 4, queue: 32, retryAfterSeconds: 2, maxWaitMs: 1000 } as const;

/**
 * The public roadmap: home, topics, places to turn, search and the guided path. `searchGate`
 * replaces the search's own bounded queue (tests: one that is always full).
 */
export function roadmapPublicRoutes(app: App, opts: { searchGate?: Gate } = {}) {
  const searchGate = opts.searchGate ?? createGate(SEARCH_GATE);
  page(
    app,
    "GET",
    "roadmap",
    async (c) => {
      const { t, lang, deps } = c.var;
      const rm = t.roadmap;
      const topics = await activeTopics(deps.db);
      const counts = await activeResourceCounts(deps.db);
      return render(
        c,
        { title: rm.title },
        <RoadmapFrame>
          <h1>{rm.title}</h1>
          <p class="lead">{rm.intro}</p>
          <SearchForm />
          <section class="card guide-cta" aria-labelledby="guide-cta">
            <h2 id="guide-cta">{rm.guideCta}</h2>
            <p>{rm.guideCtaBody}</p>
            <p>
              <a class="button primary" href={url(lang, "roadmapGuide")}>
                {rm.guideCta}
              </a>
            </p>
          </section>
          <h2>{rm.topicsTitle}</h2>
          <TopicGrid topics={topics} counts={counts} />
          <ul class="actions roadmap-actions">
            <li>
              <a class="button secondary" href={url(lang, "roadmapPdf")}>
                {rm.pdfCta}
              </a>
            </li>
            <li>
              <a class="button secondary" href={url(lang, "roadmapPdf", {}, { format: "a5" })}>
                {rm.pdfA5Cta}
              </a>
            </li>
            <li>
              <a class="button secondary" href={url(lang, "roadmapOrder")}>
                {rm.orderCta}
              </a>
            </li>
            <li>
              <a class="button secondary" href={url(lang, "roadmapEmbedBuilder")}>
                {rm.embedCta}
              </a>
            </li>
          </ul>
        </RoadmapFrame>,
      );
    },
    cached,
  );

  page(
    app,
    "GET",
    "roadmapTopic",
    async (c) => {
      const { t, lang, deps } = c.var;
      const { slug, canonical } = slugParam(c);
      const topic = slug ? await topicBySlug(deps.db, slug) : null;
      if (!slug || !topic) return roadmapNotFound(c);
      // "/roadmap/topic/Stress" is the page at "/roadmap/topic/stress".
      if (!canonical) return c.redirect(url(lang, "roadmapTopic", { slug }), 308);
      const list = await resourcesForTopic(deps.db, topic.id, lang);
      return render(
        c,
        { title: text(topic.name, lang) },
        <RoadmapFrame crumbs={[{ href: url(lang, "roadmapTopic", { slug }), label: <L v={topic.name} /> }]}>
          <div class="topic-head">
            <TopicBadge topic={topic} size={56} />
            <div>
              <h1>
                <L v={topic.name} />
              </h1>
              <p class="lead">
                <L v={topic.description} />
              </p>
            </div>
          </div>
          <p>{t.roadmap.resourcesIn(list.length)}</p>
          {list.length === 0 && <p>{t.roadmap.noResources}</p>}
          <div class="resource-list">
            {list.map((r) => (
              <ResourceCard r={r} headingLevel={2} />
            ))}
          </div>
          <p>
            <a href={url(lang, "roadmap")}>{t.roadmap.allTopics}</a>
          </p>
        </RoadmapFrame>,
      );
    },
    cached,
  );

  page(
    app,
    "GET",
    "roadmapResource",
    async (c) => {
      const { lang, deps } = c.var;
      const { slug, canonical } = slugParam(c);
      const r = slug ? await resourceBySlug(deps.db, slug) : null;
      if (!slug || !r) return roadmapNotFound(c);
      if (!canonical) return c.redirect(url(lang, "roadmapResource", { slug }), 308);
      const topics = (await activeTopics(deps.db)).filter((x) => r.topicIds.includes(x.id));
      return render(
        c,
        { title: text(r.name, lang) },
        <RoadmapFrame crumbs={[{ href: url(lang, "roadmapResource", { slug }), label: <L v={r.name} /> }]}>
          <h1>
            <L v={r.name} />
          </h1>
          <ResourceDetails r={r} topics={topics} />
        </RoadmapFrame>,
      );
    },
    cached,
  );

  page(
    app,
    "GET",
    "roadmapSearch",
    async (c) => {
      const { t, lang, deps } = c.var;
      const query = parseQuery(c, searchQuery);
      const q = query.q.slice(0, MAX_QUERY_CHARS).trim();
      const page = query.page;
      const from = (page - 1) * SEARCH_PAGE_SIZE;
      let found: Awaited<ReturnType<typeof searchRoadmap>>;
      try {
        // One more than the page holds: whether a next page exists, without counting every match.
        found = await searchGate.run(() => searchRoadmap(deps.db, lang, q, from + SEARCH_PAGE_SIZE + 1));
      } catch (err) {
        if (!(err instanceof AppError && err.status === 503)) throw err;
        c.header("Retry-After", String(err.retryAfterSeconds ?? SEARCH_GATE.retryAfterSeconds));
        return render(
          c,
          { title: t.http.busyTitle, status: 503, noindex: true },
          <RoadmapFrame>
            <h1>{t.http.busyTitle}</h1>
            <p>{t.http.busyBody}</p>
            <SearchForm q={q} />
          </RoadmapFrame>,
        );
      }
      const { crisis, suggestion } = found;
      const results = found.results.slice(from, from + SEARCH_PAGE_SIZE);
      const more = page < SEARCH_PAGES && found.results.length > from + SEARCH_PAGE_SIZE;
      const help = q !== "" && found.results.length === 0 ? await searchHelp(deps.db, lang) : null;
      return render(
        c,
        { title: t.roadmap.searchTitle(q), noindex: true },
        <RoadmapFrame crumbs={[{ href: url(lang, "roadmapSearch", {}, { q }), label: t.roadmap.searchTitle(q) }]}>
          <h1>{t.roadmap.searchTitle(q)}</h1>
          <SearchForm q={q} />
          {crisis && <CrisisLine />}
          {suggestion && <DidYouMean q={suggestion} />}
          {q && (
            <p role="status">
              {page === 1 && !more
                ? t.roadmap.results(results.length)
                : results.length
                  ? t.roadmap.resultsRange(from + 1, from + results.length)
                  : t.roadmap.noMoreResults}
            </p>
          )}
          {help && <NothingFound urgent={help.urgent} topics={help.topics} />}
          <ResultCards results={results} />
          {q && (
            <Pagination
              page={page}
              more={more}
              label={t.roadmap.resultPages}
              href={(p) => url(lang, "roadmapSearch", {}, p === 1 ? { q } : { q, page: String(p) })}
            />
          )}
        </RoadmapFrame>,
      );
    },
    { cache: { capability: ROADMAP, params: ["q", "page"], repeat: true } },
  );

  page(
    app,
    "GET",
    "roadmapGuide",
    async (c) => {
      const { lang, deps } = c.var;
      const q = guideQuery(c.req.query());
      const topics = await activeTopics(deps.db);
      const shortlist = q.complete ? await guideShortlist(deps.db, lang, q.answers) : [];
      return render(
        c,
        { title: c.var.t.roadmap.guide.title, status: q.error ? 422 : 200 },
        <GuidePage q={q} topics={topics} shortlist={shortlist} />,
      );
    },
    { cache: { capability: ROADMAP, params: GUIDE_PARAMS } },
  );

  // Any other address under the roadmap: its own 404, with the urgent numbers and a way back.
  for (const lang of LANGS) app.get(`/${lang}${ROUTES.roadmap[lang]}/*`, roadmapNotFound);
}

/** Not found inside the roadmap: the urgent line stays, and the way back to the roadmap. */
function roadmapNotFound(c: Ctx) {
  const { t, lang } = c.var;
  return render(
    c,
    { title: t.http.notFoundTitle, status: 404, noindex: true },
    <RoadmapFrame>
      <h1>{t.http.notFoundTitle}</h1>
      <p>{t.http.notFoundBody}</p>
      <p>
        <a href={url(lang, "roadmap")}>{t.roadmap.backToRoadmap}</a>
      </p>
    </RoadmapFrame>,
  );
}
