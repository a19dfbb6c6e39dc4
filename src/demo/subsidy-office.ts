import type { Db } from "../db/index.js";
import { subsidyBudgets, subsidyTemplates } from "../features/subsidies/schema.js";

/**
 * The office's side of the subsidies in the demo: the current academic year's budget with its
 * limits, and decision templates in both languages (a question, an approval's conditions, a
 * decline's reasons). The board's side adds applications and the criteria text in its own file.
 */
const TEMPLATES = [
  {
    kind: "info" as const,
    name: "Budget toelichten / Explain the budget",
    body: {
      nl: "Kun je de begroting toelichten? We willen per post weten waar het bedrag op gebaseerd is (bijvoorbeeld een offerte), en of er andere inkomsten zijn, zoals een eigen bijdrage van deelnemers.",
      en: "Could you explain the budget? For each item we would like to know what the amount is based on (a quote, for example), and whether there is other income, such as a contribution from participants.",
    },
  },
  {
    kind: "info" as const,
    name: "Open voor iedereen? / Open to all?",
    body: {
      nl: "Staat de activiteit open voor alle studenten, ook voor wie geen lid is van jullie vereniging? Hoe maken jullie haar bekend?",
      en: "Is the activity open to all students, including those who are not members of your association? How will you announce it?",
    },
  },
  {
    kind: "approve" as const,
    name: "Standaardvoorwaarden / Standard conditions",
    body: {
      nl: "Vermeld in de aankondiging dat de activiteit mede mogelijk is gemaakt door het Student Well-being Office. Stuur binnen zes weken na de activiteit een kort verslag met de bonnen. Niet gebruikt geld wordt niet uitbetaald.",
      en: "Mention in the announcement that the activity is supported by the Student Well-being Office. Send a short report with the receipts within six weeks of the activity. Money not spent is not paid out.",
    },
  },
  {
    kind: "decline" as const,
    name: "Geen welzijnsactiviteit / Not about well-being",
    body: {
      nl: "We hebben je aanvraag zorgvuldig bekeken. Het fonds is bedoeld voor activiteiten die over welzijn gaan; deze activiteit is vooral een gezellige bijeenkomst. Je bent welkom om een nieuwe aanvraag in te dienen voor een activiteit die welzijn centraal stelt.",
      en: "We have looked at your application carefully. The fund is meant for activities about well-being; this activity is mainly a social gathering. You are welcome to apply again for an activity that puts well-being first.",
    },
  },
];

export async function seedSubsidyOffice(db: Db, a: { now: Date; year: number }) {
  await db.insert(subsidyTemplates).values(TEMPLATES.map((t) => ({ ...t, updatedAt: a.now })));
  await db
    .insert(subsidyBudgets)
    .values({
      year: a.year,
      totalCents: 2_500_000,
      maxPerApplicationCents: 100_000,
      maxPerOrganisationCents: 250_000,
      updatedAt: a.now,
    })
    .onConflictDoNothing();
}
