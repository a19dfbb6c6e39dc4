import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { mailsTo, setupApp } from "../../../test/helpers/app.js";
import { applicantOrg, application, officer } from "../../../test/helpers/subsidy-office.js";
import { catalogs } from "../../catalogs.js";
import { FieldError } from "../../core/errors.js";
import { outbox } from "../../core/mail/schema.js";
import { auditLog } from "../audit/schema.js";
import {
  addComment,
  applicationsCsv,
  approve,
  assign,
  budgetBox,
  close,
  decline,
  deleteTemplate,
  getTemplate,
  listTemplates,
  markHeld,
  markPaid,
  officeQueue,
  requestInformation,
  saveScores,
  saveTemplate,
  scoreSheet,
  setBudget,
  startReview,
  yearOverview,
} from "./review.js";
import { subsidyBudgets, subsidyEvents } from "./schema.js";
import { getApplication } from "./service.js";

const ctx = setupApp();
const now = () => ctx.clock.now();

/** An organisation whose board reads mail in Dutch (chair) and English, an administrator, and a submitted application. */
async function setup(over: Parameters<typeof application>[2] = {}) {
  const { org, members } = await applicantOrg(ctx, "Studievereniging Pharos", [
    { email: "chair@pharos.example.org", lang: "nl" },
    { email: "treasurer@pharos.example.org", lang: "en" },
  ]);
  const { user: admin } = await officer(ctx, "admin@office.example.org", "admin");
  const app = await application(ctx, org.id, over);
  return { org, members, admin, app };
}

const refusal = (field: string, key: string) => new FieldError(field, key as never);
const lastMail = async (to: string) => (await mailsTo(ctx, to))[0]!;

describe("approving", () => {
  it("grants a lower amount with conditions, sets the report's due date and mails the board, each in their language", async () => {
    const { admin, app } = await setup();
    const id = await approve(ctx.db, ctx.deps, {
      id: app.id,
      actor: admin.id,
      grantedCents: 35_000,
      conditions: "Share photos afterwards.",
      now: now(),
    });
    expect(id).toBe(app.id);
    const after = (await getApplication(ctx.db, app.id))!;
    expect(after).toMatchObject({
      status: "approved",
      grantedCents: 35_000,
      decisionText: "Share photos afterwards.",
      decidedBy: admin.id,
    });
    // The activity's last day (3 February 2027) plus six weeks.
    expect(after.reportDue).toBe("2027-03-17");
    const events = await ctx.db.select().from(subsidyEvents).where(eq(subsidyEvents.applicationId, app.id));
    expect(events.map((e) => [e.status, e.note])).toEqual([["approved", "Share photos afterwards."]]);
    const nl = await lastMail("chair@pharos.example.org");
    const en = await lastMail("treasurer@pharos.example.org");
    expect(nl.subject).toContain(catalogs.nl.subsidies.status.approved);
    expect(nl.text).toMatch(/€\s350,00/);
    expect(nl.text).toContain("17 maart 2027");
    expect(nl.text).toContain("Voorwaarden:");
    expect(en.subject).toContain(catalogs.en.subsidies.status.approved);
    expect(en.text).toContain("€350.00");
    expect(en.text).toContain("17 March 2027");
    expect(en.text).toContain("Share photos afterwards.");
    expect(en.text).toContain(app.reference!);
    const [entry] = await ctx.db.select().from(auditLog).where(eq(auditLog.action, "subsidies.approve"));
    expect(entry).toMatchObject({ actorId: admin.id, entityId: app.id });
    const box = await budgetBox(ctx.db, ctx.deps.env, 2026);
    expect(box).toMatchObject({ totalCents: 2_000_000, committedCents: 35_000, paidCents: 0, remainingCents: 1_965_000 });
  });

  it("refuses more than was asked and more than the per-application limit", async () => {
    const { admin, app } = await setup({ requestedCents: 150_000 });
    const base = { id: app.id, actor: admin.id, conditions: "", now: now() };
    await expect(approve(ctx.db, ctx.deps, { ...base, grantedCents: 150_001 })).rejects.toEqual(
      refusal("granted", "subOfficeAboveRequested"),
    );
    // The default limit per application is €1,000.
    await expect(approve(ctx.db, ctx.deps, { ...base, grantedCents: 100_001 })).rejects.toEqual(
      refusal("granted", "subOfficeAboveMaxApplication"),
    );
    await expect(approve(ctx.db, ctx.deps, { ...base, grantedCents: 0 })).rejects.toEqual(refusal("granted", "subOfficeAmountPositive"));
    expect((await getApplication(ctx.db, app.id))!.status).toBe("submitted");
    expect(await mailsTo(ctx, "chair@pharos.example.org")).toEqual([]);
    expect(await approve(ctx.db, ctx.deps, { ...base, grantedCents: 100_000 })).toBe(app.id);
  });

  it("keeps an organisation within its yearly limit, counting what was committed and what was paid", async () => {
    const { org, admin, app } = await setup();
    // €2,000 per organisation: €900 paid and €900 committed earlier this year leave €200.
    await application(ctx, org.id, { status: "paid", grantedCents: 90_000, paidCents: 90_000 });
    await application(ctx, org.id, { status: "held", grantedCents: 90_000 });
    // Other years and other organisations do not count.
    await application(ctx, org.id, { status: "approved", year: 2025, grantedCents: 100_000 });
    const other = await applicantOrg(ctx, "Other");
    await application(ctx, other.org.id, { status: "approved", grantedCents: 100_000 });
    const base = { id: app.id, actor: admin.id, conditions: "", now: now() };
    await expect(approve(ctx.db, ctx.deps, { ...base, grantedCents: 20_001 })).rejects.toEqual(
      refusal("granted", "subOfficeAboveMaxOrganisation"),
    );
    expect(await approve(ctx.db, ctx.deps, { ...base, grantedCents: 20_000 })).toBe(app.id);
  });

  it("never commits more than the year's total, and uses the limits the office set", async () => {
    const { admin, app } = await setup();
    await ctx.db.insert(subsidyBudgets).values({
      year: 2026,
      totalCents: 100_000,
      maxPerApplicationCents: 80_000,
      maxPerOrganisationCents: 500_000,
      updatedAt: now(),
    });
    const other = await applicantOrg(ctx, "Other");
    await application(ctx, other.org.id, { status: "approved", grantedCents: 70_000 });
    const base = { id: app.id, actor: admin.id, conditions: "", now: now() };
    await expect(approve(ctx.db, ctx.deps, { ...base, grantedCents: 30_001 })).rejects.toEqual(refusal("granted", "subOfficeAboveBudget"));
    expect(await approve(ctx.db, ctx.deps, { ...base, grantedCents: 30_000 })).toBe(app.id);
    expect((await budgetBox(ctx.db, ctx.deps.env, 2026)).remainingCents).toBe(0);
  });

  it("refuses a step the application's status does not allow, and a draft is no application for the office", async () => {
    const { org, admin } = await setup();
    const declined = await application(ctx, org.id, { status: "declined" });
    await expect(
      approve(ctx.db, ctx.deps, { id: declined.id, actor: admin.id, grantedCents: 100, conditions: "", now: now() }),
    ).rejects.toEqual(refusal("granted", "subOfficeStatusChanged"));
    const draft = await application(ctx, org.id, { status: "draft" });
    expect(await approve(ctx.db, ctx.deps, { id: draft.id, actor: admin.id, grantedCents: 100, conditions: "", now: now() })).toBeNull();
    expect(await startReview(ctx.db, ctx.deps, { id: draft.id, actor: admin.id, now: now() })).toBeNull();
  });
});

