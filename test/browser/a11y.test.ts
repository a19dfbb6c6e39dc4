import { and, desc, eq, lte, ne } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createGate } from "../../src/core/http/gate.js";
import { localDate } from "../../src/core/i18n/index.js";
import { nameSkeleton } from "../../src/core/text.js";
import { DEMO_ACCOUNTS } from "../../src/demo/seed.js";
import { users } from "../../src/features/auth/schema.js";
import { requestSignIn } from "../../src/features/auth/service.js";
import { confidentialAdvisers, contactConversations } from "../../src/features/confidential-contact/schema.js";
import { inviteToBoard } from "../../src/features/invitations/service.js";
import { keyFigures } from "../../src/features/key-figures/schema.js";
import { acceptKeyFigureInvitation, inviteKeyFigure } from "../../src/features/key-figures/service.js";
import { MODEL_GUIDANCE } from "../../src/features/listener-guidance/model.js";
import { guidancePages } from "../../src/features/listener-guidance/schema.js";
import { mailingCampaigns, mailingDeliveries } from "../../src/features/mailing-campaigns/schema.js";
import { addSubscribers } from "../../src/features/mailing-campaigns/testing.js";
import { mailingSubscriptions } from "../../src/features/mailing-list/schema.js";
import { mailingToken } from "../../src/features/mailing-list/service.js";
import { officeCanned, officeConversations } from "../../src/features/office-contact/schema.js";
import { requestRegistration } from "../../src/features/org-requests/service.js";
import { boardMembers, boards, organisations } from "../../src/features/organisations/schema.js";
import { actorOf } from "../../src/features/organisations/service.js";
import { resources, topics } from "../../src/features/roadmap/schema.js";
import { placeOrder, statusToken } from "../../src/features/roadmap-print/service.js";
import { createDraft, saveDraft, submit } from "../../src/features/subsidies/applications.js";
import { subsidyApplications, subsidyTemplates } from "../../src/features/subsidies/schema.js";
import { setStatus } from "../../src/features/subsidies/service.js";
import { requestTraining } from "../../src/features/training-registrations/requests.js";
import { trainingRequests } from "../../src/features/training-registrations/schema.js";
import { cancelRegistration, register } from "../../src/features/training-registrations/service.js";
import { addSession, createOffering, type OfferingInput } from "../../src/features/trainings/service.js";
import { url } from "../../src/routes.js";
import { makeOffering, participants } from "../helpers/trainings.js";
import {
  type A11yFinding,
  type AppHandle,
  axeViolations,
  describeBrowser,
  formatFindings,
  latestMailTo,
  launchBrowser,
  linkIn,
  screenshot,
  signInAs,
  startApp,
} from "./harness.js";

const LANGS = ["nl", "en"] as const;

/**
 * The checks share one app and browser and run side by side (five at a time), each in its own
 * browser context. Side by side on one embedded database a scenario takes several times what it
 * takes alone (36 scenarios: about 13 minutes in all on a 2-CPU machine), so each gets 5 minutes.
 */
const scenario = (name: string, fn: () => Promise<void>) => it.concurrent(name, fn, 300_000);

