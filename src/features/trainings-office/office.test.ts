import { asc, count, eq } from "drizzle-orm";
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import {
  Client,
  decodeHtml,
  type ExpectedError,
  errorMessage,
  fieldError,
  mailsTo,
  setupApp,
  signedIn,
} from "../../../test/helpers/app.js";
import * as fixtures from "../../../test/helpers/fixtures.js";
import { makeOffering, participants } from "../../../test/helpers/trainings.js";
import type { Lang } from "../../core/i18n/index.js";
import { outbox } from "../../core/mail/schema.js";
import { url } from "../../routes.js";
import { users } from "../auth/schema.js";
import { trainingRegistrations } from "../training-registrations/schema.js";
import { cancelRegistration, register } from "../training-registrations/service.js";
import { trainingOfferings, trainingSessions } from "../trainings/schema.js";
import { getOffering, getSession } from "../trainings/service.js";
import { offeringValues } from "./office.forms.js";

const ctx = setupApp();
const TZ = "Europe/Amsterdam";

const staff = async () => (await signedIn(ctx, "staff@office.example.org", { staffRole: "staff" })).client;

const offeringForm = (over: Record<string, string> = {}): Record<string, string> => ({
  title_nl: "Gaat het?",
  title_en: "Are you OK?",
  summary_nl: "Signalen herkennen.",
  summary_en: "",
  description_nl: "",
  description_en: "",
  providerName_nl: "",
  providerName_en: "",
  waitingNote_nl: "",
  waitingNote_en: "",
  kind: "workshop",
  audiences: "board_members",
  provider: "partner",
  providerUrl: "partner.example.org",
  lang: "nl",
  cost: "12,50",
  format: "choice",
  registration: "portal",
  externalUrl: "",
  capacityUnit: "organisations",
  capacity: "25",
  maxPerOrganisation: "3",
  opensAt: "2026-12-01T09:00",
  closesAt: "",
  cancelHoursBefore: "48",
  waitingList: "on",
  autoPromote: "",
  offerHours: "48",
  status: "published",
  ...over,
});

const sessionForm = (over: Record<string, string> = {}): Record<string, string> => ({
  title_nl: "",
  title_en: "",
  date: "2026-12-10",
  startTime: "11:30",
  endTime: "16:00",
  location_nl: "",
  location_en: "",
  onlineUrl: "",
  capacity: "",
  ...over,
});

/** Organisations with a board member each, who registers them. */
async function orgs(n: number, lang: Lang = "nl") {
  const out = [];
  for (let i = 0; i < n; i++) {
    const org = await fixtures.makeOrg(ctx, `Vereniging ${lang}${String.fromCharCode(65 + i)}`);
    const { user } = await signedIn(ctx, `board-${lang}${i}@example.org`);
    // The account reads the language its registrations are made in (mail follows the account's).
    await ctx.db.update(users).set({ lang }).where(eq(users.id, user.id));
    out.push({ org, user });
  }
  return out;
}

const signUp = (offeringId: string, sessionId: string | null, w: { org: { id: string }; user: { id: string } }, lang: Lang = "nl") =>
  register(ctx.db, ctx.deps, {
    offeringId,
    sessionId,
    orgId: w.org.id,
    actorId: w.user.id,
    year: 2026,
    participants: participants(1, `${w.org.id.slice(0, 6)}-`),
    idempotencyKey: null,
    lang,
    now: ctx.clock.now(),
  });

const statuses = async (offeringId: string) =>
  (
    await ctx.db
      .select({ status: trainingRegistrations.status })
      .from(trainingRegistrations)
      .where(eq(trainingRegistrations.offeringId, offeringId))
      .orderBy(asc(trainingRegistrations.queueNo))
  ).map((r) => r.status);

const offeringCount = async () => (await ctx.db.select({ n: count() }).from(trainingOfferings))[0]!.n;

/** The first event of a mailed `.ics`, parsed back with ical.js. */
async function icsOf(to: string, subject: string) {
  const rows = await ctx.db.select().from(outbox).where(eq(outbox.to, to));
  const mail = rows.find((m) => m.subject === subject);
  expect(mail, `a mail "${subject}" to ${to}`).toBeTruthy();
  const cal = new ICAL.Component(ICAL.parse(mail!.attachments[0]!.content));
  return { cal, ev: cal.getFirstSubcomponent("vevent")! };
}

