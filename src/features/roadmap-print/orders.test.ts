import { and, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { Client, decodeHtml, fieldError, linkIn, mailsTo, setupApp, signedIn } from "../../../test/helpers/app.js";
import { orderForm } from "../../../test/helpers/fixtures.js";
import { catalogs } from "../../catalogs.js";
import { HOUR } from "../../core/clock.js";
import { normaliseDutchPostcode } from "../../core/forms.js";
import { LANGS, type Lang } from "../../core/i18n/index.js";
import { outbox } from "../../core/mail/schema.js";
import { url } from "../../routes.js";
import { auditLog } from "../audit/schema.js";
import { users } from "../auth/schema.js";
import { boardMembers } from "../organisations/schema.js";
import { createBoard, createOrganisation } from "../organisations/service.js";
import { CONFIRM_LIMIT, ORDER_LIMIT } from "./public.routes.js";
import { type OrderStatus, printOrders } from "./schema.js";
import {
  actionsFrom,
  countryOptions,
  newReference,
  type Order,
  orderTotals,
  purgeUnconfirmedOrders,
  REFERENCE_ALPHABET,
  REFERENCE_PATTERN,
} from "./service.js";

const ctx = setupApp();
const T = catalogs;
const OFFICE = () => ctx.deps.env.OFFICE_EMAIL;

// ---------- fixtures ----------

const valid = orderForm;

async function counts() {
  const [o] = await ctx.db.select({ n: count() }).from(printOrders);
  const [m] = await ctx.db.select({ n: count() }).from(outbox);
  return { orders: o!.n, mails: m!.n };
}

const allOrders = () => ctx.db.select().from(printOrders);
const orderByRef = async (reference: string) => (await ctx.db.select().from(printOrders).where(eq(printOrders.reference, reference)))[0]!;
const orderById = async (id: string) => (await ctx.db.select().from(printOrders).where(eq(printOrders.id, id)))[0]!;
const auditOf = (id: string) =>
  ctx.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entity, "roadmap_print_order"), eq(auditLog.entityId, id)));

const staffMember = () => signedIn(ctx, "office@vangnet.example.org", { staffRole: "staff", name: "Olga Office" });

/** A signed-in user on the current board of an organisation. */
async function boardMember(email = "chair@pharos.example.org", orgName = "Studievereniging Pharos", lang: Lang = "nl") {
  const { id: orgId } = await createOrganisation(ctx.db, null, {
    name: orgName,
    kind: "study_association",
    faculty: null,
    website: null,
    contactUrl: null,
    email: null,
    lang: "en",
    memberCount: null,
  });
  const board = await createBoard(ctx.db, { actorId: null, orgId, startsOn: "2026-09-01", env: ctx.deps.env });
  const s = await signedIn(ctx, email, { name: "Chair Person" });
  await ctx.db.update(users).set({ lang }).where(eq(users.id, s.user.id));
  await ctx.db.insert(boardMembers).values({ boardId: board.id, userId: s.user.id, position: "chair" });
  return { ...s, orgId };
}

/** An order straight in the database, in any status (for the office's lists and totals). */
async function insertOrder(status: OrderStatus, over: Partial<typeof printOrders.$inferInsert> = {}) {
  const [o] = await ctx.db
    .insert(printOrders)
    .values({
      reference: newReference(),
      organisationName: "Roeivereniging De Vliet",
      contactName: "Jan Jansen",
      email: "jan@devliet.example.org",
      lang: "nl",
      quantityNl: 10,
      quantityEn: 5,
      street: "Vlietweg 1",
      postcode: "2311 AA",
      city: "Leiden",
      country: "NL",
      status,
      createdAt: ctx.clock.now(),
      ...over,
    })
    .returning();
  return o!;
}

// ---------- reading pages ----------

const errorOf = fieldError;
const inputTag = (html: string, field: string) => html.match(new RegExp(`<input[^>]*id="f-${field}"[^>]*>`))?.[0] ?? "";
const inputValue = (html: string, field: string) => {
  const v = inputTag(html, field).match(/\svalue="([^"]*)"/)?.[1];
  return v === undefined ? undefined : decodeHtml(v);
};
const selectedValue = (html: string, field: string) =>
  html.match(new RegExp(`<select[^>]*id="f-${field}"[^>]*>([\\s\\S]*?)</select>`))?.[1]?.match(/<option value="([^"]*)" selected/)?.[1];

/** A CSV response's text with its byte order mark (which `Response.text()` would drop). */
const csvText = async (res: Response) => new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer());

