import { asc, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  BASE,
  type Client,
  decodeHtml,
  type ExpectedError,
  errorMessage,
  fieldError,
  linkIn,
  mailsTo,
  setupApp,
  signedIn,
} from "../../../test/helpers/app.js";
import * as fixtures from "../../../test/helpers/fixtures.js";
import { catalogs } from "../../catalogs.js";
import { formatDate, LANGS, type Lang } from "../../core/i18n/index.js";
import { outbox } from "../../core/mail/schema.js";
import { nameSkeleton } from "../../core/text.js";
import { url } from "../../routes.js";
import { auditLog } from "../audit/schema.js";
import { users } from "../auth/schema.js";
import { orgRequests } from "../org-requests/schema.js";
import { requestRegistration } from "../org-requests/service.js";
import { boardMembers, boards, type OrgKind, type OrgStatus, organisations } from "./schema.js";
import type { OrgInput } from "./service.js";

const ctx = setupApp();
const T = catalogs;
type ErrorKey = ExpectedError;

// ---------- fixtures ----------

const makeOrg = (name: string, extra: Partial<OrgInput> = {}) => fixtures.makeOrg(ctx, name, extra);
const makeBoard = (orgId: string, startsOn: string) => fixtures.makeBoard(ctx, orgId, startsOn);
const seat = async (boardId: string, email: string) => {
  const { client, user } = await fixtures.seat(ctx, boardId, email);
  return { client, user };
};

const office = () => signedIn(ctx, "staff@office.example.org", { staffRole: "staff" });

async function counts() {
  const [o] = await ctx.db.select({ n: count() }).from(organisations);
  const [b] = await ctx.db.select({ n: count() }).from(boards);
  const [m] = await ctx.db.select({ n: count() }).from(boardMembers);
  const [r] = await ctx.db.select({ n: count() }).from(orgRequests);
  const [x] = await ctx.db.select({ n: count() }).from(outbox);
  const [a] = await ctx.db.select({ n: count() }).from(auditLog);
  const [u] = await ctx.db.select({ n: count() }).from(users);
  const staff = await ctx.db.select({ email: users.email, role: users.staffRole }).from(users).orderBy(asc(users.email));
  return { organisations: o!.n, boards: b!.n, members: m!.n, requests: r!.n, outbox: x!.n, audit: a!.n, users: u!.n, staff };
}

/** The organisation names in the office list, in order. */
const listed = (html: string, lang: Lang = "nl") =>
  [...html.matchAll(new RegExp(`<a href="/${lang}/(?:kantoor|office)/(?:organisaties|organisations)/[0-9a-f-]{36}">([^<]+)</a>`, "g"))].map(
    (m) => decodeHtml(m[1]!),
  );

function shownValue(html: string, field: string) {
  const input = html.match(new RegExp(`<input[^>]*id="f-${field}"[^>]*>`))?.[0]?.match(/\svalue="([^"]*)"/)?.[1];
  if (input !== undefined) return decodeHtml(input);
  const area = html.match(new RegExp(`<textarea[^>]*id="f-${field}"[^>]*>([^<]*)</textarea>`))?.[1];
  if (area !== undefined) return decodeHtml(area);
  const select = html.match(new RegExp(`<select[^>]*id="f-${field}"[^>]*>([\\s\\S]*?)</select>`))?.[1];
  return select?.match(/<option value="([^"]*)" selected/)?.[1];
}

async function expectRejected(
  client: Client,
  path: string,
  form: Record<string, string>,
  lang: Lang,
  field: string,
  key: ErrorKey,
  kept: Record<string, string> = {},
) {
  const before = await counts();
  const res = await client.post(path, form);
  const html = await res.text();
  expect(res.status, `${path} ${field}`).toBe(422);
  const error = fieldError(html, field);
  expect(error === undefined ? undefined : decodeHtml(error), `${path} ${field}`).toBe(errorMessage(lang, key));
  for (const [name, value] of Object.entries(kept)) expect(shownValue(html, name), `${path}: value of ${name} kept`).toBe(value);
  expect(await counts()).toEqual(before);
  return html;
}

// ---------- the list ----------

