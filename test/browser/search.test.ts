import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, type ExpectStatic, it } from "vitest";
import { DEMO_ACCOUNTS } from "../../src/demo/seed.js";
import {
  type AppHandle,
  axeViolations,
  describeBrowser,
  formatFindings,
  launchBrowser,
  screenshot,
  signInAs,
  startApp,
} from "./harness.js";

/** The roadmap search as a student in distress meets it, and the office's search words (with axe on each page). */
const scenario = (name: string, fn: (expect: ExpectStatic) => Promise<void>) => it.concurrent(name, ({ expect }) => fn(expect), 60_000);

async function navigation(page: Page, action: () => Promise<unknown>) {
  const [res] = await Promise.all([page.waitForNavigation(), action()]);
  return res?.status();
}

async function tabTo(page: Page, selector: string, max = 60) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return true;
  }
  return false;
}

describeBrowser("the roadmap search in the browser: crisis language, typos, nothing found, search words", () => {
  let app: AppHandle;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function tab() {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: "reduce" });
    return { context, page: await context.newPage() };
  }

  const noViolations = async (expect: ExpectStatic, page: Page, label: string) => {
    const found = await axeViolations(page, label);
    expect(found, formatFindings(found)).toEqual([]);
  };

  scenario("'I want to die': a calm sentence, then 113 with tap-to-call links, then 112", async (expect) => {
    const { context, page } = await tab();
    await page.goto(`${app.base}/en/roadmap`);
    await page.getByLabel("Search the roadmap").click();
    await page.keyboard.type("I want to die");
    expect(await navigation(page, () => page.keyboard.press("Enter"))).toBe(200);
    const sentence = page.locator(".crisis-line");
    expect(await sentence.isVisible()).toBe(true);
    expect(await sentence.textContent()).toContain("You don't have to go through this alone. 113 is there day and night");
    const cards = page.locator(".resource-list article");
    expect(await cards.nth(0).locator("h2").textContent()).toBe("113 Suicide Prevention");
    expect(
      await cards
        .nth(0)
        .getByRole("link", { name: /Call 0800-0113/ })
        .getAttribute("href"),
    ).toBe("tel:08000113");
    expect(await cards.nth(1).locator("h2").textContent()).toBe("Emergency number 112");
    // The sentence comes before the first result in the reading order.
    const [sentenceY, firstY] = await Promise.all([sentence.boundingBox(), cards.nth(0).boundingBox()]);
    expect(sentenceY!.y).toBeLessThan(firstY!.y);
    await screenshot(page, "search-crisis-en");
    await noViolations(expect, page, "crisis search (en)");
    // Dutch on the Dutch page, without accents, with a typo.
    await page.goto(`${app.base}/nl/wegwijzer/zoeken?q=${encodeURIComponent("zelmoord gedachtes")}`);
    expect(await page.locator(".crisis-line").textContent()).toContain("Je hoeft hier niet alleen doorheen.");
    expect(await page.locator(".resource-list article h2").first().textContent()).toBe("113 Zelfmoordpreventie");
    await context.close();
  });

  scenario("a typo: 'Did you mean …?' is a link to the corrected search, reached by keyboard", async (expect) => {
    const { context, page } = await tab();
    await page.goto(`${app.base}/en/roadmap/search?q=lonley`);
    const link = page.locator(".did-you-mean a");
    expect(await link.textContent()).toBe("lonely");
    expect(await tabTo(page, ".did-you-mean a"), "Tab reaches the suggestion").toBe(true);
    expect(await navigation(page, () => page.keyboard.press("Enter"))).toBe(200);
    expect(new URL(page.url()).searchParams.get("q")).toBe("lonely");
    expect(await page.getByLabel("Search the roadmap").inputValue()).toBe("lonely");
    expect(await page.locator(".did-you-mean").count()).toBe(0);
    await page.goBack();
    await noViolations(expect, page, "typo search (en)");
    await context.close();
  });

  scenario("nothing found: urgent help, the topics and the guided path instead of an empty page", async (expect) => {
    const { context, page } = await tab();
    await page.goto(`${app.base}/nl/wegwijzer/zoeken?q=qqqzzzxx`);
    expect(await page.getByRole("status").textContent()).toBe("0 resultaten");
    expect(await page.getByRole("heading", { name: "Direct hulp", level: 2 }).isVisible()).toBe(true);
    expect(await page.locator(".resource-list article h3").first().textContent()).toBe("113 Zelfmoordpreventie");
    expect(await page.locator(".topic-grid a").count()).toBeGreaterThan(10);
    expect(await navigation(page, () => page.getByRole("link", { name: "Waar kan ik terecht?" }).last().click())).toBe(200);
    expect(new URL(page.url()).pathname).toBe("/nl/wegwijzer/waar-kan-ik-terecht");
    await page.goBack();
    await screenshot(page, "search-nothing-nl");
    await noViolations(expect, page, "nothing found (nl)");
    await context.close();
  });

  scenario("the office edits a place's search words and crisis flag; the error stays next to the field", async (expect) => {
    const { context, page } = await tab();
    await signInAs(app, context, DEMO_ACCOUNTS.staff.email);
    await page.goto(`${app.base}/en/office/roadmap`);
    expect(await navigation(page, () => page.getByRole("link", { name: "De Luisterlijn (listening line)" }).first().click())).toBe(200);
    const nl = page.getByLabel("Search words (Dutch)");
    expect(await nl.inputValue()).toContain("luisterlijn");
    expect(await page.getByLabel("Crisis line: listed first for searches about suicide or self-harm").isChecked()).toBe(false);
    await noViolations(expect, page, "office place form (en)");
    await page.getByLabel("Search words (English)").fill(Array.from({ length: 61 }, (_, i) => `w${i}`).join(", "));
    expect(await navigation(page, () => page.getByRole("button", { name: "Save" }).click())).toBe(422);
    expect(await page.locator("#f-searchWords_en-error").textContent()).toContain("Separate search words with commas");
    await noViolations(expect, page, "office place form with an error (en)");
    await page.getByLabel("Search words (English)").fill("listening line, someone to talk to, flibbertigibbet");
    expect(await navigation(page, () => page.getByRole("button", { name: "Save" }).click())).toBe(200);
    await page.goto(`${app.base}/en/roadmap/search?q=flibbertigibbet`);
    expect(await page.locator(".resource-list article h2").first().textContent()).toBe("De Luisterlijn (listening line)");
    await context.close();
  });
});
