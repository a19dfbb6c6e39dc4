import { z } from "zod";
import { f } from "../../core/forms.js";
import { POSITIONS } from "../organisations/service.js";

export const inviteSchema = z.object({ boardId: f.pickedId(), email: f.email(), name: f.optionalName(120), position: f.choice(POSITIONS) });

/** The invitation page's form: the token from the link, accept or decline, and the invitee's own name. */
export const invitationAnswerSchema = z.object({
  token: z.string().min(20, "invalid").max(100, "invalid"),
  decision: f.choice(["accept", "decline"] as const),
  name: f.optionalName(120),
});

/** The office may also invite into a board that does not exist yet ("new": this academic year's). */
export const staffInviteSchema = inviteSchema.extend({ boardId: z.union([z.literal("new"), f.pickedId()]) });

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
