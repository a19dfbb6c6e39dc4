import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { decodeHtml, errorMessage, fieldError, mailsTo, setupApp, signedIn } from "../../../test/helpers/app.js";
import { makeOrg } from "../../../test/helpers/fixtures.js";
import { makeOffering } from "../../../test/helpers/trainings.js";
import { jobs } from "../../core/jobs/schema.js";
import { url } from "../../routes.js";
import { mailingSubscriptions } from "../mailing-list/schema.js";
import { mailingToken } from "../mailing-list/service.js";
import { mailingCampaigns, mailingDeliveries } from "./schema.js";
import { runSender } from "./sender.js";
import { addSubscribers } from "./testing.js";

const ctx = setupApp();

const valid = (over: Record<string, string> = {}) => ({
  subject_nl: "Nieuws",
  subject_en: "News",
  body_nl: "Hallo",
  body_en: "Hello",
  topics: "news",
  audience: "all",
  ...over,
});

const staff = () => signedIn(ctx, "office@example.org", { staffRole: "staff" });
const campaignsCount = async () => (await ctx.db.select().from(mailingCampaigns)).length;

async function draft(client: Awaited<ReturnType<typeof staff>>["client"], over: Record<string, string> = {}) {
  const res = await client.post(url("en", "staffCampaignNew"), valid(over));
  expect(res.status).toBe(303);
  const id = /newsletters\/([0-9a-f-]{36})/.exec(res.headers.get("location") ?? "")![1]!;
  return id;
}

describe("composing", () => {
  it("an empty form: every error next to its field at once, 422, nothing written", async () => {
    const { client } = await staff();
    for (const lang of ["nl", "en"] as const) {
      const res = await client.post(url(lang, "staffCampaignNew"), { subject_nl: "  ", audience: "orgs" });
      expect(res.status).toBe(422);
      const html = await res.text();
      for (const f of ["subject_nl", "subject_en", "body_nl", "body_en"]) expect(fieldError(html, f)).toBe(errorMessage(lang, "required"));
      expect(fieldError(html, "topics")).toBe(errorMessage(lang, "mailingTopicsRequired"));
      expect(fieldError(html, "orgs")).toBe(errorMessage(lang, "mailingOrgsRequired"));
    }
    expect(await campaignsCount()).toBe(0);
  });

  it("keeps what was typed, and refuses unknown topics, unknown organisations, huge and odd values (422, never a 500)", async () => {
    const { client } = await staff();
    const org = await makeOrg(ctx, "Alpha");
    const res = await client.post(
      url("en", "staffCampaignNew"),
      valid({ subject_en: "Keep me <b>", body_nl: "x".repeat(8001), topics: "bogus" }),
    );
    expect(res.status).toBe(422);
    const html = decodeHtml(await res.text());
    expect(html).toContain('value="Keep me <b>"');
    expect(
      fieldError(await (await client.post(url("en", "staffCampaignNew"), valid({ body_nl: "x".repeat(8001) }))).text(), "body_nl"),
    ).toBe(errorMessage("en", ["maxLength", { max: 8000 }]));
    expect(html).toContain(errorMessage("en", "mailingTopicsRequired"));
    const other = await client.post(
      url("en", "staffCampaignNew"),
      valid({ audience: "orgs", orgs: "00000000-0000-4000-8000-000000000000" }),
    );
    expect(other.status).toBe(422);
    expect(fieldError(await other.text(), "orgs")).toBe(errorMessage("en", "invalidChoice"));
    const junk = await client.post(
      url("en", "staffCampaignNew"),
      valid({ audience: "nobody", subject_nl: "\u0000\uFFFF\u{1F600}".repeat(300) }),
    );
    expect(junk.status).toBe(422);
    expect(await campaignsCount()).toBe(0);
    // Chosen organisations are kept as given.
    const id = await draft(client, { audience: "orgs", orgs: org.id });
    const [c] = await ctx.db.select().from(mailingCampaigns).where(eq(mailingCampaigns.id, id));
    expect(c!.orgIds).toEqual([org.id]);
  });

  it("the preview shows both languages sanitised, and how many subscribers it goes to", async () => {
    const { client } = await staff();
    await addSubscribers(ctx.db, 3);
    await addSubscribers(ctx.db, 2, { topics: ["subsidies"], prefix: "subs" });
    const id = await draft(client, { body_en: 'Hi <script>alert(1)</script><img src=x onerror="alert(2)"> [x](javascript:alert(3))' });
    const res = await client.get(url("en", "staffCampaignPreview", { id }));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Goes to 3 subscribers now.");
    expect(html).toContain("<p>Hallo</p>");
    expect(html).not.toContain("alert(");
    expect(html).not.toContain("onerror");
  });

  it("a saved draft can be changed; bad input there is a 422 with the values kept", async () => {
    const { client } = await staff();
    const id = await draft(client);
    const bad = await client.post(url("nl", "staffCampaign", { id }), valid({ subject_nl: "", body_en: "Kept text" }));
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(fieldError(html, "subject_nl")).toBe(errorMessage("nl", "required"));
    expect(html).toContain("Kept text");
    const [before] = await ctx.db.select().from(mailingCampaigns).where(eq(mailingCampaigns.id, id));
    expect(before!.subject.nl).toBe("Nieuws");
    expect((await client.post(url("nl", "staffCampaign", { id }), valid({ subject_nl: "Anders" }))).status).toBe(303);
    const [after] = await ctx.db.select().from(mailingCampaigns).where(eq(mailingCampaigns.id, id));
    expect(after!.subject.nl).toBe("Anders");
  });
});

