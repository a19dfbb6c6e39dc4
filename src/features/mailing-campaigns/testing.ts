import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import type { Lang } from "../../core/i18n/index.js";
import type { Db } from "../../db/index.js";
import { type MailingTopic, mailingSubscriptions } from "../mailing-list/schema.js";

/** Test and bench helpers (no route or job imports this file). */

/** `n` confirmed subscribers (`sub-<i>@example.org`, alternating nl/en), inserted in chunks. */
export async function addSubscribers(
  db: Db,
  n: number,
  opts: {
    topics?: MailingTopic[];
    orgId?: string | null;
    status?: "confirmed" | "pending" | "unsubscribed";
    prefix?: string;
    now?: Date;
  } = {},
) {
  const now = opts.now ?? new Date();
  const ids: string[] = [];
  for (let start = 0; start < n; start += 5000) {
    const rows = Array.from({ length: Math.min(5000, n - start) }, (_, k) => {
      const i = start + k;
      return {
        email: `${opts.prefix ?? "sub"}-${i}@example.org`,
        orgId: opts.orgId ?? null,
        lang: (i % 2 ? "en" : "nl") as Lang,
        topics: opts.topics ?? (["news"] as MailingTopic[]),
        status: opts.status ?? ("confirmed" as const),
        consentVersion: "test",
        confirmedAt: now,
        createdAt: now,
        updatedAt: now,
      };
    });
    const inserted = await db.insert(mailingSubscriptions).values(rows).returning({ id: mailingSubscriptions.id });
    ids.push(...inserted.map((r) => r.id));
  }
  return ids;
}

/** A message as it reached the sink: the envelope and the headers that matter here. */
export type Sunk = { to: string; messageId: string; headers: Map<string, string>; raw?: string; at: number };

/**
 * An SMTP server in this process that keeps what it receives (optionally the whole message):
 * `sink.received` in arrival order. Listens on a free port of 127.0.0.1.
 */
export async function smtpSink(opts: { keepRaw?: boolean } = {}) {
  const received: Sunk[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    maxClients: 100,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const at = raw.search(/\r?\n\r?\n/);
        const head = (at < 0 ? raw : raw.slice(0, at)).replace(/\r?\n[ \t]+/g, " ");
        const headers = new Map<string, string>();
        for (const line of head.split(/\r?\n/)) {
          const colon = line.indexOf(":");
          if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
        }
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address).join(","),
          messageId: headers.get("message-id") ?? "",
          headers,
          at: performance.now(),
          ...(opts.keepRaw ? { raw } : {}),
        });
        callback();
      });
    },
  });
  // A sender killed mid-conversation resets its connections: that is expected here, not a crash.
  server.on("error", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    received,
    port,
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
