import type { FieldErrors, FormValues } from "../../core/forms.js";
import { formatDate } from "../../core/i18n/index.js";
import { usePage } from "../../core/views/context.js";
import { ActionButton, ErrorSummary, Form, Input, Notice, Select, Submit, TextArea } from "../../core/views/forms.js";
import { DataTable } from "../../core/views/table.js";
import { UrgentBar } from "../../core/views/urgent.js";
import { url } from "../../routes.js";
import { type BoardListenerState, type PublicListener, RESPONSE_TIMES } from "./service.js";

type FormProps = { values?: FormValues; errors?: FieldErrors };

function FieldMessage({ name, errors }: { name: string; errors?: FieldErrors }) {
  const { t } = usePage();
  const error = errors?.[name];
  if (!error) return null;
  return (
    <p class="field-error" id={`f-${name}-error`}>
      <span class="visually-hidden">{t.errors.prefix} </span>
      {error}
    </p>
  );
}

export type BoardListenerRow = {
  keyFigureId: string;
  name: string | null;
  email: string;
  displayName: string | null;
  listed: boolean;
  state: BoardListenerState;
  since: Date | null;
  expiresAt: Date;
  trained: boolean;
};

/** The board's page: who is appointed (or invited) as listener, their state and training; never what they are told. */
export type MonthCount = { month: string; conversations: number; messages: number; handedOver: number };

/** The board's counts per month of its organisation's confidential contact: numbers, nothing else. */
function ContactCounts({ counts }: { counts: MonthCount[] }) {
  const { t } = usePage();
  const k = t.listeners.board.counts;
  return (
    <>
      <h2 id="counts">{k.title}</h2>
      <p>{k.intro}</p>
      {counts.length === 0 ? (
        <p>{k.none}</p>
      ) : (
        <DataTable
          labelledBy="counts"
          head={[k.month, k.conversations, k.messages, k.handedOver]}
          rows={counts.map((r) => [r.month, r.conversations, r.messages, r.handedOver])}
        />
      )}
    </>
  );
}

