import { and, asc, count, eq, inArray } from "drizzle-orm";
import { HOUR } from "../../src/core/clock.js";
import { outbox } from "../../src/core/mail/schema.js";
import { users } from "../../src/features/auth/schema.js";
import { boards, organisations } from "../../src/features/organisations/schema.js";
import { trainingRegistrations } from "../../src/features/training-registrations/schema.js";
import {
  acceptOffer,
  cancelRegistration,
  expireOffers,
  type LockOpts,
  register,
} from "../../src/features/training-registrations/service.js";
import type { TestCtx } from "./app.js";
import { makeOffering } from "./trainings.js";

/**
 * The trainings' race scenarios (issue 9), shared by test/concurrency/trainings.test.ts (real
 * PostgreSQL, with a negative control each) and test/trainings-rush.test.ts (PGlite, one
 * connection). Each scenario fires its attempts at once through `fire` and returns what it saw.
 */

export type Fire = <T>(n: number, attempt: (i: number) => Promise<T>) => Promise<PromiseSettledResult<T>[]>;

/** `n` organisations, each with a current board and a board member (plain batch inserts). */
export async function rushOrganisations(ctx: TestCtx, n: number, prefix = "org") {
  const orgs = await ctx.db
    .insert(organisations)
    .values(Array.from({ length: n }, (_, i) => ({ name: `${prefix} ${i}`, nameKey: `${prefix}${i}`, kind: "sports" as const })))
    .returning({ id: organisations.id });
  await ctx.db.insert(boards).values(orgs.map((o) => ({ organisationId: o.id, year: 2026, startsOn: "2026-09-01" })));
  const people = await ctx.db
    .insert(users)
    .values(orgs.map((_, i) => ({ email: `${prefix}-${i}@example.org` })))
    .returning({ id: users.id, email: users.email });
  return orgs.map((o, i) => ({ orgId: o.id, userId: people[i]!.id, email: people[i]!.email }));
}

const attempt = (
  ctx: TestCtx,
  offeringId: string,
  sessionId: string,
  who: { orgId: string; userId: string; email: string },
  i: number,
) => ({
  offeringId,
  sessionId,
  orgId: who.orgId,
  actorId: who.userId,
  year: 2026,
  participants: [{ name: `Person ${i}`, email: who.email, role: "chair" }],
  idempotencyKey: `rush-${i}`,
  lang: "nl" as const,
  now: ctx.clock.now(),
});

export async function byStatus(ctx: TestCtx, offeringId: string) {
  return ctx.db
    .select({
      id: trainingRegistrations.id,
      status: trainingRegistrations.status,
      queueNo: trainingRegistrations.queueNo,
      orgId: trainingRegistrations.organisationId,
    })
    .from(trainingRegistrations)
    .where(eq(trainingRegistrations.offeringId, offeringId))
    .orderBy(asc(trainingRegistrations.queueNo));
}

/** 1. `n` organisations register at once for a series of three dates capped at `cap` organisations. */
export async function registrationRush(ctx: TestCtx, fire: Fire, n: number, cap: number, opts: LockOpts = {}) {
  const { offering, sessions } = await makeOffering(ctx, { capacity: cap }, 3);
  const who = await rushOrganisations(ctx, n);
  const results = await fire(n, (i) => register(ctx.db, ctx.deps, attempt(ctx, offering.id, sessions[i % 3]!.id, who[i]!, i), opts));
  const rows = await byStatus(ctx, offering.id);
  return {
    offering,
    results,
    rows,
    confirmed: rows.filter((r) => r.status === "confirmed"),
    waiting: rows.filter((r) => r.status === "waiting"),
  };
}

/**
 * 1b. One organisation registers at once for each of `dates` dates of a series to choose one from,
 * with places counted per date (people): each a separate form (its own key), as from several tabs.
 * One date per organisation and series must hold: one active registration, every other attempt
 * refused as already registered.
 */
export async function seriesRush(ctx: TestCtx, fire: Fire, dates: number, opts: LockOpts = {}) {
  const { offering, sessions } = await makeOffering(ctx, { capacityUnit: "people", capacity: 10 }, dates);
  const [who] = await rushOrganisations(ctx, 1, "series");
  const results = await fire(dates, (i) =>
    register(ctx.db, ctx.deps, { ...attempt(ctx, offering.id, sessions[i]!.id, who!, i), idempotencyKey: `series-${i}` }, opts),
  );
  const rows = await byStatus(ctx, offering.id);
  return {
    offering,
    results,
    rows,
    active: rows.filter((r) => r.status === "confirmed" || r.status === "offered" || r.status === "waiting"),
  };
}

