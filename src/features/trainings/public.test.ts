import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { Client, decodeHtml, setupApp, signedIn } from "../../../test/helpers/app.js";
import * as fixtures from "../../../test/helpers/fixtures.js";
import { makeOffering, participants } from "../../../test/helpers/trainings.js";
import { createApp } from "../../app.js";
import { MINUTE } from "../../core/clock.js";
import { contentStamps, contentVersion } from "../../core/content/versions.js";
import { PageCache } from "../../core/http/cache.js";
import { jobHandlers, schedules } from "../../jobs.js";
import { url } from "../../routes.js";
import { cancelRegistration, freePlacesFor, register } from "../training-registrations/service.js";
import { addSession, cancelSession, passTimedMoments, sessionsOf, TRAININGS, updateOffering, updateSession } from "./service.js";

const ctx = setupApp();
const anon = () => new Client(ctx);
const page = async (path: string, client = anon()) => {
  const res = await client.get(path);
  expect(res.status, path).toBe(200);
  return decodeHtml(await res.text());
};
/** The text of the page's <main>, tags removed and spaces collapsed. */
const mainText = (html: string) => (html.match(/<main[\s\S]*<\/main>/)?.[0] ?? "").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

let orgCount = 0;
/** An organisation with a current board and its signed-in member. */
async function boardMember(name = `Vereniging ${++orgCount}`) {
  const org = await fixtures.makeOrg(ctx, name);
  const board = await fixtures.makeBoard(ctx, org.id);
  const { client, user } = await fixtures.seat(ctx, board.id, `chair${orgCount}@example.org`);
  return { org, client, user };
}

const registerFor = (offeringId: string, sessionId: string | null, who: { org: { id: string }; user: { id: string } }, n = 1) =>
  register(ctx.db, ctx.deps, {
    offeringId,
    sessionId,
    orgId: who.org.id,
    actorId: who.user.id,
    year: 2026,
    participants: participants(n, who.org.id.slice(0, 6)),
    idempotencyKey: null,
    lang: "en",
    now: ctx.clock.now(),
  });

