import { and, eq, inArray, lt, or } from "drizzle-orm";
import { DAY } from "../../core/clock.js";
import type { PersonalDataProvider } from "../../core/privacy.js";
import type { Db } from "../../db/index.js";
import { subsidyApplications, subsidyBudgetLines, subsidyEvents } from "./schema.js";

/** A draft nobody touched for this long is deleted. */
export const DRAFT_RETENTION_MS = 365 * DAY;

/**
 * Retention: applications that ended (declined, withdrawn or closed) are deleted `keepMs` after
 * their last change, with their budget, timeline, comments, scores and files (cascades); drafts
 * untouched for a year are deleted too. Returns how many applications went.
 */
export async function purgeSubsidyApplications(db: Db, now: Date, keepMs: number) {
  const gone = await db
    .delete(subsidyApplications)
    .where(
      or(
        and(
          inArray(subsidyApplications.status, ["declined", "withdrawn", "closed"]),
          lt(subsidyApplications.updatedAt, new Date(now.getTime() - keepMs)),
        ),
        and(eq(subsidyApplications.status, "draft"), lt(subsidyApplications.updatedAt, new Date(now.getTime() - DRAFT_RETENTION_MS))),
      ),
    )
    .returning({ id: subsidyApplications.id });
  return gone.length;
}

/**
 * A person's subsidy applications in "my data": those they started and those naming them as the
 * contact (by address), with the budget and the timeline's steps they took. On deletion the
 * contact fields naming them are blanked; the applications stay with the organisation (who started
 * one, and the steps they took, become nobody through the foreign keys).
 */
export const subsidiesPrivacy: PersonalDataProvider = {
  name: "subsidies",
  async export(db, who) {
    const apps = await db
      .select()
      .from(subsidyApplications)
      .where(or(eq(subsidyApplications.createdBy, who.id), eq(subsidyApplications.contactEmail, who.email)));
    const ids = apps.map((a) => a.id);
    const lines = ids.length ? await db.select().from(subsidyBudgetLines).where(inArray(subsidyBudgetLines.applicationId, ids)) : [];
    const steps = await db
      .select({ applicationId: subsidyEvents.applicationId, status: subsidyEvents.status, note: subsidyEvents.note, at: subsidyEvents.at })
      .from(subsidyEvents)
      .where(eq(subsidyEvents.actor, who.id));
    return {
      applications: apps.map((a) => ({
        id: a.id,
        reference: a.reference,
        organisationId: a.organisationId,
        status: a.status,
        startedByYou: a.createdBy === who.id,
        youAreTheContact: a.contactEmail === who.email,
        title: a.title,
        description: a.description,
        aim: a.aim,
        startsOn: a.startsOn,
        endsOn: a.endsOn,
        requestedCents: a.requestedCents,
        contactName: a.contactName,
        contactEmail: a.contactEmail,
        contactPhone: a.contactPhone,
        submittedAt: a.submittedAt,
        budget: lines.filter((l) => l.applicationId === a.id).map((l) => ({ kind: l.kind, item: l.item, amountCents: l.amountCents })),
      })),
      yourSteps: steps,
    };
  },
  async erase(db, who) {
    await db
      .update(subsidyApplications)
      .set({ contactName: "", contactEmail: "", contactPhone: "" })
      .where(eq(subsidyApplications.contactEmail, who.email));
  },
};
