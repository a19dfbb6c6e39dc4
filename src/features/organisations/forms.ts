import { z } from "zod";
import { f } from "../../core/forms.js";
import { LANGS } from "../../core/i18n/index.js";
import { ORG_KINDS, ORG_STATUSES, POSITIONS } from "./schema.js";

export const orgSchema = z.object({
  name: f.name(120),
  kind: f.choice(ORG_KINDS),
  faculty: f.optionalText(120),
  website: f.optionalUrl(),
  contactUrl: f.optionalUrl(),
  email: f.optionalEmail(),
  lang: f.choice(LANGS),
  memberCount: f.optionalInt(1, 100_000),
});

export const staffOrgSchema = orgSchema.extend({ status: f.choice(ORG_STATUSES) });

export const memberPositionSchema = z.object({ position: f.choice(POSITIONS) });

export const orgListQuery = z.object({
  q: z.string().max(100).optional().catch(undefined),
  kind: z.enum(ORG_KINDS).optional().catch(undefined),
  status: z.enum(ORG_STATUSES).optional().catch(undefined),
  handover: z.enum(["due", "planned"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});

/** A page number in a query string (anything unusable is page 1). */
export const pageQuery = z.object({ page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1) });
