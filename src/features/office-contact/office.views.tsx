import type { FieldErrors, FormValues } from "../../core/forms.js";
import { formatDateTime } from "../../core/i18n/index.js";
import { usePage } from "../../core/views/context.js";
import { BilingualField, ErrorSummary, Form, Input, Notice, Select, Submit, TextArea } from "../../core/views/forms.js";
import { Pagination } from "../../core/views/pagination.js";
import { L } from "../../core/views/text.js";
import { url } from "../../routes.js";
import type { InboxQuery } from "./forms.js";
import { CONTACT_STATUSES } from "./schema.js";
import type { Canned, Conversation, Entry, StaffMember } from "./service.js";

// The office's inbox of contact messages, a conversation, and the canned answers. Props only.

const who = (p: { name: string | null; email: string }) => p.name || p.email;

function Status({ status }: { status: Conversation["status"] }) {
  const { t } = usePage();
  return <span class={`badge status-${status}`}>{t.officeContact.office.statuses[status]}</span>;
}

function AssigneeOptions(staff: StaffMember[]) {
  return staff.map((s) => ({ value: s.id, label: who(s) }));
}

export function InboxPage({
  query,
  total,
  pages,
  rows,
  staff,
}: {
  query: InboxQuery;
  total: number;
  pages: number;
  rows: { conv: Conversation; assigneeName: string | null; assigneeEmail: string | null }[];
  staff: StaffMember[];
}) {
  const { t, lang, env } = usePage();
  const o = t.officeContact.office;
  const values: FormValues = { status: query.status, assignee: query.assignee, q: query.q };
  const qs = { status: query.status, assignee: query.assignee || undefined, q: query.q || undefined };
  return (
    <>
      <h1>{o.title}</h1>
      <p>
        <a href={url(lang, "staffContactCanned")}>{o.cannedTitle}</a>
      </p>
      <form method="get" action={url(lang, "staffContact")} class="filters" aria-label={o.filter}>
        <Select
          name="status"
          label={o.status}
          required
          options={[...CONTACT_STATUSES.map((s) => ({ value: s, label: o.statuses[s] })), { value: "all", label: o.allStatuses }]}
          values={values}
        />
        <Select
          name="assignee"
          label={o.assignee}
          required
          options={[
            { value: "", label: o.anyone },
            { value: "me", label: o.mine },
            { value: "none", label: o.unassigned },
            ...AssigneeOptions(staff),
          ]}
          values={values}
        />
        <Input name="q" label={o.search} type="search" hint={o.searchHint} required width="m" values={values} />
        <div class="form-actions">
          <button type="submit" class="button secondary">
            {t.common.filter}
          </button>
        </div>
      </form>
      <p role="status">{o.count(total)}</p>
      {rows.length === 0 ? (
        <p>{o.none}</p>
      ) : (
        <section class="table-wrap" tabindex={0} aria-labelledby="inbox-caption">
          <table class="table">
            <caption id="inbox-caption" class="visually-hidden">
              {o.title}
            </caption>
            <thead>
              <tr>
                <th scope="col">{o.reference}</th>
                <th scope="col">{o.from}</th>
                <th scope="col">{o.subject}</th>
                <th scope="col">{o.status}</th>
                <th scope="col">{o.assignee}</th>
                <th scope="col">{o.lastActivity}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ conv, assigneeName, assigneeEmail }) => (
                <tr>
                  <td>
                    <a href={url(lang, "staffContactConversation", { id: conv.id })}>{conv.reference}</a>
                  </td>
                  <td>
                    {conv.name}
                    {conv.organisation && <span class="muted"> · {conv.organisation}</span>}
                  </td>
                  <td>{t.officeContact.form.subjects[conv.subject]}</td>
                  <td>
                    <Status status={conv.status} />
                  </td>
                  <td>{assigneeEmail ? who({ name: assigneeName, email: assigneeEmail }) : "—"}</td>
                  <td>{formatDateTime(lang, conv.lastActivityAt, env.TIME_ZONE)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <Pagination page={query.page} pages={pages} href={(p) => url(lang, "staffContact", {}, { ...qs, page: String(p) })} />
    </>
  );
}

export type ConversationForms = { values: FormValues; errors?: FieldErrors };

export function ConversationPage({
  conv,
  entries,
  staff,
  canned,
  notice,
  values,
  errors,
}: ConversationForms & { conv: Conversation; entries: Entry[]; staff: StaffMember[]; canned: Canned[]; notice?: string | null }) {
  const { t, lang, env } = usePage();
  const o = t.officeContact.office;
  const id = conv.id;
  const tz = env.TIME_ZONE;
  const labels = { body: o.replyBody, note: o.note, status: o.status, assignee: o.assignee };
  return (
    <>
      <h1>{o.conversationTitle(conv.reference)}</h1>
      <Notice text={notice} />
      <p>
        <a href={url(lang, "staffContact")}>{o.back}</a>
      </p>
      <ErrorSummary errors={errors} labels={labels} />
      <dl class="details">
        <dt>{o.from}</dt>
        <dd>
          {conv.name} · <a href={`mailto:${conv.email}`}>{conv.email}</a>
        </dd>
        {conv.organisation && (
          <>
            <dt>{o.organisation}</dt>
            <dd>{conv.organisation}</dd>
          </>
        )}
        <dt>{o.subject}</dt>
        <dd>{t.officeContact.form.subjects[conv.subject]}</dd>
        <dt>{o.language}</dt>
        <dd>{o.languages[conv.lang]}</dd>
        <dt>{o.received}</dt>
        <dd>{formatDateTime(lang, conv.createdAt, tz)}</dd>
        <dt>{o.status}</dt>
        <dd>
          <Status status={conv.status} />
        </dd>
      </dl>
      <h2>{o.thread}</h2>
      <ol class="thread">
        {entries.map((e) => (
          <li class={`entry entry-${e.kind}`}>
            <p class="muted">
              <strong>{o.kinds[e.kind]}</strong>
              {e.kind !== "incoming" && ` ${o.by(e.authorEmail ? who({ name: e.authorName, email: e.authorEmail }) : o.deletedAccount)}`} ·{" "}
              {formatDateTime(lang, e.createdAt, tz)}
            </p>
            {e.body.split(/\n\s*\n/).map((p) => (
              <p class="pre-line">{p}</p>
            ))}
          </li>
        ))}
      </ol>

      <h2 id="reply">{o.reply}</h2>
      {canned.length ? (
        <form method="get" action={`${url(lang, "staffContactConversation", { id })}#reply`} class="filters" aria-label={o.canned}>
          <Select
            name="canned"
            label={o.canned}
            required
            options={canned.map((c) => ({ value: c.id, label: c.title[lang] || c.title.nl || c.title.en }))}
            values={{ canned: values.canned ?? "" }}
          />
          <div class="form-actions">
            <button type="submit" class="button secondary">
              {o.cannedPick}
            </button>
          </div>
        </form>
      ) : (
        <p class="muted">{o.cannedNone}</p>
      )}
      <Form action={url(lang, "staffContactConversation", { id })}>
        <TextArea name="body" label={o.replyBody} hint={o.replyHint(conv.email)} required rows={10} values={values} errors={errors} />
        <Submit label={o.send} />
      </Form>

      <h2>{o.note}</h2>
      <Form action={url(lang, "staffContactNote", { id })}>
        <TextArea name="note" label={o.note} hint={o.noteHint} required rows={4} values={values} errors={errors} />
        <Submit label={o.addNote} />
      </Form>

      <h2>{o.manage}</h2>
      <Form action={url(lang, "staffContactManage", { id })}>
        <Select
          name="status"
          label={o.status}
          required
          options={CONTACT_STATUSES.map((s) => ({ value: s, label: o.statuses[s] }))}
          values={values}
          errors={errors}
        />
        <Select
          name="assignee"
          label={o.assignee}
          options={[{ value: "", label: o.unassigned }, ...AssigneeOptions(staff)]}
          values={values}
          errors={errors}
        />
        <Submit label={o.save} />
      </Form>
    </>
  );
}

const cannedLabels = (o: { cannedName: string; cannedBody: string }) => ({
  title: o.cannedName,
  title_nl: o.cannedName,
  title_en: o.cannedName,
  body: o.cannedBody,
  body_nl: o.cannedBody,
  body_en: o.cannedBody,
});

export function CannedListPage({ canned, values, errors }: { canned: Canned[]; values: FormValues; errors?: FieldErrors }) {
  const { t, lang } = usePage();
  const o = t.officeContact.office;
  return (
    <>
      <h1>{o.cannedTitle}</h1>
      <p>
        <a href={url(lang, "staffContact")}>{o.back}</a>
      </p>
      <p class="narrow">{o.cannedIntro}</p>
      {canned.length > 0 && (
        <ul>
          {canned.map((c) => (
            <li>
              <a href={url(lang, "staffContactCannedItem", { id: c.id })}>
                <L v={c.title} />
              </a>
            </li>
          ))}
        </ul>
      )}
      <h2>{o.cannedNew}</h2>
      <ErrorSummary errors={errors} labels={cannedLabels(o)} />
      <Form action={url(lang, "staffContactCanned")} class="form wide-form">
        <BilingualField name="title" label={o.cannedName} values={values} errors={errors} />
        <BilingualField name="body" label={o.cannedBody} area rows={8} values={values} errors={errors} />
        <Submit label={o.cannedCreate} />
      </Form>
    </>
  );
}

export function CannedEditPage({
  canned,
  notice,
  values,
  errors,
}: {
  canned: Canned;
  notice?: string | null;
  values: FormValues;
  errors?: FieldErrors;
}) {
  const { t, lang } = usePage();
  const o = t.officeContact.office;
  return (
    <>
      <h1>{o.cannedEdit(canned.title[lang] || canned.title.nl || canned.title.en)}</h1>
      <Notice text={notice} />
      <p>
        <a href={url(lang, "staffContactCanned")}>{o.cannedTitle}</a>
      </p>
      <ErrorSummary errors={errors} labels={cannedLabels(o)} />
      <Form action={url(lang, "staffContactCannedItem", { id: canned.id })} class="form wide-form">
        <BilingualField name="title" label={o.cannedName} values={values} errors={errors} />
        <BilingualField name="body" label={o.cannedBody} area rows={8} values={values} errors={errors} />
        <Submit label={o.save} />
      </Form>
    </>
  );
}
