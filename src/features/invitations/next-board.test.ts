import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { decodeHtml, errorMessage, fieldError, setupApp } from "../../../test/helpers/app.js";
import * as fixtures from "../../../test/helpers/fixtures.js";
import { catalogs } from "../../catalogs.js";
import { LANGS } from "../../core/i18n/index.js";
import { url } from "../../routes.js";
import { boards } from "../organisations/schema.js";
import { NEXT_BOARD_MAX_ROWS, NEXT_BOARD_ROWS } from "./forms.js";
import { boardInvitations } from "./schema.js";

const ctx = setupApp();
const T = catalogs;

/** Every field of the form as a browser sends it (`rows` rows), with the test's values over them. */
function nextForm(o: Record<string, string>, rows = NEXT_BOARD_ROWS) {
  const form: Record<string, string> = { rows: String(rows), startsOn: "" };
  for (let i = 1; i <= rows; i++) Object.assign(form, { [`email_${i}`]: "", [`name_${i}`]: "", [`position_${i}`]: "" });
  return { ...form, ...o };
}

/** The fields the error summary links to, in its order. */
const summaryOrder = (html: string) =>
  [...(html.match(/<div class="error-summary"[\s\S]*?<\/div>/)?.[0] ?? "").matchAll(/href="#f-([^"]+)"/g)].map((m) => m[1]);

/** The value an input shows (decoded), or undefined when the page has no such input. */
const shown = (html: string, name: string) => {
  const tag = html.match(new RegExp(`<input[^>]*name="${name}"[^>]*>`))?.[0];
  return tag === undefined ? undefined : decodeHtml(tag.match(/value="([^"]*)"/)?.[1] ?? "");
};

async function setup() {
  const org = await fixtures.makeOrg(ctx, "Minerva");
  const current = await fixtures.makeBoard(ctx, org.id, "2026-09-01");
  const chair = await fixtures.seat(ctx, current.id, "chair@minerva.nl", { name: "Cato Chair" });
  return { org, chair };
}

const written = async () => ({
  boards: (await ctx.db.select({ n: count() }).from(boards))[0]!.n,
  invitations: (await ctx.db.select({ n: count() }).from(boardInvitations))[0]!.n,
});

