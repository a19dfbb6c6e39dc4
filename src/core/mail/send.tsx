import { and, eq, ne } from "drizzle-orm";
import type { Child } from "hono/jsx";
import { raw } from "hono/utils/html";
import type { Logger } from "pino";
import type { Db } from "../../db/index.js";
import { insertMany } from "../../db/insert-many.js";
import type { Env } from "../../env.js";
import type { Clock } from "../clock.js";
import { maskEmail } from "../crypto.js";
import type { Catalogs, Lang, Messages } from "../i18n/index.js";
import { enqueueMany } from "../jobs/queue.js";
import { escaped } from "../views/escape.js";
import { type MailAttachment, outbox } from "./schema.js";

/** What a mail says; one renderer turns it into HTML and plain text alike. */
export type MailContent = {
  subject: string;
  heading: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  after?: string[];
};

export type MailTemplate<D> = (t: Messages, data: D, env: Env) => MailContent;

const Para = ({ text }: { text: string }) => <p style="font-size:16px;line-height:1.5;margin:0 0 12px">{text}</p>;
const Action = ({ label, url }: { label: string; url: string }) => (
  <p style="margin:24px 0">
    <a href={url} style="background:#0a5c4f;color:#fff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block">
      {label}
    </a>
  </p>
);
const After = ({ text }: { text: string }) => <p style="font-size:14px;line-height:1.5;color:#555;margin:0 0 8px">{text}</p>;

/** The mail's HTML; `body` (the frame's marker) stands in for the paragraphs, the action and the lines after it. */
export function MailHtml({ c, lang, office, email, body }: { c: MailContent; lang: Lang; office: string; email: string; body?: Child }) {
  const font = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif";
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width" />
        <title>{c.subject}</title>
      </head>
      <body style={`margin:0;padding:24px;background:#f5f5f2;${font};color:#1d1d1b`}>
        <div style="max-width:560px;margin:0 auto;background:#fff;padding:24px;border-radius:8px">
          <h1 style="font-size:20px;margin:0 0 16px">{c.heading}</h1>
          {body ?? (
            <>
              {c.paragraphs.map((p) => (
                <Para text={p} />
              ))}
              {c.action && <Action label={c.action.label} url={c.action.url} />}
              {c.after?.map((p) => (
                <After text={p} />
              ))}
            </>
          )}
        </div>
        <p style="max-width:560px;margin:16px auto;font-size:12px;color:#666">
          {office} · {email}
        </p>
      </body>
    </html>
  );
}

// ---------- the mail's HTML from frames ----------

/**
 * Where a frame's per-mail texts go. No mail text holds a NUL (form input and catalogs don't), and
 * a frame whose markers don't come out exactly once each is not used.
 */
const MARK = { a: "\u0000a\u0000", b: "\u0000b\u0000", body: "\u0000body\u0000" };

/** Renders `node` with markers and cuts it at them, in this order; null when they don't come out once each, in order. */
function cut(node: Child, marks: string[]): string[] | null {
  const html = String(node);
  const parts: string[] = [];
  let from = 0;
  for (const mark of marks) {
    const at = html.indexOf(mark, from);
    if (at < 0) return null;
    parts.push(html.slice(from, at));
    from = at + mark.length;
  }
  parts.push(html.slice(from));
  return parts.some((p) => p.includes("\u0000")) ? null : parts;
}

type MailFrame = { page: string[]; para: string[]; action: string[]; after: string[] };
const mailFrames = new Map<string, MailFrame | null>();

/**
 * The mail's layout and its pieces (a paragraph, the action, a line after it), rendered once per
 * language, office name and address, with markers where each mail's texts go. A group of
 * registrations writes a thousand mails at once: rendering each whole with hono/jsx cost about
 * 65 µs a mail (200 µs before the code is warm), filling the frame a few.
 */