describe("offerings in the office", () => {
  it("creates an offering from the side-by-side form, times read in Amsterdam, cost in cents, and lists it", async () => {
    const client = await staff();
    const form = await (await client.get(url("en", "staffTrainingNew"))).text();
    expect(form).toContain('name="title_nl"');
    expect(form).toContain('name="title_en"');
    expect(form).toContain('type="datetime-local"');
    const res = await client.post(url("en", "staffTrainingNew"), offeringForm());
    expect(res.status).toBe(303);
    const [o] = await ctx.db.select().from(trainingOfferings);
    expect(res.headers.get("location")).toBe(url("en", "staffTraining", { id: o!.id }, { done: "created" }));
    expect(o).toMatchObject({
      costCents: 1250,
      capacity: 25,
      format: "choice",
      providerUrl: "https://partner.example.org",
      slug: "are-you-ok",
    });
    // 09:00 in Amsterdam in December is 08:00 UTC.
    expect(o!.opensAt!.toISOString()).toBe("2026-12-01T08:00:00.000Z");
    // The summary is in Dutch only: flagged as untranslated on the form.
    const page = await (await client.get(res.headers.get("location")!)).text();
    expect(page).toContain("The offering has been created.");
    expect(page).toMatch(/Summary <span class="flag-untranslated">Not translated<\/span>/);
    expect(page).not.toMatch(/Title <span class="flag-untranslated">/);
    expect(page).toContain('value="2026-12-01T09:00"');
    const list = await (await client.get(url("nl", "staffTrainings"))).text();
    expect(list).toContain("Gaat het?");
    expect(list).toContain("0 van 25 organisaties");
    // A capacity per date is not read as a share of the whole.
    await makeOffering(ctx, { slug: "per-date", capacityUnit: "people", capacity: 20, title: { nl: "Per datum", en: "Per date" } });
    expect(await (await client.get(url("en", "staffTrainings"))).text()).toContain("0 · 20 people per date");
    // The status filter: a draft list doesn't show it.
    expect(await (await client.get(url("nl", "staffTrainings", {}, { status: "draft" }))).text()).not.toContain("Gaat het?");
  });

  const bad: { set: Record<string, string>; field: string; error: ExpectedError }[] = [
    { set: { title_nl: "", title_en: "" }, field: "title_nl", error: "bothLanguages" },
    { set: { kind: "party" }, field: "kind", error: "invalidChoice" },
    { set: { providerUrl: "not a url" }, field: "providerUrl", error: "invalidUrl" },
    { set: { cost: "twelve" }, field: "cost", error: "invalidAmount" },
    { set: { registration: "external", externalUrl: "" }, field: "externalUrl", error: "required" },
    { set: { capacity: "-3" }, field: "capacity", error: "invalidNumber" },
    { set: { maxPerOrganisation: "" }, field: "maxPerOrganisation", error: "required" },
    { set: { offerHours: "1000" }, field: "offerHours", error: ["numberMax", { max: 720 }] },
    { set: { opensAt: "2026-12-10T10:00", closesAt: "2026-12-09T10:00" }, field: "closesAt", error: "closesBeforeOpens" },
    // 02:30 on the night summer time starts does not exist in Amsterdam.
    { set: { opensAt: "2027-03-28T02:30", closesAt: "" }, field: "opensAt", error: "invalidDateTime" },
    { set: { description_en: "x".repeat(5001) }, field: "description_en", error: ["maxLength", { max: 5000 }] },
  ];

  it("reports every error of the offering form at once, localized, keeps what was typed and writes nothing", async () => {
    const client = await staff();
    await makeOffering(ctx);
    const before = await offeringCount();
    // All at once (the two date rules apart: they are about the same fields).
    const together = Object.assign({}, ...bad.filter((b) => !b.set.opensAt).map((b) => b.set));
    for (const lang of ["nl", "en"] as const) {
      const res = await client.post(
        url(lang, "staffTrainingNew"),
        offeringForm({ ...together, opensAt: "2026-12-10T10:00", closesAt: "2026-12-09T10:00" }),
      );
      expect(res.status).toBe(422);
      const html = await res.text();
      for (const b of bad.filter((x) => x.field !== "opensAt"))
        expect(fieldError(html, b.field), `${lang} ${b.field}`).toBe(errorMessage(lang, b.error));
      expect(html).toContain('value="twelve"');
      expect(html).toContain('value="not a url"');
      expect(html.match(/<div class="error-summary"/g)).toHaveLength(1);
    }
    for (const b of bad) {
      const res = await client.post(url("en", "staffTrainingNew"), offeringForm(b.set));
      expect(res.status, b.field).toBe(422);
      expect(fieldError(await res.text(), b.field), b.field).toBe(errorMessage("en", b.error));
    }
    expect(await offeringCount()).toBe(before);
  });

  it("answers huge and odd Unicode input with a 422, never a 500, and writes nothing", async () => {
    const client = await staff();
    const { offering } = await makeOffering(ctx);
    const odd = [
      "\u202E\u2066\u200B".repeat(3000),
      "z\u0301\u0302\u0303\u0304".repeat(2000),
      "𝖘𝖙𝖗𝖊𝖘𝖘 ".repeat(1500),
      "\uD800\uDFFF\uDBFF".repeat(3000),
      "a".repeat(200_000),
    ];
    for (const v of odd) {
      for (const path of [url("en", "staffTrainingNew"), url("nl", "staffTraining", { id: offering.id })]) {
        const res = await client.post(path, offeringForm({ title_nl: v, summary_en: v, cost: v, opensAt: v }));
        expect(res.status, path).toBe(422);
      }
      const s = await client.post(url("en", "staffTrainingSessionNew", { id: offering.id }), sessionForm({ location_nl: v, date: v }));
      expect(s.status).toBe(422);
    }
    expect(await offeringCount()).toBe(1);
    expect((await getOffering(ctx.db, offering.id))!.title).toEqual(offering.title);
    expect((await ctx.db.select({ n: count() }).from(trainingSessions))[0]!.n).toBe(1);
  });

  it("makes offers at once when a saved edit raises the capacity", async () => {
    const client = await staff();
    const { offering, sessions } = await makeOffering(ctx, { capacity: 1 });
    const who = await orgs(3);
    for (const w of who) await signUp(offering.id, sessions[0]!.id, w);
    expect(await statuses(offering.id)).toEqual(["confirmed", "waiting", "waiting"]);
    const values = offeringValues((await getOffering(ctx.db, offering.id))!, TZ);
    const res = await client.post(url("nl", "staffTraining", { id: offering.id }), { ...values, capacity: "2" });
    expect(res.status).toBe(303);
    expect(await statuses(offering.id)).toEqual(["confirmed", "offered", "waiting"]);
    expect((await mailsTo(ctx, "board-nl1@example.org")).map((m) => m.subject)).toContain("Er is een plek vrij: Gaat het?");
    expect((await mailsTo(ctx, "board-nl2@example.org")).map((m) => m.subject)).not.toContain("Er is een plek vrij: Gaat het?");
    // The change is in the offering's history, as a sentence.
    expect(decodeHtml(await (await client.get(url("en", "staffTraining", { id: offering.id }))).text())).toContain(
      "Capacity changed from 1 to 2",
    );
  });

  it("refuses to change the format while organisations are registered, and lets it change once none is", async () => {
    const client = await staff();
    const { offering, sessions } = await makeOffering(ctx, { capacityUnit: "people", capacity: 5 }, 2);
    const [a] = await orgs(1);
    const reg = (await signUp(offering.id, sessions[0]!.id, a!))!.registration;
    expect(reg.series).toBe(true);
    const values = offeringValues((await getOffering(ctx.db, offering.id))!, TZ);
    for (const lang of ["nl", "en"] as const) {
      const res = await client.post(url(lang, "staffTraining", { id: offering.id }), { ...values, format: "single", capacity: "9" });
      expect(res.status).toBe(422);
      expect(fieldError(await res.text(), "format")).toBe(errorMessage(lang, "formatLocked"));
    }
    expect(await getOffering(ctx.db, offering.id)).toMatchObject({ format: "choice", capacity: 5 });
    // Cancelled, the registration holds nothing: the format may change, and the row's series follows it.
    await cancelRegistration(ctx.db, ctx.deps, { id: reg.id, actorId: a!.user.id, reason: "Test", now: ctx.clock.now() });
    const res = await client.post(url("en", "staffTraining", { id: offering.id }), { ...values, format: "single" });
    expect(res.status).toBe(303);
    expect((await getOffering(ctx.db, offering.id))!.format).toBe("single");
    const [row] = await ctx.db.select().from(trainingRegistrations).where(eq(trainingRegistrations.id, reg.id));
    expect(row!.series).toBe(false);
  });
});

