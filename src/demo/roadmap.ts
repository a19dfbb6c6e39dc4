/**
 * Example roadmap content for the demo institution (Leiden University, Leiden, region Hollands Midden).
 *
 * EXAMPLE DATA: edit or replace before use. Only the well-known national numbers (112, 113, 0800-0113,
 * 0800-0188, 0900-8844, 088 0767 000, 0900-1995, 0900-0101) and the Student Well-being Office address
 * are real, as are the home pages of national organisations, the GGD, the municipality and COC Leiden.
 * Local phone numbers (071-000 xxxx), e-mail addresses and websites on example.nl/example.org and
 * "Voorbeeld..." street addresses are placeholders.
 */
import type { Localized } from "../core/i18n/index.js";
import type { Address, Audience, Cost, Phone, Scope } from "../features/roadmap/service.js";

export type DemoTopic = {
  slug: string;
  name: Localized;
  description: Localized;
  icon: string;
  color: string;
  sort: number;
  urgent?: boolean;
  /** Words students type for the topic, comma-separated, as they type them (see the office form's hint). */
  searchWords?: Localized;
};

export type DemoResource = {
  slug: string;
  name: Localized;
  summary: Localized;
  description: Localized;
  scope: Scope;
  provider: string;
  audiences: Audience[];
  phones: Phone[];
  email: string | null;
  website: string | null;
  address: Address | null;
  hours: Localized;
  bookingUrl: string | null;
  cost: Cost;
  languages: string[];
  confidentiality: Localized;
  urgent: boolean;
  /** A crisis line: listed first when a search reads as suicidal or self-harm language. */
  crisis?: boolean;
  /** Words students type for this place, comma-separated, in both languages' fields. */
  searchWords?: Localized;
  /** Topic slugs. */
  topics: string[];
  reviewedDaysAgo: number | null;
};

const NONE: Localized = { nl: "", en: "" };

const CONFIDENTIAL: Localized = {
  nl: "Wat je vertelt blijft vertrouwelijk; zonder jouw toestemming delen we niets.",
  en: "What you share stays confidential; nothing is shared without your consent.",
};

const ANONYMOUS: Localized = {
  nl: "Anoniem: je hoeft niet te zeggen wie je bent.",
  en: "Anonymous: you don't have to say who you are.",
};

const ALWAYS_OPEN: Localized = {
  nl: "Dag en nacht bereikbaar, 7 dagen per week",
  en: "Available day and night, 7 days a week",
};

/** A placeholder building for university services (fictitious street). */
const CAMPUS: Address = { street: "Voorbeeldplein 1", postcode: "2311 EZ", city: "Leiden" };

