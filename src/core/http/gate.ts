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

export function createGate(opts: { concurrency: number; queue: number; retryAfterSeconds?: number }): Gate {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  return {
    get load() {
      return { running, waiting: waiting.length };
    },
    async run(work) {
      if (running < opts.concurrency) running++;
      else if (waiting.length < opts.queue) await new Promise<void>((resolve) => waiting.push(resolve));
      else throw serviceBusy(opts.retryAfterSeconds ?? 2);
      try {
        return await work();
      } finally {
        release();
      }
    },
  };
}
