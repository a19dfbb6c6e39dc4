import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { BASE, Client, fieldError, linkIn, mailsTo, setupApp, signedIn } from "../../../test/helpers/app.js";
import { makeBoard, makeOrg, seat } from "../../../test/helpers/fixtures.js";
import { catalogs } from "../../catalogs.js";
import { DAY } from "../../core/clock.js";
import { outbox } from "../../core/mail/schema.js";
import { privacyPolicy } from "../../privacy.js";
import { url } from "../../routes.js";
import { MAILTO_PATH, WEBHOOK_PATH } from "./api.routes.js";
import { mailingPrivacy } from "./privacy.js";
import { mailingBounces, mailingSubscriptions } from "./schema.js";
import {
  askBoards,
  confirmedRecipients,
  countRecipients,
  listHeaders,
  MAILING_CONSENT_VERSION,
  mailingToken,
  ONE_CLICK_PATH,
  preferencesUrl,
  RESEND_MS,
  recordBounce,
} from "./service.js";

const WEBHOOK = "webhook-secret-0123456789-abcdef";
const INBOUND = "inbound-secret-0123456789-abcdef";
const ctx = setupApp({ MAILING_WEBHOOK_SECRET: WEBHOOK, INBOUND_SECRET: INBOUND, TRUST_PROXY: "true" });
const T = catalogs;

const form = (over: Record<string, string> = {}) => ({
  orgId: "",
  orgName: "Debating Society",
  contactUrl: "https://debating.example.org/contact",
  email: "Updates@Debating.example.org",
  lang: "en",
  topics: "trainings",
  consent: "on",
  website: "",
  ...over,
});

/** Posts the subscribe form; `topics` may name several, sent as repeated fields as a browser does. */
async function post(client: Client, path: string, values: Record<string, string>, ip = "198.51.100.7") {
  const { topics, ...rest } = values;
  const body = new URLSearchParams(rest);
  for (const x of (topics ?? "").split(",").filter(Boolean)) body.append("topics", x);
  body.set("_csrf", await client.csrfToken());
  return client.request(path, {
    method: "POST",
    body,
    headers: { "content-type": "application/x-www-form-urlencoded", origin: BASE, "x-forwarded-for": ip },
  });
}
const subscribeForm = (values: Record<string, string>, lang: "nl" | "en" = "en", ip?: string) =>
  post(new Client(ctx), url(lang, "mailingSubscribe"), values, ip);

const subs = () => ctx.db.select().from(mailingSubscriptions);
const subOf = async (email: string) => (await ctx.db.select().from(mailingSubscriptions).where(eq(mailingSubscriptions.email, email)))[0]!;
const linkOf = (s: { id: string; tokenVersion: number; lang: "nl" | "en" }) => ({ id: s.id, token: mailingToken(ctx.deps.env, s) });

/** Subscribes through the form and confirms with the mail's link: the confirmed row. */
async function confirmed(email = "updates@debating.example.org", over: Record<string, string> = {}) {
  expect((await subscribeForm(form({ email, ...over }))).status).toBe(200);
  const [mail] = await mailsTo(ctx, email);
  const link = linkIn(mail!.text);
  const res = await new Client(ctx).post(link);
  expect(res.status).toBe(303);
  return subOf(email);
}

