import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { idParam } from "../src/core/http/params.js";
import { LANGS, type Lang } from "../src/core/i18n/index.js";
import { DEMO_ACCOUNTS, seedDemoIfEmpty } from "../src/demo/seed.js";
import { users } from "../src/features/auth/schema.js";
import { confidentialAdvisers } from "../src/features/confidential-contact/schema.js";
import { boardMembers, boards } from "../src/features/organisations/schema.js";
import { addSession, createOffering } from "../src/features/trainings/service.js";
import { ROUTES, type RouteKey } from "../src/routes.js";
import { type Client, setupApp, signedIn } from "./helpers/app.js";

const ctx = setupApp();

/**
 * Every path parameter that names a row (`:id`, `:memberId`, `:boardId`, …) is read with
 * `idParam` (or checked with `isUuid`): whatever is in its place, the answer is a 404 page, never
 * a database error. The routes are taken from src/routes.ts, so a new page with an id is covered
 * without touching this file.
 */
const isIdName = (name: string) => name === "id" || /^[a-z]\w*Id$/.test(name);
const paramsOf = (key: RouteKey) => [...ROUTES[key].en.matchAll(/:(\w+)/g)].map((m) => m[1]!);
const ID_ROUTES = (Object.keys(ROUTES) as RouteKey[]).filter((key) => paramsOf(key).some(isIdName));

const UNKNOWN = "3f2c8a1e-9b4d-4c7a-8e2f-6a1b0c9d8e7f";
const BAD_IDS: [string, string][] = [
  ["36 hyphens", "-".repeat(36)],
  ["36 hex digits", "0123456789abcdef".repeat(3).slice(0, 36)],
  ["an unknown UUID", UNKNOWN],
  ["an unknown UUID in upper case", UNKNOWN.toUpperCase()],
  ["a word", "abc"],
  ["1,000 characters", "a1-".repeat(334).slice(0, 1000)],
];
/** Well-formed ids that name nothing: some pages answer them as they answer someone else's row. */
const WELL_FORMED = new Set([UNKNOWN, UNKNOWN.toUpperCase()]);
/** "Ending someone else's or an unknown session changes nothing; the answer is the same" (a redirect back). */
const SAME_ANSWER_FOR_UNKNOWN: Partial<Record<RouteKey, number>> = { accountSessionEnd: 303 };

type Role = "admin" | "board";

/**
 * Known deviations: none. An entry here records a route that still answers wrongly (with the
 * status it gives and why); once fixed, this test fails and the entry goes. Nothing else may deviate.
 */
const KNOWN: { key: RouteKey; method: "GET" | "POST"; role: Role; param: string; ids: string[]; status: number; why: string }[] = [];
const knownFor = (key: RouteKey, method: string, role: Role, badParams: string[], bad: string) =>
  KNOWN.find(
    (k) =>
      k.key === key && k.method === method && k.role === role && badParams.length === 1 && badParams[0] === k.param && k.ids.includes(bad),
  );

/** A parameter that names no row (the mailing list's `:token`) gets a value that is no token: only the ids are under test. */
const fullPath = (lang: Lang, key: RouteKey, params: Record<string, string>) =>
  `/${lang}${ROUTES[key][lang].replace(/:(\w+)/g, (_, n: string) => encodeURIComponent(params[n] ?? (isIdName(n) ? "" : "not-a-token")))}`;

/** Per route key, the methods the app has handlers for (from Hono's route list). */
function registered(app = ctx.app) {
  const out = new Map<RouteKey, Set<string>>();
  for (const key of ID_ROUTES)
    out.set(key, new Set(app.routes.filter((r) => r.path === `/en${ROUTES[key].en}` && r.method !== "ALL").map((r) => r.method)));
  return out;
}

/** Pages a role may not use at all: authorisation comes first (403), before the id is read. */
const forbidden = (role: Role, key: RouteKey) => role === "board" && (key.startsWith("staff") || key.startsWith("adviser"));

const errorLogs = () => ctx.logs.filter((l) => JSON.parse(l).level >= 50 || l.includes('"stack"'));

async function fixture() {
  await seedDemoIfEmpty(ctx.db, ctx.deps.env, ctx.clock.now());
  const admin = await signedIn(ctx, DEMO_ACCOUNTS.admin.email, { staffRole: "admin" });
  const board = await signedIn(ctx, DEMO_ACCOUNTS.board.email);
  // The administrator is the office's confidential adviser too, so the adviser's pages read their id.
  await ctx.db.insert(confidentialAdvisers).values({ userId: admin.user.id });
  // The board member's own organisation and a fellow member: valid values for the other parameters.
  const [seat] = await ctx.db
    .select({ orgId: boards.organisationId, boardId: boards.id })
    .from(boardMembers)
    .innerJoin(boards, eq(boards.id, boardMembers.boardId))
    .where(eq(boardMembers.userId, board.user.id))
    .orderBy(sql`${boards.startsOn} desc`)
    .limit(1);
  const [fellow] = await ctx.db
    .select({ id: boardMembers.id })
    .from(boardMembers)
    .innerJoin(users, eq(users.id, boardMembers.userId))
    .where(and(eq(boardMembers.boardId, seat!.boardId), sql`${users.email} <> ${DEMO_ACCOUNTS.board.email}`))
    .limit(1);
  // An offering with a date: the valid `:id` and `:sessionId` of the office's training pages.
  const offering = await createOffering(ctx.db, null, { slug: "", kind: "training", title: { nl: "T", en: "T" }, lang: "nl" });
  const date = new Date("2026-12-10T10:30:00Z");
  const session = await addSession(ctx.db, null, offering.id, {
    startsAt: date,
    endsAt: new Date(date.getTime() + 3_600_000),
    location: null,
    onlineUrl: null,
    capacity: null,
  });
  const clients: Record<Role, Client> = { admin: admin.client, board: board.client };
  // Trainings' second ids: well-formed; the office's training pages get a real offering and date, so only the id under test is wrong.
  const valid = {
    id: seat!.orgId,
    memberId: fellow!.id,
    offeringId: UNKNOWN,
    sessionId: session.id,
    registrationId: UNKNOWN,
    applicationId: UNKNOWN,
    attachmentId: UNKNOWN,
  } as Record<string, string>;
  return { clients, valid, trainingValid: { ...valid, id: offering.id } };
}

