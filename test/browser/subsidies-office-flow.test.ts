import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "../../src/demo/seed.js";
import { organisations } from "../../src/features/organisations/schema.js";
import { budgetBox, euro, yearOverview } from "../../src/features/subsidies/review.js";
import { subsidyApplications } from "../../src/features/subsidies/schema.js";
import { url } from "../../src/routes.js";
import { type AppHandle, describeBrowser, latestMailTo, launchBrowser, screenshot, signInAs, startApp } from "./harness.js";

/** Presses Tab until the focused element matches `selector` (and holds `text`), at most 120 times; returns whether it got there. */
async function tabTo(page: Page, selector: string, text = "") {
  for (let i = 0; i < 120; i++) {
    await page.keyboard.press("Tab");
    const hit = await page.evaluate(
      ([sel, txt]) => Boolean(document.activeElement?.matches(sel!) && document.activeElement.textContent?.includes(txt!)),
      [selector, text],
    );
    if (hit) return true;
  }
  return false;
}

async function navigation(page: Page, action: () => Promise<unknown>) {
  const [res] = await Promise.all([page.waitForNavigation(), action()]);
  return res?.status();
}

describeBrowser("end to end in the browser: the office reviews a subsidy application and decides", () => {
  let app: AppHandle;
  let browser: Browser;
  let id = "";

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    // A submitted application of the demo board's organisation (the board's side is tested on its own).
    const [kompas] = await app.db.select().from(organisations).where(eq(organisations.name, "Studentenvereniging Kompas"));
    const now = app.clock.now();
    const [row] = await app.db
      .insert(subsidyApplications)
      .values({
        organisationId: kompas!.id,
        year: 2026,
        status: "submitted",
        lang: "en",
        reference: "S-2026-0042",
        title: "Sleep well week",
        description: "Workshops on sleep and a silent room during exams.",
        requestedCents: 90_000,
        startsOn: "2027-01-18",
        endsOn: "2027-01-22",
        submittedAt: now,
        decisionDue: "2026-12-21",
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    id = row!.id;
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it("from the queue: a comment, scores, review, a template's conditions, approval of a lower amount; the board is mailed", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signInAs(app, context, DEMO_ACCOUNTS.admin.email);
    await page.goto(`${app.base}${url("en", "staffSubsidies")}`);
    expect(await page.locator("#budget").textContent()).toContain("€25,000.00");
    // The demo's applications have committed some already.
    const before = (await budgetBox(app.db, app.deps.env, 2026)).committedCents;
    // By keyboard from the queue to the application.
    expect(await tabTo(page, "a", "Sleep well week"), "Tab reaches the application").toBe(true);
    expect(await navigation(page, () => page.keyboard.press("Enter"))).toBe(200);
    expect(await page.locator("h1").textContent()).toContain("Sleep well week");

    await page.fill("#f-body", "Ask the sports centre about the room.");
    expect(await navigation(page, () => page.click('form[action$="/comment"] button[type=submit]'))).toBe(200);
    expect(await page.locator("#comment-list").textContent()).toContain("sports centre");
    for (const [k, v] of Object.entries({ byStudents: "3", wellBeing: "3", reach: "2", costs: "1", feasibility: "2" }))
      await page.selectOption(`#f-score_${k}`, v);
    expect(await navigation(page, () => page.click('form[action$="/scores"] button[type=submit]'))).toBe(200);
    expect(await page.locator("#scores-table").textContent()).toContain("11 / 15");
    expect(await navigation(page, () => page.click('form[action$="/step"] button[type=submit]'))).toBe(200);
    expect(await page.locator(".notice").textContent()).toContain("in review");

    // A template fills in the conditions (the board reads English), without JavaScript.
    await page.selectOption("#f-template", { label: "Conditions of an approval: Standaardvoorwaarden / Standard conditions" });
    expect(await navigation(page, () => page.click('form[method="get"] button[type=submit]'))).toBe(200);
    expect(await page.inputValue("#f-conditions")).toContain("Student Well-being Office");
    // Too much first (more than was asked), then a lower amount.
    await page.fill("#f-granted", "950");
    expect(await navigation(page, () => page.click('form[action$="/approve"] button[type=submit]'))).toBe(422);
    expect(await page.locator("#f-granted-error").textContent()).toContain("cannot be higher than the amount requested");
    expect(await page.inputValue("#f-conditions")).toContain("Student Well-being Office");
    await page.fill("#f-granted", "750");
    await screenshot(page, "subsidy-office-approve-en");
    expect(await navigation(page, () => page.click('form[action$="/approve"] button[type=submit]'))).toBe(200);
    expect(await page.locator(".notice").textContent()).toContain("Approved");
    expect(await page.locator("#timeline-list").textContent()).toContain("Mention in the announcement");
    await screenshot(page, "subsidy-office-approved-en");
    const mail = await latestMailTo(app, DEMO_ACCOUNTS.board.email);
    expect(mail.text).toMatch(/€\s?750[.,]00/);
    expect(mail.text).not.toContain("sports centre");
    // The budget box counts it as committed.
    await page.goto(`${app.base}${url("en", "staffSubsidies")}`);
    expect(await page.locator("#budget").textContent()).toContain(`Committed${euro("en", before + 75_000)}`);
    await screenshot(page, "subsidy-office-queue-en");
    await page.goto(`${app.base}${url("en", "staffSubsidyOverview")}`);
    const [year] = await yearOverview(app.db, [2026]);
    expect(await page.locator("#overview-table").textContent()).toContain(euro("en", year!.grantedCents));
    await screenshot(page, "subsidy-office-overview-en");
    const [after] = await app.db.select().from(subsidyApplications).where(eq(subsidyApplications.id, id));
    expect(after).toMatchObject({ status: "approved", grantedCents: 75_000 });
    await context.close();
  });
});
