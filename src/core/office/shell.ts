import type { RouteKey } from "../../routes.js";
import type { Ctx, SessionUser } from "../http/context.js";
import type { Lang, Messages } from "../i18n/index.js";
import { type AuditFields, type AuditRow, changeSentences } from "./audit.js";

/** One item of the office navigation. */
export type OfficeNavItem = {
  /** The page it links to (a key of `src/routes.ts`). */
  route: RouteKey;
  /** Its text, from the catalog. */
  label: (t: Messages) => string;
  /** Shown to administrators only (the route itself must still `requireStaff(c, "admin")`). */
  adminOnly?: boolean;
  /** Position in the navigation, ascending across all sections (the office home is 0). */
  order: number;
};

/** A line on the office home page: a count or a note, linking to where it is handled. */
export type OfficeSummaryLine = { text: string; href: string };

/** What a feature adds to the office; `createApp` passes every feature's section to `createOffice`. */
export type OfficeSection = {
  nav?: OfficeNavItem[];
  /** Labels for the `audit_log.action` values this feature writes, shown by `<AuditTable>`. */
  auditActions?: (t: Messages) => Record<string, string>;
  /**
   * How the changes of the records this feature audits read, per `audit_log.entity`: a label from
   * the catalog for each field, and how its values read ("being prepared" for `preparing`).
   * A field no section names is left out of the history: no raw keys.
   */
  auditFields?: (t: Messages, lang: Lang) => Record<string, AuditFields>;
  /** Lines for the office home page (for a staff member; the home page awaits them in order). */
  summary?: (c: Ctx) => Promise<OfficeSummaryLine[]>;
};

/** The office shell's registry: built once in `createApp`, read from the context (`c.var.office`). */
export type Office = {
  /** The navigation this user may see, in order (empty for anyone who is not office staff). */
  nav(user: SessionUser | null): OfficeNavItem[];
  /** The label of an audit action, or the action itself when no feature names it. */
  auditAction(t: Messages, action: string): string;
  /** An audit row's changes as sentences in the reader's language, only the fields that changed (see `changeSentences`). */
  auditChanges(t: Messages, lang: Lang, row: Pick<AuditRow, "entity" | "changes">): string[];
  /** Every section's home-page lines, in section order. */
  summary(c: Ctx): Promise<OfficeSummaryLine[]>;
};

/** The office home page, which the shell itself provides. */
const HOME: OfficeNavItem = { route: "staffHome", label: (t) => t.office.home, order: 0 };

export function createOffice(sections: OfficeSection[]): Office {
  const items = [HOME, ...sections.flatMap((s) => s.nav ?? [])].sort((a, b) => a.order - b.order);
  const routes = new Set<RouteKey>();
  for (const item of items) {
    if (routes.has(item.route)) throw new Error(`office navigation: "${item.route}" registered twice`);
    routes.add(item.route);
  }
  const labels = sections.flatMap((s) => (s.auditActions ? [s.auditActions] : []));
  const fieldSets = sections.flatMap((s) => (s.auditFields ? [s.auditFields] : []));
  const summaries = sections.flatMap((s) => (s.summary ? [s.summary] : []));
  return {
    nav: (user) => (user?.staffRole ? items.filter((i) => !i.adminOnly || user.staffRole === "admin") : []),
    auditAction(t, action) {
      for (const of of labels) {
        const label = of(t)[action];
        if (label) return label;
      }
      return action;
    },
    auditChanges(t, lang, row) {
      // The first section that names a field of this entity wins, as for actions.
      const fields: AuditFields = {};
      for (const of of fieldSets) for (const [name, field] of Object.entries(of(t, lang)[row.entity] ?? {})) fields[name] ??= field;
      return changeSentences(t, lang, fields, row.changes);
    },
    async summary(c) {
      const lines: OfficeSummaryLine[] = [];
      for (const s of summaries) lines.push(...(await s(c)));
      return lines;
    },
  };
}