describe("the catalogue", () => {
  it("lists each published offering with its kind, audiences, provider, language, cost, format and dates; not drafts or reserved dates", async () => {
    const { offering, sessions } = await makeOffering(
      ctx,
      {
        title: { nl: "Gaat het?", en: "Are you OK?" },
        audiences: ["board_members", "key_figures"],
        providerName: { nl: "Rutgers", en: "Rutgers" },
        providerUrl: "https://rutgers.example.org",
        capacity: 25,
      },
      2,
    );
    const staff = await signedIn(ctx, "office@example.org", { staffRole: "staff" });
    await updateSession(
      ctx.db,
      staff.user.id,
      sessions[1]!.id,
      { location: { nl: "Plexus, Leiden", en: "Plexus, Leiden" } },
      ctx.clock.now(),
    );
    await makeOffering(ctx, { title: { nl: "Concept", en: "Draft one" }, status: "draft" });
    const paid = await makeOffering(ctx, { title: { nl: "Betaald", en: "Paid one" }, lang: "en", costCents: 2500, format: "single" });
    const org = await fixtures.makeOrg(ctx, "Reserved Club");
    await addSession(ctx.db, null, paid.offering.id, {
      startsAt: new Date("2026-12-01T09:00:00Z"),
      endsAt: new Date("2026-12-01T11:00:00Z"),
      location: { nl: "Geheim", en: "Secret room" },
      onlineUrl: null,
      capacity: null,
      reservedFor: org.id,
    });

    const html = await page(url("en", "trainings"));
    const text = mainText(html);
    expect(text).toContain("Are you OK?");
    expect(text).toContain("Workshop");
    expect(text).toContain("Board members, Key figures");
    expect(html).toContain('<a href="https://rutgers.example.org">Rutgers</a>');
    expect(text).toContain("In Dutch");
    expect(text).toContain("Free");
    expect(text).toContain("Choose one of the dates");
    expect(text).toContain("Thursday, 10 December 2026, 11:30–16:00 · location to be announced");
    expect(text).toContain("Thursday, 17 December 2026, 11:30–16:00 · Plexus, Leiden");
    expect(text).toContain("Room for 25 more organisations across all dates");
    expect(text).toContain("Paid one");
    expect(text).toContain("In English");
    expect(text).toContain("€25.00");
    expect(text).not.toContain("Draft one");
    expect(text).not.toContain("Secret room");
    expect(html).toContain(`href="${url("en", "training", { slug: offering.slug })}"`);
    expect(html).toContain(`href="${url("en", "trainingsFeed")}"`);
    const nl = mainText(await page(url("nl", "trainings")));
    expect(nl).toContain("donderdag 10 december 2026, 11:30–16:00 · locatie volgt");
    expect(nl).toContain("Nog plaats voor 25 organisaties voor alle data samen");
    expect(nl).toContain("€ 25,00");
  });

  it("filters by audience, language and open for registration, and reads junk as no filter", async () => {
    await makeOffering(ctx, { title: { nl: "Bestuurstraining", en: "Board training" }, audiences: ["board_members"], lang: "nl" });
    await makeOffering(ctx, { title: { nl: "VCP-training", en: "Peer listener training" }, audiences: ["peer_listeners"], lang: "en" });
    await makeOffering(ctx, {
      title: { nl: "Later", en: "Opens later" },
      audiences: ["board_members"],
      opensAt: new Date("2026-12-01T08:00:00Z"),
    });
    await makeOffering(ctx, {
      title: { nl: "Dicht", en: "Closed one" },
      audiences: ["members"],
      closesAt: new Date("2026-11-20T08:00:00Z"),
    });
    await makeOffering(
      ctx,
      { title: { nl: "Op maat", en: "Tailor-made" }, kind: "tailor_made", registration: "request", audiences: ["board_members"] },
      0,
    );
    const titles = async (query: Record<string, string>) => {
      const text = mainText(await page(url("en", "trainings", {}, query)));
      return ["Board training", "Peer listener training", "Opens later", "Closed one", "Tailor-made"].filter((x) => text.includes(x));
    };
    expect(await titles({})).toEqual(["Board training", "Peer listener training", "Opens later", "Closed one", "Tailor-made"]);
    expect(await titles({ audience: "board_members" })).toEqual(["Board training", "Opens later", "Tailor-made"]);
    expect(await titles({ language: "en" })).toEqual(["Peer listener training"]);
    expect(await titles({ open: "1" })).toEqual(["Board training", "Peer listener training", "Tailor-made"]);
    expect(await titles({ audience: "board_members", open: "1" })).toEqual(["Board training", "Tailor-made"]);
    expect(await titles({ audience: "nonsense", language: "xx", open: "maybe" })).toHaveLength(5);
    // The form shows the filters chosen, and says when nothing matches.
    const html = await page(url("en", "trainings", {}, { audience: "members", open: "1" }));
    expect(html).toContain('<option value="members" selected="">Members</option>');
    expect(html).toMatch(/<input type="checkbox" id="f-open" name="open" value="1" checked=""/);
    expect(mainText(html)).toContain("0 offerings Nothing on offer matches these filters.");
  });

  it("says the free places in the offering's unit: a count, few, full with or without a waiting list, opening and closed", async () => {
    const base = { audiences: ["board_members" as const] };
    const orgs = await makeOffering(ctx, { ...base, title: { nl: "O", en: "Series" }, capacity: 3 }, 3);
    const people = await makeOffering(ctx, { ...base, title: { nl: "P", en: "People" }, capacityUnit: "people", capacity: 8 }, 2);
    const full = await makeOffering(ctx, { ...base, title: { nl: "V", en: "Fully booked" }, capacity: 1, waitingList: false });
    const line = await makeOffering(ctx, { ...base, title: { nl: "W", en: "With a line" }, capacity: 1 });
    const a = await boardMember();
    const b = await boardMember();
    await registerFor(people.offering.id, people.sessions[0]!.id, a, 3);
    await registerFor(full.offering.id, null, a);
    await registerFor(line.offering.id, null, a);
    await registerFor(line.offering.id, null, b);
    const text = mainText(await page(url("en", "trainings")));
    const card = (title: string) => text.slice(text.indexOf(title), text.indexOf(title) + 400);
    expect(card("Series")).toContain("Few places left");
    expect(card("People")).toContain("Thursday, 10 December 2026, 11:30–16:00 · location to be announced · 5 places left");
    expect(card("People")).toContain("Thursday, 17 December 2026, 11:30–16:00 · location to be announced · 8 places left");
    expect(card("Fully booked")).toMatch(/Fully booked.*Full /);
    expect(card("With a line")).toContain("Full – waiting list");

    // In the exact numbers too (what the cards are made of), in one go for all offerings.
    const all = [orgs, people, full, line];
    const sessions = await sessionsOf(
      ctx.db,
      all.map((x) => x.offering.id),
    );
    const free = await freePlacesFor(
      ctx.db,
      all.map((x) => x.offering),
      sessions,
    );
    expect(free.get(orgs.offering.id)).toBe(3);
    expect(free.get(people.sessions[0]!.id)).toBe(5);
    expect(free.get(people.sessions[1]!.id)).toBe(8);
    expect(free.get(full.offering.id)).toBe(0);
    expect(free.get(line.offering.id)).toBe(0);

    await updateOffering(ctx.db, a.user.id, orgs.offering.id, { opensAt: new Date("2026-12-01T08:00:00Z") }, ctx.clock.now());
    await updateOffering(ctx.db, a.user.id, people.offering.id, { closesAt: new Date("2026-11-22T08:00:00Z") }, ctx.clock.now());
    const later = mainText(await page(url("en", "trainings")));
    expect(later.slice(later.indexOf("Series"))).toMatch(/^Series.{0,300}Registration opens on 1 December 2026 at 09:00/);
    expect(later.slice(later.indexOf("People"))).toMatch(/^People.{0,300}Registration closed/);
    expect(later.slice(later.indexOf("People"), later.indexOf("People") + 500)).not.toContain("places left");
  });
});

