import type { Child } from "hono/jsx";
import type { FieldErrors, FormValues } from "../../core/forms.js";
import { formatDateTime } from "../../core/i18n/index.js";
import { usePage } from "../../core/views/context.js";
import { ErrorSummary, Form, Notice, TextArea } from "../../core/views/forms.js";
import { Pagination } from "../../core/views/pagination.js";
import { url } from "../../routes.js";
import type { listRequests, OrgRequestData, RequestView } from "./service.js";

type Request = Awaited<ReturnType<typeof listRequests>>["rows"][number];

/**
 * What a registration proposes: every field of the organisation's form, as the applicant entered
 * it (what they left empty shows as such), so the office decides on all of it.
 */
function ProposedOrganisation({ data }: { data: OrgRequestData }) {
  const { t } = usePage();
  const o = t.org;
  const empty = <span class="muted">{t.requests.staff.notGiven}</span>;
  const row = (label: string, value: Child) => (
    <>
      <dt>{label}</dt>
      <dd>{value ?? empty}</dd>
    </>
  );
  const link = (v: string | null | undefined) => (v ? <a href={v}>{v}</a> : null);
  return (
    <>
      {row(o.fields.name, data.name)}
      {row(o.fields.kind, o.kinds[data.kind])}
      {row(o.fields.faculty, data.faculty || null)}
      {row(o.fields.website, link(data.website))}
      {row(o.fields.contactUrl, link(data.contactUrl))}
      {row(o.fields.email, data.email ? <a href={`mailto:${data.email}`}>{data.email}</a> : null)}
      {row(o.fields.lang, o.langs[data.lang])}
      {row(o.fields.memberCount, data.memberCount ?? null)}
    </>
  );
}

/** Pending requests, each with its decision form (`failed`: the one whose decision came back with errors). */
export function Requests({
  view,
  rows,
  counts,
  page,
  pages,
  notice,
  failed,
}: {
  view: RequestView;
  rows: Request[];
  counts: { pending: number; decided: number };
  page: number;
  pages: number;
  notice: string | null;
  failed?: { id: string; values: FormValues; errors: FieldErrors };
}) {
  const { t, lang } = usePage();
  const s = t.requests.staff;
  const o = t.org;
  const pending = view === "pending" ? rows : [];
  const decided = view === "decided" ? rows : [];
  const tab = (v: "pending" | "decided", label: string) => (
    <li>
      <a href={url(lang, "staffRequests", {}, v === "pending" ? {} : { view: v })} aria-current={view === v ? "page" : undefined}>
        {label}
      </a>
    </li>
  );
  return (
    <>
      <h1>{s.requestsTitle}</h1>
      <Notice text={notice} />
      <nav class="subnav tabs" aria-label={s.requestsTitle}>
        <ul>
          {tab("pending", s.openTab(counts.pending))}
          {tab("decided", s.decidedTab(counts.decided))}
        </ul>
      </nav>
      {view === "pending" && pending.length === 0 && <p>{s.requestsEmpty}</p>}
      {view === "decided" && decided.length === 0 && <p>{s.decidedEmpty}</p>}
      {pending.map((r) => {
        const mine = failed?.id === r.id;
        const name = r.kind === "register" ? (r.data?.name ?? "") : (r.orgName ?? "");
        return (
          <section class="card" aria-labelledby={`req-${r.id}`}>
            <h2 id={`req-${r.id}`}>
              {r.kind === "register" ? s.requestRegister : s.requestJoin}: {name}
            </h2>
            <dl class="details">
              <dt>{s.requestedBy}</dt>
              <dd>
                {r.userName ? `${r.userName}, ` : ""}
                {r.email}
              </dd>
              <dt>{o.fields.position}</dt>
              <dd>{o.positions[r.position]}</dd>
              {r.kind === "register" && r.data && <ProposedOrganisation data={r.data} />}
              {r.message && (
                <>
                  <dt>{o.fields.message}</dt>
                  <dd>{r.message}</dd>
                </>
              )}
              <dt>{t.common.date}</dt>
              <dd>{formatDateTime(lang, r.createdAt)}</dd>
            </dl>
            {mine && <ErrorSummary errors={failed.errors} labels={{ reason: o.fields.reason }} />}
            <Form action={url(lang, "staffRequest", { id: r.id }, page > 1 ? { page: String(page) } : undefined)}>
              <TextArea
                name="reason"
                label={o.fields.reason}
                hint={s.declineReasonHint}
                rows={2}
                values={mine ? failed.values : undefined}
                errors={mine ? failed.errors : undefined}
              />
              <div class="form-actions">
                <button type="submit" name="decision" value="approve" class="button primary">
                  {s.approve}
                </button>
                <button type="submit" name="decision" value="decline" class="button danger">
                  {s.decline}
                </button>
              </div>
            </Form>
          </section>
        );
      })}
      {decided.length > 0 && (
        <>
          <h2 class="visually-hidden">{s.decided}</h2>
          <section class="table-wrap" tabindex={0} aria-label={s.decided}>
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">{t.common.date}</th>
                  <th scope="col">{o.fields.organisation}</th>
                  <th scope="col">{s.requestedBy}</th>
                  <th scope="col">{o.fields.status}</th>
                </tr>
              </thead>
              <tbody>
                {decided.map((r) => (
                  <tr>
                    <td>{r.decidedAt ? formatDateTime(lang, r.decidedAt) : ""}</td>
                    <td>{r.orgId ? <a href={url(lang, "staffOrg", { id: r.orgId })}>{r.orgName}</a> : r.data?.name}</td>
                    <td>{r.email}</td>
                    <td>
                      {t.requests.dashboard.requestStatus[r.status]}
                      {r.reason ? ` · ${r.reason}` : ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
      <Pagination
        page={page}
        pages={pages}
        href={(p) => url(lang, "staffRequests", {}, { view: view === "pending" ? undefined : view, page: String(p) })}
      />
    </>
  );
}
