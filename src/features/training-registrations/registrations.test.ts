import { and, asc, eq } from "drizzle-orm";
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { mailsTo, setupApp, signedIn } from "../../../test/helpers/app.js";
import * as fixtures from "../../../test/helpers/fixtures.js";
import { makeOffering, participants } from "../../../test/helpers/trainings.js";
import { HOUR } from "../../core/clock.js";
import { FieldError, violatedUnique } from "../../core/errors.js";
import { outbox } from "../../core/mail/schema.js";
import { users } from "../auth/schema.js";
import { boardMembers } from "../organisations/schema.js";
import { updateOffering } from "../trainings/service.js";
import { editOfferingSession, registrationCounts } from "./office.js";
import { trainingParticipants, trainingRegistrations } from "./schema.js";
import { acceptOffer, cancelRegistration, capacityChanged, expireOffers, register, waitingPosition } from "./service.js";

const ctx = setupApp();

async function orgs(n: number) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const org = await fixtures.makeOrg(ctx, `Vereniging ${String.fromCharCode(65 + i)}`);
    const board = await fixtures.makeBoard(ctx, org.id);
    const { user } = await signedIn(ctx, `board${i}@example.org`);
    out.push({ org, board, user });
  }
  return out;
}

const input = (offeringId: string, sessionId: string | null, who: { org: { id: string }; user: { id: string } }, extra = {}) => ({
  offeringId,
  sessionId,
  orgId: who.org.id,
  actorId: who.user.id,
  year: 2026,
  participants: participants(1, who.org.id.slice(0, 4)),
  idempotencyKey: null,
  lang: "nl" as const,
  now: ctx.clock.now(),
  ...extra,
});

const statuses = async (offeringId: string) =>
  (
    await ctx.db
      .select({ org: trainingRegistrations.organisationId, status: trainingRegistrations.status })
      .from(trainingRegistrations)
      .where(eq(trainingRegistrations.offeringId, offeringId))
      .orderBy(asc(trainingRegistrations.queueNo))
  ).map((r) => r.status);

