import { eq } from "drizzle-orm";
import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { BASE, Client, fieldError, mailsTo, setupApp, signedIn } from "../../../test/helpers/app.js";
import { createApp } from "../../app.js";
import { catalogs } from "../../catalogs.js";
import { DAY } from "../../core/clock.js";
import { privacyPolicy } from "../../privacy.js";
import { url } from "../../routes.js";
import { INBOUND_PATH } from "./inbound.routes.js";
import { officeContactPrivacy } from "./privacy.js";
import { officeCanned, officeConversations, officeEntries } from "./schema.js";
import { newReference, REFERENCE, tokenFromAddress, trimQuoted } from "./service.js";

const SECRET = "inbound-secret-0123456789-abcdef";
const ctx = setupApp({
  OFFICE_REPLY_ADDRESS: "reply+{token}@mail.vangnet.example.org",
  INBOUND_SECRET: SECRET,
  TRUST_PROXY: "true",
});
const T = catalogs;

const valid = (over: Record<string, string> = {}) => ({
  name: "Sam Sender",
  email: "Sam@Example.org",
  organisation: "Debating Society",
  subject: "idea",
  message: "We would like to organise a workshop together.\n\nCan we talk?",
  consent: "on",
  website: "",
  ...over,
});

const send = (client: Client, form: Record<string, string>, ip = "198.51.100.7", lang: "nl" | "en" = "en") =>
  client.post(url(lang, "contact"), form, { headers: { "x-forwarded-for": ip } });

const conversations = () => ctx.db.select().from(officeConversations);
const entriesOf = (id: string) => ctx.db.select().from(officeEntries).where(eq(officeEntries.conversationId, id));

async function sent(form = valid(), lang: "nl" | "en" = "en") {
  const res = await send(new Client(ctx), form, "198.51.100.9", lang);
  expect(res.status).toBe(200);
  const html = await res.text();
  const reference = html.match(/id="reference">([^<]+)</)?.[1];
  const [conv] = await ctx.db
    .select()
    .from(officeConversations)
    .where(eq(officeConversations.reference, reference ?? ""));
  return { html, reference: reference!, conv: conv! };
}

const inbound = (raw: string, auth: string | null = `Bearer ${SECRET}`, app = ctx.app) =>
  app.request(INBOUND_PATH, {
    method: "POST",
    body: raw,
    headers: { "content-type": "message/rfc822", ...(auth ? { authorization: auth } : {}) },
  });

const replyMail = (to: string, body: string, extra = "") =>
  [
    "From: Sam Sender <sam@example.org>",
    `To: ${to}`,
    "Subject: Re: your message to the office",
    "Message-ID: <answer-1@example.org>",
    extra,
    "Content-Type: text/plain; charset=utf-8",
    "",
    body,
  ]
    .filter((l, i) => l !== "" || i > 4)
    .join("\r\n");