describe("an offering's page", () => {
  it("shows who it is for, the provider, the dates with places, the waiting list and a sign-in for anonymous visitors", async () => {
    const { offering } = await makeOffering(
      ctx,
      {
        description: { nl: "Eerste alinea.\n\nTweede alinea.", en: "" },
        waitingNote: { nl: "Er is een wachttijd van een paar maanden.", en: "There is a waiting period of a few months." },
        audiences: ["peer_listeners"],
        capacity: 10,
      },
      2,
    );
    const path = url("en", "training", { slug: offering.slug });
    const html = await page(path);
    const text = mainText(html);
    expect(html).toContain("<h1>Are you OK?</h1>");
    expect(text).toContain("Who it is for Confidential peer listeners");
    // An untranslated description is shown in Dutch, marked as such.
    expect(html).toContain('<div class="prose" lang="nl"><p>Eerste alinea.</p><p>Tweede alinea.</p></div>');
    expect(text).toContain("Room for 10 more organisations across all dates");
    expect(text).toContain("There is a waiting period of a few months.");
    expect(html).toContain(`href="${url("en", "signIn", {}, { next: path })}"`);
    expect(text).toContain("Sign in to register your organisation");
    expect(html).toContain(`href="${url("en", "trainingFeed", { slug: offering.slug })}"`);
    expect(text).toContain("Add to your calendar");
  });

  it("leads a board member to their organisation's registration or request page, and others to register an organisation", async () => {
    const { offering } = await makeOffering(ctx, {});
    const requestable = await makeOffering(
      ctx,
      { title: { nl: "Op maat", en: "Tailor-made" }, kind: "tailor_made", registration: "request" },
      0,
    );
    const a = await boardMember("Alpha");
    const html = await page(url("en", "training", { slug: offering.slug }), a.client);
    expect(html).toContain(`href="${url("en", "orgTrainingRegister", { id: a.org.id, offeringId: offering.id })}"`);
    expect(mainText(html)).toContain("Register your organisation");
    const req = await page(url("nl", "training", { slug: requestable.offering.slug }), a.client);
    expect(req).toContain(`href="${url("nl", "orgTrainingRequest", { id: a.org.id, offeringId: requestable.offering.id })}"`);
    expect(mainText(req)).toContain("Deze training aanvragen");
    const { client } = await signedIn(ctx, "nobody@example.org");
    const none = await page(url("en", "training", { slug: offering.slug }), client);
    expect(none).toContain(`href="${url("en", "orgRegister")}"`);
    expect(none).not.toContain('/register"');
  });

  it("links an external registration, labelled with its language where it differs from the page's", async () => {
    const dutch = await makeOffering(ctx, {
      title: { nl: "GGD-programma", en: "GGD programme" },
      registration: "external",
      externalUrl: "https://ggd.example.org/aanmelden",
      lang: "nl",
    });
    const english = await makeOffering(ctx, {
      title: { nl: "Engelstalig", en: "In English" },
      registration: "external",
      externalUrl: "https://partner.example.org/register",
      lang: "en",
    });
    const link = (html: string) => html.match(/<a class="button primary" href="(https:[^"]+)" hreflang="(\w+)">([^<]+)<\/a>/)?.slice(1);
    expect(link(await page(url("en", "training", { slug: dutch.offering.slug })))).toEqual([
      "https://ggd.example.org/aanmelden",
      "nl",
      "Register (in Dutch)",
    ]);
    expect(link(await page(url("nl", "training", { slug: dutch.offering.slug })))).toEqual([
      "https://ggd.example.org/aanmelden",
      "nl",
      "Aanmelden",
    ]);
    expect(link(await page(url("nl", "training", { slug: english.offering.slug })))).toEqual([
      "https://partner.example.org/register",
      "en",
      "Aanmelden (in het Engels)",
    ]);
    expect(link(await page(url("en", "training", { slug: english.offering.slug })))?.[2]).toBe("Register");
  });

  it("is a 404 for an unknown slug or a draft, and redirects an address in capitals", async () => {
    const { offering } = await makeOffering(ctx, { slug: "are-you-ok" });
    await makeOffering(ctx, { slug: "not-yet", status: "draft" });
    for (const slug of ["no-such-training", "not-yet", "bad slug!", "x".repeat(200)]) {
      expect((await anon().get(url("en", "training", { slug }))).status, slug).toBe(404);
      expect((await anon().get(url("en", "trainingFeed", { slug }))).status, slug).toBe(404);
    }
    const res = await anon().get("/en/trainings/Are-You-OK");
    expect(res.status).toBe(308);
    expect(res.headers.get("location")).toBe(url("en", "training", { slug: offering.slug }));
    const feed = await anon().get("/nl/trainingen/ARE-YOU-OK/agenda.ics");
    expect(feed.status).toBe(308);
    expect(feed.headers.get("location")).toBe("/nl/trainingen/are-you-ok/agenda.ics");
  });
});

