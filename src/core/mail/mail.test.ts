import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { simpleParser } from "mailparser";
import pino from "pino";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testDatabase } from "../../../test/helpers/db.js";
import { catalogs } from "../../catalogs.js";
import { type Env, loadEnv } from "../../env.js";
import { jobHandlers } from "../../jobs.js";
import { TestClock } from "../clock.js";
import type { Lang } from "../i18n/index.js";
import { backoffMs, createWorker, enqueue } from "../jobs/queue.js";
import { jobs } from "../jobs/schema.js";
import { outbox } from "./schema.js";
import { type MailTemplate, markMailFailed, sendMail } from "./send.js";

// --- a real SMTP server in this process -------------------------------------------------------

type Received = { mailFrom: string; rcptTo: string[]; raw: string };
const received: Received[] = [];
/** When set, the server refuses every recipient with this (temporary) error. */
let refuse: string | null = null;

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onRcptTo(address, _session, callback) {
    if (!refuse) return callback();
    // Like real servers, the reply names the refused address.
    callback(Object.assign(new Error(`<${address.address}>: ${refuse}`), { responseCode: 450 }));
  },
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on("data", (c: Buffer) => chunks.push(c));
    stream.on("end", () => {
      received.push({
        mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
        rcptTo: session.envelope.rcptTo.map((r) => r.address),
        raw: Buffer.concat(chunks).toString("utf8"),
      });
      callback();
    });
  },
});

// --- just enough MIME to read what arrived -----------------------------------------------------

type Part = { headers: Record<string, string>; body: string };

function splitHeaders(raw: string): Part {
  const at = raw.search(/\r?\n\r?\n/);
  const head = at < 0 ? raw : raw.slice(0, at);
  const body = at < 0 ? "" : raw.slice(at).replace(/^\r?\n\r?\n/, "");
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

function qpBytes(s: string) {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const hex = s.slice(i + 1, i + 3);
    if (s[i] === "=" && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      out.push(Number.parseInt(hex, 16));
      i += 2;
    } else out.push(s.charCodeAt(i));
  }
  return Buffer.from(out);
}

/** RFC 2047 encoded words (=?UTF-8?Q?...?= / =?UTF-8?B?...?=), as nodemailer writes non-ASCII headers. */
const decodeHeader = (v: string) =>
  v
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?[^?]+\?([bBqQ])\?([^?]*)\?=/g, (_, enc: string, data: string) =>
      enc.toUpperCase() === "B" ? Buffer.from(data, "base64").toString("utf8") : qpBytes(data.replace(/_/g, " ")).toString("utf8"),
    );

function decodeBody(p: Part) {
  const cte = (p.headers["content-transfer-encoding"] ?? "7bit").toLowerCase();
  if (cte === "quoted-printable") return qpBytes(p.body.replace(/=\r?\n/g, "")).toString("utf8");
  if (cte === "base64") return Buffer.from(p.body.replace(/\s+/g, ""), "base64").toString("utf8");
  return p.body;
}

function leafParts(p: Part): { type: string; content: string }[] {
  const ct = p.headers["content-type"] ?? "text/plain";
  const boundary = ct.match(/boundary="?([^";]+)"?/i)?.[1];
  if (/^multipart\//i.test(ct) && boundary) {
    return p.body
      .split(`--${boundary}`)
      .slice(1)
      .filter((s) => !s.startsWith("--"))
      .flatMap((s) => leafParts(splitHeaders(s.replace(/^\r?\n/, "").replace(/\r?\n$/, ""))));
  }
  return [{ type: ct.split(";")[0]!.trim().toLowerCase(), content: decodeBody(p) }];
}

function parseMail(m: Received) {
  const top = splitHeaders(m.raw);
  const parts = leafParts(top);
  const of = (type: string) => {
    const found = parts.filter((p) => p.type === type);
    expect(found, type).toHaveLength(1);
    return found[0]!.content;
  };
  return {
    headers: top.headers,
    to: decodeHeader(top.headers.to ?? ""),
    subject: decodeHeader(top.headers.subject ?? ""),
    contentType: top.headers["content-type"] ?? "",
    parts,
    text: () => of("text/plain"),
    html: () => of("text/html"),
  };
}