describe("the contact form", () => {
  it("is prefilled for a signed-in person, and shows the office's address", async () => {
    const { client } = await signedIn(ctx, "board@example.org", { name: "Bo Board" });
    const html = await (await client.get(url("en", "contact"))).text();
    expect(html).toContain('value="Bo Board"');
    expect(html).toContain('value="board@example.org"');
    expect(html).toContain(`mailto:${ctx.deps.env.OFFICE_EMAIL}`);
    // The honeypot is off-screen, hidden from assistive technology and out of the tab order.
    expect(html).toMatch(/<div class="trap" aria-hidden="true">/);
    expect(html).toMatch(/name="website" type="text" tabindex="-1" autocomplete="off"/);
  });

  it("stores the message, shows a reference and mails only the office's standard text with it", async () => {
    const { html, reference, conv } = await sent();
    expect(reference).toMatch(REFERENCE);
    expect(html).toContain(T.en.officeContact.sent.title);
    expect(conv).toMatchObject({
      name: "Sam Sender",
      email: "sam@example.org",
      organisation: "Debating Society",
      subject: "idea",
      status: "open",
      lang: "en",
    });
    expect((await entriesOf(conv.id)).map((e) => [e.kind, e.body])).toEqual([["incoming", valid().message]]);
    const [mail, ...more] = await mailsTo(ctx, "sam@example.org");
    expect(more).toHaveLength(0);
    expect(mail!.subject).toContain(reference);
    expect(mail!.text).toContain(reference);
    // Someone may have typed another person's address: nothing they typed goes into the mail.
    expect(mail!.text).not.toContain("workshop together");
    expect(mail!.html).not.toContain("workshop together");
    expect(mail!.text).not.toContain("Debating Society");
    expect(mail!.headers).toEqual({
      "Message-ID": conv.rootMessageId,
      "Reply-To": `reply+${conv.replyToken}@mail.vangnet.example.org`,
    });
    expect(conv.rootMessageId).toMatch(/^<[0-9a-f]+\.contact@localhost>$/);
  });

  it("writes the confirmation in the page's language", async () => {
    const { reference } = await sent(valid({ email: "iemand@example.org" }), "nl");
    const [mail] = await mailsTo(ctx, "iemand@example.org");
    expect(mail!.subject).toBe(T.nl.officeContact.mail.confirmSubject(reference));
  });

  it("shows every error at once, keeps what was typed, and stores and mails nothing", async () => {
    const res = await send(new Client(ctx), {
      name: "",
      email: "not-an-address",
      organisation: "x".repeat(161),
      subject: "spam",
      message: "",
      website: "",
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    for (const field of ["name", "email", "organisation", "subject", "message", "consent"])
      expect(fieldError(html, field), field).toBeTruthy();
    expect(fieldError(html, "consent")).toBe(T.en.errors.consentRequired);
    expect(fieldError(html, "organisation")).toBe("At most 160 characters.");
    expect(html).toContain('value="not-an-address"');
    expect(await conversations()).toHaveLength(0);
    expect(await mailsTo(ctx, "not-an-address")).toHaveLength(0);
  });

  it("answers huge and odd input with a 422, never a 500", async () => {
    for (const form of [
      valid({ message: "é".repeat(5001) }),
      valid({ name: `${"x".repeat(121)}\u202e` }),
      valid({ email: `${"a".repeat(250)}@example.org` }),
      valid({ subject: "" }),
      valid({ consent: "" }),
    ]) {
      const res = await send(new Client(ctx), form);
      expect(res.status, JSON.stringify(form).slice(0, 80)).toBe(422);
    }
    expect(await conversations()).toHaveLength(0);
    // Odd Unicode that fits is taken, without the NUL PostgreSQL can't hold.
    expect((await send(new Client(ctx), valid({ name: "Zoë\u0000 \u202eBot\ud800" }))).status).toBe(200);
    const [stored] = await conversations();
    expect(stored!.name).not.toContain("\u0000");
  });

  it("pretends success to a bot that fills the honeypot, without storing or mailing anything", async () => {
    const res = await send(new Client(ctx), valid({ website: "https://spam.example" }));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.match(/id="reference">([^<]+)</)?.[1]).toMatch(REFERENCE);
    expect(await conversations()).toHaveLength(0);
    expect(await mailsTo(ctx, "sam@example.org")).toHaveLength(0);
    // Even with the rest of the form invalid.
    expect((await send(new Client(ctx), { website: "x" })).status).toBe(200);
  });

  it("takes 20 messages an hour per IP, then a 429 with Retry-After; another IP is not affected", async () => {
    const client = new Client(ctx);
    for (let i = 0; i < 20; i++)
      expect((await send(client, valid({ email: `s${i}@example.org` }), "203.0.113.5")).status, `message ${i}`).toBe(200);
    const refused = await send(client, valid({ email: "s20@example.org" }), "203.0.113.5");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await conversations()).toHaveLength(20);
    // The honeypot counts too, and another address goes on.
    expect((await send(client, valid({ website: "x" }), "203.0.113.5")).status).toBe(429);
    expect((await send(client, valid(), "203.0.113.99")).status).toBe(200);
    // An hour's worth of tokens later, one more.
    ctx.clock.advance(3 * 60_000 + 1000);
    expect((await send(client, valid(), "203.0.113.5")).status).toBe(200);
  });
});

