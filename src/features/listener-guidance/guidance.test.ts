import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { Client, decodeHtml, errorMessage, fieldError, setupApp, signedIn } from "../../../test/helpers/app.js";
import { catalogs } from "../../catalogs.js";
import { LANGS } from "../../core/i18n/index.js";
import { url } from "../../routes.js";
import { auditLog } from "../audit/schema.js";
import { MODEL_GUIDANCE } from "./model.js";
import { guidancePages } from "./schema.js";

const ctx = setupApp();
const T = catalogs;

const pages = () => ctx.db.select().from(guidancePages).orderBy(asc(guidancePages.sort));
const seed = () =>
  ctx.db
    .insert(guidancePages)
    .values([...MODEL_GUIDANCE])
    .returning();

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
      const titles = MODEL_GUIDANCE.map((g) => g.title[lang]);
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

  it("on a fresh install, the office adds the model pages in both languages and edits them; the button offers only what is missing", async () => {
    const { client, user } = await signedIn(ctx, "office@example.org", { staffRole: "staff" });
    for (const lang of LANGS) {
      const s = T[lang].guidance.office.models;
      const html = decodeHtml(await (await client.get(url(lang, "staffGuidance"))).text());
      expect(html).toContain(s.none);
      expect(html).toContain(`action="${url(lang, "staffGuidanceModels")}"`);
      for (const m of MODEL_GUIDANCE) expect(html).toContain(m.title[lang]);
      // No empty table on a fresh install.
      expect(html).not.toContain('id="guidance-caption"');
    }
    const res = await client.post(url("en", "staffGuidanceModels"));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(url("en", "staffGuidance", {}, { added: String(MODEL_GUIDANCE.length) }));
    const after = decodeHtml(await (await client.get(res.headers.get("location")!)).text());
    expect(after).toContain(T.en.guidance.office.models.added(MODEL_GUIDANCE.length));
    expect(after).not.toContain(`action="${url("en", "staffGuidanceModels")}"`);
    const rows = await pages();
    expect(rows.map((r) => r.slug)).toEqual(MODEL_GUIDANCE.map((m) => m.slug));
    for (const r of rows) {
      expect(r.title.nl && r.title.en && r.body.nl && r.body.en).toBeTruthy();
      expect(r.updatedBy).toBe(user.id);
    }
    const audits = await ctx.db.select().from(auditLog).where(eq(auditLog.action, "guidance.model"));
    expect(audits).toHaveLength(MODEL_GUIDANCE.length);
    expect(audits.every((a) => a.actorId === user.id && a.entity === "guidance_page")).toBe(true);
    // Public at once, in both languages.
    for (const lang of LANGS) {
      const index = decodeHtml(await (await new Client(ctx).get(url(lang, "guidance"))).text());
      for (const m of MODEL_GUIDANCE) expect(index).toContain(m.title[lang]);
    }

    // The office edits one and removes another: adding again brings back only the missing one.
    const [first, second] = rows;
    expect((await client.post(url("en", "staffGuidancePage", { id: first!.id }), editForm({ slug: first!.slug }))).status).toBe(303);
    await ctx.db.delete(guidancePages).where(eq(guidancePages.id, second!.id));
    const some = decodeHtml(await (await client.get(url("nl", "staffGuidance"))).text());
    expect(some).toContain(T.nl.guidance.office.models.some);
    expect(some).toContain(second!.title.nl);
    expect(some).not.toContain(`<li>${first!.title.nl}</li>`);
    const again = await client.post(url("nl", "staffGuidanceModels"));
    expect(again.headers.get("location")).toBe(url("nl", "staffGuidance", {}, { added: "1" }));
    const [edited] = await ctx.db.select().from(guidancePages).where(eq(guidancePages.id, first!.id));
    expect(edited!.title).toEqual({ nl: "Waarom luisteraars?", en: "Why listeners?" });
    expect(await pages()).toHaveLength(MODEL_GUIDANCE.length);
    // Nothing missing: a no-op.
    const none = await client.post(url("nl", "staffGuidanceModels"));
    expect(none.headers.get("location")).toBe(url("nl", "staffGuidance", {}, { added: "0" }));
    expect(await pages()).toHaveLength(MODEL_GUIDANCE.length);
    // Not for board members.
    const { client: board } = await signedIn(ctx, "board@example.org");
    expect((await board.post(url("en", "staffGuidanceModels"))).status).toBe(403);
  });
});
