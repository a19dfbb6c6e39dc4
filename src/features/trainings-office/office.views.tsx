import type { FieldErrors, FormValues } from "../../core/forms.js";
import { formatDateTime } from "../../core/i18n/index.js";
import { usePage } from "../../core/views/context.js";
import { BilingualField, ErrorSummary, Form, Input, Notice, Select, Submit, TextArea } from "../../core/views/forms.js";
import { L } from "../../core/views/text.js";
import { url } from "../../routes.js";
import type { Offering, Session } from "../trainings/service.js";
import {
  CAPACITY_UNITS,
  FORMATS,
  OFFERING_STATUSES,
  PROVIDERS,
  REGISTRATION_MODES,
  TRAINING_AUDIENCES,
  TRAINING_KINDS,
} from "../trainings/service.js";

// The office's pages for offerings and their dates. Props only: the routes read the data.

/** Registrations of an offering or a date, by status; `people` counts the participants of those holding a place. */
export type Counts = { confirmed: number; offered: number; waiting: number; people: number };
export const NO_COUNTS: Counts = { confirmed: 0, offered: 0, waiting: 0, people: 0 };

function Checkbox({ name, label, values }: { name: string; label: string; values: FormValues }) {
  return (
    <div class="field checkbox">
      <input type="checkbox" id={`f-${name}`} name={name} checked={values[name] === "on"} />
      <label for={`f-${name}`}>{label}</label>
    </div>
  );
}

/** Each label also for the field's `_nl` and `_en` inputs (the error summary names them). */
const withBi = (labels: Record<string, string>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(labels).flatMap(([k, v]) => [
      [k, v],
      [`${k}_nl`, v],
      [`${k}_en`, v],
    ]),
  );

const options = <K extends string>(keys: readonly K[], labels: Record<K, string>) => keys.map((k) => ({ value: k, label: labels[k] }));

/** Field labels in the order the offering form shows them, for its error summary (each language of a text with it). */
function offeringLabels(fl: Record<string, string>) {
  const order = ["title", "summary", "description", "kind", "audiences", "provider", "providerName", "providerUrl", "lang", "cost"];
  const rest = ["format", "registration", "externalUrl", "capacityUnit", "capacity", "maxPerOrganisation", "opensAt", "closesAt"];
  return withBi(
    Object.fromEntries([...order, ...rest, "cancelHoursBefore", "offerHours", "waitingNote", "status"].map((k) => [k, fl[k] ?? k])),
  );
}

