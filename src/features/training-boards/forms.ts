import { z } from "zod";
import { errorKey, f } from "../../core/forms.js";

/** Participant rows the register form shows at first (fewer when the offering allows fewer); "Add a participant" adds one. */
export const PARTICIPANT_ROWS = 3;

/** How many participant rows the form has: its hidden `rows` field, kept between the first rows and the offering's maximum. */
export function participantRows(values: Record<string, string>, max: number) {
  const first = Math.min(PARTICIPANT_ROWS, max);
  const n = Number(values.rows);
  return Number.isInteger(n) ? Math.min(Math.max(n, first), max) : first;
}

/** The form's idempotency key: random per rendered form, kept when the form comes back with errors. */
const KEY = /^[A-Za-z0-9_-]{16,64}$/;
export const validKey = (v: string | undefined) => (v && KEY.test(v) ? v : null);

/**
 * The register form: the date (when there is a choice of `sessions`), the board it is for (when
 * there is a choice of `years`) and `rows` participant rows (name_1, email_1, role_1 ...). Every
 * rule across rows runs here too (a row with a name and no address, the same address twice, no
 * participant at all), so every error shows at once.
 */
export function registerSchema(a: { rows: number; sessions: string[] | null; years: number[] }) {
  // Built once per shape of form: building a zod schema (and its first parse, which compiles it)
  // cost more than a millisecond per request, in a rush of registrations.
  const key = JSON.stringify([a.rows, a.sessions, a.years]);
  let schema = registerSchemas.get(key);
  if (!schema) {
    if (registerSchemas.size >= 500) registerSchemas.clear();
    schema = buildRegisterSchema(a);
    registerSchemas.set(key, schema);
  }
  return schema;
}
const registerSchemas = new Map<string, ReturnType<typeof buildRegisterSchema>>();

function buildRegisterSchema(a: { rows: number; sessions: string[] | null; years: number[] }) {
  const shape: Record<string, z.ZodType> = { key: z.string().optional() };
  if (a.sessions)
    shape.sessionId = z.preprocess(
      (v) => v ?? "",
      z
        .string()
        .min(1, errorKey("chooseSession"))
        .refine((v) => a.sessions!.includes(v), errorKey("notBookable")),
    );
  if (a.years.length > 1) shape.year = f.choice(a.years.map(String) as [string, ...string[]]);
  const rows = Array.from({ length: a.rows }, (_, k) => k + 1);
  for (const i of rows) {
    shape[`name_${i}`] = f.optionalName(120);
    shape[`email_${i}`] = f.optionalEmail();
    shape[`role_${i}`] = f.optionalText(80);
  }
  return z
    .object(shape)
    .superRefine(
      (v, ctx) => {
        const seen = new Set<string>();
        let any = false;
        for (const i of rows) {
          const name = v[`name_${i}`];
          const email = v[`email_${i}`];
          if (!name && !email && !v[`role_${i}`]) continue;
          any = true;
          if (!name) ctx.addIssue({ code: "custom", path: [`name_${i}`], message: errorKey("required") });
          if (!email) ctx.addIssue({ code: "custom", path: [`email_${i}`], message: errorKey("required") });
          else if (typeof email === "string") {
            if (seen.has(email)) ctx.addIssue({ code: "custom", path: [`email_${i}`], message: errorKey("participantTwice") });
            seen.add(email);
          }
        }
        if (!any) ctx.addIssue({ code: "custom", path: ["name_1"], message: errorKey("participantsMin") });
      },
      // Also when a field failed: every error shows at once.
      { when: () => true },
    )
    .transform((v) => ({
      key: validKey(v.key as string | undefined),
      sessionId: (v.sessionId as string | undefined) || null,
      year: v.year === undefined ? (a.years[0] ?? null) : Number(v.year),
      participants: rows
        .filter((i) => v[`name_${i}`] || v[`email_${i}`])
        .map((i) => ({
          name: v[`name_${i}`] as string,
          email: v[`email_${i}`] as string,
          role: (v[`role_${i}`] as string | null) ?? "",
        })),
    }));
}

/** A request for a tailor-made training or a member workshop. */
export const requestSchema = z.object({
  preferredDates: f.text(500),
  groupSize: f.optionalInt(1, 500).refine((v) => v !== null, errorKey("groupSizeRequired")),
  wishes: f.optionalText(2000),
});