describe("the other steps", () => {
  it("review, a question, decline with reasons: each on the timeline and mailed in the board's languages", async () => {
    const { admin, app } = await setup();
    expect(await startReview(ctx.db, ctx.deps, { id: app.id, actor: admin.id, now: now() })).toBe(app.id);
    // Whoever starts the review is assigned when nobody was.
    expect((await getApplication(ctx.db, app.id))!).toMatchObject({ status: "in_review", assignedTo: admin.id });
    expect((await lastMail("treasurer@pharos.example.org")).subject).toContain("In review");
    await requestInformation(ctx.db, ctx.deps, { id: app.id, actor: admin.id, question: "Which room will you use?", now: now() });
    expect((await lastMail("chair@pharos.example.org")).text).toContain("De vraag van het bureau:\n\nWhich room will you use?");
    expect((await lastMail("treasurer@pharos.example.org")).text).toContain("The office's question:");
    // Waiting for the board's answer: no second question, but a decline is possible.
    await expect(requestInformation(ctx.db, ctx.deps, { id: app.id, actor: admin.id, question: "?", now: now() })).rejects.toEqual(
      refusal("question", "subOfficeStatusChanged"),
    );
    await expect(decline(ctx.db, ctx.deps, { id: app.id, actor: admin.id, reasons: "  ", now: now() })).rejects.toEqual(
      refusal("reasons", "required"),
    );
    await decline(ctx.db, ctx.deps, { id: app.id, actor: admin.id, reasons: "Not open to all students.", now: now() });
    expect((await getApplication(ctx.db, app.id))!).toMatchObject({ status: "declined", decisionText: "Not open to all students." });
    const en = await lastMail("treasurer@pharos.example.org");
    expect(en.subject).toContain("Declined");
    expect(en.text).toContain("Reasons:\n\nNot open to all students.");
    expect((await lastMail("chair@pharos.example.org")).subject).toContain("Afgewezen");
    const events = await ctx.db.select().from(subsidyEvents).where(eq(subsidyEvents.applicationId, app.id)).orderBy(subsidyEvents.seq);
    expect(events.map((e) => e.status)).toEqual(["in_review", "info_requested", "declined"]);
  });

  it("held, paid (at most the granted amount; the rest goes back to the budget) and closed", async () => {
    const { admin, app } = await setup();
    await approve(ctx.db, ctx.deps, { id: app.id, actor: admin.id, grantedCents: 40_000, conditions: "", now: now() });
    await markHeld(ctx.db, ctx.deps, { id: app.id, actor: admin.id, now: now() });
    await expect(markPaid(ctx.db, ctx.deps, { id: app.id, actor: admin.id, paidCents: 40_001, now: now() })).rejects.toEqual(
      refusal("paid", "subOfficePaidAboveGranted"),
    );
    await markPaid(ctx.db, ctx.deps, { id: app.id, actor: admin.id, paidCents: 38_000, now: now() });
    expect((await getApplication(ctx.db, app.id))!).toMatchObject({ status: "paid", paidCents: 38_000 });
    expect((await lastMail("treasurer@pharos.example.org")).text).toContain("€380.00 has been paid");
    const box = await budgetBox(ctx.db, ctx.deps.env, 2026);
    expect(box).toMatchObject({ committedCents: 0, paidCents: 38_000, remainingCents: 2_000_000 - 38_000 });
    await close(ctx.db, ctx.deps, { id: app.id, actor: admin.id, now: now() });
    expect((await getApplication(ctx.db, app.id))!.status).toBe("closed");
    expect((await budgetBox(ctx.db, ctx.deps.env, 2026)).paidCents).toBe(38_000);
    await expect(close(ctx.db, ctx.deps, { id: app.id, actor: admin.id, now: now() })).rejects.toEqual(
      refusal("step", "subOfficeStatusChanged"),
    );
  });
});

