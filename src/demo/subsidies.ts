import { bumpContentVersion } from "../core/content/versions.js";
import { localDate } from "../core/i18n/index.js";
import type { Db } from "../db/index.js";
import type { Env } from "../env.js";
import { addDays } from "../features/subsidies/applications.js";
import { subsidyApplications, subsidyBudgetLines, subsidyTexts } from "../features/subsidies/schema.js";
import { SUBSIDIES, setStatus } from "../features/subsidies/service.js";

/**
 * The demo's subsidy criteria (the office's text, with example values marked as examples) in both
 * languages, and four applications of demo organisations in different states: a draft, one
 * submitted, one the office asked a question about, and one approved.
 */
export const DEMO_CRITERIA = {
  nl: `Dit is voorbeeldtekst voor de demo. De echte voorwaarden en bedragen staan op de website van de universiteit; het bureau past deze tekst aan.

De activiteit wordt georganiseerd door studenten, voor studenten, en gaat over welzijn: bijvoorbeeld stress, eenzaamheid, gezondheid, erbij horen of omgaan met elkaar.

De activiteit staat open voor alle studenten of alle leden van de organisatie, en meedoen is gratis of goedkoop.

De activiteit vindt plaats in de komende maanden. Dien de aanvraag ten minste vier weken vooraf in.

Voorbeeldbedragen: hoogstens € 1.000 per aanvraag en € 2.000 per organisatie per studiejaar. Andere inkomsten (eigen bijdragen, sponsors) gaan van de kosten af.

Na de activiteit stuurt het bestuur binnen 6 weken een kort verslag met de werkelijke kosten en de bonnen. Daarna volgt de uitbetaling.`,
  en: `This is example text for the demo. The real criteria and amounts are on the university's website; the office edits this text.

The activity is arranged by students, for students, and is about well-being: for example stress, loneliness, health, belonging or how people treat each other.

The activity is open to all students or all members of the organisation, and taking part is free or low-cost.

The activity takes place in the coming months. Submit the application at least four weeks ahead.

Example amounts: at most €1,000 per application and €2,000 per organisation per academic year. Other income (contributions, sponsors) is deducted from the costs.

After the activity, the board sends a short report with the actual costs and the receipts within 6 weeks. Payment follows.`,
};

type Org = { orgId: string; userId: string };

