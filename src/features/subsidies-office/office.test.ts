import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { Client, decodeHtml, fieldError, setupApp } from "../../../test/helpers/app.js";
import { applicantOrg, application, officer } from "../../../test/helpers/subsidy-office.js";
import { catalogs } from "../../catalogs.js";
import { contentVersion } from "../../core/content/versions.js";
import { errorText } from "../../core/forms.js";
import { LANGS, type Lang } from "../../core/i18n/index.js";
import { outbox } from "../../core/mail/schema.js";
import { ROUTES, type RouteKey, url } from "../../routes.js";
import { auditLog } from "../audit/schema.js";
import {
  subsidyApplications,
  subsidyAttachments,
  subsidyBudgets,
  subsidyComments,
  subsidyScores,
  subsidyTemplates,
} from "../subsidies/schema.js";
import { currentYear, getApplication, SUBSIDIES } from "../subsidies/service.js";
import { subsidyText } from "../subsidies/texts.js";

const ctx = setupApp();
const T = catalogs;

async function setup(appLang: Lang = "nl") {
  const { org, members } = await applicantOrg(ctx, "Studievereniging Pharos", [
    { email: "chair@pharos.example.org", lang: "nl" },
    { email: "treasurer@pharos.example.org", lang: "en" },
  ]);
  const staff = await officer(ctx, "staff@office.example.org");
  const admin = await officer(ctx, "admin@office.example.org", "admin");
  const app = await application(ctx, org.id, { lang: appLang, title: "Mindful mornings" });
  return { org, members, staff, admin, app };
}

const SCORES = { byStudents: "3", wellBeing: "3", reach: "2", costs: "1", feasibility: "2" };
const scoreForm = (over: Record<string, string> = {}) => ({
  ...Object.fromEntries(
    Object.entries(SCORES).flatMap(([k, v]) => [
      [`score_${k}`, v],
      [`note_${k}`, ""],
    ]),
  ),
  ...over,
});

const rows = async (table: typeof subsidyComments | typeof subsidyScores | typeof subsidyTemplates | typeof auditLog | typeof outbox) =>
  (await ctx.db.select({ n: count() }).from(table))[0]!.n;

describe("the office reviews and decides", () => {
  it("queue with the budget, comment, scores, review, then an administrator approves a lower amount", async () => {
    const { staff, admin, app } = await setup();
    const queue = await staff.client.get(url("en", "staffSubsidies"));
    expect(queue.status).toBe(200);
    const html = decodeHtml(await queue.text());
    expect(html).toContain("Mindful mornings");
    expect(html).toContain("€20,000.00");
    // The office home says what waits, linking to the queue.
    expect(decodeHtml(await (await staff.client.get(url("en", "staffHome"))).text())).toContain(T.en.subsidiesOffice.summary(1));
    const page = url("en", "staffSubsidy", { id: app.id });
    expect((await staff.client.post(url("en", "staffSubsidyComment", { id: app.id }), { body: "Check the venue" })).status).toBe(303);
    expect((await staff.client.post(url("en", "staffSubsidyScores", { id: app.id }), scoreForm())).status).toBe(303);
    const review = await staff.client.post(url("en", "staffSubsidyStep", { id: app.id }), { step: "review" });
    expect(review.headers.get("location")).toBe(url("en", "staffSubsidy", { id: app.id }, { done: "in_review" }));
    const shown = decodeHtml(await (await staff.client.get(review.headers.get("location")!)).text());
    expect(shown).toContain(T.en.subsidiesOffice.done.in_review);
    expect(shown).toContain("Check the venue");
    expect(shown).toContain("11 / 15");
    // Staff review; deciding money is an administrator's: no approve form, and the POST is refused.
    expect(shown).not.toContain(url("en", "staffSubsidyApprove", { id: app.id }));
    expect((await staff.client.post(url("en", "staffSubsidyApprove", { id: app.id }), { granted: "300", conditions: "" })).status).toBe(
      403,
    );
    const adminPage = await (await admin.client.get(page)).text();
    expect(adminPage).toContain(url("en", "staffSubsidyApprove", { id: app.id }));
    const res = await admin.client.post(url("en", "staffSubsidyApprove", { id: app.id }), { granted: "300,50", conditions: "Photos" });
    expect(res.status).toBe(303);
    expect(await getApplication(ctx.db, app.id)).toMatchObject({ status: "approved", grantedCents: 30_050, decisionText: "Photos" });
    const after = decodeHtml(await (await admin.client.get(url("nl", "staffSubsidies"))).text());
    expect(after).toMatch(/€\s300,50/);
  });
});

