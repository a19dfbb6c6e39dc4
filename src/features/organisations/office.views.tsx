import type { Child } from "hono/jsx";
import type { FormValues } from "../../core/forms.js";
import { formatDate, type Messages } from "../../core/i18n/index.js";
import type { AuditRow } from "../../core/office/audit.js";
import { AuditTable } from "../../core/office/views.js";
import { usePage } from "../../core/views/context.js";
import { Input, Notice, Select } from "../../core/views/forms.js";
import { Pagination } from "../../core/views/pagination.js";
import { url } from "../../routes.js";
import { ORG_KINDS, ORG_STATUSES, type organisations } from "./schema.js";
import type { BoardWithMembers, handovers, listOrganisations } from "./service.js";
import { type BoardInvitation, type BoardManage, Boards, OrgDetails } from "./views.js";

type Org = typeof organisations.$inferSelect;
type OrgRow = Awaited<ReturnType<typeof listOrganisations>>["rows"][number];
type Handovers = Awaited<ReturnType<typeof handovers>>;
export type OrgListQuery = { q?: string; kind?: string; status?: string; handover?: string; page: number };

/** The office's organisation list: search and filters (a GET form), results, pages. */
/** `extra`: columns other features add (passed in by createApp), a heading and a cell per organisation id. */
type Extra = { label: string; cells: Map<string, string> };
type OrgListProps = { query: OrgListQuery; total: number; rows: OrgRow[]; pages: number; extra?: Extra[] };
export function OrgList({ query, total, rows, pages, extra = [] }: OrgListProps) {
  const { t, lang } = usePage();
  const s = t.org.staff;
  const o = t.org;
  const qs = { q: query.q, kind: query.kind, status: query.status, handover: query.handover };
  const values: FormValues = { q: query.q ?? "", kind: query.kind ?? "", status: query.status ?? "", handover: query.handover ?? "" };
  return (
    <>
      <div class="toolbar">
        <h1>{s.organisations}</h1>
        <p class="actions">
          <a class="button primary" href={url(lang, "staffOrgNew")}>
            {s.new}
          </a>
          <a class="button secondary" href={url(lang, "staffOrgsCsv", {}, qs)} download>
            {s.csv}
          </a>
        </p>
      </div>
      <form method="get" action={url(lang, "staffOrgs")} class="filters" aria-label={s.searchLabel}>
        <Input name="q" type="search" label={s.searchLabel} required values={values} width="m" />
        <Select
          name="kind"
          label={o.fields.kind}
          required
          options={[{ value: "", label: s.allKinds }, ...ORG_KINDS.map((k) => ({ value: k, label: o.kinds[k] }))]}
          values={values}
        />
        <Select
          name="status"
          label={o.fields.status}
          required
          options={[{ value: "", label: s.allStatuses }, ...ORG_STATUSES.map((k) => ({ value: k, label: o.statuses[k] }))]}
          values={values}
        />
        <Select
          name="handover"
          label={s.handoverFilter}
          required
          options={[
            { value: "", label: s.handoverAny },
            { value: "due", label: s.handoverDue },
            { value: "planned", label: s.handoverPlanned },
          ]}
          values={values}
        />
        <div class="form-actions">
          <button type="submit" class="button secondary">
            {t.common.filter}
          </button>
        </div>
      </form>
      <p role="status">{s.results(total)}</p>
      {rows.length === 0 ? (
        <p>{s.noResults}</p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{o.fields.name}</th>
                <th scope="col">{o.fields.kind}</th>
                <th scope="col">{o.fields.status}</th>
                <th scope="col">{s.currentBoard}</th>
                <th scope="col">{s.handoverFilter}</th>
                {extra.map((x) => (
                  <th scope="col">{x.label}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <td>
                    <a href={url(lang, "staffOrg", { id: r.id })}>{r.name}</a>
                  </td>
                  <td>{o.kinds[r.kind]}</td>
                  <td>{o.statuses[r.status]}</td>
                  <td>{r.currentYear ? `${o.year(r.currentYear)} · ${s.members(r.currentMembers)}` : s.noCurrentBoard}</td>
                  <td>
                    {r.incomingStartsOn ? (
                      <span class="badge ok">{formatDate(lang, r.incomingStartsOn)}</span>
                    ) : r.handoverDue ? (
                      <span class="badge warn">{s.handoverDue}</span>
                    ) : (
                      "–"
                    )}
                  </td>
                  {extra.map((x) => (
                    <td>{x.cells.get(r.id) ?? "–"}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={query.page} pages={pages} href={(p) => url(lang, "staffOrgs", {}, { ...qs, page: String(p) })} />
    </>
  );
}

/** The organisation list as spreadsheet rows, headed by the column names. */
export function orgCsvRows(t: Messages, rows: OrgRow[]) {
  const o = t.org;
  const header = [
    o.fields.name,
    o.fields.kind,
    o.fields.status,
    o.fields.faculty,
    o.fields.email,
    o.fields.website,
    o.fields.contactUrl,
    o.fields.lang,
    o.fields.memberCount,
    o.staff.currentBoard,
    o.staff.handoverFilter,
  ];
  const body = rows.map((r) => [
    r.name,
    o.kinds[r.kind],
    o.statuses[r.status],
    r.faculty,
    r.email,
    r.website,
    r.contactUrl,
    r.lang,
    r.memberCount,
    r.currentYear ? o.year(r.currentYear) : "",
    r.incomingStartsOn ?? (r.handoverDue ? o.staff.handoverDue : ""),
  ]);
  return [header, ...body];
}

/** One organisation in the office: details, boards and its audit log. */
export function OrgOffice({
  org,
  boards,
  invitations,
  manage,
  trail,
  auditPage,
  auditPages,
  notice,
  extra,
}: {
  org: Org;
  boards: BoardWithMembers[];
  invitations: BoardInvitation[];
  manage: BoardManage;
  trail: AuditRow[];
  auditPage: number;
  auditPages: number;
  notice: string | null;
  /** Sections other features add (passed in by createApp). */
  extra?: Child[];
}) {
  const { t, lang } = usePage();
  return (
    <>
      <h1>{org.name}</h1>
      <Notice text={notice} />
      <div class="toolbar">
        <h2>{t.org.page.details}</h2>
        <p class="actions">
          <a class="button secondary" href={url(lang, "staffOrgEdit", { id: org.id })}>
            {t.org.page.edit}
          </a>
          <a class="button primary" href={url(lang, "staffOrgInvite", { id: org.id })}>
            {t.org.staff.inviteBoard}
          </a>
        </p>
      </div>
      <OrgDetails org={org} />
      <Boards boards={boards} invitations={invitations} manage={manage} />
      {extra}
      <h2 id="audit">{t.office.audit}</h2>
      <AuditTable rows={trail} />
      <Pagination
        page={auditPage}
        pages={auditPages}
        label={t.org.staff.auditPages}
        href={(p) => `${url(lang, "staffOrg", { id: org.id }, { page: String(p) })}#audit`}
      />
    </>
  );
}

/** Board changes: those registered ahead, and organisations whose new board is missing. */
export function HandoverList({ handovers: h, thisYear }: { handovers: Handovers; thisYear: number }) {
  const { t, lang } = usePage();
  const s = t.org.staff;
  const o = t.org;
  return (
    <>
      <h1>{s.handoversTitle}</h1>
      <h2>{s.upcoming}</h2>
      {h.upcoming.length === 0 ? (
        <p>{s.upcomingEmpty}</p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{o.fields.organisation}</th>
                <th scope="col">{s.currentBoard}</th>
                <th scope="col">{s.incomingBoard}</th>
                <th scope="col">{s.startsOn}</th>
              </tr>
            </thead>
            <tbody>
              {h.upcoming.map((r) => (
                <tr>
                  <td>
                    <a href={url(lang, "staffOrg", { id: r.orgId })}>{r.name}</a>
                  </td>
                  <td>{r.currentYear === null ? s.noCurrentBoard : `${o.year(r.currentYear)} · ${s.members(r.currentMembers)}`}</td>
                  <td>
                    {o.year(r.year)} · {s.members(r.members)}
                  </td>
                  <td>{formatDate(lang, r.startsOn)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{s.overdue}</h2>
      {h.overdue.length === 0 ? (
        <p>{s.overdueEmpty}</p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{o.fields.organisation}</th>
                <th scope="col">{s.currentBoard}</th>
              </tr>
            </thead>
            <tbody>
              {h.overdue.map((r) => (
                <tr>
                  <td>
                    <a href={url(lang, "staffOrg", { id: r.orgId })}>{r.name}</a>
                  </td>
                  <td>
                    {r.currentYear === null ? s.noCurrentBoard : `${o.year(r.currentYear)} · ${s.members(r.currentMembers)}`}
                    {r.currentYear !== null && r.currentYear >= thisYear ? "" : <span class="badge warn"> {s.handoverDue}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
