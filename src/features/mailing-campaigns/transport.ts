import type { Transporter } from "nodemailer";
import type { Lang } from "../../core/i18n/index.js";
import { type MailDeps, sendRenderedMail } from "../../core/mail/send.js";
import type { Db } from "../../db/index.js";

const pools = new Map<string, Promise<Transporter>>();

/**
 * The campaigns' SMTP transport: nodemailer's pool (`connections` connections kept open, each
 * carrying many messages), one per SMTP_URL for the process; loaded with the first campaign.
 */
export function campaignTransport(smtpUrl: string, connections: number): Promise<Transporter> {
  const key = `${smtpUrl}#${connections}`;
  let t = pools.get(key);
  if (!t) {
    t = import("nodemailer").then((m) => {
      const u = new URL(smtpUrl);
      u.searchParams.set("pool", "true");
      u.searchParams.set("maxConnections", String(connections));
      u.searchParams.set("maxMessages", "100000");
      // A minute of silence ends a connection, well inside the sender's 10-minute lease.
      u.searchParams.set("socketTimeout", "60000");
      return m.default.createTransport(u.toString());
    });
    pools.set(key, t);
  }
  return t;
}

/** What the sender hands a transport for one campaign mail (nodemailer ignores `lang`). */
export type CampaignMail = {
  from: string;
  to: string;
  lang: Lang;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
};

/**
 * Without SMTP_URL (the demo, a newcomer's `npm start`): each campaign mail goes into the outbox
 * as a `held` row, like every other mail without SMTP (core/mail/send.tsx), so the dev mailbox
 * shows it; the delivery then counts as sent (handed over) and the campaign completes.
 */
export function heldTransport(db: Db, deps: MailDeps) {
  const held = { ...deps, env: { ...deps.env, SMTP_URL: undefined } };
  return {
    async sendMail(m: CampaignMail) {
      await sendRenderedMail(db, held, {
        to: m.to,
        lang: m.lang,
        template: "mailing.campaign",
        subject: m.subject,
        html: m.html,
        text: m.text,
        headers: m.headers,
      });
    },
  };
}