describe("reference numbers and reply addresses", () => {
  it("are readable, year-stamped and not guessable: no two alike in 2,000, no 0/O/1/I/L/U", () => {
    const now = new Date("2026-11-23T10:00:00Z");
    const refs = Array.from({ length: 2000 }, () => newReference(now));
    expect(new Set(refs).size).toBe(2000);
    for (const r of refs) {
      expect(r).toMatch(REFERENCE);
      expect(r.slice(7)).not.toMatch(/[01OILU]/);
    }
    expect(refs[0]!.startsWith("C-2026-")).toBe(true);
  });

  it("finds the token only in an address shaped like OFFICE_REPLY_ADDRESS", () => {
    const env = ctx.deps.env;
    const token = "0123456789abcdef0123456789abcdef";
    expect(tokenFromAddress(env, `reply+${token}@mail.vangnet.example.org`)).toBe(token);
    expect(tokenFromAddress(env, `Reply+${token.toUpperCase()}@MAIL.vangnet.example.org`)).toBe(token);
    expect(tokenFromAddress(env, `reply+${token}@evil.example.org`)).toBeNull();
    expect(tokenFromAddress(env, `reply+${token.slice(1)}@mail.vangnet.example.org`)).toBeNull();
    expect(tokenFromAddress({ ...env, OFFICE_REPLY_ADDRESS: undefined }, `reply+${token}@mail.vangnet.example.org`)).toBeNull();
  });
});

