import { z } from "zod";
import { f } from "../../core/forms.js";

export const STAFF_ROLES = ["staff", "admin"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const addAccountSchema = z.object({ email: f.email(), name: f.optionalName(120), role: f.choice(STAFF_ROLES) });
export const roleSchema = z.object({ role: f.choice(STAFF_ROLES) });