describe("the budget", () => {
  it("is set per year and refuses a total below what is committed and paid", async () => {
    const { admin, app } = await setup();
    await approve(ctx.db, ctx.deps, { id: app.id, actor: admin.id, grantedCents: 50_000, conditions: "", now: now() });
    const set = { year: 2026, maxPerApplicationCents: 60_000, maxPerOrganisationCents: 90_000, actor: admin.id, now: now() };
    await expect(setBudget(ctx.db, ctx.deps.env, { ...set, totalCents: 49_999 })).rejects.toEqual(
      refusal("total", "subOfficeBudgetBelowUse"),
    );
    await setBudget(ctx.db, ctx.deps.env, { ...set, totalCents: 50_000 });
    expect(await budgetBox(ctx.db, ctx.deps.env, 2026)).toMatchObject({
      totalCents: 50_000,
      remainingCents: 0,
      maxPerApplicationCents: 60_000,
      maxPerOrganisationCents: 90_000,
      set: true,
    });
    const [entry] = await ctx.db.select().from(auditLog).where(eq(auditLog.action, "subsidies.budget"));
    expect(entry!.changes).toMatchObject({ totalCents: { from: 2_000_000, to: 50_000 } });
  });
});

describe("the office's own work", () => {
  it("assigns reviewers (office accounts only), keeps comments and every reviewer's scores", async () => {
    const { admin, app, members } = await setup();
    const { user: staff } = await officer(ctx, "staff@office.example.org");
    await expect(assign(ctx.db, { id: app.id, actor: admin.id, reviewer: members[0]!.user.id, now: now() })).rejects.toEqual(
      refusal("reviewer", "invalidChoice"),
    );
    await assign(ctx.db, { id: app.id, actor: admin.id, reviewer: staff.id, now: now() });
    expect((await getApplication(ctx.db, app.id))!.assignedTo).toBe(staff.id);
    await addComment(ctx.db, { id: app.id, actor: staff.id, body: "Budget looks high", now: now() });
    const scores = (n: number) => ({
      byStudents: { score: n, note: "" },
      wellBeing: { score: 3, note: "clearly" },
      reach: { score: n, note: "" },
      costs: { score: 1, note: "" },
      feasibility: { score: 2, note: "" },
    });
    await saveScores(ctx.db, { id: app.id, reviewer: staff.id, scores: scores(2), now: now() });
    await saveScores(ctx.db, { id: app.id, reviewer: admin.id, scores: scores(3), now: now() });
    // Saving again replaces the reviewer's own scores.
    await saveScores(ctx.db, { id: app.id, reviewer: staff.id, scores: scores(1), now: now() });
    const sheet = await scoreSheet(ctx.db, app.id);
    expect(sheet.reviewers.map((r) => r.total).sort((x, y) => x - y)).toEqual([8, 12]);
    expect(sheet.mean).toEqual({ byStudents: 2, wellBeing: 3, reach: 2, costs: 1, feasibility: 2 });
    expect(sheet.max).toBe(15);
    await expect(
      saveScores(ctx.db, { id: app.id, reviewer: staff.id, scores: { ...scores(1), costs: { score: 4, note: "" } }, now: now() }),
    ).rejects.toEqual(refusal("score_costs", "invalidChoice"));
    // None of it reaches the board.
    expect(await ctx.db.select().from(outbox)).toEqual([]);
  });

  it("keeps decision templates in both languages", async () => {
    const { admin } = await setup();
    const id = (await saveTemplate(ctx.db, {
      kind: "decline",
      name: "Not open",
      body: { nl: "Niet open", en: "Not open" },
      actor: admin.id,
      now: now(),
    }))!;
    await saveTemplate(ctx.db, {
      id,
      kind: "decline",
      name: "Not open to all",
      body: { nl: "Niet voor iedereen", en: "" },
      actor: admin.id,
      now: now(),
    });
    expect(await getTemplate(ctx.db, id)).toMatchObject({ name: "Not open to all", body: { nl: "Niet voor iedereen", en: "" } });
    expect(await listTemplates(ctx.db, "info")).toEqual([]);
    expect(
      await saveTemplate(ctx.db, {
        id: crypto.randomUUID(),
        kind: "info",
        name: "x",
        body: { nl: "x", en: "x" },
        actor: admin.id,
        now: now(),
      }),
    ).toBeNull();
    expect(await deleteTemplate(ctx.db, { id, actor: admin.id })).toBe(id);
    expect(await deleteTemplate(ctx.db, { id, actor: admin.id })).toBeNull();
  });
});

