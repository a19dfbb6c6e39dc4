import { asc, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
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
import { LANGS, type Lang } from "../../core/i18n/index.js";
import { outbox } from "../../core/mail/schema.js";
import { url } from "../../routes.js";
import { auditLog } from "../audit/schema.js";
import { users } from "../auth/schema.js";
import { boardInvitations } from "../invitations/schema.js";
import { boardMembers, boards, organisations } from "../organisations/schema.js";
import { academicYearOf, type OrgInput, type Position } from "../organisations/service.js";
import { orgRequests } from "./schema.js";
import { decideRequest, requestRegistration } from "./service.js";

const ctx = setupApp();
const T = catalogs;
const TODAY = "2026-11-23";

// Browsers send every field of a form, empty or not; these fill in the ones a test leaves out.
const joinForm = (o: Record<string, string>) => ({ organisationId: "", position: "", message: "", ...o });
const decideForm = (o: Record<string, string>) => ({ decision: "", reason: "", ...o });

// ---------- fixtures ----------

const makeOrg = (name: string, extra: Partial<OrgInput> = {}) => fixtures.makeOrg(ctx, name, extra);
const makeBoard = (orgId: string, startsOn = "2026-09-01") => fixtures.makeBoard(ctx, orgId, startsOn);
const seat = (boardId: string, email: string, opts: { lang?: Lang; name?: string; position?: Position } = {}) =>
  fixtures.seat(ctx, boardId, email, opts);

/** A signed-in student (not on any board), with a language. */
async function student(email: string, lang: Lang = "nl", name?: string) {
  const s = await signedIn(ctx, email, { name });
  await ctx.db.update(users).set({ lang }).where(eq(users.id, s.user.id));
  return s;
}

const staffMember = () => signedIn(ctx, "office@vangnet.example.org", { staffRole: "staff", name: "Olga Office" });

/** Row counts of everything a form could write, and who has an office role. */
async function counts() {
  const [o] = await ctx.db.select({ n: count() }).from(organisations);
  const [b] = await ctx.db.select({ n: count() }).from(boards);
  const [m] = await ctx.db.select({ n: count() }).from(boardMembers);
  const [r] = await ctx.db.select({ n: count() }).from(orgRequests);
  const [x] = await ctx.db.select({ n: count() }).from(outbox);
  const [a] = await ctx.db.select({ n: count() }).from(auditLog);
  const [u] = await ctx.db.select({ n: count() }).from(users);
  const [i] = await ctx.db.select({ n: count() }).from(boardInvitations);
  const staff = await ctx.db.select({ email: users.email, role: users.staffRole }).from(users).orderBy(asc(users.email));
  return {
    organisations: o!.n,
    boards: b!.n,
    members: m!.n,
    requests: r!.n,
    outbox: x!.n,
    audit: a!.n,
    users: u!.n,
    invitations: i!.n,
    staff,
  };
}

const membersOf = (boardId: string) =>
  ctx.db
    .select({ userId: boardMembers.userId, position: boardMembers.position, invitedBy: boardMembers.invitedBy, email: users.email })
    .from(boardMembers)
    .innerJoin(users, eq(users.id, boardMembers.userId))
    .where(eq(boardMembers.boardId, boardId))
    .orderBy(asc(users.email));

const auditOf = (orgId: string) => ctx.db.select().from(auditLog).where(eq(auditLog.organisationId, orgId)).orderBy(asc(auditLog.id));

// ---------- reading rendered forms ----------

/** The value a re-rendered form shows for `field` (an input, a text area or a select). */
function shownValue(html: string, field: string) {
  const input = html.match(new RegExp(`<input[^>]*id="f-${field}"[^>]*>`))?.[0]?.match(/\svalue="([^"]*)"/)?.[1];
  if (input !== undefined) return decodeHtml(input);
  const area = html.match(new RegExp(`<textarea[^>]*id="f-${field}"[^>]*>([^<]*)</textarea>`))?.[1];
  if (area !== undefined) return decodeHtml(area);
  const select = html.match(new RegExp(`<select[^>]*id="f-${field}"[^>]*>([\\s\\S]*?)</select>`))?.[1];
  return select?.match(/<option value="([^"]*)" selected/)?.[1];
}

