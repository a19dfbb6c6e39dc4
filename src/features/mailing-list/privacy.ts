import { eq } from "drizzle-orm";
import type { PersonalDataProvider } from "../../core/privacy.js";
import type { Db } from "../../db/index.js";
import { mailingSubscriptions } from "./schema.js";
import { eraseSubscriptions, exportSubscription } from "./service.js";

/**
 * The mailing-list subscription of the account's address: "my data" holds it (with its bounces),
 * and deleting the account erases it. (Without an account, the preferences page does both.)
 */
export const mailingPrivacy: PersonalDataProvider = {
  name: "mailingList",
  async export(db: Db, who) {
    const [row] = await db
      .select({ id: mailingSubscriptions.id })
      .from(mailingSubscriptions)
      .where(eq(mailingSubscriptions.email, who.email.toLowerCase()));
    return { subscription: row ? await exportSubscription(db, row.id) : null };
  },
  async erase(db, who) {
    await eraseSubscriptions(db, eq(mailingSubscriptions.email, who.email.toLowerCase()));
  },
};
