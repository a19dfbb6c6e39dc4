import { eq, inArray } from "drizzle-orm";
import { catalogs } from "../catalogs.js";
import { localDate } from "../core/i18n/index.js";
import type { Db } from "../db/index.js";
import type { Env } from "../env.js";
import { users } from "../features/auth/schema.js";
import { organisations } from "../features/organisations/schema.js";
import { register } from "../features/training-registrations/service.js";
import { addSession, createOffering, type OfferingInput, type SessionInput } from "../features/trainings/service.js";
import { DEMO_ACCOUNTS } from "./accounts.js";

/**
 * The demo's trainings, after the university's page for student organisations (its facts; the
 * texts are written for the demo): the "Are you OK?" workshop series by an external partner, the
 * regional public health service's social-safety programme with its waiting list, a training for
 * board members and key figures, one for confidential peer listeners (registered elsewhere), and
 * two the office plans on request (member workshops, a board's tailor-made training). The dates
 * lie ahead of the demo's "today" (in the academic year, unless today is close to its end), so the
 * catalogue looks alive; a few organisations have registered, through the registrations service.
 */

// ---------- dates in the portal's time zone ----------

const DAY_MS = 86_400_000;

/** YYYY-MM-DD plus `n` days. */
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T12:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/** Christmas holidays: no sessions from 20 December to 4 January. */
const inHolidays = (day: string) => {
  const md = day.slice(5);
  return md >= "12-20" || md <= "01-04";
};

/** The first `weekday` (0 Sunday … 6 Saturday) on or after `day`, outside the Christmas holidays. */
function onWeekday(day: string, weekday: number) {
  let d = day;
  while (new Date(`${d}T12:00:00Z`).getUTCDay() !== weekday || inHolidays(d)) d = addDays(d, 1);
  return d;
}

/** The instant of a wall-clock time on a day in `timeZone` ("2026-12-08", "11:30"). */
export function zoned(day: string, time: string, timeZone: string) {
  const guess = Date.parse(`${day}T${time}:00Z`);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    })
      .formatToParts(new Date(guess))
      .map((p) => [p.type, p.value]),
  );
  const shown = Date.parse(`${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:00Z`);
  return new Date(guess - (shown - guess));
}

// ---------- the offerings ----------

const TUESDAY = 2;
const WEDNESDAY = 3;
const THURSDAY = 4;

type DemoDate = { day: string; from: string; to: string; title?: { nl: string; en: string }; location?: { nl: string; en: string } | null };
type DemoOffering = { key: string; offering: Omit<OfferingInput, "status"> & { status?: OfferingInput["status"] }; dates: DemoDate[] };

const LEIDEN_PLEXUS = { nl: "Plexus, Kaiserstraat 25, Leiden", en: "Plexus, Kaiserstraat 25, Leiden" };

