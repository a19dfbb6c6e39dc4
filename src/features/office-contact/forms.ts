import { z } from "zod";
import { f, errorKey as k } from "../../core/forms.js";
import { isUuid } from "../../core/http/params.js";
import { CONTACT_STATUSES, CONTACT_SUBJECTS } from "./schema.js";

const body = (max: number) => z.preprocess((v) => v ?? "", z.string().trim().min(1, k("required")).max(max, k("maxLength")));
const optional = (max: number) => z.preprocess((v) => v ?? "", z.string().trim().max(max, k("maxLength")));

/** The public contact form. `website` is the honeypot (see the route); the consent box must be ticked. */
export const contactSchema = z.object({
  name: f.name(120),
  email: f.email(),
  organisation: f.optionalName(160),
  subject: f.choice(CONTACT_SUBJECTS),
  message: body(5000),
  consent: f.checkbox().refine((v) => v, k("consentRequired")),
  website: optional(500),
});
export type ContactInput = Omit<z.output<typeof contactSchema>, "consent" | "website">;

export const replySchema = z.object({ body: body(8000) });
export const noteSchema = z.object({ note: body(5000) });

/** Status and assignee in one form; an assignee is an office account's id or "" (nobody). */
export const manageSchema = z.object({
  status: f.choice(CONTACT_STATUSES),
  assignee: z.preprocess(
    (v) => v ?? "",
    z
      .string()
      .trim()
      .refine((v) => v === "" || isUuid(v), k("invalidChoice"))
      .transform((v) => v || null),
  ),
});

export const cannedSchema = z
  .object({ title_nl: optional(120), title_en: optional(120), body_nl: optional(5000), body_en: optional(5000) })
  .superRefine(
    (v, ctx) => {
      if (!v.title_nl && !v.title_en) ctx.addIssue({ code: "custom", path: ["title_nl"], message: k("required") });
      if (!v.body_nl && !v.body_en) ctx.addIssue({ code: "custom", path: ["body_nl"], message: k("required") });
    },
    { when: () => true },
  );
export const cannedInput = (d: z.output<typeof cannedSchema>) => ({
  title: { nl: d.title_nl, en: d.title_en },
  body: { nl: d.body_nl, en: d.body_en },
});

/** The inbox's filters: junk gives the defaults (every open conversation). */
export const inboxQuery = z.object({
  status: z
    .enum([...CONTACT_STATUSES, "all"])
    .catch("open")
    .default("open"),
  assignee: z.string().max(40).catch("").default(""),
  q: z.string().trim().max(200).catch("").default(""),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});
export type InboxQuery = z.output<typeof inboxQuery>;

/** `?canned=<id>` prefills the reply form with a canned answer (no script needed); `done` names what just happened. */
export const conversationQuery = z.object({
  canned: z
    .string()
    .refine((v) => isUuid(v))
    .optional()
    .catch(undefined),
  done: z.enum(["replied", "noted", "saved"]).optional().catch(undefined),
});
