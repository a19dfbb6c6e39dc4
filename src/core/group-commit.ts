import type { Db } from "../db/index.js";

/**
 * Group commit for work that must take turns on one lock (the registrations of one training
 * offering). Work for a key that arrives while a transaction for that key runs waits for it, and
 * the waiting work then runs together in the next transaction: `open` once (it takes the lock),
 * then each piece in arrival order. One lock wait and one commit (one flush of the write-ahead
 * log) serve the whole group, where each piece used to pay both, so a rush moves through the lock
 * group by group. A piece that throws rejects only its own caller: the group runs again from the
 * start, each piece now in its own savepoint, and the failing piece's savepoint is rolled back
 * (the first run goes without savepoints, two statements less per piece, since pieces rarely
 * fail; work must therefore be safe to run twice, writing nothing outside the transaction). Every
 * caller is answered after the commit, so nobody is told of a write that did not land. A lone
 * request runs at once, in a group of one.
 *
 * In a run without savepoints, pieces may leave their writes to `finish`, which runs once after the
 * last piece, in the same transaction, and writes the whole group's rows in one statement per table
 * (`open` is told which run it opens: `deferred`). When `finish` fails (a unique index refuses a row
 * of the group), the run rolls back and the group runs again with savepoints, each piece writing its
 * own rows: then only the piece that fails is refused.
 *
 * Groups are per process and per database handle; between processes the lock taken by `open`
 * still serialises the groups, so the rules hold as before.
 */
export function groupCommit<S, T>(
  db: Db,
  key: string,
  open: (tx: Db, run: GroupRun) => Promise<S>,
  work: (tx: Db, shared: S) => Promise<T>,
  opts: { max?: number; finish?: (tx: Db, shared: S) => Promise<void> } = {},
): Promise<T> {
  const max = opts.max ?? GROUP_MAX;
  const byKey = groups.get(db) ?? new Map<string, Group>();
  groups.set(db, byKey);
  return new Promise<T>((resolve, reject) => {
    const waiter = { work: work as Work, resolve: resolve as (v: unknown) => void, reject };
    const group = byKey.get(key);
    if (group) {
      group.waiting.push(waiter);
      return;
    }
    const fresh: Group = {
      open: open as Group["open"],
      finish: opts.finish as Group["finish"],
      waiting: [waiter],
    };
    byKey.set(key, fresh);
    void drain(db, byKey, key, fresh, max);
  });
}

/** The most pieces in one transaction: a bound on how long one group holds the lock. */
export const GROUP_MAX = 100;

type Work = (tx: Db, shared: unknown) => Promise<unknown>;
type Waiter = { work: Work; resolve: (v: unknown) => void; reject: (e: unknown) => void };
type Group = {
  open: (tx: Db, run: GroupRun) => Promise<unknown>;
  finish?: (tx: Db, shared: unknown) => Promise<void>;
  waiting: Waiter[];
};
/** Which run a group's `open` opens: `deferred` without savepoints (pieces may leave their writes to `finish`). */
export type GroupRun = { deferred: boolean };

const groups = new WeakMap<Db, Map<string, Group>>();

async function drain(db: Db, byKey: Map<string, Group>, key: string, group: Group, max: number) {
  try {
    while (group.waiting.length) {
      const batch = group.waiting.splice(0, max);
      try {
        // First without savepoints (two statements less per piece); when a piece fails, the whole
        // attempt rolls back and the group runs again with a savepoint per piece. A group of one
        // needs no second run: its transaction is its savepoint.
        let outcomes = await attempt(db, group, batch, false);
        if (!outcomes) outcomes = await attempt(db, group, batch, true);
        for (const settle of outcomes!) settle();
      } catch (err) {
        // The lock, the commit or the connection failed: nothing of the group landed.
        for (const w of batch) w.reject(err);
      }
    }
  } finally {
    byKey.delete(key);
  }
}

/** A piece failed in a run without savepoints: the run is rolled back and repeated with them. */
class PieceFailed extends Error {}

/**
 * One transaction for `batch`: `open`, then each piece in order. Returns how to answer each caller
 * once the transaction has committed, or null when a piece failed in a run without savepoints.
 */
async function attempt(db: Db, group: Group, batch: Waiter[], savepoints: boolean): Promise<(() => void)[] | null> {
  const outcomes: (() => void)[] = [];
  try {
    await db.transaction(async (tx) => {
      const shared = await group.open(tx, { deferred: !savepoints });
      for (const w of batch) {
        if (!savepoints) {
          let value: unknown;
          try {
            value = await w.work(tx, shared);
          } catch (err) {
            // Alone in its group, the piece's failure is the transaction's: nothing else to keep.
            if (batch.length === 1) outcomes.push(() => w.reject(err));
            throw new PieceFailed("a piece failed", { cause: err });
          }
          outcomes.push(() => w.resolve(value));
          continue;
        }
        try {
          const value = await tx.transaction((sp) => w.work(sp as unknown as Db, shared));
          outcomes.push(() => w.resolve(value));
        } catch (err) {
          outcomes.push(() => w.reject(err));
        }
      }
      if (!group.finish) return;
      if (savepoints) return await group.finish(tx, shared);
      try {
        await group.finish(tx, shared);
      } catch (err) {
        // Alone in its group, the piece's writes failed: its failure, as above.
        if (batch.length === 1) outcomes.splice(0, outcomes.length, () => batch[0]!.reject(err));
        throw new PieceFailed("the group's writes failed", { cause: err });
      }
    });
  } catch (err) {
    if (!(err instanceof PieceFailed)) throw err;
    return batch.length === 1 ? outcomes : null;
  }
  return outcomes;
}
