import { and, asc, eq, inArray, isNotNull, lt, ne, or, sql } from "drizzle-orm";
import type { PersonalDataProvider } from "../../core/privacy.js";
import type { Db } from "../../db/index.js";
import { organisationNames } from "../organisations/service.js";
import { trainingSessions } from "../trainings/schema.js";
import { trainingParticipants, trainingRegistrations, trainingRequests } from "./schema.js";

/** What an erased participant's name and address become: the registration still counts. */
export const ERASED = "";

/**
 * Retention: participants' names and addresses are erased `keepMs` after the last date of the
 * offering their registration was for (or, for a registration that never held a date, after it
 * last changed); decided training requests are deleted after the same period.
 */
export async function purgeTrainingPersonalData(db: Db, now: Date, keepMs: number) {
  const before = new Date(now.getTime() - keepMs);
  const old = db
    .select({ id: trainingRegistrations.id })
    .from(trainingRegistrations)
    .where(
      and(
        lt(trainingRegistrations.updatedAt, before),
        sql`coalesce((select max(s.ends_at) from ${trainingSessions} s where s.offering_id = ${trainingRegistrations.offeringId}), ${trainingRegistrations.updatedAt}) < ${before}`,
      ),
    );
  const erased = await db
    .update(trainingParticipants)
    .set({ name: ERASED, email: ERASED, role: ERASED })
    .where(and(inArray(trainingParticipants.registrationId, old), ne(trainingParticipants.email, ERASED)))
    .returning({ id: trainingParticipants.id });
  const gone = await db
    .delete(trainingRequests)
    .where(and(ne(trainingRequests.status, "pending"), isNotNull(trainingRequests.decidedAt), lt(trainingRequests.decidedAt, before)))
    .returning({ id: trainingRequests.id });
  return erased.length + gone.length;
}

/**
 * A person's trainings in "my data": where they are named as a participant (by address), the
 * registrations they made for their organisation, and the requests they sent. On deletion their
 * name and address leave every participant list; registrations and requests stay with the
 * organisation without naming them.
 */
export const trainingsPrivacy: PersonalDataProvider = {
  name: "trainings",
  async export(db, who) {
    const named = await db
      .select({
        registrationId: trainingParticipants.registrationId,
        name: trainingParticipants.name,
        email: trainingParticipants.email,
        role: trainingParticipants.role,
      })
      .from(trainingParticipants)
      .where(eq(trainingParticipants.email, who.email));
    const regs = await db
      .select({
        id: trainingRegistrations.id,
        offeringId: trainingRegistrations.offeringId,
        organisationId: trainingRegistrations.organisationId,
        status: trainingRegistrations.status,
        year: trainingRegistrations.year,
        registeredBy: trainingRegistrations.registeredBy,
        createdAt: trainingRegistrations.createdAt,
      })
      .from(trainingRegistrations)
      .where(
        or(
          eq(trainingRegistrations.registeredBy, who.id),
          named.length
            ? inArray(
                trainingRegistrations.id,
                named.map((n) => n.registrationId),
              )
            : sql`false`,
        ),
      )
      .orderBy(asc(trainingRegistrations.createdAt));
    const requests = await db
      .select({
        offeringId: trainingRequests.offeringId,
        organisationId: trainingRequests.organisationId,
        preferredDates: trainingRequests.preferredDates,
        groupSize: trainingRequests.groupSize,
        wishes: trainingRequests.wishes,
        status: trainingRequests.status,
        reason: trainingRequests.reason,
        createdAt: trainingRequests.createdAt,
      })
      .from(trainingRequests)
      .where(eq(trainingRequests.requestedBy, who.id))
      .orderBy(asc(trainingRequests.createdAt));
    const names = await organisationNames(db, [...regs.map((r) => r.organisationId), ...requests.map((r) => r.organisationId)]);
    return {
      registrations: regs.map(({ organisationId, registeredBy, ...r }) => ({
        ...r,
        organisation: names.get(organisationId) ?? null,
        registeredByYou: registeredBy === who.id,
        you: named.filter((n) => n.registrationId === r.id).map(({ registrationId: _, ...n }) => n),
      })),
      requests: requests.map(({ organisationId, ...r }) => ({ ...r, organisation: names.get(organisationId) ?? null })),
    };
  },
  async erase(db, who) {
    await db
      .update(trainingParticipants)
      .set({ name: ERASED, email: ERASED, role: ERASED })
      .where(eq(trainingParticipants.email, who.email));
    await db.update(trainingRegistrations).set({ registeredBy: null }).where(eq(trainingRegistrations.registeredBy, who.id));
    await db.update(trainingRegistrations).set({ changedBy: null }).where(eq(trainingRegistrations.changedBy, who.id));
    await db.update(trainingRequests).set({ requestedBy: null }).where(eq(trainingRequests.requestedBy, who.id));
    await db.update(trainingRequests).set({ decidedBy: null }).where(eq(trainingRequests.decidedBy, who.id));
  },
};