/** POSTs the order form and expects a 422 with `message` at `field`, the typed values kept and nothing written. */
async function expectRejected(lang: Lang, form: Record<string, string>, field: string, message: string) {
  await ctx.limiter.reset();
  const before = await counts();
  const res = await new Client(ctx).post(url(lang, "roadmapOrder"), form);
  expect(res.status, `${lang} ${field} ${JSON.stringify(form)}`).toBe(422);
  const html = await res.text();
  expect(errorOf(html, field), `${lang} ${field}`).toBe(message);
  expect(html).toContain(T[lang].errors.summaryTitle);
  expect(html).toContain(`href="#f-${field}"`);
  for (const name of ["organisationName", "contactName", "email", "quantityNl", "quantityEn", "street", "postcode", "city"])
    expect(inputValue(html, name), `${lang} kept ${name}`).toBe(form[name] ?? (name.startsWith("quantity") ? "0" : ""));
  const known = countryOptions("en-GB").some((c) => c.value === form.country);
  expect(selectedValue(html, "country")).toBe(known ? form.country : undefined);
  expect(await counts()).toEqual(before);
  return html;
}

// ---------- tests ----------

describe("references and helpers", () => {
  it("draws references like WW-7K3F9 from unambiguous characters", () => {
    const refs = new Set(Array.from({ length: 500 }, () => newReference()));
    expect(refs.size).toBeGreaterThan(495);
    for (const r of refs) expect(r).toMatch(REFERENCE_PATTERN);
    for (const c of "01258BILOSZ") expect(REFERENCE_ALPHABET).not.toContain(c);
  });

  it("normalises Dutch postcodes and lists NL, BE, DE first", () => {
    expect(normaliseDutchPostcode("2311ez")).toBe("2311 EZ");
    expect(normaliseDutchPostcode("2311 EZ")).toBe("2311 EZ");
    expect(countryOptions("nl-NL").slice(0, 3)).toEqual([
      { value: "NL", label: "Nederland" },
      { value: "BE", label: "België" },
      { value: "DE", label: "Duitsland" },
    ]);
    expect(
      countryOptions("en-GB")
        .slice(0, 3)
        .map((o) => o.label),
    ).toEqual(["Netherlands", "Belgium", "Germany"]);
    expect(countryOptions("en-GB")).toHaveLength(27);
  });

  it("knows which steps the office can take from each status", () => {
    expect(actionsFrom("new")).toEqual(["preparing", "cancel"]);
    expect(actionsFrom("preparing")).toEqual(["sent", "cancel"]);
    expect(actionsFrom("sent")).toEqual([]);
    expect(actionsFrom("cancelled")).toEqual([]);
    expect(actionsFrom("unconfirmed")).toEqual([]);
  });
});

