/**
 * The roadmap's part of the office that its own section (`roadmapOffice`, in
 * src/features/roadmap/office.routes.tsx) does not give yet: the office home's count of places due
 * for review, and how the roadmap's records read in a change history. Kept at the app level while
 * that folder is being reworked; it belongs in `roadmapOffice`, and moves there afterwards.
 */
import { today } from "./core/auth/authorise.js";
import { formatDate } from "./core/i18n/index.js";
import type { OfficeSection } from "./core/office/shell.js";
import { resourcesToCheck } from "./features/roadmap/service.js";
import { url } from "./routes.js";

const nl = {
  placesToCheck: (n: number) => `${n} plek${n === 1 ? "" : "ken"} in de wegwijzer te controleren`,
  lastChecked: "Laatst gecontroleerd",
};
const en: typeof nl = {
  placesToCheck: (n: number) => `${n} place${n === 1 ? "" : "s"} in the roadmap to check`,
  lastChecked: "Last checked",
};
/** Its part of the catalogs (`t.roadmapOffice`), joined in src/catalogs.ts. */
export const roadmapOfficeMessages = { nl, en };

export const roadmapOfficeExtras: OfficeSection = {
  auditFields: (t, lang) => ({
    roadmap_resource: {
      slug: { label: t.roadmap.staff.fields.slug },
      lastReviewedOn: { label: t.roadmapOffice.lastChecked, value: (v) => formatDate(lang, String(v)) },
    },
    roadmap_topic: { slug: { label: t.roadmap.staff.fields.slug } },
  }),
  /** Places never checked, or not for ROADMAP_REVIEW_MONTHS: the roadmap page's "To check" list. */
  async summary(c) {
    const { t, lang, deps } = c.var;
    const due = await resourcesToCheck(deps.db, today(c), deps.env.ROADMAP_REVIEW_MONTHS);
    return [{ text: t.roadmapOffice.placesToCheck(due.length), href: `${url(lang, "staffRoadmap")}#to-check` }];
  },
};
