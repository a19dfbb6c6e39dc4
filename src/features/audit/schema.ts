import { sql } from "drizzle-orm";
import { boolean, check, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "../auth/schema.js";
import { organisations } from "../organisations/schema.js";

/**
 * Who changed what. People are referenced by account id, never by email address: an entry shows
 * the person's current name and address, and "deleted account" once the account is gone
 * (`*_deleted`, set when the account is deleted, tells that apart from "no one").
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    /** Who made the change; null for the system or an anonymous visitor (unless `actorDeleted`). */
    actorId: uuid("actor_id").references(() => users.id, { onDelete: "set null" }),
    actorDeleted: boolean("actor_deleted").notNull().default(false),
    /** The person the change is about (a board member added or removed, a requester, a role change). */
    subjectId: uuid("subject_id").references(() => users.id, { onDelete: "set null" }),
    subjectDeleted: boolean("subject_deleted").notNull().default(false),
    organisationId: uuid("organisation_id").references(() => organisations.id, { onDelete: "set null" }),
    entity: text("entity").notNull(),
    entityId: text("entity_id").notNull(),
    action: text("action").notNull(),
    changes: jsonb("changes").$type<Record<string, { from?: unknown; to?: unknown }>>().notNull().default({}),
  },
  (t) => [
    index("audit_org_idx").on(t.organisationId, t.at),
    index("audit_entity_idx").on(t.entity, t.entityId),
    index("audit_at_idx").on(t.at),
    index("audit_actor_idx").on(t.actorId),
    index("audit_subject_idx").on(t.subjectId),
    check("audit_actor_deleted_chk", sql`not (${t.actorDeleted} and ${t.actorId} is not null)`),
    check("audit_subject_deleted_chk", sql`not (${t.subjectDeleted} and ${t.subjectId} is not null)`),
  ],
);
