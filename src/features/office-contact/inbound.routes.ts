import { bodyLimit } from "hono/body-limit";
import { type AddressObject, simpleParser } from "mailparser";
import { safeEqual, sha256 } from "../../core/crypto.js";
import type { Ctx } from "../../core/http/context.js";
import type { App } from "../../core/http/router.js";
import { receiveReply, tokenFromAddress } from "./service.js";

export const INBOUND_PATH = "/api/inbound/contact";
/** A reply is text; a larger message (attachments) is refused before it is read. */
export const INBOUND_MAX_BYTES = 512 * 1024;

const json = (c: Ctx, status: 202 | 400 | 401 | 404 | 413 | 422, body: Record<string, string>) =>
  c.json(body, status, { "Cache-Control": "no-store" });

/** The shared secret, as `Authorization: Bearer <secret>` or Basic auth with it as the password; compared in constant time. */
function authorised(c: Ctx, secret: string) {
  const header = c.req.header("authorization") ?? "";
  let given = "";
  if (/^bearer /i.test(header)) given = header.slice(7).trim();
  else if (/^basic /i.test(header)) {
    const decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
    given = decoded.slice(decoded.indexOf(":") + 1);
  }
  return safeEqual(sha256(given), sha256(secret));
}

const addressesOf = (v: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(v) ? v : v ? [v] : []).flatMap((a) => a.value.map((x) => x.address ?? ""));

/**
 * `POST /api/inbound/contact`: a raw RFC 822 message from the mail gateway (see README, "Replies
 * by mail"). Before CSRF and sessions (no cookies); off (404) unless INBOUND_SECRET and
 * OFFICE_REPLY_ADDRESS are set. The token in a recipient address (To, Cc, Delivered-To,
 * X-Original-To) names the conversation; its plain text, quoted history trimmed, is appended.
 */
export function inboundRoutes(app: App) {
  app.use(INBOUND_PATH, bodyLimit({ maxSize: INBOUND_MAX_BYTES, onError: (c) => json(c as Ctx, 413, { error: "too_large" }) }));
  app.post(INBOUND_PATH, async (c) => {
    const { env, db, clock, log } = c.var.deps;
    if (!env.INBOUND_SECRET || !env.OFFICE_REPLY_ADDRESS) return json(c, 404, { error: "not_found" });
    if (!authorised(c, env.INBOUND_SECRET)) {
      c.header("WWW-Authenticate", 'Basic realm="inbound"');
      return json(c, 401, { error: "unauthorised" });
    }
    const raw = Buffer.from(await c.req.arrayBuffer());
    if (!raw.length) return json(c, 400, { error: "empty" });
    let mail: Awaited<ReturnType<typeof simpleParser>>;
    try {
      mail = await simpleParser(raw, { skipHtmlToText: false, skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
    } catch {
      return json(c, 400, { error: "unreadable" });
    }
    // An out-of-office or other automatic answer does not reopen a conversation.
    const auto = String(mail.headers.get("auto-submitted") ?? "no").toLowerCase();
    if (auto !== "no") return json(c, 202, { status: "ignored" });
    const header = (name: string) => {
      const v = mail.headers.get(name);
      return typeof v === "string" ? [v.replace(/^.*<([^>]+)>.*$/, "$1")] : [];
    };
    const recipients = [...addressesOf(mail.to), ...addressesOf(mail.cc), ...header("delivered-to"), ...header("x-original-to")];
    const token = recipients.map((a) => tokenFromAddress(env, a)).find((t) => t);
    if (!token) return json(c, 422, { error: "no_conversation" });
    const text = (mail.text ?? "").trim();
    if (!text) return json(c, 400, { error: "no_text" });
    const messageId = mail.messageId && mail.messageId.length <= 500 ? mail.messageId : null;
    const id = await receiveReply(db, { token, body: text, messageId, now: clock.now() });
    if (!id) return json(c, 422, { error: "no_conversation" });
    log.info("contact: a reply by mail was added to a conversation");
    return json(c, 202, { status: "appended" });
  });
}
