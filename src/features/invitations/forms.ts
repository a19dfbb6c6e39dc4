import { z } from "zod";
import { errorKey, f } from "../../core/forms.js";
import { academicYearOf, POSITIONS } from "../organisations/service.js";
import { INVITES_PER_INVITER_PER_HOUR } from "./service.js";

export const inviteSchema = z.object({ boardId: f.pickedId(), email: f.email(), name: f.optionalName(120), position: f.choice(POSITIONS) });

/** The invitation page's form: the token from the link, accept or decline, and the invitee's own name. */
export const invitationAnswerSchema = z.object({
  token: z.string().min(20, "invalid").max(100, "invalid"),
  decision: f.choice(["accept", "decline"] as const),
  name: f.optionalName(120),
});

/** The office may also invite into a board that does not exist yet ("new": this academic year's). */
export const staffInviteSchema = inviteSchema.extend({ boardId: z.union([z.literal("new"), f.pickedId()]) });

/** Member rows the next-board form shows at first; "Add a row" adds one more, up to NEXT_BOARD_MAX_ROWS. */
export const NEXT_BOARD_ROWS = 7;
/** As many rows as one board member may send invitations in an hour (each row is one). */
export const NEXT_BOARD_MAX_ROWS = INVITES_PER_INVITER_PER_HOUR;

/** How many member rows the form has: its hidden `rows` field (NEXT_BOARD_ROWS when absent or odd). */
export function nextBoardRows(values: Record<string, string>) {
  const n = Number(values.rows);
  return Number.isInteger(n) ? Math.min(Math.max(n, NEXT_BOARD_ROWS), NEXT_BOARD_MAX_ROWS) : NEXT_BOARD_ROWS;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Next board: a start date and `rows` member rows (email_1, name_1, position_1 ...). The start date
 * must lie after `today` and in a later academic year than the current board's (`currentYear`):
 * checked here, so it is reported together with every other error (the service checks it again).
 */
export function nextBoardSchema(a: { rows: number; today: string; currentYear: number | null; yearStart: string }) {
  const shape: Record<string, z.ZodType> = {
    startsOn: f
      .date()
      .refine((v) => !DAY.test(v) || v > a.today, errorKey("dateNotAfterCurrent"))
      .refine((v) => !DAY.test(v) || a.currentYear === null || academicYearOf(v, a.yearStart) > a.currentYear, errorKey("boardExists")),
  };
  for (let i = 1; i <= a.rows; i++) {
    shape[`email_${i}`] = f.optionalEmail();
    shape[`name_${i}`] = f.optionalName(120);
    shape[`position_${i}`] = z.string().optional();
  }
  const rows = Array.from({ length: a.rows }, (_, k) => k + 1);
  return z
    .object(shape)
    .superRefine(
      (v, ctx) => {
        let any = false;
        const seen = new Set<unknown>();
        for (const i of rows) {
          if (!v[`email_${i}`]) continue;
          any = true;
          // The same person twice: reported at the later row (not at an "email" field the form does not have).
          if (seen.has(v[`email_${i}`])) ctx.addIssue({ code: "custom", path: [`email_${i}`], message: errorKey("alreadyMember") });
          seen.add(v[`email_${i}`]);
          if (!(POSITIONS as readonly string[]).includes(String(v[`position_${i}`] ?? "")))
            ctx.addIssue({ code: "custom", path: [`position_${i}`], message: errorKey("invalidChoice") });
        }
        if (!any) ctx.addIssue({ code: "custom", path: ["email_1"], message: errorKey("required") });
      },
      // Also when a field failed: every error shows at once.
      { when: () => true },
    )
    .transform((v) => ({
      startsOn: v.startsOn as string,
      members: rows
        .filter((i) => v[`email_${i}`])
        .map((i) => ({
          email: v[`email_${i}`] as string,
          name: (v[`name_${i}`] as string | null) ?? null,
          position: v[`position_${i}`] as (typeof POSITIONS)[number],
        })),
    }));
}