describe("the order form", () => {
  it("shows an accessible form to anyone, with a hidden honeypot and NL as the default country", async () => {
    for (const lang of LANGS) {
      const res = await new Client(ctx).get(url(lang, "roadmapOrder"));
      expect(res.status).toBe(200);
      const html = await res.text();
      const o = T[lang].orders;
      expect(html).toContain(o.title);
      expect(html).toContain(decodeHtml(o.anonymousNote));
      for (const legend of Object.values(o.legends)) expect(html).toContain(`<legend>${legend}</legend>`);
      expect(selectedValue(html, "country")).toBe("NL");
      expect(inputValue(html, "quantityNl")).toBe("0");
      expect(inputTag(html, "quantityNl")).toContain('aria-describedby="f-quantity-hint"');
      // The honeypot is in a hidden, aria-hidden wrapper and out of the tab order.
      expect(html).toMatch(/<div class="field" hidden="" aria-hidden="true"><label for="f-website">/);
      expect(inputTag(html, "website")).toContain('tabindex="-1"');
      expect(html).not.toMatch(/style=/);
    }
  });

  it("prefills the organisation, name and email of a signed-in board member", async () => {
    const { client } = await boardMember();
    const html = await (await client.get(url("en", "roadmapOrder"))).text();
    expect(inputValue(html, "organisationName")).toBe("Studievereniging Pharos");
    expect(inputValue(html, "email")).toBe("chair@pharos.example.org");
    expect(inputValue(html, "contactName")).toBe("Chair Person");
    expect(html).not.toContain(T.en.orders.anonymousNote);
  });

  for (const lang of LANGS) {
    const e = T[lang].errors;
    const oe = T[lang].errors;

    it(`${lang}: rejects bad quantities with a localized error at the field or the group`, async () => {
      await expectRejected(lang, valid({ quantityNl: "0", quantityEn: "0" }), "quantity", oe.quantityNone);
      await expectRejected(lang, valid({ quantityNl: "", quantityEn: "" }), "quantity", oe.quantityNone);
      await expectRejected(lang, valid({ quantityNl: "501", quantityEn: "0" }), "quantity", oe.quantityMax);
      await expectRejected(lang, valid({ quantityNl: "300", quantityEn: "201" }), "quantity", oe.quantityMax);
      await expectRejected(lang, valid({ quantityNl: "99999999999999999999", quantityEn: "0" }), "quantity", oe.quantityMax);
      await expectRejected(lang, valid({ quantityNl: "-5" }), "quantityNl", oe.quantityNegative);
      await expectRejected(lang, valid({ quantityEn: "-1" }), "quantityEn", oe.quantityNegative);
      for (const bad of ["abc", "2.5", "1e3", "12 stuks", "+3"])
        await expectRejected(lang, valid({ quantityEn: bad }), "quantityEn", e.invalidNumber);
      // The group's error marks both inputs invalid and describes them.
      const html = await expectRejected(lang, valid({ quantityNl: "0", quantityEn: "0" }), "quantity", oe.quantityNone);
      for (const name of ["quantityNl", "quantityEn"]) {
        expect(inputTag(html, name)).toContain('aria-invalid="true"');
        expect(inputTag(html, name)).toContain("f-quantity-error");
      }
    });

    it(`${lang}: checks Dutch postcodes, and accepts other countries' postcodes of 2 to 10 characters`, async () => {
      await expectRejected(lang, valid({ postcode: "0123 AB" }), "postcode", oe.postcodeNl);
      await expectRejected(lang, valid({ postcode: "2311" }), "postcode", oe.postcodeNl);
      await expectRejected(lang, valid({ postcode: "2311 E" }), "postcode", oe.postcodeNl);
      await expectRejected(lang, valid({ postcode: "1", country: "BE" }), "postcode", oe.postcodeOther);
      await expectRejected(lang, valid({ postcode: "12345678901", country: "DE" }), "postcode", oe.postcodeOther);
      await expectRejected(lang, valid({ country: "US" }), "country", e.invalidChoice);
    });

    it(`${lang}: names every missing field, keeps what was typed and writes nothing`, async () => {
      const empty = valid({ organisationName: "", contactName: "", email: "", street: "", postcode: "", city: "" });
      const html = await expectRejected(lang, empty, "organisationName", e.required);
      for (const field of ["contactName", "email", "street", "postcode", "city"]) {
        expect(errorOf(html, field), field).toBe(e.required);
        expect(inputTag(html, field)).toContain('aria-invalid="true"');
      }
      // Several problems at once: every one is shown, not just the first.
      const many = await expectRejected(
        lang,
        valid({ email: "not-an-email", quantityNl: "0", quantityEn: "0", postcode: "99" }),
        "email",
        e.invalidEmail,
      );
      expect(errorOf(many, "quantity")).toBe(oe.quantityNone);
      expect(errorOf(many, "postcode")).toBe(oe.postcodeNl);
    });
  }

  it("normalises a valid Dutch postcode, and stores a Belgian one as typed", async () => {
    const { client } = await boardMember();
    for (const [postcode, country, stored] of [
      ["2311ez", "NL", "2311 EZ"],
      ["2311 EZ", "NL", "2311 EZ"],
      ["1000", "BE", "1000"],
      ["10115", "DE", "10115"],
    ] as const) {
      const res = await client.post(url("nl", "roadmapOrder"), valid({ postcode, country, email: "chair@pharos.example.org" }));
      expect(res.status, `${postcode} ${country}`).toBe(303);
      const ref = new URL(res.headers.get("location")!, "http://x").searchParams.get("ref")!;
      const order = await orderByRef(ref);
      expect(order.postcode).toBe(stored);
      expect(order.country).toBe(country);
    }
  });

  it("rate-limits order POSTs per IP, with Retry-After", async () => {
    const client = new Client(ctx);
    for (let i = 0; i < ORDER_LIMIT.limit; i++)
      expect((await client.post(url("nl", "roadmapOrder"), valid({ email: "" }))).status).toBe(422);
    const res = await client.post(url("nl", "roadmapOrder"), valid());
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe(String(ORDER_LIMIT.windowMs / ORDER_LIMIT.limit / 1000));
    expect(await res.text()).toContain(T.nl.http.tooManyTitle);
    expect((await counts()).orders).toBe(0);
  });

  it("rate-limits confirmation POSTs per IP, with Retry-After", async () => {
    const client = new Client(ctx);
    const token = "x".repeat(43);
    for (let i = 0; i < CONFIRM_LIMIT.limit; i++) expect((await client.post(url("en", "roadmapOrderConfirm"), { token })).status).toBe(404);
    const res = await client.post(url("en", "roadmapOrderConfirm"), { token });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe(String(CONFIRM_LIMIT.windowMs / CONFIRM_LIMIT.limit / 1000));
    expect(await res.text()).toContain(T.en.http.tooManyTitle);
  });

  it("silently drops a bot that fills in the honeypot, with the same thank-you page", async () => {
    const client = new Client(ctx);
    const res = await client.post(url("en", "roadmapOrder"), valid({ website: "https://spam.example" }));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(url("en", "roadmapOrderSent"));
    expect(await counts()).toEqual({ orders: 0, mails: 0 });
    const human = await new Client(ctx).post(url("en", "roadmapOrder"), valid());
    expect(human.headers.get("location")).toBe(res.headers.get("location"));
  });
});

