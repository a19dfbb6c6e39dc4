import { and, asc, count, eq } from "drizzle-orm";
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { decodeHtml, errorMessage, fieldError, mailsTo, setupApp, signedIn } from "../../../test/helpers/app.js";
import * as fixtures from "../../../test/helpers/fixtures.js";
import { makeOffering, participants } from "../../../test/helpers/trainings.js";
import { HOUR } from "../../core/clock.js";
import type { Lang } from "../../core/i18n/index.js";
import { url } from "../../routes.js";
import { auditLog } from "../audit/schema.js";
import { trainingSessions } from "../trainings/schema.js";
import { addSession, type OfferingInput } from "../trainings/service.js";
import { trainedThisYear } from "./office.js";
import { trainingAttendance, trainingParticipants, trainingRegistrations, trainingRequests } from "./schema.js";
import { register } from "./service.js";

const ctx = setupApp();

const staff = async () => (await signedIn(ctx, "staff@office.example.org", { staffRole: "staff" })).client;

type Who = { org: { id: string; name: string }; user: { id: string; email: string } };

async function orgs(n: number, prefix = "nl") {
  const out: Who[] = [];
  for (let i = 0; i < n; i++) {
    const org = await fixtures.makeOrg(ctx, `Vereniging ${prefix.toUpperCase()} ${String.fromCharCode(65 + i)}`);
    const { user } = await signedIn(ctx, `board-${prefix}${i}@example.org`);
    out.push({ org, user });
  }
  return out;
}

const signUp = async (offeringId: string, sessionId: string | null, w: Who, opts: { lang?: Lang; people?: number } = {}) =>
  (await register(ctx.db, ctx.deps, {
    offeringId,
    sessionId,
    orgId: w.org.id,
    actorId: w.user.id,
    year: 2026,
    participants: participants(opts.people ?? 1, `${w.user.email.split("@")[0]}-p`),
    idempotencyKey: null,
    lang: opts.lang ?? "nl",
    now: ctx.clock.now(),
  }))!.registration;

const statusOf = async (id: string) =>
  (await ctx.db.select({ s: trainingRegistrations.status }).from(trainingRegistrations).where(eq(trainingRegistrations.id, id)))[0]!.s;

/** An offering whose capacity counts boards per date: one place on each of `dates` dates. */
const perDate = (dates: number, over: Partial<OfferingInput> = {}) =>
  makeOffering(ctx, { capacityUnit: "boards", capacity: 1, ...over }, dates);