describe("the next-board form", () => {
  it("adds rows beyond the first seven without JavaScript, keeping what was typed, and invites the extra rows", async () => {
    const { org, chair } = await setup();
    const path = url("en", "orgNextBoard", { id: org.id });
    const first = await (await chair.client.get(path)).text();
    expect(shown(first, `email_${NEXT_BOARD_ROWS}`)).toBe("");
    expect(shown(first, `email_${NEXT_BOARD_ROWS + 1}`)).toBeUndefined();
    expect(first).toContain(`name="addRow"`);
    expect(first).toContain(T.en.invitations.next.addRow);
    // The answer comes back at the new row.
    expect(first).toContain(`formaction="${path}#f-email_${NEXT_BOARD_ROWS + 1}"`);

    const before = await written();
    const typed = {
      startsOn: "2027-09-01",
      email_1: "one@minerva.nl",
      name_1: "Ona One",
      position_1: "chair",
      email_7: "seven@minerva.nl",
    };
    const more = await chair.client.post(path, nextForm({ ...typed, addRow: "1" }));
    expect(more.status).toBe(200);
    const html = await more.text();
    expect(shown(html, "rows")).toBe(String(NEXT_BOARD_ROWS + 1));
    expect(shown(html, `email_${NEXT_BOARD_ROWS + 1}`)).toBe("");
    for (const [name, value] of Object.entries(typed).filter(([n]) => n !== "position_1")) expect(shown(html, name), name).toBe(value);
    expect(html).toContain(`<option value="chair" selected="">`);
    // No errors for a form not sent yet.
    expect(html).not.toContain("error-summary");
    expect(await written()).toEqual(before);

    const rows = NEXT_BOARD_ROWS + 1;
    const res = await chair.client.post(
      path,
      nextForm({ ...typed, position_7: "secretary", email_8: "eight@minerva.nl", name_8: "Acht", position_8: "treasurer" }, rows),
    );
    expect(res.status).toBe(303);
    const emails = (await ctx.db.select().from(boardInvitations)).map((i) => i.email).sort();
    expect(emails).toEqual(["eight@minerva.nl", "one@minerva.nl", "seven@minerva.nl"]);
  });

  it("offers rows up to the invitation limit, and no more", async () => {
    const { org, chair } = await setup();
    const path = url("nl", "orgNextBoard", { id: org.id });
    const full = await (await chair.client.post(path, nextForm({ addRow: "1" }, NEXT_BOARD_MAX_ROWS))).text();
    expect(shown(full, "rows")).toBe(String(NEXT_BOARD_MAX_ROWS));
    expect(shown(full, `email_${NEXT_BOARD_MAX_ROWS}`)).toBe("");
    expect(shown(full, `email_${NEXT_BOARD_MAX_ROWS + 1}`)).toBeUndefined();
    expect(full).not.toContain(`name="addRow"`);
  });

  it("reports a start date in the past together with every other error, in the order of the fields, naming limits", async () => {
    const { org, chair } = await setup();
    for (const lang of LANGS) {
      const before = await written();
      const res = await chair.client.post(
        url(lang, "orgNextBoard", { id: org.id }),
        nextForm({
          startsOn: "2026-10-01",
          email_1: "one@minerva.nl",
          position_1: "",
          email_2: "broken@",
          position_2: "secretary",
          email_3: "three@minerva.nl",
          name_3: "x".repeat(121),
          position_3: "other",
        }),
      );
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(fieldError(html, "startsOn")).toBe(errorMessage(lang, "dateNotAfterCurrent"));
      expect(fieldError(html, "position_1")).toBe(errorMessage(lang, "invalidChoice"));
      expect(fieldError(html, "email_2")).toBe(errorMessage(lang, "invalidEmail"));
      expect(fieldError(html, "name_3")).toBe(lang === "en" ? "At most 120 characters." : "Maximaal 120 tekens.");
      expect(summaryOrder(html)).toEqual(["startsOn", "position_1", "email_2", "name_3"]);
      expect(await written()).toEqual(before);
    }
  });

  it("reports a start date in the current academic year together with the other errors", async () => {
    const { org, chair } = await setup();
    const res = await chair.client.post(
      url("en", "orgNextBoard", { id: org.id }),
      nextForm({ startsOn: "2027-06-01", email_1: "one@minerva.nl", position_1: "" }),
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(fieldError(html, "startsOn")).toBe(errorMessage("en", "boardExists"));
    expect(fieldError(html, "position_1")).toBe(errorMessage("en", "invalidChoice"));
    expect(await ctx.db.select().from(boards).where(eq(boards.startsOn, "2027-06-01"))).toEqual([]);
  });
});

describe("the invite form", () => {
  it("reports the board's rules (already on the board, the chair's seat) together with its other errors, in field order", async () => {
    const { org, chair } = await setup();
    const [board] = await ctx.db.select().from(boards);
    const fellow = await fixtures.seat(ctx, board!.id, "fellow@minerva.nl", { position: "secretary" });
    for (const lang of LANGS) {
      const before = await written();
      const res = await chair.client.post(url(lang, "orgInvite", { id: org.id }), {
        boardId: board!.id,
        email: "Chair@Minerva.nl",
        name: "x".repeat(121),
        position: "treasurer",
      });
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(fieldError(html, "email")).toBe(errorMessage(lang, "alreadyMember"));
      expect(fieldError(html, "name")).toBe(errorMessage(lang, ["maxLength", { max: 120 }]));
      expect(summaryOrder(html)).toEqual(["email", "name"]);
      // A fellow who is not the chair may not invite a chair when the board has one.
      const notChair = await fellow.client.post(url(lang, "orgInvite", { id: org.id }), {
        boardId: board!.id,
        email: "new@minerva.nl",
        name: "",
        position: "chair",
      });
      expect(notChair.status).toBe(422);
      expect(fieldError(await notChair.text(), "position")).toBe(errorMessage(lang, "chairOnly"));
      const both = await fellow.client.post(url(lang, "orgInvite", { id: org.id }), {
        boardId: board!.id,
        email: "broken@",
        name: "",
        position: "chair",
      });
      const bothHtml = await both.text();
      expect(fieldError(bothHtml, "email")).toBe(errorMessage(lang, "invalidEmail"));
      expect(fieldError(bothHtml, "position")).toBe(errorMessage(lang, "chairOnly"));
      expect(summaryOrder(bothHtml)).toEqual(["email", "position"]);
      expect(await written()).toEqual(before);
    }
  });
});
