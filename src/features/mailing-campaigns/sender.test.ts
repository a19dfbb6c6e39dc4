import { eq } from "drizzle-orm";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testDatabase } from "../../../test/helpers/db.js";
import { catalogs } from "../../catalogs.js";
import { TestClock } from "../../core/clock.js";
import { outbox } from "../../core/mail/schema.js";
import { loadEnv } from "../../env.js";
import { mailingSubscriptions } from "../mailing-list/schema.js";
import { eraseSubscription } from "../mailing-list/service.js";
import { htmlToText, markdownToHtml, renderCampaign } from "./render.js";
import { mailingCampaigns, mailingDeliveries } from "./schema.js";
import { batchSizeFor, claimBatch, failInterrupted, rateGate, record, runSender } from "./sender.js";
import { createCampaign, startCampaign } from "./service.js";
import { addSubscribers, smtpSink } from "./testing.js";
import { heldTransport } from "./transport.js";

const env = loadEnv({ NODE_ENV: "test", BASE_URL: "https://vangnet.example.org" });
let database: Awaited<ReturnType<typeof testDatabase>>;
let sink: Awaited<ReturnType<typeof smtpSink>>;
const clock = new TestClock(new Date("2026-12-01T10:00:00Z"));

beforeAll(async () => {
  database = await testDatabase();
  sink = await smtpSink({ keepRaw: true });
}, 90_000);
afterAll(async () => {
  await sink?.close();
  await database?.close();
});
beforeEach(async () => {
  await database.reset();
  sink.received.length = 0;
});

const transport = () => nodemailer.createTransport(`${sink.url}?pool=true&maxConnections=3`);

async function sendingCampaign(subjectEn = "News") {
  const db = database.db;
  const c = await createCampaign(db, {
    actorId: null as unknown as string,
    now: clock.now(),
    input: {
      subject: { nl: "Nieuws", en: subjectEn },
      body: { nl: "Hallo **allemaal**", en: "Hello **all**" },
      topics: ["news"],
      orgIds: null,
    },
  });
  await startCampaign(db, c.id, clock.now());
  return c;
}

const sent = async (campaignId: string) =>
  (await database.db.select().from(mailingDeliveries).where(eq(mailingDeliveries.campaignId, campaignId))).filter(
    (d) => d.status === "sent",
  );

describe("Markdown", () => {
  it("keeps formatting and links, strips script, event handlers, javascript: links, images and styles", () => {
    const html = markdownToHtml(
      [
        "# Title",
        "Some **bold** and a [link](https://example.org/a?b=1&c=2).",
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(2)">',
        '<p onclick="alert(3)" style="color:red">para</p>',
        "[bad](javascript:alert(4)) [data](data:text/html;base64,PHNjcmlwdD4=)",
        '<a href="JaVaScRiPt:alert(5)">x</a>',
        '<iframe src="https://evil.example"></iframe>',
      ].join("\n\n"),
    );
    expect(html).toContain("<h2>Title</h2>");
    expect(html).toContain("<strong>bold</strong>");
    expect(html).toContain('<a href="https://example.org/a?b=1&amp;c=2">link</a>');
    for (const bad of ["<script", "alert(1)", "onerror", "onclick", "style=", "javascript:", "JaVaScRiPt", "data:text", "<img", "<iframe"])
      expect(html.toLowerCase()).not.toContain(bad.toLowerCase());
    expect(html).toContain("<p>para</p>");
  });

  it("gives a plain-text part with the links written out", () => {
    const text = htmlToText(markdownToHtml("Hello *you*\n\n- one\n- [two](https://example.org/2)\n\nA & B < C"));
    expect(text).toBe("Hello you\n\n- one\n- two (https://example.org/2)\n\nA & B < C");
  });

  it("renders each language once, with a place for the preferences link", () => {
    const r = renderCampaign({ subject: { nl: "Nieuws", en: "" }, body: { nl: "Hoi", en: "Hi" } }, "en", env);
    expect(r.subject).toBe("Nieuws"); // the other language's when one is empty
    expect(r.html).toContain("<p>Hi</p>");
    expect(r.text).toContain("Preferences or unsubscribe: %%VANGNET_PREFERENCES_URL%%");
  });
});

