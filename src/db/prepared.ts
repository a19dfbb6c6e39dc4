import type { Db } from "./index.js";

const statements = new WeakMap<Db, Map<string, unknown>>();

/**
 * A statement prepared once per database handle under `name` (`build` returns
 * `query.prepare(name)`, its values as `sql.placeholder`s): the query is built once instead of on
 * every call, and each connection parses and plans it once. For the hot reads of every request
 * (the session, an offering); pass the database, not a transaction (a transaction would prepare
 * it again each time).
 */
export function prepared<P>(db: Db, name: string, build: () => P): P {
  const byName = statements.get(db) ?? new Map<string, unknown>();
  statements.set(db, byName);
  const statement = (byName.get(name) as P | undefined) ?? build();
  byName.set(name, statement);
  return statement;
}
