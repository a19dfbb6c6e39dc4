import type { Child } from "hono/jsx";
import { usePage } from "../../core/views/context.js";
import { L } from "../../core/views/text.js";
import { url } from "../../routes.js";
import type { GuideAnswers, Resource, Topic } from "./service.js";
import { ResourceCard, RoadmapFrame } from "./views.js";

const STEPS = ["topic", "urgent", "student", "language"] as const;
/** The query parameters the guided path reads (its cache rule names them): the answers and `s`. */
export const GUIDE_PARAMS = [...STEPS, "s"];
type Step = (typeof STEPS)[number];
const LANGUAGES = ["nl", "en", "any"] as const;

export type GuideQuery = { answers: GuideAnswers; step: Step; complete: boolean; error: boolean; raw: Record<string, string> };

/**
 * Reads the guided path from the query string: each answered question is a parameter, so every
 * state is a shareable URL and the path works with plain GET forms. `s` names the question just
 * submitted, to show an error when it was left empty.
 */
export function guideQuery(query: Record<string, string>): GuideQuery {
  const valid: Record<Step, (v: string) => boolean> = {
    topic: (v) => /^[a-z0-9-]{1,80}$/.test(v),
    urgent: (v) => v === "now" || v === "soon" || v === "talk",
    student: (v) => v === "yes" || v === "no",
    language: (v) => (LANGUAGES as readonly string[]).includes(v),
  };
  const raw: Record<string, string> = {};
  for (const s of STEPS) {
    const v = query[s];
    if (typeof v === "string" && valid[s](v)) raw[s] = v;
  }
  const step = STEPS.find((s) => !raw[s]) ?? "language";
  const complete = STEPS.every((s) => raw[s]);
  const error = !complete && query.s === step;
  return {
    raw,
    step,
    complete,
    error,
    answers: {
      topic: raw.topic,
      urgent: raw.urgent as GuideAnswers["urgent"],
      student: raw.student as GuideAnswers["student"],
      language: raw.language === "any" ? undefined : raw.language,
    },
  };
}

export function GuidePage({ q, topics, shortlist }: { q: GuideQuery; topics: Topic[]; shortlist: Resource[] }) {
  const { t, lang, env } = usePage();
  const g = t.roadmap.guide;
  const index = STEPS.indexOf(q.step);
  const hidden = Object.entries(q.raw).filter(([k]) => k !== q.step);
  const options: Record<Step, { value: string; label: Child }[]> = {
    topic: topics.map((tp) => ({ value: tp.slug, label: <L v={tp.name} /> })),
    urgent: [
      { value: "now", label: g.urgentNow },
      { value: "soon", label: g.urgentSoon },
      { value: "talk", label: g.urgentTalk },
    ],
    student: [
      { value: "yes", label: g.studentYes },
      { value: "no", label: g.studentNo },
    ],
    language: [
      { value: "nl", label: t.roadmap.langNames.nl! },
      { value: "en", label: t.roadmap.langNames.en! },
      { value: "any", label: g.languageAny },
    ],
  };
  const questions: Record<Step, string> = { topic: g.topicQ, urgent: g.urgentQ, student: g.studentQ, language: g.languageQ };
  /** The guide's address with the answers, less those named. */
  const without = (...steps: Step[]) =>
    url(lang, "roadmapGuide", {}, Object.fromEntries(Object.entries(q.raw).filter(([k]) => !steps.includes(k as Step))));
  const answered = STEPS.filter((s) => q.raw[s] && (q.complete || s !== q.step));
  const answerLabel = (s: Step) => options[s].find((o) => o.value === q.raw[s])?.label ?? q.raw[s];
  // Back: the question before this one (on the shortlist, the last question).
  const back = q.complete ? without("language") : index > 0 ? without(STEPS[index - 1]!) : null;
  const summary = answered.length > 0 && (
    <section class="guide-answers" aria-labelledby="guide-answers">
      <h2 id="guide-answers">{g.answersTitle}</h2>
      <dl class="details">
        {answered.map((s) => (
          <>
            <dt>{questions[s]}</dt>
            <dd>
              {answerLabel(s)}{" "}
              <a href={without(s)}>
                {g.changeOne}
                <span class="visually-hidden">: {questions[s]}</span>
              </a>
            </dd>
          </>
        ))}
      </dl>
    </section>
  );
  const shareUrl = `${env.BASE_URL}${url(lang, "roadmapGuide", {}, q.raw)}`;
  return (
    <RoadmapFrame crumbs={[{ href: url(lang, "roadmapGuide"), label: g.title }]}>
      <h1>{g.title}</h1>
      {back && (
        <p>
          <a href={back} rel="prev">
            {g.back}
          </a>
        </p>
      )}
      {!q.complete ? (
        <>
          <p>{g.intro}</p>
          {summary}
          <form method="get" action={url(lang, "roadmapGuide")} class="form guide-form" novalidate>
            {hidden.map(([k, v]) => (
              <input type="hidden" name={k} value={v} />
            ))}
            <input type="hidden" name="s" value={q.step} />
            <fieldset class={q.error ? "field has-error" : "field"} aria-describedby={q.error ? "guide-error" : undefined}>
              <legend>
                <span class="step-count">{g.step(index + 1, STEPS.length)}</span> {questions[q.step]}
              </legend>
              {q.error && (
                <p class="field-error" id="guide-error">
                  <span class="visually-hidden">{t.errors.prefix} </span>
                  {g.chooseOne}
                </p>
              )}
              <ul class="choices">
                {options[q.step].map((o, i) => (
                  <li>
                    <input
                      type="radio"
                      id={`g-${q.step}-${i}`}
                      name={q.step}
                      value={o.value}
                      required
                      aria-invalid={q.error ? "true" : undefined}
                    />
                    <label for={`g-${q.step}-${i}`}>{o.label}</label>
                  </li>
                ))}
              </ul>
            </fieldset>
            <div class="form-actions">
              <button type="submit" class="button primary">
                {index === STEPS.length - 1 ? g.show : g.next}
              </button>
              {index > 0 && (
                <a class="button secondary" href={url(lang, "roadmapGuide")}>
                  {g.restart}
                </a>
              )}
            </div>
          </form>
        </>
      ) : (
        <>
          {summary}
          <h2>{g.resultTitle}</h2>
          <p>{g.resultIntro}</p>
          <div class="resource-list">
            {shortlist.map((r) => (
              <ResourceCard r={r} />
            ))}
          </div>
          {shortlist.length === 0 && <p>{t.roadmap.noResources}</p>}
          <p>
            <label for="guide-share">{g.share}</label>
            <input id="guide-share" class="input" readonly value={shareUrl} />
          </p>
          <p class="actions">
            <a class="button secondary" href={url(lang, "roadmapGuide")}>
              {g.restart}
            </a>
          </p>
        </>
      )}
    </RoadmapFrame>
  );
}
