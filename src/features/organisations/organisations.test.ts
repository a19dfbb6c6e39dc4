import { and, asc, count, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  Client,
  decodeHtml,
  type ExpectedError,
  errorMessage,
  fieldError,
  linkIn,
  mailsTo,
  setupApp,
  signedIn,
} from "../../../test/helpers/app.js";
import * as fixtures from "../../../test/helpers/fixtures.js";
import { catalogs } from "../../catalogs.js";
import { formatDate, LANGS, type Lang } from "../../core/i18n/index.js";
import { outbox } from "../../core/mail/schema.js";
import { url } from "../../routes.js";
import { auditLog } from "../audit/schema.js";
import { sessions, users } from "../auth/schema.js";
import { NEXT_BOARD_ROWS } from "../invitations/forms.js";
import { boardInvitations } from "../invitations/schema.js";
import { inviteToBoard, registerNextBoard } from "../invitations/service.js";
import { orgRequests } from "../org-requests/schema.js";
import { boardMembers, boards, organisations, type Position } from "./schema.js";
import { academicYearOf, actorOf, boardsOf, type OrgInput } from "./service.js";

const ctx = setupApp();
const T = catalogs;
const TODAY = "2026-11-23";

// Browsers send every field of a form, empty or not; these fill in the ones a test leaves out.
const inviteForm = (o: Record<string, string>) => ({ boardId: "", email: "", name: "", position: "", ...o });
function nextForm(o: Record<string, string>) {
  const rows: Record<string, string> = { startsOn: "" };
  for (let i = 1; i <= NEXT_BOARD_ROWS; i++) Object.assign(rows, { [`email_${i}`]: "", [`name_${i}`]: "", [`position_${i}`]: "" });
  return { ...rows, ...o };
}

// ---------- fixtures ----------

const makeOrg = (name: string, extra: Partial<OrgInput> = {}) => fixtures.makeOrg(ctx, name, extra);
const makeBoard = (orgId: string, startsOn = "2026-09-01") => fixtures.makeBoard(ctx, orgId, startsOn);
const seat = (boardId: string, email: string, opts: { lang?: Lang; name?: string; position?: Position } = {}) =>
  fixtures.seat(ctx, boardId, email, opts);

/** A signed-in student (not on any board), with a language. */
async function student(email: string, lang: Lang = "nl", name?: string) {
  const s = await signedIn(ctx, email, { name });
  await ctx.db.update(users).set({ lang }).where(eq(users.id, s.user.id));
  return s;
}

const staffMember = () => signedIn(ctx, "office@vangnet.example.org", { staffRole: "staff", name: "Olga Office" });

/** Row counts of everything a form could write. */
async function counts() {
  const [o] = await ctx.db.select({ n: count() }).from(organisations);
  const [b] = await ctx.db.select({ n: count() }).from(boards);
  const [m] = await ctx.db.select({ n: count() }).from(boardMembers);
  const [r] = await ctx.db.select({ n: count() }).from(orgRequests);
  const [x] = await ctx.db.select({ n: count() }).from(outbox);
  const [a] = await ctx.db.select({ n: count() }).from(auditLog);
  const [u] = await ctx.db.select({ n: count() }).from(users);
  const [i] = await ctx.db.select({ n: count() }).from(boardInvitations);
  return { organisations: o!.n, boards: b!.n, members: m!.n, requests: r!.n, outbox: x!.n, audit: a!.n, users: u!.n, invitations: i!.n };
}

const membersOf = (boardId: string) =>
  ctx.db
    .select({ userId: boardMembers.userId, position: boardMembers.position, invitedBy: boardMembers.invitedBy, email: users.email })
    .from(boardMembers)
    .innerJoin(users, eq(users.id, boardMembers.userId))
    .where(eq(boardMembers.boardId, boardId))
    .orderBy(asc(users.email));

const invitationsTo = (boardId: string) =>
  ctx.db
    .select({ email: boardInvitations.email, position: boardInvitations.position, status: boardInvitations.status })
    .from(boardInvitations)
    .where(eq(boardInvitations.boardId, boardId))
    .orderBy(asc(boardInvitations.email));

/** Opens the invitation mailed to `email` as a new browser would, and accepts it with `name`. */
async function acceptInvitationMail(email: string, name = "") {
  const [mail] = (await mailsTo(ctx, email)).filter((m) => m.template === "org.invited");
  const link = linkIn(mail!.text);
  const browser = new Client(ctx);
  const page = await browser.get(link);
  expect(page.status).toBe(200);
  const token = new URL(link, "http://x").searchParams.get("token")!;
  const res = await browser.post(url(mail!.lang, "invitation"), { token, decision: "accept", name });
  return { res, browser, token };
}