/** POSTs bad input and checks: 422, the localized message at the field, the page's language, the typed values kept, nothing written. */
async function expectRejected(
  client: Client,
  path: string,
  form: Record<string, string>,
  lang: Lang,
  field: string,
  key: ExpectedError,
  kept: Record<string, string> = {},
) {
  const before = await counts();
  const res = await client.post(path, form);
  const html = await res.text();
  expect(res.status, `${path} ${field}`).toBe(422);
  const error = fieldError(html, field);
  expect(error === undefined ? undefined : decodeHtml(error), `${path} ${field}`).toBe(errorMessage(lang, key));
  expect(html).toContain(`<html lang="${lang}">`);
  for (const [name, value] of Object.entries(kept)) expect(shownValue(html, name), `${path}: value of ${name} kept`).toBe(value);
  expect(await counts()).toEqual(before);
  return html;
}

// ---------- service rules ----------

describe("deciding a request", () => {
  it("decideRequest on a request that is no longer pending returns null and sends nothing", async () => {
    const { user } = await student("sam@student.example.org");
    const req = await requestRegistration(ctx.db, ctx.deps, {
      user: { ...user, lang: "nl" },
      data: { name: "Minerva", kind: "sports", lang: "nl" },
      position: "chair",
      message: null,
    });
    const { user: staff } = await staffMember();
    const decide = () =>
      decideRequest(ctx.db, ctx.deps, {
        actorId: staff.id,
        requestId: req.id,
        approve: true,
        reason: null,
        today: TODAY,
        now: ctx.clock.now(),
      });
    expect(await decide()).not.toBeNull();
    const before = await counts();
    expect(await decide()).toBeNull();
    expect(await counts()).toEqual(before);
  });
});

// ---------- requests ----------

