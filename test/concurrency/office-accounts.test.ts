/**
 * The last-administrator guard under concurrency, on real PostgreSQL (see races.test.ts for the
 * method): every administrator steps down (or is removed) at the same moment, with a pause after
 * every statement. The real service locks the administrators' rows first, so exactly one stays;
 * the naive control (count, then update) lets them all go.
 */
import { and, count, eq, isNull } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FieldError } from "../../src/core/errors.js";
import type { Db } from "../../src/db/index.js";
import { sessions, users } from "../../src/features/auth/schema.js";
import { createSession } from "../../src/features/auth/service.js";
import { changeOfficeRole, removeOfficeAccount } from "../../src/features/office-accounts/service.js";
import { setupApp } from "../helpers/app.js";
import { driver } from "../helpers/db.js";
import { burst, fulfilled, rejected, slowStatements } from "./inject.js";

if (driver !== "postgres") throw new Error("test/concurrency runs on PostgreSQL only (TEST_DATABASE_URL, project postgres)");

const ctx = setupApp();
const PAUSE_MS = 20;
const POOL_SIZE = 20; // testDatabase() opens the pool with 20 connections
const N = 12;

let slow: ReturnType<typeof slowStatements>;
beforeEach(() => {
  slow = slowStatements(ctx.db);
});
afterEach(() => slow.set(0));

/** Fires `n` attempts at once with the pause on, and checks they really overlapped on separate connections. */
async function underLoad<T>(n: number, attempt: (i: number) => Promise<T>) {
  await slow.warm(POOL_SIZE);
  slow.set(PAUSE_MS);
  let results: PromiseSettledResult<T>[];
  try {
    results = await burst(n, attempt);
  } finally {
    slow.set(0);
  }
  expect(slow.maxBusy()).toBeGreaterThanOrEqual(Math.min(n, POOL_SIZE));
  return results;
}

/** `n` administrators, each signed in once. */
async function admins(n: number) {
  const rows = await ctx.db
    .insert(users)
    .values(Array.from({ length: n }, (_, i) => ({ email: `admin-${i}@office.example.org`, staffRole: "admin" as const })))
    .returning();
  for (const u of rows) await createSession(ctx.db, u.id, ctx.clock.now());
  return rows;
}

const adminsLeft = async () => (await ctx.db.select({ n: count() }).from(users).where(eq(users.staffRole, "admin")))[0]!.n;
const openSessions = async (userId: string) =>
  (
    await ctx.db
      .select({ n: count() })
      .from(sessions)
      .where(and(eq(sessions.userId, userId), isNull(sessions.endedAt)))
  )[0]!.n;

/** Naive: count the administrators, then (in a separate statement) demote. */
async function naiveStepDown(db: Db, userId: string) {
  return db.transaction(async (tx) => {
    const [n] = await tx.select({ n: count() }).from(users).where(eq(users.staffRole, "admin"));
    if (n!.n <= 1) throw new FieldError("role", "lastAdmin");
    await tx.update(users).set({ staffRole: "staff" }).where(eq(users.id, userId));
  });
}

describe("the last administrator", () => {
  it(`${N} administrators stepping down or removed at once: all but one succeed, one administrator stays`, async () => {
    const list = await admins(N);
    const now = ctx.clock.now();
    // Every administrator is the target of exactly one attempt: half are demoted, half removed.
    const results = await underLoad<unknown>(N, (i) => {
      const target = list[i]!.id;
      const actorId = list[(i + 1) % N]!.id;
      return i % 2 === 0
        ? changeOfficeRole(ctx.db, { actorId, userId: target, role: "staff", now })
        : removeOfficeAccount(ctx.db, { actorId, userId: target, now });
    });
    expect(fulfilled(results)).toHaveLength(N - 1);
    const errors = rejected(results);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(FieldError);
    expect((errors[0] as FieldError).key).toBe("lastAdmin");
    expect(await adminsLeft()).toBe(1);
    // Everyone who lost the administrator role was signed out; the one left still is signed in.
    const [left] = await ctx.db.select().from(users).where(eq(users.staffRole, "admin"));
    for (const u of list) expect(await openSessions(u.id), u.email).toBe(u.id === left!.id ? 1 : 0);
  });

  it("control: a naive count-then-update lets every administrator step down", async () => {
    const list = await admins(N);
    const results = await underLoad(N, (i) => naiveStepDown(ctx.db, list[i]!.id));
    expect(fulfilled(results)).toHaveLength(N);
    expect(await adminsLeft()).toBe(0);
  });
});