function demoOfferings(today: string, now: Date): DemoOffering[] {
  const ago = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const base = {
    summary: { nl: "", en: "" },
    description: { nl: "", en: "" },
    providerName: { nl: "", en: "" },
    providerUrl: null,
    costCents: 0,
    externalUrl: null,
    opensAt: null,
    closesAt: null,
    cancelHoursBefore: 48,
    waitingList: true,
    autoPromote: false,
    offerHours: 48,
    waitingNote: { nl: "", en: "" },
  } satisfies Partial<OfferingInput>;
  const aok1 = onWeekday(addDays(today, 14), TUESDAY);
  const aok2 = onWeekday(addDays(aok1, 21), TUESDAY);
  const aok3 = onWeekday(addDays(aok2, 28), TUESDAY);
  const ggd0 = onWeekday(addDays(today, 18), THURSDAY);
  const ggd = [ggd0];
  for (let i = 0; i < 4; i++) ggd.push(onWeekday(addDays(ggd[i]!, 21), THURSDAY));
  const kf1 = onWeekday(addDays(today, 9), WEDNESDAY);
  const kf2 = onWeekday(addDays(kf1, 42), WEDNESDAY);
  const vcp1 = onWeekday(addDays(today, 24), TUESDAY);
  const vcp2 = onWeekday(addDays(vcp1, 56), TUESDAY);
  return [
    {
      key: "are-you-ok",
      offering: {
        ...base,
        slug: "are-you-ok",
        kind: "workshop",
        title: { nl: "Workshops Gaat het?", en: "Are you OK? workshops" },
        summary: {
          nl: "Werk met je vereniging aan een cultuur waarin grensoverschrijdend gedrag geen kans krijgt, met communicatie die echt iets verandert.",
          en: "Work with your association on a culture that leaves no room for sexually transgressive behaviour, through communication that actually changes things.",
        },
        description: {
          nl: "Een gedragscode en beleid zijn een begin, maar blijvende verandering vraagt meer. In deze workshops leer je hoe je de cultuur van je vereniging met goede communicatie verbetert, en hoe je dat volhoudt.\n\nHet team van Gaat het? van Rutgers geeft de workshops, gratis. Alle data zijn in Leiden, van 11.30 tot 16.00 uur; de precieze locatie volgt. Je kiest één datum.\n\nEr is plaats voor 25 verenigingen over alle data samen. Meld je nieuwe bestuur op tijd aan: wie het bestuur straks overneemt, kan alvast een plek vastleggen.",
          en: "A code of conduct and a policy are a start, but lasting change takes more. In these workshops you learn how to improve your association's culture through good communication, and how to keep it up.\n\nThe Are you OK? team from Rutgers gives the workshops, free of charge. All dates are in Leiden, from 11:30 to 16:00; the exact location follows. You choose one date.\n\nThere is room for 25 associations across all dates together. Register your new board in advance: the board that takes over can already claim a place.",
        },
        audiences: ["board_members", "key_figures"],
        provider: "partner",
        providerName: { nl: "Rutgers", en: "Rutgers" },
        providerUrl: "https://rutgers.nl",
        lang: "nl",
        format: "choice",
        registration: "portal",
        capacityUnit: "organisations",
        capacity: 25,
        maxPerOrganisation: 3,
        opensAt: ago(10),
      },
      dates: [aok1, aok2, aok3].map((day) => ({ day, from: "11:30", to: "16:00", location: null })),
    },
    {
      key: "social-safety",
      offering: {
        ...base,
        slug: "social-safety-policy",
        kind: "programme",
        title: { nl: "Programma sociale veiligheid (GGD)", en: "Social safety programme (public health service)" },
        summary: {
          nl: "De GGD helpt je vereniging een beleid voor sociale veiligheid op te stellen of bij te werken: een focusgroep en vier sessies.",
          en: "The public health service helps your association draw up or update a social safety policy: a focus group and four sessions.",
        },
        description: {
          nl: "GGD Hollands Midden ontwikkelde dit programma voor studie- en studentenverenigingen in Leiden. Je begint met een focusgroep, waarin je bespreekt wat er bij jullie speelt. In vier sessies daarna werk je stap voor stap aan een beleid tegen grensoverschrijdend gedrag dat bij je vereniging past.\n\nJe meldt je aan voor het hele programma: de focusgroep en de vier sessies horen bij elkaar.",
          en: "GGD Hollands Midden, the regional public health service, developed this programme for study and student associations in Leiden. You begin with a focus group to discuss what is going on in your association. In four sessions after that, you work step by step on a policy against transgressive behaviour that fits your association.\n\nYou register for the whole programme: the focus group and the four sessions belong together.",
        },
        audiences: ["board_members", "key_figures"],
        provider: "public_health",
        providerName: { nl: "GGD Hollands Midden", en: "GGD Hollands Midden" },
        providerUrl: "https://www.ggdhm.nl",
        lang: "nl",
        format: "package",
        registration: "portal",
        capacityUnit: "organisations",
        capacity: 3,
        maxPerOrganisation: 2,
        opensAt: ago(30),
        waitingNote: {
          nl: "Er is een wachttijd: de GGD begeleidt een paar verenigingen tegelijk. Reken op een paar maanden; wie op de wachtlijst staat, krijgt als eerste een plek in de volgende ronde.",
          en: "There is a waiting period: the public health service supports a few associations at a time. Expect a few months; those on the waiting list are the first to get a place in the next round.",
        },
      },
      dates: ggd.map((day, i) => ({
        day,
        from: "19:00",
        to: "21:00",
        title: i === 0 ? { nl: "Focusgroep", en: "Focus group" } : { nl: `Sessie ${i}`, en: `Session ${i}` },
        location: i === 0 ? null : LEIDEN_PLEXUS,
      })),
    },
    {
      key: "key-figures",
      offering: {
        ...base,
        slug: "recognising-signals",
        kind: "training",
        title: { nl: "Signalen herkennen en het gesprek aangaan", en: "Recognising signals and starting the conversation" },
        summary: {
          nl: "Voor bestuursleden en sleutelfiguren: zie wanneer het met een lid niet goed gaat, begin het gesprek en verwijs door.",
          en: "For board members and key figures: notice when a member is not doing well, start the conversation and refer them on.",
        },
        description: {
          nl: "Als bestuurslid, commissievoorzitter of mentor ben je vaak de eerste die merkt dat het met iemand niet goed gaat. In deze training oefen je met signalen herkennen, een gesprek beginnen en doorverwijzen naar de juiste hulp, binnen en buiten de universiteit.\n\nDe training is in het Engels, zodat internationale besturen mee kunnen doen. Je organisatie kan tot drie deelnemers opgeven.",
          en: "As a board member, committee chair or mentor, you are often the first to notice that someone is not doing well. In this training you practise recognising signals, starting a conversation and referring people to the right help, within and outside the university.\n\nThe training is in English, so that international boards can take part. Your organisation can send up to three participants.",
        },
        audiences: ["board_members", "key_figures"],
        provider: "university",
        providerName: { nl: "Bureau Studentenwelzijn", en: "Student Well-being Office" },
        lang: "en",
        format: "choice",
        registration: "portal",
        capacityUnit: "people",
        capacity: 16,
        maxPerOrganisation: 3,
        opensAt: ago(14),
      },
      dates: [kf1, kf2].map((day) => ({ day, from: "14:00", to: "17:00", location: LEIDEN_PLEXUS })),
    },
    {
      key: "peer-listeners",
      offering: {
        ...base,
        slug: "confidential-peer-listeners",
        kind: "training",
        title: { nl: "Training voor vertrouwenscontactpersonen", en: "Training for confidential peer listeners" },
        summary: {
          nl: "Voor vertrouwenscontactpersonen van studentenorganisaties: luisteren, grenzen bewaken en doorverwijzen.",
          en: "For the confidential peer listeners of student organisations: listening, keeping boundaries and referring on.",
        },
        description: {
          nl: "Vertrouwenscontactpersonen zijn het eerste aanspreekpunt voor leden die iets vervelends hebben meegemaakt. In deze training leer je luisteren zonder te oordelen, weet je wat je wel en niet kunt beloven, en naar wie je doorverwijst.\n\nDe training wordt gegeven door een partner van het bureau; je meldt je aan op hun website.",
          en: "Confidential peer listeners are the first point of contact for members who have experienced something unpleasant. In this training you learn to listen without judging, what you can and cannot promise, and whom to refer people to.\n\nA partner of the office gives the training; you register on their website.",
        },
        audiences: ["peer_listeners"],
        provider: "partner",
        providerName: { nl: "Vertrouwd Verder (voorbeeld)", en: "Vertrouwd Verder (example)" },
        providerUrl: "https://vertrouwdverder.example.org",
        lang: "nl",
        format: "choice",
        registration: "external",
        externalUrl: "https://vertrouwdverder.example.org/aanmelden",
        capacityUnit: "people",
        capacity: null,
        maxPerOrganisation: 2,
      },
      dates: [vcp1, vcp2].map((day) => ({ day, from: "10:00", to: "16:00", location: { nl: "Leiden", en: "Leiden" } })),
    },
    {
      key: "member-workshops",
      offering: {
        ...base,
        slug: "workshops-for-members",
        kind: "workshop",
        title: { nl: "Workshops voor je leden", en: "Workshops for your members" },
        summary: {
          nl: "Een workshop voor de leden van je organisatie, op een avond die jullie uitkomt.",
          en: "A workshop for your organisation's members, on an evening that suits you.",
        },
        description: {
          nl: "Je kunt een workshop voor je leden aanvragen, bijvoorbeeld over grenzen aangeven en respecteren, omgaan met stress en prestatiedruk, of een vereniging waar iedereen zich welkom voelt.\n\nVraag de workshop aan met een paar mogelijke data, het aantal deelnemers en je wensen. Het bureau zoekt met jullie een datum en een trainer; de workshop kan ook in het Engels.",
          en: "You can request a workshop for your members, for example on setting and respecting boundaries, dealing with stress and pressure to perform, or an association where everyone feels welcome.\n\nRequest the workshop with a few possible dates, the number of participants and your wishes. The office finds a date and a trainer with you; the workshop can be given in English too.",
        },
        audiences: ["members"],
        provider: "university",
        providerName: { nl: "Bureau Studentenwelzijn", en: "Student Well-being Office" },
        lang: "nl",
        format: "single",
        registration: "request",
        capacityUnit: "boards",
        capacity: null,
        maxPerOrganisation: 1,
      },
      dates: [],
    },
    {
      key: "tailor-made",
      offering: {
        ...base,
        slug: "tailor-made-board-training",
        kind: "tailor_made",
        title: { nl: "Groepstraining op maat voor je bestuur", en: "Tailor-made group training for your board" },
        summary: {
          nl: "Een training voor je hele bestuur, afgestemd op wat er bij jullie speelt.",
          en: "A training for your whole board, tailored to what is going on in your organisation.",
        },
        description: {
          nl: "Met je hele bestuur een dagdeel aan de slag met welzijn, waardigheid en respect: hoe je problemen voorkomt, hoe je ze op tijd ziet en wat je doet als het toch misgaat.\n\nVraag de training aan met een paar mogelijke data, de grootte van je bestuur en wat je wilt bespreken. Het bureau plant hem met jullie in.",
          en: "Spend half a day with your whole board on well-being, dignity and respect: how to prevent problems, how to notice them in time and what to do when things go wrong after all.\n\nRequest the training with a few possible dates, the size of your board and what you would like to discuss. The office plans it with you.",
        },
        audiences: ["board_members"],
        provider: "university",
        providerName: { nl: "Bureau Studentenwelzijn", en: "Student Well-being Office" },
        lang: "en",
        format: "single",
        registration: "request",
        capacityUnit: "boards",
        capacity: null,
        maxPerOrganisation: 1,
      },
      dates: [],
    },
  ];
}

