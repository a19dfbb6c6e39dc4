import { AppError } from "../../core/errors.js";
import { localDate, type Messages } from "../../core/i18n/index.js";
import type { DataSubject, PersonalDataProvider } from "../../core/privacy.js";
import type { Db } from "../../db/index.js";
import { deleteUser } from "../auth/service.js";

/**
 * "The data the portal holds about me": one JSON document with a part per provider (see
 * src/privacy.ts), in the providers' order.
 */
export async function exportPersonalData(db: Db, providers: PersonalDataProvider[], who: DataSubject, now: Date) {
  const parts: Record<string, unknown> = {};
  for (const p of providers) parts[p.name] = await p.export(db, who);
  return { exportedAt: now.toISOString(), ...parts };
}

/** Why the account cannot be deleted now (localized sentences); empty when it can. */
export async function deletionBlockers(db: Db, providers: PersonalDataProvider[], who: DataSubject, today: string) {
  const found: ((t: Messages) => string)[] = [];
  for (const p of providers) if (p.blockers) found.push(...(await p.blockers(db, who, today)));
  return found;
}

/** The refusal of an account deletion (a 409): the reasons, each a localized sentence, for the page to list. */
export class DeletionBlocked extends AppError {
  constructor(readonly blockers: ((t: Messages) => string)[]) {
    super(409, "deletion_blocked");
  }
}

/**
 * Deletes an account: in one transaction, checks that nothing blocks it (else throws
 * `DeletionBlocked`), lets every provider erase or anonymise its data, then deletes the account
 * row (its sessions go with it).
 */
export function deleteAccount(
  db: Db,
  providers: PersonalDataProvider[],
  who: DataSubject,
  opts: { now: Date; timeZone: string },
): Promise<void> {
  return db.transaction(async (tx) => {
    const blockers = await deletionBlockers(tx, providers, who, localDate(opts.now, opts.timeZone));
    if (blockers.length) throw new DeletionBlocked(blockers);
    for (const p of providers) await p.erase(tx, who, opts.now);
    await deleteUser(tx, who.id);
  });
}
