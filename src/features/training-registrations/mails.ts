import { asc, eq, inArray, or, sql } from "drizzle-orm";
import { formatDateTime, formatTime, type Lang, localDate, pick } from "../../core/i18n/index.js";
import type { MailAttachment } from "../../core/mail/schema.js";
import { type MailDeps, type MailMessage, type MailTemplate, sendMails } from "../../core/mail/send.js";
import type { Db } from "../../db/index.js";
import { url } from "../../routes.js";
import { users } from "../auth/schema.js";
import { boardOrgIds } from "../organisations/access.js";
import { getOrganisation } from "../organisations/service.js";
import { calendar, forAttendee, getOffering, type Offering, type Session, sessionsOf } from "../trainings/service.js";
import { waitingPosition } from "./queue.js";
import { trainingParticipants, trainingRegistrations } from "./schema.js";

/**
 * Mail about a registration, to the board member who registered and to every participant, each in
 * their account's language (the registration's for an address without an account), with the dates as an `.ics` where there are any. The mails hold only
 * what the office wrote (the offering, its dates and place) and the organisation's name: nothing
 * typed by the person who registered.
 */
export type RegistrationEvent =
  | "confirmed"
  | "waiting"
  | "offered"
  | "promoted"
  | "declined"
  | "cancelled"
  | "expired"
  | "changed"
  | "reminder";

type MailData = {
  event: RegistrationEvent;
  title: string;
  org: string;
  dates: string[];
  position: number | null;
  expires: string | null;
  waitingNote: string;
  reason: string | null;
  link: string;
  /** The link opens the registration (the board can accept, decline or cancel there). */
  canAnswer?: boolean;
};

const registrationMail: MailTemplate<MailData> = (t, d) => {
  const m = t.registrations.mail;
  const dates = d.dates.map((x) => `• ${x}`);
  const subject = m.subject[d.event](d.title);
  const body: Record<RegistrationEvent, string[]> = {
    confirmed: [m.confirmedBody(d.org, d.title), ...dates, m.icsAttached],
    promoted: [m.promotedBody(d.org, d.title), ...dates, m.icsAttached],
    waiting: [m.waitingBody(d.org, d.title, d.position ?? 1), ...(d.waitingNote ? [d.waitingNote] : []), m.waitingNext],
    offered: [m.offeredBody(d.org, d.title, d.expires ?? ""), ...dates, ...(d.canAnswer ? [] : [m.answerOnBoardPage(d.org)])],
    declined: [m.declinedBody(d.org, d.title)],
    cancelled: [m.cancelledBody(d.org, d.title), ...(d.reason ? [m.reason(d.reason)] : [])],
    expired: [m.expiredBody(d.org, d.title)],
    changed: [m.changedBody(d.org, d.title), ...dates, m.icsAttached],
    reminder: [m.reminderBody(d.org, d.title), ...dates, m.icsAttached],
  };
  return {
    subject,
    heading: subject,
    paragraphs: body[d.event],
    action: d.canAnswer
      ? { label: d.event === "offered" ? m.acceptButton : m.openButton, url: d.link }
      : { label: m.offeringButton, url: d.link },
  };
};

/** A session as people read it: "Thursday 10 December 2026 11:30 to 16:00, Leiden (location to be announced)". */
export function sessionLine(t: import("../../core/i18n/index.js").Messages, s: Session, lang: Lang, timeZone: string) {
  const part = pick(s.title, lang).text;
  const where = s.location ? pick(s.location, lang).text : t.registrations.tba;
  // "10 Dec 2026, 11:30 to 16:00"; the end's date only when it is another day.
  const sameDay = localDate(s.startsAt, timeZone) === localDate(s.endsAt, timeZone);
  const end = sameDay ? formatTime(lang, s.endsAt, timeZone) : formatDateTime(lang, s.endsAt, timeZone);
  const when = t.registrations.when(formatDateTime(lang, s.startsAt, timeZone), end);
  return [part, when, where].filter(Boolean).join(", ");
}

/** The sessions a registration covers: its date, or every date of a package. */
export function sessionsCovered(o: Offering, sessions: Session[], sessionId: string | null) {
  return sessions.filter((s) => (o.format === "package" ? true : s.id === sessionId));
}

/**
 * What a registration's mail needs to know about its people: the organisation's name, the
 * recipients' account languages and who of them sits on the current board. `register` reads it
 * before it takes the offering's lock, so the lock is held for the writes only.
 */
