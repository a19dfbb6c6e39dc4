import { serviceBusy } from "../errors.js";

/**
 * A gate in front of expensive work that the cache cannot answer (a search that misses the page
 * cache): at most `concurrency` run at once, at most `queue` wait, and whoever comes after that
 * gets a 503 with `Retry-After` at once instead of waiting without end. The embedded database has
 * one connection, so without it a flood of junk queries would make every other page wait too.
 * One gate per process (a module-level constant): the database it protects is per process.
 */
export type Gate = {
  /** Runs `work` when a slot is free; throws `serviceBusy` when the queue is full. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Running and waiting now (for tests and logs). */
  readonly load: { running: number; waiting: number };
};

/**
 * `maxWaitMs`: a request that has waited this long for a slot is shed too (503), so the queue
 * never holds anyone longer than that, however slow the work in front of it.
 */
export function createGate(opts: { concurrency: number; queue: number; retryAfterSeconds?: number; maxWaitMs?: number }): Gate {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  /** Waits for a slot (handed over by `release`), or throws `serviceBusy` after `maxWaitMs`. */
  const wait = () =>
    new Promise<void>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const take = () => {
        if (timer) clearTimeout(timer);
        resolve();
      };
      waiting.push(take);
      if (opts.maxWaitMs !== undefined) {
        timer = setTimeout(() => {
          const at = waiting.indexOf(take);
          if (at >= 0) waiting.splice(at, 1);
          reject(serviceBusy(opts.retryAfterSeconds ?? 2));
        }, opts.maxWaitMs);
      }
    });
  return {
    get load() {
      return { running, waiting: waiting.length };
    },
    async run(work) {
      if (running < opts.concurrency) running++;
      else if (waiting.length < opts.queue) await wait();
      else throw serviceBusy(opts.retryAfterSeconds ?? 2);
      try {
        return await work();
      } finally {
        release();
      }
    },
  };
}
