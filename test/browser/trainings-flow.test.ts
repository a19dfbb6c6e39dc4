import { asc, eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { nameSkeleton } from "../../src/core/text.js";
import { DEMO_ACCOUNTS } from "../../src/demo/seed.js";
import { users } from "../../src/features/auth/schema.js";
import { boardMembers, boards, organisations } from "../../src/features/organisations/schema.js";
import { trainingRegistrations } from "../../src/features/training-registrations/schema.js";
import { url } from "../../src/routes.js";
import { makeOffering } from "../helpers/trainings.js";
import { type AppHandle, describeBrowser, latestMailTo, launchBrowser, linkIn, screenshot, signInAs, startApp } from "./harness.js";

const OTHER = "Debatgenootschap Rhetorica";
const OTHER_CHAIR = "voorzitter@rhetorica.example.org";

/** Presses Tab until the focused element matches `selector` (and holds `text`), at most 60 times; returns whether it got there. */
async function tabTo(page: Page, selector: string, text = "") {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press("Tab");
    const hit = await page.evaluate(
      ([sel, txt]) => Boolean(document.activeElement?.matches(sel!) && document.activeElement.textContent?.includes(txt!)),
      [selector, text],
    );
    if (hit) return true;
  }
  return false;
}

/** Waits for the page a key press navigates to; returns its HTTP status. */
async function navigation(page: Page, action: () => Promise<unknown>) {
  const [res] = await Promise.all([page.waitForNavigation(), action()]);
  return res?.status();
}

/** Registers the organisation whose trainings page is open, by keyboard: its Register link, a date, one participant, Enter. */
async function registerByKeyboard(page: Page, title: string, person: { name: string; email: string; role: string }) {
  expect(await tabTo(page, 'a[href*="/trainings/"]', `Register: ${title}`), "Tab reaches the Register link").toBe(true);
  expect(await navigation(page, () => page.keyboard.press("Enter"))).toBe(200);
  expect(await page.locator("h1").textContent()).toBe(`Register: ${title}`);
  // The date: Tab lands on the radio group, Space picks the first date.
  expect(await tabTo(page, "input[type=radio][name=sessionId]"), "Tab reaches the dates").toBe(true);
  await page.keyboard.press("Space");
  expect(await tabTo(page, "#f-name_1"), "Tab reaches the first participant").toBe(true);
  await page.keyboard.type(person.name);
  await page.keyboard.press("Tab");
  await page.keyboard.type(person.email);
  await page.keyboard.press("Tab");
  await page.keyboard.type(person.role);
  await screenshot(page, "training-register-en");
  // Enter in a field sends the form with its main button (Register), not "Add a participant".
  expect(await navigation(page, () => page.keyboard.press("Enter"))).toBe(200);
  expect(new URL(page.url()).pathname).toMatch(/^\/en\/organisations\/[0-9a-f-]{36}\/registrations\/[0-9a-f-]{36}$/);
}

