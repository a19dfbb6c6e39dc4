import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { outbox } from "../../src/core/mail/schema.js";
import { DEMO_ACCOUNTS } from "../../src/demo/seed.js";
import { type AppHandle, describeBrowser, latestMailTo, launchBrowser, linkIn, startApp } from "./harness.js";

const STUDENT = "eva.debat@student.example.org";
const ORG = "Debating Society Rhetorica";

/** What has focus, as `tag#id.class`, enough to tell elements apart in an assertion message. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el) return "";
    return [el.tagName.toLowerCase(), el.id ? `#${el.id}` : "", ...[...el.classList].map((c) => `.${c}`)].join("");
  });

/** Presses Tab until `selector` has focus (at most `max` times); returns whether it got there. */
async function tabTo(page: Page, selector: string, max = 6) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return true;
  }
  return false;
}

/** Waits for the page a click or key press navigates to; returns its HTTP status. */
async function navigation(page: Page, action: () => Promise<unknown>) {
  const [res] = await Promise.all([page.waitForNavigation(), action()]);
  return res?.status();
}

describeBrowser("end to end in the browser: from sign-in to the next board", () => {
  let app: AppHandle;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it("a student registers an organisation, the office approves it, the new board invites and registers its successor", async () => {
    const student = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const office = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();

    // --- Keyboard only: skip link first, focus to main, then the sign-in form with Tab, typing and Enter.
    await student.goto(`${app.base}/en/sign-in`);
    await student.keyboard.press("Tab");
    expect(await focused(student), "the skip link is the first focusable element").toMatch(/^a\b.*\.skip-link/);
    const skip = await student.locator(".skip-link").boundingBox();
    expect(skip && skip.y >= 0 && skip.height > 0, "the focused skip link is on screen").toBe(true);
    await student.keyboard.press("Enter");
    expect(await focused(student), "the skip link moves focus to main").toMatch(/^main#main/);
    expect(await tabTo(student, "#f-email"), "Tab from main reaches the email field").toBe(true);
    await student.keyboard.type(STUDENT);
    expect(await navigation(student, () => student.keyboard.press("Enter"))).toBe(200);
    expect(new URL(student.url()).pathname).toBe("/en/sign-in/sent");
    await expect.poll(() => student.locator("h1").textContent()).toBe("Check your inbox");

    // --- The link from the outbox; its page only shows a button (mail scanners cannot sign in).
    const mail = await latestMailTo(app, STUDENT);
    expect(mail.template).toBe("auth.sign-in");
    const link = linkIn(mail.text);
    expect(link.startsWith(`${app.base}/`)).toBe(true);
    await student.goto(link);
    expect(await navigation(student, () => student.getByRole("button", { name: "Sign in", exact: true }).click())).toBe(200);
    expect(new URL(student.url()).pathname).toBe("/en/my");
    await expect.poll(() => student.locator("main").textContent()).toContain("You are not on the board of an organisation");

    // --- Ask to register an organisation.
    await navigation(student, () => student.getByRole("link", { name: "Register an organisation" }).first().click());
    expect(new URL(student.url()).pathname).toBe("/en/register-organisation");
    await student.getByLabel("Name of the organisation").fill(ORG);
    await student.getByLabel("Kind of organisation").selectOption({ label: "Other" });
    await student.getByLabel("Website").fill("https://rhetorica.example.org");
    await student.getByLabel("Number of members").fill("40");
    await student.getByLabel("Your position on the board").selectOption({ label: "Chair" });
    await student.getByLabel("Note").fill("We debate every Tuesday.");
    expect(await navigation(student, () => student.getByRole("button", { name: "Send request" }).click())).toBe(200);
    expect(new URL(student.url()).pathname).toBe("/en/my");
    await expect.poll(() => student.getByRole("status").textContent()).toContain("Your request has been sent");
    expect(await student.locator("main").textContent()).toContain("Being reviewed by the office");

    // --- The office (demo admin, via the dev sign-in page) approves it.
    await office.goto(`${app.base}/en/dev/sign-in`);
    await navigation(office, () =>
      office.getByRole("button", { name: `Sign in as ${DEMO_ACCOUNTS.admin.name} (${DEMO_ACCOUNTS.admin.email})` }).click(),
    );
    expect(new URL(office.url()).pathname).toBe("/en/office");
    await navigation(office, () => office.getByRole("link", { name: "1 request waiting for a decision" }).click());
    expect(new URL(office.url()).pathname).toBe("/en/office/requests");
    const request = office.getByRole("region", { name: `New organisation: ${ORG}` });
    expect(await request.textContent()).toContain(STUDENT);
    expect(await navigation(office, () => request.getByRole("button", { name: "Approve" }).click())).toBe(200);
    await expect.poll(() => office.getByRole("status").first().textContent()).toContain("The request has been approved");
    expect((await latestMailTo(app, STUDENT)).template).toBe("org.request-approved");

    // --- The student, now its board, opens the organisation's page.
    await student.reload();
    await navigation(student, () => student.getByRole("link", { name: ORG }).click());
    expect(new URL(student.url()).pathname).toMatch(/^\/en\/organisations\/[0-9a-f-]{36}$/);
    expect(await student.locator("h1").textContent()).toBe(ORG);
    const orgPath = new URL(student.url()).pathname;

    // --- Invite a fellow board member.
    await navigation(student, () => student.getByRole("link", { name: "Invite a board member" }).click());
    await student.getByLabel("Email address").fill("tom.treasurer@student.example.org");
    await student.getByLabel("Name").fill("Tom Smit");
    await student.getByLabel("Position").selectOption({ label: "Treasurer" });
    expect(await navigation(student, () => student.getByRole("button", { name: "Invite" }).click())).toBe(200);
    expect(new URL(student.url()).pathname).toBe(orgPath);
    await expect.poll(() => student.getByRole("status").textContent()).toContain("tom.treasurer@student.example.org has been invited");
    // Invited, not yet on the board: the board sees the open invitation.
    const current = student.getByRole("region", { name: /^Current board/ });
    expect(await current.textContent()).not.toContain("Tom Smit");
    expect(await student.locator("main").textContent()).toContain("Open invitations");
    const invitation = await latestMailTo(app, "tom.treasurer@student.example.org");
    expect(invitation.subject).toContain(ORG);

    // --- Tom opens the invitation in his own browser: the page shows what it is; accepting is a button.
    const tom = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await tom.goto(linkIn(invitation.text));
    expect(await tom.locator("main").textContent()).toContain(`${STUDENT} invites you to join the`);
    expect(await tom.getByLabel("Your name").inputValue()).toBe("Tom Smit");
    expect(await navigation(tom, () => tom.getByRole("button", { name: "Accept the invitation" }).click())).toBe(200);
    expect(new URL(tom.url()).pathname).toBe(orgPath);
    await expect.poll(() => tom.getByRole("status").textContent()).toContain(`Welcome to the board of ${ORG}`);
    await student.reload();
    expect(await student.getByRole("region", { name: /^Current board/ }).textContent()).toContain("Tom Smit");
    expect((await latestMailTo(app, STUDENT)).template).toBe("org.board-change");

    // --- Register the next board, partly by keyboard: the start date field, then Tab through the first row.
    await navigation(student, () => student.getByRole("link", { name: "Register the next board" }).click());
    await student.getByLabel("Start date").fill("2027-09-01");
    await student.getByRole("group", { name: "Board member 1" }).getByLabel("Email address").click();
    await student.keyboard.type("next.chair@student.example.org");
    await student.keyboard.press("Tab");
    await student.keyboard.type("Noa de Wit");
    await student.keyboard.press("Tab");
    expect(await focused(student)).toMatch(/^select#f-position_1/);
    await student.locator("#f-position_1").selectOption("chair");
    await student.getByRole("group", { name: "Board member 2" }).getByLabel("Email address").fill("next.sec@student.example.org");
    await student.getByRole("group", { name: "Board member 2" }).getByLabel("Position").selectOption({ label: "Secretary" });
    expect(await navigation(student, () => student.getByRole("button", { name: "Register new board" }).click())).toBe(200);
    expect(new URL(student.url()).pathname).toBe(orgPath);
    await expect.poll(() => student.getByRole("status").textContent()).toContain("The new board has been registered");
    // Its members are invited; the new board's card lists the open invitations.
    const incoming = await student
      .locator(".card.board", { has: student.getByRole("region", { name: /^New board 2027-2028/ }) })
      .textContent();
    expect(incoming).toContain("next.chair@student.example.org");
    expect(incoming).toContain("next.sec@student.example.org");
    // Registered: the button to register another is gone.
    expect(await student.getByRole("link", { name: "Register the next board" }).count()).toBe(0);

    const mails = await app.db.select().from(outbox).where(eq(outbox.to, "next.chair@student.example.org"));
    expect(mails).toHaveLength(1);
  });
});
