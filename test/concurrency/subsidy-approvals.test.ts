/**
 * Subsidy approvals at the same moment, on real PostgreSQL (ADR 020): the year's budget and the
 * per-organisation limit hold because every approval takes the year's budget row lock (`SELECT …
 * FOR UPDATE`) before it reads what is committed. Each scenario runs again with the lock switched
 * off (`lock: false`, the negative control), which must over-commit, so the test is known to
 * catch the race. Every statement's result is delayed (inject.ts) so the attempts overlap.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { FieldError } from "../../src/core/errors.js";
import { approve, budgetBox } from "../../src/features/subsidies/review.js";
import { subsidyApplications, subsidyBudgets } from "../../src/features/subsidies/schema.js";
import { setupApp } from "../helpers/app.js";
import { driver } from "../helpers/db.js";
import { applicantOrg, application, officer } from "../helpers/subsidy-office.js";
import { burst, fulfilled, rejected, slowStatements } from "./inject.js";

if (driver !== "postgres") throw new Error("test/concurrency runs on PostgreSQL only (TEST_DATABASE_URL, project postgres)");

const ctx = setupApp();
const POOL_SIZE = 10;
let slow: ReturnType<typeof slowStatements>;
beforeEach(() => {
  slow = slowStatements(ctx.db);
});
afterEach(() => slow.set(0));

const seen: Record<string, Record<string, number>> = {};
afterAll(() => console.log(`subsidy approvals at once:\n${JSON.stringify(seen, null, 1)}`));

/** Fires the attempts at once with every statement's result `pauseMs` late, and checks they overlapped. */
async function under<T>(pauseMs: number, n: number, attempt: (i: number) => Promise<T>) {
  await slow.warm(POOL_SIZE);
  slow.set(pauseMs);
  try {
    return await burst(n, attempt);
  } finally {
    expect(slow.maxBusy()).toBeGreaterThanOrEqual(Math.min(n, POOL_SIZE));
    slow.set(0);
  }
}

/** The year's budget row as the office set it. */
const setBudget = (total: number, perOrganisation: number, perApplication = 100_000) =>
  ctx.db.insert(subsidyBudgets).values({
    year: 2026,
    totalCents: total,
    maxPerApplicationCents: perApplication,
    maxPerOrganisationCents: perOrganisation,
    updatedAt: ctx.clock.now(),
  });

/** Ten applications of €600 from ten organisations; a budget of €1,800 fits three. */
async function tenApplications() {
  await setBudget(180_000, 1_000_000);
  const { user: admin } = await officer(ctx, "admin@office.example.org", "admin");
  const apps = [];
  for (let i = 0; i < 10; i++) {
    const { org } = await applicantOrg(ctx, `Association ${i}`);
    apps.push(await application(ctx, org.id, { requestedCents: 60_000 }));
  }
  return { admin, apps };
}

const approved = async () =>
  (await ctx.db.select({ n: sql<number>`count(*)::int` }).from(subsidyApplications).where(eq(subsidyApplications.status, "approved")))[0]!
    .n;

describe("ten approvals at once against a budget that fits three", () => {
  it("approves exactly three and never commits more than the total; the others are refused for the budget", async () => {
    const { admin, apps } = await tenApplications();
    const results = await under(5, apps.length, (i) =>
      approve(ctx.db, ctx.deps, { id: apps[i]!.id, actor: admin.id, grantedCents: 60_000, conditions: "", now: ctx.clock.now() }),
    );
    expect(fulfilled(results)).toHaveLength(3);
    for (const e of rejected(results)) expect(e).toEqual(new FieldError("granted", "subOfficeAboveBudget"));
    expect(await approved()).toBe(3);
    const box = await budgetBox(ctx.db, ctx.deps.env, 2026);
    expect(box.committedCents).toBe(180_000);
    expect(box.remainingCents).toBe(0);
    seen.budget = { approved: 3, committedCents: box.committedCents };
  });

  it("control: without the budget lock more than the total is committed", async () => {
    const { admin, apps } = await tenApplications();
    await under(20, apps.length, (i) =>
      approve(
        ctx.db,
        ctx.deps,
        { id: apps[i]!.id, actor: admin.id, grantedCents: 60_000, conditions: "", now: ctx.clock.now() },
        { lock: false },
      ),
    );
    const box = await budgetBox(ctx.db, ctx.deps.env, 2026);
    expect(await approved()).toBeGreaterThan(3);
    expect(box.committedCents).toBeGreaterThan(box.totalCents);
    seen.budgetWithoutLock = { approved: await approved(), committedCents: box.committedCents };
  });
});

describe("two applications of one organisation approved at once", () => {
  /** Two applications of €1,500 each; the organisation may get €2,000 in the year. */
  async function twoOfOne() {
    await setBudget(10_000_000, 200_000, 200_000);
    const { user: admin } = await officer(ctx, "admin@office.example.org", "admin");
    const { org } = await applicantOrg(ctx, "Busy association");
    const apps = [await application(ctx, org.id, { requestedCents: 150_000 }), await application(ctx, org.id, { requestedCents: 150_000 })];
    return { admin, apps, org };
  }

  it("approves one; the other is refused for the organisation's limit", async () => {
    const { admin, apps, org } = await twoOfOne();
    const results = await under(5, 2, (i) =>
      approve(ctx.db, ctx.deps, { id: apps[i]!.id, actor: admin.id, grantedCents: 150_000, conditions: "", now: ctx.clock.now() }),
    );
    expect(fulfilled(results)).toHaveLength(1);
    expect(rejected(results)).toEqual([new FieldError("granted", "subOfficeAboveMaxOrganisation")]);
    const rows = await ctx.db.select().from(subsidyApplications).where(eq(subsidyApplications.organisationId, org.id));
    expect(rows.filter((r) => r.status === "approved")).toHaveLength(1);
    seen.organisation = { approved: 1 };
  });

  it("control: without the budget lock both are approved, above the organisation's limit", async () => {
    const { admin, apps } = await twoOfOne();
    await under(20, 2, (i) =>
      approve(
        ctx.db,
        ctx.deps,
        { id: apps[i]!.id, actor: admin.id, grantedCents: 150_000, conditions: "", now: ctx.clock.now() },
        { lock: false },
      ),
    );
    expect(await approved()).toBe(2);
    seen.organisationWithoutLock = { approved: 2 };
  });
});
