import { desc, eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { catalogs } from "../../src/catalogs.js";
import { outbox } from "../../src/core/mail/schema.js";
import { DEMO_ACCOUNTS } from "../../src/demo/seed.js";
import { officeConversations } from "../../src/features/office-contact/schema.js";
import { url } from "../../src/routes.js";
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

describeBrowser("the contact form to the office in the browser", () => {
  let app: AppHandle;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const submit = async (page: Page, form: string) => {
    const [res] = await Promise.all([page.waitForNavigation(), page.locator(`${form} button[type=submit]`).first().click()]);
    return res?.status();
  };

  it("someone sends a message with the keyboard, the office replies in the thread by mail", async () => {
    const visitor = await (await browser.newContext()).newPage();
    await visitor.goto(`${app.base}${url("en", "contact")}`);
    // Keyboard only: the honeypot is out of the tab order, so Tab goes from the message to the consent box.
    await visitor.focus("#f-name");
    await visitor.keyboard.type("Noor Visitor");
    await visitor.keyboard.press("Tab");
    await visitor.keyboard.type("noor@example.org");
    await visitor.keyboard.press("Tab");
    await visitor.keyboard.type("Rowing Club Leiden");
    await visitor.keyboard.press("Tab");
    await visitor.selectOption("#f-subject", "idea");
    await visitor.focus("#f-message");
    await visitor.keyboard.type("Could we run a well-being week together?");
    await visitor.keyboard.press("Tab");
    expect(await visitor.evaluate(() => document.activeElement?.id)).toBe("f-consent");
    await visitor.keyboard.press("Space");
    const [res] = await Promise.all([visitor.waitForNavigation(), visitor.keyboard.press("Enter")]);
    expect(res?.status()).toBe(200);
    const reference = (await visitor.locator("#reference").textContent())!;
    expect(reference).toMatch(/^C-\d{4}-[A-Z2-9]{6}$/);
    const findings = await axeViolations(visitor, "contact: sent (en)");
    await screenshot(visitor, "office-contact-sent-en");

    const [conv] = await app.db.select().from(officeConversations).where(eq(officeConversations.reference, reference));
    expect(conv).toMatchObject({ name: "Noor Visitor", email: "noor@example.org", subject: "idea" });

    const officeContext = await browser.newContext();
    await signInAs(app, officeContext, DEMO_ACCOUNTS.staff.email);
    const office = await officeContext.newPage();
    await office.goto(`${app.base}${url("en", "staffHome")}`);
    await Promise.all([
      office.waitForNavigation(),
      office
        .locator(`nav a[href="${url("en", "staffContact")}"]`)
        .first()
        .click(),
    ]);
    await Promise.all([office.waitForNavigation(), office.locator(`main table a:text("${reference}")`).click()]);
    expect(await office.locator("main").textContent()).toContain("well-being week together");
    await office.fill("#f-body", "What a good idea, Noor. Shall we meet on Tuesday?");
    expect(await submit(office, `form[action="${url("en", "staffContactConversation", { id: conv!.id })}"]`)).toBe(200);
    expect(await office.locator(".notice").first().textContent()).toContain(catalogs.en.officeContact.office.replied);
    expect(await office.locator(".entry-reply").textContent()).toContain("Shall we meet on Tuesday?");
    findings.push(...(await axeViolations(office, "office: conversation after replying (en)")));
    await screenshot(office, "office-contact-conversation-en");

    const [reply] = await app.db
      .select()
      .from(outbox)
      .where(eq(outbox.template, "officeContact.reply"))
      .orderBy(desc(outbox.createdAt))
      .limit(1);
    expect(reply!.to).toBe("noor@example.org");
    expect(reply!.text).toContain("Shall we meet on Tuesday?");
    expect(reply!.headers["In-Reply-To"]).toBe(conv!.rootMessageId);
    const [now] = await app.db.select().from(officeConversations).where(eq(officeConversations.id, conv!.id));
    expect(now!.status).toBe("waiting");
    expect(findings, formatFindings(findings)).toEqual([]);
  }, 120_000);
});
