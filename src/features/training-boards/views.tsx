import type { FieldErrors, FormValues } from "../../core/forms.js";
import { formatDateTime } from "../../core/i18n/index.js";
import { usePage } from "../../core/views/context.js";
import { ActionButton, ErrorSummary, Form, Input, Notice, Submit, TextArea } from "../../core/views/forms.js";
import { L, text } from "../../core/views/text.js";
import { url } from "../../routes.js";
import { sessionLine } from "../training-registrations/mails.js";
import type { Bookable, RegistrationView } from "../training-registrations/overview.js";
import type { RequestRow } from "../training-registrations/requests.js";
import type { Offering, Session } from "../trainings/service.js";
import { participantRows } from "./forms.js";

type FormProps = { values?: FormValues; errors?: FieldErrors };
type Org = { id: string; name: string };

/** A date as people read it: "Session 2, 10 Dec 2026 11:30 to 10 Dec 2026 16:00, Leiden". */
function useLine() {
  const { t, lang, env } = usePage();
  return (s: Session) => sessionLine(t, s, lang, env.TIME_ZONE);
}

function Dates({ sessions }: { sessions: Session[] }) {
  const line = useLine();
  if (sessions.length === 1) return <>{line(sessions[0]!)}</>;
  return (
    <ul class="plain-list">
      {sessions.map((s) => (
        <li>{line(s)}</li>
      ))}
    </ul>
  );
}

/** Where a registration stands, as a badge: registered, place N on the waiting list, offered until … */
export function StatusBadge({ v }: { v: Pick<RegistrationView, "registration" | "position"> }) {
  const { t, lang, env } = usePage();
  const b = t.registrations.board;
  const r = v.registration;
  if (r.status === "waiting") return <span class="badge warn">{b.waitingShort(v.position ?? 1)}</span>;
  if (r.status === "offered" && r.offerExpiresAt)
    return <span class="badge warn">{b.offeredShort(formatDateTime(lang, r.offerExpiresAt, env.TIME_ZONE))}</span>;
  return <span class={`badge ${r.status === "confirmed" ? "ok" : "neutral"}`}>{b.statuses[r.status]}</span>;
}

