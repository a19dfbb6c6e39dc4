import { describe, expect, it } from "vitest";
import { decodeHtml, setupApp, signedIn } from "../../test/helpers/app.js";
import { subsidyApplications } from "../features/subsidies/schema.js";
import { url } from "../routes.js";
import { DEMO_ACCOUNTS, seedDemoIfEmpty } from "./seed.js";

const ctx = setupApp();

describe("the demo's subsidies", () => {
  it("has the criteria with example values in both languages and applications in four states", async () => {
    expect(await seedDemoIfEmpty(ctx.db, ctx.deps.env, ctx.clock.now())).toBe(true);
    const apps = await ctx.db.select().from(subsidyApplications);
    expect(apps.map((a) => a.status).sort()).toEqual(["approved", "draft", "info_requested", "submitted"]);
    expect(
      apps
        .filter((a) => a.reference)
        .map((a) => a.reference)
        .sort(),
    ).toEqual(["S-2026-001", "S-2026-002", "S-2026-003"]);
    const nl = decodeHtml(await (await ctx.app.request(url("nl", "subsidies"))).text());
    expect(nl).toContain("Voorbeeldbedragen: hoogstens € 1.000 per aanvraag");
    const en = decodeHtml(await (await ctx.app.request(url("en", "subsidies"))).text());
    expect(en).toContain("Example amounts: at most €1,000 per application");
    // The demo board sees its draft.
    const { client } = await signedIn(ctx, DEMO_ACCOUNTS.board.email);
    const kompas = apps.find((a) => a.status === "draft")!;
    const list = decodeHtml(await (await client.get(url("nl", "orgSubsidies", { id: kompas.organisationId }))).text());
    expect(list).toContain("Mindful tentamenweek");
  });
});
