import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { Client, decodeHtml, errorMessage, fieldError, linkIn, mailsTo, setupApp, signedIn } from "../../../test/helpers/app.js";
import * as fixtures from "../../../test/helpers/fixtures.js";
import { makeOffering } from "../../../test/helpers/trainings.js";
import { createApp } from "../../app.js";
import { catalogs } from "../../catalogs.js";
import { DAY } from "../../core/clock.js";
import { contentStamps } from "../../core/content/versions.js";
import { PageCache } from "../../core/http/cache.js";
import { LANGS } from "../../core/i18n/index.js";
import { privacyPolicy } from "../../privacy.js";
import { url } from "../../routes.js";
import { keyFigures } from "../key-figures/schema.js";
import { register } from "../training-registrations/service.js";
import { eraseSteppedDownProfiles, listenerProfilesPrivacy } from "./privacy.js";
import { listenerProfiles } from "./schema.js";
import { listenersOf } from "./service.js";

const ctx = setupApp();
const T = catalogs;

/** An organisation with a current board chaired by a signed-in member. */
async function orgWithChair(name: string) {
  const org = await fixtures.makeOrg(ctx, name);
  const board = await fixtures.makeBoard(ctx, org.id);
  const chair = await fixtures.seat(ctx, board.id, `chair@${name.toLowerCase()}.example.org`, { name: "Chris Chair" });
  return { org, board, chair };
}

/** The board invites `email` as peer listener through its key-figures page; the invitee accepts (a new account, signed in). */
async function appoint(chair: Client, orgId: string, email: string, name = "Pia Peer") {
  const res = await chair.post(url("en", "orgKeyFigures", { id: orgId }), { email, name: "", role: "peer_listener", note: "" });
  expect(res.status).toBe(303);
  const [mail] = (await mailsTo(ctx, email)).filter((m) => m.template === "keyFigures.invited");
  const link = linkIn(mail!.text);
  const token = new URL(link, "http://x").searchParams.get("token")!;
  const browser = new Client(ctx);
  expect((await browser.get(link)).status).toBe(200);
  const accepted = await browser.post(url(mail!.lang, "keyFigureInvitation"), { token, decision: "accept", name });
  expect(accepted.status).toBe(303);
  const [row] = await ctx.db.select().from(keyFigures).where(eq(keyFigures.email, email));
  return { browser, keyFigureId: row!.id, userId: row!.userId! };
}

const profileForm = (o: Record<string, string> = {}) => ({
  displayName: "Pia",
  languages: "nl",
  introduction: "Third-year student; I listen.",
  responseTime: "two_days",
  listed: "on",
  ...o,
});

/** Posts the profile form with its languages as the checkboxes send them (a repeated field). */
function saveProfile(
  client: Client,
  keyFigureId: string,
  o: Record<string, string> = {},
  languages = ["nl", "en"],
  lang: "nl" | "en" = "en",
) {
  const { languages: _ignored, ...rest } = profileForm(o);
  const body = new URLSearchParams(rest);
  for (const l of languages) body.append("languages", l);
  return client.csrfToken().then((token) => {
    body.set("_csrf", token);
    return client.request(url(lang, "listenerProfile", { keyFigureId }), {
      method: "POST",
      body,
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost:3000" },
    });
  });
}

const publicPage = async (q: string, lang: "nl" | "en" = "en") =>
  decodeHtml(await (await new Client(ctx).get(url(lang, "peerListeners", {}, { q }))).text());

const profileCount = async () => (await ctx.db.select({ n: count() }).from(listenerProfiles))[0]!.n;

