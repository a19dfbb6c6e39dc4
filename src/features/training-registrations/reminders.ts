import { and, eq, isNull, lt, or } from "drizzle-orm";
import { DAY } from "../../core/clock.js";
import type { MailDeps } from "../../core/mail/send.js";
import type { Db } from "../../db/index.js";
import { getOffering, sessionsStarting } from "../trainings/service.js";
import { notifyRegistration } from "./mails.js";
import { trainingRegistrations } from "./schema.js";

/** How long before a session its confirmed registrations are reminded. */
export const REMINDER_BEFORE_MS = 2 * DAY;

/**
 * Reminds every confirmed registration of a session that starts within two days, once per
 * session: a registration reminded before an earlier session of a package is reminded again.
 * The hourly job runs it; a run that is late or repeated sends nothing twice. Returns how many
 * registrations it reminded.
 */
export async function sendReminders(db: Db, deps: MailDeps, now: Date) {
  const soon = await sessionsStarting(db, now, new Date(now.getTime() + REMINDER_BEFORE_MS));
  let sent = 0;
  for (const s of soon) {
    const o = await getOffering(db, s.offeringId);
    if (o?.status !== "published") continue;
    const windowStart = new Date(s.startsAt.getTime() - REMINDER_BEFORE_MS);
    sent += await db.transaction(async (tx) => {
      const due = await tx
        .update(trainingRegistrations)
        .set({ remindedAt: now })
        .where(
          and(
            eq(trainingRegistrations.offeringId, o.id),
            eq(trainingRegistrations.status, "confirmed"),
            o.format === "package" ? isNull(trainingRegistrations.sessionId) : eq(trainingRegistrations.sessionId, s.id),
            or(isNull(trainingRegistrations.remindedAt), lt(trainingRegistrations.remindedAt, windowStart)),
          ),
        )
        .returning({ id: trainingRegistrations.id });
      for (const r of due) await notifyRegistration(tx, deps, r.id, "reminder");
      return due.length;
    });
  }
  return sent;
}