export function OfferingForm({
  action,
  values,
  errors,
  title,
}: {
  action: string;
  values: FormValues;
  errors?: FieldErrors;
  title: string;
}) {
  const { t, lang } = usePage();
  const s = t.trainings.office;
  const fl = s.fields;
  const v = { values, errors };
  const audiences = (values.audiences ?? "").split(",");
  return (
    <>
      <h1>{title}</h1>
      <ErrorSummary errors={errors} labels={offeringLabels(fl)} />
      <Form action={action} class="form wide-form">
        <BilingualField name="title" label={fl.title} {...v} />
        <BilingualField name="summary" label={fl.summary} {...v} area rows={2} />
        <BilingualField name="description" label={fl.description} {...v} area rows={6} />
        <Select name="kind" label={fl.kind} required options={options(TRAINING_KINDS, s.kinds)} {...v} />
        <fieldset class="field" id="f-audiences">
          <legend>{fl.audiences}</legend>
          <ul class="checkbox-grid">
            {TRAINING_AUDIENCES.map((a) => (
              <li class="checkbox">
                <input type="checkbox" id={`f-audiences-${a}`} name="audiences" value={a} checked={audiences.includes(a)} />
                <label for={`f-audiences-${a}`}>{s.audiences[a]}</label>
              </li>
            ))}
          </ul>
        </fieldset>
        <Select name="provider" label={fl.provider} required options={options(PROVIDERS, s.providers)} {...v} />
        <BilingualField name="providerName" label={fl.providerName} {...v} />
        <Input name="providerUrl" type="url" label={fl.providerUrl} {...v} />
        <Select name="lang" label={fl.lang} required options={options(["nl", "en"] as const, s.langs)} {...v} />
        <Input name="cost" label={fl.cost} hint={fl.costHint} inputmode="text" width="s" {...v} />
        <Select name="format" label={fl.format} required options={options(FORMATS, s.formats)} {...v} />
        <Select name="registration" label={fl.registration} required options={options(REGISTRATION_MODES, s.modes)} {...v} />
        <Input name="externalUrl" type="url" label={fl.externalUrl} hint={fl.externalUrlHint} {...v} />
        <Select name="capacityUnit" label={fl.capacityUnit} required options={options(CAPACITY_UNITS, s.units)} {...v} />
        <Input name="capacity" label={fl.capacity} hint={fl.capacityHint} inputmode="numeric" width="s" {...v} />
        <Input name="maxPerOrganisation" label={fl.maxPerOrganisation} required inputmode="numeric" width="s" {...v} />
        <Input name="opensAt" type="datetime-local" label={fl.opensAt} hint={fl.timesHint} width="m" {...v} />
        <Input name="closesAt" type="datetime-local" label={fl.closesAt} hint={fl.timesHint} width="m" {...v} />
        <Input name="cancelHoursBefore" label={fl.cancelHoursBefore} required inputmode="numeric" width="s" {...v} />
        <Checkbox name="waitingList" label={fl.waitingList} values={values} />
        <Checkbox name="autoPromote" label={fl.autoPromote} values={values} />
        <Input name="offerHours" label={fl.offerHours} required inputmode="numeric" width="s" {...v} />
        <BilingualField name="waitingNote" label={fl.waitingNote} {...v} area rows={2} />
        <Select name="status" label={fl.status} required options={options(OFFERING_STATUSES, s.statuses)} {...v} />
        <Submit
          label={t.common.save}
          secondary={
            <a class="button secondary" href={url(lang, "staffTrainings")}>
              {t.common.cancel}
            </a>
          }
        />
      </Form>
    </>
  );
}

/** "12 of 25 organisations", or the count alone where there is no limit. */
export function takenText(t: ReturnType<typeof usePage>["t"], o: Offering, c: Counts) {
  const s = t.trainings.office;
  const taken = o.capacityUnit === "people" ? c.people : c.confirmed + c.offered;
  if (o.capacity === null) return `${taken} (${s.noLimit})`;
  // A capacity per date: the count is over all dates, so it is not "n of" one date's places.
  return o.capacityUnit === "organisations"
    ? s.taken(taken, s.capacityText.organisations(o.capacity))
    : `${taken} · ${s.capacityText[o.capacityUnit](o.capacity)}`;
}

export type OfferingRow = { o: Offering; next: Session | null; counts: Counts };

