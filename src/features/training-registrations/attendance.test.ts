import { randomUUID } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { BASE, type Client, errorMessage, fieldError, setupApp, signedIn } from "../../../test/helpers/app.js";
import * as fixtures from "../../../test/helpers/fixtures.js";
import { makeOffering, participants } from "../../../test/helpers/trainings.js";
import { HOUR } from "../../core/clock.js";
import type { Lang } from "../../core/i18n/index.js";
import { url } from "../../routes.js";
import { auditLog } from "../audit/schema.js";
import { trainingAttendance, trainingParticipants, trainingRegistrations } from "./schema.js";
import { register } from "./service.js";

/**
 * The office's attendance form (after a date has begun, a tick per expected participant): bad input
 * gives a 404 or a localized error with the ticks kept, never a 500, and writes nothing; a date that
 * has not begun is refused (409) until the moment it begins.
 */

const ctx = setupApp();

const staff = async () => (await signedIn(ctx, "staff@office.example.org", { staffRole: "staff" })).client;

async function signUp(offeringId: string, sessionId: string | null, name: string, people: number) {
  const org = await fixtures.makeOrg(ctx, name);
  const { user } = await signedIn(ctx, `${name.toLowerCase().replace(/\W+/g, "-")}@example.org`);
  return (await register(ctx.db, ctx.deps, {
    offeringId,
    sessionId,
    orgId: org.id,
    actorId: user.id,
    year: 2026,
    participants: participants(people, `${org.id.slice(0, 8)}-`),
    idempotencyKey: null,
    lang: "nl",
    now: ctx.clock.now(),
  }))!.registration;
}

const peopleOf = async (registrationId: string) =>
  ctx.db
    .select()
    .from(trainingParticipants)
    .where(eq(trainingParticipants.registrationId, registrationId))
    .orderBy(asc(trainingParticipants.sort));

/** Posts the form with repeated fields (`present` once per tick), as a browser sends checkboxes. */
async function post(client: Client, path: string, present: string[]) {
  const body = new URLSearchParams([["_csrf", await client.csrfToken()], ...present.map((id) => ["present", id])]);
  return client.request(path, {
    method: "POST",
    body,
    headers: { "content-type": "application/x-www-form-urlencoded", origin: BASE },
  });
}

/** What the form may write: the marks, and the audit entries of saving them. */
async function written() {
  const marks = await ctx.db.select().from(trainingAttendance);
  const audits = await ctx.db.select().from(auditLog).where(eq(auditLog.action, "training.attendance"));
  return {
    marks: marks.map((m) => `${m.participantId}:${m.sessionId}:${m.present}`).sort(),
    audits: audits.length,
  };
}

const ticked = (html: string, id: string) => new RegExp(`name="present" value="${id}" checked`).test(html);

/**
 * A date that began an hour ago, with two organisations holding places (two people and one) and a
 * third on the waiting list; another offering's date with its own participant.
 */
async function begunDate() {
  const { offering, sessions } = await makeOffering(ctx, { capacity: 2, maxPerOrganisation: 3 });
  const a = await signUp(offering.id, sessions[0]!.id, "Vereniging A", 2);
  const b = await signUp(offering.id, sessions[0]!.id, "Vereniging B", 1);
  const waiting = await signUp(offering.id, sessions[0]!.id, "Vereniging C", 1);
  const other = await makeOffering(ctx, { slug: "other", capacity: 5 });
  const elsewhere = await signUp(other.offering.id, other.sessions[0]!.id, "Vereniging D", 1);
  expect(waiting.status).toBe("waiting");
  ctx.clock.set(new Date(sessions[0]!.startsAt.getTime() + HOUR));
  return {
    offering,
    session: sessions[0]!,
    other,
    expected: [...(await peopleOf(a.id)), ...(await peopleOf(b.id))],
    waitingPerson: (await peopleOf(waiting.id))[0]!,
    elsewherePerson: (await peopleOf(elsewhere.id))[0]!,
    path: (lang: Lang) => url(lang, "staffTrainingAttendance", { id: offering.id, sessionId: sessions[0]!.id }),
  };
}