export type NotifyPeople = { orgName: string; to: string[]; langs: Map<string, Lang>; onBoard: Set<string> };

export async function notifyPeople(
  db: Db,
  deps: MailDeps,
  a: { orgId: string; orgName?: string; registrantId: string | null; participants: string[] },
): Promise<NotifyPeople | null> {
  return (await notifyPeopleOf(db, deps, [a]))[0] ?? null;
}

/**
 * `notifyPeople` for many registrations at once (a group of them under the offering's lock): one
 * query for all their accounts, whatever their number (and one per organisation whose name the
 * caller did not pass).
 */
export async function notifyPeopleOf(
  db: Db,
  deps: MailDeps,
  list: { orgId: string; orgName?: string; registrantId: string | null; participants: string[] }[],
): Promise<(NotifyPeople | null)[]> {
  // The registrants' addresses, every recipient's account language and the organisations whose
  // current board each sits on, in one query; an address without an account gets the registration's
  // language. The current board opens the registration (Accept, Cancel); anyone else (a
  // participant, a key figure who registered themselves) gets the offering's public page, which
  // they can always open.
  const ids = [...new Set(list.flatMap((a) => (a.registrantId ? [a.registrantId] : [])))];
  const emails = [...new Set(list.flatMap((a) => a.participants.map((x) => x.toLowerCase())))];
  const day = localDate(deps.clock?.now() ?? new Date(), deps.env.TIME_ZONE);
  const boardsOf = sql<string[]>`array(${boardOrgIds(db, users.id, day)})::text[]`;
  const accounts =
    ids.length || emails.length
      ? await db
          .select({ id: users.id, email: users.email, lang: users.lang, boards: boardsOf })
          .from(users)
          .where(or(ids.length ? inArray(users.id, ids) : undefined, emails.length ? inArray(users.email, emails) : undefined))
      : [];
  const byId = new Map(accounts.map((x) => [x.id, x]));
  const byEmail = new Map(accounts.map((x) => [x.email.toLowerCase(), x]));
  const out: (NotifyPeople | null)[] = [];
  for (const a of list) {
    const org = a.orgName !== undefined ? { name: a.orgName } : await getOrganisation(db, a.orgId);
    if (!org) {
      out.push(null);
      continue;
    }
    const registrant = a.registrantId ? byId.get(a.registrantId) : undefined;
    const to = [...new Set([registrant?.email, ...a.participants].filter((x): x is string => Boolean(x)))];
    const mine = [registrant, ...a.participants.map((x) => byEmail.get(x.toLowerCase()))].filter((x) => x !== undefined);
    out.push({
      orgName: org.name,
      to,
      langs: new Map(mine.map((x) => [x.email, x.lang])),
      onBoard: new Set(mine.filter((x) => x.boards.includes(a.orgId)).map((x) => x.email.toLowerCase())),
    });
  }
  return out;
}

/** What the caller already holds (under the offering's lock), so the mail reads nothing again. */
export type NotifyKnown = {
  reg: typeof trainingRegistrations.$inferSelect;
  offering: Offering;
  sessions: Session[];
  people: NotifyPeople;
  position: number | null;
};

/** `left`: the date a moved registration left, whose event the mail cancels in calendars. */
export type NotifyOpts = { left?: Session | null };

/** Sends `registrationMails` (the same arguments). */
export async function notifyRegistration(...args: Parameters<typeof registrationMails>) {
  const [db, deps] = args;
  // One insert for all of them: this runs under the offering's lock.
  await sendMails(db, deps, await registrationMails(...args));
}

/**
 * The mails `notifyRegistration` sends, not yet written: a group of registrations writes its
 * mails in one insert (`sendMails`). With `known`, nothing is read.
 */