describe("bad input on every form: the error next to its field, the values kept, nothing written", () => {
  type Case = { route: RouteKey; form: Record<string, string>; field: string; error: string; admin?: boolean; keep?: string };
  const long = "é".repeat(4001);
  const cases = (lang: Lang): Case[] => {
    const e = (k: Parameters<typeof errorText>[1], p?: { max?: number }) => errorText(T[lang], k, p);
    return [
      { route: "staffSubsidyAssign", form: { reviewer: "not-an-id" }, field: "reviewer", error: e("invalidChoice") },
      { route: "staffSubsidyComment", form: { body: "  " }, field: "body", error: e("required") },
      { route: "staffSubsidyComment", form: { body: long }, field: "body", error: e("maxLength", { max: 4000 }), keep: long },
      { route: "staffSubsidyScores", form: scoreForm({ score_costs: "7" }), field: "score_costs", error: e("invalidChoice") },
      { route: "staffSubsidyStep", form: { step: "fly" }, field: "step", error: e("invalidChoice") },
      { route: "staffSubsidyInfo", form: { question: "" }, field: "question", error: e("required") },
      {
        route: "staffSubsidyApprove",
        form: { granted: "abc", conditions: "Keep me" },
        field: "granted",
        error: e("subOfficeInvalidAmount"),
        admin: true,
        keep: "Keep me",
      },
      {
        route: "staffSubsidyApprove",
        form: { granted: "501", conditions: "" },
        field: "granted",
        error: e("subOfficeAboveRequested"),
        admin: true,
      },
      {
        route: "staffSubsidyApprove",
        form: { granted: "0", conditions: "" },
        field: "granted",
        error: e("subOfficeAmountPositive"),
        admin: true,
      },
      { route: "staffSubsidyDecline", form: { reasons: "" }, field: "reasons", error: e("required"), admin: true },
      { route: "staffSubsidyPaid", form: { paid: "-5" }, field: "paid", error: e("subOfficeInvalidAmount"), admin: true },
      { route: "staffSubsidyPaid", form: { paid: "5" }, field: "paid", error: e("subOfficeStatusChanged"), admin: true },
    ];
  };
  for (const lang of LANGS) {
    it(`on the application's page (${lang})`, async () => {
      const { staff, admin, app } = await setup();
      const before = {
        comments: await rows(subsidyComments),
        scores: await rows(subsidyScores),
        audit: await rows(auditLog),
        mail: await rows(outbox),
      };
      for (const c of cases(lang)) {
        const who = c.admin ? admin : staff;
        const res = await who.client.post(url(lang, c.route, { id: app.id }), c.form);
        const label = `${c.route} ${JSON.stringify(c.form).slice(0, 60)}`;
        expect(res.status, label).toBe(422);
        const html = await res.text();
        expect(fieldError(html, c.field), label).toBe(c.error);
        expect(html, label).toContain('class="error-summary"');
        if (c.keep) expect(decodeHtml(html), label).toContain(c.keep);
      }
      expect({
        comments: await rows(subsidyComments),
        scores: await rows(subsidyScores),
        audit: await rows(auditLog),
        mail: await rows(outbox),
      }).toEqual(before);
      expect((await getApplication(ctx.db, app.id))!.status).toBe("submitted");
    });

    it(`on the budget, template and criteria pages (${lang})`, async () => {
      const { admin, app } = await setup();
      await ctx.db.update(subsidyApplications).set({ status: "approved", grantedCents: 40_000 }).where(eq(subsidyApplications.id, app.id));
      const e = (k: Parameters<typeof errorText>[1], p?: { max?: number }) => errorText(T[lang], k, p);
      let res = await admin.client.post(url(lang, "staffSubsidyBudget"), {
        year: "2026",
        total: "abc",
        maxApplication: "0",
        maxOrganisation: "",
      });
      expect(res.status).toBe(422);
      let html = await res.text();
      expect(fieldError(html, "total")).toBe(e("subOfficeInvalidAmount"));
      expect(fieldError(html, "maxApplication")).toBe(e("subOfficeAmountPositive"));
      expect(fieldError(html, "maxOrganisation")).toBe(e("required"));
      // Below what is committed (€400).
      res = await admin.client.post(url(lang, "staffSubsidyBudget"), {
        year: "2026",
        total: "399",
        maxApplication: "100",
        maxOrganisation: "100",
      });
      expect(res.status).toBe(422);
      expect(fieldError(await res.text(), "total")).toBe(e("subOfficeBudgetBelowUse"));
      expect(await rows(subsidyTemplates)).toBe(0);
      res = await admin.client.post(url(lang, "staffSubsidyTemplates"), { kind: "maybe", name: "", body_nl: "", body_en: "" });
      expect(res.status).toBe(422);
      html = await res.text();
      expect(fieldError(html, "kind")).toBe(e("invalidChoice"));
      expect(fieldError(html, "name")).toBe(e("required"));
      expect(fieldError(html, "body_nl")).toBe(e("subOfficeTemplateEmpty"));
      res = await admin.client.post(url(lang, "staffSubsidyCriteria"), { body_nl: "x".repeat(8001), body_en: "ok" });
      expect(res.status).toBe(422);
      expect(decodeHtml(await res.text())).toContain(e("maxLength", { max: 8000 }));
      expect(await ctx.db.select().from(subsidyBudgets)).toEqual([]);
      expect(await rows(subsidyTemplates)).toBe(0);
      expect((await subsidyText(ctx.db, "criteria")).updatedAt).toBeNull();
    });
  }
});

