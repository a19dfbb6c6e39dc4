import type pg from "pg";
import type { Db } from "../../src/db/index.js";

type Query = (...args: unknown[]) => unknown;
type Connect = (cb?: (err: Error | undefined, client: pg.PoolClient, done: unknown) => void) => unknown;
type State = { ms: number; maxBusy: number; begins: number };

/**
 * Fault injection for the concurrency tests (PostgreSQL only), in the spirit of pretix's
 * concurrency tests: a pause after the check makes a check-then-act race certain instead of lucky.
 *
 * `slowStatements(db)` wraps the pg Pool behind a Drizzle database so that, while `set(ms)` is
 * non-zero, the result of every statement reaches the caller `ms` later. The pause lands after
 * every statement of the code under test, and so also between any check and the act that
 * follows it, without editing that code. A connection inside a transaction stays checked out
 * (and its locks held) during the pause; one used outside a transaction is back in the pool.
 * Real services and the naive controls run under the same pause, so the comparison is fair.
 *
 * It also records the most pool connections busy at once, so a test can show its attempts
 * really overlapped on separate connections.
 */
export function slowStatements(db: Db) {
  const pool = (db as unknown as { $client: pg.Pool }).$client;
  const holder = pool as unknown as { __vnSlow?: State };
  if (!holder.__vnSlow) holder.__vnSlow = install(pool);
  const state = holder.__vnSlow;
  return {
    /** Delays every statement's result by `ms` from now on (0: off), and restarts the busy count. */
    set(ms: number) {
      state.ms = ms;
      if (ms > 0) {
        state.maxBusy = 0;
        state.begins = 0;
      }
    },
    /** Opens (or takes back from idle) `n` connections at once, so no attempt waits for a connection to be made. */
    async warm(n: number) {
      const clients = await Promise.all(Array.from({ length: n }, () => pool.connect()));
      for (const c of clients) c.release();
    },
    /** The most connections that were checked out at the same moment since the pause was last set. */
    maxBusy: () => state.maxBusy,
    /** Transactions begun since the pause was last set: calls in flight together share one where they form a group. */
    begins: () => state.begins,
    pool,
  };
}

function install(pool: pg.Pool): State {
  const state: State = { ms: 0, maxBusy: 0, begins: 0 };
  const sample = () => {
    state.maxBusy = Math.max(state.maxBusy, pool.totalCount - pool.idleCount);
  };
  const delay = <T>(value: T) => (state.ms > 0 ? new Promise<T>((r) => setTimeout(() => r(value), state.ms)) : value);
  const later = (query: Query): Query =>
    function (this: unknown, ...args: unknown[]) {
      const text = typeof args[0] === "string" ? args[0] : (args[0] as { text?: unknown } | undefined)?.text;
      if (state.ms > 0 && typeof text === "string" && /^\s*begin\b/i.test(text)) state.begins++;
      const result = query.apply(this, args);
      // Callback-style calls (pg-pool's own plumbing) pass through untouched.
      if (typeof args.at(-1) === "function" || typeof (result as Promise<unknown>)?.then !== "function") return result;
      return (result as Promise<unknown>).then(delay);
    };

  // Statements outside a transaction: pool.query (which takes a client through connect(cb)).
  const poolQuery = pool.query as unknown as Query;
  (pool as unknown as { query: Query }).query = later(poolQuery.bind(pool));

  // Statements inside a transaction: a client from pool.connect() (Drizzle uses the promise form).
  const patched = new WeakSet<object>();
  const connect = (pool.connect as unknown as Connect).bind(pool);
  (pool as unknown as { connect: Connect }).connect = (cb) => {
    if (cb)
      return connect((err, client, done) => {
        sample();
        cb(err, client, done);
      });
    return (connect() as Promise<pg.PoolClient>).then((client) => {
      sample();
      if (!patched.has(client)) {
        patched.add(client);
        const q = client.query as unknown as Query;
        (client as unknown as { query: Query }).query = later(q.bind(client));
      }
      return client;
    });
  };
  return state;
}

/**
 * Starts `n` attempts at once (nothing is awaited before the last one has started) and settles all.
 * With more attempts than pool connections, the pool hands them out as connections free up.
 */
export function burst<T>(n: number, attempt: (i: number) => Promise<T>) {
  return Promise.allSettled(Array.from({ length: n }, (_, i) => attempt(i)));
}

export const fulfilled = <T>(results: PromiseSettledResult<T>[]) => results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
export const rejected = <T>(results: PromiseSettledResult<T>[]) =>
  results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