describe("the office's inbox", () => {
  it("replies by mail in the thread, adds notes that are never mailed, assigns and closes", async () => {
    const { conv, reference } = await sent();
    const { client, user } = await signedIn(ctx, "office@example.org", { staffRole: "staff", name: "Olga Office" });
    const page = url("en", "staffContactConversation", { id: conv.id });
    expect(await (await client.get(page)).text()).toContain("workshop together");

    const note = await client.post(url("en", "staffContactNote", { id: conv.id }), { note: "Ask Piet about the budget." });
    expect(note.status).toBe(303);
    expect((await mailsTo(ctx, "sam@example.org")).length).toBe(1);

    const reply = await client.post(page, { body: "Thank you, Sam.\n\nLet us meet next week." });
    expect(reply.status).toBe(303);
    expect(reply.headers.get("location")).toBe(url("en", "staffContactConversation", { id: conv.id }, { done: "replied" }));
    // Found by what they say: mails written in the same millisecond have no order.
    const mail = (await mailsTo(ctx, "sam@example.org")).find((m) => m.template === "officeContact.reply");
    expect(mail!.subject).toBe(T.en.officeContact.mail.replySubject(reference));
    expect(mail!.text).toContain("Let us meet next week.");
    expect(mail!.text).not.toContain("Piet");
    const [replyEntry] = (await entriesOf(conv.id)).filter((e) => e.kind === "reply");
    expect(mail!.headers).toEqual({
      "Message-ID": replyEntry!.messageId,
      "In-Reply-To": conv.rootMessageId,
      References: conv.rootMessageId,
      "Reply-To": `reply+${conv.replyToken}@mail.vangnet.example.org`,
    });
    let [now] = await ctx.db.select().from(officeConversations).where(eq(officeConversations.id, conv.id));
    expect(now!.status).toBe("waiting");

    // The sender answers by mail; the office's next reply threads under it and everything before.
    expect((await inbound(replyMail(`reply+${conv.replyToken}@mail.vangnet.example.org`, "Tuesday works."))).status).toBe(202);
    await client.post(page, { body: "Tuesday it is." });
    const second = (await mailsTo(ctx, "sam@example.org")).find((m) => m.text.includes("Tuesday it is."));
    expect(second!.headers["In-Reply-To"]).toBe("<answer-1@example.org>");
    expect(second!.headers.References).toBe(`${conv.rootMessageId} ${replyEntry!.messageId} <answer-1@example.org>`);

    const manage = await client.post(url("en", "staffContactManage", { id: conv.id }), { status: "closed", assignee: user.id });
    expect(manage.status).toBe(303);
    [now] = await ctx.db.select().from(officeConversations).where(eq(officeConversations.id, conv.id));
    expect(now).toMatchObject({ status: "closed", assigneeId: user.id, closedAt: ctx.clock.now() });
    const html = await (await client.get(page)).text();
    // The thread reads in the order it was written, though the clock stood still.
    const order = ["workshop together", "Ask Piet", "Let us meet next week.", "Tuesday works.", "Tuesday it is."].map((x) =>
      html.indexOf(x),
    );
    expect(
      order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]!)),
      String(order),
    ).toBe(true);
    expect(html).toContain("Ask Piet about the budget.");
    expect(html).toContain("Olga Office");
  });

  it("refuses bad input on its forms with the error next to the field, writing nothing", async () => {
    const { conv } = await sent();
    const { client } = await signedIn(ctx, "office@example.org", { staffRole: "staff" });
    const { user: board } = await signedIn(ctx, "board@example.org");
    const before = await entriesOf(conv.id);
    const cases: [string, Record<string, string>, string][] = [
      [url("en", "staffContactConversation", { id: conv.id }), { body: "   " }, "body"],
      [url("en", "staffContactConversation", { id: conv.id }), { body: "x".repeat(8001) }, "body"],
      [url("en", "staffContactNote", { id: conv.id }), { note: "" }, "note"],
      [url("en", "staffContactManage", { id: conv.id }), { status: "deleted", assignee: "" }, "status"],
      [url("en", "staffContactManage", { id: conv.id }), { status: "open", assignee: "not-an-id" }, "assignee"],
      // Someone who is not office staff cannot be assigned.
      [url("en", "staffContactManage", { id: conv.id }), { status: "open", assignee: board.id }, "assignee"],
      [url("en", "staffContactCanned"), { title_nl: "", title_en: "", body_nl: "", body_en: "" }, "title_nl"],
    ];
    for (const [path, form, field] of cases) {
      const res = await client.post(path, form);
      expect(res.status, `${path} ${field} ${res.headers.get("location")}`).toBe(422);
      expect(fieldError(await res.text(), field), `${path} ${field}`).toBeTruthy();
    }
    expect(await entriesOf(conv.id)).toEqual(before);
    expect(await ctx.db.select().from(officeCanned)).toHaveLength(0);
    expect(await mailsTo(ctx, "sam@example.org")).toHaveLength(1);
  });

  it("lists by status and assignee, and searches names, addresses and message text", async () => {
    const a = await sent(valid({ name: "Anna Alpha", email: "anna@example.org", message: "About the rowing club's well-being week." }));
    await sent(valid({ name: "Bert Beta", email: "bert@example.org", message: "A question about subsidies." }));
    const { client, user } = await signedIn(ctx, "office@example.org", { staffRole: "staff" });
    await client.post(url("en", "staffContactManage", { id: a.conv.id }), { status: "open", assignee: user.id });
    const list = async (q: Record<string, string>) => await (await client.get(url("en", "staffContact", {}, q))).text();
    expect(await list({})).toContain("Anna Alpha");
    expect(await list({ q: "rowing" })).not.toContain("Bert Beta");
    expect(await list({ q: "rowing" })).toContain("Anna Alpha");
    expect(await list({ q: "bert@" })).toContain("Bert Beta");
    expect(await list({ q: a.reference })).toContain("Anna Alpha");
    expect(await list({ q: "100%_" })).toContain(T.en.officeContact.office.none);
    expect(await list({ assignee: "me" })).not.toContain("Bert Beta");
    expect(await list({ assignee: "none" })).not.toContain("Anna Alpha");
    expect(await list({ status: "closed" })).toContain(T.en.officeContact.office.none);
    // Junk filters show the defaults.
    expect((await client.get(url("en", "staffContact", {}, { status: "x", page: "-1", assignee: "'" }))).status).toBe(200);
    // The office home counts what waits.
    expect(await (await client.get(url("en", "staffHome"))).text()).toContain(T.en.officeContact.office.summary(2));
  });

  it("keeps canned answers in both languages and prefills a reply in the sender's language without script", async () => {
    const { conv } = await sent(valid(), "nl");
    const { client } = await signedIn(ctx, "office@example.org", { staffRole: "staff" });
    const created = await client.post(url("en", "staffContactCanned"), {
      title_nl: "Bedankt",
      title_en: "Thanks",
      body_nl: "Dank je voor je idee.",
      body_en: "Thank you for your idea.",
    });
    expect(created.status).toBe(303);
    const [canned] = await ctx.db.select().from(officeCanned);
    const edited = await client.post(url("en", "staffContactCannedItem", { id: canned!.id }), {
      title_nl: "Bedankt",
      title_en: "Thanks",
      body_nl: "Dank je wel voor je idee.",
      body_en: "",
    });
    expect(edited.status).toBe(303);
    const html = await (await client.get(url("en", "staffContactConversation", { id: conv.id }, { canned: canned!.id }))).text();
    expect(html).toMatch(/<textarea[^>]*name="body"[^>]*>Dank je wel voor je idee\.<\/textarea>/);
    expect(html).toMatch(new RegExp(`<option value="${canned!.id}" selected`));
  });
});

