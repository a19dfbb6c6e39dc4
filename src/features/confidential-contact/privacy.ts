import { eq } from "drizzle-orm";
import type { PersonalDataProvider } from "../../core/privacy.js";
import { confidentialAdvisers } from "./schema.js";

/**
 * A person's part of the confidential contact: whether they are one of the office's confidential
 * advisers. Conversations belong to no account (students write without one, and what listeners
 * wrote belongs to the conversation, deleted on its own schedule), so they are neither exported
 * nor erased with an account; a listener's answers lose their author when the key figure goes.
 */
export const contactPrivacy: PersonalDataProvider = {
  name: "confidentialContact",
  async export(db, who) {
    const [row] = await db.select().from(confidentialAdvisers).where(eq(confidentialAdvisers.userId, who.id));
    return { confidentialAdviserSince: row?.addedAt ?? null };
  },
  async erase(db, who) {
    await db.delete(confidentialAdvisers).where(eq(confidentialAdvisers.userId, who.id));
    await db.update(confidentialAdvisers).set({ addedBy: null }).where(eq(confidentialAdvisers.addedBy, who.id));
  },
};
