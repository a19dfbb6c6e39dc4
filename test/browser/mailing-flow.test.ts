import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { catalogs } from "../../src/catalogs.js";
import { mailingSubscriptions } from "../../src/features/mailing-list/schema.js";
import { url } from "../../src/routes.js";
import {
  type A11yFinding,
  type AppHandle,
  axeViolations,
  describeBrowser,
  formatFindings,
  latestMailTo,
  launchBrowser,
  linkIn,
  startApp,
} from "./harness.js";

const T = catalogs.en.mailingList;

describeBrowser("the mailing list in the browser", () => {
  let app: AppHandle;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** Presses Enter on a focused button (keyboard only) and waits for the page it leads to. */
  const press = async (page: Page, selector: string) => {
    await page.focus(selector);
    const [res] = await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    return res?.status();
  };

  it("subscribe, confirm from the mail, change preferences, unsubscribe (keyboard only; axe on every page)", async () => {
    const email = "flow-updates@example.org";
    const findings: A11yFinding[] = [];
    const page = await (await browser.newContext()).newPage();
    const audit = async (label: string) => findings.push(...(await axeViolations(page, label)));

    await page.goto(`${app.base}${url("en", "mailingSubscribe")}`);
    // Sent empty of an address and consent: the errors, all at once.
    expect(await press(page, "main form:not(.inline) button[type=submit]")).toBe(422);
    expect(await page.locator(".error-summary li").count()).toBeGreaterThanOrEqual(3);
    await audit("subscribe, errors");
    await page.fill("#f-orgName", "Flow Debating Society");
    await page.fill("#f-contactUrl", "https://flow.example.org/contact");
    await page.fill("#f-email", email);
    await page.uncheck("#f-topics-subsidies");
    await page.focus("#f-consent");
    await page.keyboard.press("Space");
    expect(await press(page, "main form:not(.inline) button[type=submit]")).toBe(200);
    expect(await page.locator("main").textContent()).toContain(T.sent.lead);
    await audit("subscribe, sent");

    // The confirmation mail (the outbox, as the dev mailbox shows it): its link opens a page with a button.
    const mail = await latestMailTo(app, email);
    expect(mail!.subject).toBe(T.mail.confirmSubject);
    await page.goto(linkIn(mail!.text));
    await audit("confirm");
    const [pending] = await app.db.select().from(mailingSubscriptions).where(eq(mailingSubscriptions.email, email));
    expect(pending!.status).toBe("pending");
    expect(await press(page, `main form.inline button[type=submit]`)).toBe(200);
    expect(await page.locator(".notice").first().textContent()).toContain(T.confirm.confirmed);
    await audit("preferences, confirmed");

    // Preferences: no topic is an error; then Dutch and news only.
    for (const x of ["trainings", "news"]) await page.uncheck(`#f-topics-${x}`);
    expect(await press(page, "main form:not(.inline) button[type=submit]")).toBe(422);
    await audit("preferences, errors");
    await page.selectOption("#f-lang", "nl");
    await page.check("#f-topics-news");
    expect(await press(page, "main form:not(.inline) button[type=submit]")).toBe(200);
    expect(await page.locator(".notice").first().textContent()).toContain(T.prefs.saved);
    const [saved] = await app.db.select().from(mailingSubscriptions).where(eq(mailingSubscriptions.email, email));
    expect(saved).toMatchObject({ status: "confirmed", lang: "nl", topics: ["news"] });

    // Unsubscribe: the button on the preferences page.
    const unsubscribe = `form[action$="/unsubscribe"] button[type=submit]`;
    expect(await press(page, unsubscribe)).toBe(200);
    expect(await page.locator(".notice").first().textContent()).toContain(T.prefs.unsubscribed);
    await audit("preferences, unsubscribed");
    const [gone] = await app.db.select().from(mailingSubscriptions).where(eq(mailingSubscriptions.email, email));
    expect(gone!.status).toBe("unsubscribed");
    if (findings.length) throw new Error(`axe found ${findings.length} violation(s):\n${formatFindings(findings)}`);
  }, 120_000);
});
