/**
 * The office reads like people write: change histories as sentences in the reader's language
 * (never raw field keys or JSON, only what changed), and a home page that says what waits.
 */
import { describe, expect, it } from "vitest";
import { catalogs } from "../src/catalogs.js";
import { formatDate, LANGS } from "../src/core/i18n/index.js";
import { createOffice } from "../src/core/office/shell.js";
import { auditLog } from "../src/features/audit/schema.js";
import { accountsOffice } from "../src/features/office-accounts/office.routes.js";
import { orgRequestsOffice } from "../src/features/org-requests/office.routes.js";
import { requestRegistration } from "../src/features/org-requests/service.js";
import { organisations } from "../src/features/organisations/schema.js";
import { resources } from "../src/features/roadmap/schema.js";
import { placeOrder } from "../src/features/roadmap-print/service.js";
import { url } from "../src/routes.js";
import { decodeHtml, setupApp, signedIn } from "./helpers/app.js";
import * as fixtures from "./helpers/fixtures.js";

const ctx = setupApp();
const T = catalogs;

const office = () => signedIn(ctx, "office@example.org", { staffRole: "admin", name: "Olga Office" });

/** The lines of every change list in a page's history tables. */
const changeLines = (html: string) =>
  [...html.matchAll(/<ul class="changes">([\s\S]*?)<\/ul>/g)].flatMap((m) => [...m[1]!.matchAll(/<li>([^<]*)<\/li>/g)].map((l) => l[1]!));

/** What a history must never show: field keys as stored, JSON, arrows between raw values. */
function expectNoRawKeys(html: string) {
  const history = html.slice(html.indexOf('<ul class="changes">'));
  for (const raw of [
    "memberCount",
    "contactUrl",
    "quantityEn",
    "quantityNl",
    "startsOn",
    "staffRole",
    "{",
    "→",
    "preparing",
    "study_association",
  ])
    expect(history, raw).not.toContain(raw);
}

describe("change histories read as sentences", () => {
  it("an organisation's history: what changed, in the reader's language", async () => {
    const { client } = await office();
    const form = {
      name: "Quadrivium",
      kind: "study_association",
      faculty: "",
      website: "",
      contactUrl: "",
      email: "",
      lang: "nl",
      memberCount: "120",
      status: "active",
    };
    expect((await client.post(url("en", "staffOrgNew"), form)).status).toBe(303);
    const [org] = await ctx.db.select().from(organisations);
    const edit = { ...form, kind: "sports", website: "quadrivium.example.org", memberCount: "", status: "dormant" };
    expect((await client.post(url("en", "staffOrgEdit", { id: org!.id }), edit)).status).toBe(303);
    const board = await fixtures.makeBoard(ctx, org!.id, "2026-09-01");
    const member = await fixtures.seat(ctx, board.id, "t@quadrivium.nl", { name: "Tara", position: "treasurer" });
    await client.post(url("en", "orgMemberPosition", { id: org!.id, memberId: member.memberId }), { position: "secretary" });

    for (const lang of LANGS) {
      const o = T[lang].org;
      const c = T[lang].office;
      const html = decodeHtml(await (await client.get(url(lang, "staffOrg", { id: org!.id }))).text());
      const lines = changeLines(html);
      for (const line of [
        // The update: only what changed.
        c.changeFromTo(o.fields.kind, o.kinds.study_association, o.kinds.sports),
        c.changeSet(o.fields.website, "https://quadrivium.example.org"),
        c.changeCleared(o.fields.memberCount, "120"),
        c.changeFromTo(o.fields.status, o.statuses.active.toLowerCase(), o.statuses.dormant.toLowerCase()),
        // The new organisation: what was filled in.
        c.changeSet(o.fields.name, "Quadrivium"),
        c.changeSet(o.fields.memberCount, "120"),
        // Its board.
        c.changeSet(o.fields.year, "2026-2027"),
        c.changeSet(o.fields.startsOn, formatDate(lang, "2026-09-01")),
        c.changeFromTo(o.fields.position, o.positions.treasurer.toLowerCase(), o.positions.secretary.toLowerCase()),
      ])
        expect(lines, line).toContain(line);
      // Fields left empty when it was created are not listed.
      expect(lines.filter((l) => l.startsWith(`${o.fields.faculty}:`))).toEqual([]);
      expectNoRawKeys(html);
    }
  });

  it("lists only fields that changed, and never a field no feature names", async () => {
    const org = await fixtures.makeOrg(ctx, "Minerva");
    await ctx.db.insert(auditLog).values({
      actorId: null,
      organisationId: org.id,
      entity: "organisation",
      entityId: org.id,
      action: "organisation.update",
      changes: {
        name: { from: "Minerva", to: "Minerva" },
        website: { from: null, to: null },
        secretThing: { from: "a", to: "b" },
        email: { from: "a@minerva.nl", to: "b@minerva.nl" },
      },
    });
    const { client } = await office();
    const html = decodeHtml(await (await client.get(url("en", "staffOrg", { id: org.id }))).text());
    const update = html.slice(html.indexOf(T.en.org.staff.auditActions["organisation.update"]!));
    const lines = changeLines(update.slice(0, update.indexOf("</ul>") + 5));
    expect(lines).toEqual([T.en.office.changeFromTo(T.en.org.fields.email, "a@minerva.nl", "b@minerva.nl")]);
    expect(html).not.toContain("secretThing");
  });

  it("an order's history: 'Status changed from being prepared to sent', 'Quantity in English: 50'", async () => {
    const { user } = await signedIn(ctx, "mila@example.org");
    const order = await placeOrder(ctx.db, ctx.deps, {
      input: {
        organisationName: "Pharos",
        contactName: "Mila",
        email: "mila@example.org",
        quantityNl: 0,
        quantityEn: 50,
        street: "Breestraat 1",
        postcode: "2311 CS",
        city: "Leiden",
        country: "NL",
        note: null,
      },
      lang: "en",
      userId: user.id,
      organisationId: null,
      now: ctx.clock.now(),
    });
    const { client } = await office();
    for (const action of ["preparing", "sent"]) await client.post(url("en", "staffOrder", { id: order.id }), { action, reason: "" });
    for (const lang of LANGS) {
      const s = T[lang].orders.staff;
      const c = T[lang].office;
      const html = decodeHtml(await (await client.get(url(lang, "staffOrder", { id: order.id }))).text());
      const lines = changeLines(html);
      expect(lines).toContain(c.changeFromTo(s.auditFields.status, s.statuses.preparing.toLowerCase(), s.statuses.sent.toLowerCase()));
      expect(lines).toContain(c.changeSet(s.auditFields.quantityEn, "50"));
      expect(lines).toContain(c.changeSet(s.auditFields.quantityNl, "0"));
      expect(html).toContain(s.actions["order.sent"]);
      expectNoRawKeys(html);
    }
    expect(T.en.office.changeFromTo("Status", "being prepared", "sent")).toBe("Status changed from being prepared to sent");
    expect(T.en.office.changeSet(T.en.orders.staff.auditFields.quantityEn, "50")).toBe("Quantity in English: 50");
  });

  it("office accounts and requests name their fields too", async () => {
    const office = createOffice([accountsOffice, orgRequestsOffice]);
    const a = T.en.accounts;
    expect(office.auditChanges(T.en, "en", { entity: "user", changes: { role: { from: "staff", to: "admin" } } })).toEqual([
      T.en.office.changeFromTo(a.role, a.roles.staff.toLowerCase(), a.roles.admin.toLowerCase()),
    ]);
    expect(office.auditChanges(T.nl, "nl", { entity: "user", changes: { role: { from: "admin", to: null } } })).toEqual([
      T.nl.office.changeCleared(T.nl.accounts.role, T.nl.accounts.roles.admin.toLowerCase()),
    ]);
    expect(office.auditChanges(T.nl, "nl", { entity: "org_request", changes: { reason: { to: "Bestaat al" } } })).toEqual([
      T.nl.office.changeSet(T.nl.org.fields.reason, "Bestaat al"),
    ]);
  });
});

