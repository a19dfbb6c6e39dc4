/**
 * Lists sort by what people read (names, in the order a reader expects: "alpha" before "Beta",
 * "Émile" before "zeta"), never by code point, a URL slug or an id; and the handovers page names
 * each board it shows for what it is.
 */
import { describe, expect, it } from "vitest";
import { catalogs } from "../src/catalogs.js";
import { formatDate } from "../src/core/i18n/index.js";
import { users } from "../src/features/auth/schema.js";
import { requestRegistration } from "../src/features/org-requests/service.js";
import { boardMembers } from "../src/features/organisations/schema.js";
import { placeOrder } from "../src/features/roadmap-print/service.js";
import { url } from "../src/routes.js";
import { decodeHtml, setupApp, signedIn } from "./helpers/app.js";
import * as fixtures from "./helpers/fixtures.js";

const ctx = setupApp();
const T = catalogs;

/** Names in a reader's order, created in another order (and with ids and slugs that sort otherwise). */
const NAMES = ["Émile Zola Kring", "alpha", "Zeta", "Beta", "émeraude"];
const READ = ["alpha", "Beta", "émeraude", "Émile Zola Kring", "Zeta"];

/** Where each of `names` first appears in `html`, in that order of appearance. */
const order = (html: string, names: string[]) =>
  names
    .map((n) => ({ n, at: html.indexOf(`>${n}<`) }))
    .filter((x) => x.at >= 0)
    .sort((a, b) => a.at - b.at)
    .map((x) => x.n);

const office = () => signedIn(ctx, "office@example.org", { staffRole: "admin", name: "Olga Office" });