describe("an offering's registrations in the office", () => {
  it("lists per date those holding a place and the waiting list in order, with positions", async () => {
    const client = await staff();
    const { offering, sessions } = await perDate(2);
    const [a, b, c, d] = await orgs(4);
    await signUp(offering.id, sessions[0]!.id, a!);
    await signUp(offering.id, sessions[0]!.id, b!);
    await signUp(offering.id, sessions[0]!.id, c!);
    await signUp(offering.id, sessions[1]!.id, d!);
    const html = decodeHtml(await (await client.get(url("en", "staffTrainingRegistrations", { id: offering.id }))).text());
    expect(html).toContain("<h1>Registrations: Are you OK?</h1>");
    expect(html).toContain("4 registrations");
    const rows = [...html.matchAll(/<tr><td><a href="[^"]+">([^<]+)<\/a><\/td>.*?<td>([^<]*)<\/td><\/tr>/g)].map((m) => [m[1], m[2]]);
    // Holding a place first (in arrival order), then the waiting list with each one's place in line.
    expect(rows).toEqual([
      ["Vereniging NL A", "–"],
      ["Vereniging NL D", "–"],
      ["Vereniging NL B", "1"],
      ["Vereniging NL C", "2"],
    ]);
    expect(html).toContain("board-nl1-p0@example.org");
    const one = decodeHtml(
      await (await client.get(url("en", "staffTrainingRegistrations", { id: offering.id }, { session: sessions[1]!.id }))).text(),
    );
    expect(one).toContain("Vereniging NL D");
    expect(one).not.toContain("Vereniging NL B");
    expect(one).toContain('aria-current="page"');
  });

  it("exports the participants as CSV in the page's language, with formula cells neutralised", async () => {
    const client = await staff();
    const { offering, sessions } = await makeOffering(ctx, { capacity: 5 });
    const [a] = await orgs(1);
    await register(ctx.db, ctx.deps, {
      offeringId: offering.id,
      sessionId: sessions[0]!.id,
      orgId: a!.org.id,
      actorId: a!.user.id,
      year: 2026,
      participants: [
        { name: '=HYPERLINK("http://evil.example","click")', email: "eve@example.org", role: "+cmd" },
        { name: "Émile, de Vries", email: "emile@example.org", role: "chair" },
      ],
      idempotencyKey: null,
      lang: "nl",
      now: ctx.clock.now(),
    });
    const nl = await client.get(url("nl", "staffTrainingCsv", { id: offering.id }));
    expect(nl.status).toBe(200);
    expect(nl.headers.get("content-type")).toContain("text/csv");
    expect(nl.headers.get("content-disposition")).toContain(`deelnemers-${offering.slug}.csv`);
    const text = await nl.text();
    const lines = text.replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toBe("Organisatie;Naam;E-mail;Rol;Datum;Status");
    expect(lines[1]).toBe(
      `Vereniging NL A;"'=HYPERLINK(""http://evil.example"",""click"")";eve@example.org;'+cmd;"10 dec 2026, 11:30";aangemeld`,
    );
    expect(lines[2]).toContain('"Émile, de Vries"');
    const en = await (await client.get(url("en", "staffTrainingCsv", { id: offering.id }))).text();
    expect(en).toContain("Organisation,Name,Email,Role,Date,Status");
  });
});

describe("one registration in the office", () => {
  it("cancels it with a required reason, mails the organisation and offers the place to the next in line", async () => {
    const client = await staff();
    const { offering, sessions } = await makeOffering(ctx, { capacity: 1 });
    const [a, b] = await orgs(2);
    const first = await signUp(offering.id, sessions[0]!.id, a!);
    const second = await signUp(offering.id, sessions[0]!.id, b!);
    const path = url("nl", "staffTrainingRegistration", { id: first.id });
    expect(await (await client.get(path)).text()).toContain("Vereniging NL A");
    const empty = await client.post(path, { action: "cancel", cancelReason: "" });
    expect(empty.status).toBe(422);
    expect(fieldError(await empty.text(), "cancelReason")).toBe(errorMessage("nl", "reasonNeeded"));
    expect(await statusOf(first.id)).toBe("confirmed");
    const res = await client.post(path, { action: "cancel", cancelReason: "Dubbel aangemeld" });
    expect(res.status).toBe(303);
    expect(await statusOf(first.id)).toBe("cancelled");
    expect(await statusOf(second.id)).toBe("offered");
    const mail = (await mailsTo(ctx, "board-nl0@example.org")).find((m) => m.subject === "Afgemeld: Gaat het?")!;
    expect(mail.text).toContain("Reden: Dubbel aangemeld");
    const page = decodeHtml(await (await client.get(res.headers.get("location")!)).text());
    expect(page).toContain("De aanmelding is geannuleerd.");
    expect(page).toContain("Aanmelding geannuleerd door het bureau");
    expect(page).toContain("Reden: Dubbel aangemeld");
  });

  it("moves it to another date with room, mails it, and gives the old date's place to its waiting list", async () => {
    const client = await staff();
    const { offering, sessions } = await perDate(3);
    const [a, b, c] = await orgs(3);
    const moving = await signUp(offering.id, sessions[0]!.id, a!, { lang: "en" });
    const waiting = await signUp(offering.id, sessions[0]!.id, b!);
    await signUp(offering.id, sessions[1]!.id, c!);
    const path = url("en", "staffTrainingRegistration", { id: moving.id });
    const post = (sessionId: string, moveReason = "Asked by the board") => client.post(path, { action: "move", sessionId, moveReason });
    // All errors at once: no date, no reason.
    const none = await client.post(path, { action: "move", sessionId: "", moveReason: "" });
    expect(none.status).toBe(422);
    const noneHtml = await none.text();
    expect(fieldError(noneHtml, "sessionId")).toBe(errorMessage("en", "required"));
    expect(fieldError(noneHtml, "moveReason")).toBe(errorMessage("en", "reasonNeeded"));
    // The same date, a full date, a date of another offering: refused, nothing moved.
    const other = await makeOffering(ctx, { slug: "other" });
    const past = await addSession(ctx.db, null, offering.id, {
      startsAt: new Date("2026-11-16T10:30:00Z"),
      endsAt: new Date("2026-11-16T15:00:00Z"),
      location: null,
      onlineUrl: null,
      capacity: null,
    });
    for (const [target, key] of [
      [sessions[0]!.id, "sameDate"],
      [sessions[1]!.id, "dateFull"],
      [other.sessions[0]!.id, "notBookable"],
      [past.id, "notBookable"],
    ] as const) {
      const res = await post(target);
      expect(res.status, key).toBe(422);
      expect(fieldError(await res.text(), "sessionId"), key).toBe(errorMessage("en", key));
    }
    expect(await statusOf(waiting.id)).toBe("waiting");

    const res = await post(sessions[2]!.id);
    expect(res.status).toBe(303);
    const [moved] = await ctx.db.select().from(trainingRegistrations).where(eq(trainingRegistrations.id, moving.id));
    expect(moved).toMatchObject({
      sessionId: sessions[2]!.id,
      scopeId: sessions[2]!.id,
      status: "confirmed",
      reason: "Asked by the board",
    });
    expect(await statusOf(waiting.id)).toBe("offered");
    // The participant (no account) reads the registration's language; the registrant's account is Dutch.
    const mails = await mailsTo(ctx, "board-nl0-p0@example.org");
    const mail = mails.find((m) => m.subject === "Changed: Are you OK?");
    expect((await mailsTo(ctx, "board-nl0@example.org")).map((m) => m.subject)).toContain("Gewijzigd: Gaat het?");
    expect(mail, mails.map((m) => m.subject).join(" | ")).toBeTruthy();
    const ev = new ICAL.Component(ICAL.parse(mail!.attachments[0]!.content)).getFirstSubcomponent("vevent")!;
    expect(ev.getFirstPropertyValue("uid")).toBe(`${sessions[2]!.id}@localhost:3000`);
    // The date left is cancelled in the calendar: its own UID, METHOD:CANCEL.
    expect(mail!.attachments.map((x) => x.filename)).toEqual(["invite.ics", "cancel.ics"]);
    const cancel = new ICAL.Component(ICAL.parse(mail!.attachments[1]!.content));
    expect(cancel.getFirstPropertyValue("method")).toBe("CANCEL");
    expect(cancel.getFirstSubcomponent("vevent")!.getFirstPropertyValue("uid")).toBe(`${moving.sessionId}@localhost:3000`);
    expect(cancel.getFirstSubcomponent("vevent")!.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(decodeHtml(await (await client.get(path)).text())).toContain("Registration moved");
  });

  it("adds an organisation above the cap, with all errors at once first and a resent form adding it once", async () => {
    const client = await staff();
    const { offering, sessions } = await makeOffering(ctx, { capacity: 1 });
    const [a, b] = await orgs(2);
    await signUp(offering.id, sessions[0]!.id, a!);
    await signUp(offering.id, sessions[0]!.id, b!);
    const extra = await fixtures.makeOrg(ctx, "Studievereniging Extra", { lang: "en" });
    const path = url("en", "staffTrainingAdd", { id: offering.id });
    const form = await (await client.get(path)).text();
    expect(form).toContain("Studievereniging Extra");
    const key = form.match(/name="key" value="([^"]+)"/)?.[1];
    const regCount = async () => (await ctx.db.select({ n: count() }).from(trainingRegistrations))[0]!.n;

    const bad = await client.post(path, { organisationId: "", sessionId: "", name_1: "Ann", email_1: "", reason: "" });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(fieldError(html, "organisationId")).toBe(errorMessage("en", "required"));
    expect(fieldError(html, "email_1")).toBe(errorMessage("en", "participantIncomplete"));
    expect(fieldError(html, "reason")).toBe(errorMessage("en", "reasonNeeded"));
    expect(html).toContain('value="Ann"');
    const noDate = await client.post(path, {
      organisationId: extra.id,
      sessionId: "",
      name_1: "Ann",
      email_1: "ann@example.org",
      reason: "x",
    });
    expect(fieldError(await noDate.text(), "sessionId")).toBe(errorMessage("en", "required"));
    expect(await regCount()).toBe(2);

    const valid = {
      key: key ?? "",
      organisationId: extra.id,
      sessionId: sessions[0]!.id,
      name_1: "Ann Extra",
      email_1: "Ann@Example.org",
      role_1: "chair",
      reason: "Agreed with the partner",
    };
    const res = await client.post(path, valid);
    expect(res.status).toBe(303);
    const again = await client.post(path, valid);
    expect(again.headers.get("location")).toBe(res.headers.get("location"));
    expect(await regCount()).toBe(3);
    const [added] = await ctx.db.select().from(trainingRegistrations).where(eq(trainingRegistrations.organisationId, extra.id));
    expect(added).toMatchObject({ status: "confirmed", aboveCap: true, lang: "en", reason: "Agreed with the partner" });
    expect((await mailsTo(ctx, "ann@example.org")).map((m) => m.subject)).toEqual(["Registered: Are you OK?"]);
    const [entry] = await ctx.db.select().from(auditLog).where(eq(auditLog.action, "training.add_above_cap"));
    expect(entry!.organisationId).toBe(extra.id);
    // Added twice by hand (no key): refused next to the date.
    const twice = await client.post(path, { ...valid, key: "" });
    expect(twice.status).toBe(422);
    expect(fieldError(await twice.text(), "sessionId")).toBe(errorMessage("en", "alreadyRegistered"));
  });
});

describe("attendance, messages and what the organisation's pages show", () => {
  it("records attendance only after the date begins, and counts who is trained this academic year", async () => {
    let client = await staff();
    const { offering, sessions } = await makeOffering(ctx, { capacity: 5, maxPerOrganisation: 3 });
    const [a, b] = await orgs(2);
    await signUp(offering.id, sessions[0]!.id, a!, { people: 2 });
    await signUp(offering.id, sessions[0]!.id, b!);
    const path = url("en", "staffTrainingAttendance", { id: offering.id, sessionId: sessions[0]!.id });
    expect(await (await client.get(path)).text()).toContain("Attendance can be recorded once the date has begun.");
    expect((await client.post(path, {})).status).toBe(409);
    expect((await ctx.db.select({ n: count() }).from(trainingAttendance))[0]!.n).toBe(0);

    ctx.clock.set(new Date(sessions[0]!.startsAt.getTime() + HOUR));
    client = await staff(); // signed in again after the clock's jump
    const page = await (await client.get(path)).text();
    const people = await ctx.db.select().from(trainingParticipants).orderBy(asc(trainingParticipants.email));
    for (const p of people) expect(page).toContain(`value="${p.id}"`);
    const [aPresent, aAbsent] = people.filter((p) => p.email.startsWith("board-nl0"));
    const body = new URLSearchParams({ _csrf: await client.csrfToken(), present: aPresent!.id });
    const res = await client.request(path, {
      method: "POST",
      body,
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost:3000" },
    });
    expect(res.status).toBe(303);
    const marks = await ctx.db.select().from(trainingAttendance);
    expect(marks.map((m) => [m.participantId, m.present]).sort()).toEqual(people.map((p) => [p.id, p.id === aPresent!.id]).sort());
    expect(await (await client.get(res.headers.get("location")!)).text()).toContain("Saved: 1 present.");
    // Trained: who was there; not who was recorded absent; a confirmed registration not yet checked counts.
    const trained = await trainedThisYear(ctx.db, [a!.org.id, b!.org.id], 2026, ctx.clock.now());
    expect(trained.get(a!.org.id)).toEqual([aPresent!.email]);
    expect(trained.get(b!.org.id)).toBeUndefined();
    expect(aAbsent).toBeTruthy();
    expect((await trainedThisYear(ctx.db, [a!.org.id], 2025, ctx.clock.now())).size).toBe(0);

    // The office's organisation list and page show it.
    const list = decodeHtml(await (await client.get(url("en", "staffOrgs"))).text());
    expect(list).toContain("Trained this academic year");
    expect(list).toContain("1 person");
    const orgPage = decodeHtml(await (await client.get(url("en", "staffOrg", { id: a!.org.id }))).text());
    expect(orgPage).toContain(aPresent!.email);
    expect(orgPage).toContain("Training registrations");
    expect(orgPage).toContain("Are you OK?");
  });

  it("sends a message to everyone with a place on a date, each in their registration's language, after showing how many", async () => {
    const client = await staff();
    const { offering, sessions } = await makeOffering(ctx, { capacity: 2 });
    const [a] = await orgs(1, "nl");
    const [b, waiting] = await orgs(2, "en");
    await signUp(offering.id, sessions[0]!.id, a!, { lang: "nl" });
    await signUp(offering.id, sessions[0]!.id, b!, { lang: "en", people: 2 });
    await signUp(offering.id, sessions[0]!.id, waiting!, { lang: "en" });
    const path = url("en", "staffTrainingMessage", { id: offering.id, sessionId: sessions[0]!.id });
    const empty = await client.post(path, { subject_nl: "", subject_en: "", body_nl: "", body_en: "" });
    expect(empty.status).toBe(422);
    const emptyHtml = await empty.text();
    expect(fieldError(emptyHtml, "subject_nl")).toBe(errorMessage("en", "bothLanguages"));
    expect(fieldError(emptyHtml, "body_nl")).toBe(errorMessage("en", "bothLanguages"));

    const form = {
      subject_nl: "Neem je laptop mee",
      subject_en: "Bring your laptop",
      body_nl: "Tot dan.",
      body_en: "See you.\n\nThe office",
    };
    const ask = await client.post(path, form);
    expect(ask.status).toBe(200);
    // 2 registrants and 3 participants; the organisation on the waiting list is not told.
    expect(await ask.text()).toContain("Send this message to 5 people?");
    expect((await mailsTo(ctx, "board-nl0@example.org")).map((m) => m.subject)).not.toContain("Neem je laptop mee");

    const sent = await client.post(path, { ...form, confirmed: "yes" });
    expect(sent.status).toBe(303);
    const [nl] = (await mailsTo(ctx, "board-nl0@example.org")).filter((m) => m.template === "training.message");
    expect(nl!.subject).toBe("Neem je laptop mee");
    expect(nl!.text).toContain("Tot dan.");
    expect(nl!.text).toContain("Een bericht van het bureau over Gaat het?");
    const [en] = (await mailsTo(ctx, "board-en0-p1@example.org")).filter((m) => m.template === "training.message");
    expect(en!.subject).toBe("Bring your laptop");
    expect(en!.text).toContain("See you.");
    expect((await mailsTo(ctx, "board-en1@example.org")).filter((m) => m.template === "training.message")).toEqual([]);
    expect(await (await client.get(sent.headers.get("location")!)).text()).toContain("The message was sent to 5 people.");
  });
});

describe("the request queue", () => {
  async function request(orgId: string, offeringId: string) {
    const [r] = await ctx.db
      .insert(trainingRequests)
      .values({
        offeringId,
        organisationId: orgId,
        preferredDates: "March, evenings",
        groupSize: 14,
        lang: "nl",
        createdAt: ctx.clock.now(),
      })
      .returning();
    return r!;
  }

  it("plans a request as a date only its organisation can book, or declines it with a reason", async () => {
    const client = await staff();
    const { offering } = await makeOffering(ctx, { kind: "tailor_made", registration: "request" }, 0);
    const [a, b] = await orgs(2);
    const planned = await request(a!.org.id, offering.id);
    const declined = await request(b!.org.id, offering.id);
    const list = decodeHtml(await (await client.get(url("en", "staffTrainingRequests"))).text());
    expect(list).toContain("Vereniging NL A");
    expect(list).toContain("Vereniging NL B");
    expect(decodeHtml(await (await client.get(url("en", "staffHome"))).text())).toContain("2 training requests waiting");

    const path = url("en", "staffTrainingRequest", { id: planned.id });
    expect(decodeHtml(await (await client.get(path)).text())).toContain("March, evenings");
    const bad = await client.post(path, { action: "plan", date: "", startTime: "19:00", endTime: "18:00", capacity: "" });
    expect(bad.status).toBe(422);
    expect(fieldError(await bad.text(), "date")).toBe(errorMessage("en", "required"));
    const res = await client.post(path, {
      action: "plan",
      date: "2027-03-09",
      startTime: "19:00",
      endTime: "21:00",
      location_nl: "Lipsius",
      location_en: "Lipsius",
      capacity: "",
    });
    expect(res.status).toBe(303);
    const [session] = await ctx.db.select().from(trainingSessions).where(eq(trainingSessions.offeringId, offering.id));
    expect(session).toMatchObject({ reservedFor: a!.org.id, startsAt: new Date("2027-03-09T18:00:00Z") });
    const [row] = await ctx.db.select().from(trainingRequests).where(eq(trainingRequests.id, planned.id));
    expect(row).toMatchObject({ status: "planned", sessionId: session!.id });
    // Planned already: sent again, nothing more happens.
    expect((await client.post(path, { action: "plan", date: "2027-03-10", startTime: "19:00", endTime: "21:00" })).status).toBe(303);
    expect((await ctx.db.select({ n: count() }).from(trainingSessions))[0]!.n).toBe(1);

    const decline = url("nl", "staffTrainingRequest", { id: declined.id });
    const noReason = await client.post(decline, { action: "decline", declineReason: "" });
    expect(fieldError(await noReason.text(), "declineReason")).toBe(errorMessage("nl", "reasonNeeded"));
    expect((await client.post(decline, { action: "decline", declineReason: "Geen trainer beschikbaar" })).status).toBe(303);
    const [no] = await ctx.db
      .select()
      .from(trainingRequests)
      .where(and(eq(trainingRequests.id, declined.id), eq(trainingRequests.status, "declined")));
    expect(no!.reason).toBe("Geen trainer beschikbaar");
    expect(decodeHtml(await (await client.get(url("en", "staffTrainingRequests"))).text())).toContain("No requests are waiting.");
  });
});
