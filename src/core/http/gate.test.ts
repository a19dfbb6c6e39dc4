import { describe, expect, it } from "vitest";
import { AppError } from "../errors.js";
import { createGate } from "./gate.js";

/** A piece of work that ends when the test says so. */
function pending() {
  let done!: () => void;
  const promise = new Promise<void>((resolve) => {
    done = resolve;
  });
  return { promise, done };
}

describe("createGate", () => {
  it("runs at most `concurrency` at once, queues up to `queue`, and refuses the rest with a 503 at once", async () => {
    const gate = createGate({ concurrency: 2, queue: 3, retryAfterSeconds: 5 });
    const works = Array.from({ length: 8 }, pending);
    let started = 0;
    const results = works.map((w) =>
      gate
        .run(async () => {
          started++;
          await w.promise;
          return "ok";
        })
        .catch((e: unknown) => e),
    );
    await new Promise((r) => setTimeout(r, 10));
    expect(started).toBe(2);
    expect(gate.load).toEqual({ running: 2, waiting: 3 });
    // The three beyond the queue were refused without waiting.
    const refused = await Promise.all(results.slice(5));
    for (const r of refused) expect(r).toMatchObject({ status: 503, code: "busy", retryAfterSeconds: 5 });
    expect(refused.every((r) => r instanceof AppError)).toBe(true);
    // As work ends, the queue moves on, in order, never above the limit.
    for (const w of works.slice(0, 5)) {
      w.done();
      await new Promise((r) => setTimeout(r, 5));
      expect(gate.load.running).toBeLessThanOrEqual(2);
    }
    expect(await Promise.all(results.slice(0, 5))).toEqual(["ok", "ok", "ok", "ok", "ok"]);
    expect(started).toBe(5);
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });

  it("frees the slot when the work throws", async () => {
    const gate = createGate({ concurrency: 1, queue: 0 });
    await expect(gate.run(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await gate.run(async () => 42)).toBe(42);
  });

  it("sheds a caller that waited `maxWaitMs` in the queue; one that got its turn in time runs", async () => {
    const gate = createGate({ concurrency: 1, queue: 5, maxWaitMs: 40, retryAfterSeconds: 3 });
    const slow = pending();
    const first = gate.run(() => slow.promise);
    const late = gate.run(async () => "late").catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 80));
    expect(await late).toMatchObject({ status: 503, code: "busy", retryAfterSeconds: 3 });
    // The shed caller left the queue: the next one gets the slot as soon as it is free.
    expect(gate.load).toEqual({ running: 1, waiting: 0 });
    const next = gate.run(async () => "next");
    slow.done();
    await first;
    expect(await next).toBe("next");
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });

  it("control: with no room to queue, a second caller is refused while the first runs", async () => {
    const gate = createGate({ concurrency: 1, queue: 0 });
    const w = pending();
    const first = gate.run(() => w.promise);
    await expect(gate.run(async () => 1)).rejects.toMatchObject({ status: 503 });
    w.done();
    await first;
  });
});
