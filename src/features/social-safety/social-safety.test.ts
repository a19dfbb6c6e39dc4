import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { decodeHtml, errorMessage, fieldError, linkIn, mailsTo, setupApp, signedIn } from "../../../test/helpers/app.js";
import { countingDb } from "../../../test/helpers/db.js";
import * as fixtures from "../../../test/helpers/fixtures.js";
import { makeOffering } from "../../../test/helpers/trainings.js";
import { catalogs } from "../../catalogs.js";
import { DAY } from "../../core/clock.js";
import { LANGS, type Lang } from "../../core/i18n/index.js";
import { jobHandlers, schedules } from "../../jobs.js";
import { url } from "../../routes.js";
import { acceptKeyFigureInvitation, inviteKeyFigure } from "../key-figures/service.js";
import { actorOf, boardsOf, currentBoardMembers, updateOrganisation } from "../organisations/service.js";
import { listenersByOrg, listenersOf } from "../peer-listeners/service.js";
import { attendanceOf, saveAttendance } from "../training-registrations/office.js";
import { register } from "../training-registrations/service.js";
import type { Offering } from "../trainings/service.js";
import { socialSafetyPrivacy } from "./privacy.js";
import { safetyReports, safetySnapshots } from "./schema.js";
import { officeTable, safetyStatuses, saveReport, takeSnapshot, trend } from "./service.js";
import { derivedStatuses } from "./status.js";

// The programme and the workshop are found by slug: the tests name their own.
const ctx = setupApp({ SAFETY_PROGRAMME_SLUG: "ggd-programme", SAFETY_WORKSHOP_SLUG: "aok-workshop" });
const DAY_OF = "2026-11-23";

async function boardOf(name: string, email: string, personName?: string) {
  const org = await fixtures.makeOrg(ctx, name);
  const board = await fixtures.makeBoard(ctx, org.id);
  const chair = await fixtures.seat(ctx, board.id, email, { name: personName });
  return { org, board, chair };
}

const reports = async () => (await ctx.db.select({ n: count() }).from(safetyReports))[0]!.n;

/** Registers `people` of an organisation for an offering's date (or the whole package) through the registrations service. */
const signUp = (o: Offering, sessionId: string | null, orgId: string, actorId: string, people: string[], year = 2026) =>
  register(ctx.db, ctx.deps, {
    offeringId: o.id,
    sessionId,
    orgId,
    actorId,
    year,
    participants: people.map((email) => ({ name: email, email, role: "" })),
    idempotencyKey: null,
    lang: "en",
    now: ctx.clock.now(),
  });