describe("templates and the criteria text", () => {
  it("a template picked on the decision form fills in the text in the board's language, without JavaScript", async () => {
    const { staff, app } = await setup("en");
    const res = await staff.client.post(url("nl", "staffSubsidyTemplates"), {
      kind: "info",
      name: "Venue",
      body_nl: "Waar vindt het plaats?",
      body_en: "Where will it take place?",
    });
    expect(res.status).toBe(303);
    const [tpl] = await ctx.db.select().from(subsidyTemplates);
    const html = decodeHtml(await (await staff.client.get(url("nl", "staffSubsidy", { id: app.id }, { template: tpl!.id }))).text());
    expect(html).toMatch(/<textarea[^>]*name="question"[^>]*>Where will it take place\?<\/textarea>/);
    // Edited and deleted.
    expect(
      (
        await staff.client.post(url("en", "staffSubsidyTemplate", { id: tpl!.id }), {
          kind: "decline",
          name: "No",
          body_nl: "Nee",
          body_en: "",
        })
      ).status,
    ).toBe(303);
    expect((await ctx.db.select().from(subsidyTemplates))[0]).toMatchObject({ kind: "decline", body: { nl: "Nee", en: "" } });
    expect((await staff.client.post(url("en", "staffSubsidyTemplateDelete", { id: tpl!.id }))).status).toBe(303);
    expect(await rows(subsidyTemplates)).toBe(0);
  });

  it("a new budget changes the public criteria page's content version (its cache) and shows there", async () => {
    const { admin } = await setup();
    const visitor = new Client(ctx);
    const year = currentYear(ctx.deps.env, ctx.clock.now());
    const page = async () => decodeHtml(await (await visitor.get(url("en", "subsidies"))).text());
    expect(await page()).not.toContain("1,234");
    const before = (await contentVersion(ctx.db, SUBSIDIES)).version;
    const res = await admin.client.post(url("en", "staffSubsidyBudget"), {
      year: String(year),
      total: "30000",
      maxApplication: "1234",
      maxOrganisation: "2500",
    });
    expect(res.status).toBe(303);
    expect((await contentVersion(ctx.db, SUBSIDIES)).version).toBe(before + 1);
    expect(await page()).toContain("1,234");
  });

  it("saves the criteria page's text in both languages", async () => {
    const { staff } = await setup();
    const res = await staff.client.post(url("en", "staffSubsidyCriteria"), { body_nl: "Voor studenten.", body_en: "For students." });
    expect(res.status).toBe(303);
    expect(await subsidyText(ctx.db, "criteria")).toMatchObject({ nl: "Voor studenten.", en: "For students." });
    expect(decodeHtml(await (await staff.client.get(url("nl", "staffSubsidyCriteria"))).text())).toContain("For students.");
  });
});

