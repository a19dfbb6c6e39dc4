import type { Transporter } from "nodemailer";
import { HOUR, MINUTE } from "./core/clock.js";
import type { Deps } from "./core/http/context.js";
import { localDate } from "./core/i18n/index.js";
import { createWorker, type JobHandler, type Schedule } from "./core/jobs/queue.js";
import { deliverFromOutbox, markMailFailed } from "./core/mail/send.js";
import { applyRetention } from "./core/privacy.js";
import { sendDueNotices } from "./features/confidential-contact/service.js";
import { claimSizeFor, runSender } from "./features/mailing-campaigns/sender.js";
import { campaignTransport, heldTransport } from "./features/mailing-campaigns/transport.js";
import { askBoards } from "./features/mailing-list/service.js";
import { refreshSearch } from "./features/roadmap/service.js";
import { takeSnapshot } from "./features/social-safety/service.js";
import { remindReports } from "./features/subsidies/reminders.js";
import { sendReminders } from "./features/training-registrations/reminders.js";
import { expireOffers } from "./features/training-registrations/service.js";
import { passTimedMoments } from "./features/trainings/service.js";
import { privacyPolicy } from "./privacy.js";

/** Every job the portal runs, by name. */
export function jobHandlers(
  deps: Pick<Deps, "db" | "env" | "clock" | "catalogs"> & Partial<Pick<Deps, "log">>,
): Record<string, JobHandler> {
  const smtp = deps.env.SMTP_URL;
  // nodemailer is loaded with the first mail, to keep it out of the start-up.
  let transport: Promise<Transporter> | undefined;
  const transportFor = (url: string) => {
    transport ??= import("nodemailer").then((m) => m.default.createTransport(url));
    return transport;
  };
  const { rules } = privacyPolicy(deps.env);
  const mailDeps = { env: deps.env, catalogs: deps.catalogs, clock: deps.clock, log: deps.log };
  return {
    "mail.deliver": async (payload, job) => {
      const outboxId = String(payload.outboxId);
      try {
        if (!smtp) throw new Error("SMTP_URL is not set");
        await deliverFromOutbox(deps.db, await transportFor(smtp), deps.env, outboxId, deps.clock.now());
      } catch (err) {
        // The queue marks this job failed after its last attempt; the mail in the outbox too.
        if (job.attempts >= job.maxAttempts) await markMailFailed(deps.db, outboxId);
        throw err;
      }
    },
    // Listeners whose "new messages" mail the hourly limit held back get it once their hour is over.
    "contact.notices": async () => {
      await sendDueNotices(deps.db, mailDeps, deps.clock.now());
    },
    // Applies every retention rule of src/privacy.ts (the privacy page quotes the same rules).
    "retention.cleanup": async () => {
      await applyRetention(deps.db, rules, deps.clock.now(), deps.log);
    },
    "roadmap.reindex": () => deps.db.transaction((tx) => refreshSearch(tx)),
    // Where each organisation stands on social safety this academic year, for the office's chart over the years.
    "socialSafety.snapshot": async () => {
      const now = deps.clock.now();
      await takeSnapshot(deps.db, deps.env, localDate(now, deps.env.TIME_ZONE), now);
    },
    // Offers from a training's waiting list that lapsed pass to the next in line.
    "trainings.offers": async () => {
      await expireOffers(deps.db, mailDeps, deps.clock.now());
    },
    // Two days before a session, everyone confirmed gets a reminder with the date.
    "trainings.reminders": async () => {
      await sendReminders(deps.db, mailDeps, deps.clock.now());
    },
    // Boards whose subsidy report is due within a week, or overdue, are reminded (once each).
    "subsidies.reports": async () => {
      await remindReports(deps.db, mailDeps, deps.clock.now());
    },
    // The trainings' cached pages show "registration opens on …", "closed" and the dates to come:
    // when such a moment passed (in the last few minutes, so a late run misses none), they are dropped.
    // The mailing list: a board that took over and has not confirmed its organisation's update address is asked, once.
    "mailing.handover": async () => {
      await askBoards(deps.db, mailDeps, deps.clock.now());
    },
    "trainings.moments": async () => {
      const now = deps.clock.now();
      await passTimedMoments(deps.db, new Date(now.getTime() - 5 * MINUTE), now);
    },
    // Mailing-list campaigns: starts the scheduled ones and sends queued deliveries at the set rate,
    // for a turn of at most 15 s (other jobs run in between; the schedule brings it back).
    "mailing.send": async () => {
      // Without SMTP_URL each mail is held in the outbox (the dev mailbox shows it), like all mail.
      const transport = smtp ? await campaignTransport(smtp, deps.env.MAILING_SMTP_CONNECTIONS) : heldTransport(deps.db, mailDeps);
      await runSender({
        ...deps,
        transport,
        ratePerSecond: deps.env.MAILING_RATE_PER_SECOND,
        maxBatch: claimSizeFor(deps.env.MAILING_SMTP_CONNECTIONS),
        budgetMs: 15_000,
      });
    },
  };
}

export const schedules: Schedule[] = [
  { name: "retention.cleanup", everyMs: HOUR },
  { name: "contact.notices", everyMs: 5 * MINUTE },
  // Every edit refreshes the search data in its transaction (and the demo content is written with
  // it): the daily rebuild is a safety net, not needed at a fresh portal's start, where on the
  // embedded database it blocked requests for seconds.
  { name: "roadmap.reindex", everyMs: 24 * HOUR, firstAfterMs: 24 * HOUR },
  { name: "socialSafety.snapshot", everyMs: 24 * HOUR },
  { name: "trainings.offers", everyMs: MINUTE },
  { name: "trainings.reminders", everyMs: HOUR },
  { name: "trainings.moments", everyMs: MINUTE },
  { name: "subsidies.reports", everyMs: 24 * HOUR },
  { name: "mailing.send", everyMs: 5_000 },
  { name: "mailing.handover", everyMs: 24 * HOUR },
];

export const createAppWorker = (deps: Deps) =>
  createWorker({ db: deps.db, clock: deps.clock, log: deps.log, handlers: jobHandlers(deps), schedules });