describe("organisation list", () => {
  async function five() {
    const alpha = await makeOrg("Alpha", { kind: "sports" });
    await makeBoard(alpha.id, "2026-09-01");
    const bravo = await makeOrg("Bravo", { kind: "cultural" });
    await makeBoard(bravo.id, "2025-09-01");
    const charlie = await makeOrg("Charlie", { kind: "sports", status: "dormant" });
    await makeBoard(charlie.id, "2025-09-01");
    const delta = await makeOrg("Delta", { kind: "sports" });
    await seat((await makeBoard(delta.id, "2026-09-01")).id, "now@delta.nl");
    const next = await makeBoard(delta.id, "2027-09-01");
    await seat(next.id, "next@delta.nl");
    await makeOrg("Echo", { kind: "other" });
    return { alpha, delta };
  }

  it("search is typo tolerant and case-insensitive", async () => {
    for (const name of ["Minerva", "Augustinus", "Quintus", "Catena", "Sanctus Virgilius"]) await makeOrg(name);
    const { client } = await office();
    for (const q of ["minerfa", "MINERFA", "Minerva", "nerv"]) {
      const html = await (await client.get(url("nl", "staffOrgs", {}, { q }))).text();
      expect(listed(html), q).toEqual(["Minerva"]);
      expect(html).toContain(T.nl.org.staff.results(1));
      expect(shownValue(html, "q")).toBe(q);
    }
    expect(listed(await (await client.get(url("en", "staffOrgs", {}, { q: "augustinis" }))).text(), "en")).toEqual(["Augustinus"]);
    const none = await (await client.get(url("en", "staffOrgs", {}, { q: "zzzzqqq" }))).text();
    expect(listed(none, "en")).toEqual([]);
    expect(none).toContain(T.en.org.staff.noResults);
    // LIKE wildcards are taken literally.
    expect(listed(await (await client.get(url("nl", "staffOrgs", {}, { q: "%" }))).text())).toEqual([]);
  });

  it("filters by kind, status and handover (due or planned)", async () => {
    await five();
    const { client } = await office();
    const names = async (query: Record<string, string>) => listed(await (await client.get(url("nl", "staffOrgs", {}, query))).text());
    expect(await names({})).toEqual(["Alpha", "Bravo", "Charlie", "Delta", "Echo"]);
    expect(await names({ kind: "sports" })).toEqual(["Alpha", "Charlie", "Delta"]);
    expect(await names({ status: "dormant" })).toEqual(["Charlie"]);
    expect(await names({ status: "active", kind: "sports" })).toEqual(["Alpha", "Delta"]);
    // Due: active, no next board, and the current board's year is over (or there is no board).
    expect(await names({ handover: "due" })).toEqual(["Bravo", "Echo"]);
    expect(await names({ handover: "planned" })).toEqual(["Delta"]);
    expect(await names({ handover: "planned", kind: "cultural" })).toEqual([]);
    // Unknown values are ignored rather than failing.
    expect(await names({ kind: "spaceship", status: "zombie", handover: "yesterday", page: "-4" })).toEqual([
      "Alpha",
      "Bravo",
      "Charlie",
      "Delta",
      "Echo",
    ]);
    const html = await (await client.get(url("nl", "staffOrgs", {}, { handover: "planned" }))).text();
    expect(html).toContain(formatDate("nl", "2027-09-01"));
    expect(shownValue(html, "handover")).toBe("planned");
    // Each row shows its current board and handover state.
    const all = await (await client.get(url("nl", "staffOrgs"))).text();
    const row = (name: string) => all.split("<tr>").find((r) => r.includes(`>${name}</a>`)) ?? "";
    const s = T.nl.org.staff;
    expect(row("Alpha")).toContain(`<td>2026-2027 · ${s.members(0)}</td><td>–</td>`);
    expect(row("Bravo")).toContain(`<td>2025-2026 · ${s.members(0)}</td>`);
    expect(row("Bravo")).toContain(s.handoverDue);
    expect(row("Charlie")).not.toContain(s.handoverDue);
    expect(row("Delta")).toContain(`<td>2026-2027 · ${s.members(1)}</td>`);
    expect(row("Delta")).toContain(`<span class="badge ok">${formatDate("nl", "2027-09-01")}</span>`);
    expect(row("Echo")).toContain(`<td>${s.noCurrentBoard}</td>`);
    expect(row("Echo")).toContain(s.handoverDue);
  });

  it("a handover becomes due in the last 60 days of the academic year", async () => {
    await five();
    ctx.clock.set("2027-07-15T10:00:00Z");
    const { client } = await office();
    const html = await (await client.get(url("en", "staffOrgs", {}, { handover: "due" }))).text();
    expect(listed(html, "en")).toEqual(["Alpha", "Bravo", "Echo"]);
  });

  it("pages by 25 and keeps the filters in the page links", async () => {
    await ctx.db.insert(organisations).values(
      Array.from({ length: 30 }, (_, i) => `Org ${String(i + 1).padStart(2, "0")}`).map((name) => ({
        name,
        nameKey: nameSkeleton(name),
        kind: "sports" as OrgKind,
      })),
    );
    await makeOrg("Elsewhere", { kind: "cultural" });
    const { client } = await office();
    const first = await (await client.get(url("nl", "staffOrgs", {}, { kind: "sports" }))).text();
    expect(listed(first)).toHaveLength(25);
    expect(listed(first)[0]).toBe("Org 01");
    expect(first).toContain(T.nl.org.staff.results(30));
    expect(first).toContain(T.nl.common.pageOf(1, 2));
    const next = decodeHtml(first.match(/<a href="([^"]+)" rel="next">/)?.[1] ?? "");
    expect(next).toBe(url("nl", "staffOrgs", {}, { kind: "sports", page: "2" }));
    expect(first).not.toContain('rel="prev"');
    const second = await (await client.get(next)).text();
    expect(listed(second)).toEqual(["Org 26", "Org 27", "Org 28", "Org 29", "Org 30"]);
    expect(second).toContain(T.nl.common.pageOf(2, 2));
    expect(second).toContain('rel="prev"');
    expect(second).not.toContain('rel="next"');
    expect(listed(await (await client.get(url("nl", "staffOrgs", {}, { kind: "sports", page: "3" }))).text())).toEqual([]);
    // Without the filter there are 31 organisations, still two pages.
    expect(listed(await (await client.get(url("en", "staffOrgs", {}, { page: "2" }))).text(), "en")).toHaveLength(6);
  });
});

