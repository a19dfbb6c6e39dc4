import { describe, expect, it } from "vitest";
import { mailsTo, setupApp } from "../../../test/helpers/app.js";
import * as fixtures from "../../../test/helpers/fixtures.js";
import { DAY } from "../../core/clock.js";
import { FieldError } from "../../core/errors.js";
import type { Lang } from "../../core/i18n/index.js";
import {
  type ApplicationFields,
  addDays,
  createDraft,
  saveDraft,
  submissionProblems,
  submit,
  submitReport,
  withdraw,
} from "./applications.js";
import { safeFilename, sniffType } from "./attachments.js";
import { CRITERIA, checkEligibility } from "./eligibility.js";
import { subsidiesPrivacy } from "./privacy.js";
import { remindReports, reportDueOf } from "./reminders.js";
import { subsidyBudgets, subsidyComments } from "./schema.js";
import { getApplication, setStatus } from "./service.js";

const ctx = setupApp();
const limits = { maxPerApplicationCents: 100_000, maxPerOrganisationCents: 200_000 };

const fields = (over: Partial<ApplicationFields> = {}): ApplicationFields => ({
  title: "Walk and talk",
  description: "A walk through the dunes",
  aim: "Meet people",
  targetGroup: "Members",
  expectedParticipants: 30,
  startsOn: "2027-01-10",
  endsOn: "2027-01-10",
  place: "Dunes",
  partners: "",
  otherIncomeCents: 0,
  requestedCents: 20_000,
  contactName: "Anna",
  contactEmail: "anna@example.org",
  contactPhone: "",
  ...over,
});

async function org(name: string, email: string, lang: Lang = "nl") {
  const o = await fixtures.makeOrg(ctx, name);
  const b = await fixtures.makeBoard(ctx, o.id);
  const { user } = await fixtures.seat(ctx, b.id, email, { lang });
  return { org: o, user };
}

let n = 0;
async function draft(who: Awaited<ReturnType<typeof org>>, over: Partial<ApplicationFields> = {}, costs = 50_000) {
  const d = await createDraft(ctx.db, ctx.deps.env, {
    orgId: who.org.id,
    actor: who.user.id,
    key: `key-${++n}-0123456789abcdef`,
    lang: "nl",
    now: ctx.clock.now(),
  });
  await saveDraft(ctx.db, ctx.deps.env, {
    id: d.id,
    orgId: who.org.id,
    fields: fields(over),
    lines: [{ item: "Bus", amountCents: costs }],
    lang: "nl",
    now: ctx.clock.now(),
  });
  return d.id;
}
const submitIt = (who: Awaited<ReturnType<typeof org>>, id: string) =>
  submit(ctx.db, ctx.deps, { id, orgId: who.org.id, actor: who.user.id, now: ctx.clock.now() });

describe("the eligibility check", () => {
  it("names each criterion answered no, unanswered ones make it incomplete, all yes is eligible", () => {
    expect(checkEligibility({}, limits)).toMatchObject({ outcome: "incomplete", unmet: [], unanswered: [...CRITERIA] });
    const some = checkEligibility({ byStudents: "yes", wellBeing: "no", soon: "no" }, limits);
    expect(some.outcome).toBe("notEligible");
    expect(some.unmet.map((u) => u.criterion)).toEqual(["wellBeing", "soon"]);
    expect(some.unmet[0]).toMatchObject({ maxPerApplicationCents: 100_000, maxPerOrganisationCents: 200_000 });
    const all = Object.fromEntries(CRITERIA.map((c) => [c, "yes" as const]));
    expect(checkEligibility(all, limits)).toEqual({ outcome: "eligible", unmet: [], unanswered: [] });
    expect(checkEligibility({ ...all, withinLimits: "no" }, limits).unmet.map((u) => u.criterion)).toEqual(["withinLimits"]);
  });
});

