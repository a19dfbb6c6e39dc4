import { z } from "zod";
import { errorKey, f } from "../../core/forms.js";
import { LANGS } from "../../core/i18n/index.js";

export const profileSchema = z.object({ name: f.optionalText(120), lang: f.choice(LANGS) });

export const deleteSchema = z.object({ confirm: f.checkbox().refine((v) => v, errorKey("confirmDeletion")) });