describe("appointing a listener, who fills in a profile and is listed publicly", () => {
  it("appoint → accept → profile → listed; the board sees the state and training, never what they are told", async () => {
    const { org, chair } = await orgWithChair("Minerva");
    // The board's page links to the listeners, and from there to the invite form with the role chosen.
    expect(await (await chair.client.get(url("en", "org", { id: org.id }))).text()).toContain(url("en", "orgListeners", { id: org.id }));
    let board = decodeHtml(await (await chair.client.get(url("en", "orgListeners", { id: org.id }))).text());
    expect(board).toContain(T.en.listeners.board.none);
    const invite = `${url("en", "orgKeyFigures", { id: org.id }, { role: "peer_listener" })}#invite`;
    expect(board).toContain(`href="${invite}"`);
    expect(await (await chair.client.get(invite.split("#")[0]!)).text()).toMatch(/<option value="peer_listener" selected/);

    // Before an answer the invitation shows; nobody is on the public page.
    await chair.client.post(url("en", "orgKeyFigures", { id: org.id }), {
      email: "waiting@example.org",
      name: "",
      role: "peer_listener",
      note: "",
    });
    const { browser, keyFigureId } = await appoint(chair.client, org.id, "pia@example.org");
    board = decodeHtml(await (await chair.client.get(url("en", "orgListeners", { id: org.id }))).text());
    expect(board).toContain("waiting@example.org");
    expect(board).toContain(T.en.listeners.board.states.invited);
    expect(board).toContain(T.en.listeners.board.states.no_profile);
    expect(await publicPage("Minerva")).toContain(T.en.listeners.public.noListener("Minerva"));

    // The dashboard links the listener to their profile; the form starts with sensible choices.
    const dashboard = await (await browser.get(url("en", "dashboard"))).text();
    expect(dashboard).toContain(url("en", "listenerProfile", { keyFigureId }));
    const form = await (await browser.get(url("en", "listenerProfile", { keyFigureId }))).text();
    expect(form).toContain(T.en.listeners.profile.none);
    expect(form).toContain('id="f-listed" name="listed" checked');

    const saved = await saveProfile(browser, keyFigureId, { displayName: "Pia", introduction: "I listen, in Dutch or English." });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe(url("en", "listenerProfile", { keyFigureId }, { done: "saved" }));
    const [row] = await ctx.db.select().from(listenerProfiles).where(eq(listenerProfiles.keyFigureId, keyFigureId));
    expect(row).toMatchObject({ displayName: "Pia", languages: ["nl", "en"], responseTime: "two_days", listed: true, status: "active" });

    const page = await publicPage("minerv");
    expect(page).toContain("<h4>Pia</h4>");
    expect(page).toContain("Dutch, English");
    expect(page).toContain(T.en.listeners.responseTimes.two_days);
    expect(page).toContain("I listen, in Dutch or English.");
    expect(page).toContain(`href="${url("en", "contactListeners", { orgId: org.id })}"`);
    // Or this one listener: the student's form opens with them chosen.
    const one = url("en", "contactListeners", { orgId: org.id }, { listener: keyFigureId });
    expect(page).toContain(`<a href="${one.replace(/&/g, "&amp;")}">${T.en.listeners.public.writeOne("Pia")}</a>`);
    expect(await (await new Client(ctx).get(one)).text()).toContain(`<option value="${keyFigureId}" selected`);
    expect(page).toContain('class="urgent-bar"');
    // The Dutch page too.
    expect(await publicPage("Minerva", "nl")).toContain(T.nl.listeners.public.write("Minerva"));

    board = decodeHtml(await (await chair.client.get(url("en", "orgListeners", { id: org.id }))).text());
    expect(board).toContain(T.en.listeners.board.states.active);
    expect(board).toContain(`Pia<span class="muted"> · ${T.en.listeners.board.listed}`);
    expect(board).not.toContain("I listen, in Dutch or English.");
    expect(board).toMatch(/Trained in 2026-2027<\/th>/);
    expect(board).toMatch(/data-label="Trained in 2026-2027">No</);
  });

  it("shows a listener as trained once their confirmed training date has begun", async () => {
    const { org, chair } = await orgWithChair("Quintus");
    const { userId } = await appoint(chair.client, org.id, "quinn@example.org");
    const { offering, sessions } = await makeOffering(ctx, { audiences: ["peer_listeners"], capacity: 5 });
    await register(ctx.db, ctx.deps, {
      offeringId: offering.id,
      sessionId: sessions[0]!.id,
      orgId: org.id,
      actorId: userId,
      year: 2026,
      participants: [{ name: "Quinn", email: "QUINN@example.org", role: "" }],
      idempotencyKey: null,
      lang: "en",
      now: ctx.clock.now(),
    });
    ctx.clock.set(new Date(sessions[0]!.startsAt.getTime() + 3_600_000));
    const { client } = await signedIn(ctx, "chair@quintus.example.org");
    const board = decodeHtml(await (await client.get(url("en", "orgListeners", { id: org.id }))).text());
    expect(board).toMatch(/data-label="Trained in 2026-2027">Yes</);
  });
});

