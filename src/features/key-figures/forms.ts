import { z } from "zod";
import { errorKey, f } from "../../core/forms.js";
import { isUuid } from "../../core/http/params.js";
import { KEY_FIGURE_ROLES } from "./service.js";

/** The board's invite form: the address, the name as the board knows it, the role and a note (required for "other"). */
export const inviteKeyFigureSchema = z
  .object({ email: f.email(), name: f.optionalName(120), role: f.choice(KEY_FIGURE_ROLES), note: f.optionalText(120) })
  .superRefine(
    (v, ctx) => {
      if (v.role === "other" && !v.note) ctx.addIssue({ code: "custom", path: ["note"], message: errorKey("keyFigureNoteRequired") });
    },
    // Also when another field failed: every error shows at once.
    { when: () => true },
  );

/** The invitation page's form: the token from the link, accept or decline, and the invitee's own name. */
export const keyFigureAnswerSchema = z.object({
  token: z.string().min(20, "invalid").max(100, "invalid"),
  decision: f.choice(["accept", "decline"] as const),
  name: f.optionalName(120),
});

/**
 * Self-registration: the chosen date (empty where there is no choice) and the form's idempotency
 * key (a resent or double-clicked form finds the first registration).
 */
export const keyFigureRegisterSchema = z.object({
  session: z.preprocess(
    (v) => v ?? "",
    z
      .string()
      .trim()
      .max(40, errorKey("maxLength"))
      .refine((v) => v === "" || isUuid(v), errorKey("invalidChoice"))
      .transform((v) => (v ? v.toLowerCase() : null)),
  ),
  key: z.string().min(20, "invalid").max(100, "invalid"),
});
