import { and, asc, eq } from "drizzle-orm";
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { decodeHtml, mailsTo, setupApp, signedIn } from "../../../test/helpers/app.js";
import * as fixtures from "../../../test/helpers/fixtures.js";
import { makeOffering, participants } from "../../../test/helpers/trainings.js";
import { HOUR } from "../../core/clock.js";
import { FieldError } from "../../core/errors.js";
import { outbox } from "../../core/mail/schema.js";
import { url } from "../../routes.js";
import { addSession, type OfferingInput } from "../trainings/service.js";
import { messageRecipients, registrationCounts, trainingHistory } from "./office.js";
import { trainingParticipants, trainingRegistrations } from "./schema.js";
import { acceptOffer, cancelRegistration, expireOffers, freePlacesFor, register, waitingPosition } from "./service.js";

/**
 * A programme booked as one package (format "package"): one registration, without a date
 * (sessionId null), covers every date of the offering. Its places count across the package, its
 * waiting list is the package's, and every mail's calendar carries each date as its own event.
 */

const ctx = setupApp();

type Who = { org: { id: string; name: string }; user: { id: string; email: string } };

/** Organisations, each with a current board and a seated (signed-in) member. */
async function orgs(n: number) {
  const out: (Who & { client: Awaited<ReturnType<typeof fixtures.seat>>["client"] })[] = [];
  for (let i = 0; i < n; i++) {
    const org = await fixtures.makeOrg(ctx, `Vereniging ${String.fromCharCode(65 + i)}`);
    const board = await fixtures.makeBoard(ctx, org.id);
    const { client, user } = await fixtures.seat(ctx, board.id, `board${i}@example.org`);
    out.push({ org, user, client });
  }
  return out;
}

/**
 * A published programme booked as one: two dates in December (winter time, UTC+1) and one in April
 * 2027 (summer time, UTC+2), each 11:30 to 16:00 in Amsterdam.
 */
async function programme(over: Partial<OfferingInput> = {}, sessionCapacity: number | null = null) {
  const { offering, sessions } = await makeOffering(
    ctx,
    { kind: "programme", format: "package", capacity: 5, ...over },
    2,
    sessionCapacity,
  );
  const summer = await addSession(ctx.db, null, offering.id, {
    startsAt: new Date("2027-04-08T09:30:00Z"),
    endsAt: new Date("2027-04-08T14:00:00Z"),
    location: null,
    onlineUrl: null,
    capacity: sessionCapacity,
  });
  return { offering, sessions: [...sessions, summer] };
}

/** Each date's wall-clock start and end in Amsterdam, as the calendars must write them. */
const WALL = [
  ["2026-12-10T11:30:00", "2026-12-10T16:00:00"],
  ["2026-12-17T11:30:00", "2026-12-17T16:00:00"],
  ["2027-04-08T11:30:00", "2027-04-08T16:00:00"],
];

const signUp = (offeringId: string, sessionId: string | null, w: Who, extra: { people?: number; key?: string } = {}) =>
  register(ctx.db, ctx.deps, {
    offeringId,
    sessionId,
    orgId: w.org.id,
    actorId: w.user.id,
    year: 2026,
    participants: participants(extra.people ?? 1, `${w.user.email.split("@")[0]}-p`),
    idempotencyKey: extra.key ?? null,
    lang: "nl",
    now: ctx.clock.now(),
  });

const rows = async (offeringId: string) =>
  ctx.db
    .select()
    .from(trainingRegistrations)
    .where(eq(trainingRegistrations.offeringId, offeringId))
    .orderBy(asc(trainingRegistrations.queueNo));

/** A calendar parsed back with ical.js: its method, time zone, and each event with its times as written and as instants. */
function parseIcs(text: string) {
  const cal = new ICAL.Component(ICAL.parse(text));
  const vtz = cal.getFirstSubcomponent("vtimezone");
  const zone = vtz ? new ICAL.Timezone(vtz) : null;
  const instant = (t: ICAL.Time) => {
    // The wall-clock time read in the calendar's own VTIMEZONE, as a calendar program would.
    const local = t.clone();
    if (zone) local.zone = zone;
    return local.toJSDate().toISOString();
  };
  return {
    method: cal.getFirstPropertyValue("method"),
    tzid: vtz?.getFirstPropertyValue("tzid") ?? null,
    events: cal.getAllSubcomponents("vevent").map((ev) => {
      const start = ev.getFirstProperty("dtstart")!;
      const end = ev.getFirstProperty("dtend")!;
      return {
        uid: String(ev.getFirstPropertyValue("uid")).split("@")[0],
        status: ev.getFirstPropertyValue("status"),
        sequence: Number(ev.getFirstPropertyValue("sequence") ?? 0),
        start: String(start.getFirstValue()),
        end: String(end.getFirstValue()),
        tzid: start.getParameter("tzid"),
        startsAt: instant(start.getFirstValue() as ICAL.Time),
        endsAt: instant(end.getFirstValue() as ICAL.Time),
        attendees: ev.getAllProperties("attendee").map((p) => String(p.getFirstValue())),
      };
    }),
  };
}

