/**
 * Deterministic bulk roadmap content for benchmarks: N bilingual places to turn, composed from Dutch
 * and English word lists around the demo topics, linked to 1–3 random topics, with phones, e-mail,
 * websites, addresses and opening hours. The same seed gives the same rows (ids included), so two
 * runs search the same data. Everything is fictitious (example.org addresses, 071-000 numbers).
 *
 * As a module: `generateRoadmap(db, { count: 5000 })` after the roadmap topics exist (e.g. after
 * `seedRoadmap`). From the command line, against the portal's database (DATABASE_URL, else DATA_DIR):
 *
 *   npx tsx bench/generate-roadmap.ts --count 5000 [--seed 1] [--seed-roadmap]
 *
 * Running it twice with the same seed adds nothing the second time (same ids and slugs).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { count, eq } from "drizzle-orm";
import { bumpContentVersion } from "../src/core/content/versions.js";
import type { Localized } from "../src/core/i18n/index.js";
import { type Db, openDatabase } from "../src/db/index.js";
import { seedRoadmap } from "../src/demo/seed.js";
import { loadEnv } from "../src/env.js";
import { type Address, type Audience, type Cost, type Phone, resources, resourceTopics, topics } from "../src/features/roadmap/schema.js";
import { ROADMAP, refreshSearch } from "../src/features/roadmap/service.js";

// ---------- seeded randomness ----------

/** mulberry32: small, fast, good enough for test data; the same seed gives the same sequence. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const chance = (p: number) => next() < p;
  /** `k` distinct items. */
  const sample = <T>(xs: readonly T[], k: number): T[] => {
    const copy = [...xs];
    const out: T[] = [];
    while (out.length < k && copy.length) out.push(copy.splice(Math.floor(next() * copy.length), 1)[0]!);
    return out;
  };
  /** A version-4-shaped UUID from the sequence (so ids are reproducible too). */
  const uuid = () => {
    const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16));
    hex[12] = "4";
    hex[16] = "89ab"[Math.floor(next() * 4)]!;
    const h = hex.join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };
  return { next, int, pick, chance, sample, uuid };
}
type Rng = ReturnType<typeof prng>;

// ---------- word lists ----------

type Pair = readonly [nl: string, en: string];

