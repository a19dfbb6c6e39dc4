import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { oneOf } from "../../db/constraints.js";
import { users } from "../auth/schema.js";
import { organisations } from "../organisations/schema.js";

const LANGS = ["nl", "en"] as const;

export const ORDER_STATUSES = ["unconfirmed", "new", "preparing", "sent", "cancelled"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** An order for printed roadmaps. */
export const printOrders = pgTable(
  "roadmap_print_orders",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Short human reference shown to the orderer and the post room (e.g. "WW-7K3F9"). */
    reference: text("reference").notNull(),
    organisationId: uuid("organisation_id").references(() => organisations.id, { onDelete: "set null" }),
    organisationName: text("organisation_name").notNull(),
    contactName: text("contact_name").notNull(),
    email: text("email").notNull(),
    lang: text("lang", { enum: LANGS }).notNull(),
    quantityNl: integer("quantity_nl").notNull().default(0),
    quantityEn: integer("quantity_en").notNull().default(0),
    street: text("street").notNull(),
    postcode: text("postcode").notNull(),
    city: text("city").notNull(),
    country: text("country").notNull().default("NL"),
    note: text("note"),
    status: text("status", { enum: ORDER_STATUSES }).notNull(),
    cancelReason: text("cancel_reason"),
    /** SHA-256 of the confirmation token mailed to orderers who are not signed in. */
    confirmTokenHash: text("confirm_token_hash"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /** When the contact details and address were removed (retention, or the orderer deleted their account). */
    personalDataRemovedAt: timestamp("personal_data_removed_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("roadmap_orders_reference_idx").on(t.reference),
    index("roadmap_orders_status_idx").on(t.status, t.createdAt),
    oneOf("roadmap_orders_lang_check", t.lang, LANGS),
    oneOf("roadmap_orders_status_check", t.status, ORDER_STATUSES),
  ],
);
