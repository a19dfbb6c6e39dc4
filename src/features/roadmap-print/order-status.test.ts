/** What an anonymous orderer sees after ordering, and the status page the receipt links to. */
import { count } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { BASE, Client, decodeHtml, linkIn, mailsTo, setupApp, signedIn } from "../../../test/helpers/app.js";
import { orderForm } from "../../../test/helpers/fixtures.js";
import { catalogs } from "../../catalogs.js";
import { outbox } from "../../core/mail/schema.js";
import { url } from "../../routes.js";
import { auditLog } from "../audit/schema.js";
import { printOrders } from "./schema.js";
import { statusToken } from "./service.js";

const ctx = setupApp();
const T = catalogs;
const EMAIL = "mila@pharos.example.org";

/** Places an anonymous order in `lang` and confirms it through the mailed link; the order row. */
async function confirmedOrder(lang: "nl" | "en") {
  const visitor = new Client(ctx);
  const placed = await visitor.post(url(lang, "roadmapOrder"), orderForm());
  expect(placed.status).toBe(303);
  const [confirm] = (await mailsTo(ctx, EMAIL)).filter((m) => m.template === "orders.confirm");
  const token = new URL(linkIn(confirm!.text), BASE).searchParams.get("token")!;
  expect((await visitor.post(url(lang, "roadmapOrderConfirm"), { token })).status).toBe(303);
  const [order] = await ctx.db.select().from(printOrders);
  return { visitor, order: order! };
}

/** Everything a GET could have changed. */
const state = async () => ({
  orders: await ctx.db.select().from(printOrders),
  audit: (await ctx.db.select({ n: count() }).from(auditLog))[0]!.n,
  mail: (await ctx.db.select({ n: count() }).from(outbox))[0]!.n,
});

describe("after ordering without signing in", () => {
  for (const lang of ["nl", "en"] as const)
    it(`${lang}: the page says to check the mail to confirm, and thanks no one yet`, async () => {
      const res = await new Client(ctx).post(url(lang, "roadmapOrder"), orderForm());
      expect(res.headers.get("location")).toBe(url(lang, "roadmapOrderSent"));
      const html = decodeHtml(await (await new Client(ctx).get(res.headers.get("location")!)).text());
      const o = T[lang].orders;
      expect(html).toContain(`<title>${o.checkMailTitle} · Vangnet</title>`);
      expect(html).toContain(`<h1>${o.checkMailTitle}</h1>`);
      expect(html).toContain(o.sentCheckMail);
      expect(html).not.toContain(o.sentTitle);
    });

  it("thanks the orderer once the order has reached the office", async () => {
    const { visitor, order } = await confirmedOrder("en");
    const html = decodeHtml(await (await visitor.get(url("en", "roadmapOrderSent", {}, { ref: order.reference }))).text());
    expect(html).toContain(`<h1>${T.en.orders.sentTitle}</h1>`);
    expect(html).not.toContain(T.en.orders.checkMailTitle);
  });
});

describe("the order's status page", () => {
  it("is linked from the receipt, shows where the order stands, and changes nothing", async () => {
    const { order } = await confirmedOrder("nl");
    const [receipt] = (await mailsTo(ctx, EMAIL)).filter((m) => m.template === "orders.received");
    expect(receipt!.sensitive).toBe(true);
    expect(receipt!.text).toContain(T.nl.orders.mail.statusButton);
    const link = linkIn(receipt!.text.slice(receipt!.text.indexOf(T.nl.orders.mail.statusIntro)));
    expect(link).toBe(`${url("nl", "roadmapOrderStatus")}?token=${statusToken(ctx.deps.env.SESSION_SECRET, order.id)}`);

    const before = await state();
    const stranger = new Client(ctx);
    const res = await stranger.get(link);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    const html = decodeHtml(await res.text());
    expect(html).toContain('<meta name="robots" content="noindex"');
    expect(html).toContain(T.nl.orders.status.title(order.reference));
    expect(html).toContain(T.nl.orders.staff.statuses.new);
    expect(html).toContain(T.nl.orders.status.explain.new);
    // Status only: no form, no button, nothing the orderer typed (a forwarded link shows no address).
    expect(html).not.toMatch(/<form method="post" action="\/nl\/wegwijzer/);
    for (const typed of ["Mila Kowalski", EMAIL, "Voorbeeldstraat", "2311 EZ"]) expect(html).not.toContain(typed);
    expect(await state()).toEqual(before);

    // The office moves the order on: the same link shows the new status.
    const office = await signedIn(ctx, "office@example.org", { staffRole: "staff" });
    await office.client.post(url("en", "staffOrder", { id: order.id }), { action: "preparing", reason: "" });
    const later = decodeHtml(await (await stranger.get(link)).text());
    expect(later).toContain(T.nl.orders.staff.statuses.preparing);
    expect(later).toContain(T.nl.orders.status.explain.preparing);
  });

  it("is a 404 for a token that is not one: guessed, altered, another order's, or none", async () => {
    const { order } = await confirmedOrder("en");
    const good = statusToken(ctx.deps.env.SESSION_SECRET, order.id);
    const [id, mac] = good.split(".");
    const other = "00000000-0000-4000-8000-000000000000";
    for (const token of [
      "",
      id!,
      `${id}.`,
      // One character changed (never to itself: a MAC may end in "A" already).
      `${id}.${mac!.slice(0, -1)}${mac!.endsWith("A") ? "B" : "A"}`,
      `${other}.${mac}`,
      statusToken("another-secret-of-at-least-32-characters!", order.id),
      `${order.reference}.${mac}`,
      "x".repeat(500),
    ]) {
      const res = await new Client(ctx).get(`${url("en", "roadmapOrderStatus")}?token=${encodeURIComponent(token)}`);
      expect(res.status, token).toBe(404);
      expect(await res.text()).toContain(T.en.orders.status.invalidTitle);
    }
    expect((await new Client(ctx).get(`${url("en", "roadmapOrderStatus")}?token=${good}`)).status).toBe(200);
  });
});