describe("replies by mail", () => {
  it("appends the new text to the conversation, trims the quoted history and reopens it", async () => {
    const { conv } = await sent();
    await ctx.db
      .update(officeConversations)
      .set({ status: "closed", closedAt: ctx.clock.now() })
      .where(eq(officeConversations.id, conv.id));
    const to = `Office <reply+${conv.replyToken}@mail.vangnet.example.org>`;
    const body =
      "Yes, Tuesday works for us.\r\n\r\nOn Mon, 23 Nov 2026 at 11:00, Office <reply@x> wrote:\r\n> Thank you, Sam.\r\n> Let us meet.";
    expect((await inbound(replyMail(to, body))).status).toBe(202);
    const entries = await entriesOf(conv.id);
    expect(entries.at(-1)).toMatchObject({ kind: "incoming", body: "Yes, Tuesday works for us.", messageId: "<answer-1@example.org>" });
    const [now] = await ctx.db.select().from(officeConversations).where(eq(officeConversations.id, conv.id));
    expect(now).toMatchObject({ status: "open", closedAt: null });
    // The gateway delivering the same message twice adds it once.
    expect((await inbound(replyMail(to, body))).status).toBe(202);
    expect(await entriesOf(conv.id)).toHaveLength(entries.length);
  });

  it("takes the shared secret as a bearer token or Basic auth, and nothing else", async () => {
    const { conv } = await sent();
    const mail = (id: string) => replyMail(`reply+${conv.replyToken}@mail.vangnet.example.org`, "Hello").replace("answer-1", id);
    expect((await inbound(mail("a"), null)).status).toBe(401);
    expect((await inbound(mail("b"), "Bearer wrong-secret")).status).toBe(401);
    expect((await inbound(mail("c"), `Bearer ${SECRET}x`)).status).toBe(401);
    expect(await entriesOf(conv.id)).toHaveLength(1);
    expect((await inbound(mail("d"), `Basic ${Buffer.from(`gateway:${SECRET}`).toString("base64")}`)).status).toBe(202);
    expect((await inbound(mail("e"))).status).toBe(202);
    expect(await entriesOf(conv.id)).toHaveLength(3);
  });

  it("answers junk, strangers, automatic replies and huge messages without a 500 and without writing", async () => {
    const { conv } = await sent();
    const own = `reply+${conv.replyToken}@mail.vangnet.example.org`;
    const cases: [string, number][] = [
      ["", 400],
      ["\u0000\u0001garbage without headers", 422],
      [replyMail("reply+ffffffffffffffffffffffffffffffff@mail.vangnet.example.org", "Hi"), 422],
      [replyMail("someone@example.org", "Hi"), 422],
      [replyMail(own, ""), 400],
      [replyMail(own, "I am away.", "Auto-Submitted: auto-replied"), 202],
      [replyMail(own, "x".repeat(600 * 1024)), 413],
    ];
    for (const [raw, status] of cases) {
      const res = await inbound(raw);
      expect(res.status, raw.slice(0, 60)).toBe(status);
      expect(res.headers.get("content-type")).toContain("application/json");
    }
    expect(await entriesOf(conv.id)).toHaveLength(1);
  });

  it("is off without INBOUND_SECRET or OFFICE_REPLY_ADDRESS, and replies then go to the office's address", async () => {
    for (const env of [
      { ...ctx.deps.env, INBOUND_SECRET: undefined },
      { ...ctx.deps.env, OFFICE_REPLY_ADDRESS: undefined },
    ]) {
      const app = createApp({ ...ctx.deps, env });
      expect(
        (await inbound(replyMail("reply+0123456789abcdef0123456789abcdef@mail.vangnet.example.org", "Hi"), `Bearer ${SECRET}`, app)).status,
      ).toBe(404);
    }
    const app = createApp({ ...ctx.deps, env: { ...ctx.deps.env, OFFICE_REPLY_ADDRESS: undefined } });
    const client = new Client({ ...ctx, app });
    expect((await client.post(url("en", "contact"), valid({ email: "plain@example.org" }))).status).toBe(200);
    const [mail] = await mailsTo(ctx, "plain@example.org");
    expect(mail!.headers["Reply-To"]).toBe(ctx.deps.env.OFFICE_EMAIL);
  });

  it("trims the usual quoted histories, and keeps a message that is all quote", () => {
    expect(trimQuoted("Fine.\n\nOp ma 23 nov 2026 om 11:00 schreef Bureau <a@b.c>:\n> Hoi")).toBe("Fine.");
    expect(trimQuoted("Fine.\n-----Original Message-----\nFrom: x")).toBe("Fine.");
    expect(trimQuoted("Fine.\nOn Mon, 23 Nov 2026, Office\n<a@b.c> wrote:\n> Hi")).toBe("Fine.");
    expect(trimQuoted("> only a quote")).toBe("> only a quote");
  });
});

