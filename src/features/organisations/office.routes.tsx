import type { Child } from "hono/jsx";
import { requireStaff, today } from "../../core/auth/authorise.js";
import { csvResponse } from "../../core/csv.js";
import { AppError } from "../../core/errors.js";
import { type FieldErrors, type FormValues, fieldErrorOf, parseForm, parseQuery } from "../../core/forms.js";
import { contentChanged } from "../../core/http/cache.js";
import type { Ctx } from "../../core/http/context.js";
import { idParam } from "../../core/http/params.js";
import { type App, page } from "../../core/http/router.js";
import { formatDate, type Messages } from "../../core/i18n/index.js";
import type { OfficeSection } from "../../core/office/shell.js";
import { renderOffice } from "../../core/office/views.js";
import { pageCount } from "../../core/views/pagination.js";
import { url } from "../../routes.js";
import { auditTrail } from "../audit/service.js";
import { openInvitations } from "../invitations/service.js";
import { orgListQuery, pageQuery, staffOrgSchema } from "./forms.js";
import { HandoverList, OrgList, OrgOffice, orgCsvRows } from "./office.views.js";
import {
  academicYearOf,
  actorOf,
  boardsOf,
  chairBoards,
  createOrganisation,
  getOrganisation,
  handovers,
  listOrganisations,
  ORGANISATIONS,
  removedMember,
  staffCounts,
  updateOrganisation,
  withNameProblem,
} from "./service.js";
import { memberNotice, OrgEditForm, orgValues } from "./views.js";

const PER_PAGE = 25;
const AUDIT_PER_PAGE = 50;

/** The organisations' part of the office: its pages, its audit labels and its home-page counts (handovers). */
export const organisationsOffice: OfficeSection = {
  nav: [
    { route: "staffOrgs", label: (t) => t.org.staff.organisations, order: 10 },
    { route: "staffHandovers", label: (t) => t.org.staff.handovers, order: 30 },
  ],
  auditActions: (t) => t.org.staff.auditActions,
  auditFields(t, lang) {
    const o = t.org;
    const named = (label: string, names: Record<string, string>) => ({ label, value: (v: unknown) => names[String(v)] ?? String(v) });
    const lower = (names: Record<string, string>) => Object.fromEntries(Object.entries(names).map(([k, v]) => [k, v.toLowerCase()]));
    const position = named(o.fields.position, lower(o.positions));
    const year = { label: o.fields.year, value: (v: unknown) => o.year(Number(v)) };
    const text = (label: string) => ({ label });
    return {
      organisation: {
        name: text(o.fields.name),
        kind: named(o.fields.kind, o.kinds),
        faculty: text(o.fields.faculty),
        website: text(o.fields.website),
        contactUrl: text(o.fields.contactUrl),
        email: text(o.fields.email),
        lang: named(o.fields.lang, o.langs),
        memberCount: text(o.fields.memberCount),
        status: named(o.fields.status, lower(o.statuses)),
      },
      board: { year, startsOn: { label: o.fields.startsOn, value: (v) => formatDate(lang, String(v)) } },
      board_member: { position, year },
      board_invitation: { position, year },
    };
  },
  async summary(c) {
    const { t, lang, deps } = c.var;
    const s = t.org.staff;
    const n = await staffCounts(deps.db, deps.env, today(c));
    return [
      { text: s.handoversUpcoming(n.upcoming), href: url(lang, "staffHandovers") },
      { text: s.handoversOverdue(n.overdue), href: url(lang, "staffOrgs", {}, { handover: "due" }) },
    ];
  },
};

/**
 * What other features add to the office's organisation pages, passed in by createApp (the
 * trainings: who is trained this academic year): a column of the list, a section of the page.
 */
export type OrgOfficeExtra = {
  column?: { label: (t: Messages) => string; cells: (c: Ctx, orgIds: string[]) => Promise<Map<string, string>> };
  section?: (c: Ctx, orgId: string) => Promise<Child>;
};

/** An organisation for the office, by the `:id` in the path; 404 when there is none. */
async function orgParam(c: Ctx) {
  const org = await getOrganisation(c.var.deps.db, idParam(c));
  if (!org) throw new AppError(404, "not_found");
  return org;
}

