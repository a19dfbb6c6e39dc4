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

export const registerSchema = orgSchema.extend({ position: f.choice(POSITIONS), message: f.optionalText(1000) });

/** An id picked from a list: anything but a UUID is not one of the options (and would make PostgreSQL throw). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const pickedId = () => f.text(40).refine((v) => UUID.test(v), "invalidChoice");

export const joinSchema = z.object({ organisationId: pickedId(), position: f.choice(POSITIONS), message: f.optionalText(1000) });

export const inviteSchema = z.object({ boardId: pickedId(), email: f.email(), name: f.optionalName(120), position: f.choice(POSITIONS) });

export const memberPositionSchema = z.object({ position: f.choice(POSITIONS) });

/** The invitation page's form: the token from the link, accept or decline, and the invitee's own name. */
export const invitationAnswerSchema = z.object({
  token: z.string().min(20, "invalid").max(100, "invalid"),
  decision: f.choice(["accept", "decline"] as const),
  name: f.optionalName(120),
});

/** The office may also invite into a board that does not exist yet ("new": this academic year's). */
export const staffInviteSchema = inviteSchema.extend({ boardId: z.union([z.literal("new"), pickedId()]) });

export const NEXT_BOARD_ROWS = 7;

/** Next board: a start date and up to NEXT_BOARD_ROWS member rows (email_1, name_1, position_1 ...). */
export function nextBoardSchema() {
  const shape: Record<string, z.ZodType> = { startsOn: f.date() };
  for (let i = 1; i <= NEXT_BOARD_ROWS; i++) {
    shape[`email_${i}`] = f.optionalEmail();
    shape[`name_${i}`] = f.optionalName(120);
    shape[`position_${i}`] = z.string().optional();
  }
  return z
    .object(shape)
    .superRefine((v, ctx) => {
      let any = false;
      const seen = new Set<unknown>();
      for (let i = 1; i <= NEXT_BOARD_ROWS; i++) {
        if (!v[`email_${i}`]) continue;
        any = true;
        // The same person twice: reported at the later row (not at an "email" field the form does not have).
        if (seen.has(v[`email_${i}`])) ctx.addIssue({ code: "custom", path: [`email_${i}`], message: "alreadyMember" });
        seen.add(v[`email_${i}`]);
        if (!(POSITIONS as readonly string[]).includes(String(v[`position_${i}`] ?? "")))
          ctx.addIssue({ code: "custom", path: [`position_${i}`], message: "invalidChoice" });
      }
      if (!any) ctx.addIssue({ code: "custom", path: ["email_1"], message: "required" });
    })
    .transform((v) => ({
      startsOn: v.startsOn as string,
      members: Array.from({ length: NEXT_BOARD_ROWS }, (_, k) => k + 1)
        .filter((i) => v[`email_${i}`])
        .map((i) => ({
          email: v[`email_${i}`] as string,
          name: (v[`name_${i}`] as string | null) ?? null,
          position: v[`position_${i}`] as (typeof POSITIONS)[number],
        })),
    }));
}

export const decideSchema = z.object({ decision: f.choice(["approve", "decline"] as const), reason: f.optionalText(1000) });

export const orgListQuery = z.object({
  q: z.string().max(100).optional().catch(undefined),
  kind: z.enum(ORG_KINDS).optional().catch(undefined),
  status: z.enum(ORG_STATUSES).optional().catch(undefined),
  handover: z.enum(["due", "planned"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});

/** A page number in a query string (anything unusable is page 1). */
export const pageQuery = z.object({ page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1) });

export const requestListQuery = pageQuery.extend({ view: z.enum(["pending", "decided"]).catch("pending").default("pending") });
