import { and, asc, count, eq, inArray } from "drizzle-orm";
import type { PersonalDataProvider } from "../../core/privacy.js";
import { keyFigureRolesOfUser } from "../key-figures/service.js";
import { confidentialAdvisers, contactConversations, contactMessages } from "./schema.js";

/**
 * A person's part of the confidential contact, as an account holder: whether they are one of the
 * office's confidential advisers, and per organisation where they are a key figure, what the
 * contact holds about them as listener (for every role, ended ones too, as long as the key figure is
 * kept): how many conversations students addressed to them, and
 * how many messages they wrote and when; never a message's text, the student's name or address,
 * nor which conversation (those belong to the students, who have no account and are deleted on
 * the conversation's own schedule). An adviser's answers are kept without their account, so there
 * is nothing of them to list. Erasing an account keeps the conversations (the students'): a
 * listener's answers and the conversations addressed to them lose the link to every role of theirs.
 */
export const contactPrivacy: PersonalDataProvider = {
  name: "confidentialContact",
  async export(db, who) {
    const [row] = await db.select().from(confidentialAdvisers).where(eq(confidentialAdvisers.userId, who.id));
    // Every role, ended ones too: a removed listener's messages keep their author until the key figure is purged.
    const seats = await keyFigureRolesOfUser(db, who.id);
    const ids = seats.map((s) => s.id);
    const written = ids.length
      ? await db
          .select({ keyFigureId: contactMessages.authorKeyFigureId, at: contactMessages.createdAt })
          .from(contactMessages)
          .where(and(inArray(contactMessages.authorKeyFigureId, ids), eq(contactMessages.author, "listener")))
          .orderBy(asc(contactMessages.createdAt))
      : [];
    const addressed = ids.length
      ? await db
          .select({ keyFigureId: contactConversations.listenerKeyFigureId, n: count() })
          .from(contactConversations)
          .where(inArray(contactConversations.listenerKeyFigureId, ids))
          .groupBy(contactConversations.listenerKeyFigureId)
      : [];
    const asListener = seats
      .map((s) => {
        const dates = written.filter((m) => m.keyFigureId === s.id).map((m) => m.at);
        return {
          organisation: s.orgName,
          roleStatus: s.status,
          conversationsAddressedToMe: addressed.find((a) => a.keyFigureId === s.id)?.n ?? 0,
          messagesWritten: dates.length,
          messageDates: dates,
        };
      })
      .filter((x) => x.conversationsAddressedToMe > 0 || x.messagesWritten > 0);
    return { confidentialAdviserSince: row?.addedAt ?? null, asListener };
  },
  async erase(db, who) {
    // The key figures' erasure deletes every role of theirs (the foreign keys unlink these too);
    // unlinking here as well keeps that true whatever order the providers run in.
    const ids = (await keyFigureRolesOfUser(db, who.id)).map((s) => s.id);
    if (ids.length) {
      await db.update(contactMessages).set({ authorKeyFigureId: null }).where(inArray(contactMessages.authorKeyFigureId, ids));
      await db
        .update(contactConversations)
        .set({ listenerKeyFigureId: null })
        .where(inArray(contactConversations.listenerKeyFigureId, ids));
    }
    await db.delete(confidentialAdvisers).where(eq(confidentialAdvisers.userId, who.id));
    await db.update(confidentialAdvisers).set({ addedBy: null }).where(eq(confidentialAdvisers.addedBy, who.id));
  },
};
