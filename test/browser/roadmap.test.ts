import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, asc, eq } from "drizzle-orm";
import type { Browser, Frame, Page } from "playwright-core";
import { afterAll, beforeAll, type ExpectStatic, it } from "vitest";
import { outbox } from "../../src/core/mail/schema.js";
import { DEMO_ACCOUNTS } from "../../src/demo/seed.js";
import { printOrders } from "../../src/features/roadmap-print/schema.js";
import { type AppHandle, describeBrowser, latestMailTo, launchBrowser, linkIn, screenshot, signInAs, startApp } from "./harness.js";

/**
 * The scenarios share one app and browser and run side by side, each in its own browser context
 * (concurrent tests must use their own `expect`, which `expect.poll` needs).
 */
const scenario = (name: string, fn: (expect: ExpectStatic) => Promise<void>) => it.concurrent(name, ({ expect }) => fn(expect), 60_000);

/** Waits for the page a click or key press navigates to; returns its HTTP status. */
async function navigation(page: Page, action: () => Promise<unknown>) {
  const [res] = await Promise.all([page.waitForNavigation(), action()]);
  return res?.status();
}

/** Presses Tab until `selector` has focus (at most `max` times); returns whether it got there. */
async function tabTo(page: Page, selector: string, max = 60) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return true;
  }
  return false;
}

const focusedValue = (page: Page) => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value ?? "");

