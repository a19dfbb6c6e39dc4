import { asc, count } from "drizzle-orm";
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { decodeHtml, errorMessage, fieldError, linkIn, mailsTo, setupApp, signedIn } from "../../../test/helpers/app.js";
import * as fixtures from "../../../test/helpers/fixtures.js";
import { makeOffering } from "../../../test/helpers/trainings.js";
import { HOUR } from "../../core/clock.js";
import type { Lang } from "../../core/i18n/index.js";
import { outbox } from "../../core/mail/schema.js";
import { normaliseName } from "../../core/text.js";
import { url } from "../../routes.js";
import { trainingParticipants, trainingRegistrations } from "../training-registrations/schema.js";
import type { OfferingInput } from "../trainings/service.js";

const ctx = setupApp();

/** An organisation with its current board and a signed-in member of it. */
async function board(name: string, email: string, lang: Lang = "nl") {
  const org = await fixtures.makeOrg(ctx, name);
  const b = await fixtures.makeBoard(ctx, org.id);
  const { client, user } = await fixtures.seat(ctx, b.id, email, { lang });
  return { org, board: b, client, user };
}
type Board = Awaited<ReturnType<typeof board>>;

/** A fresh session after the clock moved on (sessions end after a while without use). */
async function again(who: Board) {
  const { client } = await signedIn(ctx, who.user.email);
  who.client = client;
  return who;
}

const keyOf = (html: string) => html.match(/name="key" value="([^"]+)"/)?.[1] ?? "";

/** Opens the register form and returns its idempotency key (a fresh one per view). */
async function openForm(who: Board, offeringId: string, lang: Lang = "nl") {
  const res = await who.client.get(url(lang, "orgTrainingRegister", { id: who.org.id, offeringId }));
  expect(res.status).toBe(200);
  return keyOf(await res.text());
}

const people = (prefix: string, n = 1) =>
  Object.fromEntries(
    Array.from({ length: n }, (_, k) => [
      [`name_${k + 1}`, `${prefix} Person ${k + 1}`],
      [`email_${k + 1}`, `${prefix.toLowerCase()}${k + 1}@example.org`],
      [`role_${k + 1}`, "chair"],
    ]).flat(),
  );

async function registerVia(who: Board, offeringId: string, extra: Record<string, string>, lang: Lang = "nl") {
  const key = await openForm(who, offeringId, lang);
  return who.client.post(url(lang, "orgTrainingRegister", { id: who.org.id, offeringId }), { key, rows: "3", ...extra });
}

const registrations = () =>
  ctx.db.select().from(trainingRegistrations).orderBy(asc(trainingRegistrations.queueNo)) as Promise<
    (typeof trainingRegistrations.$inferSelect)[]
  >;
const countOf = async (table: typeof trainingRegistrations | typeof outbox | typeof trainingParticipants) =>
  (await ctx.db.select({ n: count() }).from(table))[0]!.n;

async function offering(over: Partial<OfferingInput> = {}, dates = 3) {
  return makeOffering(ctx, { capacity: 1, maxPerOrganisation: 4, ...over }, dates);
}

