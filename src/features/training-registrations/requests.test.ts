import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { errorMessage, fieldError, linkIn, mailsTo, setupApp, signedIn } from "../../../test/helpers/app.js";
import * as fixtures from "../../../test/helpers/fixtures.js";
import { makeOffering, participants } from "../../../test/helpers/trainings.js";
import { HOUR } from "../../core/clock.js";
import { FieldError } from "../../core/errors.js";
import type { Lang } from "../../core/i18n/index.js";
import { url } from "../../routes.js";
import { sessionsOf } from "../trainings/service.js";
import { declineRequest, getRequest, listRequests, planRequest, requestsOf, requestTraining } from "./requests.js";
import { trainingRegistrations, trainingRequests } from "./schema.js";
import { register } from "./service.js";

const ctx = setupApp();

async function board(name: string, email: string, lang: Lang = "nl") {
  const org = await fixtures.makeOrg(ctx, name);
  const b = await fixtures.makeBoard(ctx, org.id);
  const { client, user } = await fixtures.seat(ctx, b.id, email, { lang });
  return { org, client, user };
}

/** The tailor-made training: requested, not booked; no dates of its own. */
const tailorMade = () =>
  makeOffering(ctx, { kind: "tailor_made", registration: "request", capacity: null, title: { nl: "Op maat", en: "Tailor-made" } }, 0);

const slot = (startsAt = new Date("2027-01-14T13:00:00Z")) => ({
  startsAt,
  endsAt: new Date(startsAt.getTime() + 3 * HOUR),
  location: { nl: "Lipsius 011", en: "Lipsius 011" },
  onlineUrl: null,
  capacity: null,
});

const requestForm = { preferredDates: "Any Tuesday in January", groupSize: "9", wishes: "Focus on social safety" };

describe("requesting a tailor-made training on the board's page", () => {
  it("sends a request, shows it as pending, and refuses a second one while it is open", async () => {
    const { offering: o } = await tailorMade();
    const a = await board("Vereniging Alfa", "alfa@example.org", "en");
    const path = url("en", "orgTrainingRequest", { id: a.org.id, offeringId: o.id });
    const form = await (await a.client.get(path)).text();
    expect(form).toContain("Request: Tailor-made");
    expect(form).toContain('name="preferredDates"');
    const res = await a.client.post(path, requestForm);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(url("en", "orgTrainings", { id: a.org.id }, { done: "requested" }));
    const list = await (await a.client.get(res.headers.get("location")!)).text();
    expect(list).toContain("Your request has been sent.");
    expect(list).toContain("Waiting for the office");
    const [r] = await ctx.db.select().from(trainingRequests);
    expect(r).toMatchObject({ status: "pending", groupSize: 9, wishes: "Focus on social safety", lang: "en", requestedBy: a.user.id });
    // While it is open, the page says so; a resent form is refused next to its first field.
    expect(await (await a.client.get(path)).text()).toContain("Your organisation already has a request for this.");
    const twice = await a.client.post(path, requestForm);
    expect(twice.status).toBe(422);
    expect(fieldError(await twice.text(), "preferredDates")).toBe(errorMessage("en", "requestOpen"));
    expect((await ctx.db.select({ n: count() }).from(trainingRequests))[0]!.n).toBe(1);
  });

  for (const lang of ["nl", "en"] as const)
    it(`reports every error of the request form at once and writes nothing (${lang})`, async () => {
      const { offering: o } = await tailorMade();
      const a = await board("Vereniging Alfa", "alfa@example.org");
      const path = url(lang, "orgTrainingRequest", { id: a.org.id, offeringId: o.id });
      const res = await a.client.post(path, { preferredDates: "  ", groupSize: "twelve", wishes: "w".repeat(2001) });
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(fieldError(html, "preferredDates")).toBe(errorMessage(lang, "required"));
      expect(fieldError(html, "groupSize")).toBe(errorMessage(lang, "invalidNumber"));
      expect(fieldError(html, "wishes")).toBe(errorMessage(lang, ["maxLength", { max: 2000 }]));
      expect(html).toContain('value="twelve"');
      const empty = await a.client.post(path, { preferredDates: "x".repeat(501), groupSize: "", wishes: "\u0000\u202e" });
      expect(empty.status).toBe(422);
      const again = await empty.text();
      expect(fieldError(again, "preferredDates")).toBe(errorMessage(lang, ["maxLength", { max: 500 }]));
      expect(fieldError(again, "groupSize")).toBe(errorMessage(lang, "groupSizeRequired"));
      expect((await ctx.db.select({ n: count() }).from(trainingRequests))[0]!.n).toBe(0);
    });

  it("has no request page for an offering that is booked, not requested", async () => {
    const { offering: o } = await makeOffering(ctx, {}, 1);
    const a = await board("Vereniging Alfa", "alfa@example.org");
    expect((await a.client.get(url("nl", "orgTrainingRequest", { id: a.org.id, offeringId: o.id }))).status).toBe(404);
    expect(await requestTraining(ctx.db, { ...base(o.id, a), now: ctx.clock.now() })).toBeNull();
  });
});

