import { AppError } from "../errors.js";
import type { Ctx, SessionUser } from "../http/context.js";
import { localDate } from "../i18n/index.js";

/** No session: the error handler redirects to sign-in and back. */
export function requireUser(c: Ctx): SessionUser {
  const user = c.var.user;
  if (!user) throw new AppError(401, "signin");
  return user;
}

/** Office staff (or, with "admin", administrators only); anyone else gets a 403. */
export function requireStaff(c: Ctx, role: "staff" | "admin" = "staff"): SessionUser {
  const user = requireUser(c);
  if (!user.staffRole || (role === "admin" && user.staffRole !== "admin")) throw new AppError(403, "forbidden");
  return user;
}

/** Today's date in the configured time zone, by the app's clock. */
export const today = (c: Ctx) => localDate(c.var.deps.clock.now(), c.var.deps.env.TIME_ZONE);