export const DEMO_TOPICS: DemoTopic[] = [
  {
    slug: "urgent-help",
    name: { nl: "Direct hulp nodig", en: "Urgent help" },
    description: {
      nl: "Denk je aan zelfdoding, ben je in gevaar of gaat het nu echt niet meer? Je hoeft het niet alleen te doen: hier vind je hulp die dag en nacht bereikbaar is.",
      en: "Are you thinking about suicide, are you in danger, or do you feel you can't go on right now? You don't have to face it alone: here you'll find help that's there day and night.",
    },
    icon: "alert",
    color: "#B42318",
    sort: 0,
    searchWords: {
      nl: "crisis, nood, noodgeval, spoed, acuut, direct hulp, in gevaar, levensgevaar, zelfmoordgedachten, suïcidaal",
      en: "crisis, emergency, urgent, help now, in danger, suicidal thoughts, crisis line",
    },
    urgent: true,
  },
  {
    slug: "stress-anxiety",
    name: { nl: "Stress en angst", en: "Stress and anxiety" },
    description: {
      nl: "Druk van deadlines, piekeren of paniek voor een tentamen: veel studenten kennen het. Hier vind je mensen en trainingen die je helpen om weer rust te vinden.",
      en: "Deadline pressure, worrying or panic before an exam: lots of students know the feeling. Here you'll find people and courses that help you feel calmer again.",
    },
    icon: "wave",
    color: "#1D5F8A",
    sort: 10,
    searchWords: {
      nl: "stress, gestrest, gestresst, angst, angstig, bang, paniek, paniekaanval, paniekaanvallen, hyperventileren, piekeren, faalangst, prestatiedruk, druk, overspannen, zenuwen, tentamenstress, examenstress, studiestress, burn-out, burnout, slapeloos, slaapproblemen",
      en: "stress, stressed, anxiety, anxious, panic, panic attack, panic attacks, worrying, overthinking, fear of failure, pressure, overwhelmed, nervous, exam stress, exam anxiety, burnout, burn-out, burned out, can't sleep, insomnia",
    },
  },
  {
    slug: "low-mood",
    name: { nl: "Somberheid", en: "Feeling low" },
    description: {
      nl: "Voel je je al een tijdje somber, leeg of zonder energie? Praat erover: er zijn mensen die met je meedenken.",
      en: "Have you been feeling down, empty or low on energy for a while? Talk about it: there are people who can help you think things through.",
    },
    icon: "cloud",
    color: "#4A5A7A",
    sort: 20,
    searchWords: {
      nl: "somber, depressief, depressie, depri, down, neerslachtig, leeg, lusteloos, geen energie, moe, uitgeput, nergens zin in, verdrietig, huilen, huilbuien, rot voelen, slecht in mijn vel, zelfhaat, haat mezelf, waardeloos, niks waard, mentale gezondheid, psychische klachten",
      en: "depressed, depression, feeling down, sad, low, empty, numb, unmotivated, no energy, tired, exhausted, crying, can't stop crying, hopeless, hate myself, self-hatred, worthless, mental health, feel like crap, feel awful",
    },
  },
  {
    slug: "loneliness",
    name: { nl: "Eenzaamheid", en: "Loneliness" },
    description: {
      nl: "Je kunt je eenzaam voelen, ook als je tussen veel mensen bent. Hier vind je plekken om te praten en om anderen te ontmoeten.",
      en: "You can feel lonely even when you're surrounded by people. Here you'll find places to talk and to meet others.",
    },
    icon: "people",
    color: "#7A4A8C",
    sort: 30,
    searchWords: {
      nl: "eenzaam, alleen, alleen voelen, geen vrienden, niemand, buitengesloten, geïsoleerd, sociaal contact, vrienden maken, aansluiting",
      en: "lonely, alone, no friends, isolated, left out, making friends, social contact, nobody to talk to",
    },
  },
  {
    slug: "study-problems",
    name: { nl: "Studieproblemen", en: "Study problems" },
    description: {
      nl: "Loop je vast met plannen, motivatie of je scriptie, of loop je studievertraging op? Meld het op tijd, want er kan vaak meer dan je denkt.",
      en: "Stuck with planning, motivation or your thesis, or falling behind? Get in touch early: more is often possible than you think.",
    },
    icon: "book",
    color: "#2F6B3A",
    sort: 40,
    searchWords: {
      nl: "studievertraging, achterlopen, achterstand, herkansing, bsa, bindend studieadvies, studiekeuze, twijfel over mijn studie, stoppen met studie, uitschrijven, switchen, scriptie, motivatie, concentratie, plannen, uitstellen, uitstelgedrag, tentamens, onvoldoendes",
      en: "study delay, falling behind, resit, bsa, binding study advice, thesis, motivation, concentration, planning, procrastination, procrastinating, failing, failing courses, drop out, quit, switch programme, study choice",
    },
  },
  {
    slug: "money",
    name: { nl: "Geldzorgen", en: "Money worries" },
    description: {
      nl: "Rondkomen is niet altijd makkelijk. Heb je schulden of onverwachte kosten? Vraag op tijd om advies, dan voorkom je grotere problemen.",
      en: "Making ends meet isn't always easy. Got debts or unexpected costs? Ask for advice early, so small problems don't grow into big ones.",
    },
    icon: "coin",
    color: "#8A5A00",
    sort: 50,
    searchWords: {
      nl: "geld, geldproblemen, geldzorgen, schulden, schuld, studieschuld, blut, platzak, krap, rondkomen, budget, rekeningen, toeslagen, studiefinanciering, duo, noodfonds, financiële problemen",
      en: "money, money problems, financial problems, debt, debts, broke, skint, budget, bills, can't pay, student finance, duo, emergency fund",
    },
  },
  {
    slug: "housing",
    name: { nl: "Wonen", en: "Housing" },
    description: {
      nl: "Geen kamer, gedoe met je verhuurder of een te hoge huur? Hier lees je waar je terechtkunt met vragen over wonen.",
      en: "No room, trouble with your landlord, or rent that's too high? Find out where to go with questions about housing.",
    },
    icon: "home",
    color: "#8C4A2F",
    sort: 60,
    searchWords: {
      nl: "huisvesting, kamer, kamer zoeken, kamernood, geen kamer, huur, huurprijs, huurtoeslag, huisbaas, verhuurder, huisgenoten, woning, dakloos, huurcommissie",
      en: "housing, room, finding a room, no room, rent, rent too high, landlord, housemates, accommodation, homeless, rental",
    },
  },
  {
    slug: "discrimination",
    name: { nl: "Discriminatie en ongewenst gedrag", en: "Discrimination and unacceptable behaviour" },
    description: {
      nl: "Word je gepest, uitgescholden of anders behandeld om wie je bent? Dat is niet oké. Je kunt er vertrouwelijk over praten en samen bekijken wat je wilt doen.",
      en: "Are you being bullied, called names or treated differently because of who you are? That's not OK. You can talk about it in confidence and work out together what you want to do.",
    },
    icon: "scale",
    color: "#5B3F8C",
    sort: 70,
    searchWords: {
      nl: "discriminatie, racisme, uitschelden, pesten, gepest, buitensluiten, vooroordelen, homofobie, transfobie, seksisme, ongewenst gedrag",
      en: "discrimination, racism, racist, bullying, bullied, name-calling, homophobia, transphobia, sexism, prejudice",
    },
  },
  {
    slug: "sexual-harassment",
    name: { nl: "Seksuele intimidatie en grensoverschrijdend gedrag", en: "Sexual harassment and transgressive behaviour" },
    description: {
      nl: "Is er iets gebeurd dat over je grens ging? Het is nooit jouw schuld. Jij bepaalt welke stap je zet, en bij elke stap is er hulp.",
      en: "Has something happened that crossed your boundaries? It is never your fault. You decide which step to take, and there's support at every step.",
    },
    icon: "shield",
    color: "#9B2C5A",
    sort: 80,
    searchWords: {
      nl: "seksuele intimidatie, intimidatie, aanranding, aangerand, verkrachting, verkracht, misbruik, seksueel geweld, grensoverschrijdend, ongewenste aanraking, metoo",
      en: "sexual harassment, harassment, sexual assault, assault, rape, raped, abuse, sexual violence, unwanted touching, groping, consent, metoo",
    },
  },
  {
    slug: "alcohol-drugs",
    name: { nl: "Alcohol en drugs", en: "Alcohol and drugs" },
    description: {
      nl: "Heb je vragen over je eigen gebruik, of maak je je zorgen om iemand anders? Je kunt anoniem informatie en advies krijgen, zonder oordeel.",
      en: "Questions about your own use, or worried about someone else? You can get information and advice anonymously, without judgement.",
    },
    icon: "glass",
    color: "#0F6E6E",
    sort: 90,
    searchWords: {
      nl: "alcohol, drank, drinken, zuipen, te veel drinken, dronken, drugs, blowen, wiet, cannabis, xtc, coke, cocaïne, ghb, lachgas, paddo's, verslaving, verslaafd, drugsgebruik, drankprobleem",
      en: "alcohol, drinking, drinking too much, drunk, blackout, drugs, weed, cannabis, smoking weed, xtc, ecstasy, molly, coke, cocaine, ghb, shrooms, laughing gas, addiction, addicted, drug use",
    },
  },
  {
    slug: "grief-loss",
    name: { nl: "Rouw en verlies", en: "Grief and loss" },
    description: {
      nl: "Het verlies van iemand die je dierbaar is, of een ander groot verlies, kan je studie en je leven flink raken. Neem de tijd en zoek steun.",
      en: "Losing someone close to you, or another big loss, can hit your studies and your life hard. Give yourself time and look for support.",
    },
    icon: "leaf",
    color: "#4F6B4F",
    sort: 100,
    searchWords: {
      nl: "rouw, rouwen, rouwverwerking, verlies, overleden, overlijden, sterfgeval, verdriet, gemis, afscheid",
      en: "grief, grieving, loss, bereavement, died, death, passed away, mourning, lost someone",
    },
  },
  {
    slug: "disability-illness",
    name: { nl: "Functiebeperking en chronische ziekte", en: "Disability and chronic illness" },
    description: {
      nl: "Studeer je met een functiebeperking, een chronische ziekte of bijvoorbeeld ADHD of dyslexie? Je hebt recht op voorzieningen die het studeren makkelijker maken.",
      en: "Studying with a disability, a chronic illness, or for example ADHD or dyslexia? You're entitled to adjustments that make studying easier.",
    },
    icon: "access",
    color: "#1F5E99",
    sort: 110,
    searchWords: {
      nl: "functiebeperking, beperking, handicap, chronisch ziek, chronische ziekte, adhd, add, dyslexie, autisme, dyscalculie, extra tijd, extra tentamentijd, voorzieningen, aanpassingen",
      en: "disability, disabled, chronic illness, chronically ill, adhd, dyslexia, autism, autistic, extra time, extra exam time, accommodations, adjustments",
    },
  },
  {
    slug: "international-students",
    name: { nl: "Wennen als internationale student", en: "Settling in as an international student" },
    description: {
      nl: "Nieuw in Nederland? Dingen regelen, wennen en je weg vinden kost tijd. Hier vind je hulp bij praktische zaken en bij heimwee.",
      en: "New to the Netherlands? Sorting things out, settling in and finding your way takes time. Here you'll find help with practical matters and with homesickness.",
    },
    icon: "globe",
    color: "#0E6A8A",
    sort: 120,
    searchWords: {
      nl: "internationale student, buitenlandse student, heimwee, verblijfsvergunning, visum, bsn, zorgverzekering, inschrijven bij de gemeente, wennen, cultuurschok",
      en: "international student, homesick, homesickness, residence permit, visa, bsn, health insurance, registration, culture shock, settling in",
    },
  },
  {
    slug: "gender-sexuality",
    name: { nl: "Gender en seksualiteit", en: "Gender and sexuality" },
    description: {
      nl: "Vragen over je gender, je seksuele voorkeur of je seksuele gezondheid? Hier vind je een veilige plek voor je vragen en mensen die je begrijpen.",
      en: "Questions about your gender, your sexuality or your sexual health? Here you'll find a safe place for your questions and people who understand.",
    },
    icon: "heart",
    color: "#A3346B",
    sort: 130,
    searchWords: {
      nl: "lhbti, lhbtiq, homo, lesbisch, lesbienne, biseksueel, transgender, trans, non-binair, queer, uit de kast, coming out, seksuele voorkeur, genderidentiteit, soa, soa-test, seksuele gezondheid",
      en: "lgbt, lgbtq, lgbtiq, gay, lesbian, bisexual, transgender, trans, non-binary, queer, coming out, sexuality, gender identity, sti, sti test, std, sexual health",
    },
  },
  {
    slug: "association-conflicts",
    name: { nl: "Conflicten binnen een vereniging", en: "Conflicts within an association" },
    description: {
      nl: "Loopt het niet lekker in je vereniging, bestuur of commissie, of gebeurt er iets wat niet door de beugel kan? Als lid en als bestuur kun je advies vragen.",
      en: "Are things going wrong in your association, board or committee, or is something happening that isn't acceptable? Members and boards alike can ask for advice.",
    },
    icon: "chat",
    color: "#6B5B2E",
    sort: 140,
    searchWords: {
      nl: "vereniging, studentenvereniging, studievereniging, bestuur, verenigingsbestuur, commissie, ruzie in het bestuur, conflict, ontgroening, groentijd, kennismakingstijd, vertrouwenscontactpersoon",
      en: "association, student association, board, board conflict, committee, conflict, hazing, initiation, peer listener",
    },
  },
];

