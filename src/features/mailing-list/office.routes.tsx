import { requireStaff } from "../../core/auth/authorise.js";
import { notFound } from "../../core/errors.js";
import { parseForm, parseQuery } from "../../core/forms.js";
import { idParam } from "../../core/http/params.js";
import { type App, page } from "../../core/http/router.js";
import type { OfficeSection } from "../../core/office/shell.js";
import { renderOffice } from "../../core/office/views.js";
import { url } from "../../routes.js";
import { bounceSchema, subscribersQuery } from "./forms.js";
import { SubscribersPage } from "./office.views.js";
import { listSubscribers, recordBounce, subscribedOrganisations, subscriptionById } from "./service.js";

/** The mailing list in the office: the subscribers page in the navigation. */
export const mailingOffice: OfficeSection = {
  nav: [{ route: "staffMailing", label: (t) => t.mailingList.office.nav, order: 70 }],
};

/** The office's subscribers page (filters, counts) and its manual bounce action. */
export function mailingOfficeRoutes(app: App) {
  page(app, "GET", "staffMailing", async (c) => {
    requireStaff(c);
    const { t, deps } = c.var;
    const q = parseQuery(c, subscribersQuery);
    const list = await listSubscribers(deps.db, q);
    const orgs = await subscribedOrganisations(deps.db);
    const notice = q.done === "recorded" ? t.mailingList.office.recorded : q.done === "suspended" ? t.mailingList.office.suspended : null;
    return renderOffice(c, { title: t.mailingList.office.title }, <SubscribersPage query={q} {...list} orgs={orgs} notice={notice} />);
  });

  page(app, "POST", "staffMailingBounce", async (c) => {
    requireStaff(c);
    const { deps, lang } = c.var;
    const sub = await subscriptionById(deps.db, idParam(c));
    if (!sub) throw notFound();
    const form = await parseForm(c, bounceSchema);
    // Only the buttons send this form: a refused value goes back to the list unchanged.
    if (!form.ok) return c.redirect(url(lang, "staffMailing"), 303);
    const result = await recordBounce(deps.db, { email: sub.email, kind: form.data.kind, source: "office" }, deps.clock.now());
    return c.redirect(url(lang, "staffMailing", {}, { done: result === "suspended" ? "suspended" : "recorded" }), 303);
  });
}