describe("pausing and stepping down", () => {
  it("pausing hides the listener from the public page, resuming shows them again", async () => {
    const { org, chair } = await orgWithChair("Pallas");
    const { browser, keyFigureId } = await appoint(chair.client, org.id, "pat@example.org");
    await saveProfile(browser, keyFigureId, { displayName: "Pat" });
    // Fill the page cache for anonymous visitors first: the pause must reach it.
    expect(await publicPage("Pallas")).toContain("<h4>Pat</h4>");
    expect(await publicPage("Pallas")).toContain("<h4>Pat</h4>");

    const paused = await browser.post(url("en", "listenerStatus", { keyFigureId }), { status: "paused" });
    expect(paused.headers.get("location")).toBe(url("en", "listenerProfile", { keyFigureId }, { done: "paused" }));
    const after = await publicPage("Pallas");
    expect(after).not.toContain("<h4>Pat</h4>");
    expect(after).toContain(T.en.listeners.public.noListener("Pallas"));
    const own = decodeHtml(await (await browser.get(url("en", "listenerProfile", { keyFigureId }, { done: "paused" }))).text());
    expect(own).toContain(T.en.listeners.profile.paused);
    expect(own).toContain(T.en.listeners.profile.resume);
    expect(decodeHtml(await (await chair.client.get(url("en", "orgListeners", { id: org.id }))).text())).toContain(
      T.en.listeners.board.states.paused,
    );
    // A paused listener still is one (the inbox stays theirs).
    expect((await listenersOf(ctx.db, org.id, ctx.clock.now())).map((l) => l.profile?.status)).toEqual(["paused"]);

    await browser.post(url("en", "listenerStatus", { keyFigureId }), { status: "active" });
    expect(await publicPage("Pallas")).toContain("<h4>Pat</h4>");
    // Not listed: not on the page, though active.
    await saveProfile(browser, keyFigureId, { displayName: "Pat", listed: "" });
    expect(await publicPage("Pallas")).not.toContain("<h4>Pat</h4>");
  });

  it("stepping down asks first, then ends the listening; the board sees it and can remove the key figure", async () => {
    const { org, chair } = await orgWithChair("Vesta");
    const { browser, keyFigureId } = await appoint(chair.client, org.id, "vic@example.org");
    await saveProfile(browser, keyFigureId, { displayName: "Vic" });
    const ask = await browser.get(url("nl", "listenerStepDown", { keyFigureId }));
    expect(ask.status).toBe(200);
    expect(decodeHtml(await ask.text())).toContain(T.nl.listeners.stepDown.title("Vesta"));

    for (const lang of LANGS) {
      const refused = await browser.post(url(lang, "listenerStepDown", { keyFigureId }), {});
      expect(refused.status).toBe(422);
      expect(fieldError(await refused.text(), "confirm")).toBe(errorMessage(lang, "listenerConfirmStepDown"));
    }
    expect((await listenersOf(ctx.db, org.id, ctx.clock.now())).length).toBe(1);

    const done = await browser.post(url("en", "listenerStepDown", { keyFigureId }), { confirm: "on" });
    expect(done.status).toBe(200);
    expect(decodeHtml(await done.text())).toContain(T.en.listeners.stepDown.doneBody("Vesta"));
    expect(await listenersOf(ctx.db, org.id, ctx.clock.now())).toEqual([]);
    expect((await browser.get(url("en", "listenerProfile", { keyFigureId }))).status).toBe(404);
    expect(await (await browser.get(url("en", "dashboard"))).text()).not.toContain(url("en", "listenerProfile", { keyFigureId }));
    expect(await publicPage("Vesta")).not.toContain("<h4>Vic</h4>");
    const board = decodeHtml(await (await chair.client.get(url("en", "orgListeners", { id: org.id }))).text());
    expect(board).toContain(T.en.listeners.board.states.stepped_down);
    expect(board).toContain(url("en", "orgKeyFigureRemove", { id: org.id, keyFigureId }));
    // The key figure stays active (the board ends the role).
    expect((await ctx.db.select().from(keyFigures).where(eq(keyFigures.id, keyFigureId)))[0]!.status).toBe("active");

    // Retention: the text goes RETENTION_INVITATION_DAYS after stepping down; the row stays, so they stay stepped down.
    const keep = ctx.deps.env.RETENTION_INVITATION_DAYS * DAY;
    expect(await eraseSteppedDownProfiles(ctx.db, new Date(ctx.clock.now().getTime() + keep - DAY), keep)).toBe(0);
    expect(await eraseSteppedDownProfiles(ctx.db, new Date(ctx.clock.now().getTime() + keep + DAY), keep)).toBe(1);
    const [row] = await ctx.db.select().from(listenerProfiles).where(eq(listenerProfiles.keyFigureId, keyFigureId));
    expect(row).toMatchObject({ displayName: "", introduction: "", languages: [], status: "stepped_down" });
    expect(await listenersOf(ctx.db, org.id, ctx.clock.now())).toEqual([]);
    expect(privacyPolicy(ctx.deps.env).rules.map((r) => r.id)).toContain("listeners.steppedDown");
  });
});

