import type { Child } from "hono/jsx";
import type { FieldErrors, FormValues } from "../../core/forms.js";
import { formatDate, formatDateTime } from "../../core/i18n/index.js";
import { AuditTable } from "../../core/office/views.js";
import { usePage } from "../../core/views/context.js";
import { ErrorSummary, Form, Input, Notice, Select, Submit, TextArea } from "../../core/views/forms.js";
import { Pagination } from "../../core/views/pagination.js";
import { url } from "../../routes.js";
import type { OrderStatus } from "./schema.js";
import {
  actionsFrom,
  addressLine,
  countryOptions,
  ORDER_FILTERS,
  type Order,
  type OrderFilter,
  type orderHistory,
  type orderTotals,
} from "./service.js";

/** The form's honeypot: hidden from people and screen readers, so only bots fill it in. */
export const HONEYPOT = "website";

type FormProps = { values?: FormValues; errors?: FieldErrors };

function ErrorText({ id, error }: { id: string; error?: string }) {
  const { t } = usePage();
  if (!error) return null;
  return (
    <p class="field-error" id={id}>
      <span class="visually-hidden">{t.errors.prefix} </span>
      {error}
    </p>
  );
}

/**
 * The two quantities as one group: the total's error belongs to the group (on the fieldset, with
 * both inputs marked invalid and described by it), a single field's error to its input.
 */
function QuantityFields({ values, errors }: FormProps) {
  const { t } = usePage();
  const o = t.orders;
  const groupError = errors?.quantity;
  const field = (name: "quantityNl" | "quantityEn", label: string) => {
    const own = errors?.[name];
    const describedBy = ["f-quantity-hint", groupError ? "f-quantity-error" : "", own ? `f-${name}-error` : ""].filter(Boolean).join(" ");
    return (
      <div class={own ? "field has-error" : "field"}>
        <label for={`f-${name}`}>{label}</label>
        <ErrorText id={`f-${name}-error`} error={own} />
        <input
          id={`f-${name}`}
          name={name}
          type="text"
          inputmode="numeric"
          autocomplete="off"
          value={values?.[name] ?? "0"}
          aria-invalid={own || groupError ? "true" : undefined}
          aria-describedby={describedBy}
          class="input w-s"
        />
      </div>
    );
  };
  return (
    <fieldset id="f-quantity" class={groupError ? "has-error" : undefined} tabindex={-1}>
      <legend>{o.legends.quantity}</legend>
      <p class="hint" id="f-quantity-hint">
        {o.fields.quantityHint}
      </p>
      <ErrorText id="f-quantity-error" error={groupError} />
      {field("quantityNl", o.fields.quantityNl)}
      {field("quantityEn", o.fields.quantityEn)}
    </fieldset>
  );
}

/** `accountEmail`: the signed-in account's address (orders to it need no mailed confirmation), or null. */
export function OrderForm({ values, errors, accountEmail }: FormProps & { accountEmail: string | null }) {
  const { t, lang } = usePage();
  const o = t.orders;
  const f = o.fields;
  const labels = {
    organisationName: f.organisationName,
    contactName: f.contactName,
    email: f.email,
    quantity: o.legends.quantity,
    quantityNl: `${o.legends.quantity}, ${f.quantityNl}`,
    quantityEn: `${o.legends.quantity}, ${f.quantityEn}`,
    street: f.street,
    postcode: f.postcode,
    city: f.city,
    country: f.country,
    note: f.note,
  };
  return (
    <div class="narrow">
      <h1>{o.title}</h1>
      <p>{o.intro}</p>
      {accountEmail === null ? (
        <div class="notice">
          <p>{o.anonymousNote}</p>
          <p>
            <a href={url(lang, "signIn", {}, { next: url(lang, "roadmapOrder") })}>{o.signInHint}</a>
          </p>
        </div>
      ) : (
        <div class="notice">
          <p>{o.signedInNote(accountEmail)}</p>
        </div>
      )}
      <ErrorSummary errors={errors} labels={labels} />
      <Form action={url(lang, "roadmapOrder")}>
        <fieldset>
          <legend>{o.legends.you}</legend>
          <Input
            name="organisationName"
            label={f.organisationName}
            hint={f.organisationHint}
            autocomplete="organization"
            required
            values={values}
            errors={errors}
          />
          <Input name="contactName" label={f.contactName} autocomplete="name" required values={values} errors={errors} />
          <Input
            name="email"
            type="email"
            label={f.email}
            hint={f.emailHint}
            autocomplete="email"
            required
            values={values}
            errors={errors}
          />
        </fieldset>
        <QuantityFields values={values} errors={errors} />
        <fieldset>
          <legend>{o.legends.address}</legend>
          <Input name="street" label={f.street} autocomplete="address-line1" required values={values} errors={errors} />
          <Input
            name="postcode"
            label={f.postcode}
            hint={f.postcodeHint}
            autocomplete="postal-code"
            width="s"
            required
            values={values}
            errors={errors}
          />
          <Input name="city" label={f.city} autocomplete="address-level2" width="m" required values={values} errors={errors} />
          <Select name="country" label={f.country} required options={countryOptions(o.locale)} value="NL" values={values} errors={errors} />
        </fieldset>
        <TextArea name="note" label={f.note} hint={f.noteHint} rows={3} values={values} errors={errors} />
        <div class="field" hidden aria-hidden="true">
          <label for={`f-${HONEYPOT}`}>{f.honeypot}</label>
          <input id={`f-${HONEYPOT}`} name={HONEYPOT} type="text" value="" tabindex={-1} autocomplete="off" />
        </div>
        <Submit label={o.submit} />
      </Form>
    </div>
  );
}