describe("ordering while signed in", () => {
  it("creates an order to the account's own address at once, with a reference, a receipt for the orderer and a notification for the office", async () => {
    const { client, user, orgId } = await boardMember("chair@pharos.example.org", "Studievereniging Pharos", "en");
    const res = await client.post(
      url("en", "roadmapOrder"),
      valid({ email: "Chair@Pharos.example.org", quantityNl: "0", quantityEn: "120" }),
    );
    expect(res.status).toBe(303);
    const location = res.headers.get("location")!;
    const ref = new URL(location, "http://x").searchParams.get("ref")!;
    expect(location).toBe(url("en", "roadmapOrderSent", {}, { ref }));
    expect(ref).toMatch(REFERENCE_PATTERN);

    const order = await orderByRef(ref);
    expect(order).toMatchObject({
      status: "new",
      lang: "en",
      email: "chair@pharos.example.org",
      quantityNl: 0,
      quantityEn: 120,
      organisationId: orgId,
      createdBy: user.id,
      confirmTokenHash: null,
      note: "T.a.v. het bestuur",
    });

    const [mine] = await mailsTo(ctx, "chair@pharos.example.org");
    expect(mine!.subject).toBe(T.en.orders.mail.receivedSubject(ref));
    expect(mine!.text).toContain(T.en.orders.copies(0, 120));
    expect(mine!.text).toContain("Voorbeeldstraat 12, 2311 EZ Leiden, Netherlands");
    const [office] = await mailsTo(ctx, OFFICE());
    expect(office!.lang).toBe(ctx.deps.env.OFFICE_LANG);
    expect(office!.subject).toBe(T.nl.orders.mail.officeSubject(ref, 0, 120));
    expect(linkIn(office!.text)).toBe(url("nl", "staffOrder", { id: order.id }));
    expect((await counts()).mails).toBe(2);
    expect((await auditOf(order.id)).map((a) => a.action)).toEqual(["order.create"]);

    const sent = await (await client.get(location)).text();
    expect(sent).toContain(T.en.orders.sentReference(ref));
    expect(sent).toContain(T.en.orders.sentNext);
  });

  it("does not link an organisation the user is not on the board of", async () => {
    const { client } = await signedIn(ctx, "student@example.org");
    const res = await client.post(url("nl", "roadmapOrder"), valid({ email: "student@example.org" }));
    const ref = new URL(res.headers.get("location")!, "http://x").searchParams.get("ref")!;
    expect((await orderByRef(ref)).organisationId).toBeNull();
  });
});

