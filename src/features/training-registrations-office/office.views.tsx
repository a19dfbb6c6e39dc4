import type { FC } from "hono/jsx";
import type { FieldErrors, FormValues } from "../../core/forms.js";
import { formatDate, formatDateTime, type Messages } from "../../core/i18n/index.js";
import type { AuditRow } from "../../core/office/audit.js";
import { AuditTable } from "../../core/office/views.js";
import { usePage } from "../../core/views/context.js";
import { BilingualField, ErrorSummary, Form, Input, Notice, Select, Submit, TextArea } from "../../core/views/forms.js";
import { Pagination } from "../../core/views/pagination.js";
import { L, text } from "../../core/views/text.js";
import { url } from "../../routes.js";
import type { OfficeRegistration, trainingHistory } from "../training-registrations/office.js";
import type { TrainingRequest } from "../training-registrations/requests.js";
import type { Offering, Session } from "../trainings/service.js";
import { PARTICIPANT_ROWS } from "./forms.js";

// The office's registration pages. Props only: the routes read the data.

type Counts = { confirmed: number; offered: number; waiting: number; people: number };
/** How a date of the offering is drawn in a form (the trainings feature's view, passed in by createApp). */
export type SessionFieldsView = FC<{ values: FormValues; errors?: FieldErrors; withTitle?: boolean }>;

const dateOf = (t: Messages, lang: "nl" | "en", tz: string, sessions: Session[], id: string | null) => {
  const s = id ? sessions.find((x) => x.id === id) : null;
  return s ? formatDateTime(lang, s.startsAt, tz) : t.registrations.office.wholeProgramme;
};

function Back({ o }: { o: Offering }) {
  const { lang } = usePage();
  return (
    <p>
      <a href={url(lang, "staffTraining", { id: o.id })}>
        <L v={o.title} />
      </a>
    </p>
  );
}

function StatusBadge({ item }: { item: OfficeRegistration }) {
  const { t, lang, env } = usePage();
  const s = t.registrations.office;
  const { reg } = item;
  const tone = reg.status === "confirmed" ? "ok" : reg.status === "offered" || reg.status === "waiting" ? "warn" : "neutral";
  return (
    <>
      <span class={`badge ${tone}`}>{s.statuses[reg.status]}</span>
      {reg.offerExpiresAt && ` ${s.offerUntil(formatDateTime(lang, reg.offerExpiresAt, env.TIME_ZONE))}`}
      {reg.aboveCap && <span class="badge neutral"> {s.aboveCap}</span>}
    </>
  );
}

