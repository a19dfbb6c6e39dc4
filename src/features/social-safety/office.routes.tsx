import { requireStaff, today } from "../../core/auth/authorise.js";
import { csvResponse } from "../../core/csv.js";
import { parseQuery } from "../../core/forms.js";
import { type App, page } from "../../core/http/router.js";
import type { OfficeSection } from "../../core/office/shell.js";
import { renderOffice } from "../../core/office/views.js";
import { pageCount } from "../../core/views/pagination.js";
import { url } from "../../routes.js";
import { officeQuery } from "./forms.js";
import { SafetyOffice, safetyCsvRows } from "./office.views.js";
import { officeTable, policyIsOld, SAFETY_FILTERS, trend } from "./service.js";

const PER_PAGE = 25;
const query = officeQuery(SAFETY_FILTERS);

/** The social-safety part of the office: its page in the navigation, and how its reports read in the history. */
export const safetyOffice: OfficeSection = {
  nav: [{ route: "staffSafety", label: (t) => t.safety.office.title, order: 38 }],
  auditActions: (t) => t.safety.audit,
  auditFields: (t) => {
    const f = t.safety.fields;
    const yesNo = (v: unknown) => (v ? t.safety.yes : t.safety.no).toLowerCase();
    return {
      social_safety_report: {
        codeAdopted: { label: f.codeAdopted, value: yesNo },
        codeAdoptedOn: { label: f.codeAdoptedOn },
        codeUrl: { label: f.codeUrl },
        policy: { label: f.policy, value: (v: unknown) => t.safety.policies[v as "none"]?.toLowerCase() ?? String(v) },
        policyUpdatedOn: { label: f.policyUpdatedOn },
      },
    };
  },
  /** How many active organisations have no listener trained this academic year, linking to them in the table. */
  async summary(c) {
    const { t, lang, deps } = c.var;
    const q = { filter: "noTrainedListener" as const, page: 1, perPage: 1, day: today(c), now: deps.clock.now() };
    const { total } = await officeTable(deps.db, deps.env, q);
    return [{ text: t.safety.office.withoutTrainedListener(total), href: url(lang, "staffSafety", {}, { filter: q.filter }) }];
  },
};

/** The office's table of every organisation's social-safety status (filters, pages, CSV) and the chart over the years. */
export function safetyOfficeRoutes(app: App) {
  page(app, "GET", "staffSafety", async (c) => {
    requireStaff(c);
    const { t, deps } = c.var;
    const q = parseQuery(c, query);
    const day = today(c);
    const { total, rows, everyone } = await officeTable(deps.db, deps.env, { ...q, perPage: PER_PAGE, day, now: deps.clock.now() });
    // The chart counts every active organisation, whatever the filter.
    const years = await trend(deps.db, deps.env, day, everyone);
    const oldPolicies = new Set(rows.filter((s) => policyIsOld(s, day)).map((s) => s.orgId));
    return renderOffice(
      c,
      { title: t.safety.office.title },
      <SafetyOffice query={q} total={total} pages={pageCount(total, PER_PAGE)} rows={rows} oldPolicies={oldPolicies} years={years} />,
    );
  });

  page(app, "GET", "staffSafetyCsv", async (c) => {
    requireStaff(c);
    const { t, lang, deps } = c.var;
    const q = parseQuery(c, query);
    const day = today(c);
    const { matching } = await officeTable(deps.db, deps.env, { filter: q.filter, page: 1, perPage: 1, day, now: deps.clock.now() });
    return csvResponse(
      c,
      `${lang === "nl" ? "sociale-veiligheid" : "social-safety"}-${day}`,
      safetyCsvRows(t, matching, deps.env.TIME_ZONE),
    );
  });
}