/** The office's organisation pages: list and CSV, new, detail, edit and handovers. */
export function organisationOfficeRoutes(app: App, { extras = [] }: { extras?: OrgOfficeExtra[] } = {}) {
  page(app, "GET", "staffOrgs", async (c) => {
    requireStaff(c);
    const { t, deps } = c.var;
    const q = parseQuery(c, orgListQuery);
    const { total, rows } = await listOrganisations(deps.db, deps.env, today(c), { ...q, perPage: PER_PAGE });
    const pages = pageCount(total, PER_PAGE);
    const ids = rows.map((r) => r.id);
    const columns = [];
    for (const { column } of extras) if (column) columns.push({ label: column.label(t), cells: await column.cells(c, ids) });
    const list = <OrgList query={q} total={total} rows={rows} pages={pages} extra={columns} />;
    return renderOffice(c, { title: t.org.staff.organisations }, list);
  });

  page(app, "GET", "staffOrgsCsv", async (c) => {
    requireStaff(c);
    const { t, lang, deps } = c.var;
    const q = parseQuery(c, orgListQuery);
    const { rows } = await listOrganisations(deps.db, deps.env, today(c), { ...q, page: 1, perPage: 100_000 });
    return csvResponse(c, `${lang === "nl" ? "organisaties" : "organisations"}-${today(c)}`, orgCsvRows(t, rows));
  });

  const newPage = (c: Ctx, values: FormValues, errors?: FieldErrors) =>
    renderOffice(
      c,
      { title: c.var.t.org.staff.new, status: errors ? 422 : 200, wide: false },
      <OrgEditForm
        title={c.var.t.org.staff.new}
        action={url(c.var.lang, "staffOrgNew")}
        cancel={url(c.var.lang, "staffOrgs")}
        withStatus
        values={values}
        errors={errors}
      />,
    );

  page(app, "GET", "staffOrgNew", (c) => {
    requireStaff(c);
    return newPage(c, { lang: c.var.lang, status: "active" });
  });

  page(app, "POST", "staffOrgNew", async (c) => {
    const user = requireStaff(c);
    const { deps } = c.var;
    const form = await parseForm(c, staffOrgSchema);
    if (!form.ok) return newPage(c, form.values, await withNameProblem(deps.db, c.var.t, { name: form.values.name, errors: form.errors }));
    let id: string;
    try {
      id = (await createOrganisation(deps.db, user.id, form.data)).id;
    } catch (err) {
      const errors = fieldErrorOf(c, err);
      if (errors) return newPage(c, form.values, errors);
      throw err;
    }
    contentChanged(c, ORGANISATIONS);
    return c.redirect(url(c.var.lang, "staffOrg", { id }, { done: "created" }), 303);
  });

  page(app, "GET", "staffOrg", async (c) => {
    const user = requireStaff(c);
    const { t, deps } = c.var;
    const org = await orgParam(c);
    const boards = await boardsOf(deps.db, org.id, today(c));
    const boardIds = boards.map((b) => b.id);
    const invitations = await openInvitations(deps.db, boardIds, deps.clock.now());
    const manage = {
      orgId: org.id,
      chairBoards: await chairBoards(deps.db, { actor: actorOf(user, true), orgId: org.id, boards, day: today(c) }),
    };
    const { page: auditPage } = parseQuery(c, pageQuery);
    const trail = await auditTrail(deps.db, org.id, { page: auditPage, perPage: AUDIT_PER_PAGE });
    const sections = [];
    for (const { section } of extras) if (section) sections.push(await section(c, org.id));
    const done = c.req.query("done");
    const notice =
      done === "created"
        ? t.org.staff.created
        : done === "saved"
          ? t.common.saved
          : done === "invited"
            ? t.invitations.invite.done(c.req.query("email") ?? "")
            : memberNotice(t, done, await removedMember(deps.db, org.id, c.req.query("member") ?? ""));
    return renderOffice(
      c,
      { title: org.name },
      <OrgOffice
        org={org}
        boards={boards}
        invitations={invitations}
        manage={manage}
        trail={trail.rows}
        auditPage={auditPage}
        auditPages={pageCount(trail.total, AUDIT_PER_PAGE)}
        notice={notice}
        extra={sections}
      />,
    );
  });

  const editPage = (c: Ctx, id: string, values: FormValues, errors?: FieldErrors) =>
    renderOffice(
      c,
      { title: c.var.t.org.page.edit, status: errors ? 422 : 200, wide: false },
      <OrgEditForm
        title={c.var.t.org.page.edit}
        action={url(c.var.lang, "staffOrgEdit", { id })}
        cancel={url(c.var.lang, "staffOrg", { id })}
        withStatus
        values={values}
        errors={errors}
      />,
    );

  page(app, "GET", "staffOrgEdit", async (c) => {
    requireStaff(c);
    const org = await orgParam(c);
    return editPage(c, org.id, orgValues(org));
  });

  page(app, "POST", "staffOrgEdit", async (c) => {
    const user = requireStaff(c);
    const { deps } = c.var;
    const org = await orgParam(c);
    const form = await parseForm(c, staffOrgSchema);
    if (!form.ok) {
      const errors = await withNameProblem(deps.db, c.var.t, { name: form.values.name, errors: form.errors, exceptId: org.id });
      return editPage(c, org.id, form.values, errors);
    }
    try {
      await updateOrganisation(deps.db, user.id, org.id, form.data, deps.clock.now());
    } catch (err) {
      const errors = fieldErrorOf(c, err);
      if (errors) return editPage(c, org.id, form.values, errors);
      throw err;
    }
    contentChanged(c, ORGANISATIONS);
    return c.redirect(url(c.var.lang, "staffOrg", { id: org.id }, { done: "saved" }), 303);
  });

  page(app, "GET", "staffHandovers", async (c) => {
    requireStaff(c);
    const { t, deps } = c.var;
    const day = today(c);
    const h = await handovers(deps.db, deps.env, day);
    return renderOffice(
      c,
      { title: t.org.staff.handoversTitle },
      <HandoverList handovers={h} thisYear={academicYearOf(day, deps.env.ACADEMIC_YEAR_START)} />,
    );
  });
}
