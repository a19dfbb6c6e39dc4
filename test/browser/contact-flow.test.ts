import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { catalogs } from "../../src/catalogs.js";
import { DEMO_ACCOUNTS } from "../../src/demo/seed.js";
import { users } from "../../src/features/auth/schema.js";
import { confidentialAdvisers, contactConversations } from "../../src/features/confidential-contact/schema.js";
import { organisations } from "../../src/features/organisations/schema.js";
import { url } from "../../src/routes.js";
import {
  type A11yFinding,
  type AppHandle,
  axeViolations,
  describeBrowser,
  formatFindings,
  launchBrowser,
  screenshot,
  signInAs,
  startApp,
} from "./harness.js";

const LANGS = ["nl", "en"] as const;
/** The demo's confidential peer listener of Kompas (see src/demo/seed.ts). */
const LISTENER = DEMO_ACCOUNTS.keyFigure.email;

describeBrowser("the confidential contact in the browser", () => {
  let app: AppHandle;
  let browser: Browser;
  let orgId = "";

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    const [kompas] = await app.db.select().from(organisations).where(eq(organisations.name, "Studentenvereniging Kompas"));
    orgId = kompas!.id;
    const [admin] = await app.db.select().from(users).where(eq(users.email, DEMO_ACCOUNTS.admin.email));
    await app.db.insert(confidentialAdvisers).values({ userId: admin!.id });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const submit = async (page: Page, selector = "main form:not(.inline) button[type=submit]") => {
    const [res] = await Promise.all([page.waitForNavigation(), page.locator(selector).first().click()]);
    return res?.status();
  };

  it("a student writes, a listener answers, the student returns with the receipt and reads the answer", async () => {
    const student = await (await browser.newContext()).newPage();
    await student.goto(`${app.base}${url("en", "contactListeners", { orgId })}`);
    expect(await student.locator('a[href="tel:113"]').count()).toBeGreaterThan(0);
    await student.fill("#f-message", "I was treated badly at the initiation.");
    await student.fill("#f-name", "Sam");
    expect(await submit(student)).toBe(200);
    const receipt = (await student.inputValue("#receipt-code")).replace(/ /g, "");
    expect(receipt).toMatch(/^\d{16}$/);
    // The copy button appears with the script.
    expect(await student.locator("button[data-copy=receipt-code]").isVisible()).toBe(true);
    expect(student.url()).not.toContain(receipt);
    await screenshot(student, "contact-receipt-en");

    const listenerContext = await browser.newContext();
    await signInAs(app, listenerContext, LISTENER);
    const listener = await listenerContext.newPage();
    await listener.goto(`${app.base}${url("en", "dashboard")}`);
    await Promise.all([listener.waitForNavigation(), listener.locator(`a[href="${url("en", "listenerInbox", { orgId })}"]`).click()]);
    expect(await listener.locator("main").textContent()).toContain("I was treated badly");
    await Promise.all([listener.waitForNavigation(), listener.locator("main table a").first().click()]);
    expect(await listener.locator("main").textContent()).toContain("Sam");
    await listener.fill("#f-message", "Thank you for telling us. Can we talk?");
    expect(await submit(listener)).toBe(200);
    expect(await listener.locator(".notice").first().textContent()).toContain(catalogs.en.contact.conversation.replied);

    const back = await (await browser.newContext()).newPage();
    await back.goto(`${app.base}${url("en", "contactReturn")}`);
    await back.fill("#f-receipt", receipt.replace(/(\d{4})(?=\d)/g, "$1 "));
    expect(await submit(back)).toBe(200);
    const text = await back.locator("main").textContent();
    expect(text).toContain("I was treated badly at the initiation.");
    expect(text).toContain("Thank you for telling us. Can we talk?");
    expect(back.url()).not.toContain(receipt);
    await back.fill("#f-message", "Yes, please.");
    expect(await submit(back)).toBe(200);
    expect(await back.locator("main").textContent()).toContain("Yes, please.");
    await screenshot(back, "contact-thread-en");
  }, 120_000);

  for (const lang of LANGS) {
    it(`axe finds no violations on the contact's pages (${lang})`, async () => {
      const findings: A11yFinding[] = [];
      const audit = async (page: Page, label: string) => findings.push(...(await axeViolations(page, `${label} (${lang})`)));
      const student = await (await browser.newContext()).newPage();
      await student.goto(`${app.base}${url(lang, "contactListeners", { orgId })}`);
      await audit(student, "write");
      expect(await submit(student)).toBe(422);
      await audit(student, "write, empty");
      await student.fill("#f-message", `A message in ${lang}`);
      await student.check("#f-consent");
      expect(await submit(student)).toBe(200);
      await audit(student, "receipt");
      const receipt = await student.inputValue("#receipt-code");
      await student.goto(`${app.base}${url(lang, "contactReturn")}`);
      await audit(student, "return");
      await student.fill("#f-receipt", "0000 0000 0000 0000");
      expect(await submit(student)).toBe(404);
      await audit(student, "return, not found");
      await student.fill("#f-receipt", receipt);
      expect(await submit(student)).toBe(200);
      await audit(student, "thread");

      const [conv] = await app.db.select().from(contactConversations).where(eq(contactConversations.handoverConsent, true));
      const ids = { orgId, id: conv!.id };
      const listenerContext = await browser.newContext();
      await signInAs(app, listenerContext, LISTENER);
      const listener = await listenerContext.newPage();
      for (const [label, path] of [
        ["inbox", url(lang, "listenerInbox", { orgId })],
        ["conversation", url(lang, "listenerConversation", ids)],
        ["hand over: asks first", url(lang, "listenerHandover", ids)],
      ] as const) {
        expect((await listener.goto(`${app.base}${path}`))?.status(), label).toBe(200);
        await audit(listener, label);
      }
      await listener.goto(`${app.base}${url(lang, "listenerConversation", ids)}`);
      expect(await submit(listener)).toBe(422);
      await audit(listener, "conversation, empty answer");
      await listener.goto(`${app.base}${url(lang, "listenerHandover", ids)}`);
      expect(await submit(listener, "main form.inline button[type=submit]")).toBe(200);

      const adminContext = await browser.newContext();
      await signInAs(app, adminContext, DEMO_ACCOUNTS.admin.email);
      const office = await adminContext.newPage();
      for (const [label, path] of [
        ["office counts", url(lang, "staffContactCounts")],
        ["office advisers", url(lang, "staffAdvisers")],
        ["adviser inbox", url(lang, "adviserInbox")],
        ["adviser conversation", url(lang, "adviserConversation", { id: conv!.id })],
      ] as const) {
        expect((await office.goto(`${app.base}${path}`))?.status(), label).toBe(200);
        await audit(office, label);
      }
      await office.goto(`${app.base}${url(lang, "staffAdvisers")}`);
      expect(await submit(office)).toBe(422);
      await audit(office, "office advisers, none chosen");
      // The next language starts from a clean slate: this conversation is no longer the one with consent.
      await app.db.delete(contactConversations).where(eq(contactConversations.id, conv!.id));
      if (findings.length) throw new Error(`axe found ${findings.length} violation(s):\n${formatFindings(findings)}`);
    }, 120_000);
  }
});