/** Themes per demo topic slug: what people type when they look for help. */
const THEMES: Record<string, Pair[]> = {
  "urgent-help": [
    ["crisis", "crisis"],
    ["zelfdoding", "suicide"],
    ["acute nood", "acute distress"],
    ["suïcidale gedachten", "suicidal thoughts"],
    ["crisisopvang", "crisis support"],
  ],
  "stress-anxiety": [
    ["stress", "stress"],
    ["angst", "anxiety"],
    ["paniekaanvallen", "panic attacks"],
    ["examenstress", "exam stress"],
    ["faalangst", "fear of failure"],
    ["piekeren", "worrying"],
    ["burn-out", "burnout"],
    ["spanning", "tension"],
  ],
  "low-mood": [
    ["somberheid", "low mood"],
    ["depressie", "depression"],
    ["neerslachtigheid", "feeling down"],
    ["weinig energie", "low energy"],
    ["slaapproblemen", "sleep problems"],
  ],
  loneliness: [
    ["eenzaamheid", "loneliness"],
    ["contact maken", "making friends"],
    ["vriendschap", "friendship"],
    ["heimwee", "homesickness"],
    ["sociale angst", "social anxiety"],
  ],
  "study-problems": [
    ["studievertraging", "study delay"],
    ["uitstelgedrag", "procrastination"],
    ["plannen", "planning"],
    ["motivatie", "motivation"],
    ["concentratie", "concentration"],
    ["scriptie", "thesis"],
    ["studiekeuze", "choosing a programme"],
  ],
  money: [
    ["geldzorgen", "money worries"],
    ["schulden", "debts"],
    ["budgetteren", "budgeting"],
    ["studiefinanciering", "student finance"],
    ["toeslagen", "benefits"],
    ["bijbaan", "part-time job"],
  ],
  housing: [
    ["huisvesting", "housing"],
    ["huurproblemen", "rent problems"],
    ["kamer zoeken", "finding a room"],
    ["huurcontract", "tenancy agreement"],
    ["verhuurder", "landlord"],
    ["woningnood", "housing shortage"],
  ],
  discrimination: [
    ["discriminatie", "discrimination"],
    ["racisme", "racism"],
    ["pesten", "bullying"],
    ["ongewenst gedrag", "unacceptable behaviour"],
    ["uitsluiting", "exclusion"],
  ],
  "sexual-harassment": [
    ["seksuele intimidatie", "sexual harassment"],
    ["grensoverschrijdend gedrag", "transgressive behaviour"],
    ["seksueel geweld", "sexual violence"],
    ["aanranding", "sexual assault"],
  ],
  "alcohol-drugs": [
    ["alcohol", "alcohol"],
    ["drugs", "drugs"],
    ["verslaving", "addiction"],
    ["gokken", "gambling"],
    ["middelengebruik", "substance use"],
  ],
  "grief-loss": [
    ["rouw", "grief"],
    ["verlies", "loss"],
    ["overlijden van een naaste", "bereavement"],
    ["ziekte in de familie", "illness in the family"],
  ],
  "disability-illness": [
    ["functiebeperking", "disability"],
    ["chronische ziekte", "chronic illness"],
    ["dyslexie", "dyslexia"],
    ["ADHD", "ADHD"],
    ["autisme", "autism"],
    ["studievoorzieningen", "study adjustments"],
  ],
  "international-students": [
    ["internationale studenten", "international students"],
    ["verblijfsvergunning", "residence permit"],
    ["wennen in Nederland", "settling in"],
    ["Nederlandse les", "Dutch lessons"],
    ["cultuurverschillen", "cultural differences"],
  ],
  "gender-sexuality": [
    ["genderidentiteit", "gender identity"],
    ["seksualiteit", "sexuality"],
    ["uit de kast komen", "coming out"],
    ["lhbtiq+", "lgbtiq+"],
    ["seksuele gezondheid", "sexual health"],
  ],
  "association-conflicts": [
    ["conflicten", "conflicts"],
    ["verenigingsleven", "student associations"],
    ["bestuursproblemen", "board problems"],
    ["ontgroening", "hazing"],
    ["bemiddeling", "mediation"],
  ],
};
/** For topics outside the demo set. */
const GENERIC_THEMES: Pair[] = [
  ["welzijn", "well-being"],
  ["persoonlijke problemen", "personal problems"],
  ["vragen", "questions"],
];

const KINDS: Pair[] = [
  ["Inloopspreekuur", "Walk-in hour"],
  ["Praatgroep", "Talking group"],
  ["Training", "Course"],
  ["Buddyprogramma", "Buddy programme"],
  ["Adviespunt", "Advice point"],
  ["Hulplijn", "Helpline"],
  ["Spreekuur", "Consultation hour"],
  ["Workshop", "Workshop"],
  ["Coaching", "Coaching"],
  ["Steunpunt", "Support centre"],
  ["Chatdienst", "Chat service"],
  ["Online cursus", "Online course"],
  ["Zelfhulpprogramma", "Self-help programme"],
  ["Lotgenotengroep", "Peer support group"],
  ["Maatschappelijk werk", "Social work"],
  ["Vertrouwenspunt", "Confidential help point"],
];

const PROVIDERS = [
  "Universiteit Leiden",
  "Gemeente Leiden",
  "Stichting Voorbeeld Welzijn",
  "GGZ Voorbeeldregio",
  "Buurtteam Leiden-Noord",
  "Buurtteam Leiden-Zuid",
  "Studentenhuisvesting Voorbeeld",
  "Schuldhulp Voorbeeldstad",
  "Jellinek Voorbeeld",
  "Stichting Studentensteun",
  "Huisartsenpraktijk Voorbeeldhof",
  "Humanitas Voorbeeldregio",
  "Juridisch Loket Voorbeeld",
  "ISN Voorbeeld",
  "Voorbeeld Psychologenpraktijk",
];

const CITIES = ["Leiden", "Den Haag", "Oegstgeest", "Leiderdorp", "Katwijk", "Alphen aan den Rijn", "Voorschoten"];
const STREETS = ["Voorbeeldstraat", "Voorbeeldplein", "Voorbeeldsingel", "Voorbeeldgracht", "Voorbeeldlaan", "Voorbeeldkade"];