describe("registering for an offering with a cap in organisations", () => {
  it("confirms up to the cap across all dates, then puts organisations on the waiting list in arrival order", async () => {
    const { offering, sessions } = await makeOffering(ctx, { capacity: 2 }, 3);
    const who = await orgs(4);
    for (const [i, w] of who.entries()) await register(ctx.db, ctx.deps, input(offering.id, sessions[i % 3]!.id, w));
    expect(await statuses(offering.id)).toEqual(["confirmed", "confirmed", "waiting", "waiting"]);
    const [third] = await ctx.db.select().from(trainingRegistrations).where(eq(trainingRegistrations.organisationId, who[3]!.org.id));
    expect(await waitingPosition(ctx.db, third!)).toBe(2);
    // Mail: a confirmation with an .ics that parses back with the session's UID and time zone.
    const [mail] = await mailsTo(ctx, "board0@example.org");
    expect(mail!.subject).toContain("Aangemeld");
    const [row] = await ctx.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.to, "board0@example.org")));
    const ics = row!.attachments[0]!.content;
    const comp = new ICAL.Component(ICAL.parse(ics));
    const ev = comp.getFirstSubcomponent("vevent")!;
    expect(ev.getFirstPropertyValue("uid")).toBe(`${sessions[0]!.id}@localhost:3000`);
    expect(comp.getFirstSubcomponent("vtimezone")!.getFirstPropertyValue("tzid")).toBe("Europe/Amsterdam");
    expect(String(ev.getFirstPropertyValue("dtstart"))).toBe("2026-12-10T11:30:00");
    // A mailed invitation names who sends it (RFC 5546): the office, in the mail's language.
    const organizer = ev.getFirstProperty("organizer")!;
    expect(organizer.getFirstValue()).toBe(`mailto:${ctx.deps.env.OFFICE_EMAIL}`);
    expect(organizer.getParameter("cn")).toBe(ctx.deps.env.OFFICE_NAME_NL);
    // And each recipient's copy names them as the attendee.
    expect(ev.getFirstPropertyValue("attendee")).toBe("mailto:board0@example.org");
  });

  it("refuses a second active registration of the same organisation, and a resent form returns the first", async () => {
    const { offering, sessions } = await makeOffering(ctx, { capacity: 5 }, 2);
    const [a] = await orgs(1);
    const first = await register(ctx.db, ctx.deps, input(offering.id, sessions[0]!.id, a!, { idempotencyKey: "k1" }));
    const again = await register(ctx.db, ctx.deps, input(offering.id, sessions[0]!.id, a!, { idempotencyKey: "k1" }));
    expect(again!.repeated).toBe(true);
    expect(again!.registration.id).toBe(first!.registration.id);
    await expect(register(ctx.db, ctx.deps, input(offering.id, sessions[1]!.id, a!, { idempotencyKey: "k2" }))).rejects.toEqual(
      new FieldError("session", "alreadyRegistered"),
    );
  });

  it("at the same moment (one group under the lock): a resent form returns the first, a second registration is refused", async () => {
    const { offering, sessions } = await makeOffering(ctx, { capacity: 5 }, 2);
    const [a] = await orgs(1);
    const [one, twin, other] = await Promise.allSettled([
      register(ctx.db, ctx.deps, input(offering.id, sessions[0]!.id, a!, { idempotencyKey: "k1" })),
      register(ctx.db, ctx.deps, input(offering.id, sessions[0]!.id, a!, { idempotencyKey: "k1" })),
      register(ctx.db, ctx.deps, input(offering.id, sessions[0]!.id, a!, { idempotencyKey: "k2" })),
    ]);
    expect(one.status).toBe("fulfilled");
    expect(twin.status).toBe("fulfilled");
    const first = (one as PromiseFulfilledResult<Awaited<ReturnType<typeof register>>>).value!;
    const second = (twin as PromiseFulfilledResult<Awaited<ReturnType<typeof register>>>).value!;
    expect(second.registration.id).toBe(first.registration.id);
    expect([first.repeated, second.repeated].sort()).toEqual([false, true]);
    expect(other).toEqual({ status: "rejected", reason: new FieldError("session", "alreadyRegistered") });
    const rows = await ctx.db.select().from(trainingRegistrations).where(eq(trainingRegistrations.offeringId, offering.id));
    expect(rows).toHaveLength(1);
    // One confirmation to the board member and one to the participant, not two of each.
    expect(await mailsTo(ctx, "board0@example.org")).toHaveLength(1);
  });

  it("keeps what was typed exactly, odd characters included, when a group writes its registrations together", async () => {
    const { offering, sessions } = await makeOffering(ctx, { capacity: 5 }, 1);
    const [a, b, c] = await orgs(3);
    const odd = ['Zoë "Z" O\'Neil, {jr}', "back\\slash \u{1F600} ‮rtl", "NULL", ""];
    const people = (tag: string) =>
      odd.slice(0, 3).map((name, i) => ({ name, email: `${tag}${i}@example.org`, role: i === 2 ? odd[3]! : "{a,b}" }));
    const key = 'k "1" {x}';
    // Three at once: the first alone, the other two written together by their group.
    const results = await Promise.all([
      register(ctx.db, ctx.deps, input(offering.id, sessions[0]!.id, a!, { participants: people("a"), idempotencyKey: key })),
      register(ctx.db, ctx.deps, input(offering.id, sessions[0]!.id, b!, { participants: people("b"), idempotencyKey: key })),
      register(ctx.db, ctx.deps, input(offering.id, sessions[0]!.id, c!, { participants: people("c"), idempotencyKey: key })),
    ]);
    expect(new Set(results.map((r) => r!.registration.id)).size).toBe(3);
    const rows = await ctx.db
      .select()
      .from(trainingParticipants)
      .where(eq(trainingParticipants.registrationId, results[1]!.registration.id))
      .orderBy(asc(trainingParticipants.sort));
    expect(rows.map((r) => [r.name, r.email, r.role, r.sort])).toEqual(people("b").map((p, i) => [p.name, p.email, p.role, i]));
    const [stored] = await ctx.db.select().from(trainingRegistrations).where(eq(trainingRegistrations.id, results[1]!.registration.id));
    // What `register` answered is what was stored.
    expect(results[1]!.registration).toEqual(stored);
    expect(stored!.idempotencyKey).toBe(key);
  });

  it("a form sent again after registration closed still lands on the first registration", async () => {
    const closes = new Date(ctx.clock.now().getTime() + HOUR);
    const { offering, sessions } = await makeOffering(ctx, { capacity: 5, closesAt: closes }, 2);
    const [a] = await orgs(1);
    const first = await register(ctx.db, ctx.deps, input(offering.id, sessions[0]!.id, a!, { idempotencyKey: "k1" }));
    ctx.clock.advance(2 * HOUR);
    const again = await register(ctx.db, ctx.deps, input(offering.id, sessions[0]!.id, a!, { idempotencyKey: "k1", now: ctx.clock.now() }));
    expect(again).toEqual({ registration: first!.registration, repeated: true });
    // A new form after closing is refused.
    await expect(
      register(ctx.db, ctx.deps, input(offering.id, sessions[1]!.id, a!, { idempotencyKey: "k2", now: ctx.clock.now() })),
    ).rejects.toEqual(new FieldError("session", "registrationClosed"));
  });

  it("keeps opening and closing times and the per-organisation limit", async () => {
    const opens = new Date(ctx.clock.now().getTime() + HOUR);
    const { offering, sessions } = await makeOffering(ctx, { opensAt: opens, maxPerOrganisation: 2 });
    const [a] = await orgs(1);
    await expect(register(ctx.db, ctx.deps, input(offering.id, sessions[0]!.id, a!))).rejects.toEqual(
      new FieldError("session", "registrationNotOpen"),
    );
    ctx.clock.advance(HOUR);
    await expect(
      register(ctx.db, ctx.deps, input(offering.id, sessions[0]!.id, a!, { now: ctx.clock.now(), participants: participants(3) })),
    ).rejects.toEqual(new FieldError("participants", "participantsMax"));
  });
});