/**
 * 2. `cap` confirmed and `extra` waiting; `cancel` of the confirmed cancel at once. Every freed
 * place must become exactly one offer, each mailed once.
 */
export async function cancellationRush(ctx: TestCtx, fire: Fire, a: { cap: number; extra: number; cancel: number }, opts: LockOpts = {}) {
  const { offering, sessions } = await makeOffering(ctx, { capacity: a.cap }, 1);
  const who = await rushOrganisations(ctx, a.cap + a.extra);
  for (const [i, w] of who.entries()) await register(ctx.db, ctx.deps, attempt(ctx, offering.id, sessions[0]!.id, w, i));
  const confirmed = (await byStatus(ctx, offering.id)).filter((r) => r.status === "confirmed").slice(0, a.cancel);
  const results = await fire(confirmed.length, (i) =>
    cancelRegistration(
      ctx.db,
      ctx.deps,
      {
        id: confirmed[i]!.id,
        orgId: confirmed[i]!.orgId,
        actorId: who.find((w) => w.orgId === confirmed[i]!.orgId)!.userId,
        reason: null,
        now: ctx.clock.now(),
      },
      opts,
    ),
  );
  const rows = await byStatus(ctx, offering.id);
  const offered = rows.filter((r) => r.status === "offered");
  const offerMails = await ctx.db
    .select({ n: count() })
    .from(outbox)
    .where(and(eq(outbox.template, "training.offered")));
  const offeredEmails = who.filter((w) => offered.some((o) => o.orgId === w.orgId)).map((w) => w.email);
  const mailsPerOffered = offeredEmails.length
    ? await ctx.db
        .select({ to: outbox.to, n: count() })
        .from(outbox)
        .where(and(eq(outbox.template, "training.offered"), inArray(outbox.to, offeredEmails)))
        .groupBy(outbox.to)
    : [];
  return {
    results,
    rows,
    offered,
    holding: rows.filter((r) => r.status === "confirmed" || r.status === "offered").length,
    offerMails: offerMails[0]!.n,
    mailsPerOffered,
  };
}

/**
 * 3. `offers` organisations hold offers that lapse at T; at T − 1 ms each accepts while the job
 * expires offers at T. Each offer ends accepted or expired, never both, and no place is given twice.
 */
export async function acceptVersusExpiry(ctx: TestCtx, fire: Fire, a: { cap: number; offers: number; extra: number }, opts: LockOpts = {}) {
  const { offering, sessions } = await makeOffering(ctx, { capacity: a.cap, offerHours: 48 }, 1);
  const who = await rushOrganisations(ctx, a.cap + a.extra);
  for (const [i, w] of who.entries()) await register(ctx.db, ctx.deps, attempt(ctx, offering.id, sessions[0]!.id, w, i));
  // Free `offers` places: the first `offers` in line get offers that lapse 48 hours from now.
  const first = (await byStatus(ctx, offering.id)).filter((r) => r.status === "confirmed").slice(0, a.offers);
  for (const r of first)
    await cancelRegistration(ctx.db, ctx.deps, {
      id: r.id,
      orgId: r.orgId,
      actorId: who.find((w) => w.orgId === r.orgId)!.userId,
      reason: null,
      now: ctx.clock.now(),
    });
  const offered = (await byStatus(ctx, offering.id)).filter((r) => r.status === "offered");
  const lapse = ctx.clock.now().getTime() + 48 * HOUR;
  const results = await fire<unknown>(offered.length + 1, (i) =>
    i === offered.length
      ? expireOffers(ctx.db, ctx.deps, new Date(lapse), opts)
      : acceptOffer(
          ctx.db,
          ctx.deps,
          {
            id: offered[i]!.id,
            orgId: offered[i]!.orgId,
            actorId: who.find((w) => w.orgId === offered[i]!.orgId)!.userId,
            now: new Date(lapse - 1),
          },
          opts,
        ),
  );
  const rows = await byStatus(ctx, offering.id);
  const ended = rows.filter((r) => offered.some((o) => o.id === r.id));
  return {
    results,
    rows,
    offered,
    ended,
    holding: rows.filter((r) => r.status === "confirmed" || r.status === "offered").length,
  };
}