describe("registration requests", () => {
  const form = {
    name: "Minerva",
    kind: "student_association",
    faculty: "",
    website: "minerva.nl",
    contactUrl: "",
    email: "Bestuur@Minerva.nl",
    lang: "nl",
    memberCount: "1200",
    position: "chair",
    message: "Graag toevoegen",
  };

  async function submitted() {
    const sam = await student("sam@student.example.org", "en", "Sam Student");
    const res = await sam.client.post(url("en", "orgRegister"), form);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/en/my?done=requested");
    const [req] = await ctx.db.select().from(orgRequests);
    return { sam, req: req! };
  }

  it("stores a pending request and mails the office and the requester", async () => {
    const { sam, req } = await submitted();
    expect(req).toMatchObject({ kind: "register", status: "pending", userId: sam.user.id, position: "chair", message: "Graag toevoegen" });
    expect(req.data).toMatchObject({
      name: "Minerva",
      kind: "student_association",
      website: "https://minerva.nl",
      email: "bestuur@minerva.nl",
      memberCount: 1200,
      lang: "nl",
    });
    expect((await counts()).organisations).toBe(0);

    const office = await mailsTo(ctx, ctx.deps.env.OFFICE_EMAIL);
    expect(office).toHaveLength(1);
    expect(office[0]).toMatchObject({ template: "org.request-office", lang: ctx.deps.env.OFFICE_LANG });
    expect(office[0]!.subject).toBe(T[ctx.deps.env.OFFICE_LANG].requests.mail.requestOfficeSubject("Minerva"));
    expect(office[0]!.text).toContain("Sam Student");
    expect(linkIn(office[0]!.text)).toBe(url(ctx.deps.env.OFFICE_LANG, "staffRequests"));

    const mine = await mailsTo(ctx, "sam@student.example.org");
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ template: "org.request-received", lang: "en", subject: T.en.requests.mail.requestReceivedSubject });
    expect(mine[0]!.text).toContain("Minerva");

    const dash = await (await sam.client.get("/en/my?done=requested")).text();
    expect(dash).toContain(T.en.requests.register.sent);
    expect(dash).toContain(T.en.requests.dashboard.requestRegister("Minerva"));
    expect(dash).toContain(T.en.requests.dashboard.requestStatus.pending);
  });

  it("approval creates the organisation and this year's board with the requester, mails them and gives access", async () => {
    const { sam, req } = await submitted();
    const { client: office, user: staff } = await staffMember();
    const list = await (await office.get(url("nl", "staffRequests"))).text();
    expect(list).toContain("Minerva");
    expect(list).toContain("sam@student.example.org");

    const res = await office.post(url("nl", "staffRequest", { id: req.id }), decideForm({ decision: "approve", reason: "" }));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/nl/kantoor/aanvragen?done=approved");

    const [org] = await ctx.db.select().from(organisations);
    expect(org).toMatchObject({
      name: "Minerva",
      website: "https://minerva.nl",
      email: "bestuur@minerva.nl",
      memberCount: 1200,
      status: "active",
    });
    const orgBoards = await ctx.db.select().from(boards).where(eq(boards.organisationId, org!.id));
    expect(orgBoards).toHaveLength(1);
    expect(orgBoards[0]!.year).toBe(2026);
    expect(orgBoards[0]!.startsOn <= TODAY).toBe(true);
    expect(academicYearOf(orgBoards[0]!.startsOn, "09-01")).toBe(2026);
    expect(await membersOf(orgBoards[0]!.id)).toEqual([
      { userId: sam.user.id, email: "sam@student.example.org", position: "chair", invitedBy: staff.id },
    ]);
    const [decided] = await ctx.db.select().from(orgRequests);
    expect(decided).toMatchObject({ status: "approved", organisationId: org!.id, decidedBy: staff.id });

    const [approved] = await mailsTo(ctx, "sam@student.example.org");
    expect(approved).toMatchObject({
      template: "org.request-approved",
      lang: "en",
      subject: T.en.requests.mail.approvedSubject("Minerva"),
    });
    expect(linkIn(approved!.text)).toBe("/en/my");

    const page = await sam.client.get(url("en", "org", { id: org!.id }));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<h1>Minerva</h1>");
    const dash = await (await sam.client.get(url("en", "dashboard"))).text();
    expect(dash).toContain(`href="${url("en", "org", { id: org!.id })}"`);
    expect(dash).toContain(T.en.requests.dashboard.requestStatus.approved);

    const actions = (await auditOf(org!.id)).map((a) => a.action).sort();
    expect(actions).toEqual(["board.create", "organisation.create", "request.approve"]);
  });

  it("declining needs a reason: 422 with a localized error, nothing changed", async () => {
    const { req } = await submitted();
    const { client: office } = await staffMember();
    for (const lang of LANGS) {
      const html = await expectRejected(
        office,
        url(lang, "staffRequest", { id: req.id }),
        decideForm({ decision: "decline", reason: "   " }),
        lang,
        "reason",
        "reasonRequired",
      );
      expect(html).toContain(T[lang].errors.summaryTitle);
    }
    const [still] = await ctx.db.select().from(orgRequests);
    expect(still!.status).toBe("pending");
  });

  it("a decline mails the reason and shows it on the requester's dashboard", async () => {
    const { sam, req } = await submitted();
    const { client: office } = await staffMember();
    const reason = "Deze vereniging staat al onder een andere naam in Vangnet.";
    const res = await office.post(url("en", "staffRequest", { id: req.id }), decideForm({ decision: "decline", reason }));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/en/office/requests?done=declined");
    const [row] = await ctx.db.select().from(orgRequests);
    expect(row).toMatchObject({ status: "declined", reason });
    expect((await counts()).organisations).toBe(0);
    const [mail] = await mailsTo(ctx, "sam@student.example.org");
    expect(mail).toMatchObject({ template: "org.request-declined", subject: T.en.requests.mail.declinedSubject("Minerva") });
    expect(mail!.text).toContain(T.en.requests.mail.reason(reason));
    const dash = await (await sam.client.get("/en/my")).text();
    expect(dash).toContain(T.en.requests.dashboard.requestStatus.declined);
    expect(dash).toContain(reason);
  });

  it("deciding twice is harmless: the second decision is a 404 and only one mail goes out", async () => {
    const { req } = await submitted();
    const { client: office } = await staffMember();
    const path = url("nl", "staffRequest", { id: req.id });
    expect((await office.post(path, decideForm({ decision: "approve" }))).status).toBe(303);
    const after = await counts();
    expect((await office.post(path, decideForm({ decision: "approve" }))).status).toBe(404);
    expect((await office.post(path, decideForm({ decision: "decline", reason: "Toch niet" }))).status).toBe(404);
    expect(await counts()).toEqual(after);
    const templates = (await mailsTo(ctx, "sam@student.example.org")).map((m) => m.template).sort();
    expect(templates).toEqual(["org.request-approved", "org.request-received"]);
    const [row] = await ctx.db.select().from(orgRequests);
    expect(row!.status).toBe("approved");
  });

  it("approving when the name has been taken meanwhile is refused with a localized error and keeps the request pending", async () => {
    const { req } = await submitted();
    await makeOrg("MINERVA");
    const { client: office } = await staffMember();
    for (const lang of LANGS) {
      const before = await counts();
      const res = await office.post(url(lang, "staffRequest", { id: req.id }), decideForm({ decision: "approve" }));
      expect(res.status).toBe(422);
      expect(decodeHtml(await res.text())).toContain(T[lang].errors.duplicateName);
      expect(await counts()).toEqual(before);
    }
    const [row] = await ctx.db.select().from(orgRequests);
    expect(row!.status).toBe("pending");
  });
});

