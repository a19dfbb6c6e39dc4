/**
 * Mail to an order's contact address: until that address has confirmed the order (the POST behind
 * the mailed link), the mail carries only the portal's own text, never what the orderer typed. An
 * anonymous form must not let anyone send their words to any mailbox through the portal.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { BASE, Client, decodeHtml, linkIn, mailsTo, setupApp, signedIn } from "../../../test/helpers/app.js";
import { orderForm } from "../../../test/helpers/fixtures.js";
import { catalogs } from "../../catalogs.js";
import type { Lang } from "../../core/i18n/index.js";
import { url } from "../../routes.js";
import { printOrders } from "./schema.js";
import { addressConfirmed, orderSchema } from "./service.js";

const ctx = setupApp();
const T = catalogs;
const OFFICE = () => ctx.deps.env.OFFICE_EMAIL;
const VICTIM = "victim@example.org";

/** Free text an abuser would type, in every typed field that could reach a mail. */
const HOSTILE = {
  organisationName: "Win a prize at evil.example",
  contactName: "Visit evil.example",
  street: "Go to evil dot example 1",
  city: "Phishville",
  note: "Click http://evil.example now",
};
const TYPED = Object.values(HOSTILE);

type Mail = Awaited<ReturnType<typeof mailsTo>>[number];

/** Nothing typed by the orderer, in the subject, the plain text or the HTML. */
function expectNoTypedText(mail: Mail) {
  for (const part of [mail.subject, mail.text, mail.html]) {
    for (const typed of TYPED) expect(part, typed).not.toContain(typed);
    expect(part).not.toContain("evil");
    expect(part).not.toContain("Phishville");
  }
  // The one link is the portal's own confirmation link.
  const links = [...mail.text.matchAll(/https?:\/\/\S+/g)].map((m) => m[0]);
  expect(links).toHaveLength(1);
  expect(links[0]!.startsWith(`${BASE}/`)).toBe(true);
}

const allOrders = () => ctx.db.select().from(printOrders);
const orderById = async (id: string) => (await ctx.db.select().from(printOrders).where(eq(printOrders.id, id)))[0]!;
const tokenOf = (link: string) => new URL(link, BASE).searchParams.get("token")!;

async function confirm(lang: Lang, link: string) {
  const visitor = new Client(ctx);
  expect((await visitor.get(link)).status).toBe(200);
  const res = await visitor.post(url(lang, "roadmapOrderConfirm"), { token: tokenOf(link) });
  expect(res.status).toBe(303);
  return res;
}