export async function registrationMails(
  db: Db,
  deps: MailDeps,
  registrationId: string,
  event: RegistrationEvent,
  known?: NotifyKnown,
  opts: NotifyOpts = {},
): Promise<MailMessage<MailData>[]> {
  const reg = known?.reg ?? (await db.select().from(trainingRegistrations).where(eq(trainingRegistrations.id, registrationId)))[0];
  if (!reg) return [];
  const o = known?.offering ?? (await getOffering(db, reg.offeringId));
  if (!o) return [];
  const all = known?.sessions ?? (await sessionsOf(db, [o.id], { forOrg: reg.organisationId }));
  const mine = sessionsCovered(o, all, reg.sessionId);
  let people = known?.people;
  if (!people) {
    const participants = await db
      .select({ email: trainingParticipants.email })
      .from(trainingParticipants)
      .where(eq(trainingParticipants.registrationId, reg.id))
      .orderBy(asc(trainingParticipants.sort));
    const found = await notifyPeople(db, deps, {
      orgId: reg.organisationId,
      registrantId: reg.registeredBy,
      participants: participants.map((p) => p.email),
    });
    if (!found) return [];
    people = found;
  }
  const org = { name: people.orgName };
  const { to, langs: langOf, onBoard } = people;
  const tz = deps.env.TIME_ZONE;
  const position = event !== "waiting" ? null : known ? known.position : await waitingPosition(db, reg);
  const now = deps.clock?.now() ?? new Date();
  // Every mail about a date carries it: as held (a confirmation, a change, a reminder), as tentative
  // (a place on the waiting list, an offer), or cancelled (the registration ended, an offer declined
  // or lapsed), so a calendar that took the tentative event removes it again.
  const ending = event === "cancelled" || event === "declined" || event === "expired";
  const method = ending ? "CANCEL" : "REQUEST";
  const withIcs = mine.length > 0;
  // What a mail holds in one language: its texts, its links and its .ics (made once per language).
  const inLang = new Map<Lang, { data: MailData; boardLink: string; attachments: MailAttachment[] }>();
  const content = (lang: Lang) => {
    const known = inLang.get(lang);
    if (known) return known;
    const t = deps.catalogs[lang];
    const boardLink = `${deps.env.BASE_URL}${url(lang, "orgTrainingRegistration", { id: reg.organisationId, registrationId: reg.id })}`;
    const publicLink = `${deps.env.BASE_URL}${url(lang, "training", { slug: o.slug })}`;
    const organizer = { name: lang === "nl" ? deps.env.OFFICE_NAME_NL : deps.env.OFFICE_NAME_EN, email: deps.env.OFFICE_EMAIL };
    // A calendar of these dates: this mail's, or (a move) the date left, cancelled.
    const ics = (dates: Session[], how: "REQUEST" | "CANCEL", tentative: boolean) =>
      calendar({
        name: pick(o.title, lang).text,
        lang,
        items: dates.map((session) => ({ offering: o, session, url: publicLink })),
        timeZone: tz,
        host: new URL(deps.env.BASE_URL).host,
        method: how,
        stamp: now,
        tbaLabel: t.registrations.tba,
        organizer,
        tentative,
      });
    const attachment = (filename: string, how: "REQUEST" | "CANCEL", content: string): MailAttachment => ({
      filename,
      contentType: `text/calendar; charset=utf-8; method=${how}`,
      content,
    });
    // `calendar` makes a calendar once for the many mails of a second that share it (a rush's).
    const attachments: MailAttachment[] = withIcs
      ? [attachment("invite.ics", method, ics(mine, method, event === "waiting" || event === "offered"))]
      : [];
    // A move: the date left is cancelled in the calendar (its own event, its own UID).
    const left = opts.left && !mine.some((x) => x.id === opts.left!.id) ? opts.left : null;
    if (left) attachments.push(attachment("cancel.ics", "CANCEL", ics([left], "CANCEL", false)));
    const data: MailData = {
      event,
      title: pick(o.title, lang).text,
      org: org.name,
      dates: mine.filter((s) => s.status === "scheduled").map((s) => sessionLine(t, s, lang, tz)),
      position,
      expires: reg.offerExpiresAt ? formatDateTime(lang, reg.offerExpiresAt, tz) : null,
      waitingNote: pick(o.waitingNote, lang).text,
      reason: event === "cancelled" ? reg.reason : null,
      link: publicLink,
    };
    const made = { data, boardLink, attachments };
    inLang.set(lang, made);
    return made;
  };
  return to.map((address) => {
    const lang = langOf.get(address.toLowerCase()) ?? reg.lang;
    const { data, boardLink, attachments } = content(lang);
    const canAnswer = onBoard.has(address.toLowerCase());
    const mail = { ...data, link: canAnswer ? boardLink : data.link, canAnswer };
    // Each recipient's calendars name them as the attendee.
    const theirs = attachments.map((a) => ({ ...a, content: forAttendee(a.content, address) }));
    return { to: address, lang, template: `training.${event}`, render: registrationMail, data: mail, attachments: theirs };
  });
}
