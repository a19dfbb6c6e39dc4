import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { BASE, type Client, decodeHtml, errorMessage, fieldError, mailsTo, setupApp } from "../../../test/helpers/app.js";
import * as fixtures from "../../../test/helpers/fixtures.js";
import type { Lang } from "../../core/i18n/index.js";
import type { outbox } from "../../core/mail/schema.js";
import { url } from "../../routes.js";
import { subsidyApplications, subsidyAttachments, subsidyBudgetLines, subsidyComments, subsidyEvents } from "../subsidies/schema.js";
import { getApplication, setStatus } from "../subsidies/service.js";
import { saveSubsidyText } from "../subsidies/texts.js";

const ctx = setupApp();

async function board(name: string, email: string, lang: Lang = "nl") {
  const org = await fixtures.makeOrg(ctx, name);
  const b = await fixtures.makeBoard(ctx, org.id);
  const { client, user } = await fixtures.seat(ctx, b.id, email, { lang });
  return { org, board: b, client, user };
}
type Board = Awaited<ReturnType<typeof board>>;

const keyOf = (html: string) => html.match(/name="key" value="([^"]+)"/)?.[1] ?? "";

/** A complete application form (an activity in January 2027, € 400 of € 500 costs). */
const complete = (over: Record<string, string> = {}): Record<string, string> => ({
  title: "Mindful exam week",
  description: "Three mornings of yoga and breathing exercises during exam week.",
  aim: "Less stress during the exams.",
  targetGroup: "All members",
  expectedParticipants: "40",
  startsOn: "2027-01-12",
  endsOn: "2027-01-14",
  place: "Sports centre",
  partners: "",
  rows: "3",
  item_1: "Yoga teacher",
  amount_1: "300",
  item_2: "Mats and tea",
  amount_2: "200,00",
  item_3: "",
  amount_3: "",
  otherIncome: "50",
  requested: "400",
  contactName: "Anna Jansen",
  contactEmail: "anna@example.org",
  contactPhone: "06 1234 5678",
  ...over,
});

async function newDraft(who: Board, lang: Lang = "nl") {
  const list = await who.client.get(url(lang, "orgSubsidies", { id: who.org.id }));
  expect(list.status).toBe(200);
  const res = await who.client.post(url(lang, "orgSubsidies", { id: who.org.id }), { key: keyOf(await list.text()) });
  expect(res.status).toBe(303);
  const id = res.headers.get("location")!.split("/").at(-2)!;
  return id;
}

const editPath = (who: Board, id: string, lang: Lang = "nl") => url(lang, "orgSubsidyEdit", { id: who.org.id, applicationId: id });
const statusPath = (who: Board, id: string, lang: Lang = "nl") => url(lang, "orgSubsidy", { id: who.org.id, applicationId: id });

async function submitted(who: Board, lang: Lang = "nl", over: Record<string, string> = {}) {
  const id = await newDraft(who, lang);
  const res = await who.client.post(editPath(who, id, lang), { ...complete(over), action: "submit" });
  expect(res.status).toBe(303);
  return id;
}

async function multipart(
  client: Client,
  path: string,
  fields: Record<string, string>,
  file?: { name: string; type: string; bytes: Uint8Array },
) {
  const body = new FormData();
  body.set("_csrf", await client.csrfToken());
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  if (file) body.set("file", new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: file.type }), file.name);
  return client.request(path, { method: "POST", body, headers: { origin: BASE } });
}

const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const tableCount = async (t: typeof subsidyApplications | typeof subsidyBudgetLines | typeof outbox | typeof subsidyAttachments) =>
  (await ctx.db.select({ n: count() }).from(t))[0]!.n;