describe("the queue, the CSV and the overview", () => {
  it("filters by status, organisation, month of submission or activity and reviewer, with the year's budget", async () => {
    const { org, admin, app } = await setup();
    const other = await applicantOrg(ctx, "Chlorofyl");
    const march = await application(ctx, other.org.id, {
      startsOn: "2027-03-10",
      endsOn: "2027-03-10",
      submittedAt: new Date("2026-10-05T10:00:00Z"),
    });
    await application(ctx, org.id, { status: "draft" });
    await application(ctx, org.id, { status: "approved", grantedCents: 10_000 });
    await assign(ctx.db, { id: march.id, actor: admin.id, reviewer: admin.id, now: now() });
    const q = (f: Partial<Parameters<typeof officeQueue>[2]>) =>
      officeQueue(ctx.db, ctx.deps.env, { year: 2026, monthOf: "submitted", page: 1, perPage: 25, ...f });
    const ids = async (f: Partial<Parameters<typeof officeQueue>[2]>) => (await q(f)).rows.map((r) => r.id).sort();
    // Drafts are the board's alone.
    expect((await q({})).total).toBe(3);
    expect(await ids({ status: "submitted", organisationId: org.id })).toEqual([app.id]);
    expect(await ids({ month: "2026-10" })).toEqual([march.id]);
    expect(await ids({ month: "2027-03", monthOf: "activity" })).toEqual([march.id]);
    expect(await ids({ assigned: admin.id })).toEqual([march.id]);
    expect((await q({ assigned: "none" })).total).toBe(2);
    expect((await q({ year: 2025 })).total).toBe(0);
    const page = await q({ perPage: 2, page: 2 });
    expect(page.rows).toHaveLength(1);
    expect(page.rows[0]!.organisation).toBeTruthy();
    expect(page.budget).toMatchObject({ year: 2026, committedCents: 10_000, remainingCents: 2_000_000 - 10_000 });
    const csv = await applicationsCsv(ctx.db, ctx.deps.env, { year: 2026, monthOf: "submitted" });
    expect(csv).toHaveLength(3);
  });

  it("sums each year: applications, amounts, organisations reached, per status and per kind of organisation", async () => {
    const { org } = await setup({ status: "paid", grantedCents: 40_000, paidCents: 30_000 });
    await application(ctx, org.id, { status: "approved", grantedCents: 20_000 });
    await application(ctx, org.id, { status: "declined" });
    await application(ctx, org.id, { status: "draft" });
    const other = await applicantOrg(ctx, "Other");
    await application(ctx, other.org.id, { status: "approved", grantedCents: 5_000, year: 2025 });
    const [y25, y26] = await yearOverview(ctx.db, [2026, 2025]);
    expect(y25).toMatchObject({ year: 2025, applications: 1, grantedCents: 5_000, organisationsReached: 1 });
    expect(y26).toMatchObject({
      year: 2026,
      applications: 3,
      requestedCents: 150_000,
      grantedCents: 60_000,
      paidCents: 30_000,
      organisationsReached: 1,
      perStatus: { paid: 1, approved: 1, declined: 1 },
      perKind: { student_association: 2 },
    });
  });
});
