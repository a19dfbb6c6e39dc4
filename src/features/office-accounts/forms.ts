import { z } from "zod";
import { f } from "../../core/forms.js";

export const STAFF_ROLES = ["staff", "admin"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const addAccountSchema = z.object({
  email: f.email(),
  name: f.optionalName(120),
  role: f.choice(STAFF_ROLES),
  // Sent by the confirmation page for an existing account: its id and the role it was shown with.
  confirmId: z.uuid().optional().catch(undefined),
  confirmRole: z
    .enum(["none", ...STAFF_ROLES])
    .optional()
    .catch(undefined),
});
export const roleSchema = z.object({ role: f.choice(STAFF_ROLES) });
