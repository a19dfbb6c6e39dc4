import { asc, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  Client,
  decodeHtml,
  type ExpectedError,
  errorMessage,
  fieldError,
  linkIn,
  mailsTo,
  setupApp,
  signedIn,
} from "../../../test/helpers/app.js";
import * as fixtures from "../../../test/helpers/fixtures.js";
import { makeOffering } from "../../../test/helpers/trainings.js";
import { catalogs } from "../../catalogs.js";
import { DAY, HOUR, MINUTE } from "../../core/clock.js";
import { formatDate, LANGS, type Lang } from "../../core/i18n/index.js";
import { outbox } from "../../core/mail/schema.js";
import { privacyPolicy } from "../../privacy.js";
import { url } from "../../routes.js";
import { auditLog } from "../audit/schema.js";
import { sessions, users } from "../auth/schema.js";
import { actorOf } from "../organisations/service.js";
import { trainingParticipants, trainingRegistrations } from "../training-registrations/schema.js";
import { keyFiguresPrivacy } from "./privacy.js";
import { keyFigures } from "./schema.js";
import {
  inviteKeyFigure,
  isKeyFigure,
  KEY_FIGURE_INVITES_PER_INVITER_PER_HOUR,
  KEY_FIGURE_INVITES_PER_ORG_PER_DAY,
  type KeyFigureRole,
  keyFigureOrganisations,
} from "./service.js";

const ctx = setupApp();
const T = catalogs;
const TODAY = "2026-11-23";

// ---------- fixtures ----------

/** An organisation (in `lang`) with a current board chaired by a signed-in member. */
async function orgWithChair(name = "Minerva", lang: Lang = "nl") {
  const org = await fixtures.makeOrg(ctx, name, { lang });
  const board = await fixtures.makeBoard(ctx, org.id);
  const chair = await fixtures.seat(ctx, board.id, `chair@${name.toLowerCase()}.nl`, { name: "Chris Chair" });
  return { org, board, chair };
}

/** Browsers send every field of a form, empty or not. */
const inviteForm = (o: Record<string, string>) => ({ email: "", name: "", role: "", note: "", ...o });

const invite = (client: Client, orgId: string, o: Record<string, string>, lang: Lang = "nl") =>
  client.post(url(lang, "orgKeyFigures", { id: orgId }), inviteForm(o));

/** Invites through the service (no limits in the way of the test's point). */
const inviteDirect = (
  actor: { id: string; name: string | null; email: string },
  orgId: string,
  email: string,
  role: KeyFigureRole = "peer_listener",
) =>
  inviteKeyFigure(ctx.db, ctx.deps, {
    actor: actorOf(actor),
    orgId,
    input: { email, name: null, role, note: null },
    today: TODAY,
    now: ctx.clock.now(),
  });

/** The token in the latest invitation mailed to `email`, and the mail. */
async function invitationMail(email: string) {
  const [mail] = (await mailsTo(ctx, email)).filter((m) => m.template === "keyFigures.invited");
  expect(mail, `invitation mailed to ${email}`).toBeDefined();
  const link = linkIn(mail!.text);
  return { mail: mail!, link, token: new URL(link, "http://x").searchParams.get("token")! };
}

/** Opens the mailed invitation in `browser` (a new one by default) and answers it. */
async function answer(email: string, decision: "accept" | "decline", name = "", browser = new Client(ctx)) {
  const { mail, link, token } = await invitationMail(email);
  const page = await browser.get(link);
  expect(page.status).toBe(200);
  const res = await browser.post(url(mail.lang, "keyFigureInvitation"), { token, decision, name });
  return { res, browser, token, page: await page.text() };
}

const rowsOf = (orgId: string) =>
  ctx.db
    .select({ email: keyFigures.email, status: keyFigures.status, role: keyFigures.role, userId: keyFigures.userId })
    .from(keyFigures)
    .where(eq(keyFigures.organisationId, orgId))
    .orderBy(asc(keyFigures.createdAt), asc(keyFigures.email));

/** Row counts of everything these pages could write. */
async function counts() {
  const n = async (table: typeof keyFigures | typeof users | typeof outbox | typeof trainingRegistrations | typeof auditLog) =>
    (await ctx.db.select({ n: count() }).from(table))[0]!.n;
  return {
    keyFigures: await n(keyFigures),
    users: await n(users),
    outbox: await n(outbox),
    registrations: await n(trainingRegistrations),
    audit: await n(auditLog),
  };
}