describe("join requests", () => {
  it("approval adds the requester to the current board (not the incoming one)", async () => {
    const org = await makeOrg("Augustinus");
    const current = await makeBoard(org.id, "2026-09-01");
    const incoming = await makeBoard(org.id, "2027-09-01");
    await seat(current.id, "chair@augustinus.nl");
    const sam = await student("sam@student.example.org", "nl");

    const res = await sam.client.post(
      url("nl", "orgJoin"),
      joinForm({
        organisationId: org.id,
        position: "treasurer",
        message: "Ik ben penningmeester",
      }),
    );
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/nl/mijn?done=requested");
    const [req] = await ctx.db.select().from(orgRequests);
    expect(req).toMatchObject({ kind: "join", organisationId: org.id, position: "treasurer", status: "pending" });
    const [office] = await mailsTo(ctx, ctx.deps.env.OFFICE_EMAIL);
    expect(office!.subject).toBe(T.nl.requests.mail.requestOfficeSubject("Augustinus"));
    expect((await mailsTo(ctx, "sam@student.example.org"))[0]!.template).toBe("org.request-received");
    expect((await sam.client.get(url("nl", "org", { id: org.id }))).status).toBe(404);

    const { client: staff } = await staffMember();
    expect((await staff.post(url("nl", "staffRequest", { id: req!.id }), decideForm({ decision: "approve" }))).status).toBe(303);
    expect((await membersOf(current.id)).map((m) => [m.email, m.position])).toEqual([
      ["chair@augustinus.nl", "chair"],
      ["sam@student.example.org", "treasurer"],
    ]);
    expect(await membersOf(incoming.id)).toEqual([]);
    const [mail] = await mailsTo(ctx, "sam@student.example.org");
    expect(mail).toMatchObject({ template: "org.request-approved", subject: T.nl.requests.mail.approvedSubject("Augustinus") });
    expect((await sam.client.get(url("nl", "org", { id: org.id }))).status).toBe(200);
    expect(await (await sam.client.get(url("nl", "dashboard"))).text()).toContain(`href="${url("nl", "org", { id: org.id })}"`);
  });

  it("approval for an organisation without a board creates this academic year's board", async () => {
    const org = await makeOrg("Augustinus");
    const sam = await student("sam@student.example.org");
    expect((await sam.client.post(url("nl", "orgJoin"), joinForm({ organisationId: org.id, position: "chair" }))).status).toBe(303);
    const [req] = await ctx.db.select().from(orgRequests);
    const { client: staff } = await staffMember();
    expect((await staff.post(url("en", "staffRequest", { id: req!.id }), decideForm({ decision: "approve" }))).status).toBe(303);
    const [board] = await ctx.db.select().from(boards).where(eq(boards.organisationId, org.id));
    expect(board!.year).toBe(2026);
    expect((await membersOf(board!.id)).map((m) => m.email)).toEqual(["sam@student.example.org"]);
    expect((await sam.client.get(url("en", "org", { id: org.id }))).status).toBe(200);
  });
});

// ---------- forms with bad input ----------

