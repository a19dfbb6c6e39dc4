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
