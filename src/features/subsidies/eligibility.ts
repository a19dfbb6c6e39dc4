import type { Limits } from "./service.js";

/**
 * The short eligibility check: one yes/no question per criterion. A pure function of the answers
 * and the year's limits; the page says at once which criteria are not met and why.
 */
export const CRITERIA = ["byStudents", "forStudents", "wellBeing", "open", "lowCost", "soon", "withinLimits"] as const;
export type Criterion = (typeof CRITERIA)[number];
export type Answer = "yes" | "no" | undefined;
export type Answers = Partial<Record<Criterion, Answer>>;

export type Verdict = {
  /** `eligible`: every answer yes; `notEligible`: at least one no; `incomplete`: no "no" yet, but unanswered questions. */
  outcome: "eligible" | "notEligible" | "incomplete";
  /** The criteria answered "no", in the check's order, each with the amounts its reason quotes. */
  unmet: { criterion: Criterion; maxPerApplicationCents: number; maxPerOrganisationCents: number }[];
  unanswered: Criterion[];
};

export function checkEligibility(answers: Answers, limits: Pick<Limits, "maxPerApplicationCents" | "maxPerOrganisationCents">): Verdict {
  const unmet = CRITERIA.filter((c) => answers[c] === "no").map((criterion) => ({
    criterion,
    maxPerApplicationCents: limits.maxPerApplicationCents,
    maxPerOrganisationCents: limits.maxPerOrganisationCents,
  }));
  const unanswered = CRITERIA.filter((c) => answers[c] !== "yes" && answers[c] !== "no");
  return { outcome: unmet.length ? "notEligible" : unanswered.length ? "incomplete" : "eligible", unmet, unanswered };
}