export function mailFrame(lang: Lang, office: string, email: string): MailFrame | null {
  const key = `${lang}\u0000${office}\u0000${email}`;
  let frame = mailFrames.get(key);
  if (frame === undefined) {
    const c = { subject: MARK.a, heading: MARK.b, paragraphs: [] };
    const page = cut(<MailHtml c={c} lang={lang} office={office} email={email} body={raw(MARK.body)} />, [MARK.a, MARK.b, MARK.body]);
    const para = cut(<Para text={MARK.a} />, [MARK.a]);
    const action = cut(<Action label={MARK.b} url={MARK.a} />, [MARK.a, MARK.b]);
    const after = cut(<After text={MARK.a} />, [MARK.a]);
    frame = page && para && action && after ? { page, para, action, after } : null;
    if (mailFrames.size >= 100) mailFrames.clear();
    mailFrames.set(key, frame);
  }
  return frame;
}

/** The mail's HTML document, byte for byte what rendering `MailHtml` whole gives. */
export function mailHtml(c: MailContent, lang: Lang, office: string, email: string) {
  const f = mailFrame(lang, office, email);
  if (!f) return `<!doctype html>${(<MailHtml c={c} lang={lang} office={office} email={email} />).toString()}`;
  let body = "";
  for (const p of c.paragraphs) body += f.para[0] + escaped(p) + f.para[1];
  if (c.action) body += f.action[0] + escaped(c.action.url) + f.action[1] + escaped(c.action.label) + f.action[2];
  for (const p of c.after ?? []) body += f.after[0] + escaped(p) + f.after[1];
  return `<!doctype html>${f.page[0]}${escaped(c.subject)}${f.page[1]}${escaped(c.heading)}${f.page[2]}${body}${f.page[3]}`;
}

export function renderMail(c: MailContent, lang: Lang, env: Env) {
  const office = lang === "nl" ? env.OFFICE_NAME_NL : env.OFFICE_NAME_EN;
  const html = mailHtml(c, lang, office, env.OFFICE_EMAIL);
  const text = [
    c.heading,
    "",
    ...c.paragraphs.flatMap((p) => [p, ""]),
    ...(c.action ? [`${c.action.label}: ${c.action.url}`, ""] : []),
    ...(c.after ?? []).flatMap((p) => [p, ""]),
    "--",
    `${office} · ${env.OFFICE_EMAIL}`,
  ].join("\n");
  return { subject: c.subject, html, text };
}

/**
 * `catalogs` give the template its language's messages; `clock` (when given) sets when the
 * delivery job is due, so it agrees with the worker's clock.
 */
export type MailDeps = { env: Env; catalogs: Catalogs; log?: Logger; clock?: Clock };

/** One mail: to whom, in which language, its template and the data it is rendered from. */
export type MailMessage<D> = {
  to: string;
  lang: Lang;
  template: string;
  render: MailTemplate<D>;
  data: D;
  /** The mail carries a secret (a sign-in or confirmation link): its body is blanked once sent. */
  sensitive?: boolean;
  /** Files sent with it (a calendar invitation, `.ics`). */
  attachments?: MailAttachment[];
  /**
   * Extra headers, sent as given: threading (`Message-ID`, `In-Reply-To`, `References`, each
   * `<id@host>`), `Reply-To`. Names and values must be plain ASCII without line breaks.
   */
  headers?: Record<string, string>;
};

/**
 * The one way to send mail: renders in the recipient's language and writes it to the outbox in
 * the caller's transaction. A job delivers it when SMTP_URL is set; otherwise it is held (and, in
 * development, shown at /dev/mail).
 */
export async function sendMail<D>(db: Db, deps: MailDeps, msg: MailMessage<D>) {
  const [id] = await sendMails(db, deps, [msg]);
  return id!;
}

/**
 * `sendMail` for several mails at once: one insert into the outbox (and one for their delivery
 * jobs) however many there are, for a transaction that holds a lock while it writes them.
 */