describe("registration form with bad input", () => {
  const valid = {
    name: "Quadrivium",
    kind: "study_association",
    faculty: "Wiskunde",
    website: "",
    contactUrl: "",
    email: "",
    lang: "en",
    memberCount: "",
    position: "chair",
    message: "Hallo",
  };
  const cases: { set: Record<string, string>; field: string; key: ExpectedError; kept?: Record<string, string> }[] = [
    { set: { name: "MINERVA" }, field: "name", key: "duplicateName", kept: { name: "MINERVA" } },
    { set: { name: "  " }, field: "name", key: "required" },
    { set: { name: "x".repeat(121) }, field: "name", key: ["maxLength", { max: 120 }], kept: { name: "x".repeat(121) } },
    { set: { website: "not a url" }, field: "website", key: "invalidUrl", kept: { website: "not a url" } },
    { set: { contactUrl: "http://localhost" }, field: "contactUrl", key: "invalidUrl", kept: { contactUrl: "http://localhost" } },
    { set: { email: "bestuur@" }, field: "email", key: "invalidEmail", kept: { email: "bestuur@" } },
    { set: { memberCount: "lots" }, field: "memberCount", key: "invalidNumber", kept: { memberCount: "lots" } },
    { set: { memberCount: "0" }, field: "memberCount", key: ["numberMin", { min: 1 }], kept: { memberCount: "0" } },
    { set: { memberCount: "100001" }, field: "memberCount", key: ["numberMax", { max: 100_000 }], kept: { memberCount: "100001" } },
    { set: { kind: "spaceship" }, field: "kind", key: "invalidChoice" },
    { set: { lang: "fr" }, field: "lang", key: "invalidChoice" },
    { set: { position: "emperor" }, field: "position", key: "invalidChoice" },
  ];

  it("answers 422 with the localized error at the field, keeps the values and writes nothing", async () => {
    await makeOrg("Minerva");
    const sam = await student("sam@student.example.org");
    for (const lang of LANGS) {
      for (const c of cases) {
        const kept = { faculty: "Wiskunde", message: "Hallo", kind: c.field === "kind" ? undefined : "study_association", ...c.kept };
        if (c.field !== "name") Object.assign(kept, { name: "Quadrivium" });
        await expectRejected(
          sam.client,
          url(lang, "orgRegister"),
          { ...valid, ...c.set },
          lang,
          c.field,
          c.key,
          Object.fromEntries(Object.entries(kept).filter((e): e is [string, string] => e[1] !== undefined)),
        );
      }
    }
    expect(T.nl.errors.duplicateName).not.toBe(T.en.errors.duplicateName);
  });
});

describe("join form with bad input", () => {
  it("answers 422 with the localized error at the field and writes nothing", async () => {
    const open = await makeOrg("Augustinus");
    const gone = await makeOrg("Gone", { status: "dissolved" });
    const sam = await student("sam@student.example.org");
    for (const lang of LANGS) {
      const path = url(lang, "orgJoin");
      await expectRejected(
        sam.client,
        path,
        joinForm({ organisationId: "", position: "chair", message: "Ik zit erin" }),
        lang,
        "organisationId",
        "required",
        {
          message: "Ik zit erin",
        },
      );
      await expectRejected(
        sam.client,
        path,
        joinForm({ organisationId: "00000000-0000-4000-8000-000000000000", position: "chair" }),
        lang,
        "organisationId",
        "invalidChoice",
      );
      await expectRejected(
        sam.client,
        path,
        joinForm({ organisationId: "not-a-uuid", position: "chair" }),
        lang,
        "organisationId",
        "invalidChoice",
      );
      const html = await expectRejected(
        sam.client,
        path,
        joinForm({ organisationId: gone.id, position: "chair" }),
        lang,
        "organisationId",
        "invalidChoice",
      );
      expect(html).not.toContain(`value="${gone.id}"`);
      await expectRejected(
        sam.client,
        path,
        joinForm({ organisationId: open.id, position: "emperor", message: "Hoi" }),
        lang,
        "position",
        "invalidChoice",
        {
          organisationId: open.id,
          message: "Hoi",
        },
      );
      await expectRejected(sam.client, path, joinForm({ organisationId: open.id, position: "" }), lang, "position", "required", {
        organisationId: open.id,
      });
    }
  });
});

