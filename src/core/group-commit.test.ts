import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { setupApp } from "../../test/helpers/app.js";
import { contentVersion } from "./content/versions.js";
import { groupCommit } from "./group-commit.js";

const ctx = setupApp();

/** A piece of work that records its turn and bumps a counter row (the "lock" is the row itself). */
const bump = (n: number, log: string[]) => async (tx: typeof ctx.db, opened: number) => {
  log.push(`work ${n} in group opened as ${opened}`);
  await tx.execute(sql`update content_versions set version = version + 1 where capability = 'gc-test'`);
  return n;
};

describe("groupCommit", () => {
  it("runs work that arrives while a group runs together in the next group, in arrival order, and answers after the commit", async () => {
    await ctx.db.execute(sql`insert into content_versions (capability, version) values ('gc-test', 0)`);
    const log: string[] = [];
    let opened = 0;
    const open = async () => ++opened;
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => groupCommit(ctx.db, "k", open, bump(n, log))));
    expect(results).toEqual([1, 2, 3, 4, 5]);
    // The first ran alone at once; the four that came while it ran share the second group's `open`.
    expect(opened).toBe(2);
    expect(log).toEqual([
      "work 1 in group opened as 1",
      "work 2 in group opened as 2",
      "work 3 in group opened as 2",
      "work 4 in group opened as 2",
      "work 5 in group opened as 2",
    ]);
    expect((await contentVersion(ctx.db, "gc-test")).version).toBe(5);
  });

  it("rolls back and rejects only the piece that failed; the others in its group land", async () => {
    await ctx.db.execute(sql`insert into content_versions (capability, version) values ('gc-test', 0)`);
    const log: string[] = [];
    const failing = async (tx: typeof ctx.db) => {
      await tx.execute(sql`update content_versions set version = version + 100 where capability = 'gc-test'`);
      throw new Error("refused after writing");
    };
    let opened = 0;
    const open = async () => ++opened;
    const outcomes = await Promise.allSettled([
      groupCommit(ctx.db, "k", open, bump(1, log)),
      groupCommit(ctx.db, "k", open, bump(2, log)),
      groupCommit(ctx.db, "k", open, failing),
      groupCommit(ctx.db, "k", open, bump(4, log)),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled"]);
    // 1 + 1 + 1: the failed piece's +100 was rolled back to its savepoint.
    expect((await contentVersion(ctx.db, "gc-test")).version).toBe(3);
    // The first group (1 alone) ran once; the second (2, the failing one, 4) first without
    // savepoints, and again with them once a piece had failed: its first run left nothing.
    expect(opened).toBe(3);
    expect(log).toEqual([
      "work 1 in group opened as 1",
      "work 2 in group opened as 2",
      "work 2 in group opened as 3",
      "work 4 in group opened as 3",
    ]);
  });

  it("rejects the whole group when its transaction fails, and writes nothing of it", async () => {
    await ctx.db.execute(sql`insert into content_versions (capability, version) values ('gc-test', 0)`);
    const log: string[] = [];
    let calls = 0;
    // The second group's open fails (as a lock that can't be taken would).
    const open = async () => {
      if (++calls === 2) throw new Error("lock failed");
      return calls;
    };
    const outcomes = await Promise.allSettled([1, 2, 3].map((n) => groupCommit(ctx.db, "k", open, bump(n, log))));
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "rejected"]);
    expect((await contentVersion(ctx.db, "gc-test")).version).toBe(1);
    // A new piece after the failure starts a fresh group.
    // A piece alone in its group that fails is rejected at once (its transaction was its savepoint).
    const alone = await Promise.allSettled([
      groupCommit(ctx.db, "k", open, async (tx) => {
        await tx.execute(sql`update content_versions set version = version + 100 where capability = 'gc-test'`);
        throw new Error("refused");
      }),
    ]);
    expect(alone[0]!.status).toBe("rejected");
    expect(calls).toBe(3);
    expect((await contentVersion(ctx.db, "gc-test")).version).toBe(1);
    expect(await groupCommit(ctx.db, "k", open, bump(9, log))).toBe(9);
  });

  it("leaves a group's writes to `finish` in a run without savepoints; when they fail, runs again with each piece writing its own", async () => {
    await ctx.db.execute(sql`create table if not exists gc_rows (n int primary key)`);
    await ctx.db.execute(sql`delete from gc_rows`);
    const runs: boolean[] = [];
    const open = async (_tx: typeof ctx.db, run: { deferred: boolean }) => {
      runs.push(run.deferred);
      return { pending: run.deferred ? ([] as number[]) : null };
    };
    const piece = (n: number) => async (tx: typeof ctx.db, held: { pending: number[] | null }) => {
      if (held.pending) held.pending.push(n);
      else await tx.execute(sql`insert into gc_rows (n) values (${n})`);
      return n;
    };
    const finish = async (tx: typeof ctx.db, held: { pending: number[] | null }) => {
      if (held.pending?.length)
        await tx.execute(
          sql`insert into gc_rows (n) values ${sql.join(
            held.pending.map((n) => sql`(${n})`),
            sql`, `,
          )}`,
        );
    };
    // 1 alone; then 2, 3, 4 deferred and written in one statement.
    const first = await Promise.all([1, 2, 3, 4].map((n) => groupCommit(ctx.db, "k", open, piece(n), { finish })));
    expect(first).toEqual([1, 2, 3, 4]);
    expect(runs).toEqual([true, true]);
    // 5 alone; then 6, 2 (taken: the group's insert fails) and 7: run again with savepoints, only 2 refused.
    runs.length = 0;
    const second = await Promise.allSettled([5, 6, 2, 7].map((n) => groupCommit(ctx.db, "k", open, piece(n), { finish })));
    expect(second.map((o) => o.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled"]);
    expect(runs).toEqual([true, true, false]);
    const rows = (await ctx.db.execute(sql`select n from gc_rows order by n`)) as unknown as { rows: { n: number }[] };
    expect(rows.rows.map((r) => r.n)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // Alone in its group, a piece whose deferred write fails is refused at once.
    runs.length = 0;
    await expect(groupCommit(ctx.db, "k", open, piece(3), { finish })).rejects.toThrow();
    expect(runs).toEqual([true]);
  });
});
