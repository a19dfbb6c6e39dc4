import { count } from "drizzle-orm";
import { DAY } from "../core/clock.js";
import { bumpContentVersion } from "../core/content/versions.js";
import { randomToken, sha256 } from "../core/crypto.js";
import { localDate } from "../core/i18n/index.js";
import { nameSkeleton } from "../core/text.js";
import type { Db } from "../db/index.js";
import type { Env } from "../env.js";
import { audit } from "../features/audit/service.js";
import { users } from "../features/auth/schema.js";
import { keyFigures } from "../features/key-figures/schema.js";
import { KEY_FIGURE_TTL_DAYS } from "../features/key-figures/service.js";
import { MODEL_GUIDANCE } from "../features/listener-guidance/model.js";
import { guidancePages } from "../features/listener-guidance/schema.js";
import { GUIDANCE } from "../features/listener-guidance/service.js";
import { type MailingTopic, mailingSubscriptions } from "../features/mailing-list/schema.js";
import { MAILING_CONSENT_VERSION } from "../features/mailing-list/service.js";
import { boardMembers, boards, type OrgKind, organisations, type Position } from "../features/organisations/schema.js";
import { academicYearOf, academicYearStart } from "../features/organisations/service.js";
import { listenerProfiles } from "../features/peer-listeners/schema.js";
import { PEER_LISTENERS } from "../features/peer-listeners/service.js";
import { resources, resourceTopics, topics } from "../features/roadmap/schema.js";
import { ROADMAP, refreshSearch } from "../features/roadmap/service.js";
import { DEMO_ACCOUNTS } from "./accounts.js";
import { DEMO_RESOURCES, DEMO_TOPICS } from "./roadmap.js";
import { seedSocialSafety } from "./social-safety.js";
import { seedSubsidies } from "./subsidies.js";
import { seedSubsidyOffice } from "./subsidy-office.js";
import { seedTrainings } from "./trainings.js";

export { DEMO_ACCOUNTS };

type DemoOrg = {
  name: string;
  kind: OrgKind;
  faculty?: string;
  website: string;
  lang: "nl" | "en";
  members: number;
  board: [string, string, Position][];
  lastYear?: [string, string, Position][];
  /** A next board, registered ahead of time, that starts with the next academic year. */
  incoming?: [string, string, Position][];
  /** Leave this organisation without a current board for this year (a handover is overdue). */
  noCurrent?: boolean;
};

const ORGS: DemoOrg[] = [
  {
    name: "Studentenvereniging Kompas",
    kind: "student_association",
    website: "https://kompas.example.org",
    lang: "nl",
    members: 1600,
    board: [
      [DEMO_ACCOUNTS.board.email, DEMO_ACCOUNTS.board.name, "chair"],
      ["secretaris@kompas.example.org", "Daan Visser", "secretary"],
      ["welzijn@kompas.example.org", "Noor El Amrani", "wellbeing"],
    ],
    lastYear: [["oud-voorzitter@kompas.example.org", "Pieter de Groot", "chair"]],
  },
  {
    name: "Study Association Chlorofyl (Biology)",
    kind: "study_association",
    faculty: "Science",
    website: "https://chlorofyl.example.org",
    lang: "en",
    members: 700,
    board: [
      ["chair@chlorofyl.example.org", "Mila Kowalski", "chair"],
      ["treasurer@chlorofyl.example.org", "Jesse Smit", "treasurer"],
    ],
  },
  {
    name: "Roeivereniging Zijlstroom",
    kind: "sports",
    website: "https://zijlstroom.example.org",
    lang: "nl",
    members: 450,
    board: [["voorzitter@zijlstroom.example.org", "Sanne Mulder", "chair"]],
  },
  {
    name: "Studentenpartij Samen Verder",
    kind: "student_party",
    website: "https://samenverder.example.org",
    lang: "nl",
    members: 60,
    board: [["voorzitter@samenverder.example.org", "Bram Hendriks", "chair"]],
    // The handover is pending: next year's board is already registered.
    incoming: [
      ["nieuw@samenverder.example.org", "Fleur van Dijk", "chair"],
      ["penning@samenverder.example.org", "Omar Haddad", "treasurer"],
    ],
  },
  {
    name: "International Student Circle",
    kind: "international",
    website: "https://isc.example.org",
    lang: "en",
    members: 900,
    board: [],
    lastYear: [["president@isc.example.org", "Chiara Rossi", "chair"]],
    noCurrent: true,
  },
  {
    name: "Theatergroep Coulisse",
    kind: "cultural",
    website: "https://coulisse.example.org",
    lang: "nl",
    members: 80,
    board: [["bestuur@coulisse.example.org", "Julia Peters", "secretary"]],
  },
];

