import { asc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { Client, decodeHtml, fieldError, mailsTo, setupApp, signedIn } from "../../../test/helpers/app.js";
import { catalogs } from "../../catalogs.js";
import { DAY, MINUTE } from "../../core/clock.js";
import { formatDate, LANGS, localDate } from "../../core/i18n/index.js";
import { applyRetention } from "../../core/privacy.js";
import { loadEnv } from "../../env.js";
import { jobHandlers, schedules } from "../../jobs.js";
import { privacyPolicy } from "../../privacy.js";
import { url } from "../../routes.js";
import { auditLog } from "../audit/schema.js";
import { users } from "../auth/schema.js";
import { keyFigures } from "../key-figures/schema.js";
import { boardMembers, boards, organisations } from "../organisations/schema.js";
import { listenerProfiles } from "../peer-listeners/schema.js";
import { decrypt, developmentKeyNotice, keyRing } from "./crypto.js";
import { CONTACT_RECEIPT_LIMIT } from "./public.routes.js";
import { confidentialAdvisers, contactConversations, contactMessages } from "./schema.js";
import { NOTIFY_EVERY, rekeyAll } from "./service.js";

const ctx = setupApp();
const CANARY = "canary-7f3a9 my secret story";
const NAME_CANARY = "Canaryname Q";
const EMAIL_CANARY = "canary.student@example.org";

async function fixture() {
  const [orgA, orgB] = await ctx.db
    .insert(organisations)
    .values([
      { name: "Alpha Association", nameKey: "alphaassociation", kind: "sports" },
      { name: "Beta Club", nameKey: "betaclub", kind: "cultural" },
    ])
    .returning();
  const [boardA] = await ctx.db.insert(boards).values({ organisationId: orgA!.id, year: 2026, startsOn: "2026-09-01" }).returning();
  const listener = async (email: string, orgId: string, status: "active" | "paused" = "active") => {
    const { client, user } = await signedIn(ctx, email);
    const [kf] = await ctx.db
      .insert(keyFigures)
      .values({
        organisationId: orgId,
        email,
        role: "peer_listener",
        status: "active",
        userId: user.id,
        tokenHash: `h-${email}`,
        expiresAt: new Date(ctx.clock.now().getTime() + DAY),
      })
      .returning();
    await ctx.db.insert(listenerProfiles).values({ keyFigureId: kf!.id, displayName: `Listener ${email.split("@")[0]}`, status });
    return { client, user, keyFigureId: kf!.id };
  };
  const listenerA = await listener("la@alpha.example.org", orgA!.id);
  const pausedA = await listener("pa@alpha.example.org", orgA!.id, "paused");
  const listenerB = await listener("lb@beta.example.org", orgB!.id);
  const board = await signedIn(ctx, "board@alpha.example.org");
  await ctx.db.insert(boardMembers).values({ boardId: boardA!.id, userId: board.user.id, position: "chair" });
  const staff = await signedIn(ctx, "staff@office.example.org", { staffRole: "staff" });
  const adviser = await signedIn(ctx, "adviser@office.example.org", { staffRole: "staff" });
  await ctx.db.insert(confidentialAdvisers).values({ userId: adviser.user.id });
  return { orgA: orgA!, orgB: orgB!, listenerA, pausedA, listenerB, board, staff, adviser };
}

/** A student writes to organisation A; returns the receipt (the 16 digits shown once) and the page. */
async function write(orgId: string, form: Record<string, string> = {}, lang: "nl" | "en" = "nl") {
  const student = new Client(ctx);
  const res = await student.post(url(lang, "contactListeners", { orgId }), {
    message: CANARY,
    listener: "",
    name: NAME_CANARY,
    lang,
    email: EMAIL_CANARY,
    ...form,
  });
  const html = decodeHtml(await res.text());
  const receipt = html.match(/id="receipt-code"[^>]*value="([\d ]+)"/)?.[1]?.replace(/ /g, "") ?? "";
  return { student, res, html, receipt };
}

const rawText = async (table: string) =>
  JSON.stringify(((await ctx.db.execute(sql.raw(`select * from ${table}`))) as unknown as { rows: unknown[] }).rows);

describe("a student writes without an account", () => {
  it("gets a 16-digit receipt once, the deletion date, and the listeners a contentless notice", async () => {
    const fx = await fixture();
    const form = await new Client(ctx).get(url("nl", "contactListeners", { orgId: fx.orgA.id }));
    expect(form.status).toBe(200);
    const page = decodeHtml(await form.text());
    expect(page).toContain('href="tel:113"');
    expect(page).toContain(`href="${url("nl", "roadmap")}"`);
    expect(form.headers.get("cache-control")).toContain("no-store");

    const { res, html, receipt } = await write(fx.orgA.id);
    expect(res.status).toBe(200);
    expect(receipt).toMatch(/^\d{16}$/);
    expect(html).toContain(catalogs.nl.contact.receipt.save);
    expect(html).toContain("/static/copy.js");
    expect(html).toContain('href="tel:113"');
    // 90 days after 2026-11-23.
    expect(html).toContain(catalogs.nl.contact.receipt.deleted("21 februari 2027"));
    expect(res.headers.get("location")).toBeNull();

    // The active listener gets "a new message", never its text or the name; the paused one nothing.
    const [mail] = await mailsTo(ctx, "la@alpha.example.org");
    expect(mail!.subject).toBe(catalogs.nl.contact.mail.subject);
    for (const part of [mail!.text, mail!.html, mail!.subject]) {
      expect(part).not.toContain("canary");
      expect(part).not.toContain(NAME_CANARY);
    }
    expect(mail!.text).toContain(url("nl", "listenerInbox", { orgId: fx.orgA.id }));
    expect(await mailsTo(ctx, "pa@alpha.example.org")).toHaveLength(0);
    expect(await mailsTo(ctx, "lb@beta.example.org")).toHaveLength(0);

    // At rest: no plaintext, no receipt; the values name their key.
    const rows = (await rawText("contact_conversations")) + (await rawText("contact_messages"));
    for (const secret of ["canary", NAME_CANARY, EMAIL_CANARY, receipt]) expect(rows).not.toContain(secret);
    const [m] = await ctx.db.select().from(contactMessages);
    expect(m!.body).toMatch(/^dev:[\w-]+:[\w-]+:[\w-]+$/);
    expect(decrypt(keyRing(ctx.deps.env), m!.body, m!.conversationId)).toBe(CANARY);
    // Not in the logs either.
    expect(ctx.logs.join("\n")).not.toContain("canary");
    expect(ctx.logs.join("\n")).not.toContain(receipt);
  });

  it("refuses bad input in both languages, keeps what was typed and writes nothing", async () => {
    const fx = await fixture();
    for (const lang of LANGS) {
      const { res, html } = await write(fx.orgA.id, { message: "", email: "not-an-address", lang: "xx", listener: "nope" }, lang);
      expect(res.status).toBe(422);
      expect(fieldError(html, "message")).toBe(catalogs[lang].errors.required);
      expect(fieldError(html, "email")).toBe(catalogs[lang].errors.invalidEmail);
      expect(fieldError(html, "lang")).toBe(catalogs[lang].errors.invalidChoice);
      expect(fieldError(html, "listener")).toBe(catalogs[lang].errors.invalidChoice);
      expect(html).toContain('value="not-an-address"');
      const long = await write(fx.orgA.id, { message: "x".repeat(5001) }, lang);
      expect(long.res.status).toBe(422);
      expect(fieldError(long.html, "message")).toContain("5");
      // Another organisation's listener is no choice here.
      const other = await write(fx.orgA.id, { listener: fx.listenerB.keyFigureId }, lang);
      expect(other.res.status).toBe(422);
    }
    expect(await ctx.db.select().from(contactConversations)).toHaveLength(0);
  });

  it("is told when the organisation has no listener left, and pointed to the office and the roadmap", async () => {
    const fx = await fixture();
    await ctx.db.update(keyFigures).set({ status: "removed" });
    const res = await new Client(ctx).get(url("en", "contactListeners", { orgId: fx.orgA.id }));
    const html = decodeHtml(await res.text());
    const pointed = (page: string, lang: "nl" | "en") => {
      const notice = page.slice(page.indexOf('<div class="notice" role="status">'));
      expect(notice).toContain(`href="mailto:${ctx.deps.env.OFFICE_EMAIL}"`);
      expect(notice).toContain(catalogs[lang].contact.help.adviser(ctx.deps.env.OFFICE_EMAIL));
      expect(notice).toContain(`href="${url(lang, "roadmapGuide")}"`);
    };
    expect(html).toContain(catalogs.en.contact.write.noListeners);
    pointed(html, "en");
    expect(html).not.toContain('name="message"');
    const { res: post } = await write(fx.orgA.id, {}, "en");
    expect(post.status).toBe(422);
    expect(await ctx.db.select().from(contactConversations)).toHaveLength(0);
  });

  it("coming back after the last listener left: told so, with the date, pointed to the office and the roadmap, and cannot write", async () => {
    const fx = await fixture();
    const { receipt } = await write(fx.orgA.id);
    await ctx.db.update(keyFigures).set({ status: "removed" });
    const [conv] = await ctx.db.select().from(contactConversations);
    for (const lang of LANGS) {
      const res = await new Client(ctx).post(url(lang, "contactReturn"), { step: "open", receipt });
      expect(res.status).toBe(200);
      const html = decodeHtml(await res.text());
      expect(html).toContain(catalogs[lang].contact.thread.noListeners);
      expect(html).toContain(catalogs[lang].contact.thread.deleted(formatDate(lang, conv!.deleteAfter, ctx.deps.env.TIME_ZONE)));
      expect(html).toContain(CANARY);
      const pointedAt = html.slice(html.indexOf(catalogs[lang].contact.thread.noListeners));
      expect(pointedAt).toContain(`href="mailto:${ctx.deps.env.OFFICE_EMAIL}"`);
      expect(pointedAt).toContain(`href="${url(lang, "roadmapGuide")}"`);
      expect(html).not.toContain('name="message"');
    }
    const again = await new Client(ctx).post(url("en", "contactReturn"), { step: "write", receipt, message: "anyone?" });
    expect(again.status).toBe(422);
    expect(decodeHtml(await again.text())).toContain(catalogs.en.contact.thread.noListeners);
    expect(await ctx.db.select().from(contactMessages)).toHaveLength(1);
  });
});

describe("coming back with the receipt", () => {
  it("reads the listener's answer and writes again; the receipt is never in a URL", async () => {
    const fx = await fixture();
    const { receipt } = await write(fx.orgA.id);
    const [conv] = await ctx.db.select().from(contactConversations);
    const answer = await fx.listenerA.client.post(url("nl", "listenerConversation", { orgId: fx.orgA.id, id: conv!.id }), {
      message: "An answer from the team",
    });
    expect(answer.status).toBe(303);
    // The student left an address: a notice without the answer's text.
    const [notice] = await mailsTo(ctx, EMAIL_CANARY);
    expect(notice!.text).not.toContain("An answer from the team");
    expect(notice!.text).toContain(url("nl", "contactReturn"));

    const student = new Client(ctx);
    const opened = await student.post(url("nl", "contactReturn"), { step: "open", receipt: receipt.replace(/(\d{4})/g, "$1 ") });
    expect(opened.status).toBe(200);
    const html = decodeHtml(await opened.text());
    expect(html).toContain(CANARY);
    expect(html).toContain("An answer from the team");
    expect(html).toContain('href="tel:113"');
    expect(opened.headers.get("cache-control")).toContain("no-store");
    const more = await student.post(url("nl", "contactReturn"), { step: "write", receipt, message: "Thank you" });
    expect(more.status).toBe(200);
    expect(decodeHtml(await more.text())).toContain(catalogs.nl.contact.thread.sent);
    expect(await ctx.db.select().from(contactMessages)).toHaveLength(3);
    // An empty message: the error next to the field, nothing written.
    const empty = await student.post(url("en", "contactReturn"), { step: "write", receipt, message: " " });
    expect(empty.status).toBe(422);
    expect(fieldError(await empty.text(), "message")).toBe(catalogs.en.errors.required);
    expect(await ctx.db.select().from(contactMessages)).toHaveLength(3);
  });

  it("answers an unknown and a wrong receipt alike (404), a malformed one with a field error, and limits the guesses", async () => {
    const fx = await fixture();
    const { receipt } = await write(fx.orgA.id);
    const wrong = receipt.slice(0, 15) + String((Number(receipt[15]) + 1) % 10);
    const texts: string[] = [];
    for (const r of [wrong, "0000000000000000"]) {
      const res = await new Client(ctx).post(url("en", "contactReturn"), { step: "open", receipt: r });
      expect(res.status).toBe(404);
      texts.push((await res.text()).replace(/name="_csrf" value="[^"]*"/g, "").replace(/nonce="[^"]*"/g, ""));
    }
    expect(texts[0]).toBe(texts[1]);
    expect(texts[0]).toContain(catalogs.en.contact.back.notFound.replace(/'/g, "&#39;").split(".")[0]);
    const bad = await new Client(ctx).post(url("nl", "contactReturn"), { step: "open", receipt: "12345" });
    expect(bad.status).toBe(422);
    expect(fieldError(await bad.text(), "receipt")).toBe(catalogs.nl.errors.contactReceipt);
    // Per receipt: over the limit even from fresh clients (and networks), a 429 with Retry-After.
    await ctx.limiter.reset();
    let last = 0;
    for (let i = 0; i <= CONTACT_RECEIPT_LIMIT.limit; i++) {
      const res = await new Client(ctx).post(
        url("nl", "contactReturn"),
        { step: "open", receipt },
        { headers: { "x-forwarded-for": `198.51.100.${i}` } },
      );
      last = res.status;
    }
    expect(last).toBe(429);
  });

  it("a blocked receipt reads that the team accepts no more messages, with the office and the roadmap", async () => {
    const fx = await fixture();
    const { receipt } = await write(fx.orgA.id);
    const [conv] = await ctx.db.select().from(contactConversations);
    const ids = { orgId: fx.orgA.id, id: conv!.id };
    expect((await fx.listenerA.client.post(url("nl", "listenerConversationStatus", ids), { action: "block" })).status).toBe(303);
    const res = await new Client(ctx).post(url("nl", "contactReturn"), { step: "open", receipt });
    const html = decodeHtml(await res.text());
    expect(html).toContain(catalogs.nl.contact.thread.blocked);
    expect(html).toContain(ctx.deps.env.OFFICE_EMAIL);
    expect(html).not.toContain('name="message"');
    const more = await new Client(ctx).post(url("nl", "contactReturn"), { step: "write", receipt, message: "again" });
    expect(more.status).toBe(422);
    // The form is gone; the page says why.
    expect(decodeHtml(await more.text())).toContain(catalogs.nl.errors.contactBlocked);
    expect(await ctx.db.select().from(contactMessages)).toHaveLength(1);
  });
});

describe("who reads a conversation", () => {
  it("only the organisation's current listeners, and the adviser once handed over with the student's consent", async () => {
    const fx = await fixture();
    const { receipt } = await write(fx.orgA.id);
    const [conv] = await ctx.db.select().from(contactConversations);
    const a = { orgId: fx.orgA.id, id: conv!.id };
    const viaB = { orgId: fx.orgB.id, id: conv!.id };
    const listenerPages = [
      url("nl", "listenerInbox", { orgId: fx.orgA.id }),
      url("nl", "listenerConversation", a),
      url("en", "listenerHandover", a),
    ];
    for (const path of listenerPages) {
      const res = await fx.listenerA.client.get(path);
      expect(res.status, path).toBe(200);
    }
    expect(decodeHtml(await (await fx.listenerA.client.get(listenerPages[1]!)).text())).toContain(CANARY);
    // A paused listener keeps the inbox.
    expect((await fx.pausedA.client.get(listenerPages[1]!)).status).toBe(200);
    for (const [who, client] of [
      ["listener B", fx.listenerB.client],
      ["board A", fx.board.client],
      ["staff", fx.staff.client],
      ["adviser", fx.adviser.client],
    ] as const) {
      for (const path of [...listenerPages, url("nl", "listenerConversation", viaB)]) {
        const res = await client.get(path);
        expect(res.status, `${who} ${path}`).toBe(404);
        expect(await res.text()).not.toContain("canary");
      }
      for (const [path, form] of [
        [url("nl", "listenerConversation", a), { message: "intruder" }],
        [url("nl", "listenerConversation", viaB), { message: "intruder" }],
        [url("nl", "listenerConversationStatus", a), { action: "close" }],
        [url("nl", "listenerReferral", a), { resource: "", note: "x" }],
        [url("nl", "listenerHandover", a), {}],
      ] as const) {
        expect((await client.post(path, form)).status, `${who} POST ${path}`).toBe(404);
      }
    }
    // The adviser cannot read it before the hand-over; ordinary staff never.
    expect((await fx.adviser.client.get(url("nl", "adviserConversation", { id: conv!.id }))).status).toBe(404);
    expect((await fx.staff.client.get(url("nl", "adviserConversation", { id: conv!.id }))).status).toBe(403);
    expect((await fx.staff.client.get(url("nl", "adviserInbox"))).status).toBe(403);
    expect((await fx.board.client.get(url("nl", "adviserInbox"))).status).toBe(403);
    // Without the student's consent, no hand-over.
    expect((await fx.listenerA.client.post(url("nl", "listenerHandover", a))).status).not.toBe(303);
    const consent = await new Client(ctx).post(url("nl", "contactReturn"), { step: "consent", receipt, consent: "yes" });
    expect(consent.status).toBe(200);
    expect((await fx.listenerA.client.post(url("nl", "listenerHandover", a))).status).toBe(303);
    const [adviserMail] = await mailsTo(ctx, "adviser@office.example.org");
    expect(adviserMail!.text).not.toContain("canary");
    const read = await fx.adviser.client.get(url("nl", "adviserConversation", { id: conv!.id }));
    expect(read.status).toBe(200);
    expect(decodeHtml(await read.text())).toContain(CANARY);
    expect((await fx.staff.client.get(url("nl", "adviserConversation", { id: conv!.id }))).status).toBe(403);
    // The office's counts: numbers, no content.
    const counts = await fx.staff.client.get(url("nl", "staffContactCounts"));
    expect(counts.status).toBe(200);
    expect(await counts.text()).not.toContain("canary");
    expect((await fx.board.client.get(url("nl", "staffContactCounts"))).status).toBe(403);
    // Anonymous: the sign-in page.
    for (const path of [...listenerPages, url("nl", "adviserInbox")]) expect((await new Client(ctx).get(path)).status).toBe(303);
  });

  it("the board sees its own organisation's counts per month on its listeners' page, nothing more", async () => {
    const fx = await fixture();
    await write(fx.orgA.id);
    await write(fx.orgA.id);
    await write(fx.orgB.id);
    const month = localDate(ctx.clock.now(), ctx.deps.env.TIME_ZONE).slice(0, 7);
    for (const lang of LANGS) {
      const html = decodeHtml(await (await fx.board.client.get(url(lang, "orgListeners", { id: fx.orgA.id }))).text());
      expect(html).toContain(catalogs[lang].listeners.board.counts.title);
      expect(html).toContain(`<th scope="row">${month}</th><td>2</td><td>2</td><td>0</td>`);
      for (const secret of ["canary", NAME_CANARY, EMAIL_CANARY]) expect(html).not.toContain(secret);
    }
    // Another organisation's board page is not theirs.
    expect((await fx.board.client.get(url("en", "orgListeners", { id: fx.orgB.id }))).status).toBe(404);
  });

  it("a listener who steps down loses access; the conversation stays with the team", async () => {
    const fx = await fixture();
    await write(fx.orgA.id);
    const [conv] = await ctx.db.select().from(contactConversations);
    await ctx.db.update(listenerProfiles).set({ status: "stepped_down" }).where(sql`key_figure_id = ${fx.listenerA.keyFigureId}`);
    expect((await fx.listenerA.client.get(url("nl", "listenerConversation", { orgId: fx.orgA.id, id: conv!.id }))).status).toBe(404);
    expect((await fx.pausedA.client.get(url("nl", "listenerConversation", { orgId: fx.orgA.id, id: conv!.id }))).status).toBe(200);
  });
});

describe("bad input on the listeners' and the office's forms", () => {
  it("re-renders with the error next to the field, in both languages, and writes nothing", async () => {
    const fx = await fixture();
    await write(fx.orgA.id, { consent: "on" });
    const [conv] = await ctx.db.select().from(contactConversations);
    const ids = { orgId: fx.orgA.id, id: conv!.id };
    const admin = await signedIn(ctx, "admin@office.example.org", { staffRole: "admin" });
    const outsider = await signedIn(ctx, "student@example.org");
    const snapshot = async () => [
      await rawText("contact_messages"),
      await rawText("contact_conversations"),
      await rawText("confidential_advisers"),
    ];
    const was = await snapshot();
    for (const lang of LANGS) {
      const e = catalogs[lang].errors;
      const cases: [typeof fx.listenerA.client, string, Record<string, string>, string, string][] = [
        [fx.listenerA.client, url(lang, "listenerConversation", ids), { message: "  " }, "message", e.required],
        [
          fx.listenerA.client,
          url(lang, "listenerConversation", ids),
          { message: `${"💥".repeat(4000)}${"x".repeat(1001)}` },
          "message",
          "5",
        ],
        [fx.listenerA.client, url(lang, "listenerReferral", ids), { resource: "nope", note: "" }, "resource", e.invalidChoice],
        [
          fx.listenerA.client,
          url(lang, "listenerReferral", ids),
          { resource: "3f2c8a1e-9b4d-4c7a-8e2f-6a1b0c9d8e7f", note: "" },
          "resource",
          e.invalidChoice,
        ],
        [fx.listenerA.client, url(lang, "listenerReferral", ids), { resource: "", note: "n".repeat(1001) }, "note", "1"],
        [admin.client, url(lang, "staffAdvisers"), { account: "" }, "account", e.required],
        [admin.client, url(lang, "staffAdvisers"), { account: outsider.user.id }, "account", e.invalidChoice],
      ];
      for (const [client, path, form, field, message] of cases) {
        const res = await client.post(path, form);
        expect(res.status, `${path} ${res.headers.get("location")} ${JSON.stringify(form).slice(0, 20)}`).toBe(422);
        expect(fieldError(await res.text(), field), path).toContain(message);
      }
      const status = await fx.listenerA.client.post(url(lang, "listenerConversationStatus", ids), { action: "explode" });
      expect(status.status).toBe(422);
    }
    expect(await snapshot()).toEqual(was);
    // The adviser's answer, once handed over.
    expect((await fx.listenerA.client.post(url("nl", "listenerHandover", ids))).status).toBe(303);
    for (const lang of LANGS) {
      const res = await fx.adviser.client.post(url(lang, "adviserConversation", { id: conv!.id }), { message: "" });
      expect(res.status).toBe(422);
      expect(fieldError(await res.text(), "message")).toBe(catalogs[lang].errors.required);
    }
  });
});

describe("retention and keys", () => {
  it("deletes a conversation 90 days after its last message, on the test clock", async () => {
    const fx = await fixture();
    await write(fx.orgA.id);
    const { rules } = privacyPolicy(ctx.deps.env);
    ctx.clock.set(new Date(ctx.clock.now().getTime() + 89 * DAY));
    await applyRetention(ctx.db, rules, ctx.clock.now());
    expect(await ctx.db.select().from(contactConversations)).toHaveLength(1);
    ctx.clock.set(new Date(ctx.clock.now().getTime() + 2 * DAY));
    await applyRetention(ctx.db, rules, ctx.clock.now());
    expect(await ctx.db.select().from(contactConversations)).toHaveLength(0);
    expect(await ctx.db.select().from(contactMessages)).toHaveLength(0);
  });

  it("without keys outside production, the development key (said at start); with keys, none of that", () => {
    expect(keyRing(ctx.deps.env).development).toBe(true);
    expect(developmentKeyNotice(ctx.deps.env)).toContain("development key");
    const env = loadEnv({ CONTACT_KEYS: `k1:${Buffer.alloc(32, 3).toString("base64")}` });
    expect(developmentKeyNotice(env)).toBeNull();
    expect(keyRing(env).current).toBe("k1");
    // Production without a key does not start (src/env.ts), and the ring refuses too.
    expect(() => loadEnv({ NODE_ENV: "production", SESSION_SECRET: "s".repeat(32), BASE_URL: "https://v.example.org" })).toThrow(
      /CONTACT_KEYS/,
    );
    expect(() => keyRing({ ...ctx.deps.env, NODE_ENV: "production" })).toThrow(/CONTACT_KEYS/);
  });

  it("rotation: old values still decrypt with the new ring, and rekey writes them all with the current key", async () => {
    const fx = await fixture();
    await write(fx.orgA.id);
    const dev = keyRing(ctx.deps.env);
    const devKey = dev.keys.get("dev")!.toString("base64");
    const env = { ...ctx.deps.env, CONTACT_KEYS: `dev:${devKey},k2:${Buffer.alloc(32, 9).toString("base64")}`, CONTACT_KEY_ID: "k2" };
    const ring = keyRing(env);
    const [m] = await ctx.db.select().from(contactMessages);
    expect(decrypt(ring, m!.body, m!.conversationId)).toBe(CANARY);
    expect(await rekeyAll(ctx.db, env)).toBe(3); // the body, the name, the address
    const [after] = await ctx.db.select().from(contactMessages);
    expect(after!.body.startsWith("k2:")).toBe(true);
    expect(decrypt(ring, after!.body, after!.conversationId)).toBe(CANARY);
    const [conv] = await ctx.db.select().from(contactConversations);
    expect(conv!.contactName!.startsWith("k2:")).toBe(true);
    expect(await rekeyAll(ctx.db, env)).toBe(0);
    // A value moved to another conversation does not decrypt (bound to its conversation).
    expect(() => decrypt(ring, after!.body, fx.orgA.id)).toThrow();
  });
});

describe("the office's history of listeners' and administrators' actions", () => {
  it("audits hand-over, blocking, referral, closing by account, without content, and reads as sentences", async () => {
    const fx = await fixture();
    const { receipt } = await write(fx.orgA.id);
    const [conv] = await ctx.db.select().from(contactConversations);
    const ids = { orgId: fx.orgA.id, id: conv!.id };
    const steps: [string, Record<string, string>][] = [
      ["listenerConversationStatus", { action: "block" }],
      ["listenerConversationStatus", { action: "block" }], // nothing changes: not audited again
      ["listenerConversationStatus", { action: "unblock" }],
      ["listenerConversationStatus", { action: "close" }],
      ["listenerConversationStatus", { action: "reopen" }],
      ["listenerReferral", { resource: "", note: "note-canary about the student" }],
    ];
    for (const [route, form] of steps) {
      const res = await fx.listenerA.client.post(url("nl", route as "listenerReferral", ids), form);
      expect(res.status, route).toBe(303);
    }
    await new Client(ctx).post(url("nl", "contactReturn"), { step: "consent", receipt, consent: "yes" });
    expect((await fx.pausedA.client.post(url("nl", "listenerHandover", ids))).status).toBe(303);

    const rows = await ctx.db.select().from(auditLog).where(eq(auditLog.entity, "contact_conversation")).orderBy(asc(auditLog.id));
    const byTime = rows.sort((a, b) => a.at.getTime() - b.at.getTime());
    expect(byTime.map((r) => r.action).sort()).toEqual(
      ["contact.block", "contact.unblock", "contact.close", "contact.reopen", "contact.referral", "contact.handover"].sort(),
    );
    for (const r of rows) {
      expect(r.organisationId).toBe(fx.orgA.id);
      expect(r.entityId).toBe(conv!.id);
      expect(r.actorId).toBe(r.action === "contact.handover" ? fx.pausedA.user.id : fx.listenerA.user.id);
    }
    const referral = rows.find((r) => r.action === "contact.referral")!;
    expect(referral.changes).toEqual({ place: { to: false }, note: { to: true } });
    // No message, name, address, note or receipt in the log.
    const log = await rawText("audit_log");
    for (const secret of ["canary", NAME_CANARY, EMAIL_CANARY, receipt]) expect(log).not.toContain(secret);

    // The office's page of the organisation reads them in each language.
    for (const lang of LANGS) {
      const page = decodeHtml(await (await fx.staff.client.get(url(lang, "staffOrg", { id: fx.orgA.id }))).text());
      for (const action of ["contact.block", "contact.unblock", "contact.close", "contact.reopen", "contact.referral", "contact.handover"])
        expect(page, `${lang} ${action}`).toContain(catalogs[lang].contact.audit[action]);
      expect(page).toContain(`${catalogs[lang].contact.auditFields.note}: ${catalogs[lang].common.yes}`);
      expect(page).not.toContain("contact.block");
      expect(page).not.toContain("canary");
    }
  });

  it("audits naming and removing an adviser (subject: the adviser's account) and shows it on the advisers' page", async () => {
    const fx = await fixture();
    const admin = await signedIn(ctx, "admin@office.example.org", { staffRole: "admin" });
    expect((await admin.client.post(url("nl", "staffAdvisers"), { account: fx.staff.user.id })).status).toBe(303);
    expect((await admin.client.post(url("nl", "staffAdvisers"), { account: fx.staff.user.id })).status).toBe(303); // already one
    expect((await admin.client.post(url("nl", "staffAdviserRemove", { id: fx.staff.user.id }))).status).toBe(303);
    expect((await admin.client.post(url("nl", "staffAdviserRemove", { id: fx.staff.user.id }))).status).toBe(404);
    const rows = await ctx.db.select().from(auditLog).where(eq(auditLog.entity, "confidential_adviser"));
    expect(rows.map((r) => r.action).sort()).toEqual(["contact.adviser.add", "contact.adviser.remove"]);
    for (const r of rows) {
      expect(r.actorId).toBe(admin.user.id);
      expect(r.subjectId).toBe(fx.staff.user.id);
      expect(r.entityId).toBe(fx.staff.user.id);
      expect(r.organisationId).toBeNull();
    }
    for (const lang of LANGS) {
      const page = decodeHtml(await (await admin.client.get(url(lang, "staffAdvisers"))).text());
      expect(page).toContain(`${catalogs[lang].contact.audit["contact.adviser.add"]}: staff@office.example.org`);
      expect(page).toContain(`${catalogs[lang].contact.audit["contact.adviser.remove"]}: staff@office.example.org`);
    }
  });
});

describe("mail to listeners and advisers", () => {
  it("mails a listener at most once per conversation per hour, at once after an answer; a paused one never", async () => {
    const fx = await fixture();
    const { receipt } = await write(fx.orgA.id);
    const count = async () => (await mailsTo(ctx, "la@alpha.example.org")).length;
    const again = async () => {
      const res = await new Client(ctx).post(url("nl", "contactReturn"), { step: "write", receipt, message: "more" });
      expect(res.status).toBe(200);
    };
    expect(await count()).toBe(1);
    await again();
    ctx.clock.set(new Date(ctx.clock.now().getTime() + 59 * MINUTE));
    await again();
    expect(await count()).toBe(1);
    // An hour after the notice: mailed again, and that starts the next hour.
    ctx.clock.set(new Date(ctx.clock.now().getTime() + NOTIFY_EVERY - 59 * MINUTE));
    await again();
    expect(await count()).toBe(2);
    await again();
    expect(await count()).toBe(2);
    // Another conversation within the listener's hour: held back, not lost.
    await write(fx.orgA.id);
    expect(await count()).toBe(2);
    // An answer: the student's next message mails at once.
    const [first] = await ctx.db.select().from(contactConversations).orderBy(asc(contactConversations.createdAt)).limit(1);
    await fx.listenerA.client.post(url("nl", "listenerConversation", { orgId: fx.orgA.id, id: first!.id }), { message: "Hi" });
    await again();
    expect(await count()).toBe(3);
    expect(await mailsTo(ctx, "pa@alpha.example.org")).toHaveLength(0);
  });

  it("mails a listener once for ten new conversations in an hour; a held-back notice goes out once the hour is over, once", async () => {
    const fx = await fixture();
    const la = async () => mailsTo(ctx, "la@alpha.example.org");
    const lb = async () => mailsTo(ctx, "lb@beta.example.org");
    const start = ctx.clock.now().getTime();
    for (let i = 0; i < 10; i++) {
      ctx.clock.set(new Date(start + i * 5 * MINUTE));
      await write(fx.orgA.id);
    }
    // Another organisation's listener has their own hour.
    await write(fx.orgB.id);
    expect(await la()).toHaveLength(1);
    expect(await lb()).toHaveLength(1);
    const notices = jobHandlers(ctx.deps)["contact.notices"]!;
    expect(schedules.find((x) => x.name === "contact.notices")?.everyMs).toBe(5 * MINUTE);
    ctx.clock.set(new Date(start + NOTIFY_EVERY - MINUTE));
    await notices({}, {} as never);
    expect(await la()).toHaveLength(1);
    ctx.clock.set(new Date(start + NOTIFY_EVERY));
    await notices({}, {} as never);
    await notices({}, {} as never);
    const mails = await la();
    expect(mails).toHaveLength(2);
    // Nothing more was held back for the other listener, and the paused one is never mailed.
    expect(await lb()).toHaveLength(1);
    expect(await mailsTo(ctx, "pa@alpha.example.org")).toHaveLength(0);
    for (const m of mails) {
      expect(m.subject).toBe(catalogs.nl.contact.mail.subject);
      expect(`${m.subject} ${m.text} ${m.html}`).not.toContain("canary");
      expect(`${m.text} ${m.html}`).not.toContain(NAME_CANARY);
    }
  });

  it("mails the advisers in their account's language, once per hour per conversation", async () => {
    const fx = await fixture();
    const other = await signedIn(ctx, "adviser2@office.example.org", { staffRole: "staff" });
    await ctx.db.insert(confidentialAdvisers).values({ userId: other.user.id });
    await ctx.db.update(users).set({ lang: "en" }).where(eq(users.id, fx.adviser.user.id));
    const { receipt } = await write(fx.orgA.id, { consent: "on" });
    const [conv] = await ctx.db.select().from(contactConversations);
    expect((await fx.listenerA.client.post(url("nl", "listenerHandover", { orgId: fx.orgA.id, id: conv!.id }))).status).toBe(303);
    const [en] = await mailsTo(ctx, "adviser@office.example.org");
    expect(en!.subject).toBe(catalogs.en.contact.mail.subject);
    expect(en!.text).toContain(url("en", "adviserInbox"));
    const [nl] = await mailsTo(ctx, "adviser2@office.example.org");
    expect(nl!.subject).toBe(catalogs.nl.contact.mail.subject);
    expect(nl!.text).toContain(url("nl", "adviserInbox"));
    // The student writes twice soon after the hand-over: no more mail within the hour.
    await new Client(ctx).post(url("nl", "contactReturn"), { step: "write", receipt, message: "more" });
    await new Client(ctx).post(url("nl", "contactReturn"), { step: "write", receipt, message: "more" });
    expect(await mailsTo(ctx, "adviser@office.example.org")).toHaveLength(1);
    ctx.clock.set(new Date(ctx.clock.now().getTime() + NOTIFY_EVERY));
    await new Client(ctx).post(url("nl", "contactReturn"), { step: "write", receipt, message: "more" });
    const after = await mailsTo(ctx, "adviser@office.example.org");
    expect(after).toHaveLength(2);
    expect(after.every((m) => m.subject === catalogs.en.contact.mail.subject)).toBe(true);
  });
});

describe("my data", () => {
  it("a listener's download counts the conversations addressed to them and dates their messages, never a text; an adviser's says since when", async () => {
    const fx = await fixture();
    await write(fx.orgA.id, { listener: fx.listenerA.keyFigureId });
    await write(fx.orgA.id);
    const convs = await ctx.db.select().from(contactConversations).orderBy(asc(contactConversations.createdAt));
    const answered: Date[] = [];
    for (const conv of convs) {
      ctx.clock.set(new Date(ctx.clock.now().getTime() + MINUTE));
      answered.push(ctx.clock.now());
      const res = await fx.listenerA.client.post(url("nl", "listenerConversation", { orgId: fx.orgA.id, id: conv.id }), {
        message: "answer-canary from the listener",
      });
      expect(res.status).toBe(303);
    }
    const download = await fx.listenerA.client.get(url("en", "accountExport"));
    const text = await download.text();
    const data = JSON.parse(text).confidentialContact;
    expect(data).toEqual({
      confidentialAdviserSince: null,
      asListener: [
        {
          organisation: "Alpha Association",
          roleStatus: "active",
          conversationsAddressedToMe: 1,
          messagesWritten: 2,
          messageDates: answered.map((d) => d.toISOString()),
        },
      ],
    });
    for (const secret of ["canary", NAME_CANARY, EMAIL_CANARY, ...convs.map((c) => c.id)]) expect(text).not.toContain(secret);
    // The team's other listener wrote nothing and was not chosen: nothing listed.
    const paused = JSON.parse(await (await fx.pausedA.client.get(url("en", "accountExport"))).text()).confidentialContact;
    expect(paused.asListener).toEqual([]);
    const adviser = JSON.parse(await (await fx.adviser.client.get(url("en", "accountExport"))).text()).confidentialContact;
    expect(adviser.confidentialAdviserSince).not.toBeNull();
    expect(adviser.asListener).toEqual([]);
  });

  it("a removed listener's download still lists their messages until the key figure is purged; deleting the account unlinks them", async () => {
    const fx = await fixture();
    await write(fx.orgA.id, { listener: fx.listenerA.keyFigureId });
    const [conv] = await ctx.db.select().from(contactConversations);
    ctx.clock.set(new Date(ctx.clock.now().getTime() + MINUTE));
    const at = ctx.clock.now();
    await fx.listenerA.client.post(url("nl", "listenerConversation", { orgId: fx.orgA.id, id: conv!.id }), { message: "an answer" });
    // The board removes them (not purged yet: the key figure row stays, status removed).
    expect(
      (await fx.board.client.post(url("nl", "orgKeyFigureRemove", { id: fx.orgA.id, keyFigureId: fx.listenerA.keyFigureId }), {})).status,
    ).toBe(303);
    const [kf] = await ctx.db.select().from(keyFigures).where(eq(keyFigures.id, fx.listenerA.keyFigureId));
    expect(kf!.status).toBe("removed");
    const data = JSON.parse(await (await fx.listenerA.client.get(url("en", "accountExport"))).text()).confidentialContact;
    expect(data.asListener).toEqual([
      {
        organisation: "Alpha Association",
        roleStatus: "removed",
        conversationsAddressedToMe: 1,
        messagesWritten: 1,
        messageDates: [at.toISOString()],
      },
    ]);
    // Deleting the account: the messages stay with the conversation (the student's), without their author.
    expect((await fx.listenerA.client.post(url("en", "accountDelete"), { confirm: "on" })).status).toBe(303);
    const messages = await ctx.db.select().from(contactMessages).where(eq(contactMessages.author, "listener"));
    expect(messages).toHaveLength(1);
    expect(messages[0]!.authorKeyFigureId).toBeNull();
    const [after] = await ctx.db.select().from(contactConversations);
    expect(after!.listenerKeyFigureId).toBeNull();
    expect(await ctx.db.select().from(keyFigures).where(eq(keyFigures.userId, fx.listenerA.user.id))).toHaveLength(0);
  });
});
