import type { FieldErrors, FormValues } from "../../core/forms.js";
import { formatDate, formatDateTime, pick } from "../../core/i18n/index.js";
import { usePage } from "../../core/views/context.js";
import { ActionButton, ErrorSummary, Form, Input, Notice, Select, Submit } from "../../core/views/forms.js";
import { L } from "../../core/views/text.js";
import { url } from "../../routes.js";
import type { Offering, Session } from "../trainings/service.js";
import { KEY_FIGURE_ROLES, type KeyFigureRole, type KeyFigureRow, roleLabel } from "./service.js";

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

/** The board's page: its key figures and open invitations, with withdraw and remove, and the invite form. */
export function KeyFiguresPage({
  orgId,
  orgName,
  rows,
  notice,
  values,
  errors,
}: FormProps & { orgId: string; orgName: string; rows: KeyFigureRow[]; notice?: string | null }) {
  const { t, lang, env } = usePage();
  const k = t.keyFigures;
  const p = k.page;
  return (
    <>
      <h1>{p.title(orgName)}</h1>
      <p>
        <a href={url(lang, "org", { id: orgId })}>{p.back(orgName)}</a>
      </p>
      <Notice text={notice} />
      <p class="narrow">{p.intro}</p>
      <h2>{p.listTitle}</h2>
      {rows.length === 0 ? (
        <p>{p.none}</p>
      ) : (
        <section class="table-wrap" tabindex={0} aria-labelledby="key-figures-caption">
          <table class="table cards">
            <caption id="key-figures-caption" class="visually-hidden">
              {p.listTitle}
            </caption>
            <thead>
              <tr>
                <th scope="col">{p.person}</th>
                <th scope="col">{p.role}</th>
                <th scope="col">{p.status}</th>
                <th scope="col">
                  <span class="visually-hidden">{t.common.actions}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const who = r.name ? `${r.name} (${r.email})` : r.email;
                return (
                  <tr>
                    <td data-label={p.person}>{who}</td>
                    <td data-label={p.role}>{roleLabel(t, r.role, r.roleNote)}</td>
                    <td data-label={p.status}>
                      <span class={`badge ${r.state === "active" ? "ok" : "neutral"}`}>{k.statuses[r.state]}</span>
                      {r.state === "invited" && (
                        <span class="muted"> · {p.invitedUntil(formatDate(lang, r.expiresAt, env.TIME_ZONE))}</span>
                      )}
                      {r.state === "active" && r.acceptedAt && (
                        <span class="muted"> · {p.since(formatDate(lang, r.acceptedAt, env.TIME_ZONE))}</span>
                      )}
                    </td>
                    <td>
                      {r.state === "invited" && (
                        <ActionButton
                          action={url(lang, "orgKeyFigureWithdraw", { id: orgId, keyFigureId: r.id })}
                          label={p.withdraw}
                          context={who}
                        />
                      )}
                      {r.state === "active" && (
                        // A link to a page that asks first and says who; only its button removes.
                        <a class="button danger" href={url(lang, "orgKeyFigureRemove", { id: orgId, keyFigureId: r.id })}>
                          {p.remove}
                          <span class="visually-hidden">: {who}</span>
                        </a>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      )}
      <div class="narrow">
        <h2 id="invite">{p.inviteTitle}</h2>
        <p>{p.inviteIntro}</p>
        <ErrorSummary errors={errors} labels={{ limit: p.limit, email: p.email, name: p.name, role: p.roleField, note: p.note }} />
        <Form action={url(lang, "orgKeyFigures", { id: orgId })}>
          {errors?.limit && (
            <div class="field has-error" id="f-limit" tabindex={-1}>
              <FieldMessage name="limit" errors={errors} />
            </div>
          )}
          <Input name="email" type="email" label={p.email} required autocomplete="off" values={values} errors={errors} />
          <Input name="name" label={p.name} autocomplete="off" values={values} errors={errors} />
          <Select
            name="role"
            label={p.roleField}
            required
            placeholder=""
            options={KEY_FIGURE_ROLES.map((r) => ({ value: r, label: k.roles[r] }))}
            values={values}
            errors={errors}
          />
          <Input name="note" label={p.note} hint={p.noteHint} values={values} errors={errors} />
          <Submit label={p.submit} />
        </Form>
      </div>
    </>
  );
}

/** "Remove this key figure?": who, as what, what follows; the button POSTs. */
export function RemoveKeyFigurePage({
  orgName,
  person,
  action,
  cancel,
}: {
  orgName: string;
  person: { name: string | null; email: string; role: KeyFigureRole; roleNote: string | null };
  action: string;
  cancel: string;
}) {
  const { t } = usePage();
  const k = t.keyFigures;
  const who = person.name ?? person.email;
  return (
    <div class="narrow">
      <h1>{k.remove.title(person.name ? `${person.name} (${person.email})` : person.email)}</h1>
      <dl class="details">
        <dt>{k.page.name}</dt>
        <dd>{person.name ?? "–"}</dd>
        <dt>{k.page.email}</dt>
        <dd>{person.email}</dd>
        <dt>{k.page.role}</dt>
        <dd>{roleLabel(t, person.role, person.roleNote)}</dd>
      </dl>
      <p>{k.remove.whatFollows(who, orgName)}</p>
      <Form action={action}>
        <Submit
          label={k.remove.confirm(who)}
          danger
          secondary={
            <a href={cancel} class="button secondary">
              {t.common.cancel}
            </a>
          }
        />
      </Form>
    </div>
  );
}

/** The page the invitation's link opens: who invites, to which organisation, as what; accept or decline (a POST: scanners only GET). */
export function KeyFigureInvitationPage({
  token,
  invitation: i,
  values,
  errors,
}: FormProps & {
  token: string;
  invitation: { email: string; role: KeyFigureRole; orgName: string; expiresAt: Date; inviter: string };
}) {
  const { t, lang, env } = usePage();
  const p = t.keyFigures.invitation;
  return (
    <div class="narrow">
      <h1>{p.title}</h1>
      <p>{p.body(i.inviter || p.aBoardMember, i.orgName, t.keyFigures.roles[i.role])}</p>
      <p>{p.what}</p>
      <p>{p.validUntil(formatDate(lang, i.expiresAt, env.TIME_ZONE))}</p>
      <p>{p.forAddress(i.email)}</p>
      <ErrorSummary errors={errors} labels={{ name: p.name }} />
      <Form action={url(lang, "keyFigureInvitation")}>
        <input type="hidden" name="token" value={token} />
        <Input name="name" label={p.name} hint={p.nameHint} autocomplete="name" values={values} errors={errors} />
        <div class="form-actions">
          <button type="submit" name="decision" value="accept" class="button primary">
            {p.accept}
          </button>
          <button type="submit" name="decision" value="decline" class="button secondary">
            {p.decline}
          </button>
        </div>
      </Form>
    </div>
  );
}

export function KeyFigureMessagePage({ title, body }: { title: string; body: string }) {
  const { t, lang } = usePage();
  return (
    <div class="narrow">
      <h1>{title}</h1>
      <p>{body}</p>
      <p>
        <a class="button primary" href={url(lang, "home")}>
          {t.http.toHome}
        </a>
      </p>
    </div>
  );
}

export type DashboardMembership = {
  orgId: string;
  orgName: string;
  role: KeyFigureRole;
  roleNote: string | null;
  offerings: Pick<Offering, "id" | "title">[];
};

/** The dashboard's block for a key figure: of which organisations, as what, and the trainings they can register for. */
export function KeyFigureDashboard({ memberships, notice }: { memberships: DashboardMembership[]; notice?: string | null }) {
  const { t, lang } = usePage();
  const d = t.keyFigures.dashboard;
  return (
    <section aria-labelledby="key-figure-title">
      <h2 id="key-figure-title">{d.title}</h2>
      <Notice text={notice} />
      {memberships.map((m) => (
        <div class="card">
          <h3>{d.of(m.orgName, roleLabel(t, m.role, m.roleNote))}</h3>
          <p>{d.trainings(m.orgName)}</p>
          {m.offerings.length === 0 ? (
            <p class="muted">{d.noTrainings}</p>
          ) : (
            <ul class="plain-list">
              {m.offerings.map((o) => (
                <li>
                  <L v={o.title} /> ·{" "}
                  <a href={url(lang, "keyFigureTrainingRegister", { orgId: m.orgId, offeringId: o.id })}>
                    {d.register}
                    <span class="visually-hidden">: {pick(o.title, lang).text}</span>
                  </a>
                </li>
              ))}
            </ul>
          )}
        </div>
      ))}
    </section>
  );
}

/** A session as people read it: its part of a programme, when, and where (or "to be announced"). */
function SessionText({ s }: { s: Session }) {
  const { t, lang, env } = usePage();
  const r = t.keyFigures.register;
  const when = r.when(formatDateTime(lang, s.startsAt, env.TIME_ZONE), formatDateTime(lang, s.endsAt, env.TIME_ZONE));
  const part = pick(s.title, lang).text;
  return (
    <>
      {part && (
        <>
          <L v={s.title} />,{" "}
        </>
      )}
      {when}, {s.location ? <L v={s.location} /> : r.tba}
    </>
  );
}

/** Self-registration: who registers (themselves only), for which organisation, the date to choose; one POST. */
export function KeyFigureRegisterPage({
  orgId,
  orgName,
  who,
  role,
  offering,
  sessions,
  idempotencyKey,
  values,
  errors,
}: FormProps & {
  orgId: string;
  orgName: string;
  who: string;
  role: string;
  offering: Offering;
  sessions: Session[];
  idempotencyKey: string;
}) {
  const { t, lang } = usePage();
  const r = t.keyFigures.register;
  const error = errors?.session;
  const choose = offering.format === "choice" || (offering.format === "single" && sessions.length > 1);
  return (
    <div class="narrow">
      <h1>{r.title(pick(offering.title, lang).text)}</h1>
      {pick(offering.summary, lang).text && (
        <p>
          <L v={offering.summary} />
        </p>
      )}
      <p>{r.forYou(who, orgName, role)}</p>
      <p class="hint">{r.onlyYou}</p>
      <ErrorSummary errors={errors} labels={{ session: choose ? r.date : r.dates, participants: r.dates }} />
      {sessions.length === 0 ? (
        <p>{r.noDates}</p>
      ) : (
        <Form action={url(lang, "keyFigureTrainingRegister", { orgId, offeringId: offering.id })}>
          <input type="hidden" name="key" value={idempotencyKey} />
          {choose ? (
            <fieldset class={error ? "field has-error" : "field"} aria-describedby={error ? "f-session-error" : undefined}>
              <legend>{r.date}</legend>
              <FieldMessage name="session" errors={errors} />
              <ul class="choices">
                {sessions.map((s, i) => (
                  <li>
                    <input
                      type="radio"
                      id={i === 0 ? "f-session" : `f-session-${i + 1}`}
                      name="session"
                      value={s.id}
                      checked={values?.session === s.id}
                      required
                      aria-invalid={error ? "true" : undefined}
                    />
                    <label for={i === 0 ? "f-session" : `f-session-${i + 1}`}>
                      <SessionText s={s} />
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
          ) : (
            <div class={error ? "field has-error" : "field"} id="f-session" tabindex={-1}>
              <h2>{sessions.length === 1 ? r.date : r.dates}</h2>
              <FieldMessage name="session" errors={errors} />
              {offering.format === "package" && <p>{r.package}</p>}
              <ul class="plain-list">
                {sessions.map((s) => (
                  <li>
                    <SessionText s={s} />
                  </li>
                ))}
              </ul>
              {offering.format !== "package" && <input type="hidden" name="session" value={sessions[0]!.id} />}
            </div>
          )}
          <Submit
            label={r.submit}
            secondary={
              <a href={url(lang, "dashboard")} class="button secondary">
                {r.cancel}
              </a>
            }
          />
        </Form>
      )}
    </div>
  );
}

/**
 * The office's organisation page (passed in by createApp): the organisation's key figures and
 * invitations, with their role and status. Not the board's note on the role: the board is told
 * only it and the key figure see that.
 */
export function KeyFiguresOfficeSection({ rows }: { rows: KeyFigureRow[] }) {
  const { t, lang, env } = usePage();
  const k = t.keyFigures;
  const p = k.page;
  return (
    <section aria-labelledby="org-key-figures">
      <h2 id="org-key-figures">{k.link}</h2>
      {rows.length === 0 ? (
        <p>{p.none}</p>
      ) : (
        <section class="table-wrap" tabindex={0} aria-labelledby="org-key-figures-caption">
          <table class="table">
            <caption id="org-key-figures-caption" class="visually-hidden">
              {p.listTitle}
            </caption>
            <thead>
              <tr>
                <th scope="col">{p.person}</th>
                <th scope="col">{p.role}</th>
                <th scope="col">{p.status}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <th scope="row">{r.name ? `${r.name} (${r.email})` : r.email}</th>
                  <td>{k.roles[r.role]}</td>
                  <td>
                    <span class={`badge ${r.state === "active" ? "ok" : "neutral"}`}>{k.statuses[r.state]}</span>
                    {r.state === "invited" && <span class="muted"> · {p.invitedUntil(formatDate(lang, r.expiresAt, env.TIME_ZONE))}</span>}
                    {r.state === "active" && r.acceptedAt && (
                      <span class="muted"> · {p.since(formatDate(lang, r.acceptedAt, env.TIME_ZONE))}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </section>
  );
}
