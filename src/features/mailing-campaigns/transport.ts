import type { Transporter } from "nodemailer";

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
      return m.default.createTransport(u.toString());
    });
    pools.set(key, t);
  }
  return t;
}