export const DEMO_RESOURCES: DemoResource[] = [
  // ---- Urgent and national lines -------------------------------------------------------------
  {
    slug: "113-suicide-prevention",
    name: { nl: "113 Zelfmoordpreventie", en: "113 Suicide Prevention" },
    summary: {
      nl: "Denk je aan zelfdoding? Praat er anoniem over, dag en nacht. Bel 113 of gratis 0800-0113, of chat via 113.nl.",
      en: "Thinking about suicide? Talk about it anonymously, day and night. Call 113 or 0800-0113 (free), or chat at 113.nl.",
    },
    description: {
      nl: "Bij 113 praat je met een getrainde hulpverlener als je aan zelfdoding denkt, of als je je zorgen maakt om iemand anders. Je hoeft je naam niet te noemen. Bellen en chatten kan 24 uur per dag, 7 dagen per week.",
      en: "At 113 you can talk to a trained counsellor if you're thinking about suicide, or if you're worried about someone else. You don't have to give your name. You can call or chat 24 hours a day, 7 days a week.",
    },
    scope: "outside",
    provider: "113 Zelfmoordpreventie",
    audiences: ["everyone"],
    phones: [
      { label: { nl: "Crisislijn", en: "Crisis line" }, number: "113" },
      { label: { nl: "Gratis nummer", en: "Free number" }, number: "0800-0113" },
    ],
    email: null,
    website: "https://www.113.nl",
    address: null,
    hours: { nl: "24/7: dag en nacht bellen of chatten", en: "24/7: call or chat day and night" },
    bookingUrl: null,
    cost: "free",
    languages: ["nl", "en"],
    confidentiality: ANONYMOUS,
    urgent: true,
    crisis: true,
    searchWords: {
      nl: "zelfmoord, zelfmoordgedachten, zelfdoding, suïcide, suïcidaal, suicidaal, zelfbeschadiging, crisislijn, hulplijn, chat, 0800-0113",
      en: "suicide, suicidal, suicidal thoughts, self-harm, crisis line, hotline, suicide hotline, chat, 0800-0113",
    },
    topics: ["urgent-help", "low-mood"],
    reviewedDaysAgo: 21,
  },
  {
    slug: "emergency-112",
    name: { nl: "Alarmnummer 112", en: "Emergency number 112" },
    summary: {
      nl: "Bij direct gevaar of levensgevaar: bel 112 voor een ambulance, de politie of de brandweer.",
      en: "In immediate or life-threatening danger: call 112 for an ambulance, the police or the fire brigade.",
    },
    description: {
      nl: "Bel 112 als iemands leven in gevaar is, bijvoorbeeld na een poging tot zelfdoding, bij een ernstig ongeluk, geweld of brand. Zeg welke hulpdienst je nodig hebt en waar je bent. Is het geen spoed? Bel dan de politie op 0900-8844 of neem contact op met je huisarts.",
      en: "Call 112 if someone's life is in danger, for example after a suicide attempt, a serious accident, violence or a fire. Say which emergency service you need and where you are. If it isn't an emergency, call the police on 0900-8844 or contact your GP.",
    },
    scope: "outside",
    provider: "Hulpdiensten (ambulance, politie, brandweer)",
    audiences: ["everyone"],
    phones: [{ label: { nl: "Alarmnummer", en: "Emergency number" }, number: "112" }],
    email: null,
    website: null,
    address: null,
    hours: ALWAYS_OPEN,
    bookingUrl: null,
    cost: "free",
    languages: ["nl", "en"],
    confidentiality: NONE,
    urgent: true,
    crisis: true,
    searchWords: {
      nl: "alarmnummer, noodnummer, noodgeval, ambulance, levensgevaar, spoed, ongeluk, overdosis, 112",
      en: "emergency, emergency number, ambulance, life-threatening, accident, overdose, 911, 112",
    },
    topics: ["urgent-help"],
    reviewedDaysAgo: 21,
  },
  {
    slug: "centre-sexual-violence",
    name: { nl: "Centrum Seksueel Geweld", en: "Centre for Sexual Violence (Centrum Seksueel Geweld)" },
    summary: {
      nl: "Kortgeleden seksueel geweld meegemaakt? Bel dag en nacht gratis 0800-0188 voor medische, forensische en psychische hulp.",
      en: "Experienced sexual violence recently? Call 0800-0188, free, day and night, for medical, forensic and psychological care.",
    },
    description: {
      nl: "Is je seksueel geweld overkomen, zeker als het minder dan een week geleden is? Bel dan zo snel mogelijk het Centrum Seksueel Geweld. Je krijgt op één plek medische zorg, psychische steun en, als je dat wilt, hulp bij sporenonderzoek en aangifte. Is het langer geleden, dan kun je ook bellen voor advies.",
      en: "Has sexual violence happened to you, especially within the past week? Call the Centre for Sexual Violence as soon as you can. In one place you'll get medical care, emotional support and, if you want, help with a forensic examination and reporting to the police. If it happened longer ago, you can still call for advice.",
    },
    scope: "outside",
    provider: "Centrum Seksueel Geweld",
    audiences: ["everyone"],
    phones: [{ label: { nl: "Dag en nacht, gratis", en: "Day and night, free" }, number: "0800-0188" }],
    email: null,
    website: "https://www.centrumseksueelgeweld.nl",
    address: null,
    hours: ALWAYS_OPEN,
    bookingUrl: null,
    cost: "free",
    languages: ["nl", "en"],
    confidentiality: {
      nl: "Jij bepaalt wat er gebeurt. Zonder jouw toestemming wordt er geen aangifte gedaan.",
      en: "You stay in control. No police report is made without your consent.",
    },
    urgent: true,
    searchWords: {
      nl: "verkrachting, verkracht, aanranding, aangerand, seksueel geweld, seksueel misbruik, zedenmisdrijf, sporenonderzoek",
      en: "rape, raped, sexual assault, sexually assaulted, sexual violence, sexual abuse, forensic examination",
    },
    topics: ["urgent-help", "sexual-harassment"],
    reviewedDaysAgo: 25,
  },
  {
    slug: "de-luisterlijn",
    name: { nl: "De Luisterlijn", en: "De Luisterlijn (listening line)" },
    summary: {
      nl: "Even je verhaal kwijt? Getrainde vrijwilligers luisteren dag en nacht naar je, anoniem, via telefoon of chat.",
      en: "Need to get something off your chest? Trained volunteers listen day and night, anonymously, by phone or chat.",
    },
    description: {
      nl: "Soms helpt het al om gewoon je verhaal te doen. Bij De Luisterlijn luisteren getrainde vrijwilligers zonder oordeel, of het nu gaat om eenzaamheid, verdriet, stress of iets anders dat je dwarszit. Je hoeft je naam niet te noemen en er is geen wachtlijst.",
      en: "Sometimes it helps just to tell someone what's going on. At De Luisterlijn, trained volunteers listen without judgement, whether it's about loneliness, grief, stress or anything else that's bothering you. You don't have to give your name and there's no waiting list.",
    },
    scope: "outside",
    provider: "De Luisterlijn",
    audiences: ["everyone"],
    phones: [{ label: { nl: "Dag en nacht", en: "Day and night" }, number: "088 0767 000" }],
    email: null,
    website: "https://www.deluisterlijn.nl",
    address: null,
    hours: ALWAYS_OPEN,
    bookingUrl: null,
    cost: "free",
    languages: ["nl"],
    confidentiality: ANONYMOUS,
    urgent: false,
    searchWords: {
      nl: "luisterlijn, luisterend oor, praten met iemand, iemand om mee te praten, verhaal kwijt, eenzaam, alleen, verdriet, somber, piekeren, anoniem praten",
      en: "listening line, listening ear, someone to talk to, talk to someone, lonely, alone, sad, feeling down, vent, anonymous chat",
    },
    topics: ["loneliness", "low-mood", "stress-anxiety", "grief-loss"],
    reviewedDaysAgo: 110,
  },
  {
    slug: "drugs-infolijn",
    name: { nl: "Drugs Infolijn (Trimbos-instituut)", en: "Drugs Infolijn (Trimbos Institute)" },
    summary: {
      nl: "Stel anoniem je vragen over drugs en alcohol, over je eigen gebruik of dat van iemand om wie je geeft.",
      en: "Ask anonymous questions about drugs and alcohol, about your own use or that of someone you care about.",
    },
    description: {
      nl: "Bij de Drugs Infolijn van het Trimbos-instituut krijg je betrouwbare informatie over de effecten en risico's van middelen, ook in combinatie met alcohol. Je kunt ook bellen als je je zorgen maakt om een vriend of huisgenoot. Wil je minderen of stoppen? Dan hoor je waar je hulp kunt vinden, bijvoorbeeld via je huisarts.",
      en: "The Drugs Infolijn, run by the Trimbos Institute, gives reliable information about the effects and risks of substances, including mixing them with alcohol. You can also call if you're worried about a friend or housemate. If you want to cut down or stop, they'll tell you where to find help, for example through your GP.",
    },
    scope: "outside",
    provider: "Trimbos-instituut",
    audiences: ["everyone"],
    phones: [{ label: { nl: "Infolijn", en: "Information line" }, number: "0900-1995" }],
    email: null,
    website: "https://www.drugsinfo.nl",
    address: null,
    hours: { nl: "Ma–vr 9.00–17.00", en: "Mon–Fri 9:00–17:00" },
    bookingUrl: null,
    cost: "free",
    languages: ["nl"],
    confidentiality: ANONYMOUS,
    urgent: false,
    searchWords: {
      nl: "drugs, alcohol, blowen, wiet, xtc, coke, lachgas, ghb, paddo's, zuipen, drankprobleem, alcoholprobleem, drugsgebruik, verslaving, minderen, stoppen",
      en: "drugs, alcohol, weed, smoking weed, xtc, ecstasy, coke, cocaine, shrooms, laughing gas, drinking too much, blackout, addiction, drug use, cutting down, quitting",
    },
    topics: ["alcohol-drugs"],
    reviewedDaysAgo: 390,
  },

  // ---- Inside the university -----------------------------------------------------------------
  {
    slug: "study-adviser",
    name: { nl: "Studieadviseur", en: "Study adviser" },
    summary: {
      nl: "Voor vragen en zorgen over je opleiding, je studieplanning en studievertraging.",
      en: "For questions and worries about your programme, your study planning and falling behind.",
    },
    description: {
      nl: "Elke opleiding heeft een eigen studieadviseur. Je kunt bij hem of haar terecht als je twijfelt over je studie, achterloopt of je planning niet rond krijgt. Spelen er persoonlijke omstandigheden, zoals ziekte of problemen thuis? Meld dit zo vroeg mogelijk, ook met het oog op het bindend studieadvies (BSA).",
      en: "Every programme has its own study adviser. You can go to them if you're having doubts about your studies, falling behind or struggling to make your planning work. Are personal circumstances, such as illness or problems at home, affecting your studies? Report them as early as possible, not least because of the binding study advice (BSA).",
    },
    scope: "inside",
    provider: "Universiteit Leiden",
    audiences: ["our_students"],
    phones: [],
    email: "studieadvies@example.nl",
    website: "https://www.example.nl/studieadviseur",
    address: null,
    hours: {
      nl: "Verschilt per opleiding; spreekuur op werkdagen, op afspraak of via inloop",
      en: "Varies by programme; consultation hours on weekdays, by appointment or walk-in",
    },
    bookingUrl: "https://www.example.nl/studieadviseur/afspraak",
    cost: "free",
    languages: ["nl", "en"],
    confidentiality: {
      nl: "Je gesprek is vertrouwelijk. Alleen met jouw toestemming wordt iets gedeeld, bijvoorbeeld met de examencommissie.",
      en: "Your conversation is confidential. Nothing is shared without your consent, for example with the Board of Examiners.",
    },
    urgent: false,
    searchWords: {
      nl: "studieadviseur, studiebegeleiding, studieproblemen, studievertraging, geen motivatie, bsa, bindend studieadvies, studieplanning, studiekeuze, twijfel over mijn studie, stoppen met studie, switchen, achterlopen, herkansing, scriptie, bijzondere omstandigheden",
      en: "study adviser, study advisor, academic adviser, study delay, falling behind, bsa, binding study advice, study plan, thesis, drop out, quit my studies, switch programme, resit, failing courses",
    },
    topics: ["study-problems", "disability-illness"],
    reviewedDaysAgo: 45,
  },
  {
    slug: "student-counsellor",
    name: { nl: "Studentendecaan", en: "Student counsellor" },
    summary: {
      nl: "Onafhankelijk advies over regels, financiële steun, studeren met een beperking, bijzondere omstandigheden en klachten.",
      en: "Independent advice on regulations, financial support, studying with a disability, personal circumstances and complaints.",
    },
    description: {
      nl: "De studentendecanen zijn onafhankelijk en kennen de regels en wettelijke regelingen rond studeren goed. Je kunt bij hen terecht als je studievertraging oploopt door bijzondere omstandigheden, zoals ziekte, mantelzorg of het overlijden van iemand die dicht bij je staat. Ze denken ook mee over geldzaken, bijvoorbeeld een aanvraag bij het financieel steunfonds, en helpen je als je een klacht wilt indienen.",
      en: "The student counsellors are independent and know the rules and legal provisions around studying inside out. Go to them if personal circumstances such as illness, caring for a relative or a bereavement are delaying your studies. They can also help with money matters, for example applying to the financial support fund, and advise you if you want to make a complaint.",
    },
    scope: "inside",
    provider: "Universiteit Leiden",
    audiences: ["our_students"],
    phones: [{ label: { nl: "Telefonisch spreekuur", en: "Telephone consultation hour" }, number: "071-000 1010" }],
    email: "studentendecanen@example.nl",
    website: "https://www.example.nl/studentendecanen",
    address: CAMPUS,
    hours: {
      nl: "Ma–vr 9.00–17.00; inloopspreekuur di en do 13.00–15.00",
      en: "Mon–Fri 9:00–17:00; walk-in Tue and Thu 13:00–15:00",
    },
    bookingUrl: "https://www.example.nl/studentendecanen/afspraak",
    cost: "free",
    languages: ["nl", "en"],
    confidentiality: CONFIDENTIAL,
    urgent: false,
    searchWords: {
      nl: "decaan, studentendecaan, studentdecaan, financiële ondersteuning, noodfonds, studiefinanciering, duo, studievertraging, bijzondere omstandigheden, mantelzorg, klacht, regelgeving",
      en: "student counsellor, counsellor, counselor, financial support, emergency fund, student finance, study delay, special circumstances, carer, complaint",
    },
    topics: ["study-problems", "money", "disability-illness", "grief-loss"],
    reviewedDaysAgo: 120,
  },
  {
    slug: "student-psychologists",
    name: { nl: "Studentpsychologen", en: "Student psychologists" },
    summary: {
      nl: "Gesprekken, korte behandeling en trainingen bij stress, somberheid, faalangst of uitstelgedrag.",
      en: "Talks, short-term treatment and courses for stress, low mood, fear of failure or procrastination.",
    },
    description: {
      nl: "De studentpsychologen zijn geregistreerde psychologen die werken met ingeschreven studenten. Je kunt bij ze terecht met onder meer concentratie- en motivatieproblemen, uitstelgedrag, faalangst, somberheid, rouw of problemen thuis. Begin bijvoorbeeld bij het open spreekuur; samen bekijk je of een paar gesprekken, een training of een verwijzing het beste bij je past.",
      en: "The student psychologists are registered psychologists who work with enrolled students. You can see them about things like concentration and motivation problems, procrastination, fear of failure, low mood, grief or problems at home. You could start at the open consultation hour; together you'll decide whether a few sessions, a course or a referral suits you best.",
    },
    scope: "inside",
    provider: "Universiteit Leiden",
    audiences: ["our_students"],
    phones: [{ label: { nl: "Secretariaat", en: "Reception" }, number: "071-000 1020" }],
    email: "studentpsychologen@example.nl",
    website: "https://www.example.nl/studentpsychologen",
    address: CAMPUS,
    hours: {
      nl: "Ma–vr 9.00–17.00; open spreekuur ma–do 11.00–12.00",
      en: "Mon–Fri 9:00–17:00; open consultation hour Mon–Thu 11:00–12:00",
    },
    bookingUrl: "https://www.example.nl/studentpsychologen/afspraak",
    cost: "free",
    languages: ["nl", "en"],
    confidentiality: {
      nl: "De psychologen hebben een beroepsgeheim. Zonder jouw toestemming delen ze niets, ook niet met je opleiding.",
      en: "The psychologists are bound by professional confidentiality. Nothing is shared without your consent, not even with your programme.",
    },
    urgent: false,
    searchWords: {
      nl: "psycholoog, studentenpsycholoog, studentpsycholoog, therapeut, therapie, depressief, depressie, somber, paniekaanval, burn-out, burnout, overspannen, piekeren, faalangst, uitstelgedrag, stel alles uit, geen motivatie, concentratieproblemen, slaapproblemen, slecht slapen, moe, altijd moe, doodmoe, uitgeput, geen energie, stress, angst, zelfhaat, haat mezelf, hekel aan mezelf, walg van mezelf, haat mijn leven, waardeloos, niks waard, niet goed genoeg, laag zelfbeeld, onzeker, mentale gezondheid, psychische klachten",
      en: "psychologist, student psychologist, therapist, therapy, counselling, depressed, depression, panic attack, burnout, burned out, overwhelmed, anxiety, fear of failure, procrastination, can't concentrate, sleep problems, tired, always tired, exhausted, no energy, self-hatred, self hatred, hate myself, hate my life, worthless, useless, not good enough, low self-esteem, insecure, mental health, mental breakdown",
    },
    topics: ["stress-anxiety", "low-mood", "study-problems", "grief-loss"],
    reviewedDaysAgo: 30,
  },
  {
    slug: "confidential-counsellor",
    name: { nl: "Vertrouwenspersoon ongewenst gedrag", en: "Confidential counsellor for unacceptable behaviour" },
    summary: {
      nl: "Luistert en adviseert bij intimidatie, pesten, agressie, geweld en discriminatie. Onafhankelijk en strikt vertrouwelijk.",
      en: "Listens and advises on intimidation, bullying, aggression, violence and discrimination. Independent and strictly confidential.",
    },
    description: {
      nl: "Heb je te maken gehad met (seksuele) intimidatie, pesten, agressie, geweld of discriminatie, op de universiteit of binnen je vereniging? De vertrouwenspersoon luistert, helpt je je mogelijkheden op een rij te zetten en zet alleen met jouw toestemming een volgende stap, zoals een melding of klacht. Ook bestuursleden en vertrouwenscontactpersonen van studentenorganisaties kunnen hier om advies vragen.",
      en: "Have you experienced (sexual) intimidation, bullying, aggression, violence or discrimination, at the university or in your association? The confidential counsellor listens, helps you weigh up your options and only takes a further step, such as a report or complaint, with your consent. Board members and confidential peer listeners of student organisations can also come here for advice.",
    },
    scope: "inside",
    provider: "Universiteit Leiden",
    audiences: ["our_students", "phd_candidates", "employees", "board_members"],
    phones: [{ label: { nl: "Rechtstreeks", en: "Direct line" }, number: "071-000 1030" }],
    email: "vertrouwenspersoon@example.nl",
    website: "https://www.example.nl/vertrouwenspersoon",
    address: null,
    hours: {
      nl: "Op afspraak; je krijgt binnen twee werkdagen antwoord",
      en: "By appointment; you'll hear back within two working days",
    },
    bookingUrl: null,
    cost: "free",
    languages: ["nl", "en"],
    confidentiality: {
      nl: "Strikt vertrouwelijk. De vertrouwenspersoon werkt onafhankelijk en onderneemt niets zonder jouw toestemming.",
      en: "Strictly confidential. The confidential counsellor works independently and takes no action without your consent.",
    },
    urgent: false,
    searchWords: {
      nl: "vertrouwenspersoon, ongewenst gedrag, intimidatie, intimideren, geïntimideerd, seksuele intimidatie, pesten, gepest, discriminatie, racisme, agressie, ontgroening, melden, klacht",
      en: "confidential counsellor, confidential adviser, harassment, sexual harassment, bullying, bullied, discrimination, racism, aggression, hazing, report",
    },
    topics: ["discrimination", "sexual-harassment", "association-conflicts"],
    reviewedDaysAgo: 60,
  },
  {
    slug: "concerning-behaviour-team",
    name: { nl: "Adviesteam zorgwekkend gedrag", en: "Advisory team for concerning behaviour" },
    summary: {
      nl: "Bij stalking, bedreiging, seksuele intimidatie of zorgen dat iemand een gevaar is voor zichzelf of anderen.",
      en: "For stalking, threats, sexual harassment, or worries that someone may be a danger to themselves or others.",
    },
    description: {
      nl: "Word je gestalkt of bedreigd, of maak je je zorgen om iemand die een gevaar kan zijn voor zichzelf of voor anderen? Het adviesteam denkt met je mee over wat er moet gebeuren en schakelt zo nodig de juiste hulp in. Ook bij mishandeling of geweld thuis kun je hier terecht. Is er direct gevaar? Bel dan altijd eerst 112.",
      en: "Are you being stalked or threatened, or are you worried that someone may be a danger to themselves or others? The advisory team helps you work out what needs to happen and brings in the right help where needed. You can also come here about abuse or violence at home. If there is immediate danger, always call 112 first.",
    },
    scope: "inside",
    provider: "Universiteit Leiden",
    audiences: ["our_students", "phd_candidates", "employees"],
    phones: [{ label: { nl: "Meldlijn (werkdagen)", en: "Reporting line (weekdays)" }, number: "071-000 1040" }],
    email: "adviesteam@example.nl",
    website: "https://www.example.nl/zorgwekkend-gedrag",
    address: null,
    hours: {
      nl: "Ma–vr 9.00–17.00; buiten kantoortijd bij direct gevaar: 112",
      en: "Mon–Fri 9:00–17:00; outside office hours, in an emergency: 112",
    },
    bookingUrl: null,
    cost: "free",
    languages: ["nl", "en"],
    confidentiality: {
      nl: "Je melding wordt zorgvuldig en vertrouwelijk behandeld. Alleen bij acuut gevaar kan het team zonder toestemming hulp inschakelen.",
      en: "Your report is handled carefully and confidentially. Only if there is acute danger may the team call in help without your consent.",
    },
    urgent: false,
    searchWords: {
      nl: "stalking, gestalkt, bedreiging, bedreigd, intimideren, dreigend gedrag, zorgen om iemand, huiselijk geweld, geweld thuis, agressie, zorgwekkend gedrag",
      en: "stalking, stalked, stalker, ex wont leave me alone, threats, threatened, threatening behaviour, worried about someone, domestic violence, abuse at home",
    },
    topics: ["urgent-help", "sexual-harassment", "association-conflicts"],
    reviewedDaysAgo: 200,
  },
  {
    slug: "disability-centre",
    name: { nl: "Centrum voor studeren met een functiebeperking", en: "Centre for studying with a disability" },
    summary: {
      nl: "Advies en voorzieningen bij een functiebeperking, chronische ziekte, ADHD, autisme of dyslexie.",
      en: "Advice and adjustments if you have a disability, a chronic illness, ADHD, autism or dyslexia.",
    },
    description: {
      nl: "Studeer je met een lichamelijke, psychische of zintuiglijke beperking, of met een chronische ziekte? Het centrum helpt je voorzieningen aan te vragen, zoals extra tentamentijd, een aangepaste tentamenruimte of hulpmiddelen. Neem al vóór of aan het begin van je studie contact op, dan is alles op tijd geregeld.",
      en: "Are you studying with a physical, mental or sensory disability, or a chronic illness? The centre helps you apply for adjustments such as extra exam time, an adapted exam room or assistive tools. Get in touch before or at the start of your studies, so that everything is arranged in time.",
    },
    scope: "inside",
    provider: "Universiteit Leiden",
    audiences: ["our_students", "phd_candidates"],
    phones: [{ label: { nl: "Algemeen", en: "General" }, number: "071-000 1050" }],
    email: "studerenmetbeperking@example.nl",
    website: "https://www.example.nl/studeren-met-een-beperking",
    address: { street: "Voorbeeldgracht 12", postcode: "2312 AB", city: "Leiden" },
    hours: {
      nl: "Ma–vr 9.00–17.00; inloopspreekuur wo 10.00–12.00",
      en: "Mon–Fri 9:00–17:00; walk-in Wed 10:00–12:00",
    },
    bookingUrl: "https://www.example.nl/studeren-met-een-beperking/afspraak",
    cost: "free",
    languages: ["nl", "en"],
    confidentiality: {
      nl: "Informatie over je beperking of ziekte blijft vertrouwelijk. Je opleiding hoort alleen welke voorzieningen je krijgt, niet waarom.",
      en: "Information about your disability or illness stays confidential. Your programme is only told which adjustments you get, not why.",
    },
    urgent: false,
    searchWords: {
      nl: "functiebeperking, handicap, adhd, dyslexie, autisme, extra tentamentijd, extra tijd, voorzieningen, aanpassingen, chronisch ziek, studeren met een beperking",
      en: "disability, adhd, dyslexia, autism, extra exam time, extra time, accommodations, adjustments, chronic illness, studying with a disability",
    },
    topics: ["disability-illness", "study-problems"],
    reviewedDaysAgo: 90,
  },
  {
    slug: "mentoring",
    name: { nl: "Mentoraat (studentmentor en tutor)", en: "Mentoring (student mentor and tutor)" },
    summary: {
      nl: "In je eerste jaar heb je een ouderejaars studentmentor en een docent als tutor: je eerste aanspreekpunt.",
      en: "In your first year you have a senior student mentor and a lecturer as your tutor: your first point of contact.",
    },
    description: {
      nl: "Als eerstejaars krijg je een studentmentor: een ouderejaars die weet hoe het is om net te beginnen. Daarnaast heb je een docent als tutor. Met allebei kun je praten over hoe het gaat, met je studie en daarbuiten, en ze wijzen je de weg als je meer hulp nodig hebt.",
      en: "As a first-year student you're given a student mentor: a senior student who knows what starting out is like. You also have a lecturer as your tutor. You can talk to both of them about how things are going, in your studies and beyond, and they can point you in the right direction if you need more help.",
    },
    scope: "inside",
    provider: "Universiteit Leiden",
    audiences: ["our_students"],
    phones: [],
    email: null,
    website: "https://www.example.nl/mentoraat",
    address: null,
    hours: {
      nl: "Via je opleiding; in het eerste jaar regelmatig mentorbijeenkomsten",
      en: "Through your programme; regular mentor meetings during your first year",
    },
    bookingUrl: null,
    cost: "free",
    languages: ["nl", "en"],
    confidentiality: NONE,
    urgent: false,
    searchWords: {
      nl: "mentor, mentoraat, studentmentor, tutor, eerstejaars, eerste jaar, mentorgroep, vrienden maken, geen vrienden, aansluiting",
      en: "mentor, mentoring, student mentor, tutor, first year, first-year student, making friends, no friends",
    },
    topics: ["study-problems", "loneliness", "international-students"],
    reviewedDaysAgo: 150,
  },
  {
    slug: "student-front-office",
    name: { nl: "Studentenbalie", en: "Student Affairs front office" },
    summary: {
      nl: "Praktische vragen over je inschrijving, collegegeld, je studentenkaart en tentamens.",
      en: "Practical questions about enrolment, tuition fees, your student card and exams.",
    },
    description: {
      nl: "Bij de studentenbalie kun je terecht met praktische vragen, bijvoorbeeld over je inschrijving, een betalingsregeling voor je collegegeld, je studentenkaart of het aanmelden voor tentamens. Weten ze het antwoord niet, dan sturen ze je door naar de juiste dienst, zoals het onderwijsservicecentrum van je faculteit.",
      en: "The front office is the place for practical questions, for example about enrolment, a payment plan for your tuition fees, your student card or registering for exams. If they don't know the answer, they'll refer you to the right service, such as your faculty's education service centre.",
    },
    scope: "inside",
    provider: "Universiteit Leiden",
    audiences: ["our_students", "international_students"],
    phones: [{ label: { nl: "Algemeen", en: "General" }, number: "071-000 1000" }],
    email: "studentenbalie@example.nl",
    website: "https://www.example.nl/studentenbalie",
    address: CAMPUS,
    hours: {
      nl: "Balie ma–vr 10.00–16.00; telefonisch ma–vr 9.00–17.00",
      en: "Desk Mon–Fri 10:00–16:00; by phone Mon–Fri 9:00–17:00",
    },
    bookingUrl: null,
    cost: "free",
    languages: ["nl", "en"],
    confidentiality: NONE,
    urgent: false,
    searchWords: {
      nl: "studentenbalie, collegegeld, inschrijving, uitschrijven, studentenkaart, collegekaart, studentenpas, kwijt, bewijs van inschrijving",
      en: "front office, tuition fees, tuition, enrolment, registration, student card, lost student card, proof of enrolment, deregister",
    },
    topics: ["study-problems", "money", "international-students"],
    reviewedDaysAgo: null,
  },
  {
    slug: "courses-workshops",
    name: { nl: "Trainingen en workshops", en: "Courses and workshops" },
    summary: {
      nl: "Gratis groepstrainingen over tentamenstress, faalangst, timemanagement en assertiviteit, plus online zelfhulp.",
      en: "Free group courses on exam stress, fear of failure, time management and assertiveness, plus online self-help.",
    },
    description: {
      nl: "Elk semester zijn er korte trainingen en workshops, zoals 'Omgaan met tentamenstress', 'Grip op je planning' en 'Assertiever worden'. Je werkt in een kleine groep met andere studenten, onder begeleiding van een psycholoog of trainer. Ga je liever zelf aan de slag? Dan vind je online zelfhulpmodules en tips voor je welzijn.",
      en: "Every semester there are short courses and workshops, such as 'Coping with exam stress', 'Getting a grip on your planning' and 'Becoming more assertive'. You work in a small group with other students, led by a psychologist or trainer. Prefer to work on your own? There are online self-help modules and well-being tips too.",
    },
    scope: "inside",
    provider: "Universiteit Leiden",
    audiences: ["our_students", "phd_candidates"],
    phones: [],
    email: "trainingen@example.nl",
    website: "https://www.example.nl/trainingen",
    address: null,
    hours: {
      nl: "Data en tijden verschillen per training; zie het actuele aanbod",
      en: "Dates and times vary per course; see the current programme",
    },
    bookingUrl: "https://www.example.nl/trainingen/aanmelden",
    cost: "free",
    languages: ["nl", "en"],
    confidentiality: {
      nl: "Wat in de groep wordt gedeeld, blijft in de groep.",
      en: "What is shared in the group stays in the group.",
    },
    urgent: false,
    searchWords: {
      nl: "training, trainingen, workshop, workshops, cursus, faalangsttraining, timemanagement, plannen, planning, stel alles uit, tentamenstress, examenstress, assertiviteit, mindfulness, uitstelgedrag, zelfhulp",
      en: "course, courses, training, workshop, workshops, time management, timemanagement, planning, exam stress, exam anxiety, examstress, assertiveness, mindfulness, procrastination, self-help, deadlines",
    },
    topics: ["stress-anxiety", "study-problems"],
    reviewedDaysAgo: 75,
  },
  {
    slug: "student-wellbeing-office",
    name: { nl: "Bureau Studentenwelzijn", en: "Student Well-being Office" },
    summary: {
      nl: "Voor besturen van studentenorganisaties: advies, trainingen, gedrukte wegwijzers en subsidie voor welzijnsactiviteiten.",
      en: "For boards of student organisations: advice, training, printed roadmaps and funding for well-being activities.",
    },
    description: {
      nl: "Het Bureau Studentenwelzijn ondersteunt besturen en sleutelfiguren van studie- en studentenverenigingen. Je kunt hier terecht voor advies bij lastige situaties in je vereniging, gratis trainingen voor je bestuur of vertrouwenscontactpersonen, en subsidie voor welzijnsactiviteiten. Wil je gedrukte wegwijzers voor je leden? Mail dan hoeveel je er nodig hebt, in welke taal, en je postadres.",
      en: "The Student Well-being Office supports boards and key figures of study and student associations. You can come here for advice on difficult situations in your association, free training for your board or confidential peer listeners, and funding for well-being activities. Would you like printed roadmaps for your members? Email how many you need, in which language, and your postal address.",
    },
    scope: "inside",
    provider: "Universiteit Leiden",
    audiences: ["board_members"],
    phones: [],
    email: "studentwellbeing@sea.leidenuniv.nl",
    website: "https://www.example.nl/studentenwelzijn",
    address: null,
    hours: {
      nl: "Ma–vr 9.00–17.00; e-mail beantwoorden we binnen drie werkdagen",
      en: "Mon–Fri 9:00–17:00; emails answered within three working days",
    },
    bookingUrl: null,
    cost: "free",
    languages: ["nl", "en"],
    confidentiality: {
      nl: "Vragen over een concrete situatie behandelen we vertrouwelijk.",
      en: "Questions about a specific situation are handled confidentially.",
    },
    urgent: false,
    searchWords: {
      nl: "bureau studentenwelzijn, welzijn, vereniging, bestuur, verenigingsbestuur, subsidie, welzijnsactiviteiten, wegwijzers bestellen, vertrouwenscontactpersoon, ontgroening, sociale veiligheid, ruzie in het bestuur",
      en: "student well-being office, wellbeing, association, board, funding, grant, printed roadmaps, order roadmaps, peer listener, confidential peer listener, hazing, social safety, board conflict",
    },
    topics: ["association-conflicts", "sexual-harassment"],
    reviewedDaysAgo: 14,
  },
  {
    slug: "international-student-desk",
    name: { nl: "Servicepunt internationale studenten", en: "International Student Support Desk" },
    summary: {
      nl: "Hulp bij je aankomst, verblijfsvergunning, huisvesting, verzekering en je weg vinden in Leiden.",
      en: "Help with arriving, residence permits, housing, insurance and finding your way around Leiden.",
    },
    description: {
      nl: "Kom je uit het buitenland om in Leiden te studeren? Het servicepunt helpt je met praktische zaken, zoals je verblijfsvergunning, inschrijving bij de gemeente, je zorgverzekering en het zoeken naar een kamer. Voel je je eenzaam of heb je heimwee, dan kun je hier ook terecht: ze kennen de introductieactiviteiten en verwijzen je door naar andere hulp.",
      en: "Have you come from abroad to study in Leiden? The support desk helps with practical matters such as your residence permit, registering with the municipality, health insurance and finding a room. Feeling lonely or homesick? You can come here too: they know about the introduction activities and can refer you to other support.",
    },
    scope: "inside",
    provider: "Universiteit Leiden",
    audiences: ["international_students", "phd_candidates"],
    phones: [{ label: { nl: "Servicepunt", en: "Support desk" }, number: "071-000 1060" }],
    email: "internationaldesk@example.nl",
    website: "https://www.example.nl/international-students",
    address: CAMPUS,
    hours: {
      nl: "Ma–vr 10.00–16.00; inloop di en do 13.00–16.00",
      en: "Mon–Fri 10:00–16:00; walk-in Tue and Thu 13:00–16:00",
    },
    bookingUrl: "https://www.example.nl/international-students/appointment",
    cost: "free",
    languages: ["en", "nl"],
    confidentiality: NONE,
    urgent: false,
    searchWords: {
      nl: "internationale student, heimwee, verblijfsvergunning, visum, zorgverzekering, bsn, kamer zoeken, huisvesting, wennen, cultuurschok",
      en: "international student, homesick, homesickness, residence permit, visa, immigration, health insurance, bsn, finding a room, housing, accommodation, culture shock",
    },
    topics: ["international-students", "housing", "loneliness"],
    reviewedDaysAgo: 40,
  },

  // ---- Outside the university ----------------------------------------------------------------
  {
    slug: "general-practitioner",
    name: { nl: "Huisarts", en: "General practitioner (GP)" },
    summary: {
      nl: "Je eerste stap bij lichamelijke en psychische klachten, ook als je snel hulp nodig hebt. Verwijst zo nodig door.",
      en: "Your first step for physical and mental health problems, including when you need help quickly. Refers you on if needed.",
    },
    description: {
      nl: "Schrijf je in bij een huisarts in de buurt van waar je woont; ook als internationale student is dat belangrijk. Je huisarts is het eerste aanspreekpunt als het psychisch niet goed met je gaat, ook als het dringend is. De huisarts kan je doorverwijzen naar de praktijkondersteuner GGZ (POH-GGZ) of naar de geestelijke gezondheidszorg. Ook met vragen over alcohol of drugs, of over een chronische ziekte, kun je hier terecht.",
      en: "Register with a GP near where you live; this matters for international students too. Your GP is the first person to contact when you're struggling mentally, including when it's urgent. They can refer you to the practice's mental health nurse (POH-GGZ) or to specialist mental health care (GGZ). You can also see your GP about alcohol or drug use, or about a chronic illness.",
    },
    scope: "outside",
    provider: "Huisartsenpraktijk",
    audiences: ["everyone"],
    phones: [],
    email: null,
    website: null,
    address: null,
    hours: {
      nl: "Werkdagen 8.00–17.00; buiten deze tijden: de huisartsenpost",
      en: "Weekdays 8:00–17:00; outside these hours: the out-of-hours GP post",
    },
    bookingUrl: null,
    cost: "insured",
    languages: ["nl", "en"],
    confidentiality: {
      nl: "Je huisarts heeft een medisch beroepsgeheim.",
      en: "Your GP is bound by medical confidentiality.",
    },
    urgent: false,
    searchWords: {
      nl: "huisarts, dokter, arts, poh-ggz, praktijkondersteuner, ggz, doorverwijzing, verwijzing, psychische klachten, mentale gezondheid, slaapproblemen, moe, altijd moe, doodmoe, vermoeid, uitgeput, ziek",
      en: "gp, doctor, general practitioner, family doctor, mental health nurse, referral, mental health care, ggz, tired, always tired, fatigue, exhausted, sick",
    },
    topics: ["urgent-help", "low-mood", "alcohol-drugs", "disability-illness"],
    reviewedDaysAgo: 180,
  },
  {
    slug: "out-of-hours-gp",
    name: { nl: "Huisartsenpost", en: "Out-of-hours GP post" },
    summary: {
      nl: "Voor dringende medische of psychische hulp 's avonds, 's nachts, in het weekend en op feestdagen. Bel altijd eerst.",
      en: "For urgent medical or mental health help in the evening, at night, at weekends and on public holidays. Always call first.",
    },
    description: {
      nl: "Heb je buiten kantoortijd dringend een huisarts nodig en kan het niet wachten tot je eigen huisarts weer open is? Bel dan de huisartsenpost. Een triagist vraagt wat er aan de hand is en bepaalt of je langs kunt komen, telefonisch advies krijgt of dat er een arts bij je komt. Bij levensgevaar bel je 112.",
      en: "Do you urgently need a GP outside office hours, and can it not wait until your own GP is open again? Call the out-of-hours GP post. A triage nurse will ask what's wrong and decide whether you should come in, get advice over the phone, or need a home visit. If someone's life is in danger, call 112.",
    },
    scope: "outside",
    provider: "Huisartsenpost regio Leiden",
    audiences: ["everyone"],
    phones: [{ label: { nl: "Huisartsenpost (eerst bellen)", en: "GP post (call first)" }, number: "071-000 1080" }],
    email: null,
    website: null,
    address: { street: "Voorbeeldlaan 20", postcode: "2333 AA", city: "Leiden" },
    hours: {
      nl: "Werkdagen 17.00–8.00; weekend en feestdagen de hele dag",
      en: "Weekdays 17:00–8:00; all day at weekends and on public holidays",
    },
    bookingUrl: null,
    cost: "insured",
    languages: ["nl", "en"],
    confidentiality: {
      nl: "Ook hier geldt het medisch beroepsgeheim; je eigen huisarts krijgt een verslag.",
      en: "Medical confidentiality applies here too; your own GP receives a report.",
    },
    urgent: false,
    searchWords: {
      nl: "huisartsenpost, dokter in het weekend, dokter 's nachts, avond, nacht, weekend, spoedarts, buiten kantoortijd",
      en: "out-of-hours gp, doctor at night, doctor at the weekend, night, weekend, evening, after hours, urgent doctor",
    },
    topics: ["urgent-help"],
    reviewedDaysAgo: 95,
  },
  {
    slug: "ggd-hollands-midden",
    name: { nl: "GGD Hollands Midden", en: "GGD Hollands Midden (public health service)" },
    summary: {
      nl: "Seksuele gezondheid, soa-testen en vaccinaties, en een programma sociale veiligheid voor verenigingen.",
      en: "Sexual health, STI tests and vaccinations, plus a social-safety programme for student associations.",
    },
    description: {
      nl: "De GGD is de regionale gezondheidsdienst. Je kunt er terecht met vragen over seksuele gezondheid, voor een soa-test of vaccinaties, en voor informatie over alcohol en drugs. Voor studie- en studentenverenigingen in Leiden is er een programma sociale veiligheid: besturen krijgen hulp bij het opstellen of bijwerken van hun beleid. Houd rekening met een wachttijd.",
      en: "The GGD is the regional public health service. You can go there with questions about sexual health, for an STI test or vaccinations, and for information about alcohol and drugs. For study and student associations in Leiden there is a social-safety programme that helps boards draw up or update their policy. There may be a waiting list.",
    },
    scope: "outside",
    provider: "GGD Hollands Midden",
    audiences: ["everyone", "board_members"],
    phones: [{ label: { nl: "Afspraken seksuele gezondheid", en: "Sexual health appointments" }, number: "071-000 1090" }],
    email: null,
    website: "https://www.ggdhm.nl",
    address: { street: "Voorbeeldweg 8", postcode: "2321 AB", city: "Leiden" },
    hours: {
      nl: "Ma–vr 8.30–17.00; soa-spreekuur alleen op afspraak",
      en: "Mon–Fri 8:30–17:00; STI clinic by appointment only",
    },
    bookingUrl: null,
    cost: "free",
    languages: ["nl", "en"],
    confidentiality: {
      nl: "Je gegevens worden vertrouwelijk behandeld; voor een soa-test hoeft je huisarts niets te weten.",
      en: "Your details are treated confidentially; your GP doesn't need to know about an STI test.",
    },
    urgent: false,
    searchWords: {
      nl: "ggd, soa, soa-test, soatest, seksuele gezondheid, vaccinatie, prik, anticonceptie, sociale veiligheid",
      en: "ggd, sti, sti test, std, std test, sexual health, vaccination, vaccine, contraception, public health",
    },
    topics: ["gender-sexuality", "alcohol-drugs", "association-conflicts"],
    reviewedDaysAgo: 130,
  },
  {
    slug: "municipality-money-housing",
    name: { nl: "Gemeente Leiden: geld en wonen", en: "Leiden Municipality: money and housing" },
    summary: {
      nl: "Gratis hulp bij schulden en geldzorgen, en informatie over huren, huurtoeslag en problemen met je verhuurder.",
      en: "Free help with debts and money worries, and information on renting, housing benefit and problems with your landlord.",
    },
    description: {
      nl: "Heb je schulden of lukt het niet meer om rond te komen? De gemeente biedt gratis en vertrouwelijk geldadvies en helpt je een plan te maken. Je kunt er ook terecht met vragen over wonen, zoals je inschrijving op een adres, de hoogte van je huur of een conflict met je verhuurder. Hoe eerder je hulp vraagt, hoe makkelijker het is op te lossen.",
      en: "Are you in debt or struggling to make ends meet? The municipality offers free, confidential money advice and helps you make a plan. You can also go there with housing questions, such as registering at an address, the rent you pay or a dispute with your landlord. The sooner you ask for help, the easier it is to sort out.",
    },
    scope: "outside",
    provider: "Gemeente Leiden",
    audiences: ["everyone"],
    phones: [{ label: { nl: "Geldzaken en schulden", en: "Money and debts" }, number: "071-000 1100" }],
    email: "geldzorgen@example.nl",
    website: "https://www.leiden.nl",
    address: { street: "Voorbeeldhof 2", postcode: "2316 AB", city: "Leiden" },
    hours: {
      nl: "Ma–vr 9.00–17.00; inloopspreekuur geldzaken do 10.00–12.00",
      en: "Mon–Fri 9:00–17:00; money walk-in Thu 10:00–12:00",
    },
    bookingUrl: null,
    cost: "free",
    languages: ["nl", "en"],
    confidentiality: CONFIDENTIAL,
    urgent: false,
    searchWords: {
      nl: "gemeente, schulden, schuldhulp, geldzorgen, geldproblemen, budget, huur, huurtoeslag, huurachterstand, huur betalen, huurproblemen, huisbaas, verhuurder, huurcommissie, toeslag, bijstand, woning",
      en: "municipality, council, debt, debts, debt advice, money problems, financial problems, budget, rent, rent arrears, can't pay rent, landlord, housing, housing benefit, broke",
    },
    topics: ["money", "housing"],
    reviewedDaysAgo: 240,
  },
  {
    slug: "police-non-emergency",
    name: { nl: "Politie (geen spoed)", en: "Police (non-emergency)" },
    summary: {
      nl: "Aangifte of melding doen van een misdrijf zonder spoed, zoals bedreiging, stalking, discriminatie of seksueel geweld.",
      en: "Report a crime that isn't an emergency, such as threats, stalking, discrimination or sexual violence.",
    },
    description: {
      nl: "Bel 0900-8844 als je aangifte of een melding wilt doen en er geen direct gevaar is. Na seksueel geweld kun je eerst een informatief gesprek hebben met een zedenrechercheur, zonder dat je meteen aangifte doet. Discriminatie kun je ook melden als je geen aangifte wilt doen. Bij spoed bel je altijd 112.",
      en: "Call 0900-8844 if you want to report a crime and there is no immediate danger. After sexual violence you can first have an informational conversation with a specialist detective, without having to file a report straight away. You can also report discrimination without pressing charges. In an emergency, always call 112.",
    },
    scope: "outside",
    provider: "Politie",
    audiences: ["everyone"],
    phones: [{ label: { nl: "Geen spoed", en: "Non-emergency" }, number: "0900-8844" }],
    email: null,
    website: "https://www.politie.nl",
    address: null,
    hours: ALWAYS_OPEN,
    bookingUrl: null,
    cost: "free",
    languages: ["nl", "en"],
    confidentiality: {
      nl: "Een informatief gesprek met de zedenpolitie verplicht je nog tot niets.",
      en: "An informational conversation with the sexual offences team doesn't commit you to anything.",
    },
    urgent: false,
    searchWords: {
      nl: "politie, aangifte, aangifte doen, melden, misdrijf, diefstal, bedreiging, stalking, geweld, discriminatie melden",
      en: "police, report, report a crime, crime, theft, threat, stalking, violence, hate crime",
    },
    topics: ["discrimination", "sexual-harassment"],
    reviewedDaysAgo: 160,
  },
  {
    slug: "victim-support",
    name: { nl: "Slachtofferhulp Nederland", en: "Victim Support Netherlands (Slachtofferhulp)" },
    summary: {
      nl: "Gratis hulp na een misdrijf, verkeersongeluk of andere ingrijpende gebeurtenis: praktisch, juridisch en emotioneel.",
      en: "Free help after a crime, traffic accident or other distressing event: practical, legal and emotional.",
    },
    description: {
      nl: "Ben je slachtoffer of getuige van een misdrijf, zoals geweld, stalking of seksueel misbruik, of ben je nabestaande? Slachtofferhulp biedt gratis steun: een luisterend oor, hulp bij praktische zaken en juridisch advies, bijvoorbeeld over schadevergoeding. Je kunt zelf contact opnemen, ook als je geen aangifte hebt gedaan.",
      en: "Are you a victim of or witness to a crime, such as violence, stalking or sexual abuse, or have you lost someone close? Victim Support offers free help: a listening ear, practical support and legal advice, for example about compensation. You can contact them yourself, even if you haven't reported it to the police.",
    },
    scope: "outside",
    provider: "Slachtofferhulp Nederland",
    audiences: ["everyone"],
    phones: [{ label: { nl: "Algemeen", en: "General" }, number: "0900-0101" }],
    email: null,
    website: "https://www.slachtofferhulp.nl",
    address: null,
    hours: {
      nl: "Telefonisch op werkdagen; in crisissituaties ook daarbuiten",
      en: "By phone on weekdays; outside those hours in a crisis",
    },
    bookingUrl: null,
    cost: "free",
    languages: ["nl", "en"],
    confidentiality: {
      nl: "Je gegevens worden vertrouwelijk behandeld.",
      en: "Your details are treated confidentially.",
    },
    urgent: false,
    searchWords: {
      nl: "slachtofferhulp, slachtoffer, getuige, misdrijf, geweld, nabestaande, schadevergoeding, juridisch advies",
      en: "victim support, victim, witness, crime, violence, bereaved, compensation, legal advice",
    },
    topics: ["sexual-harassment", "discrimination", "grief-loss"],
    reviewedDaysAgo: 280,
  },
  {
    slug: "student-chaplain",
    name: { nl: "Studentenpastor", en: "Student chaplain" },
    summary: {
      nl: "Een luisterend oor bij levensvragen, rouw, eenzaamheid of zingeving, wat je achtergrond of geloof ook is.",
      en: "A listening ear for life questions, grief, loneliness or finding meaning, whatever your background or beliefs.",
    },
    description: {
      nl: "De studentenpastor is er voor alle studenten, gelovig of niet. Je kunt praten over wat je bezighoudt: het verlies van een dierbare, twijfel over je keuzes of het gevoel dat je er alleen voor staat. Daarnaast zijn er gespreksgroepen, maaltijden en stiltemomenten waar je anderen ontmoet.",
      en: "The student chaplain is there for all students, religious or not. You can talk about whatever is on your mind: losing someone close, doubts about your choices, or feeling that you're on your own. There are also discussion groups, shared meals and moments of quiet where you can meet others.",
    },
    scope: "outside",
    provider: "Studentenpastoraat",
    audiences: ["all_students"],
    phones: [{ label: { nl: "Spreekuur", en: "Consultation line" }, number: "071-000 1070" }],
    email: "studentenpastor@example.org",
    website: "https://www.example.org/studentenpastoraat",
    address: { street: "Voorbeeldsteeg 4", postcode: "2311 KL", city: "Leiden" },
    hours: {
      nl: "Gesprekken op afspraak; open maaltijd elke woensdag om 18.00",
      en: "Conversations by appointment; open dinner every Wednesday at 18:00",
    },
    bookingUrl: null,
    cost: "free",
    languages: ["nl", "en"],
    confidentiality: {
      nl: "Wat je vertelt blijft tussen jou en de pastor.",
      en: "What you share stays between you and the chaplain.",
    },
    urgent: false,
    searchWords: {
      nl: "pastor, studentenpastor, pastoraat, zingeving, levensvragen, geloof, rouw, verlies, eenzaam, praten",
      en: "chaplain, student chaplain, pastor, meaning, meaning of life, faith, religion, spiritual, grief, loneliness, someone to talk to",
    },
    topics: ["grief-loss", "loneliness"],
    reviewedDaysAgo: 410,
  },
  {
    slug: "coc-leiden",
    name: { nl: "COC Leiden", en: "COC Leiden" },
    summary: {
      nl: "Ontmoetingsplek en belangenvereniging voor lhbtiq+-mensen in Leiden, met jongerengroepen, activiteiten en een luisterend oor.",
      en: "Meeting place and advocacy group for LGBTIQ+ people in Leiden, with youth groups, social events and a listening ear.",
    },
    description: {
      nl: "COC Leiden is er voor iedereen die lhbtiq+ is of twijfelt over gender of seksuele voorkeur. Er zijn borrels, gespreksgroepen en activiteiten, ook voor jongeren en voor lhbtiq+-vluchtelingen. Het is een plek om mensen te ontmoeten die je begrijpen, en je kunt er terecht als je met discriminatie te maken krijgt.",
      en: "COC Leiden is for anyone who is LGBTIQ+ or questioning their gender or sexuality. There are drinks, discussion groups and activities, including for young people and LGBTIQ+ refugees. It's a place to meet people who understand you, and somewhere to turn if you face discrimination.",
    },
    scope: "outside",
    provider: "COC Leiden",
    audiences: ["everyone"],
    phones: [],
    email: "info@example.org",
    website: "https://www.cocleiden.nl",
    address: null,
    hours: {
      nl: "Activiteiten vooral 's avonds en in het weekend; zie de agenda",
      en: "Activities mostly in the evenings and at weekends; see the calendar",
    },
    bookingUrl: null,
    cost: "free",
    languages: ["nl", "en"],
    confidentiality: NONE,
    urgent: false,
    searchWords: {
      nl: "coc, lhbti, lhbtiq, homo, lesbisch, biseksueel, trans, transgender, queer, non-binair, uit de kast, coming out, jongerengroep",
      en: "coc, lgbt, lgbtq, lgbtiq, gay, lesbian, bisexual, trans, transgender, queer, non-binary, coming out",
    },
    topics: ["gender-sexuality", "loneliness", "discrimination"],
    reviewedDaysAgo: 520,
  },
];