const auditOf = (orgId: string) => ctx.db.select().from(auditLog).where(eq(auditLog.organisationId, orgId)).orderBy(asc(auditLog.id));

// ---------- reading rendered forms ----------

const errorOf = fieldError;
function inputValue(html: string, field: string) {
  const tag = html.match(new RegExp(`<input[^>]*id="f-${field}"[^>]*>`))?.[0];
  const v = tag?.match(/\svalue="([^"]*)"/)?.[1];
  return v === undefined ? undefined : decodeHtml(v);
}
function textareaValue(html: string, field: string) {
  const v = html.match(new RegExp(`<textarea[^>]*id="f-${field}"[^>]*>([^<]*)</textarea>`))?.[1];
  return v === undefined ? undefined : decodeHtml(v);
}
function selectedValue(html: string, field: string) {
  const body = html.match(new RegExp(`<select[^>]*id="f-${field}"[^>]*>([\\s\\S]*?)</select>`))?.[1];
  return body?.match(/<option value="([^"]*)" selected/)?.[1];
}

/** POSTs bad input and checks: 422, the localized message at the field, the typed value kept, nothing written. */
async function expectRejected(
  client: Client,
  path: string,
  form: Record<string, string>,
  lang: Lang,
  field: string,
  key: ExpectedError,
  kept: Record<string, string> = {},
) {
  const before = await counts();
  const res = await client.post(path, form);
  const html = await res.text();
  expect(res.status, `${path} ${field}`).toBe(422);
  expect(errorOf(html, field), `${path} ${field}`).toBe(errorMessage(lang, key));
  expect(html).toContain(`<html lang="${lang}">`);
  for (const [name, value] of Object.entries(kept)) {
    const shown = inputValue(html, name) ?? textareaValue(html, name) ?? selectedValue(html, name);
    expect(shown, `value of ${name} kept`).toBe(value);
  }
  expect(await counts()).toEqual(before);
  return html;
}

// ---------- service rules ----------

describe("academic years", () => {
  it("starts the year on ACADEMIC_YEAR_START", () => {
    expect(ctx.deps.env.ACADEMIC_YEAR_START).toBe("09-01");
    expect(academicYearOf("2026-09-01", "09-01")).toBe(2026);
    expect(academicYearOf("2026-08-31", "09-01")).toBe(2025);
    expect(academicYearOf("2027-01-15", "09-01")).toBe(2026);
    expect(academicYearOf("2026-12-31", "09-01")).toBe(2026);
  });

  it("boardsOf marks the latest started board current, later ones incoming and older ones past", async () => {
    const org = await makeOrg("Minerva");
    const old = await makeBoard(org.id, "2025-09-01");
    const cur = await makeBoard(org.id, "2026-09-01");
    const next = await makeBoard(org.id, "2027-09-01");
    const states = Object.fromEntries((await boardsOf(ctx.db, org.id, TODAY)).map((b) => [b.id, b.state]));
    expect(states).toEqual({ [old.id]: "past", [cur.id]: "current", [next.id]: "incoming" });
    expect((await makeBoard(org.id, "2028-09-01")).year).toBe(2028);
    await expect(makeBoard(org.id, "2027-10-01")).rejects.toMatchObject({ field: "startsOn", key: "boardExists" });
  });

  it("registerNextBoard refuses dates that are not after today or fall in the current academic year, writing nothing", async () => {
    const org = await makeOrg("Minerva");
    const board = await makeBoard(org.id);
    const { user } = await seat(board.id, "chair@minerva.nl");
    const args = {
      actor: actorOf(user),
      orgId: org.id,
      today: TODAY,
      now: ctx.clock.now(),
      members: [{ email: "next@minerva.nl", name: null, position: "chair" as const }],
    };
    const before = await counts();
    await expect(registerNextBoard(ctx.db, ctx.deps, { ...args, startsOn: TODAY })).rejects.toMatchObject({
      field: "startsOn",
      key: "dateNotAfterCurrent",
    });
    await expect(registerNextBoard(ctx.db, ctx.deps, { ...args, startsOn: "2027-08-31" })).rejects.toMatchObject({
      field: "startsOn",
      key: "boardExists",
    });
    expect(await counts()).toEqual(before);
    const next = await registerNextBoard(ctx.db, ctx.deps, { ...args, startsOn: "2027-09-01" });
    expect(next.year).toBe(2027);
    // Invited, not seated: the new board fills up as its members accept.
    expect(await membersOf(next.id)).toEqual([]);
    expect(await invitationsTo(next.id)).toEqual([{ email: "next@minerva.nl", position: "chair", status: "pending" }]);
  });

  it("inviteToBoard only invites to a board of the given organisation", async () => {
    const a = await makeOrg("Minerva");
    const b = await makeOrg("Augustinus");
    const boardB = await makeBoard(b.id);
    const { user } = await seat((await makeBoard(a.id)).id, "chair@minerva.nl");
    const before = await counts();
    await expect(
      inviteToBoard(ctx.db, ctx.deps, {
        actor: actorOf(user),
        orgId: a.id,
        boardId: boardB.id,
        member: { email: "x@example.org", name: null, position: "chair" },
        today: TODAY,
        now: ctx.clock.now(),
      }),
    ).rejects.toMatchObject({ key: "invalidChoice" });
    expect(await counts()).toEqual(before);
  });
});