describe("the page cache", () => {
  const cachedApp = () => createApp({ ...ctx.deps, pageCache: new PageCache(() => contentStamps(ctx.db), 0) });
  const get = async (app: ReturnType<typeof cachedApp>, path: string) => {
    const res = await app.request(path);
    return { cache: res.headers.get("x-cache"), text: mainText(decodeHtml(await res.text())) };
  };

  it("serves the catalogue and an offering from memory until an edit or a registration changes them", async () => {
    const { offering, sessions } = await makeOffering(ctx, { capacity: 10 }, 2);
    const app = cachedApp();
    const list = url("en", "trainings");
    const one = url("en", "training", { slug: offering.slug });
    for (const path of [list, one]) {
      expect((await get(app, path)).cache, path).toBe("miss");
      expect((await get(app, path)).cache, path).toBe("hit");
    }
    // Parameters the catalogue doesn't read are dropped: the same entry.
    expect((await get(app, `${list}?utm_source=x`)).cache).toBe("hit");

    // A registration takes a place: both pages show the new count.
    const a = await boardMember();
    const { registration } = (await registerFor(offering.id, sessions[0]!.id, a))!;
    for (const path of [list, one]) {
      const after = await get(app, path);
      expect(after.cache, path).toBe("miss");
      expect(after.text, path).toContain("Room for 9 more organisations");
    }
    // Cancelled: the place is free again.
    await cancelRegistration(ctx.db, ctx.deps, {
      id: registration.id,
      orgId: a.org.id,
      actorId: a.user.id,
      reason: null,
      now: ctx.clock.now(),
    });
    expect((await get(app, list)).text).toContain("Room for 10 more organisations");

    // The office edits the offering.
    await get(app, one);
    await updateOffering(ctx.db, a.user.id, offering.id, { title: { nl: "Gaat het? (nieuw)", en: "Are you OK? (new)" } }, ctx.clock.now());
    const edited = await get(app, one);
    expect(edited.cache).toBe("miss");
    expect(edited.text).toContain("Are you OK? (new)");
  });

  it("bumps the version when a moment the pages show passes: registration opening, closing, a date beginning", async () => {
    const { offering } = await makeOffering(ctx, { opensAt: new Date("2026-11-25T08:00:00Z") });
    const version = async () => (await contentVersion(ctx.db, TRAININGS)).version;
    const before = await version();
    expect(await passTimedMoments(ctx.db, new Date("2026-11-24T00:00:00Z"), new Date("2026-11-25T07:59:00Z"))).toBe(false);
    expect(await version()).toBe(before);
    expect(await passTimedMoments(ctx.db, new Date("2026-11-25T07:55:00Z"), new Date("2026-11-25T08:00:00Z"))).toBe(true);
    expect(await version()).toBe(before + 1);
    // The job runs every minute and looks back a few minutes, so a late run misses nothing.
    expect(schedules.find((s) => s.name === "trainings.moments")?.everyMs).toBe(MINUTE);
    ctx.clock.set("2026-11-25T08:03:00Z");
    await jobHandlers(ctx.deps)["trainings.moments"]!({}, {} as never);
    expect(await version()).toBe(before + 2);
    ctx.clock.set("2026-11-25T08:30:00Z");
    await jobHandlers(ctx.deps)["trainings.moments"]!({}, {} as never);
    expect(await version()).toBe(before + 2);
    // The first date begins (10 December, 10:30 UTC).
    expect(await passTimedMoments(ctx.db, new Date("2026-12-10T10:28:00Z"), new Date("2026-12-10T10:31:00Z"))).toBe(true);
    // Not for drafts.
    const staff = await signedIn(ctx, "office@example.org", { staffRole: "staff" });
    await updateOffering(ctx.db, staff.user.id, offering.id, { status: "draft" }, ctx.clock.now());
    expect(await passTimedMoments(ctx.db, new Date("2026-12-10T10:28:00Z"), new Date("2026-12-10T10:31:00Z"))).toBe(false);
  });
});