export async function seedSubsidies(db: Db, env: Env, a: { now: Date; year: number; orgs: Org[] }) {
  const { now } = a;
  const today = localDate(now, env.TIME_ZONE);
  await db.insert(subsidyTexts).values({ slug: "criteria", body: DEMO_CRITERIA, updatedAt: now });
  await bumpContentVersion(db, SUBSIDIES);
  const [kompas, chlorofyl, zijlstroom, samen] = a.orgs;
  const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
  const insert = async (org: Org, f: Partial<typeof subsidyApplications.$inferInsert>, lines: [string, number][], created: Date) => {
    const [row] = await db
      .insert(subsidyApplications)
      .values({
        organisationId: org.orgId,
        year: a.year,
        status: "draft",
        lang: "nl",
        createdBy: org.userId,
        createdAt: created,
        updatedAt: created,
        ...f,
      })
      .returning();
    await db.insert(subsidyBudgetLines).values(
      lines.map(([item, euros], i) => ({
        applicationId: row!.id,
        kind: "plan" as const,
        position: i + 1,
        item,
        amountCents: euros * 100,
      })),
    );
    await setStatus(db, row!, "draft", { actor: org.userId, now: created });
    return row!;
  };
  const submitted = async (row: { id: string }, org: Org, n: number, at: Date) =>
    setStatus(db, row, "submitted", {
      actor: org.userId,
      now: at,
      changes: {
        reference: `S-${a.year}-${String(n).padStart(3, "0")}`,
        submittedAt: at,
        decisionDue: addDays(localDate(at, env.TIME_ZONE), env.SUBSIDY_REVIEW_WEEKS * 7),
      },
    });

  if (kompas)
    await insert(
      kompas,
      {
        title: "Mindful tentamenweek",
        description: "Drie ochtenden yoga en ademhalingsoefeningen in de tentamenweek, met thee en een rustige studieplek daarna.",
        aim: "Minder stress in de tentamenweek, en leden die elkaar leren kennen buiten de borrel.",
        targetGroup: "Alle leden",
        expectedParticipants: 40,
        startsOn: addDays(today, 60),
        endsOn: addDays(today, 62),
        place: "Sportcentrum",
        contactName: "Lotte Bakker",
        contactEmail: "chair@kompas.example.org",
      },
      [
        ["Yogadocent, drie ochtenden", 360],
        ["Matten huren", 90],
      ],
      daysAgo(2),
    );
  if (chlorofyl) {
    const row = await insert(
      chlorofyl,
      {
        lang: "en",
        title: "Nature walk and talk",
        description: "A guided walk through the dunes for first-year students, ending with soup and a conversation about settling in.",
        aim: "First-years meet others and learn where to find help when they feel lonely.",
        targetGroup: "First-year students of the programme",
        expectedParticipants: 25,
        startsOn: addDays(today, 45),
        endsOn: addDays(today, 45),
        place: "Meijendel dunes",
        partners: "The study advisers of the programme",
        otherIncomeCents: 5000,
        requestedCents: 45000,
        contactName: "Chlorofyl board",
        contactEmail: "board@chlorofyl.example.org",
      },
      [
        ["Guide", 250],
        ["Bus", 180],
        ["Soup and bread", 70],
      ],
      daysAgo(10),
    );
    await submitted(row, chlorofyl, 1, daysAgo(8));
  }
  if (zijlstroom) {
    const row = await insert(
      zijlstroom,
      {
        title: "Workshop slapen en sporten",
        description: "Een avond met een sportarts over slaap, herstel en prestatiedruk, met vragen uit de ploegen.",
        aim: "Roeiers leren hoe ze training, studie en rust in balans houden.",
        targetGroup: "Alle leden",
        expectedParticipants: 60,
        startsOn: addDays(today, 30),
        endsOn: addDays(today, 30),
        place: "Botenhuis",
        requestedCents: 30000,
        contactName: "Sanne Mulder",
        contactEmail: "voorzitter@zijlstroom.example.org",
      },
      [
        ["Spreker", 250],
        ["Zaal en koffie", 100],
      ],
      daysAgo(20),
    );
    await submitted(row, zijlstroom, 2, daysAgo(18));
    await setStatus(db, row, "info_requested", {
      actor: null,
      now: daysAgo(5),
      note: "Kunt u laten weten of ook niet-leden mogen komen, en of de spreker al is vastgelegd?",
    });
  }
  if (samen) {
    const row = await insert(
      samen,
      {
        title: "Lunch tegen eenzaamheid",
        description: "Elke maand een gratis lunch in de kantine waar iedereen aan kan schuiven, met een gespreksleider.",
        aim: "Studenten die weinig mensen kennen vinden een plek om aan te haken.",
        targetGroup: "Alle studenten",
        expectedParticipants: 80,
        startsOn: addDays(today, 14),
        endsOn: addDays(today, 120),
        place: "Kantine Lipsius",
        requestedCents: 100000,
        contactName: "Bram Hendriks",
        contactEmail: "voorzitter@samenverder.example.org",
      },
      [
        ["Lunch, vier keer", 900],
        ["Gespreksleider", 300],
      ],
      daysAgo(40),
    );
    await submitted(row, samen, 3, daysAgo(38));
    await setStatus(db, row, "approved", {
      actor: null,
      now: daysAgo(12),
      note: "Stuur de bonnen mee met het verslag.",
      changes: {
        grantedCents: 80000,
        decisionText: "Toegekend voor drie lunches in plaats van vier. Stuur de bonnen mee met het verslag.",
        decidedAt: daysAgo(12),
        reportDue: addDays(addDays(today, 120), env.SUBSIDY_REPORT_WEEKS * 7),
      },
    });
  }
}
