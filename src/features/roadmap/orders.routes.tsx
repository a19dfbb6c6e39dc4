import { asc, inArray } from "drizzle-orm";
import { z } from "zod";
import { boardOrgIds, requireStaff, today } from "../../core/auth/authorise.js";
import { MINUTE } from "../../core/clock.js";
import { AppError } from "../../core/errors.js";
import { type FieldErrors, type FormValues, formValues, parseForm, parseQuery } from "../../core/forms.js";
import type { Ctx } from "../../core/http/context.js";
import { type App, page } from "../../core/http/router.js";
import { clientIp } from "../../core/http/security.js";
import { render } from "../../core/views/render.js";
import { url } from "../../routes.js";
import { organisations } from "../organisations/schema.js";
import { toCsv } from "../organisations/service.js";
import { StaffNav } from "../staff/routes.js";
import {
  advanceOrder,
  confirmOrder,
  listOrders,
  ORDER_FILTERS,
  type OrderAction,
  orderForOffice,
  orderForToken,
  orderHistory,
  orderSchema,
  ordersCsvRows,
  orderTotals,
  placeOrder,
  REFERENCE_PATTERN,
  staffOrderSchema,
} from "./orders.js";
import { ConfirmInvalid, ConfirmPage, HONEYPOT, OrderForm, OrderPage, OrderSent, OrdersPage } from "./orders.views.js";

const WINDOW = 15 * MINUTE;
/** Order form POSTs per IP per 15 minutes (valid or not), and confirmation POSTs. */
export const ORDER_LIMIT_PER_IP = 10;
export const CONFIRM_LIMIT_PER_IP = 20;

function rateLimit(c: Ctx, key: string, limit: number) {
  if (!c.var.deps.limiter.hit(key, limit, WINDOW)) throw new AppError(429, "rate_limited");
}

/** The organisations whose current board the user sits on, by name. */
function currentOrgs(c: Ctx, userId: string) {
  const { db } = c.var.deps;
  return db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(inArray(organisations.id, boardOrgIds(db, userId, today(c))))
    .orderBy(asc(organisations.name));
}

const uuidParam = (c: Ctx) => {
  const v = c.req.param("id") ?? "";
  if (!/^[0-9a-f-]{36}$/i.test(v)) throw new AppError(404, "not_found");
  return v;
};

const listQuery = z.object({ status: z.enum(ORDER_FILTERS).catch("open").default("open") });

/** Printed roadmap orders (public form, confirmation, office queue). */
export function orderRoutes(app: App) {
  // ---------- ordering ----------

  const formPage = (c: Ctx, values: FormValues, errors?: FieldErrors) =>
    render(
      c,
      { title: c.var.t.orders.title, status: errors ? 422 : 200 },
      <OrderForm values={values} errors={errors} signedIn={Boolean(c.var.user)} />,
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
    rateLimit(c, `orders:ip:${clientIp(c)}`, ORDER_LIMIT_PER_IP);
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
    const order = await placeOrder(deps.db, deps, {
      input: form.data,
      lang,
      userId: user?.id ?? null,
      organisationId,
      now: deps.clock.now(),
    });
    return c.redirect(url(lang, "roadmapOrderSent", {}, user ? { ref: order.reference } : undefined), 303);
  });

  page(app, "GET", "roadmapOrderSent", (c) => {
    const ref = c.req.query("ref") ?? "";
    return render(
      c,
      { title: c.var.t.orders.sentTitle, noindex: true },
      <OrderSent reference={REFERENCE_PATTERN.test(ref) ? ref : null} />,
    );
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
    rateLimit(c, `orders-confirm:ip:${clientIp(c)}`, CONFIRM_LIMIT_PER_IP);
    const body = await c.req.parseBody();
    const token = typeof body.token === "string" ? body.token.slice(0, 100) : "";
    const order = token.length >= 20 ? await confirmOrder(deps.db, deps, token, deps.clock.now()) : null;
    if (!order) return render(c, { title: t.orders.invalidTitle, status: 404, noindex: true }, <ConfirmInvalid />);
    return c.redirect(url(lang, "roadmapOrderSent", {}, { ref: order.reference }), 303);
  });

  // ---------- the office ----------

  page(app, "GET", "staffOrders", async (c) => {
    requireStaff(c);
    const { t, deps } = c.var;
    const { status } = parseQuery(c, listQuery);
    const [orders, totals] = await Promise.all([listOrders(deps.db, status), orderTotals(deps.db)]);
    return render(
      c,
      { title: t.orders.staff.title, wide: true },
      <OrdersPage nav={<StaffNav c={c} />} orders={orders} totals={totals} filter={status} />,
    );
  });

  page(app, "GET", "staffOrdersCsv", async (c) => {
    requireStaff(c);
    const { t, lang, deps } = c.var;
    const { status } = parseQuery(c, listQuery);
    const orders = await listOrders(deps.db, status, 100_000);
    // Dutch Excel expects semicolons, English Excel commas.
    const csv = toCsv(ordersCsvRows(t, orders, deps.env.TIME_ZONE), lang === "nl" ? ";" : ",");
    return c.body(csv, 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${lang === "nl" ? "bestellingen" : "orders"}-${status}-${today(c)}.csv"`,
      "Cache-Control": "private, no-store",
    });
  });

  const orderPage = async (
    c: Ctx,
    id: string,
    opts: { status?: 200 | 409 | 422; values?: FormValues; errors?: FieldErrors; warning?: string } = {},
  ) => {
    const { t, deps } = c.var;
    const order = await orderForOffice(deps.db, id);
    if (!order) throw new AppError(404, "not_found");
    const history = await orderHistory(deps.db, id);
    const done = c.req.query("done");
    const notice = done === "preparing" || done === "sent" || done === "cancelled" ? t.orders.staff.done[done] : null;
    return render(
      c,
      { title: `${t.orders.staff.title}: ${order.reference}`, wide: true, status: opts.status ?? 200 },
      <OrderPage
        nav={<StaffNav c={c} />}
        order={order}
        history={history}
        notice={opts.status ? null : notice}
        warning={opts.warning}
        values={opts.values}
        errors={opts.errors}
      />,
    );
  };

  page(app, "GET", "staffOrder", async (c) => {
    requireStaff(c);
    return orderPage(c, uuidParam(c));
  });

  page(app, "POST", "staffOrder", async (c) => {
    const user = requireStaff(c);
    const { t, lang, deps } = c.var;
    const id = uuidParam(c);
    const form = await parseForm(c, staffOrderSchema);
    if (!form.ok) return orderPage(c, id, { status: 422, values: form.values, errors: form.errors });
    const action: OrderAction = form.data.action;
    const res = await advanceOrder(deps.db, deps, {
      actorId: user.id,
      orderId: id,
      action,
      reason: form.data.reason,
      now: deps.clock.now(),
    });
    if (res.result === "not_found") throw new AppError(404, "not_found");
    if (res.result === "wrong")
      return orderPage(c, id, { status: 409, warning: t.orders.staff.wrongStatus(t.orders.staff.statuses[res.order.status]) });
    // "unchanged" is a double click or a colleague who was quicker: show the order as it is.
    const done = res.result === "done" ? (action === "cancel" ? "cancelled" : action) : undefined;
    return c.redirect(url(lang, "staffOrder", { id }, { done }), 303);
  });
}
