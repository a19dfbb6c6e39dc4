import { formatDateTime } from "../../core/i18n/index.js";
import { usePage } from "../../core/views/context.js";
import { ActionButton, Notice, Select } from "../../core/views/forms.js";
import { url } from "../../routes.js";
import type { SubscribersQuery } from "./forms.js";
import { MAILING_TOPICS, type MailingTopic, SUBSCRIPTION_STATUSES, type SubscriptionStatus } from "./schema.js";

// The office's subscribers page. Props only.

type Row = {
  id: string;
  email: string;
  orgName: string | null;
  lang: "nl" | "en";
  topics: MailingTopic[];
  status: SubscriptionStatus;
  hardBounces: number;
  lastBounceAt: Date | null;
};

export function SubscribersPage({
  query,
  rows,
  more,
  counts,
  orgs,
  notice,
}: {
  query: SubscribersQuery;
  rows: Row[];
  more: boolean;
  counts: Partial<Record<SubscriptionStatus, number>>;
  orgs: { id: string; name: string }[];
  notice?: string | null;
}) {
  const { t, lang, env } = usePage();
  const o = t.mailingList.office;
  const m = t.mailingList;
  const values = { status: query.status, topic: query.topic, org: query.org };
  const qs = { status: query.status, topic: query.topic, org: query.org || undefined };
  const action = (id: string) => url(lang, "staffMailingBounce", { id });
  return (
    <>
      <h1>{o.title}</h1>
      <Notice text={notice} />
      <section aria-labelledby="counts-title">
        <h2 id="counts-title">{o.counts}</h2>
        <dl class="details">
          {SUBSCRIPTION_STATUSES.map((s) => (
            <>
              <dt>{m.statuses[s]}</dt>
              <dd>{counts[s] ?? 0}</dd>
            </>
          ))}
        </dl>
      </section>
      <form method="get" action={url(lang, "staffMailing")} class="filters" aria-label={o.filter}>
        <Select
          name="status"
          label={o.status}
          required
          options={[{ value: "all", label: o.all }, ...SUBSCRIPTION_STATUSES.map((s) => ({ value: s, label: m.statuses[s] }))]}
          values={values}
        />
        <Select
          name="topic"
          label={o.topic}
          required
          options={[{ value: "all", label: o.all }, ...MAILING_TOPICS.map((x) => ({ value: x, label: m.topics[x] }))]}
          values={values}
        />
        <Select
          name="org"
          label={o.org}
          required
          options={[{ value: "", label: o.all }, ...orgs.map((x) => ({ value: x.id, label: x.name }))]}
          values={values}
        />
        <div class="form-actions">
          <button type="submit" class="button secondary">
            {t.common.filter}
          </button>
        </div>
      </form>
      {rows.length === 0 ? (
        <p>{o.none}</p>
      ) : (
        <section class="table-wrap" tabindex={0} aria-labelledby="subscribers-caption">
          <table class="table">
            <caption id="subscribers-caption" class="visually-hidden">
              {o.title}
            </caption>
            <thead>
              <tr>
                <th scope="col">{o.email}</th>
                <th scope="col">{o.org}</th>
                <th scope="col">{o.lang}</th>
                <th scope="col">{o.topic}</th>
                <th scope="col">{o.status}</th>
                <th scope="col">{o.bounces}</th>
                <th scope="col">{o.actions}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <td>{r.email}</td>
                  <td>{r.orgName ?? "—"}</td>
                  <td>{m.langs[r.lang]}</td>
                  <td>{r.topics.map((x) => m.topics[x]).join(", ")}</td>
                  <td>{m.statuses[r.status]}</td>
                  <td>
                    {r.hardBounces}
                    {r.lastBounceAt && (
                      <span class="muted">
                        {" "}
                        ({o.lastBounce}: {formatDateTime(lang, r.lastBounceAt, env.TIME_ZONE)})
                      </span>
                    )}
                  </td>
                  <td>
                    <ActionButton action={action(r.id)} label={o.soft} fields={{ kind: "soft" }} context={r.email} />{" "}
                    <ActionButton action={action(r.id)} label={o.hard} fields={{ kind: "hard" }} context={r.email} kind="danger" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <nav class="pagination" aria-label={o.title}>
        {query.page > 1 && <a href={url(lang, "staffMailing", {}, { ...qs, page: String(query.page - 1) })}>{o.previous}</a>}{" "}
        {more && <a href={url(lang, "staffMailing", {}, { ...qs, page: String(query.page + 1) })}>{o.next}</a>}
      </nav>
    </>
  );
}
