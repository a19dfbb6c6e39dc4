import { z } from "zod";
import { errorKey, f } from "../../core/forms.js";
import { isUuid } from "../../core/http/params.js";
import { readReceipt } from "./crypto.js";
import { MESSAGE_MAX, STATUS_ACTIONS } from "./service.js";

/** A list's id or nothing ("" is "none": the team, no roadmap place). */
const optionalId = () =>
  f
    .optionalText(40)
    .refine((v) => v === null || isUuid(v), errorKey("invalidChoice"))
    .transform((v) => (v === null ? null : v.toLowerCase()));

/** The student's first message. */
export const writeSchema = z.object({
  message: f.text(MESSAGE_MAX),
  listener: optionalId(),
  name: f.optionalName(80),
  lang: f.choice(["nl", "en"] as const),
  email: f.optionalEmail(),
  consent: f.checkbox(),
});

/** The receipt, as typed (16 digits; spaces and dashes allowed). */
const receipt = () =>
  z
    .string()
    .max(60, errorKey("contactReceipt"))
    .transform((v) => readReceipt(v) ?? "")
    .pipe(z.string().min(1, errorKey("contactReceipt")));

/** Coming back: the receipt opens the conversation; with it the student writes more or changes their consent. */
export const returnSchema = z.object({ receipt: receipt() });
export const returnWriteSchema = z.object({ receipt: receipt(), message: f.text(MESSAGE_MAX) });
export const consentSchema = z.object({ receipt: receipt(), consent: f.choice(["yes", "no"] as const) });

/** The listener's (or adviser's) answer. */
export const replySchema = z.object({ message: f.text(MESSAGE_MAX) });
export const statusSchema = z.object({ action: f.choice(STATUS_ACTIONS) });
export const referralSchema = z.object({ resource: optionalId(), note: f.optionalText(1000) });
export const adviserSchema = z.object({ account: f.pickedId() });
