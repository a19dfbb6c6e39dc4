import { and, asc, eq, inArray, isNull, lt, or } from "drizzle-orm";
import type { DataSubject, PersonalDataProvider } from "../../core/privacy.js";
import type { Db } from "../../db/index.js";
import { type OrderStatus, printOrders } from "./schema.js";

/** What removing an order's personal data writes: the contact, the address and the note go. */
const REMOVED = { contactName: "", email: "", street: "", postcode: "", city: "", note: null, createdBy: null } as const;
const FINISHED: OrderStatus[] = ["sent", "cancelled"];

/**
 * Retention: the contact details, address and note of orders sent or cancelled more than
 * `keepMs` ago are removed; the reference, quantities, organisation name and country stay for
 * the office's records. Returns how many orders changed.
 */
export async function removeFinishedOrdersPersonalData(db: Db, now: Date, keepMs: number) {
  const done = await db
    .update(printOrders)
    .set({ ...REMOVED, personalDataRemovedAt: now })
    .where(
      and(
        inArray(printOrders.status, FINISHED),
        isNull(printOrders.personalDataRemovedAt),
        lt(printOrders.updatedAt, new Date(now.getTime() - keepMs)),
      ),
    )
    .returning({ id: printOrders.id });
  return done.length;
}

const ordersOf = (who: DataSubject) => or(eq(printOrders.createdBy, who.id), eq(printOrders.email, who.email));

/**
 * Print orders in "my data": the orders a person placed signed in, or placed for their address.
 * Deleting the account removes the personal data of finished orders and deletes unconfirmed
 * ones; open orders are still delivered and lose their personal data by the retention rule.
 */
export const printOrdersPrivacy: PersonalDataProvider = {
  name: "printOrders",
  async export(db, who) {
    const rows = await db.select().from(printOrders).where(ordersOf(who)).orderBy(asc(printOrders.createdAt));
    return rows.map(({ confirmTokenHash: _, createdBy: __, ...o }) => o);
  },
  async erase(db, who, now) {
    await db.delete(printOrders).where(and(ordersOf(who), eq(printOrders.status, "unconfirmed")));
    await db
      .update(printOrders)
      .set({ ...REMOVED, personalDataRemovedAt: now })
      .where(and(ordersOf(who), inArray(printOrders.status, FINISHED), isNull(printOrders.personalDataRemovedAt)));
  },
};
