import type { Db } from "../db/index.js";
import { safetySnapshots } from "../features/social-safety/schema.js";
import { saveReport } from "../features/social-safety/service.js";

const DAY_MS = 86_400_000;
const dayBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS).toISOString().slice(0, 10);

/**
 * The demo's social-safety status: Kompas's board reported its code of conduct and a draft policy
 * (through the service, so it is audited); the second organisation's policy is older than two
 * years; and three earlier academic years of snapshots, so the office's chart shows the community
 * growing (made up: each year one more organisation has each item; this year, live, boards and
 * listeners are still to be trained).
 */
export async function seedSocialSafety(
  db: Db,
  a: { now: Date; year: number; orgIds: string[]; reports: { orgId: string; userId: string }[] },
) {
  const [kompas, second] = a.reports;
  if (kompas)
    await saveReport(db, {
      orgId: kompas.orgId,
      actorId: kompas.userId,
      input: {
        codeAdopted: true,
        codeAdoptedOn: `${a.year - 1}-10-01`,
        codeUrl: "https://kompas.example.org/gedragscode",
        policy: "draft",
        policyUpdatedOn: dayBefore(a.now, 30),
      },
      now: new Date(a.now.getTime() - 20 * DAY_MS),
    });
  if (second)
    await saveReport(db, {
      orgId: second.orgId,
      actorId: second.userId,
      input: { codeAdopted: false, codeAdoptedOn: null, codeUrl: null, policy: "adopted", policyUpdatedOn: `${a.year - 3}-03-01` },
      now: new Date(a.now.getTime() - 60 * DAY_MS),
    });
  const rows = [];
  for (let back = 3; back >= 1; back--) {
    const y = a.year - back;
    const step = 3 - back; // 0, 1, 2: how far along the community was
    for (const [i, orgId] of a.orgIds.entries()) {
      rows.push({
        organisationId: orgId,
        year: y,
        codeAdopted: i < step,
        policyAdopted: i < step - 1,
        listenerTrained: i < step - 1,
        boardTrained: i < step + 1,
        programme: i < step - 1 ? ("completed" as const) : ("not_started" as const),
        workshop: i < step,
        takenAt: new Date(`${y + 1}-08-31T12:00:00Z`),
      });
    }
  }
  if (rows.length) await db.insert(safetySnapshots).values(rows);
}
