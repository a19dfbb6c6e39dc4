import { today } from "../../core/auth/authorise.js";
import type { OfficeSection } from "../../core/office/shell.js";
import { url } from "../../routes.js";
import { staffCounts } from "./service.js";

/** The organisations' part of the office: its pages, its audit labels and its home-page counts. */
export const organisationsOffice: OfficeSection = {
  nav: [
    { route: "staffOrgs", label: (t) => t.org.staff.organisations, order: 10 },
    { route: "staffRequests", label: (t) => t.org.staff.requests, order: 20 },
    { route: "staffHandovers", label: (t) => t.org.staff.handovers, order: 30 },
  ],
  auditActions: (t) => t.org.staff.auditActions,
  async summary(c) {
    const { t, lang, deps } = c.var;
    const s = t.org.staff;
    const n = await staffCounts(deps.db, deps.env, today(c));
    return [
      { text: s.pendingRequests(n.pending), href: url(lang, "staffRequests") },
      { text: s.handoversUpcoming(n.upcoming), href: url(lang, "staffHandovers") },
      { text: s.handoversOverdue(n.overdue), href: url(lang, "staffOrgs", {}, { handover: "due" }) },
    ];
  },
};