/** The .ics of the mail `template` to `to`, parsed back (null: no such mail or no calendar). */
async function icsOf(to: string, template: string) {
  const [row] = await ctx.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.to, to), eq(outbox.template, template)));
  const text = row?.attachments[0]?.content;
  return text ? parseIcs(text) : null;
}

/** What every date of the package must be in a calendar: its UID, its Amsterdam times, the right instants. */
const everyDate = (sessions: { id: string; startsAt: Date; endsAt: Date }[], status: string) =>
  sessions.map((s, i) =>
    expect.objectContaining({
      uid: s.id,
      status,
      start: WALL[i]![0],
      end: WALL[i]![1],
      tzid: "Europe/Amsterdam",
      startsAt: s.startsAt.toISOString(),
      endsAt: s.endsAt.toISOString(),
    }),
  );

const staff = async () => (await signedIn(ctx, "staff@office.example.org", { staffRole: "staff" })).client;

describe("a programme booked as one package", () => {
  it("registers the organisation once for every date: no date of its own, shown on each date for the board and the office", async () => {
    const { offering, sessions } = await programme();
    const [a, b] = await orgs(2);
    // The board's form: no date to choose, every date listed; a date slipped into the form changes nothing.
    const form = decodeHtml(
      await (await a!.client.get(url("en", "orgTrainingRegister", { id: a!.org.id, offeringId: offering.id }))).text(),
    );
    expect(form).toContain("You register for all dates together:");
    expect(form).not.toContain('type="radio" id="f-sessionId');
    const key = form.match(/name="key" value="([^"]+)"/)![1]!;
    const res = await a!.client.post(url("en", "orgTrainingRegister", { id: a!.org.id, offeringId: offering.id }), {
      key,
      rows: "3",
      sessionId: sessions[1]!.id,
      name_1: "Alfa Person",
      email_1: "alfa1@example.org",
      role_1: "chair",
    });
    expect(res.status).toBe(303);
    await signUp(offering.id, null, b!);
    const [regA, regB] = await rows(offering.id);
    expect(regA).toMatchObject({ organisationId: a!.org.id, sessionId: null, scopeId: offering.id, status: "confirmed" });
    expect(regB).toMatchObject({ organisationId: b!.org.id, sessionId: null, scopeId: offering.id, status: "confirmed" });

    // The board's registration page lists every date.
    const page = decodeHtml(await (await a!.client.get(res.headers.get("location")!)).text());
    for (const when of [/10 Dec\.? 2026,? 11:30 to 16:00/, /17 Dec\.? 2026,? 11:30 to 16:00/, /8 Apr\.? 2027,? 11:30 to 16:00/])
      expect(page).toMatch(when);
    expect((await trainingHistory(ctx.db, a!.org.id)).map((h) => h.dates.map((d) => d.id))).toEqual([sessions.map((s) => s.id)]);

    // The office's list of each date holds both organisations.
    const client = await staff();
    for (const s of sessions) {
      const list = decodeHtml(
        await (await client.get(url("en", "staffTrainingRegistrations", { id: offering.id }, { session: s.id }))).text(),
      );
      expect(list, s.id).toContain("2 registrations");
      expect(list, s.id).toContain("Vereniging A");
      expect(list, s.id).toContain("Vereniging B");
      expect(list, s.id).toContain("alfa1@example.org");
      // A message about any one date reaches both organisations' people.
      expect((await messageRecipients(ctx.db, offering, s.id)).map((x) => x.email).sort(), s.id).toEqual(
        ["alfa1@example.org", "board0@example.org", "board1-p0@example.org", "board1@example.org"].sort(),
      );
    }
    // Counted once, for the offering: no date holds a count of its own.
    const counts = await registrationCounts(ctx.db, [offering.id]);
    expect(counts.offerings.get(offering.id)).toMatchObject({ confirmed: 2, waiting: 0, people: 2 });

    // Once every date has begun, each date's attendance lists both organisations' participants.
    const people = await ctx.db.select().from(trainingParticipants).orderBy(asc(trainingParticipants.email));
    expect(people).toHaveLength(2);
    ctx.clock.set(new Date(sessions[2]!.startsAt.getTime() + HOUR));
    const later = await staff();
    for (const s of sessions) {
      const html = await (await later.get(url("en", "staffTrainingAttendance", { id: offering.id, sessionId: s.id }))).text();
      for (const p of people) expect(html, s.id).toContain(`value="${p.id}"`);
    }
  });

  it("counts places per package, not per date, and keeps one waiting list for the package in arrival order", async () => {
    // Each date's own limit of 1 does not apply: the package holds 2 organisations across all its dates.
    const { offering, sessions } = await programme({ capacity: 2, offerHours: 48 }, 1);
    const who = await orgs(4);
    const regs = [];
    // Whatever date a caller names, the registration is for the package.
    for (const [i, w] of who.entries()) regs.push((await signUp(offering.id, sessions[i % 3]!.id, w))!.registration);
    expect(regs.map((r) => [r.sessionId, r.scopeId, r.status])).toEqual([
      [null, offering.id, "confirmed"],
      [null, offering.id, "confirmed"],
      [null, offering.id, "waiting"],
      [null, offering.id, "waiting"],
    ]);
    expect([await waitingPosition(ctx.db, regs[2]!), await waitingPosition(ctx.db, regs[3]!)]).toEqual([1, 2]);
    expect((await freePlacesFor(ctx.db, [offering], sessions)).get(offering.id)).toBe(0);
    // One registration per organisation for the package, whichever date it names.
    await expect(signUp(offering.id, sessions[2]!.id, who[0]!)).rejects.toEqual(new FieldError("session", "alreadyRegistered"));
    await expect(signUp(offering.id, null, who[2]!)).rejects.toEqual(new FieldError("session", "alreadyRegistered"));
    expect(await rows(offering.id)).toHaveLength(4);
    // The waiting-list mail holds every date, tentatively.
    expect((await icsOf("board2@example.org", "training.waiting"))!.events).toEqual(everyDate(sessions, "TENTATIVE"));

    // A place frees up: the first in line is offered the whole package (every date, tentative).
    await cancelRegistration(ctx.db, ctx.deps, {
      id: regs[0]!.id,
      orgId: who[0]!.org.id,
      actorId: who[0]!.user.id,
      reason: null,
      now: ctx.clock.now(),
    });
    expect((await rows(offering.id)).map((r) => r.status)).toEqual(["cancelled", "confirmed", "offered", "waiting"]);
    expect((await icsOf("board2@example.org", "training.offered"))!.events).toEqual(everyDate(sessions, "TENTATIVE"));
    await acceptOffer(ctx.db, ctx.deps, { id: regs[2]!.id, orgId: who[2]!.org.id, actorId: who[2]!.user.id, now: ctx.clock.now() });
    const confirmed = await icsOf("board2@example.org", "training.confirmed");
    expect(confirmed).toMatchObject({ method: "REQUEST", tzid: "Europe/Amsterdam" });
    expect(confirmed!.events).toEqual(everyDate(sessions, "CONFIRMED"));

    // Another frees up; the offer lapses unused: every date is cancelled in its calendar.
    await cancelRegistration(ctx.db, ctx.deps, {
      id: regs[1]!.id,
      orgId: who[1]!.org.id,
      actorId: who[1]!.user.id,
      reason: null,
      now: ctx.clock.now(),
    });
    expect((await rows(offering.id)).map((r) => r.status)).toEqual(["cancelled", "cancelled", "confirmed", "offered"]);
    ctx.clock.advance(48 * HOUR);
    expect(await expireOffers(ctx.db, ctx.deps, ctx.clock.now())).toBe(1);
    const expired = await icsOf("board3@example.org", "training.expired");
    expect(expired!.method).toBe("CANCEL");
    expect(expired!.events).toEqual(everyDate(sessions, "CANCELLED"));
  });

  it("counts people across the package when places count people: nobody jumps the line", async () => {
    const { offering } = await programme({ capacityUnit: "people", capacity: 3, maxPerOrganisation: 3 });
    const [a, b, c] = await orgs(3);
    await signUp(offering.id, null, a!, { people: 2 });
    await signUp(offering.id, null, b!, { people: 2 });
    await signUp(offering.id, null, c!, { people: 1 });
    // One place is left, but the organisation of one waits behind the organisation of two.
    expect((await rows(offering.id)).map((r) => r.status)).toEqual(["confirmed", "waiting", "waiting"]);
    const [first] = await rows(offering.id);
    await cancelRegistration(ctx.db, ctx.deps, {
      id: first!.id,
      orgId: a!.org.id,
      actorId: a!.user.id,
      reason: null,
      now: ctx.clock.now(),
    });
    expect((await rows(offering.id)).map((r) => r.status)).toEqual(["cancelled", "offered", "offered"]);
  });

  it("mails every date as its own event at its Amsterdam time, to each recipient, and a cancellation cancels every date", async () => {
    const { offering, sessions } = await programme();
    const [a] = await orgs(1);
    const { registration } = (await signUp(offering.id, null, a!, { people: 2 }))!;
    for (const to of ["board0@example.org", "board0-p0@example.org", "board0-p1@example.org"]) {
      const ics = await icsOf(to, "training.confirmed");
      expect(ics, to).toMatchObject({ method: "REQUEST", tzid: "Europe/Amsterdam" });
      expect(ics!.events, to).toEqual(everyDate(sessions, "CONFIRMED"));
      // Each event names this recipient as its attendee.
      for (const ev of ics!.events) expect(ev.attendees, to).toEqual([`mailto:${to}`]);
    }
    // The mail's text lists every date too.
    const [mail] = await mailsTo(ctx, "board0@example.org");
    for (const when of [/10 dec\.? 2026,? 11:30 tot 16:00/, /17 dec\.? 2026,? 11:30 tot 16:00/, /8 apr\.? 2027,? 11:30 tot 16:00/])
      expect(mail!.text).toMatch(when);
    const sent = (await icsOf("board0@example.org", "training.confirmed"))!;

    await cancelRegistration(ctx.db, ctx.deps, {
      id: registration.id,
      orgId: a!.org.id,
      actorId: a!.user.id,
      reason: null,
      now: ctx.clock.now(),
    });
    for (const to of ["board0@example.org", "board0-p0@example.org", "board0-p1@example.org"]) {
      const ics = await icsOf(to, "training.cancelled");
      expect(ics, to).toMatchObject({ method: "CANCEL", tzid: "Europe/Amsterdam" });
      expect(ics!.events, to).toEqual(everyDate(sessions, "CANCELLED"));
      // The same events, at a SEQUENCE no lower than the one the calendar took.
      for (const [i, ev] of ics!.events.entries()) expect(ev.sequence).toBeGreaterThanOrEqual(sent.events[i]!.sequence);
    }
  });

  it("gives a package registration a private calendar with every date: held while confirmed, cancelled once cancelled", async () => {
    const { offering, sessions } = await programme({ capacity: 1 });
    const [a, b] = await orgs(2);
    const mine = (await signUp(offering.id, null, a!))!.registration;
    const waiting = (await signUp(offering.id, null, b!))!.registration;
    const path = url("en", "orgTrainingRegistrationIcs", { id: a!.org.id, registrationId: mine.id });
    const res = await a!.client.get(path);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    const ics = parseIcs(await res.text());
    expect(ics).toMatchObject({ method: "PUBLISH", tzid: "Europe/Amsterdam" });
    expect(ics.events).toEqual(everyDate(sessions, "CONFIRMED"));
    // Waiting: nothing for a calendar yet.
    expect((await b!.client.get(url("en", "orgTrainingRegistrationIcs", { id: b!.org.id, registrationId: waiting.id }))).status).toBe(404);

    // Cancelled by the office: the file now cancels every date.
    await cancelRegistration(ctx.db, ctx.deps, { id: mine.id, actorId: a!.user.id, reason: "Dubbel", now: ctx.clock.now() });
    const after = parseIcs(await (await a!.client.get(path)).text());
    expect(after.events).toEqual(everyDate(sessions, "CANCELLED"));
    // The place went to the waiting organisation, whose calendar now holds every date (offered: held for now).
    const offered = await b!.client.get(url("en", "orgTrainingRegistrationIcs", { id: b!.org.id, registrationId: waiting.id }));
    expect(offered.status).toBe(200);
    expect(parseIcs(await offered.text()).events).toEqual(everyDate(sessions, "CONFIRMED"));
  });
});