describe("the attendance form's bad input", () => {
  it("answers malformed and unknown ids in the path with 404, never a 500, and writes nothing", async () => {
    const d = await begunDate();
    const client = await staff();
    // A first save, so the refusals below have marks to leave alone.
    expect((await post(client, d.path("en"), [d.expected[0]!.id])).status).toBe(303);
    const before = await written();
    expect(before.marks).toHaveLength(3);
    expect(before.audits).toBe(1);

    const paths = [
      // Malformed: not a UUID, a UUID's length of hex without hyphens, an empty segment's neighbour.
      url("en", "staffTrainingAttendance", { id: "not-a-uuid", sessionId: d.session.id }),
      url("en", "staffTrainingAttendance", { id: d.offering.id, sessionId: "123" }),
      url("en", "staffTrainingAttendance", { id: d.offering.id, sessionId: d.session.id.replaceAll("-", "") }),
      url("nl", "staffTrainingAttendance", { id: `${d.offering.id}'`, sessionId: d.session.id }),
      // Unknown: a UUID that is no offering, none that is a date, a date of another offering.
      url("en", "staffTrainingAttendance", { id: randomUUID(), sessionId: d.session.id }),
      url("en", "staffTrainingAttendance", { id: d.offering.id, sessionId: randomUUID() }),
      url("nl", "staffTrainingAttendance", { id: d.offering.id, sessionId: d.other.sessions[0]!.id }),
      url("en", "staffTrainingAttendance", { id: d.other.offering.id, sessionId: d.session.id }),
    ];
    for (const path of paths) {
      expect((await client.get(path)).status, `GET ${path}`).toBe(404);
      // Even with a tick that would be valid on the real date.
      expect((await post(client, path, [d.expected[1]!.id])).status, `POST ${path}`).toBe(404);
    }
    expect(await written()).toEqual(before);
  });

  it("refuses a tick that is no expected participant of the date, with a localized error and the ticks kept, writing nothing", async () => {
    const d = await begunDate();
    const client = await staff();
    const [a0, a1, b0] = d.expected;
    expect((await post(client, d.path("en"), [a0!.id])).status).toBe(303);
    const before = await written();

    const bad: [string, string][] = [
      ["malformed", "not-a-uuid"],
      ["empty", ""],
      ["unknown", randomUUID()],
      ["upper case", a1!.id.toUpperCase()],
      ["on the waiting list", d.waitingPerson.id],
      ["of another offering", d.elsewherePerson.id],
      ["a registration's id", a0!.registrationId],
      ["very long", "x".repeat(10_000)],
      // NUL is taken out of every form value (a valid id with one stays valid): what is left is no id.
      ["with a NUL", "\u0000bad\u0000"],
    ];
    for (const [what, value] of bad)
      for (const lang of ["nl", "en"] as const) {
        // A valid tick alongside the bad one: kept on the page that comes back.
        const res = await post(client, d.path(lang), [a1!.id, value]);
        expect(res.status, `${what} (${lang})`).toBe(422);
        const html = await res.text();
        expect(fieldError(html, "present"), `${what} (${lang})`).toBe(errorMessage(lang, "invalidChoice"));
        expect(html, what).toContain('class="error-summary"');
        expect(html, what).toContain('href="#f-present"');
        // What was ticked comes back ticked, what was not comes back unticked (the saved mark of a0 too).
        expect([ticked(html, a0!.id), ticked(html, a1!.id), ticked(html, b0!.id)], what).toEqual([false, true, false]);
      }
    expect(await written()).toEqual(before);

    // The control: the same form with only expected ticks saves, and says how many were there.
    const ok = await post(client, d.path("nl"), [a1!.id, b0!.id, b0!.id]);
    expect(ok.status).toBe(303);
    expect(await (await client.get(ok.headers.get("location")!)).text()).toContain("Opgeslagen: 2 aanwezig.");
    const after = await written();
    expect(after.audits).toBe(before.audits + 1);
    expect(after.marks).toEqual(
      [`${a0!.id}:${d.session.id}:false`, `${a1!.id}:${d.session.id}:true`, `${b0!.id}:${d.session.id}:true`].sort(),
    );
  });

  it("refuses attendance before the date begins (409, said in the page's language), bad ticks too, and takes it from the moment it begins", async () => {
    const { offering, sessions } = await makeOffering(ctx, { capacity: 5 });
    const reg = await signUp(offering.id, sessions[0]!.id, "Vereniging A", 1);
    const [person] = await peopleOf(reg.id);
    const path = (lang: Lang) => url(lang, "staffTrainingAttendance", { id: offering.id, sessionId: sessions[0]!.id });
    ctx.clock.set(new Date(sessions[0]!.startsAt.getTime() - 1000));
    let client = await staff();
    expect(await (await client.get(path("nl"))).text()).toContain("Aanwezigheid kun je bijhouden zodra de datum is begonnen.");
    for (const [lang, notYet] of [
      ["nl", "Aanwezigheid kun je bijhouden zodra de datum is begonnen."],
      ["en", "Attendance can be recorded once the date has begun."],
    ] as const)
      for (const ticks of [[person!.id], [], ["not-a-uuid"]]) {
        const res = await post(client, path(lang), ticks);
        expect(res.status, `${lang} ${ticks}`).toBe(409);
        const html = await res.text();
        expect(html).toContain(notYet);
        // Nobody is listed to tick before the date.
        expect(html).not.toContain(`value="${person!.id}"`);
      }
    expect(await written()).toEqual({ marks: [], audits: 0 });

    // From the very moment it begins.
    ctx.clock.set(sessions[0]!.startsAt);
    client = await staff();
    const res = await post(client, path("en"), [person!.id]);
    expect(res.status).toBe(303);
    expect(await written()).toEqual({ marks: [`${person!.id}:${sessions[0]!.id}:true`], audits: 1 });
  });

  it("takes a programme's attendance date by date: a date that has begun, not the next one", async () => {
    const { offering, sessions } = await makeOffering(ctx, { kind: "programme", format: "package", capacity: 5 }, 2);
    const reg = await signUp(offering.id, null, "Vereniging A", 1);
    expect(reg.sessionId).toBeNull();
    const [person] = await peopleOf(reg.id);
    ctx.clock.set(new Date(sessions[0]!.startsAt.getTime() + HOUR));
    const client = await staff();
    const at = (i: number) => url("en", "staffTrainingAttendance", { id: offering.id, sessionId: sessions[i]!.id });
    expect((await post(client, at(1), [person!.id])).status).toBe(409);
    expect(await written()).toEqual({ marks: [], audits: 0 });
    expect((await post(client, at(0), [person!.id])).status).toBe(303);
    expect(await written()).toEqual({ marks: [`${person!.id}:${sessions[0]!.id}:true`], audits: 1 });
    // The registration itself is untouched by attendance.
    const [row] = await ctx.db.select().from(trainingRegistrations).where(eq(trainingRegistrations.id, reg.id));
    expect(row!.status).toBe("confirmed");
  });
});
