import { z } from "zod";
import { errorKey, f } from "../../core/forms.js";
import { RESPONSE_TIMES } from "./service.js";

const LANGS = ["nl", "en"] as const;

/**
 * The listener's profile. `languages` arrives as the checked boxes joined with commas (the route
 * reads the repeated field with `formList`): at least one, each nl or en.
 */
export const profileSchema = z.object({
  displayName: f.name(80),
  languages: z.preprocess(
    (v) => v ?? "",
    z
      .string()
      .max(20, errorKey("invalidChoice"))
      .transform((v) => [...new Set(v.split(",").filter(Boolean))])
      .refine((v) => v.every((l) => (LANGS as readonly string[]).includes(l)), errorKey("invalidChoice"))
      .refine((v) => v.length > 0, errorKey("listenerLanguages"))
      .transform((v) => LANGS.filter((l) => v.includes(l))),
  ),
  introduction: z.preprocess((v) => v ?? "", z.string().trim().max(500, errorKey("maxLength"))),
  responseTime: f.choice(RESPONSE_TIMES),
  listed: f.checkbox(),
});

/** Pause or resume. */
export const statusSchema = z.object({ status: f.choice(["active", "paused"] as const) });

/** Stepping down is confirmed with a tick: it cannot be undone by the listener. */
export const stepDownSchema = z.object({
  confirm: f.checkbox().refine((v) => v, errorKey("listenerConfirmStepDown")),
});

/** The public search: an organisation's name (junk reads as no search). */
export const searchQuery = z.object({ q: z.string().trim().max(100).catch("").default("") });
