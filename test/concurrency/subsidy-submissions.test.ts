/**
 * Subsidy submissions under load, on real PostgreSQL: one organisation submitting many
 * applications at once never passes its yearly maximum, and many organisations submitting at once
 * get distinct references in order. Each scenario runs through the real `submit` and again with
 * one of its locks switched off (`organisationLock: false`, `referenceLock: false`: the negative controls), which must break the invariant.
 */
import { eq, inArray } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FieldError } from "../../src/core/errors.js";
import { createDraft, saveDraft, submit } from "../../src/features/subsidies/applications.js";
import { subsidyApplications } from "../../src/features/subsidies/schema.js";
import { setupApp } from "../helpers/app.js";
import { driver } from "../helpers/db.js";
import * as fixtures from "../helpers/fixtures.js";
import { burst, fulfilled, rejected, slowStatements } from "./inject.js";

if (driver !== "postgres") throw new Error("test/concurrency runs on PostgreSQL only (TEST_DATABASE_URL, project postgres)");

const ctx = setupApp();
const POOL_SIZE = 20;
let slow: ReturnType<typeof slowStatements>;
beforeEach(() => {
  slow = slowStatements(ctx.db);
});
afterEach(() => slow.set(0));

let n = 0;
async function drafts(orgs: number, perOrg: number, requestedCents: number) {
  const out: { orgId: string; actor: string; id: string }[] = [];
  for (let o = 0; o < orgs; o++) {
    const org = await fixtures.makeOrg(ctx, `Org ${++n}`);
    const board = await fixtures.makeBoard(ctx, org.id);
    const { user } = await fixtures.seat(ctx, board.id, `chair${n}@example.org`);
    for (let i = 0; i < perOrg; i++) {
      const d = await createDraft(ctx.db, ctx.deps.env, {
        orgId: org.id,
        actor: user.id,
        key: `k-${n}-${i}-0123456789abc`,
        lang: "nl",
        now: ctx.clock.now(),
      });
      await saveDraft(ctx.db, ctx.deps.env, {
        id: d.id,
        orgId: org.id,
        lang: "nl",
        now: ctx.clock.now(),
        lines: [{ item: "Hall", amountCents: requestedCents }],
        fields: {
          title: `Activity ${i}`,
          description: "d",
          aim: "a",
          targetGroup: "t",
          expectedParticipants: 10,
          startsOn: "2027-01-20",
          endsOn: "2027-01-20",
          place: "p",
          partners: "",
          otherIncomeCents: 0,
          requestedCents,
          contactName: "c",
          contactEmail: "c@example.org",
          contactPhone: "",
        },
      });
      out.push({ orgId: org.id, actor: user.id, id: d.id });
    }
  }
  return out;
}

async function rush(
  list: Awaited<ReturnType<typeof drafts>>,
  lock: { organisationLock?: boolean; referenceLock?: boolean },
  pauseMs: number,
) {
  await slow.warm(POOL_SIZE);
  slow.set(pauseMs);
  try {
    return await burst(list.length, (i) => submit(ctx.db, ctx.deps, { ...list[i]!, now: ctx.clock.now() }, lock));
  } finally {
    expect(slow.maxBusy()).toBeGreaterThanOrEqual(Math.min(list.length, POOL_SIZE) / 2);
    slow.set(0);
  }
}

const submitted = async (ids: string[]) =>
  (await ctx.db.select().from(subsidyApplications).where(inArray(subsidyApplications.id, ids))).filter((a) => a.status === "submitted");

describe("one organisation submits ten applications of €500 at once (at most €2,000 a year)", () => {
  it("submits exactly four; the others are refused on the organisation's limit", async () => {
    const list = await drafts(1, 10, 50_000);
    const results = await rush(list, {}, 2);
    const refusals = rejected(results);
    expect(refusals).toHaveLength(6);
    expect(refusals.every((e) => e instanceof FieldError && e.key === "subsidyAboveOrganisationLimit")).toBe(true);
    const done = await submitted(list.map((l) => l.id));
    expect(done).toHaveLength(4);
    expect(done.map((a) => a.reference).sort()).toEqual(["S-2026-001", "S-2026-002", "S-2026-003", "S-2026-004"]);
  });

  it("control: without the organisation's lock it passes its limit", async () => {
    const list = await drafts(1, 10, 50_000);
    await rush(list, { organisationLock: false }, 20);
    const done = await submitted(list.map((l) => l.id));
    expect(done.reduce((s, a) => s + (a.requestedCents ?? 0), 0)).toBeGreaterThan(200_000);
  });
});

describe("twenty organisations submit at once", () => {
  it("get twenty distinct references, S-2026-001 to S-2026-020, without an error", async () => {
    const list = await drafts(20, 1, 10_000);
    const results = await rush(list, {}, 2);
    expect(rejected(results)).toEqual([]);
    expect(fulfilled(results)).toHaveLength(20);
    const refs = (await submitted(list.map((l) => l.id))).map((a) => a.reference).sort();
    expect(refs).toEqual(Array.from({ length: 20 }, (_, i) => `S-2026-${String(i + 1).padStart(3, "0")}`));
  });

  it("control: without the reference lock two take the same number (the unique index refuses one)", async () => {
    const list = await drafts(20, 1, 10_000);
    const results = await rush(list, { referenceLock: false }, 20);
    expect(rejected(results).length).toBeGreaterThan(0);
    const [one] = await ctx.db.select().from(subsidyApplications).where(eq(subsidyApplications.id, list[0]!.id));
    expect(one).toBeDefined();
  });
});
