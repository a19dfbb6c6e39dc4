import { describe, expect, it } from "vitest";
import { Batch, batchOf } from "./batch.js";

/** A `run` whose calls stay at the "database" until released, recording each batch's keys. */
function gated<K>() {
  const batches: K[][] = [];
  const pending: (() => void)[] = [];
  const run = (keys: K[]) => {
    batches.push(keys);
    return new Promise<string[]>((resolve) => pending.push(() => resolve(keys.map((k) => `v:${String(k)}`))));
  };
  const release = async () => {
    pending.shift()?.();
    // Let the answers and the next batch's start happen.
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { batches, run, release };
}

describe("Batch", () => {
  it("sends a lone call at once, in a batch of one", async () => {
    const g = gated<number>();
    const b = new Batch(g.run);
    const one = b.load(1);
    expect(g.batches).toEqual([[1]]);
    await g.release();
    expect(await one).toBe("v:1");
  });

  it("sends the calls that arrive while a batch is in flight together, in arrival order, each with its own answer", async () => {
    const g = gated<number>();
    const b = new Batch(g.run);
    const first = b.load(1);
    const rest = [b.load(2), b.load(3), b.load(4)];
    expect(g.batches).toEqual([[1]]);
    expect(b.queued).toBe(3);
    await g.release();
    expect(g.batches).toEqual([[1], [2, 3, 4]]);
    await g.release();
    expect(await first).toBe("v:1");
    expect(await Promise.all(rest)).toEqual(["v:2", "v:3", "v:4"]);
    expect(b.queued).toBe(0);
  });

  it("keeps calls with the same distinct key out of one batch", async () => {
    const g = gated<string>();
    const b = new Batch(g.run, { distinct: (k) => k.split(":")[0]! });
    const all = [b.load("a:1"), b.load("a:2"), b.load("b:1"), b.load("a:3"), b.load("c:1")];
    await g.release();
    await g.release();
    await g.release();
    expect(g.batches).toEqual([["a:1"], ["a:2", "b:1", "c:1"], ["a:3"]]);
    expect(await Promise.all(all)).toEqual(["v:a:1", "v:a:2", "v:b:1", "v:a:3", "v:c:1"]);
  });

  it("puts at most `max` calls in a batch", async () => {
    const g = gated<number>();
    const b = new Batch(g.run, { max: 2 });
    const all = [1, 2, 3, 4, 5, 6].map((k) => b.load(k));
    for (let i = 0; i < 4; i++) await g.release();
    expect(g.batches).toEqual([[1], [2, 3], [4, 5], [6]]);
    expect(await Promise.all(all)).toHaveLength(6);
  });

  it("rejects only the callers of a batch that fails, and goes on with the next", async () => {
    let n = 0;
    const b = new Batch(async (keys: number[]) => {
      n++;
      await new Promise((r) => setTimeout(r, 5));
      if (keys.includes(2)) throw new Error("boom");
      return keys.map((k) => k * 10);
    });
    const results = await Promise.allSettled([b.load(1), b.load(2), b.load(3), b.load(4)]);
    expect(n).toBe(2);
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : (r.reason as Error).message))).toEqual([10, "boom", "boom", "boom"]);
    // Nothing is stuck: a later call runs.
    expect(await b.load(5)).toBe(50);
  });

  it("answers undefined for a key the statement found nothing for", async () => {
    const b = new Batch(async (keys: string[]) => keys.map((k) => (k === "known" ? 1 : undefined)));
    expect(await Promise.all([b.load("known"), b.load("unknown")])).toEqual([1, undefined]);
  });

  it("keeps one batch per handle and name", () => {
    const db1 = {};
    const db2 = {};
    const make = () => new Batch(async (keys: number[]) => keys);
    const a = batchOf(db1, "x", make);
    expect(batchOf(db1, "x", make)).toBe(a);
    expect(batchOf(db1, "y", make)).not.toBe(a);
    expect(batchOf(db2, "x", make)).not.toBe(a);
  });
});
