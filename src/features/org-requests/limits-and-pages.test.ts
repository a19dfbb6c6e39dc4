import { count } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { decodeHtml, fieldError, setupApp, signedIn } from "../../../test/helpers/app.js";
import * as fixtures from "../../../test/helpers/fixtures.js";
import { catalogs } from "../../catalogs.js";
import { LANGS } from "../../core/i18n/index.js";
import { outbox } from "../../core/mail/schema.js";
import { url } from "../../routes.js";
import { users } from "../auth/schema.js";
import { orgRequests } from "./schema.js";
import { REQUESTS_PER_PERSON_PER_DAY } from "./service.js";

const ctx = setupApp();
const T = catalogs;

const total = async (table: typeof orgRequests | typeof outbox) => (await ctx.db.select({ n: count() }).from(table))[0]!.n;
const registerForm = (name: string) => ({
  name,
  kind: "sports",
  faculty: "",
  website: "",
  contactUrl: "",
  email: "",
  lang: "nl",
  memberCount: "",
  position: "chair",
  message: "",
});

describe("one open request per person and organisation", () => {
  it("a second join request while the first waits: 422 with the message at the field, nothing written or mailed", async () => {
    const org = await fixtures.makeOrg(ctx, "Minerva");
    const { client } = await signedIn(ctx, "sam@student.example.org");
    const form = { organisationId: org.id, position: "secretary", message: "" };
    expect((await client.post(url("nl", "orgJoin"), form)).status).toBe(303);
    const requests = await total(orgRequests);
    const mails = await total(outbox);
    for (const lang of LANGS) {
      const res = await client.post(url(lang, "orgJoin"), form);
      expect(res.status).toBe(422);
      expect(fieldError(await res.text(), "organisationId")).toBe(T[lang].errors.requestPending);
    }
    expect(await total(orgRequests)).toBe(requests);
    expect(await total(outbox)).toBe(mails);
  });

  it("a second registration of the same name, or a look-alike of it, while the first waits: 422", async () => {
    const { client } = await signedIn(ctx, "sam@student.example.org");
    expect((await client.post(url("en", "orgRegister"), registerForm("Quadrivium"))).status).toBe(303);
    for (const name of ["Quadrivium", "QUADRIVIUM", "Quadr\u0131vium", "Quadri\u200Bvium"]) {
      const res = await client.post(url("en", "orgRegister"), registerForm(name));
      expect(res.status, name).toBe(422);
      expect(fieldError(await res.text(), "name")).toBe(T.en.errors.requestPending);
    }
    expect(await total(orgRequests)).toBe(1);
    // Someone else may ask for the same organisation; the office decides.
    const other = await signedIn(ctx, "kim@student.example.org");
    expect((await other.client.post(url("en", "orgRegister"), registerForm("Quadrivium"))).status).toBe(303);
  });

  it("once the office has decided, the person may ask again", async () => {
    const org = await fixtures.makeOrg(ctx, "Minerva");
    const { client } = await signedIn(ctx, "sam@student.example.org");
    const form = { organisationId: org.id, position: "secretary", message: "" };
    expect((await client.post(url("nl", "orgJoin"), form)).status).toBe(303);
    const office = await signedIn(ctx, "office@example.org", { staffRole: "staff" });
    const [req] = await ctx.db.select().from(orgRequests);
    expect(
      (await office.client.post(url("nl", "staffRequest", { id: req!.id }), { decision: "decline", reason: "Niet bekend" })).status,
    ).toBe(303);
    expect((await client.post(url("nl", "orgJoin"), form)).status).toBe(303);
  });
});

describe("a limit on sending requests", () => {
  it("60 requests at once from one account: REQUESTS_PER_PERSON_PER_DAY get through, the rest a 429 with Retry-After", async () => {
    const { client } = await signedIn(ctx, "sam@student.example.org");
    await client.csrfToken();
    const responses = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        client.post(url("en", "orgRegister"), registerForm(`Vereniging ${String.fromCharCode(65 + (i % 26))}${Math.floor(i / 26)}`)),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 303)).toHaveLength(REQUESTS_PER_PERSON_PER_DAY);
    expect(statuses.filter((s) => s === 429)).toHaveLength(60 - REQUESTS_PER_PERSON_PER_DAY);
    const limited = responses.find((r) => r.status === 429)!;
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(86_000);
    expect(await limited.text()).toContain(T.en.http.tooManyTitle);
    expect(await total(orgRequests)).toBe(REQUESTS_PER_PERSON_PER_DAY);
    // One mail to the office and one to the requester per request: 10, where there used to be 120.
    expect(await total(outbox)).toBe(2 * REQUESTS_PER_PERSON_PER_DAY);
    // A day later the person may ask again.
    ctx.clock.advance(86_401_000);
    const later = await signedIn(ctx, "sam@student.example.org");
    expect((await later.client.post(url("en", "orgRegister"), registerForm("Vereniging Later"))).status).toBe(303);
  });
});

describe("the office's request lists show everything, a page at a time", () => {
  it("130 open requests: five pages of at most 25, together holding every request once", async () => {
    const [student] = await ctx.db.insert(users).values({ email: "sam@student.example.org" }).returning();
    await ctx.db.insert(orgRequests).values(
      Array.from({ length: 130 }, (_, i) => ({
        kind: "register" as const,
        userId: student!.id,
        data: { name: `Club ${i}`, kind: "sports" as const, lang: "nl" as const },
        nameKey: `club-${i}`,
        position: "chair" as const,
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)),
      })),
    );
    await ctx.db.insert(orgRequests).values({
      kind: "register",
      userId: student!.id,
      data: { name: "Decided Club", kind: "sports", lang: "nl" },
      nameKey: "decided",
      position: "chair",
      status: "declined",
      reason: "No",
      decidedAt: new Date(Date.UTC(2026, 1, 1)),
    });
    const { client } = await signedIn(ctx, "office@example.org", { staffRole: "staff" });
    const seen: string[] = [];
    let path: string | undefined = url("en", "staffRequests");
    let pages = 0;
    while (path) {
      const html: string = await (await client.get(path)).text();
      pages++;
      const names = [...html.matchAll(/id="req-[^"]+">[^:]+: (Club \d+)</g)].map((m) => m[1]!);
      expect(names.length).toBeLessThanOrEqual(25);
      seen.push(...names);
      expect(html).toContain(T.en.requests.staff.openTab(130));
      expect(html).toContain(T.en.requests.staff.decidedTab(1));
      const next: string | undefined = html.match(/<a href="([^"]+)" rel="next">/)?.[1];
      path = next ? decodeHtml(next) : undefined;
    }
    expect(pages).toBe(6);
    expect(seen).toHaveLength(130);
    expect(new Set(seen).size).toBe(130);
    expect(seen[0]).toBe("Club 0"); // oldest first: a queue
    const decided = await (await client.get(url("en", "staffRequests", {}, { view: "decided" }))).text();
    expect(decided).toContain("Decided Club");
    expect(decided).not.toContain("Club 0<");
    // A page beyond the end, or junk, is no error.
    expect((await client.get(url("en", "staffRequests", {}, { page: "999" }))).status).toBe(200);
    expect((await client.get(url("en", "staffRequests", {}, { page: "x", view: "junk" }))).status).toBe(200);
  });
});