describe("dates in the office", () => {
  it("adds a date, read in Amsterdam, and refuses bad dates with all errors at once", async () => {
    const client = await staff();
    const { offering } = await makeOffering(ctx, {}, 0);
    const bad = await client.post(
      url("en", "staffTrainingSessionNew", { id: offering.id }),
      sessionForm({ date: "2026-02-30", startTime: "25:00", endTime: "", capacity: "x", onlineUrl: "nope" }),
    );
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(fieldError(html, "date")).toBe(errorMessage("en", "invalidDate"));
    expect(fieldError(html, "startTime")).toBe(errorMessage("en", "invalidTime"));
    expect(fieldError(html, "endTime")).toBe(errorMessage("en", "required"));
    expect(fieldError(html, "capacity")).toBe(errorMessage("en", "invalidNumber"));
    expect(fieldError(html, "onlineUrl")).toBe(errorMessage("en", "invalidUrl"));
    expect(html).toContain('value="2026-02-30"');
    const backwards = await client.post(
      url("nl", "staffTrainingSessionNew", { id: offering.id }),
      sessionForm({ startTime: "16:00", endTime: "11:30" }),
    );
    expect(fieldError(await backwards.text(), "endTime")).toBe(errorMessage("nl", "endsBeforeStarts"));
    expect((await ctx.db.select({ n: count() }).from(trainingSessions))[0]!.n).toBe(0);
    const res = await client.post(url("nl", "staffTrainingSessionNew", { id: offering.id }), sessionForm({ capacity: "10" }));
    expect(res.status).toBe(303);
    const [s] = await ctx.db.select().from(trainingSessions);
    expect(s!.startsAt.toISOString()).toBe("2026-12-10T10:30:00.000Z");
    expect(s!.location).toBeNull();
    expect(s!.capacity).toBe(10);
  });

  it("mails everyone registered for a date when its location is announced or its time moves, with an .ics whose SEQUENCE rose", async () => {
    const client = await staff();
    const { offering, sessions } = await makeOffering(ctx, { capacity: 5 }, 2);
    const [nlOrg] = await orgs(1, "nl");
    const [enOrg, other] = await orgs(2, "en");
    await signUp(offering.id, sessions[0]!.id, nlOrg!, "nl");
    await signUp(offering.id, sessions[0]!.id, enOrg!, "en");
    await signUp(offering.id, sessions[1]!.id, other!, "en");
    const first = await icsOf("board-en0@example.org", "Registered: Are you OK?");
    expect(first.ev.getFirstPropertyValue("sequence")).toBe(0);
    expect(first.ev.getFirstPropertyValue("location")).toBe("location to be announced");

    const path = url("en", "staffTrainingSession", { id: offering.id, sessionId: sessions[0]!.id });
    expect(await (await client.get(path)).text()).toContain('value="11:30"');
    const res = await client.post(path, sessionForm({ location_nl: "Leiden, Pieterskerk", location_en: "Leiden, St Peter's Church" }));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(url("en", "staffTraining", { id: offering.id }, { done: "sessionSaved", n: "2" }));
    const en = await icsOf("board-en0@example.org", "Changed: Are you OK?");
    expect(en.ev.getFirstPropertyValue("sequence")).toBe(1);
    expect(en.ev.getFirstPropertyValue("uid")).toBe(first.ev.getFirstPropertyValue("uid"));
    expect(en.ev.getFirstPropertyValue("location")).toBe("Leiden, St Peter's Church");
    expect(en.cal.getFirstPropertyValue("method")).toBe("REQUEST");
    // The participants too, and the Dutch registration in Dutch.
    expect((await mailsTo(ctx, `${enOrg!.org.id.slice(0, 6)}-0@example.org`)).map((m) => m.subject)).toContain("Changed: Are you OK?");
    const nl = await icsOf("board-nl0@example.org", "Gewijzigd: Gaat het?");
    expect(nl.ev.getFirstPropertyValue("location")).toBe("Leiden, Pieterskerk");
    // The other date's registration hears nothing.
    expect((await mailsTo(ctx, "board-en1@example.org")).map((m) => m.subject)).not.toContain("Changed: Are you OK?");

    // Saved again unchanged: nobody is mailed. Moved by an hour: everyone again, SEQUENCE up again.
    const again = await client.post(path, sessionForm({ location_nl: "Leiden, Pieterskerk", location_en: "Leiden, St Peter's Church" }));
    expect(again.headers.get("location")).toContain("n=0");
    await client.post(
      path,
      sessionForm({ startTime: "12:30", endTime: "17:00", location_nl: "Leiden, Pieterskerk", location_en: "Leiden, St Peter's Church" }),
    );
    const changed = (await mailsTo(ctx, "board-en0@example.org")).filter((m) => m.subject === "Changed: Are you OK?");
    expect(changed).toHaveLength(2);
    const moved = new ICAL.Component(ICAL.parse(changed[0]!.attachments[0]!.content)).getFirstSubcomponent("vevent")!;
    expect(Number(moved.getFirstPropertyValue("sequence"))).toBeGreaterThan(1);
    expect(String(moved.getFirstPropertyValue("dtstart"))).toBe("2026-12-10T12:30:00");
  });

  it("cancels a date after asking, with a reason: its registrations are cancelled and mailed, and the freed place is offered on", async () => {
    const client = await staff();
    const { offering, sessions } = await makeOffering(ctx, { capacity: 2 }, 2);
    const [a, b, c] = await orgs(3);
    await signUp(offering.id, sessions[0]!.id, a!);
    await signUp(offering.id, sessions[1]!.id, b!);
    await signUp(offering.id, sessions[1]!.id, c!);
    expect(await statuses(offering.id)).toEqual(["confirmed", "confirmed", "waiting"]);
    const path = url("nl", "staffTrainingSessionCancel", { id: offering.id, sessionId: sessions[0]!.id });
    const ask = await (await client.get(path)).text();
    expect(decodeHtml(ask)).toContain("De aanmelding voor deze datum wordt geannuleerd");
    // GET changed nothing; no reason: 422.
    expect((await getSession(ctx.db, sessions[0]!.id))!.status).toBe("scheduled");
    const none = await client.post(path, { reason: " " });
    expect(none.status).toBe(422);
    expect(fieldError(await none.text(), "reason")).toBe(errorMessage("nl", "reasonNeeded"));
    expect((await getSession(ctx.db, sessions[0]!.id))!.status).toBe("scheduled");

    const res = await client.post(path, { reason: "De trainer is ziek." });
    expect(res.status).toBe(303);
    expect((await getSession(ctx.db, sessions[0]!.id))!.status).toBe("cancelled");
    expect(await statuses(offering.id)).toEqual(["cancelled", "confirmed", "offered"]);
    const mail = (await mailsTo(ctx, "board-nl0@example.org")).find((m) => m.subject === "Afgemeld: Gaat het?")!;
    expect(mail.text).toContain("Reden: De trainer is ziek.");
    const { cal, ev } = await icsOf("board-nl0@example.org", "Afgemeld: Gaat het?");
    expect(cal.getFirstPropertyValue("method")).toBe("CANCEL");
    expect(ev.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(Number(ev.getFirstPropertyValue("sequence"))).toBeGreaterThan(0);
    // Sent again: nothing more happens.
    expect((await client.post(path, { reason: "x" })).status).toBe(303);
    expect((await mailsTo(ctx, "board-nl0@example.org")).filter((m) => m.subject === "Afgemeld: Gaat het?")).toHaveLength(1);
    expect(await (await client.get(path)).text()).toContain("Deze datum is geannuleerd.");
  });
});

describe("who may edit", () => {
  it("is office staff only", async () => {
    const { offering } = await makeOffering(ctx);
    const { client: board } = await signedIn(ctx, "board@example.org");
    for (const path of [url("en", "staffTrainings"), url("en", "staffTraining", { id: offering.id })]) {
      expect((await new Client(ctx).get(path)).status).toBe(303);
      expect((await board.get(path)).status).toBe(403);
    }
    expect((await board.post(url("en", "staffTrainingNew"), offeringForm())).status).toBe(403);
    expect(await offeringCount()).toBe(1);
  });
});