const base = (offeringId: string, who: { org: { id: string }; user: { id: string } }) => ({
  offeringId,
  orgId: who.org.id,
  actorId: who.user.id,
  preferredDates: "January",
  groupSize: 8,
  wishes: null,
  lang: "nl" as const,
});

describe("the office plans or declines a request", () => {
  it("plans it: a date reserved for the organisation, mailed to the requester, bookable by that organisation only", async () => {
    const { offering: o } = await tailorMade();
    const a = await board("Vereniging Alfa", "alfa@example.org", "en");
    const b = await board("Vereniging Beta", "beta@example.org");
    const { user: staff } = await signedIn(ctx, "staff@office.example.org", { staffRole: "staff" });
    const req = (await requestTraining(ctx.db, { ...base(o.id, a), now: ctx.clock.now() }))!;
    const planned = await planRequest(ctx.db, ctx.deps, { requestId: req.id, actorId: staff.id, session: slot(), now: ctx.clock.now() });
    expect(planned!.request).toMatchObject({ status: "planned", sessionId: planned!.session.id, decidedBy: staff.id });
    expect(planned!.session.reservedFor).toBe(a.org.id);
    // Decided once: a second planning finds nothing pending.
    expect(await planRequest(ctx.db, ctx.deps, { requestId: req.id, actorId: staff.id, session: slot(), now: ctx.clock.now() })).toBeNull();
    expect((await sessionsOf(ctx.db, [o.id], { all: true })).length).toBe(1);
    // Not on the public pages; Alfa sees it, Beta does not.
    expect(await sessionsOf(ctx.db, [o.id])).toEqual([]);
    expect((await sessionsOf(ctx.db, [o.id], { forOrg: b.org.id })).length).toBe(0);
    // The requester's mail, in their account's language, leads to the register page with the date.
    const [mail] = await mailsTo(ctx, "alfa@example.org");
    expect(mail!.subject).toBe("Planned: Tailor-made");
    expect(mail!.text).toContain("Lipsius 011");
    const link = linkIn(mail!.text);
    expect(link).toBe(url("en", "orgTrainingRegister", { id: a.org.id, offeringId: o.id }));
    const page = await (await a.client.get(link)).text();
    expect(page).toContain("Register: Tailor-made");
    expect(page).toContain("Lipsius 011");
    expect(await (await a.client.get(url("en", "orgTrainings", { id: a.org.id }))).text()).toContain("Planned on");
    // Beta: no page, and the service refuses the reserved date.
    expect((await b.client.get(url("nl", "orgTrainingRegister", { id: b.org.id, offeringId: o.id }))).status).toBe(404);
    const forB = {
      offeringId: o.id,
      sessionId: planned!.session.id,
      orgId: b.org.id,
      actorId: b.user.id,
      year: 2026,
      participants: participants(1, "b"),
      idempotencyKey: null,
      lang: "nl" as const,
      now: ctx.clock.now(),
    };
    await expect(register(ctx.db, ctx.deps, forB)).rejects.toEqual(new FieldError("session", "notBookable"));
    // Alfa books it through the page.
    const key = page.match(/name="key" value="([^"]+)"/)![1]!;
    const res = await a.client.post(link, { key, rows: "3", name_1: "Anna", email_1: "anna@example.org", role_1: "chair" });
    expect(res.status).toBe(303);
    const [reg] = await ctx.db.select().from(trainingRegistrations);
    expect(reg).toMatchObject({ organisationId: a.org.id, sessionId: planned!.session.id, status: "confirmed" });
  });

  it("declines it with a reason that is mailed and shown to the board; a reason is required", async () => {
    const { offering: o } = await tailorMade();
    const a = await board("Vereniging Alfa", "alfa@example.org");
    const req = (await requestTraining(ctx.db, { ...base(o.id, a), now: ctx.clock.now() }))!;
    await expect(
      declineRequest(ctx.db, ctx.deps, { requestId: req.id, actorId: a.user.id, reason: "  ", now: ctx.clock.now() }),
    ).rejects.toEqual(new FieldError("reason", "reasonRequired"));
    const declined = await declineRequest(ctx.db, ctx.deps, {
      requestId: req.id,
      actorId: a.user.id,
      reason: "No trainer free in January",
      now: ctx.clock.now(),
    });
    expect(declined).toMatchObject({ status: "declined", reason: "No trainer free in January" });
    const [mail] = await mailsTo(ctx, "alfa@example.org");
    expect(mail!.subject).toBe("Aanvraag afgewezen: Op maat");
    expect(mail!.text).toContain("Reden: No trainer free in January");
    expect(linkIn(mail!.text)).toBe(url("nl", "orgTrainings", { id: a.org.id }));
    const page = await (await a.client.get(url("nl", "orgTrainings", { id: a.org.id }))).text();
    expect(page).toContain("Afgewezen");
    expect(page).toContain("Reden: No trainer free in January");
    expect(
      await declineRequest(ctx.db, ctx.deps, { requestId: req.id, actorId: a.user.id, reason: "Again", now: ctx.clock.now() }),
    ).toBeNull();
    // Decided: the organisation may ask again.
    expect(await requestTraining(ctx.db, { ...base(o.id, a), now: ctx.clock.now() })).not.toBeNull();
  });

  it("lists requests for the office, pending first (oldest first), and an organisation's own", async () => {
    const { offering: o } = await tailorMade();
    const { offering: w } = await makeOffering(ctx, { registration: "request", title: { nl: "Workshop", en: "Workshop" } }, 0);
    const a = await board("Vereniging Alfa", "alfa@example.org");
    const b = await board("Vereniging Beta", "beta@example.org");
    const first = (await requestTraining(ctx.db, { ...base(o.id, a), now: ctx.clock.now() }))!;
    ctx.clock.advance(HOUR);
    const second = (await requestTraining(ctx.db, { ...base(o.id, b), now: ctx.clock.now() }))!;
    ctx.clock.advance(HOUR);
    const third = (await requestTraining(ctx.db, { ...base(w.id, a), now: ctx.clock.now() }))!;
    await declineRequest(ctx.db, ctx.deps, { requestId: first.id, actorId: a.user.id, reason: "Full", now: ctx.clock.now() });
    const all = await listRequests(ctx.db);
    expect(all.total).toBe(3);
    expect(all.rows.map((r) => r.id)).toEqual([second.id, third.id, first.id]);
    expect(all.rows[0]).toMatchObject({ orgName: "Vereniging Beta", requester: { email: "beta@example.org" } });
    expect(all.rows[0]!.offering!.title.en).toBe("Tailor-made");
    expect((await listRequests(ctx.db, { view: "pending" })).rows.map((r) => r.id)).toEqual([second.id, third.id]);
    expect((await listRequests(ctx.db, { view: "decided" })).rows.map((r) => r.id)).toEqual([first.id]);
    expect((await listRequests(ctx.db, { view: "pending", page: 2, perPage: 1 })).rows.map((r) => r.id)).toEqual([third.id]);
    expect((await requestsOf(ctx.db, a.org.id)).map((r) => r.id)).toEqual([third.id, first.id]);
    expect((await getRequest(ctx.db, second.id))!.orgName).toBe("Vereniging Beta");
    expect(await getRequest(ctx.db, "00000000-0000-4000-8000-000000000000")).toBeNull();
    const [stored] = await ctx.db.select().from(trainingRequests).where(eq(trainingRequests.id, first.id));
    expect(stored!.decidedAt).toEqual(ctx.clock.now());
  });
});