describe("ordering without signing in", () => {
  async function orderAnonymously(lang: Lang = "en", email = "someone@example.org") {
    const res = await new Client(ctx).post(url(lang, "roadmapOrder"), valid({ email }));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(url(lang, "roadmapOrderSent"));
    const [mail] = await mailsTo(ctx, email);
    return { mail: mail!, link: linkIn(mail!.text) };
  }

  it("waits for the mailed confirmation: GET shows a button, only POST confirms, and only once", async () => {
    const { mail, link } = await orderAnonymously("en");
    const [order] = await allOrders();
    expect(order).toMatchObject({ status: "unconfirmed", lang: "en", createdBy: null });
    expect(order!.confirmTokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(mail.subject).toBe(T.en.orders.mail.confirmSubject);
    expect(mail.text).toContain(T.en.orders.copies(40, 60));
    expect(link.startsWith(`${url("en", "roadmapOrderConfirm")}?token=`)).toBe(true);
    const token = new URL(link, "http://x").searchParams.get("token")!;
    expect(token.length).toBeGreaterThanOrEqual(43);
    expect(order!.confirmTokenHash).not.toContain(token);
    expect(await mailsTo(ctx, OFFICE())).toHaveLength(0);

    // The thank-you page asks to check the mailbox.
    const sent = await (await new Client(ctx).get(url("en", "roadmapOrderSent"))).text();
    expect(sent).toContain(T.en.orders.sentCheckMail);

    // Not in the office's queue, and not reachable there either.
    const { client: staff } = await staffMember();
    expect(await (await staff.get(url("en", "staffOrders", {}, { status: "all" }))).text()).not.toContain(order!.reference);
    expect((await staff.get(url("en", "staffOrder", { id: order!.id }))).status).toBe(404);

    // A mail scanner following the link changes nothing.
    const visitor = new Client(ctx);
    for (let i = 0; i < 2; i++) {
      const page = await visitor.get(link);
      expect(page.status).toBe(200);
      expect(page.headers.get("referrer-policy")).toBe("no-referrer");
      const html = await page.text();
      expect(html).toContain(T.en.orders.confirmButton);
      expect(html).toContain("Studievereniging Pharos");
    }
    expect((await orderById(order!.id)).status).toBe("unconfirmed");
    expect((await counts()).mails).toBe(1);

    const confirmed = await visitor.post(url("en", "roadmapOrderConfirm"), { token });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get("location")).toBe(url("en", "roadmapOrderSent", {}, { ref: order!.reference }));
    const after = await orderById(order!.id);
    expect(after.status).toBe("new");
    expect(after.confirmTokenHash).toBeNull();
    const mine = await mailsTo(ctx, "someone@example.org");
    expect(mine.map((m) => m.subject)).toContain(T.en.orders.mail.receivedSubject(order!.reference));
    expect((await mailsTo(ctx, OFFICE())).map((m) => m.subject)).toEqual([T.nl.orders.mail.officeSubject(order!.reference, 40, 60)]);
    expect((await auditOf(order!.id)).map((a) => a.action).sort()).toEqual(["order.confirm", "order.create"]);
    expect(await (await staff.get(url("en", "staffOrders"))).text()).toContain(order!.reference);

    // A second POST (double click, or the link again) is refused and sends nothing.
    const again = await visitor.post(url("en", "roadmapOrderConfirm"), { token });
    expect(again.status).toBe(404);
    expect(await again.text()).toContain(T.en.orders.invalidTitle);
    expect((await visitor.get(link)).status).toBe(404);
    expect((await counts()).mails).toBe(3);
  });

  it("refuses an expired link (after 48 hours) and an unknown token", async () => {
    const { link } = await orderAnonymously("nl", "late@example.org");
    const token = new URL(link, "http://x").searchParams.get("token")!;
    ctx.clock.advance(47 * HOUR);
    expect((await new Client(ctx).get(link)).status).toBe(200);
    ctx.clock.advance(2 * HOUR);
    const page = await new Client(ctx).get(link);
    expect(page.status).toBe(404);
    expect(await page.text()).toContain(T.nl.orders.invalidTitle);
    const post = await new Client(ctx).post(url("nl", "roadmapOrderConfirm"), { token });
    expect(post.status).toBe(404);
    expect((await allOrders())[0]!.status).toBe("unconfirmed");
    expect((await counts()).mails).toBe(1);

    for (const bad of ["", "short", "x".repeat(43), `${token}x`]) {
      expect((await new Client(ctx).get(`${url("nl", "roadmapOrderConfirm")}?token=${bad}`)).status).toBe(404);
      expect((await new Client(ctx).post(url("nl", "roadmapOrderConfirm"), { token: bad })).status).toBe(404);
    }

    // Housekeeping removes expired unconfirmed orders, and nothing else.
    const kept = await insertOrder("new", { createdAt: new Date("2026-01-01T00:00:00Z") });
    const fresh = await insertOrder("unconfirmed", { createdAt: ctx.clock.now() });
    expect(await purgeUnconfirmedOrders(ctx.db, ctx.clock.now())).toBe(1);
    expect((await allOrders()).map((o) => o.id).sort()).toEqual([kept.id, fresh.id].sort());
  });
});

