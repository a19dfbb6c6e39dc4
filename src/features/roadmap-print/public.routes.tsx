import { today } from "../../core/auth/authorise.js";
import { MINUTE } from "../../core/clock.js";
import { contentVersion } from "../../core/content/versions.js";
import { type FieldErrors, type FormValues, formValues, parseForm } from "../../core/forms.js";
import type { Ctx } from "../../core/http/context.js";
import { etagMatches } from "../../core/http/etag.js";
import { clientKey, type RateRule, rateLimit } from "../../core/http/ratelimit.js";
import { type App, page } from "../../core/http/router.js";
import { render } from "../../core/views/render.js";
import { url } from "../../routes.js";
import { currentOrganisationsOf } from "../organisations/service.js";
import { publicDirectory, ROADMAP } from "../roadmap/service.js";
import type { PdfFormat } from "./pdf.js";
import { PdfCache, pdfEtag } from "./pdf-cache.js";
import { confirmOrder, orderForStatusToken, orderForToken, orderSchema, placeOrder, REFERENCE_PATTERN } from "./service.js";
import { ConfirmInvalid, ConfirmPage, HONEYPOT, OrderForm, OrderSent, OrderStatusPage } from "./views.js";

/** Order form POSTs per client network per 15 minutes (valid or not), and confirmation POSTs. */
export const ORDER_LIMIT = { name: "orders-ip", limit: 10, windowMs: 15 * MINUTE } satisfies RateRule;
export const CONFIRM_LIMIT = { name: "orders-confirm-ip", limit: 20, windowMs: 15 * MINUTE } satisfies RateRule;

/** The organisations whose current board the user sits on, by name. */
const currentOrgs = (c: Ctx, userId: string) => currentOrganisationsOf(c.var.deps.db, userId, today(c));

