import { asc, inArray } from "drizzle-orm";
import type { PersonalDataProvider } from "../../core/privacy.js";
import type { Db } from "../../db/index.js";
import { officeConversations, officeEntries } from "./schema.js";
import { conversationsOf } from "./service.js";

/**
 * The messages a person sent the office (from their account or with their account's address):
 * "my data" lists them with the office's answers (internal notes are the office's own and are
 * left out), and deleting the account deletes the conversations.
 */
export const officeContactPrivacy: PersonalDataProvider = {
  name: "officeContact",
  async export(db: Db, who) {
    const convs = await db.select().from(officeConversations).where(conversationsOf(who)).orderBy(asc(officeConversations.createdAt));
    const ids = convs.map((c) => c.id);
    const entries = ids.length
      ? await db.select().from(officeEntries).where(inArray(officeEntries.conversationId, ids)).orderBy(asc(officeEntries.seq))
      : [];
    return {
      conversations: convs.map((c) => ({
        reference: c.reference,
        name: c.name,
        email: c.email,
        organisation: c.organisation,
        subject: c.subject,
        status: c.status,
        createdAt: c.createdAt,
        closedAt: c.closedAt,
        messages: entries
          .filter((e) => e.conversationId === c.id && e.kind !== "note")
          .map((e) => ({ from: e.kind === "incoming" ? "you" : "office", at: e.createdAt, text: e.body })),
      })),
    };
  },
  async erase(db, who) {
    await db.delete(officeConversations).where(conversationsOf(who));
  },
};