// --- fixtures ----------------------------------------------------------------------------------

const BASE = "https://vangnet.example.org";
const START = "2026-11-23T10:00:00Z";

const ctx = {} as {
  db: Awaited<ReturnType<typeof testDatabase>>["db"];
  clock: TestClock;
  log: pino.Logger;
  logs: string[];
  env: Env;
};
const ready = testDatabase();
let smtpUrl = "";

beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
});

beforeEach(async () => {
  const database = await ready;
  await database.reset();
  received.length = 0;
  refuse = null;
  const logs: string[] = [];
  Object.assign(ctx, {
    db: database.db,
    clock: new TestClock(new Date(START)),
    log: pino({ level: "info" }, { write: (line: string) => logs.push(line) }),
    logs,
    env: loadEnv({ NODE_ENV: "test", BASE_URL: BASE, SMTP_URL: smtpUrl, MAIL_FROM: "Vangnet <no-reply@vangnet.example.org>" }),
  });
}, 60_000);

afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await (await ready).close();
});

/** A mail like the portal's invitations: a subject with the organisation's (non-ASCII) name and a sign-in button. */
type Invite = { orgName: string; link: string };
const inviteMail: MailTemplate<Invite> = (t, d) => ({
  subject: t.invitations.mail.subject(d.orgName),
  heading: t.auth.mailHeading,
  paragraphs: [t.invitations.mail.ignore],
  action: { label: t.invitations.mail.button, url: d.link },
  after: [t.auth.mailIgnore],
});

// A long link with characters that quoted-printable and HTML both have to encode.
const linkFor = (lang: Lang) => `${BASE}/${lang}/sign-in/link?token=${"Ab9-_".repeat(14)}&next=%2F${lang}%2Fmy`;

const send = (to: string, lang: Lang, opts: { env?: Env; db?: typeof ctx.db; sensitive?: boolean } = {}) =>
  sendMail(
    opts.db ?? ctx.db,
    { env: opts.env ?? ctx.env, catalogs, log: ctx.log, clock: ctx.clock },
    {
      to,
      lang,
      template: "test.invite",
      render: inviteMail,
      data: { orgName: "Café Ölfjörd", link: linkFor(lang) },
      sensitive: opts.sensitive,
    },
  );

const worker = (env: Env = ctx.env) =>
  createWorker({ db: ctx.db, clock: ctx.clock, log: ctx.log, handlers: jobHandlers({ db: ctx.db, env, clock: ctx.clock, catalogs }) });

const outboxRow = async (id: string) => (await ctx.db.select().from(outbox).where(eq(outbox.id, id)))[0]!;
const deliverJobs = () => ctx.db.select().from(jobs).where(eq(jobs.name, "mail.deliver"));

// --- tests -------------------------------------------------------------------------------------

