import { STATIC } from "../../core/content/versions.js";
import { type App, page } from "../../core/http/router.js";
import { render } from "../../core/views/render.js";
import { UrgentBar } from "../../core/views/urgent.js";
import { type RouteKey, url } from "../../routes.js";

/** The same for every anonymous visitor, and they change only with a release (the texts and settings). */
const cache = { cache: { capability: STATIC } };

/** The sections the home page's offer cards lead to, in the order of `t.pages.home.offer`. */
const OFFER_LINKS: (RouteKey | undefined)[] = ["roadmap", "trainings", undefined, "subsidies"];

export function pageRoutes(app: App) {
  page(
    app,
    "GET",
    "home",
    (c) => {
      const { t, lang, user } = c.var;
      return render(
        c,
        { title: t.pages.home.title },
        <>
          {/* Whoever lands here looking for help sees where to turn first. */}
          <UrgentBar />
          <section class="hero">
            <h1>{t.pages.home.title}</h1>
            <p class="lead">{t.pages.home.lead}</p>
          </section>
          <section class="card" aria-labelledby="for-boards">
            <h2 id="for-boards">{t.pages.home.forBoards}</h2>
            <p>{t.pages.home.forBoardsBody}</p>
            <p class="actions">
              {user ? (
                <a class="button primary" href={url(lang, "dashboard")}>
                  {t.nav.dashboard}
                </a>
              ) : (
                <>
                  <a class="button primary" href={url(lang, "signIn")}>
                    {t.pages.home.signInCta}
                  </a>
                  <a class="button secondary" href={url(lang, "signIn", {}, { next: url(lang, "orgRegister") })}>
                    {t.pages.home.registerCta}
                  </a>
                </>
              )}
            </p>
          </section>
          <section aria-labelledby="offer">
            <h2 id="offer">{t.pages.home.offerTitle}</h2>
            <ul class="tiles">
              {t.pages.home.offer.map(([title, body], i) => (
                <li class="tile">
                  {/* The first cards lead to their sections: the roadmap and the trainings. */}
                  <h3>{OFFER_LINKS[i] ? <a href={url(lang, OFFER_LINKS[i])}>{title}</a> : title}</h3>
                  <p>{body}</p>
                </li>
              ))}
            </ul>
          </section>
          <section class="card muted-card" aria-labelledby="contact">
            <h2 id="contact">{t.pages.home.contactTitle}</h2>
            <p>{t.pages.home.contactBody}</p>
            <p>
              <a href={url(lang, "contact")}>{t.footer.contact}</a>
            </p>
          </section>
        </>,
      );
    },
    cache,
  );

  {
    const key = "accessibility";
    page(
      app,
      "GET",
      key,
      (c) => {
        const { t } = c.var;
        const title = t.pages.accessibilityTitle;
        const paragraphs = t.pages.accessibility;
        return render(
          c,
          { title },
          <article class="prose">
            <h1>{title}</h1>
            {paragraphs.map((p) => (
              <p>{p}</p>
            ))}
            <p>
              <a href={`mailto:${c.var.deps.env.OFFICE_EMAIL}`}>{c.var.deps.env.OFFICE_EMAIL}</a>
            </p>
          </article>,
        );
      },
      cache,
    );
  }
}
