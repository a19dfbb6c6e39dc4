import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { mailsTo, setupApp, signedIn } from "../../../test/helpers/app.js";
import { catalogs } from "../../catalogs.js";
import { users } from "../auth/schema.js";
import { boardMembers, boards } from "./schema.js";
import { createBoard, createOrganisation } from "./service.js";

const ctx = setupApp();

async function org(name = "Testvereniging") {
  return createOrganisation(ctx.db, null, {
    name,
    kind: "sports",
    faculty: null,
    website: null,
    contactUrl: null,
    email: null,
    lang: "en",
    memberCount: null,
  });
}

describe("board rules", () => {
  it("an office invite page for an organisation without a board changes nothing; sending it creates this year's board", async () => {
    const o = await org();
    const { client } = await signedIn(ctx, "staff@example.org", { staffRole: "staff" });
    const page = await client.get(`/en/office/organisations/${o.id}/invite-board`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('value="new"');
    expect((await ctx.db.select({ n: count() }).from(boards))[0]!.n).toBe(0);
    const res = await client.post(`/en/office/organisations/${o.id}/invite-board`, {
      boardId: "new",
      email: "chair@test.example.org",
      name: "",
      position: "chair",
    });
    expect(res.status).toBe(303);
    const rows = await ctx.db.select().from(boards).where(eq(boards.organisationId, o.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.year).toBe(2026);
    // Invited, in the organisation's language (no account exists yet), and seated only on accepting.
    expect(await ctx.db.select().from(users).where(eq(users.email, "chair@test.example.org"))).toEqual([]);
    const [mail] = await mailsTo(ctx, "chair@test.example.org");
    expect(mail).toMatchObject({ template: "org.invited", lang: "en" });
    expect(mail!.text).toContain(catalogs.en.org.mail.invitedBody(catalogs.en.org.mail.theOffice, "Testvereniging", "2026-2027", "Chair"));
    expect((await ctx.db.select({ n: count() }).from(boardMembers))[0]!.n).toBe(0);
  });

  it("a failed office invite into a new board leaves no board behind", async () => {
    const o = await org();
    const { client } = await signedIn(ctx, "staff@example.org", { staffRole: "staff" });
    const res = await client.post(`/en/office/organisations/${o.id}/invite-board`, {
      boardId: "new",
      email: "not-an-email",
      position: "chair",
    });
    expect(res.status).toBe(422);
    expect((await ctx.db.select({ n: count() }).from(boards))[0]!.n).toBe(0);
  });

  it("board members cannot remove themselves or members of earlier boards", async () => {
    const o = await org();
    const past = await createBoard(ctx.db, { actorId: null, orgId: o.id, startsOn: "2025-09-01", env: ctx.deps.env });
    const current = await createBoard(ctx.db, { actorId: null, orgId: o.id, startsOn: "2026-09-01", env: ctx.deps.env });
    const { client, user } = await signedIn(ctx, "chair@test.example.org");
    const { user: old } = await signedIn(ctx, "old@test.example.org");
    const { user: mate } = await signedIn(ctx, "mate@test.example.org");
    const [self] = await ctx.db.insert(boardMembers).values({ boardId: current.id, userId: user.id, position: "chair" }).returning();
    const [oldMember] = await ctx.db.insert(boardMembers).values({ boardId: past.id, userId: old.id, position: "chair" }).returning();
    const [mateMember] = await ctx.db
      .insert(boardMembers)
      .values({ boardId: current.id, userId: mate.id, position: "treasurer" })
      .returning();
    expect((await client.post(`/en/organisations/${o.id}/members/${self!.id}/remove`)).status).toBe(404);
    expect((await client.post(`/en/organisations/${o.id}/members/${oldMember!.id}/remove`)).status).toBe(404);
    expect((await ctx.db.select({ n: count() }).from(boardMembers))[0]!.n).toBe(3);
    expect((await client.post(`/en/organisations/${o.id}/members/${mateMember!.id}/remove`)).status).toBe(303);
    expect((await ctx.db.select({ n: count() }).from(boardMembers))[0]!.n).toBe(2);
  });
});
