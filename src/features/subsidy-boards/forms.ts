import { z } from "zod";
import { errorKey, f } from "../../core/forms.js";
import type { Lang } from "../../core/i18n/index.js";
import type { ApplicationFields, BudgetLine } from "../subsidies/applications.js";
import { ATTACHMENT_KINDS } from "../subsidies/attachments.js";
import type { Application } from "../subsidies/service.js";

/** Budget rows the forms show at first; "Add a line" adds one, up to `MAX_LINES`. */
export const FIRST_LINES = 3;
export const MAX_LINES = 20;

/** How many budget rows a form has: its hidden `rows` field, kept between the first rows and the maximum. */
export function lineRows(values: Record<string, string>, atLeast = 0) {
  const n = Number(values.rows);
  return Math.min(Math.max(Number.isInteger(n) ? n : FIRST_LINES, FIRST_LINES, atLeast), MAX_LINES);
}

/** The form's idempotency key: random per rendered form. */
const KEY = /^[A-Za-z0-9_-]{16,64}$/;
export const validKey = (v: string | undefined) => (v && KEY.test(v) ? v : null);

/** An amount in euros as people type it ("250", "49,95", "€ 1000.50"), in cents; empty is null. */
const euros = () =>
  z.preprocess(
    (v) => (typeof v === "string" ? v.replace(/[€\s]/g, "") : ""),
    z
      .string()
      .max(20, errorKey("subsidyAmount"))
      .refine((v) => v === "" || /^\d{1,9}([.,]\d{1,2})?$/.test(v), errorKey("subsidyAmount"))
      .transform((v) => (v === "" ? null : Math.round(Number(v.replace(",", ".")) * 100)))
      .refine((v) => v === null || v <= 100_000_000, errorKey("subsidyAmountMax")),
  );

/** Cents as the form shows them in `lang` ("49,95" / "49.95"; whole euros without decimals). */
export function centsValue(cents: number | null | undefined, lang: Lang) {
  if (cents === null || cents === undefined) return "";
  const s = cents % 100 === 0 ? String(cents / 100) : (cents / 100).toFixed(2);
  return lang === "nl" ? s.replace(".", ",") : s;
}

const optionalDate = () =>
  z.preprocess((v) => (typeof v === "string" ? v.trim() : ""), z.union([z.literal("").transform(() => null), f.date()]));

/** Budget rows `item_i`, `amount_i` with their rules: a line needs both an item and an amount. */
function lineShape(rows: number) {
  const shape: Record<string, z.ZodType> = {};
  for (let i = 1; i <= rows; i++) {
    shape[`item_${i}`] = f.optionalText(200);
    shape[`amount_${i}`] = euros();
  }
  return shape;
}
function checkLines(v: Record<string, unknown>, rows: number, ctx: z.RefinementCtx) {
  for (let i = 1; i <= rows; i++) {
    const item = v[`item_${i}`];
    const amount = v[`amount_${i}`];
    if (item && (amount === null || amount === undefined))
      ctx.addIssue({ code: "custom", path: [`amount_${i}`], message: errorKey("subsidyLineIncomplete") });
    if (!item && amount !== null && amount !== undefined)
      ctx.addIssue({ code: "custom", path: [`item_${i}`], message: errorKey("required") });
  }
}
function linesOf(v: Record<string, unknown>, rows: number): BudgetLine[] {
  const out: BudgetLine[] = [];
  for (let i = 1; i <= rows; i++) {
    const item = v[`item_${i}`] as string | null;
    const amount = v[`amount_${i}`] as number | null;
    if (item && amount !== null) out.push({ item, amountCents: amount });
  }
  return out;
}

/**
 * The application form, as lenient as a draft may be: anything may be empty, but what is typed
 * must be of the right type and length, the last day not before the first, and each budget line
 * whole. What submitting needs more is `submissionProblems`' part.
 */
