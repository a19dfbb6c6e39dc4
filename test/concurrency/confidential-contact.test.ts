/**
 * The confidential contact under load, on real PostgreSQL: many students write to the same
 * organisation at the same moment. Each listener gets exactly one "you have new messages" mail
 * (the per-listener notice is claimed by a conditional upsert on the listener's row); the
 * negative control runs the same with that guard switched off (read, then write) and must mail a
 * listener more than once, so the test is known to catch the race.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { DAY } from "../../src/core/clock.js";
import { startConversation } from "../../src/features/confidential-contact/service.js";
import { keyFigures } from "../../src/features/key-figures/schema.js";
import { organisations } from "../../src/features/organisations/schema.js";
import type { NoticeOpts } from "../../src/features/peer-listeners/notices.js";
import { listenerNotices, listenerProfiles } from "../../src/features/peer-listeners/schema.js";
import { mailsTo, setupApp, signedIn } from "../helpers/app.js";
import { driver } from "../helpers/db.js";
import { burst, fulfilled, rejected, slowStatements } from "./inject.js";

if (driver !== "postgres") throw new Error("test/concurrency runs on PostgreSQL only (TEST_DATABASE_URL, project postgres)");

const ctx = setupApp();
const POOL_SIZE = 20;
const STUDENTS = 30;
const LISTENERS = ["one@listen.example.org", "two@listen.example.org", "three@listen.example.org"];
let slow: ReturnType<typeof slowStatements>;
beforeEach(() => {
  slow = slowStatements(ctx.db);
});
afterEach(() => slow.set(0));

const seen: Record<string, unknown> = {};
afterAll(() => console.log(`confidential contact under load:\n${JSON.stringify(seen, null, 1)}`));

async function organisationWithListeners() {
  const [org] = await ctx.db.insert(organisations).values({ name: "Gamma Guild", nameKey: "gammaguild", kind: "sports" }).returning();
  for (const email of LISTENERS) {
    const { user } = await signedIn(ctx, email);
    const [kf] = await ctx.db
      .insert(keyFigures)
      .values({
        organisationId: org!.id,
        email,
        role: "peer_listener",
        status: "active",
        userId: user.id,
        tokenHash: `h-${email}`,
        expiresAt: new Date(ctx.clock.now().getTime() + DAY),
      })
      .returning();
    await ctx.db.insert(listenerProfiles).values({ keyFigureId: kf!.id, displayName: email.split("@")[0]!, status: "active" });
  }
  return org!;
}

/** `STUDENTS` students write to the organisation's team at once, every statement's result `pauseMs` late. */
async function rush(pauseMs: number, opts: NoticeOpts = {}) {
  const org = await organisationWithListeners();
  const now = ctx.clock.now();
  await slow.warm(POOL_SIZE);
  slow.set(pauseMs);
  let results: PromiseSettledResult<unknown>[];
  try {
    results = await burst(STUDENTS, (i) =>
      startConversation(
        ctx.db,
        ctx.deps,
        { orgId: org.id, listener: null, lang: "nl", message: `student ${i}`, name: null, email: null, consent: false },
        now,
        opts,
      ),
    );
    expect(slow.maxBusy()).toBeGreaterThanOrEqual(POOL_SIZE);
  } finally {
    slow.set(0);
  }
  const mails = await Promise.all(LISTENERS.map(async (to) => (await mailsTo(ctx, to)).length));
  return { results, mails };
}

describe(`${STUDENTS} students write to the same organisation at the same moment`, () => {
  it("every conversation starts, and each listener gets exactly one mail", async () => {
    const r = await rush(5);
    expect(rejected(r.results)).toEqual([]);
    expect(fulfilled(r.results)).toHaveLength(STUDENTS);
    expect(r.mails).toEqual(LISTENERS.map(() => 1));
    // The rest is held back for the hour's end: one pending notice per listener, none lost.
    const notices = await ctx.db.select().from(listenerNotices);
    expect(notices.map((n) => n.pending)).toEqual(LISTENERS.map(() => true));
    seen.guarded = { mails: r.mails };
  });

  it("control: without the guard a listener is mailed more than once", async () => {
    const r = await rush(20, { guard: false });
    expect(fulfilled(r.results)).toHaveLength(STUDENTS);
    expect(Math.max(...r.mails)).toBeGreaterThan(1);
    seen.unguarded = { mails: r.mails };
  });
});