describe("test, schedule, send, pause, cancel", () => {
  it("the test goes to the office member only, with the list headers", async () => {
    const { client } = await staff();
    await addSubscribers(ctx.db, 2);
    const id = await draft(client);
    expect((await client.post(url("en", "staffCampaignTest", { id }), { lang: "en" })).status).toBe(303);
    const [m] = await mailsTo(ctx, "office@example.org");
    expect(m!.subject).toBe("[TEST] News");
    expect(m!.headers["List-Unsubscribe"]).toMatch(/<https?:\/\/.+>, <mailto:.+>/);
    expect(m!.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(await mailsTo(ctx, "sub-0@example.org")).toHaveLength(0);
    const bad = await client.post(url("en", "staffCampaignTest", { id }), { lang: "de" });
    expect(bad.status).toBe(422);
    expect(fieldError(await bad.text(), "lang")).toBe(errorMessage("en", "invalidChoice"));
  });

  it("scheduling: empty, malformed and past moments are refused next to the field, the draft stays a draft", async () => {
    const { client } = await staff();
    const id = await draft(client);
    const cases: [string, Parameters<typeof errorMessage>[1]][] = [
      ["", "required"],
      ["tomorrow", "mailingDateTime"],
      ["2026-13-40T25:00", "mailingDateTime"],
      ["2026-11-01T10:00", "mailingNotFuture"],
    ];
    for (const [value, error] of cases) {
      const res = await client.post(url("en", "staffCampaignSchedule", { id }), { scheduledAt: value });
      expect(res.status, value).toBe(422);
      const html = await res.text();
      expect(fieldError(html, "scheduledAt"), value).toBe(errorMessage("en", error));
      if (value) expect(html).toContain(`value="${value}"`);
    }
    const [c] = await ctx.db.select().from(mailingCampaigns).where(eq(mailingCampaigns.id, id));
    expect(c!.status).toBe("draft");
    expect((await client.post(url("en", "staffCampaignSchedule", { id }), { scheduledAt: "2026-12-24T09:00" })).status).toBe(303);
    const [s] = await ctx.db.select().from(mailingCampaigns).where(eq(mailingCampaigns.id, id));
    expect(s).toMatchObject({ status: "scheduled", scheduledAt: new Date("2026-12-24T08:00:00Z") });
  });

  it("send now queues the send job; the progress and per-recipient pages follow the sender", async () => {
    const { client } = await staff();
    await addSubscribers(ctx.db, 4);
    const id = await draft(client);
    expect((await client.post(url("en", "staffCampaignSend", { id }))).status).toBe(303);
    expect((await ctx.db.select().from(jobs).where(eq(jobs.name, "mailing.send"))).length).toBe(1);
    // The page refreshes itself only when the office asks for it (its link), never by default (WCAG 2.2.1).
    const sending = await client.get(url("en", "staffCampaign", { id }));
    expect(sending.headers.get("refresh")).toBeNull();
    expect(await sending.text()).toContain(`href="${url("en", "staffCampaign", { id }, { live: "1" })}"`);
    const live = await client.get(url("en", "staffCampaign", { id }, { live: "1" }));
    expect(live.headers.get("refresh")).toBe("5");
    expect(await live.text()).toContain("This page refreshes every 5 seconds while sending.");
    const sent: string[] = [];
    await runSender({
      db: ctx.db,
      env: ctx.deps.env,
      clock: ctx.clock,
      transport: { sendMail: async (m: { to: string }) => void sent.push(m.to) },
      ratePerSecond: 1000,
    });
    expect(sent).toHaveLength(4);
    const page = await (await client.get(url("en", "staffCampaign", { id }))).text();
    expect(page).toContain('<progress id="campaign-progress" max="4" value="4"');
    expect(page).toContain("4 of 4 sent");
    const list = await (await client.get(url("en", "staffCampaignDeliveries", { id }, { status: "sent" }))).text();
    expect(list).toContain("sub-3@example.org");
    expect(list).toContain("4 recipients");
    // A sent campaign can't be sent, paused or cancelled again: a 409 on its page, saying why; nor changed.
    for (const [key, verb] of [
      ["staffCampaignSend", "sent"],
      ["staffCampaignPause", "paused"],
      ["staffCampaignCancel", "cancelled"],
    ] as const) {
      const res = await client.post(url("en", key, { id }));
      expect(res.status, key).toBe(409);
      const html = await res.text();
      expect(html).toContain(`The newsletter cannot be ${verb}: it is now “Sent”.`);
      expect(html).toContain('<progress id="campaign-progress" max="4" value="4"');
    }
    const nl = await client.post(url("nl", "staffCampaignPause", { id }));
    expect(nl.status).toBe(409);
    expect(await nl.text()).toContain("Pauzeren kan niet: de nieuwsbrief is nu „Verstuurd”.");
    expect((await client.post(url("en", "staffCampaign", { id }), valid({ subject_en: "Changed" }))).status).toBe(400);
    const [after] = await ctx.db.select().from(mailingCampaigns).where(eq(mailingCampaigns.id, id));
    expect(after).toMatchObject({ status: "sent", subject: { en: "News" } });
  });

  it("the subscriber's own data holds the campaigns sent to them: the preferences page's download and the account's", async () => {
    const { client } = await staff();
    const [first] = await addSubscribers(ctx.db, 2);
    const id = await draft(client, { subject_en: "Winter trainings" });
    expect((await client.post(url("en", "staffCampaignSend", { id }))).status).toBe(303);
    await runSender({ db: ctx.db, env: ctx.deps.env, clock: ctx.clock, transport: { sendMail: async () => {} }, ratePerSecond: 1000 });
    const [sub] = await ctx.db.select().from(mailingSubscriptions).where(eq(mailingSubscriptions.id, first!));
    const link = { id: sub!.id, token: mailingToken(ctx.deps.env, sub!) };
    const own = (await (await client.post(url("en", "mailingExport", link))).json()) as { mailingList: { campaigns: unknown[] } };
    expect(own.mailingList.campaigns).toEqual([
      { subject: { nl: "Nieuws", en: "Winter trainings" }, status: "sent", sentAt: expect.any(String) },
    ]);
    const { client: person } = await signedIn(ctx, sub!.email);
    const data = (await (await person.get(url("en", "accountExport"))).json()) as { mailingList: { campaigns: { status: string }[] } };
    expect(data.mailingList.campaigns.map((d) => d.status)).toEqual(["sent"]);
  });

  it("pause and cancel: a cancelled campaign's queued deliveries are skipped", async () => {
    const { client } = await staff();
    await addSubscribers(ctx.db, 3);
    const id = await draft(client);
    await client.post(url("en", "staffCampaignSend", { id }));
    expect((await client.post(url("en", "staffCampaignPause", { id }))).status).toBe(303);
    await runSender({ db: ctx.db, env: ctx.deps.env, clock: ctx.clock, transport: { sendMail: async () => {} }, ratePerSecond: 1000 });
    expect(await ctx.db.select().from(mailingDeliveries)).toHaveLength(0);
    await client.post(url("en", "staffCampaignSend", { id }));
    const { materialise } = await import("./sender.js");
    await materialise(ctx.db, id, ctx.clock.now());
    expect((await client.post(url("en", "staffCampaignCancel", { id }))).status).toBe(303);
    const rows = await ctx.db.select().from(mailingDeliveries);
    expect(rows.map((r) => r.status)).toEqual(["skipped", "skipped", "skipped"]);
  });

  it("an announcement drafted from a published offering; anything else is refused on the list page", async () => {
    const { client } = await staff();
    const { offering } = await makeOffering(ctx);
    const res = await client.post(url("nl", "staffCampaignAnnounce"), { offering: offering.id });
    expect(res.status).toBe(303);
    const [c] = await ctx.db.select().from(mailingCampaigns);
    expect(c).toMatchObject({
      offeringId: offering.id,
      status: "draft",
      topics: ["trainings"],
      subject: { nl: "Gaat het?", en: "Are you OK?" },
    });
    expect(c!.body.en).toContain(`/en/trainings/${offering.slug}`);
    for (const bad of ["", "nope", "00000000-0000-4000-8000-000000000000"]) {
      const r = await client.post(url("nl", "staffCampaignAnnounce"), { offering: bad });
      expect(r.status, bad).toBe(422);
      expect(fieldError(await r.text(), "offering"), bad).toBe(errorMessage("nl", bad ? "invalidChoice" : "required"));
    }
    expect(await campaignsCount()).toBe(1);
  });
});