describe("registering on the board's pages", () => {
  it("registers for a chosen date: the form offers the dates with their places, the page shows the registration", async () => {
    const { offering: o, sessions } = await offering({ capacity: 5 });
    const a = await board("Vereniging Alfa", "alfa@example.org");
    const page = await (await a.client.get(url("en", "orgTrainingRegister", { id: a.org.id, offeringId: o.id }))).text();
    expect(page).toContain("<legend>Choose a date</legend>");
    expect(page.match(/type="radio" id="f-sessionId/g)).toHaveLength(3);
    expect(page).toContain("5 places left");
    // Three participant rows to begin with, and the board it is for (no incoming board: no choice).
    expect(page).toContain('id="f-name_3"');
    expect(page).not.toContain('id="f-name_4"');
    expect(page).toContain("The 2026-2027 board");
    const res = await registerVia(a, o.id, { sessionId: sessions[1]!.id, ...people("Alfa", 2) }, "en");
    expect(res.status).toBe(303);
    const location = res.headers.get("location")!;
    const [reg] = await registrations();
    expect(location).toBe(url("en", "orgTrainingRegistration", { id: a.org.id, registrationId: reg!.id }, { done: "registered" }));
    expect(reg).toMatchObject({ status: "confirmed", sessionId: sessions[1]!.id, organisationId: a.org.id, year: 2026, lang: "en" });
    expect(await countOf(trainingParticipants)).toBe(2);
    const shown = await (await a.client.get(location)).text();
    expect(shown).toContain("Your organisation is registered.");
    expect(shown).toContain("Alfa Person 2");
    expect(shown).toContain("Cancel registration");
    // Mail to the registrant and each participant, in the page's language.
    expect((await mailsTo(ctx, "alfa2@example.org"))[0]!.subject).toBe("Registered: Are you OK?");
  });

  it("puts a second organisation on the waiting list when the date is full, and shows its place", async () => {
    const { offering: o, sessions } = await offering({ capacity: 1 });
    const a = await board("Vereniging Alfa", "alfa@example.org");
    const b = await board("Vereniging Beta", "beta@example.org");
    expect((await registerVia(a, o.id, { sessionId: sessions[0]!.id, ...people("Alfa") })).status).toBe(303);
    const page = await (await b.client.get(url("nl", "orgTrainingRegister", { id: b.org.id, offeringId: o.id }))).text();
    expect(page).toContain("vol: je komt op de wachtlijst");
    const res = await registerVia(b, o.id, { sessionId: sessions[0]!.id, ...people("Beta") });
    expect(res.status).toBe(303);
    const shown = await (await b.client.get(res.headers.get("location")!)).text();
    expect(shown).toContain("je organisatie staat op de wachtlijst, op plaats 1");
    expect((await registrations()).map((r) => r.status)).toEqual(["confirmed", "waiting"]);
    const list = await (await b.client.get(url("nl", "orgTrainings", { id: b.org.id }))).text();
    expect(list).toContain("Wachtlijst, plaats 1");
  });

  it("creates one registration from a form sent twice; the second answer is the first one's", async () => {
    const { offering: o, sessions } = await offering({ capacity: 5 });
    const a = await board("Vereniging Alfa", "alfa@example.org");
    const key = await openForm(a, o.id);
    const body = { key, rows: "3", sessionId: sessions[0]!.id, ...people("Alfa") };
    const path = url("nl", "orgTrainingRegister", { id: a.org.id, offeringId: o.id });
    const [first, second] = await Promise.all([a.client.post(path, body), a.client.post(path, body)]);
    expect([first.status, second.status]).toEqual([303, 303]);
    expect(second.headers.get("location")).toBe(first.headers.get("location"));
    const third = await a.client.post(path, body);
    expect(third.status).toBe(303);
    expect(third.headers.get("location")).toBe(first.headers.get("location"));
    expect(await countOf(trainingRegistrations)).toBe(1);
    expect(await countOf(trainingParticipants)).toBe(1);
    // A fresh form (a new key) for the same organisation is refused next to the date, not a second registration.
    const again = await registerVia(a, o.id, { sessionId: sessions[1]!.id, ...people("Alfa") });
    expect(again.status).toBe(422);
    expect(fieldError(await again.text(), "session")).toBe(errorMessage("nl", "alreadyRegistered"));
  });

  for (const lang of ["nl", "en"] as const)
    it(`reports every error at once, keeps the values and writes nothing (${lang})`, async () => {
      const { offering: o } = await offering({ capacity: 5 });
      const a = await board("Vereniging Alfa", "alfa@example.org");
      const key = await openForm(a, o.id, lang);
      const res = await a.client.post(url(lang, "orgTrainingRegister", { id: a.org.id, offeringId: o.id }), {
        key,
        rows: "3",
        name_1: "",
        email_1: "zonder-naam@example.org",
        name_2: "Bea de Vries",
        email_2: "not-an-email",
        role_2: "penningmeester",
        name_3: "Cas",
        email_3: "ZONDER-NAAM@example.org",
      });
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(fieldError(html, "sessionId")).toBe(errorMessage(lang, "chooseSession"));
      expect(fieldError(html, "name_1")).toBe(errorMessage(lang, "required"));
      expect(fieldError(html, "email_2")).toBe(errorMessage(lang, "invalidEmail"));
      expect(fieldError(html, "email_3")).toBe(errorMessage(lang, "participantTwice"));
      expect(html.match(/<li><a href="#f-/g)).toHaveLength(4);
      // What was typed stays, and so does the form's key.
      expect(html).toContain('value="not-an-email"');
      expect(html).toContain('value="penningmeester"');
      expect(keyOf(html)).toBe(key);
      expect(await countOf(trainingRegistrations)).toBe(0);
      expect(await countOf(outbox)).toBe(0);
    });

  it("answers huge and odd-Unicode values with a 422, never a 500, and writes nothing", async () => {
    const { offering: o, sessions } = await offering({ capacity: 5 });
    const a = await board("Vereniging Alfa", "alfa@example.org");
    const path = url("en", "orgTrainingRegister", { id: a.org.id, offeringId: o.id });
    const odd = "\u202e\u200b\ud83d\udc69\ud83c\udffd\u200d\ud83c\udf93 Zoe\u0308 \u0000 \uFEFF";
    for (const form of [
      { name_1: "x".repeat(20_000), email_1: "a@example.org", sessionId: sessions[0]!.id },
      { name_1: odd, email_1: `${odd}@example.org`, role_1: odd.repeat(40), sessionId: sessions[0]!.id },
      { name_1: "Ann", email_1: "ann@example.org", sessionId: "'; drop table training_registrations; --" },
      { name_1: "\u0000", email_1: "\u0000", sessionId: "\u0000", rows: "-3" },
    ] as Record<string, string>[]) {
      const res = await a.client.post(path, { rows: "3", key: "", ...form });
      expect(res.status, JSON.stringify(form).slice(0, 80)).toBe(422);
      expect(await res.text()).toContain("error-summary");
    }
    expect(await countOf(trainingRegistrations)).toBe(0);
    // Odd row counts and keys are no errors: the rows are kept in bounds and a bad key is replaced.
    const zoe = "Zoe\u0308 \ud83d\udc69\ud83c\udffd\u200d\ud83c\udf93";
    const res = await a.client.post(path, {
      name_1: zoe,
      email_1: "zoe@example.org",
      sessionId: sessions[0]!.id,
      rows: "99999999999",
      key: "🔑".repeat(500),
    });
    expect(res.status).toBe(303);
    const [p] = await ctx.db.select().from(trainingParticipants);
    expect(p!.name).toBe(normaliseName(zoe));
    expect(p!.name.startsWith("Zo\u00eb ")).toBe(true);
  });

  it("adds a participant row without JavaScript, keeping what was typed and the key, up to the offering's limit", async () => {
    const { offering: o } = await offering({ capacity: 5, maxPerOrganisation: 4 });
    const a = await board("Vereniging Alfa", "alfa@example.org");
    const key = await openForm(a, o.id);
    const path = url("nl", "orgTrainingRegister", { id: a.org.id, offeringId: o.id });
    const res = await a.client.post(path, { key, rows: "3", addRow: "1", name_1: "Anna" });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('id="f-name_4"');
    expect(html).toContain('value="Anna"');
    expect(keyOf(html)).toBe(key);
    // At the limit the button is gone.
    expect(html).not.toContain('name="addRow"');
    expect(await countOf(trainingRegistrations)).toBe(0);
  });

  it("limits a board member's POSTs on these pages, per account", async () => {
    const { offering: o } = await offering({ capacity: 5 });
    const a = await board("Vereniging Alfa", "alfa@example.org");
    const b = await board("Vereniging Beta", "beta@example.org");
    const path = (w: Board) => url("nl", "orgTrainingRegister", { id: w.org.id, offeringId: o.id });
    for (let i = 0; i < 60; i++) expect((await a.client.post(path(a), { addRow: "1" })).status).toBe(200);
    const over = await a.client.post(path(a), { addRow: "1" });
    expect(over.status).toBe(429);
    expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await b.client.post(path(b), { addRow: "1" })).status).toBe(200);
  });

  it("shows a closed, not yet open or full registration as an error on the page", async () => {
    const a = await board("Vereniging Alfa", "alfa@example.org");
    const now = ctx.clock.now();
    const later = await offering({ opensAt: new Date(now.getTime() + HOUR) }, 1);
    const gone = await offering({ closesAt: new Date(now.getTime() - HOUR) }, 1);
    const full = await offering({ capacity: 0, waitingList: false }, 1);
    const notYet = await (await a.client.get(url("en", "orgTrainingRegister", { id: a.org.id, offeringId: later.offering.id }))).text();
    expect(notYet).toContain("Registration opens on");
    expect(notYet).not.toContain('name="name_1"');
    for (const [o, key] of [
      [later.offering, "registrationNotOpen"],
      [gone.offering, "registrationClosed"],
      [full.offering, "full"],
    ] as const) {
      const res = await registerVia(a, o.id, people("Alfa"));
      expect(res.status, key).toBe(422);
      expect(fieldError(await res.text(), "session"), key).toBe(errorMessage("nl", key));
      // With other errors in the form, the offering's refusal shows too.
      const both = await registerVia(a, o.id, { name_1: "Ann", email_1: "nope" });
      const html = await both.text();
      expect(fieldError(html, "session"), key).toBe(errorMessage("nl", key));
      expect(fieldError(html, "email_1"), key).toBe(errorMessage("nl", "invalidEmail"));
    }
    expect(await countOf(trainingRegistrations)).toBe(0);
  });

  it("has no register page for an external, requested, draft or unknown offering", async () => {
    const a = await board("Vereniging Alfa", "alfa@example.org");
    const external = await offering({ registration: "external", externalUrl: "https://partner.example.org" }, 1);
    const request = await offering({ registration: "request" }, 1);
    const draft = await offering({ status: "draft" }, 1);
    for (const offeringId of [external.offering.id, request.offering.id, draft.offering.id, "00000000-0000-4000-8000-000000000000"]) {
      expect((await a.client.get(url("nl", "orgTrainingRegister", { id: a.org.id, offeringId }))).status).toBe(404);
      expect((await a.client.post(url("nl", "orgTrainingRegister", { id: a.org.id, offeringId }), people("Alfa"))).status).toBe(404);
    }
  });

  it("registers the incoming board in advance when the organisation has one", async () => {
    const { offering: o, sessions } = await offering({ capacity: 5 });
    const a = await board("Vereniging Alfa", "alfa@example.org");
    await fixtures.makeBoard(ctx, a.org.id, "2027-09-01");
    const page = await (await a.client.get(url("en", "orgTrainingRegister", { id: a.org.id, offeringId: o.id }))).text();
    expect(page).toContain("<legend>For which board?</legend>");
    expect(page).toContain("The new 2027-2028 board");
    const missing = await registerVia(a, o.id, { sessionId: sessions[0]!.id, ...people("Alfa") }, "en");
    expect(missing.status).toBe(422);
    expect(fieldError(await missing.text(), "year")).toBe(errorMessage("en", "required"));
    const res = await registerVia(a, o.id, { sessionId: sessions[0]!.id, year: "2027", ...people("Alfa") }, "en");
    expect(res.status).toBe(303);
    expect((await registrations())[0]!.year).toBe(2027);
  });

  it("lists the organisation's trainings, linked from its page", async () => {
    const { offering: o, sessions } = await offering({ capacity: 5 });
    const other = await offering({ capacity: 5 }, 1);
    const a = await board("Vereniging Alfa", "alfa@example.org");
    const orgPage = await (await a.client.get(url("en", "org", { id: a.org.id }))).text();
    expect(orgPage).toContain(`href="${url("en", "orgTrainings", { id: a.org.id })}"`);
    await registerVia(a, o.id, { sessionId: sessions[2]!.id, ...people("Alfa") });
    const html = await (await a.client.get(url("en", "orgTrainings", { id: a.org.id }))).text();
    expect(html).toContain("Registered");
    // Registered for the one, open for the other.
    expect(html).toContain(url("en", "orgTrainingRegister", { id: a.org.id, offeringId: other.offering.id }));
    expect(html).not.toContain(url("en", "orgTrainingRegister", { id: a.org.id, offeringId: o.id }));
    // After the date it moves to the history.
    ctx.clock.set(new Date(sessions[2]!.endsAt.getTime() + HOUR));
    await again(a);
    const after = await (await a.client.get(url("en", "orgTrainings", { id: a.org.id }))).text();
    expect(after).toContain('id="tr-history"');
    expect(after).toContain("Your organisation is not registered for anything.");
  });
});

describe("a registration's page: offers, cancelling and its calendar", () => {
  async function fullHouse() {
    const { offering: o, sessions } = await offering({ capacity: 1, cancelHoursBefore: 48 }, 1);
    const who = [
      await board("Vereniging Alfa", "alfa@example.org"),
      await board("Vereniging Beta", "beta@example.org", "en"),
      await board("Vereniging Gamma", "gamma@example.org"),
    ];
    for (const [i, w] of who.entries())
      expect((await registerVia(w, o.id, people(w.org.name.split(" ")[1]!), i === 1 ? "en" : "nl")).status).toBe(303);
    const regs = await registrations();
    return { o, sessions, who, regs };
  }
  const regPath = (w: Board, id: string, lang: Lang = "nl") => url(lang, "orgTrainingRegistration", { id: w.org.id, registrationId: id });

  it("cancels before the deadline after asking, and offers the place to the next in line", async () => {
    const { who, regs } = await fullHouse();
    const [a, b] = who;
    const ask = await (await a!.client.get(url("nl", "orgTrainingCancel", { id: a!.org.id, registrationId: regs[0]!.id }))).text();
    expect(ask).toContain("Als je annuleert, vervalt de plek");
    expect(ask).toContain("Ja, annuleer de aanmelding");
    expect((await registrations())[0]!.status).toBe("confirmed");
    const res = await a!.client.post(url("nl", "orgTrainingCancel", { id: a!.org.id, registrationId: regs[0]!.id }));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`${regPath(a!, regs[0]!.id)}?done=cancelled`);
    expect((await registrations()).map((r) => r.status)).toEqual(["cancelled", "offered", "waiting"]);
    // Beta's mail (in English, its page's language) leads to its registration page, with Accept and Decline.
    const [offer] = await mailsTo(ctx, "beta@example.org");
    expect(offer!.subject).toBe("A place is free: Are you OK?");
    const page = await (await b!.client.get(linkIn(offer!.text))).text();
    expect(page).toContain("Accept the place");
    expect(page).toContain("Decline the offer");
  });

  it("refuses cancelling after the deadline and says to email the office", async () => {
    const { sessions, who, regs } = await fullHouse();
    const a = who[0]!;
    ctx.clock.set(new Date(sessions[0]!.startsAt.getTime() - 47 * HOUR));
    await again(a);
    await again(who[2]!);
    const ask = await (await a.client.get(url("en", "orgTrainingCancel", { id: a.org.id, registrationId: regs[0]!.id }))).text();
    expect(ask).toContain("It is too late to cancel in the portal");
    expect(ask).toContain(ctx.deps.env.OFFICE_EMAIL);
    expect(ask).not.toContain("Yes, cancel the registration");
    const res = await a.client.post(url("en", "orgTrainingCancel", { id: a.org.id, registrationId: regs[0]!.id }));
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(errorMessage("en", "cancelDeadlinePassed"));
    expect((await registrations())[0]!.status).toBe("confirmed");
    // A waiting organisation may still leave the list.
    const c = who[2]!;
    expect((await c.client.post(url("en", "orgTrainingCancel", { id: c.org.id, registrationId: regs[2]!.id }))).status).toBe(303);
    expect((await registrations())[2]!.status).toBe("cancelled");
  });

  it("declines and accepts offers through the page's buttons", async () => {
    const { who, regs } = await fullHouse();
    const [a, b, c] = who;
    await a!.client.post(url("nl", "orgTrainingCancel", { id: a!.org.id, registrationId: regs[0]!.id }));
    const declined = await b!.client.post(url("en", "orgTrainingCancel", { id: b!.org.id, registrationId: regs[1]!.id }));
    expect(declined.headers.get("location")).toBe(`${regPath(b!, regs[1]!.id, "en")}?done=declined`);
    expect((await registrations()).map((r) => r.status)).toEqual(["cancelled", "cancelled", "offered"]);
    const accepted = await c!.client.post(url("nl", "orgTrainingAccept", { id: c!.org.id, registrationId: regs[2]!.id }));
    expect(accepted.status).toBe(303);
    const page = await (await c!.client.get(accepted.headers.get("location")!)).text();
    expect(page).toContain("Je hebt de plek aangenomen.");
    expect((await registrations()).map((r) => r.status)).toEqual(["cancelled", "cancelled", "confirmed"]);
  });

  it("says when an offer has lapsed, on the page, instead of accepting it", async () => {
    const { who, regs } = await fullHouse();
    const [a, b] = who;
    await a!.client.post(url("nl", "orgTrainingCancel", { id: a!.org.id, registrationId: regs[0]!.id }));
    ctx.clock.advance(49 * HOUR);
    await again(b!);
    const res = await b!.client.post(url("en", "orgTrainingAccept", { id: b!.org.id, registrationId: regs[1]!.id }));
    expect(res.status).toBe(422);
    expect(decodeHtml(await res.text())).toContain(errorMessage("en", "offerExpired"));
    expect((await registrations())[1]!.status).toBe("offered");
  });

  it("downloads the registration's calendar, which parses, for its own board only", async () => {
    const { sessions, who, regs } = await fullHouse();
    const [a, b] = who;
    const path = url("nl", "orgTrainingRegistrationIcs", { id: a!.org.id, registrationId: regs[0]!.id });
    const res = await a!.client.get(path);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="training.ics"');
    expect(res.headers.get("cache-control")).toContain("no-store");
    const cal = new ICAL.Component(ICAL.parse(await res.text()));
    expect(cal.getFirstPropertyValue("method")).toBe("PUBLISH");
    const ev = cal.getFirstSubcomponent("vevent")!;
    expect(ev.getFirstPropertyValue("uid")).toBe(`${sessions[0]!.id}@localhost:3000`);
    expect(ev.getFirstPropertyValue("status")).toBe("CONFIRMED");
    expect(String(ev.getFirstPropertyValue("dtstart"))).toBe("2026-12-10T11:30:00");
    // Another board: it does not exist. Beta waits: nothing for a calendar yet.
    expect((await b!.client.get(path)).status).toBe(404);
    expect((await b!.client.get(url("nl", "orgTrainingRegistrationIcs", { id: b!.org.id, registrationId: regs[0]!.id }))).status).toBe(404);
    expect((await b!.client.get(url("nl", "orgTrainingRegistrationIcs", { id: b!.org.id, registrationId: regs[1]!.id }))).status).toBe(404);
    // Board B can't see or act on Alfa's registration through its own organisation either.
    expect((await b!.client.get(url("nl", "orgTrainingRegistration", { id: b!.org.id, registrationId: regs[0]!.id }))).status).toBe(404);
    expect((await b!.client.post(url("nl", "orgTrainingCancel", { id: b!.org.id, registrationId: regs[0]!.id }))).status).toBe(404);
    expect((await registrations())[0]!.status).toBe("confirmed");
  });
});