describe("the rate", () => {
  it("a token bucket: one second's worth at once, then one token per 1/rate seconds", () => {
    let now = 0;
    const gate = rateGate(10, () => now);
    const waits = Array.from({ length: 12 }, () => gate.take());
    expect(waits.slice(0, 10)).toEqual(Array(10).fill(0));
    expect(waits.slice(10)).toEqual([100, 200]);
    now = 1000; // a second later: the debt of two is paid, eight tokens saved up
    expect(gate.take()).toBe(0);
    expect(gate.tokens).toBeCloseTo(7);
  });

  it("batches hold one second's worth (at most the maximum)", () => {
    expect(batchSizeFor(10)).toBe(10);
    expect(batchSizeFor(0.5)).toBe(1);
    expect(batchSizeFor(300)).toBe(200);
    expect(batchSizeFor(300, 500)).toBe(300);
  });

  it("the sender honours MAILING_RATE_PER_SECOND: batch sizes and the waits it asks for", async () => {
    await addSubscribers(database.db, 35);
    const c = await sendingCampaign();
    let now = 0;
    const waits: number[] = [];
    const stats = await runSender({
      db: database.db,
      env,
      clock,
      transport: transport(),
      ratePerSecond: 10,
      nowMs: () => now,
      sleep: async (ms) => {
        waits.push(ms);
        now += ms;
      },
    });
    expect(stats.batches).toEqual([10, 10, 10, 5]);
    // 35 mails at 10/s with 10 saved up: 25 waited for, 100 ms each, over 2.5 s in all.
    expect(stats.waitedMs).toBe(2500);
    expect(waits.filter((w) => w === 100).length).toBe(25);
    expect((await sent(c.id)).length).toBe(35);
  });
});

