import type { Lang } from "../../src/core/i18n/index.js";
import { subsidyApplications } from "../../src/features/subsidies/schema.js";
import { signedIn, type TestCtx } from "./app.js";
import { makeBoard, makeOrg, seat } from "./fixtures.js";

/**
 * Applications in a given state for the office's tests, written straight into the table (the
 * board's side, which drafts and submits them, is tested on its own).
 */
let counter = 0;

/** An organisation with a current board whose members read mail in the languages given. */
export async function applicantOrg(ctx: TestCtx, name: string, members: { email: string; lang: Lang }[] = []) {
  const org = await makeOrg(ctx, name);
  const board = await makeBoard(ctx, org.id);
  const seated = [];
  for (const m of members) seated.push(await seat(ctx, board.id, m.email, { lang: m.lang, position: seated.length ? "other" : "chair" }));
  return { org, board, members: seated };
}

export type AppRow = typeof subsidyApplications.$inferInsert;

/** A submitted application of `orgId` asking €500 for an activity on 1–3 February 2027 (academic year 2026). */
export async function application(ctx: TestCtx, orgId: string, over: Partial<AppRow> = {}) {
  counter++;
  const now = ctx.clock.now();
  const [row] = await ctx.db
    .insert(subsidyApplications)
    .values({
      organisationId: orgId,
      year: 2026,
      status: "submitted",
      lang: "nl",
      reference: `S-2026-${String(counter).padStart(4, "0")}`,
      title: `Mindful mornings ${counter}`,
      description: "Three mornings of meditation for students.",
      targetGroup: "All students",
      requestedCents: 50_000,
      startsOn: "2027-02-01",
      endsOn: "2027-02-03",
      submittedAt: now,
      decisionDue: "2026-12-21",
      createdAt: now,
      updatedAt: now,
      ...over,
    })
    .returning();
  return row!;
}

/** An office account, signed in. */
export const officer = (ctx: TestCtx, email: string, role: "staff" | "admin" = "staff") => signedIn(ctx, email, { staffRole: role });