const OFFERS: Pair[] = [
  ["Je kunt langskomen zonder afspraak.", "You can drop in without an appointment."],
  ["Bel, mail of chat met een medewerker.", "Call, email or chat with a staff member."],
  ["Gratis en vertrouwelijk.", "Free and confidential."],
  ["In kleine groepen, onder begeleiding van een psycholoog.", "In small groups, led by a psychologist."],
  ["Online, in je eigen tempo.", "Online, at your own pace."],
  ["Met ervaringsdeskundigen die weten hoe het is.", "With peer experts who know what it's like."],
  ["Ook in het Engels.", "Also in English."],
  ["Aanmelden kan anoniem.", "You can sign up anonymously."],
];

const OPENERS: ((a: Pair) => Pair)[] = [
  (a) => [`Heb je last van ${a[0]}?`, `Struggling with ${a[1]}?`],
  (a) => [`Loop je vast door ${a[0]}?`, `Stuck because of ${a[1]}?`],
  (a) => [`Maak je je zorgen over ${a[0]}?`, `Worried about ${a[1]}?`],
  (a) => [`Wil je praten over ${a[0]}?`, `Want to talk about ${a[1]}?`],
];

const MIDDLES: ((kind: Pair, provider: string, city: string, b: Pair) => Pair)[] = [
  (k, p, c) => [
    `${p} biedt een ${k[0].toLowerCase()} voor studenten in ${c}.`,
    `${p} offers a ${k[1].toLowerCase()} for students in ${c}.`,
  ],
  (_k, _p, _c, b) => [
    `Samen kijken we wat je nodig hebt, bijvoorbeeld hulp bij ${b[0]} of een verwijzing naar de huisarts.`,
    `Together we look at what you need, for example help with ${b[1]} or a referral to your GP.`,
  ],
  (_k, _p, c) => [
    `Je praat met een getrainde medewerker of vrijwilliger uit de regio ${c}.`,
    `You talk to a trained staff member or volunteer from the ${c} area.`,
  ],
  (_k, _p, _c, b) => [
    `Veel studenten komen hier ook met vragen over ${b[0]}.`,
    `Many students also come here with questions about ${b[1]}.`,
  ],
];

const CLOSERS: Pair[] = [
  ["Aanmelden kan via de website of telefonisch.", "Sign up on the website or by phone."],
  ["Je hoeft geen verwijzing te hebben.", "You don't need a referral."],
  ["De eerste afspraak is gratis.", "The first appointment is free."],
  ["Er is meestal binnen twee weken plek.", "There is usually a place within two weeks."],
  ["Twijfel je? Stuur gerust eerst een e-mail.", "Not sure? Feel free to send an email first."],
];

const PHONE_LABELS: Pair[] = [
  ["Secretariaat", "Reception"],
  ["Spreekuur", "Consultation hour"],
  ["Hulplijn", "Helpline"],
  ["Afspraken", "Appointments"],
];

const HOURS: Pair[] = [
  ["Ma–vr 9.00–17.00", "Mon–Fri 9:00–17:00"],
  ["Di en do 13.00–16.00, inloop", "Tue and Thu 13:00–16:00, walk-in"],
  ["Op afspraak", "By appointment"],
  ["Elke woensdagavond 19.30–21.00", "Every Wednesday evening 19:30–21:00"],
  ["Dag en nacht bereikbaar", "Available day and night"],
  ["", ""],
];

const CONFIDENTIALITY: Pair[] = [
  ["Wat je vertelt blijft vertrouwelijk.", "What you share stays confidential."],
  ["Anoniem: je hoeft je naam niet te noemen.", "Anonymous: you don't have to give your name."],
  ["", ""],
];

const AUDIENCE_SETS: Audience[][] = [
  ["everyone"],
  ["all_students"],
  ["our_students"],
  ["our_students", "phd_candidates"],
  ["international_students"],
  ["board_members"],
  ["all_students", "employees"],
];

const LANGUAGE_SETS: string[][] = [["nl", "en"], ["nl", "en"], ["nl", "en"], ["nl"], ["en"], ["nl", "en", "de"], ["nl", "en", "ar", "tr"]];

const slugify = (s: string) =>
  s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 50);

const themesOf = (slug: string) => THEMES[slug] ?? GENERIC_THEMES;

type TopicRef = { id: string; slug: string; urgent: boolean };
type ResourceRow = typeof resources.$inferInsert;

