import { describe, expect, it } from "vitest";
import { decodeHtml, linkIn, mailsTo, setupApp, signedIn } from "../../../test/helpers/app.js";
import * as fixtures from "../../../test/helpers/fixtures.js";
import { url } from "../../routes.js";
import { actorOf } from "../organisations/service.js";
import {
  acceptKeyFigureInvitation,
  activeKeyFigure,
  inviteKeyFigure,
  type KeyFigureRole,
  keyFiguresOf,
  removeKeyFigure,
} from "./service.js";

const ctx = setupApp();

/** An organisation with a current board and its chair. */
async function org(name: string) {
  const o = await fixtures.makeOrg(ctx, name);
  const board = await fixtures.makeBoard(ctx, o.id);
  const chair = await fixtures.seat(ctx, board.id, `chair@${name.toLowerCase()}.example.org`, { name: "Chris Chair" });
  return { org: o, chair };
}

/** Invites through the service; accepts through the mailed link when `accept` names who accepts. */
async function invite(who: Awaited<ReturnType<typeof org>>, email: string, role: KeyFigureRole, note: string | null, accept?: string) {
  await inviteKeyFigure(ctx.db, ctx.deps, {
    actor: actorOf(who.chair.user),
    orgId: who.org.id,
    input: { email, name: null, role, note },
    today: "2026-11-23",
    now: ctx.clock.now(),
  });
  if (accept === undefined) return;
  const token = new URL(linkIn((await mailsTo(ctx, email))[0]!.text), "http://x").searchParams.get("token")!;
  await acceptKeyFigureInvitation(ctx.db, { token, name: accept, lang: "nl", now: ctx.clock.now() });
}

/** The rows of the office page's key-figures table, each as its cells' text. */
function keyFigureRows(html: string) {
  const section = decodeHtml(html).split('id="org-key-figures"')[1]?.split("</section>")[0] ?? "";
  return [...section.matchAll(/<tr>(.*?)<\/tr>/gs)]
    .slice(1)
    .map((row) => [...row[1]!.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/gs)].map((cell) => cell[1]!.replace(/<[^>]+>/g, "").trim()));
}

describe("key figures on the office's organisation page", () => {
  it("lists the organisation's key figures and invitations with role and status, without the board's note on the role", async () => {
    const alfa = await org("Alfa");
    const beta = await org("Beta");
    await invite(alfa, "peer@alfa.example.org", "peer_listener", "introduction week", "Pia Peer");
    await invite(alfa, "cc@alfa.example.org", "committee_chair", null);
    await invite(alfa, "gone@alfa.example.org", "confidential_contact", null, "Gus Gone");
    const gone = (await keyFiguresOf(ctx.db, alfa.org.id, ctx.clock.now())).find((k) => k.email === "gone@alfa.example.org")!;
    expect(await activeKeyFigure(ctx.db, alfa.org.id, gone.id)).not.toBeNull();
    await removeKeyFigure(ctx.db, ctx.deps, {
      actor: actorOf(alfa.chair.user),
      orgId: alfa.org.id,
      keyFigureId: gone.id,
      now: ctx.clock.now(),
    });
    await invite(beta, "other@beta.example.org", "other", "treasurer of the bar");

    const { client } = await signedIn(ctx, "office@example.org", { staffRole: "staff" });
    const page = decodeHtml(await (await client.get(url("en", "staffOrg", { id: alfa.org.id }))).text());
    expect(page).toContain('<h2 id="org-key-figures">Key figures</h2>');
    expect(page).toContain('<caption id="org-key-figures-caption" class="visually-hidden">Key figures and invitations</caption>');
    // Active and open first, then what ended (until the retention rule deletes it); another organisation's never.
    expect(keyFigureRows(page)).toEqual([
      ["Pia Peer (peer@alfa.example.org)", "Peer listener", "Active · since 23 November 2026"],
      ["cc@alfa.example.org", "Committee chair", "Invited · valid until 7 December 2026"],
      ["Gus Gone (gone@alfa.example.org)", "Confidential contact", "Removed"],
    ]);
    expect(page).not.toContain("introduction week");
    expect(page).not.toContain("other@beta.example.org");

    // In Dutch, and for an organisation without any: says so.
    const nl = decodeHtml(await (await client.get(url("nl", "staffOrg", { id: alfa.org.id }))).text());
    expect(keyFigureRows(nl)[0]).toEqual([
      "Pia Peer (peer@alfa.example.org)",
      "Vertrouwelijk luisteraar",
      "Actief · sinds 23 november 2026",
    ]);
    const none = await fixtures.makeOrg(ctx, "Gamma");
    const empty = decodeHtml(await (await client.get(url("en", "staffOrg", { id: none.id }))).text());
    expect(empty.split('id="org-key-figures"')[1]).toContain("There are no key figures yet.");
    expect(keyFigureRows(empty)).toEqual([]);
  });
});
