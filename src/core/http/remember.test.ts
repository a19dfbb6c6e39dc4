import { describe, expect, it } from "vitest";
import { PageCache } from "./cache.js";

describe("PageCache.remember", () => {
  it("keeps a value until a content version changes, here at once, elsewhere at the next check; shares one read; forgets a failed one", async () => {
    let stamps = new Map([["trainings", "1"]]);
    let clock = 0;
    const cache = new PageCache(
      async () => stamps,
      1000,
      () => clock,
    );
    let reads = 0;
    const load = async () => ({ n: ++reads });

    // Read once for callers that come at the same time, then kept.
    const [a, b] = await Promise.all([cache.remember("k", load), cache.remember("k", load)]);
    expect(a).toBe(b);
    expect((await cache.remember("k", load)).n).toBe(1);
    expect(reads).toBe(1);

    // An edit in this process: read again at once.
    cache.invalidate("trainings");
    expect((await cache.remember("k", load)).n).toBe(2);

    // An edit in another process: kept until the versions are checked again, then read again.
    stamps = new Map([["trainings", "2"]]);
    clock += 500;
    expect((await cache.remember("k", load)).n).toBe(2);
    clock += 600;
    expect((await cache.remember("k", load)).n).toBe(3);

    // Unchanged versions at the next check: still kept.
    clock += 1100;
    expect((await cache.remember("k", load)).n).toBe(3);

    // A failed read is not kept: the next caller reads again.
    await expect(cache.remember("f", async () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await cache.remember("f", async () => "up")).toBe("up");
  });
});
