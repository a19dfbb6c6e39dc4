import nodemailer from "nodemailer";
import { HOUR } from "./core/clock.js";
import type { Deps } from "./core/http/context.js";
import { createWorker, type JobHandler, type Schedule } from "./core/jobs/queue.js";
import { deliverFromOutbox } from "./core/mail/send.js";
import { cleanupAuth } from "./features/auth/service.js";

/** Every job the portal runs, by name. */
export function jobHandlers(deps: Pick<Deps, "db" | "env" | "clock">): Record<string, JobHandler> {
  const transport = deps.env.SMTP_URL ? nodemailer.createTransport(deps.env.SMTP_URL) : null;
  return {
    "mail.deliver": async (payload) => {
      if (!transport) throw new Error("SMTP_URL is not set");
      await deliverFromOutbox(deps.db, transport, deps.env, String(payload.outboxId), deps.clock.now());
    },
    "auth.cleanup": () => cleanupAuth(deps.db, deps.clock.now()),
  };
}

export const schedules: Schedule[] = [{ name: "auth.cleanup", everyMs: HOUR }];

export const createAppWorker = (deps: Deps) =>
  createWorker({ db: deps.db, clock: deps.clock, log: deps.log, handlers: jobHandlers(deps), schedules });