describe("lists sort by the names people read", () => {
  it("the office's organisations, the handovers and the dashboard", async () => {
    const board = await signedIn(ctx, "chair@example.org");
    for (const name of NAMES) {
      const org = await fixtures.makeOrg(ctx, name);
      const current = await fixtures.makeBoard(ctx, org.id, "2026-09-01");
      await ctx.db.insert(boardMembers).values({ boardId: current.id, userId: board.user.id, position: "chair" });
      // Every one with a next board on the same day: the handovers list them by name.
      await fixtures.makeBoard(ctx, org.id, "2027-09-01");
    }
    const { client } = await office();
    expect(order(decodeHtml(await (await client.get(url("en", "staffOrgs"))).text()), NAMES)).toEqual(READ);
    expect(order(decodeHtml(await (await client.get(url("en", "staffHandovers"))).text()), NAMES)).toEqual(READ);
    expect(order(decodeHtml(await (await board.client.get(url("nl", "dashboard"))).text()), NAMES)).toEqual(READ);
  });

  it("organisations without a new board, on the handovers page", async () => {
    for (const name of NAMES) await fixtures.makeBoard(ctx, (await fixtures.makeOrg(ctx, name)).id, "2025-09-01");
    const { client } = await office();
    expect(order(decodeHtml(await (await client.get(url("nl", "staffHandovers"))).text()), NAMES)).toEqual(READ);
  });

  it("office accounts by name (an account without one by its address), not by address", async () => {
    const { client } = await office();
    for (const [email, name] of [
      ["a.zeta@example.org", "Zeta"],
      ["b.emile@example.org", "Émile Zola Kring"],
      ["c.alpha@example.org", "alpha"],
      ["d@example.org", null],
    ] as const)
      await ctx.db.insert(users).values({ email, name, staffRole: "staff" });
    const html = decodeHtml(await (await client.get(url("en", "staffUsers"))).text());
    expect(order(html, ["Zeta", "Émile Zola Kring", "alpha", "d@example.org", "Olga Office"])).toEqual([
      "alpha",
      "d@example.org",
      "Émile Zola Kring",
      "Olga Office",
      "Zeta",
    ]);
  });

  it("a board's members: the chair first, then by position, then by name", async () => {
    const org = await fixtures.makeOrg(ctx, "Minerva");
    const board = await fixtures.makeBoard(ctx, org.id);
    await fixtures.seat(ctx, board.id, "t@minerva.nl", { name: "Tara Treasurer", position: "treasurer" });
    await fixtures.seat(ctx, board.id, "z@minerva.nl", { name: "Zora Other", position: "other" });
    await fixtures.seat(ctx, board.id, "a@minerva.nl", { name: "anna Other", position: "other" });
    const chair = await fixtures.seat(ctx, board.id, "c@minerva.nl", { name: "Cas Chair", position: "chair" });
    await fixtures.seat(ctx, board.id, "s@minerva.nl", { name: "Sem Secretary", position: "secretary" });
    const html = decodeHtml(await (await chair.client.get(url("en", "org", { id: org.id }))).text());
    expect(order(html, ["Tara Treasurer", "Zora Other", "anna Other", "Cas Chair", "Sem Secretary"])).toEqual([
      "Cas Chair",
      "Sem Secretary",
      "Tara Treasurer",
      "anna Other",
      "Zora Other",
    ]);
  });

  it("the order queue: oldest first, and orders of the same moment by organisation, not by reference", async () => {
    // Signed in and to a trusted address (no `accountEmail`): new at once, all at the test clock's moment.
    const { user } = await signedIn(ctx, "mila@example.org");
    for (const name of NAMES)
      await placeOrder(ctx.db, ctx.deps, {
        input: {
          organisationName: name,
          contactName: "Mila",
          email: "mila@example.org",
          quantityNl: 10,
          quantityEn: 0,
          street: "Breestraat 1",
          postcode: "2311 CS",
          city: "Leiden",
          country: "NL",
          note: null,
        },
        lang: "nl",
        userId: user.id,
        organisationId: null,
        now: ctx.clock.now(),
      });
    const { client } = await office();
    expect(order(decodeHtml(await (await client.get(url("en", "staffOrders"))).text()), NAMES)).toEqual(READ);
  });

  it("open requests of the same moment by the organisation proposed", async () => {
    for (const [i, name] of NAMES.entries()) {
      const { user } = await signedIn(ctx, `student${i}@example.org`);
      await requestRegistration(ctx.db, ctx.deps, { user, data: { name, kind: "other", lang: "nl" }, position: "chair", message: null });
    }
    const { client } = await office();
    const html = decodeHtml(await (await client.get(url("en", "staffRequests"))).text());
    expect(order(html.replaceAll(`${T.en.requests.staff.requestRegister}: `, ">"), NAMES)).toEqual(READ);
  });
});

describe("the handovers page", () => {
  it("names the current and the incoming board for what they are", async () => {
    const org = await fixtures.makeOrg(ctx, "Minerva");
    const current = await fixtures.makeBoard(ctx, org.id, "2026-09-01");
    await fixtures.seat(ctx, current.id, "one@minerva.nl");
    await fixtures.seat(ctx, current.id, "two@minerva.nl");
    const incoming = await fixtures.makeBoard(ctx, org.id, "2027-09-01");
    await fixtures.seat(ctx, incoming.id, "three@minerva.nl");
    const { client } = await office();
    for (const lang of ["nl", "en"] as const) {
      const s = T[lang].org.staff;
      const html = decodeHtml(await (await client.get(url(lang, "staffHandovers"))).text());
      const table = html.slice(html.indexOf(`<h2>${s.upcoming}</h2>`), html.indexOf(`<h2>${s.overdue}</h2>`));
      const heads = [...table.matchAll(/<th scope="col">([^<]*)<\/th>/g)].map((m) => m[1]);
      expect(heads).toEqual([T[lang].org.fields.organisation, s.currentBoard, s.incomingBoard, s.startsOn]);
      const cells = [...table.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ""));
      expect(cells).toEqual(["Minerva", `2026-2027 · ${s.members(2)}`, `2027-2028 · ${s.members(1)}`, formatDate(lang, "2027-09-01")]);
    }
  });
});
