import { asc, eq } from "drizzle-orm";
import type { PersonalDataProvider } from "../../core/privacy.js";
import type { Db } from "../../db/index.js";
import { organisationNames } from "../organisations/service.js";
import { safetyReports } from "./schema.js";

/**
 * The reports a board member made about their organisation's social safety name them (who said
 * so). The reports are the organisation's and stay; "my data" lists mine, and deleting my account
 * takes my name off them (they then read "a deleted account").
 */
export const socialSafetyPrivacy: PersonalDataProvider = {
  name: "socialSafety",
  async export(db: Db, who) {
    const rows = await db.select().from(safetyReports).where(eq(safetyReports.reportedBy, who.id)).orderBy(asc(safetyReports.reportedAt));
    const names = await organisationNames(
      db,
      rows.map((r) => r.organisationId),
    );
    return {
      reports: rows.map((r) => ({
        organisation: names.get(r.organisationId) ?? null,
        reportedAt: r.reportedAt,
        codeAdopted: r.codeAdopted,
        codeAdoptedOn: r.codeAdoptedOn,
        codeUrl: r.codeUrl,
        policy: r.policy,
        policyUpdatedOn: r.policyUpdatedOn,
      })),
    };
  },
  async erase(db, who) {
    await db.update(safetyReports).set({ reportedBy: null }).where(eq(safetyReports.reportedBy, who.id));
  },
};
