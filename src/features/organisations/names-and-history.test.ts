import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { decodeHtml, fieldError, setupApp, signedIn } from "../../../test/helpers/app.js";
import * as fixtures from "../../../test/helpers/fixtures.js";
import { catalogs } from "../../catalogs.js";
import { LANGS } from "../../core/i18n/index.js";
import { url } from "../../routes.js";
import { auditLog } from "../audit/schema.js";
import { users } from "../auth/schema.js";
import { orgRequests } from "../org-requests/schema.js";
import { organisations } from "./schema.js";

const ctx = setupApp();
const T = catalogs;

const total = async (table: typeof organisations | typeof orgRequests) => (await ctx.db.select({ n: count() }).from(table))[0]!.n;
const orgForm = (name: string) => ({
  name,
  kind: "sports",
  faculty: "",
  website: "",
  contactUrl: "",
  email: "",
  lang: "nl",
  memberCount: "",
});
const registerForm = (name: string) => ({ ...orgForm(name), position: "chair", message: "" });

describe("the office's history of an organisation shows everything, a page at a time", () => {
  it("120 changes: pages of 50 with links to the next and previous page", async () => {
    const org = await fixtures.makeOrg(ctx, "Minerva");
    await ctx.db.insert(auditLog).values(
      Array.from({ length: 119 }, (_, i) => ({
        organisationId: org.id,
        entity: "organisation",
        entityId: org.id,
        action: "organisation.update",
        changes: { memberCount: { from: i, to: i + 1 } },
        at: new Date(Date.UTC(2026, 0, 1, 0, i)),
      })),
    );
    const { client } = await signedIn(ctx, "office@example.org", { staffRole: "staff" });
    const counts: number[] = [];
    let path: string | undefined = url("en", "staffOrg", { id: org.id });
    while (path) {
      const html: string = await (await client.get(path)).text();
      const { update, create } = {
        update: T.en.org.staff.auditActions["organisation.update"]!,
        create: T.en.org.staff.auditActions["organisation.create"]!,
      };
      counts.push([...html.matchAll(new RegExp(`<td>(?:${update}|${create})`, "g"))].length);
      const next: string | undefined = html.match(/<a href="([^"]+)" rel="next">/)?.[1];
      path = next ? decodeHtml(next) : undefined;
    }
    expect(counts).toEqual([50, 50, 20]);
  });
});

describe("names people see are normalised, and look-alikes of an organisation's name refused", () => {
  const tricks: [string, string][] = [
    ["zero-width space", "Mine\u200Brva"],
    ["dotless ı", "M\u0131nerva"],
    ["right-to-left override", "\u202EMinerva"],
    ["double space", "Min  erva"],
    ["Cyrillic а", "Minerv\u0430"],
    ["letter case and punctuation", "MINERVA!"],
  ];

  it.each(tricks)("the office cannot create one with a %s (nl and en)", async (_label, name) => {
    await fixtures.makeOrg(ctx, "Minerva");
    const { client } = await signedIn(ctx, "office@example.org", { staffRole: "staff" });
    for (const lang of LANGS) {
      const res = await client.post(url(lang, "staffOrgNew"), { ...orgForm(name), status: "active" });
      expect(res.status).toBe(422);
      expect(fieldError(await res.text(), "name")).toBe(T[lang].errors.duplicateName);
    }
    expect(await total(organisations)).toBe(1);
  });

  it.each(tricks)("a board cannot rename theirs to one with a %s; a student cannot register one", async (_label, name) => {
    await fixtures.makeOrg(ctx, "Minerva");
    const own = await fixtures.makeOrg(ctx, "Augustinus");
    const board = await fixtures.makeBoard(ctx, own.id);
    const { client } = await fixtures.seat(ctx, board.id, "chair@augustinus.example.org");
    const res = await client.post(url("en", "orgEdit", { id: own.id }), orgForm(name));
    expect(res.status).toBe(422);
    expect(fieldError(await res.text(), "name")).toBe(T.en.errors.duplicateName);
    const reg = await client.post(url("nl", "orgRegister"), registerForm(name));
    expect(reg.status).toBe(422);
    expect(fieldError(await reg.text(), "name")).toBe(T.nl.errors.duplicateName);
    const [after] = await ctx.db.select().from(organisations).where(eq(organisations.id, own.id));
    expect(after!.name).toBe("Augustinus");
    expect(await total(orgRequests)).toBe(0);
  });

  it("stores names normalised: no invisible or bidirectional characters, single spaces, trimmed", async () => {
    const { client } = await signedIn(ctx, "office@example.org", { staffRole: "staff" });
    const res = await client.post(url("en", "staffOrgNew"), {
      ...orgForm("  Studie\u200Bvereniging \u202E  Minerva\u00A0 "),
      status: "active",
    });
    expect(res.status).toBe(303);
    const [org] = await ctx.db.select().from(organisations);
    expect(org!.name).toBe("Studievereniging Minerva");
    expect(org!.nameKey).toBe("studleverenlglngmlnerva");
    // A name of invisible characters only is no name.
    const empty = await client.post(url("en", "staffOrgNew"), { ...orgForm("\u200B\u202E \u2060"), status: "active" });
    expect(empty.status).toBe(422);
    expect(fieldError(await empty.text(), "name")).toBe(T.en.errors.required);
    // Renaming to its own look-alike is fine (it is the same organisation).
    expect(
      (await client.post(url("en", "staffOrgEdit", { id: org!.id }), { ...orgForm("STUDIEVERENIGING MINERVA"), status: "active" })).status,
    ).toBe(303);
  });

  it("person names too: the office's staff form and the invitation's name", async () => {
    const admin = await signedIn(ctx, "admin@example.org", { staffRole: "admin" });
    expect(
      (await admin.client.post(url("en", "staffUsers"), { email: "new@example.org", name: " Ann\u200B  \u202Ede Vries ", role: "staff" }))
        .status,
    ).toBe(303);
    const [u] = await ctx.db.select().from(users).where(eq(users.email, "new@example.org"));
    expect(u!.name).toBe("Ann de Vries");
  });
});