/** Who registered for what: the organisation, its registrant, the participants and (for a series) the date. */
type DemoRegistration = { offering: string; date?: number; org: string; by: string; people: [string, string, string][] };

const REGISTRATIONS: DemoRegistration[] = [
  {
    offering: "are-you-ok",
    date: 0,
    org: "Study Association Chlorofyl (Biology)",
    by: "chair@chlorofyl.example.org",
    people: [["Mila Kowalski", "chair@chlorofyl.example.org", "Chair"]],
  },
  {
    offering: "are-you-ok",
    date: 1,
    org: "Roeivereniging Zijlstroom",
    by: "voorzitter@zijlstroom.example.org",
    people: [
      ["Sanne Mulder", "voorzitter@zijlstroom.example.org", "Voorzitter"],
      ["Ruben de Wit", "vcp@zijlstroom.example.org", "Vertrouwenscontactpersoon"],
    ],
  },
  {
    offering: "are-you-ok",
    date: 0,
    org: "Theatergroep Coulisse",
    by: "bestuur@coulisse.example.org",
    people: [["Julia Peters", "bestuur@coulisse.example.org", "Secretaris"]],
  },
  // The programme fills up, and a fourth organisation waits.
  {
    offering: "social-safety",
    org: "Study Association Chlorofyl (Biology)",
    by: "chair@chlorofyl.example.org",
    people: [["Jesse Smit", "treasurer@chlorofyl.example.org", "Treasurer"]],
  },
  {
    offering: "social-safety",
    org: "Roeivereniging Zijlstroom",
    by: "voorzitter@zijlstroom.example.org",
    people: [["Sanne Mulder", "voorzitter@zijlstroom.example.org", "Voorzitter"]],
  },
  {
    offering: "social-safety",
    org: "Theatergroep Coulisse",
    by: "bestuur@coulisse.example.org",
    people: [["Julia Peters", "bestuur@coulisse.example.org", "Secretaris"]],
  },
  {
    offering: "social-safety",
    org: "Studentenpartij Samen Verder",
    by: "voorzitter@samenverder.example.org",
    people: [["Bram Hendriks", "voorzitter@samenverder.example.org", "Voorzitter"]],
  },
  {
    offering: "key-figures",
    date: 0,
    org: "Studentenvereniging Kompas",
    by: DEMO_ACCOUNTS.board.email,
    people: [
      ["Noor El Amrani", "welzijn@kompas.example.org", "Welzijn"],
      ["Sem de Boer", "commissie@kompas.example.org", "Voorzitter introductiecommissie"],
    ],
  },
  {
    offering: "key-figures",
    date: 0,
    org: "Study Association Chlorofyl (Biology)",
    by: "chair@chlorofyl.example.org",
    people: [
      ["Mila Kowalski", "chair@chlorofyl.example.org", "Chair"],
      ["Ava Brown", "mentors@chlorofyl.example.org", "Mentor coordinator"],
      ["Lucas Meyer", "peer@chlorofyl.example.org", "Peer listener"],
    ],
  },
];