/** A tiny site on another origin (another port) that serves fixed HTML pages by path. */
async function hostSite(pages: Record<string, string>) {
  const server: Server = createServer((req, res) => {
    const body = pages[new URL(req.url ?? "/", "http://x").pathname];
    res.writeHead(body ? 200 : 404, { "Content-Type": "text/html; charset=utf-8" });
    res.end(body ?? "not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const hostPage = (body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Rowing club Njord</title></head><body><h1>Rowing club Njord</h1><p>Where to turn:</p>${body}</body></html>`;

/** The child frame of `page` whose iframe element matches `selector`. */
async function frameOf(page: Page, selector: string): Promise<Frame> {
  const handle = await page.locator(selector).elementHandle();
  const frame = await handle?.contentFrame();
  if (!frame) throw new Error(`no frame for ${selector}`);
  return frame;
}

describeBrowser("the roadmap in the browser: topics, search, guided path, embed, orders", () => {
  let app: AppHandle;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function tab(viewport = { width: 1280, height: 900 }) {
    const context = await browser.newContext({ viewport, reducedMotion: "reduce" });
    return { context, page: await context.newPage() };
  }

  scenario("a topic tile opens the topic: urgent help first, tap-to-call links, the urgent line, the language switch", async (expect) => {
    const { context, page } = await tab();
    await page.goto(`${app.base}/en/roadmap`);
    expect(
      await navigation(page, () =>
        page
          .locator(".topic-grid")
          .getByRole("link", { name: /Feeling low/ })
          .click(),
      ),
    ).toBe(200);
    expect(new URL(page.url()).pathname).toBe("/en/roadmap/topic/low-mood");
    expect(await page.locator("h1").textContent()).toBe("Feeling low");

    // The urgent line with its numbers is on screen.
    const urgentBar = page.getByRole("complementary", { name: "Urgent help" });
    expect(await urgentBar.isVisible()).toBe(true);
    expect(await urgentBar.textContent()).toContain("Thinking about suicide? Call 113");
    expect(await urgentBar.getByRole("link", { name: "113", exact: true }).getAttribute("href")).toBe("tel:113");

    // Urgent resources come first, every card with a phone number has a tel: link.
    const cards = page.locator(".resource-list article");
    const list = await cards.evaluateAll((els) =>
      els.map((el) => ({
        name: el.querySelector("h2")?.textContent?.trim() ?? "",
        urgent: el.classList.contains("urgent"),
        badge: el.querySelector(".badge.danger")?.textContent ?? null,
        tel: [...el.querySelectorAll<HTMLAnchorElement>("a[href^='tel:']")].map((a) => a.getAttribute("href")),
      })),
    );
    expect(list.length).toBeGreaterThan(2);
    const firstNormal = list.findIndex((r) => !r.urgent);
    expect(firstNormal, "at least one urgent resource").toBeGreaterThan(0);
    expect(
      list.slice(firstNormal).every((r) => !r.urgent),
      `urgent ones first: ${list.map((r) => `${r.name}${r.urgent ? " (urgent)" : ""}`).join(", ")}`,
    ).toBe(true);
    expect(list[0]!.badge).toBe("Urgent");
    expect(list[0]!.tel.length).toBeGreaterThan(0);
    for (const href of list.flatMap((r) => r.tel)) expect(href).toMatch(/^tel:\+?\d{3,}$/);
    expect(await page.getByRole("link", { name: "Call 113" }).first().isVisible()).toBe(true);
    expect(await page.locator("main").textContent()).toContain(`${list.length} places to turn to`);
    await screenshot(page, "roadmap-topic-en");

    // The language switch stays on the same topic.
    expect(await navigation(page, () => page.getByRole("link", { name: /Nederlands/ }).click())).toBe(200);
    expect(new URL(page.url()).pathname).toBe("/nl/wegwijzer/thema/low-mood");
    expect(await page.locator("h1").textContent()).toBe("Somberheid");
    expect(await page.locator("html").getAttribute("lang")).toBe("nl");
    expect(await page.locator(".resource-list article").count()).toBe(list.length);
    expect(await page.getByRole("complementary", { name: "Direct hulp" }).textContent()).toContain("Bel 113");
    await context.close();
  });

  scenario("search finds places despite a typo; the query stays in the URL and the box", async (expect) => {
    const { context, page } = await tab();
    await page.goto(`${app.base}/en/roadmap`);
    await page.getByLabel("Search the roadmap").click();
    await page.keyboard.type("strss");
    expect(await navigation(page, () => page.keyboard.press("Enter"))).toBe(200);
    const u = new URL(page.url());
    expect(u.pathname).toBe("/en/roadmap/search");
    expect(u.searchParams.get("q")).toBe("strss");
    expect(await page.getByLabel("Search the roadmap").inputValue()).toBe("strss");
    expect(await page.locator("h1").textContent()).toBe("Search results for ‘strss’");
    const status = await page.getByRole("status").textContent();
    const n = Number(status?.match(/^(\d+) results?$/)?.[1] ?? 0);
    expect(n, `results for a typo: ${status}`).toBeGreaterThan(0);
    expect(await page.locator(".resource-list article").count()).toBe(n);
    expect((await page.locator(".resource-list").textContent())?.toLowerCase()).toContain("stress");
    await context.close();
  });

  scenario("the guided path by keyboard only: four questions, a localized error, a shareable shortlist", async (expect) => {
    const { context, page } = await tab();
    await page.goto(`${app.base}/en/roadmap/where-can-i-turn`);

    // Question 1 submitted without an answer: the error, in English, at the question.
    expect(await tabTo(page, ".guide-form button[type=submit]"), "Tab reaches the Next button").toBe(true);
    expect(await navigation(page, () => page.keyboard.press("Enter"))).toBe(422);
    const error = page.locator("#guide-error");
    expect(await error.isVisible()).toBe(true);
    expect(await error.textContent()).toBe("Error: Choose an answer.");
    expect(await page.locator("fieldset").getAttribute("aria-describedby")).toBe("guide-error");

    // Question 1 (topic): Tab into the group (the first choice), ArrowDown picks the second, Enter goes on.
    expect(await tabTo(page, "input[name=topic]")).toBe(true);
    await page.keyboard.press("ArrowDown");
    expect(await focusedValue(page)).toBe("stress-anxiety");
    expect(await page.locator("input[name=topic]:checked").getAttribute("value")).toBe("stress-anxiety");
    expect(await navigation(page, () => page.keyboard.press("Enter"))).toBe(200);
    expect(await page.locator("legend").textContent()).toContain("Question 2 of 4");

    // Question 2 (urgency): Space chooses the focused first answer.
    expect(await tabTo(page, "input[name=urgent]")).toBe(true);
    await page.keyboard.press("Space");
    expect(await page.locator("input[name=urgent]:checked").getAttribute("value")).toBe("now");
    expect(await navigation(page, () => page.keyboard.press("Enter"))).toBe(200);

    // Question 3 (student here?): ArrowDown to "No".
    expect(await page.locator("legend").textContent()).toContain("Question 3 of 4");
    expect(await tabTo(page, "input[name=student]")).toBe(true);
    await page.keyboard.press("ArrowDown");
    expect(await page.locator("input[name=student]:checked").getAttribute("value")).toBe("no");
    expect(await navigation(page, () => page.keyboard.press("Enter"))).toBe(200);

    // Question 4 (language): ArrowDown to English, then Tab to the button and Enter.
    expect(await page.locator("legend").textContent()).toContain("Question 4 of 4");
    expect(await tabTo(page, "input[name=language]")).toBe(true);
    await page.keyboard.press("ArrowDown");
    expect(await page.locator("input[name=language]:checked").getAttribute("value")).toBe("en");
    expect(await tabTo(page, ".guide-form button[type=submit]", 3)).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Show my shortlist");
    expect(await navigation(page, () => page.keyboard.press("Enter"))).toBe(200);

    // The shortlist: urgent help first (it is urgent now).
    expect(await page.getByRole("heading", { level: 2, name: "Your shortlist" }).isVisible()).toBe(true);
    const names = () => page.locator(".resource-list article h3").allTextContents();
    const shortlist = await names();
    expect(shortlist.length).toBeGreaterThan(1);
    expect(await page.locator(".resource-list article").first().getAttribute("class")).toContain("urgent");
    await screenshot(page, "roadmap-guide-result-en");

    // The share link: the answers only, on the portal's base URL; a fresh page shows the same list.
    const share = await page.getByLabel("Share or save this link:").inputValue();
    const shareUrl = new URL(share);
    expect(shareUrl.origin).toBe(app.base);
    expect(Object.fromEntries(shareUrl.searchParams)).toEqual({ topic: "stress-anxiety", urgent: "now", student: "no", language: "en" });
    const other = await tab();
    expect((await other.page.goto(share))?.status()).toBe(200);
    expect(await other.page.locator(".resource-list article h3").allTextContents()).toEqual(shortlist);
    await other.context.close();
    await context.close();
  });

  scenario("the embed on another origin: framed, resized to its content; other pages refuse to be framed", async (expect) => {
    // The snippet exactly as the builder gives it to a board member.
    const builder = await tab();
    await signInAs(app, builder.context, DEMO_ACCOUNTS.board.email);
    await builder.page.goto(`${app.base}/en/roadmap/embed?lang=en&topics=money`);
    const snippet = await builder.page.locator("#b-snippet").inputValue();
    await builder.context.close();
    expect(snippet).toContain(`<iframe src="${app.base}/embed/roadmap?lang=en&topics=money"`);
    expect(snippet).toContain("data-vangnet-embed");
    expect(snippet).toContain(`<script src="${app.base}/static/embed.js" async></script>`);

    const host = await hostSite({
      "/": hostPage(snippet),
      "/framed-portal": hostPage(`<iframe id="portal" src="${app.base}/en/roadmap" title="Portal" width="100%" height="400"></iframe>`),
    });
    try {
      const { context, page } = await tab({ width: 800, height: 900 });
      const consoleErrors: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error") consoleErrors.push(m.text());
      });
      expect((await page.goto(host.origin))?.status()).toBe(200);
      expect(new URL(page.url()).origin).not.toBe(new URL(app.base).origin);
      const iframe = page.locator("iframe[data-vangnet-embed]");
      const frame = await frameOf(page, "iframe[data-vangnet-embed]");
      await frame.waitForLoadState("load");
      expect(frame.url()).toBe(`${app.base}/embed/roadmap?lang=en&topics=money`);
      await expect.poll(() => frame.locator("h1").textContent()).toBe("Student well-being roadmap");
      const money = frame.locator("details", { has: frame.locator("summary", { hasText: "Money worries" }) });
      expect(await money.count()).toBe(1);
      // Only the chosen topic, plus urgent help (always shown, open).
      expect(await frame.locator("summary").allTextContents()).toEqual(["Urgent help", "Money worries"]);
      expect(await money.getAttribute("open")).toBeNull();

      const frameHeight = () => iframe.evaluate((el) => el.getBoundingClientRect().height);
      const content = () =>
        frame.evaluate(() => ({
          scrollHeight: document.documentElement.scrollHeight,
          height: document.documentElement.getBoundingClientRect().height,
          viewport: window.innerHeight,
        }));
      const gap = async (which: "scrollHeight" | "height") => Math.abs((await frameHeight()) - (await content())[which]);
      // The script settles the frame to its content on load.
      await expect.poll(() => gap("height")).toBeLessThanOrEqual(3);
      const before = await frameHeight();

      // Open the money topic inside the frame: the frame grows with its content, nothing to scroll inside.
      await frame.locator("summary", { hasText: "Money worries" }).click();
      expect(await money.getAttribute("open")).toBe("");
      expect(await money.locator(".resources li").count()).toBeGreaterThan(0);
      await expect.poll(frameHeight).toBeGreaterThan(before + 20);
      await expect.poll(() => gap("scrollHeight")).toBeLessThanOrEqual(3);
      const grown = await content();
      expect(grown.viewport).toBeGreaterThanOrEqual(grown.scrollHeight - 3);
      await screenshot(page, "roadmap-embed-host-page");

      // Closing both topics shrinks it again (no empty space left under the content).
      await frame.locator("summary", { hasText: "Money worries" }).click();
      await frame.locator("summary", { hasText: "Urgent help" }).click();
      await expect.poll(frameHeight).toBeLessThan(before - 20);
      await expect.poll(() => gap("height")).toBeLessThanOrEqual(3);

      // A normal portal page is refused inside the other site: Chromium shows its error page instead.
      await page.goto(`${host.origin}/framed-portal`);
      const blocked = await frameOf(page, "#portal");
      await expect.poll(() => blocked.url()).toMatch(/^chrome-error:/);
      expect(blocked.url()).not.toContain(app.base);
      expect(await blocked.locator(".roadmap").count()).toBe(0);
      await expect.poll(() => consoleErrors.some((e) => /frame-ancestors|X-Frame-Options|refused to connect/i.test(e))).toBe(true);
      await context.close();
    } finally {
      await host.close();
    }
  });

  scenario("an anonymous order: errors kept in place, mailed confirmation, then the office sends it", async (expect) => {
    const EMAIL = "orders@njord.example.org";
    const { context, page } = await tab();
    await page.goto(`${app.base}/en/roadmap`);
    expect(await navigation(page, () => page.getByRole("link", { name: "Order printed copies" }).click())).toBe(200);
    expect(new URL(page.url()).pathname).toBe("/en/roadmap/order");
    expect(await page.locator(".notice").textContent()).toContain("You are not signed in");

    const fill = async (quantityNl: string) => {
      await page.getByLabel("Organisation", { exact: true }).fill("Rowing club Njord");
      await page.getByLabel("Contact person").fill("Jan de Roeier");
      await page.getByLabel("Email address").fill(EMAIL);
      await page.getByLabel("In Dutch").fill(quantityNl);
      await page.getByLabel("In English").fill("5");
      await page.getByLabel("Street and number").fill("Galgewater 1");
      await page.getByLabel("Postcode").fill("2311 ez");
      await page.getByLabel("City").fill("Leiden");
      await page.getByLabel("Country").selectOption("NL");
    };

    // Too many: the error at the quantities, everything typed still there.
    await fill("600");
    expect(await navigation(page, () => page.getByRole("button", { name: "Send order" }).click())).toBe(422);
    const quantityError = page.locator("#f-quantity #f-quantity-error");
    expect(await quantityError.isVisible()).toBe(true);
    expect(await quantityError.textContent()).toContain("You can order at most 500 leaflets at a time.");
    expect(await page.getByLabel("In Dutch").getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByLabel("In Dutch").getAttribute("aria-describedby")).toContain("f-quantity-error");
    expect(await page.locator(".error-summary").textContent()).toContain("Number of leaflets: You can order at most 500");
    expect(await page.getByLabel("In Dutch").inputValue()).toBe("600");
    expect(await page.getByLabel("In English").inputValue()).toBe("5");
    expect(await page.getByLabel("Organisation", { exact: true }).inputValue()).toBe("Rowing club Njord");
    expect(await page.getByLabel("Email address").inputValue()).toBe(EMAIL);
    expect(await page.getByLabel("Postcode").inputValue()).toBe("2311 ez");
    expect(await page.getByLabel("Country").inputValue()).toBe("NL");
    expect(await app.db.select().from(printOrders).where(eq(printOrders.email, EMAIL))).toHaveLength(0);

    // Corrected: sent, waiting for the mailed confirmation.
    await page.getByLabel("In Dutch").fill("10");
    expect(await navigation(page, () => page.getByRole("button", { name: "Send order" }).click())).toBe(200);
    expect(new URL(page.url()).pathname).toBe("/en/roadmap/order/sent");
    expect(await page.locator("h1").textContent()).toBe("Check your mail to confirm your order");
    expect(await page.locator("main").textContent()).toContain("Check your inbox");

    const confirmMail = await latestMailTo(app, EMAIL);
    expect(confirmMail.template).toBe("orders.confirm");
    // The address has confirmed nothing yet: the mail carries nothing typed on the form.
    expect(confirmMail.text).not.toContain("Galgewater");
    expect(confirmMail.text).toContain("10 in Dutch, 5 in English");
    const link = linkIn(confirmMail.text);
    expect(link.startsWith(`${app.base}/en/roadmap/order/confirm?token=`)).toBe(true);
    await page.goto(link);
    expect(await page.locator("h1").textContent()).toBe("Confirm order");
    expect(await page.locator("dl.details").textContent()).toContain("10 in Dutch, 5 in English");
    expect(await navigation(page, () => page.getByRole("button", { name: "Confirm order" }).click())).toBe(200);
    expect(new URL(page.url()).pathname).toBe("/en/roadmap/order/sent");
    const reference = (await page.locator(".lead").textContent())?.match(/WW-[0-9A-Z]{5}/)?.[0];
    expect(reference, "the confirmation page shows the reference").toBeTruthy();
    expect((await latestMailTo(app, EMAIL)).template).toBe("orders.received");

    // The office: dev sign-in, the orders queue, the order, two steps.
    const office = await tab();
    const o = office.page;
    await o.goto(`${app.base}/en/dev/sign-in`);
    await navigation(o, () =>
      o.getByRole("button", { name: `Sign in as ${DEMO_ACCOUNTS.admin.name} (${DEMO_ACCOUNTS.admin.email})` }).click(),
    );
    expect(new URL(o.url()).pathname).toBe("/en/office");
    expect(await navigation(o, () => o.getByRole("navigation", { name: "Office" }).getByRole("link", { name: "Orders" }).click())).toBe(
      200,
    );
    expect(new URL(o.url()).pathname).toBe("/en/office/orders");
    const row = o.locator("tbody tr", { hasText: reference! });
    expect(await row.count()).toBe(1);
    expect(await row.textContent()).toContain("Rowing club Njord");
    expect(await row.locator("td.num").allTextContents()).toEqual(["10", "5"]);
    expect(await row.textContent()).toContain("New");
    await screenshot(o, "roadmap-office-orders-en");

    expect(await navigation(o, () => row.getByRole("link", { name: reference! }).click())).toBe(200);
    expect(await o.locator("h1").textContent()).toBe(reference);
    expect(await o.locator("dl.details").textContent()).toContain("Galgewater 1, 2311 EZ Leiden, Netherlands");
    expect(await navigation(o, () => o.getByRole("button", { name: "Start preparing" }).click())).toBe(200);
    expect(await o.getByRole("status").first().textContent()).toContain("The order is being prepared");
    expect(await o.locator("dl.details").textContent()).toContain("Being prepared");
    expect((await latestMailTo(app, EMAIL)).template).toBe("orders.preparing");
    expect(await navigation(o, () => o.getByRole("button", { name: "Mark as sent" }).click())).toBe(200);
    expect(await o.getByRole("status").first().textContent()).toContain("The order has been marked as sent");
    expect(await o.locator("main").textContent()).toContain("This order is finished");
    expect(await o.getByRole("button", { name: "Mark as sent" }).count()).toBe(0);

    const mails = await app.db.select().from(outbox).where(eq(outbox.to, EMAIL)).orderBy(asc(outbox.createdAt));
    expect(mails.map((m) => m.template)).toEqual(["orders.confirm", "orders.received", "orders.preparing", "orders.sent"]);
    expect(mails[3]!.subject).toBe(`Your order ${reference} has been sent`);
    const [stored] = await app.db
      .select()
      .from(printOrders)
      .where(and(eq(printOrders.email, EMAIL), eq(printOrders.reference, reference!)));
    expect(stored).toMatchObject({ status: "sent", postcode: "2311 EZ", quantityNl: 10, quantityEn: 5, country: "NL" });

    // Back in the queue: no longer open, listed under "Sent".
    await o.goto(`${app.base}/en/office/orders`);
    expect(await o.locator("tbody tr", { hasText: reference! }).count()).toBe(0);
    await o.getByRole("combobox", { name: "Status" }).selectOption({ label: "Sent" });
    expect(await navigation(o, () => o.getByRole("button", { name: "Filter" }).click())).toBe(200);
    expect(await o.locator("tbody tr", { hasText: reference! }).textContent()).toContain("Sent");
    await office.context.close();
    await context.close();
  });

  scenario("the embed builder: the preview, the snippet and the QR code follow the choices", async (expect) => {
    const { context, page } = await tab();
    await signInAs(app, context, DEMO_ACCOUNTS.board.email);
    await page.goto(`${app.base}/nl/wegwijzer`);
    expect(await navigation(page, () => page.getByRole("link", { name: "Wegwijzer op je eigen website zetten" }).click())).toBe(200);
    expect(new URL(page.url()).pathname).toBe("/nl/wegwijzer/insluiten");

    await page.getByLabel("Engels").check();
    await page.getByLabel("Geldzorgen").check();
    await page.getByLabel("Wonen").check();
    await page.getByLabel("Accentkleur").fill("#1D4ED8");
    expect(await navigation(page, () => page.getByRole("button", { name: "Voorbeeld bijwerken" }).click())).toBe(200);
    const u = new URL(page.url());
    expect(u.searchParams.get("lang")).toBe("en");
    expect(u.searchParams.getAll("topics")).toEqual(["money", "housing"]);

    // The form keeps the choices.
    expect(await page.getByLabel("Engels").isChecked()).toBe(true);
    expect(await page.getByLabel("Geldzorgen").isChecked()).toBe(true);
    expect(await page.getByLabel("Wonen").isChecked()).toBe(true);
    expect(await page.getByLabel("Stress en angst").isChecked()).toBe(false);
    expect(await page.getByLabel("Accentkleur").inputValue()).toBe("#1D4ED8");

    // The snippet.
    const snippet = await page.locator("#b-snippet").inputValue();
    const src = snippet.match(/<iframe src="([^"]+)"/)?.[1];
    expect(src, snippet).toBeTruthy();
    const embed = new URL(src!);
    expect(embed.origin + embed.pathname).toBe(`${app.base}/embed/roadmap`);
    expect(Object.fromEntries(embed.searchParams)).toEqual({ lang: "en", topics: "money,housing", accent: "1d4ed8" });
    expect(snippet).toContain('title="Student well-being roadmap"');
    expect(snippet).toContain(`<script src="${app.base}/static/embed.js" async></script>`);

    // The preview: English, only the chosen topics (and urgent help), in the chosen colour.
    const preview = page.locator("iframe.embed-preview");
    await preview.scrollIntoViewIfNeeded();
    const frame = await frameOf(page, "iframe.embed-preview");
    await frame.waitForLoadState("load");
    expect(new URL(frame.url()).searchParams.get("accent")).toBe("1d4ed8");
    await expect.poll(() => frame.locator("h1").textContent()).toBe("Student well-being roadmap");
    expect(await frame.locator("summary").allTextContents()).toEqual(["Urgent help", "Money worries", "Housing"]);
    expect(await frame.locator(".full a").evaluate((el) => getComputedStyle(el).backgroundColor)).toBe("rgb(29, 78, 216)");

    // The QR code (for the English roadmap) loads.
    const qr = page.getByRole("img", { name: "QR-code naar de wegwijzer" });
    await qr.scrollIntoViewIfNeeded();
    expect(new URL((await qr.getAttribute("src"))!, app.base).searchParams.get("lang")).toBe("en");
    await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    expect(await page.getByRole("link", { name: `${app.base}/en/roadmap` }).count()).toBe(1);

    // A colour too light for white text: the error at the field, the default colour in the preview.
    await page.getByLabel("Accentkleur").fill("#ffee00");
    expect(await navigation(page, () => page.getByRole("button", { name: "Voorbeeld bijwerken" }).click())).toBe(422);
    expect(await page.locator("#b-accent-error").textContent()).toContain("Deze kleur is te licht voor witte tekst.");
    expect(await page.getByLabel("Accentkleur").inputValue()).toBe("#ffee00");
    expect(await page.locator("#b-snippet").inputValue()).not.toContain("accent=");
    await context.close();
  });
});
