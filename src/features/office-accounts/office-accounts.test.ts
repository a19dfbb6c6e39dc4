import { and, asc, count, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { type Client, decodeHtml, type ExpectedError, errorMessage, fieldError, setupApp, signedIn } from "../../../test/helpers/app.js";
import * as fixtures from "../../../test/helpers/fixtures.js";
import { catalogs } from "../../catalogs.js";
import { LANGS, type Lang } from "../../core/i18n/index.js";
import { url } from "../../routes.js";
import { auditLog } from "../audit/schema.js";
import { sessions, users } from "../auth/schema.js";
import { boardMembers } from "../organisations/schema.js";
import { changeOfficeRole, removeOfficeAccount } from "./service.js";

const ctx = setupApp();
const T = catalogs;
type ErrorKey = ExpectedError;

const admin = (email = "admin@office.example.org") => signedIn(ctx, email, { staffRole: "admin" });
const staff = (email = "staff@office.example.org") => signedIn(ctx, email, { staffRole: "staff" });

/** What must not change when a form is refused: users and their roles, open sessions, audit rows. */
async function state() {
  const roles = await ctx.db.select({ email: users.email, role: users.staffRole }).from(users).orderBy(asc(users.email));
  const [open] = await ctx.db.select({ n: count() }).from(sessions).where(isNull(sessions.endedAt));
  const [audits] = await ctx.db.select({ n: count() }).from(auditLog);
  return { roles, openSessions: open!.n, audits: audits!.n };
}

const openSessions = async (userId: string) =>
  (
    await ctx.db
      .select({ n: count() })
      .from(sessions)
      .where(and(eq(sessions.userId, userId), isNull(sessions.endedAt)))
  )[0]!.n;

async function expectRejected(client: Client, path: string, form: Record<string, string>, lang: Lang, field: string, key: ErrorKey) {
  const before = await state();
  const res = await client.post(path, form);
  const html = await res.text();
  expect(res.status, `${path} ${field}`).toBe(422);
  expect(fieldError(html, field), `${path} ${field}`).toBe(errorMessage(lang, key));
  expect(await state()).toEqual(before);
  return html;
}

describe("adding office accounts", () => {
  it("adds a new address or an existing user, audited; the list shows them", async () => {
    const { client, user } = await admin();
    await signedIn(ctx, "board@example.org");
    const res = await client.post(url("nl", "staffUsers"), { email: " New.Staff@Example.org ", name: "Nieuwe Collega", role: "staff" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(url("nl", "staffUsers", {}, { done: "added" }));
    // An existing account: asked first (see below), then given the role.
    const asked = await client.post(url("nl", "staffUsers"), { email: "board@example.org", name: "", role: "admin" });
    expect(asked.status).toBe(409);
    const [board] = await ctx.db.select().from(users).where(eq(users.email, "board@example.org"));
    const confirmed = { email: "board@example.org", name: "", role: "admin", confirmId: board!.id, confirmRole: "none" };
    expect((await client.post(url("nl", "staffUsers"), confirmed)).status).toBe(303);
    const all = await ctx.db.select({ email: users.email, role: users.staffRole, name: users.name }).from(users).orderBy(asc(users.email));
    expect(all).toEqual([
      { email: "admin@office.example.org", role: "admin", name: null },
      { email: "board@example.org", role: "admin", name: null },
      { email: "new.staff@example.org", role: "staff", name: "Nieuwe Collega" },
    ]);
    const entries = await ctx.db.select().from(auditLog).where(eq(auditLog.action, "staff.add"));
    expect(entries).toHaveLength(2);
    expect(entries.every((e) => e.actorId === user.id && e.entity === "user")).toBe(true);
    const page = await (await client.get(url("en", "staffUsers", {}, { done: "added" }))).text();
    expect(page).toContain(T.en.accounts.added);
    expect(page).toContain("new.staff@example.org");
    expect(page).toContain(T.en.accounts.roles.staff);
    const [added] = await ctx.db.select().from(users).where(eq(users.email, "new.staff@example.org"));
    expect(page).toContain(`href="${url("en", "staffUser", { id: added!.id })}"`);
  });

  it("never changes an existing account's role silently: it shows the account and its current role, and asks", async () => {
    const { client } = await admin();
    const { user: second } = await admin("second@office.example.org");
    await ctx.db.update(users).set({ name: "Sanne Second" }).where(eq(users.id, second.id));
    const { user: board } = await signedIn(ctx, "board@example.org", { name: "Bas Board" });
    for (const lang of LANGS) {
      const a = T[lang].accounts;
      const path = url(lang, "staffUsers");
      for (const [who, role, current, question] of [
        [second, "staff", a.roles.admin, a.existsChange(a.roles.admin, a.roles.staff)],
        [board, "admin", a.noRole, a.existsGive(a.roles.admin)],
      ] as const) {
        const before = await state();
        const res = await client.post(path, { email: who.email.toUpperCase(), name: "Someone Else", role });
        expect(res.status, who.email).toBe(409);
        const html = decodeHtml(await res.text());
        expect(html).toContain(`<h1>${a.existsTitle(who.email)}</h1>`);
        expect(html).toContain(`<dt>${a.currentRole}</dt><dd>${current}</dd>`);
        expect(html).toContain(who === second ? "Sanne Second" : "Bas Board");
        expect(html).toContain(question);
        expect(html).toContain(a.existsNameKept);
        expect(html).toContain(`name="confirmId" value="${who.id}"`);
        expect(await state(), who.email).toEqual(before);
      }
      // The same role: nothing to confirm, nothing changes.
      const same = decodeHtml(await (await client.post(path, { email: second.email, name: "", role: "admin" })).text());
      expect(same).toContain(a.existsSameRole(a.roles.admin));
      expect(same).not.toContain('name="confirmId"');
    }

    // Confirmed with the role it was shown with: the change is made (and audited), the name stays.
    const res = await client.post(url("en", "staffUsers"), {
      email: second.email,
      name: "Someone Else",
      role: "staff",
      confirmId: second.id,
      confirmRole: "admin",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(url("en", "staffUsers", {}, { done: "role", email: second.email }));
    const [after] = await ctx.db.select().from(users).where(eq(users.id, second.id));
    expect(after).toMatchObject({ staffRole: "staff", name: "Sanne Second" });
    expect(await ctx.db.select().from(auditLog).where(eq(auditLog.action, "staff.role"))).toHaveLength(1);
    // Demoted from administrator: signed out everywhere, as on the account's own page.
    expect(await openSessions(second.id)).toBe(0);

    // Confirmed for a role it no longer has (someone changed it meanwhile): asked again, nothing changes.
    const before = await state();
    const stale = await client.post(url("en", "staffUsers"), {
      email: second.email,
      name: "",
      role: "admin",
      confirmId: second.id,
      confirmRole: "admin",
    });
    expect(stale.status).toBe(409);
    expect(decodeHtml(await stale.text())).toContain(`<dt>${T.en.accounts.currentRole}</dt><dd>${T.en.accounts.roles.staff}</dd>`);
    expect(await state()).toEqual(before);
  });

  it("the last administrator stays one, also when confirmed from the add form", async () => {
    const { client, user } = await admin();
    const before = await state();
    const res = await client.post(url("en", "staffUsers"), {
      email: user.email,
      name: "",
      role: "staff",
      confirmId: user.id,
      confirmRole: "admin",
    });
    expect(res.status).toBe(422);
    expect(fieldError(await res.text(), "role")).toBe(errorMessage("en", "lastAdmin"));
    expect(await state()).toEqual(before);
  });

  it("bad input: 422 with the localized error at the field, values kept, nothing written", async () => {
    const { client } = await admin();
    for (const lang of LANGS) {
      const path = url(lang, "staffUsers");
      const html = await expectRejected(
        client,
        path,
        { email: "not-an-email", name: "Nina", role: "staff" },
        lang,
        "email",
        "invalidEmail",
      );
      expect(decodeHtml(html)).toContain('value="Nina"');
      await expectRejected(client, path, { email: "", name: "Nina", role: "admin" }, lang, "email", "required");
      await expectRejected(client, path, { email: "nina@example.org", name: "", role: "root" }, lang, "role", "invalidChoice");
      await expectRejected(client, path, { email: "nina@example.org", name: "n".repeat(121), role: "staff" }, lang, "name", [
        "maxLength",
        { max: 120 },
      ]);
    }
  });
});

describe("changing a role", () => {
  it("promotes and demotes, audited; whoever stops being an administrator is signed out everywhere", async () => {
    const { client, user: me } = await admin();
    const { client: other, user: colleague } = await staff("colleague@office.example.org");
    const path = url("en", "staffUser", { id: colleague.id });
    const page = await (await client.get(path)).text();
    expect(page).toContain(T.en.accounts.accountTitle("colleague@office.example.org"));

    const up = await client.post(path, { role: "admin" });
    expect(up.status).toBe(303);
    expect(up.headers.get("location")).toBe(url("en", "staffUser", { id: colleague.id }, { done: "role" }));
    expect(await (await client.get(up.headers.get("location")!)).text()).toContain(T.en.accounts.roleChanged);
    // Promotion keeps the session: the colleague now reaches the administrators' page.
    expect((await other.get(url("en", "staffUsers"))).status).toBe(200);

    const down = await client.post(path, { role: "staff" });
    expect(down.status).toBe(303);
    expect(await openSessions(colleague.id)).toBe(0);
    const after = await other.get(url("en", "staffOrgs"));
    expect(after.status).toBe(303);
    expect(after.headers.get("location")).toContain(url("en", "signIn"));

    const [row] = await ctx.db.select({ role: users.staffRole }).from(users).where(eq(users.id, colleague.id));
    expect(row!.role).toBe("staff");
    const trail = await ctx.db.select().from(auditLog).where(eq(auditLog.action, "staff.role")).orderBy(asc(auditLog.at));
    expect(trail.map((e) => e.changes)).toEqual([{ role: { from: "staff", to: "admin" } }, { role: { from: "admin", to: "staff" } }]);
    expect(trail.every((e) => e.actorId === me.id && e.entityId === colleague.id)).toBe(true);
  });

  it("keeps the last administrator one (also against themselves), in both languages", async () => {
    const { client, user } = await admin();
    for (const lang of LANGS) {
      const html = await expectRejected(client, url(lang, "staffUser", { id: user.id }), { role: "staff" }, lang, "role", "lastAdmin");
      expect(html).toContain(`<html lang="${lang}">`);
    }
    // With a second administrator, one of them may step down.
    await admin("second@office.example.org");
    expect((await client.post(url("nl", "staffUser", { id: user.id }), { role: "staff" })).status).toBe(303);
  });

  it("bad input: an unknown role is a 422 at the field, nothing changes", async () => {
    const { client } = await admin();
    const { user } = await staff();
    for (const lang of LANGS) {
      await expectRejected(client, url(lang, "staffUser", { id: user.id }), { role: "root" }, lang, "role", "invalidChoice");
      await expectRejected(client, url(lang, "staffUser", { id: user.id }), {}, lang, "role", "required");
    }
  });
});

describe("revoking access", () => {
  it("takes the role away and ends the sessions; the account and a board seat stay; audited", async () => {
    const { client, user: me } = await admin();
    const org = await fixtures.makeOrg(ctx, "Minerva");
    const board = await fixtures.makeBoard(ctx, org.id, "2026-09-01");
    const { user: person } = await fixtures.seat(ctx, board.id, "chair@minerva.example.org");
    const { client: theirs } = await staff("chair@minerva.example.org");
    expect(await openSessions(person.id)).toBe(2);

    const res = await client.post(url("nl", "staffUserRemove", { id: person.id }));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(url("nl", "staffUsers", {}, { done: "removed", email: "chair@minerva.example.org" }));
    const list = await (await client.get(res.headers.get("location")!)).text();
    expect(decodeHtml(list)).toContain(T.nl.accounts.removed("chair@minerva.example.org"));
    expect(list).not.toContain(`href="${url("nl", "staffUser", { id: person.id })}"`);

    const [row] = await ctx.db.select().from(users).where(eq(users.id, person.id));
    expect(row!.staffRole).toBeNull();
    expect(await openSessions(person.id)).toBe(0);
    expect((await theirs.get(url("nl", "staffOrgs"))).status).toBe(303);
    expect(await ctx.db.select().from(boardMembers).where(eq(boardMembers.userId, person.id))).toHaveLength(1);
    const [entry] = await ctx.db.select().from(auditLog).where(eq(auditLog.action, "staff.remove"));
    expect(entry).toMatchObject({ actorId: me.id, entity: "user", entityId: person.id, changes: { role: { from: "staff", to: null } } });
    // No longer an office account: its page is gone.
    expect((await client.get(url("nl", "staffUser", { id: person.id }))).status).toBe(404);
    expect((await client.post(url("nl", "staffUserRemove", { id: person.id }))).status).toBe(404);
  });

  it("never removes the last administrator; with two, one may go", async () => {
    const { client, user } = await admin();
    for (const lang of LANGS) {
      const before = await state();
      const res = await client.post(url(lang, "staffUserRemove", { id: user.id }));
      expect(res.status).toBe(422);
      expect(fieldError(await res.text(), "role")).toBe(T[lang].errors.lastAdmin);
      expect(await state()).toEqual(before);
    }
    const { user: second } = await admin("second@office.example.org");
    expect((await client.post(url("en", "staffUserRemove", { id: second.id }))).status).toBe(303);
    expect((await client.post(url("en", "staffUserRemove", { id: user.id }))).status).toBe(422);
  });

  it("the service refuses the same (the routes are not the only way in)", async () => {
    const { user } = await admin();
    const now = ctx.clock.now();
    await expect(removeOfficeAccount(ctx.db, { actorId: user.id, userId: user.id, now })).rejects.toMatchObject({ key: "lastAdmin" });
    await expect(changeOfficeRole(ctx.db, { actorId: user.id, userId: user.id, role: "staff", now })).rejects.toMatchObject({
      key: "lastAdmin",
    });
    const { user: board } = await signedIn(ctx, "board@example.org");
    expect(await removeOfficeAccount(ctx.db, { actorId: user.id, userId: board.id, now })).toBeNull();
    expect(await changeOfficeRole(ctx.db, { actorId: user.id, userId: board.id, role: "admin", now })).toBeNull();
    const [row] = await ctx.db.select({ role: users.staffRole }).from(users).where(eq(users.id, board.id));
    expect(row!.role).toBeNull();
  });
});

describe("office account pages", () => {
  it("malformed, unknown and non-office ids are a 404 page", async () => {
    const { client } = await admin();
    const { user: board } = await signedIn(ctx, "board@example.org");
    for (const id of ["not-a-uuid", "00000000-0000-4000-8000-000000000000", board.id]) {
      expect((await client.get(url("en", "staffUser", { id }))).status, id).toBe(404);
      expect((await client.post(url("en", "staffUser", { id }), { role: "admin" })).status, id).toBe(404);
      expect((await client.post(url("en", "staffUserRemove", { id }))).status, id).toBe(404);
    }
    const [row] = await ctx.db.select({ role: users.staffRole }).from(users).where(eq(users.id, board.id));
    expect(row!.role).toBeNull();
  });

  it("the office navigation offers them to administrators only", async () => {
    const link = (lang: Lang) => `<a href="${url(lang, "staffUsers")}"`;
    const { client: a } = await admin();
    const { client: s } = await staff();
    for (const lang of LANGS) {
      expect(await (await a.get(url(lang, "staffHome"))).text()).toContain(link(lang));
      const html = await (await s.get(url(lang, "staffHome"))).text();
      expect(html).toContain(`<a href="${url(lang, "staffOrgs")}"`);
      expect(html).not.toContain(link(lang));
    }
  });
});
