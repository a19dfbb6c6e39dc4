import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import { MINUTE } from "../../core/clock.js";
import { AppError, notFound } from "../../core/errors.js";
import { type FieldErrors, type FormValues, fieldErrorOf, parseForm, parseQuery } from "../../core/forms.js";
import type { Ctx } from "../../core/http/context.js";
import { idParam } from "../../core/http/params.js";
import { clientKey, type RateRule, rateLimit } from "../../core/http/ratelimit.js";
import { type App, page } from "../../core/http/router.js";
import { LANGS } from "../../core/i18n/index.js";
import { render } from "../../core/views/render.js";
import { ROUTES } from "../../routes.js";
import { receiptHash } from "./crypto.js";
import { consentSchema, returnSchema, returnWriteSchema, writeSchema } from "./forms.js";
import { contactTarget, conversationForReceipt, setConsent, startConversation, studentConversation, studentWrites } from "./service.js";
import { ReceiptPage, ReturnPage, ThreadPage, WritePage } from "./views.js";

/** New conversations per client network per hour. */
export const CONTACT_WRITE_LIMIT = { name: "contact-write-ip", limit: 10, windowMs: 60 * MINUTE } satisfies RateRule;
/** Receipt POSTs (open, write, consent) per client network per 15 minutes, and per receipt. */
export const CONTACT_RETURN_LIMIT = { name: "contact-return-ip", limit: 30, windowMs: 15 * MINUTE } satisfies RateRule;
export const CONTACT_RECEIPT_LIMIT = { name: "contact-receipt", limit: 20, windowMs: 15 * MINUTE } satisfies RateRule;
/** The student's forms are small: a body larger than this is refused before it is read (413). */
export const CONTACT_MAX_BODY_BYTES = 64 * 1024;

/** The body limit for the student's pages; `createApp` registers it before CSRF, next to the site-wide one. */
export function contactBodyLimit(app: App) {
  const limit = bodyLimit({
    maxSize: CONTACT_MAX_BODY_BYTES,
    onError: (c) => {
      c.header("Connection", "close");
      throw new AppError(413, "too_large");
    },
  });
  for (const lang of LANGS) app.use(`/${lang}${ROUTES.contactReturn[lang].replace(/\/[^/]+$/, "")}/*`, limit);
}

/** Never kept by a browser or proxy, never indexed; no referrer leaves these pages. */
const privatePage = (c: Ctx) => {
  c.header("Cache-Control", "no-store");
  c.header("Referrer-Policy", "no-referrer");
};

const chosenQuery = z.object({ listener: z.uuid().optional().catch(undefined) });
const stepOf = (values: FormValues) => z.enum(["open", "write", "consent"]).catch("open").parse(values.step);

/**
 * The student's side, without an account: write to an organisation's listeners (the receipt is
 * shown once, on the answer to that POST), and come back with the receipt to read and write more.
 * The receipt is only ever in a POST body (a hidden field of the thread's forms), never in a URL.
 */
export function contactPublicRoutes(app: App) {
  const writePage = async (c: Ctx, orgId: string, values?: FormValues, errors?: FieldErrors) => {
    const { deps, t } = c.var;
    const target = await contactTarget(deps.db, orgId, deps.clock.now());
    if (!target) throw notFound();
    return render(
      c,
      { title: t.contact.write.title(target.org.name), status: errors ? 422 : 200, noindex: true },
      <WritePage org={target.org} hasListeners={target.hasListeners} listeners={target.listeners} values={values} errors={errors} />,
    );
  };

  // The return page is registered first: its path would otherwise read as an organisation's id.
  page(app, "GET", "contactReturn", (c) => {
    privatePage(c);
    return render(c, { title: c.var.t.contact.back.title, noindex: true }, <ReturnPage />);
  });

  page(app, "POST", "contactReturn", async (c) => {
    privatePage(c);
    const { deps, t } = c.var;
    await rateLimit(c, CONTACT_RETURN_LIMIT, clientKey(c));
    const opened = await parseForm(c, returnSchema);
    if (!opened.ok)
      return render(
        c,
        { title: t.contact.back.title, status: 422, noindex: true },
        <ReturnPage values={{ receipt: opened.values.receipt ?? "" }} errors={opened.errors} />,
      );
    const receipt = opened.data.receipt;
    const hash = await receiptHash(deps.env, receipt);
    await rateLimit(c, CONTACT_RECEIPT_LIMIT, `receipt:${hash}`);
    const conv = await conversationForReceipt(deps.db, hash);
    // An unknown receipt and a wrong one get the same answer.
    if (!conv)
      return render(
        c,
        { title: t.contact.back.notFoundTitle, status: 404, noindex: true },
        <ReturnPage notFound values={{ receipt: "" }} />,
      );
    const now = deps.clock.now();
    const thread = async (notice?: string | null, values?: FormValues, errors?: FieldErrors) => {
      const fresh = (await conversationForReceipt(deps.db, hash)) ?? conv;
      return render(
        c,
        { title: t.contact.thread.title, status: errors ? 422 : 200, noindex: true },
        <ThreadPage
          receipt={receipt}
          thread={await studentConversation(deps.db, deps, fresh, now)}
          notice={notice}
          values={values}
          errors={errors}
        />,
      );
    };
    const step = stepOf(opened.values);
    if (step === "write") {
      const form = await parseForm(c, returnWriteSchema);
      if (!form.ok) return thread(null, form.values, form.errors);
      try {
        await studentWrites(deps.db, deps, conv, form.data.message, now);
      } catch (err) {
        const errors = fieldErrorOf(c, err);
        if (errors) return thread(null, form.values, errors);
        throw err;
      }
      return thread(t.contact.thread.sent);
    }
    if (step === "consent") {
      const form = await parseForm(c, consentSchema);
      if (form.ok) await setConsent(deps.db, conv, form.data.consent === "yes");
      return thread(null);
    }
    return thread(null);
  });

  page(app, "GET", "contactListeners", async (c) => {
    privatePage(c);
    const orgId = idParam(c, "orgId");
    // From a listener's card on the public page: that listener chosen (an unknown id leaves the team).
    const { listener } = parseQuery(c, chosenQuery);
    return writePage(c, orgId, { lang: c.var.lang, listener: listener ?? "" });
  });

  page(app, "POST", "contactListeners", async (c) => {
    privatePage(c);
    const orgId = idParam(c, "orgId");
    const { deps, t } = c.var;
    await rateLimit(c, CONTACT_WRITE_LIMIT, clientKey(c));
    const form = await parseForm(c, writeSchema);
    if (!form.ok) return writePage(c, orgId, form.values, form.errors);
    let sent: Awaited<ReturnType<typeof startConversation>>;
    try {
      sent = await startConversation(deps.db, deps, { orgId, ...form.data }, deps.clock.now());
    } catch (err) {
      const errors = fieldErrorOf(c, err);
      if (errors) return writePage(c, orgId, form.values, errors);
      throw err;
    }
    if (!sent) throw notFound();
    // The receipt is shown on this answer only: it is stored as a hash and never in a URL.
    return render(
      c,
      { title: t.contact.receipt.title, noindex: true },
      <ReceiptPage receipt={sent.receipt} deleteAfter={sent.deleteAfter} />,
    );
  });
}
