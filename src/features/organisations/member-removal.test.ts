import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { decodeHtml, mailsTo, setupApp, signedIn } from "../../../test/helpers/app.js";
import * as fixtures from "../../../test/helpers/fixtures.js";
import { catalogs } from "../../catalogs.js";
import { outbox } from "../../core/mail/schema.js";
import { url } from "../../routes.js";
import { boardMembers } from "./schema.js";

const ctx = setupApp();
const T = catalogs;

async function setup() {
  const org = await fixtures.makeOrg(ctx, "Minerva");
  const board = await fixtures.makeBoard(ctx, org.id);
  const chair = await fixtures.seat(ctx, board.id, "chair@minerva.nl", { name: "Cato Chair", position: "chair" });
  const fellow = await fixtures.seat(ctx, board.id, "fellow@minerva.nl", { name: "Fenna Fellow", position: "treasurer", lang: "en" });
  const third = await fixtures.seat(ctx, board.id, "third@minerva.nl", { name: "Timo Third", position: "secretary" });
  return { org, board, chair, fellow, third };
}

const seats = (boardId: string) => ctx.db.select().from(boardMembers).where(eq(boardMembers.boardId, boardId));
const text = async (res: Response) => decodeHtml(await res.text());

describe("removing a board member asks first and says who was removed", () => {
  it("the board's button opens a page that says who, changes nothing, and only its POST removes", async () => {
    const { org, board, chair, fellow } = await setup();
    const confirm = url("en", "orgMemberRemove", { id: org.id, memberId: fellow.memberId });
    const boardPage = await (await chair.client.get(url("en", "org", { id: org.id }))).text();
    // A link (GET), not a form that removes at once.
    expect(boardPage).toContain(`<a class="button danger" href="${confirm}">`);
    expect(boardPage).not.toMatch(new RegExp(`<form method="post" action="${confirm}"`));

    const page = await chair.client.get(confirm);
    expect(page.status).toBe(200);
    const html = await text(page);
    expect(html).toContain(`<h1>${T.en.org.page.removeTitle("Fenna Fellow (fellow@minerva.nl)")}</h1>`);
    expect(html).toContain(T.en.org.positions.treasurer);
    expect(html).toContain("Minerva, 2026-2027");
    expect(html).toContain(`<form method="post" action="${confirm}"`);
    expect(html).toContain(T.en.org.page.removeConfirm("Fenna Fellow"));
    expect(html).toContain(`href="${url("en", "org", { id: org.id })}"`);
    // Looking changes nothing: the seat stays and nobody is mailed.
    expect(await seats(board.id)).toHaveLength(3);
    expect(await ctx.db.select().from(outbox)).toEqual([]);

    const res = await chair.client.post(confirm);
    expect(res.status).toBe(303);
    const back = res.headers.get("location")!;
    expect(back).toBe(url("en", "org", { id: org.id }, { done: "removed", member: fellow.memberId }));
    expect(await seats(board.id)).toHaveLength(2);
    const after = await text(await chair.client.get(back));
    expect(after).toContain(T.en.org.page.removedWho("Fenna Fellow (fellow@minerva.nl)"));
  });

  it("tells the rest of the board by mail, each in their own language, and the removed member too", async () => {
    const { org, chair, fellow } = await setup();
    await chair.client.post(url("nl", "orgMemberRemove", { id: org.id, memberId: fellow.memberId }));
    for (const [email, lang] of [
      ["chair@minerva.nl", "nl"],
      ["third@minerva.nl", "nl"],
      ["fellow@minerva.nl", "en"],
    ] as const) {
      const mails = (await mailsTo(ctx, email)).filter((m) => m.template === "org.board-change");
      expect(mails, email).toHaveLength(1);
      expect(mails[0]!.lang, email).toBe(lang);
      const line = T[lang].org.mail.changeRemoved(
        "Cato Chair (chair@minerva.nl)",
        "Fenna Fellow (fellow@minerva.nl)",
        T[lang].org.positions.treasurer,
      );
      expect(mails[0]!.text, email).toContain(line);
    }
  });

  it("is not offered for oneself, another organisation's member, or a chair by a non-chair", async () => {
    const { org, chair, fellow } = await setup();
    const other = await fixtures.makeOrg(ctx, "Augustinus");
    const stranger = await fixtures.seat(ctx, (await fixtures.makeBoard(ctx, other.id)).id, "stranger@augustinus.nl");
    expect((await chair.client.get(url("en", "orgMemberRemove", { id: org.id, memberId: chair.memberId }))).status).toBe(404);
    expect((await chair.client.get(url("en", "orgMemberRemove", { id: org.id, memberId: stranger.memberId }))).status).toBe(404);
    expect((await fellow.client.get(url("en", "orgMemberRemove", { id: org.id, memberId: chair.memberId }))).status).toBe(403);
    expect((await stranger.client.get(url("en", "orgMemberRemove", { id: org.id, memberId: fellow.memberId }))).status).toBe(404);
  });

  it("the office asks in its own pages and comes back to the office's page of the organisation, naming who went", async () => {
    const { org, board, third } = await setup();
    const { client } = await signedIn(ctx, "office@example.org", { staffRole: "staff", name: "Olga Office" });
    const confirm = url("nl", "orgMemberRemove", { id: org.id, memberId: third.memberId });
    expect(await (await client.get(url("nl", "staffOrg", { id: org.id }))).text()).toContain(`href="${confirm}"`);
    const page = await text(await client.get(confirm));
    expect(page).toContain('class="subnav"');
    expect(page).toContain(T.nl.org.page.removeTitle("Timo Third (third@minerva.nl)"));
    expect(page).toContain(`href="${url("nl", "staffOrg", { id: org.id })}"`);
    const res = await client.post(confirm);
    expect(res.headers.get("location")).toBe(url("nl", "staffOrg", { id: org.id }, { done: "removed", member: third.memberId }));
    expect(await text(await client.get(res.headers.get("location")!))).toContain(T.nl.org.page.removedWho("Timo Third (third@minerva.nl)"));
    expect((await seats(board.id)).map((s) => s.id)).not.toContain(third.memberId);
  });

  it("names nobody for a member id that was not removed from this organisation", async () => {
    const { org, chair, fellow } = await setup();
    const html = await text(await chair.client.get(url("en", "org", { id: org.id }, { done: "removed", member: fellow.memberId })));
    expect(html).toContain(T.en.org.page.removed);
    expect(html).not.toContain("Fenna Fellow (fellow@minerva.nl) has been removed");
  });
});