describe("stepping down before any profile exists", () => {
  it("records the choice in an empty stepped-down profile: no longer a listener, nothing to fill in, nothing public", async () => {
    const { org, chair } = await orgWithChair("Ceres");
    const { browser, keyFigureId, userId } = await appoint(chair.client, org.id, "cer@example.org");
    expect(await profileCount()).toBe(0);
    const board = async () => decodeHtml(await (await chair.client.get(url("en", "orgListeners", { id: org.id }))).text());
    expect(await board()).toContain(T.en.listeners.board.states.no_profile);
    expect((await listenersOf(ctx.db, org.id, ctx.clock.now())).map((l) => l.profile)).toEqual([null]);

    expect((await browser.get(url("en", "listenerStepDown", { keyFigureId }))).status).toBe(200);
    const done = await browser.post(url("en", "listenerStepDown", { keyFigureId }), { confirm: "on" });
    expect(done.status).toBe(200);
    expect(decodeHtml(await done.text())).toContain(T.en.listeners.stepDown.doneBody("Ceres"));

    const [row] = await ctx.db.select().from(listenerProfiles).where(eq(listenerProfiles.keyFigureId, keyFigureId));
    expect(row).toMatchObject({ userId, status: "stepped_down", listed: false, displayName: "", introduction: "", languages: [] });
    expect(row!.steppedDownAt).toEqual(ctx.clock.now());
    expect(await listenersOf(ctx.db, org.id, ctx.clock.now())).toEqual([]);
    // Their listener pages are gone, and a profile can no longer be filled in (nothing is written).
    expect((await browser.get(url("en", "listenerProfile", { keyFigureId }))).status).toBe(404);
    expect((await saveProfile(browser, keyFigureId, { displayName: "Cer" })).status).toBe(404);
    expect((await browser.post(url("en", "listenerStepDown", { keyFigureId }), { confirm: "on" })).status).toBe(404);
    expect(await profileCount()).toBe(1);
    expect((await ctx.db.select().from(listenerProfiles))[0]!.displayName).toBe("");
    expect(await publicPage("Ceres")).toContain(T.en.listeners.public.noListener("Ceres"));
    // The board sees the choice (not "no profile yet") and can end the role; the key figure stays active meanwhile.
    const after = await board();
    expect(after).toContain(T.en.listeners.board.states.stepped_down);
    expect(after).not.toContain(T.en.listeners.board.states.no_profile);
    expect(after).toContain(url("en", "orgKeyFigureRemove", { id: org.id, keyFigureId }));
    expect((await ctx.db.select().from(keyFigures).where(eq(keyFigures.id, keyFigureId)))[0]!.status).toBe("active");
  });
});