describe("the office home says what waits", () => {
  it("open requests, orders to send and places to check, each linking to where it is handled", async () => {
    const { user: student } = await signedIn(ctx, "sam@example.org");
    await requestRegistration(ctx.db, ctx.deps, {
      user: student,
      data: { name: "New", kind: "other", lang: "nl" },
      position: "chair",
      message: null,
    });
    const { user: orderer } = await signedIn(ctx, "mila@example.org");
    const input = {
      organisationName: "Pharos",
      contactName: "Mila",
      email: "mila@example.org",
      quantityNl: 10,
      quantityEn: 0,
      street: "Breestraat 1",
      postcode: "2311 CS",
      city: "Leiden",
      country: "NL" as const,
      note: null,
    };
    const orders = [];
    for (let i = 0; i < 3; i++)
      orders.push(
        await placeOrder(ctx.db, ctx.deps, { input, lang: "nl", userId: orderer.id, organisationId: null, now: ctx.clock.now() }),
      );
    const { client } = await office();
    await client.post(url("en", "staffOrder", { id: orders[0]!.id }), { action: "cancel", reason: "Double" });
    await client.post(url("en", "staffOrder", { id: orders[1]!.id }), { action: "preparing", reason: "" });
    // Two places never checked or checked long ago, one checked this month.
    await ctx.db.insert(resources).values([
      { ...fixtures.resourceRow("never", { name: "Never" }), lastReviewedOn: null },
      { ...fixtures.resourceRow("long-ago", { name: "Long ago" }), lastReviewedOn: "2024-01-10" },
      { ...fixtures.resourceRow("fresh", { name: "Fresh" }), lastReviewedOn: "2026-11-01" },
    ]);
    for (const lang of LANGS) {
      const t = T[lang];
      const html = decodeHtml(await (await client.get(url(lang, "staffHome"))).text());
      const lines = [...html.matchAll(/<li class="stat"><a href="([^"]*)">([^<]*)<\/a><\/li>/g)].map((m) => [m[2], m[1]]);
      expect(lines.slice(0, 3)).toEqual([
        [t.requests.staff.pendingRequests(1), url(lang, "staffRequests")],
        [t.orders.staff.toSend(2), url(lang, "staffOrders")],
        [t.roadmapEditing.placesToCheck(2), `${url(lang, "staffRoadmap")}#to-check`],
      ]);
      expect(lines.map((l) => l[0])).toContain(t.org.staff.handoversUpcoming(0));
    }
  });
});