/** The printable roadmap (PDF) and the order form for printed copies, with its confirmation: for anyone. */
export function printPublicRoutes(app: App) {
  // ---------- the PDF ----------

  const cache = new PdfCache();
  page(
    app,
    "GET",
    "roadmapPdf",
    async (c: Ctx) => {
      const { lang, deps, t } = c.var;
      const format: PdfFormat = c.req.query("format") === "a5" ? "a5" : "a4";
      const { version } = await contentVersion(deps.db, ROADMAP);
      const etag = pdfEtag(version, lang, format);
      const headers = {
        ETag: etag,
        // Always revalidate: an edit of the roadmap shows up at once, an unchanged one costs a 304.
        "Cache-Control": "no-cache",
      };
      if (etagMatches(c.req.header("if-none-match"), etag)) return c.body(null, 304, headers);
      const bytes = await cache.get(version, `${lang}:${format}`, async () => {
        // pdfkit is loaded on first use, to keep it out of the portal's start-up.
        const { roadmapPdf } = await import("./pdf.js");
        return roadmapPdf(await publicDirectory(deps.db), { lang, format, env: deps.env });
      });
      return c.body(new Uint8Array(bytes), 200, {
        ...headers,
        "Content-Type": "application/pdf",
        "Content-Disposition": `inline; filename="${t.orders.pdf.fileName}-${format}.pdf"`,
        "Content-Length": String(bytes.length),
      });
    },
    { cache: { capability: ROADMAP, params: ["format"], shared: true } },
  );

  // ---------- ordering ----------

  const formPage = (c: Ctx, values: FormValues, errors?: FieldErrors) =>
    render(
      c,
      { title: c.var.t.orders.title, status: errors ? 422 : 200 },
      <OrderForm values={values} errors={errors} accountEmail={c.var.user?.email ?? null} />,
    );

  page(app, "GET", "roadmapOrder", async (c) => {
    const user = c.var.user;
    const values: FormValues = { quantityNl: "0", quantityEn: "0", country: "NL" };
    if (user) {
      const [org] = await currentOrgs(c, user.id);
      Object.assign(values, { email: user.email, contactName: user.name ?? "", organisationName: org?.name ?? "" });
    }
    return formPage(c, values);
  });

  page(app, "POST", "roadmapOrder", async (c) => {
    const { deps, lang, user } = c.var;
    await rateLimit(c, ORDER_LIMIT, clientKey(c));
    const raw = await formValues(c);
    // A filled-in honeypot is a bot: it gets the same thank-you page, and nothing is stored or sent.
    if ((raw[HONEYPOT] ?? "").trim() !== "") {
      deps.log.info({ req: c.var.requestId }, "order form honeypot filled in; ignored");
      return c.redirect(url(lang, "roadmapOrderSent"), 303);
    }
    const { [HONEYPOT]: _, ...kept } = raw;
    const form = await parseForm(c, orderSchema);
    if (!form.ok) return formPage(c, kept, form.errors);
    let organisationId: string | null = null;
    if (user) {
      const name = form.data.organisationName.toLowerCase();
      organisationId = (await currentOrgs(c, user.id)).find((o) => o.name.trim().toLowerCase() === name)?.id ?? null;
    }
    // Only the account's own address skips the mailed confirmation; any other address confirms first.
    const order = await placeOrder(deps.db, deps, {
      input: form.data,
      lang,
      userId: user?.id ?? null,
      accountEmail: user?.email ?? "",
      organisationId,
      now: deps.clock.now(),
    });
    const placed = order.status === "new";
    return c.redirect(url(lang, "roadmapOrderSent", {}, placed ? { ref: order.reference } : undefined), 303);
  });

  // With a reference the order reached the office (thanks); without one it waits for the mailed link.
  page(app, "GET", "roadmapOrderSent", (c) => {
    const ref = c.req.query("ref") ?? "";
    const reference = REFERENCE_PATTERN.test(ref) ? ref : null;
    const { orders } = c.var.t;
    return render(c, { title: reference ? orders.sentTitle : orders.checkMailTitle, noindex: true }, <OrderSent reference={reference} />);
  });

  // The receipt's link: where the order stands. A GET that changes nothing; the token can't be guessed.
  page(app, "GET", "roadmapOrderStatus", async (c) => {
    const { t, deps } = c.var;
    c.header("Referrer-Policy", "no-referrer");
    c.header("Cache-Control", "no-store");
    const order = await orderForStatusToken(deps.db, deps.env.SESSION_SECRET, (c.req.query("token") ?? "").slice(0, 200));
    if (!order)
      return render(
        c,
        { title: t.orders.status.invalidTitle, status: 404, noindex: true },
        <div class="narrow">
          <h1>{t.orders.status.invalidTitle}</h1>
          <p>{t.orders.status.invalidBody}</p>
        </div>,
      );
    return render(c, { title: t.orders.status.title(order.reference), noindex: true }, <OrderStatusPage order={order} />);
  });

  // The link in the mail only shows a button: mail scanners that follow links cannot confirm.
  page(app, "GET", "roadmapOrderConfirm", async (c) => {
    const { t, deps } = c.var;
    c.header("Referrer-Policy", "no-referrer");
    c.header("Cache-Control", "no-store");
    const token = c.req.query("token") ?? "";
    const order = token.length >= 20 && token.length <= 100 ? await orderForToken(deps.db, token, deps.clock.now()) : null;
    if (!order) return render(c, { title: t.orders.invalidTitle, status: 404, noindex: true }, <ConfirmInvalid />);
    return render(c, { title: t.orders.confirmTitle, noindex: true }, <ConfirmPage order={order} token={token} />);
  });

  page(app, "POST", "roadmapOrderConfirm", async (c) => {
    const { t, lang, deps } = c.var;
    c.header("Referrer-Policy", "no-referrer");
    await rateLimit(c, CONFIRM_LIMIT, clientKey(c));
    const body = await c.req.parseBody();
    const token = typeof body.token === "string" ? body.token.slice(0, 100) : "";
    const order = token.length >= 20 ? await confirmOrder(deps.db, deps, token, deps.clock.now()) : null;
    if (!order) return render(c, { title: t.orders.invalidTitle, status: 404, noindex: true }, <ConfirmInvalid />);
    return c.redirect(url(lang, "roadmapOrderSent", {}, { ref: order.reference }), 303);
  });
}
