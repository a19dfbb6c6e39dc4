import { formatDate, pick } from "../../core/i18n/index.js";
import { usePage } from "../../core/views/context.js";
import { L } from "../../core/views/text.js";
import { UrgentBar } from "../../core/views/urgent.js";
import { url } from "../../routes.js";
import { type GuidancePage, paragraphs } from "./service.js";

// The public guidance pages. Props only: the routes read the data.

function MoreLinks() {
  const { t, lang } = usePage();
  return (
    <ul class="plain-list">
      <li>
        <a href={url(lang, "trainings", {}, { audience: "peer_listeners" })}>{t.guidance.trainings}</a>
      </li>
      <li>
        <a href={url(lang, "peerListeners")}>{t.guidance.find}</a>
      </li>
    </ul>
  );
}

export function GuidanceIndex({ pages }: { pages: GuidancePage[] }) {
  const { t, lang } = usePage();
  return (
    <>
      <UrgentBar />
      <div class="narrow">
        <h1>{t.guidance.title}</h1>
        <p>{t.guidance.intro}</p>
        {pages.length === 0 ? (
          <p>{t.guidance.none}</p>
        ) : (
          <ul class="link-list">
            {pages.map((p) => (
              <li>
                <a href={url(lang, "guidancePage", { slug: p.slug })}>
                  <L v={p.title} />
                </a>
              </li>
            ))}
          </ul>
        )}
        <MoreLinks />
      </div>
    </>
  );
}

export function GuidanceArticle({ page }: { page: GuidancePage }) {
  const { t, lang, env } = usePage();
  const body = pick(page.body, lang);
  return (
    <>
      <UrgentBar />
      <article class="narrow">
        <p>
          <a href={url(lang, "guidance")}>{t.guidance.back}</a>
        </p>
        <h1>
          <L v={page.title} />
        </h1>
        <div lang={body.fallback ? (lang === "nl" ? "en" : "nl") : undefined}>
          {paragraphs(body.text).map((p) => (
            <p class="pre-line">{p}</p>
          ))}
        </div>
        <p class="muted">{t.guidance.updated(formatDate(lang, page.updatedAt, env.TIME_ZONE))}</p>
        <MoreLinks />
      </article>
    </>
  );
}
