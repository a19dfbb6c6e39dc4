import { gunzipSync } from "node:zlib";
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

  it("serves static text assets compressed when the browser takes it, and a missing one is a 404", async () => {
    const c = new Client(ctx);
    const plain = await c.get("/static/app.css");
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(plain.headers.get("vary")).toBe("Accept-Encoding");
    const css = await plain.text();
    const gz = await c.get("/static/app.css", { "accept-encoding": "gzip" });
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    const packed = Buffer.from(await gz.arrayBuffer());
    expect(packed.length).toBeLessThan(Buffer.byteLength(css) / 2);
    expect(gunzipSync(packed).toString("utf8")).toBe(css);
    const missing = await c.get("/static/nope.css", { "accept-encoding": "gzip" });
    expect(missing.status).toBe(404);
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