describe("the board's report: code of conduct and policy", () => {
  const bad = {
    codeAdopted: "yes",
    codeAdoptedOn: "",
    codeUrl: "not a link",
    policy: "draft",
    policyUpdatedOn: "2030-01-01",
  };

  for (const lang of ["nl", "en"] as Lang[]) {
    it(`shows every error at once, next to its field, keeps the values and writes nothing (${lang})`, async () => {
      const { org, chair } = await boardOf(`Vereniging ${lang}`, `chair-${lang}@example.org`);
      const res = await chair.client.post(url(lang, "orgSafety", { id: org.id }), bad);
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(fieldError(html, "codeAdoptedOn")).toBe(errorMessage(lang, "safetyCodeDateRequired"));
      expect(fieldError(html, "codeUrl")).toBe(errorMessage(lang, "invalidUrl"));
      expect(fieldError(html, "policyUpdatedOn")).toBe(errorMessage(lang, "safetyDateFuture"));
      expect(fieldError(html, "policy")).toBeUndefined();
      // The summary lists them in the form's order.
      const summary = decodeHtml(html.split('class="error-summary"')[1]!.split("</ul>")[0]!);
      expect([...summary.matchAll(/href="#f-(\w+)"/g)].map((m) => m[1])).toEqual(["codeAdoptedOn", "codeUrl", "policyUpdatedOn"]);
      expect(html).toContain('value="not a link"');
      expect(html).toContain('value="2030-01-01"');
      expect(html).toMatch(/<option value="draft" selected/);
      expect(await reports()).toBe(0);
    });
  }

  it("asks for the policy's date, and for a choice where none was made", async () => {
    const { org, chair } = await boardOf("Vereniging Leeg", "chair-empty@example.org");
    const res = await chair.client.post(url("en", "orgSafety", { id: org.id }), {
      codeAdopted: "",
      policy: "adopted",
      policyUpdatedOn: "",
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(fieldError(html, "codeAdopted")).toBe(errorMessage("en", "required"));
    expect(fieldError(html, "policyUpdatedOn")).toBe(errorMessage("en", "safetyPolicyDateRequired"));
    expect(await reports()).toBe(0);
  });

  it("saves each report as a new row and says who said what, and when, per item", async () => {
    const { org, board, chair } = await boardOf("Vereniging Gamma", "chair@gamma.example.org", "Chris Chair");
    const res = await chair.client.post(url("en", "orgSafety", { id: org.id }), {
      codeAdopted: "yes",
      codeAdoptedOn: "2025-10-01",
      codeUrl: "gamma.example.org/code",
      policy: "draft",
      policyUpdatedOn: "2026-10-01",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(url("en", "orgSafety", { id: org.id }, { done: "saved" }));
    // A week later the treasurer adopts the policy; the code of conduct stays as the chair said.
    ctx.clock.advance(7 * DAY);
    const treasurer = await fixtures.seat(ctx, board.id, "treasurer@gamma.example.org", { name: "Tess Treasurer", position: "treasurer" });
    await treasurer.client.post(url("en", "orgSafety", { id: org.id }), {
      codeAdopted: "yes",
      codeAdoptedOn: "2025-10-01",
      codeUrl: "https://gamma.example.org/code",
      policy: "adopted",
      policyUpdatedOn: "2026-11-25",
    });
    expect(await reports()).toBe(2);
    const page = decodeHtml(await (await treasurer.client.get(url("en", "orgSafety", { id: org.id }))).text());
    const row = (id: string) => page.split(`id="item-${id}"`)[1]!.split("</tr>")[0]!;
    expect(row("code")).toContain("Adopted on 1 October 2025");
    expect(row("code")).toContain('href="https://gamma.example.org/code"');
    expect(row("code")).toContain("Filled in by Chris Chair (chair@gamma.example.org) on 23 November 2026");
    expect(row("policy")).toContain("Adopted, last updated on 25 November 2026");
    expect(row("policy")).toContain("Filled in by Tess Treasurer (treasurer@gamma.example.org) on 30 November 2026");
    // The form holds the latest report; the history lists both.
    expect(page).toMatch(/<option value="adopted" selected/);
    expect(page.split('id="history-title"')[1]!.match(/<tr>/g)).toHaveLength(3);
    // Another organisation's board gets a 404, and writes nothing.
    const other = await boardOf("Vereniging Delta", "chair@delta.example.org");
    expect((await other.chair.client.get(url("en", "orgSafety", { id: org.id }))).status).toBe(404);
    expect((await other.chair.client.post(url("en", "orgSafety", { id: org.id }), { codeAdopted: "no", policy: "none" })).status).toBe(404);
    expect(await reports()).toBe(2);
  });

  it("is linked from the organisation's page", async () => {
    const { org, chair } = await boardOf("Vereniging Epsilon", "chair@epsilon.example.org");
    const html = await (await chair.client.get(url("nl", "org", { id: org.id }))).text();
    expect(html).toContain(`href="${url("nl", "orgSafety", { id: org.id })}"`);
  });
});

describe("the derived items: listeners, board, programme, workshop", () => {
  it("follows registrations and attendance: waiting, registered, in progress with sessions attended, completed", async () => {
    const a = await boardOf("Vereniging A", "chair@a.example.org");
    const b = await boardOf("Vereniging B", "chair@b.example.org");
    const c = await boardOf("Vereniging C", "chair@c.example.org");
    // Room for one organisation: B waits.
    const ggd = await makeOffering(ctx, { slug: "ggd-programme", kind: "programme", format: "package", capacity: 1 }, 3);
    expect(ggd.offering.format).toBe("package");
    await signUp(ggd.offering, null, a.org.id, a.chair.user.id, ["chair@a.example.org"]);
    await signUp(ggd.offering, null, b.org.id, b.chair.user.id, ["chair@b.example.org"]);
    const ids = [a.org.id, b.org.id, c.org.id];
    const at = async () => derivedStatuses(ctx.db, ctx.deps.env, ids, DAY_OF, ctx.clock.now());

    let s = await at();
    expect(s.get(a.org.id)!.programme).toMatchObject({ state: "registered", attended: 0, total: 3 });
    expect(s.get(b.org.id)!.programme.state).toBe("waiting");
    expect(s.get(c.org.id)!.programme.state).toBe("not_started");

    // After the second date: present at the first, recorded absent at the second.
    const [d1, d2, d3] = ggd.sessions as [(typeof ggd.sessions)[number], (typeof ggd.sessions)[number], (typeof ggd.sessions)[number]];
    ctx.clock.set(new Date(d2.endsAt.getTime() + 3_600_000));
    const p1 = (await attendanceOf(ctx.db, ggd.offering, d1.id)).map((p) => p.id);
    await saveAttendance(ctx.db, { o: ggd.offering, sessionId: d1.id, present: p1, actorId: a.chair.user.id });
    await saveAttendance(ctx.db, { o: ggd.offering, sessionId: d2.id, present: [], actorId: a.chair.user.id });
    s = await at();
    expect(s.get(a.org.id)!.programme).toMatchObject({ state: "in_progress", attended: 1, total: 3 });

    // After the last date (no attendance recorded for it: a confirmed place counts): completed, two of three.
    ctx.clock.set(new Date(d3.endsAt.getTime() + 3_600_000));
    s = await at();
    expect(s.get(a.org.id)!.programme).toMatchObject({ state: "completed", attended: 2, total: 3 });
    const html = decodeHtml(
      await (await (await signedIn(ctx, "chair@a.example.org")).client.get(url("en", "orgSafety", { id: a.org.id }))).text(),
    );
    expect(html.split('id="item-programme"')[1]!.split("</tr>")[0]).toContain("Completed: 2 of 3 sessions attended");
  });

  it("counts appointed and trained listeners, the board trained this year, and the workshop attended", async () => {
    const a = await boardOf("Vereniging Luister", "chair@luister.example.org");
    await fixtures.seat(ctx, a.board.id, "sec@luister.example.org", { position: "secretary" });
    for (const email of ["peer1@luister.example.org", "peer2@luister.example.org"]) {
      await inviteKeyFigure(ctx.db, ctx.deps, {
        actor: actorOf(a.chair.user),
        orgId: a.org.id,
        input: { email, name: null, role: "peer_listener", note: null },
        today: DAY_OF,
        now: ctx.clock.now(),
      });
      const token = new URL(linkIn((await mailsTo(ctx, email))[0]!.text), "http://x").searchParams.get("token")!;
      await acceptKeyFigureInvitation(ctx.db, { token, name: "Pia Peer", lang: "en", now: ctx.clock.now() });
    }
    const aok = await makeOffering(ctx, { slug: "aok-workshop", capacity: 5, audiences: ["board_members", "key_figures"] }, 2);
    await signUp(aok.offering, aok.sessions[0]!.id, a.org.id, a.chair.user.id, ["CHAIR@luister.example.org", "peer1@luister.example.org"]);

    let s = (await derivedStatuses(ctx.db, ctx.deps.env, [a.org.id], DAY_OF, ctx.clock.now())).get(a.org.id)!;
    expect(s.listeners).toEqual({ appointed: 2, trained: 0 });
    expect(s.board).toEqual({ members: 2, trained: 0 });
    expect(s.workshop).toEqual({ attended: false, year: null });

    ctx.clock.set(new Date(aok.sessions[0]!.startsAt.getTime() + 3_600_000));
    s = (await derivedStatuses(ctx.db, ctx.deps.env, [a.org.id], DAY_OF, ctx.clock.now())).get(a.org.id)!;
    expect(s.listeners).toEqual({ appointed: 2, trained: 1 });
    expect(s.board).toEqual({ members: 2, trained: 1 });
    expect(s.workshop).toEqual({ attended: true, year: 2026 });

    // Everyone recorded absent: the workshop was not attended, and nobody is trained by it.
    await saveAttendance(ctx.db, { o: aok.offering, sessionId: aok.sessions[0]!.id, present: [], actorId: a.chair.user.id });
    s = (await derivedStatuses(ctx.db, ctx.deps.env, [a.org.id], DAY_OF, ctx.clock.now())).get(a.org.id)!;
    expect(s.workshop.attended).toBe(false);
    expect(s.listeners.trained).toBe(0);
  });
});

describe("reading many organisations at once", () => {
  /** The board invites `email` as peer listener and the invitee accepts. */
  async function appoint(orgId: string, chair: { id: string; name: string | null; email: string }, email: string) {
    const input = { email, name: null, role: "peer_listener" as const, note: null };
    await inviteKeyFigure(ctx.db, ctx.deps, { actor: actorOf(chair), orgId, input, today: DAY_OF, now: ctx.clock.now() });
    const token = new URL(linkIn((await mailsTo(ctx, email))[0]!.text), "http://x").searchParams.get("token")!;
    await acceptKeyFigureInvitation(ctx.db, { token, name: null, lang: "en", now: ctx.clock.now() });
  }

  it("costs the same few queries for 2 organisations as for 8, and gives each what it gives alone", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const { org, chair } = await boardOf(`Vereniging ${i}`, `chair${i}@v${i}.example.org`);
      ids.push(org.id);
      for (let j = 0; j < i % 3; j++) await appoint(org.id, chair.user, `peer${j}@v${i}.example.org`);
    }
    // One with boards before and after the current one: only the current board's members count.
    const past = await fixtures.makeBoard(ctx, ids[7]!, "2025-09-01");
    await fixtures.seat(ctx, past.id, "old@v7.example.org");
    const incoming = await fixtures.makeBoard(ctx, ids[7]!, "2027-09-01");
    await fixtures.seat(ctx, incoming.id, "new1@v7.example.org");
    await fixtures.seat(ctx, incoming.id, "new2@v7.example.org", { position: "treasurer" });
    // One without any board, and one whose only board has not started.
    ids.push((await fixtures.makeOrg(ctx, "Zonder Bestuur")).id);
    const later = await fixtures.makeOrg(ctx, "Later Bestuur");
    await fixtures.seat(ctx, (await fixtures.makeBoard(ctx, later.id, "2027-09-01")).id, "later@example.org");
    ids.push(later.id);

    const counting = await countingDb(ctx.db);
    const now = ctx.clock.now();
    await derivedStatuses(counting.db, ctx.deps.env, ids.slice(0, 2), DAY_OF, now);
    const few = counting.queries();
    const all = await derivedStatuses(counting.db, ctx.deps.env, ids, DAY_OF, now);
    expect(counting.queries() - few).toBe(few);

    for (const id of ids) expect(all.get(id)).toEqual((await derivedStatuses(ctx.db, ctx.deps.env, [id], DAY_OF, now)).get(id));
    expect(ids.map((id) => all.get(id)!.listeners.appointed)).toEqual([0, 1, 2, 0, 1, 2, 0, 1, 0, 0]);
    expect(ids.map((id) => all.get(id)!.board.members)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 0, 0]);

    // The owners' batched reads agree with their one-organisation reads.
    const listeners = await listenersByOrg(ctx.db, ids, now);
    for (const id of ids) expect(listeners.get(id)).toEqual(await listenersOf(ctx.db, id, now));
    const members = await currentBoardMembers(ctx.db, ids, DAY_OF);
    for (const id of ids) {
      const current = (await boardsOf(ctx.db, id, DAY_OF)).find((b) => b.state === "current");
      expect(
        members
          .get(id)!
          .map((m) => m.email)
          .sort(),
      ).toEqual((current?.members ?? []).map((m) => m.email).sort());
    }
    expect(members.get(ids[7]!)!.map((m) => m.email)).toEqual(["chair7@v7.example.org"]);
  });
});

describe("the office: table, filters, CSV, chart", () => {
  async function community() {
    const staff = await signedIn(ctx, "staff@office.example.org", { staffRole: "staff" });
    const good = await boardOf("Alpha", "chair@alpha.example.org");
    const old = await boardOf("Beta", "chair@beta.example.org");
    const none = await boardOf('=HYPERLINK("http://evil.example")', "chair@evil.example.org");
    const now = ctx.clock.now();
    await saveReport(ctx.db, {
      orgId: good.org.id,
      actorId: good.chair.user.id,
      input: { codeAdopted: true, codeAdoptedOn: "2025-01-01", codeUrl: null, policy: "adopted", policyUpdatedOn: "2026-01-01" },
      now,
    });
    await saveReport(ctx.db, {
      orgId: old.org.id,
      actorId: old.chair.user.id,
      input: { codeAdopted: false, codeAdoptedOn: null, codeUrl: null, policy: "adopted", policyUpdatedOn: "2024-01-01" },
      now,
    });
    return { staff, good, old, none };
  }
  const names = (html: string) =>
    [...decodeHtml(html.split('id="safety-table"')[1]?.split("</table>")[0] ?? "").matchAll(/<th scope="row"><a[^>]*>(.*?)<\/a>/g)].map(
      (m) => m[1],
    );

  it("filters: no code of conduct, policy older than two years, no trained listener", async () => {
    const { staff } = await community();
    const get = async (filter?: string) =>
      names(await (await staff.client.get(url("en", "staffSafety", {}, filter ? { filter } : {}))).text());
    expect(await get()).toEqual(['=HYPERLINK("http://evil.example")', "Alpha", "Beta"]);
    expect(await get("noCode")).toEqual(['=HYPERLINK("http://evil.example")', "Beta"]);
    expect(await get("policyOld")).toEqual(["Beta"]);
    expect(await get("noPolicy")).toEqual(['=HYPERLINK("http://evil.example")']);
    expect(await get("noTrainedListener")).toEqual(['=HYPERLINK("http://evil.example")', "Alpha", "Beta"]);
    // Junk in the query is the unfiltered list.
    expect(await get("nonsense")).toHaveLength(3);
  });

  it("points the way: the listeners step links the key-figures page and the guidance; the office home counts who lacks a trained listener", async () => {
    const { staff, good } = await community();
    for (const lang of LANGS) {
      const page = decodeHtml(await (await good.chair.client.get(url(lang, "orgSafety", { id: good.org.id }))).text());
      const steps = page.split('id="next-steps"')[1]!.split("</ul>")[0]!.split("<li>");
      const step = steps.find((li) => li.includes(catalogs[lang].safety.page.next.listeners))!;
      expect(step).toContain(`href="${url(lang, "orgKeyFigures", { id: good.org.id })}"`);
      expect(step).toContain(`href="${url(lang, "guidance")}">${catalogs[lang].safety.page.guidanceLink}</a>`);
      expect(steps.find((li) => li.includes(catalogs[lang].safety.page.next.board))).not.toContain(url(lang, "guidance"));
    }
    const homeLine = async (lang: Lang) => {
      const html = decodeHtml(await (await staff.client.get(url(lang, "staffHome"))).text());
      const href = url(lang, "staffSafety", {}, { filter: "noTrainedListener" });
      return html.match(new RegExp(`<a href="${href.replace(/[?]/g, "\\?")}">([^<]*)</a>`))?.[1];
    };
    expect(await homeLine("en")).toBe("3 organisations without a trained listener");
    expect(await homeLine("nl")).toBe(catalogs.nl.safety.office.withoutTrainedListener(3));
    // The link leads to those organisations in the table.
    expect(names(await (await staff.client.get(url("en", "staffSafety", {}, { filter: "noTrainedListener" }))).text())).toHaveLength(3);
    // A dissolved organisation is not counted.
    await updateOrganisation(ctx.db, staff.user.id, good.org.id, { status: "dissolved" }, ctx.clock.now());
    expect(await homeLine("en")).toBe("2 organisations without a trained listener");
  });

  it("pages through the organisations without cutting any off", async () => {
    const staff = await signedIn(ctx, "staff@office.example.org", { staffRole: "staff" });
    for (let i = 0; i < 27; i++) await fixtures.makeOrg(ctx, `Org ${String(i).padStart(2, "0")}`);
    const one = await (await staff.client.get(url("en", "staffSafety"))).text();
    const two = await (await staff.client.get(url("en", "staffSafety", {}, { page: "2" }))).text();
    expect(names(one)).toHaveLength(25);
    expect(names(two)).toEqual(["Org 25", "Org 26"]);
    expect(one).toContain("27 organisations");
  });

  it("exports the filtered table as CSV, with formula cells neutralised", async () => {
    const { staff } = await community();
    const res = await staff.client.get(url("nl", "staffSafetyCsv", {}, { filter: "noCode" }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const lines = (await res.text())
      .replace(/^\uFEFF/, "")
      .split("\r\n")
      .filter(Boolean);
    expect(lines[0]!.split(";")[0]).toBe("Organisatie");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^"'=HYPERLINK\(""http:\/\/evil\.example""\)";/);
    expect(lines[2]!.split(";").slice(0, 7)).toEqual(["Beta", "Nee", "", "2026-11-23", "Vastgesteld", "2024-01-01", "2026-11-23"]);
  });

  it("draws the years as an accessible SVG whose numbers are the table's", async () => {
    const { staff, good, old } = await community();
    // Last year: a snapshot of two organisations, one with its policy adopted.
    const taken = new Date("2026-08-31T12:00:00Z");
    await ctx.db.insert(safetySnapshots).values([
      {
        organisationId: good.org.id,
        year: 2025,
        codeAdopted: true,
        policyAdopted: true,
        listenerTrained: false,
        boardTrained: true,
        programme: "completed",
        workshop: true,
        takenAt: taken,
      },
      {
        organisationId: old.org.id,
        year: 2025,
        codeAdopted: false,
        policyAdopted: false,
        listenerTrained: false,
        boardTrained: false,
        programme: "not_started",
        workshop: false,
        takenAt: taken,
      },
    ]);
    const html = decodeHtml(await (await staff.client.get(url("en", "staffSafety"))).text());
    const svg = html.split("<svg")[1]!.split("</svg>")[0]!;
    expect(svg).toMatch(/role="img"/);
    expect(svg).toMatch(/aria-labelledby="trend-title trend-desc"/);
    expect(svg).toContain('<title id="trend-title">The community over the academic years</title>');
    expect(svg).toContain("Policy adopted: 2025-2026 50%, 2026-2027 67%");
    expect(svg).toContain(">50%</text>");
    expect(svg).toContain(">67%</text>");
    expect(svg).toContain(">2025-2026</text>");
    const table = html.split('id="trend-table"')[1]!.split("</table>")[0]!;
    const rows = [...table.matchAll(/<tr><th scope="row">(.*?)<\/th>(.*?)<\/tr>/gs)].map((m) => [
      m[1],
      ...[...m[2]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => c[1]),
    ]);
    expect(rows).toEqual([
      ["2025-2026", "2", "50% (1)", "50% (1)", "0% (0)", "50% (1)"],
      ["2026-2027", "3", "67% (2)", "33% (1)", "0% (0)", "0% (0)"],
    ]);
  });

  it("keeps each year's snapshot: the daily job rewrites this year's, the chart reads past years from them", async () => {
    const { good } = await community();
    // The daily job takes it.
    expect(schedules.find((x) => x.name === "socialSafety.snapshot")?.everyMs).toBe(DAY);
    await jobHandlers(ctx.deps)["socialSafety.snapshot"]!({}, {} as never);
    expect((await ctx.db.select({ n: count() }).from(safetySnapshots))[0]!.n).toBe(3);
    expect(await takeSnapshot(ctx.db, ctx.deps.env, DAY_OF, ctx.clock.now())).toBe(3);
    expect(await takeSnapshot(ctx.db, ctx.deps.env, DAY_OF, ctx.clock.now())).toBe(3);
    const rows = await ctx.db.select().from(safetySnapshots).where(eq(safetySnapshots.organisationId, good.org.id));
    expect(rows).toMatchObject([{ year: 2026, policyAdopted: true, codeAdopted: true }]);
    // A year on, the policy is dropped; 2026's snapshot still says adopted.
    await saveReport(ctx.db, {
      orgId: good.org.id,
      actorId: good.chair.user.id,
      input: { codeAdopted: true, codeAdoptedOn: "2025-01-01", codeUrl: null, policy: "none", policyUpdatedOn: null },
      now: ctx.clock.now(),
    });
    const next = "2027-10-01";
    const current = (await officeTable(ctx.db, ctx.deps.env, { page: 1, perPage: 25, day: next, now: ctx.clock.now() })).everyone;
    const years = await trend(ctx.db, ctx.deps.env, next, current);
    expect(years.map((y) => [y.year, y.organisations, y.policyAdopted])).toEqual([
      [2026, 3, 2],
      [2027, 3, 1],
    ]);
    expect(
      (await safetyStatuses(ctx.db, ctx.deps.env, [{ id: good.org.id, name: "Alpha" }], next, ctx.clock.now()))[0]!.policy?.status,
    ).toBe("none");
  });
});

describe("personal data: who reported", () => {
  it("exports my reports, and on erasing keeps them without my name", async () => {
    const { org, chair } = await boardOf("Vereniging Zeta", "chair@zeta.example.org", "Zoe Zeta");
    await saveReport(ctx.db, {
      orgId: org.id,
      actorId: chair.user.id,
      input: { codeAdopted: false, codeAdoptedOn: null, codeUrl: null, policy: "draft", policyUpdatedOn: "2026-10-01" },
      now: ctx.clock.now(),
    });
    const who = { id: chair.user.id, email: chair.user.email, name: "Zoe Zeta" };
    expect(await socialSafetyPrivacy.export(ctx.db, who)).toMatchObject({
      reports: [{ organisation: "Vereniging Zeta", policy: "draft", policyUpdatedOn: "2026-10-01" }],
    });
    await socialSafetyPrivacy.erase(ctx.db, who, ctx.clock.now());
    expect(await ctx.db.select({ by: safetyReports.reportedBy }).from(safetyReports)).toEqual([{ by: null }]);
    const [s] = await safetyStatuses(ctx.db, ctx.deps.env, [{ id: org.id, name: org.name }], DAY_OF, ctx.clock.now());
    expect(s!.policy).toMatchObject({ status: "draft", said: { by: null } });
  });
});
