import { z } from "zod";
import { errorKey, f } from "../../core/forms.js";
import { POLICY_STATUSES } from "./service.js";

/** A date in a form that may stay empty (null); not a real date is `invalidDate`. */
const optionalDate = () =>
  z.preprocess(
    (v) => v ?? "",
    z
      .string()
      .trim()
      .max(20, errorKey("maxLength"))
      .refine(
        (v) => v === "" || (/^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v)),
        errorKey("invalidDate"),
      )
      .transform((v) => v || null),
  );

/**
 * The board's report: the code of conduct (adopted? since when, where to read it) and the policy
 * (none, draft, adopted; last updated). Rules across fields run also when another field failed, so
 * every error shows at once: a date is needed for an adopted code and for a draft or adopted
 * policy, and no date lies after `today`. A code not adopted keeps no date or link.
 */
export const reportSchema = (today: string) =>
  z
    .object({
      codeAdopted: f.choice(["yes", "no"] as const),
      codeAdoptedOn: optionalDate(),
      codeUrl: f.optionalUrl(),
      policy: f.choice(POLICY_STATUSES),
      policyUpdatedOn: optionalDate(),
    })
    .superRefine(
      (v, ctx) => {
        const issue = (path: string, key: Parameters<typeof errorKey>[0]) =>
          ctx.addIssue({ code: "custom", path: [path], message: errorKey(key) });
        if (v.codeAdopted === "yes" && !v.codeAdoptedOn) issue("codeAdoptedOn", "safetyCodeDateRequired");
        if ((v.policy === "draft" || v.policy === "adopted") && !v.policyUpdatedOn) issue("policyUpdatedOn", "safetyPolicyDateRequired");
        if (v.codeAdoptedOn && v.codeAdoptedOn > today) issue("codeAdoptedOn", "safetyDateFuture");
        if (v.policyUpdatedOn && v.policyUpdatedOn > today) issue("policyUpdatedOn", "safetyDateFuture");
      },
      { when: () => true },
    )
    .transform((v) => ({
      codeAdopted: v.codeAdopted === "yes",
      codeAdoptedOn: v.codeAdopted === "yes" ? v.codeAdoptedOn : null,
      codeUrl: v.codeAdopted === "yes" ? v.codeUrl : null,
      policy: v.policy,
      policyUpdatedOn: v.policy === "none" ? null : v.policyUpdatedOn,
    }));

/** The office table's query: one filter and the page. */
export const officeQuery = <T extends readonly [string, ...string[]]>(filters: T) =>
  z.object({
    filter: z.enum(filters).optional().catch(undefined),
    page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
  });
