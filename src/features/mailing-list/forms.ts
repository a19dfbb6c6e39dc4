import { z } from "zod";
import { f, errorKey as k } from "../../core/forms.js";
import { isUuid } from "../../core/http/params.js";
import { BOUNCE_KINDS, MAILING_TOPICS, type MailingTopic, SUBSCRIPTION_STATUSES } from "./schema.js";

const LANGS = ["nl", "en"] as const;

/**
 * The topics, as the checked boxes joined with commas (the route reads the repeated field with
 * `formList`): at least one, each a known topic.
 */
const topics = () =>
  z.preprocess(
    (v) => v ?? "",
    z
      .string()
      .max(100, k("invalidChoice"))
      .transform((v) => [...new Set(v.split(",").filter(Boolean))])
      .refine((v) => v.every((x) => (MAILING_TOPICS as readonly string[]).includes(x)), k("invalidChoice"))
      .refine((v) => v.length > 0, k("mailingTopicRequired"))
      .transform((v) => MAILING_TOPICS.filter((x) => v.includes(x)) as MailingTopic[]),
  );

/**
 * The subscribe form: the organisation picked from the list (`orgId`) or typed (`orgName`), one of
 * the two; its contact page (http or https); the address; language; topics; consent.
 */
export const subscribeSchema = z
  .object({
    orgId: z.preprocess(
      (v) => v ?? "",
      z
        .string()
        .trim()
        .max(40, k("invalidChoice"))
        .refine((v) => v === "" || isUuid(v), k("invalidChoice"))
        .transform((v) => (v ? v.toLowerCase() : null)),
    ),
    orgName: f.optionalName(160),
    contactUrl: f.optionalUrl(),
    email: f.email(),
    lang: f.choice(LANGS),
    topics: topics(),
    consent: f.checkbox().refine((v) => v, k("mailingConsentRequired")),
  })
  .superRefine(
    (v, ctx) => {
      if (!v.orgId && !v.orgName) ctx.addIssue({ code: "custom", path: ["orgId"], message: k("mailingOrgRequired") });
    },
    { when: (p) => !p.issues.some((i) => i.path?.[0] === "orgId" || i.path?.[0] === "orgName") },
  );

/** The preferences page: language and topics. */
export const preferencesSchema = z.object({ lang: f.choice(LANGS), topics: topics() });

/** The board's new update address. */
export const changeAddressSchema = z.object({ email: f.email() });

/** The office's manual bounce action. */
export const bounceSchema = z.object({ kind: f.choice(BOUNCE_KINDS) });

/** The provider's webhook: `{ email, kind }` (JSON). */
export const webhookSchema = z.object({
  email: z.string().trim().toLowerCase().max(254).pipe(z.email()),
  kind: z.enum(BOUNCE_KINDS),
});

/** The subscribers page's filters: junk gives the defaults. */
export const subscribersQuery = z.object({
  status: z
    .enum([...SUBSCRIPTION_STATUSES, "all"])
    .catch("all")
    .default("all"),
  topic: z
    .enum([...MAILING_TOPICS, "all"])
    .catch("all")
    .default("all"),
  org: z
    .string()
    .refine((v) => v === "" || isUuid(v))
    .transform((v) => v.toLowerCase())
    .catch("")
    .default(""),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
  done: z.enum(["recorded", "suspended"]).optional().catch(undefined),
});
export type SubscribersQuery = z.output<typeof subscribersQuery>;

/** `?done=` on the preferences page (what just happened). */
export const preferencesQuery = z.object({ done: z.enum(["saved", "confirmed", "unsubscribed"]).optional().catch(undefined) });