describeBrowser("accessibility: axe finds no WCAG 2.1 A/AA violations", () => {
  let app: AppHandle;
  let browser: Browser;
  const ids = {
    minerva: "",
    admin: "",
    staff: "",
    mail: "",
    token: "",
    invitation: "",
    topic: { id: "", slug: "" },
    resource: { id: "", slug: "" },
    order: "",
    orderStatus: "",
    fellow: "",
    longName: "",
    /** Trainings: offerings and Kompas's registrations in each state a board sees. */
    tr: { series: "", fresh: "", requestable: "", confirmed: "", waiting: "", offered: "" },
    keyFigure: { token: "", id: "", offering: "" },
    training: { offering: "", past: "", future: "", registration: "", request: "" },
  };
  /** An organisation with a long name whose words are long too, as Dutch names often are. */
  const LONG_NAME = "Studievereniging Natuurwetenschappelijk Onderzoek Leiden";

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    const [minerva] = await app.db.select().from(organisations).where(eq(organisations.name, "Studentenvereniging Kompas"));
    ids.minerva = minerva!.id;
    const [admin] = await app.db.select().from(users).where(eq(users.email, DEMO_ACCOUNTS.admin.email));
    const [staff] = await app.db.select().from(users).where(eq(users.email, DEMO_ACCOUNTS.staff.email));
    ids.admin = admin!.id;
    ids.staff = staff!.id;
    const [topic] = await app.db.select().from(topics).where(eq(topics.status, "active")).orderBy(topics.slug).limit(1);
    const [resource] = await app.db.select().from(resources).where(eq(resources.status, "active")).orderBy(resources.slug).limit(1);
    ids.topic = topic!;
    ids.resource = resource!;
    // A printed-roadmap order from a board member, for the office's order pages.
    const [chair] = await app.db.select().from(users).where(eq(users.email, DEMO_ACCOUNTS.board.email));
    const order = await placeOrder(app.db, app.deps, {
      input: {
        organisationName: minerva!.name,
        contactName: chair!.name ?? "Lotte Bakker",
        email: chair!.email,
        quantityNl: 40,
        quantityEn: 10,
        street: "Breestraat 50",
        postcode: "2311 CS",
        city: "Leiden",
        country: "NL",
        note: "For the introduction week.",
      },
      lang: "nl",
      userId: chair!.id,
      organisationId: minerva!.id,
      now: app.clock.now(),
    });
    ids.order = order.id;
    ids.orderStatus = statusToken(app.deps.env.SESSION_SECRET, order.id);
    // A pending request for the office's requests page, from someone who is not on a board yet.
    const [student] = await app.db.insert(users).values({ email: "student@example.org", name: "Eva Student", lang: "en" }).returning();
    await requestRegistration(app.db, app.deps, {
      user: student!,
      data: { name: "Debating Society Rhetorica", kind: "other", website: "https://rhetorica.example.org", lang: "en", memberCount: 40 },
      position: "chair",
      message: "We would like to join the portal.",
    });
    // An open invitation to the board (listed on its page), and its token for the invitation page.
    const [board] = await app.db
      .select({ id: boards.id })
      .from(boards)
      .where(and(eq(boards.organisationId, minerva!.id), lte(boards.startsOn, localDate(app.clock.now(), app.deps.env.TIME_ZONE))))
      .orderBy(desc(boards.startsOn))
      .limit(1);
    await inviteToBoard(app.db, app.deps, {
      actor: actorOf(chair!),
      orgId: minerva!.id,
      boardId: board!.id,
      member: { email: "invited.student@example.org", name: "Iris Invited", position: "wellbeing" },
      today: localDate(app.clock.now(), app.deps.env.TIME_ZONE),
      now: app.clock.now(),
    });
    ids.invitation = new URL(linkIn((await latestMailTo(app, "invited.student@example.org")).text)).searchParams.get("token")!;
    // Key figures of the organisation: an open invitation (its token for the invitation page), and an
    // active key figure with a training meant for key figures, with two dates to choose from.
    const kfToday = localDate(app.clock.now(), app.deps.env.TIME_ZONE);
    for (const [email, role] of [
      ["invited.keyfigure@example.org", "peer_listener"],
      ["key.figure@example.org", "committee_chair"],
    ] as const)
      await inviteKeyFigure(app.db, app.deps, {
        actor: actorOf(chair!),
        orgId: minerva!.id,
        input: { email, name: null, role, note: role === "committee_chair" ? "Introductiecommissie" : null },
        today: kfToday,
        now: app.clock.now(),
      });
    ids.keyFigure.token = new URL(linkIn((await latestMailTo(app, "invited.keyfigure@example.org")).text)).searchParams.get("token")!;
    const kfToken = new URL(linkIn((await latestMailTo(app, "key.figure@example.org")).text)).searchParams.get("token")!;
    await acceptKeyFigureInvitation(app.db, { token: kfToken, name: "Kees Figuur", lang: "nl", now: app.clock.now() });
    ids.keyFigure.id = (await app.db.select().from(keyFigures).where(eq(keyFigures.email, "key.figure@example.org")))[0]!.id;
    const kfOffering = await createOffering(app.db, null, {
      slug: "",
      kind: "training",
      title: { nl: "Training voor sleutelfiguren", en: "Training for key figures" },
      summary: { nl: "Signalen herkennen.", en: "Recognising signals." },
      description: { nl: "", en: "" },
      audiences: ["key_figures"],
      provider: "university",
      providerName: { nl: "", en: "" },
      providerUrl: null,
      lang: "nl",
      costCents: 0,
      format: "choice",
      registration: "portal",
      externalUrl: null,
      capacityUnit: "organisations",
      capacity: 25,
      maxPerOrganisation: 3,
      opensAt: null,
      closesAt: null,
      cancelHoursBefore: 48,
      waitingList: true,
      autoPromote: false,
      offerHours: 48,
      waitingNote: { nl: "", en: "" },
      status: "published",
    });
    for (const day of ["2026-12-10", "2026-12-17"])
      await addSession(app.db, null, kfOffering.id, {
        startsAt: new Date(`${day}T10:30:00Z`),
        endsAt: new Date(`${day}T15:00:00Z`),
        location: day === "2026-12-10" ? { nl: "Leiden", en: "Leiden" } : null,
        onlineUrl: null,
        capacity: null,
      });
    ids.keyFigure.offering = kfOffering.id;
    // A fellow board member, for the page that asks before removing them.
    const [fellow] = await app.db
      .select({ id: boardMembers.id })
      .from(boardMembers)
      .where(and(eq(boardMembers.boardId, board!.id), ne(boardMembers.userId, chair!.id)))
      .limit(1);
    ids.fellow = fellow!.id;
    // The long-named organisation, its current board chaired by the demo board member, with two fellows.
    const [long] = await app.db
      .insert(organisations)
      .values({ name: LONG_NAME, nameKey: nameSkeleton(LONG_NAME), kind: "study_association", lang: "nl" })
      .returning();
    ids.longName = long!.id;
    const [longBoard] = await app.db.insert(boards).values({ organisationId: long!.id, year: 2026, startsOn: "2026-09-01" }).returning();
    const fellows = await app.db
      .insert(users)
      .values([
        { email: "penningmeester.natuurwetenschappelijk@example.org", name: "Maximiliaan van Oudshoorn-Vermeulen", lang: "nl" },
        { email: "welzijn.natuurwetenschappelijk@example.org", name: "Noor El Amrani", lang: "en" },
      ])
      .returning();
    await app.db.insert(boardMembers).values([
      { boardId: longBoard!.id, userId: chair!.id, position: "chair" },
      { boardId: longBoard!.id, userId: fellows[0]!.id, position: "treasurer" },
      { boardId: longBoard!.id, userId: fellows[1]!.id, position: "wellbeing" },
    ]);
    // Trainings: Kompas registered for a date of a series, waiting for a full one, offered a freed place in
    // another; a series with dates to choose from, a training to request and one requested already.
    const now = app.clock.now();
    const reg = async (offeringId: string, sessionId: string | null, orgId: string, who: string) =>
      (await register(app.db, app.deps, {
        offeringId,
        sessionId,
        orgId,
        actorId: chair!.id,
        year: 2026,
        participants: participants(2, who),
        idempotencyKey: null,
        lang: "nl",
        now,
      }))!.registration;
    const series = await makeOffering(app, { capacity: 2, title: { nl: "Gaat het?", en: "Are you OK?" } }, 3);
    const fresh = await makeOffering(
      app,
      { capacity: 25, maxPerOrganisation: 5, title: { nl: "Signalen herkennen", en: "Recognising signals" } },
      3,
    );
    const waiting = await makeOffering(app, { capacity: 1, title: { nl: "Vertrouwenspersonen", en: "Confidential contacts" } }, 1);
    const offered = await makeOffering(app, { capacity: 1, title: { nl: "Sociale veiligheid", en: "Social safety" } }, 1);
    const requestable = await makeOffering(app, { registration: "request", title: { nl: "Op maat", en: "Tailor-made" } }, 0);
    const requested = await makeOffering(app, { registration: "request", title: { nl: "Ledenworkshop", en: "Member workshop" } }, 0);
    ids.tr.series = series.offering.id;
    ids.tr.fresh = fresh.offering.id;
    ids.tr.requestable = requestable.offering.id;
    ids.tr.confirmed = (await reg(series.offering.id, series.sessions[1]!.id, minerva!.id, "k")).id;
    await reg(waiting.offering.id, waiting.sessions[0]!.id, long!.id, "l");
    ids.tr.waiting = (await reg(waiting.offering.id, waiting.sessions[0]!.id, minerva!.id, "k")).id;
    const first = await reg(offered.offering.id, offered.sessions[0]!.id, long!.id, "l");
    ids.tr.offered = (await reg(offered.offering.id, offered.sessions[0]!.id, minerva!.id, "k")).id;
    await cancelRegistration(app.db, app.deps, { id: first.id, orgId: long!.id, actorId: chair!.id, reason: null, now });
    await requestTraining(app.db, {
      offeringId: requested.offering.id,
      orgId: minerva!.id,
      actorId: chair!.id,
      preferredDates: "Februari",
      groupSize: 30,
      wishes: null,
      lang: "nl",
      now,
    });
    // Trainings for the office's pages: an offering with a past and a coming date, a registration on
    // each (the past one added above the cap), one organisation waiting, and a request to plan.
    await trainingsForTheOffice(chair!.id, minerva!.id);
    // A sign-in link (the token is only used by the POST, so one serves both languages).
    await requestSignIn(app.db, app.deps, { email: "new.student@example.org", lang: "en", now: app.clock.now() });
    const mail = await latestMailTo(app, "new.student@example.org");
    ids.mail = mail.id;
    ids.token = new URL(linkIn(mail.text)).searchParams.get("token")!;
  });

  async function trainingsForTheOffice(chairId: string, orgId: string) {
    const base: OfferingInput = {
      slug: "",
      kind: "workshop",
      title: { nl: "Gaat het?", en: "Are you OK?" },
      summary: { nl: "Signalen herkennen.", en: "" },
      lang: "nl",
      format: "choice",
      capacityUnit: "boards",
      capacity: 1,
      status: "published",
    };
    const offering = await createOffering(app.db, null, base);
    const requestable = await createOffering(app.db, null, {
      ...base,
      kind: "tailor_made",
      registration: "request",
      title: { nl: "Op maat", en: "Tailor-made" },
    });
    const at = (iso: string) => ({
      startsAt: new Date(iso),
      endsAt: new Date(Date.parse(iso) + 4.5 * 3_600_000),
      onlineUrl: null,
      capacity: null,
    });
    const past = await addSession(app.db, null, offering.id, { ...at("2026-11-16T10:30:00Z"), location: { nl: "Leiden", en: "Leiden" } });
    const future = await addSession(app.db, null, offering.id, { ...at("2026-12-10T10:30:00Z"), location: null });
    const others = await app.db.select({ id: organisations.id }).from(organisations).where(ne(organisations.id, orgId)).limit(2);
    const now = app.clock.now();
    const common = { offeringId: offering.id, actorId: chairId, year: 2026, idempotencyKey: null, lang: "nl" as const, now };
    const people = [{ name: "Lotte Bakker", email: "lotte@example.org", role: "chair" }];
    const mine = await register(app.db, app.deps, { ...common, sessionId: future.id, orgId, participants: people });
    await register(app.db, app.deps, {
      ...common,
      sessionId: future.id,
      orgId: others[0]!.id,
      participants: [{ ...people[0]!, email: "w@example.org" }],
    });
    await register(app.db, app.deps, {
      ...common,
      sessionId: past.id,
      orgId: others[1]!.id,
      participants: [{ ...people[0]!, email: "p@example.org" }],
      aboveCap: { reason: "Agreed" },
    });
    const [req] = await app.db
      .insert(trainingRequests)
      .values({ offeringId: requestable.id, organisationId: orgId, preferredDates: "March", groupSize: 12, lang: "nl", createdAt: now })
      .returning();
    ids.training = { offering: offering.id, past: past.id, future: future.id, registration: mine!.registration.id, request: req!.id };
  }

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /**
   * A browser tab of its own (own cookies), signed in as `as` when given, that collects axe findings.
   * Every test has one, so the tests can run at the same time.
   */
  async function tab(as?: string, viewport = { width: 1280, height: 900 }, on: AppHandle = app) {
    const context = await browser.newContext({ viewport, reducedMotion: "reduce" });
    const page = await context.newPage();
    if (as) await signInAs(on, context, as);
    const findings: A11yFinding[] = [];
    const t = {
      page,
      context,
      /** Opens a page and checks it is the page asked for (status, no redirect to sign-in). */
      async visit(path: string, status = 200) {
        const res = await page.goto(`${on.base}${path}`);
        expect(res?.status(), `status of ${path}`).toBe(status);
        expect(new URL(page.url()).pathname, `no redirect from ${path}`).toBe(new URL(path, on.base).pathname);
        return res;
      },
      /** Submits the page's main form (the first non-inline form in <main>) as it is; expects the errors back. */
      async submitMainForm(status = 422, errors = true) {
        const button = page.locator("main form:not(.inline) button[type=submit]").first();
        const [res] = await Promise.all([page.waitForNavigation(), button.click()]);
        expect(res?.status(), `status after submitting ${page.url()}`).toBe(status);
        expect(await page.locator(".error-summary").count(), "error summary shown").toBe(errors ? 1 : 0);
      },
      async audit(label: string) {
        findings.push(...(await axeViolations(page, `${label} (${page.url().replace(on.base, "")})`)));
      },
      async checkAll(pages: [label: string, path: string, status?: number][]) {
        for (const [label, path, status] of pages) {
          await t.visit(path, status);
          await t.audit(label);
        }
      },
      async done() {
        await context.close();
        if (findings.length) throw new Error(`axe found ${findings.length} violation(s):\n${formatFindings(findings)}`);
      },
    };
    return t;
  }

  for (const lang of LANGS) {
    scenario(`signed-out pages (${lang})`, async () => {
      const t = await tab();
      await t.checkAll([
        ["home", url(lang, "home")],
        ["contact", url(lang, "contact")],
        ["privacy", url(lang, "privacy")],
        ["accessibility", url(lang, "accessibility")],
        ["account deleted", url(lang, "accountDeleted")],
        ["sign-in", url(lang, "signIn")],
        ["sign-in sent", url(lang, "signInSent")],
        ["sign-in link (valid)", url(lang, "signInLink", {}, { token: ids.token })],
        ["sign-in link (invalid)", url(lang, "signInLink", {}, { token: "not-a-valid-token-0123456789" }), 404],
        ["invitation", url(lang, "invitation", {}, { token: ids.invitation })],
        ["invitation (invalid)", url(lang, "invitation", {}, { token: "not-a-valid-token-0123456789" }), 404],
        ["order placed, check your mail", url(lang, "roadmapOrderSent")],
        ["order status", url(lang, "roadmapOrderStatus", {}, { token: ids.orderStatus })],
        ["order status (invalid)", url(lang, "roadmapOrderStatus", {}, { token: "not-a-valid-token" }), 404],
        ["404", `/${lang}/${lang === "nl" ? "bestaat-niet" : "does-not-exist"}`, 404],
      ]);
      await t.done();
    });

    scenario(`board member pages (${lang})`, async () => {
      const t = await tab(DEMO_ACCOUNTS.board.email);
      const id = ids.minerva;
      await t.checkAll([
        ["dashboard", url(lang, "dashboard")],
        ["organisation", url(lang, "org", { id })],
        ["organisation edit", url(lang, "orgEdit", { id })],
        ["invite", url(lang, "orgInvite", { id })],
        ["next board", url(lang, "orgNextBoard", { id })],
        ["remove a member: asks first", url(lang, "orgMemberRemove", { id, memberId: ids.fellow })],
        ["register organisation", url(lang, "orgRegister")],
        ["join organisation", url(lang, "orgJoin")],
        ["my account", url(lang, "account")],
        ["delete account (refused or not)", url(lang, "accountDelete")],
      ]);
      await t.done();
    });

    scenario(`training pages of a board, with errors (${lang})`, async () => {
      const t = await tab(DEMO_ACCOUNTS.board.email);
      const id = ids.minerva;
      const { tr } = ids;
      await t.checkAll([
        ["organisation's trainings", url(lang, "orgTrainings", { id })],
        ["register, a choice of dates", url(lang, "orgTrainingRegister", { id, offeringId: tr.fresh })],
        ["registration, confirmed", url(lang, "orgTrainingRegistration", { id, registrationId: tr.confirmed })],
        ["registration, on the waiting list", url(lang, "orgTrainingRegistration", { id, registrationId: tr.waiting })],
        ["registration, a place offered", url(lang, "orgTrainingRegistration", { id, registrationId: tr.offered })],
        ["cancel a registration: asks first", url(lang, "orgTrainingCancel", { id, registrationId: tr.confirmed })],
        ["request a training", url(lang, "orgTrainingRequest", { id, offeringId: tr.requestable })],
      ]);
      expect(await t.page.locator("main form button[type=submit]").count(), "the request form is shown").toBe(1);
      await t.visit(url(lang, "orgTrainingRegistration", { id, registrationId: tr.offered }));
      expect(await t.page.locator("main form.inline button").count(), "Accept and Decline").toBe(2);
      // Error states: nothing chosen or named; a request without its answers; the series registered already.
      await t.visit(url(lang, "orgTrainingRegister", { id, offeringId: tr.fresh }));
      await t.submitMainForm();
      expect(await t.page.locator("#f-sessionId-error").count(), "the date's error").toBe(1);
      await t.audit("register, empty");
      await t.visit(url(lang, "orgTrainingRegister", { id, offeringId: tr.fresh }));
      await Promise.all([t.page.waitForNavigation(), t.page.click("button[name=addRow]")]);
      expect(await t.page.locator("#f-name_4").count(), "a fourth row").toBe(1);
      await t.audit("register, a row added");
      await t.visit(url(lang, "orgTrainingRegister", { id, offeringId: tr.series }));
      await t.page.check("#f-sessionId");
      await t.page.fill("#f-name_1", "Noor El Amrani");
      await t.page.fill("#f-email_1", "welzijn@kompas.example.org");
      await t.submitMainForm();
      await t.audit("register, registered already");
      await t.visit(url(lang, "orgTrainingRequest", { id, offeringId: tr.requestable }));
      await t.submitMainForm();
      await t.audit("request, empty");
      await t.done();
    });

    scenario(`key figures: the board's page, the invitation, the key figure's own pages (${lang})`, async () => {
      const t = await tab();
      const id = ids.minerva;
      const kf = ids.keyFigure;
      await t.checkAll([
        ["key figure invitation", url(lang, "keyFigureInvitation", {}, { token: kf.token })],
        ["key figure invitation (invalid)", url(lang, "keyFigureInvitation", {}, { token: "not-a-valid-token-0123456789" }), 404],
      ]);
      await signInAs(app, t.context, DEMO_ACCOUNTS.board.email);
      await t.checkAll([
        ["key figures", url(lang, "orgKeyFigures", { id })],
        ["remove a key figure: asks first", url(lang, "orgKeyFigureRemove", { id, keyFigureId: kf.id })],
      ]);
      await t.visit(url(lang, "orgKeyFigures", { id }));
      await t.submitMainForm();
      await t.audit("key figures, invite empty");
      await signInAs(app, t.context, "key.figure@example.org");
      const register = url(lang, "keyFigureTrainingRegister", { orgId: id, offeringId: kf.offering });
      await t.checkAll([
        ["key figure's dashboard", url(lang, "dashboard")],
        ["key figure registers", register],
      ]);
      expect(await t.page.locator("input[type=radio][name=session]").count(), "two dates to choose from").toBe(2);
      // No date chosen: the error at the dates.
      await t.submitMainForm();
      await t.audit("key figure registers, no date chosen");
      await t.done();
    });

    scenario(`peer listeners: the public page, the guidance, the board's list, the listener's profile (${lang})`, async () => {
      const t = await tab();
      const [listener] = await app.db.select().from(keyFigures).where(eq(keyFigures.email, DEMO_ACCOUNTS.keyFigure.email));
      const [guide] = await app.db.select().from(guidancePages).orderBy(guidancePages.sort).limit(1);
      await t.checkAll([
        ["find a peer listener", url(lang, "peerListeners")],
        ["find a peer listener: found", url(lang, "peerListeners", {}, { q: "Kompas" })],
        ["find a peer listener: nothing found", url(lang, "peerListeners", {}, { q: "Zzyzx" })],
        ["find a peer listener: no listener", url(lang, "peerListeners", {}, { q: "Chlorofyl" })],
        ["guidance", url(lang, "guidance")],
        ["guidance page", url(lang, "guidancePage", { slug: guide!.slug })],
      ]);
      expect(await t.page.locator(".urgent-bar").count(), "the urgent bar").toBe(1);
      await signInAs(app, t.context, DEMO_ACCOUNTS.board.email);
      await t.checkAll([["the board's listeners", url(lang, "orgListeners", { id: ids.minerva })]]);
      await signInAs(app, t.context, DEMO_ACCOUNTS.keyFigure.email);
      await t.checkAll([
        ["listener's profile", url(lang, "listenerProfile", { keyFigureId: listener!.id })],
        ["step down: asks first", url(lang, "listenerStepDown", { keyFigureId: listener!.id })],
      ]);
      await t.submitMainForm();
      await t.audit("step down, not ticked");
      await t.visit(url(lang, "listenerProfile", { keyFigureId: listener!.id }));
      await t.page.fill("#f-displayName", "");
      await t.page.uncheck("#f-languages-nl");
      await t.page.uncheck("#f-languages-en");
      await t.submitMainForm();
      await t.audit("listener's profile, errors");
      await signInAs(app, t.context, DEMO_ACCOUNTS.admin.email);
      await t.checkAll([
        ["office guidance", url(lang, "staffGuidance")],
        ["office guidance page", url(lang, "staffGuidancePage", { id: guide!.id })],
      ]);
      await t.page.fill("#f-slug", "Not a slug");
      await t.page.fill("#f-title_nl", "");
      await t.page.fill("#f-title_en", "");
      await t.submitMainForm();
      await t.audit("office guidance page, errors");
      await t.visit(url(lang, "staffGuidance"));
      await t.submitMainForm();
      await t.audit("office guidance, new page empty");
      // A model page missing (the last one; the other language's run may have removed it too): the offer to add it, then the notice.
      await app.db.delete(guidancePages).where(eq(guidancePages.slug, MODEL_GUIDANCE.at(-1)!.slug));
      await t.checkAll([["office guidance, a model page missing", url(lang, "staffGuidance")]]);
      const add = t.page.locator(`form[action="${url(lang, "staffGuidanceModels")}"] button`);
      if (await add.count()) {
        await Promise.all([t.page.waitForNavigation(), add.click()]);
        await t.audit("office guidance, model pages added");
      }
      await t.done();
    });

    scenario(`confidential contact: the student's pages, the listener's inbox, the adviser's, at 320px too (${lang})`, async () => {
      const t = await tab();
      const orgId = ids.minerva;
      const narrow: string[] = [];
      /** At 320px wide: no sideways scrolling of the page (a table may scroll inside its wrapper, reachable by keyboard: axe checks that). */
      const measure = async (label: string) => {
        const width = await t.page.evaluate(() => document.documentElement.scrollWidth);
        if (width > 320) narrow.push(`${label}: scrollWidth ${width}px`);
      };
      // The student: the form, its errors, the receipt, the return page (and a wrong receipt), the thread.
      await t.checkAll([["contact: write", url(lang, "contactListeners", { orgId })]]);
      expect(await t.page.locator(".urgent-bar").count(), "the urgent bar").toBe(1);
      await t.submitMainForm();
      expect(await t.page.locator("#f-message-error").count(), "the message's error").toBe(1);
      await t.audit("contact: write, empty");
      await t.page.fill("#f-message", `A confidential message (${lang})`);
      await t.page.check("#f-consent");
      await t.submitMainForm(200, false);
      await t.audit("contact: receipt");
      const receipt = await t.page.inputValue("#receipt-code");
      expect(receipt.replace(/ /g, "")).toMatch(/^\d{16}$/);
      await t.checkAll([["contact: return", url(lang, "contactReturn")]]);
      await t.page.fill("#f-receipt", "0000 0000 0000 0000");
      await t.submitMainForm(404, false);
      await t.audit("contact: return, not found");
      await t.page.fill("#f-receipt", receipt);
      await t.submitMainForm(200, false);
      expect(await t.page.locator("main").textContent()).toContain(`A confidential message (${lang})`);
      await t.audit("contact: thread");
      // Each language's scenario has its own conversation: the one in its language with consent.
      const [conv] = await app.db
        .select({ id: contactConversations.id })
        .from(contactConversations)
        .where(and(eq(contactConversations.lang, lang), eq(contactConversations.handoverConsent, true)));
      const conversation = { orgId, id: conv!.id };

      // The listener: the inbox, the conversation (and an empty answer), the hand-over's question, then handing over.
      await signInAs(app, t.context, DEMO_ACCOUNTS.keyFigure.email);
      await t.checkAll([
        ["listener's inbox", url(lang, "listenerInbox", { orgId })],
        ["listener's conversation", url(lang, "listenerConversation", conversation)],
      ]);
      await t.submitMainForm();
      await t.audit("listener's conversation, empty answer");
      await t.checkAll([["hand over: asks first", url(lang, "listenerHandover", conversation)]]);
      await Promise.all([t.page.waitForNavigation(), t.page.locator("main form.inline button[type=submit]").first().click()]);
      expect(new URL(t.page.url()).pathname).toBe(url(lang, "listenerConversation", conversation));

      // The office: an administrator who is also the confidential adviser.
      const admin = await signInAs(app, t.context, DEMO_ACCOUNTS.admin.email);
      await app.db.insert(confidentialAdvisers).values({ userId: admin.id }).onConflictDoNothing();
      await t.checkAll([
        ["adviser's inbox", url(lang, "adviserInbox")],
        ["adviser's conversation", url(lang, "adviserConversation", { id: conv!.id })],
        ["office: contact in numbers", url(lang, "staffContactCounts")],
        ["office: confidential advisers", url(lang, "staffAdvisers")],
      ]);
      await t.submitMainForm();
      await t.audit("office: confidential advisers, none chosen");

      // 320px wide: the same pages (axe again on those with tables), the student's on a fresh receipt.
      await t.page.setViewportSize({ width: 320, height: 640 });
      for (const [path, axe] of [
        [url(lang, "adviserInbox"), true],
        [url(lang, "adviserConversation", { id: conv!.id }), false],
        [url(lang, "staffAdvisers"), true],
        [url(lang, "staffContactCounts"), true],
      ] as const) {
        await t.visit(path);
        await measure(path);
        if (axe) await t.audit(`${path} at 320px`);
      }
      await signInAs(app, t.context, DEMO_ACCOUNTS.keyFigure.email);
      for (const [path, axe] of [
        [url(lang, "listenerInbox", { orgId }), true],
        [url(lang, "listenerConversation", conversation), false],
        [url(lang, "contactListeners", { orgId }), false],
      ] as const) {
        await t.visit(path);
        await measure(path);
        if (axe) await t.audit(`${path} at 320px`);
      }
      await t.submitMainForm();
      await measure("contact: write, empty, at 320px");
      await t.page.fill("#f-message", `Another message (${lang})`);
      await t.submitMainForm(200, false);
      await measure("contact: receipt at 320px");
      await t.audit("contact: receipt at 320px");
      const second = await t.page.inputValue("#receipt-code");
      await t.visit(url(lang, "contactReturn"));
      await measure("contact: return at 320px");
      await t.page.fill("#f-receipt", second);
      await t.submitMainForm(200, false);
      await measure("contact: thread at 320px");
      expect(narrow, "pages wider than a 320px viewport").toEqual([]);
      await t.done();
    });

    scenario(`social safety: the board's status page with errors, the office's table and chart (${lang})`, async () => {
      const t = await tab(DEMO_ACCOUNTS.board.email);
      const id = ids.minerva;
      await t.checkAll([["social-safety status", url(lang, "orgSafety", { id })]]);
      expect(await t.page.locator("#item-programme").count(), "the programme's row").toBe(1);
      // The demo's report: Kompas's chair said so.
      expect(await t.page.locator("#item-code td").last().textContent()).toContain(DEMO_ACCOUNTS.board.name);
      // A code adopted without its date, a policy in draft without one: both errors at once.
      await t.page.selectOption("#f-codeAdopted", "yes");
      await t.page.fill("#f-codeAdoptedOn", "");
      await t.page.selectOption("#f-policy", "draft");
      await t.page.fill("#f-policyUpdatedOn", "");
      await t.submitMainForm();
      expect(await t.page.locator(".field-error").count(), "both errors").toBe(2);
      await t.audit("social-safety report, errors");
      await signInAs(app, t.context, DEMO_ACCOUNTS.admin.email);
      await t.checkAll([
        ["social safety, office", url(lang, "staffSafety")],
        ["social safety, office, filtered", url(lang, "staffSafety", {}, { filter: "noTrainedListener" })],
      ]);
      expect(await t.page.locator("svg[role=img] title").count(), "the chart has a title").toBe(1);
      await t.done();
    });

    scenario(`subsidies, the office's pages, with errors (${lang})`, async () => {
      const t = await tab(DEMO_ACCOUNTS.admin.email);
      const now = app.clock.now();
      const [sub] = await app.db
        .insert(subsidyApplications)
        .values({
          organisationId: ids.minerva,
          year: 2026,
          status: "submitted",
          lang,
          reference: `S-A11Y-${lang}`,
          title: lang === "nl" ? "Ontspanningsweek" : "Relaxation week",
          description: "Yoga, walks and a talk on sleep.",
          requestedCents: 80_000,
          startsOn: "2027-02-01",
          endsOn: "2027-02-05",
          submittedAt: now,
          decisionDue: "2026-12-21",
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      const id = sub!.id;
      const [template] = await app.db.select().from(subsidyTemplates).limit(1);
      await t.checkAll([
        ["subsidies: queue", url(lang, "staffSubsidies")],
        ["subsidies: queue, nothing found", url(lang, "staffSubsidies", {}, { status: "closed", month: "2027-01", monthOf: "activity" })],
        ["subsidies: application", url(lang, "staffSubsidy", { id })],
        ["subsidies: application, template filled in", url(lang, "staffSubsidy", { id }, { template: template!.id })],
        ["subsidies: budget", url(lang, "staffSubsidyBudget")],
        ["subsidies: templates", url(lang, "staffSubsidyTemplates")],
        ["subsidies: template", url(lang, "staffSubsidyTemplate", { id: template!.id })],
        ["subsidies: criteria", url(lang, "staffSubsidyCriteria")],
        ["subsidies: yearly overview", url(lang, "staffSubsidyOverview")],
      ]);
      expect(await t.page.locator("svg[role=img] title").count(), "the chart has a title").toBe(1);
      // Each form with its errors.
      const send = async (form: string, status = 422) => {
        const [res] = await Promise.all([t.page.waitForNavigation(), t.page.locator(`form[action="${form}"] button[type=submit]`).click()]);
        expect(res?.status(), form).toBe(status);
      };
      await t.visit(url(lang, "staffSubsidy", { id }));
      await send(url(lang, "staffSubsidyInfo", { id }));
      await t.audit("subsidies: application, question empty");
      await t.page.fill("#f-granted", "abc");
      await send(url(lang, "staffSubsidyApprove", { id }));
      await t.audit("subsidies: application, amount not valid");
      await t.page.selectOption("#f-score_costs", "");
      await send(url(lang, "staffSubsidyScores", { id }));
      await t.audit("subsidies: application, scores missing");
      await t.visit(url(lang, "staffSubsidyBudget"));
      await t.page.fill("#f-total", "");
      await t.submitMainForm();
      await t.audit("subsidies: budget, empty total");
      await t.visit(url(lang, "staffSubsidyTemplates"));
      await t.submitMainForm();
      await t.audit("subsidies: new template, empty");
      await t.visit(url(lang, "staffSubsidyCriteria"));
      await t.page.fill("#f-body_en", "x".repeat(8001));
      await t.submitMainForm();
      await t.audit("subsidies: criteria, too long");
      await t.done();
    });

    scenario(`subsidies: criteria, check, the board's list, form, status pages and report with errors (${lang})`, async () => {
      const t = await tab();
      const answers = { byStudents: "yes", forStudents: "yes", wellBeing: "no", open: "yes", lowCost: "no" };
      await t.checkAll([
        ["subsidy criteria", url(lang, "subsidies")],
        ["subsidy check, empty", url(lang, "subsidyCheck")],
        ["subsidy check, two criteria not met", url(lang, "subsidyCheck", {}, answers)],
      ]);
      const chair = await signInAs(app, t.context, DEMO_ACCOUNTS.board.email);
      const id = ids.minerva;
      // Kompas's own applications for this language: one waiting for its answer, one approved.
      const made = async (title: string) => {
        const now = app.clock.now();
        const d = await createDraft(app.db, app.deps.env, {
          orgId: id,
          actor: chair.id,
          key: `a11y-${lang}-${title}-0123456789`,
          lang,
          now,
        });
        await saveDraft(app.db, app.deps.env, {
          id: d.id,
          orgId: id,
          lang,
          now,
          lines: [{ item: "Hall", amountCents: 30_000 }],
          fields: {
            title,
            description: "A quiet morning",
            aim: "Rest",
            targetGroup: "Members",
            expectedParticipants: 20,
            startsOn: "2027-02-10",
            endsOn: "2027-02-10",
            place: "Leiden",
            partners: "",
            otherIncomeCents: 0,
            requestedCents: 20_000,
            contactName: "Lotte Bakker",
            contactEmail: DEMO_ACCOUNTS.board.email,
            contactPhone: "",
          },
        });
        await submit(app.db, app.deps, { id: d.id, orgId: id, actor: chair.id, now });
        return d.id;
      };
      const asked = await made(`Asked ${lang}`);
      await setStatus(app.db, { id: asked }, "info_requested", { actor: null, now: app.clock.now(), note: "Who comes?" });
      const approved = await made(`Approved ${lang}`);
      await setStatus(app.db, { id: approved }, "approved", {
        actor: null,
        now: app.clock.now(),
        changes: { grantedCents: 15_000, decisionText: "Keep the receipts." },
      });
      await t.checkAll([
        ["org subsidies", url(lang, "orgSubsidies", { id })],
        ["subsidy, info requested", url(lang, "orgSubsidy", { id, applicationId: asked })],
        ["subsidy, approved", url(lang, "orgSubsidy", { id, applicationId: approved })],
        ["subsidy, report", url(lang, "orgSubsidyReport", { id, applicationId: approved })],
        ["subsidy, withdraw", url(lang, "orgSubsidyWithdraw", { id, applicationId: asked })],
        ["subsidy, edit", url(lang, "orgSubsidyEdit", { id, applicationId: asked })],
      ]);
      // The edit form with errors: a date in the past and no amount.
      await t.page.fill("#f-startsOn", "2026-01-01");
      await t.page.fill("#f-requested", "ten euros");
      await t.submitMainForm();
      await t.audit("subsidy form, errors");
      // The answer, empty; the report, empty; an upload that is no PDF.
      await t.visit(url(lang, "orgSubsidy", { id, applicationId: asked }));
      await t.page.locator("#f-answer").fill("");
      const [answer] = await Promise.all([
        t.page.waitForNavigation(),
        t.page.locator("#f-answer").locator("xpath=ancestor::form").locator("button[type=submit]").click(),
      ]);
      expect(answer?.status()).toBe(422);
      await t.audit("subsidy answer, empty");
      await t.visit(url(lang, "orgSubsidyReport", { id, applicationId: approved }));
      await t.submitMainForm();
      await t.audit("subsidy report, errors");
      await t.visit(url(lang, "orgSubsidy", { id, applicationId: approved }));
      await t.page.setInputFiles("#f-file", { name: "quote.pdf", mimeType: "application/pdf", buffer: Buffer.from("<html>no pdf</html>") });
      const [upload] = await Promise.all([
        t.page.waitForNavigation(),
        t.page.locator("#f-file").locator("xpath=ancestor::form").locator("button[type=submit]").click(),
      ]);
      expect(upload?.status()).toBe(422);
      await t.audit("subsidy upload, not a pdf");
      await t.done();
    });
    scenario(
      `contact to the office: the form with errors and sent, the inbox, a conversation with errors, canned answers (${lang})`,
      async () => {
        const t = await tab();
        await t.checkAll([["contact form", url(lang, "contact")]]);
        await t.submitMainForm();
        expect(await t.page.locator(".field-error").count(), "every required field").toBeGreaterThanOrEqual(5);
        await t.audit("contact form, errors");
        const email = `a11y-contact-${lang}@example.org`;
        await t.page.fill("#f-name", "Axe Tester");
        await t.page.fill("#f-email", email);
        await t.page.selectOption("#f-subject", "question");
        await t.page.fill("#f-message", "Is everything accessible?");
        await t.page.check("#f-consent");
        await t.submitMainForm(200, false);
        await t.audit("contact form, sent");
        const [conv] = await app.db.select().from(officeConversations).where(eq(officeConversations.email, email));
        const [canned] = await app.db
          .insert(officeCanned)
          .values({
            title: { nl: `Bedankt ${lang}`, en: `Thanks ${lang}` },
            body: { nl: "Dank je.", en: "Thank you." },
            updatedAt: app.clock.now(),
          })
          .returning();
        await signInAs(app, t.context, DEMO_ACCOUNTS.admin.email);
        await t.checkAll([
          ["office: contact messages", url(lang, "staffContact")],
          ["office: contact messages, none found", url(lang, "staffContact", {}, { q: "zzz-nothing-matches", status: "closed" })],
          [
            "office: conversation, canned answer filled in",
            url(lang, "staffContactConversation", { id: conv!.id }, { canned: canned!.id }),
          ],
          ["office: canned answers", url(lang, "staffContactCanned")],
          ["office: canned answer", url(lang, "staffContactCannedItem", { id: canned!.id })],
        ]);
        // The reply form sent empty: its error, on the conversation page.
        await t.visit(url(lang, "staffContactConversation", { id: conv!.id }));
        await t.page.fill("#f-body", "");
        const reply = t.page.locator(`form[action="${url(lang, "staffContactConversation", { id: conv!.id })}"] button[type=submit]`);
        const [res] = await Promise.all([t.page.waitForNavigation(), reply.click()]);
        expect(res?.status()).toBe(422);
        await t.audit("office: conversation, reply with errors");
        await t.visit(url(lang, "staffContactCanned"));
        await t.submitMainForm();
        await t.audit("office: canned answers, errors");
        await t.done();
      },
    );

    scenario(
      `mailing list: subscribe with errors and sent, confirm, preferences with errors, erase, the board's hand-over, the office's subscribers (${lang})`,
      async () => {
        const t = await tab();
        await t.checkAll([["mailing list: subscribe", url(lang, "mailingSubscribe")]]);
        await t.submitMainForm();
        expect(await t.page.locator(".field-error").count(), "address, organisation, consent").toBeGreaterThanOrEqual(3);
        await t.audit("mailing list: subscribe, errors");
        const email = `a11y-mailing-${lang}@example.org`;
        await t.page.fill("#f-orgName", "Axe Society");
        await t.page.fill("#f-email", email);
        await t.page.check("#f-consent");
        await t.submitMainForm(200, false);
        await t.audit("mailing list: subscribe, sent");
        const [sub] = await app.db.select().from(mailingSubscriptions).where(eq(mailingSubscriptions.email, email));
        const link = { id: sub!.id, token: mailingToken(app.deps.env, sub!) };
        await t.checkAll([["mailing list: confirm", url(lang, "mailingConfirm", link)]]);
        const [confirmed] = await Promise.all([t.page.waitForNavigation(), t.page.locator("main form.inline button[type=submit]").click()]);
        expect(confirmed?.status()).toBe(200);
        await t.audit("mailing list: preferences, confirmed");
        for (const x of ["trainings", "subsidies", "news"]) await t.page.uncheck(`#f-topics-${x}`);
        await t.submitMainForm();
        await t.audit("mailing list: preferences, errors");
        await t.checkAll([
          ["mailing list: erase, asks first", url(lang, "mailingErase", link)],
          ["mailing list: unknown link", url(lang, "mailingPreferences", { id: sub!.id, token: "x".repeat(43) }), 404],
        ]);
        // The board of Kompas: an update address it has not confirmed, on its dashboard; a new address refused.
        const now = app.clock.now();
        const [handed] = await app.db
          .insert(mailingSubscriptions)
          .values({
            email: `a11y-board-${lang}@example.org`,
            orgId: ids.minerva,
            lang,
            topics: ["news"],
            status: "confirmed",
            consentVersion: "test",
            confirmedAt: now,
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        await signInAs(app, t.context, DEMO_ACCOUNTS.board.email);
        await t.checkAll([["mailing list: dashboard, hand-over", url(lang, "dashboard")]]);
        await t.page.fill(`#f-email-${handed!.id}`, "not-an-address");
        const change = t.page.locator(
          `form[action="${url(lang, "orgMailingChange", { id: ids.minerva, subscriptionId: handed!.id })}"] button[type=submit]`,
        );
        const [refused] = await Promise.all([t.page.waitForNavigation(), change.click()]);
        expect(refused?.status()).toBe(422);
        await t.audit("mailing list: change the address, errors");
        await signInAs(app, t.context, DEMO_ACCOUNTS.admin.email);
        await t.checkAll([
          ["office: mailing list", url(lang, "staffMailing")],
          ["office: mailing list, none found", url(lang, "staffMailing", {}, { status: "suspended", topic: "subsidies" })],
        ]);
        await t.done();
      },
    );
    scenario(`mailing-list campaigns, the office's pages with errors (${lang})`, async () => {
      const t = await tab(DEMO_ACCOUNTS.admin.email);
      const subs = await addSubscribers(app.db, 3, { prefix: `a11y-campaign-${lang}` });
      const loc = (s: string) => ({ nl: `${s} (nl)`, en: `${s} (en)` });
      const [draft, sending] = await app.db
        .insert(mailingCampaigns)
        .values([
          { subject: loc(`Draft ${lang}`), body: loc("Hello **all**\n\n- one\n- [two](https://example.org)"), topics: ["news"] },
          {
            subject: loc(`Sending ${lang}`),
            body: loc("Hello"),
            topics: ["news"],
            status: "sending",
            startedAt: app.clock.now(),
            total: 3,
          },
        ])
        .returning();
      await app.db.insert(mailingDeliveries).values([
        { campaignId: sending!.id, subscriptionId: subs[0]!, status: "sent", attempts: 1, sentAt: app.clock.now() },
        { campaignId: sending!.id, subscriptionId: subs[1]!, status: "failed", attempts: 1, error: "550 mailbox unknown" },
        { campaignId: sending!.id, subscriptionId: subs[2]! },
      ]);
      await t.checkAll([
        ["office: newsletters", url(lang, "staffCampaigns")],
        ["office: newsletter draft", url(lang, "staffCampaign", { id: draft!.id })],
        ["office: newsletter preview", url(lang, "staffCampaignPreview", { id: draft!.id })],
        ["office: newsletter being sent (progress)", url(lang, "staffCampaign", { id: sending!.id })],
        ["office: newsletter recipients", url(lang, "staffCampaignDeliveries", { id: sending!.id })],
        ["office: newsletter recipients, none", url(lang, "staffCampaignDeliveries", { id: draft!.id })],
        ["office: new newsletter", url(lang, "staffCampaignNew")],
      ]);
      await t.submitMainForm();
      expect(await t.page.locator(".field-error").count(), "subjects, texts and topics").toBeGreaterThanOrEqual(5);
      await t.audit("office: new newsletter, errors");
      await t.visit(url(lang, "staffCampaign", { id: draft!.id }));
      await t.submitMainForm();
      expect(await t.page.locator("#f-scheduledAt-error").count(), "the moment's error").toBe(1);
      await t.audit("office: newsletter, schedule with errors");
      await t.done();
    });

    scenario(`office pages (${lang})`, async () => {
      const t = await tab(DEMO_ACCOUNTS.admin.email);
      const id = ids.minerva;
      await t.checkAll([
        ["office home", url(lang, "staffHome")],
        ["organisations", url(lang, "staffOrgs")],
        ["organisations, no results", url(lang, "staffOrgs", {}, { q: "zzz-nothing-matches", kind: "sports" })],
        ["organisation detail", url(lang, "staffOrg", { id })],
        ["new organisation", url(lang, "staffOrgNew")],
        ["organisation edit", url(lang, "staffOrgEdit", { id })],
        ["invite board", url(lang, "staffOrgInvite", { id })],
        ["remove a member: asks first (office)", url(lang, "orgMemberRemove", { id, memberId: ids.fellow })],
        ["handovers", url(lang, "staffHandovers")],
        ["staff users", url(lang, "staffUsers")],
        ["staff account", url(lang, "staffUser", { id: ids.staff })],
        ["dev mailbox", url(lang, "devMail")],
        ["dev mail item", url(lang, "devMailItem", { id: ids.mail })],
        ["requests, decided", url(lang, "staffRequests", {}, { view: "decided" })],
        ["requests (one pending)", url(lang, "staffRequests")],
      ]);
      expect(await t.page.locator("main form textarea[name=reason]").count(), "the pending request is listed").toBe(1);
      await t.done();
    });

    scenario(`trainings office pages, with errors (${lang})`, async () => {
      const t = await tab(DEMO_ACCOUNTS.admin.email);
      const { offering: id, past, future, registration, request } = ids.training;
      await t.checkAll([
        ["trainings", url(lang, "staffTrainings")],
        ["new offering", url(lang, "staffTrainingNew")],
        ["offering", url(lang, "staffTraining", { id })],
        ["new date", url(lang, "staffTrainingSessionNew", { id })],
        ["date", url(lang, "staffTrainingSession", { id, sessionId: future })],
        ["cancel a date: asks first", url(lang, "staffTrainingSessionCancel", { id, sessionId: future })],
        ["registrations", url(lang, "staffTrainingRegistrations", { id })],
        ["registrations of a date", url(lang, "staffTrainingRegistrations", { id }, { session: future })],
        ["registration", url(lang, "staffTrainingRegistration", { id: registration })],
        ["add above the cap", url(lang, "staffTrainingAdd", { id })],
        ["attendance, not yet", url(lang, "staffTrainingAttendance", { id, sessionId: future })],
        ["attendance", url(lang, "staffTrainingAttendance", { id, sessionId: past })],
        ["message", url(lang, "staffTrainingMessage", { id, sessionId: future })],
        ["training requests", url(lang, "staffTrainingRequests")],
        ["training request", url(lang, "staffTrainingRequest", { id: request })],
        ["organisation with its trainings", url(lang, "staffOrg", { id: ids.minerva })],
      ]);
      // Each form with its errors (nothing is written: every one is refused).
      await t.visit(url(lang, "staffTrainingNew"));
      await t.page.fill("#f-title_nl", "");
      await t.page.fill("#f-cost", "abc");
      await t.submitMainForm();
      await t.audit("new offering, errors");
      await t.visit(url(lang, "staffTrainingSession", { id, sessionId: future }));
      await t.page.fill("#f-date", "");
      await t.submitMainForm();
      await t.audit("date, errors");
      await t.visit(url(lang, "staffTrainingSessionCancel", { id, sessionId: future }));
      await t.submitMainForm();
      await t.audit("cancel a date, no reason");
      await t.visit(url(lang, "staffTrainingRegistration", { id: registration }));
      await t.submitMainForm();
      await t.audit("registration, move without a date or reason");
      await t.visit(url(lang, "staffTrainingAdd", { id }));
      await t.submitMainForm();
      await t.audit("add above the cap, empty");
      await t.visit(url(lang, "staffTrainingMessage", { id, sessionId: future }));
      await t.submitMainForm();
      await t.audit("message, empty");
      await t.page.fill("#f-subject_en", "Bring your laptop");
      await t.page.fill("#f-body_en", "See you.");
      await t.submitMainForm(200, false);
      expect(await t.page.locator("#confirm").count(), "asks before sending").toBe(1);
      await t.audit("message, how many it reaches");
      await t.visit(url(lang, "staffTrainingRequest", { id: request }));
      await t.submitMainForm();
      await t.audit("training request, plan without a date");
      await t.done();
    });

    scenario(`roadmap pages, public and office (${lang})`, async () => {
      const t = await tab();
      const { topic, resource } = ids;
      await t.checkAll([
        ["roadmap", url(lang, "roadmap")],
        ["roadmap search", url(lang, "roadmapSearch", {}, { q: lang === "nl" ? "stress" : "anxiety" })],
        ["roadmap search, crisis language", url(lang, "roadmapSearch", {}, { q: lang === "nl" ? "ik wil dood" : "i want to die" })],
        ["roadmap search, a typo", url(lang, "roadmapSearch", {}, { q: lang === "nl" ? "eenzam" : "lonley" })],
        ["roadmap search, nothing found", url(lang, "roadmapSearch", {}, { q: "qqqzzxx" })],
        // More than ten results: the second page, with the link back to the first.
        ["roadmap search, second page", url(lang, "roadmapSearch", {}, { q: lang === "nl" ? "student" : "help", page: "2" })],
        ["roadmap guide", url(lang, "roadmapGuide")],
        ["roadmap guide, two answers", url(lang, "roadmapGuide", {}, { topic: topic.slug, urgent: "soon" })],
        ["roadmap topic", url(lang, "roadmapTopic", { slug: topic.slug })],
        ["roadmap place to turn", url(lang, "roadmapResource", { slug: resource.slug })],
        ["roadmap order", url(lang, "roadmapOrder")],
      ]);
      await t.visit(`${url(lang, "roadmap")}/no-such-page`, 404);
      await t.audit("roadmap page not found");
      await t.visit(url(lang, "roadmapOrder"));
      await t.submitMainForm();
      await t.audit("roadmap order, empty");
      await signInAs(app, t.context, DEMO_ACCOUNTS.admin.email);
      await t.checkAll([
        ["roadmap embed builder", url(lang, "roadmapEmbedBuilder")],
        ["office roadmap", url(lang, "staffRoadmap")],
        ["office new place to turn", url(lang, "staffResourceNew")],
        ["office place to turn", url(lang, "staffResource", { id: resource.id })],
        ["office place, hide it?", url(lang, "staffResourceStatus", { id: resource.id })],
        ["office new topic", url(lang, "staffTopicNew")],
        ["office topic", url(lang, "staffTopic", { id: topic.id })],
        ["office orders", url(lang, "staffOrders")],
        ["office order", url(lang, "staffOrder", { id: ids.order })],
      ]);
      await t.done();
    });

    scenario(`trainings pages, public (${lang})`, async () => {
      const t = await tab();
      const catalogue = url(lang, "trainings");
      await t.checkAll([
        ["trainings catalogue", catalogue],
        ["trainings catalogue, filtered", url(lang, "trainings", {}, { audience: "board_members", language: "nl", open: "1" })],
        ["trainings catalogue, nothing found", url(lang, "trainings", {}, { audience: "peer_listeners", language: "en" })],
        ["training: a series of dates", url(lang, "training", { slug: "are-you-ok" })],
        ["training: a programme, full with a waiting list", url(lang, "training", { slug: "social-safety-policy" })],
        ["training: registered elsewhere", url(lang, "training", { slug: "confidential-peer-listeners" })],
        ["training: on request", url(lang, "training", { slug: "tailor-made-board-training" })],
      ]);
      await t.visit(url(lang, "training", { slug: "no-such-training" }), 404);
      await t.audit("training not found");
      // Signed in, the page leads the board member to their organisation's registration.
      await signInAs(app, t.context, DEMO_ACCOUNTS.board.email);
      await t.checkAll([["training, signed in as a board member", url(lang, "training", { slug: "are-you-ok" })]]);
      expect(
        await t.page.locator(`main a[href^="${url(lang, "org", { id: ids.minerva })}/"]`).count(),
        "a link to the board's registration",
      ).toBe(1);
      await t.done();
    });

    scenario(`forms showing errors (${lang})`, async () => {
      const t = await tab();
      await t.visit(url(lang, "signIn"));
      await t.submitMainForm();
      await t.audit("sign-in, empty");

      await signInAs(app, t.context, DEMO_ACCOUNTS.board.email);
      const id = ids.minerva;
      for (const [label, path] of [
        ["register, empty", url(lang, "orgRegister")],
        ["invite, empty", url(lang, "orgInvite", { id })],
        ["next board, empty", url(lang, "orgNextBoard", { id })],
      ]) {
        await t.visit(path!);
        await t.submitMainForm();
        await t.audit(label!);
      }
      // "Add a row" without JavaScript: the same form with one more row.
      await t.visit(url(lang, "orgNextBoard", { id }));
      await Promise.all([t.page.waitForNavigation(), t.page.click("button[name=addRow]")]);
      expect(await t.page.locator("#f-email_8").count(), "an eighth row").toBe(1);
      await t.audit("next board, a row added");
      await t.visit(url(lang, "roadmapEmbedBuilder", {}, { accent: "banana" }), 422);
      await t.audit("embed builder, not a colour");

      await signInAs(app, t.context, DEMO_ACCOUNTS.admin.email);
      await t.visit(url(lang, "staffOrgNew"));
      await t.submitMainForm();
      await t.audit("office new organisation, empty");

      await t.visit(url(lang, "account"));
      await t.page.fill("#f-name", "x".repeat(121));
      await t.submitMainForm();
      await t.audit("my account, name too long");
      // The only administrator may not delete their account: the page says why, without a form.
      await t.visit(url(lang, "accountDelete"));
      await t.audit("delete account, blocked (last administrator)");
      await signInAs(app, t.context, DEMO_ACCOUNTS.staff.email);
      await t.visit(url(lang, "accountDelete"));
      await t.submitMainForm();
      await t.audit("delete account, not confirmed");
      await signInAs(app, t.context, DEMO_ACCOUNTS.admin.email);
      await t.visit(url(lang, "staffUsers"));
      await t.submitMainForm();
      await t.audit("office accounts, add empty");
      // An address that already has an account: the page shows it and asks (409).
      await t.page.fill("#f-email", DEMO_ACCOUNTS.board.email);
      await t.submitMainForm(409, false);
      await t.audit("office accounts, existing account: asks first");
      // The only administrator tries to step down: refused (the last administrator stays).
      await t.visit(url(lang, "staffUser", { id: ids.admin }));
      await t.page.selectOption("main form:not(.inline) select[name=role]", "staff");
      await t.submitMainForm();
      await t.audit("office account, last administrator");
      await t.done();
    });
  }

  scenario("the search's 503 page, when its bounded queue is full (nl, en)", async () => {
    // An app of its own, whose search gate is always full: every search that misses the page cache
    // gets the 503 page at once (the shared app keeps searching for the other checks).
    const busy = await startApp({ gates: { search: createGate({ concurrency: 0, queue: 0, retryAfterSeconds: 7 }) } });
    try {
      const t = await tab(undefined, undefined, busy);
      for (const lang of LANGS) {
        const res = await t.visit(url(lang, "roadmapSearch", {}, { q: lang === "nl" ? "stress" : "anxiety" }), 503);
        expect(res?.headers()["retry-after"], "the test's gate answered").toBe("7");
        expect(await t.page.locator('a[href="tel:113"]').count(), "the urgent line").toBeGreaterThan(0);
        expect(await t.page.locator("main input[name=q]").count(), "the search box").toBe(1);
        await t.audit(`roadmap search, busy (${lang})`);
      }
      await t.done();
    } finally {
      await busy.close();
    }
  });

  scenario("has no horizontal scroll at 320px wide", async () => {
    const t = await tab(undefined, { width: 320, height: 640 });
    const wide: string[] = [];
    const measure = async (label: string) => {
      const width = await t.page.evaluate(() => document.documentElement.scrollWidth);
      if (width <= 320) return;
      // Name the innermost elements that stick out, so a failure says where to look.
      const culprits = await t.page.evaluate(() =>
        [...document.querySelectorAll("body *")]
          .filter((el) => el.getBoundingClientRect().right > 321 && ![...el.children].some((k) => k.getBoundingClientRect().right > 321))
          .filter((el) => !el.closest(".table-wrap"))
          .slice(0, 3)
          .map(
            (el) =>
              `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(" ").join(".")}` : ""} "${(el.textContent ?? "").trim().slice(0, 40)}"`,
          ),
      );
      wide.push(`${label}: scrollWidth ${width}px (${culprits.join("; ")})`);
    };
    // Pages with tables also get axe at this width: a table that scrolls sideways must be reachable by keyboard.
    const check = async (path: string, opts: { axe?: boolean } = {}) => {
      await t.visit(path);
      await measure(path);
      if (opts.axe) await t.audit(`${path} at 320px`);
    };
    await check(url("nl", "home"));
    await check(url("en", "home"));
    await check(url("en", "signIn"));
    await t.submitMainForm();
    await measure("sign-in with errors");
    // The contact form (its honeypot is off-screen to the left, which adds no width).
    await check(url("nl", "contact"));
    await t.submitMainForm();
    await measure("contact with errors");
    await signInAs(app, t.context, DEMO_ACCOUNTS.board.email);
    await check(url("nl", "dashboard"));
    await check(url("nl", "org", { id: ids.minerva }), { axe: true });
    await check(url("en", "org", { id: ids.minerva }));
    await check(url("nl", "orgNextBoard", { id: ids.minerva }));
    await signInAs(app, t.context, DEMO_ACCOUNTS.admin.email);
    await check(url("nl", "staffHome"));
    await check(url("en", "staffOrgs"), { axe: true });
    await check(url("nl", "staffRequests"));
    await check(url("en", "staffContact"), { axe: true });
    await check(url("nl", "staffOrg", { id: ids.minerva }), { axe: true });
    await check(url("en", "staffHandovers"), { axe: true });
    await check(url("en", "staffUsers"), { axe: true });
    await check(url("nl", "account"), { axe: true });
    await check(url("en", "devMail"), { axe: true });
    await check(url("en", "devMailItem", { id: ids.mail }));
    await check(url("en", "roadmap"));
    await check(url("nl", "trainings"));
    await check(url("en", "training", { slug: "social-safety-policy" }), { axe: true });
    await check(url("nl", "staffOrders"), { axe: true });
    await check(url("en", "staffOrder", { id: ids.order }), { axe: true });
    expect(wide, "pages wider than a 320px viewport").toEqual([]);
    await t.done();
  });

  scenario("keeps a board's members and their actions in view at 375px wide, and long names whole", async () => {
    const t = await tab(undefined, { width: 375, height: 800 });
    const problems: string[] = [];
    const check = async (path: string) => {
      await t.visit(path);
      problems.push(
        ...(await t.page.evaluate((viewport) => {
          const out: string[] = [];
          const here = location.pathname;
          if (document.documentElement.scrollWidth > viewport) out.push(`${here}: scrollWidth ${document.documentElement.scrollWidth}px`);
          // Every member's name, position and (where offered) actions are in view: no sideways scrolling inside the card either.
          const rows = [...document.querySelectorAll(".board tbody tr")];
          if (!rows.length) out.push(`${here}: no board members listed`);
          for (const row of rows) {
            const who = (row.querySelector("td")?.textContent ?? "").trim();
            const wanted = [...row.querySelectorAll("td")]
              .slice(0, 3)
              .concat([
                ...row.querySelectorAll(".member-actions select, .member-actions button, .member-actions a"),
              ] as HTMLTableCellElement[]);
            for (const el of wanted) {
              const r = el.getBoundingClientRect();
              const wrap = el.closest(".table-wrap")!.getBoundingClientRect();
              if (r.width === 0 || r.left < wrap.left - 1 || r.right > wrap.right + 1)
                out.push(
                  `${here}: ${who}: ${el.tagName.toLowerCase()} "${(el.textContent ?? "").trim().slice(0, 30)}" out of view (${Math.round(r.left)}–${Math.round(r.right)})`,
                );
            }
          }
          for (const wrap of document.querySelectorAll(".board .table-wrap"))
            if (wrap.scrollWidth > wrap.clientWidth) out.push(`${here}: "${wrap.getAttribute("aria-label")}" scrolls sideways`);
          // The heading's words each stay on one line: a long name breaks between words only.
          const h1 = document.querySelector("h1")!;
          const text = h1.firstChild!;
          const range = document.createRange();
          let offset = 0;
          for (const word of (text.textContent ?? "").split(" ")) {
            range.setStart(text, offset);
            range.setEnd(text, offset + word.length);
            const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
            if (lines.size > 1) out.push(`${here}: "${word}" in the heading is broken over ${lines.size} lines`);
            offset += word.length + 1;
          }
          return out;
        }, 375)),
      );
      await t.audit(`${path} at 375px`);
    };
    await signInAs(app, t.context, DEMO_ACCOUNTS.board.email);
    await check(url("nl", "org", { id: ids.longName }));
    await check(url("en", "org", { id: ids.longName }));
    await signInAs(app, t.context, DEMO_ACCOUNTS.admin.email);
    await check(url("nl", "staffOrg", { id: ids.longName }));
    await check(url("en", "staffOrg", { id: ids.longName }));
    expect(problems, "at 375px").toEqual([]);
    await t.done();
  });

  scenario("saves screenshots of key pages", async () => {
    const t = await tab();
    const shoot = async (path: string, name: string, status?: number) => {
      await t.visit(path, status);
      await screenshot(t.page, name);
    };
    await shoot(url("nl", "home"), "home-nl");
    await shoot(url("en", "home"), "home-en");
    await t.visit(url("en", "signIn"));
    await t.submitMainForm();
    await screenshot(t.page, "sign-in-errors-en");
    await signInAs(app, t.context, DEMO_ACCOUNTS.board.email);
    await shoot(url("nl", "dashboard"), "dashboard-nl");
    await shoot(url("nl", "org", { id: ids.minerva }), "org-page-nl");
    await signInAs(app, t.context, DEMO_ACCOUNTS.admin.email);
    await shoot(url("en", "staffHome"), "office-home-en");
    await shoot(url("en", "staffOrgs"), "office-organisations-en");
    await shoot(url("en", "staffRequests"), "office-requests-en");
    await t.page.setViewportSize({ width: 320, height: 640 });
    await shoot(url("nl", "staffOrgs"), "office-organisations-nl-320px");
    await shoot(url("nl", "staffOrg", { id: ids.minerva }), "office-organisation-nl-320px");
    await t.done();
  });
});
