import { z } from "zod";
import { f, errorKey as k } from "../../core/forms.js";
import { UUID_RE } from "../../core/http/params.js";
import { OFFICE_STATUSES, SCORE_CRITERIA, TEMPLATE_KINDS } from "../subsidies/review.js";

/** The office's forms and queries for subsidies. Amounts are typed in euros and kept in cents. */

const UUID = new RegExp(UUID_RE.source, "i");
const text = (max: number) => z.preprocess((v) => v ?? "", z.string().trim().max(max, k("maxLength")));

/** An amount in euros ("250", "249,50", "249.50") as cents; empty is `required`. */
export const euros = () =>
  z.preprocess(
    (v) => v ?? "",
    z
      .string()
      .trim()
      .min(1, k("required"))
      .max(20, k("maxLength"))
      .refine((v) => /^\d{1,8}([.,]\d{1,2})?$/.test(v), k("subOfficeInvalidAmount"))
      .transform((v) => Math.round(Number(v.replace(",", ".")) * 100)),
  );

/** Cents as the amount field shows them ("249,50" on /nl, "249.50" on /en; whole euros without decimals). */
export const centsValue = (cents: number | null | undefined, lang: "nl" | "en") => {
  if (cents === null || cents === undefined) return "";
  const s = cents % 100 === 0 ? String(cents / 100) : (cents / 100).toFixed(2);
  return lang === "nl" ? s.replace(".", ",") : s;
};

const year = () => z.coerce.number().int().min(2000).max(2100);

export const queueQuery = z.object({
  year: year().optional().catch(undefined),
  status: z
    .enum(OFFICE_STATUSES as unknown as [string, ...string[]])
    .optional()
    .catch(undefined),
  organisation: z.string().regex(UUID).optional().catch(undefined),
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional()
    .catch(undefined),
  monthOf: z.enum(["submitted", "activity"]).default("submitted").catch("submitted"),
  assigned: z
    .string()
    .refine((v) => v === "none" || UUID.test(v))
    .optional()
    .catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});
export type QueueQuery = z.output<typeof queueQuery>;

/** The application page's query: a notice after a step, and a template to fill a decision form with. */
export const applicationQuery = z.object({
  done: z.string().max(30).optional().catch(undefined),
  template: z.string().regex(UUID).optional().catch(undefined),
});

export const assignSchema = z.object({
  reviewer: z.preprocess(
    (v) => v ?? "",
    z.string().refine((v) => v === "" || UUID.test(v), k("invalidChoice")),
  ),
});

export const commentSchema = z.object({ body: f.text(4000) });

const scoreShape: Record<string, z.ZodType> = {};
for (const c of SCORE_CRITERIA) {
  scoreShape[`score_${c}`] = f.choice(["0", "1", "2", "3"] as const);
  scoreShape[`note_${c}`] = text(1000);
}
export const scoresSchema = z
  .object(scoreShape)
  .transform((v) =>
    Object.fromEntries(SCORE_CRITERIA.map((c) => [c, { score: Number(v[`score_${c}`]), note: String(v[`note_${c}`] ?? "") }])),
  ) as unknown as z.ZodType<Record<(typeof SCORE_CRITERIA)[number], { score: number; note: string }>>;

export const stepSchema = z.object({ step: f.choice(["review", "held", "close"] as const) });
export const infoSchema = z.object({ question: f.text(4000) });
export const approveSchema = z.object({ granted: euros(), conditions: text(4000) });
export const declineSchema = z.object({ reasons: f.text(4000) });
export const paidSchema = z.object({ paid: euros() });

export const budgetQuery = z.object({ year: year().optional().catch(undefined), done: z.string().max(20).optional().catch(undefined) });
export const budgetSchema = z.object({
  year: z.preprocess(
    (v) => v ?? "",
    z
      .string()
      .regex(/^\d{4}$/, k("invalid"))
      .transform(Number),
  ),
  total: euros(),
  maxApplication: euros().refine((v) => v > 0, k("subOfficeAmountPositive")),
  maxOrganisation: euros().refine((v) => v > 0, k("subOfficeAmountPositive")),
});

export const templateSchema = z
  .object({
    kind: f.choice(TEMPLATE_KINDS),
    name: f.text(120),
    body_nl: text(4000),
    body_en: text(4000),
  })
  .superRefine(
    (v, ctx) => {
      if (!v.body_nl && !v.body_en) ctx.addIssue({ code: "custom", path: ["body_nl"], message: k("subOfficeTemplateEmpty") });
    },
    { when: () => true },
  );

export const criteriaSchema = z.object({ body_nl: text(8000), body_en: text(8000) });

export const overviewQuery = z.object({ from: year().optional().catch(undefined), to: year().optional().catch(undefined) });
export const doneQuery = z.object({ done: z.string().max(20).optional().catch(undefined) });
