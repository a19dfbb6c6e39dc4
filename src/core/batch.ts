/**
 * Batched statements for the reads and writes every request makes (ADR 025): a call that arrives
 * while the previous batch of its kind is at the database waits, and the calls that waited then go
 * together, as one statement over an array of keys. A lone call goes at once, in a batch of one, so
 * a quiet portal waits for nothing; under load the round trips, statement executions and (for a
 * write) commits per request fall to one per batch. The same idea as group commit
 * (group-commit.ts), for single statements outside a transaction.
 *
 * `run` answers the keys in the order given (`undefined` where a key has no answer). A batch that
 * fails rejects each of its callers, as the single statements would have failed. With `distinct`,
 * calls with the same distinct key never share a batch (an upsert may not touch one row twice in
 * one statement): the later one goes in the next batch.
 */
export class Batch<K, V> {
  private waiting: Waiter<K, V>[] = [];
  private busy = false;

  constructor(
    private run: (keys: K[]) => Promise<V[]>,
    private opts: { max?: number; distinct?: (key: K) => string } = {},
  ) {}

  load(key: K): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      this.waiting.push({ key, resolve, reject });
      if (!this.busy) void this.drain();
    });
  }

  /** Calls waiting for the batch in flight (tests). */
  get queued() {
    return this.waiting.length;
  }

  private async drain() {
    this.busy = true;
    try {
      while (this.waiting.length) {
        const batch = this.next();
        let values: V[];
        try {
          values = await this.run(batch.map((w) => w.key));
        } catch (err) {
          for (const w of batch) w.reject(err);
          continue;
        }
        for (const [i, w] of batch.entries()) w.resolve(values[i] as V);
      }
    } finally {
      this.busy = false;
    }
  }

  /** The next batch: the oldest waiting calls, at most `max`, none sharing a distinct key. */
  private next(): Waiter<K, V>[] {
    const max = this.opts.max ?? BATCH_MAX;
    const distinct = this.opts.distinct;
    if (!distinct) return this.waiting.splice(0, max);
    const seen = new Set<string>();
    const batch: Waiter<K, V>[] = [];
    const later: Waiter<K, V>[] = [];
    for (const w of this.waiting) {
      const d = distinct(w.key);
      if (batch.length < max && !seen.has(d)) {
        seen.add(d);
        batch.push(w);
      } else later.push(w);
    }
    this.waiting = later;
    return batch;
  }
}

type Waiter<K, V> = { key: K; resolve: (v: V) => void; reject: (e: unknown) => void };

/** The most calls in one statement: a bound on its size (parameters, rows, time). */
export const BATCH_MAX = 200;

const batches = new WeakMap<object, Map<string, Batch<never, unknown>>>();

/**
 * One batch per database handle and name, made on first use (like `prepared`): calls through the
 * same handle share it. Pass the database, not a transaction (a transaction's statements are its own).
 */
export function batchOf<K, V>(db: object, name: string, make: () => Batch<K, V>): Batch<K, V> {
  const byName = batches.get(db) ?? new Map<string, Batch<never, unknown>>();
  batches.set(db, byName);
  let batch = byName.get(name) as Batch<K, V> | undefined;
  if (!batch) {
    batch = make();
    byName.set(name, batch as unknown as Batch<never, unknown>);
  }
  return batch;
}
