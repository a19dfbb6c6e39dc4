import { raw } from "hono/html";
import type { FieldErrors, FormValues } from "../../core/forms.js";
import { formatDateTime, type Lang, type Localized } from "../../core/i18n/index.js";
import { usePage } from "../../core/views/context.js";
import { ActionButton, BilingualField, ErrorSummary, Form, Input, Notice, Select, Submit } from "../../core/views/forms.js";
import { Pagination } from "../../core/views/pagination.js";
import { L } from "../../core/views/text.js";
import { url } from "../../routes.js";
import { MAILING_TOPICS } from "../mailing-list/service.js";
import type { deliveriesQuery } from "./forms.js";
import type { RenderedCampaign } from "./render.js";
import { type CampaignStatus, DELIVERY_STATUSES, type DeliveryStatus } from "./schema.js";
import type { Campaign } from "./service.js";

// The office's newsletters (mailing-list campaigns). Props only.

type Org = { id: string; name: string };

function Status({ status }: { status: CampaignStatus }) {
  const { t } = usePage();
  const kind = status === "sending" ? " warn" : status === "cancelled" ? " danger" : "";
  return <span class={`badge${kind}`}>{t.mailingCampaigns.statuses[status]}</span>;
}

export function CampaignsPage(p: {
  rows: Campaign[];
  total: number;
  page: number;
  pages: number;
  offerings: { id: string; title: Localized }[];
  values: FormValues;
  errors?: FieldErrors;
}) {
  const { t, lang, env } = usePage();
  const m = t.mailingCampaigns;
  return (
    <>
      <h1>{m.title}</h1>
      <p>{m.intro}</p>
      <p>
        <a class="button primary" href={url(lang, "staffCampaignNew")}>
          {m.new}
        </a>
      </p>
      <p role="status">{m.count(p.total)}</p>
      {p.rows.length === 0 ? (
        <p>{m.none}</p>
      ) : (
        <section class="table-wrap" tabindex={0} aria-labelledby="campaigns-caption">
          <table class="table">
            <caption id="campaigns-caption" class="visually-hidden">
              {m.title}
            </caption>
            <thead>
              <tr>
                <th scope="col">{m.subject}</th>
                <th scope="col">{m.status}</th>
                <th scope="col">{m.progress}</th>
                <th scope="col">{m.created}</th>
              </tr>
            </thead>
            <tbody>
              {p.rows.map((c) => (
                <tr>
                  <td>
                    <a href={url(lang, "staffCampaign", { id: c.id })}>{c.subject[lang] || m.untitled}</a>
                  </td>
                  <td>
                    <Status status={c.status} />
                  </td>
                  <td>{c.startedAt ? m.progressLabel(c.sentCount, c.total) : "—"}</td>
                  <td>{formatDateTime(lang, c.createdAt, env.TIME_ZONE)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <Pagination page={p.page} pages={p.pages} href={(n) => url(lang, "staffCampaigns", {}, { page: String(n) })} />
      <h2>{m.announce}</h2>
      {p.offerings.length === 0 ? (
        <p>{m.noOfferings}</p>
      ) : (
        <>
          <ErrorSummary errors={p.errors} labels={{ offering: m.offering }} />
          <Form action={url(lang, "staffCampaignAnnounce")}>
            <Select
              name="offering"
              label={m.offering}
              hint={m.announceHint}
              required
              placeholder=""
              options={p.offerings.map((o) => ({ value: o.id, label: o.title[lang] || o.title.nl || o.title.en }))}
              values={p.values}
              errors={p.errors}
            />
            <Submit label={m.announceButton} />
          </Form>
        </>
      )}
    </>
  );
}

const composeLabels = (m: ReturnType<typeof usePage>["t"]["mailingCampaigns"]) => ({
  subject: m.subject,
  subject_nl: m.subject,
  subject_en: m.subject,
  body: m.body,
  body_nl: m.body,
  body_en: m.body,
  topics: m.topics,
  audience: m.audience,
  orgs: m.orgs,
});

/** A group of checkboxes (`name` repeated), its error next to the legend. */
function CheckGroup(p: {
  name: string;
  legend: string;
  hint?: string;
  options: { value: string; label: string }[];
  values: FormValues;
  errors?: FieldErrors;
}) {
  const { t } = usePage();
  const picked = new Set((p.values[p.name] ?? "").split(",").filter(Boolean));
  const error = p.errors?.[p.name];
  const described = [p.hint ? `f-${p.name}-hint` : "", error ? `f-${p.name}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <fieldset class={error ? "field has-error" : "field"} id={`f-${p.name}`} aria-describedby={described}>
      <legend>{p.legend}</legend>
      {p.hint && (
        <p class="hint" id={`f-${p.name}-hint`}>
          {p.hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={`f-${p.name}-error`}>
          <span class="visually-hidden">{t.errors.prefix} </span>
          {error}
        </p>
      )}
      <ul class="checkbox-grid">
        {p.options.map((o) => (
          <li class="checkbox">
            <input type="checkbox" id={`f-${p.name}-${o.value}`} name={p.name} value={o.value} checked={picked.has(o.value)} />
            <label for={`f-${p.name}-${o.value}`}>{o.label}</label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

function CampaignForm({
  action,
  orgs,
  values,
  errors,
  submit,
}: {
  action: string;
  orgs: Org[];
  values: FormValues;
  errors?: FieldErrors;
  submit: string;
}) {
  const { t } = usePage();
  const m = t.mailingCampaigns;
  const v = { values, errors };
  return (
    <>
      <ErrorSummary errors={errors} labels={composeLabels(m)} />
      <Form action={action} class="form wide-form">
        <BilingualField name="subject" label={m.subject} {...v} />
        <BilingualField name="body" label={m.body} hint={m.bodyHint} area rows={12} {...v} />
        <CheckGroup
          name="topics"
          legend={m.topics}
          hint={m.topicsHint}
          options={MAILING_TOPICS.map((x) => ({ value: x, label: m.topicNames[x] }))}
          {...v}
        />
        <Select
          name="audience"
          label={m.audience}
          required
          options={[
            { value: "all", label: m.audienceAll },
            { value: "orgs", label: m.audienceOrgs },
          ]}
          {...v}
        />
        <CheckGroup name="orgs" legend={m.orgs} hint={m.orgsHint} options={orgs.map((o) => ({ value: o.id, label: o.name }))} {...v} />
        <Submit label={submit} />
      </Form>
    </>
  );
}

export function ComposePage(p: {
  title: string;
  campaign: Campaign | null;
  orgs: Org[];
  values: FormValues;
  errors?: FieldErrors;
  notice?: string | null;
}) {
  const { t, lang } = usePage();
  const m = t.mailingCampaigns;
  return (
    <>
      <p>
        <a href={url(lang, "staffCampaigns")}>{m.back}</a>
      </p>
      <h1>{p.title}</h1>
      <Notice text={p.notice} />
      <CampaignForm action={url(lang, "staffCampaignNew")} orgs={p.orgs} values={p.values} errors={p.errors} submit={m.create} />
    </>
  );
}

function Progress({ campaign, counts, following }: { campaign: Campaign; counts: Record<DeliveryStatus, number>; following: boolean }) {
  const { t, lang, env } = usePage();
  const m = t.mailingCampaigns;
  const total = campaign.total || DELIVERY_STATUSES.reduce((n, s) => n + counts[s], 0);
  const done = counts.sent + counts.failed + counts.skipped;
  return (
    <section aria-labelledby="progress-heading">
      <h2 id="progress-heading">{m.progress}</h2>
      <p>
        <label for="campaign-progress">{m.progressLabel(counts.sent, total)}</label>
        <br />
        <progress id="campaign-progress" max={Math.max(total, 1)} value={done}>
          {m.progressLabel(counts.sent, total)}
        </progress>
      </p>
      <dl class="details">
        {DELIVERY_STATUSES.map((s) => (
          <>
            <dt>{m.counts[s]}</dt>
            <dd>{counts[s]}</dd>
          </>
        ))}
        {campaign.startedAt && (
          <>
            <dt>{m.started_at}</dt>
            <dd>{formatDateTime(lang, campaign.startedAt, env.TIME_ZONE)}</dd>
          </>
        )}
        {campaign.finishedAt && (
          <>
            <dt>{m.finished_at}</dt>
            <dd>{formatDateTime(lang, campaign.finishedAt, env.TIME_ZONE)}</dd>
          </>
        )}
      </dl>
      {following && <p class="hint">{m.autoRefresh}</p>}
      <p>
        <a href={url(lang, "staffCampaign", { id: campaign.id })}>{following ? m.stopFollowing : m.refresh}</a> ·{" "}
        {campaign.status === "sending" && !following && (
          <>
            <a href={url(lang, "staffCampaign", { id: campaign.id }, { live: "1" })}>{m.follow}</a> ·{" "}
          </>
        )}
        <a href={url(lang, "staffCampaignDeliveries", { id: campaign.id })}>{m.deliveries}</a>
      </p>
    </section>
  );
}

export function CampaignPage(p: {
  campaign: Campaign;
  counts: Record<DeliveryStatus, number>;
  recipients: number | null;
  orgs: Org[];
  values: FormValues;
  errors?: FieldErrors;
  notice?: string | null;
  /** An action refused in the campaign's present state (a 409). */
  problem?: string | null;
  rate: number;
  /** The progress page refreshes itself (the office asked for it). */
  following?: boolean;
}) {
  const { t, lang, env } = usePage();
  const m = t.mailingCampaigns;
  const c = p.campaign;
  const id = c.id;
  const editable = c.status === "draft" || c.status === "scheduled";
  const v = { values: p.values, errors: p.errors };
  const small = { scheduledAt: m.scheduledAt, lang: m.testLang };
  const smallErrors = p.errors && Object.keys(p.errors).some((k) => k in small) ? p.errors : undefined;
  return (
    <>
      <p>
        <a href={url(lang, "staffCampaigns")}>{m.back}</a>
      </p>
      <h1>{m.editTitle(c.subject[lang] || m.untitled)}</h1>
      {p.problem && (
        <div class="error-summary" role="alert" tabindex={-1}>
          <p>{p.problem}</p>
        </div>
      )}
      <Notice text={p.notice} />
      <p>
        {m.status}: <Status status={c.status} />
        {c.status === "scheduled" && c.scheduledAt && <> · {formatDateTime(lang, c.scheduledAt, env.TIME_ZONE)}</>}
      </p>
      {p.recipients !== null && <p>{m.recipients(p.recipients)}</p>}
      <p>
        <a href={url(lang, "staffCampaignPreview", { id })}>{m.preview}</a>
      </p>
      <section aria-labelledby="actions-heading">
        <h2 id="actions-heading">{m.actions}</h2>
        <p class="hint">{m.rate(p.rate)}</p>
        <ErrorSummary errors={smallErrors} labels={small} />
        <div class="form-actions">
          {(c.status === "draft" || c.status === "scheduled") && (
            <ActionButton action={url(lang, "staffCampaignSend", { id })} label={m.sendNow} kind="primary" />
          )}
          {c.status === "paused" && <ActionButton action={url(lang, "staffCampaignSend", { id })} label={m.resume} kind="primary" />}
          {c.status === "sending" && <ActionButton action={url(lang, "staffCampaignPause", { id })} label={m.pause} />}
          {c.status !== "sent" && c.status !== "cancelled" && (
            <ActionButton action={url(lang, "staffCampaignCancel", { id })} label={m.cancel} kind="danger" />
          )}
        </div>
        {editable && (
          <Form action={url(lang, "staffCampaignSchedule", { id })}>
            <Input name="scheduledAt" type="datetime-local" label={m.scheduledAt} hint={m.scheduledAtHint} required width="m" {...v} />
            <Submit label={m.scheduleButton} />
          </Form>
        )}
        <Form action={url(lang, "staffCampaignTest", { id })}>
          <Select
            name="lang"
            label={m.testLang}
            required
            options={[
              { value: "nl", label: m.previewLang.nl },
              { value: "en", label: m.previewLang.en },
            ]}
            {...v}
          />
          <Submit label={m.testButton} />
        </Form>
      </section>
      {c.status !== "draft" && c.status !== "scheduled" && <Progress campaign={c} counts={p.counts} following={Boolean(p.following)} />}
      {editable && (
        <section aria-labelledby="edit-heading">
          <h2 id="edit-heading">{m.save}</h2>
          <CampaignForm
            action={url(lang, "staffCampaign", { id })}
            orgs={p.orgs}
            values={p.values}
            errors={smallErrors ? undefined : p.errors}
            submit={m.save}
          />
        </section>
      )}
    </>
  );
}

export function PreviewPage({
  campaign,
  recipients,
  rendered,
}: {
  campaign: Campaign;
  recipients: number;
  rendered: Record<Lang, RenderedCampaign & { body?: string }>;
}) {
  const { t, lang } = usePage();
  const m = t.mailingCampaigns;
  return (
    <>
      <p>
        <a href={url(lang, "staffCampaign", { id: campaign.id })}>{m.back}</a>
      </p>
      <h1>{m.previewTitle(campaign.subject[lang] || m.untitled)}</h1>
      <p>{m.recipients(recipients)}</p>
      {(["nl", "en"] as const).map((l) => (
        <section aria-labelledby={`preview-${l}`} lang={l} class="card">
          <h2 id={`preview-${l}`}>
            {m.previewLang[l]}: <L v={{ nl: rendered[l].subject, en: rendered[l].subject }} />
          </h2>
          <div class="prose">{raw(bodyOf(rendered[l].html))}</div>
          <details>
            <summary>{m.plainText}</summary>
            <pre class="plain-text">{rendered[l].text}</pre>
          </details>
        </section>
      ))}
    </>
  );
}

/** The sanitised body inside the rendered mail (between its heading and its closing box). */
const bodyOf = (html: string) => html.slice(html.indexOf("</h1>") + 5, html.lastIndexOf("</div><p"));

export function DeliveriesPage(p: {
  campaign: Campaign;
  rows: { id: number; status: DeliveryStatus; attempts: number; sentAt: Date | null; error: string | null; email: string; lang: string }[];
  total: number;
  query: ReturnType<typeof deliveriesQuery.parse>;
  pages: number;
}) {
  const { t, lang, env } = usePage();
  const m = t.mailingCampaigns;
  const id = p.campaign.id;
  return (
    <>
      <p>
        <a href={url(lang, "staffCampaign", { id })}>{m.back}</a>
      </p>
      <h1>{m.deliveriesTitle(p.campaign.subject[lang] || m.untitled)}</h1>
      <form method="get" action={url(lang, "staffCampaignDeliveries", { id })} class="filters" aria-label={t.common.filter}>
        <Select
          name="status"
          label={m.status}
          required
          options={[{ value: "", label: m.allStatuses }, ...DELIVERY_STATUSES.map((s) => ({ value: s, label: m.counts[s] }))]}
          values={{ status: p.query.status ?? "" }}
        />
        <div class="form-actions">
          <button type="submit" class="button secondary">
            {t.common.filter}
          </button>
        </div>
      </form>
      <p role="status">{m.deliveryCount(p.total)}</p>
      {p.rows.length === 0 ? (
        <p>{m.noDeliveries}</p>
      ) : (
        <section class="table-wrap" tabindex={0} aria-labelledby="deliveries-caption">
          <table class="table">
            <caption id="deliveries-caption" class="visually-hidden">
              {m.deliveries}
            </caption>
            <thead>
              <tr>
                <th scope="col">{m.email}</th>
                <th scope="col">{m.language}</th>
                <th scope="col">{m.status}</th>
                <th scope="col">{m.attempts}</th>
                <th scope="col">{m.sentAt}</th>
                <th scope="col">{m.error}</th>
              </tr>
            </thead>
            <tbody>
              {p.rows.map((r) => (
                <tr>
                  <td>{r.email}</td>
                  <td>{r.lang}</td>
                  <td>{m.counts[r.status]}</td>
                  <td>{r.attempts}</td>
                  <td>{r.sentAt ? formatDateTime(lang, r.sentAt, env.TIME_ZONE) : "—"}</td>
                  <td>{r.error ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <Pagination
        page={p.query.page}
        pages={p.pages}
        href={(n) => url(lang, "staffCampaignDeliveries", { id }, { status: p.query.status, page: String(n) })}
      />
    </>
  );
}
