import { z } from "zod";
import { type FieldErrors, type FormValues, errorKey as k } from "../../core/forms.js";
import { isUuid } from "../../core/http/params.js";
import { MAILING_TOPICS, type MailingTopic } from "../mailing-list/service.js";
import { fromWall } from "../trainings/service.js";
import { DELIVERY_STATUSES } from "./schema.js";
import type { CampaignInput } from "./service.js";

const text = (max: number) => z.preprocess((v) => v ?? "", z.string().trim().min(1, k("required")).max(max, k("maxLength")));

/**
 * Composing: subject and text in both languages (each subscriber gets theirs), the topics
 * (checkbox group `topics`, joined with commas into the values by the route) and the audience:
 * everyone, or the organisations in the checkbox group `orgs`.
 */
export const campaignSchema = z
  .object({
    subject_nl: text(200),
    subject_en: text(200),
    body_nl: text(8000),
    body_en: text(8000),
    topics: z.preprocess((v) => v ?? "", z.string().max(200)),
    audience: z.enum(["all", "orgs"], { error: k("invalidChoice") }),
    orgs: z.preprocess((v) => v ?? "", z.string().max(10_000)),
  })
  .superRefine(
    (v, ctx) => {
      const topics = list(v.topics);
      if (!topics.length || topics.some((t) => !(MAILING_TOPICS as readonly string[]).includes(t)))
        ctx.addIssue({ code: "custom", path: ["topics"], message: k("mailingTopicsRequired") });
      const orgs = list(v.orgs);
      if (v.audience === "orgs" && (!orgs.length || orgs.some((o) => !isUuid(o))))
        ctx.addIssue({ code: "custom", path: ["orgs"], message: k("mailingOrgsRequired") });
    },
    { when: () => true },
  );

const list = (v: string | undefined) => (v ?? "").split(",").filter(Boolean);

export const campaignInput = (d: z.output<typeof campaignSchema>): CampaignInput => ({
  subject: { nl: d.subject_nl, en: d.subject_en },
  body: { nl: d.body_nl, en: d.body_en },
  topics: list(d.topics) as MailingTopic[],
  orgIds: d.audience === "all" ? null : [...new Set(list(d.orgs))],
});

/** The form's values for a stored campaign. */
export const campaignValues = (c: CampaignInput): FormValues => ({
  subject_nl: c.subject.nl,
  subject_en: c.subject.en,
  body_nl: c.body.nl,
  body_en: c.body.en,
  topics: c.topics.join(","),
  audience: c.orgIds ? "orgs" : "all",
  orgs: (c.orgIds ?? []).join(","),
});

/** Organisations not among `known` (the active ones) are no valid choice. */
export function orgProblems(values: FormValues, known: Set<string>): FieldErrors {
  if (values.audience !== "orgs") return {};
  const picked = list(values.orgs);
  return picked.some((o) => !known.has(o)) ? { orgs: "invalidChoice" } : {};
}

const LOCAL_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/** The moment to send, a `datetime-local` in TIME_ZONE. */
export const scheduleSchema = (timeZone: string) =>
  z.object({
    scheduledAt: z.preprocess(
      (v) => v ?? "",
      z
        .string()
        .trim()
        .min(1, k("required"))
        .max(40, k("maxLength"))
        .refine((v) => LOCAL_DATETIME.test(v) && fromWall(v, timeZone) !== null, k("mailingDateTime"))
        .transform((v) => fromWall(v, timeZone)!),
    ),
  });

export const testSchema = z.object({ lang: z.enum(["nl", "en"], { error: k("invalidChoice") }) });

export const announceSchema = z.object({
  offering: z.preprocess(
    (v) => v ?? "",
    z.string().trim().min(1, k("required")).max(40, k("maxLength")).refine(isUuid, k("invalidChoice")),
  ),
});

export const listQuery = z.object({ page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1) });

export const deliveriesQuery = z.object({
  status: z.enum(DELIVERY_STATUSES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

export const campaignQuery = z.object({
  done: z.enum(["saved", "created", "scheduled", "started", "paused", "cancelled", "tested"]).optional().catch(undefined),
  /** "1": the progress page refreshes itself while sending (asked for by its link, never by default: WCAG 2.2.1). */
  live: z.literal("1").optional().catch(undefined),
});
