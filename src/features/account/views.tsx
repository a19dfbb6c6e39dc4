import type { FieldErrors, FormValues } from "../../core/forms.js";
import { formatDateTime, LANGS, type Lang } from "../../core/i18n/index.js";
import { formatPeriod, type RetentionRule } from "../../core/privacy.js";
import { usePage } from "../../core/views/context.js";
import { ActionButton, CsrfField, ErrorSummary, Form, Input, Notice, Select, Submit } from "../../core/views/forms.js";
import { url } from "../../routes.js";
import type { SessionInfo } from "../auth/service.js";

export type AccountPageProps = {
  email: string;
  values: FormValues;
  errors?: FieldErrors;
  notice?: string | null;
  sessions: SessionInfo[];
  limits: { idleMs: number; maxMs: number };
};

export function AccountPage({ email, values, errors, notice, sessions, limits }: AccountPageProps) {
  const { t, lang } = usePage();
  const a = t.account;
  return (
    <>
      <h1>{a.title}</h1>
      <p>{a.intro}</p>
      <Notice text={notice} />
      <section aria-labelledby="details">
        <h2 id="details">{a.detailsTitle}</h2>
        <ErrorSummary errors={errors} labels={{ name: a.name, lang: a.lang }} />
        <dl class="details">
          <dt>{a.email}</dt>
          <dd>{email}</dd>
        </dl>
        <p class="muted">{a.emailNote}</p>
        <Form action={url(lang, "account")}>
          <Input name="name" label={a.name} hint={a.nameHint} autocomplete="name" values={values} errors={errors} />
          <Select
            name="lang"
            label={a.lang}
            hint={a.langHint}
            required
            values={values}
            errors={errors}
            options={LANGS.map((l) => ({ value: l, label: a.langs[l] }))}
          />
          <Submit label={t.common.save} />
        </Form>
      </section>
      {/* Not a landmark itself: the session table's scroll region carries the name. */}
      <section>
        <h2 id="sessions">{a.sessionsTitle}</h2>
        <p>{a.sessionsIntro(formatPeriod(lang, limits.idleMs), formatPeriod(lang, limits.maxMs))}</p>
        <SessionTable sessions={sessions} lang={lang} />
        <p class="hint">{a.signOutAllHint}</p>
        <ActionButton action={url(lang, "accountSignOutAll")} label={a.signOutAll} />
      </section>
      <section aria-labelledby="data">
        <h2 id="data">{a.dataTitle}</h2>
        <p>{a.dataIntro}</p>
        <p>
          <a class="button secondary" href={url(lang, "accountExport")} download>
            {a.download}
          </a>
        </p>
      </section>
      <section aria-labelledby="delete">
        <h2 id="delete">{a.deleteTitle}</h2>
        <p>{a.deleteIntro}</p>
        <p>
          <a href={url(lang, "accountDelete")}>{a.deleteLink}</a>
        </p>
      </section>
    </>
  );
}