describe("sendMail", () => {
  it("writes one pending outbox row and one delivery job in the caller's transaction", async () => {
    const id = await ctx.db.transaction(async (tx) => send("someone@example.org", "en", { db: tx as unknown as typeof ctx.db }));
    const rows = await ctx.db.select().from(outbox);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id,
      to: "someone@example.org",
      lang: "en",
      template: "test.invite",
      status: "pending",
      attempts: 0,
      subject: "Invitation to the board of Café Ölfjörd",
    });
    const js = await deliverJobs();
    expect(js).toHaveLength(1);
    expect(js[0]).toMatchObject({ status: "queued", payload: { outboxId: id }, maxAttempts: 8, attempts: 0 });
    // Due now on the worker's clock.
    expect(js[0]!.runAt.getTime()).toBe(new Date(START).getTime());
  });

  it("leaves neither an outbox row nor a job when the transaction rolls back", async () => {
    await expect(
      ctx.db.transaction(async (tx) => {
        await send("someone@example.org", "en", { db: tx as unknown as typeof ctx.db });
        expect(await tx.select().from(outbox)).toHaveLength(1);
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect(await ctx.db.select().from(outbox)).toHaveLength(0);
    expect(await ctx.db.select().from(jobs)).toHaveLength(0);
  });

  it("holds the mail without a job when SMTP_URL is not set", async () => {
    const env = loadEnv({ NODE_ENV: "test", BASE_URL: BASE });
    const id = await send("someone@example.org", "nl", { env });
    expect((await outboxRow(id)).status).toBe("held");
    expect(await ctx.db.select().from(jobs)).toHaveLength(0);
    // Nothing to deliver, and nothing logged outside development.
    expect(await worker(env).tick()).toBe(0);
    expect(received).toHaveLength(0);
    expect(ctx.logs).toEqual([]);
  });

  it("logs a one-line summary with the address masked in development without SMTP_URL", async () => {
    const env = loadEnv({ NODE_ENV: "development", BASE_URL: BASE });
    await send("someone@example.org", "nl", { env });
    expect(ctx.logs).toHaveLength(1);
    const line = ctx.logs[0]!;
    const { msg } = JSON.parse(line) as { msg: string };
    expect(msg).toBe('mail held (no SMTP_URL) to s***@example.org: "Uitnodiging voor het bestuur van Café Ölfjörd", see /nl/dev/mail');
    expect(line).not.toContain("someone@");
    expect(line).not.toContain("token=");
    expect(line.trim()).not.toContain("\n");
  });

  it("puts the action link in both the plain text and the HTML", async () => {
    const id = await send("someone@example.org", "en");
    const row = await outboxRow(id);
    const link = linkFor("en");
    expect(row.text).toContain(`View the invitation: ${link}`);
    expect(row.html).toContain(`href="${link.replaceAll("&", "&amp;")}"`);
    expect(row.html).toContain('<html lang="en">');
  });
});

describe("delivery over SMTP", () => {
  it("delivers text and HTML in the recipient's language and marks the outbox row sent", async () => {
    const en = await send("someone@example.org", "en");
    const nl = await send("iemand@example.org", "nl");
    expect(await worker().tick()).toBe(2);
    expect(received).toHaveLength(2);

    for (const [id, to, lang] of [
      [en, "someone@example.org", "en"],
      [nl, "iemand@example.org", "nl"],
    ] as const) {
      const got = received.find((r) => r.rcptTo.includes(to));
      expect(got, to).toBeDefined();
      expect(got!.rcptTo).toEqual([to]);
      expect(got!.mailFrom).toBe("no-reply@vangnet.example.org");
      const mail = parseMail(got!);
      expect(mail.to).toBe(to);
      expect(mail.headers.from).toContain("no-reply@vangnet.example.org");
      expect(mail.contentType).toMatch(/^multipart\/alternative/);
      expect(mail.parts.map((p) => p.type).sort()).toEqual(["text/html", "text/plain"]);
      const text = mail.text();
      const html = mail.html();
      const link = linkFor(lang);
      if (lang === "en") {
        expect(mail.subject).toBe("Invitation to the board of Café Ölfjörd");
        expect(text).toContain("Sign in to Vangnet");
        expect(text).toContain(`View the invitation: ${link}`);
        expect(html).toContain("Did you not ask for this?");
      } else {
        expect(mail.subject).toBe("Uitnodiging voor het bestuur van Café Ölfjörd");
        expect(text).toContain("Inloggen bij Vangnet");
        expect(text).toContain(`Uitnodiging bekijken: ${link}`);
        expect(html).toContain("Heb je dit niet aangevraagd?");
      }
      expect(html).toContain(`<html lang="${lang}">`);
      expect(html).toContain(`href="${link.replaceAll("&", "&amp;")}"`);
      expect(text).not.toContain("<");

      const row = await outboxRow(id);
      expect(row).toMatchObject({ status: "sent", attempts: 1, lastError: null });
      expect(row.sentAt?.getTime()).toBe(ctx.clock.now().getTime());
    }
    expect((await deliverJobs()).every((j) => j.status === "done")).toBe(true);
  });

  it("sends the outbox row's extra headers as given (threading, Reply-To), read back with mailparser", async () => {
    const headers = {
      "Message-ID": "<reply-2.contact@vangnet.example.org>",
      "In-Reply-To": "<root.contact@vangnet.example.org>",
      References: "<root.contact@vangnet.example.org> <answer-1@example.org>",
      "Reply-To": "reply+0123abcd@mail.vangnet.example.org",
    };
    const id = await sendMail(
      ctx.db,
      { env: ctx.env, catalogs, clock: ctx.clock },
      {
        to: "someone@example.org",
        lang: "en",
        template: "test.invite",
        render: inviteMail,
        data: { orgName: "X", link: linkFor("en") },
        headers,
      },
    );
    expect((await outboxRow(id)).headers).toEqual(headers);
    // A mail without extra headers stores none.
    expect((await outboxRow(await send("other@example.org", "en"))).headers).toEqual({});
    expect(await worker().tick()).toBe(2);
    const mail = await simpleParser(received.find((r) => r.rcptTo.includes("someone@example.org"))!.raw);
    expect(mail.messageId).toBe(headers["Message-ID"]);
    expect(mail.inReplyTo).toBe(headers["In-Reply-To"]);
    expect(mail.references).toEqual(["<root.contact@vangnet.example.org>", "<answer-1@example.org>"]);
    expect(mail.replyTo?.value[0]?.address).toBe("reply+0123abcd@mail.vangnet.example.org");
    // Exactly one Message-ID: ours replaced the one nodemailer would have made.
    expect(received.find((r) => r.rcptTo.includes("someone@example.org"))!.raw.match(/^Message-ID:/gim)).toHaveLength(1);
    expect(mail.text).toContain("View the invitation");
  });

  it("delivers the outbox row's attachments (a calendar) as sent, read back with mailparser", async () => {
    const ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nPRODID:-//test//EN\r\nEND:VCALENDAR\r\n";
    const attachments = [{ filename: "invite.ics", contentType: "text/calendar; charset=utf-8; method=REQUEST", content: ics }];
    await sendMail(
      ctx.db,
      { env: ctx.env, catalogs, clock: ctx.clock },
      {
        to: "invited@example.org",
        lang: "en",
        template: "test.invite",
        render: inviteMail,
        data: { orgName: "X", link: linkFor("en") },
        attachments,
      },
    );
    expect(await worker().tick()).toBe(1);
    const mail = await simpleParser(received.find((r) => r.rcptTo.includes("invited@example.org"))!.raw);
    expect(mail.attachments.map((a) => [a.filename, a.contentType, a.content.toString("utf8")])).toEqual([
      ["invite.ics", "text/calendar", ics],
    ]);
    expect(mail.text).toContain("View the invitation");
  });

  it("refuses a header that would split the mail (a line break in a value, an odd name)", async () => {
    const base = { to: "someone@example.org", lang: "en" as const, template: "t", render: inviteMail, data: { orgName: "X", link: "x" } };
    const deps = { env: ctx.env, catalogs };
    await expect(sendMail(ctx.db, deps, { ...base, headers: { "Reply-To": "a@b.c\r\nBcc: victim@example.org" } })).rejects.toThrow();
    await expect(sendMail(ctx.db, deps, { ...base, headers: { "Bad Name:": "x" } })).rejects.toThrow();
    expect(await ctx.db.select().from(outbox)).toHaveLength(0);
  });

  it("blanks the body of a mail with a secret once it is sent, and only then", async () => {
    const secret = await send("someone@example.org", "en", { sensitive: true });
    const plain = await send("other@example.org", "en");
    // While the server refuses, the secret stays in the outbox to be retried.
    refuse = "mailbox busy";
    expect(await worker().tick()).toBe(2);
    expect(await outboxRow(secret)).toMatchObject({ status: "pending", sensitive: true });
    expect((await outboxRow(secret)).text).toContain(linkFor("en"));
    refuse = null;
    ctx.clock.advance(backoffMs(1));
    expect(await worker().tick()).toBe(2);
    // The recipient got the link; the outbox keeps the envelope only.
    const got = parseMail(received.find((r) => r.rcptTo.includes("someone@example.org"))!);
    expect(got.text()).toContain(`View the invitation: ${linkFor("en")}`);
    const row = await outboxRow(secret);
    expect(row).toMatchObject({ status: "sent", text: "", html: "", subject: "Invitation to the board of Café Ölfjörd" });
    expect(row.sentAt).not.toBeNull();
    // Mail without a secret keeps its body until the retention period ends.
    expect((await outboxRow(plain)).text).toContain(linkFor("en"));
  });

  it("keeps a held mail with a secret readable (the dev mailbox is how people sign in locally)", async () => {
    const env = loadEnv({ NODE_ENV: "test", BASE_URL: BASE });
    const id = await send("someone@example.org", "en", { env, sensitive: true });
    expect(await worker(env).tick()).toBe(0);
    expect(await outboxRow(id)).toMatchObject({ status: "held", sensitive: true });
    expect((await outboxRow(id)).text).toContain(linkFor("en"));
  });

  it("does not send a mail twice when a delivery job runs again", async () => {
    const id = await send("someone@example.org", "en");
    await worker().tick();
    expect(received).toHaveLength(1);
    await enqueue(ctx.db, "mail.deliver", { outboxId: id }, { runAt: ctx.clock.now() });
    expect(await worker().tick()).toBe(1);
    expect(received).toHaveLength(1);
    expect((await outboxRow(id)).attempts).toBe(1);
  });

  it("retries with backoff when the server refuses, then delivers once it accepts", async () => {
    const id = await send("someone@example.org", "en");
    const w = worker();
    refuse = "Mailbox temporarily unavailable";
    expect(await w.tick()).toBe(1);
    expect(received).toHaveLength(0);

    let [job] = await deliverJobs();
    expect(job!.status).toBe("queued");
    expect(job!.attempts).toBe(1);
    expect(job!.runAt.getTime()).toBe(ctx.clock.now().getTime() + backoffMs(1));
    expect(job!.lastError).toContain("Mailbox temporarily unavailable");
    let row = await outboxRow(id);
    expect(row.status).toBe("pending");
    expect(row.attempts).toBe(1);
    expect(row.lastError).toContain("Mailbox temporarily unavailable");
    // The log says a job failed, without the recipient's address.
    expect(ctx.logs.some((l) => l.includes("job failed"))).toBe(true);
    expect(ctx.logs.join("\n")).not.toContain("someone@example.org");
    expect(ctx.logs.join("\n")).toContain("s***@example.org");

    // The server works again, but the job waits for its backoff.
    refuse = null;
    ctx.clock.advance(backoffMs(1) - 1);
    expect(await w.tick()).toBe(0);
    expect(received).toHaveLength(0);
    ctx.clock.advance(1);
    expect(await w.tick()).toBe(1);
    expect(received).toHaveLength(1);
    expect(parseMail(received[0]!).subject).toBe("Invitation to the board of Café Ölfjörd");

    [job] = await deliverJobs();
    expect(job).toMatchObject({ status: "done", attempts: 2, lastError: null });
    row = await outboxRow(id);
    expect(row).toMatchObject({ status: "sent", attempts: 2, lastError: null });
  });

  it("gives up after the last attempt and marks the job and the outbox row failed", async () => {
    const id = await send("someone@example.org", "en");
    const w = worker();
    refuse = "Mailbox full";
    for (let attempt = 1; attempt <= 8; attempt++) {
      expect(await w.tick(), `attempt ${attempt}`).toBe(1);
      const row = await outboxRow(id);
      expect(row.attempts).toBe(attempt);
      expect(row.status).toBe(attempt < 8 ? "pending" : "failed");
      ctx.clock.advance(backoffMs(attempt));
    }
    const [job] = await deliverJobs();
    expect(job).toMatchObject({ status: "failed", attempts: 8 });
    expect(job!.lastError).toContain("Mailbox full");
    expect((await outboxRow(id)).lastError).toContain("Mailbox full");

    // Nothing more happens, even once the server would accept it.
    refuse = null;
    ctx.clock.advance(24 * 3_600_000);
    expect(await w.tick()).toBe(0);
    expect(received).toHaveLength(0);
    expect((await outboxRow(id)).status).toBe("failed");
  });

  it("never marks a sent mail failed", async () => {
    const id = await send("someone@example.org", "en");
    await worker().tick();
    await markMailFailed(ctx.db, id);
    expect((await outboxRow(id)).status).toBe("sent");
    const held = await send("other@example.org", "en", { env: loadEnv({ NODE_ENV: "test", BASE_URL: BASE }) });
    await markMailFailed(ctx.db, held);
    expect((await outboxRow(held)).status).toBe("failed");
  });
});
