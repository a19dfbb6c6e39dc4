import type { Db } from "../db/index.js";

/**
 * Group commit for work that must take turns on one lock (the registrations of one training
 * offering). Work for a key that arrives while a transaction for that key runs waits for it, and
 * the waiting work then runs together in the next transaction: `open` once (it takes the lock),
 * then each piece in arrival order, each in its own savepoint. One lock wait and one commit (one
 * flush of the write-ahead log) serve the whole group, where each piece used to pay both, so a
 * rush moves through the lock group by group. A piece that throws rolls back to its savepoint and
 * rejects only its own caller; every caller is answered after the commit, so nobody is told of a
 * write that did not land. A lone request runs at once, in a group of one.
 *
 * Groups are per process and per database handle; between processes the lock taken by `open`
 * still serialises the groups, so the rules hold as before.
 */
export function groupCommit<S, T>(
  db: Db,
  key: string,
  open: (tx: Db) => Promise<S>,
  work: (tx: Db, shared: S) => Promise<T>,
  max = GROUP_MAX,
): Promise<T> {
  const byKey = groups.get(db) ?? new Map<string, Group>();
  groups.set(db, byKey);
  return new Promise<T>((resolve, reject) => {
    const waiter = { work: work as Work, resolve: resolve as (v: unknown) => void, reject };
    const group = byKey.get(key);
    if (group) {
      group.waiting.push(waiter);
      return;
    }
    const fresh: Group = { open: open as (tx: Db) => Promise<unknown>, waiting: [waiter] };
    byKey.set(key, fresh);
    void drain(db, byKey, key, fresh, max);
  });
}

/** The most pieces in one transaction: a bound on how long one group holds the lock. */
export const GROUP_MAX = 100;

type Work = (tx: Db, shared: unknown) => Promise<unknown>;
type Waiter = { work: Work; resolve: (v: unknown) => void; reject: (e: unknown) => void };
type Group = { open: (tx: Db) => Promise<unknown>; waiting: Waiter[] };

const groups = new WeakMap<Db, Map<string, Group>>();

async function drain(db: Db, byKey: Map<string, Group>, key: string, group: Group, max: number) {
  try {
    while (group.waiting.length) {
      const batch = group.waiting.splice(0, max);
      const outcomes: (() => void)[] = [];
      try {
        await db.transaction(async (tx) => {
          const shared = await group.open(tx);
          for (const w of batch) {
            try {
              const value = await tx.transaction((sp) => w.work(sp as unknown as Db, shared));
              outcomes.push(() => w.resolve(value));
            } catch (err) {
              outcomes.push(() => w.reject(err));
            }
          }
        });
      } catch (err) {
        // The lock, the commit or the connection failed: nothing of the group landed.
        for (const w of batch) w.reject(err);
        continue;
      }
      for (const settle of outcomes) settle();
    }
  } finally {
    byKey.delete(key);
  }
}