describe("mail to an address that has not confirmed anything", () => {
  for (const lang of ["nl", "en"] as const)
    it(`${lang}: an anonymous order's confirmation mail carries none of the typed text; the receipt after confirming does`, async () => {
      const res = await new Client(ctx).post(url(lang, "roadmapOrder"), orderForm({ ...HOSTILE, email: VICTIM }));
      expect(res.status).toBe(303);
      const [order] = await allOrders();
      expect(order!.status).toBe("unconfirmed");

      const [mail, ...more] = await mailsTo(ctx, VICTIM);
      expect(more).toHaveLength(0);
      expect(mail!.template).toBe("orders.confirm");
      expect(mail!.lang).toBe(lang);
      expectNoTypedText(mail!);
      // Only the portal's words: a neutral greeting, the reference, the numbers and the link.
      const m = T[lang].orders.mail;
      expect(mail!.subject).toBe(m.confirmSubject);
      expect(mail!.text).toContain(m.greeting);
      expect(mail!.text).toContain(m.confirmBody);
      expect(mail!.text).toContain(order!.reference);
      expect(mail!.text).toContain(T[lang].orders.copies(40, 60));
      expect(mail!.text).toContain(m.confirmIgnore);
      expect(linkIn(mail!.text)).toBe(`${url(lang, "roadmapOrderConfirm")}?token=${tokenOf(linkIn(mail!.text))}`);
      expect(await mailsTo(ctx, OFFICE())).toHaveLength(0);

      // The person at the address confirms: now the receipt may show what the order says.
      await confirm(lang, linkIn(mail!.text));
      expect((await orderById(order!.id)).status).toBe("new");
      const [receipt] = await mailsTo(ctx, VICTIM);
      expect(receipt!.template).toBe("orders.received");
      expect(receipt!.subject).toBe(m.receivedSubject(order!.reference));
      for (const typed of TYPED) expect(receipt!.text).toContain(typed);
      expect(await mailsTo(ctx, OFFICE())).toHaveLength(1);
    });

  it("a signed-in order to another address waits for that address's confirmation, mailed without typed text", async () => {
    const { client, user } = await signedIn(ctx, "chair@pharos.example.org", { name: "Chair Person" });
    const res = await client.post(url("en", "roadmapOrder"), orderForm({ ...HOSTILE, email: VICTIM }));
    expect(res.status).toBe(303);
    // No reference on the thank-you page: it asks to check the mailbox, as for anyone.
    expect(res.headers.get("location")).toBe(url("en", "roadmapOrderSent"));
    expect(await (await client.get(url("en", "roadmapOrderSent"))).text()).toContain(T.en.orders.sentCheckMail);

    const [order] = await allOrders();
    expect(order).toMatchObject({ status: "unconfirmed", email: VICTIM, createdBy: user.id });
    expect(order!.confirmTokenHash).toMatch(/^[0-9a-f]{64}$/);

    // The address gets a confirmation without the typed text; the account's own address and
    // the office get nothing, and the order is not in the office's queue.
    const [mail, ...more] = await mailsTo(ctx, VICTIM);
    expect(more).toHaveLength(0);
    expect(mail!.template).toBe("orders.confirm");
    expectNoTypedText(mail!);
    expect(await mailsTo(ctx, "chair@pharos.example.org")).toHaveLength(0);
    expect(await mailsTo(ctx, OFFICE())).toHaveLength(0);
    const { client: staff } = await signedIn(ctx, "office@vangnet.example.org", { staffRole: "staff" });
    expect(await (await staff.get(url("en", "staffOrders", {}, { status: "all" }))).text()).not.toContain(order!.reference);
    expect((await staff.get(url("en", "staffOrder", { id: order!.id }))).status).toBe(404);

    // Confirmed by whoever reads that mailbox: now it is new, with a receipt and the office's mail.
    await confirm("en", linkIn(mail!.text));
    expect((await orderById(order!.id)).status).toBe("new");
    const [receipt] = await mailsTo(ctx, VICTIM);
    expect(receipt!.subject).toBe(T.en.orders.mail.receivedSubject(order!.reference));
    expect(receipt!.text).toContain(HOSTILE.note);
    expect(await mailsTo(ctx, OFFICE())).toHaveLength(1);
  });

  it("a signed-in order to the account's own address (in any case) is new at once, with a receipt that shows the order", async () => {
    const { client } = await signedIn(ctx, "chair@pharos.example.org");
    const res = await client.post(url("nl", "roadmapOrder"), orderForm({ ...HOSTILE, email: "Chair@Pharos.example.org" }));
    expect(res.status).toBe(303);
    const ref = new URL(res.headers.get("location")!, BASE).searchParams.get("ref");
    const [order] = await allOrders();
    expect(order).toMatchObject({ status: "new", reference: ref, email: "chair@pharos.example.org", confirmTokenHash: null });
    const [receipt, ...more] = await mailsTo(ctx, "chair@pharos.example.org");
    expect(more).toHaveLength(0);
    expect(receipt!.template).toBe("orders.received");
    expect(receipt!.text).toContain(HOSTILE.note);
    expect(await mailsTo(ctx, OFFICE())).toHaveLength(1);
  });

  it("tells a signed-in orderer which address needs no confirmation", async () => {
    const { client } = await signedIn(ctx, "chair@pharos.example.org");
    const html = decodeHtml(await (await client.get(url("en", "roadmapOrder"))).text());
    expect(html).toContain(T.en.orders.signedInNote("chair@pharos.example.org"));
    expect(await (await new Client(ctx).get(url("en", "roadmapOrder"))).text()).not.toContain("chair@pharos.example.org");
  });

  it("skips the confirmation only for a signed-in order to the account's own address", () => {
    const input = orderSchema.parse(orderForm({ email: "Chair@Pharos.example.org" }));
    expect(addressConfirmed({ input, userId: null, accountEmail: "chair@pharos.example.org" })).toBe(false);
    expect(addressConfirmed({ input, userId: "u1", accountEmail: "chair@pharos.example.org" })).toBe(true);
    expect(addressConfirmed({ input, userId: "u1", accountEmail: "CHAIR@pharos.example.org " })).toBe(true);
    expect(addressConfirmed({ input, userId: "u1", accountEmail: "someone@pharos.example.org" })).toBe(false);
    // What the order form passes for a visitor who is not signed in.
    expect(addressConfirmed({ input, userId: null, accountEmail: "" })).toBe(false);
  });
});
