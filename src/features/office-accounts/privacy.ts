import { asc, eq } from "drizzle-orm";
import type { PersonalDataProvider } from "../../core/privacy.js";
import { users } from "../auth/schema.js";

/**
 * An office role is part of the account (exported with it by the auth feature). What this
 * feature adds is the guard: the last administrator cannot delete their account, just as they
 * cannot be removed or demoted, or nobody could manage the office any more.
 */
export const officeAccountsPrivacy: PersonalDataProvider = {
  name: "officeAccounts",
  async export() {
    return undefined;
  },
  async erase() {},
  async blockers(db, who) {
    // Lock every administrator's row (in id order, as role changes do), so two administrators
    // deleting their accounts at once cannot both see the other one still there.
    const admins = await db.select({ id: users.id }).from(users).where(eq(users.staffRole, "admin")).orderBy(asc(users.id)).for("update");
    const me = admins.some((a) => a.id === who.id);
    return me && admins.length === 1 ? [(t) => t.account.deleteBlockedLastAdmin] : [];
  },
};
