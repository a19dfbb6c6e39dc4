/**
 * Trainings under load, on real PostgreSQL (issue 9): registrations for a capped series, a burst
 * of cancellations, and offers accepted while they expire. Every scenario runs through the real
 * service (each change locks the offering's row) and again with the lock switched off (`lock:
 * false`, the negative control), which must break the invariant, so the test is known to catch
 * the race. The scenarios live in test/helpers/training-rush.ts; test/trainings-rush.test.ts runs
 * them on PGlite too.
 */
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { FieldError } from "../../src/core/errors.js";
import { setupApp } from "../helpers/app.js";
import { driver } from "../helpers/db.js";
import { acceptVersusExpiry, cancellationRush, registrationRush, seriesRush } from "../helpers/training-rush.js";
import { burst, fulfilled, rejected, slowStatements } from "./inject.js";

if (driver !== "postgres") throw new Error("test/concurrency runs on PostgreSQL only (TEST_DATABASE_URL, project postgres)");

const ctx = setupApp();
const POOL_SIZE = 20;
let slow: ReturnType<typeof slowStatements>;
beforeEach(() => {
  slow = slowStatements(ctx.db);
});
afterEach(() => slow.set(0));

const seen: Record<string, Record<string, number>> = {};
afterAll(() => console.log(`trainings under load:\n${JSON.stringify(seen, null, 1)}`));

/**
 * Fires the attempts at once with every statement's result `pauseMs` late, and checks they
 * overlapped: on the pool's connections, or (`overlap: "calls"`) in the database together. A rush
 * of registrations with the lock runs group by group on one connection of this process by design
 * (groupCommit), so there the calls overlap in their transactions: far fewer transactions than
 * calls (a call that ran alone would begin its own).
 */
const under =
  (pauseMs: number, overlap: "connections" | "calls" = "connections") =>
  async <T>(n: number, attempt: (i: number) => Promise<T>) => {
    await slow.warm(POOL_SIZE);
    slow.set(pauseMs);
    try {
      return await burst(n, attempt);
    } finally {
      if (overlap === "calls") {
        const begins = slow.begins();
        expect(begins).toBeGreaterThan(0);
        expect(begins).toBeLessThanOrEqual(n / 4);
      } else expect(slow.maxBusy()).toBeGreaterThanOrEqual(Math.min(n, POOL_SIZE));
      slow.set(0);
    }
  };

describe("200 organisations register at once for a series capped at 25", () => {
  it("confirms exactly 25 and puts 175 on the waiting list in arrival order, with no error", async () => {
    const r = await registrationRush(ctx, under(1, "calls"), 200, 25);
    expect(rejected(r.results)).toEqual([]);
    expect(r.confirmed).toHaveLength(25);
    expect(r.waiting).toHaveLength(175);
    // Arrival order is the order the lock let them in: every confirmed one came before every waiting one.
    const lastConfirmed = Math.max(...r.confirmed.map((x) => x.queueNo));
    expect(r.waiting.every((x) => x.queueNo > lastConfirmed)).toBe(true);
    seen.rush = { confirmed: r.confirmed.length, waiting: r.waiting.length };
  });

  it("control: without the lock the cap of 25 is exceeded", async () => {
    const r = await registrationRush(ctx, under(20), 200, 25, { lock: false });
    expect(r.confirmed.length).toBeGreaterThan(25);
    seen.rushWithoutLock = { confirmed: r.confirmed.length };
  });
});

describe("one organisation registers for every date of a series at once, places counted per date", () => {
  const DATES = 16;
  const refused = () => Array.from({ length: DATES - 1 }, () => new FieldError("session", "alreadyRegistered"));
  const SERIES_INDEX = "training_registrations_series_idx";

  /** Runs `f` with the series index dropped; then empties the registrations and builds the index again. */
  async function withoutSeriesIndex<T>(f: () => Promise<T>) {
    const def = (await ctx.db.execute(sql`select indexdef from pg_indexes where indexname = ${SERIES_INDEX}`)) as unknown as {
      rows: { indexdef: string }[];
    };
    expect(def.rows).toHaveLength(1);
    await ctx.db.execute(sql.raw(`drop index ${SERIES_INDEX}`));
    try {
      return await f();
    } finally {
      await ctx.db.execute(sql`delete from training_registrations`);
      await ctx.db.execute(sql.raw(def.rows[0]!.indexdef));
    }
  }

  it("holds one date: one registration, every other attempt refused as already registered, no other error", async () => {
    const r = await seriesRush(ctx, under(1, "calls"), DATES);
    expect(r.active).toHaveLength(1);
    expect(rejected(r.results)).toEqual(refused());
    seen.series = { active: r.active.length, refused: rejected(r.results).length };
  });

  it("control: without the lock and without the series index the organisation holds several dates", async () => {
    const r = await withoutSeriesIndex(() => seriesRush(ctx, under(20), DATES, { lock: false }));
    expect(r.active.length).toBeGreaterThan(1);
    seen.seriesWithoutLockOrIndex = { active: r.active.length };
  });

  it("without the lock the series index alone holds: one registration, the others refused as already registered (not a 500)", async () => {
    const r = await seriesRush(ctx, under(20), DATES, { lock: false });
    expect(r.active).toHaveLength(1);
    expect(rejected(r.results)).toEqual(refused());
    seen.seriesWithoutLock = { active: r.active.length, refused: rejected(r.results).length };
  });
});

describe("20 cancellations at once", () => {
  it("make exactly 20 offers, each mailed once, and never more places held than the cap", async () => {
    const r = await cancellationRush(ctx, under(1), { cap: 25, extra: 30, cancel: 20 });
    expect(rejected(r.results)).toEqual([]);
    expect(r.offered).toHaveLength(20);
    expect(r.holding).toBe(25);
    expect(r.offerMails).toBe(20);
    expect(r.mailsPerOffered.every((m) => m.n === 1)).toBe(true);
    seen.cancellations = { offered: r.offered.length, offerMails: r.offerMails };
  });

  it("control: without the lock the places are offered more than once", async () => {
    const r = await cancellationRush(ctx, under(5), { cap: 25, extra: 30, cancel: 20 }, { lock: false });
    expect(r.holding > 25 || r.offerMails > r.offered.length || r.offered.length !== 20).toBe(true);
    seen.cancellationsWithoutLock = { offered: r.offered.length, offerMails: r.offerMails, holding: r.holding };
  });
});

describe("offers accepted while they expire", () => {
  it("end accepted or expired, never both, and no place is given twice", async () => {
    const r = await acceptVersusExpiry(ctx, under(1), { cap: 10, offers: 8, extra: 20 });
    for (const e of rejected(r.results)) expect(e).toEqual(new FieldError("offer", "offerExpired"));
    expect(r.ended.every((x) => x.status === "confirmed" || x.status === "expired")).toBe(true);
    expect(r.holding).toBe(10);
    const accepted = fulfilled(r.results).filter((x) => typeof x === "object" && x !== null).length;
    expect(r.ended.filter((x) => x.status === "confirmed")).toHaveLength(accepted);
    seen.acceptVersusExpiry = { accepted, expired: r.ended.filter((x) => x.status === "expired").length, holding: r.holding };
  });

  it("control: without the lock an accepted offer and its expiry both give the place away", async () => {
    const r = await acceptVersusExpiry(ctx, under(20), { cap: 10, offers: 8, extra: 20 }, { lock: false });
    expect(r.holding).toBeGreaterThan(10);
    seen.acceptVersusExpiryWithoutLock = { holding: r.holding };
  });
});