describe("subscribing and the double opt-in", () => {
  it("stores a pending subscription and mails only the confirmation; the link's page confirms on its POST only", async () => {
    const res = await subscribeForm(form({ topics: "trainings,news" }));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(T.en.mailingList.sent.lead);
    const row = await subOf("updates@debating.example.org");
    expect(row).toMatchObject({
      status: "pending",
      orgName: "Debating Society",
      topics: ["trainings", "news"],
      lang: "en",
      consentVersion: MAILING_CONSENT_VERSION,
    });
    expect(row.confirmedAt).toBeNull();
    const mails = await mailsTo(ctx, "updates@debating.example.org");
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe(T.en.mailingList.mail.confirmSubject);
    // Not a list mail, and nothing the form's sender typed (the organisation's name) is in it.
    expect(mails[0]!.text).not.toContain("Debating Society");
    const link = linkIn(mails[0]!.text);
    expect(link).toBe(url("en", "mailingConfirm", linkOf(row)));
    // A scanner follows the link: the page shows a button and changes nothing.
    const page = await new Client(ctx).get(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(T.en.mailingList.confirm.button);
    expect((await subOf(row.email)).status).toBe("pending");
    // No list mail goes to a pending address.
    expect(await confirmedRecipients(ctx.db, { topics: ["trainings"], orgIds: null, limit: 10 })).toEqual([]);
    ctx.clock.advance(60_000);
    const done = await new Client(ctx).post(link);
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe(url("en", "mailingPreferences", linkOf(row), { done: "confirmed" }));
    const after = await subOf(row.email);
    expect(after.status).toBe("confirmed");
    expect(after.confirmedAt?.toISOString()).toBe(ctx.clock.now().toISOString());
    expect(after.consentVersion).toBe(MAILING_CONSENT_VERSION);
    expect(await confirmedRecipients(ctx.db, { topics: ["news"], orgIds: null, limit: 10 })).toEqual([
      { id: row.id, email: row.email, lang: "en", tokenVersion: 1, orgName: "Debating Society" },
    ]);
  });

  it("re-subscribing a confirmed address changes nothing and tells its owner, with the list headers", async () => {
    const before = await confirmed();
    const res = await subscribeForm(
      form({ email: "UPDATES@debating.example.org", lang: "nl", topics: "subsidies", orgName: "Stranger" }),
      "nl",
    );
    expect(res.status).toBe(200);
    const after = await subOf(before.email);
    expect(after).toEqual(before);
    const [mail] = await mailsTo(ctx, before.email);
    expect(mail!.subject).toBe(T.en.mailingList.mail.alreadySubject);
    expect(mail!.headers).toEqual(listHeaders(ctx.deps.env, before));
    expect(mail!.text).not.toContain("Stranger");
  });

  it("re-subscribing a pending address keeps the details first given (a stranger can't change them) and mails the confirmation again only after RESEND_MS", async () => {
    await subscribeForm(form());
    const first = await subOf("updates@debating.example.org");
    expect((await subscribeForm(form({ topics: "subsidies", lang: "nl", orgName: "Stranger" }))).status).toBe(200);
    expect(await subOf(first.email)).toEqual(first);
    expect(await mailsTo(ctx, first.email)).toHaveLength(1);
    // A quarter of an hour later the owner, who lost the first mail, asks again: the same link, the same details.
    await ctx.db
      .update(outbox)
      .set({ createdAt: new Date(Date.now() - RESEND_MS - 60_000) })
      .where(eq(outbox.to, first.email));
    await subscribeForm(form({ topics: "subsidies" }));
    expect(await subOf(first.email)).toEqual(first);
    const mails = await mailsTo(ctx, first.email);
    expect(mails).toHaveLength(2);
    expect(linkIn(mails[0]!.text)).toBe(linkIn(mails[1]!.text));
  });

  it("re-subscribing after unsubscribing asks for confirmation again, and the old links stop working", async () => {
    const first = await confirmed();
    const oldLinks = linkOf(first);
    expect((await new Client(ctx).post(url("en", "mailingUnsubscribe", oldLinks))).status).toBe(303);
    expect((await subOf(first.email)).status).toBe("unsubscribed");
    await subscribeForm(form({ topics: "news" }));
    const again = await subOf(first.email);
    expect(again).toMatchObject({ status: "pending", tokenVersion: 2, topics: ["news"] });
    expect(again.unsubscribedAt).toBeNull();
    // The old preferences link and one-click URL are dead: nobody holding an old mail can act on the new subscription.
    expect((await new Client(ctx).get(url("en", "mailingPreferences", oldLinks))).status).toBe(404);
    expect((await ctx.app.request(`${ONE_CLICK_PATH}/${oldLinks.id}/${oldLinks.token}`, { method: "POST" })).status).toBe(404);
    expect((await new Client(ctx).post(url("en", "mailingConfirm", oldLinks))).status).toBe(404);
    expect((await subOf(first.email)).status).toBe("pending");
  });

  it("a wrong or malformed token finds nothing, and no page a mail links to changes anything on GET", async () => {
    const row = await confirmed();
    const good = linkOf(row);
    const wrong = { id: row.id, token: mailingToken(ctx.deps.env, { id: row.id, tokenVersion: 9 }) };
    const client = new Client(ctx);
    for (const key of ["mailingConfirm", "mailingPreferences", "mailingErase"] as const) {
      expect((await client.get(url("en", key, wrong))).status).toBe(404);
      expect((await client.get(url("en", key, { id: row.id, token: "short" }))).status).toBe(404);
    }
    for (const key of ["mailingPreferences", "mailingUnsubscribe", "mailingExport", "mailingErase"] as const)
      expect((await client.post(url("en", key, wrong), { lang: "nl", topics: "news" })).status).toBe(404);
    // Scanners GET every link of a mail, including the one-click URL and the erase page.
    for (const key of ["mailingConfirm", "mailingPreferences", "mailingErase"] as const)
      expect((await client.get(url("en", key, good))).status).toBe(200);
    expect((await ctx.app.request(`${ONE_CLICK_PATH}/${good.id}/${good.token}`)).status).toBe(404);
    expect(await subOf(row.email)).toEqual(row);
    expect(await ctx.db.select().from(mailingBounces)).toEqual([]);
  });

  it("reports every error of the form at once, keeps the values, stores and mails nothing", async () => {
    const res = await subscribeForm({
      orgId: "",
      orgName: "",
      contactUrl: "ftp://example.org",
      email: "not-an-address",
      lang: "xx",
      topics: "",
      website: "",
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(fieldError(html, "orgId")).toBe(T.en.errors.mailingOrgRequired);
    expect(fieldError(html, "contactUrl")).toBe(T.en.errors.invalidUrl);
    expect(fieldError(html, "email")).toBe(T.en.errors.invalidEmail);
    expect(fieldError(html, "lang")).toBe(T.en.errors.invalidChoice);
    expect(fieldError(html, "topics")).toBe(T.en.errors.mailingTopicRequired);
    expect(fieldError(html, "consent")).toBe(T.en.errors.mailingConsentRequired);
    expect(html).toContain('value="not-an-address"');
    // An unknown topic, an organisation id that is no organisation, huge and odd values: a 422, never a 500.
    const odd = await subscribeForm(
      form({ topics: "spam", orgId: "0000000-bad", orgName: "x".repeat(5000), email: `${"é".repeat(300)}@example.org` }),
      "nl",
    );
    expect(odd.status).toBe(422);
    const oddHtml = await odd.text();
    expect(fieldError(oddHtml, "topics")).toBe(T.nl.errors.invalidChoice);
    expect(fieldError(oddHtml, "orgId")).toBe(T.nl.errors.invalidChoice);
    const unknownOrg = await subscribeForm(form({ orgId: "00000000-0000-4000-8000-000000000000", orgName: "" }));
    expect(unknownOrg.status).toBe(422);
    expect(fieldError(await unknownOrg.text(), "orgId")).toBe(T.en.errors.invalidChoice);
    expect(await subs()).toEqual([]);
    expect(await mailsTo(ctx, "updates@debating.example.org")).toEqual([]);
  });

  it("drops a filled honeypot silently and limits the form per network", async () => {
    const trap = await subscribeForm(form({ website: "http://spam.example" }));
    expect(trap.status).toBe(200);
    expect(await subs()).toEqual([]);
    for (let i = 1; i < ctx.deps.env.MAILING_FORM_LIMIT_PER_HOUR; i++)
      expect((await subscribeForm(form({ email: `a${i}@example.org` }))).status).toBe(200);
    expect((await subscribeForm(form({ email: "one-too-many@example.org" }))).status).toBe(429);
    expect((await subscribeForm(form({ email: "elsewhere@example.org" }), "en", "203.0.113.50")).status).toBe(200);
  });

  it("prefills the form for a board member and records the subscription as confirmed by their board", async () => {
    const org = await makeOrg(ctx, "Rowing Club", { email: "board@rowing.example.org", contactUrl: "https://rowing.example.org" });
    const board = await makeBoard(ctx, org.id);
    const { client } = await seat(ctx, board.id, "chair@rowing.example.org");
    const html = await (await client.get(url("en", "mailingSubscribe"))).text();
    expect(html).toContain('value="board@rowing.example.org"');
    expect(html).toMatch(new RegExp(`<option value="${org.id}" selected`));
    const res = await post(client, url("en", "mailingSubscribe"), form({ orgId: org.id, orgName: "", email: "board@rowing.example.org" }));
    expect(res.status).toBe(200);
    const row = await subOf("board@rowing.example.org");
    expect(row).toMatchObject({ orgId: org.id, orgName: null, boardConfirmedBoardId: board.id, status: "pending" });
  });
});

describe("unsubscribing and the preferences page", () => {
  it("one-click: a POST without cookie, session or CSRF token unsubscribes (RFC 8058)", async () => {
    const row = await confirmed();
    const headers = listHeaders(ctx.deps.env, row);
    expect(headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    const [https, mailto] = headers["List-Unsubscribe"]!.split(", ").map((v) => v.slice(1, -1));
    expect(https).toMatch(/^http:\/\/localhost:3000\/api\/mailing\/unsubscribe\//);
    expect(mailto).toMatch(new RegExp(`^mailto:${ctx.deps.env.OFFICE_EMAIL}\\?subject=unsubscribe-${row.id}\\.`));
    const res = await ctx.app.request(https!.replace(BASE, ""), {
      method: "POST",
      body: "List-Unsubscribe=One-Click",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://mail.example.com" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toBeNull();
    const after = await subOf(row.email);
    expect(after.status).toBe("unsubscribed");
    expect(after.unsubscribedAt).not.toBeNull();
    expect(await countRecipients(ctx.db, { topics: ["trainings"], orgIds: null })).toBe(0);
    // Again: still fine, nothing more happens.
    expect((await ctx.app.request(https!.replace(BASE, ""), { method: "POST" })).status).toBe(200);
  });

  it("the mailto unsubscribe through the inbound endpoint (shared secret; the subject names the subscription)", async () => {
    const row = await confirmed();
    const mailto = listHeaders(ctx.deps.env, row)["List-Unsubscribe"]!.split(", ")[1]!;
    const subject = decodeURIComponent(mailto.split("subject=")[1]!.slice(0, -1));
    const raw = `From: updates@debating.example.org\r\nTo: ${ctx.deps.env.OFFICE_EMAIL}\r\nSubject: ${subject}\r\n\r\n\r\n`;
    const send = (auth?: string) =>
      ctx.app.request(MAILTO_PATH, {
        method: "POST",
        body: raw,
        headers: { "content-type": "message/rfc822", ...(auth ? { authorization: auth } : {}) },
      });
    expect((await send()).status).toBe(401);
    expect((await send("Bearer wrong-secret-0123456789-abcdef")).status).toBe(401);
    expect((await subOf(row.email)).status).toBe("confirmed");
    expect((await send(`Bearer ${INBOUND}`)).status).toBe(202);
    expect((await subOf(row.email)).status).toBe("unsubscribed");
    const junk = await ctx.app.request(MAILTO_PATH, {
      method: "POST",
      body: "Subject: hello\r\n\r\nhi",
      headers: { authorization: `Bearer ${INBOUND}` },
    });
    expect(junk.status).toBe(422);
    // A subject of the right shape whose id is no uuid: refused, never a database error.
    const shaped = await ctx.app.request(MAILTO_PATH, {
      method: "POST",
      body: `Subject: unsubscribe-${"a".repeat(36)}.${"b".repeat(43)}\r\n\r\nhi`,
      headers: { authorization: `Bearer ${INBOUND}` },
    });
    expect(shaped.status).toBe(422);
  });

  it("changes language and topics on POST; bad input re-renders with the errors and changes nothing", async () => {
    const row = await confirmed();
    const link = url("en", "mailingPreferences", linkOf(row));
    const client = new Client(ctx);
    const bad = await post(client, link, { lang: "fr", topics: "" });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(fieldError(html, "lang")).toBe(T.en.errors.invalidChoice);
    expect(fieldError(html, "topics")).toBe(T.en.errors.mailingTopicRequired);
    const junk = await post(client, link, { lang: "nl", topics: "trainings,hacking" });
    expect(junk.status).toBe(422);
    expect(await subOf(row.email)).toEqual(row);
    const ok = await post(client, link, { lang: "nl", topics: "subsidies,news" });
    expect(ok.status).toBe(303);
    expect(await subOf(row.email)).toMatchObject({ lang: "nl", topics: ["subsidies", "news"], status: "confirmed" });
    // The recipient's preferences URL is in their (new) language.
    expect(preferencesUrl(ctx.deps.env, { ...row, lang: "nl" })).toBe(`${BASE}${url("nl", "mailingPreferences", linkOf(row))}`);
  });

  it("exports the subscriber's data and erases it with its bounces (asking first)", async () => {
    const row = await confirmed();
    await recordBounce(ctx.db, { email: row.email, kind: "soft", source: "webhook" }, ctx.clock.now());
    const client = new Client(ctx);
    const exp = await client.post(url("en", "mailingExport", linkOf(row)));
    expect(exp.status).toBe(200);
    expect(exp.headers.get("cache-control")).toContain("no-store");
    const data = (await exp.json()) as { mailingList: { email: string; bounces: unknown[]; tokenVersion?: number } };
    expect(data.mailingList.email).toBe(row.email);
    expect(data.mailingList.bounces).toHaveLength(1);
    expect(data.mailingList.tokenVersion).toBeUndefined();
    const ask = await client.get(url("en", "mailingErase", linkOf(row)));
    expect(await ask.text()).toContain(T.en.mailingList.erase.body(row.email));
    expect(await subs()).toHaveLength(1);
    // A mail of the list to the address (its headers hold the link's token) goes with the erasure.
    expect((await mailsTo(ctx, row.email)).length).toBeGreaterThan(0);
    const erased = await client.post(url("en", "mailingErase", linkOf(row)));
    expect(erased.status).toBe(200);
    expect(await subs()).toEqual([]);
    expect(await mailsTo(ctx, row.email)).toEqual([]);
    expect(await ctx.db.select().from(mailingBounces)).toEqual([]);
    expect((await client.get(url("en", "mailingPreferences", linkOf(row)))).status).toBe(404);
  });
});

describe("bounces", () => {
  it("two hard bounces suspend an address; soft ones are recorded only; a complaint suspends at once", async () => {
    const row = await confirmed();
    const now = ctx.clock.now();
    expect(await recordBounce(ctx.db, { email: row.email, kind: "soft", source: "webhook" }, now)).toBe("recorded");
    expect(await recordBounce(ctx.db, { email: row.email.toUpperCase(), kind: "hard", source: "webhook" }, now)).toBe("recorded");
    expect((await subOf(row.email)).status).toBe("confirmed");
    expect(await recordBounce(ctx.db, { email: row.email, kind: "hard", source: "office" }, now)).toBe("suspended");
    expect(await subOf(row.email)).toMatchObject({ status: "suspended", hardBounces: 2 });
    expect(await countRecipients(ctx.db, { topics: ["trainings"], orgIds: null })).toBe(0);
    expect(await recordBounce(ctx.db, { email: "nobody@example.org", kind: "hard", source: "webhook" }, now)).toBe("unknown");
    const other = await confirmed("other@example.org");
    expect(await recordBounce(ctx.db, { email: other.email, kind: "complaint", source: "webhook" }, now)).toBe("suspended");
    // Confirming again (a new subscription through the form) starts the count afresh.
    await subscribeForm(form({ email: row.email }));
    const [mail] = await mailsTo(ctx, row.email);
    await new Client(ctx).post(linkIn(mail!.text));
    expect(await subOf(row.email)).toMatchObject({ status: "confirmed", hardBounces: 0, tokenVersion: 2 });
  });

  it("the webhook: off without its secret, refuses a wrong one, junk is a 4xx, never a 500", async () => {
    const row = await confirmed();
    const hook = (body: string, auth: string | null = `Bearer ${WEBHOOK}`) =>
      ctx.app.request(WEBHOOK_PATH, {
        method: "POST",
        body,
        headers: { "content-type": "application/json", ...(auth ? { authorization: auth } : {}) },
      });
    expect((await hook(JSON.stringify({ email: row.email, kind: "hard" }), null)).status).toBe(401);
    expect((await hook(JSON.stringify({ email: row.email, kind: "hard" }), "Bearer nope")).status).toBe(401);
    expect((await hook("{not json")).status).toBe(400);
    expect((await hook(JSON.stringify({ email: "x", kind: "hard" }))).status).toBe(422);
    expect((await hook(JSON.stringify({ email: row.email, kind: "boing" }))).status).toBe(422);
    expect((await hook(JSON.stringify([1, 2]))).status).toBe(422);
    const ok = await hook(JSON.stringify({ email: row.email, kind: "hard" }));
    expect(ok.status).toBe(202);
    expect(await ok.json()).toEqual({ status: "recorded" });
    expect((await hook(JSON.stringify({ email: row.email, kind: "hard" }))).status).toBe(202);
    expect((await subOf(row.email)).status).toBe("suspended");
    const { createApp } = await import("../../app.js");
    const off = createApp({ ...ctx.deps, env: { ...ctx.deps.env, MAILING_WEBHOOK_SECRET: undefined } });
    expect((await off.request(WEBHOOK_PATH, { method: "POST", body: "{}", headers: { authorization: `Bearer ${WEBHOOK}` } })).status).toBe(
      404,
    );
  });
});

describe("recipients (the campaigns' reading)", () => {
  it("confirmed only, sharing a topic, of the organisations asked for, in keyset pages by id", async () => {
    const org = await makeOrg(ctx, "Chess Club");
    const now = ctx.clock.now();
    const row = (email: string, over: Partial<typeof mailingSubscriptions.$inferInsert> = {}) => ({
      email,
      lang: "nl" as const,
      topics: ["news" as const],
      status: "confirmed" as const,
      consentVersion: "test",
      createdAt: now,
      updatedAt: now,
      ...over,
    });
    await ctx.db
      .insert(mailingSubscriptions)
      .values([
        row("a@example.org", { orgId: org.id }),
        row("b@example.org", { topics: ["trainings", "news"] }),
        row("c@example.org", { topics: ["subsidies"] }),
        row("d@example.org", { status: "pending" }),
        row("e@example.org", { status: "unsubscribed" }),
        row("f@example.org", { status: "suspended" }),
        row("g@example.org", { orgName: "Typed" }),
      ]);
    const all = await confirmedRecipients(ctx.db, { topics: ["news"], orgIds: null, limit: 100 });
    expect(all.map((r) => r.email).sort()).toEqual(["a@example.org", "b@example.org", "g@example.org"]);
    expect(all.find((r) => r.email === "a@example.org")!.orgName).toBe("Chess Club");
    expect(all.find((r) => r.email === "g@example.org")!.orgName).toBe("Typed");
    expect(await countRecipients(ctx.db, { topics: ["news"], orgIds: null })).toBe(3);
    expect(await countRecipients(ctx.db, { topics: ["news", "subsidies"], orgIds: null })).toBe(4);
    expect((await confirmedRecipients(ctx.db, { topics: ["news"], orgIds: [org.id], limit: 10 })).map((r) => r.email)).toEqual([
      "a@example.org",
    ]);
    expect(await confirmedRecipients(ctx.db, { topics: ["news"], orgIds: [], limit: 10 })).toEqual([]);
    const first = await confirmedRecipients(ctx.db, { topics: ["news"], orgIds: null, limit: 2 });
    const rest = await confirmedRecipients(ctx.db, { topics: ["news"], orgIds: null, afterId: first[1]!.id, limit: 2 });
    expect([...first, ...rest].map((r) => r.id)).toEqual(all.map((r) => r.id));
    expect(first[0]!.id < first[1]!.id && first[1]!.id < rest[0]!.id).toBe(true);
  });
});

describe("the office's subscribers page", () => {
  it("lists and filters subscribers, and marks one as bouncing by hand", async () => {
    const row = await confirmed();
    await confirmed("second@example.org", { topics: "news" });
    const { client } = await signedIn(ctx, "staff@office.example.org", { staffRole: "staff" });
    const page = await client.get(url("nl", "staffMailing"));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(row.email);
    expect(html).toContain("second@example.org");
    const filtered = await (await client.get(url("en", "staffMailing", {}, { topic: "news" }))).text();
    expect(filtered).toContain("second@example.org");
    expect(filtered).not.toContain(row.email);
    expect((await client.get(url("en", "staffMailing", {}, { status: "junk", topic: "'; drop", org: "x" }))).status).toBe(200);
    const res = await client.post(url("en", "staffMailingBounce", { id: row.id }), { kind: "hard" });
    expect(res.status).toBe(303);
    expect((await subOf(row.email)).hardBounces).toBe(1);
    const res2 = await client.post(url("en", "staffMailingBounce", { id: row.id }), { kind: "hard" });
    expect(res2.headers.get("location")).toContain("done=suspended");
    expect((await client.post(url("en", "staffMailingBounce", { id: row.id }), { kind: "bogus" })).status).toBe(303);
    const bounces = await ctx.db.select().from(mailingBounces);
    expect(bounces.map((b) => [b.kind, b.source])).toEqual([
      ["hard", "office"],
      ["hard", "office"],
    ]);
  });
});

describe("the board's hand-over", () => {
  async function setup() {
    const org = await makeOrg(ctx, "Rowing Club");
    const oldBoard = await makeBoard(ctx, org.id, "2025-09-01");
    const board = await makeBoard(ctx, org.id, "2026-09-01");
    const now = ctx.clock.now();
    const [sub] = await ctx.db
      .insert(mailingSubscriptions)
      .values({
        email: "old-board@rowing.example.org",
        orgId: org.id,
        lang: "nl",
        topics: ["trainings"],
        status: "confirmed",
        consentVersion: "test",
        confirmedAt: now,
        boardConfirmedBoardId: oldBoard.id,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    const chair = await seat(ctx, board.id, "chair@rowing.example.org", { lang: "en" });
    return { org, board, sub: sub!, chair };
  }

  it("asks the incoming board on its dashboard; confirming records the board", async () => {
    const { org, board, sub, chair } = await setup();
    const dash = await (await chair.client.get(url("en", "dashboard"))).text();
    expect(dash).toContain(T.en.mailingList.board.title);
    expect(dash).toContain(sub.email);
    const res = await chair.client.post(url("en", "orgMailingConfirm", { id: org.id, subscriptionId: sub.id }));
    expect(res.status).toBe(303);
    expect((await subOf(sub.email)).boardConfirmedBoardId).toBe(board.id);
    const after = await (await chair.client.get(url("en", "dashboard"))).text();
    expect(after).not.toContain(sub.email);
    // Another organisation's board may not touch it.
    const other = await makeOrg(ctx, "Chess Club");
    const otherBoard = await makeBoard(ctx, other.id);
    const stranger = await seat(ctx, otherBoard.id, "chair@chess.example.org");
    expect((await stranger.client.post(url("en", "orgMailingConfirm", { id: org.id, subscriptionId: sub.id }))).status).toBe(404);
    expect((await stranger.client.post(url("en", "orgMailingConfirm", { id: other.id, subscriptionId: sub.id }))).status).toBe(404);
  });

  it("changing the address unsubscribes the old one and starts a double opt-in for the new one; bad input is a 422", async () => {
    const { org, board, sub, chair } = await setup();
    const path = url("en", "orgMailingChange", { id: org.id, subscriptionId: sub.id });
    const bad = await chair.client.post(path, { email: "nope" });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain(T.en.errors.invalidEmail);
    expect(html).toContain('value="nope"');
    // An address confirmed on the list for someone else can't be taken over: refused, the old address stays.
    const taken = await confirmed("someone@example.org");
    const refused = await chair.client.post(path, { email: "Someone@example.org" });
    expect(refused.status).toBe(422);
    expect(fieldError(await refused.text(), `email-${sub.id}`)).toBe(T.en.errors.mailingAddressTaken);
    expect((await subOf(sub.email)).status).toBe(sub.status);
    expect(await subOf(taken.email)).toEqual(taken);
    expect((await chair.client.post(path, { email: "new@rowing.example.org" })).status).toBe(303);
    expect((await subOf(sub.email)).status).toBe("unsubscribed");
    const fresh = await subOf("new@rowing.example.org");
    expect(fresh).toMatchObject({ status: "pending", orgId: org.id, boardConfirmedBoardId: board.id, topics: ["trainings"] });
    const [mail] = await mailsTo(ctx, "new@rowing.example.org");
    expect(mail!.subject).toBe(T.nl.mailingList.mail.confirmSubject);
  });

  it("the daily job mails the current board once per board", async () => {
    const { sub } = await setup();
    expect(await askBoards(ctx.db, ctx.deps, ctx.clock.now())).toBe(1);
    const [mail] = await mailsTo(ctx, "chair@rowing.example.org");
    expect(mail!.subject).toBe(T.nl.mailingList.mail.boardSubject);
    expect(await askBoards(ctx.db, ctx.deps, ctx.clock.now())).toBe(0);
    expect(await mailsTo(ctx, "chair@rowing.example.org")).toHaveLength(1);
    expect(await mailsTo(ctx, sub.email)).toEqual([]);
  });
});

describe("personal data", () => {
  it("retention: unconfirmed after a week, unsubscribed or suspended after RETENTION_MAILING_DAYS; confirmed ones stay", async () => {
    const kept = await confirmed("kept@example.org");
    const gone = await confirmed("gone@example.org");
    await new Client(ctx).post(url("en", "mailingUnsubscribe", linkOf(gone)));
    const bouncing = await confirmed("bouncing@example.org");
    expect(await recordBounce(ctx.db, { email: bouncing.email, kind: "complaint", source: "webhook" }, ctx.clock.now())).toBe("suspended");
    await subscribeForm(form({ email: "never@example.org" }));
    const { rules } = privacyPolicy(ctx.deps.env);
    const rule = rules.find((r) => r.id === "mailing.subscriptions")!;
    ctx.clock.advance(6 * DAY);
    expect(await rule.apply!(ctx.db, ctx.clock.now())).toBe(0);
    ctx.clock.advance(2 * DAY);
    expect(await rule.apply!(ctx.db, ctx.clock.now())).toBe(1);
    expect((await subs()).map((s) => s.email).sort()).toEqual(["bouncing@example.org", "gone@example.org", "kept@example.org"]);
    ctx.clock.advance(ctx.deps.env.RETENTION_MAILING_DAYS * DAY);
    expect(await rule.apply!(ctx.db, ctx.clock.now())).toBe(2);
    expect((await subs()).map((s) => s.email)).toEqual([kept.email]);
    // The privacy page quotes the rule.
    const page = await (await new Client(ctx).get(url("en", "privacy"))).text();
    expect(page).toContain(T.en.mailingList.privacy.data);
  });

  it("the account's download holds the subscription of its address, and deleting the account erases it", async () => {
    const row = await confirmed("person@example.org");
    await recordBounce(ctx.db, { email: row.email, kind: "soft", source: "webhook" }, ctx.clock.now());
    await confirmed("someone-else@example.org");
    const { client } = await signedIn(ctx, "person@example.org");
    expect(privacyPolicy(ctx.deps.env).providers.map((p) => p.name)).toContain(mailingPrivacy.name);
    const download = await client.get(url("en", "accountExport"));
    expect(download.status).toBe(200);
    const data = (await download.json()) as { mailingList: { subscription: { email: string; status: string; bounces: unknown[] } } };
    expect(data.mailingList.subscription).toMatchObject({ email: "person@example.org", status: "confirmed" });
    expect(data.mailingList.subscription.bounces).toHaveLength(1);
    const res = await client.post(url("en", "accountDelete"), { confirm: "on" });
    expect(res.status).toBe(303);
    expect((await subs()).map((s) => s.email)).toEqual(["someone-else@example.org"]);
    expect(await ctx.db.select().from(mailingBounces)).toEqual([]);
  });
});
