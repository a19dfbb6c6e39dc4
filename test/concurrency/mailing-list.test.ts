/**
 * The mailing list under concurrency, on real PostgreSQL: the same new address subscribed many
 * times at once gives one row and no error (the unique index and `on conflict do nothing`, then
 * the row locked); hard bounces reported at once all count (an atomic increment). The negative
 * controls run the same with a read-then-write and must fail (a unique violation; lost counts),
 * so the tests are known to catch the races.
 */
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mailingBounces, mailingSubscriptions } from "../../src/features/mailing-list/schema.js";
import { recordBounce, subscribe } from "../../src/features/mailing-list/service.js";
import { mailsTo, setupApp } from "../helpers/app.js";
import { driver } from "../helpers/db.js";
import { burst, fulfilled, rejected, slowStatements } from "./inject.js";

if (driver !== "postgres") throw new Error("test/concurrency runs on PostgreSQL only (TEST_DATABASE_URL, project postgres)");

const ctx = setupApp();
const N = 10;
const EMAIL = "race@example.org";
let slow: ReturnType<typeof slowStatements>;
beforeEach(() => {
  slow = slowStatements(ctx.db);
});
afterEach(() => slow.set(0));

const input = { email: EMAIL, orgId: null, orgName: "Race Club", contactUrl: null, lang: "en" as const, topics: ["news" as const] };
const rows = () => ctx.db.select().from(mailingSubscriptions).where(eq(mailingSubscriptions.email, EMAIL));

async function confirmedRow() {
  const now = ctx.clock.now();
  await ctx.db
    .insert(mailingSubscriptions)
    .values({ ...input, status: "confirmed", consentVersion: "test", confirmedAt: now, createdAt: now, updatedAt: now });
}

describe("subscribing the same address at once", () => {
  it("gives one pending row, no error, and one confirmation mail (the rest within RESEND_MS mail nothing)", async () => {
    slow.set(20);
    const results = await burst(N, () => subscribe(ctx.db, ctx.deps, input, ctx.clock.now()));
    slow.set(0);
    expect(rejected(results)).toEqual([]);
    expect(fulfilled(results)).toEqual(Array(N).fill("pending"));
    const found = await rows();
    expect(found).toHaveLength(1);
    expect(found[0]!.status).toBe("pending");
    expect(await mailsTo(ctx, EMAIL)).toHaveLength(1);
  });

  it("never turns a confirmed address back, however many re-subscribe at once", async () => {
    await confirmedRow();
    slow.set(20);
    const results = await burst(N, () => subscribe(ctx.db, ctx.deps, { ...input, topics: ["subsidies"] }, ctx.clock.now()));
    slow.set(0);
    expect(fulfilled(results)).toEqual(Array(N).fill("already"));
    expect((await rows())[0]).toMatchObject({ status: "confirmed", topics: ["news"] });
  });

  it("negative control: read, then insert, fails under the same burst", async () => {
    const naive = async () => {
      const [found] = await rows();
      if (!found) {
        const now = ctx.clock.now();
        await ctx.db.insert(mailingSubscriptions).values({ ...input, consentVersion: "test", createdAt: now, updatedAt: now });
      }
    };
    slow.set(20);
    const results = await burst(N, naive);
    slow.set(0);
    expect(rejected(results).length).toBeGreaterThan(0);
  });
});

describe("hard bounces reported at once", () => {
  it("all count, and the address is suspended", async () => {
    await confirmedRow();
    slow.set(20);
    const results = await burst(5, () => recordBounce(ctx.db, { email: EMAIL, kind: "hard", source: "webhook" }, ctx.clock.now()));
    slow.set(0);
    expect(rejected(results)).toEqual([]);
    expect((await rows())[0]).toMatchObject({ hardBounces: 5, status: "suspended" });
    expect(await ctx.db.select().from(mailingBounces)).toHaveLength(5);
  });

  it("negative control: read, then write the count, loses bounces", async () => {
    await confirmedRow();
    const naive = async () => {
      const [row] = await rows();
      await ctx.db
        .update(mailingSubscriptions)
        .set({ hardBounces: row!.hardBounces + 1 })
        .where(eq(mailingSubscriptions.id, row!.id));
    };
    slow.set(20);
    await burst(5, naive);
    slow.set(0);
    expect((await rows())[0]!.hardBounces).toBeLessThan(5);
  });
});