function SessionTable({ sessions, lang }: { sessions: SessionInfo[]; lang: Lang }) {
  const { t } = usePage();
  const a = t.account;
  return (
    <section class="table-wrap" tabindex={0} aria-label={a.sessionsTitle}>
      <table class="table">
        <thead>
          <tr>
            <th scope="col">{a.device}</th>
            <th scope="col">{a.signedInAt}</th>
            <th scope="col">{a.lastSeen}</th>
            <th scope="col">{t.common.actions}</th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => {
            const device = s.device ?? a.unknownDevice;
            const since = formatDateTime(lang, s.createdAt);
            return (
              <tr>
                <td>{device}</td>
                <td>{since}</td>
                <td>{formatDateTime(lang, s.lastSeenAt)}</td>
                <td>
                  {s.current ? (
                    <strong>{a.thisBrowser}</strong>
                  ) : (
                    <form method="post" action={url(lang, "accountSessionEnd", { id: s.id })} class="inline">
                      <CsrfField />
                      <button type="submit" class="button secondary" aria-label={a.endSessionLabel(device, since)}>
                        {a.endSession}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

export function DeletePage({ blockers, errors }: { blockers: string[]; errors?: FieldErrors }) {
  const { t, lang } = usePage();
  const a = t.account;
  return (
    <div class="narrow">
      <p>
        <a href={url(lang, "account")}>{t.common.back}</a>
      </p>
      <h1>{a.deletePageTitle}</h1>
      <ul>
        {a.deleteWhat.map((line) => (
          <li>{line}</li>
        ))}
      </ul>
      {blockers.length > 0 ? (
        <div class="warning" role="alert">
          <p>{a.deleteBlocked}</p>
          <ul>
            {blockers.map((b) => (
              <li>{b}</li>
            ))}
          </ul>
        </div>
      ) : (
        <>
          <ErrorSummary errors={errors} labels={{ confirm: a.confirm }} />
          <Form action={url(lang, "accountDelete")}>
            <div class={errors?.confirm ? "field has-error" : "field"}>
              {errors?.confirm && (
                <p class="field-error" id="f-confirm-error">
                  <span class="visually-hidden">{t.errors.prefix} </span>
                  {errors.confirm}
                </p>
              )}
              <div class="checkbox">
                <input
                  type="checkbox"
                  id="f-confirm"
                  name="confirm"
                  required
                  aria-required="true"
                  aria-invalid={errors?.confirm ? "true" : undefined}
                  aria-describedby={errors?.confirm ? "f-confirm-error" : undefined}
                />
                <label for="f-confirm">{a.confirm}</label>
              </div>
            </div>
            <div class="form-actions">
              <button type="submit" class="button danger">
                {a.deleteButton}
              </button>
            </div>
          </Form>
        </>
      )}
    </div>
  );
}

export function DeletedPage() {
  const { t, lang } = usePage();
  return (
    <div class="narrow">
      <h1>{t.account.deletedTitle}</h1>
      <p>{t.account.deletedBody}</p>
      <p>
        <a href={url(lang, "home")}>{t.http.toHome}</a>
      </p>
    </div>
  );
}

/** The privacy statement; its retention table comes from the same rules the clean-up applies. */
export function PrivacyPage({ rules }: { rules: RetentionRule[] }) {
  const { t, lang, env, user } = usePage();
  const p = t.privacy;
  const period = (ms: number) => formatPeriod(lang, ms);
  const listed = rules.flatMap((r) => (r.describe ? [{ id: r.id, ...r.describe(t, period) }] : []));
  const office = lang === "nl" ? env.OFFICE_NAME_NL : env.OFFICE_NAME_EN;
  const institution = lang === "nl" ? env.INSTITUTION_NAME_NL : env.INSTITUTION_NAME_EN;
  return (
    <article class="prose">
      <h1>{p.title}</h1>
      <p>{p.intro(office, institution)}</p>
      <h2>{p.whatTitle}</h2>
      <ul>
        {p.what.map((line) => (
          <li>{line}</li>
        ))}
      </ul>
      <h2>{p.notTitle}</h2>
      <ul>
        {p.not.map((line) => (
          <li>{line}</li>
        ))}
      </ul>
      <h2>{p.cookiesTitle}</h2>
      <p>{p.cookies}</p>
      <h2 id="retention">{p.retentionTitle}</h2>
      <p>{p.retentionIntro}</p>
      <section class="table-wrap" tabindex={0} aria-labelledby="retention">
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{p.dataColumn}</th>
              <th scope="col">{p.keptColumn}</th>
            </tr>
          </thead>
          <tbody>
            {listed.map((r) => (
              <tr data-rule={r.id}>
                <td>{r.data}</td>
                <td>{r.kept}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <h2>{p.rightsTitle}</h2>
      {p.rights.map((line) => (
        <p>{line}</p>
      ))}
      <p>
        <a href={user ? url(lang, "account") : url(lang, "signIn", {}, { next: url(lang, "account") })}>{p.toAccount}</a>
        {" · "}
        <a href={`mailto:${env.OFFICE_EMAIL}`}>{env.OFFICE_EMAIL}</a>
      </p>
    </article>
  );
}