/**
 * Adds the demo's offerings, their dates and a few registrations by the demo boards' members
 * (mailed like any other, so the dev mailbox shows them), for the academic year `year`.
 */
export async function seedTrainings(db: Db, env: Env, now: Date, year: number) {
  const today = localDate(now, env.TIME_ZONE);
  const offerings = new Map<string, { id: string; sessions: string[] }>();
  for (const { key, offering, dates } of demoOfferings(today, now)) {
    const o = await createOffering(db, null, { status: "published", ...offering });
    const sessions: string[] = [];
    for (const d of dates) {
      const input: SessionInput = {
        title: d.title,
        startsAt: zoned(d.day, d.from, env.TIME_ZONE),
        endsAt: zoned(d.day, d.to, env.TIME_ZONE),
        location: d.location ?? null,
        onlineUrl: null,
        capacity: null,
      };
      sessions.push((await addSession(db, null, o.id, input)).id);
    }
    offerings.set(key, { id: o.id, sessions });
  }
  const orgIds = new Map(
    (
      await db
        .select({ id: organisations.id, name: organisations.name })
        .from(organisations)
        .where(
          inArray(
            organisations.name,
            REGISTRATIONS.map((r) => r.org),
          ),
        )
    ).map((o) => [o.name, o.id]),
  );
  const deps = { env, catalogs, clock: { now: () => now } };
  for (const r of REGISTRATIONS) {
    const o = offerings.get(r.offering)!;
    const [by] = await db.select({ id: users.id, lang: users.lang }).from(users).where(eq(users.email, r.by));
    const orgId = orgIds.get(r.org);
    if (!by || !orgId) throw new Error(`demo registration for ${r.org} by ${r.by}: no such organisation or account`);
    await register(db, deps, {
      offeringId: o.id,
      sessionId: r.date === undefined ? null : o.sessions[r.date]!,
      orgId,
      actorId: by.id,
      year,
      participants: r.people.map(([name, email, role]) => ({ name, email, role })),
      idempotencyKey: null,
      lang: by.lang === "en" ? "en" : "nl",
      now,
    });
  }
}