describe("the page cache", () => {
  it("keeps the public page for anonymous visitors until a profile changes", async () => {
    const { org, chair } = await orgWithChair("Hestia");
    const { browser, keyFigureId } = await appoint(chair.client, org.id, "hes@example.org");
    await saveProfile(browser, keyFigureId, { displayName: "Hes" });
    // The app as main.ts builds it, with a cache that reads the content versions on every request.
    const app = createApp({ ...ctx.deps, pageCache: new PageCache(() => contentStamps(ctx.db), 0) });
    const path = url("en", "peerListeners", {}, { q: "Hestia" });
    for (let i = 0; i < 2; i++) await app.request(path);
    const hit = await app.request(path);
    expect(hit.headers.get("x-cache")).toBe("hit");
    expect(await hit.text()).toContain("<h4>Hes</h4>");
    await browser.post(url("en", "listenerStatus", { keyFigureId }), { status: "paused" });
    const fresh = await app.request(path);
    expect(fresh.headers.get("x-cache")).toBe("miss");
    expect(await fresh.text()).not.toContain("<h4>Hes</h4>");
  });
  it("drops the page when the board removes a listener, or the organisation is renamed or dissolved", async () => {
    const { org, chair } = await orgWithChair("Hestia");
    const { browser, keyFigureId } = await appoint(chair.client, org.id, "hes@example.org");
    await saveProfile(browser, keyFigureId, { displayName: "Hes" });
    const app = createApp({ ...ctx.deps, pageCache: new PageCache(() => contentStamps(ctx.db), 0) });
    const path = url("en", "peerListeners", {}, { q: "Hestia" });
    /** Fills the cache (a URL is kept from its second visit) and shows what it holds. */
    const cached = async () => {
      for (let i = 0; i < 2; i++) await app.request(path);
      const hit = await app.request(path);
      expect(hit.headers.get("x-cache")).toBe("hit");
      return decodeHtml(await hit.text());
    };
    const fresh = async () => {
      const res = await app.request(path);
      expect(res.headers.get("x-cache")).toBe("miss");
      return decodeHtml(await res.text());
    };
    expect(await cached()).toContain("<h4>Hes</h4>");

    // The board ends the role on its key-figures page: the listener leaves the public page at once.
    expect((await chair.client.post(url("en", "orgKeyFigureRemove", { id: org.id, keyFigureId }), {})).status).toBe(303);
    const removed = await fresh();
    expect(removed).not.toContain("<h4>Hes</h4>");
    expect(removed).toContain(T.en.listeners.public.noListener("Hestia"));

    expect(await cached()).not.toContain("Hestia Nova");
    const form = { name: "Hestia Nova", kind: "student_association", lang: "nl" };
    expect((await chair.client.post(url("en", "orgEdit", { id: org.id }), form)).status).toBe(303);
    expect(await fresh()).toContain(T.en.listeners.public.noListener("Hestia Nova"));

    expect(await cached()).toContain("Hestia Nova");
    const staff = await signedIn(ctx, "staff@office.example.org", { staffRole: "staff" });
    const dissolved = await staff.client.post(url("en", "staffOrgEdit", { id: org.id }), { ...form, status: "dissolved" });
    expect(dissolved.status).toBe(303);
    expect(await fresh()).not.toContain("Hestia Nova");
  });
});