/** One resource and its topic links, from the sequence; pure apart from `rng`. */
function makeResource(rng: Rng, i: number, seed: number, all: TopicRef[], today: Date): { row: ResourceRow; topicIds: string[] } {
  const id = rng.uuid();
  // Mostly non-urgent topics; urgent help is rare, as in a real directory.
  const regular = all.filter((t) => !t.urgent);
  const primary = rng.chance(0.03) || !regular.length ? rng.pick(all) : rng.pick(regular);
  const extra = rng.sample(
    all.filter((t) => t.id !== primary.id),
    rng.int(0, 2),
  );
  const linked = [primary, ...extra];
  const a = rng.pick(themesOf(primary.slug));
  const second = extra[0] ?? primary;
  const b = rng.pick(themesOf(second.slug));
  const kind = rng.pick(KINDS);
  const provider = rng.pick(PROVIDERS);
  const city = rng.pick(CITIES);
  const withCity = rng.chance(0.4);

  const name: Localized = {
    nl: `${kind[0]} ${a[0]}${withCity ? ` ${city}` : ""}`,
    en: `${kind[1]}: ${a[1]}${withCity ? ` (${city})` : ""}`,
  };
  const offer = rng.pick(OFFERS);
  const summary: Localized =
    a === b
      ? { nl: `Voor studenten met vragen over ${a[0]}. ${offer[0]}`, en: `For students with questions about ${a[1]}. ${offer[1]}` }
      : {
          nl: `Voor studenten met vragen over ${a[0]} en ${b[0]}. ${offer[0]}`,
          en: `For students with questions about ${a[1]} and ${b[1]}. ${offer[1]}`,
        };
  const opener = rng.pick(OPENERS)(a);
  const middles = rng.sample(MIDDLES, rng.int(1, 2)).map((m) => m(kind, provider, city, b));
  const closer = rng.pick(CLOSERS);
  const sentences = [opener, ...middles, closer];
  const description: Localized = { nl: sentences.map((s) => s[0]).join(" "), en: sentences.map((s) => s[1]).join(" ") };

  const local = () => `071-000 ${String(rng.int(1000, 9999))}`;
  const phones: Phone[] = Array.from({ length: rng.int(0, 2) }, () => {
    const label = rng.pick(PHONE_LABELS);
    return { label: { nl: label[0], en: label[1] }, number: local() };
  });
  const slug = `gen${seed}-${String(i).padStart(5, "0")}-${slugify(name.en)}`.slice(0, 80).replace(/-$/, "");
  const host = `${slugify(provider).slice(0, 30)}.example.org`;
  const address: Address | null = rng.chance(0.5)
    ? {
        street: `${rng.pick(STREETS)} ${rng.int(1, 250)}`,
        postcode: `23${rng.int(10, 99)} ${String.fromCharCode(65 + rng.int(0, 25), 65 + rng.int(0, 25))}`,
        city,
      }
    : null;
  const hours = rng.pick(HOURS);
  const confidentiality = rng.pick(CONFIDENTIALITY);
  const costRoll = rng.next();
  const cost: Cost = costRoll < 0.7 ? "free" : costRoll < 0.85 ? "insured" : "paid";
  const reviewedDaysAgo = rng.chance(0.1) ? null : rng.int(0, 500);
  const row: ResourceRow = {
    id,
    slug,
    name,
    summary,
    description,
    scope: provider === "Universiteit Leiden" ? "inside" : "outside",
    provider,
    audiences: rng.pick(AUDIENCE_SETS),
    phones,
    email: rng.chance(0.8) ? `${slugify(kind[1]).slice(0, 20)}@${host}` : null,
    website: rng.chance(0.85) ? `https://${host}/${slugify(a[1])}` : null,
    address,
    hours: { nl: hours[0], en: hours[1] },
    bookingUrl: rng.chance(0.3) ? `https://${host}/afspraak` : null,
    cost,
    languages: rng.pick(LANGUAGE_SETS),
    confidentiality: { nl: confidentiality[0], en: confidentiality[1] },
    urgent: primary.urgent && rng.chance(0.5),
    lastReviewedOn: reviewedDaysAgo === null ? null : new Date(today.getTime() - reviewedDaysAgo * 86_400_000).toISOString().slice(0, 10),
    status: rng.chance(0.05) ? "hidden" : "active",
  };
  return { row, topicIds: linked.map((t) => t.id) };
}