/** Fills an empty database with demo content (organisations, accounts, a key figure, the roadmap, trainings); does nothing when organisations exist. Returns whether it seeded. */
export async function seedDemoIfEmpty(db: Db, env: Env, now: Date): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(organisations);
  if ((row?.n ?? 0) > 0) return false;
  const today = localDate(now, env.TIME_ZONE);
  const year = academicYearOf(today, env.ACADEMIC_YEAR_START);
  await db.transaction(async (tx) => {
    const userIds = new Map<string, string>();
    const person = async (email: string, name: string, lang: "nl" | "en", staffRole: "admin" | "staff" | null = null) => {
      const known = userIds.get(email);
      if (known) return known;
      const [u] = await tx.insert(users).values({ email, name, lang, staffRole }).returning({ id: users.id });
      userIds.set(email, u!.id);
      return u!.id;
    };
    await person(DEMO_ACCOUNTS.admin.email, DEMO_ACCOUNTS.admin.name, "nl", "admin");
    await person(DEMO_ACCOUNTS.staff.email, DEMO_ACCOUNTS.staff.name, "en", "staff");
    const addBoard = async (orgId: string, y: number, startsOn: string, members: [string, string, Position][], lang: "nl" | "en") => {
      const [b] = await tx.insert(boards).values({ organisationId: orgId, year: y, startsOn }).returning({ id: boards.id });
      for (const [email, name, position] of members) {
        await tx.insert(boardMembers).values({ boardId: b!.id, userId: await person(email, name, lang), position });
      }
    };
    const orgIds = new Map<string, string>();
    for (const o of ORGS) {
      const [org] = await tx
        .insert(organisations)
        .values({
          name: o.name,
          nameKey: nameSkeleton(o.name),
          kind: o.kind,
          faculty: o.faculty ?? null,
          website: o.website,
          contactUrl: `${o.website}/contact`,
          email: `bestuur@${new URL(o.website).hostname}`,
          lang: o.lang,
          memberCount: o.members,
        })
        .returning({ id: organisations.id });
      orgIds.set(o.name, org!.id);
      if (o.lastYear) await addBoard(org!.id, year - 1, academicYearStart(year - 1, env.ACADEMIC_YEAR_START), o.lastYear, o.lang);
      if (!o.noCurrent) await addBoard(org!.id, year, academicYearStart(year, env.ACADEMIC_YEAR_START), o.board, o.lang);
      if (o.incoming) await addBoard(org!.id, year + 1, academicYearStart(year + 1, env.ACADEMIC_YEAR_START), o.incoming, o.lang);
    }
    // Kompas's board invited a confidential peer listener a week ago, who accepted the next day.
    const kf = DEMO_ACCOUNTS.keyFigure;
    await seedKeyFigure(tx, {
      orgId: orgIds.get(ORGS[0]!.name)!,
      invitedBy: userIds.get(DEMO_ACCOUNTS.board.email)!,
      userId: await person(kf.email, kf.name, "nl"),
      email: kf.email,
      name: kf.name,
      invitedAt: new Date(now.getTime() - 7 * DAY),
      acceptedAt: new Date(now.getTime() - 6 * DAY),
    });
    await seedRoadmap(tx, now, env);
    await seedSubsidyOffice(tx, { now, year });
    await seedTrainings(tx, env, now, year);
    // The mailing list: two confirmed subscribers and one still to confirm (example.org addresses, typed organisations).
    await tx.insert(mailingSubscriptions).values(
      [
        ["nieuws@debatvereniging.example.org", "Debatvereniging Retorica", "nl", ["trainings", "news"], "confirmed"],
        [
          "board@international-students.example.org",
          "International Students Network",
          "en",
          ["trainings", "subsidies", "news"],
          "confirmed",
        ],
        ["info@schaakclub.example.org", "Schaakclub De Toren", "nl", ["subsidies"], "pending"],
      ].map(([email, orgName, lang, topics, status]) => ({
        email: email as string,
        orgName: orgName as string,
        lang: lang as "nl" | "en",
        topics: topics as MailingTopic[],
        status: status as "confirmed" | "pending",
        consentVersion: MAILING_CONSENT_VERSION,
        confirmedAt: status === "confirmed" ? new Date(now.getTime() - 30 * DAY) : null,
        // The unconfirmed one from yesterday (retention deletes it after a week).
        createdAt: new Date(now.getTime() - (status === "confirmed" ? 30 : 1) * DAY),
        updatedAt: new Date(now.getTime() - (status === "confirmed" ? 30 : 1) * DAY),
      })),
    );
    // The office's guidance on appointing peer listeners.
    await tx.insert(guidancePages).values(MODEL_GUIDANCE.map((g) => ({ ...g, updatedAt: now })));
    await bumpContentVersion(tx, GUIDANCE);
    // Kompas's and the next organisation's social-safety reports, and earlier years for the office's chart.
    await seedSocialSafety(tx, {
      now,
      year,
      orgIds: [...orgIds.values()],
      reports: ORGS.slice(0, 2).map((o) => ({ orgId: orgIds.get(o.name)!, userId: userIds.get(o.board[0]![0])! })),
    });
    // The subsidy's criteria (example values) and four applications: a draft, one submitted, one with a question, one approved.
    await seedSubsidies(tx, env, {
      now,
      year,
      orgs: ORGS.slice(0, 4).map((o) => ({ orgId: orgIds.get(o.name)!, userId: userIds.get(o.board[0]![0])! })),
    });
  });
  return true;
}