describe("who sees what", () => {
  it("board B and a listener of B reach none of A's listener pages; A's board never gets a listener's own page", async () => {
    const a = await orgWithChair("Alpha");
    const b = await orgWithChair("Beta");
    const listenerA = await appoint(a.chair.client, a.org.id, "la@example.org");
    const listenerB = await appoint(b.chair.client, b.org.id, "lb@example.org");
    await saveProfile(listenerA.browser, listenerA.keyFigureId, { displayName: "Ada", introduction: "Alpha secret intro" });
    const before = await ctx.db.select().from(listenerProfiles);

    for (const client of [b.chair.client, listenerB.browser, listenerA.browser]) {
      const res = await client.get(url("en", "orgListeners", { id: a.org.id }));
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain("Ada");
    }
    for (const client of [b.chair.client, listenerB.browser, a.chair.client]) {
      expect((await client.get(url("en", "listenerProfile", { keyFigureId: listenerA.keyFigureId }))).status).toBe(404);
      expect((await client.get(url("en", "listenerStepDown", { keyFigureId: listenerA.keyFigureId }))).status).toBe(404);
      expect((await saveProfile(client, listenerA.keyFigureId, { displayName: "Hacked" })).status).toBe(404);
      expect((await client.post(url("en", "listenerStatus", { keyFigureId: listenerA.keyFigureId }), { status: "paused" })).status).toBe(
        404,
      );
      expect((await client.post(url("en", "listenerStepDown", { keyFigureId: listenerA.keyFigureId }), { confirm: "on" })).status).toBe(
        404,
      );
    }
    expect(await ctx.db.select().from(listenerProfiles)).toEqual(before);
  });
});

describe("bad input", () => {
  it("reports every profile error at once, in both languages, keeps the values and writes nothing", async () => {
    const { org, chair } = await orgWithChair("Ceres");
    const { browser, keyFigureId } = await appoint(chair.client, org.id, "cy@example.org");
    for (const lang of LANGS) {
      const res = await saveProfile(
        browser,
        keyFigureId,
        { displayName: "   ", introduction: `${"x".repeat(500)}ñ`, responseTime: "whenever" },
        [],
        lang,
      );
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(fieldError(html, "displayName")).toBe(errorMessage(lang, "required"));
      expect(fieldError(html, "languages")).toBe(errorMessage(lang, "listenerLanguages"));
      expect(fieldError(html, "introduction")).toBe(errorMessage(lang, ["maxLength", { max: 500 }]));
      expect(fieldError(html, "responseTime")).toBe(errorMessage(lang, "invalidChoice"));
      expect(html).toContain(`${"x".repeat(500)}ñ</textarea>`);
      expect(html).toContain('class="error-summary"');
      // A language that is no option, and huge odd values: a 422, never a 500.
      const odd = await saveProfile(browser, keyFigureId, { displayName: "\u202e".repeat(5000) }, ["de"], lang);
      expect(odd.status).toBe(422);
      expect(fieldError(await odd.text(), "languages")).toBe(errorMessage(lang, "invalidChoice"));
    }
    expect(await profileCount()).toBe(0);
  });
});

describe("personal data", () => {
  it("exports the profile with the account's data and erases it with the account", async () => {
    const { org, chair } = await orgWithChair("Juno");
    const { browser, keyFigureId, userId } = await appoint(chair.client, org.id, "jo@example.org");
    await saveProfile(browser, keyFigureId, { displayName: "Jo", introduction: "Jo's intro" });
    const exported = await (await browser.get(url("en", "accountExport"))).json();
    expect(exported.peerListenerProfiles).toMatchObject([{ displayName: "Jo", introduction: "Jo's intro", status: "active" }]);
    await listenerProfilesPrivacy.erase(ctx.db, { id: userId, email: "jo@example.org", name: null }, ctx.clock.now());
    expect(await profileCount()).toBe(0);
  });
});