export function applicationSchema(rows: number) {
  return z
    .object({
      title: f.optionalText(200),
      description: f.optionalText(5000),
      aim: f.optionalText(2000),
      targetGroup: f.optionalText(500),
      expectedParticipants: f.optionalInt(1, 100_000),
      startsOn: optionalDate(),
      endsOn: optionalDate(),
      place: f.optionalText(300),
      partners: f.optionalText(1000),
      ...lineShape(rows),
      otherIncome: euros(),
      requested: euros(),
      contactName: f.optionalName(120),
      contactEmail: f.optionalEmail(),
      contactPhone: f.optionalText(40).refine((v) => v === null || /^[+\d][\d\s()-]{5,}$/.test(v), errorKey("invalid")),
    })
    .catchall(z.string())
    .superRefine(
      (v, ctx) => {
        if (typeof v.startsOn === "string" && typeof v.endsOn === "string" && v.endsOn < v.startsOn)
          ctx.addIssue({ code: "custom", path: ["endsOn"], message: errorKey("subsidyEndBeforeStart") });
        checkLines(v, rows, ctx);
      },
      { when: () => true },
    )
    .transform((v) => ({
      fields: {
        title: v.title ?? "",
        description: v.description ?? "",
        aim: v.aim ?? "",
        targetGroup: v.targetGroup ?? "",
        expectedParticipants: v.expectedParticipants,
        startsOn: v.startsOn,
        endsOn: v.endsOn,
        place: v.place ?? "",
        partners: v.partners ?? "",
        otherIncomeCents: v.otherIncome ?? 0,
        requestedCents: v.requested,
        contactName: v.contactName ?? "",
        contactEmail: v.contactEmail ?? "",
        contactPhone: v.contactPhone ?? "",
      } satisfies ApplicationFields,
      lines: linesOf(v, rows),
    }));
}

/** The form's values from a saved application (amounts written the page's way). */
export function applicationValues(app: Application, lines: BudgetLine[], lang: Lang): Record<string, string> {
  const values: Record<string, string> = {
    title: app.title,
    description: app.description,
    aim: app.aim,
    targetGroup: app.targetGroup,
    expectedParticipants: app.expectedParticipants === null ? "" : String(app.expectedParticipants),
    startsOn: app.startsOn ?? "",
    endsOn: app.endsOn ?? "",
    place: app.place,
    partners: app.partners,
    otherIncome: app.otherIncomeCents ? centsValue(app.otherIncomeCents, lang) : "",
    requested: centsValue(app.requestedCents, lang),
    contactName: app.contactName,
    contactEmail: app.contactEmail,
    contactPhone: app.contactPhone,
    rows: String(Math.min(Math.max(lines.length + 1, FIRST_LINES), MAX_LINES)),
  };
  lines.forEach((l, i) => {
    values[`item_${i + 1}`] = l.item;
    values[`amount_${i + 1}`] = centsValue(l.amountCents, lang);
  });
  return values;
}

/** The report: what happened, how many took part, the evaluation and the actual costs (at least one line). */
export function reportSchema(rows: number) {
  return z
    .object({
      reportText: f.text(5000),
      reportParticipants: f.optionalInt(0, 100_000).refine((v) => v !== null, errorKey("required")),
      reportEvaluation: f.text(5000),
      ...lineShape(rows),
    })
    .catchall(z.string())
    .superRefine(
      (v, ctx) => {
        checkLines(v, rows, ctx);
        const typed = Array.from({ length: rows }, (_, k) => k + 1).some((i) => v[`item_${i}`] || v[`amount_${i}`] != null);
        if (!typed) ctx.addIssue({ code: "custom", path: ["item_1"], message: errorKey("subsidyBudgetRequired") });
      },
      { when: () => true },
    )
    .transform((v) => ({
      report: {
        reportText: v.reportText as string,
        reportParticipants: v.reportParticipants as number,
        reportEvaluation: v.reportEvaluation as string,
      },
      lines: linesOf(v, rows),
    }));
}

/** The board's answer to the office's question. */
export const answerSchema = z.object({ answer: f.text(5000) });

/** The upload form's fields besides the file. */
export const uploadSchema = z.object({ kind: f.choice(ATTACHMENT_KINDS) });

/** The eligibility check's answers (a GET form: junk reads as unanswered). */
const yesNo = z.enum(["yes", "no"]).optional().catch(undefined);
export const checkQuery = z.object({
  byStudents: yesNo,
  forStudents: yesNo,
  wellBeing: yesNo,
  open: yesNo,
  lowCost: yesNo,
  soon: yesNo,
  withinLimits: yesNo,
});
