import { z } from "zod";
import { f } from "../../core/forms.js";
import { orgSchema, POSITIONS } from "../organisations/service.js";

/** A registration: the organisation's details as on its own form, the requester's position and a note. */
export const registerSchema = orgSchema.extend({ position: f.choice(POSITIONS), message: f.optionalText(1000) });

export const joinSchema = z.object({ organisationId: f.pickedId(), position: f.choice(POSITIONS), message: f.optionalText(1000) });

export const decideSchema = z.object({ decision: f.choice(["approve", "decline"] as const), reason: f.optionalText(1000) });

/** The office's request list: open or decided, and a page number (anything unusable is the first page of open requests). */
export const requestListQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
  view: z.enum(["pending", "decided"]).catch("pending").default("pending"),
});
