import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { Client, decodeHtml, errorMessage, fieldError, setupApp, signedIn } from "../../../test/helpers/app.js";
import { catalogs } from "../../catalogs.js";
import { LANGS } from "../../core/i18n/index.js";
import { DEMO_GUIDANCE } from "../../demo/guidance.js";
import { url } from "../../routes.js";
import { auditLog } from "../audit/schema.js";
import { guidancePages } from "./schema.js";

const ctx = setupApp();
const T = catalogs;

const pages = () => ctx.db.select().from(guidancePages).orderBy(asc(guidancePages.sort));
const seed = () => ctx.db.insert(guidancePages).values(DEMO_GUIDANCE).returning();

const editForm = (o: Record<string, string> = {}) => ({
  slug: "why-listeners",
  sort: "10",
  title_nl: "Waarom luisteraars?",
  title_en: "Why listeners?",
  body_nl: "Eerste alinea.\n\nTweede alinea.",
  body_en: "First paragraph.\n\nSecond paragraph.",
  ...o,
});

describe("the guidance for boards", () => {
  it("shows the office's pages publicly in both languages, in the office's order, with the trainings for listeners", async () => {
    await seed();
    const anon = new Client(ctx);
    for (const lang of LANGS) {
      const index = decodeHtml(await (await anon.get(url(lang, "guidance"))).text());
      const titles = DEMO_GUIDANCE.map((g) => g.title[lang]);
      const at = titles.map((title) => index.indexOf(title));
      expect(at.every((i) => i > 0)).toBe(true);
      expect([...at].sort((a, b) => a - b)).toEqual(at);
      const page = decodeHtml(await (await anon.get(url(lang, "guidancePage", { slug: "trainingen" }))).text());
      expect(page).toContain(`href="${url(lang, "trainings", {}, { audience: "peer_listeners" })}"`);
      expect(page).toContain('class="urgent-bar"');
      expect(page.match(/<p class="pre-line">/g)?.length).toBe(3);
    }
    expect((await anon.get(url("en", "guidancePage", { slug: "no-such-page" }))).status).toBe(404);
    expect((await anon.get(url("en", "guidancePage", { slug: "x".repeat(500) }))).status).toBe(404);
  });

  it("lets the office create and edit a page, both languages side by side, flagging what is untranslated", async () => {
    const { client } = await signedIn(ctx, "office@example.org", { staffRole: "staff" });
    const created = await client.post(url("en", "staffGuidance"), {
      slug: "why-listeners",
      sort: "10",
      title_nl: "Waarom luisteraars?",
      title_en: "",
    });
    expect(created.status).toBe(303);
    const [row] = await pages();
    expect(created.headers.get("location")).toBe(url("en", "staffGuidancePage", { id: row!.id }, { done: "created" }));
    const form = decodeHtml(await (await client.get(url("en", "staffGuidancePage", { id: row!.id }))).text());
    expect(form).toContain(
      `${T.en.guidance.office.titleField} <span class="flag-untranslated">${T.en.guidance.office.untranslated}</span>`,
    );

    // Only the Dutch body: the English page shows it, marked as Dutch.
    const saved = await client.post(url("en", "staffGuidancePage", { id: row!.id }), editForm({ body_en: "" }));
    expect(saved.status).toBe(303);
    const en = await (await new Client(ctx).get(url("en", "guidancePage", { slug: "why-listeners" }))).text();
    expect(en).toContain('<div lang="nl"><p class="pre-line">Eerste alinea.</p><p class="pre-line">Tweede alinea.</p></div>');
    expect(decodeHtml(await (await client.get(url("en", "staffGuidancePage", { id: row!.id }))).text())).toContain(
      `${T.en.guidance.office.body} <span class="flag-untranslated">`,
    );
    await client.post(url("en", "staffGuidancePage", { id: row!.id }), editForm());
    expect(await (await new Client(ctx).get(url("en", "guidancePage", { slug: "why-listeners" }))).text()).toContain(
      '<div><p class="pre-line">First paragraph.</p>',
    );
    // Ordinary board members and students never get the office's pages.
    const { client: board } = await signedIn(ctx, "board@example.org");
    expect((await board.get(url("en", "staffGuidance"))).status).toBe(403);
  });

  it("reports every error of the edit form at once, in both languages, and writes nothing", async () => {
    const [first, second] = await seed();
    const { client } = await signedIn(ctx, "office@example.org", { staffRole: "staff" });
    const before = await pages();
    for (const lang of LANGS) {
      const res = await client.post(
        url(lang, "staffGuidancePage", { id: first!.id }),
        editForm({ slug: "Bad Slug!", sort: "soon", title_nl: "", title_en: "", body_en: "x".repeat(8001) }),
      );
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(fieldError(html, "slug")).toBe(errorMessage(lang, "slugFormat"));
      expect(fieldError(html, "sort")).toBe(errorMessage(lang, "invalidNumber"));
      expect(fieldError(html, "title_nl")).toBe(errorMessage(lang, "required"));
      expect(fieldError(html, "body_en")).toBe(errorMessage(lang, ["maxLength", { max: 8000 }]));
      expect(html).toContain('value="Bad Slug!"');
      // Another page's slug: refused by the service, next to the field.
      const taken = await client.post(url(lang, "staffGuidancePage", { id: first!.id }), editForm({ slug: second!.slug }));
      expect(taken.status).toBe(422);
      expect(fieldError(await taken.text(), "slug")).toBe(errorMessage(lang, "slugTaken"));
      const created = await client.post(url(lang, "staffGuidance"), { slug: second!.slug, sort: "", title_nl: "", title_en: "" });
      expect(created.status).toBe(422);
      const createdHtml = await created.text();
      expect(fieldError(createdHtml, "title_nl")).toBe(errorMessage(lang, "required"));
    }
    expect(await pages()).toEqual(before);
  });

  it("audits creating and editing a page by account (the titles, not the bodies' text), and the edit page reads its history", async () => {
    const { client, user } = await signedIn(ctx, "office@example.org", { staffRole: "staff" });
    await client.post(url("nl", "staffGuidance"), { slug: "why-listeners", sort: "10", title_nl: "Waarom luisteraars?", title_en: "" });
    const [row] = await pages();
    expect((await client.post(url("nl", "staffGuidancePage", { id: row!.id }), editForm({ body_en: "" }))).status).toBe(303);
    // Saved again without a change: nothing to audit.
    await client.post(url("nl", "staffGuidancePage", { id: row!.id }), editForm({ body_en: "" }));
    await client.post(url("nl", "staffGuidancePage", { id: row!.id }), editForm({ sort: "20", body_en: "Only English changed." }));
    const entries = await ctx.db.select().from(auditLog).where(eq(auditLog.entityId, row!.id)).orderBy(asc(auditLog.at), asc(auditLog.id));
    expect(entries.map((e) => e.action)).toEqual(["guidance.create", "guidance.update", "guidance.update"]);
    expect(entries.every((e) => e.actorId === user.id && e.entity === "guidance_page")).toBe(true);
    expect(entries[1]!.changes).toEqual({ title_en: { from: "", to: "Why listeners?" }, body: { to: ["nl"] } });
    expect(entries[2]!.changes).toEqual({ sort: { from: 10, to: 20 }, body: { to: ["en"] } });
    expect(JSON.stringify(entries)).not.toContain("Only English changed.");
    for (const lang of LANGS) {
      const s = T[lang].guidance.office;
      const html = decodeHtml(await (await client.get(url(lang, "staffGuidancePage", { id: row!.id }))).text());
      expect(html).toContain(s.audit["guidance.create"]);
      expect(html).toContain(s.audit["guidance.update"]);
      expect(html).toContain(`${s.bodyChanged}: ${s.english}`);
      expect(html).toContain(`${s.bodyChanged}: ${s.dutch}`);
      expect(html).not.toContain("guidance.update");
    }
  });
});