describeBrowser("end to end in the browser: registering for a training, the waiting list and an offer", () => {
  let app: AppHandle;
  let browser: Browser;
  const title = "Spot the signs";
  let offeringId = "";

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    // A series with two dates, at most one organisation across both; and a second organisation with its board.
    offeringId = (await makeOffering(app, { capacity: 1, title: { nl: "Signalen zien", en: title } }, 2)).offering.id;
    const [org] = await app.db
      .insert(organisations)
      .values({ name: OTHER, nameKey: nameSkeleton(OTHER), kind: "other", lang: "en" })
      .returning();
    const [board] = await app.db.insert(boards).values({ organisationId: org!.id, year: 2026, startsOn: "2026-09-01" }).returning();
    const [chair] = await app.db.insert(users).values({ email: OTHER_CHAIR, name: "Eva Debat", lang: "en" }).returning();
    await app.db.insert(boardMembers).values({ boardId: board!.id, userId: chair!.id, position: "chair" });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it("a board registers for a date, another organisation waits, the first cancels and the second accepts the offer from its mail", async () => {
    const first = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const second = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signInAs(app, first.context(), DEMO_ACCOUNTS.board.email);
    await signInAs(app, second.context(), OTHER_CHAIR);

    // --- Kompas's board: from its organisation's page to its trainings, by keyboard.
    const [kompas] = await app.db.select().from(organisations).where(eq(organisations.name, "Studentenvereniging Kompas"));
    await first.goto(`${app.base}${url("en", "org", { id: kompas!.id })}`);
    expect(await tabTo(first, `a[href="${url("en", "orgTrainings", { id: kompas!.id })}"]`), "Tab reaches the trainings link").toBe(true);
    expect(await navigation(first, () => first.keyboard.press("Enter"))).toBe(200);
    expect(await first.locator("h1").textContent()).toBe("Trainings of Studentenvereniging Kompas");
    await registerByKeyboard(first, title, { name: "Lotte Bakker", email: "lotte@kompas.example.org", role: "chair" });
    await expect.poll(() => first.getByRole("status").textContent()).toContain("Your organisation is registered.");
    await screenshot(first, "training-registered-en");
    await first.goto(`${app.base}${url("en", "orgTrainings", { id: kompas!.id })}`);
    await screenshot(first, "org-trainings-en");
    await first.goBack();

    // --- Rhetorica's board: the one place is taken, so it joins the waiting list.
    const [rhetorica] = await app.db.select().from(organisations).where(eq(organisations.name, OTHER));
    await second.goto(`${app.base}${url("en", "orgTrainings", { id: rhetorica!.id })}`);
    await registerByKeyboard(second, title, { name: "Eva Debat", email: OTHER_CHAIR, role: "chair" });
    await expect.poll(() => second.getByRole("status").textContent()).toContain("your organisation is on the waiting list, in place 1");
    expect((await latestMailTo(app, OTHER_CHAIR)).subject).toBe(`On the waiting list: ${title}`);

    // --- Kompas cancels: the link opens a page that asks; its button cancels.
    expect(await tabTo(first, "a.button", "Cancel registration"), "Tab reaches Cancel registration").toBe(true);
    expect(await navigation(first, () => first.keyboard.press("Enter"))).toBe(200);
    expect(await first.locator("main").textContent()).toContain("If you cancel, your organisation gives up its place");
    expect(await tabTo(first, "button", "Yes, cancel the registration"), "Tab reaches the confirmation").toBe(true);
    expect(await navigation(first, () => first.keyboard.press("Enter"))).toBe(200);
    await expect.poll(() => first.getByRole("status").textContent()).toContain("The registration has been cancelled.");

    // --- Rhetorica's mail offers the place; its link opens the registration page with the Accept button.
    const offer = await latestMailTo(app, OTHER_CHAIR);
    expect(offer.subject).toBe(`A place is free: ${title}`);
    expect(offer.text).toContain("Accept the place:");
    await second.goto(linkIn(offer.text));
    expect(await second.locator("h1").textContent()).toBe(`Registration: ${title}`);
    expect(await second.locator("main").textContent()).toContain("A place is free for your organisation. Accept it before");
    await screenshot(second, "training-offered-en");
    expect(await tabTo(second, "button", "Accept the place"), "Tab reaches Accept").toBe(true);
    expect(await navigation(second, () => second.keyboard.press("Enter"))).toBe(200);
    await expect.poll(() => second.getByRole("status").textContent()).toContain("You accepted the place.");
    expect(await second.locator("main").textContent()).toContain("Registered");

    const rows = await app.db
      .select({ org: trainingRegistrations.organisationId, status: trainingRegistrations.status })
      .from(trainingRegistrations)
      .where(eq(trainingRegistrations.offeringId, offeringId))
      .orderBy(asc(trainingRegistrations.queueNo));
    expect(rows).toEqual([
      { org: kompas!.id, status: "cancelled" },
      { org: rhetorica!.id, status: "confirmed" },
    ]);
    expect((await latestMailTo(app, OTHER_CHAIR)).subject).toBe(`Registered: ${title}`);
  });
});
