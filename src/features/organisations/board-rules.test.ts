import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { Client, decodeHtml, fieldError, mailsTo, setupApp, signedIn } from "../../../test/helpers/app.js";
import { seat } from "../../../test/helpers/fixtures.js";
import { catalogs } from "../../catalogs.js";
import { outbox } from "../../core/mail/schema.js";
import { url } from "../../routes.js";
import { auditLog } from "../audit/schema.js";
import { users } from "../auth/schema.js";
import { boardInvitations } from "../invitations/schema.js";
import { INVITES_PER_INVITER_PER_HOUR, INVITES_PER_ORG_PER_DAY } from "../invitations/service.js";
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
    expect(mail!.text).toContain(catalogs.en.invitations.mail.body(catalogs.en.org.mail.theOffice, "Testvereniging", "2026-2027", "Chair"));
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

describe("the chair's seat and mails to the whole board", () => {
  async function board() {
    const o = await org("Minerva");
    const b = await createBoard(ctx.db, { actorId: null, orgId: o.id, startsOn: "2026-09-01", env: ctx.deps.env });
    const chair = await seat(ctx, b.id, "chair@minerva.example.org", { name: "Chris Chair", position: "chair", lang: "en" });
    const treasurer = await seat(ctx, b.id, "treasurer@minerva.example.org", { name: "Tess Treasurer", position: "treasurer" });
    const secretary = await seat(ctx, b.id, "secretary@minerva.example.org", { name: "Sam Secretary", position: "secretary" });
    return { o, b, chair, treasurer, secretary };
  }
  const changeMails = async (email: string) => (await mailsTo(ctx, email)).filter((m) => m.template === "org.board-change");
  const positionOf = async (memberId: string) =>
    (await ctx.db.select({ p: boardMembers.position }).from(boardMembers).where(eq(boardMembers.id, memberId)))[0]?.p;

  it("a member who is not the chair cannot remove the chair or change the chair's position, and is not offered to", async () => {
    const { o, chair, treasurer } = await board();
    const page = await (await treasurer.client.get(url("en", "org", { id: o.id }))).text();
    expect(page).not.toContain(url("en", "orgMemberRemove", { id: o.id, memberId: chair.memberId }));
    expect(page).not.toContain(url("en", "orgMemberPosition", { id: o.id, memberId: chair.memberId }));
    expect(decodeHtml(page)).toContain(catalogs.en.org.page.chairRule);
    const before = await ctx.db.select().from(boardMembers);
    const removed = await treasurer.client.post(url("en", "orgMemberRemove", { id: o.id, memberId: chair.memberId }));
    expect(removed.status).toBe(403);
    expect(await removed.text()).toContain(catalogs.en.http.forbiddenTitle);
    expect(
      (await treasurer.client.post(url("en", "orgMemberPosition", { id: o.id, memberId: chair.memberId }), { position: "other" })).status,
    ).toBe(403);
    expect(await ctx.db.select().from(boardMembers)).toEqual(before);
    expect(await ctx.db.select().from(outbox)).toEqual([]);
  });

  it("nor make anyone else chair while the board has one", async () => {
    const { o, b, treasurer, secretary } = await board();
    expect(
      (await treasurer.client.post(url("en", "orgMemberPosition", { id: o.id, memberId: secretary.memberId }), { position: "chair" }))
        .status,
    ).toBe(403);
    expect(await positionOf(secretary.memberId)).toBe("secretary");
    const res = await treasurer.client.post(url("en", "orgInvite", { id: o.id }), {
      boardId: b.id,
      email: "new@example.org",
      name: "",
      position: "chair",
    });
    expect(res.status).toBe(422);
    expect(fieldError(await res.text(), "position")).toBe(catalogs.en.errors.chairOnly);
    expect(await ctx.db.select().from(boardInvitations)).toEqual([]);
  });

  it("the chair can; every member is told, in their own language, in the same transaction", async () => {
    const { o, chair, treasurer, secretary } = await board();
    const res = await chair.client.post(url("nl", "orgMemberPosition", { id: o.id, memberId: secretary.memberId }), {
      position: "wellbeing",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(url("nl", "org", { id: o.id }, { done: "position" }));
    expect(await positionOf(secretary.memberId)).toBe("wellbeing");
    for (const [who, lang] of [
      [chair, "en"],
      [treasurer, "nl"],
      [secretary, "nl"],
    ] as const) {
      const [mail] = await changeMails(who.user.email);
      expect(mail, who.user.email).toMatchObject({ lang, subject: catalogs[lang].org.mail.changeSubject("Minerva", "2026-2027") });
      expect(mail!.text).toContain(
        catalogs[lang].org.mail.changePosition(
          "Chris Chair (chair@minerva.example.org)",
          "Sam Secretary (secretary@minerva.example.org)",
          catalogs[lang].org.positions.secretary,
          catalogs[lang].org.positions.wellbeing,
        ),
      );
    }
    // The chair removes the treasurer: the whole board, the treasurer included, is told.
    expect((await chair.client.post(url("nl", "orgMemberRemove", { id: o.id, memberId: treasurer.memberId }))).status).toBe(303);
    for (const who of [chair, treasurer, secretary]) {
      const [mail] = await changeMails(who.user.email);
      expect(mail!.text).toContain(
        catalogs[mail!.lang].org.mail.changeRemoved(
          "Chris Chair (chair@minerva.example.org)",
          "Tess Treasurer (treasurer@minerva.example.org)",
          catalogs[mail!.lang].org.positions.treasurer,
        ),
      );
    }
    // Removed: their sessions ended, so the page sends them to sign in (and would then be a 404).
    expect((await treasurer.client.get(url("nl", "org", { id: o.id }))).status).toBe(303);
  });

  it("any member removing a fellow who is not the chair: the whole board is told", async () => {
    const { o, chair, treasurer, secretary } = await board();
    expect((await treasurer.client.post(url("en", "orgMemberRemove", { id: o.id, memberId: secretary.memberId }))).status).toBe(303);
    for (const who of [chair, treasurer, secretary]) expect(await changeMails(who.user.email), who.user.email).toHaveLength(1);
    const audit = await ctx.db.select().from(auditLog).where(eq(auditLog.action, "board_member.remove"));
    expect(audit).toHaveLength(1);
  });

  it("the office can change the chair's seat from its own page, and the board hears it came from the office", async () => {
    const { o, chair, treasurer } = await board();
    const office = await signedIn(ctx, "office@example.org", { staffRole: "staff", name: "Olga Office" });
    const page = await (await office.client.get(url("en", "staffOrg", { id: o.id }))).text();
    expect(page).toContain(url("en", "orgMemberRemove", { id: o.id, memberId: chair.memberId }));
    const res = await office.client.post(url("en", "orgMemberPosition", { id: o.id, memberId: chair.memberId }), { position: "other" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(url("en", "staffOrg", { id: o.id }, { done: "position" }));
    expect(await positionOf(chair.memberId)).toBe("other");
    const [mail] = await changeMails(treasurer.user.email);
    expect(mail!.text).toContain(
      catalogs.nl.org.mail.changePosition(
        catalogs.nl.org.mail.theOffice,
        "Chris Chair (chair@minerva.example.org)",
        catalogs.nl.org.positions.chair,
        catalogs.nl.org.positions.other,
      ),
    );
    expect(mail!.text).not.toContain("Olga");
    // Now there is no chair: any member may make someone chair.
    expect(
      (await treasurer.client.post(url("en", "orgMemberPosition", { id: o.id, memberId: treasurer.memberId }), { position: "chair" }))
        .status,
    ).toBe(303);
    expect(await positionOf(treasurer.memberId)).toBe("chair");
  });

  it("the current chair may set up the incoming board's chair; other current members may not replace it", async () => {
    const { o, chair, treasurer } = await board();
    const next = await createBoard(ctx.db, { actorId: null, orgId: o.id, startsOn: "2027-09-01", env: ctx.deps.env });
    const incoming = await seat(ctx, next.id, "next-chair@minerva.example.org", { position: "chair" });
    expect((await treasurer.client.post(url("en", "orgMemberRemove", { id: o.id, memberId: incoming.memberId }))).status).toBe(403);
    expect((await chair.client.post(url("en", "orgMemberRemove", { id: o.id, memberId: incoming.memberId }))).status).toBe(303);
    const [mail] = await changeMails("next-chair@minerva.example.org");
    expect(mail!.text).toContain("2027-2028");
  });

  it("a change that fails leaves neither the change nor any mail behind", async () => {
    const { o, chair } = await board();
    const res = await chair.client.post(url("en", "orgMemberPosition", { id: o.id, memberId: chair.memberId }), { position: "emperor" });
    expect(res.status).toBe(400);
    for (const id of ["00000000-0000-4000-8000-000000000000", "not-a-uuid", "-".repeat(36)]) {
      expect((await chair.client.post(url("en", "orgMemberPosition", { id: o.id, memberId: id }), { position: "other" })).status).toBe(404);
      expect((await chair.client.post(url("en", "orgInvitationWithdraw", { id: o.id, invitationId: id }))).status).toBe(404);
    }
    expect(await ctx.db.select().from(outbox)).toEqual([]);
  });

  it("withdrawing an open invitation: the link stops working and the board is told", async () => {
    const { o, b, chair, treasurer } = await board();
    await treasurer.client.post(url("en", "orgInvite", { id: o.id }), {
      boardId: b.id,
      email: "maybe@example.org",
      name: "",
      position: "other",
    });
    const [inv] = await ctx.db.select().from(boardInvitations);
    const res = await chair.client.post(url("en", "orgInvitationWithdraw", { id: o.id, invitationId: inv!.id }));
    expect(res.status).toBe(303);
    const [mail] = await changeMails(treasurer.user.email);
    expect(mail!.text).toContain(catalogs.nl.org.mail.changeWithdrawn("Chris Chair (chair@minerva.example.org)", "maybe@example.org"));
    const [invitation] = await mailsTo(ctx, "maybe@example.org");
    const link = new URL(invitation!.text.match(/https?:\/\/\S+/)![0]);
    expect((await new Client(ctx).get(link.pathname + link.search)).status).toBe(404);
    expect((await chair.client.post(url("en", "orgInvitationWithdraw", { id: o.id, invitationId: inv!.id }))).status).toBe(404);
  });
});

describe("limits on invitations", () => {
  it("one board member sends at most INVITES_PER_INVITER_PER_HOUR an hour: then a 429 with Retry-After, nothing sent", async () => {
    const o = await org("Minerva");
    const b = await createBoard(ctx.db, { actorId: null, orgId: o.id, startsOn: "2026-09-01", env: ctx.deps.env });
    const chair = await seat(ctx, b.id, "chair@minerva.example.org");
    const invite = (i: number) =>
      chair.client.post(url("en", "orgInvite", { id: o.id }), { boardId: b.id, email: `p${i}@example.org`, name: "", position: "other" });
    for (let i = 0; i < INVITES_PER_INVITER_PER_HOUR; i++) expect((await invite(i)).status).toBe(303);
    const mails = (await ctx.db.select({ n: count() }).from(outbox))[0]!.n;
    const res = await invite(99);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(3000);
    expect(Number(res.headers.get("retry-after"))).toBeLessThanOrEqual(3600);
    expect((await ctx.db.select({ n: count() }).from(outbox))[0]!.n).toBe(mails);
    expect(await mailsTo(ctx, "p99@example.org")).toEqual([]);
    ctx.clock.advance(3_601_000);
    const again = await signedIn(ctx, "chair@minerva.example.org");
    expect(
      (
        await again.client.post(url("en", "orgInvite", { id: o.id }), {
          boardId: b.id,
          email: "p99@example.org",
          name: "",
          position: "other",
        })
      ).status,
    ).toBe(303);
  });

  it("an organisation's boards send at most INVITES_PER_ORG_PER_DAY a day, whoever sends them; the office is not limited", async () => {
    const o = await org("Minerva");
    const b = await createBoard(ctx.db, { actorId: null, orgId: o.id, startsOn: "2026-09-01", env: ctx.deps.env });
    const members = await Promise.all(
      Array.from({ length: Math.ceil(INVITES_PER_ORG_PER_DAY / 10) + 1 }, (_, k) => seat(ctx, b.id, `m${k}@minerva.example.org`)),
    );
    let sent = 0;
    for (const m of members) {
      for (let i = 0; i < 10 && sent < INVITES_PER_ORG_PER_DAY; i++, sent++) {
        const r = await m.client.post(url("en", "orgInvite", { id: o.id }), {
          boardId: b.id,
          email: `x${sent}@example.org`,
          name: "",
          position: "other",
        });
        expect(r.status).toBe(303);
      }
    }
    const last = members.at(-1)!;
    expect(
      (
        await last.client.post(url("en", "orgInvite", { id: o.id }), {
          boardId: b.id,
          email: "one-more@example.org",
          name: "",
          position: "other",
        })
      ).status,
    ).toBe(429);
    const office = await signedIn(ctx, "office@example.org", { staffRole: "staff" });
    expect(
      (
        await office.client.post(url("en", "staffOrgInvite", { id: o.id }), {
          boardId: b.id,
          email: "one-more@example.org",
          name: "",
          position: "other",
        })
      ).status,
    ).toBe(303);
  });
});