export function BoardListenersPage({
  orgId,
  orgName,
  year,
  rows,
  counts,
}: {
  orgId: string;
  orgName: string;
  year: number;
  rows: BoardListenerRow[];
  counts: MonthCount[];
}) {
  const { t, lang, env } = usePage();
  const b = t.listeners.board;
  const yearLabel = `${year}-${year + 1}`;
  return (
    <>
      <h1>{b.title(orgName)}</h1>
      <p>
        <a href={url(lang, "org", { id: orgId })}>{b.back(orgName)}</a>
      </p>
      <div class="narrow">
        <p>{b.intro}</p>
        <p>{b.private}</p>
      </div>
      {rows.length === 0 ? (
        <p>{b.none}</p>
      ) : (
        <section class="table-wrap" tabindex={0} aria-labelledby="listeners-caption">
          <table class="table cards">
            <caption id="listeners-caption" class="visually-hidden">
              {b.title(orgName)}
            </caption>
            <thead>
              <tr>
                <th scope="col">{b.person}</th>
                <th scope="col">{b.displayName}</th>
                <th scope="col">{b.status}</th>
                <th scope="col">{b.trained(yearLabel)}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <td data-label={b.person}>{r.name ? `${r.name} (${r.email})` : r.email}</td>
                  <td data-label={b.displayName}>
                    {r.displayName ?? "–"}
                    {r.displayName && <span class="muted"> · {r.listed ? b.listed : b.notListed}</span>}
                  </td>
                  <td data-label={b.status}>
                    <span class={`badge ${r.state === "active" ? "ok" : "neutral"}`}>{b.states[r.state]}</span>
                    {r.state === "invited" && (
                      <span class="muted"> · {t.keyFigures.page.invitedUntil(formatDate(lang, r.expiresAt, env.TIME_ZONE))}</span>
                    )}
                    {r.state === "stepped_down" && (
                      <p class="muted">
                        {b.steppedDownHint}{" "}
                        <a href={url(lang, "orgKeyFigureRemove", { id: orgId, keyFigureId: r.keyFigureId })}>
                          {t.keyFigures.page.remove}
                          <span class="visually-hidden">: {r.name ?? r.email}</span>
                        </a>
                      </p>
                    )}
                  </td>
                  <td data-label={b.trained(yearLabel)}>{r.trained ? b.yes : b.no}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <ul class="plain-list">
        <li>
          <a class="button primary" href={`${url(lang, "orgKeyFigures", { id: orgId }, { role: "peer_listener" })}#invite`}>
            {b.invite}
          </a>
        </li>
        <li>
          <a href={url(lang, "trainings", {}, { audience: "peer_listeners" })}>{b.trainings}</a>
        </li>
        <li>
          <a href={url(lang, "guidance")}>{b.guidance}</a>
        </li>
      </ul>
      <ContactCounts counts={counts} />
    </>
  );
}

/** The checkboxes for the languages a listener listens in. */
function LanguageBoxes({ values, errors }: FormProps) {
  const { t } = usePage();
  const p = t.listeners.profile;
  const chosen = (values?.languages ?? "").split(",");
  const error = errors?.languages;
  return (
    <fieldset class={error ? "field has-error" : "field"} id="f-languages" aria-describedby={error ? "f-languages-error" : undefined}>
      <legend>{p.languages}</legend>
      <FieldMessage name="languages" errors={errors} />
      <ul class="checkbox-grid">
        {(["nl", "en"] as const).map((l) => (
          <li class="checkbox">
            <input type="checkbox" id={`f-languages-${l}`} name="languages" value={l} checked={chosen.includes(l)} />
            <label for={`f-languages-${l}`}>{t.listeners.languages[l]}</label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

/** The listener's own page: the profile form, pause or resume, and the way to step down. */
export function ListenerProfilePage({
  keyFigureId,
  orgName,
  status,
  notice,
  values,
  errors,
}: FormProps & { keyFigureId: string; orgName: string; status: "active" | "paused" | null; notice?: string | null }) {
  const { t, lang } = usePage();
  const p = t.listeners.profile;
  const v = { values, errors };
  return (
    <div class="narrow">
      <h1>{p.title(orgName)}</h1>
      <Notice text={notice} />
      <p>{p.intro}</p>
      {status === null && <p class="muted">{p.none}</p>}
      <ErrorSummary
        errors={errors}
        labels={{
          displayName: p.displayName,
          languages: p.languages,
          introduction: p.introduction,
          responseTime: p.responseTime,
          listed: p.listed,
        }}
      />
      <Form action={url(lang, "listenerProfile", { keyFigureId })}>
        <Input name="displayName" label={p.displayName} hint={p.displayNameHint} required autocomplete="given-name" {...v} />
        <LanguageBoxes {...v} />
        <TextArea name="introduction" label={p.introduction} hint={p.introductionHint} rows={5} {...v} />
        <Select
          name="responseTime"
          label={p.responseTime}
          required
          options={RESPONSE_TIMES.map((r) => ({ value: r, label: t.listeners.responseTimes[r] }))}
          {...v}
        />
        <div class="field checkbox">
          <input type="checkbox" id="f-listed" name="listed" checked={values?.listed === "on"} />
          <label for="f-listed">{p.listed}</label>
        </div>
        <Submit label={p.save} />
      </Form>
      <h2>{p.statusTitle}</h2>
      {status === null ? (
        <p>{p.needsProfile}</p>
      ) : (
        <>
          <p>{status === "active" ? p.active : p.paused}</p>
          <ActionButton
            action={url(lang, "listenerStatus", { keyFigureId })}
            label={status === "active" ? p.pause : p.resume}
            fields={{ status: status === "active" ? "paused" : "active" }}
          />
        </>
      )}
      <h2>{p.stepDownTitle}</h2>
      <p>{p.stepDownIntro}</p>
      <p>
        <a class="button danger" href={url(lang, "listenerStepDown", { keyFigureId })}>
          {p.stepDown}
        </a>
      </p>
    </div>
  );
}

/** "Step down?": what follows, a tick to confirm, and the button that POSTs. */
export function StepDownPage({ keyFigureId, orgName, errors }: { keyFigureId: string; orgName: string; errors?: FieldErrors }) {
  const { t, lang } = usePage();
  const s = t.listeners.stepDown;
  return (
    <div class="narrow">
      <h1>{s.title(orgName)}</h1>
      <p>{s.whatFollows(orgName)}</p>
      <ErrorSummary errors={errors} labels={{ confirm: s.confirm }} />
      <Form action={url(lang, "listenerStepDown", { keyFigureId })}>
        <div class={errors?.confirm ? "field checkbox has-error" : "field checkbox"}>
          <FieldMessage name="confirm" errors={errors} />
          <input
            type="checkbox"
            id="f-confirm"
            name="confirm"
            aria-invalid={errors?.confirm ? "true" : undefined}
            aria-describedby={errors?.confirm ? "f-confirm-error" : undefined}
          />
          <label for="f-confirm">{s.confirm}</label>
        </div>
        <Submit
          label={s.submit}
          danger
          secondary={
            <a href={url(lang, "listenerProfile", { keyFigureId })} class="button secondary">
              {t.common.cancel}
            </a>
          }
        />
      </Form>
    </div>
  );
}

export function SteppedDownPage({ orgName }: { orgName: string }) {
  const { t, lang } = usePage();
  const s = t.listeners.stepDown;
  return (
    <div class="narrow">
      <h1>{s.doneTitle}</h1>
      <p>{s.doneBody(orgName)}</p>
      <p>
        <a href={url(lang, "dashboard")}>{s.toDashboard}</a>
      </p>
    </div>
  );
}

/** The dashboard's block for a listener: a link to each profile. */
export function ListenerDashboard({ roles }: { roles: { id: string; orgName: string }[] }) {
  const { t, lang } = usePage();
  const d = t.listeners.dashboard;
  return (
    <section aria-labelledby="listener-title">
      <h2 id="listener-title">{d.heading}</h2>
      <ul class="plain-list">
        {roles.map((r) => (
          <li>
            {d.line(r.orgName)} <a href={url(lang, "listenerProfile", { keyFigureId: r.id })}>{d.link(r.orgName)}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}

function ListenerCard({ l, orgId }: { l: PublicListener; orgId: string }) {
  const { t, lang } = usePage();
  const p = t.listeners.public;
  return (
    <li class="card">
      <h4>{l.displayName}</h4>
      <dl class="details">
        <dt>{p.languages}</dt>
        <dd>{l.languages.map((x) => t.listeners.languages[x]).join(", ")}</dd>
        <dt>{p.responseTime}</dt>
        <dd>{t.listeners.responseTimes[l.responseTime]}</dd>
      </dl>
      {l.introduction && <p class="pre-line">{l.introduction}</p>}
      <p>
        <a href={url(lang, "contactListeners", { orgId }, { listener: l.keyFigureId })}>{p.writeOne(l.displayName)}</a>
      </p>
    </li>
  );
}

export type FoundOrganisation = { id: string; name: string; listeners: PublicListener[] };

/** The public page: search an organisation, its listed listeners and the way to write them, or the office and the roadmap. */
export function PeerListenersPage({ q, found, officeEmail }: { q: string; found: FoundOrganisation[] | null; officeEmail: string }) {
  const { t, lang } = usePage();
  const p = t.listeners.public;
  const withoutListener = found?.some((o) => o.listeners.length === 0) ?? false;
  return (
    <>
      <UrgentBar />
      <div class="narrow">
        <h1>{p.title}</h1>
        <p>{p.intro}</p>
        <form method="get" action={url(lang, "peerListeners")} class="form search-form">
          <div class="field">
            <label for="f-q">{p.search}</label>
            <input id="f-q" name="q" type="search" value={q} class="input w-l" maxlength={100} />
          </div>
          <div class="form-actions">
            <button type="submit" class="button primary">
              {p.submit}
            </button>
          </div>
        </form>
        {found && (
          <section aria-labelledby="results-title">
            <h2 id="results-title">{p.results(q)}</h2>
            {found.length === 0 && <p>{p.noResults(q)}</p>}
            {found.map((o) => (
              <article class="card" aria-labelledby={`org-${o.id}`}>
                <h3 id={`org-${o.id}`}>{o.name}</h3>
                {o.listeners.length ? (
                  <>
                    <ul class="plain-list">
                      {o.listeners.map((l) => (
                        <ListenerCard l={l} orgId={o.id} />
                      ))}
                    </ul>
                    <p>
                      <a class="button primary" href={url(lang, "contactListeners", { orgId: o.id })}>
                        {p.write(o.name)}
                      </a>
                    </p>
                    <p class="muted">{p.writeHint}</p>
                  </>
                ) : (
                  <p>{p.noListener(o.name)}</p>
                )}
              </article>
            ))}
          </section>
        )}
        <section aria-labelledby="office-title" class={withoutListener ? "card" : undefined}>
          <h2 id="office-title">{p.officeTitle}</h2>
          <p>{p.officeBody}</p>
          <p>
            <a href={`mailto:${officeEmail}`}>{p.officeEmail(officeEmail)}</a>
          </p>
          <p>
            <a href={url(lang, "roadmapGuide")}>{p.roadmap}</a>
          </p>
        </section>
        <section aria-labelledby="boards-title">
          <h2 id="boards-title">{p.forBoards}</h2>
          <p>{p.forBoardsBody}</p>
          <p>
            <a href={url(lang, "guidance")}>{p.guidance}</a>
          </p>
        </section>
      </div>
    </>
  );
}
