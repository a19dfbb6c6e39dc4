import { describe, expect, it } from "vitest";
import { Client, linkIn, mailsTo, setupApp } from "./helpers/app.js";

const ctx = setupApp();

describe("smoke", () => {
  it("serves the home page in both languages with the right html lang", async () => {
    const c = new Client(ctx);
    for (const lang of ["nl", "en"]) {
      const res = await c.get(`/${lang}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain(`<html lang="${lang}">`);
    }
  });

  it("serves static assets, and a missing one is a 404 (compression: test/page-cache.test.ts)", async () => {
    const c = new Client(ctx);
    const css = await c.get("/static/app.css");
    expect(css.status).toBe(200);
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect((await c.get("/static/nope.css")).status).toBe(404);
  });

  it("signs in with a mailed link", async () => {
    const c = new Client(ctx);
    const res = await c.post("/en/sign-in", { email: "Someone@Example.org" });
    expect(res.status).toBe(303);
    const [mail] = await mailsTo(ctx, "someone@example.org");
    expect(mail).toBeDefined();
    const link = linkIn(mail!.text);
    expect((await c.get(link)).status).toBe(200);
    const token = new URL(link, "http://x").searchParams.get("token")!;
    const done = await c.post("/en/sign-in/link", { token });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe("/en/my");
    const dash = await c.get("/en/my");
    expect(dash.status).toBe(200);
  });
});
