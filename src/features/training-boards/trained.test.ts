import { describe, expect, it } from "vitest";
import { decodeHtml, linkIn, mailsTo, setupApp, signedIn } from "../../../test/helpers/app.js";
import * as fixtures from "../../../test/helpers/fixtures.js";
import { makeOffering } from "../../../test/helpers/trainings.js";
import { url } from "../../routes.js";
import { acceptKeyFigureInvitation, inviteKeyFigure } from "../key-figures/service.js";
import { actorOf } from "../organisations/service.js";
import { attendanceOf, saveAttendance } from "../training-registrations/office.js";
import { register } from "../training-registrations/service.js";

const ctx = setupApp();

/** Invites `email` as a key figure of the organisation through the service; accepts through the mailed link unless `open`. */
async function keyFigure(actor: { id: string; name: string | null; email: string }, orgId: string, email: string, open = false) {
  await inviteKeyFigure(ctx.db, ctx.deps, {
    actor: actorOf(actor),
    orgId,
    input: { email, name: null, role: "peer_listener", note: "introduction week" },
    today: "2026-11-23",
    now: ctx.clock.now(),
  });
  if (open) return;
  const token = new URL(linkIn((await mailsTo(ctx, email))[0]!.text), "http://x").searchParams.get("token")!;
  await acceptKeyFigureInvitation(ctx.db, { token, name: "Pia Peer", lang: "en", now: ctx.clock.now() });
}

/** The rows of the section's table, each as its cells' text. */
function trainedRows(html: string) {
  const section = decodeHtml(html).split('id="trained-this-year"')[1]?.split("</section>")[0] ?? "";
  return [...section.matchAll(/<tr>(.*?)<\/tr>/gs)]
    .slice(1)
    .map((row) => [...row[1]!.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/gs)].map((cell) => cell[1]!.replace(/<[^>]+>/g, "").trim()));
}

describe("who of the board and key figures is trained, on the organisation's page", () => {
  it("lists the current board and the active key figures, each trained this academic year or not, with a link to the trainings", async () => {
    const org = await fixtures.makeOrg(ctx, "Vereniging Alfa");
    const lastYear = await fixtures.makeBoard(ctx, org.id, "2025-09-01");
    await fixtures.seat(ctx, lastYear.id, "old@alfa.example.org", { name: "Olga Old" });
    const board = await fixtures.makeBoard(ctx, org.id);
    const chair = await fixtures.seat(ctx, board.id, "chair@alfa.example.org", { name: "Chris Chair", lang: "en" });
    await fixtures.seat(ctx, board.id, "sec@alfa.example.org", { name: "Sam Secretary", position: "secretary" });
    await keyFigure(chair.user, org.id, "peer@alfa.example.org");
    await keyFigure(chair.user, org.id, "invited@alfa.example.org", true);

    const { offering, sessions } = await makeOffering(ctx, { capacity: 5, audiences: ["board_members", "key_figures"] });
    const signUp = (people: string[], year: number) =>
      register(ctx.db, ctx.deps, {
        offeringId: offering.id,
        sessionId: sessions[0]!.id,
        orgId: org.id,
        actorId: chair.user.id,
        year,
        participants: people.map((email) => ({ name: email, email, role: "" })),
        idempotencyKey: null,
        lang: "en",
        now: ctx.clock.now(),
      });
    // This year: the chair (the address typed in capitals) and the key figure; the secretary only last year.
    const reg = await signUp(["CHAIR@alfa.example.org", "peer@alfa.example.org"], 2026);
    const other = await makeOffering(ctx, { slug: "last-year", capacity: 5 });
    await register(ctx.db, ctx.deps, {
      offeringId: other.offering.id,
      sessionId: other.sessions[0]!.id,
      orgId: org.id,
      actorId: chair.user.id,
      year: 2025,
      participants: [{ name: "Sam", email: "sec@alfa.example.org", role: "" }],
      idempotencyKey: null,
      lang: "en",
      now: ctx.clock.now(),
    });
    expect(reg!.registration.status).toBe("confirmed");

    // Before the date, a confirmed place is no training yet.
    const before = await (await chair.client.get(url("en", "org", { id: org.id }))).text();
    expect(trainedRows(before).map((r) => r[2])).toEqual(["Not yet", "Not yet", "Not yet"]);
    ctx.clock.set(new Date(sessions[0]!.startsAt.getTime() + 3_600_000));
    const { client } = await signedIn(ctx, "chair@alfa.example.org"); // signed in again after the clock's jump
    chair.client = client;
    const page = await (await chair.client.get(url("en", "org", { id: org.id }))).text();
    expect(page).toContain('<caption id="trained-caption">Board and key figures, trained in 2026-2027</caption>');
    expect(page).toContain('<th scope="col">Trained</th>');
    expect(trainedRows(page)).toEqual([
      ["Chris Chair (chair@alfa.example.org)", "Chair (board)", "Yes"],
      ["Sam Secretary (sec@alfa.example.org)", "Secretary (board)", "Not yet"],
      ["Pia Peer (peer@alfa.example.org)", "Peer listener: introduction week (key figure)", "Yes"],
    ]);
    const section = page.split('id="trained-this-year"')[1]!;
    expect(section).toContain(`href="${url("en", "orgTrainings", { id: org.id })}"`);
    // Last year's board and an open invitation are not listed.
    expect(page).not.toContain("invited@alfa.example.org</th>");
    expect(section).not.toContain("Olga Old");

    // Recorded absent: not trained (as the office's count has it); the chair, recorded present, still is.
    const people = await attendanceOf(ctx.db, offering, sessions[0]!.id);
    const present = people.filter((p) => p.email === "CHAIR@alfa.example.org").map((p) => p.id);
    await saveAttendance(ctx.db, { o: offering, sessionId: sessions[0]!.id, present, actorId: chair.user.id });
    const after = trainedRows(await (await chair.client.get(url("nl", "org", { id: org.id }))).text());
    expect(after.map((r) => r[2])).toEqual(["Ja", "Nog niet", "Nog niet"]);
    expect(after[2]![1]).toBe("Vertrouwelijk luisteraar: introduction week (sleutelfiguur)");
  });

  it("shows a member without a name by their address, and nobody as trained without a registration", async () => {
    const org = await fixtures.makeOrg(ctx, "Vereniging Beta");
    const board = await fixtures.makeBoard(ctx, org.id);
    const chair = await fixtures.seat(ctx, board.id, "chair@beta.example.org");
    const page = decodeHtml(await (await chair.client.get(url("en", "org", { id: org.id }))).text());
    expect(trainedRows(page)).toEqual([["chair@beta.example.org", "Chair (board)", "Not yet"]]);
    expect(page).toContain("Trained this academic year");
  });
});