describe("a series of dates to choose one from, with places counted per date", () => {
  const rows = async (offeringId: string) =>
    ctx.db
      .select({ org: trainingRegistrations.organisationId, session: trainingRegistrations.sessionId, status: trainingRegistrations.status })
      .from(trainingRegistrations)
      .where(eq(trainingRegistrations.offeringId, offeringId));

  for (const capacityUnit of ["people", "boards"] as const) {
    it(`holds one date per organisation when places count ${capacityUnit} (a second date is refused, nothing written)`, async () => {
      const { offering, sessions } = await makeOffering(ctx, { capacityUnit, capacity: 5 }, 2);
      const [a, b] = await orgs(2);
      await register(ctx.db, ctx.deps, input(offering.id, sessions[0]!.id, a!, { idempotencyKey: "k1" }));
      await expect(register(ctx.db, ctx.deps, input(offering.id, sessions[1]!.id, a!, { idempotencyKey: "k2" }))).rejects.toEqual(
        new FieldError("session", "alreadyRegistered"),
      );
      // Another organisation takes the second date; the same form sent again returns the first.
      await register(ctx.db, ctx.deps, input(offering.id, sessions[1]!.id, b!));
      const again = await register(ctx.db, ctx.deps, input(offering.id, sessions[0]!.id, a!, { idempotencyKey: "k1" }));
      expect(again!.repeated).toBe(true);
      expect(await rows(offering.id)).toHaveLength(2);
      expect((await rows(offering.id)).filter((r) => r.org === a!.org.id)).toEqual([
        { org: a!.org.id, session: sessions[0]!.id, status: "confirmed" },
      ]);
      // A cancelled registration no longer holds the series: the organisation may pick the other date.
      const [mine] = await ctx.db.select().from(trainingRegistrations).where(eq(trainingRegistrations.organisationId, a!.org.id));
      await cancelRegistration(ctx.db, ctx.deps, {
        id: mine!.id,
        orgId: a!.org.id,
        actorId: a!.user.id,
        reason: null,
        now: ctx.clock.now(),
      });
      expect(
        (await register(ctx.db, ctx.deps, input(offering.id, sessions[1]!.id, a!, { idempotencyKey: "k3" })))!.registration.status,
      ).toBe("confirmed");
    });
  }

  it("at the same moment (one group under the lock): two dates for one organisation give one registration", async () => {
    const { offering, sessions } = await makeOffering(ctx, { capacityUnit: "people", capacity: 5 }, 2);
    const [a] = await orgs(1);
    const [one, twin, other] = await Promise.allSettled([
      register(ctx.db, ctx.deps, input(offering.id, sessions[0]!.id, a!, { idempotencyKey: "k1" })),
      register(ctx.db, ctx.deps, input(offering.id, sessions[0]!.id, a!, { idempotencyKey: "k1" })),
      register(ctx.db, ctx.deps, input(offering.id, sessions[1]!.id, a!, { idempotencyKey: "k2" })),
    ]);
    expect(one.status).toBe("fulfilled");
    expect(twin.status).toBe("fulfilled");
    expect(other).toEqual({ status: "rejected", reason: new FieldError("session", "alreadyRegistered") });
    expect(await rows(offering.id)).toEqual([{ org: a!.org.id, session: sessions[0]!.id, status: "confirmed" }]);
  });

  it("keeps one date per organisation in the database too: the series index refuses a second active row the check did not see", async () => {
    const { offering, sessions } = await makeOffering(ctx, { capacityUnit: "people", capacity: 5 }, 3);
    const [a, b] = await orgs(2);
    const first = await register(ctx.db, ctx.deps, input(offering.id, sessions[0]!.id, a!, { idempotencyKey: "k1" }));
    expect(first!.registration).toMatchObject({ series: true, scopeId: sessions[0]!.id });
    // Written past `register` (as a race without the lock would): every active status is refused on another date.
    const row = (who: typeof a, sessionId: string, status: "confirmed" | "offered" | "waiting" | "cancelled") => ({
      offeringId: offering.id,
      sessionId,
      scopeId: sessionId,
      series: true,
      organisationId: who!.org.id,
      year: 2026,
      status,
      offerExpiresAt: status === "offered" ? ctx.clock.now() : null,
      lang: "nl" as const,
      createdAt: ctx.clock.now(),
      updatedAt: ctx.clock.now(),
    });
    const refusedBy = (p: Promise<unknown>) =>
      p.then(
        () => null,
        (err: unknown) => violatedUnique(err),
      );
    for (const status of ["confirmed", "offered", "waiting"] as const)
      expect(await refusedBy(ctx.db.insert(trainingRegistrations).values(row(a, sessions[1]!.id, status))), status).toBe(
        "training_registrations_series_idx",
      );
    // What the index lets through: another organisation, and a registration that holds nothing.
    await ctx.db.insert(trainingRegistrations).values(row(b, sessions[1]!.id, "confirmed"));
    await ctx.db.insert(trainingRegistrations).values(row(a, sessions[2]!.id, "cancelled"));
    expect((await rows(offering.id)).filter((r) => r.org === a!.org.id && r.status !== "cancelled")).toHaveLength(1);
    // Dates that are not a series to choose from (a single session offered twice) are not bound by it.
    const single = await makeOffering(ctx, { slug: "single", format: "single", capacityUnit: "people", capacity: 5 }, 2);
    const one = await register(ctx.db, ctx.deps, input(single.offering.id, single.sessions[0]!.id, a!));
    expect(one!.registration.series).toBe(false);
    const two = await register(ctx.db, ctx.deps, input(single.offering.id, single.sessions[1]!.id, a!));
    expect(two!.registration).toMatchObject({ series: false, status: "confirmed" });
  });

  it("counts people per date: a group that does not fit waits, keeps the rest of that date's line waiting, and is offered a place once it fits", async () => {
    const { offering, sessions } = await makeOffering(ctx, { capacityUnit: "people", capacity: 3 }, 2);
    const [a, b, c, d, e] = await orgs(5);
    const two = { participants: participants(2, "x") };
    const status = async (who: { org: { id: string } }) => (await rows(offering.id)).find((r) => r.org === who.org.id)!.status;
    const cancel = async (who: { org: { id: string }; user: { id: string } }) => {
      const [mine] = await ctx.db.select().from(trainingRegistrations).where(eq(trainingRegistrations.organisationId, who.org.id));
      await cancelRegistration(ctx.db, ctx.deps, {
        id: mine!.id,
        orgId: who.org.id,
        actorId: who.user.id,
        reason: null,
        now: ctx.clock.now(),
      });
    };
    await register(ctx.db, ctx.deps, input(offering.id, sessions[0]!.id, a!, two));
    await register(ctx.db, ctx.deps, input(offering.id, sessions[0]!.id, e!));
    expect([await status(a!), await status(e!)]).toEqual(["confirmed", "confirmed"]);
    // The first date is full (three people): two people wait, and one person after them waits too.
    await register(ctx.db, ctx.deps, input(offering.id, sessions[0]!.id, b!, two));
    await register(ctx.db, ctx.deps, input(offering.id, sessions[0]!.id, c!));
    expect([await status(b!), await status(c!)]).toEqual(["waiting", "waiting"]);
    // The other date has its own places.
    await register(ctx.db, ctx.deps, input(offering.id, sessions[1]!.id, d!, two));
    expect(await status(d!)).toBe("confirmed");
    const counts = await registrationCounts(ctx.db, [offering.id]);
    expect(counts.sessions.get(sessions[0]!.id)).toEqual({ confirmed: 2, offered: 0, waiting: 2, people: 3 });
    expect(counts.offerings.get(offering.id)).toEqual({ confirmed: 3, offered: 0, waiting: 2, people: 5 });
    // One place frees up: not enough for the first in line (two people), and nobody overtakes them.
    await cancel(e!);
    expect([await status(b!), await status(c!)]).toEqual(["waiting", "waiting"]);
    // Two more: three places, for the first in line and the one after them.
    await cancel(a!);
    expect([await status(b!), await status(c!)]).toEqual(["offered", "offered"]);
  });
});