const registrationsOf = (orgId: string) =>
  ctx.db
    .select({ id: trainingRegistrations.id, offeringId: trainingRegistrations.offeringId, status: trainingRegistrations.status })
    .from(trainingRegistrations)
    .where(eq(trainingRegistrations.organisationId, orgId));

/** A key figure of the organisation, accepted through the mailed link, signed in (a new account). */
async function activeKeyFigure(chair: Client, orgId: string, email: string, role: KeyFigureRole = "peer_listener", name = "Kim Key") {
  const res = await invite(chair, orgId, { email, role, note: role === "other" ? "Treasurer of the bar" : "" });
  expect(res.headers.get("location")).toContain(url("nl", "orgKeyFigures", { id: orgId }));
  const { res: accepted, browser } = await answer(email, "accept", name);
  expect(accepted.status).toBe(303);
  return browser;
}

// ---------- the whole way ----------

describe("a board invites a key figure, who registers themselves for trainings meant for them", () => {
  it("invites without free text in the mail, accepts with a new account, and registers for a training for key figures only", async () => {
    const { org, chair } = await orgWithChair();
    const forKeyFigures = await makeOffering(ctx, { title: { nl: "Sleuteltraining", en: "Key training" }, audiences: ["key_figures"] });
    const boardOnly = await makeOffering(ctx, { title: { nl: "Bestuurstraining", en: "Board training" }, audiences: ["board_members"] });

    // The board's page links to the key figures; the invite form is there.
    expect(await (await chair.client.get(url("nl", "org", { id: org.id }))).text()).toContain(url("nl", "orgKeyFigures", { id: org.id }));
    const res = await invite(chair.client, org.id, {
      email: " Kim@Example.org ",
      name: "Kim Typed",
      role: "other",
      note: "Visit www.phish.example now",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(url("nl", "orgKeyFigures", { id: org.id }, { done: "invited", email: "kim@example.org" }));
    const page = decodeHtml(await (await chair.client.get(res.headers.get("location")!)).text());
    expect(page).toContain(T.nl.keyFigures.page.invited("kim@example.org"));
    expect(page).toContain(T.nl.keyFigures.statuses.invited);
    expect(await rowsOf(org.id)).toEqual([{ email: "kim@example.org", status: "invited", role: "other", userId: null }]);

    // The mail, in the organisation's language, holds the inviter's name, the organisation and the role: nothing typed for it.
    const { mail, token } = await invitationMail("kim@example.org");
    expect(mail).toMatchObject({ lang: "nl", subject: T.nl.keyFigures.mail.subject("Minerva"), sensitive: true });
    expect(mail.text).toContain(T.nl.keyFigures.mail.body("Chris Chair (chair@minerva.nl)", "Minerva", T.nl.keyFigures.roles.other));
    expect(mail.text).not.toContain("Kim Typed");
    expect(mail.text).not.toContain("phish");
    expect(linkIn(mail.text)).toBe(`${url("nl", "keyFigureInvitation")}?token=${token}`);

    // The page the link opens says who invites, to what, as what; it offers the typed name to confirm.
    const browser = new Client(ctx);
    const opened = await browser.get(linkIn(mail.text));
    expect(opened.status).toBe(200);
    expect(opened.headers.get("referrer-policy")).toBe("no-referrer");
    const html = decodeHtml(await opened.text());
    expect(html).toContain(T.nl.keyFigures.invitation.body("Chris Chair (chair@minerva.nl)", "Minerva", T.nl.keyFigures.roles.other));
    expect(html).toContain('value="Kim Typed"');
    expect(await rowsOf(org.id)).toEqual([{ email: "kim@example.org", status: "invited", role: "other", userId: null }]);

    // Accepting creates the account, signs it in and makes the key figure active.
    const accepted = await browser.post(url("nl", "keyFigureInvitation"), { token, decision: "accept", name: "Kim Key" });
    expect(accepted.status).toBe(303);
    expect(accepted.headers.get("location")).toBe(url("nl", "dashboard"));
    const [kim] = await ctx.db.select().from(users).where(eq(users.email, "kim@example.org"));
    expect(kim).toMatchObject({ name: "Kim Key", lang: "nl" });
    expect(await rowsOf(org.id)).toEqual([{ email: "kim@example.org", status: "active", role: "other", userId: kim!.id }]);
    expect(await isKeyFigure(ctx.db, kim!.id, org.id)).toBe(true);
    expect(await keyFigureOrganisations(ctx.db, kim!.id)).toMatchObject([{ orgId: org.id, orgName: "Minerva", role: "other" }]);
    // The link works once.
    expect((await new Client(ctx).get(linkIn(mail.text))).status).toBe(404);

    // The dashboard says so, and lists the training meant for key figures, not the board's.
    const dashboard = decodeHtml(await (await browser.get(url("nl", "dashboard"))).text());
    const role = T.nl.keyFigures.roleWithNote(T.nl.keyFigures.roles.other, "Visit www.phish.example now");
    expect(dashboard).toContain(T.nl.keyFigures.dashboard.of("Minerva", role));
    expect(dashboard).toContain("Sleuteltraining");
    expect(dashboard).toContain(url("nl", "keyFigureTrainingRegister", { orgId: org.id, offeringId: forKeyFigures.offering.id }));
    expect(dashboard).not.toContain("Bestuurstraining");
    // The board's pages do not exist for a key figure.
    for (const key of ["org", "orgKeyFigures", "orgInvite", "orgEdit"] as const)
      expect((await browser.get(url("nl", key, { id: org.id }))).status, key).toBe(404);

    // The board-only training: no page, no registration.
    const board = { orgId: org.id, offeringId: boardOnly.offering.id };
    expect((await browser.get(url("nl", "keyFigureTrainingRegister", board))).status).toBe(404);
    const before = await counts();
    const refused = await browser.post(url("nl", "keyFigureTrainingRegister", board), { session: "", key: "k".repeat(32) });
    expect(refused.status).toBe(404);
    expect(await counts()).toEqual(before);

    // The one meant for key figures: the page says who registers, and one POST registers the organisation with them.
    const ids = { orgId: org.id, offeringId: forKeyFigures.offering.id };
    const form = decodeHtml(await (await browser.get(url("nl", "keyFigureTrainingRegister", ids))).text());
    expect(form).toContain(T.nl.keyFigures.register.forYou("Kim Key (kim@example.org)", "Minerva", role));
    const key = form.match(/name="key" value="([^"]+)"/)![1]!;
    const done = await browser.post(url("nl", "keyFigureTrainingRegister", ids), { session: forKeyFigures.sessions[0]!.id, key });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe(url("nl", "dashboard", {}, { done: "keyFigureRegistered" }));
    expect(await (await browser.get(done.headers.get("location")!)).text()).toContain(T.nl.keyFigures.dashboard.registered);
    // A double click finds the first registration.
    expect((await browser.post(url("nl", "keyFigureTrainingRegister", ids), { session: forKeyFigures.sessions[0]!.id, key })).status).toBe(
      303,
    );
    const regs = await registrationsOf(org.id);
    expect(regs).toMatchObject([{ offeringId: forKeyFigures.offering.id, status: "confirmed" }]);
    const [reg] = await ctx.db.select().from(trainingRegistrations).where(eq(trainingRegistrations.id, regs[0]!.id));
    expect(reg).toMatchObject({ registeredBy: kim!.id, year: 2026, lang: "nl", sessionId: forKeyFigures.sessions[0]!.id });
    expect(
      await ctx.db
        .select({ name: trainingParticipants.name, email: trainingParticipants.email, role: trainingParticipants.role })
        .from(trainingParticipants),
    ).toEqual([{ name: "Kim Key", email: "kim@example.org", role }]);
    expect((await mailsTo(ctx, "kim@example.org")).map((m) => m.template)).toContain("training.confirmed");
  });

  it("refuses a second registration of the organisation (one per organisation), with the error at the date, writing nothing", async () => {
    const { org, chair } = await orgWithChair();
    const { offering, sessions: dates } = await makeOffering(ctx, { audiences: ["board_members", "key_figures"] }, 2);
    const kim = await activeKeyFigure(chair.client, org.id, "kim@example.org");
    const sam = await activeKeyFigure(chair.client, org.id, "sam@example.org", "committee_chair", "Sam Chair");
    const ids = { orgId: org.id, offeringId: offering.id };
    expect((await kim.post(url("en", "keyFigureTrainingRegister", ids), { session: dates[0]!.id, key: "a".repeat(30) })).status).toBe(303);
    for (const lang of LANGS) {
      const before = await counts();
      const res = await sam.post(url(lang, "keyFigureTrainingRegister", ids), { session: dates[1]!.id, key: `${lang}-${"b".repeat(30)}` });
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(fieldError(html, "session")).toBe(errorMessage(lang, "alreadyRegistered"));
      expect(html).toContain('class="error-summary"');
      // The chosen date stays chosen.
      expect(html).toMatch(new RegExp(`value="${dates[1]!.id}"[^>]*checked`));
      expect(await counts()).toEqual(before);
    }
    // A date must be chosen where there is a choice.
    const none = await sam.post(url("en", "keyFigureTrainingRegister", ids), { session: "", key: "c".repeat(30) });
    expect(none.status).toBe(422);
    expect(fieldError(await none.text(), "session")).toBe(errorMessage("en", "chooseSession"));
    // A form without its key was not sent by the form.
    expect((await sam.post(url("en", "keyFigureTrainingRegister", ids), { session: dates[1]!.id })).status).toBe(400);
  });

  it("offers trainings for peer listeners to a peer listener only", async () => {
    const { org, chair } = await orgWithChair();
    const { offering } = await makeOffering(ctx, { title: { nl: "Luistertraining", en: "Listening" }, audiences: ["peer_listeners"] });
    const listener = await activeKeyFigure(chair.client, org.id, "lou@example.org", "peer_listener");
    const committee = await activeKeyFigure(chair.client, org.id, "cas@example.org", "committee_chair");
    const ids = { orgId: org.id, offeringId: offering.id };
    expect(await (await listener.get(url("en", "dashboard"))).text()).toContain("Listening");
    expect(await (await committee.get(url("en", "dashboard"))).text()).not.toContain("Listening");
    expect((await committee.get(url("en", "keyFigureTrainingRegister", ids))).status).toBe(404);
    expect((await committee.post(url("en", "keyFigureTrainingRegister", ids), { session: "", key: "d".repeat(30) })).status).toBe(404);
    expect((await listener.get(url("en", "keyFigureTrainingRegister", ids))).status).toBe(200);
    // A single date is taken without a choice.
    expect((await listener.post(url("en", "keyFigureTrainingRegister", ids), { session: "", key: "e".repeat(30) })).status).toBe(303);
    expect(await registrationsOf(org.id)).toMatchObject([{ offeringId: offering.id, status: "confirmed" }]);
    // Key figures of another organisation get nothing here.
    const other = await orgWithChair("Augustinus");
    const outsider = await activeKeyFigure(other.chair.client, other.org.id, "out@example.org", "peer_listener");
    expect((await outsider.get(url("en", "keyFigureTrainingRegister", ids))).status).toBe(404);
  });

  it("an existing account accepts without being signed in by the link; signed in as themselves, they go straight on", async () => {
    const { org, chair } = await orgWithChair("Minerva", "en");
    const existing = await signedIn(ctx, "eve@example.org", { name: "Eve Existing" });
    await ctx.db.update(users).set({ lang: "nl" }).where(eq(users.id, existing.user.id));
    expect((await invite(chair.client, org.id, { email: "eve@example.org", role: "confidential_contact" }, "en")).status).toBe(303);
    // The mail is in the invitee's own language, the page offers their own name.
    const { mail } = await invitationMail("eve@example.org");
    expect(mail.lang).toBe("nl");
    const { res, browser, page } = await answer("eve@example.org", "accept", "Eve Existing");
    expect(page).toContain('value="Eve Existing"');
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(url("nl", "signIn", {}, { next: url("nl", "dashboard") }));
    expect(browser.cookies.has("vn_session")).toBe(false);
    expect(await rowsOf(org.id)).toEqual([
      { email: "eve@example.org", status: "active", role: "confidential_contact", userId: existing.user.id },
    ]);
    const [{ n } = { n: 0 }] = await ctx.db.select({ n: count() }).from(sessions).where(eq(sessions.userId, existing.user.id));
    expect(n).toBe(1);

    // Invited again elsewhere while signed in as themselves: straight to the dashboard.
    const other = await orgWithChair("Augustinus");
    expect((await invite(other.chair.client, other.org.id, { email: "eve@example.org", role: "peer_listener" })).status).toBe(303);
    const again = await answer("eve@example.org", "accept", "", existing.client);
    expect(again.res.headers.get("location")).toBe(url("nl", "dashboard"));
    expect((await keyFigureOrganisations(ctx.db, existing.user.id)).map((k) => k.orgName)).toEqual(["Augustinus", "Minerva"]);
    // A name left empty keeps the account's.
    expect((await ctx.db.select({ name: users.name }).from(users).where(eq(users.id, existing.user.id)))[0]!.name).toBe("Eve Existing");
  });
});

// ---------- decline, withdraw, remove, expire ----------

describe("what ends an invitation or a key figure", () => {
  it("decline: the invitee says no; the link is gone and nothing else happened", async () => {
    const { org, chair } = await orgWithChair();
    expect((await invite(chair.client, org.id, { email: "dan@example.org", role: "peer_listener" })).status).toBe(303);
    const before = await counts();
    const { res, browser, token } = await answer("dan@example.org", "decline");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(T.nl.keyFigures.invitation.declinedBody);
    expect(await rowsOf(org.id)).toEqual([{ email: "dan@example.org", status: "declined", role: "peer_listener", userId: null }]);
    expect((await counts()).users).toBe(before.users);
    expect(browser.cookies.has("vn_session")).toBe(false);
    expect((await browser.post(url("nl", "keyFigureInvitation"), { token, decision: "accept", name: "" })).status).toBe(404);
    const list = decodeHtml(await (await chair.client.get(url("nl", "orgKeyFigures", { id: org.id }))).text());
    expect(list).toContain(T.nl.keyFigures.statuses.declined);
    // Declined is not open: the board may invite the address again.
    expect((await invite(chair.client, org.id, { email: "dan@example.org", role: "peer_listener" })).status).toBe(303);
  });

  it("withdraw: the board takes an open invitation back; its link stops working; another organisation's board cannot", async () => {
    const { org, chair } = await orgWithChair();
    const other = await orgWithChair("Augustinus");
    expect((await invite(chair.client, org.id, { email: "wes@example.org", role: "committee_chair" })).status).toBe(303);
    const [row] = await ctx.db.select().from(keyFigures).where(eq(keyFigures.email, "wes@example.org"));
    const page = await (await chair.client.get(url("en", "orgKeyFigures", { id: org.id }))).text();
    const action = url("en", "orgKeyFigureWithdraw", { id: org.id, keyFigureId: row!.id });
    expect(page).toContain(`action="${action}"`);
    // Board B, through its own organisation's address or A's: nothing.
    const before = await counts();
    expect((await other.chair.client.post(url("en", "orgKeyFigureWithdraw", { id: other.org.id, keyFigureId: row!.id }))).status).toBe(404);
    expect((await other.chair.client.post(action)).status).toBe(404);
    expect(await counts()).toEqual(before);
    const res = await chair.client.post(action);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(url("en", "orgKeyFigures", { id: org.id }, { done: "withdrawn" }));
    expect(await (await chair.client.get(res.headers.get("location")!)).text()).toContain(T.en.keyFigures.page.withdrawn);
    expect((await rowsOf(org.id))[0]!.status).toBe("withdrawn");
    expect((await new Client(ctx).get(linkIn((await invitationMail("wes@example.org")).mail.text))).status).toBe(404);
    // Twice: there is nothing left to withdraw.
    expect((await chair.client.post(action)).status).toBe(404);
  });

  it("remove: the board is asked first, then the key figure is told by mail and loses the key figure's pages; the account stays", async () => {
    const { org, chair } = await orgWithChair();
    const { offering } = await makeOffering(ctx, { audiences: ["key_figures"] });
    const kim = await activeKeyFigure(chair.client, org.id, "kim@example.org");
    await ctx.db.update(users).set({ lang: "en" }).where(eq(users.email, "kim@example.org"));
    const ids = { orgId: org.id, offeringId: offering.id };
    expect((await kim.post(url("en", "keyFigureTrainingRegister", ids), { session: "", key: "f".repeat(30) })).status).toBe(303);
    const [row] = await ctx.db.select().from(keyFigures).where(eq(keyFigures.email, "kim@example.org"));
    const path = url("nl", "orgKeyFigureRemove", { id: org.id, keyFigureId: row!.id });
    // The list links to a page that asks; the GET changes nothing.
    expect(await (await chair.client.get(url("nl", "orgKeyFigures", { id: org.id }))).text()).toContain(`href="${path}"`);
    const before = await counts();
    const ask = await chair.client.get(path);
    expect(ask.status).toBe(200);
    const asked = decodeHtml(await ask.text());
    expect(asked).toContain(T.nl.keyFigures.remove.title("Kim Key (kim@example.org)"));
    expect(asked).toContain(T.nl.keyFigures.remove.whatFollows("Kim Key", "Minerva"));
    expect(asked).toContain(`action="${path}"`);
    expect(await counts()).toEqual(before);
    // The key figure cannot remove themselves through the board's page.
    expect((await kim.post(path)).status).toBe(404);

    const res = await chair.client.post(path);
    expect(res.status).toBe(303);
    expect(decodeHtml(await (await chair.client.get(res.headers.get("location")!)).text())).toContain(
      T.nl.keyFigures.page.removed("Kim Key (kim@example.org)"),
    );
    expect((await rowsOf(org.id))[0]!.status).toBe("removed");
    const [mail] = (await mailsTo(ctx, "kim@example.org")).filter((m) => m.template === "keyFigures.removed");
    expect(mail).toMatchObject({ lang: "en", subject: T.en.keyFigures.mail.removedSubject("Minerva") });
    // Nothing else ends: the account, the session and the registration stay; the key figure's pages go.
    expect((await kim.get(url("en", "account"))).status).toBe(200);
    expect(await registrationsOf(org.id)).toMatchObject([{ status: "confirmed" }]);
    expect((await kim.get(url("en", "keyFigureTrainingRegister", ids))).status).toBe(404);
    expect(await (await kim.get(url("en", "dashboard"))).text()).not.toContain(T.en.keyFigures.dashboard.title);
    // A junk id in the page's query is no error.
    expect((await chair.client.get(url("nl", "orgKeyFigures", { id: org.id }, { done: "removed", keyFigure: "junk'" }))).status).toBe(200);
    // Removed once: the page and the button are gone.
    expect((await chair.client.get(path)).status).toBe(404);
    expect((await chair.client.post(path)).status).toBe(404);
  });

  it("expired link: after 14 days the page says it no longer works; the address can be invited again", async () => {
    const { org, chair } = await orgWithChair();
    expect((await invite(chair.client, org.id, { email: "late@example.org", role: "peer_listener" })).status).toBe(303);
    const { link, token, mail } = await invitationMail("late@example.org");
    expect(mail.text).toContain(formatDate("nl", new Date(ctx.clock.now().getTime() + 14 * DAY), ctx.deps.env.TIME_ZONE));
    ctx.clock.advance(14 * DAY + MINUTE);
    // The board member signs in again (their session ended long ago).
    const board = (await signedIn(ctx, chair.user.email)).client;
    const gone = await new Client(ctx).get(link);
    expect(gone.status).toBe(404);
    expect(await gone.text()).toContain(T.nl.keyFigures.invitation.invalidBody);
    const before = await counts();
    expect((await new Client(ctx).post(url("nl", "keyFigureInvitation"), { token, decision: "accept", name: "Late" })).status).toBe(404);
    expect((await new Client(ctx).post(url("nl", "keyFigureInvitation"), { token, decision: "decline", name: "" })).status).toBe(404);
    expect(await counts()).toEqual(before);
    const list = decodeHtml(await (await board.get(url("nl", "orgKeyFigures", { id: org.id }))).text());
    expect(list).toContain(T.nl.keyFigures.statuses.expired);
    expect(list).not.toContain(T.nl.keyFigures.page.withdraw);
    const again = await invite(board, org.id, { email: "late@example.org", role: "peer_listener" });
    expect(again.headers.get("location")).toContain(url("nl", "orgKeyFigures", { id: org.id }));
    expect((await rowsOf(org.id)).map((r) => r.status)).toEqual(["expired", "invited"]);
    expect((await answer("late@example.org", "accept")).res.status).toBe(303);
  });

  it("bad tokens and odd answers are the page that says the invitation no longer works", async () => {
    const c = new Client(ctx);
    for (const token of ["", "short", "x".repeat(43), "y".repeat(500)])
      expect((await c.get(`${url("en", "keyFigureInvitation")}?token=${token}`)).status).toBe(404);
    expect((await c.post(url("en", "keyFigureInvitation"), { token: "a".repeat(43), decision: "accept", name: "" })).status).toBe(404);
    expect((await c.post(url("en", "keyFigureInvitation"), { token: "a".repeat(43), decision: "maybe" })).status).toBe(404);
  });
});

// ---------- form errors and limits ----------

describe("the invite form", () => {
  it("reports every error at once, in both languages, keeps the values and writes nothing", async () => {
    const { org, board, chair } = await orgWithChair();
    await fixtures.seat(ctx, board.id, "bo@minerva.nl", { position: "treasurer" });
    for (const lang of LANGS) {
      const before = await counts();
      const res = await invite(chair.client, org.id, { email: "BO@minerva.nl", name: "n".repeat(121), role: "other", note: "" }, lang);
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain(`<html lang="${lang}">`);
      const expected: Record<string, ExpectedError> = {
        email: "keyFigureOnBoard",
        name: ["maxLength", { max: 120 }],
        note: "keyFigureNoteRequired",
      };
      for (const [field, key] of Object.entries(expected))
        expect(fieldError(html, field), `${lang} ${field}`).toBe(errorMessage(lang, key));
      // The summary lists them in the form's order.
      const summary = html.match(/<div class="error-summary"[\s\S]*?<\/ul>/)![0];
      const order = ["#f-email", "#f-name", "#f-note"].map((a) => summary.indexOf(a));
      expect(order.every((i) => i >= 0)).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
      expect(html).toContain('value="BO@minerva.nl"');
      expect(html).toMatch(/<option value="other" selected/);
      expect(await counts()).toEqual(before);
    }
    // Missing everything.
    const empty = await invite(chair.client, org.id, {}, "en");
    const html = await empty.text();
    expect(fieldError(html, "email")).toBe(errorMessage("en", "required"));
    expect(fieldError(html, "role")).toBe(errorMessage("en", "required"));
  });

  it("refuses an address that is already a key figure or invited, together with the schema's errors", async () => {
    const { org, chair } = await orgWithChair();
    await activeKeyFigure(chair.client, org.id, "kim@example.org");
    expect((await invite(chair.client, org.id, { email: "open@example.org", role: "peer_listener" })).status).toBe(303);
    for (const [email, key] of [
      ["KIM@example.org", "keyFigureActive"],
      ["open@example.org", "keyFigureInvited"],
    ] as const) {
      const before = await counts();
      const res = await invite(chair.client, org.id, { email, role: "nonsense" });
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(fieldError(html, "email")).toBe(errorMessage("nl", key));
      expect(fieldError(html, "role")).toBe(errorMessage("nl", "invalidChoice"));
      expect(await counts()).toEqual(before);
      // The service refuses it too, whatever the form checked.
      await expect(inviteDirect(chair.user, org.id, email.toLowerCase())).rejects.toMatchObject({ field: "email", key });
    }
    // Another organisation may invite the same person.
    const other = await orgWithChair("Augustinus");
    expect((await invite(other.chair.client, other.org.id, { email: "kim@example.org", role: "peer_listener" })).status).toBe(303);
  });

  it("invitations of one address sent at once make one open invitation; the others are refused at the address", async () => {
    const { org, board, chair } = await orgWithChair();
    const fellow = await fixtures.seat(ctx, board.id, "fellow@minerva.nl", { position: "secretary" });
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => inviteDirect(i % 2 ? fellow.user : chair.user, org.id, "same@example.org")),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((x) => x.status === "rejected"))
      expect((r as PromiseRejectedResult).reason).toMatchObject({ field: "email", key: "keyFigureInvited" });
    expect(await rowsOf(org.id)).toEqual([{ email: "same@example.org", status: "invited", role: "peer_listener", userId: null }]);
    expect((await mailsTo(ctx, "same@example.org")).length).toBe(1);
  });

  it("limits invitations per board member per hour and per organisation per day, as a form error with the others", async () => {
    const { org, board, chair } = await orgWithChair();
    for (let i = 0; i < KEY_FIGURE_INVITES_PER_INVITER_PER_HOUR; i++) await inviteDirect(chair.user, org.id, `p${i}@example.org`);
    for (const lang of LANGS) {
      const before = await counts();
      const res = await invite(chair.client, org.id, { email: "not-an-address", role: "peer_listener" }, lang);
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(fieldError(html, "limit")).toBe(errorMessage(lang, "keyFigureInvitesPerHour"));
      expect(fieldError(html, "email")).toBe(errorMessage(lang, "invalidEmail"));
      expect(await counts()).toEqual(before);
    }
    await expect(inviteDirect(chair.user, org.id, "one-more@example.org")).rejects.toMatchObject({
      field: "limit",
      key: "keyFigureInvitesPerHour",
    });
    // A fellow board member sends on, until the organisation's day is full.
    const fellow = await fixtures.seat(ctx, board.id, "fellow@minerva.nl", { position: "secretary" });
    ctx.clock.advance(HOUR + MINUTE);
    for (let i = KEY_FIGURE_INVITES_PER_INVITER_PER_HOUR; i < KEY_FIGURE_INVITES_PER_ORG_PER_DAY; i++)
      await inviteDirect(i % 2 ? fellow.user : chair.user, org.id, `p${i}@example.org`);
    const res = await invite(fellow.client, org.id, { email: "day@example.org", role: "peer_listener" }, "en");
    expect(res.status).toBe(422);
    expect(fieldError(await res.text(), "limit")).toBe(errorMessage("en", "keyFigureInvitesPerDay"));
    // The next day it may again.
    ctx.clock.advance(DAY);
    expect((await invite(fellow.client, org.id, { email: "day@example.org", role: "peer_listener" }, "en")).status).toBe(303);
  });
});

