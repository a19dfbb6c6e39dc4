import { type Lang, type Localized, otherLang, pick } from "../../core/i18n/index.js";
import { usePage } from "../../core/views/context.js";
import { L } from "../../core/views/text.js";
import { url } from "../../routes.js";
import type { Availability, CatalogueEntry, CatalogueFilter, DateEntry } from "./catalogue.js";
import { audienceOrder, type Offering, TRAINING_AUDIENCES } from "./service.js";

// ---------- dates and facts ----------

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(lang: Lang, style: "day" | "time" | "moment", timeZone: string) {
  const key = `${lang}|${style}|${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      style === "day"
        ? { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone }
        : style === "time"
          ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone }
          : { day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone };
    f = new Intl.DateTimeFormat(lang === "nl" ? "nl-NL" : "en-GB", options);
    formatters.set(key, f);
  }
  return f;
}

/** "dinsdag 8 december 2026, 11:30–16:00" in the portal's time zone. */
function When({ from, to }: { from: Date; to: Date }) {
  const { t, lang, env } = usePage();
  const tz = env.TIME_ZONE;
  return (
    <time datetime={from.toISOString()}>
      {t.trainings.when(
        formatter(lang, "day", tz).format(from),
        formatter(lang, "time", tz).format(from),
        formatter(lang, "time", tz).format(to),
      )}
    </time>
  );
}

/** Staff text of several paragraphs (blank lines between them), marked when shown in the other language. */
function Paragraphs({ v }: { v: Localized }) {
  const { lang } = usePage();
  const p = pick(v, lang);
  const paras = p.text
    .split(/\n\s*\n/)
    .map((x) => x.trim())
    .filter(Boolean);
  return (
    <div class="prose" lang={p.fallback ? otherLang(lang) : undefined}>
      {paras.map((x) => (
        <p>{x}</p>
      ))}
    </div>
  );
}

/** Who gives it: the name the office entered (or the kind of provider), linked to its site. */
function Provider({ o }: { o: Offering }) {
  const { t } = usePage();
  const name = o.providerName.nl || o.providerName.en ? <L v={o.providerName} /> : t.trainings.providers[o.provider];
  return o.providerUrl ? <a href={o.providerUrl}>{name}</a> : name;
}

function providerText(o: Offering, lang: Lang, fallback: string) {
  return pick(o.providerName, lang).text || fallback;
}

function Cost({ cents }: { cents: number }) {
  const { t, lang } = usePage();
  if (cents === 0) return <>{t.trainings.free}</>;
  return <>{new Intl.NumberFormat(lang === "nl" ? "nl-NL" : "en-GB", { style: "currency", currency: "EUR" }).format(cents / 100)}</>;
}

const audiencesText = (o: Offering, names: Record<string, string>) =>
  audienceOrder(o.audiences)
    .map((a) => names[a])
    .join(", ");

/** Where a date is: its location, "online", or to be announced. */
function Where({ s }: { s: DateEntry["session"] }) {
  const { t } = usePage();
  return s.location ? <L v={s.location} /> : s.onlineUrl ? t.trainings.online : t.trainings.tba;
}

/** The free places or the state of registration, in the offering's unit. */
export function availabilityText(
  a: Availability,
  o: Offering,
  opts: { lang: Lang; t: ReturnType<typeof usePage>["t"]; timeZone: string; acrossDates?: boolean },
) {
  const p = opts.t.trainings.places;
  switch (a.kind) {
    case "request":
      return p.onRequest;
    case "external":
      return p.external(providerText(o, opts.lang, opts.t.trainings.providers[o.provider]));
    case "closed":
      return p.closed;
    case "opens":
      return p.opensOn(formatter(opts.lang, "moment", opts.timeZone).format(a.at));
    case "open":
      return p.open;
    case "few":
      return p.few;
    case "full":
      return a.waitingList ? p.fullWaiting : p.full;
    case "left":
      return `${p[o.capacityUnit](a.n)}${opts.acrossDates ? ` ${p.acrossDates}` : ""}`;
  }
}

function Status({ a, o, acrossDates }: { a: Availability; o: Offering; acrossDates?: boolean }) {
  const { t, lang, env } = usePage();
  const cls = a.kind === "full" || a.kind === "closed" ? "status status-full" : a.kind === "few" ? "status status-few" : "status";
  return <strong class={cls}>{availabilityText(a, o, { t, lang, timeZone: env.TIME_ZONE, acrossDates })}</strong>;
}

/** One date as a line: when, where, cancelled or its own free places. */
function DateLine({ d, o }: { d: DateEntry; o: Offering }) {
  const { t } = usePage();
  const s = d.session;
  return (
    <>
      {(s.title.nl || s.title.en) && (
        <>
          <L v={s.title} />:{" "}
        </>
      )}
      {s.status === "cancelled" ? (
        <del>
          <When from={s.startsAt} to={s.endsAt} />
        </del>
      ) : (
        <When from={s.startsAt} to={s.endsAt} />
      )}
      {" · "}
      <Where s={s} />
      {s.status === "cancelled" && (
        <>
          {" · "}
          <strong>{t.trainings.cancelled}</strong>
        </>
      )}
      {d.places && (
        <>
          {" · "}
          <Status a={d.places} o={o} />
        </>
      )}
    </>
  );
}

/** The facts of an offering: who it is for, provider, language, cost and format. */
function Facts({ o }: { o: Offering }) {
  const { t } = usePage();
  const tr = t.trainings;
  return (
    <dl class="details">
      <dt>{tr.fields.audiences}</dt>
      <dd>{audiencesText(o, tr.audiences)}</dd>
      <dt>{tr.fields.provider}</dt>
      <dd>
        <Provider o={o} />
      </dd>
      <dt>{tr.fields.lang}</dt>
      <dd>{tr.inLang[o.lang]}</dd>
      <dt>{tr.fields.cost}</dt>
      <dd>
        <Cost cents={o.costCents} />
      </dd>
      <dt>{tr.fields.format}</dt>
      <dd>{tr.formats[o.format]}</dd>
    </dl>
  );
}

// ---------- the catalogue ----------

const SHOWN_DATES = 4;

function OfferingCard({ e }: { e: CatalogueEntry }) {
  const { t, lang } = usePage();
  const tr = t.trainings;
  const o = e.offering;
  const id = `offering-${o.slug}`;
  return (
    <article class="card training-card" aria-labelledby={id}>
      <p class="badges">
        <span class="badge neutral">{tr.kinds[o.kind]}</span>
      </p>
      <h2 id={id}>
        <a href={url(lang, "training", { slug: o.slug })}>
          <L v={o.title} />
        </a>
      </h2>
      {(o.summary.nl || o.summary.en) && (
        <p>
          <L v={o.summary} />
        </p>
      )}
      <ul class="inline-list small">
        <li>{audiencesText(o, tr.audiences)}</li>
        <li>
          <Provider o={o} />
        </li>
        <li>{tr.inLang[o.lang]}</li>
        <li>
          <Cost cents={o.costCents} />
        </li>
        <li>{tr.formats[o.format]}</li>
      </ul>
      <p>
        <Status a={e.status} o={o} acrossDates={e.acrossDates} />
      </p>
      {e.dates.length > 0 && (
        <ul class="plain-list">
          {e.dates.slice(0, SHOWN_DATES).map((d) => (
            <li>
              <DateLine d={d} o={o} />
            </li>
          ))}
          {e.dates.length > SHOWN_DATES && <li>{tr.moreDates(e.dates.length - SHOWN_DATES)}</li>}
        </ul>
      )}
    </article>
  );
}

export function CataloguePage({ entries, filter }: { entries: CatalogueEntry[]; filter: CatalogueFilter }) {
  const { t, lang } = usePage();
  const tr = t.trainings;
  const f = tr.filters;
  return (
    <>
      <h1>{tr.title}</h1>
      <p class="lead">{tr.intro}</p>
      <form method="get" action={url(lang, "trainings")} class="filters" aria-label={f.label}>
        <div class="field">
          <label for="f-audience">{f.audience}</label>
          <select id="f-audience" name="audience" class="input w-m">
            <option value="">{f.anyAudience}</option>
            {TRAINING_AUDIENCES.map((a) => (
              <option value={a} selected={filter.audience === a}>
                {tr.audiences[a]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-language">{f.lang}</label>
          <select id="f-language" name="language" class="input w-m">
            <option value="">{f.anyLang}</option>
            {(["nl", "en"] as const).map((l) => (
              <option value={l} selected={filter.language === l}>
                {f.langs[l]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label class="checkbox" for="f-open">
            <input type="checkbox" id="f-open" name="open" value="1" checked={filter.open} />
            <span>{f.open}</span>
          </label>
        </div>
        <div class="form-actions">
          <button type="submit" class="button secondary">
            {t.common.filter}
          </button>
        </div>
      </form>
      <p role="status">{tr.results(entries.length)}</p>
      {entries.length === 0 ? (
        <p>
          {tr.noResults} <a href={url(lang, "trainings")}>{tr.showAll}</a>
        </p>
      ) : (
        <div class="training-list">
          {entries.map((e) => (
            <OfferingCard e={e} />
          ))}
        </div>
      )}
      <section aria-labelledby="calendar">
        <h2 id="calendar">{tr.calendar}</h2>
        <p>{tr.calendarBody}</p>
        <p>
          <a href={url(lang, "trainingsFeed")} type="text/calendar">
            {tr.calendarAll}
          </a>
        </p>
      </section>
    </>
  );
}

// ---------- one offering ----------

/** Who may act on the page: null for anyone signed out; otherwise the organisations whose current board they sit on. */
export type Viewer = { orgs: { id: string; name: string }[] } | null;

function CallToAction({ e, viewer }: { e: CatalogueEntry; viewer: Viewer }) {
  const { t, lang } = usePage();
  const tr = t.trainings;
  const o = e.offering;
  const signIn = url(lang, "signIn", {}, { next: url(lang, "training", { slug: o.slug }) });
  const noBoard = (
    <p>
      {tr.noBoard} <a href={url(lang, "orgRegister")}>{tr.registerOrganisation}</a>
    </p>
  );
  const closed = e.status.kind === "closed" || e.status.kind === "opens";
  if (o.registration === "external")
    return (
      <section class="card" aria-labelledby="cta">
        <h2 id="cta">{tr.register}</h2>
        {closed || !o.externalUrl ? (
          <p>{tr.closedBody}</p>
        ) : (
          <>
            <p>{tr.externalBody(providerText(o, lang, tr.providers[o.provider]))}</p>
            <p>
              <a class="button primary" href={o.externalUrl} hreflang={o.lang}>
                {tr.registerExternal[o.lang]}
              </a>
            </p>
          </>
        )}
      </section>
    );
  const request = o.registration === "request";
  return (
    <section class="card" aria-labelledby="cta">
      <h2 id="cta">{request ? tr.request : tr.register}</h2>
      {!request && closed ? (
        <p>{tr.closedBody}</p>
      ) : (
        <>
          <p>{request ? tr.requestBody : tr.registerBody}</p>
          {!viewer ? (
            <p>
              <a class="button primary" href={signIn}>
                {request ? tr.signInToRequest : tr.signInToRegister}
              </a>
            </p>
          ) : viewer.orgs.length === 0 ? (
            noBoard
          ) : (
            <ul class="plain-list">
              {viewer.orgs.map((org) => (
                <li>
                  <a
                    class="button primary"
                    href={url(lang, request ? "orgTrainingRequest" : "orgTrainingRegister", { id: org.id, offeringId: o.id })}
                  >
                    {viewer.orgs.length === 1
                      ? request
                        ? tr.requestOwn
                        : tr.registerOwn
                      : request
                        ? tr.requestFor(org.name)
                        : tr.registerFor(org.name)}
                  </a>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

export function OfferingPage({ e, viewer }: { e: CatalogueEntry; viewer: Viewer }) {
  const { t, lang } = usePage();
  const tr = t.trainings;
  const o = e.offering;
  const parts = e.dates.some((d) => d.session.title.nl || d.session.title.en);
  const counts = e.dates.some((d) => d.places);
  return (
    <>
      <p>
        <a href={url(lang, "trainings")}>{tr.allTrainings}</a>
      </p>
      <p class="badges">
        <span class="badge neutral">{tr.kinds[o.kind]}</span>
      </p>
      <h1>
        <L v={o.title} />
      </h1>
      {(o.summary.nl || o.summary.en) && (
        <p class="lead">
          <L v={o.summary} />
        </p>
      )}
      <Facts o={o} />
      {(o.description.nl || o.description.en) && (
        <section aria-labelledby="about">
          <h2 id="about">{tr.about}</h2>
          <Paragraphs v={o.description} />
        </section>
      )}
      <section aria-labelledby="dates">
        <h2 id="dates">{tr.dates}</h2>
        <p>
          <Status a={e.status} o={o} acrossDates={e.acrossDates} />
        </p>
        {o.format === "package" && e.dates.length > 0 && <p>{tr.packageNote}</p>}
        {e.dates.length === 0 ? (
          o.registration !== "request" && <p>{tr.noDates}</p>
        ) : (
          <section class="table-wrap" tabindex={0} aria-label={tr.datesCaption}>
            <table class="table">
              <caption class="visually-hidden">{tr.datesCaption}</caption>
              <thead>
                <tr>
                  {parts && <th scope="col">{tr.columns.part}</th>}
                  <th scope="col">{tr.columns.date}</th>
                  <th scope="col">{tr.columns.location}</th>
                  {counts && <th scope="col">{tr.columns.places}</th>}
                </tr>
              </thead>
              <tbody>
                {e.dates.map((d) => (
                  <tr>
                    {parts && (
                      <td>
                        <L v={d.session.title} />
                      </td>
                    )}
                    <td>
                      {d.session.status === "cancelled" ? (
                        <>
                          <del>
                            <When from={d.session.startsAt} to={d.session.endsAt} />
                          </del>{" "}
                          <strong>{tr.cancelled}</strong>
                        </>
                      ) : (
                        <When from={d.session.startsAt} to={d.session.endsAt} />
                      )}
                    </td>
                    <td>
                      <Where s={d.session} />
                    </td>
                    {counts && <td>{d.places && <Status a={d.places} o={o} />}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
      </section>
      {o.registration === "portal" && o.waitingList && (
        <section aria-labelledby="waiting">
          <h2 id="waiting">{tr.waitingList}</h2>
          <p>{tr.waitingListBody}</p>
          {(o.waitingNote.nl || o.waitingNote.en) && (
            <p>
              <L v={o.waitingNote} />
            </p>
          )}
        </section>
      )}
      <CallToAction e={e} viewer={viewer} />
      {e.dates.length > 0 && (
        <section aria-labelledby="calendar">
          <h2 id="calendar">{tr.calendar}</h2>
          <p>{tr.calendarBody}</p>
          <p>
            <a href={url(lang, "trainingFeed", { slug: o.slug })} type="text/calendar">
              {tr.calendarOne}
            </a>
          </p>
        </section>
      )}
    </>
  );
}