/** The .ics of the mail `template` to `to`, parsed back: its method, and its event's status and UID (without the host). */
async function icsOf(to: string, template: string) {
  const [row] = await ctx.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.to, to), eq(outbox.template, template)));
  const ics = row?.attachments[0]?.content;
  if (!ics) return null;
  const comp = new ICAL.Component(ICAL.parse(ics));
  const ev = comp.getFirstSubcomponent("vevent")!;
  return {
    method: comp.getFirstPropertyValue("method"),
    status: ev.getFirstPropertyValue("status"),
    uid: String(ev.getFirstPropertyValue("uid")).split("@")[0],
  };
}

describe("the waiting list", () => {
  it("offers a freed place to the first in line, which expires after the offer hours and passes on", async () => {
    const { offering, sessions } = await makeOffering(ctx, { capacity: 1, offerHours: 48 });
    const who = await orgs(3);
    const regs = [];
    for (const w of who) regs.push((await register(ctx.db, ctx.deps, input(offering.id, sessions[0]!.id, w)))!.registration);
    await cancelRegistration(ctx.db, ctx.deps, {
      id: regs[0]!.id,
      orgId: who[0]!.org.id,
      actorId: who[0]!.user.id,
      reason: null,
      now: ctx.clock.now(),
    });
    expect(await statuses(offering.id)).toEqual(["cancelled", "offered", "waiting"]);
    expect((await mailsTo(ctx, "board1@example.org")).map((m) => m.subject)).toContain("Er is een plek vrij: Gaat het?");
    // The waiting-list place and the offer carry the date as tentative; the lapsed offer cancels it.
    expect(await icsOf("board2@example.org", "training.waiting")).toEqual({ method: "REQUEST", status: "TENTATIVE", uid: sessions[0]!.id });
    expect(await icsOf("board1@example.org", "training.offered")).toEqual({ method: "REQUEST", status: "TENTATIVE", uid: sessions[0]!.id });
    expect(await icsOf("board0@example.org", "training.confirmed")).toEqual({
      method: "REQUEST",
      status: "CONFIRMED",
      uid: sessions[0]!.id,
    });
    // Accepting after the offer lapsed is refused; the job passes it on.
    ctx.clock.advance(48 * HOUR);
    await expect(
      acceptOffer(ctx.db, ctx.deps, { id: regs[1]!.id, orgId: who[1]!.org.id, actorId: who[1]!.user.id, now: ctx.clock.now() }),
    ).rejects.toEqual(new FieldError("offer", "offerExpired"));
    expect(await expireOffers(ctx.db, ctx.deps, ctx.clock.now())).toBe(1);
    expect(await statuses(offering.id)).toEqual(["cancelled", "expired", "offered"]);
    expect(await icsOf("board1@example.org", "training.expired")).toEqual({ method: "CANCEL", status: "CANCELLED", uid: sessions[0]!.id });
    await acceptOffer(ctx.db, ctx.deps, { id: regs[2]!.id, orgId: who[2]!.org.id, actorId: who[2]!.user.id, now: ctx.clock.now() });
    expect(await statuses(offering.id)).toEqual(["cancelled", "expired", "confirmed"]);
  });

  it("makes offers at once when the office raises the capacity, and promotes directly where the offering says so", async () => {
    const { offering, sessions } = await makeOffering(ctx, { capacity: 1, autoPromote: true });
    const who = await orgs(3);
    for (const w of who) await register(ctx.db, ctx.deps, input(offering.id, sessions[0]!.id, w));
    await ctx.db.transaction(async (tx) => {
      await updateOffering(tx, who[0]!.user.id, offering.id, { capacity: 3 }, ctx.clock.now());
      await capacityChanged(tx, ctx.deps, offering.id, ctx.clock.now());
    });
    expect(await statuses(offering.id)).toEqual(["confirmed", "confirmed", "confirmed"]);
  });

  it("gives each mail of a group its own calendar: its date, held or tentative", async () => {
    const { offering, sessions } = await makeOffering(ctx, { capacity: 2 }, 2);
    const who = await orgs(4);
    const dates = [0, 0, 1, 0];
    // Arriving together: one group under the lock, whose mails share calendars where they may.
    await Promise.all(who.map((w, i) => register(ctx.db, ctx.deps, input(offering.id, sessions[dates[i]!]!.id, w))));
    const rows = await ctx.db.select().from(trainingRegistrations).where(eq(trainingRegistrations.offeringId, offering.id));
    for (const [i, w] of who.entries()) {
      const reg = rows.find((r) => r.organisationId === w.org.id)!;
      const held = reg.status === "confirmed";
      expect(await icsOf(`board${i}@example.org`, held ? "training.confirmed" : "training.waiting")).toEqual({
        method: "REQUEST",
        status: held ? "CONFIRMED" : "TENTATIVE",
        uid: sessions[dates[i]!]!.id,
      });
    }
    expect(rows.filter((r) => r.status === "confirmed")).toHaveLength(2);
  });

  it("makes offers at once when the office raises a date's own capacity", async () => {
    const { offering, sessions } = await makeOffering(ctx, { capacityUnit: "people", capacity: null }, 1, 1);
    const who = await orgs(3);
    for (const w of who) await register(ctx.db, ctx.deps, input(offering.id, sessions[0]!.id, w));
    expect(await statuses(offering.id)).toEqual(["confirmed", "waiting", "waiting"]);
    const s = sessions[0]!;
    const edit = { startsAt: s.startsAt, endsAt: s.endsAt, location: s.location, onlineUrl: s.onlineUrl, capacity: 2 };
    await editOfferingSession(ctx.db, ctx.deps, {
      actorId: who[0]!.user.id,
      offeringId: offering.id,
      sessionId: s.id,
      input: edit,
      now: ctx.clock.now(),
    });
    expect(await statuses(offering.id)).toEqual(["confirmed", "offered", "waiting"]);
    expect((await mailsTo(ctx, "board1@example.org")).map((m) => m.subject)).toContain("Er is een plek vrij: Gaat het?");
  });

  it("lets an organisation cancel only until the deadline before its date", async () => {
    const { offering, sessions } = await makeOffering(ctx, { capacity: 3, cancelHoursBefore: 48 });
    const [a] = await orgs(1);
    const { registration } = (await register(ctx.db, ctx.deps, input(offering.id, sessions[0]!.id, a!)))!;
    ctx.clock.set(new Date(sessions[0]!.startsAt.getTime() - 47 * HOUR));
    await expect(
      cancelRegistration(ctx.db, ctx.deps, {
        id: registration.id,
        orgId: a!.org.id,
        actorId: a!.user.id,
        reason: null,
        now: ctx.clock.now(),
      }),
    ).rejects.toEqual(new FieldError("registration", "cancelDeadlinePassed"));
    // The office still can, with a reason.
    const done = await cancelRegistration(ctx.db, ctx.deps, {
      id: registration.id,
      actorId: a!.user.id,
      reason: "Ziek",
      now: ctx.clock.now(),
    });
    expect(done!.status).toBe("cancelled");
  });
});

