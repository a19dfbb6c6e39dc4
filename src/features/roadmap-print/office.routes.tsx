import { z } from "zod";
import { requireStaff, today } from "../../core/auth/authorise.js";
import { csvResponse } from "../../core/csv.js";
import { notFound } from "../../core/errors.js";
import { type FieldErrors, type FormValues, parseForm, parseQuery } from "../../core/forms.js";
import type { Ctx } from "../../core/http/context.js";
import { idParam } from "../../core/http/params.js";
import { type App, page } from "../../core/http/router.js";
import type { OfficeSection } from "../../core/office/shell.js";
import { OfficeNav } from "../../core/office/views.js";
import { pageCount } from "../../core/views/pagination.js";
import { render } from "../../core/views/render.js";
import { url } from "../../routes.js";
import type { OrderStatus } from "./schema.js";
import {
  advanceOrder,
  listOrders,
  ORDER_FILTERS,
  type OrderAction,
  OrderStatusConflict,
  orderForOffice,
  orderHistory,
  ordersCsvRows,
  orderTotals,
  staffOrderSchema,
} from "./service.js";
import { OrderPage, OrdersPage } from "./views.js";

const listQuery = z.object({
  status: z.enum(ORDER_FILTERS).catch("open").default("open"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});
const PER_PAGE = 50;

/** The print-order queue in the office navigation. */
export const ordersOffice: OfficeSection = {
  nav: [{ route: "staffOrders", label: (t) => t.orders.staff.nav, order: 50 }],
  auditActions: (t) => t.orders.staff.actions,
  /** Orders the office still has to send: new ones and those being prepared. */
  async summary(c) {
    const { t, lang, deps } = c.var;
    const { total } = await listOrders(deps.db, "open", { page: 1, perPage: 1 });
    return [{ text: t.orders.staff.toSend(total), href: url(lang, "staffOrders") }];
  },
  auditFields(t) {
    const f = t.orders.staff.auditFields;
    const statuses = t.orders.staff.statuses;
    return {
      roadmap_print_order: {
        status: { label: f.status, value: (v) => (statuses[v as OrderStatus] ?? String(v)).toLowerCase() },
        quantityNl: { label: f.quantityNl },
        quantityEn: { label: f.quantityEn },
        reason: { label: f.reason },
      },
    };
  },
};

/** The office's queue of printed-copy orders: the list, the CSV for the post room, one order's steps (office staff). */
export function printOfficeRoutes(app: App) {
  page(app, "GET", "staffOrders", async (c) => {
    requireStaff(c);
    const { t, deps } = c.var;
    const { status, page: p } = parseQuery(c, listQuery);
    const [orders, totals] = await Promise.all([listOrders(deps.db, status, { page: p, perPage: PER_PAGE }), orderTotals(deps.db)]);
    return render(
      c,
      { title: t.orders.staff.title, wide: true },
      <OrdersPage
        nav={<OfficeNav />}
        orders={orders.rows}
        total={orders.total}
        page={p}
        pages={pageCount(orders.total, PER_PAGE)}
        totals={totals}
        filter={status}
      />,
    );
  });

  page(app, "GET", "staffOrdersCsv", async (c) => {
    requireStaff(c);
    const { t, lang, deps } = c.var;
    const { status } = parseQuery(c, listQuery);
    const { rows: orders } = await listOrders(deps.db, status, { page: 1, perPage: 100_000 });
    return csvResponse(
      c,
      `${lang === "nl" ? "bestellingen" : "orders"}-${status}-${today(c)}`,
      ordersCsvRows(t, orders, deps.env.TIME_ZONE),
    );
  });

  const orderPage = async (
    c: Ctx,
    id: string,
    opts: { status?: 200 | 409 | 422; values?: FormValues; errors?: FieldErrors; warning?: string } = {},
  ) => {
    const { t, deps } = c.var;
    const order = await orderForOffice(deps.db, id);
    if (!order) throw notFound();
    const history = await orderHistory(deps.db, id);
    const done = c.req.query("done");
    const notice = done === "preparing" || done === "sent" || done === "cancelled" ? t.orders.staff.done[done] : null;
    return render(
      c,
      { title: `${t.orders.staff.title}: ${order.reference}`, wide: true, status: opts.status ?? 200 },
      <OrderPage
        nav={<OfficeNav />}
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
    return orderPage(c, idParam(c));
  });

  page(app, "POST", "staffOrder", async (c) => {
    const user = requireStaff(c);
    const { t, lang, deps } = c.var;
    const id = idParam(c);
    const form = await parseForm(c, staffOrderSchema);
    if (!form.ok) return orderPage(c, id, { status: 422, values: form.values, errors: form.errors });
    const action: OrderAction = form.data.action;
    let res: Awaited<ReturnType<typeof advanceOrder>>;
    try {
      res = await advanceOrder(deps.db, deps, { actorId: user.id, orderId: id, action, reason: form.data.reason, now: deps.clock.now() });
    } catch (err) {
      if (err instanceof OrderStatusConflict)
        return orderPage(c, id, { status: 409, warning: t.orders.staff.wrongStatus(t.orders.staff.statuses[err.order.status]) });
      throw err;
    }
    if (!res) throw notFound();
    // Unchanged is a double click or a colleague who was quicker: show the order as it is.
    const done = res.changed ? (action === "cancel" ? "cancelled" : action) : undefined;
    return c.redirect(url(lang, "staffOrder", { id }, { done }), 303);
  });
}
