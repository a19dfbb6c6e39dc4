import { count } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { errorMessage, fieldError, setupApp, signedIn } from "../../../test/helpers/app.js";
import * as fixtures from "../../../test/helpers/fixtures.js";
import { LANGS } from "../../core/i18n/index.js";
import { url } from "../../routes.js";
import { orgRequests } from "../org-requests/schema.js";
import { organisations } from "./schema.js";

const ctx = setupApp();

/** The fields the error summary links to, in its order. */
const summaryOrder = (html: string) =>
  [...(html.match(/<div class="error-summary"[\s\S]*?<\/div>/)?.[0] ?? "").matchAll(/href="#f-([^"]+)"/g)].map((m) => m[1]);

const orgForm = (o: Record<string, string>) => ({
  name: "Quadrivium",
  kind: "study_association",
  faculty: "",
  website: "",
  contactUrl: "",
  email: "",
  lang: "nl",
  memberCount: "",
  ...o,
});

const rows = async () => ({
  organisations: (await ctx.db.select({ n: count() }).from(organisations))[0]!.n,
  requests: (await ctx.db.select({ n: count() }).from(orgRequests))[0]!.n,
});

describe("organisation forms report every error at once, in the order of their fields", () => {
  it("a name in use shows together with the other errors, on every form with the organisation's details", async () => {
    await fixtures.makeOrg(ctx, "Minerva");
    const quadrivium = await fixtures.makeOrg(ctx, "Quadrivium");
    const board = await fixtures.makeBoard(ctx, quadrivium.id);
    const chair = await fixtures.seat(ctx, board.id, "chair@quadrivium.nl");
    const office = await signedIn(ctx, "office@example.org", { staffRole: "staff" });
    const student = await signedIn(ctx, "student@example.org");
    const bad = { name: "MINERVA", website: "not a url", memberCount: "0" };
    for (const lang of LANGS) {
      const forms: [string, typeof chair.client, string, Record<string, string>][] = [
        ["board's edit", chair.client, url(lang, "orgEdit", { id: quadrivium.id }), orgForm(bad)],
        ["office's new", office.client, url(lang, "staffOrgNew"), orgForm({ ...bad, status: "active" })],
        ["office's edit", office.client, url(lang, "staffOrgEdit", { id: quadrivium.id }), orgForm({ ...bad, status: "active" })],
        ["registration", student.client, url(lang, "orgRegister"), orgForm({ ...bad, position: "chair", message: "" })],
      ];
      for (const [label, client, path, form] of forms) {
        const before = await rows();
        const res = await client.post(path, form);
        expect(res.status, label).toBe(422);
        const html = await res.text();
        expect(fieldError(html, "name"), label).toBe(errorMessage(lang, "duplicateName"));
        expect(fieldError(html, "website"), label).toBe(errorMessage(lang, "invalidUrl"));
        expect(fieldError(html, "memberCount"), label).toBe(lang === "en" ? "At least 1." : "Minimaal 1.");
        expect(summaryOrder(html), label).toEqual(["name", "website", "memberCount"]);
        expect(await rows(), label).toEqual(before);
      }
    }
  });

  it("the join form lists its errors in its own order: organisation, position, note", async () => {
    const student = await signedIn(ctx, "student@example.org");
    const res = await student.client.post(url("en", "orgJoin"), { organisationId: "", position: "", message: "x".repeat(1001) });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(summaryOrder(html)).toEqual(["organisationId", "position", "message"]);
    expect(fieldError(html, "message")).toBe("At most 1,000 characters.");
  });
});