describe("the calendar feeds", () => {
  const parse = (ics: string) => new ICAL.Component(ICAL.parse(ics));
  const events = (ics: string) => parse(ics).getAllSubcomponents("vevent");

  it("publish every date of the published offerings in Europe/Amsterdam, cancelled dates as cancelled, no reserved dates or personal data", async () => {
    const { offering, sessions } = await makeOffering(ctx, {}, 2);
    const other = await makeOffering(ctx, { title: { nl: "Tweede", en: "Second" } });
    await makeOffering(ctx, { title: { nl: "Concept", en: "Draft" }, status: "draft" });
    const org = await fixtures.makeOrg(ctx, "Reserved Club");
    const reserved = await addSession(ctx.db, null, offering.id, {
      startsAt: new Date("2027-01-12T10:00:00Z"),
      endsAt: new Date("2027-01-12T12:00:00Z"),
      location: null,
      onlineUrl: null,
      capacity: null,
      reservedFor: org.id,
    });
    const online = await addSession(ctx.db, null, other.offering.id, {
      startsAt: new Date("2027-01-19T10:00:00Z"),
      endsAt: new Date("2027-01-19T12:00:00Z"),
      location: null,
      onlineUrl: "https://meet.example.org/secret-room",
      capacity: null,
    });
    const a = await boardMember();
    await registerFor(offering.id, sessions[0]!.id, a);
    await cancelSession(ctx.db, a.user.id, sessions[1]!.id, ctx.clock.now());

    const res = await anon().get(url("en", "trainingsFeed"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    const ics = await res.text();
    const cal = parse(ics);
    expect(cal.getFirstPropertyValue("method")).toBe("PUBLISH");
    expect(cal.getFirstSubcomponent("vtimezone")!.getFirstPropertyValue("tzid")).toBe("Europe/Amsterdam");
    const evs = events(ics);
    const uids = evs.map((e) => e.getFirstPropertyValue("uid"));
    expect(uids.sort()).toEqual(
      [sessions[0]!.id, sessions[1]!.id, other.sessions[0]!.id, online.id].map((id) => `${id}@localhost:3000`).sort(),
    );
    expect(ics).not.toContain(reserved.id);
    const first = evs.find((e) => e.getFirstPropertyValue("uid") === `${sessions[0]!.id}@localhost:3000`)!;
    // 10:30 UTC in winter is 11:30 in Amsterdam, written with its TZID.
    expect(first.getFirstProperty("dtstart")!.getParameter("tzid")).toBe("Europe/Amsterdam");
    expect(String(first.getFirstPropertyValue("dtstart"))).toBe("2026-12-10T11:30:00");
    expect(String(first.getFirstPropertyValue("dtend"))).toBe("2026-12-10T16:00:00");
    expect(first.getFirstPropertyValue("summary")).toBe("Are you OK?");
    expect(first.getFirstPropertyValue("location")).toBe("location to be announced");
    expect(first.getFirstPropertyValue("url")).toBe(`http://localhost:3000${url("en", "training", { slug: offering.slug })}`);
    expect(first.getFirstPropertyValue("status")).toBe("CONFIRMED");
    const cancelled = evs.find((e) => e.getFirstPropertyValue("uid") === `${sessions[1]!.id}@localhost:3000`)!;
    expect(cancelled.getFirstPropertyValue("status")).toBe("CANCELLED");
    // No personal data or secret links: no participant, no online link, no address but the UIDs' host.
    expect(ics).not.toContain("secret-room");
    expect(evs.find((e) => e.getFirstPropertyValue("uid") === `${online.id}@localhost:3000`)!.getFirstPropertyValue("location")).toBe(
      "Online",
    );
    const unfolded = ics.replace(/\r\n[ \t]/g, "");
    expect(unfolded.match(/[\w.+-]+@[\w-]+\.[\w.-]+/g) ?? []).toEqual([]);
    expect(unfolded).not.toMatch(/mailto:|example\.org/i);
    // In Dutch, the Dutch text.
    const nl = events(await (await anon().get(url("nl", "trainingsFeed"))).text());
    expect(nl.find((e) => e.getFirstPropertyValue("uid") === `${sessions[0]!.id}@localhost:3000`)!.getFirstPropertyValue("location")).toBe(
      "locatie volgt",
    );
    expect(nl.map((e) => e.getFirstPropertyValue("summary"))).toContain("Gaat het?");
  });

  it("keep a date's UID across changes and raise its SEQUENCE with every change of the date or its offering", async () => {
    const { offering, sessions } = await makeOffering(ctx, { slug: "are-you-ok" }, 1);
    const feed = async () => {
      const res = await anon().get(url("en", "trainingFeed", { slug: "are-you-ok" }));
      expect(res.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
      const [ev, more] = events(await res.text());
      expect(more).toBeUndefined();
      return ev!;
    };
    const uid = `${sessions[0]!.id}@localhost:3000`;
    const first = await feed();
    expect(first.getFirstPropertyValue("uid")).toBe(uid);
    const seq0 = Number(first.getFirstPropertyValue("sequence") ?? 0);
    const staff = await signedIn(ctx, "office@example.org", { staffRole: "staff" });
    await updateSession(
      ctx.db,
      staff.user.id,
      sessions[0]!.id,
      { location: { nl: "Plexus, Leiden", en: "Plexus, Leiden" }, startsAt: new Date("2026-12-10T11:00:00Z") },
      ctx.clock.now(),
    );
    const moved = await feed();
    expect(moved.getFirstPropertyValue("uid")).toBe(uid);
    expect(Number(moved.getFirstPropertyValue("sequence"))).toBe(seq0 + 1);
    expect(String(moved.getFirstPropertyValue("dtstart"))).toBe("2026-12-10T12:00:00");
    expect(moved.getFirstPropertyValue("location")).toBe("Plexus, Leiden");
    await updateOffering(ctx.db, staff.user.id, offering.id, { title: { nl: "Gaat het? 2026", en: "Are you OK? 2026" } }, ctx.clock.now());
    const renamed = await feed();
    expect(renamed.getFirstPropertyValue("uid")).toBe(uid);
    expect(Number(renamed.getFirstPropertyValue("sequence"))).toBe(seq0 + 2);
    expect(renamed.getFirstPropertyValue("summary")).toBe("Are you OK? 2026");
    await cancelSession(ctx.db, staff.user.id, sessions[0]!.id, ctx.clock.now());
    const gone = await feed();
    expect(gone.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(Number(gone.getFirstPropertyValue("sequence"))).toBe(seq0 + 3);
  });

  it("are answered from the cache to signed-in users too, and dropped by a change", async () => {
    const { sessions } = await makeOffering(ctx, { slug: "are-you-ok" }, 1);
    const app = createApp({ ...ctx.deps, pageCache: new PageCache(() => contentStamps(ctx.db), 0) });
    const { client } = await signedIn(ctx, "someone@example.org");
    const cookie = `vn_session=${client.cookies.get("vn_session")}`;
    const path = url("nl", "trainingFeed", { slug: "are-you-ok" });
    expect((await app.request(path)).headers.get("x-cache")).toBe("miss");
    const hit = await app.request(path, { headers: { cookie } });
    expect(hit.headers.get("x-cache")).toBe("hit");
    expect(hit.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    await updateSession(
      ctx.db,
      (await signedIn(ctx, "office@example.org")).user.id,
      sessions[0]!.id,
      { endsAt: new Date("2026-12-10T15:30:00Z") },
      ctx.clock.now(),
    );
    const fresh = await app.request(path, { headers: { cookie } });
    expect(fresh.headers.get("x-cache")).toBe("miss");
    expect(await fresh.text()).toContain("DTEND;TZID=Europe/Amsterdam:20261210T163000");
  });
});