describe("internal comments and scores never reach the board", () => {
  const CANARY = "CANARY-7f3e-internal";

  /** Every page a board member can open with the organisation's and the application's ids (whatever the board's side names them). */
  async function boardPages(client: Client, orgId: string, appId: string) {
    const seen: string[] = [];
    for (const [key, paths] of Object.entries(ROUTES) as [RouteKey, Record<Lang, string>][]) {
      if (key.startsWith("staff") || key.startsWith("dev") || key.startsWith("adviser")) continue;
      const names = [...paths.en.matchAll(/:(\w+)/g)].map((m) => m[1]!);
      const params = Object.fromEntries(names.map((n) => [n, n === "id" || n === "orgId" ? orgId : appId]));
      for (const lang of LANGS) {
        const res = await client.get(url(lang, key, params));
        if (res.status === 200) seen.push(`${key}:${await res.text()}`);
      }
    }
    return seen;
  }

  it("not in the board's pages, the mails or the CSV", async () => {
    const { org, members, staff, admin, app } = await setup();
    await staff.client.post(url("en", "staffSubsidyComment", { id: app.id }), { body: `${CANARY} comment` });
    await staff.client.post(url("en", "staffSubsidyScores", { id: app.id }), scoreForm({ note_costs: `${CANARY} note` }));
    await staff.client.post(url("en", "staffSubsidyStep", { id: app.id }), { step: "review" });
    await staff.client.post(url("en", "staffSubsidyInfo", { id: app.id }), { question: "Which room?" });
    await ctx.db.update(subsidyApplications).set({ status: "submitted" }).where(eq(subsidyApplications.id, app.id));
    await admin.client.post(url("en", "staffSubsidyApprove", { id: app.id }), { granted: "400", conditions: "Photos" });
    await staff.client.post(url("en", "staffSubsidyStep", { id: app.id }), { step: "held" });
    await admin.client.post(url("en", "staffSubsidyPaid", { id: app.id }), { paid: "400" });
    await staff.client.post(url("en", "staffSubsidyStep", { id: app.id }), { step: "close" });
    expect((await getApplication(ctx.db, app.id))!.status).toBe("closed");
    // The office sees both.
    const office = await (await staff.client.get(url("en", "staffSubsidy", { id: app.id }))).text();
    // The comment, and the note in the sheet and in the reviewer's own form.
    expect(office.match(new RegExp(CANARY, "g"))).toHaveLength(3);
    const mails = await ctx.db.select().from(outbox);
    expect(mails.length).toBeGreaterThanOrEqual(10);
    for (const m of mails) expect(`${m.subject}${m.text}${m.html}`).not.toContain(CANARY);
    for (const lang of LANGS) {
      const csv = await (await staff.client.get(url(lang, "staffSubsidiesCsv", {}, { year: "2026" }))).text();
      expect(csv).toContain(app.reference!);
      expect(csv).not.toContain(CANARY);
    }
    const pages = await boardPages(members[0]!.client, org.id, app.id);
    expect(pages.some((p) => p.startsWith("org:"))).toBe(true);
    // The board's own page of the application, with its timeline and the decision.
    const own = pages.find((p) => p.startsWith("orgSubsidy:"));
    expect(own).toBeDefined();
    expect(own).toContain("Photos");
    for (const p of pages) expect(p).not.toContain(CANARY);
  });
});

