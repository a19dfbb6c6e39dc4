import { asc, eq, isNotNull } from "drizzle-orm";
import { z } from "zod";
import { requireStaff, today } from "../../core/auth/authorise.js";
import { csvResponse } from "../../core/csv.js";
import { AppError, FieldError } from "../../core/errors.js";
import { type FieldErrors, type FormValues, f, fieldErrorOf, parseForm, parseQuery } from "../../core/forms.js";
import type { Ctx } from "../../core/http/context.js";
import { type App, page } from "../../core/http/router.js";
import { formatDate, formatDateTime } from "../../core/i18n/index.js";
import type { OfficeSection } from "../../core/office/shell.js";
import { AuditTable, OfficeNav } from "../../core/office/views.js";
import { ErrorSummary, Form, Input, Notice, Select, Submit, TextArea } from "../../core/views/forms.js";
import { render } from "../../core/views/render.js";
import { url } from "../../routes.js";
import { audit, auditTrail } from "../audit/service.js";
import { users } from "../auth/schema.js";
import { decideSchema, orgListQuery, staffInviteSchema, staffOrgSchema } from "../organisations/forms.js";
import { ORG_KINDS, ORG_STATUSES } from "../organisations/schema.js";
import {
  academicYearOf,
  addBoardMember,
  boardsOf,
  createBoard,
  createOrganisation,
  decideRequest,
  getOrganisation,
  handovers,
  listOrganisations,
  listRequests,
  updateOrganisation,
} from "../organisations/service.js";
import { Boards, InviteForm, OrgDetails, OrgEditForm, orgValues } from "../organisations/views.js";

const PER_PAGE = 25;

/** @deprecated Use `OfficeNav` (or `renderOffice`) from `core/office/views.js`; kept while other branches adopt it. */
export function StaffNav(_: { c: Ctx }) {
  return <OfficeNav />;
}

/** Office accounts in the office navigation (administrators only). */
export const staffOffice: OfficeSection = {
  nav: [{ route: "staffUsers", label: (t) => t.org.staff.users, adminOnly: true, order: 90 }],
};

const uuidParam = (c: Ctx, name = "id") => {
  const v = c.req.param(name) ?? "";
  if (!/^[0-9a-f-]{36}$/i.test(v)) throw new AppError(404, "not_found");
  return v;
};

