import { and, eq, lte } from "drizzle-orm";
import type { Db } from "../../db/index.js";
import { listenerNotices } from "./schema.js";

/**
 * A listener is mailed "you have new messages in Vangnet" at most once per period, however many
 * conversations come in: these functions keep, per listener, when that was and whether more came
 * since. The confidential contact sends the mails.
 */

/** `guard: false` leaves out the conditional upsert (read, then write): the concurrency test's negative control. */
export type NoticeOpts = { guard?: boolean };

/**
 * Of the organisation's listeners `keyFigureIds`, those that may be mailed now (not mailed in the
 * last `everyMs`), recorded as mailed at `now`; the others are marked pending, to be mailed when
 * their period is over (`takeDueNotices`). Each claim is one statement, an upsert that changes the
 * row only when its last notice is old enough: when many students write at once, the transactions
 * take turns on the listener's row, and only the first one gets it back.
 */
export async function claimNotices(db: Db, orgId: string, keyFigureIds: string[], now: Date, everyMs: number, opts: NoticeOpts = {}) {
  const since = new Date(now.getTime() - everyMs);
  const claimed: string[] = [];
  // In one order, so two transactions claiming the same listeners never wait on each other in a circle.
  for (const id of [...new Set(keyFigureIds)].sort()) {
    const values = { keyFigureId: id, organisationId: orgId, notifiedAt: now, pending: false };
    if (opts.guard === false) {
      const [last] = await db.select().from(listenerNotices).where(eq(listenerNotices.keyFigureId, id));
      if (last && last.notifiedAt > since) continue;
      await db.insert(listenerNotices).values(values).onConflictDoUpdate({ target: listenerNotices.keyFigureId, set: values });
      claimed.push(id);
      continue;
    }
    const got = await db
      .insert(listenerNotices)
      .values(values)
      .onConflictDoUpdate({ target: listenerNotices.keyFigureId, set: values, setWhere: lte(listenerNotices.notifiedAt, since) })
      .returning({ id: listenerNotices.keyFigureId });
    if (got.length) claimed.push(id);
    else await db.update(listenerNotices).set({ pending: true }).where(eq(listenerNotices.keyFigureId, id));
  }
  return claimed;
}

/** The listeners with a held-back notice whose period is over, recorded as mailed at `now` (each taken once). */
export async function takeDueNotices(db: Db, now: Date, everyMs: number) {
  return db
    .update(listenerNotices)
    .set({ notifiedAt: now, pending: false })
    .where(and(eq(listenerNotices.pending, true), lte(listenerNotices.notifiedAt, new Date(now.getTime() - everyMs))))
    .returning({ keyFigureId: listenerNotices.keyFigureId, orgId: listenerNotices.organisationId });
}

/** The listener answered (so has seen the inbox): their next new message mails at once. */
export async function clearNotice(db: Db, keyFigureId: string) {
  await db.delete(listenerNotices).where(eq(listenerNotices.keyFigureId, keyFigureId));
}