describe("the board's rules", () => {
  it("names every problem at once, and the limits the office set for the year win over the defaults", async () => {
    const a = await org("Alfa", "alfa@example.org");
    const id = await draft(a, { title: " ", requestedCents: 60_000, otherIncomeCents: 0 }, 50_000);
    await expect(
      saveDraft(ctx.db, ctx.deps.env, {
        id,
        orgId: a.org.id,
        fields: fields({ endsOn: "2027-01-09" }),
        lines: [],
        lang: "nl",
        now: ctx.clock.now(),
      }),
    ).rejects.toMatchObject({ field: "endsOn", key: "subsidyEndBeforeStart" });
    const app = (await getApplication(ctx.db, id))!;
    expect(
      await submissionProblems(
        ctx.db,
        ctx.deps.env,
        { ...app, endsOn: "2027-01-09" },
        [{ item: "Bus", amountCents: 50_000 }],
        ctx.clock.now(),
      ),
    ).toEqual({
      title: "required",
      endsOn: "subsidyEndBeforeStart",
      requested: "subsidyAboveCosts",
    });
    await ctx.db.insert(subsidyBudgets).values({
      year: 2026,
      totalCents: 1_000_000,
      maxPerApplicationCents: 15_000,
      maxPerOrganisationCents: 30_000,
      updatedAt: ctx.clock.now(),
    });
    expect((await submissionProblems(ctx.db, ctx.deps.env, app, [{ item: "Bus", amountCents: 50_000 }], ctx.clock.now())).requested).toBe(
      "subsidyAboveMaximum",
    );
    await expect(submitIt(a, id)).rejects.toThrow(FieldError);
    expect((await getApplication(ctx.db, id))!.status).toBe("draft");
  });

  it("counts granted and pending amounts towards the organisation's limit; a declined one frees its part", async () => {
    const a = await org("Alfa", "alfa@example.org");
    const first = await draft(a, { requestedCents: 100_000 }, 100_000);
    await submitIt(a, first);
    await setStatus(ctx.db, { id: first }, "approved", { actor: null, now: ctx.clock.now(), changes: { grantedCents: 80_000 } });
    const second = await draft(a, { requestedCents: 100_000 }, 100_000);
    await submitIt(a, second);
    const third = await draft(a, { requestedCents: 30_000 }, 100_000);
    await expect(submitIt(a, third)).rejects.toMatchObject({ field: "requested", key: "subsidyAboveOrganisationLimit" });
    await setStatus(ctx.db, { id: second }, "declined", { actor: null, now: ctx.clock.now() });
    await submitIt(a, third);
    expect((await getApplication(ctx.db, third))!.status).toBe("submitted");
  });

  it("takes references in order per year, also when many submit at once", async () => {
    const boards = await Promise.all(Array.from({ length: 6 }, (_, i) => org(`Org ${i}`, `b${i}@example.org`)));
    const ids = await Promise.all(boards.map((b) => draft(b)));
    await Promise.all(boards.map((b, i) => submitIt(b, ids[i]!)));
    const refs = await Promise.all(ids.map(async (id) => (await getApplication(ctx.db, id))!.reference));
    expect(refs.sort()).toEqual(["S-2026-001", "S-2026-002", "S-2026-003", "S-2026-004", "S-2026-005", "S-2026-006"]);
  });

  it("refuses changes after submission and a report before approval; withdraws before a decision only", async () => {
    const a = await org("Alfa", "alfa@example.org");
    const id = await draft(a);
    await submitIt(a, id);
    await expect(
      saveDraft(ctx.db, ctx.deps.env, {
        id,
        orgId: a.org.id,
        fields: fields({ title: "Changed" }),
        lines: [],
        lang: "nl",
        now: ctx.clock.now(),
      }),
    ).rejects.toMatchObject({ key: "subsidyNotEditable" });
    const report = { reportText: "x", reportParticipants: 3, reportEvaluation: "y" };
    await expect(
      submitReport(ctx.db, ctx.deps, {
        id,
        orgId: a.org.id,
        actor: a.user.id,
        report,
        lines: [{ item: "Bus", amountCents: 1 }],
        now: ctx.clock.now(),
      }),
    ).rejects.toMatchObject({ key: "subsidyNoReportNow" });
    // Another organisation's application does not exist for this one.
    const b = await org("Beta", "beta@example.org");
    expect(await withdraw(ctx.db, ctx.deps, { id, orgId: b.org.id, actor: b.user.id, now: ctx.clock.now() })).toBeNull();
    await setStatus(ctx.db, { id }, "approved", { actor: null, now: ctx.clock.now(), changes: { grantedCents: 100 } });
    await expect(withdraw(ctx.db, ctx.deps, { id, orgId: a.org.id, actor: a.user.id, now: ctx.clock.now() })).rejects.toMatchObject({
      key: "subsidyDecided",
    });
  });
});

