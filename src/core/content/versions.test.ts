import { describe, expect, it } from "vitest";
import { setupApp } from "../../../test/helpers/app.js";
import { PageCache } from "../http/cache.js";
import { bumpContentVersion, contentStamps, contentVersion, STATIC } from "./versions.js";

const ctx = setupApp();
const html = (s: string) => new TextEncoder().encode(s) as Uint8Array<ArrayBuffer>;

describe("content versions", () => {
  it("count each capability's edits, in the edit's transaction", async () => {
    expect(await contentVersion(ctx.db, "trainings")).toEqual({ version: 0, stamp: "0" });
    await bumpContentVersion(ctx.db, "trainings");
    await ctx.db.transaction(async (tx) => {
      await bumpContentVersion(tx, "trainings");
      await bumpContentVersion(tx, "subsidies");
    });
    await ctx.db
      .transaction(async (tx) => {
        await bumpContentVersion(tx, "trainings");
        throw new Error("the edit fails");
      })
      .catch(() => {});
    expect((await contentVersion(ctx.db, "trainings")).version).toBe(2);
    expect((await contentVersion(ctx.db, "subsidies")).version).toBe(1);
    const stamps = await contentStamps(ctx.db);
    expect([...stamps.keys()].sort()).toEqual(["subsidies", "trainings"]);
    expect(stamps.get("trainings")).toBe((await contentVersion(ctx.db, "trainings")).stamp);
    await expect(bumpContentVersion(ctx.db, STATIC)).rejects.toThrow();
  });

  it("drop a capability's cached pages in every process within a check, and leave the others", async () => {
    // Two caches on one database stand for two processes.
    const editor = new PageCache(
      () => contentStamps(ctx.db),
      1000,
      () => now,
    );
    const other = new PageCache(
      () => contentStamps(ctx.db),
      1000,
      () => now,
    );
    let now = 0;
    for (const cache of [editor, other]) {
      await cache.get("/");
      cache.set("/trainings", html("t1"), "text/html", { capabilities: ["trainings"] });
      cache.set("/subsidies", html("s1"), "text/html", { capabilities: ["subsidies"] });
      cache.set("/home", html("h"), "text/html", { capabilities: [STATIC] });
    }
    await ctx.db.transaction((tx) => bumpContentVersion(tx, "trainings"));
    editor.invalidate("trainings");
    expect(await editor.get("/trainings")).toBeUndefined();
    // The other process serves its copy until its next check, at most a second later.
    now = 500;
    expect(await other.get("/trainings")).toBeDefined();
    now = 1000;
    expect(await other.get("/trainings")).toBeUndefined();
    for (const cache of [editor, other]) {
      expect(await cache.get("/subsidies")).toBeDefined();
      expect(await cache.get("/home")).toBeDefined();
    }
  });
});