export type GenerateOptions = {
  /** How many resources to add. */
  count: number;
  /** PRNG seed; also part of the slugs, so different seeds can be added to one database. */
  seed?: number;
  /** Anchor for the review dates (default: now). */
  today?: Date;
  /** Rows per INSERT. */
  batchSize?: number;
};

/**
 * Adds `count` generated resources (and their topic links) to a database whose roadmap topics
 * exist, then rebuilds the search index (`refreshSearch`) and bumps the content version, all in one
 * transaction. Returns how many rows were inserted (fewer than `count` when some already exist from
 * an earlier run with the same seed; with none inserted, nothing else changes either).
 */
export async function generateRoadmap(db: Db, opts: GenerateOptions): Promise<{ inserted: number; links: number }> {
  const seed = opts.seed ?? 1;
  const batchSize = opts.batchSize ?? 500;
  const today = opts.today ?? new Date();
  const all: TopicRef[] = (
    await db.select({ id: topics.id, slug: topics.slug, urgent: topics.urgent }).from(topics).where(eq(topics.status, "active"))
  ).sort((x, y) => x.slug.localeCompare(y.slug)); // a stable order, so the same seed picks the same topics
  if (!all.length) throw new Error("generate-roadmap: the database has no active roadmap topics (seed the roadmap first)");
  const rng = prng(seed);
  let inserted = 0;
  let links = 0;
  await db.transaction(async (tx) => {
    for (let start = 0; start < opts.count; start += batchSize) {
      const batch = Array.from({ length: Math.min(batchSize, opts.count - start) }, (_, k) =>
        makeResource(rng, start + k + 1, seed, all, today),
      );
      const ids = await tx
        .insert(resources)
        .values(batch.map((b) => b.row))
        .onConflictDoNothing()
        .returning({ id: resources.id });
      inserted += ids.length;
      const fresh = new Set(ids.map((r) => r.id));
      const rows = batch
        .filter((b) => fresh.has(b.row.id!))
        .flatMap((b) => b.topicIds.map((topicId) => ({ resourceId: b.row.id!, topicId })));
      if (rows.length) {
        await tx.insert(resourceTopics).values(rows).onConflictDoNothing();
        links += rows.length;
      }
    }
    if (inserted) {
      await refreshSearch(tx);
      await bumpContentVersion(tx, ROADMAP);
    }
  });
  return { inserted, links };
}

// ---------- command line ----------

function parseArgs(argv: string[]) {
  const out = { count: 5000, seed: 1, seedRoadmap: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 0) throw new Error(`${a} needs a whole number`);
      return v;
    };
    if (a === "--count") out.count = value();
    else if (a === "--seed") out.seed = value();
    else if (a === "--seed-roadmap") out.seedRoadmap = true;
    else if (a === "--help" || a === "-h") {
      console.log("usage: npx tsx bench/generate-roadmap.ts [--count 5000] [--seed 1] [--seed-roadmap]");
      console.log("  writes to DATABASE_URL when set, else to the PGlite DATA_DIR (default ./data)");
      console.log("  --seed-roadmap  first add the demo topics and places to turn when the roadmap has no topics");
      process.exit(0);
    } else throw new Error(`unknown argument ${a} (try --help)`);
  }
  return out;
}

async function cli() {
  const args = parseArgs(process.argv.slice(2));
  const env = loadEnv();
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  try {
    await database.migrate();
    const [row] = await database.db.select({ n: count() }).from(topics);
    if (!row?.n) {
      if (!args.seedRoadmap) throw new Error("the roadmap has no topics: start the portal once with demo content, or pass --seed-roadmap");
      await database.db.transaction((tx) => seedRoadmap(tx, new Date(), env));
      console.log("added the demo roadmap (topics and places to turn)");
    }
    const started = performance.now();
    const r = await generateRoadmap(database.db, { count: args.count, seed: args.seed });
    console.log(
      `${database.describe}: added ${r.inserted} of ${args.count} generated resources (seed ${args.seed}, ${r.links} topic links) ` +
        `in ${Math.round(performance.now() - started)} ms; search index rebuilt, content version bumped`,
    );
  } finally {
    await database.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  cli().catch((err) => {
    console.error(`generate-roadmap: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