describe("the office's order queue", () => {
  it("lists every order, a page of 50 at a time, oldest open order first", async () => {
    await ctx.db.insert(printOrders).values(
      Array.from({ length: 120 }, (_, i) => ({
        reference: `WW-P${String(i).padStart(4, "0")}`,
        organisationName: "Pharos",
        contactName: "Mila",
        email: "mila@pharos.example.org",
        lang: "nl" as const,
        street: "Rapenburg 70",
        postcode: "2311 EZ",
        city: "Leiden",
        status: "new" as const,
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)),
      })),
    );
    const { client } = await staffMember();
    const seen: string[] = [];
    let path: string | undefined = url("en", "staffOrders");
    while (path) {
      const html: string = await (await client.get(path)).text();
      expect(html).toContain(T.en.orders.staff.count(120));
      seen.push(...[...html.matchAll(/>(WW-P\d{4})</g)].map((m) => m[1]!));
      const next: string | undefined = html.match(/<a href="([^"]+)" rel="next">/)?.[1];
      path = next ? decodeHtml(next) : undefined;
    }
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);
    expect(seen[0]).toBe("WW-P0000");
    expect(seen.at(-1)).toBe("WW-P0119");
  });

  async function signedInOrder(lang: Lang = "en") {
    const { client } = await signedIn(ctx, "orderer@example.org");
    const res = await client.post(url(lang, "roadmapOrder"), valid({ email: "orderer@example.org" }));
    const ref = new URL(res.headers.get("location")!, "http://x").searchParams.get("ref")!;
    return orderByRef(ref);
  }

  const act = (client: Client, order: Order, form: Record<string, string>, lang: Lang = "nl") =>
    client.post(url(lang, "staffOrder", { id: order.id }), form);

  it("moves an order new → preparing → sent, mailing the orderer in their language each step, guarded against double clicks", async () => {
    const order = await signedInOrder("en");
    const { client, user } = await staffMember();
    const mailsBefore = (await counts()).mails;

    const detail = await (await client.get(url("nl", "staffOrder", { id: order.id }))).text();
    expect(detail).toContain(order.reference);
    expect(detail).toContain(T.nl.orders.staff.toPreparing);
    expect(detail).not.toContain(T.nl.orders.staff.toSent);

    const res = await act(client, order, { action: "preparing" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(url("nl", "staffOrder", { id: order.id }, { done: "preparing" }));
    expect((await orderById(order.id)).status).toBe("preparing");
    const [preparing] = await mailsTo(ctx, "orderer@example.org");
    expect(preparing!.lang).toBe("en");
    expect(preparing!.subject).toBe(T.en.orders.mail.preparingSubject(order.reference));
    expect(await (await client.get(res.headers.get("location")!)).text()).toContain(T.nl.orders.staff.done.preparing);

    // A double click: nothing happens, no second mail or audit entry.
    const twice = await act(client, order, { action: "preparing" });
    expect(twice.status).toBe(303);
    expect(twice.headers.get("location")).toBe(url("nl", "staffOrder", { id: order.id }));
    expect((await counts()).mails).toBe(mailsBefore + 1);

    const sent = await act(client, order, { action: "sent" });
    expect(sent.status).toBe(303);
    expect((await orderById(order.id)).status).toBe("sent");
    const [sentMail] = await mailsTo(ctx, "orderer@example.org");
    expect(sentMail!.subject).toBe(T.en.orders.mail.sentSubject(order.reference));
    expect((await counts()).mails).toBe(mailsBefore + 2);

    const trail = await auditOf(order.id);
    expect(trail.map((a) => a.action).sort()).toEqual(["order.create", "order.preparing", "order.sent"]);
    expect(trail.find((a) => a.action === "order.sent")).toMatchObject({
      actorId: user.id,
      changes: { status: { from: "preparing", to: "sent" } },
    });

    // Finished: no more steps, and cancelling is refused without changing anything.
    const finished = await (await client.get(url("en", "staffOrder", { id: order.id }))).text();
    expect(finished).toContain(T.en.orders.staff.finished);
    const late = await act(client, order, { action: "cancel", reason: "Te laat" }, "en");
    expect(late.status).toBe(409);
    expect(decodeHtml(await late.text())).toContain(T.en.orders.staff.wrongStatus(T.en.orders.staff.statuses.sent));
    expect((await orderById(order.id)).status).toBe("sent");
    expect((await counts()).mails).toBe(mailsBefore + 2);
  });

  it("rejects skipping a step", async () => {
    const order = await signedInOrder();
    const { client } = await staffMember();
    const before = await counts();
    const res = await act(client, order, { action: "sent" });
    expect(res.status).toBe(409);
    expect(decodeHtml(await res.text())).toContain(T.nl.orders.staff.wrongStatus(T.nl.orders.staff.statuses.new));
    expect((await orderById(order.id)).status).toBe("new");
    expect(await counts()).toEqual(before);
    expect((await act(client, order, { action: "ship" })).status).toBe(422);
  });

  for (const lang of LANGS)
    it(`${lang}: cancelling needs a reason, which the orderer gets by mail`, async () => {
      const order = await signedInOrder("nl");
      const { client } = await staffMember();
      await act(client, order, { action: "preparing" });
      const before = await counts();
      const audits = (await auditOf(order.id)).length;

      for (const reason of [undefined, "", "   "]) {
        const res = await act(client, order, reason === undefined ? { action: "cancel" } : { action: "cancel", reason }, lang);
        expect(res.status).toBe(422);
        const html = await res.text();
        expect(errorOf(html, "reason")).toBe(T[lang].errors.cancelReasonRequired);
        expect(html).toContain('aria-invalid="true"');
      }
      expect((await orderById(order.id)).status).toBe("preparing");
      expect(await counts()).toEqual(before);
      expect(await auditOf(order.id)).toHaveLength(audits);

      const res = await act(client, order, { action: "cancel", reason: "Adres onvolledig" }, lang);
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe(url(lang, "staffOrder", { id: order.id }, { done: "cancelled" }));
      expect(await orderById(order.id)).toMatchObject({ status: "cancelled", cancelReason: "Adres onvolledig" });
      const [mail] = await mailsTo(ctx, "orderer@example.org");
      expect(mail!.lang).toBe("nl");
      expect(mail!.subject).toBe(T.nl.orders.mail.cancelledSubject(order.reference));
      expect(mail!.text).toContain(T.nl.orders.mail.reason("Adres onvolledig"));
      const cancel = (await auditOf(order.id)).find((a) => a.action === "order.cancel");
      expect(cancel!.changes).toEqual({ status: { from: "preparing", to: "cancelled" }, reason: { to: "Adres onvolledig" } });
      const html = await (await client.get(url(lang, "staffOrder", { id: order.id }))).text();
      expect(html).toContain("Adres onvolledig");
      expect(html).toContain(T[lang].orders.staff.finished);
    });

  it("lists orders by status, oldest open ones first, with totals per language", async () => {
    const a = await insertOrder("new", { quantityNl: 100, quantityEn: 0, organisationName: "Alpha" });
    ctx.clock.advance(HOUR);
    const b = await insertOrder("preparing", { quantityNl: 20, quantityEn: 30, organisationName: "Bravo", createdAt: ctx.clock.now() });
    const c = await insertOrder("sent", { quantityNl: 1, quantityEn: 2, organisationName: "Charlie" });
    const d = await insertOrder("cancelled", { quantityNl: 400, quantityEn: 400, organisationName: "Delta" });
    const e = await insertOrder("unconfirmed", { quantityNl: 7, quantityEn: 7, organisationName: "Echo" });

    expect(await orderTotals(ctx.db)).toEqual({ open: { nl: 120, en: 30 }, sent: { nl: 1, en: 2 }, all: { nl: 121, en: 32 } });

    const { client } = await staffMember();
    const refs = async (status?: string) => {
      const html = await (await client.get(url("en", "staffOrders", {}, { status }))).text();
      return [...html.matchAll(/>(WW-[A-Z0-9]{5})</g)].map((m) => m[1]);
    };
    expect(await refs()).toEqual([a.reference, b.reference]);
    expect(await refs("open")).toEqual([a.reference, b.reference]);
    expect(await refs("new")).toEqual([a.reference]);
    expect(await refs("preparing")).toEqual([b.reference]);
    expect(await refs("sent")).toEqual([c.reference]);
    expect(await refs("cancelled")).toEqual([d.reference]);
    expect((await refs("all")).sort()).toEqual([a, b, c, d].map((o) => o.reference).sort());
    expect(await refs("unconfirmed")).toEqual([a.reference, b.reference]);
    expect(await refs("all")).not.toContain(e.reference);

    const html = await (await client.get(url("nl", "staffOrders"))).text();
    expect(html).toContain(T.nl.orders.staff.totalsOpen);
    expect(html).toMatch(new RegExp(`${T.nl.orders.staff.totalsOpen}</th><td class="num">120</td><td class="num">30</td>`));
    expect(html).toMatch(/<td class="num">121<\/td><td class="num">32<\/td>/);
    // The office navigation links here.
    expect(html).toContain(`href="${url("nl", "staffOrders")}"`);
    expect((await client.get(url("nl", "staffHome"))).status).toBe(200);
    expect(await (await client.get(url("nl", "staffHome"))).text()).toContain(`href="${url("nl", "staffOrders")}"`);
  });

  it("exports a CSV for the post room: BOM, ; in Dutch and , in English, neutralised formulas", async () => {
    const o = await insertOrder("new", {
      organisationName: '=HYPERLINK("x")',
      contactName: "Anna; de Vries",
      street: "Rapenburg 70",
      postcode: "1000",
      city: "Brussel",
      country: "BE",
      quantityNl: 25,
      quantityEn: 75,
      note: "Achterom",
    });
    await insertOrder("sent", { organisationName: "Verstuurd" });
    const { client } = await staffMember();

    const nl = await client.get(url("nl", "staffOrdersCsv"));
    expect(nl.status).toBe(200);
    expect(nl.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(nl.headers.get("content-disposition")).toBe('attachment; filename="bestellingen-open-2026-11-23.csv"');
    const nlText = await csvText(nl);
    expect(nlText.charCodeAt(0)).toBe(0xfeff);
    const [header, row, ...rest] = nlText.slice(1).trim().split("\r\n");
    expect(rest).toEqual([]);
    const s = T.nl.orders;
    expect(header).toBe(
      [
        s.summary.reference,
        s.summary.organisation,
        s.summary.contact,
        s.staff.street,
        s.staff.postcode,
        s.staff.city,
        s.staff.country,
        s.staff.copiesNl,
        s.staff.copiesEn,
        s.staff.filter,
        s.summary.date,
        s.summary.note,
      ].join(";"),
    );
    expect(row).toBe(
      `${o.reference};"'=HYPERLINK(""x"")";"Anna; de Vries";Rapenburg 70;1000;Brussel;België;25;75;Nieuw;2026-11-23;Achterom`,
    );

    const en = await csvText(await client.get(url("en", "staffOrdersCsv", {}, { status: "all" })));
    expect(en.charCodeAt(0)).toBe(0xfeff);
    const lines = en.slice(1).trim().split("\r\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]!.startsWith("Reference,Organisation,Contact person,Address,")).toBe(true);
    expect(en).toContain(
      `${o.reference},"'=HYPERLINK(""x"")","Anna; de Vries",Rapenburg 70,1000,Brussel,Belgium,25,75,New,2026-11-23,Achterom`,
    );
  });

  it("keeps every office order route from anonymous visitors and board members", async () => {
    const order = await insertOrder("new");
    const { client: board } = await boardMember();
    const anonymous = new Client(ctx);
    for (const lang of LANGS) {
      const gets = [url(lang, "staffOrders"), url(lang, "staffOrdersCsv"), url(lang, "staffOrder", { id: order.id })];
      for (const path of gets) {
        const res = await anonymous.get(path);
        expect(res.status, path).toBe(303);
        expect(res.headers.get("location")).toBe(url(lang, "signIn", {}, { next: path }));
        expect((await board.get(path)).status, path).toBe(403);
      }
      const post = url(lang, "staffOrder", { id: order.id });
      const res = await anonymous.post(post, { action: "preparing" });
      expect(res.status).toBe(303);
      expect(res.headers.get("location")!.startsWith(url(lang, "signIn"))).toBe(true);
      expect((await board.post(post, { action: "cancel", reason: "x" })).status).toBe(403);
    }
    expect((await orderById(order.id)).status).toBe("new");
    expect((await counts()).mails).toBe(0);
  });

  it("answers 404 for an unknown or malformed order id", async () => {
    const { client } = await staffMember();
    expect((await client.get(url("nl", "staffOrder", { id: "00000000-0000-0000-0000-000000000000" }))).status).toBe(404);
    expect((await client.get(url("nl", "staffOrder", { id: "nope" }))).status).toBe(404);
    expect(
      (await client.post(url("nl", "staffOrder", { id: "00000000-0000-0000-0000-000000000000" }), { action: "preparing" })).status,
    ).toBe(404);
  });
});
