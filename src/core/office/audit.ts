import { formatDate, type Lang, type Messages, pick } from "../i18n/index.js";

/** A person in an audit row: their current name and address, or "deleted" once the account is gone. */
export type AuditPerson = { name: string | null; email: string } | "deleted";

/** One row of an audit table; `actor` null is the system or an anonymous visitor, `subject` null is no one. */
export type AuditRow = {
  at: Date;
  action: string;
  entity: string;
  changes: Record<string, { from?: unknown; to?: unknown }>;
  actor: AuditPerson | null;
  subject: AuditPerson | null;
};

/** "Name (address)", the address alone, or the given "deleted account" text. */
export const auditPersonLabel = (p: AuditPerson, deletedAccount: string) =>
  p === "deleted" ? deletedAccount : p.name ? `${p.name} (${p.email})` : p.email;

/** How one field of an audited record reads: its label, and how a value reads (default: `auditValue`). */
export type AuditField = { label: string; value?: (v: unknown) => string };
export type AuditFields = Record<string, AuditField>;

const empty = (v: unknown) => v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0);
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * A stored value as a reader reads it, never as JSON: a date as a date, a number in the
 * language's way, yes or no, `{nl, en}` text in the reader's language, a list joined.
 */
export function auditValue(t: Messages, lang: Lang, v: unknown): string {
  if (empty(v)) return "–";
  if (typeof v === "boolean") return v ? t.common.yes : t.common.no;
  if (typeof v === "number") return new Intl.NumberFormat(t.common.locale).format(v);
  if (typeof v === "string") return /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDate(lang, v) : v;
  if (Array.isArray(v)) return v.map((x) => auditValue(t, lang, x)).join(", ");
  if (typeof v === "object" && v !== null && "nl" in v && "en" in v) return pick(v as { nl: string; en: string }, lang).text || "–";
  return Object.values(v as object)
    .map((x) => auditValue(t, lang, x))
    .join(", ");
}

/**
 * An audit row's changes as sentences in the reader's language: "Status changed from being
 * prepared to sent", "Quantity in English: 50", "Website removed (was https://…)". Only fields
 * that changed, and only fields `fields` names (no raw keys); a value set on a new record (no
 * `from`) or where there was none reads "Label: value"; a value as it was when the record went
 * (no `to`) reads the same. In the order of `fields`.
 */
export function changeSentences(t: Messages, lang: Lang, fields: AuditFields, changes: AuditRow["changes"]): string[] {
  const o = t.office;
  const out: string[] = [];
  // In the order the section lists its fields (stored changes come back in jsonb's own key order).
  for (const [name, field] of Object.entries(fields)) {
    const change = changes[name];
    if (!change || typeof change !== "object") continue;
    const show = (v: unknown) => (field.value ? field.value(v) : auditValue(t, lang, v));
    const { from, to } = change;
    if (!("to" in change)) {
      if (!empty(from)) out.push(o.changeSet(field.label, show(from)));
    } else if (!("from" in change) || empty(from)) {
      if (!empty(to)) out.push(o.changeSet(field.label, show(to)));
    } else if (same(from, to)) {
      // Not a change: left out.
    } else if (empty(to)) out.push(o.changeCleared(field.label, show(from)));
    else out.push(o.changeFromTo(field.label, show(from), show(to)));
  }
  return out;
}
