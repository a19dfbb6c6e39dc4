import { describe, expect, it } from "vitest";
import { MINUTE } from "../src/core/clock.js";
import { Client, setupApp } from "./helpers/app.js";

// Behind a reverse proxy: the client address comes from X-Forwarded-For.
const ctx = setupApp({ TRUST_PROXY: "true" });

const signIn = (c: Client, email: string, forwardedFor: string) =>
  c.post("/en/sign-in", { email }, { headers: { "x-forwarded-for": forwardedFor } });

describe("per-IP sign-in limit behind a proxy", () => {
  it("counts each client address on its own: 30 per 15 minutes, then 429 for that address only", async () => {
    const c = new Client(ctx);
    for (let i = 0; i < 30; i++) expect((await signIn(c, `a${i}@example.org`, "203.0.113.7")).status).toBe(303);
    const blocked = await signIn(c, "a30@example.org", "203.0.113.7");
    expect(blocked.status).toBe(429);
    expect(await blocked.text()).toContain("Please wait");
    const nl = await c.post("/nl/inloggen", { email: "a31@example.org" }, { headers: { "x-forwarded-for": "203.0.113.7" } });
    expect(nl.status).toBe(429);
    expect(await nl.text()).toContain("Even geduld");

    // Someone else behind the same proxy is not affected.
    expect((await signIn(c, "b@example.org", "198.51.100.20")).status).toBe(303);

    ctx.clock.advance(15 * MINUTE);
    expect((await signIn(c, "a30@example.org", "203.0.113.7")).status).toBe(303);
  });

  it("cannot be dodged by a client that sends its own X-Forwarded-For (the proxy appends the real address)", async () => {
    const c = new Client(ctx);
    for (let i = 0; i < 30; i++) {
      // What a proxy that appends ($proxy_add_x_forwarded_for) passes on for a client making up a header.
      expect((await signIn(c, `s${i}@example.org`, `10.0.0.${i}, 203.0.113.9`)).status).toBe(303);
    }
    expect((await signIn(c, "s30@example.org", "10.0.0.99, 203.0.113.9")).status).toBe(429);
    expect((await signIn(c, "s31@example.org", "203.0.113.9")).status).toBe(429);
  });

  it("counts an IPv6 client by its /64 network, however the address is written, and a mapped IPv4 address as IPv4", async () => {
    const c = new Client(ctx);
    // One /64 written 30 ways: rotating interface ids, compressed and full forms, upper case, a zone id.
    const sameNetwork = (i: number) =>
      [`2001:db8:aa:1::${i.toString(16)}`, `2001:0DB8:00AA:0001:${i}:ffff:0:1`, `2001:db8:aa:1:${i}::%eth0`][i % 3]!;
    for (let i = 0; i < 30; i++) expect((await signIn(c, `v6-${i}@example.org`, sameNetwork(i))).status).toBe(303);
    const blocked = await signIn(c, "v6-x@example.org", "2001:db8:aa:1:dead:beef:1:2");
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("retry-after")).toBe("30");
    // The neighbouring /64 is someone else.
    expect((await signIn(c, "v6-y@example.org", "2001:db8:aa:2::1")).status).toBe(303);

    for (let i = 0; i < 30; i++) expect((await signIn(c, `v4-${i}@example.org`, "198.51.100.77")).status).toBe(303);
    expect((await signIn(c, "v4-x@example.org", "::ffff:198.51.100.77")).status).toBe(429);
    expect((await signIn(c, "v4-y@example.org", "::ffff:c633:644d")).status).toBe(429); // the same address in hex
    expect((await signIn(c, "v4-z@example.org", "198.51.100.78")).status).toBe(303);
  });
});