/**
 * An active key figure, as inviting and accepting through the key-figures service leave one (its
 * row and the two audit entries), without the mail: a peer listener, with the board's note, and
 * the profile the listener filled in.
 */
async function seedKeyFigure(
  db: Db,
  a: { orgId: string; invitedBy: string; userId: string; email: string; name: string; invitedAt: Date; acceptedAt: Date },
) {
  const [row] = await db
    .insert(keyFigures)
    .values({
      organisationId: a.orgId,
      email: a.email,
      name: a.name,
      role: "peer_listener",
      roleNote: "vertrouwelijk aanspreekpunt tijdens de introductieweek",
      status: "active",
      tokenHash: sha256(randomToken()),
      expiresAt: new Date(a.invitedAt.getTime() + KEY_FIGURE_TTL_DAYS * DAY),
      invitedBy: a.invitedBy,
      userId: a.userId,
      acceptedAt: a.acceptedAt,
      createdAt: a.invitedAt,
    })
    .returning({ id: keyFigures.id });
  // The listener filled in a profile, listed on the public page.
  await db.insert(listenerProfiles).values({
    keyFigureId: row!.id,
    userId: a.userId,
    displayName: a.name.split(" ")[0] ?? a.name,
    languages: ["nl", "en"],
    introduction:
      "Ik zit in mijn derde jaar en ben tijdens de introductieweek en daarna je aanspreekpunt als je iets vervelends hebt meegemaakt. Ik luister, en samen kijken we wat je nodig hebt.",
    responseTime: "two_days",
    listed: true,
    updatedAt: a.acceptedAt,
  });
  await bumpContentVersion(db, PEER_LISTENERS);
  const entry = { organisationId: a.orgId, entity: "key_figure", entityId: row!.id, subjectId: a.userId };
  await audit(db, { ...entry, actorId: a.invitedBy, action: "key_figure.invite", changes: { role: { to: "peer_listener" } } });
  await audit(db, { ...entry, actorId: a.userId, action: "key_figure.accept" });
}

/** The example roadmap: topics, places to turn and their links, with the search index built. */
export async function seedRoadmap(db: Db, now: Date, env: Pick<Env, "TIME_ZONE">) {
  const topicIds = new Map<string, string>();
  for (const t of DEMO_TOPICS) {
    const [row] = await db
      .insert(topics)
      .values({
        slug: t.slug,
        name: t.name,
        description: t.description,
        icon: t.icon,
        color: t.color,
        sort: t.sort,
        urgent: t.urgent ?? false,
        searchWords: t.searchWords,
      })
      .returning({ id: topics.id });
    topicIds.set(t.slug, row!.id);
  }
  for (const { topics: slugs, reviewedDaysAgo, ...r } of DEMO_RESOURCES) {
    const lastReviewedOn =
      reviewedDaysAgo === null ? null : localDate(new Date(now.getTime() - reviewedDaysAgo * 86_400_000), env.TIME_ZONE);
    const [row] = await db
      .insert(resources)
      .values({ ...r, lastReviewedOn })
      .returning({ id: resources.id });
    const links = slugs.map((s) => topicIds.get(s)).filter((id): id is string => Boolean(id));
    if (links.length) await db.insert(resourceTopics).values(links.map((topicId) => ({ resourceId: row!.id, topicId })));
  }
  await refreshSearch(db);
  await bumpContentVersion(db, ROADMAP);
}