describe("reminders and retention", () => {
  it("reminds confirmed registrations two days before, once, with the date attached", async () => {
    const { offering, sessions } = await makeOffering(ctx, { capacity: 2 });
    const who = await orgs(3);
    for (const w of who) await register(ctx.db, ctx.deps, input(offering.id, sessions[0]!.id, w));
    const { sendReminders } = await import("./reminders.js");
    ctx.clock.set(new Date(sessions[0]!.startsAt.getTime() - 49 * HOUR));
    expect(await sendReminders(ctx.db, ctx.deps, ctx.clock.now())).toBe(0);
    ctx.clock.advance(2 * HOUR);
    expect(await sendReminders(ctx.db, ctx.deps, ctx.clock.now())).toBe(2);
    expect(await sendReminders(ctx.db, ctx.deps, ctx.clock.now())).toBe(0);
    const subjects = (await mailsTo(ctx, "board0@example.org")).map((m) => m.subject);
    expect(subjects.filter((s) => s.startsWith("Herinnering"))).toHaveLength(1);
    // The date attached: the session's event, held.
    expect(await icsOf("board0@example.org", "training.reminder")).toEqual({
      method: "REQUEST",
      status: "CONFIRMED",
      uid: sessions[0]!.id,
    });
    // The one on the waiting list is not reminded.
    expect((await mailsTo(ctx, "board2@example.org")).map((m) => m.subject).filter((s) => s.startsWith("Herinnering"))).toEqual([]);
  });

  it("erases participants' names and addresses the retention period after the last date, and exports and erases a person's part", async () => {
    const { offering, sessions } = await makeOffering(ctx, { capacity: 2 });
    const [a] = await orgs(1);
    const { registration } = (await register(
      ctx.db,
      ctx.deps,
      input(offering.id, sessions[0]!.id, a!, { participants: participants(2, "x") }),
    ))!;
    const { trainingsPrivacy, purgeTrainingPersonalData } = await import("./privacy.js");
    const exported = (await trainingsPrivacy.export(ctx.db, { id: a!.user.id, email: "x0@example.org", name: null })) as {
      registrations: { registeredByYou: boolean; you: { email: string }[] }[];
    };
    expect(exported.registrations).toHaveLength(1);
    expect(exported.registrations[0]!.registeredByYou).toBe(true);
    expect(exported.registrations[0]!.you[0]!.email).toBe("x0@example.org");
    const keep = 730 * 24 * HOUR;
    expect(await purgeTrainingPersonalData(ctx.db, new Date(sessions[0]!.endsAt.getTime() + keep - HOUR), keep)).toBe(0);
    expect(await purgeTrainingPersonalData(ctx.db, new Date(sessions[0]!.endsAt.getTime() + keep + HOUR), keep)).toBe(2);
    const { trainingParticipants } = await import("./schema.js");
    const left = await ctx.db.select().from(trainingParticipants).where(eq(trainingParticipants.registrationId, registration.id));
    expect(left.map((p) => p.email)).toEqual(["", ""]);
  });
});

