import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { decodeHtml, setupApp, signedIn } from "../../test/helpers/app.js";
import { auditLog } from "../features/audit/schema.js";
import { keyFigures } from "../features/key-figures/schema.js";
import { organisations } from "../features/organisations/schema.js";
import { url } from "../routes.js";
import { DEMO_ACCOUNTS, seedDemoIfEmpty } from "./seed.js";

const ctx = setupApp();
const text = (html: string) =>
  decodeHtml(html)
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");

describe("the demo's key figure", () => {
  it("is an active confidential peer listener of the demo board's organisation, who sees the trainings meant for them", async () => {
    expect(await seedDemoIfEmpty(ctx.db, ctx.deps.env, ctx.clock.now())).toBe(true);
    const [kompas] = await ctx.db.select().from(organisations).where(eq(organisations.name, "Studentenvereniging Kompas"));
    const [row] = await ctx.db.select().from(keyFigures).where(eq(keyFigures.email, DEMO_ACCOUNTS.keyFigure.email));
    expect(row).toMatchObject({ organisationId: kompas!.id, role: "peer_listener", status: "active" });
    expect(row!.acceptedAt! < ctx.clock.now() && row!.createdAt < row!.acceptedAt!).toBe(true);
    // As the service leaves it: invited by the board's chair and accepted, both in the organisation's history.
    const history = await ctx.db.select().from(auditLog).where(eq(auditLog.entityId, row!.id));
    expect(history.map((h) => h.action).sort()).toEqual(["key_figure.accept", "key_figure.invite"]);

    // The key figure's dashboard: the role, and the training for key figures registered in the portal.
    const { client } = await signedIn(ctx, DEMO_ACCOUNTS.keyFigure.email);
    const dashboard = text(await (await client.get(url("en", "dashboard"))).text());
    expect(dashboard).toContain("Key figure of Studentenvereniging Kompas (Peer listener: vertrouwelijk aanspreekpunt");
    expect(dashboard).toContain("Recognising signals and starting the conversation");
    // The board sees them among its key figures and on its organisation's page.
    const board = await signedIn(ctx, DEMO_ACCOUNTS.board.email);
    expect(text(await (await board.client.get(url("en", "orgKeyFigures", { id: kompas!.id }))).text())).toContain(
      `${DEMO_ACCOUNTS.keyFigure.name} (${DEMO_ACCOUNTS.keyFigure.email})`,
    );
    const page = decodeHtml(await (await board.client.get(url("en", "org", { id: kompas!.id }))).text());
    expect(page.split('id="trained-this-year"')[1]).toContain(DEMO_ACCOUNTS.keyFigure.email);
  });
});