// ---------- invitations ----------

describe("invitations", () => {
  async function minerva() {
    const org = await makeOrg("Minerva");
    const board = await makeBoard(org.id);
    const chair = await seat(board.id, "chair@minerva.nl", { name: "Chris Chair" });
    return { org, board, chair };
  }

  it("a board member invites someone new: nothing changes on the board until the invitee accepts through the link", async () => {
    const { org, board, chair } = await minerva();
    await seat(board.id, "fellow@minerva.nl", { lang: "en", position: "treasurer" });
    const res = await chair.client.post(url("nl", "orgInvite", { id: org.id }), {
      boardId: board.id,
      email: " New.Person@Example.org ",
      name: "Nina\u200B  New",
      position: "secretary",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(url("nl", "org", { id: org.id }, { done: "invited", email: "new.person@example.org" }));
    // No account, no seat: only an open invitation, which the board sees.
    expect(await ctx.db.select().from(users).where(eq(users.email, "new.person@example.org"))).toEqual([]);
    expect((await membersOf(board.id)).map((m) => m.email)).toEqual(["chair@minerva.nl", "fellow@minerva.nl"]);
    expect(await invitationsTo(board.id)).toEqual([{ email: "new.person@example.org", position: "secretary", status: "pending" }]);
    const page = await (await chair.client.get(res.headers.get("location")!)).text();
    expect(page).toContain(T.nl.invitations.invite.done("new.person@example.org"));
    expect(page).toContain(T.nl.org.page.invitations);
    expect((await auditOf(org.id)).map((a) => a.action)).toContain("board_invitation.create");

    // The mail says who invites and to which organisation, in the organisation's language (no account yet).
    const mails = await mailsTo(ctx, "new.person@example.org");
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail).toMatchObject({ template: "org.invited", lang: "nl", subject: T.nl.invitations.mail.subject("Minerva") });
    expect(mail!.text).toContain(
      T.nl.invitations.mail.body("Chris Chair (chair@minerva.nl)", "Minerva", "2026-2027", T.nl.org.positions.secretary),
    );
    expect(mail!.text).not.toContain("Nina"); // what the inviter typed is not mailed to an unconfirmed address
    expect(linkIn(mail!.text)).toMatch(/^\/nl\/uitnodiging\?token=[\w-]{40,}$/);

    // The whole board is told, each member in their own language.
    const [told] = (await mailsTo(ctx, "fellow@minerva.nl")).filter((m) => m.template === "org.board-change");
    expect(told!.lang).toBe("en");
    expect(told!.text).toContain(T.en.org.mail.changeInvited("Chris Chair (chair@minerva.nl)", "new.person@example.org", "Secretary"));
    expect((await mailsTo(ctx, "chair@minerva.nl")).map((m) => m.template)).toEqual(["org.board-change"]);

    // Opening the link (as a mail scanner does) changes nothing.
    const link = linkIn(mail!.text);
    const scanner = new Client(ctx);
    const opened = await scanner.get(link);
    expect(opened.status).toBe(200);
    expect(opened.headers.get("cache-control")).toBe("no-store");
    const html = await opened.text();
    expect(html).toContain(T.nl.invitations.page.body("Chris Chair (chair@minerva.nl)", "Minerva", "2026-2027", "Secretaris"));
    expect(html).toContain('value="Nina New"'); // offered, normalised, for the invitee to confirm
    expect(await scanner.get(link)).toHaveProperty("status", 200);
    expect(await ctx.db.select().from(users).where(eq(users.email, "new.person@example.org"))).toEqual([]);

    // Accepting: account with the confirmed name, seat, signed in, board told.
    const { res: accepted, browser } = await acceptInvitationMail("new.person@example.org", "Nina Nieuw");
    expect(accepted.status).toBe(303);
    expect(accepted.headers.get("location")).toBe(url("nl", "org", { id: org.id }, { done: "joined" }));
    const [invitee] = await ctx.db.select().from(users).where(eq(users.email, "new.person@example.org"));
    expect(invitee).toMatchObject({ name: "Nina Nieuw", staffRole: null });
    expect(await membersOf(board.id)).toContainEqual({
      userId: invitee!.id,
      email: "new.person@example.org",
      position: "secretary",
      invitedBy: chair.user.id,
    });
    expect(await invitationsTo(board.id)).toEqual([{ email: "new.person@example.org", position: "secretary", status: "accepted" }]);
    expect(await (await browser.get(accepted.headers.get("location")!)).text()).toContain(T.nl.invitations.page.joined("Minerva"));
    for (const [email, lang] of [
      ["chair@minerva.nl", "nl"],
      ["fellow@minerva.nl", "en"],
      ["new.person@example.org", "nl"],
    ] as const) {
      const [m] = await mailsTo(ctx, email);
      expect(m, email).toMatchObject({ template: "org.board-change", lang });
      expect(m!.text).toContain(T[lang].org.mail.changeAccepted("Nina Nieuw (new.person@example.org)", T[lang].org.positions.secretary));
    }
    expect((await auditOf(org.id)).filter((a) => a.action === "board_member.add")).toHaveLength(1);

    // The link works once.
    expect((await new Client(ctx).get(link)).status).toBe(404);
  });

  it("an address that is invited, also the office's, gets no access until it accepts; declining leaves the board as it was", async () => {
    const { org, board, chair } = await minerva();
    const office = await staffMember();
    expect(
      (
        await chair.client.post(
          url("en", "orgInvite", { id: org.id }),
          inviteForm({ boardId: board.id, email: office.user.email, position: "other" }),
        )
      ).status,
    ).toBe(303);
    // The office's own session does not become a board member's.
    expect((await office.client.get(url("en", "org", { id: org.id }))).status).toBe(404);
    expect((await office.client.get(url("en", "dashboard"))).status).toBe(200);
    expect(await (await office.client.get(url("en", "dashboard"))).text()).not.toContain(`href="${url("en", "org", { id: org.id })}"`);

    const [mail] = await mailsTo(ctx, office.user.email);
    const link = linkIn(mail!.text);
    const token = new URL(link, "http://x").searchParams.get("token")!;
    const res = await office.client.post(url("en", "invitation"), { token, decision: "decline", name: "" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(T.en.invitations.page.declinedBody);
    expect(await invitationsTo(board.id)).toEqual([{ email: office.user.email, position: "other", status: "declined" }]);
    expect((await membersOf(board.id)).map((m) => m.email)).toEqual(["chair@minerva.nl"]);
    // A declined invitation cannot be accepted afterwards.
    expect((await office.client.post(url("en", "invitation"), { token, decision: "accept", name: "" })).status).toBe(404);
    expect((await membersOf(board.id)).map((m) => m.email)).toEqual(["chair@minerva.nl"]);
  });

  it("invitations expire; an expired one can be renewed", async () => {
    const { org, board } = await minerva();
    let chair = await signedIn(ctx, "chair@minerva.nl");
    const invite = () =>
      chair.client.post(
        url("nl", "orgInvite", { id: org.id }),
        inviteForm({ boardId: board.id, email: "late@example.org", position: "other" }),
      );
    expect((await invite()).status).toBe(303);
    const [first] = await mailsTo(ctx, "late@example.org");
    // While it is open, the same address cannot be invited again.
    const again = await invite();
    expect(again.status).toBe(422);
    expect(fieldError(await again.text(), "email")).toBe(T.nl.errors.alreadyInvited);
    ctx.clock.advance(15 * 24 * 3_600_000);
    const link = linkIn(first!.text);
    expect((await new Client(ctx).get(link)).status).toBe(404);
    const token = new URL(link, "http://x").searchParams.get("token")!;
    expect((await new Client(ctx).post(url("nl", "invitation"), { token, decision: "accept", name: "" })).status).toBe(404);
    expect((await membersOf(board.id)).map((m) => m.email)).toEqual(["chair@minerva.nl"]);
    chair = await signedIn(ctx, "chair@minerva.nl"); // the old session has ended by now
    const renewed = await invite();
    expect(renewed.headers.get("location")).toBe(url("nl", "org", { id: org.id }, { done: "invited", email: "late@example.org" }));
    expect((await acceptInvitationMail("late@example.org")).res.status).toBe(303);
    expect((await membersOf(board.id)).map((m) => m.email)).toContain("late@example.org");
  });

  it("a malformed or unknown token is a 404 page, never a 500, and writes nothing", async () => {
    await minerva();
    const before = await counts();
    const c = new Client(ctx);
    for (const token of ["", "x", "a".repeat(43), "%FF", "a".repeat(500)]) {
      // A malformed percent-encoding in the address is a 400 page before any route runs.
      expect((await c.get(`${url("en", "invitation")}?token=${token}`)).status).toBe(token === "%FF" ? 400 : 404);
      expect((await c.post(url("en", "invitation"), { token, decision: "accept", name: "Someone" })).status).toBe(404);
    }
    expect((await c.post(url("en", "invitation"), { token: "a".repeat(43), decision: "maybe" })).status).toBe(404);
    expect(await counts()).toEqual(before);
  });

  it("mails the invitee in their own language, not the inviter's", async () => {
    const { org, board, chair } = await minerva();
    await student("emma@example.org", "en");
    await student("daan@example.org", "nl");
    expect(
      (
        await chair.client.post(
          url("nl", "orgInvite", { id: org.id }),
          inviteForm({ boardId: board.id, email: "emma@example.org", position: "other" }),
        )
      ).status,
    ).toBe(303);
    expect(
      (
        await chair.client.post(
          url("en", "orgInvite", { id: org.id }),
          inviteForm({ boardId: board.id, email: "daan@example.org", position: "other" }),
        )
      ).status,
    ).toBe(303);
    const [emma] = await mailsTo(ctx, "emma@example.org");
    expect(emma).toMatchObject({ lang: "en", subject: T.en.invitations.mail.subject("Minerva") });
    expect(linkIn(emma!.text)).toMatch(/^\/en\/invitation\?token=/);
    const [daan] = await mailsTo(ctx, "daan@example.org");
    expect(daan).toMatchObject({ lang: "nl", subject: T.nl.invitations.mail.subject("Minerva") });
    expect(linkIn(daan!.text)).toMatch(/^\/nl\/uitnodiging\?token=/);
  });

  it("inviting into the incoming board mentions the start date and gives no access before it, even once accepted", async () => {
    const { org, chair } = await minerva();
    const next = await makeBoard(org.id, "2027-09-01");
    await student("emma@example.org", "en");
    expect(
      (
        await chair.client.post(
          url("nl", "orgInvite", { id: org.id }),
          inviteForm({ boardId: next.id, email: "emma@example.org", position: "chair" }),
        )
      ).status,
    ).toBe(303);
    const [mail] = await mailsTo(ctx, "emma@example.org");
    expect(mail!.text).toContain(T.en.invitations.mail.start(formatDate("en", "2027-09-01")));
    expect(mail!.text).toContain("2027-2028");
    // Emma has an account already: accepting seats her, but a link alone never signs in an existing
    // account (it may hold other boards); she signs in as usual and comes back.
    const { res, browser } = await acceptInvitationMail("emma@example.org");
    expect(res.headers.get("location")).toBe(url("en", "signIn", {}, { next: url("en", "dashboard") }));
    expect(browser.cookies.has("vn_session")).toBe(false);
    expect((await membersOf(next.id)).map((m) => m.email)).toEqual(["emma@example.org"]);
    const emma = await signedIn(ctx, "emma@example.org");
    expect(await (await emma.client.get(url("en", "dashboard"))).text()).toContain(
      T.en.org.dashboard.upcomingBoard("Minerva", formatDate("en", "2027-09-01")),
    );
    expect((await emma.client.get(url("en", "org", { id: org.id }))).status).toBe(404);
  });

  it("inviting someone already on the board: 422 'already on this board', nothing written", async () => {
    const { org, board } = await minerva();
    const fellow = await seat(board.id, "fellow@minerva.nl", { position: "treasurer" });
    const chair = await signedIn(ctx, "chair@minerva.nl");
    for (const lang of LANGS) {
      await expectRejected(
        chair.client,
        url(lang, "orgInvite", { id: org.id }),
        inviteForm({ boardId: board.id, email: "FELLOW@minerva.nl", name: "Someone Else", position: "chair" }),
        lang,
        "email",
        "alreadyMember",
        { email: "FELLOW@minerva.nl", name: "Someone Else", boardId: board.id, position: "chair" },
      );
    }
    // Not even the name of the existing account was filled in.
    const [u] = await ctx.db.select().from(users).where(eq(users.id, fellow.user.id));
    expect(u!.name).toBeNull();
    expect(await membersOf(board.id)).toContainEqual(expect.objectContaining({ email: "fellow@minerva.nl", position: "treasurer" }));
  });

  it("inviting into another organisation's board, a past board or an unknown board: 422, nothing written", async () => {
    const { org, chair } = await minerva();
    const other = await makeOrg("Augustinus");
    const otherBoard = await makeBoard(other.id);
    const past = await makeBoard(org.id, "2025-09-01");
    for (const lang of LANGS) {
      for (const boardId of [otherBoard.id, past.id, "00000000-0000-4000-8000-000000000000"]) {
        await expectRejected(
          chair.client,
          url(lang, "orgInvite", { id: org.id }),
          inviteForm({ boardId, email: "intruder@example.org", position: "chair" }),
          lang,
          "boardId",
          "invalidChoice",
          { email: "intruder@example.org" },
        );
      }
    }
    expect(await membersOf(otherBoard.id)).toEqual([]);
    expect(await ctx.db.select().from(users).where(eq(users.email, "intruder@example.org"))).toEqual([]);
  });

  it("rejects bad invite input with localized errors at the field", async () => {
    const { org, board, chair } = await minerva();
    const path = (lang: Lang) => url(lang, "orgInvite", { id: org.id });
    for (const lang of LANGS) {
      await expectRejected(
        chair.client,
        path(lang),
        inviteForm({ boardId: board.id, email: "not-an-email", position: "chair" }),
        lang,
        "email",
        "invalidEmail",
        {
          email: "not-an-email",
        },
      );
      await expectRejected(
        chair.client,
        path(lang),
        inviteForm({ boardId: board.id, email: "", name: "Nina", position: "chair" }),
        lang,
        "email",
        "required",
        {
          name: "Nina",
        },
      );
      await expectRejected(
        chair.client,
        path(lang),
        inviteForm({ boardId: board.id, email: "nina@example.org", position: "emperor" }),
        lang,
        "position",
        "invalidChoice",
        {
          email: "nina@example.org",
        },
      );
    }
  });
});

// ---------- handover ----------

describe("handover to the next board", () => {
  async function setup() {
    const org = await makeOrg("Minerva");
    const current = await makeBoard(org.id, "2026-09-01");
    const old = await seat(current.id, "old@minerva.nl", { name: "Olaf Old" });
    return { org, current, old };
  }

  it("moves access on the start date at midnight Amsterdam time; the organisation's records stay", async () => {
    const { org, old } = await setup();
    const res = await old.client.post(
      url("en", "orgNextBoard", { id: org.id }),
      nextForm({
        startsOn: "2027-09-01",
        email_1: "New1@minerva.nl",
        name_1: "Nora New",
        position_1: "chair",
        email_2: "",
        position_2: "",
        email_3: "new2@minerva.nl",
        position_3: "secretary",
      }),
    );
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(url("en", "org", { id: org.id }, { done: "next" }));
    const next = (
      await ctx.db
        .select()
        .from(boards)
        .where(and(eq(boards.organisationId, org.id), eq(boards.startsOn, "2027-09-01")))
    )[0]!;
    expect(next.year).toBe(2027);
    expect(await invitationsTo(next.id)).toEqual([
      { email: "new1@minerva.nl", position: "chair", status: "pending" },
      { email: "new2@minerva.nl", position: "secretary", status: "pending" },
    ]);
    for (const email of ["new1@minerva.nl", "new2@minerva.nl"]) {
      const [mail] = await mailsTo(ctx, email);
      expect(mail!.template).toBe("org.invited");
      expect(mail!.text).toContain(T[mail!.lang].invitations.mail.start(formatDate(mail!.lang, "2027-09-01")));
      expect((await acceptInvitationMail(email)).res.status).toBe(303);
    }
    expect((await membersOf(next.id)).map((m) => [m.email, m.position])).toEqual([
      ["new1@minerva.nl", "chair"],
      ["new2@minerva.nl", "secretary"],
    ]);
    const oldPage = await (await old.client.get(res.headers.get("location")!)).text();
    expect(oldPage).toContain(T.en.invitations.next.done);
    expect(oldPage).toContain(T.en.org.page.incomingBoard("2027-2028", formatDate("en", "2027-09-01")));
    expect(oldPage).not.toContain(`href="${url("en", "orgNextBoard", { id: org.id })}"`);

    // Before the date: the old board has access, the new board sees a notice but no page.
    const newcomer = await signedIn(ctx, "new1@minerva.nl");
    expect((await newcomer.client.get(url("en", "org", { id: org.id }))).status).toBe(404);
    expect((await newcomer.client.post(url("en", "orgEdit", { id: org.id }), { name: "Taken", kind: "other", lang: "en" })).status).toBe(
      404,
    );
    const dash = await (await newcomer.client.get(url("en", "dashboard"))).text();
    expect(dash).toContain(T.en.org.dashboard.upcomingBoard("Minerva", formatDate("en", "2027-09-01")));
    expect(dash).not.toContain(`href="${url("en", "org", { id: org.id })}"`);
    const nlDash = await (await newcomer.client.get(url("nl", "dashboard"))).text();
    expect(nlDash).toContain(T.nl.org.dashboard.upcomingBoard("Minerva", formatDate("nl", "2027-09-01")));

    const orgBefore = await ctx.db.select().from(organisations).where(eq(organisations.id, org.id));
    const auditBefore = await auditOf(org.id);
    expect(auditBefore.length).toBeGreaterThan(0);

    // 23:59 on 31 August in Amsterdam (21:59 UTC, summer time): still the old board.
    ctx.clock.set("2027-08-31T21:59:00Z");
    let oldC = (await signedIn(ctx, "old@minerva.nl")).client;
    let newC = (await signedIn(ctx, "new1@minerva.nl")).client;
    expect((await oldC.get(url("nl", "org", { id: org.id }))).status).toBe(200);
    expect((await newC.get(url("nl", "org", { id: org.id }))).status).toBe(404);

    // Midnight in Amsterdam (22:00 UTC): access has moved.
    ctx.clock.set("2027-08-31T22:00:00Z");
    oldC = (await signedIn(ctx, "old@minerva.nl")).client;
    newC = (await signedIn(ctx, "new1@minerva.nl")).client;
    const newPage = await newC.get(url("nl", "org", { id: org.id }));
    expect(newPage.status).toBe(200);
    const newHtml = await newPage.text();
    expect(newHtml).toContain(T.nl.org.page.currentBoard("2027-2028"));
    expect(newHtml).toContain("2026-2027"); // the old board is history now
    expect((await oldC.get(url("nl", "org", { id: org.id }))).status).toBe(404);
    expect(
      (await oldC.post(url("nl", "orgInvite", { id: org.id }), inviteForm({ boardId: next.id, email: "x@example.org", position: "chair" })))
        .status,
    ).toBe(404);
    const newDash = await (await newC.get(url("nl", "dashboard"))).text();
    expect(newDash).toContain(`href="${url("nl", "org", { id: org.id })}"`);
    expect(newDash).not.toContain(T.nl.org.dashboard.upcomingBoard("Minerva", formatDate("nl", "2027-09-01")));
    expect(await (await oldC.get(url("nl", "dashboard"))).text()).not.toContain(`href="${url("nl", "org", { id: org.id })}"`);

    expect(await ctx.db.select().from(organisations).where(eq(organisations.id, org.id))).toEqual(orgBefore);
    expect(await auditOf(org.id)).toEqual(auditBefore);
  });

  it("refuses start dates in the past, today or within the current academic year, and bad member rows, in nl and en", async () => {
    const { org, old } = await setup();
    const path = (lang: Lang) => url(lang, "orgNextBoard", { id: org.id });
    const member = { email_1: "new@minerva.nl", position_1: "chair" };
    for (const lang of LANGS) {
      await expectRejected(
        old.client,
        path(lang),
        nextForm({ startsOn: "2026-11-01", ...member }),
        lang,
        "startsOn",
        "dateNotAfterCurrent",
        {
          startsOn: "2026-11-01",
          email_1: "new@minerva.nl",
        },
      );
      await expectRejected(old.client, path(lang), nextForm({ startsOn: TODAY, ...member }), lang, "startsOn", "dateNotAfterCurrent", {
        startsOn: TODAY,
      });
      await expectRejected(old.client, path(lang), nextForm({ startsOn: "2027-06-01", ...member }), lang, "startsOn", "boardExists", {
        startsOn: "2027-06-01",
      });
      await expectRejected(old.client, path(lang), nextForm({ startsOn: "2027-02-30", ...member }), lang, "startsOn", "invalidDate", {
        startsOn: "2027-02-30",
      });
      await expectRejected(old.client, path(lang), nextForm({ startsOn: "", ...member }), lang, "startsOn", "required");
      await expectRejected(old.client, path(lang), nextForm({ startsOn: "2027-09-01", name_1: "Nobody" }), lang, "email_1", "required", {
        startsOn: "2027-09-01",
        name_1: "Nobody",
      });
      await expectRejected(
        old.client,
        path(lang),
        nextForm({ startsOn: "2027-09-01", ...member, email_2: "broken@", position_2: "secretary" }),
        lang,
        "email_2",
        "invalidEmail",
        { email_2: "broken@", email_1: "new@minerva.nl" },
      );
      await expectRejected(
        old.client,
        path(lang),
        nextForm({ startsOn: "2027-09-01", email_1: "new@minerva.nl", position_1: "" }),
        lang,
        "position_1",
        "invalidChoice",
        {
          email_1: "new@minerva.nl",
        },
      );
      await expectRejected(
        old.client,
        path(lang),
        nextForm({ startsOn: "2027-09-01", ...member, email_2: "NEW@minerva.nl", position_2: "secretary" }),
        lang,
        "email_2",
        "alreadyMember",
        { email_2: "NEW@minerva.nl" },
      );
    }
  });

  it("a second next board for an academic year that already has one is refused", async () => {
    const { org, old } = await setup();
    await makeBoard(org.id, "2027-09-01");
    for (const lang of LANGS) {
      await expectRejected(
        old.client,
        url(lang, "orgNextBoard", { id: org.id }),
        nextForm({ startsOn: "2027-10-01", email_1: "x@minerva.nl", position_1: "chair" }),
        lang,
        "startsOn",
        "boardExists",
      );
    }
  });
});

describe("editing the organisation as its board", () => {
  async function setup() {
    const org = await makeOrg("Minerva", { website: "https://minerva.nl" });
    await makeOrg("Augustinus");
    const chair = await seat((await makeBoard(org.id)).id, "chair@minerva.nl");
    return { org, chair };
  }
  const valid = {
    name: "Minerva",
    kind: "student_association",
    faculty: "",
    website: "https://minerva.nl",
    contactUrl: "",
    email: "",
    lang: "nl",
    memberCount: "",
  };

  it("saves changes, audits them and ignores a status sent by a board member", async () => {
    const { org, chair } = await setup();
    const res = await chair.client.post(url("en", "orgEdit", { id: org.id }), {
      ...valid,
      name: "MINERVA",
      memberCount: "900",
      contactUrl: "minerva.nl/contact",
      status: "dissolved",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(url("en", "org", { id: org.id }, { done: "saved" }));
    const [after] = await ctx.db.select().from(organisations).where(eq(organisations.id, org.id));
    expect(after).toMatchObject({ name: "MINERVA", memberCount: 900, contactUrl: "https://minerva.nl/contact", status: "active" });
    const update = (await auditOf(org.id)).find((a) => a.action === "organisation.update");
    expect(update).toMatchObject({ actorId: chair.user.id });
    expect(update!.changes).toMatchObject({ name: { from: "Minerva", to: "MINERVA" }, memberCount: { from: null, to: 900 } });
    expect(update!.changes).not.toHaveProperty("status");
  });

  it("answers 422 with localized errors for bad input and writes nothing", async () => {
    const { org, chair } = await setup();
    const cases: [Record<string, string>, string, ExpectedError, Record<string, string>][] = [
      [{ name: "augustinus" }, "name", "duplicateName", { name: "augustinus" }],
      [{ website: "not a url" }, "website", "invalidUrl", { website: "not a url", name: "Minerva" }],
      [{ email: "no-at-sign" }, "email", "invalidEmail", { email: "no-at-sign" }],
      [{ memberCount: "12.5" }, "memberCount", "invalidNumber", { memberCount: "12.5" }],
      [{ memberCount: "-3" }, "memberCount", "invalidNumber", { memberCount: "-3" }],
      [{ memberCount: "250000" }, "memberCount", ["numberMax", { max: 100_000 }], { memberCount: "250000" }],
      [{ kind: "" }, "kind", "required", { name: "Minerva" }],
      [{ kind: "cult" }, "kind", "invalidChoice", {}],
    ];
    for (const lang of LANGS) {
      for (const [set, field, key, kept] of cases) {
        await expectRejected(chair.client, url(lang, "orgEdit", { id: org.id }), { ...valid, ...set }, lang, field, key, kept);
      }
    }
    const [after] = await ctx.db.select().from(organisations).where(eq(organisations.id, org.id));
    expect(after!.name).toBe("Minerva");
  });
});

describe("removing a board member", () => {
  it("removes a fellow member of the own organisation only, and audits it", async () => {
    const org = await makeOrg("Minerva");
    const board = await makeBoard(org.id);
    const chair = await seat(board.id, "chair@minerva.nl");
    const fellow = await seat(board.id, "fellow@minerva.nl");
    const other = await makeOrg("Augustinus");
    const stranger = await seat((await makeBoard(other.id)).id, "stranger@augustinus.nl");
    // A member id of another organisation, through this organisation's URL: not found.
    expect((await chair.client.post(url("nl", "orgMemberRemove", { id: org.id, memberId: stranger.memberId }))).status).toBe(404);
    expect((await stranger.client.get(url("nl", "org", { id: other.id }))).status).toBe(200);
    const page = await (await chair.client.get(url("nl", "org", { id: org.id }))).text();
    expect(page).toContain(url("nl", "orgMemberRemove", { id: org.id, memberId: fellow.memberId }));
    expect(page).not.toContain(url("nl", "orgMemberRemove", { id: org.id, memberId: chair.memberId }));
    const res = await chair.client.post(url("nl", "orgMemberRemove", { id: org.id, memberId: fellow.memberId }));
    expect(res.status).toBe(303);
    expect((await membersOf(board.id)).map((m) => m.email)).toEqual(["chair@minerva.nl"]);
    // The seat gave access: the removed member's sessions end.
    expect((await fellow.client.get(url("nl", "org", { id: org.id }))).status).toBe(303);
    expect(
      await ctx.db
        .select()
        .from(sessions)
        .where(and(eq(sessions.userId, fellow.user.id), isNull(sessions.endedAt))),
    ).toEqual([]);
    const removal = (await auditOf(org.id)).find((a) => a.action === "board_member.remove");
    expect(removal).toMatchObject({ actorId: chair.user.id, subjectId: fellow.user.id, changes: {} });
    expect(JSON.stringify(removal)).not.toContain("fellow@minerva.nl");
  });
});
