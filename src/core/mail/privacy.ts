import { and, asc, eq, inArray, lt, ne, or, sql } from "drizzle-orm";
import type { Db } from "../../db/index.js";
import type { PersonalDataProvider } from "../privacy.js";
import { outbox } from "./schema.js";

/** Retention: mail that was sent, failed or held is deleted `keepMs` after it was written (pending mail stays). */
export async function purgeOutbox(db: Db, now: Date, keepMs: number) {
  const gone = await db
    .delete(outbox)
    .where(and(inArray(outbox.status, ["sent", "failed", "held"]), lt(outbox.createdAt, new Date(now.getTime() - keepMs))))
    .returning({ id: outbox.id });
  return gone.length;
}

/**
 * Mail to the person's address: listed in "my data" (not its text, which may hold links), deleted
 * with the account. Mail to others that mentions the person (an office notification, an invitation
 * they sent) keeps its envelope but loses its text, unless it is still waiting to be sent.
 */
export const mailPrivacy: PersonalDataProvider = {
  name: "mail",
  async export(db, who) {
    return db
      .select({
        subject: outbox.subject,
        template: outbox.template,
        status: outbox.status,
        createdAt: outbox.createdAt,
        sentAt: outbox.sentAt,
      })
      .from(outbox)
      .where(eq(outbox.to, who.email))
      .orderBy(asc(outbox.createdAt));
  },
  async erase(db, who) {
    await db.delete(outbox).where(eq(outbox.to, who.email));
    const mentions = [who.email, who.name?.trim()].filter((m): m is string => Boolean(m && m.length >= 3));
    await db
      .update(outbox)
      .set({ html: "", text: "" })
      .where(and(ne(outbox.status, "pending"), or(...mentions.map((m) => sql`strpos(${outbox.text}, ${m}) > 0`))));
  },
};
