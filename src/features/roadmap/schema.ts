import { getTableColumns, sql } from "drizzle-orm";
import {
  boolean,
  customType,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { Localized } from "../../core/i18n/index.js";
import { oneOf } from "../../db/constraints.js";
import { users } from "../auth/schema.js";

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

export const AUDIENCES = [
  "all_students",
  "our_students",
  "international_students",
  "phd_candidates",
  "employees",
  "board_members",
  "everyone",
] as const;
export const COSTS = ["free", "insured", "paid"] as const;
export const SCOPES = ["inside", "outside"] as const;
export const VISIBILITIES = ["active", "hidden"] as const;
const LANGS = ["nl", "en"] as const;
/** Staff-entered text per language; search words are a comma-separated list (see refreshSearch). */
const bilingual = (name: string) => jsonb(name).$type<Localized>().notNull().default({ nl: "", en: "" });
export type Audience = (typeof AUDIENCES)[number];
export type Cost = (typeof COSTS)[number];
export type Scope = (typeof SCOPES)[number];

export type Phone = { label: Localized; number: string };
export type Address = { street: string; postcode: string; city: string };

/** The well-being issues students look for ("stress and anxiety", "money" ...). */
export const topics = pgTable(
  "roadmap_topics",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: text("slug").notNull(),
    name: jsonb("name").$type<Localized>().notNull(),
    description: jsonb("description").$type<Localized>().notNull(),
    /** A short icon name from the built-in set (see views), and an accent colour. */
    icon: text("icon").notNull().default("circle"),
    color: text("color").notNull().default("#0a7d6b"),
    sort: integer("sort").notNull().default(100),
    /** The urgent-help topic (crisis, suicidal thoughts): shown first and highlighted. */
    urgent: boolean("urgent").notNull().default(false),
    status: text("status", { enum: VISIBILITIES }).notNull().default("active"),
    /** Words students type for this topic ("depressed", "somber"): they find every linked place. */
    searchWords: bilingual("search_words"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("roadmap_topics_slug_idx").on(t.slug), oneOf("roadmap_topics_status_check", t.status, VISIBILITIES)],
);

/** A place to turn. Staff type both languages; an empty language falls back visibly. */
export const resources = pgTable(
  "roadmap_resources",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: text("slug").notNull(),
    name: jsonb("name").$type<Localized>().notNull(),
    summary: jsonb("summary").$type<Localized>().notNull(),
    description: jsonb("description").$type<Localized>().notNull(),
    scope: text("scope", { enum: SCOPES }).notNull(),
    /** The organisation that provides it (university service, municipality, national helpline ...). */
    provider: text("provider").notNull(),
    audiences: jsonb("audiences").$type<Audience[]>().notNull().default([]),
    phones: jsonb("phones").$type<Phone[]>().notNull().default([]),
    email: text("email"),
    website: text("website"),
    address: jsonb("address").$type<Address | null>(),
    /** Walk-in and opening hours, free text per language. */
    hours: bilingual("hours"),
    bookingUrl: text("booking_url"),
    cost: text("cost", { enum: COSTS }).notNull().default("free"),
    /** ISO 639-1 codes of the languages spoken. */
    languages: jsonb("languages").$type<string[]>().notNull().default(["nl", "en"]),
    confidentiality: bilingual("confidentiality"),
    urgent: boolean("urgent").notNull().default(false),
    /** A crisis line: listed first, above everything, when a search reads as suicidal or self-harm language. */
    crisis: boolean("crisis").notNull().default(false),
    /** Words students type for this place, besides its text ("burnout", "kms", "huisarts"): weighed like the name. */
    searchWords: bilingual("search_words"),
    lastReviewedOn: date("last_reviewed_on", { mode: "string" }),
    reviewedBy: uuid("reviewed_by").references(() => users.id, { onDelete: "set null" }),
    status: text("status", { enum: VISIBILITIES }).notNull().default("active"),
    /** Maintained by the service from name, summary, description, search words and topics (see refreshSearch). */
    searchNl: tsvector("search_nl"),
    searchEn: tsvector("search_en"),
    /** Plain text of name, summary, provider and topic names per language (feeds the typo vocabulary). */
    textNl: text("text_nl").notNull().default(""),
    textEn: text("text_en").notNull().default(""),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("roadmap_resources_slug_idx").on(t.slug),
    index("roadmap_resources_search_nl_idx").using("gin", t.searchNl),
    index("roadmap_resources_search_en_idx").using("gin", t.searchEn),
    // The few urgent places, so search can always add them to its candidates cheaply.
    index("roadmap_resources_urgent_idx").on(t.id).where(sql`${t.urgent}`),
    index("roadmap_resources_crisis_idx").on(t.id).where(sql`${t.crisis}`),
    oneOf("roadmap_resources_scope_check", t.scope, SCOPES),
    oneOf("roadmap_resources_cost_check", t.cost, COSTS),
    oneOf("roadmap_resources_status_check", t.status, VISIBILITIES),
  ],
);

const omit = <T extends object, K extends keyof T>(o: T, ...keys: K[]) =>
  Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k as K))) as Omit<T, K>;
/** What every reader of places selects: everything but the search data and what only the office edits. */
export const publicColumns = omit(getTableColumns(resources), "searchNl", "searchEn", "textNl", "textEn", "crisis", "searchWords");
/** What the office edits besides: the crisis flag and the search words. */
export const staffColumns = { ...publicColumns, crisis: resources.crisis, searchWords: resources.searchWords };

export const resourceTopics = pgTable(
  "roadmap_resource_topics",
  {
    resourceId: uuid("resource_id")
      .notNull()
      .references(() => resources.id, { onDelete: "cascade" }),
    topicId: uuid("topic_id")
      .notNull()
      .references(() => topics.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.resourceId, t.topicId] }), index("roadmap_resource_topics_topic_idx").on(t.topicId)],
);

/**
 * Every word that occurs in the roadmap's texts, per language, unstemmed: the vocabulary that a
 * misspelled search word is corrected against (trigram similarity). Edits add words; the daily
 * `roadmap.reindex` job rebuilds it, dropping words that no longer occur.
 */
export const roadmapWords = pgTable(
  "roadmap_words",
  {
    lang: text("lang", { enum: LANGS }).notNull(),
    word: text("word").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.lang, t.word] }),
    index("roadmap_words_trgm_idx").using("gin", sql`${t.word} gin_trgm_ops`),
    oneOf("roadmap_words_lang_check", t.lang, LANGS),
  ],
);

/** Each vocabulary word with a letter deleted at `pos` (0: none); words sharing a variant are close (search.ts `closestWord`). */
export const roadmapWordVariants = pgTable(
  "roadmap_word_variants",
  {
    lang: text("lang", { enum: LANGS }).notNull(),
    variant: text("variant").notNull(),
    pos: smallint("pos").notNull(),
    word: text("word").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.lang, t.variant, t.pos, t.word] }),
    index("roadmap_word_variants_word_idx").on(t.lang, t.word),
    foreignKey({ columns: [t.lang, t.word], foreignColumns: [roadmapWords.lang, roadmapWords.word] }).onDelete("cascade"),
    oneOf("roadmap_word_variants_lang_check", t.lang, LANGS),
  ],
);