describe("the request forms report every error at once, in the order of their fields", () => {
  /** The fields the error summary links to, in its order. */
  const summaryOrder = (html: string) =>
    [...(html.match(/<div class="error-summary"[\s\S]*?<\/div>/)?.[0] ?? "").matchAll(/href="#f-([^"]+)"/g)].map((m) => m[1]);

  /** POSTs a form with a schema error and a domain problem: 422, both errors in one response in field order, values kept, nothing written. */
  async function expectAll(
    client: Client,
    lang: Lang,
    path: string,
    form: Record<string, string>,
    errors: [string, ExpectedError][],
    kept: Record<string, string>,
  ) {
    const before = await counts();
    const res = await client.post(path, form);
    expect(res.status, path).toBe(422);
    const html = await res.text();
    for (const [field, key] of errors) expect(decodeHtml(fieldError(html, field) ?? ""), `${path} ${field}`).toBe(errorMessage(lang, key));
    expect(summaryOrder(html), path).toEqual(errors.map(([field]) => field));
    for (const [name, value] of Object.entries(kept)) expect(shownValue(html, name), `${path}: value of ${name} kept`).toBe(value);
    expect(await counts()).toEqual(before);
  }

  it("join: a dissolved organisation together with the schema's errors", async () => {
    const gone = await makeOrg("Gone", { status: "dissolved" });
    const sam = await student("sam@student.example.org");
    for (const lang of LANGS)
      await expectAll(
        sam.client,
        lang,
        url(lang, "orgJoin"),
        joinForm({ organisationId: gone.id, position: "", message: "x".repeat(1001) }),
        [
          ["organisationId", "invalidChoice"],
          ["position", "required"],
          ["message", ["maxLength", { max: 1000 }]],
        ],
        { message: "x".repeat(1001) },
      );
  });

  it("join: an open request for the same organisation together with the schema's errors", async () => {
    const minerva = await makeOrg("Minerva");
    const sam = await student("sam@student.example.org");
    expect((await sam.client.post(url("nl", "orgJoin"), joinForm({ organisationId: minerva.id, position: "secretary" }))).status).toBe(303);
    for (const lang of LANGS)
      await expectAll(
        sam.client,
        lang,
        url(lang, "orgJoin"),
        joinForm({ organisationId: minerva.id, position: "emperor", message: "Nog eens" }),
        [
          ["organisationId", "requestPending"],
          ["position", "invalidChoice"],
        ],
        { organisationId: minerva.id, message: "Nog eens" },
      );
  });

  it("registration: an open registration of the same name (or a look-alike) together with the schema's errors", async () => {
    const sam = await student("sam@student.example.org");
    const form = (o: Record<string, string>) => ({
      name: "Quadrivium",
      kind: "sports",
      faculty: "",
      website: "",
      contactUrl: "",
      email: "",
      lang: "nl",
      memberCount: "",
      position: "chair",
      message: "",
      ...o,
    });
    expect((await sam.client.post(url("en", "orgRegister"), form({}))).status).toBe(303);
    for (const lang of LANGS)
      await expectAll(
        sam.client,
        lang,
        url(lang, "orgRegister"),
        form({ name: "QUADRIVIUM", website: "not a url", position: "" }),
        [
          ["name", "requestPending"],
          ["website", "invalidUrl"],
          ["position", "required"],
        ],
        { name: "QUADRIVIUM", website: "not a url" },
      );
  });
});

// ---------- the office's decisions ----------

describe("office request decisions with bad input", () => {
  async function pending() {
    const { user } = await signedIn(ctx, "sam@student.example.org");
    return requestRegistration(ctx.db, ctx.deps, {
      user,
      data: { name: "Minerva", kind: "other", lang: "nl" },
      position: "chair",
      message: null,
    });
  }

  it("decline without a reason, a too long reason, or an unknown decision: 422, localized, nothing written", async () => {
    const req = await pending();
    const { client } = await staffMember();
    const long = "r".repeat(1001);
    for (const lang of LANGS) {
      const path = url(lang, "staffRequest", { id: req.id });
      await expectRejected(client, path, { decision: "decline", reason: "" }, lang, "reason", "reasonRequired");
      await expectRejected(client, path, { decision: "decline", reason: long }, lang, "reason", ["maxLength", { max: 1000 }], {
        reason: long,
      });
      const before = await counts();
      const res = await client.post(path, { decision: "maybe", reason: "Hmm" });
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain(T[lang].errors.invalidChoice);
      expect(shownValue(html, "reason")).toBe("Hmm");
      expect(await counts()).toEqual(before);
    }
    const [row] = await ctx.db.select().from(orgRequests);
    expect(row!.status).toBe("pending");
    expect(await mailsTo(ctx, "sam@student.example.org")).toHaveLength(1);
  });
});