/** After ordering: thanks for an order that reached the office (`reference`), else "check your mail to confirm". */
export function OrderSent({ reference }: { reference: string | null }) {
  const { t, lang } = usePage();
  const o = t.orders;
  return (
    <div class="narrow">
      <h1>{reference ? o.sentTitle : o.checkMailTitle}</h1>
      {reference ? (
        <>
          <p class="lead">{o.sentReference(reference)}</p>
          <p>{o.sentNext}</p>
        </>
      ) : (
        <>
          <p class="lead">{o.sentCheckMail}</p>
          <p class="muted">{o.sentNoMail}</p>
        </>
      )}
      <p>
        <a href={url(lang, "roadmap")}>{o.backToRoadmap}</a>
      </p>
    </div>
  );
}

/** The order as a description list (confirmation page and office detail). */
export function OrderSummary({ order, office }: { order: Order; office?: boolean }) {
  const { t, lang } = usePage();
  const s = t.orders.summary;
  const row = (label: string, value: Child) => (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
  return (
    <dl class="details">
      {office && row(s.reference, order.reference)}
      {office && row(s.status, <StatusBadge status={order.status} />)}
      {office && order.status === "cancelled" && order.cancelReason && row(t.orders.staff.cancelReason, order.cancelReason)}
      {row(s.organisation, order.organisationName)}
      {order.personalDataRemovedAt ? (
        <>
          {row(s.contact, s.removed(formatDate(lang, order.personalDataRemovedAt)))}
          {row(s.copies, t.orders.copies(order.quantityNl, order.quantityEn))}
        </>
      ) : (
        <>
          {row(s.contact, order.contactName)}
          {row(s.email, office ? <a href={`mailto:${order.email}`}>{order.email}</a> : order.email)}
          {row(s.copies, t.orders.copies(order.quantityNl, order.quantityEn))}
          {row(s.address, addressLine(order, t.orders.locale))}
          {order.note && row(s.note, order.note)}
        </>
      )}
      {office && row(s.date, formatDateTime(lang, order.createdAt))}
      {office && row(s.lang, order.lang.toUpperCase())}
    </dl>
  );
}

export function ConfirmPage({ order, token }: { order: Order; token: string }) {
  const { t, lang } = usePage();
  const o = t.orders;
  return (
    <div class="narrow">
      <h1>{o.confirmTitle}</h1>
      <p>{o.confirmIntro}</p>
      <OrderSummary order={order} />
      <Form action={url(lang, "roadmapOrderConfirm")}>
        <input type="hidden" name="token" value={token} />
        <Submit label={o.confirmButton} />
      </Form>
    </div>
  );
}

/** The orderer's status page (from the receipt's link): where the order stands, and nothing to change. */
export function OrderStatusPage({ order }: { order: Order }) {
  const { t, lang } = usePage();
  const o = t.orders;
  return (
    <div class="narrow">
      <h1>{o.status.title(order.reference)}</h1>
      <dl class="details">
        <dt>{o.status.now}</dt>
        <dd>
          <StatusBadge status={order.status} />
        </dd>
        <dt>{o.status.orderedOn}</dt>
        <dd>{formatDate(lang, order.createdAt)}</dd>
        <dt>{o.summary.copies}</dt>
        <dd>{o.copies(order.quantityNl, order.quantityEn)}</dd>
      </dl>
      <p class="lead">{o.status.explain[order.status]}</p>
      <p class="muted">{o.status.onlyStatus}</p>
      <p>
        <a href={url(lang, "roadmap")}>{o.backToRoadmap}</a>
      </p>
    </div>
  );
}

export function ConfirmInvalid() {
  const { t, lang } = usePage();
  const o = t.orders;
  return (
    <div class="narrow">
      <h1>{o.invalidTitle}</h1>
      <p>{o.invalidBody}</p>
      <p>
        <a class="button primary" href={url(lang, "roadmapOrder")}>
          {o.orderAgain}
        </a>
      </p>
    </div>
  );
}

// ---------- office ----------

const BADGE: Record<OrderStatus, string> = {
  unconfirmed: "neutral",
  new: "warn",
  preparing: "neutral",
  sent: "ok",
  cancelled: "danger",
};

export function StatusBadge({ status }: { status: OrderStatus }) {
  const { t } = usePage();
  return <span class={`badge ${BADGE[status]}`}>{t.orders.staff.statuses[status]}</span>;
}

type Totals = Awaited<ReturnType<typeof orderTotals>>;

export function OrdersPage({
  nav,
  orders,
  total,
  page,
  pages,
  totals,
  filter,
}: {
  nav: Child;
  orders: Order[];
  total: number;
  page: number;
  pages: number;
  totals: Totals;
  filter: OrderFilter;
}) {
  const { t, lang } = usePage();
  const s = t.orders.staff;
  const sum = t.orders.summary;
  const filterLabel = (f: OrderFilter) => (f === "open" || f === "all" ? s.filters[f] : s.statuses[f]);
  return (
    <>
      {nav}
      <div class="toolbar">
        <h1>{s.title}</h1>
        <p class="actions">
          <a class="button secondary" href={url(lang, "staffOrdersCsv", {}, { status: filter })} download>
            {s.csv}
          </a>
        </p>
      </div>
      <p>{s.intro}</p>
      <section class="table-wrap" tabindex={0} aria-label={s.totals}>
        <table class="table">
          <caption>{s.totals}</caption>
          <thead>
            <tr>
              <td></td>
              <th scope="col" class="num">
                {s.colNl}
              </th>
              <th scope="col" class="num">
                {s.colEn}
              </th>
            </tr>
          </thead>
          <tbody>
            {(
              [
                [s.totalsOpen, totals.open],
                [s.totalsSent, totals.sent],
                [s.totalsAll, totals.all],
              ] as const
            ).map(([label, v]) => (
              <tr>
                <th scope="row">{label}</th>
                <td class="num">{v.nl}</td>
                <td class="num">{v.en}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <form method="get" action={url(lang, "staffOrders")} class="filters" aria-label={s.filter}>
        <Select
          name="status"
          label={s.filter}
          required
          options={ORDER_FILTERS.map((f) => ({ value: f, label: filterLabel(f) }))}
          value={filter}
        />
        <div class="form-actions">
          <button type="submit" class="button secondary">
            {t.common.filter}
          </button>
        </div>
      </form>
      <p role="status">{s.count(total)}</p>
      {orders.length === 0 ? (
        <p>{s.empty}</p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{sum.reference}</th>
                <th scope="col">{sum.date}</th>
                <th scope="col">{sum.organisation}</th>
                <th scope="col">{sum.contact}</th>
                <th scope="col" class="num">
                  {s.colNl}
                </th>
                <th scope="col" class="num">
                  {s.colEn}
                </th>
                <th scope="col">{s.city}</th>
                <th scope="col">{sum.status}</th>
              </tr>
            </thead>
            <tbody>
              {orders.map((o) => (
                <tr>
                  <td>
                    <a href={url(lang, "staffOrder", { id: o.id })}>{o.reference}</a>
                  </td>
                  <td>{formatDate(lang, o.createdAt)}</td>
                  <td>{o.organisationName}</td>
                  <td>{o.contactName}</td>
                  <td class="num">{o.quantityNl}</td>
                  <td class="num">{o.quantityEn}</td>
                  <td>{o.country === "NL" ? o.city : `${o.city} (${o.country})`}</td>
                  <td>
                    <StatusBadge status={o.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pages={pages} href={(p) => url(lang, "staffOrders", {}, { status: filter, page: String(p) })} />
    </>
  );
}

type History = Awaited<ReturnType<typeof orderHistory>>;

export function OrderPage({
  nav,
  order,
  history,
  notice,
  warning,
  values,
  errors,
}: FormProps & { nav: Child; order: Order; history: History; notice?: string | null; warning?: string | null }) {
  const { t, lang } = usePage();
  const s = t.orders.staff;
  const next = actionsFrom(order.status);
  const action = url(lang, "staffOrder", { id: order.id });
  return (
    <>
      {nav}
      <p>
        <a href={url(lang, "staffOrders")}>{s.back}</a>
      </p>
      <h1>{order.reference}</h1>
      <Notice text={notice} />
      {warning && (
        <div class="warning" role="alert">
          <p>{warning}</p>
        </div>
      )}
      <OrderSummary order={order} office />
      <section aria-labelledby="next-step">
        <h2 id="next-step">{s.nextStep}</h2>
        {next.length === 0 && <p>{s.finished}</p>}
        {(next.includes("preparing") || next.includes("sent")) && (
          <div class="actions">
            <Form action={action} class="inline">
              <input type="hidden" name="action" value={next.includes("preparing") ? "preparing" : "sent"} />
              <button type="submit" class="button primary">
                {next.includes("preparing") ? s.toPreparing : s.toSent}
              </button>
            </Form>
          </div>
        )}
        {next.includes("cancel") && (
          <div class="card">
            <ErrorSummary errors={errors} labels={{ reason: s.cancelReason }} />
            <Form action={action}>
              <input type="hidden" name="action" value="cancel" />
              <TextArea name="reason" label={s.cancelReason} hint={s.cancelHint} rows={2} required values={values} errors={errors} />
              <div class="form-actions">
                <button type="submit" class="button danger">
                  {s.cancel}
                </button>
              </div>
            </Form>
          </div>
        )}
      </section>
      {/* Not a landmark itself: the history table's scroll region below carries the name. */}
      <section>
        <h2 id="history">{s.history}</h2>
        <AuditTable rows={history} label={s.history} anonymous={s.orderer} />
      </section>
    </>
  );
}