describe("attachments", () => {
  it("are served to the office as downloads, only with their own application, never a draft's", async () => {
    const { staff, org, app } = await setup();
    const draft = await application(ctx, org.id, { status: "draft" });
    const file = (applicationId: string) => ({
      applicationId,
      kind: "quote" as const,
      filename: "offerte zaal.pdf",
      mime: "application/pdf",
      size: 8,
      data: Buffer.from("%PDF-1.4"),
      at: ctx.clock.now(),
    });
    const [mine, drafts] = await ctx.db
      .insert(subsidyAttachments)
      .values([file(app.id), file(draft.id)])
      .returning();
    const page = decodeHtml(await (await staff.client.get(url("en", "staffSubsidy", { id: app.id }))).text());
    const href = url("en", "staffSubsidyFile", { id: app.id, attachmentId: mine!.id });
    expect(page).toContain(`href="${href}"`);
    const res = await staff.client.get(href);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toContain("attachment;");
    expect(Buffer.from(await res.arrayBuffer()).toString()).toBe("%PDF-1.4");
    expect((await staff.client.get(url("en", "staffSubsidyFile", { id: draft.id, attachmentId: drafts!.id }))).status).toBe(404);
    expect((await staff.client.get(url("en", "staffSubsidyFile", { id: app.id, attachmentId: drafts!.id }))).status).toBe(404);
  });
});

describe("the CSV and the yearly overview", () => {
  it("exports applications and decisions, with the separator of the language", async () => {
    const { staff, org } = await setup();
    await application(ctx, org.id, { status: "declined", decisionText: '=HYPERLINK("x")', title: "Party" });
    const res = await staff.client.get(url("nl", "staffSubsidiesCsv", {}, { year: "2026", status: "declined" }));
    expect(res.headers.get("content-type")).toContain("text/csv");
    const csv = await res.text();
    const [header, row, extra] = csv.replace(/^\uFEFF/, "").split("\r\n");
    expect(header).toBe(T.nl.subsidiesOffice.csvHeader.join(";"));
    expect(row).toContain(";Party;Afgewezen;");
    // A formula is never run by a spreadsheet.
    expect(row).toContain("'=HYPERLINK");
    expect(extra).toBe("");
  });

  it("draws the overview as an SVG image with a title and description beside the table of its numbers", async () => {
    const { staff, org } = await setup();
    await application(ctx, org.id, { status: "approved", grantedCents: 40_000 });
    await application(ctx, org.id, { status: "paid", grantedCents: 20_000, paidCents: 20_000, year: 2025 });
    const html = decodeHtml(await (await staff.client.get(url("en", "staffSubsidyOverview", {}, { from: "2024", to: "2026" }))).text());
    expect(html).toContain('role="img"');
    expect(html).toContain(`<title id="overview-title">${T.en.subsidiesOffice.overview.chartTitle}</title>`);
    expect(html).toMatch(/<desc id="overview-desc">[^<]*2026–27 €400\.00/);
    expect(html).toMatch(/<th scope="row">2025–26<\/th><td>1<\/td><td>€500\.00<\/td><td>€200\.00<\/td><td>€200\.00<\/td><td>1<\/td>/);
    expect(html).toContain(T.en.org.kinds.student_association);
  });
});