describe("delivery with threading headers", () => {
  it("mailparser reads the headers the outbox row carries as a thread (parsed back from the raw message)", async () => {
    // The outbox's headers travel to nodemailer as they are (core/mail/mail.test.ts delivers them over
    // SMTP); here: what the office's reply looks like to the sender's mail program.
    const { conv } = await sent();
    const { client } = await signedIn(ctx, "office@example.org", { staffRole: "staff" });
    await client.post(url("en", "staffContactConversation", { id: conv.id }), { body: "Hello." });
    const mail = (await mailsTo(ctx, "sam@example.org")).find((m) => m.template === "officeContact.reply");
    const raw = [...Object.entries(mail!.headers).map(([k, v]) => `${k}: ${v}`), "Subject: x", "", "body"].join("\r\n");
    const parsed = await simpleParser(raw);
    expect(parsed.inReplyTo).toBe(conv.rootMessageId);
    expect(parsed.references).toBe(conv.rootMessageId);
    expect(parsed.replyTo?.value[0]?.address).toBe(`reply+${conv.replyToken}@mail.vangnet.example.org`);
  });
});

describe("retention and personal data", () => {
  it("deletes closed conversations after RETENTION_OFFICE_CONTACT_DAYS, keeps open and recently closed ones", async () => {
    const old = await sent(valid({ email: "old@example.org" }));
    const recent = await sent(valid({ email: "recent@example.org" }));
    const open = await sent(valid({ email: "open@example.org" }));
    const start = ctx.clock.now();
    await ctx.db.update(officeConversations).set({ status: "closed", closedAt: start }).where(eq(officeConversations.id, old.conv.id));
    await ctx.db
      .update(officeConversations)
      .set({ status: "closed", closedAt: new Date(start.getTime() + 10 * DAY) })
      .where(eq(officeConversations.id, recent.conv.id));
    const rule = privacyPolicy(ctx.deps.env).rules.find((r) => r.id === "officeContact.conversations")!;
    expect(await rule.apply!(ctx.db, new Date(start.getTime() + 365 * DAY - 1))).toBe(0);
    expect(await rule.apply!(ctx.db, new Date(start.getTime() + 365 * DAY + 1))).toBe(1);
    expect((await conversations()).map((c) => c.id).sort()).toEqual([recent.conv.id, open.conv.id].sort());
    expect(await entriesOf(old.conv.id)).toHaveLength(0);
    expect(rule.describe!(T.en, (ms) => `${ms / DAY} days`).kept).toBe("365 days after the conversation was closed");
  });

  it("goes with the account: in the My account download, and deleted with the account", async () => {
    const me = await signedIn(ctx, "member@example.org", { name: "Mia Member" });
    expect((await me.client.post(url("en", "contact"), valid({ name: "Mia Member", email: "member@example.org" }))).status).toBe(200);
    const data = (await (await me.client.get(url("en", "accountExport"))).json()) as { officeContact: { conversations: unknown[] } };
    expect(data.officeContact.conversations).toHaveLength(1);
    expect(JSON.stringify(data.officeContact)).toContain("workshop together");
    expect((await me.client.post(url("en", "accountDelete"), { confirm: "on" })).status).toBe(303);
    expect(await conversations()).toHaveLength(0);
  });

  it("exports a person's messages and the office's answers (not its notes), and erases them", async () => {
    const { conv } = await sent();
    const { client } = await signedIn(ctx, "office@example.org", { staffRole: "staff" });
    await client.post(url("en", "staffContactNote", { id: conv.id }), { note: "Internal remark." });
    await client.post(url("en", "staffContactConversation", { id: conv.id }), { body: "Our answer." });
    const other = await sent(valid({ email: "other@example.org" }));
    const who = { id: crypto.randomUUID(), email: "sam@example.org", name: null };
    const data = JSON.stringify(await officeContactPrivacy.export(ctx.db, who));
    expect(data).toContain("workshop together");
    expect(data).toContain("Our answer.");
    expect(data).not.toContain("Internal remark.");
    expect(data).not.toContain("other@example.org");
    await officeContactPrivacy.erase(ctx.db, who, ctx.clock.now());
    expect((await conversations()).map((c) => c.id)).toEqual([other.conv.id]);
  });
});

// BASE is where the test client posts from (the CSRF Origin check).
expect(BASE).toMatch(/^http/);