describe("sending a campaign", () => {
  it("every mail carries List-Unsubscribe (https and mailto), List-Unsubscribe-Post, its own Message-ID and both parts", async () => {
    await addSubscribers(database.db, 6);
    const c = await sendingCampaign();
    await runSender({ db: database.db, env, clock, transport: transport(), ratePerSecond: 1000 });
    expect(sink.received).toHaveLength(6);
    for (const m of sink.received) {
      const lu = m.headers.get("list-unsubscribe") ?? "";
      expect(lu).toMatch(/<https:\/\/vangnet\.example\.org\/[^>]+>/);
      expect(lu).toMatch(/<mailto:[^>]+>/);
      expect(m.headers.get("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
      expect(m.messageId).toMatch(new RegExp(`^<campaign\\.${c.id}\\.[0-9a-f-]{36}@vangnet\\.example\\.org>$`));
      expect(m.raw).toContain("text/plain");
      expect(m.raw).toContain("text/html");
    }
    expect(new Set(sink.received.map((m) => m.messageId)).size).toBe(6);
    const [after] = await database.db.select().from(mailingCampaigns).where(eq(mailingCampaigns.id, c.id));
    expect(after).toMatchObject({ status: "sent", total: 6, sentCount: 6, failedCount: 0 });
  });

  it("each subscriber gets their language and their own preferences link", async () => {
    await addSubscribers(database.db, 2);
    await sendingCampaign("News in English");
    await runSender({ db: database.db, env, clock, transport: transport(), ratePerSecond: 1000 });
    const byTo = new Map(sink.received.map((m) => [m.to, m]));
    expect(byTo.get("sub-0@example.org")!.headers.get("subject")).toBe("Nieuws");
    expect(byTo.get("sub-1@example.org")!.headers.get("subject")).toBe("News in English");
    const links = sink.received.map(
      (m) => /\/(?:nl|en)\/[^\s"<>]*(?:voorkeuren|preferences)[^\s"<>]*/.exec(m.raw!.replace(/=\r?\n/g, ""))?.[0],
    );
    expect(links.every(Boolean)).toBe(true);
    expect(new Set(links).size).toBe(2);
  });

  it("stopped between batches (a crash after a batch was recorded), it resumes: nobody twice, nobody missing", async () => {
    const ids = await addSubscribers(database.db, 50);
    const c = await sendingCampaign();
    let batches = 0;
    await expect(
      runSender({
        db: database.db,
        env,
        clock,
        transport: transport(),
        ratePerSecond: 1000,
        maxBatch: 8,
        afterBatch: () => {
          if (++batches === 3) throw new Error("killed");
        },
      }),
    ).rejects.toThrow("killed");
    expect(sink.received).toHaveLength(24);
    // A drained stop (SIGTERM) after two more batches.
    let more = 0;
    await runSender({
      db: database.db,
      env,
      clock,
      transport: transport(),
      ratePerSecond: 1000,
      maxBatch: 8,
      shouldStop: () => more >= 2,
      afterBatch: () => void more++,
    });
    expect(sink.received).toHaveLength(40);
    // And the restart finishes it.
    await runSender({ db: database.db, env, clock, transport: transport(), ratePerSecond: 1000, maxBatch: 8 });
    const perId = new Map<string, number>();
    for (const m of sink.received) perId.set(m.messageId, (perId.get(m.messageId) ?? 0) + 1);
    expect([...perId.values()].every((n) => n === 1)).toBe(true);
    expect(perId.size).toBe(50);
    expect(new Set(sink.received.map((m) => m.to)).size).toBe(50);
    expect((await sent(c.id)).map((d) => d.subscriptionId).sort()).toEqual([...ids].sort());
  });

  it("rows in flight when a sender died are failed as interrupted, never sent again (at most once)", async () => {
    await addSubscribers(database.db, 10);
    const c = await sendingCampaign();
    // A sender claimed five and died before the SMTP server answered.
    await runSender({ db: database.db, env, clock, transport: transport(), ratePerSecond: 1000, budgetMs: 0 }); // materialises nothing: budget spent
    const { materialise } = await import("./sender.js");
    await materialise(database.db, c.id, clock.now());
    const claimed = await claimBatch(database.db, c.id, 5, clock.now());
    expect(claimed).toHaveLength(5);
    // Within the lease another sender leaves them alone...
    expect(await failInterrupted(database.db, clock.now())).toBe(0);
    // ...after it, they are failed, counted, and the rest is sent.
    clock.advance(11 * 60_000);
    await runSender({ db: database.db, env, clock, transport: transport(), ratePerSecond: 1000 });
    expect(sink.received).toHaveLength(5);
    const rows = await database.db.select().from(mailingDeliveries).where(eq(mailingDeliveries.campaignId, c.id));
    const interrupted = rows.filter((r) => r.status === "failed");
    expect(interrupted.map((r) => r.id).sort()).toEqual(claimed.map((r) => r.id).sort());
    expect(interrupted.every((r) => r.error?.startsWith("interrupted"))).toBe(true);
    const [after] = await database.db.select().from(mailingCampaigns).where(eq(mailingCampaigns.id, c.id));
    expect(after).toMatchObject({ status: "sent", sentCount: 5, failedCount: 5 });
  });

  it("an answer that comes after the lease gave its row up changes nothing: counted once, as interrupted", async () => {
    await addSubscribers(database.db, 5);
    const c = await sendingCampaign();
    const { materialise } = await import("./sender.js");
    await materialise(database.db, c.id, clock.now());
    const claimed = await claimBatch(database.db, c.id, 5, clock.now());
    clock.advance(11 * 60_000);
    expect(await failInterrupted(database.db, clock.now())).toBe(1); // one campaign, its five rows
    // The slow SMTP conversation finally answers "250" for all five.
    await record(database.db, c.id, clock.now(), { sent: claimed.map((d) => d.id), skipped: [], failed: [] });
    const rows = await database.db.select().from(mailingDeliveries).where(eq(mailingDeliveries.campaignId, c.id));
    expect(rows.map((r) => r.status)).toEqual(Array(5).fill("failed"));
    const [after] = await database.db.select().from(mailingCampaigns).where(eq(mailingCampaigns.id, c.id));
    expect(after).toMatchObject({ sentCount: 0, failedCount: 5 });
  });

  it("whoever leaves the list or drops the campaign's topic mid-send is skipped; an erased subscriber's delivery goes with them", async () => {
    const ids = await addSubscribers(database.db, 6);
    const c = await sendingCampaign();
    const { materialise } = await import("./sender.js");
    await materialise(database.db, c.id, clock.now());
    await database.db.update(mailingSubscriptions).set({ status: "unsubscribed" }).where(eq(mailingSubscriptions.id, ids[0]!));
    await eraseSubscription(database.db, ids[1]!);
    await database.db
      .update(mailingSubscriptions)
      .set({ topics: ["trainings"] })
      .where(eq(mailingSubscriptions.id, ids[2]!));
    await runSender({ db: database.db, env, clock, transport: transport(), ratePerSecond: 1000 });
    expect(sink.received.map((m) => m.to).sort()).toEqual(["sub-3@example.org", "sub-4@example.org", "sub-5@example.org"]);
    const rows = await database.db.select().from(mailingDeliveries).where(eq(mailingDeliveries.campaignId, c.id));
    expect(rows).toHaveLength(5);
    expect(rows.find((r) => r.subscriptionId === ids[0])?.status).toBe("skipped");
    expect(rows.find((r) => r.subscriptionId === ids[2])?.status).toBe("skipped");
  });

  it("a refusal by the SMTP server fails that delivery without the address in the error", async () => {
    await addSubscribers(database.db, 3);
    const c = await sendingCampaign();
    const failing = {
      sendMail: async (m: { to: string }) => {
        if (m.to === "sub-1@example.org") throw new Error(`550 <${m.to}>: mailbox unknown`);
        return {};
      },
    };
    await runSender({ db: database.db, env, clock, transport: failing, ratePerSecond: 1000 });
    const rows = await database.db.select().from(mailingDeliveries).where(eq(mailingDeliveries.campaignId, c.id));
    const failed = rows.filter((r) => r.status === "failed");
    expect(failed).toHaveLength(1);
    expect(failed[0]!.error).toContain("mailbox unknown");
    expect(failed[0]!.error).not.toContain("sub-1@example.org");
    const [after] = await database.db.select().from(mailingCampaigns).where(eq(mailingCampaigns.id, c.id));
    expect(after).toMatchObject({ status: "sent", sentCount: 2, failedCount: 1 });
  });

  it("without SMTP_URL each mail is held in the outbox (the dev mailbox) and the campaign completes", async () => {
    const db = database.db;
    await addSubscribers(db, 7);
    const c = await sendingCampaign();
    const noSmtp = { ...env, SMTP_URL: undefined };
    const stats = await runSender({
      db,
      env: noSmtp,
      clock,
      transport: heldTransport(db, { env: noSmtp, catalogs }),
      ratePerSecond: 1000,
      sleep: async () => {},
    });
    expect(stats.sent).toBe(7);
    const rows = await db.select().from(outbox).where(eq(outbox.template, "mailing.campaign"));
    expect(rows).toHaveLength(7);
    expect(rows.every((r) => r.status === "held")).toBe(true);
    expect(new Set(rows.map((r) => r.to)).size).toBe(7);
    expect(rows.find((r) => r.to === "sub-1@example.org")?.lang).toBe("en");
    for (const r of rows) {
      expect(r.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
      expect(r.headers["Message-ID"]).toMatch(/^<.+@.+>$/);
    }
    expect((await sent(c.id)).length).toBe(7);
    const [after] = await db.select().from(mailingCampaigns).where(eq(mailingCampaigns.id, c.id));
    expect(after).toMatchObject({ status: "sent", sentCount: 7, failedCount: 0 });
    expect(sink.received).toHaveLength(0);
  });

  it("records each outcome soon after SMTP answers, not at the batch's end (a crash leaves only the unanswered uncertain)", async () => {
    const db = database.db;
    await addSubscribers(db, 40);
    const c = await sendingCampaign();
    const held: (() => void)[] = [];
    let calls = 0;
    const run = runSender({
      db,
      env,
      clock,
      transport: { sendMail: () => (++calls <= 25 ? Promise.resolve() : new Promise<void>((r) => void held.push(r))) },
      ratePerSecond: 1000,
      maxBatch: 40,
      sleep: async () => {},
    });
    const statuses = async () => {
      const rows = await db.select().from(mailingDeliveries).where(eq(mailingDeliveries.campaignId, c.id));
      return { sent: rows.filter((d) => d.status === "sent").length, sending: rows.filter((d) => d.status === "sending").length };
    };
    for (let i = 0; i < 100 && (await statuses()).sent < 25; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await statuses()).toEqual({ sent: 25, sending: 15 });
    for (const r of held) r();
    await run;
    expect(await statuses()).toEqual({ sent: 40, sending: 0 });
  });

  it("a paused campaign sends no further batch; sending again goes on from there", async () => {
    await addSubscribers(database.db, 20);
    const c = await sendingCampaign();
    const { pauseCampaign } = await import("./service.js");
    await runSender({
      db: database.db,
      env,
      clock,
      transport: transport(),
      ratePerSecond: 1000,
      maxBatch: 5,
      afterBatch: async ({ size }) => {
        if (size && sink.received.length === 5) await pauseCampaign(database.db, c.id, clock.now());
      },
    });
    expect(sink.received).toHaveLength(5);
    await startCampaign(database.db, c.id, clock.now());
    await runSender({ db: database.db, env, clock, transport: transport(), ratePerSecond: 1000, maxBatch: 5 });
    expect(sink.received).toHaveLength(20);
    expect(new Set(sink.received.map((m) => m.messageId)).size).toBe(20);
  });

  it("a scheduled campaign starts when its time comes", async () => {
    await addSubscribers(database.db, 2);
    const c = await createCampaign(database.db, {
      actorId: null as unknown as string,
      now: clock.now(),
      input: { subject: { nl: "A", en: "A" }, body: { nl: "a", en: "a" }, topics: ["news"], orgIds: null },
    });
    const { scheduleCampaign } = await import("./service.js");
    await scheduleCampaign(database.db, c.id, new Date(clock.now().getTime() + 60_000), clock.now());
    await runSender({ db: database.db, env, clock, transport: transport(), ratePerSecond: 1000 });
    expect(sink.received).toHaveLength(0);
    clock.advance(61_000);
    await runSender({ db: database.db, env, clock, transport: transport(), ratePerSecond: 1000 });
    expect(sink.received).toHaveLength(2);
  });
});
