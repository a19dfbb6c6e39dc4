/**
 * The trainings' race scenarios (test/helpers/training-rush.ts) on the embedded database: its one
 * connection runs the transactions one after the other, and the outcome must be the same as on
 * PostgreSQL (test/concurrency/trainings.test.ts, with the negative controls).
 */
import { describe, expect, it } from "vitest";
import { FieldError } from "../src/core/errors.js";
import { setupApp } from "./helpers/app.js";
import { acceptVersusExpiry, cancellationRush, registrationRush, seriesRush } from "./helpers/training-rush.js";

const ctx = setupApp();
const fire = <T>(n: number, attempt: (i: number) => Promise<T>) => Promise.allSettled(Array.from({ length: n }, (_, i) => attempt(i)));
const rejected = <T>(r: PromiseSettledResult<T>[]) => r.flatMap((x) => (x.status === "rejected" ? [x.reason as unknown] : []));

describe("trainings under load on the embedded database", () => {
  it("200 registrations at once for a series capped at 25: 25 confirmed, 175 waiting in arrival order, no error", async () => {
    const r = await registrationRush(ctx, fire, 200, 25);
    expect(rejected(r.results)).toEqual([]);
    expect(r.confirmed).toHaveLength(25);
    expect(r.waiting).toHaveLength(175);
    expect(r.waiting.every((x) => x.queueNo > Math.max(...r.confirmed.map((c) => c.queueNo)))).toBe(true);
  });

  it("one organisation registers for 16 dates of a series at once: one registration, the rest refused as already registered", async () => {
    const r = await seriesRush(ctx, fire, 16);
    expect(r.active).toHaveLength(1);
    expect(rejected(r.results)).toEqual(Array.from({ length: 15 }, () => new FieldError("session", "alreadyRegistered")));
  });

  it("20 cancellations at once: 20 offers, each mailed once", async () => {
    const r = await cancellationRush(ctx, fire, { cap: 25, extra: 30, cancel: 20 });
    expect(rejected(r.results)).toEqual([]);
    expect(r.offered).toHaveLength(20);
    expect(r.holding).toBe(25);
    expect(r.offerMails).toBe(20);
  });

  it("offers accepted while they expire: accepted or expired, never a place given twice", async () => {
    const r = await acceptVersusExpiry(ctx, fire, { cap: 10, offers: 8, extra: 20 });
    for (const e of rejected(r.results)) expect(e).toEqual(new FieldError("offer", "offerExpired"));
    expect(r.ended.every((x) => x.status === "confirmed" || x.status === "expired")).toBe(true);
    expect(r.holding).toBe(10);
  });
});