describe("what the mails say and where they lead", () => {
  it("sends the board member to the registration and a participant off the board to the offering's public page, with the end time on the same day", async () => {
    const { offering, sessions } = await makeOffering(ctx, { capacity: 2 });
    const [a] = await orgs(1);
    await ctx.db.insert(boardMembers).values({ boardId: a!.board.id, userId: a!.user.id, position: "chair" });
    await register(
      ctx.db,
      ctx.deps,
      input(offering.id, sessions[0]!.id, a!, { participants: [{ name: "Sam", email: "sam@example.org", role: "" }] }),
    );
    const [toBoard] = await mailsTo(ctx, "board0@example.org");
    const [toParticipant] = await mailsTo(ctx, "sam@example.org");
    expect(toBoard!.text).toContain(`/nl/organisaties/${a!.org.id}/aanmeldingen/`);
    expect(toParticipant!.text).not.toContain("/organisaties/");
    expect(toParticipant!.text).toContain(`/nl/trainingen/${offering.slug}`);
    // 10:30Z on 10 December is 11:30 in Amsterdam; it ends at 16:00 the same day, written once.
    expect(toParticipant!.text).toMatch(/10 dec\.? 2026,? 11:30 tot 16:00/);
  });
});

describe("the mails' language", () => {
  it("writes to each recipient in their account's language, and to an address without an account in the registration's", async () => {
    const { offering, sessions } = await makeOffering(ctx, { capacity: 2 });
    const [a] = await orgs(1);
    await ctx.db.insert(boardMembers).values({ boardId: a!.board.id, userId: a!.user.id, position: "chair" });
    // The registrant reads English; one participant has an account in Dutch (as the registration is), one in
    // English (written in capitals on the form), one none.
    await ctx.db.update(users).set({ lang: "en" }).where(eq(users.id, a!.user.id));
    await ctx.db.insert(users).values([
      { email: "nl@example.org", lang: "nl" },
      { email: "en@example.org", lang: "en" },
    ]);
    const people = ["nl@example.org", "EN@example.org", "none@example.org"].map((email) => ({ name: email, email, role: "" }));
    await register(ctx.db, ctx.deps, input(offering.id, sessions[0]!.id, a!, { lang: "nl", participants: people }));
    const mail = async (to: string) => (await mailsTo(ctx, to))[0]!;
    const calendarName = (m: { attachments: { content: string }[] }) =>
      String(new ICAL.Component(ICAL.parse(m.attachments[0]!.content)).getFirstSubcomponent("vevent")!.getFirstPropertyValue("summary"));

    const registrant = await mail("board0@example.org");
    expect(registrant).toMatchObject({ lang: "en", subject: "Registered: Are you OK?" });
    expect(registrant.text).toContain(`/en/organisations/${a!.org.id}/registrations/`);
    expect(registrant.text).toMatch(/10 Dec\.? 2026,? 11:30 to 16:00/);
    expect(calendarName(registrant)).toBe("Are you OK?");

    const english = await mail("EN@example.org");
    expect(english).toMatchObject({ lang: "en", subject: "Registered: Are you OK?" });
    expect(english.text).toContain(`/en/trainings/${offering.slug}`);
    expect(calendarName(english)).toBe("Are you OK?");

    for (const to of ["nl@example.org", "none@example.org"]) {
      const dutch = await mail(to);
      expect(dutch).toMatchObject({ lang: "nl", subject: "Aangemeld: Gaat het?" });
      expect(dutch.text).toContain(`/nl/trainingen/${offering.slug}`);
      expect(dutch.text).toMatch(/10 dec\.? 2026,? 11:30 tot 16:00/);
      expect(calendarName(dutch)).toBe("Gaat het?");
    }
    // Two mails in English (the registrant's and the English account's), the rest in Dutch.
    expect((await ctx.db.select().from(outbox)).filter((m) => m.lang === "en")).toHaveLength(2);
  });
});