describe("the public pages", () => {
  it("the criteria page shows the office's text and this year's amounts, in both languages", async () => {
    await saveSubsidyText(ctx.db, {
      slug: "criteria",
      body: { nl: "Eerste alinea.\n\nTweede alinea.", en: "" },
      actor: null,
      now: ctx.clock.now(),
    });
    for (const [lang, amount] of [
      ["nl", "€\u00a01.000,00"],
      ["en", "€1,000.00"],
    ] as const) {
      const html = decodeHtml(await (await ctx.app.request(url(lang, "subsidies"))).text());
      expect(html).toContain(amount);
      expect(html).toContain(url(lang, "subsidyCheck"));
      // The English page shows the Dutch text, marked as Dutch.
      expect(html).toContain(
        lang === "nl" ? "<div><p>Eerste alinea.</p><p>Tweede alinea.</p></div>" : '<div lang="nl"><p>Eerste alinea.</p>',
      );
    }
  });

  it("the check says at once which criteria are not met and why", async () => {
    const html = decodeHtml(
      await (await ctx.app.request(url("en", "subsidyCheck", {}, { byStudents: "yes", wellBeing: "no", lowCost: "no" }))).text(),
    );
    expect(html).toContain("does not meet these criteria");
    expect(html).toContain("only for activities in the area of well-being");
    expect(html).toContain("free or cost little");
    expect(html).not.toContain("activities students arrange themselves");
    expect(html).toContain("Answer 4 more questions");
    const all = Object.fromEntries(
      ["byStudents", "forStudents", "wellBeing", "open", "lowCost", "soon", "withinLimits"].map((k) => [k, "yes"]),
    );
    const yes = decodeHtml(await (await ctx.app.request(url("nl", "subsidyCheck", {}, all))).text());
    expect(yes).toContain("voldoet aan alle voorwaarden");
    // Junk answers read as unanswered, never a 500.
    const junk = await ctx.app.request(`${url("nl", "subsidyCheck")}?wellBeing=%F0%9F%92%A9&open=${"x".repeat(5000)}`);
    expect(junk.status).toBe(200);
  });
});