describe("report reminders", () => {
  it("mails the board once when the report is due within a week and once when it is overdue, each in their language", async () => {
    const a = await org("Alfa", "alfa@example.org", "en");
    const id = await draft(a, { startsOn: "2027-01-10", endsOn: "2027-01-10" });
    await submitIt(a, id);
    await setStatus(ctx.db, { id }, "approved", { actor: null, now: ctx.clock.now(), changes: { grantedCents: 10_000 } });
    const due = reportDueOf((await getApplication(ctx.db, id))!, ctx.deps.env.SUBSIDY_REPORT_WEEKS);
    expect(due).toBe(addDays("2027-01-10", 42));
    const reminders = async () => (await mailsTo(ctx, "alfa@example.org")).filter((m) => m.template.startsWith("subsidy.report"));
    ctx.clock.set("2027-02-12T09:00:00Z");
    expect(await remindReports(ctx.db, ctx.deps, ctx.clock.now())).toBe(0);
    ctx.clock.set("2027-02-14T09:00:00Z");
    expect(await remindReports(ctx.db, ctx.deps, ctx.clock.now())).toBe(1);
    expect(await remindReports(ctx.db, ctx.deps, ctx.clock.now())).toBe(0);
    expect((await reminders()).map((m) => m.subject)).toEqual(["Reminder: the report for application S-2026-001"]);
    expect((await reminders())[0]!.text).toContain("21 February 2027");
    ctx.clock.set(new Date(new Date("2027-02-21T09:00:00Z").getTime() + DAY));
    expect(await remindReports(ctx.db, ctx.deps, ctx.clock.now())).toBe(1);
    ctx.clock.set("2027-03-10T09:00:00Z");
    expect(await remindReports(ctx.db, ctx.deps, ctx.clock.now())).toBe(0);
    expect((await reminders())[0]!.subject).toBe("The report for application S-2026-001 is late");
  });
});

describe("attachments and privacy", () => {
  it("knows a file by its first bytes and keeps a safe name", () => {
    expect(sniffType(new TextEncoder().encode("%PDF-1.7"))).toBe("application/pdf");
    expect(sniffType(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe("image/png");
    expect(sniffType(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(sniffType(new TextEncoder().encode("<svg onload=alert(1)>"))).toBeNull();
    expect(sniffType(new TextEncoder().encode("GIF89a"))).toBeNull();
    expect(safeFilename("C:\\Users\\me\\offerte \u202egnp.pdf", "image/png")).toBe("offerte gnp.png");
    expect(safeFilename("", "application/pdf")).toBe("file.pdf");
  });

  it("an export holds the person's applications and never the office's internal comments", async () => {
    const a = await org("Alfa", "alfa@example.org");
    const id = await draft(a, { contactEmail: "alfa@example.org" });
    await ctx.db.insert(subsidyComments).values({ applicationId: id, body: "INTERNAL note", at: ctx.clock.now() });
    const data = JSON.stringify(await subsidiesPrivacy.export(ctx.db, { id: a.user.id, email: "alfa@example.org", name: null }));
    expect(data).toContain("Walk and talk");
    expect(data).not.toContain("INTERNAL");
  });
});