describe("the routes with an id", () => {
  it("are generated from src/routes.ts and include the known ones (and no slug pages)", () => {
    expect(ID_ROUTES.length).toBeGreaterThanOrEqual(15);
    expect(ID_ROUTES).toEqual(
      expect.arrayContaining([
        "accountSessionEnd",
        "org",
        "orgMemberRemove",
        "staffOrg",
        "staffRequest",
        "staffUser",
        "staffResource",
        "staffTopic",
        "staffOrder",
        "devMailItem",
      ]),
    );
    expect(ID_ROUTES).not.toContain("roadmapTopic");
    expect(ID_ROUTES).not.toContain("roadmapResource");
    expect(paramsOf("orgMemberRemove").filter(isIdName)).toEqual(["id", "memberId"]);
    // Every one of them has a handler (a key without one would test nothing).
    for (const [key, methods] of registered()) expect(methods.size, key).toBeGreaterThan(0);
  });
});

describe("a malformed or unknown id", () => {
  it.each(ID_ROUTES)("%s: a 404 (403 when the page is not yours at all), never an error", async (key) => {
    const fx = await fixture();
    const methods = registered().get(key)!;
    const names = paramsOf(key).filter(isIdName);
    let tried = 0;
    for (const [i, [what, bad]] of BAD_IDS.entries()) {
      const lang = LANGS[i % LANGS.length]!;
      // Every id parameter at once, and (with more than one) each in turn with the others valid.
      const variants = [Object.fromEntries(names.map((n) => [n, bad]))];
      const valid = key.startsWith("staffTraining") ? fx.trainingValid : fx.valid;
      if (names.length > 1) for (const n of names) variants.push({ ...valid, [n]: bad });
      for (const params of variants)
        for (const role of ["admin", "board"] as Role[])
          for (const method of ["GET", "POST"] as const) {
            const path = fullPath(lang, key, params);
            const badParams = Object.keys(params).filter((n) => params[n] === bad);
            const label = `${method} ${key} ${JSON.stringify(badParams)} = ${what}, as ${role}`;
            const client = fx.clients[role];
            const res = method === "GET" ? await client.get(path) : await client.post(path);
            const known = knownFor(key, method, role, badParams, bad);
            if (known) {
              expect(res.status, `${label}: still ${known.status} (${known.why})? Fixed: remove it from KNOWN`).toBe(known.status);
              ctx.logs.length = 0;
              tried++;
              continue;
            }
            expect(res.status, label).toBeLessThan(500);
            if (!methods.has(method)) expect([404, 405], label).toContain(res.status);
            else if (forbidden(role, key)) expect(res.status, label).toBe(403);
            else if (WELL_FORMED.has(bad) && SAME_ANSWER_FOR_UNKNOWN[key]) expect(res.status, label).toBe(SAME_ANSWER_FOR_UNKNOWN[key]);
            else expect(res.status, label).toBe(404);
            expect(errorLogs(), label).toEqual([]);
            tried++;
          }
    }
    expect(tried).toBeGreaterThanOrEqual(BAD_IDS.length * 4);
  });

  it("in upper case still names the same row", async () => {
    const fx = await fixture();
    const res = await fx.clients.admin.get(fullPath("en", "staffOrg", { id: fx.valid.id!.toUpperCase() }));
    expect(res.status).toBe(200);
    const board = await fx.clients.board.get(fullPath("nl", "org", { id: fx.valid.id!.toUpperCase() }));
    expect(board.status).toBe(200);
  });
});

describe("the negative control", () => {
  it("a raw parameter that reaches the database is caught by the same checks; through idParam it is a 404", async () => {
    const app = createApp(ctx.deps);
    app.get("/en/control/raw/:id", async (c) => {
      await ctx.db.execute(sql`select ${c.req.param("id")}::uuid`);
      return c.text("found");
    });
    app.get("/en/control/checked/:id", async (c) => {
      await ctx.db.execute(sql`select ${idParam(c)}::uuid`);
      return c.text("found");
    });
    const raw = await app.request(`/en/control/raw/${"-".repeat(36)}`);
    expect(raw.status).toBe(500);
    expect(errorLogs().length).toBeGreaterThan(0);
    ctx.logs.length = 0;
    for (const [what, bad] of BAD_IDS.filter(([, id]) => !WELL_FORMED.has(id))) {
      const res = await app.request(`/en/control/checked/${encodeURIComponent(bad)}`);
      expect(res.status, what).toBe(404);
    }
    expect(errorLogs()).toEqual([]);
    expect(await (await app.request(`/en/control/checked/${UNKNOWN.toUpperCase()}`)).text()).toBe("found");
  });
});
