import type { FieldErrors, FormValues } from "../../core/forms.js";
import { formatDateTime } from "../../core/i18n/index.js";
import { usePage } from "../../core/views/context.js";
import { ActionButton, ConsentField, ErrorSummary, Form, Input, Notice, Select, Submit } from "../../core/views/forms.js";
import { url } from "../../routes.js";
import { MAILING_TOPICS, type MailingTopic, type SubscriptionStatus } from "./schema.js";

// The mailing list's public pages (subscribe, confirm, preferences, erase) and the board's hand-over block. Props only.

type FormProps = { values: FormValues; errors?: FieldErrors };

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

/** The topic checkboxes; `values.topics` holds the checked ones joined with commas. */
function TopicBoxes({ values, errors }: FormProps) {
  const { t } = usePage();
  const chosen = (values.topics ?? "").split(",");
  const error = errors?.topics;
  return (
    <fieldset class={error ? "field has-error" : "field"} id="f-topics" aria-describedby={error ? "f-topics-error" : undefined}>
      <legend>{t.mailingList.subscribe.topics}</legend>
      <FieldMessage name="topics" errors={errors} />
      <ul class="checkbox-grid">
        {MAILING_TOPICS.map((x) => (
          <li class="checkbox">
            <input type="checkbox" id={`f-topics-${x}`} name="topics" value={x} checked={chosen.includes(x)} />
            <label for={`f-topics-${x}`}>{t.mailingList.topics[x]}</label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

function LangSelect({ values, errors }: FormProps) {
  const { t } = usePage();
  const m = t.mailingList;
  return (
    <Select
      name="lang"
      label={m.subscribe.lang}
      required
      options={(["nl", "en"] as const).map((l) => ({ value: l, label: m.langs[l] }))}
      values={values}
      errors={errors}
    />
  );
}

export function SubscribePage({
  values,
  errors,
  orgs,
  keptFor,
  consentVersion,
}: FormProps & { orgs: { id: string; name: string }[]; keptFor: string; consentVersion: string }) {
  const { t, lang } = usePage();
  const s = t.mailingList.subscribe;
  const labels = {
    orgId: s.org,
    orgName: s.orgName,
    contactUrl: s.contactUrl,
    email: s.email,
    lang: s.lang,
    topics: s.topics,
    consent: s.consent,
  };
  return (
    <>
      <h1>{s.title}</h1>
      <p class="narrow">{s.intro}</p>
      <ErrorSummary errors={errors} labels={labels} />
      <Form action={url(lang, "mailingSubscribe")}>
        <Select
          name="orgId"
          label={s.org}
          placeholder={s.orgPlaceholder}
          options={orgs.map((o) => ({ value: o.id, label: o.name }))}
          values={values}
          errors={errors}
        />
        <Input name="orgName" label={s.orgName} hint={s.orgNameHint} autocomplete="organization" values={values} errors={errors} />
        <Input name="contactUrl" label={s.contactUrl} type="url" hint={s.contactUrlHint} inputmode="url" values={values} errors={errors} />
        <Input name="email" label={s.email} type="email" hint={s.emailHint} required autocomplete="email" values={values} errors={errors} />
        <LangSelect values={values} errors={errors} />
        <TopicBoxes values={values} errors={errors} />
        {/* The honeypot: off-screen, out of the tab order and hidden from assistive technology; people leave it empty. */}
        <div class="trap" aria-hidden="true">
          <label for="f-website">{s.trap}</label>
          <input id="f-website" name="website" type="text" tabindex={-1} autocomplete="off" value="" />
        </div>
        <ConsentField
          label={s.consent}
          hint={`${s.consentText(keptFor)} ${s.consentVersion(consentVersion)}`}
          values={values}
          errors={errors}
        />
        <Submit label={s.submit} />
      </Form>
    </>
  );
}

export function SentPage() {
  const { t } = usePage();
  const s = t.mailingList.sent;
  return (
    <>
      <h1>{s.title}</h1>
      <div class="notice" role="status">
        <p>{s.lead}</p>
      </div>
      <p class="narrow">{s.body}</p>
    </>
  );
}

export type SubscriptionView = {
  id: string;
  email: string;
  orgName: string | null;
  contactUrl: string | null;
  lang: "nl" | "en";
  topics: MailingTopic[];
  status: SubscriptionStatus;
  confirmedAt: Date | null;
};

function Details({ sub }: { sub: SubscriptionView }) {
  const { t, lang, env } = usePage();
  const d = t.mailingList.details;
  return (
    <dl class="details">
      <dt>{d.email}</dt>
      <dd>{sub.email}</dd>
      {sub.orgName && (
        <>
          <dt>{d.org}</dt>
          <dd>{sub.orgName}</dd>
        </>
      )}
      {sub.contactUrl && (
        <>
          <dt>{d.contactUrl}</dt>
          <dd>{sub.contactUrl}</dd>
        </>
      )}
      <dt>{d.lang}</dt>
      <dd>{t.mailingList.langs[sub.lang]}</dd>
      <dt>{d.topics}</dt>
      <dd>{sub.topics.map((x) => t.mailingList.topics[x]).join(", ")}</dd>
      <dt>{d.status}</dt>
      <dd>
        {t.mailingList.statuses[sub.status]}
        {sub.confirmedAt && sub.status === "confirmed" && ` (${formatDateTime(lang, sub.confirmedAt, env.TIME_ZONE)})`}
      </dd>
    </dl>
  );
}

/** The page the confirmation mail's link opens: the details and one button (only the POST confirms). */
export function ConfirmPage({ sub, token }: { sub: SubscriptionView; token: string }) {
  const { t, lang } = usePage();
  const c = t.mailingList.confirm;
  return (
    <>
      <h1>{c.title}</h1>
      {sub.status === "pending" ? <p class="narrow">{c.lead}</p> : <Notice text={c.notPending} />}
      <Details sub={sub} />
      {sub.status === "pending" ? (
        <ActionButton action={url(lang, "mailingConfirm", { id: sub.id, token })} label={c.button} kind="primary" />
      ) : (
        <p>
          <a href={url(lang, "mailingPreferences", { id: sub.id, token })}>{c.toPreferences}</a>
        </p>
      )}
    </>
  );
}

/** The preferences page: language and topics, unsubscribe, export, erase; every action a POST. */
export function PreferencesPage({
  sub,
  token,
  notice,
  values,
  errors,
}: FormProps & { sub: SubscriptionView; token: string; notice?: string | null }) {
  const { t, lang } = usePage();
  const p = t.mailingList.prefs;
  const params = { id: sub.id, token };
  const labels = { lang: t.mailingList.subscribe.lang, topics: t.mailingList.subscribe.topics };
  return (
    <>
      <h1>{p.title}</h1>
      <Notice text={notice} />
      <ErrorSummary errors={errors} labels={labels} />
      <Details sub={sub} />
      <Form action={url(lang, "mailingPreferences", params)}>
        <LangSelect values={values} errors={errors} />
        <TopicBoxes values={values} errors={errors} />
        <Submit label={p.save} />
      </Form>
      <section aria-labelledby="unsubscribe-title">
        <h2 id="unsubscribe-title">{p.unsubscribeTitle}</h2>
        {sub.status === "unsubscribed" ? (
          <p>
            <a href={url(lang, "mailingSubscribe")}>{p.again}</a>
          </p>
        ) : (
          <>
            <p>{p.unsubscribeText}</p>
            <ActionButton action={url(lang, "mailingUnsubscribe", params)} label={p.unsubscribeButton} />
          </>
        )}
      </section>
      <section aria-labelledby="export-title">
        <h2 id="export-title">{p.exportTitle}</h2>
        <p>{p.exportText}</p>
        <ActionButton action={url(lang, "mailingExport", params)} label={p.exportButton} />
      </section>
      <section aria-labelledby="erase-title">
        <h2 id="erase-title">{p.eraseTitle}</h2>
        <p>{p.eraseText}</p>
        <p>
          <a href={url(lang, "mailingErase", params)}>{p.eraseLink}</a>
        </p>
      </section>
    </>
  );
}

/** Erasing asks first: this page says what goes, and only its button POSTs. */
export function ErasePage({ sub, token }: { sub: SubscriptionView; token: string }) {
  const { t, lang } = usePage();
  const e = t.mailingList.erase;
  const params = { id: sub.id, token };
  return (
    <>
      <h1>{e.title}</h1>
      <p class="narrow">{e.body(sub.email)}</p>
      <ActionButton action={url(lang, "mailingErase", params)} label={e.button} kind="danger" />
      <p>
        <a href={url(lang, "mailingPreferences", params)}>{e.cancel}</a>
      </p>
    </>
  );
}

export function ErasedPage() {
  const { t } = usePage();
  return (
    <>
      <h1>{t.mailingList.erase.doneTitle}</h1>
      <Notice text={t.mailingList.erase.done} />
    </>
  );
}

// ---------- the board's hand-over ----------

export type HandOverItem = { orgId: string; orgName: string; subs: { id: string; email: string; status: SubscriptionStatus }[] };

function ChangeForm({ orgId, sub, values, errors }: { orgId: string; sub: { id: string; email: string } } & Partial<FormProps>) {
  const { t, lang } = usePage();
  const b = t.mailingList.board;
  const error = errors?.email;
  const id = `f-email-${sub.id}`;
  return (
    <Form action={url(lang, "orgMailingChange", { id: orgId, subscriptionId: sub.id })} class="form inline-form">
      <div class={error ? "field has-error" : "field"}>
        <label for={id}>
          {b.change}
          <span class="visually-hidden">: {sub.email}</span>
        </label>
        <p class="hint" id={`${id}-hint`}>
          {b.changeHint}
        </p>
        {error && (
          <p class="field-error" id={`${id}-error`}>
            <span class="visually-hidden">{t.errors.prefix} </span>
            {error}
          </p>
        )}
        <input
          id={id}
          name="email"
          type="email"
          class="input w-m"
          autocomplete="email"
          required
          aria-required="true"
          value={values?.email ?? ""}
          aria-invalid={error ? "true" : undefined}
          aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
        />
      </div>
      <Submit label={b.changeButton} />
    </Form>
  );
}

/** The dashboard block: each organisation's update address the current board has not confirmed, with "confirm" and "change". */
export function HandOverBlock({ items, notice }: { items: HandOverItem[]; notice?: string | null }) {
  const { t, lang } = usePage();
  const b = t.mailingList.board;
  return (
    <section class="card" aria-labelledby="mailing-handover-title">
      <h2 id="mailing-handover-title">{b.title}</h2>
      <Notice text={notice} />
      {items.map((item) => (
        <div>
          <p>{b.lead(item.orgName)}</p>
          {item.subs.map((s) => (
            <div class="stack">
              <p>
                <strong>{s.email}</strong> {s.status === "pending" && <span class="muted">{b.pending}</span>}
              </p>
              <ActionButton
                action={url(lang, "orgMailingConfirm", { id: item.orgId, subscriptionId: s.id })}
                label={b.confirm}
                kind="primary"
                context={s.email}
              />
              <ChangeForm orgId={item.orgId} sub={s} />
            </div>
          ))}
        </div>
      ))}
    </section>
  );
}

/** The change form on a page of its own, when what was typed was refused (422 with the value and the error). */
export function ChangePage({
  orgId,
  orgName,
  sub,
  values,
  errors,
}: FormProps & { orgId: string; orgName: string; sub: { id: string; email: string } }) {
  const { t } = usePage();
  const b = t.mailingList.board;
  return (
    <>
      <h1>{b.title}</h1>
      <ErrorSummary errors={errors ? { [`email-${sub.id}`]: errors.email ?? "" } : undefined} labels={{ [`email-${sub.id}`]: b.change }} />
      <p>{b.lead(orgName)}</p>
      <p>
        <strong>{sub.email}</strong>
      </p>
      <ChangeForm orgId={orgId} sub={sub} values={values} errors={errors} />
    </>
  );
}
