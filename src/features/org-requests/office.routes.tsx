import { requireStaff, today } from "../../core/auth/authorise.js";
import { FieldError, notFound } from "../../core/errors.js";
import { type FieldErrors, type FormValues, fieldErrorOf, parseForm, parseQuery } from "../../core/forms.js";
import type { Ctx } from "../../core/http/context.js";
import { idParam } from "../../core/http/params.js";
import { type App, page } from "../../core/http/router.js";
import type { OfficeSection } from "../../core/office/shell.js";
import { renderOffice } from "../../core/office/views.js";
import { pageCount } from "../../core/views/pagination.js";
import { url } from "../../routes.js";
import { decideSchema, requestListQuery } from "./forms.js";
import { Requests } from "./office.views.js";
import { decideRequest, listRequests, pendingRequest, requestCounts } from "./service.js";

const REQUESTS_PER_PAGE = 25;

/** The requests' part of the office: the queue, its audit labels and the home page's count of waiting requests. */
export const orgRequestsOffice: OfficeSection = {
  nav: [{ route: "staffRequests", label: (t) => t.requests.staff.requests, order: 20 }],
  auditActions: (t) => t.requests.staff.auditActions,
  auditFields: (t) => ({ org_request: { reason: { label: t.org.fields.reason } } }),
  async summary(c) {
    const { t, lang, deps } = c.var;
    const { pending } = await requestCounts(deps.db);
    return [{ text: t.requests.staff.pendingRequests(pending), href: url(lang, "staffRequests") }];
  },
};

/** The office's request queue: open and decided requests, and the decision on one. */
export function orgRequestOfficeRoutes(app: App) {
  const requestsPage = async (c: Ctx, failed?: { id: string; values: FormValues; errors: FieldErrors }) => {
    const { t, deps } = c.var;
    const s = t.requests.staff;
    const q = parseQuery(c, requestListQuery);
    const view = failed ? "pending" : q.view;
    const [list, counts] = await Promise.all([
      listRequests(deps.db, { view, page: q.page, perPage: REQUESTS_PER_PAGE }),
      requestCounts(deps.db),
    ]);
    const done = c.req.query("done");
    const notice = done === "approved" ? s.approved : done === "declined" ? s.declined : null;
    return renderOffice(
      c,
      { title: s.requestsTitle, status: failed ? 422 : 200 },
      <Requests
        view={view}
        rows={list.rows}
        counts={counts}
        page={q.page}
        pages={pageCount(list.total, REQUESTS_PER_PAGE)}
        notice={notice}
        failed={failed}
      />,
    );
  };

  page(app, "GET", "staffRequests", async (c) => {
    requireStaff(c);
    return requestsPage(c);
  });

  page(app, "POST", "staffRequest", async (c) => {
    const user = requireStaff(c);
    const { deps, lang } = c.var;
    const id = idParam(c);
    // An unknown or already decided request is a 404 before the form is read.
    if (!(await pendingRequest(deps.db, id))) throw notFound();
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
      if (!res) throw notFound();
    } catch (err) {
      if (err instanceof FieldError) return requestsPage(c, { id, values: form.values, errors: fieldErrorOf(c, err)! });
      throw err;
    }
    return c.redirect(url(lang, "staffRequests", {}, { done: form.data.decision === "approve" ? "approved" : "declined" }), 303);
  });
}