export function staffRoutes(app: App) {
  page(app, "GET", "staffOrgs", async (c) => {
    requireStaff(c);
    const { t, lang, deps } = c.var;
    const s = t.org.staff;
    const o = t.org;
    const q = parseQuery(c, orgListQuery);
    const { total, rows } = await listOrganisations(deps.db, deps.env, today(c), { ...q, perPage: PER_PAGE });
    const pages = Math.max(1, Math.ceil(total / PER_PAGE));
    const qs = { q: q.q, kind: q.kind, status: q.status, handover: q.handover };
    const values: FormValues = { q: q.q ?? "", kind: q.kind ?? "", status: q.status ?? "", handover: q.handover ?? "" };
    return render(
      c,
      { title: s.organisations, wide: true },
      <>
        <OfficeNav />
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
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {pages > 1 && (
          <nav class="pagination" aria-label={t.common.pagination}>
            {q.page > 1 && (
              <a href={url(lang, "staffOrgs", {}, { ...qs, page: String(q.page - 1) })} rel="prev">
                {t.common.previous}
              </a>
            )}
            <span aria-current="page">{t.common.pageOf(q.page, pages)}</span>
            {q.page < pages && (
              <a href={url(lang, "staffOrgs", {}, { ...qs, page: String(q.page + 1) })} rel="next">
                {t.common.next}
              </a>
            )}
          </nav>
        )}
      </>,
    );
  });

  page(app, "GET", "staffOrgsCsv", async (c) => {
    requireStaff(c);
    const { t, lang, deps } = c.var;
    const o = t.org;
    const q = parseQuery(c, orgListQuery);
    const { rows } = await listOrganisations(deps.db, deps.env, today(c), { ...q, page: 1, perPage: 100_000 });
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
    return csvResponse(c, `${lang === "nl" ? "organisaties" : "organisations"}-${today(c)}`, [header, ...body]);
  });

  const newPage = (c: Ctx, values: FormValues, errors?: FieldErrors) =>
    render(
      c,
      { title: c.var.t.org.staff.new, status: errors ? 422 : 200 },
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
    if (!form.ok) return newPage(c, form.values, form.errors);
    let id: string;
    try {
      id = (await createOrganisation(deps.db, user.id, form.data)).id;
    } catch (err) {
      const errors = fieldErrorOf(c, err);
      if (errors) return newPage(c, form.values, errors);
      throw err;
    }
    return c.redirect(url(c.var.lang, "staffOrg", { id }, { done: "created" }), 303);
  });

  page(app, "GET", "staffOrg", async (c) => {
    requireStaff(c);
    const { t, lang, deps } = c.var;
    const org = await getOrganisation(deps.db, uuidParam(c));
    if (!org) throw new AppError(404, "not_found");
    const boards = await boardsOf(deps.db, org.id, today(c));
    const trail = await auditTrail(deps.db, org.id);
    const done = c.req.query("done");
    return render(
      c,
      { title: org.name, wide: true },
      <>
        <OfficeNav />
        <h1>{org.name}</h1>
        <Notice
          text={
            done === "created"
              ? t.org.staff.created
              : done === "saved"
                ? t.common.saved
                : done === "invited"
                  ? t.org.invite.done(c.req.query("email") ?? "")
                  : null
          }
        />
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
        <Boards boards={boards} />
        <h2>{t.office.audit}</h2>
        <AuditTable rows={trail} />
      </>,
    );
  });

  const editPage = (c: Ctx, id: string, values: FormValues, errors?: FieldErrors) =>
    render(
      c,
      { title: c.var.t.org.page.edit, status: errors ? 422 : 200 },
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
    const org = await getOrganisation(c.var.deps.db, uuidParam(c));
    if (!org) throw new AppError(404, "not_found");
    return editPage(c, org.id, orgValues(org));
  });

  page(app, "POST", "staffOrgEdit", async (c) => {
    const user = requireStaff(c);
    const { deps } = c.var;
    const id = uuidParam(c);
    const org = await getOrganisation(deps.db, id);
    if (!org) throw new AppError(404, "not_found");
    const form = await parseForm(c, staffOrgSchema);
    if (!form.ok) return editPage(c, id, form.values, form.errors);
    try {
      await updateOrganisation(deps.db, user.id, id, form.data, deps.clock.now());
    } catch (err) {
      const errors = fieldErrorOf(c, err);
      if (errors) return editPage(c, id, form.values, errors);
      throw err;
    }
    return c.redirect(url(c.var.lang, "staffOrg", { id }, { done: "saved" }), 303);
  });

  /** Staff invite into the current (or incoming) board; with no board yet, one is created for this academic year. */
  const staffInvitePage = async (c: Ctx, orgId: string, values?: FormValues, errors?: FieldErrors) => {
    const { deps } = c.var;
    // Without a current or incoming board the form offers a new one for this academic year,
    // created only when the form is sent (a GET changes nothing).
    const boards = await boardsOf(deps.db, orgId, today(c));
    const none = !boards.some((b) => b.state !== "past");
    return render(
      c,
      { title: c.var.t.org.staff.inviteBoard, status: errors ? 422 : 200 },
      <InviteForm
        action={url(c.var.lang, "staffOrgInvite", { id: orgId })}
        boards={boards}
        newBoardYear={none ? academicYearOf(today(c), deps.env.ACADEMIC_YEAR_START) : undefined}
        values={values}
        errors={errors}
      />,
    );
  };

  page(app, "GET", "staffOrgInvite", async (c) => {
    requireStaff(c);
    const org = await getOrganisation(c.var.deps.db, uuidParam(c));
    if (!org) throw new AppError(404, "not_found");
    return staffInvitePage(c, org.id);
  });

  page(app, "POST", "staffOrgInvite", async (c) => {
    const user = requireStaff(c);
    const { deps } = c.var;
    const org = await getOrganisation(deps.db, uuidParam(c));
    if (!org) throw new AppError(404, "not_found");
    const form = await parseForm(c, staffInviteSchema);
    if (!form.ok) return staffInvitePage(c, org.id, form.values, form.errors);
    const { boardId, ...member } = form.data;
    try {
      await deps.db.transaction(async (tx) => {
        const board =
          boardId === "new" ? (await createBoard(tx, { actorId: user.id, orgId: org.id, startsOn: today(c), env: deps.env })).id : boardId;
        await addBoardMember(tx, deps, {
          actorId: user.id,
          actorName: user.name ?? user.email,
          orgId: org.id,
          orgName: org.name,
          boardId: board,
          member,
          today: today(c),
        });
      });
    } catch (err) {
      const errors = fieldErrorOf(c, err);
      if (errors) return staffInvitePage(c, org.id, form.values, errors);
      throw err;
    }
    return c.redirect(url(c.var.lang, "staffOrg", { id: org.id }, { done: "invited", email: member.email }), 303);
  });

  const requestsPage = async (c: Ctx, failed?: { id: string; values: FormValues; errors: FieldErrors }) => {
    const { t, lang, deps } = c.var;
    const s = t.org.staff;
    const o = t.org;
    const pending = await listRequests(deps.db, "pending");
    const decided = await listRequests(deps.db, "decided");
    const done = c.req.query("done");
    return render(
      c,
      { title: s.requestsTitle, wide: true, status: failed ? 422 : 200 },
      <>
        <OfficeNav />
        <h1>{s.requestsTitle}</h1>
        <Notice text={done === "approved" ? s.approved : done === "declined" ? s.declined : null} />
        {pending.length === 0 && <p>{s.requestsEmpty}</p>}
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
                {r.kind === "register" && r.data && (
                  <>
                    <dt>{o.fields.kind}</dt>
                    <dd>{o.kinds[r.data.kind]}</dd>
                    {r.data.website && (
                      <>
                        <dt>{o.fields.website}</dt>
                        <dd>{r.data.website}</dd>
                      </>
                    )}
                  </>
                )}
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
              <Form action={url(lang, "staffRequest", { id: r.id })}>
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
            <h2>{s.decided}</h2>
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
                        {o.dashboard.requestStatus[r.status]}
                        {r.reason ? ` · ${r.reason}` : ""}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          </>
        )}
      </>,
    );
  };

  page(app, "GET", "staffRequests", async (c) => {
    requireStaff(c);
    return requestsPage(c);
  });

  page(app, "POST", "staffRequest", async (c) => {
    const user = requireStaff(c);
    const { deps, lang } = c.var;
    const id = uuidParam(c);
    const form = await parseForm(c, decideSchema);
    if (!form.ok) return requestsPage(c, { id, values: form.values, errors: form.errors });
    try {
      const res = await decideRequest(deps.db, deps, {
        actorId: user.id,
        requestId: id,
        approve: form.data.decision === "approve",
        reason: form.data.reason,
        today: today(c),
        now: deps.clock.now(),
      });
      if (!res) throw new AppError(404, "not_found");
    } catch (err) {
      if (err instanceof FieldError) return requestsPage(c, { id, values: form.values, errors: fieldErrorOf(c, err)! });
      throw err;
    }
    return c.redirect(url(lang, "staffRequests", {}, { done: form.data.decision === "approve" ? "approved" : "declined" }), 303);
  });

  page(app, "GET", "staffHandovers", async (c) => {
    requireStaff(c);
    const { t, lang, deps } = c.var;
    const s = t.org.staff;
    const o = t.org;
    const day = today(c);
    const h = await handovers(deps.db, deps.env, day);
    const thisYear = academicYearOf(day, deps.env.ACADEMIC_YEAR_START);
    return render(
      c,
      { title: s.handoversTitle, wide: true },
      <>
        <OfficeNav />
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
                  <th scope="col">{s.startsOn}</th>
                  <th scope="col">{s.currentBoard}</th>
                </tr>
              </thead>
              <tbody>
                {h.upcoming.map((r) => (
                  <tr>
                    <td>
                      <a href={url(lang, "staffOrg", { id: r.orgId })}>{r.name}</a>
                    </td>
                    <td>{formatDate(lang, r.startsOn)}</td>
                    <td>
                      {o.year(r.year)} · {s.members(r.members)}
                    </td>
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
                      {r.currentYear ? o.year(r.currentYear) : s.noCurrentBoard}
                      {r.currentYear !== null && r.currentYear >= thisYear ? "" : <span class="badge warn"> {s.handoverDue}</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </>,
    );
  });

  const staffSchema = z.object({ email: f.email(), name: f.optionalText(120), role: f.choice(["staff", "admin"] as const) });

  const usersPage = async (c: Ctx, values?: FormValues, errors?: FieldErrors) => {
    const { t, lang, deps } = c.var;
    const s = t.org.staff;
    const staff = await deps.db.select().from(users).where(isNotNull(users.staffRole)).orderBy(asc(users.email));
    return render(
      c,
      { title: s.usersTitle, wide: true, status: errors ? 422 : 200 },
      <>
        <OfficeNav />
        <h1>{s.usersTitle}</h1>
        <Notice text={c.req.query("done") === "added" ? s.staffAdded : null} />
        <section class="table-wrap" tabindex={0} aria-label={s.usersTitle}>
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t.org.fields.personEmail}</th>
                <th scope="col">{t.org.fields.personName}</th>
                <th scope="col">{s.role}</th>
              </tr>
            </thead>
            <tbody>
              {staff.map((u) => (
                <tr>
                  <td>{u.email}</td>
                  <td>{u.name ?? "–"}</td>
                  <td>{u.staffRole ? s.roles[u.staffRole] : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <h2>{s.addStaff}</h2>
        <ErrorSummary errors={errors} labels={{ email: t.org.fields.personEmail, name: t.org.fields.personName, role: s.role }} />
        <Form action={url(lang, "staffUsers")}>
          <Input name="email" type="email" label={t.org.fields.personEmail} required values={values} errors={errors} />
          <Input name="name" label={t.org.fields.personName} values={values} errors={errors} />
          <Select
            name="role"
            label={s.role}
            required
            options={[
              { value: "staff", label: s.roles.staff },
              { value: "admin", label: s.roles.admin },
            ]}
            values={values}
            errors={errors}
          />
          <Submit label={s.addStaff} />
        </Form>
      </>,
    );
  };

  page(app, "GET", "staffUsers", async (c) => {
    requireStaff(c, "admin");
    return usersPage(c);
  });

  page(app, "POST", "staffUsers", async (c) => {
    const admin = requireStaff(c, "admin");
    const { deps } = c.var;
    const form = await parseForm(c, staffSchema);
    if (!form.ok) return usersPage(c, form.values, form.errors);
    await deps.db.transaction(async (tx) => {
      const [u] = await tx
        .insert(users)
        .values({ email: form.data.email, name: form.data.name, staffRole: form.data.role })
        .onConflictDoUpdate({ target: users.email, set: { staffRole: form.data.role } })
        .returning();
      await audit(tx, {
        actorId: admin.id,
        entity: "user",
        entityId: u!.id,
        subjectId: u!.id,
        action: "staff.set_role",
        changes: { role: { to: form.data.role } },
      });
    });
    return c.redirect(url(c.var.lang, "staffUsers", {}, { done: "added" }), 303);
  });
  void eq;
}
