import { z } from "zod";
import { type ErrorKey, f, errorKey as k } from "../../core/forms.js";
import type { Participant } from "../training-registrations/service.js";

/** The office's forms for registrations, attendance, messages and requests. */

const reason = () => z.string().trim().min(1, k("reasonNeeded")).max(1000, k("maxLength"));
const text = (max: number) => z.string().trim().max(max, k("maxLength")).default("");
const optionalId = () =>
  z.preprocess(
    (v) => v ?? "",
    z
      .string()
      .trim()
      .max(40, k("maxLength"))
      .refine((v) => v === "" || f.pickedId().safeParse(v).success, k("invalidChoice")),
  );

export const cancelSchema = z.object({ cancelReason: reason() });
export const moveSchema = z.object({ sessionId: f.pickedId(), moveReason: reason() });

/** Adding an organisation above the cap: which, on which date (none for a programme), and why; participants in rows. */
export const addSchema = z.object({ organisationId: f.pickedId(), sessionId: optionalId(), reason: reason() });

/** How many participant rows the add form shows. */
export const PARTICIPANT_ROWS = 4;

/** The participant rows (`name_1`, `email_1`, `role_1`, …): filled rows, and errors per row for half-filled or invalid ones. */
export function participantRows(values: Record<string, string>) {
  const people: Participant[] = [];
  const errors: Partial<Record<string, ErrorKey>> = {};
  for (let i = 1; i <= PARTICIPANT_ROWS; i++) {
    const name = values[`name_${i}`]?.trim() ?? "";
    const email = values[`email_${i}`]?.trim().toLowerCase() ?? "";
    const role = values[`role_${i}`]?.trim() ?? "";
    if (!name && !email && !role) continue;
    if (!name || !email) errors[!name ? `name_${i}` : `email_${i}`] = "participantIncomplete";
    else if (name.length > 120) errors[`name_${i}`] = "tooLong";
    else if (role.length > 80) errors[`role_${i}`] = "tooLong";
    else if (!f.email().safeParse(email).success) errors[`email_${i}`] = "invalidEmail";
    else people.push({ name, email, role });
  }
  if (!people.length && !Object.keys(errors).length) errors.name_1 = "participantsMin";
  return { people, errors };
}

export const messageSchema = z.object({
  subject_nl: text(150),
  subject_en: text(150),
  body_nl: text(5000),
  body_en: text(5000),
});

/** A subject and a message, each in at least one language. */
export function messageProblems(values: Record<string, string>): Partial<Record<string, ErrorKey>> {
  const out: Partial<Record<string, ErrorKey>> = {};
  for (const n of ["subject", "body"]) if (!values[`${n}_nl`]?.trim() && !values[`${n}_en`]?.trim()) out[`${n}_nl`] = "bothLanguages";
  return out;
}

export const declineSchema = z.object({ declineReason: reason() });

export const listQuery = z.object({
  session: z
    .string()
    .regex(/^[0-9a-f-]{36}$/)
    .optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
export const pageQuery = z.object({ page: z.coerce.number().int().min(1).max(100_000).default(1) });
export const doneQuery = z.object({ done: z.string().max(20).default(""), n: z.coerce.number().int().min(0).max(1_000_000).default(0) });
