import { z } from "zod";
import { TRAINING_AUDIENCES } from "./service.js";

/** The catalogue's filters (a GET form): anything that is no option reads as "any". */
export const catalogueQuery = z.object({
  audience: z.enum(TRAINING_AUDIENCES).nullable().catch(null).default(null),
  language: z.enum(["nl", "en"]).nullable().catch(null).default(null),
  open: z
    .string()
    .optional()
    .catch(undefined)
    .transform((v) => v === "1" || v === "on"),
});

/** The query parameters the catalogue reads (its page-cache key). */
export const CATALOGUE_PARAMS = ["audience", "language", "open"] as const;
