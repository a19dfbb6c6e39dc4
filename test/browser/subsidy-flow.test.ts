import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "../../src/demo/seed.js";
import { organisations } from "../../src/features/organisations/schema.js";
import { subsidyApplications } from "../../src/features/subsidies/schema.js";
import { getApplication, setStatus } from "../../src/features/subsidies/service.js";
import { url } from "../../src/routes.js";
import { type AppHandle, describeBrowser, latestMailTo, launchBrowser, screenshot, signInAs, startApp } from "./harness.js";

/** Waits for the page an action navigates to; returns its HTTP status. */
async function navigation(page: Page, action: () => Promise<unknown>) {
  const [res] = await Promise.all([page.waitForNavigation(), action()]);
  return res?.status();
}

describeBrowser("end to end in the browser: a board checks, applies, answers a question and sees the approval", () => {
  let app: AppHandle;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it("from the eligibility check to an approved application", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signInAs(app, page.context(), DEMO_ACCOUNTS.board.email);
    const [kompas] = await app.db.select().from(organisations).where(eq(organisations.name, "Studentenvereniging Kompas"));
    const id = kompas!.id;

    // --- The check: one "no" says which criterion fails and why; all "yes" says it qualifies.
    await page.goto(`${app.base}${url("en", "subsidies")}`);
    expect(await navigation(page, () => page.getByRole("link", { name: "Take the short check" }).click())).toBe(200);
    for (const q of ["byStudents", "forStudents", "wellBeing", "open", "lowCost", "soon", "withinLimits"])
      await page.check(`#f-${q}-${q === "lowCost" ? "no" : "yes"}`);
    expect(await navigation(page, () => page.getByRole("button", { name: "See the answer" }).click())).toBe(200);
    expect(await page.getByRole("status").textContent()).toContain("Taking part must be free or cost little");
    await page.check("#f-lowCost-yes");
    expect(await navigation(page, () => page.getByRole("button", { name: "See the answer" }).click())).toBe(200);
    expect(await page.getByRole("status").textContent()).toContain("Your idea meets every criterion.");

    // --- From the organisation's page to a new application; a draft first, then submitted.
    await page.goto(`${app.base}${url("en", "org", { id })}`);
    expect(await navigation(page, () => page.getByRole("link", { name: "Subsidy applications" }).click())).toBe(200);
    expect(await navigation(page, () => page.getByRole("button", { name: "New application" }).click())).toBe(200);
    await page.fill("#f-title", "Board games against loneliness");
    expect(await navigation(page, () => page.getByRole("button", { name: "Save draft" }).click())).toBe(200);
    expect(await page.getByRole("status").textContent()).toContain("Your draft has been saved.");
    expect(await page.inputValue("#f-title")).toBe("Board games against loneliness");
    // Submitting too early names what is missing, next to each field.
    expect(await navigation(page, () => page.getByRole("button", { name: "Submit" }).click())).toBe(422);
    expect(await page.locator(".error-summary li").count()).toBeGreaterThan(5);
    await page.fill("#f-description", "Every Thursday evening, games and tea in the society's room.");
    await page.fill("#f-aim", "Students who know few people find company.");
    await page.fill("#f-targetGroup", "All students");
    await page.fill("#f-expectedParticipants", "25");
    await page.fill("#f-startsOn", "2027-02-04");
    await page.fill("#f-endsOn", "2027-03-25");
    await page.fill("#f-place", "Society room");
    await page.fill("#f-item_1", "Games");
    await page.fill("#f-amount_1", "180");
    await page.fill("#f-item_2", "Tea and biscuits");
    await page.fill("#f-amount_2", "70.50");
    await page.fill("#f-requested", "250");
    await page.fill("#f-contactName", "Lotte Bakker");
    await page.fill("#f-contactEmail", DEMO_ACCOUNTS.board.email);
    await screenshot(page, "subsidy-form-en");
    expect(await navigation(page, () => page.getByRole("button", { name: "Submit" }).click())).toBe(200);
    expect(await page.getByRole("status").textContent()).toContain("Your application has been submitted.");
    expect(await page.locator("main").textContent()).toContain("You will hear by 21 December 2026");
    const applicationId = new URL(page.url()).pathname.split("/").at(-1)!;
    const app1 = (await getApplication(app.db, applicationId))!;
    expect(app1).toMatchObject({ status: "submitted", requestedCents: 25_000, reference: "S-2026-004" });
    expect((await latestMailTo(app, DEMO_ACCOUNTS.board.email)).subject).toBe("Aanvraag S-2026-004 ontvangen");

    // --- The office asks a question (through the service here; the office's pages come with their own tests).
    await setStatus(app.db, app1, "info_requested", { actor: null, now: app.clock.now(), note: "Is the room accessible by wheelchair?" });
    await page.reload();
    expect(await page.locator("main").textContent()).toContain("Is the room accessible by wheelchair?");
    await page.fill("#f-answer", "Yes, there is a lift.");
    expect(await navigation(page, () => page.getByRole("button", { name: "Send the answer" }).click())).toBe(200);
    expect(await page.getByRole("status").textContent()).toContain("Your answer has been sent");
    expect((await getApplication(app.db, applicationId))!.status).toBe("submitted");

    // --- The office approves a lower amount, with a condition.
    await setStatus(app.db, app1, "approved", {
      actor: null,
      now: app.clock.now(),
      changes: { grantedCents: 20_000, decisionText: "Only for the games; tea is for the society.", decidedAt: app.clock.now() },
    });
    await page.reload();
    const main = await page.locator("main").textContent();
    expect(main).toContain("Amount granted: €200.00");
    expect(main).toContain("Only for the games; tea is for the society.");
    expect(main).toContain("Yes, there is a lift.");
    await screenshot(page, "subsidy-approved-en");
    const [row] = await app.db.select().from(subsidyApplications).where(eq(subsidyApplications.id, applicationId));
    expect(row!.status).toBe("approved");
  });
});
