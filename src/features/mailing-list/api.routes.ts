import { bodyLimit } from "hono/body-limit";
import { simpleParser } from "mailparser";
import { safeEqual, sha256 } from "../../core/crypto.js";
import type { Ctx } from "../../core/http/context.js";
import { isUuid } from "../../core/http/params.js";
import type { App } from "../../core/http/router.js";
import { webhookSchema } from "./forms.js";
import { ONE_CLICK_PATH, parseUnsubscribeSubject, recordBounce, unsubscribe } from "./service.js";

export const WEBHOOK_PATH = "/api/mailing/bounces";
export const MAILTO_PATH = "/api/inbound/mailing-unsubscribe";
const MAX_BYTES = 64 * 1024;

type Status = 200 | 202 | 400 | 401 | 404 | 413 | 422;
const json = (c: Ctx, status: Status, body: Record<string, string>) => c.json(body, status, { "Cache-Control": "no-store" });

/** A shared secret as `Authorization: Bearer <secret>` or Basic auth with it as the password; compared in constant time. */
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

/**
 * The mailing list's endpoints without cookies, registered before the CSRF check and sessions:
 * - `POST /api/mailing/unsubscribe/:id/:token`: the one-click unsubscribe of `List-Unsubscribe`
 *   (RFC 8058). The token (an HMAC of the subscription's id and token version) is the whole
 *   authorisation; no cookie, session or CSRF token. A GET is not answered (scanners follow links).
 * - `POST /api/mailing/bounces`: the mail provider's bounce and complaint webhook, JSON
 *   `{ "email": "…", "kind": "hard" | "soft" | "complaint" }`, with MAILING_WEBHOOK_SECRET (off, 404, when unset).
 * - `POST /api/inbound/mailing-unsubscribe`: the mailto unsubscribe, a raw message from the mail
 *   gateway (as the contact channel's inbound endpoint, INBOUND_SECRET); its subject names the subscription.
 */
export function mailingApiRoutes(app: App) {
  app.use(`${ONE_CLICK_PATH}/*`, bodyLimit({ maxSize: MAX_BYTES, onError: (c) => json(c as Ctx, 413, { error: "too_large" }) }));
  app.use(WEBHOOK_PATH, bodyLimit({ maxSize: MAX_BYTES, onError: (c) => json(c as Ctx, 413, { error: "too_large" }) }));
  app.use(MAILTO_PATH, bodyLimit({ maxSize: 512 * 1024, onError: (c) => json(c as Ctx, 413, { error: "too_large" }) }));

  app.post(`${ONE_CLICK_PATH}/:id/:token`, async (c) => {
    const { db, env, clock, log } = c.var.deps;
    const id = c.req.param("id").toLowerCase();
    const token = c.req.param("token");
    if (!isUuid(id) || !/^[A-Za-z0-9_-]{43}$/.test(token)) return json(c, 404, { error: "not_found" });
    const done = await unsubscribe(db, env, id, token, clock.now());
    if (!done) return json(c, 404, { error: "not_found" });
    if (done === "unsubscribed") log.info("mailing list: one-click unsubscribe");
    return json(c, 200, { status: "unsubscribed" });
  });

  app.post(WEBHOOK_PATH, async (c) => {
    const { db, env, clock, log } = c.var.deps;
    if (!env.MAILING_WEBHOOK_SECRET) return json(c, 404, { error: "not_found" });
    if (!authorised(c, env.MAILING_WEBHOOK_SECRET)) {
      c.header("WWW-Authenticate", 'Bearer realm="mailing"');
      return json(c, 401, { error: "unauthorised" });
    }
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return json(c, 400, { error: "invalid_json" });
    }
    const parsed = webhookSchema.safeParse(body);
    if (!parsed.success) return json(c, 422, { error: "invalid" });
    const result = await recordBounce(db, { ...parsed.data, source: "webhook" }, clock.now());
    if (result === "suspended") log.info("mailing list: an address was suspended after bounces");
    return json(c, 202, { status: result });
  });

  app.post(MAILTO_PATH, async (c) => {
    const { db, env, clock, log } = c.var.deps;
    if (!env.INBOUND_SECRET) return json(c, 404, { error: "not_found" });
    if (!authorised(c, env.INBOUND_SECRET)) {
      c.header("WWW-Authenticate", 'Basic realm="inbound"');
      return json(c, 401, { error: "unauthorised" });
    }
    const raw = Buffer.from(await c.req.arrayBuffer());
    if (!raw.length) return json(c, 400, { error: "empty" });
    let subject = "";
    try {
      subject =
        (await simpleParser(raw, { skipHtmlToText: true, skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true })).subject ?? "";
    } catch {
      return json(c, 400, { error: "unreadable" });
    }
    const named = parseUnsubscribeSubject(subject);
    if (!named) return json(c, 422, { error: "no_subscription" });
    const done = await unsubscribe(db, env, named.id, named.token, clock.now());
    if (!done) return json(c, 422, { error: "no_subscription" });
    log.info("mailing list: unsubscribed by mail");
    return json(c, 202, { status: "unsubscribed" });
  });
}