// ---------- privacy ----------

describe("key figures' personal data", () => {
  it("is in the data download and erased with the account; invitations I sent stay without me", async () => {
    const { org, chair } = await orgWithChair();
    await activeKeyFigure(chair.client, org.id, "kim@example.org", "other");
    expect((await invite(chair.client, org.id, { email: "open@example.org", role: "peer_listener" })).status).toBe(303);
    const [kim] = await ctx.db.select().from(users).where(eq(users.email, "kim@example.org"));
    const data = (await keyFiguresPrivacy.export(ctx.db, kim!)) as { roles: Record<string, unknown>[]; sentCount: number };
    expect(data.roles).toMatchObject([
      { organisation: "Minerva", email: "kim@example.org", role: "other", roleNote: "Treasurer of the bar", status: "active" },
    ]);
    expect(((await keyFiguresPrivacy.export(ctx.db, chair.user)) as { sentCount: number }).sentCount).toBe(2);
    // Through the account page: the download holds it.
    const kimClient = (await signedIn(ctx, "kim@example.org")).client;
    const download = JSON.parse(await (await kimClient.get(url("en", "accountExport"))).text());
    expect(download.keyFigures.roles).toHaveLength(1);

    await ctx.db.transaction(async (tx) => {
      await keyFiguresPrivacy.erase(tx, kim!, ctx.clock.now());
      await keyFiguresPrivacy.erase(tx, chair.user, ctx.clock.now());
    });
    expect(await rowsOf(org.id)).toEqual([{ email: "open@example.org", status: "invited", role: "peer_listener", userId: null }]);
    expect((await ctx.db.select({ by: keyFigures.invitedBy }).from(keyFigures))[0]!.by).toBeNull();
  });

  it("deletes ended key figures and lapsed invitations after the retention period; open and active ones stay", async () => {
    const { org, chair } = await orgWithChair();
    const t0 = ctx.clock.now().getTime();
    await activeKeyFigure(chair.client, org.id, "active@example.org");
    await activeKeyFigure(chair.client, org.id, "removed@example.org");
    const [removed] = await ctx.db.select().from(keyFigures).where(eq(keyFigures.email, "removed@example.org"));
    expect((await chair.client.post(url("nl", "orgKeyFigureRemove", { id: org.id, keyFigureId: removed!.id }))).status).toBe(303);
    expect((await invite(chair.client, org.id, { email: "declined@example.org", role: "peer_listener" })).status).toBe(303);
    expect((await answer("declined@example.org", "decline")).res.status).toBe(200);
    expect((await invite(chair.client, org.id, { email: "lapsed@example.org", role: "peer_listener" })).status).toBe(303);
    ctx.clock.advance(10 * DAY);
    await inviteDirect(chair.user, org.id, "open@example.org");
    const { rules } = privacyPolicy(ctx.deps.env);
    const rule = rules.find((r) => r.id === "keyFigures")!;
    const at = (ms: number) => rule.apply!(ctx.db, new Date(t0 + ms));
    // Declined and removed at t0: 30 days later they go; the lapsed invitation 30 days after it lapsed.
    expect(await at(30 * DAY - MINUTE)).toBe(0);
    expect(await at(30 * DAY + MINUTE)).toBe(2);
    expect((await rowsOf(org.id)).map((r) => r.email)).toEqual(["active@example.org", "lapsed@example.org", "open@example.org"]);
    expect(await at(44 * DAY + MINUTE)).toBe(1);
    expect((await rowsOf(org.id)).map((r) => r.email)).toEqual(["active@example.org", "open@example.org"]);
    // The privacy page says so.
    const html = decodeHtml(await (await new Client(ctx).get(url("en", "privacy"))).text());
    expect(html).toContain(T.en.privacy.rules.keyFigures.data);
  });
});