export function OfferingList({ rows, status, notice }: { rows: OfferingRow[]; status: string; notice: string | null }) {
  const { t, lang, env } = usePage();
  const s = t.trainings.office;
  return (
    <>
      <div class="toolbar">
        <h1>{s.title}</h1>
        <p class="actions">
          <a class="button primary" href={url(lang, "staffTrainingNew")}>
            {s.newOffering}
          </a>
          <a class="button secondary" href={url(lang, "staffTrainingRequests")}>
            {t.registrations.office.requestsNav}
          </a>
        </p>
      </div>
      <Notice text={notice} />
      <form method="get" action={url(lang, "staffTrainings")} class="filters">
        <Select
          name="status"
          label={s.statusFilter}
          required
          options={[{ value: "", label: s.allStatuses }, ...options(OFFERING_STATUSES, s.statuses)]}
          value={status}
        />
        <div class="form-actions">
          <button type="submit" class="button secondary">
            {t.common.filter}
          </button>
        </div>
      </form>
      <p role="status">{s.results(rows.length)}</p>
      {rows.length === 0 ? (
        <p>{s.noOfferings}</p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <caption class="visually-hidden">{s.offerings}</caption>
            <thead>
              <tr>
                <th scope="col">{s.fields.title}</th>
                <th scope="col">{s.fields.status}</th>
                <th scope="col">{s.nextDate}</th>
                <th scope="col">{s.registrations}</th>
                <th scope="col">{s.waiting}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ o, next, counts }) => (
                <tr>
                  <td>
                    <a href={url(lang, "staffTraining", { id: o.id })}>
                      <L v={o.title} />
                    </a>
                  </td>
                  <td>
                    <span class={`badge ${o.status === "published" ? "ok" : "neutral"}`}>{s.statuses[o.status]}</span>
                  </td>
                  <td>{next ? formatDateTime(lang, next.startsAt, env.TIME_ZONE) : s.noDate}</td>
                  <td>
                    <a href={url(lang, "staffTrainingRegistrations", { id: o.id })}>{takenText(t, o, counts)}</a>
                  </td>
                  <td>{counts.waiting}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** The fields of a date; also the planning form of a request (passed to the registrations' office by createApp). */
export function SessionFields({ values, errors, withTitle = true }: { values: FormValues; errors?: FieldErrors; withTitle?: boolean }) {
  const { t } = usePage();
  const fl = t.trainings.office.sessionFields;
  const v = { values, errors };
  return (
    <>
      {withTitle && <BilingualField name="title" label={fl.title} hint={fl.titleHint} {...v} />}
      <Input name="date" type="date" label={fl.date} required width="m" {...v} />
      <Input name="startTime" type="time" label={fl.startTime} required width="s" {...v} />
      <Input name="endTime" type="time" label={fl.endTime} required width="s" {...v} />
      <BilingualField name="location" label={fl.location} hint={fl.locationHint} {...v} />
      <Input name="onlineUrl" type="url" label={fl.onlineUrl} {...v} />
      <Input name="capacity" label={fl.capacity} hint={fl.capacityHint} inputmode="numeric" width="s" {...v} />
    </>
  );
}

/** The session form's labels in order, for its error summary. */
export const sessionLabels = (fl: Record<string, string>) =>
  withBi(Object.fromEntries(["title", "date", "startTime", "endTime", "location", "onlineUrl", "capacity"].map((k) => [k, fl[k] ?? k])));

export function SessionForm(p: {
  o: Offering;
  action: string;
  title: string;
  values: FormValues;
  errors?: FieldErrors;
  notice?: string | null;
}) {
  const { t, lang } = usePage();
  const s = t.trainings.office;
  return (
    <>
      <p>
        <a href={url(lang, "staffTraining", { id: p.o.id })}>
          <L v={p.o.title} />
        </a>
      </p>
      <h1>{p.title}</h1>
      <Notice text={p.notice} />
      <ErrorSummary errors={p.errors} labels={sessionLabels(s.sessionFields)} />
      <Form action={p.action} class="form wide-form">
        <SessionFields values={p.values} errors={p.errors} />
        <Submit
          label={t.common.save}
          secondary={
            <a class="button secondary" href={url(lang, "staffTraining", { id: p.o.id })}>
              {t.common.cancel}
            </a>
          }
        />
      </Form>
    </>
  );
}

/** The dates of an offering, with what can be done with each. */
export function SessionTable({ o, sessions, counts }: { o: Offering; sessions: Session[]; counts: Map<string, Counts> }) {
  const { t, lang, env } = usePage();
  const s = t.trainings.office;
  const id = o.id;
  return (
    <section aria-labelledby="sessions">
      <div class="toolbar">
        <h2 id="sessions">{s.sessions}</h2>
        <p class="actions">
          <a class="button primary" href={url(lang, "staffTrainingSessionNew", { id })}>
            {s.newSession}
          </a>
        </p>
      </div>
      {sessions.length === 0 ? (
        <p>{s.sessionsEmpty}</p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <caption class="visually-hidden">{s.sessions}</caption>
            <thead>
              <tr>
                <th scope="col">{s.when}</th>
                <th scope="col">{s.where}</th>
                <th scope="col">{s.registrations}</th>
                <th scope="col">{t.common.actions}</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((x) => {
                const when = formatDateTime(lang, x.startsAt, env.TIME_ZONE);
                const c = counts.get(x.id) ?? NO_COUNTS;
                const p = { id, sessionId: x.id };
                return (
                  <tr>
                    <td>
                      {when}
                      {x.title.nl || x.title.en ? (
                        <>
                          {" "}
                          · <L v={x.title} />
                        </>
                      ) : null}
                      {x.status === "cancelled" && <span class="badge danger"> {s.cancelled}</span>}
                    </td>
                    <td>{x.location ? <L v={x.location} /> : s.tba}</td>
                    <td>{o.format === "package" ? "–" : `${c.confirmed + c.offered} · ${s.waiting}: ${c.waiting}`}</td>
                    <td>
                      <ul class="plain-list" aria-label={s.actionsFor(when)}>
                        <li>
                          <a href={url(lang, "staffTrainingSession", p)}>{s.edit}</a>
                        </li>
                        <li>
                          <a href={url(lang, "staffTrainingAttendance", p)}>{s.attendance}</a>
                        </li>
                        <li>
                          <a href={url(lang, "staffTrainingMessage", p)}>{s.message}</a>
                        </li>
                        {x.status === "scheduled" && (
                          <li>
                            <a href={url(lang, "staffTrainingSessionCancel", p)}>{s.cancelSession}</a>
                          </li>
                        )}
                      </ul>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Links from an offering to its registrations. */
export function OfferingLinks({ o }: { o: Offering }) {
  const { t, lang } = usePage();
  const s = t.trainings.office;
  return (
    <p class="actions">
      <a class="button secondary" href={url(lang, "staffTrainingRegistrations", { id: o.id })}>
        {s.registrations}
      </a>
      <a class="button secondary" href={url(lang, "staffTrainingAdd", { id: o.id })}>
        {s.addOrganisation}
      </a>
      <a class="button secondary" href={url(lang, "staffTrainingCsv", { id: o.id })} download>
        {s.csv}
      </a>
    </p>
  );
}

/** Cancelling a date asks first: what follows, and the reason that goes into the mails. */
export function CancelSession(p: { o: Offering; session: Session; active: number; values: FormValues; errors?: FieldErrors }) {
  const { t, lang, env } = usePage();
  const s = t.trainings.office;
  const when = formatDateTime(lang, p.session.startsAt, env.TIME_ZONE);
  const back = url(lang, "staffTraining", { id: p.o.id });
  if (p.session.status === "cancelled")
    return (
      <>
        <h1>{s.alreadyCancelled}</h1>
        <p>
          <a href={back}>{s.toOffering}</a>
        </p>
      </>
    );
  return (
    <>
      <p>
        <a href={back}>
          <L v={p.o.title} />
        </a>
      </p>
      <h1>{s.cancelTitle(when)}</h1>
      <ErrorSummary errors={p.errors} labels={{ reason: s.reason }} />
      <p>{p.o.format === "package" ? s.cancelPackageBody(p.active) : s.cancelBody(p.active)}</p>
      <Form action={url(lang, "staffTrainingSessionCancel", { id: p.o.id, sessionId: p.session.id })}>
        <TextArea name="reason" label={s.reason} hint={s.reasonHint} required rows={3} values={p.values} errors={p.errors} />
        <Submit
          label={s.confirmCancel}
          danger
          secondary={
            <a class="button secondary" href={back}>
              {s.keep}
            </a>
          }
        />
      </Form>
    </>
  );
}