function RegistrationTable({ org, rows, title, id }: { org: Org; rows: RegistrationView[]; title: string; id: string }) {
  const { t, lang } = usePage();
  const b = t.registrations.board;
  return (
    <section class="table-wrap" tabindex={0} aria-labelledby={id}>
      <table class="table cards">
        <caption class="visually-hidden">{title}</caption>
        <thead>
          <tr>
            <th scope="col">{b.training}</th>
            <th scope="col">{b.date}</th>
            <th scope="col">{b.forYear}</th>
            <th scope="col">{b.status}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((v) => (
            <tr>
              <td data-label={b.training}>
                <a href={url(lang, "orgTrainingRegistration", { id: org.id, registrationId: v.registration.id })}>
                  <L v={v.offering.title} />
                </a>
              </td>
              <td data-label={b.date}>
                <Dates sessions={v.sessions} />
              </td>
              <td data-label={b.forYear}>{t.org.year(v.registration.year)}</td>
              <td data-label={b.status}>
                <StatusBadge v={v} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The organisation's trainings: registrations, requests, what is open to register for, and its history. */
export function OrgTrainingsPage(p: {
  org: Org;
  upcoming: RegistrationView[];
  history: RegistrationView[];
  requests: RequestRow[];
  open: { offering: Offering; next: Session | null }[];
  notice: string | null;
}) {
  const { t, lang } = usePage();
  const b = t.registrations.board;
  const line = useLine();
  const badge = { pending: "warn", planned: "ok", declined: "danger", withdrawn: "neutral" } as const;
  return (
    <>
      <h1>{b.title(p.org.name)}</h1>
      <Notice text={p.notice} />
      <p class="narrow">{b.intro}</p>
      {/* The table's scrolling region is the landmark, named by this heading. */}
      <section>
        <h2 id="tr-active">{b.active}</h2>
        {p.upcoming.length ? <RegistrationTable org={p.org} rows={p.upcoming} title={b.active} id="tr-active" /> : <p>{b.noActive}</p>}
      </section>
      {p.requests.length > 0 && (
        <section aria-labelledby="tr-requests">
          <h2 id="tr-requests">{b.requests}</h2>
          <ul class="plain-list">
            {p.requests.map((r) => (
              <li>
                {r.offering ? <L v={r.offering.title} /> : "–"}:{" "}
                <span class={`badge ${badge[r.status]}`}>{b.requestStatuses[r.status]}</span>
                {r.status === "planned" && r.session && (
                  <>
                    {" "}
                    · {b.plannedOn(line(r.session))} ·{" "}
                    <a href={url(lang, "orgTrainingRegister", { id: p.org.id, offeringId: r.offeringId })}>{b.registerPlanned}</a>
                  </>
                )}
                {r.status === "declined" && r.reason && <span class="muted"> · {b.reason(r.reason)}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="tr-open">
        <h2 id="tr-open">{b.open}</h2>
        {p.open.length ? (
          <ul class="plain-list">
            {p.open.map(({ offering: o, next }) => (
              <li>
                <strong>
                  <L v={o.title} />
                </strong>
                {next && <span class="muted"> · {line(next)}</span>}{" "}
                {o.registration === "request" ? (
                  <a href={url(lang, "orgTrainingRequest", { id: p.org.id, offeringId: o.id })}>
                    {b.request}
                    <span class="visually-hidden">: {text(o.title, lang)}</span>
                  </a>
                ) : (
                  <a href={url(lang, "orgTrainingRegister", { id: p.org.id, offeringId: o.id })}>
                    {b.register}
                    <span class="visually-hidden">: {text(o.title, lang)}</span>
                  </a>
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p>{b.noOpen}</p>
        )}
        <p>
          <a href={url(lang, "trainings")}>{b.catalogue}</a>
        </p>
      </section>
      {p.history.length > 0 && (
        <section>
          <h2 id="tr-history">{b.history}</h2>
          <RegistrationTable org={p.org} rows={p.history} title={b.history} id="tr-history" />
        </section>
      )}
    </>
  );
}

/** A radio button in a group; the first carries the field's id, so the error summary's link lands on it. */
function Radio({ name, value, i, checked, label }: { name: string; value: string; i: number; checked: boolean; label: string }) {
  const id = i === 0 ? `f-${name}` : `f-${name}-${i}`;
  return (
    <div class="checkbox">
      <input type="radio" id={id} name={name} value={value} checked={checked} />
      <label for={id}>{label}</label>
    </div>
  );
}

function FieldsetError({ name, errors }: { name: string; errors?: FieldErrors }) {
  const { t } = usePage();
  if (!errors?.[name]) return null;
  return (
    <p class="field-error" id={`f-${name}-error`}>
      <span class="visually-hidden">{t.errors.prefix} </span>
      {errors[name]}
    </p>
  );
}

export type RegisterFormProps = FormProps & {
  org: Org;
  offering: Offering;
  dates: Bookable[];
  /** Academic years it may be for: the current board's, and the incoming board's when there is one. */
  years: { year: number; incoming: boolean }[];
  /** Why registration is not possible now, if so (the form is not shown). */
  closedBecause: string | null;
};

/** The register form: a date (where there is a choice), the board it is for, the participants. */
export function RegisterForm(p: RegisterFormProps) {
  const { t, lang } = usePage();
  const b = t.registrations.board;
  const o = p.offering;
  const line = useLine();
  const v = p.values ?? {};
  const rows = participantRows(v, o.maxPerOrganisation);
  const numbers = Array.from({ length: rows }, (_, k) => k + 1);
  const choice = o.format !== "package" && p.dates.length > 1;
  const labels: Record<string, string> = { session: choice ? b.chooseDate : b.theDate, sessionId: b.chooseDate, year: b.whichBoard };
  for (const i of numbers) {
    labels[`name_${i}`] = `${b.participant(i)}, ${b.name}`;
    labels[`email_${i}`] = `${b.participant(i)}, ${b.email}`;
    labels[`role_${i}`] = `${b.participant(i)}, ${b.role}`;
  }
  labels.participants = b.participants;
  const places = (d: Bookable) =>
    d.placesLeft === null ? "" : d.placesLeft > 0 ? b.placesLeft(d.placesLeft) : o.waitingList ? b.fullWaiting : b.full;
  const withPlaces = (d: Bookable) => [line(d.session), places(d)].filter(Boolean).join(" · ");
  const action = url(lang, "orgTrainingRegister", { id: p.org.id, offeringId: o.id });
  const yearLabel = (y: { year: number; incoming: boolean }) => (y.incoming ? b.incomingBoardOf : b.boardOf)(t.org.year(y.year));
  return (
    <div class="narrow">
      <h1>{b.registerFor(text(o.title, lang))}</h1>
      <p>
        <L v={o.summary} />
      </p>
      {p.closedBecause ? (
        <p class="warning">{p.closedBecause}</p>
      ) : (
        <>
          <ErrorSummary errors={p.errors} labels={labels} />
          <Form action={action}>
            <input type="hidden" name="rows" value={String(rows)} />
            <input type="hidden" name="key" value={v.key ?? ""} />
            {/* A refusal about the date itself (full, closed) is shown here, above the dates. */}
            <div id="f-session">
              <FieldsetError name="session" errors={p.errors} />
            </div>
            {choice ? (
              <fieldset
                class={p.errors?.sessionId ? "field has-error" : "field"}
                aria-describedby={p.errors?.sessionId ? "f-sessionId-error" : undefined}
              >
                <legend>{b.chooseDate}</legend>
                <FieldsetError name="sessionId" errors={p.errors} />
                {p.dates.map((d, i) => (
                  <Radio name="sessionId" value={d.session.id} i={i} checked={v.sessionId === d.session.id} label={withPlaces(d)} />
                ))}
              </fieldset>
            ) : (
              <div class="field">
                <p class="label">{o.format === "package" ? b.packageDates : b.theDate}</p>
                <ul class="plain-list">
                  {p.dates.map((d) => (
                    <li>{withPlaces(d)}</li>
                  ))}
                </ul>
              </div>
            )}
            {p.years.length > 1 ? (
              <fieldset class={p.errors?.year ? "field has-error" : "field"} aria-describedby="f-year-hint">
                <legend>{b.whichBoard}</legend>
                <p class="hint" id="f-year-hint">
                  {b.whichBoardHint}
                </p>
                <FieldsetError name="year" errors={p.errors} />
                {p.years.map((y, i) => (
                  <Radio name="year" value={String(y.year)} i={i} checked={v.year === String(y.year)} label={yearLabel(y)} />
                ))}
              </fieldset>
            ) : (
              p.years[0] && (
                <div class="field">
                  <p class="label">{b.whichBoard}</p>
                  <p>{yearLabel(p.years[0])}</p>
                </div>
              )
            )}
            <fieldset class="field" aria-describedby="f-participants-hint">
              <legend>{b.participants}</legend>
              <p class="hint" id="f-participants-hint">
                {b.participantsHint(o.maxPerOrganisation)}
              </p>
              <div id="f-participants">
                <FieldsetError name="participants" errors={p.errors} />
              </div>
              {numbers.map((i) => (
                <fieldset class="member-row">
                  <legend>{b.participant(i)}</legend>
                  <Input name={`name_${i}`} label={b.name} required={i === 1} autocomplete="off" values={v} errors={p.errors} />
                  <Input
                    name={`email_${i}`}
                    type="email"
                    label={b.email}
                    required={i === 1}
                    autocomplete="off"
                    values={v}
                    errors={p.errors}
                  />
                  <Input name={`role_${i}`} label={b.role} hint={i === 1 ? b.roleHint : undefined} values={v} errors={p.errors} />
                </fieldset>
              ))}
            </fieldset>
            <Submit
              label={b.submit}
              secondary={
                rows < o.maxPerOrganisation && (
                  // After the main button, so Enter in a field still sends the form; the page comes back at the new row.
                  <button type="submit" name="addRow" value="1" formaction={`${action}#f-name_${rows + 1}`} class="button secondary">
                    {b.addRow}
                  </button>
                )
              }
            />
          </Form>
        </>
      )}
    </div>
  );
}

export type RegistrationDetail = RegistrationView & { participants: { name: string; email: string; role: string }[] };

/** A registration: its dates, participants and status, with what the board can do about it. */
export function RegistrationPage(p: { org: Org; v: RegistrationDetail; canCancel: boolean; notice: string | null; errors?: FieldErrors }) {
  const { t, lang, env } = usePage();
  const b = t.registrations.board;
  const r = p.v.registration;
  const ids = { id: p.org.id, registrationId: r.id };
  const active = r.status === "confirmed" || r.status === "waiting";
  return (
    <>
      <h1>{b.registration(text(p.v.offering.title, lang))}</h1>
      <Notice text={p.notice} />
      <ErrorSummary errors={p.errors} labels={{ offer: b.accept, registration: b.cancel }} />
      <dl class="details">
        <dt>{t.org.fields.organisation}</dt>
        <dd>{p.org.name}</dd>
        <dt>{b.status}</dt>
        <dd>
          <StatusBadge v={p.v} />
        </dd>
        <dt>{b.date}</dt>
        <dd>
          <Dates sessions={p.v.sessions} />
        </dd>
        <dt>{b.forYear}</dt>
        <dd>{t.org.year(r.year)}</dd>
      </dl>
      {r.status === "waiting" && <p>{b.waitingAt(p.v.position ?? 1)}</p>}
      {r.status === "offered" && r.offerExpiresAt && <p>{b.offerUntil(formatDateTime(lang, r.offerExpiresAt, env.TIME_ZONE))}</p>}
      {Object.entries(p.errors ?? {}).map(([field, msg]) => (
        <p class="field-error" id={`f-${field}`}>
          <span class="visually-hidden">{t.errors.prefix} </span>
          {msg}
        </p>
      ))}
      {r.status === "offered" && (
        <div class="actions">
          <ActionButton action={url(lang, "orgTrainingAccept", ids)} label={b.accept} kind="primary" />
          <ActionButton action={url(lang, "orgTrainingCancel", ids)} label={b.decline} />
        </div>
      )}
      {active &&
        (p.canCancel ? (
          <p class="actions">
            <a class="button secondary" href={url(lang, "orgTrainingCancel", ids)}>
              {b.cancel}
            </a>
          </p>
        ) : (
          <p>{b.tooLate(env.OFFICE_EMAIL)}</p>
        ))}
      {r.status === "confirmed" && p.v.sessions.length > 0 && (
        <p>
          <a href={url(lang, "orgTrainingRegistrationIcs", ids)} download="training.ics">
            {b.calendar}
          </a>
        </p>
      )}
      <h2>{b.participants}</h2>
      <section class="table-wrap" tabindex={0} aria-label={b.participants}>
        <table class="table cards">
          <caption class="visually-hidden">{b.participants}</caption>
          <thead>
            <tr>
              <th scope="col">{b.name}</th>
              <th scope="col">{b.email}</th>
              <th scope="col">{b.role}</th>
            </tr>
          </thead>
          <tbody>
            {p.v.participants.map((x) => (
              <tr>
                <td data-label={b.name}>{x.name}</td>
                <td data-label={b.email}>{x.email}</td>
                <td data-label={b.role}>{x.role || "–"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <p>
        <a href={url(lang, "orgTrainings", { id: p.org.id })}>{b.title(p.org.name)}</a>
      </p>
    </>
  );
}

/** Asks before cancelling: what follows, and a button that POSTs; after the deadline, whom to mail instead. */
export function CancelPage({ org, v, canCancel }: { org: Org; v: RegistrationView; canCancel: boolean }) {
  const { t, lang, env } = usePage();
  const b = t.registrations.board;
  const r = v.registration;
  const ids = { id: org.id, registrationId: r.id };
  const active = r.status === "confirmed" || r.status === "waiting" || r.status === "offered";
  return (
    <div class="narrow">
      <h1>{b.cancelTitle(text(v.offering.title, lang))}</h1>
      <p>
        <Dates sessions={v.sessions} />
      </p>
      {!active ? (
        <p>
          <StatusBadge v={v} />
        </p>
      ) : canCancel ? (
        <>
          <p>{r.status === "waiting" ? b.cancelWaiting : b.cancelWhat}</p>
          <div class="actions">
            <ActionButton action={url(lang, "orgTrainingCancel", ids)} label={b.cancelConfirm} kind="danger" />
            <a class="button secondary" href={url(lang, "orgTrainingRegistration", ids)}>
              {b.keep}
            </a>
          </div>
        </>
      ) : (
        <p>{b.tooLate(env.OFFICE_EMAIL)}</p>
      )}
      {(!active || !canCancel) && (
        <p>
          <a href={url(lang, "orgTrainingRegistration", ids)}>{t.common.back}</a>
        </p>
      )}
    </div>
  );
}

/** The request form for a tailor-made training or a member workshop (or, while one is open, a note saying so). */
export function RequestForm(p: FormProps & { org: Org; offering: Offering; pending: boolean }) {
  const { t, lang } = usePage();
  const b = t.registrations.board;
  const o = p.offering;
  return (
    <div class="narrow">
      <h1>{b.requestFor(text(o.title, lang))}</h1>
      <p>
        <L v={o.summary} />
      </p>
      {p.pending ? (
        <p class="notice">
          {b.requestPending} <a href={url(lang, "orgTrainings", { id: p.org.id })}>{b.title(p.org.name)}</a>
        </p>
      ) : (
        <>
          <p>{b.requestIntro}</p>
          <ErrorSummary errors={p.errors} labels={{ preferredDates: b.preferredDates, groupSize: b.groupSize, wishes: b.wishes }} />
          <Form action={url(lang, "orgTrainingRequest", { id: p.org.id, offeringId: o.id })}>
            <TextArea
              name="preferredDates"
              label={b.preferredDates}
              hint={b.preferredDatesHint}
              required
              rows={3}
              values={p.values}
              errors={p.errors}
            />
            <Input name="groupSize" label={b.groupSize} inputmode="numeric" width="s" required values={p.values} errors={p.errors} />
            <TextArea name="wishes" label={b.wishes} hint={b.wishesHint} values={p.values} errors={p.errors} />
            <Submit label={b.requestSubmit} />
          </Form>
        </>
      )}
    </div>
  );
}

/** One person of the organisation: a current board member or an active key figure, as the section shows them. */
export type TrainedRow = { name: string | null; email: string; role: string; trained: boolean };

/**
 * The organisation's page (passed in by createApp): who of its current board and active key
 * figures is trained this academic year, and the link to the organisation's trainings.
 */
export function TrainedSection({ orgId, year, rows }: { orgId: string; year: number; rows: TrainedRow[] }) {
  const { t, lang } = usePage();
  const s = t.registrations.board.trained;
  const y = t.org.year(year);
  return (
    <section aria-labelledby="trained-this-year">
      <h2 id="trained-this-year">{s.title}</h2>
      <p class="narrow">{s.intro(y)}</p>
      {rows.length === 0 ? (
        <p>{s.none}</p>
      ) : (
        <section class="table-wrap" tabindex={0} aria-labelledby="trained-caption">
          <table class="table">
            <caption id="trained-caption">{s.caption(y)}</caption>
            <thead>
              <tr>
                <th scope="col">{s.person}</th>
                <th scope="col">{s.role}</th>
                <th scope="col">{s.trained}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <th scope="row">{r.name ? `${r.name} (${r.email})` : r.email}</th>
                  <td>{r.role}</td>
                  <td>
                    <span class={`badge ${r.trained ? "ok" : "neutral"}`}>{r.trained ? s.yes : s.notYet}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <p>
        <a href={url(lang, "orgTrainings", { id: orgId })}>{t.registrations.board.link}</a>
      </p>
    </section>
  );
}