/** An offering's registrations: the dates with their counts, then those holding a place and the waiting list, in order. */
export function RegistrationList(p: {
  o: Offering;
  sessions: Session[];
  counts: Map<string, Counts>;
  selected: Session | null;
  rows: OfficeRegistration[];
  total: number;
  page: number;
  pages: number;
  notice: string | null;
}) {
  const { t, lang, env } = usePage();
  const s = t.registrations.office;
  const id = p.o.id;
  const heading = p.selected ? s.listFor(formatDateTime(lang, p.selected.startsAt, env.TIME_ZONE)) : s.listAll;
  return (
    <>
      <Back o={p.o} />
      <h1>{s.title(text(p.o.title, lang))}</h1>
      <Notice text={p.notice} />
      <p class="actions">
        <a class="button primary" href={url(lang, "staffTrainingAdd", { id })}>
          {t.trainings.office.addOrganisation}
        </a>
        <a class="button secondary" href={url(lang, "staffTrainingCsv", { id })} download>
          {t.trainings.office.csv}
        </a>
      </p>
      {p.o.format !== "package" && p.sessions.length > 0 && (
        <div class="table-wrap">
          <table class="table">
            <caption>{s.dates}</caption>
            <thead>
              <tr>
                <th scope="col">{s.date}</th>
                <th scope="col">{s.confirmed}</th>
                <th scope="col">{s.offered}</th>
                <th scope="col">{s.waiting}</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">
                  <a href={url(lang, "staffTrainingRegistrations", { id })} aria-current={p.selected ? undefined : "page"}>
                    {s.allDates}
                  </a>
                </th>
                <td colspan={3} />
              </tr>
              {p.sessions.map((x) => {
                const c = p.counts.get(x.id);
                return (
                  <tr>
                    <th scope="row">
                      <a
                        href={url(lang, "staffTrainingRegistrations", { id }, { session: x.id })}
                        aria-current={p.selected?.id === x.id ? "page" : undefined}
                      >
                        {formatDateTime(lang, x.startsAt, env.TIME_ZONE)}
                      </a>
                      {x.status === "cancelled" && ` (${t.trainings.office.cancelled})`}
                    </th>
                    <td>{c?.confirmed ?? 0}</td>
                    <td>{c?.offered ?? 0}</td>
                    <td>{c?.waiting ?? 0}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <h2 id="list">{heading}</h2>
      <p role="status">{s.results(p.total)}</p>
      {p.rows.length === 0 ? (
        <p>{s.none}</p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <caption class="visually-hidden">{heading}</caption>
            <thead>
              <tr>
                <th scope="col">{s.organisation}</th>
                <th scope="col">{s.date}</th>
                <th scope="col">{s.participants}</th>
                <th scope="col">{s.status}</th>
                <th scope="col">{s.position}</th>
              </tr>
            </thead>
            <tbody>
              {p.rows.map((item) => (
                <tr>
                  <td>
                    <a href={url(lang, "staffTrainingRegistration", { id: item.reg.id })}>{item.org}</a>
                  </td>
                  <td>{dateOf(t, lang, env.TIME_ZONE, p.sessions, item.reg.sessionId)}</td>
                  <td>
                    <ul class="plain-list">
                      {item.participants.map((x) => (
                        <li>
                          {x.name} ({x.email}){x.role && ` · ${x.role}`}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    <StatusBadge item={item} />
                  </td>
                  <td>{item.position ?? "–"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination
        page={p.page}
        pages={p.pages}
        href={(n) => `${url(lang, "staffTrainingRegistrations", { id }, { session: p.selected?.id, page: String(n) })}#list`}
      />
    </>
  );
}

/** The participant CSV: organisation, name, email, role, date, status; headed by the column names. */
export function participantCsv(t: Messages, lang: "nl" | "en", tz: string, sessions: Session[], items: OfficeRegistration[]) {
  const h = t.registrations.office.csv;
  const rows = items.flatMap((x) =>
    x.participants.map((p) => [
      x.org,
      p.name,
      p.email,
      p.role,
      dateOf(t, lang, tz, sessions, x.reg.sessionId),
      t.registrations.office.statuses[x.reg.status],
    ]),
  );
  return [[h.organisation, h.name, h.email, h.role, h.date, h.status], ...rows];
}

/** One registration: what it is, and (while active) cancelling it or moving it to another date, each with a reason. */
export function RegistrationDetail(p: {
  o: Offering;
  sessions: Session[];
  item: OfficeRegistration;
  values: FormValues;
  errors?: FieldErrors;
  trail: AuditRow[];
  notice: string | null;
  now: Date;
}) {
  const { t, lang, env } = usePage();
  const s = t.registrations.office;
  const { reg } = p.item;
  const active = reg.status === "confirmed" || reg.status === "offered" || reg.status === "waiting";
  const others = p.sessions.filter(
    (x) =>
      x.status === "scheduled" && x.startsAt > p.now && x.id !== reg.sessionId && (!x.reservedFor || x.reservedFor === reg.organisationId),
  );
  const action = url(lang, "staffTrainingRegistration", { id: reg.id });
  const v = { values: p.values, errors: p.errors };
  return (
    <>
      <Back o={p.o} />
      <h1>{p.item.org}</h1>
      <Notice text={p.notice} />
      <ErrorSummary errors={p.errors} labels={{ cancelReason: s.cancelReason, sessionId: s.moveTo, moveReason: s.moveReason }} />
      <dl class="details">
        <dt>{s.date}</dt>
        <dd>{dateOf(t, lang, env.TIME_ZONE, p.sessions, reg.sessionId)}</dd>
        <dt>{s.status}</dt>
        <dd>
          <StatusBadge item={p.item} />
          {p.item.position !== null && ` · ${s.position}: ${p.item.position}`}
        </dd>
        <dt>{s.participants}</dt>
        <dd>
          <ul class="plain-list">
            {p.item.participants.map((x) => (
              <li>
                {x.name} ({x.email}){x.role && ` · ${x.role}`}
              </li>
            ))}
          </ul>
        </dd>
        <dt>{s.registeredOn}</dt>
        <dd>{formatDateTime(lang, reg.createdAt, env.TIME_ZONE)}</dd>
        {reg.reason && (
          <>
            <dt>{s.reason}</dt>
            <dd>{reg.reason}</dd>
          </>
        )}
      </dl>
      <p>
        <a href={url(lang, "staffTrainingRegistrations", { id: p.o.id })}>{s.toList}</a>
      </p>
      {!active ? (
        <p>{s.notActive}</p>
      ) : (
        <>
          {p.o.format !== "package" && others.length > 0 && (
            <section aria-labelledby="move">
              <h2 id="move">{s.moveTitle}</h2>
              <p>{s.moveHint}</p>
              <Form action={action}>
                <input type="hidden" name="action" value="move" />
                <Select
                  name="sessionId"
                  label={s.moveTo}
                  required
                  placeholder={s.choose}
                  options={others.map((x) => ({ value: x.id, label: formatDateTime(lang, x.startsAt, env.TIME_ZONE) }))}
                  {...v}
                />
                <TextArea name="moveReason" label={s.moveReason} required rows={2} {...v} />
                <Submit label={s.move} />
              </Form>
            </section>
          )}
          <section aria-labelledby="cancel">
            <h2 id="cancel">{s.cancelTitle}</h2>
            <p>{s.cancelHint}</p>
            <Form action={action}>
              <input type="hidden" name="action" value="cancel" />
              <TextArea name="cancelReason" label={s.cancelReason} required rows={2} {...v} />
              <Submit label={s.cancel} danger />
            </Form>
          </section>
        </>
      )}
      <h2>{t.office.audit}</h2>
      <AuditTable rows={p.trail} />
    </>
  );
}

/** Adding an organisation above the cap: the organisation, its date, its participants and the reason. */
export function AddForm(p: {
  o: Offering;
  sessions: Session[];
  orgs: { id: string; name: string }[];
  values: FormValues;
  errors?: FieldErrors;
}) {
  const { t, lang, env } = usePage();
  const s = t.registrations.office;
  const v = { values: p.values, errors: p.errors };
  const rows = Array.from({ length: PARTICIPANT_ROWS }, (_, i) => i + 1);
  const labels: Record<string, string> = { organisationId: s.organisation, sessionId: s.date };
  for (const i of rows)
    Object.assign(labels, {
      [`name_${i}`]: `${s.participant(i)}: ${s.name}`,
      [`email_${i}`]: `${s.participant(i)}: ${s.email}`,
      [`role_${i}`]: `${s.participant(i)}: ${s.role}`,
    });
  labels.reason = s.addReason;
  return (
    <>
      <Back o={p.o} />
      <h1>{s.addTitle}</h1>
      <p>{s.addIntro}</p>
      <ErrorSummary errors={p.errors} labels={labels} />
      <Form action={url(lang, "staffTrainingAdd", { id: p.o.id })} class="form wide-form">
        {/* A resent or double-clicked form adds the organisation once. */}
        <input type="hidden" name="key" value={p.values.key ?? ""} />
        <Select
          name="organisationId"
          label={s.organisation}
          required
          placeholder={s.choose}
          options={p.orgs.map((x) => ({ value: x.id, label: x.name }))}
          {...v}
        />
        {p.o.format !== "package" && (
          <Select
            name="sessionId"
            label={s.date}
            required
            placeholder={s.choose}
            options={p.sessions
              .filter((x) => x.status === "scheduled")
              .map((x) => ({ value: x.id, label: formatDateTime(lang, x.startsAt, env.TIME_ZONE) }))}
            {...v}
          />
        )}
        <fieldset class="field">
          <legend>{s.participantsLegend}</legend>
          {rows.map((i) => (
            <fieldset class="bi-field">
              <legend>{s.participant(i)}</legend>
              <div class="bi-columns">
                <Input name={`name_${i}`} label={s.name} required={i === 1} {...v} />
                <Input name={`email_${i}`} type="email" label={s.email} required={i === 1} {...v} />
                <Input name={`role_${i}`} label={s.role} {...v} />
              </div>
            </fieldset>
          ))}
        </fieldset>
        <TextArea name="reason" label={s.addReason} required rows={2} {...v} />
        <Submit label={s.add} />
      </Form>
    </>
  );
}

export type AttendancePerson = { id: string; name: string; email: string; org: string; present: boolean | null };

/** Attendance after a date: a checkbox per expected participant. */
export function Attendance(p: {
  o: Offering;
  session: Session;
  people: AttendancePerson[];
  begun: boolean;
  notice: string | null;
  errors?: FieldErrors;
}) {
  const { t, lang, env } = usePage();
  const s = t.registrations.office;
  const when = formatDateTime(lang, p.session.startsAt, env.TIME_ZONE);
  const error = p.errors?.present;
  return (
    <>
      <Back o={p.o} />
      <h1>{s.attendanceTitle(when)}</h1>
      <Notice text={p.notice} />
      <ErrorSummary errors={p.errors} labels={{ present: s.attendanceLegend }} />
      {!p.begun ? (
        <p>{s.attendanceNotYet}</p>
      ) : p.people.length === 0 ? (
        <p>{s.attendanceNone}</p>
      ) : (
        <Form action={url(lang, "staffTrainingAttendance", { id: p.o.id, sessionId: p.session.id })}>
          <fieldset class={error ? "field has-error" : "field"} id="f-present">
            <legend>{s.attendanceLegend}</legend>
            {error && (
              <p class="field-error" id="f-present-error">
                <span class="visually-hidden">{t.errors.prefix} </span>
                {error}
              </p>
            )}
            <ul class="checkbox-grid">
              {p.people.map((x) => (
                <li class="checkbox">
                  <input type="checkbox" id={`f-present-${x.id}`} name="present" value={x.id} checked={x.present === true} />
                  <label for={`f-present-${x.id}`}>
                    {x.name} ({x.org})
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <Submit label={t.common.save} />
        </Form>
      )}
    </>
  );
}

/** A message to everyone with a place on a date; `confirm` shows how many it reaches and asks before sending. */
export function MessageForm(p: { o: Offering; session: Session; values: FormValues; errors?: FieldErrors; confirm: number | null }) {
  const { t, lang, env } = usePage();
  const s = t.registrations.office;
  const action = url(lang, "staffTrainingMessage", { id: p.o.id, sessionId: p.session.id });
  const labels = { subject_nl: s.subject, subject_en: s.subject, body_nl: s.body, body_en: s.body };
  return (
    <>
      <Back o={p.o} />
      <h1>{s.messageTitle(formatDateTime(lang, p.session.startsAt, env.TIME_ZONE))}</h1>
      {p.confirm !== null && (
        <section class="warning" aria-labelledby="confirm">
          <h2 id="confirm">{s.confirmTitle(p.confirm)}</h2>
          <Form action={action}>
            {Object.keys(labels).map((n) => (
              <input type="hidden" name={n} value={p.values[n] ?? ""} />
            ))}
            <input type="hidden" name="confirmed" value="yes" />
            <Submit label={s.send} />
          </Form>
        </section>
      )}
      <p>{s.messageIntro}</p>
      <ErrorSummary errors={p.errors} labels={labels} />
      <Form action={action} class="form wide-form">
        <BilingualField flag={false} rows={6} name="subject" label={s.subject} values={p.values} errors={p.errors} />
        <BilingualField flag={false} rows={6} name="body" label={s.body} hint={s.bodyHint} values={p.values} errors={p.errors} area />
        <Submit label={p.confirm === null ? s.next : s.change} />
      </Form>
    </>
  );
}

export type RequestRow = { req: TrainingRequest; org: string; offering: Offering | null };

/** The open requests for tailor-made trainings and workshops, oldest first. */
export function RequestList(p: { rows: RequestRow[]; total: number; page: number; pages: number; notice: string | null }) {
  const { t, lang, env } = usePage();
  const s = t.registrations.office;
  return (
    <>
      <h1>{s.requestsTitle}</h1>
      <Notice text={p.notice} />
      {p.rows.length === 0 ? (
        <p>{s.requestsEmpty}</p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <caption class="visually-hidden">{s.requestsTitle}</caption>
            <thead>
              <tr>
                <th scope="col">{s.organisation}</th>
                <th scope="col">{s.training}</th>
                <th scope="col">{s.requestedOn}</th>
                <th scope="col">{s.groupSize}</th>
              </tr>
            </thead>
            <tbody>
              {p.rows.map((x) => (
                <tr>
                  <td>
                    <a href={url(lang, "staffTrainingRequest", { id: x.req.id })}>{x.org}</a>
                  </td>
                  <td>{x.offering ? <L v={x.offering.title} /> : "–"}</td>
                  <td>{formatDate(lang, x.req.createdAt, env.TIME_ZONE)}</td>
                  <td>{x.req.groupSize}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={p.page} pages={p.pages} href={(n) => url(lang, "staffTrainingRequests", {}, { page: String(n) })} />
    </>
  );
}

/** One request: what was asked; while open, planning a date for it or declining it with a reason. */
export function RequestPage(p: {
  row: RequestRow;
  values: FormValues;
  errors?: FieldErrors;
  sessionFields: SessionFieldsView;
  sessionLabels: Record<string, string>;
}) {
  const { t, lang, env } = usePage();
  const s = t.registrations.office;
  const { req } = p.row;
  const action = url(lang, "staffTrainingRequest", { id: req.id });
  const Fields = p.sessionFields;
  return (
    <>
      <p>
        <a href={url(lang, "staffTrainingRequests")}>{s.requestsTitle}</a>
      </p>
      <h1>{s.requestTitle(p.row.org)}</h1>
      <ErrorSummary errors={p.errors} labels={{ ...p.sessionLabels, declineReason: s.declineReason }} />
      <dl class="details">
        <dt>{s.training}</dt>
        <dd>{p.row.offering ? <L v={p.row.offering.title} /> : "–"}</dd>
        <dt>{s.status}</dt>
        <dd>{s.requestStatuses[req.status]}</dd>
        <dt>{s.requestedOn}</dt>
        <dd>{formatDate(lang, req.createdAt, env.TIME_ZONE)}</dd>
        <dt>{s.preferredDates}</dt>
        <dd>{req.preferredDates}</dd>
        <dt>{s.groupSize}</dt>
        <dd>{req.groupSize}</dd>
        {req.wishes && (
          <>
            <dt>{s.wishes}</dt>
            <dd>{req.wishes}</dd>
          </>
        )}
        {req.reason && (
          <>
            <dt>{s.reason}</dt>
            <dd>{req.reason}</dd>
          </>
        )}
      </dl>
      {req.status === "pending" && (
        <>
          <section aria-labelledby="plan">
            <h2 id="plan">{s.planTitle}</h2>
            <p>{s.planIntro}</p>
            <Form action={action} class="form wide-form">
              <input type="hidden" name="action" value="plan" />
              <Fields values={p.values} errors={p.errors} withTitle={false} />
              <Submit label={s.plan} />
            </Form>
          </section>
          <section aria-labelledby="decline">
            <h2 id="decline">{s.declineTitle}</h2>
            <Form action={action}>
              <input type="hidden" name="action" value="decline" />
              <TextArea name="declineReason" label={s.declineReason} required rows={2} values={p.values} errors={p.errors} />
              <Submit label={s.decline} danger />
            </Form>
          </section>
        </>
      )}
    </>
  );
}

type History = Awaited<ReturnType<typeof trainingHistory>>;

/** On the office's organisation page: who is trained this academic year, and its latest registrations. */
export function OrgTrainings({ trained, history, limit }: { trained: string[]; history: History; limit: number }) {
  const { t, lang, env } = usePage();
  const s = t.registrations.office;
  return (
    <section aria-labelledby="trainings">
      <h2 id="trainings">{s.trainings}</h2>
      <h3>{s.trainedThisYear}</h3>
      {trained.length === 0 ? (
        <p>{s.trainedNone}</p>
      ) : (
        <ul class="plain-list">
          {trained.map((e) => (
            <li>{e}</li>
          ))}
        </ul>
      )}
      <h3>{s.historyTitle}</h3>
      {history.length === 0 ? (
        <p>{s.historyEmpty}</p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <caption class="visually-hidden">{s.historyTitle}</caption>
            <thead>
              <tr>
                <th scope="col">{s.training}</th>
                <th scope="col">{s.date}</th>
                <th scope="col">{s.status}</th>
              </tr>
            </thead>
            <tbody>
              {history.map((h) => (
                <tr>
                  <td>
                    <a href={url(lang, "staffTrainingRegistration", { id: h.reg.id })}>
                      <L v={h.offering.title} />
                    </a>
                  </td>
                  <td>{h.dates.map((d) => formatDateTime(lang, d.startsAt, env.TIME_ZONE)).join(", ") || "–"}</td>
                  <td>{s.statuses[h.reg.status]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {history.length >= limit && <p>{s.historyLatest(limit)}</p>}
    </section>
  );
}