// ---------- CSV export ----------

describe("CSV export", () => {
  async function tricky() {
    const etudes = await makeOrg("Études Françaises", { kind: "study_association", faculty: "Geesteswetenschappen", memberCount: 120 });
    await makeBoard(etudes.id, "2026-09-01");
    await makeBoard(etudes.id, "2027-09-01");
    await makeOrg("=cmd|' /C calc'!A0", { kind: "other", faculty: "@SUM(A1)" });
    await makeOrg('Club "De Sprong"', { kind: "sports", email: "bestuur@sprong.nl", website: "https://sprong.nl" });
    await makeOrg("Zeta; Eta, Theta", { kind: "cultural", faculty: "-2+3" });
  }
  const decode = (bytes: Uint8Array) => new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);

  it("in Dutch: BOM, semicolons, accents intact, formulas neutralised, quotes escaped", async () => {
    await tricky();
    const { client } = await office();
    const res = await client.get(url("nl", "staffOrgsCsv"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="organisaties-2026-11-23.csv"');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = decode(bytes);
    const lines = text.slice(1).split("\r\n");
    expect(lines.at(-1)).toBe("");
    expect(lines[0]!.split(";").slice(0, 3)).toEqual([T.nl.org.fields.name, T.nl.org.fields.kind, T.nl.org.fields.status]);
    const rows = lines.slice(1, -1);
    expect(rows).toHaveLength(4);
    const row = (start: string) => rows.find((r) => r.startsWith(start));
    expect(row("'=cmd")).toMatch(/^'=cmd\|' \/C calc'!A0;Anders;Actief;'@SUM\(A1\);/);
    expect(row('"Club')).toMatch(/^"Club ""De Sprong""";Sportvereniging;Actief;;bestuur@sprong\.nl;https:\/\/sprong\.nl;/);
    expect(row("Études")).toBe("Études Françaises;Studievereniging;Actief;Geesteswetenschappen;;;;nl;120;2026-2027;2027-09-01");
    expect(row("'=cmd")!.endsWith(`;nl;;;${T.nl.org.staff.handoverDue}`)).toBe(true);
    expect(row('"Zeta')).toMatch(/^"Zeta; Eta, Theta";Culturele vereniging;Actief;'-2\+3;/);
    // No cell may start with a formula character.
    for (const r of rows) for (const cell of r.split(";")) expect(cell).not.toMatch(/^[=+\-@]/);
  });

  it("in English: commas, English labels, and the list's filters", async () => {
    await tricky();
    const { client } = await office();
    const res = await client.get(url("en", "staffOrgsCsv", {}, { kind: "cultural" }));
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="organisations-2026-11-23.csv"');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = decode(bytes).slice(1).split("\r\n");
    expect(lines[0]!.startsWith(`${T.en.org.fields.name},${T.en.org.fields.kind},${T.en.org.fields.status},`)).toBe(true);
    expect(lines.slice(1, -1)).toEqual([`"Zeta; Eta, Theta",Cultural association,Active,'-2+3,,,,nl,,,${T.en.org.staff.handoverDue}`]);
  });
});

// ---------- organisation detail and audit log ----------

describe("organisation detail", () => {
  it("shows the audit log: who changed what", async () => {
    const { client, user } = await office();
    const created = await client.post(url("nl", "staffOrgNew"), {
      name: "Minerva",
      kind: "student_association",
      faculty: "",
      website: "",
      contactUrl: "",
      email: "",
      lang: "nl",
      memberCount: "",
      status: "active",
    });
    expect(created.status).toBe(303);
    const [org] = await ctx.db.select().from(organisations);
    expect(created.headers.get("location")).toBe(url("nl", "staffOrg", { id: org!.id }, { done: "created" }));
    const edit = await client.post(url("nl", "staffOrgEdit", { id: org!.id }), {
      name: "Minerva Leiden",
      kind: "student_association",
      faculty: "",
      website: "minerva.nl",
      contactUrl: "",
      email: "",
      lang: "nl",
      memberCount: "800",
      status: "dormant",
    });
    expect(edit.status).toBe(303);
    const board = await makeBoard(org!.id, "2026-09-01");
    const chair = await seat(board.id, "chair@minerva.nl");
    expect(
      (
        await chair.client.post(url("nl", "orgInvite", { id: org!.id }), {
          boardId: board.id,
          email: "fellow@minerva.nl",
          name: "",
          position: "treasurer",
        })
      ).status,
    ).toBe(303);

    const html = decodeHtml(await (await client.get(url("nl", "staffOrg", { id: org!.id }))).text());
    expect(html).toContain("<h1>Minerva Leiden</h1>");
    const audit = html.slice(html.indexOf(`<h2 id="audit">${T.nl.office.audit}</h2>`));
    const rows = audit.split("<tr>").slice(2);
    const row = (action: string) => rows.find((r) => r.includes(T.nl.org.staff.auditActions[action]!));
    expect(row("organisation.create")).toContain(user.email);
    expect(row("organisation.update")).toContain(user.email);
    expect(row("organisation.update")).toContain("Naam van de organisatie gewijzigd van Minerva in Minerva Leiden");
    expect(row("organisation.update")).toContain("Status gewijzigd van actief in slapend");
    expect(row("organisation.update")).toContain("Website: https://minerva.nl");
    expect(row("board.create")).toContain(T.nl.office.system);
    expect(row("board_invitation.create")).toContain("chair@minerva.nl");
    // The invited address has no account: the log names no one for it (the board page shows the invitation).
    expect(row("board_invitation.create")).not.toContain("fellow@minerva.nl");
    expect(row("board_invitation.create")).toContain("<li>Functie: penningmeester</li><li>Studiejaar: 2026-2027</li>");
    // Newest first.
    expect(rows.findIndex((r) => r.includes(T.nl.org.staff.auditActions["board_invitation.create"]!))).toBeLessThan(
      rows.findIndex((r) => r.includes("Minerva Leiden")),
    );
    const en = await (await client.get(url("en", "staffOrg", { id: org!.id }))).text();
    expect(en).toContain(T.en.org.staff.auditActions["organisation.update"]!);
  });

  it("shows the current and incoming boards", async () => {
    const org = await makeOrg("Minerva");
    await seat((await makeBoard(org.id, "2026-09-01")).id, "now@minerva.nl");
    await seat((await makeBoard(org.id, "2027-09-01")).id, "next@minerva.nl");
    const { client } = await office();
    const html = await (await client.get(url("en", "staffOrg", { id: org.id }))).text();
    expect(html).toContain(T.en.org.page.currentBoard("2026-2027"));
    expect(html).toContain(T.en.org.page.incomingBoard("2027-2028", formatDate("en", "2027-09-01")));
    expect(html).toContain("now@minerva.nl");
    expect(html).toContain("next@minerva.nl");
  });
});

// ---------- handovers and the office home ----------

describe("handovers", () => {
  it("lists upcoming board changes and overdue organisations; the office home counts them", async () => {
    const delta = await makeOrg("Delta");
    await makeBoard(delta.id, "2026-09-01");
    const next = await makeBoard(delta.id, "2027-09-01");
    await seat(next.id, "one@delta.nl");
    await seat(next.id, "two@delta.nl");
    const bravo = await makeOrg("Bravo");
    await makeBoard(bravo.id, "2025-09-01");
    await makeOrg("Echo");
    await makeBoard((await makeOrg("Alpha")).id, "2026-09-01");
    await makeBoard((await makeOrg("Dormant", { status: "dormant" as OrgStatus })).id, "2024-09-01");
    const { user: student } = await signedIn(ctx, "sam@student.example.org");
    await requestRegistration(ctx.db, ctx.deps, {
      user: student,
      data: { name: "New", kind: "other", lang: "nl" },
      position: "chair",
      message: null,
    });

    const { client } = await office();
    const html = await (await client.get(url("nl", "staffHandovers"))).text();
    const upcoming = html.slice(html.indexOf(`<h2>${T.nl.org.staff.upcoming}</h2>`), html.indexOf(`<h2>${T.nl.org.staff.overdue}</h2>`));
    const overdue = html.slice(html.indexOf(`<h2>${T.nl.org.staff.overdue}</h2>`));
    expect(listed(upcoming)).toEqual(["Delta"]);
    expect(upcoming).toContain(formatDate("nl", "2027-09-01"));
    expect(upcoming).toContain(T.nl.org.staff.members(2));
    expect(listed(overdue)).toEqual(["Bravo", "Echo"]);
    expect(overdue).toContain(`2025-2026 · ${T.nl.org.staff.members(0)}<span`);
    expect(overdue).toContain(T.nl.org.staff.noCurrentBoard);

    const home = await (await client.get(url("en", "staffHome"))).text();
    expect(home).toContain(T.en.requests.staff.pendingRequests(1));
    expect(home).toContain(T.en.org.staff.handoversUpcoming(1));
    expect(home).toContain(T.en.org.staff.handoversOverdue(2));

    // After the start date the handover is done: nothing upcoming, Delta is fine.
    ctx.clock.set("2027-09-01T08:00:00Z");
    const later = await (await (await office()).client.get(url("en", "staffHandovers"))).text();
    expect(later).toContain(T.en.org.staff.upcomingEmpty);
    expect(listed(later.slice(later.indexOf(`<h2>${T.en.org.staff.overdue}</h2>`)), "en")).not.toContain("Delta");
  });

  it("shows empty states", async () => {
    const { client } = await office();
    const html = await (await client.get(url("nl", "staffHandovers"))).text();
    expect(html).toContain(T.nl.org.staff.upcomingEmpty);
    expect(html).toContain(T.nl.org.staff.overdueEmpty);
  });
});

// ---------- office forms ----------

const orgForm = (o: Record<string, string> = {}) => ({
  name: "Quadrivium",
  kind: "study_association",
  faculty: "Wiskunde",
  website: "",
  contactUrl: "",
  email: "",
  lang: "nl",
  memberCount: "",
  status: "active",
  ...o,
});
const orgCases: { set: Record<string, string>; field: string; key: ErrorKey; kept?: Record<string, string> }[] = [
  { set: { name: "minerva" }, field: "name", key: "duplicateName", kept: { name: "minerva", faculty: "Wiskunde" } },
  { set: { name: "" }, field: "name", key: "required", kept: { faculty: "Wiskunde" } },
  { set: { website: "not a url" }, field: "website", key: "invalidUrl", kept: { website: "not a url", name: "Quadrivium" } },
  { set: { contactUrl: "javascript:alert(1)" }, field: "contactUrl", key: "invalidUrl", kept: { contactUrl: "javascript:alert(1)" } },
  { set: { email: "bestuur@@x.nl" }, field: "email", key: "invalidEmail", kept: { email: "bestuur@@x.nl" } },
  { set: { memberCount: "veel" }, field: "memberCount", key: "invalidNumber", kept: { memberCount: "veel" } },
  { set: { memberCount: "0" }, field: "memberCount", key: ["numberMin", { min: 1 }], kept: { memberCount: "0" } },
  { set: { memberCount: "100001" }, field: "memberCount", key: ["numberMax", { max: 100_000 }], kept: { memberCount: "100001" } },
  { set: { kind: "spaceship" }, field: "kind", key: "invalidChoice", kept: { name: "Quadrivium" } },
  { set: { status: "zombie" }, field: "status", key: "invalidChoice", kept: { kind: "study_association" } },
  { set: { lang: "de" }, field: "lang", key: "invalidChoice" },
];

describe("office organisation forms", () => {
  it("new organisation: 422 with the localized error at the field, values kept, nothing written", async () => {
    await makeOrg("Minerva");
    const { client } = await office();
    for (const lang of LANGS)
      for (const c of orgCases) await expectRejected(client, url(lang, "staffOrgNew"), orgForm(c.set), lang, c.field, c.key, c.kept);
  });

  it("new organisation: creates it with an audit entry", async () => {
    const { client, user } = await office();
    const res = await client.post(url("en", "staffOrgNew"), orgForm({ website: "quadrivium.nl", memberCount: "250", status: "dormant" }));
    expect(res.status).toBe(303);
    const [org] = await ctx.db.select().from(organisations);
    expect(org).toMatchObject({ name: "Quadrivium", website: "https://quadrivium.nl", memberCount: 250, status: "dormant" });
    const [entry] = await ctx.db.select().from(auditLog).where(eq(auditLog.organisationId, org!.id));
    expect(entry).toMatchObject({ action: "organisation.create", actorId: user.id });
  });

  it("edit organisation: 422 with the localized error at the field, values kept, nothing written", async () => {
    await makeOrg("Minerva");
    const org = await makeOrg("Quadrivium", { kind: "study_association", faculty: "Wiskunde" });
    const { client } = await office();
    for (const lang of LANGS)
      for (const c of orgCases)
        await expectRejected(client, url(lang, "staffOrgEdit", { id: org.id }), orgForm(c.set), lang, c.field, c.key, c.kept);
    const [after] = await ctx.db.select().from(organisations).where(eq(organisations.id, org.id));
    expect(after).toMatchObject({ name: "Quadrivium", status: "active" });
  });

  it("edit organisation: a change of case in its own name is fine; an unknown id is a 404", async () => {
    const org = await makeOrg("Quadrivium", { kind: "study_association", faculty: "Wiskunde" });
    const { client } = await office();
    const res = await client.post(url("nl", "staffOrgEdit", { id: org.id }), orgForm({ name: "QUADRIVIUM", status: "dissolved" }));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(url("nl", "staffOrg", { id: org.id }, { done: "saved" }));
    const [after] = await ctx.db.select().from(organisations).where(eq(organisations.id, org.id));
    expect(after).toMatchObject({ name: "QUADRIVIUM", status: "dissolved" });
    expect((await client.post(url("nl", "staffOrgEdit", { id: "00000000-0000-4000-8000-000000000000" }), orgForm())).status).toBe(404);
  });
});

describe("office board invitations", () => {
  it("invites into the organisation's board; another organisation's board is refused at the board field", async () => {
    const org = await makeOrg("Minerva");
    const board = await makeBoard(org.id, "2026-09-01");
    const other = await makeOrg("Augustinus");
    const otherBoard = await makeBoard(other.id, "2026-09-01");
    const { client } = await office();
    const form = (boardId: string, email: string) => ({ boardId, email, name: "", position: "chair" });
    for (const lang of LANGS) {
      await expectRejected(
        client,
        url(lang, "staffOrgInvite", { id: org.id }),
        form(otherBoard.id, "x@example.org"),
        lang,
        "boardId",
        "invalidChoice",
        {
          email: "x@example.org",
        },
      );
      await expectRejected(
        client,
        url(lang, "staffOrgInvite", { id: org.id }),
        form("nope", "x@example.org"),
        lang,
        "boardId",
        "invalidChoice",
      );
      await expectRejected(client, url(lang, "staffOrgInvite", { id: org.id }), form(board.id, "x@"), lang, "email", "invalidEmail", {
        email: "x@",
      });
    }
    const res = await client.post(url("en", "staffOrgInvite", { id: org.id }), form(board.id, "Chair@Minerva.nl"));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(url("en", "staffOrg", { id: org.id }, { done: "invited", email: "chair@minerva.nl" }));
    const [mail] = await mailsTo(ctx, "chair@minerva.nl");
    expect(mail!.template).toBe("org.invited");
    // Office invitations too give access only once accepted.
    const { client: chair } = await signedIn(ctx, "chair@minerva.nl");
    expect((await chair.get(url("nl", "org", { id: org.id }))).status).toBe(404);
    const token = new URL(linkIn(mail!.text), BASE).searchParams.get("token")!;
    expect((await chair.post(url("nl", "invitation"), { token, decision: "accept", name: "" })).status).toBe(303);
    expect((await chair.get(url("nl", "org", { id: org.id }))).status).toBe(200);
  });
});