describe("applying", () => {
  it("a double-clicked 'new application' gives one draft; saving keeps what was typed; submitting names every problem at once", async () => {
    const a = await board("Vereniging Alfa", "alfa@example.org");
    const list = await a.client.get(url("nl", "orgSubsidies", { id: a.org.id }));
    const key = keyOf(await list.text());
    const one = await a.client.post(url("nl", "orgSubsidies", { id: a.org.id }), { key });
    const two = await a.client.post(url("nl", "orgSubsidies", { id: a.org.id }), { key });
    expect(one.headers.get("location")).toBe(two.headers.get("location"));
    expect(await tableCount(subsidyApplications)).toBe(1);
    const id = one.headers.get("location")!.split("/").at(-2)!;

    // An incomplete draft saves.
    const saved = await a.client.post(editPath(a, id), { title: "Half an idea", rows: "3", action: "save" });
    expect(saved.status).toBe(303);
    expect((await getApplication(ctx.db, id))!.title).toBe("Half an idea");

    // Submitting it shows every problem, each next to its field, and keeps the text.
    const res = await a.client.post(editPath(a, id, "en"), {
      ...complete({ description: "", startsOn: "2026-11-01", endsOn: "2026-11-02", requested: "1500", item_1: "", amount_1: "" }),
      amount_2: "",
      item_2: "",
      action: "submit",
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(fieldError(html, "description")).toBe(errorMessage("en", "required"));
    expect(fieldError(html, "startsOn")).toBe(errorMessage("en", "subsidyDateInPast"));
    expect(fieldError(html, "item_1")).toBe(errorMessage("en", "subsidyBudgetRequired"));
    expect(fieldError(html, "requested")).toBe(errorMessage("en", "subsidyAboveMaximum"));
    expect(html).toContain('value="Mindful exam week"');
    expect((await getApplication(ctx.db, id))!.status).toBe("draft");
  });

  it("submits: a reference per year, the decision date four weeks on, mail to each board member in their language", async () => {
    const a = await board("Vereniging Alfa", "alfa@example.org", "nl");
    const en = await fixtures.seat(ctx, a.board.id, "treasurer@example.org", { lang: "en" });
    const id = await submitted(a);
    const app = (await getApplication(ctx.db, id))!;
    expect(app).toMatchObject({ status: "submitted", reference: "S-2026-001", decisionDue: "2026-12-21", requestedCents: 40000 });
    expect(app.otherIncomeCents).toBe(5000);
    const second = await submitted(a, "nl", { requested: "100", title: "Second" });
    expect((await getApplication(ctx.db, second))!.reference).toBe("S-2026-002");
    const nl = (await mailsTo(ctx, "alfa@example.org")).at(-1)!;
    expect(nl.subject).toBe("Aanvraag S-2026-001 ontvangen");
    expect(nl.text).toContain("21 december 2026");
    const mailEn = (await mailsTo(ctx, en.user.email)).at(-1)!;
    expect(mailEn.subject).toBe("Application S-2026-001 received");
    expect(mailEn.text).toContain("21 December 2026");
    const page = decodeHtml(await (await a.client.get(statusPath(a, id, "en"))).text());
    expect(page).toContain("You will hear by 21 December 2026");
    expect(page).toContain("Submitted");
  });

  it("the office asks a question, the board answers and resubmits, then sees the approval and sends the report", async () => {
    const a = await board("Vereniging Alfa", "alfa@example.org", "en");
    const id = await submitted(a, "en");
    const now = ctx.clock.now();
    await setStatus(ctx.db, { id }, "info_requested", { actor: null, now, note: "Who teaches the yoga?" });
    await ctx.db.insert(subsidyComments).values({ applicationId: id, body: "INTERNAL: looks fine", at: now });
    let page = decodeHtml(await (await a.client.get(statusPath(a, id, "en"))).text());
    expect(page).toContain("Who teaches the yoga?");
    expect(page).not.toContain("INTERNAL");
    // An empty answer: 422, nothing changes.
    const empty = await a.client.post(url("en", "orgSubsidyAnswer", { id: a.org.id, applicationId: id }), { answer: "  " });
    expect(empty.status).toBe(422);
    expect(fieldError(await empty.text(), "answer")).toBe(errorMessage("en", "required"));
    const ok = await a.client.post(url("en", "orgSubsidyAnswer", { id: a.org.id, applicationId: id }), { answer: "A certified teacher." });
    expect(ok.status).toBe(303);
    expect((await getApplication(ctx.db, id))!.status).toBe("submitted");
    const notes = (await ctx.db.select().from(subsidyEvents).where(eq(subsidyEvents.applicationId, id))).map((e) => e.note);
    expect(notes).toContain("A certified teacher.");
    await setStatus(ctx.db, { id }, "approved", {
      actor: null,
      now,
      changes: { grantedCents: 35000, decisionText: "Send the receipts with the report.", decidedAt: now, reportDue: "2027-02-25" },
    });
    page = decodeHtml(await (await a.client.get(statusPath(a, id, "en"))).text());
    expect(page).toContain("Amount granted: €350.00");
    expect(page).toContain("Send the receipts with the report.");
    expect(page).toContain("Send the report by 25 February 2027");
    expect(page).toContain("The office decided on 23 November 2026.");
    for (const m of await mailsTo(ctx, "alfa@example.org")) expect(m.text).not.toContain("INTERNAL");

    const reportPath = url("en", "orgSubsidyReport", { id: a.org.id, applicationId: id });
    const bad = await a.client.post(reportPath, {
      reportText: "It went well",
      reportParticipants: "-3",
      reportEvaluation: "",
      rows: "3",
      item_1: "Teacher",
    });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(fieldError(badHtml, "reportParticipants")).toBe(errorMessage("en", "invalidNumber"));
    expect(fieldError(badHtml, "reportEvaluation")).toBe(errorMessage("en", "required"));
    expect(fieldError(badHtml, "amount_1")).toBe(errorMessage("en", "subsidyLineIncomplete"));
    expect(badHtml).toContain("It went well");
    const good = await a.client.post(reportPath, {
      reportText: "It went well",
      reportParticipants: "38",
      reportEvaluation: "Again next year",
      rows: "3",
      item_1: "Teacher",
      amount_1: "320",
    });
    expect(good.status).toBe(303);
    expect(await getApplication(ctx.db, id)).toMatchObject({ status: "report_submitted", reportParticipants: 38 });
  });

  it("withdraws after asking first", async () => {
    const a = await board("Vereniging Alfa", "alfa@example.org");
    const id = await submitted(a);
    const confirm = await a.client.get(url("nl", "orgSubsidyWithdraw", { id: a.org.id, applicationId: id }));
    expect(confirm.status).toBe(200);
    expect((await getApplication(ctx.db, id))!.status).toBe("submitted");
    expect((await a.client.post(url("nl", "orgSubsidyWithdraw", { id: a.org.id, applicationId: id }))).status).toBe(303);
    expect((await getApplication(ctx.db, id))!.status).toBe("withdrawn");
  });

  it("refuses more than the organisation's limit for the year, counting what it asks elsewhere", async () => {
    const a = await board("Vereniging Alfa", "alfa@example.org", "en");
    await submitted(a, "en", { requested: "1000", amount_1: "1100" });
    await submitted(a, "en", { requested: "900", amount_1: "1100" });
    const id = await newDraft(a, "en");
    const res = await a.client.post(editPath(a, id, "en"), { ...complete({ requested: "200" }), action: "submit" });
    expect(res.status).toBe(422);
    expect(fieldError(await res.text(), "requested")).toBe(errorMessage("en", "subsidyAboveOrganisationLimit"));
    // Another organisation is not held back by it.
    const b = await board("Club Beta", "beta@example.org", "en");
    await submitted(b, "en");
  });
});

describe("bad input", () => {
  it("submitting with wrongly typed fields names those and what is still missing, in one round, and writes nothing", async () => {
    const a = await board("Vereniging Alfa", "alfa@example.org");
    const id = await newDraft(a);
    const before = await getApplication(ctx.db, id);
    const res = await a.client.post(editPath(a, id, "en"), {
      ...complete({ requested: "€ ten", description: "", expectedParticipants: "many" }),
      action: "submit",
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(fieldError(html, "requested")).toBe(errorMessage("en", "subsidyAmount"));
    expect(fieldError(html, "expectedParticipants")).toBe(errorMessage("en", "invalidNumber"));
    // Not a type error: a field a submission needs, reported in the same answer.
    expect(fieldError(html, "description")).toBe(errorMessage("en", "required"));
    expect(html).toContain('value="Mindful exam week"');
    expect(await getApplication(ctx.db, id)).toEqual(before);
  });

  it("the edit form: wrong types and lengths are a 422 next to the field, values kept, nothing written", async () => {
    const a = await board("Vereniging Alfa", "alfa@example.org");
    const id = await newDraft(a);
    const before = await getApplication(ctx.db, id);
    const res = await a.client.post(editPath(a, id), {
      ...complete({
        title: "x".repeat(201),
        expectedParticipants: "many",
        startsOn: "2027-02-30",
        endsOn: "2027-01-01",
        amount_1: "12,345",
        contactEmail: "not an address",
        requested: "€ ten",
        description: "Ünïcödé 🧘‍♀️ \u202e rtl \u0000 nul",
      }),
      action: "save",
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(fieldError(html, "title")).toBe(errorMessage("nl", ["maxLength", { max: 200 }]));
    expect(fieldError(html, "expectedParticipants")).toBe(errorMessage("nl", "invalidNumber"));
    expect(fieldError(html, "startsOn")).toBe(errorMessage("nl", "invalidDate"));
    expect(fieldError(html, "amount_1")).toBe(errorMessage("nl", "subsidyAmount"));
    expect(fieldError(html, "requested")).toBe(errorMessage("nl", "subsidyAmount"));
    expect(fieldError(html, "contactEmail")).toBe(errorMessage("nl", "invalidEmail"));
    expect(html).toContain("Ünïcödé 🧘‍♀️");
    expect(await getApplication(ctx.db, id)).toEqual(before);
    expect(await tableCount(subsidyBudgetLines)).toBe(0);
    // The last day before the first.
    const order = await a.client.post(editPath(a, id), { ...complete({ startsOn: "2027-01-14", endsOn: "2027-01-12" }), action: "save" });
    expect(order.status).toBe(422);
    expect(fieldError(await order.text(), "endsOn")).toBe(errorMessage("nl", "subsidyEndBeforeStart"));
    // Huge input is a 422 or a 413, never a 500.
    const huge = await a.client.post(editPath(a, id), { ...complete({ description: "é".repeat(9000) }), action: "save" });
    expect(huge.status).toBe(422);
  });

  it("every form: huge and odd-Unicode values are a 422 (or refused whole), never a 500, and write nothing", async () => {
    const a = await board("Vereniging Alfa", "alfa@example.org", "en");
    const asked = await submitted(a, "en");
    await setStatus(ctx.db, { id: asked }, "info_requested", { actor: null, now: ctx.clock.now(), note: "Why?" });
    const approved = await submitted(a, "en", { requested: "100" });
    await setStatus(ctx.db, { id: approved }, "approved", { actor: null, now: ctx.clock.now(), changes: { grantedCents: 10_000 } });
    const odd = ["\u0000", "\ud800", "e\u0301\u200b\u202e", "🧘".repeat(3000), "x".repeat(12_000)];
    const before = await tableCount(subsidyBudgetLines);
    for (const v of odd) {
      const ids = { id: a.org.id, applicationId: asked };
      const answer = await a.client.post(url("en", "orgSubsidyAnswer", ids), { answer: `${v}${"y".repeat(5001)}` });
      expect(answer.status, `answer ${odd.indexOf(v)}`).toBe(422);
      const report = await a.client.post(url("en", "orgSubsidyReport", { ...ids, applicationId: approved }), {
        reportText: v,
        reportParticipants: v,
        reportEvaluation: v,
        rows: v,
        item_1: v,
        amount_1: v,
      });
      expect(report.status, "report").toBe(422);
      const edit = await a.client.post(editPath(a, asked, "en"), {
        ...complete({ title: v, amount_1: v, startsOn: v }),
        rows: v,
        action: v,
      });
      expect(edit.status, "edit").toBe(422);
      // A NUL in an address is the portal's 400; anything else reads as unanswered.
      const check = await a.client.get(
        `${url("en", "subsidyCheck")}?open=${encodeURIComponent(v.slice(0, 500).replace(/[\ud800-\udfff]/g, ""))}`,
      );
      expect(check.status, "check").toBe(v.includes("\u0000") ? 400 : 200);
    }
    expect(await getApplication(ctx.db, approved)).toMatchObject({ status: "approved", reportText: null });
    expect((await getApplication(ctx.db, asked))!.status).toBe("info_requested");
    expect(await tableCount(subsidyBudgetLines)).toBe(before);
  });

  it("attachments: a PDF is kept and served as a download to the board only; a non-PDF named .pdf is refused", async () => {
    const a = await board("Vereniging Alfa", "alfa@example.org", "en");
    const b = await board("Club Beta", "beta@example.org", "en");
    const id = await submitted(a, "en");
    const path = url("en", "orgSubsidyFiles", { id: a.org.id, applicationId: id });
    const fake = await multipart(
      a.client,
      path,
      { kind: "quote" },
      { name: "quote.pdf", type: "application/pdf", bytes: new TextEncoder().encode("<html>not a pdf</html>") },
    );
    expect(fake.status).toBe(422);
    expect(fieldError(await fake.text(), "file")).toBe(errorMessage("en", "subsidyFileType"));
    const noKind = await multipart(a.client, path, { kind: "virus" }, { name: "q.pdf", type: "application/pdf", bytes: PDF });
    expect(noKind.status).toBe(422);
    expect(await tableCount(subsidyAttachments)).toBe(0);
    const ok = await multipart(a.client, path, { kind: "quote" }, { name: '../"quote"\u202e.exe', type: "text/html", bytes: PDF });
    expect(ok.status).toBe(303);
    const [file] = await ctx.db.select().from(subsidyAttachments);
    expect(file).toMatchObject({ mime: "application/pdf", filename: "quote.pdf" });
    const download = url("en", "orgSubsidyFile", { id: a.org.id, applicationId: id, attachmentId: file!.id });
    const res = await a.client.get(download);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="quote.pdf"/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(PDF);
    // Board B finds neither the file nor the application, also not through its own organisation's address.
    expect((await b.client.get(download)).status).toBe(404);
    expect((await b.client.get(url("en", "orgSubsidyFile", { id: b.org.id, applicationId: id, attachmentId: file!.id }))).status).toBe(404);
    expect((await b.client.get(statusPath(a, id, "en"))).status).toBe(404);
    expect((await new (a.client.constructor as typeof Client)(ctx).get(download)).status).toBe(303);
    // Too large.
    const big = new Uint8Array(5 * 1024 * 1024 + 10);
    big.set(PDF);
    const tooBig = await multipart(a.client, path, { kind: "quote" }, { name: "big.pdf", type: "application/pdf", bytes: big });
    expect(tooBig.status).toBe(422);
    expect(fieldError(await tooBig.text(), "file")).toBe(errorMessage("en", "subsidyFileTooLarge"));
    // Removing before a decision.
    const removed = await a.client.post(url("en", "orgSubsidyFileRemove", { id: a.org.id, applicationId: id, attachmentId: file!.id }));
    expect(removed.status).toBe(303);
    expect(await tableCount(subsidyAttachments)).toBe(0);
  });
});