export async function sendMails<D>(db: Db, deps: MailDeps, msgs: MailMessage<D>[]) {
  if (!msgs.length) return [];
  const deliver = Boolean(deps.env.SMTP_URL);
  const rows = msgs.map((msg) => {
    const content = msg.render(deps.catalogs[msg.lang], msg.data, deps.env);
    const { subject, html, text } = renderMail(content, msg.lang, deps.env);
    return {
      to: msg.to,
      lang: msg.lang,
      subject,
      html,
      text,
      template: msg.template,
      sensitive: msg.sensitive ?? false,
      attachments: msg.attachments ?? [],
      headers: safeHeaders(msg.headers ?? {}),
      status: deliver ? ("pending" as const) : ("held" as const),
    };
  });
  // One statement with one parameter however many mails (a group of registrations writes dozens).
  const ids = (await insertMany(db, outbox, rows, ["id"])).map((r) => String(r.id));
  if (deliver)
    await enqueueMany(
      db,
      ids.map((outboxId) => ({ name: "mail.deliver", payload: { outboxId }, opts: { maxAttempts: 8, runAt: deps.clock?.now() } })),
    );
  // (The line is made only when it will be written: a group of registrations holds a thousand mails.)
  else if (deps.env.NODE_ENV === "development" && deps.log?.isLevelEnabled("info"))
    for (const r of rows) deps.log?.info(`mail held (no SMTP_URL) to ${maskEmail(r.to)}: "${r.subject}", see /nl/dev/mail`);
  return ids;
}

const HEADER_NAME = /^[A-Za-z][A-Za-z0-9-]{0,63}$/;
/** A programmer error (a 500) rather than a header that splits the mail: no line breaks, no odd names. */
function safeHeaders(headers: Record<string, string>) {
  for (const [name, value] of Object.entries(headers))
    if (!HEADER_NAME.test(name) || /[\r\n]/.test(value) || value.length > 2000) throw new Error(`mail header ${name} is not allowed`);
  return headers;
}

/** After the last delivery attempt: the mail will not be sent (unless it already was). */
export async function markMailFailed(db: Db, outboxId: string) {
  await db
    .update(outbox)
    .set({ status: "failed" })
    .where(and(eq(outbox.id, outboxId), ne(outbox.status, "sent")));
}

export async function deliverFromOutbox(
  db: Db,
  transport: { sendMail(m: object): Promise<unknown> },
  env: Env,
  outboxId: string,
  now: Date,
) {
  const [m] = await db.select().from(outbox).where(eq(outbox.id, outboxId));
  if (!m || m.status === "sent") return;
  try {
    await transport.sendMail({
      from: env.MAIL_FROM,
      to: m.to,
      subject: m.subject,
      html: m.html,
      text: m.text,
      ...(m.attachments.length ? { attachments: m.attachments } : {}),
      // Our own Message-ID (threading) replaces the one nodemailer would make up.
      ...(Object.keys(m.headers).length ? { headers: m.headers } : {}),
    });
    // A sent secret need not stay in the outbox: its body goes, the envelope stays for the record.
    await db
      .update(outbox)
      .set({ status: "sent", sentAt: now, attempts: m.attempts + 1, lastError: null, ...(m.sensitive ? { html: "", text: "" } : {}) })
      .where(eq(outbox.id, m.id));
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await db
      .update(outbox)
      .set({ attempts: m.attempts + 1, lastError: message.slice(0, 500) })
      .where(eq(outbox.id, m.id));
    throw err;
  }
}

/**
 * A mail rendered elsewhere (a mailing-list campaign: Markdown the office wrote, sanitised), into
 * the outbox like `sendMail`'s: held without SMTP_URL, else delivered by a job.
 */
export async function sendRenderedMail(
  db: Db,
  deps: MailDeps,
  m: { to: string; lang: Lang; template: string; subject: string; html: string; text: string; headers?: Record<string, string> },
) {
  const deliver = Boolean(deps.env.SMTP_URL);
  const [row] = await db
    .insert(outbox)
    .values({ ...m, headers: safeHeaders(m.headers ?? {}), status: deliver ? "pending" : "held" })
    .returning({ id: outbox.id });
  if (deliver)
    await enqueueMany(db, [{ name: "mail.deliver", payload: { outboxId: row!.id }, opts: { maxAttempts: 8, runAt: deps.clock?.now() } }]);
  return row!.id;
}
