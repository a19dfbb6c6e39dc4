import type { Db } from "../../db/index.js";
import type { Env } from "../../env.js";
import { academicYearOf, currentBoardMembers } from "../organisations/service.js";
import { listenersByOrg } from "../peer-listeners/service.js";
import { attendanceOf, officeRegistrations, trainedThisYear } from "../training-registrations/office.js";
import { allOfferings, type Offering, type Session, sessionsOf } from "../trainings/service.js";
import type { ProgrammeState } from "./schema.js";

/**
 * The derived part of an organisation's social-safety status: nothing stored, everything read
 * from the other features' services, for any number of organisations at once (a fixed number of
 * queries, not a few per organisation).
 *
 * - Peer listeners: appointed (listenersByOrg), and trained this academic year (their address among
 *   `trainedThisYear`).
 * - The board: the current board's members trained this academic year (at least one counts as
 *   "the board is trained").
 * - The programme and the workshop: the offerings named by `SAFETY_PROGRAMME_SLUG` and
 *   `SAFETY_WORKSHOP_SLUG`; their registrations (any academic year) and attendance. A date counts
 *   as attended as `trainedThisYear` counts it: someone was recorded present, or the place was
 *   confirmed, the date has begun and nobody was recorded absent.
 */

export type Programme = { state: ProgrammeState; attended: number; total: number; startsAt: Date | null; year: number | null };
export type Derived = {
  listeners: { appointed: number; trained: number };
  board: { members: number; trained: number };
  programme: Programme;
  workshop: { attended: boolean; year: number | null };
};

const NOT_STARTED: Programme = { state: "not_started", attended: 0, total: 0, startsAt: null, year: null };

export async function offeringBySlug(db: Db, slug: string): Promise<Offering | null> {
  return (await allOfferings(db)).find((o) => o.slug === slug) ?? null;
}

type Reg = Awaited<ReturnType<typeof officeRegistrations>>["rows"][number];

/** Per registration, the dates it covers and how many of them count as attended (see above). */
async function attendance(db: Db, o: Offering, now: Date) {
  const sessions = (await sessionsOf(db, [o.id], { all: true })).filter((s) => s.status === "scheduled");
  const marks = new Map<string, Map<string, boolean[]>>(); // registration → session → recorded marks
  for (const s of sessions.filter((x) => x.startsAt <= now)) {
    for (const p of await attendanceOf(db, o, s.id)) {
      if (p.present === null) continue;
      const byReg = marks.get(p.registrationId) ?? new Map<string, boolean[]>();
      byReg.set(s.id, [...(byReg.get(s.id) ?? []), p.present]);
      marks.set(p.registrationId, byReg);
    }
  }
  const covered = (reg: Reg["reg"]): Session[] =>
    reg.sessionId
      ? sessions.filter((s) => s.id === reg.sessionId)
      : sessions.filter((s) => !s.reservedFor || s.reservedFor === reg.organisationId);
  return (reg: Reg["reg"]) => {
    const dates = covered(reg);
    const attended = dates.filter((s) => {
      if (s.startsAt > now) return false;
      const m = marks.get(reg.id)?.get(s.id);
      return m ? m.includes(true) : true;
    }).length;
    return { dates, attended };
  };
}

const RANK = { confirmed: 0, offered: 1, waiting: 2 } as Record<string, number>;

/** The organisations' active registrations for an offering, the most advanced (then newest) first. */
async function registrationsFor(db: Db, o: Offering, orgIds: Set<string>) {
  const { rows } = await officeRegistrations(db, { offeringId: o.id, sessionId: null, page: 1, perPage: 100_000 });
  return rows
    .filter((r) => orgIds.has(r.reg.organisationId))
    .sort((a, b) => (RANK[a.reg.status] ?? 9) - (RANK[b.reg.status] ?? 9) || b.reg.year - a.reg.year);
}

async function programmes(db: Db, o: Offering | null, orgIds: string[], now: Date) {
  const out = new Map<string, Programme>();
  if (!o) return out;
  const regs = await registrationsFor(db, o, new Set(orgIds));
  const of = await attendance(db, o, now);
  for (const { reg } of regs) {
    if (out.has(reg.organisationId)) continue;
    if (reg.status !== "confirmed") {
      out.set(reg.organisationId, { ...NOT_STARTED, state: "waiting", year: reg.year });
      continue;
    }
    const { dates, attended } = of(reg);
    const first = dates[0]?.startsAt ?? null;
    const ended = dates.length > 0 && dates.every((s) => s.endsAt <= now);
    const state: ProgrammeState = ended ? "completed" : first && first <= now ? "in_progress" : "registered";
    out.set(reg.organisationId, { state, attended, total: dates.length, startsAt: first, year: reg.year });
  }
  return out;
}

async function workshops(db: Db, o: Offering | null, orgIds: string[], now: Date) {
  const out = new Map<string, number>();
  if (!o) return out;
  const regs = (await registrationsFor(db, o, new Set(orgIds))).filter((r) => r.reg.status === "confirmed");
  const of = await attendance(db, o, now);
  for (const { reg } of regs) {
    if (of(reg).attended > 0 && (out.get(reg.organisationId) ?? -1) < reg.year) out.set(reg.organisationId, reg.year);
  }
  return out;
}

/** The derived items for each organisation, on `day` (the academic year) and at `now`. */
export async function derivedStatuses(db: Db, env: Env, orgIds: string[], day: string, now: Date) {
  const year = academicYearOf(day, env.ACADEMIC_YEAR_START);
  const [trained, listeners, boards, programme, workshop] = [
    await trainedThisYear(db, orgIds, year, now),
    await listenersByOrg(db, orgIds, now),
    await currentBoardMembers(db, orgIds, day),
    await programmes(db, await offeringBySlug(db, env.SAFETY_PROGRAMME_SLUG), orgIds, now),
    await workshops(db, await offeringBySlug(db, env.SAFETY_WORKSHOP_SLUG), orgIds, now),
  ];
  const out = new Map<string, Derived>();
  for (const id of orgIds) {
    const people = new Set(trained.get(id) ?? []);
    const mine = (listeners.get(id) ?? []).map((l) => l.email.toLowerCase());
    const board = (boards.get(id) ?? []).map((m) => m.email.toLowerCase());
    const w = workshop.get(id);
    out.set(id, {
      listeners: { appointed: mine.length, trained: mine.filter((e) => people.has(e)).length },
      board: { members: board.length, trained: board.filter((e) => people.has(e)).length },
      programme: programme.get(id) ?? NOT_STARTED,
      workshop: { attended: w !== undefined, year: w ?? null },
    });
  }
  return out;
}
