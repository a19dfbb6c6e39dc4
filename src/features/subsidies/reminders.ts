import { and, inArray, isNotNull, isNull, or } from "drizzle-orm";
import { localDate } from "../../core/i18n/index.js";
import type { MailDeps } from "../../core/mail/send.js";
import type { Db } from "../../db/index.js";
import { addDays, mailAbout, REPORTABLE } from "./applications.js";
import { subsidyApplications } from "./schema.js";
import { lockApplication } from "./service.js";

/** How long before the report's due date the board is reminded. */
export const REPORT_REMINDER_DAYS = 7;

/** When the report is due: as the office set it on approval, else SUBSIDY_REPORT_WEEKS after the activity's last day. */
export function reportDueOf(app: { reportDue: string | null; endsOn: string | null }, reportWeeks: number) {
  return app.reportDue ?? (app.endsOn ? addDays(app.endsOn, reportWeeks * 7) : null);
}

/**
 * Mails the board of each approved (or held) application without a report: once when the report
 * is due within a week, and once more when it is overdue (`reportRemindedAt` says which were
 * sent: a reminder on or before the due date was the first). The daily `subsidies.reports` job
 * runs it; a repeated run sends nothing twice. Returns how many mails went out (per application).
 */
export async function remindReports(db: Db, deps: MailDeps, now: Date) {
  const { env } = deps;
  const today = localDate(now, env.TIME_ZONE);
  const candidates = await db
    .select({ id: subsidyApplications.id })
    .from(subsidyApplications)
    .where(
      and(
        inArray(subsidyApplications.status, [...REPORTABLE]),
        isNull(subsidyApplications.reportSubmittedAt),
        or(isNotNull(subsidyApplications.reportDue), isNotNull(subsidyApplications.endsOn)),
      ),
    );
  let sent = 0;
  for (const { id } of candidates) {
    sent += await db.transaction(async (tx) => {
      const app = await lockApplication(tx, id);
      if (!app || !REPORTABLE.includes(app.status) || app.reportSubmittedAt) return 0;
      const due = reportDueOf(app, env.SUBSIDY_REPORT_WEEKS);
      if (!due) return 0;
      const reminded = app.reportRemindedAt ? localDate(app.reportRemindedAt, env.TIME_ZONE) : null;
      const event =
        today > due
          ? !reminded || reminded <= due
            ? "reportOverdue"
            : null
          : addDays(today, REPORT_REMINDER_DAYS) >= due && !reminded
            ? "reportDue"
            : null;
      if (!event) return 0;
      await tx
        .update(subsidyApplications)
        .set({ reportRemindedAt: now })
        .where(inArray(subsidyApplications.id, [app.id]));
      await mailAbout(tx, deps, app, event, now, due);
      return 1;
    });
  }
  return sent;
}
