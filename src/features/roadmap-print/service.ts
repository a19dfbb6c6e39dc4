import { randomInt } from "node:crypto";
import { and, asc, count, desc, eq, gt, inArray, lt, ne, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { HOUR } from "../../core/clock.js";
import { hmac, randomToken, safeEqual, sha256 } from "../../core/crypto.js";
import { AppError } from "../../core/errors.js";
import { errorKey, f, NL_POSTCODE, normaliseDutchPostcode } from "../../core/forms.js";
import { isUuid } from "../../core/http/params.js";
import { type Lang, localDate, type Messages } from "../../core/i18n/index.js";
import { type MailDeps, type MailTemplate, sendMail } from "../../core/mail/send.js";
import { readable } from "../../db/collation.js";
import type { Db } from "../../db/index.js";
import { url } from "../../routes.js";
import { audit, auditTrailOf } from "../audit/service.js";
import { type OrderStatus, printOrders } from "./schema.js";

export type Order = typeof printOrders.$inferSelect;

/** At most this many leaflets per order (both languages together). */
export const ORDER_MAX = 500;
/** How long the confirmation link mailed to someone who is not signed in works. */
export const CONFIRM_TTL_MS = 48 * HOUR;
const ENTITY = "roadmap_print_order";

// ---------- references ----------

/** Letters and digits that cannot be mistaken for each other when read aloud or copied by hand (no 0/O, 1/I/L, 2/Z, 5/S, 8/B). */
export const REFERENCE_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY";
export const REFERENCE_PATTERN = new RegExp(`^WW-[${REFERENCE_ALPHABET}]{5}$`);

export function newReference() {
  let code = "";
  for (let i = 0; i < 5; i++) code += REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)];
  return `WW-${code}`;
}

// ---------- countries ----------

/** The Netherlands first, then the neighbours, then the rest of the EU. */
export const COUNTRIES = [
  "NL",
  "BE",
  "DE",
  "AT",
  "BG",
  "CY",
  "CZ",
  "DK",
  "EE",
  "ES",
  "FI",
  "FR",
  "GR",
  "HR",
  "HU",
  "IE",
  "IT",
  "LT",
  "LU",
  "LV",
  "MT",
  "PL",
  "PT",
  "RO",
  "SE",
  "SI",
  "SK",
] as const;
export type Country = (typeof COUNTRIES)[number];

/** The country's name in a locale ("nl-NL" → "België"), from the runtime's CLDR data. */
export function countryName(code: string, locale: string) {
  try {
    return new Intl.DisplayNames([locale], { type: "region" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** NL, BE, DE first; the other EU countries by name in the page's language. */
export function countryOptions(locale: string) {
  const [first, rest] = [COUNTRIES.slice(0, 3), COUNTRIES.slice(3)];
  const named = (c: string) => ({ value: c, label: countryName(c, locale) });
  return [...first.map(named), ...rest.map(named).sort((a, b) => a.label.localeCompare(b.label, locale))];
}

// ---------- the order form ----------

/** A whole number ≥ 0; empty counts as 0. */
const quantity = () =>
  z
    .string()
    .trim()
    .transform((v) => v || "0")
    .refine((v) => !/^-\d+$/.test(v), errorKey("quantityNegative"))
    .refine((v) => /^\d+$/.test(v), "invalidNumber")
    .transform(Number);

export const orderSchema = z
  .object({
    organisationName: f.text(200),
    contactName: f.text(120),
    email: f.email(),
    quantityNl: quantity(),
    quantityEn: quantity(),
    street: f.text(200),
    postcode: z.string().trim().max(20, "tooLong"),
    city: f.text(100),
    country: f.choice(COUNTRIES),
    note: f.optionalText(1000),
  })
  .superRefine(
    (v, ctx) => {
      // Runs even when single fields failed (`when`), so every error shows at once; fields that
      // failed still hold their raw strings here.
      const nl = typeof v.quantityNl === "number" ? v.quantityNl : null;
      const en = typeof v.quantityEn === "number" ? v.quantityEn : null;
      if (nl !== null && en !== null) {
        if (nl + en < 1) ctx.addIssue({ code: "custom", path: ["quantity"], message: errorKey("quantityNone") });
        else if (nl + en > ORDER_MAX) ctx.addIssue({ code: "custom", path: ["quantity"], message: errorKey("quantityMax") });
      }
      const postcode = typeof v.postcode === "string" ? v.postcode.trim() : "";
      if (!postcode) ctx.addIssue({ code: "custom", path: ["postcode"], message: "required" });
      else if (v.country === "NL" && !NL_POSTCODE.test(postcode))
        ctx.addIssue({ code: "custom", path: ["postcode"], message: errorKey("postcodeNl") });
      else if (v.country !== "NL" && (postcode.length < 2 || postcode.length > 10))
        ctx.addIssue({ code: "custom", path: ["postcode"], message: errorKey("postcodeOther") });
    },
    { when: () => true },
  )
  .transform((v) => ({
    ...v,
    postcode: v.country === "NL" ? normaliseDutchPostcode(v.postcode) : v.postcode.replace(/\s+/g, " ").toUpperCase(),
  }));

export type OrderInput = z.output<typeof orderSchema>;

// ---------- mails ----------

type OrderMail = { order: Order };

/**
 * The order as lines of "label: value", in the mail's language, with what the orderer typed: only
 * for the office, or for an address that has confirmed the order (see `confirmMail`).
 */
function orderLines(t: Messages, o: Order) {
  const s = t.orders.summary;
  const line = t.orders.mail.line;
  return [
    line(s.reference, o.reference),
    line(s.organisation, o.organisationName),
    line(s.contact, `${o.contactName} (${o.email})`),
    line(s.copies, t.orders.copies(o.quantityNl, o.quantityEn)),
    line(s.address, addressLine(o, t.orders.locale)),
    ...(o.note ? [line(s.note, o.note)] : []),
  ];
}

export const addressLine = (o: Pick<Order, "street" | "postcode" | "city" | "country">, locale: string) =>
  `${o.street}, ${o.postcode} ${o.city}, ${countryName(o.country, locale)}`;

/**
 * To an address that has not confirmed anything yet: the portal's own words only (a neutral
 * greeting, the reference, the numbers of copies and the link). Nothing the orderer typed (names,
 * organisation, address, note) goes in, so the form cannot be used to mail anyone a message.
 */
const confirmMail: MailTemplate<OrderMail & { link: string }> = (t, d) => {
  const m = t.orders.mail;
  const s = t.orders.summary;
  return {
    subject: m.confirmSubject,
    heading: m.confirmHeading,
    paragraphs: [
      m.greeting,
      m.confirmBody,
      m.line(s.reference, d.order.reference),
      m.line(s.copies, t.orders.copies(d.order.quantityNl, d.order.quantityEn)),
    ],
    action: { label: m.confirmButton, url: d.link },
    after: [m.confirmIgnore],
  };
};

/** The receipt, with the link to the order's status page (`statusLink`). */
const receivedMail: MailTemplate<OrderMail & { statusLink: string }> = (t, d) => ({
  subject: t.orders.mail.receivedSubject(d.order.reference),
  heading: t.orders.mail.receivedHeading,
  paragraphs: [t.orders.mail.receivedBody, ...orderLines(t, d.order), t.orders.mail.statusIntro],
  action: { label: t.orders.mail.statusButton, url: d.statusLink },
  after: [t.orders.mail.questions],
});

const officeMail: MailTemplate<OrderMail & { link: string }> = (t, d) => ({
  subject: t.orders.mail.officeSubject(d.order.reference, d.order.quantityNl, d.order.quantityEn),
  heading: t.orders.mail.officeHeading,
  paragraphs: [...orderLines(t, d.order), t.orders.mail.line(t.orders.summary.lang, d.order.lang.toUpperCase())],
  action: { label: t.orders.mail.officeButton, url: d.link },
});

const statusMail: MailTemplate<OrderMail & { action: OrderAction }> = (t, d) => {
  const m = t.orders.mail;
  const ref = d.order.reference;
  const [subject, body] =
    d.action === "preparing"
      ? [m.preparingSubject(ref), m.preparingBody]
      : d.action === "sent"
        ? [m.sentSubject(ref), m.sentBody]
        : [m.cancelledSubject(ref), m.cancelledBody];
  return {
    subject,
    heading: subject,
    paragraphs: [
      body,
      ...(d.action === "cancel" && d.order.cancelReason ? [m.reason(d.order.cancelReason)] : []),
      ...orderLines(t, d.order),
    ],
    after: [m.questions],
  };
};

/**
 * The secret part of an order's status link: the order's id and a MAC over it with the portal's
 * secret, so the link can't be guessed from a reference or an id, and nothing needs storing.
 */
export const statusToken = (secret: string, orderId: string) => `${orderId}.${hmac(secret, `order-status:${orderId}`)}`;

/** The orderer's link to the order's status page (in the receipt; a GET that shows, never changes). */
export const statusLink = (deps: MailDeps, order: Pick<Order, "id" | "lang">) =>
  `${deps.env.BASE_URL}${url(order.lang, "roadmapOrderStatus")}?token=${statusToken(deps.env.SESSION_SECRET, order.id)}`;

/** The confirmed order a status link's token names, or null for a token that is not one. */
export async function orderForStatusToken(db: Db, secret: string, token: string) {
  const [id = "", mac = ""] = token.split(".");
  if (!isUuid(id) || !safeEqual(`${id}.${mac}`, statusToken(secret, id.toLowerCase()))) return null;
  return orderForOffice(db, id.toLowerCase());
}

/** The orderer's receipt and the office's notification of a new order, whose address has confirmed it. */
async function announce(db: Db, deps: MailDeps, order: Order) {
  // The receipt holds a secret link: its text goes once it is delivered.
  await sendMail(db, deps, {
    to: order.email,
    lang: order.lang,
    template: "orders.received",
    render: receivedMail,
    data: { order, statusLink: statusLink(deps, order) },
    sensitive: true,
  });
  const officeLang = deps.env.OFFICE_LANG;
  const link = `${deps.env.BASE_URL}${url(officeLang, "staffOrder", { id: order.id })}`;
  await sendMail(db, deps, {
    to: deps.env.OFFICE_EMAIL,
    lang: officeLang,
    template: "orders.office",
    render: officeMail,
    data: { order, link },
  });
}

// ---------- placing and confirming ----------

export type PlaceOrder = {
  input: OrderInput;
  lang: Lang;
  /** Who placed it, when signed in (kept as `createdBy`). */
  userId: string | null;
  /**
   * The signed-in account's own address, which signing in (by a mailed link) has confirmed; the
   * order form always passes it. An order to this address is new at once; an order to any other
   * address waits for the confirmation mailed there, as an anonymous one does. Left out, the
   * caller vouches for the address of a signed-in order itself (trusted code setting up orders,
   * such as tests), and an order with a `userId` is new at once.
   */
  accountEmail?: string;
  organisationId: string | null;
  now: Date;
};

/**
 * Whether an order can skip the mailed confirmation: only when it is placed signed in and goes to
 * an address the orderer has already shown to read (the account's own).
 */
export function addressConfirmed(p: Pick<PlaceOrder, "input" | "userId" | "accountEmail">) {
  if (!p.userId) return false;
  if (p.accountEmail === undefined) return true;
  return p.accountEmail.trim().toLowerCase() === p.input.email.trim().toLowerCase();
}

/**
 * Stores an order. To a confirmed address (see `addressConfirmed`) it is new at once, with the
 * receipt and the office's mail; otherwise it is unconfirmed and the address gets a confirmation
 * link in a mail without anything the orderer typed.
 */
export async function placeOrder(db: Db, deps: MailDeps, p: PlaceOrder) {
  const confirmed = addressConfirmed(p);
  const token = confirmed ? null : randomToken();
  const status: OrderStatus = confirmed ? "new" : "unconfirmed";
  return db.transaction(async (tx) => {
    let order: Order | undefined;
    // A clash of references (1 in ~10 million per pair) just draws another one.
    for (let attempt = 0; !order && attempt < 8; attempt++) {
      [order] = await tx
        .insert(printOrders)
        .values({
          reference: newReference(),
          organisationId: p.organisationId,
          organisationName: p.input.organisationName,
          contactName: p.input.contactName,
          email: p.input.email,
          lang: p.lang,
          quantityNl: p.input.quantityNl,
          quantityEn: p.input.quantityEn,
          street: p.input.street,
          postcode: p.input.postcode,
          city: p.input.city,
          country: p.input.country,
          note: p.input.note,
          status,
          confirmTokenHash: token ? sha256(token) : null,
          createdBy: p.userId,
          createdAt: p.now,
          updatedAt: p.now,
        })
        .onConflictDoNothing({ target: printOrders.reference })
        .returning();
    }
    if (!order) throw new Error("could not draw a unique order reference");
    await audit(tx, {
      actorId: p.userId,
      organisationId: p.organisationId,
      entity: ENTITY,
      entityId: order.id,
      action: "order.create",
      changes: { status: { to: status }, quantityNl: { to: order.quantityNl }, quantityEn: { to: order.quantityEn } },
    });
    if (token) {
      const link = `${deps.env.BASE_URL}${url(p.lang, "roadmapOrderConfirm")}?token=${token}`;
      await sendMail(tx, deps, {
        to: order.email,
        lang: order.lang,
        template: "orders.confirm",
        render: confirmMail,
        data: { order, link },
        sensitive: true,
      });
    } else {
      await announce(tx, deps, order);
    }
    return order;
  });
}

const usableToken = (token: string, now: Date) =>
  and(
    eq(printOrders.confirmTokenHash, sha256(token)),
    eq(printOrders.status, "unconfirmed"),
    gt(printOrders.createdAt, new Date(now.getTime() - CONFIRM_TTL_MS)),
  );

/** The unconfirmed order a token belongs to, if it is still usable; does not confirm (the GET shows a button). */
export async function orderForToken(db: Db, token: string, now: Date) {
  const [order] = await db.select().from(printOrders).where(usableToken(token, now));
  return order ?? null;
}

/**
 * Confirms exactly once (one guarded UPDATE, so two concurrent POSTs cannot both win): the order
 * becomes new and reaches the office. Null for an unknown, used or expired token.
 */
export async function confirmOrder(db: Db, deps: MailDeps, token: string, now: Date) {
  return db.transaction(async (tx) => {
    const [order] = await tx
      .update(printOrders)
      .set({ status: "new", confirmTokenHash: null, updatedAt: now })
      .where(usableToken(token, now))
      .returning();
    if (!order) return null;
    await audit(tx, {
      actorId: null,
      organisationId: order.organisationId,
      entity: ENTITY,
      entityId: order.id,
      action: "order.confirm",
      changes: { status: { from: "unconfirmed", to: "new" } },
    });
    await announce(tx, deps, order);
    return order;
  });
}

/**
 * Unconfirmed orders whose link has expired can never be confirmed: deleted, so their personal data
 * does not linger (for a daily housekeeping job). Returns how many went.
 */
export async function purgeUnconfirmedOrders(db: Db, now: Date) {
  const gone = await db
    .delete(printOrders)
    .where(and(eq(printOrders.status, "unconfirmed"), lt(printOrders.createdAt, new Date(now.getTime() - CONFIRM_TTL_MS))))
    .returning({ id: printOrders.id });
  return gone.length;
}

// ---------- the office ----------

export const ORDER_FILTERS = ["open", "new", "preparing", "sent", "cancelled", "all"] as const;
export type OrderFilter = (typeof ORDER_FILTERS)[number];
const OPEN: OrderStatus[] = ["new", "preparing"];

function filterWhere(filter: OrderFilter): SQL {
  if (filter === "open") return inArray(printOrders.status, OPEN);
  if (filter === "all") return ne(printOrders.status, "unconfirmed");
  return eq(printOrders.status, filter);
}

/**
 * One page of the orders for the office (never the unconfirmed ones), with how many there are in
 * all: open ones oldest first (a queue), the rest newest first.
 */
export async function listOrders(db: Db, filter: OrderFilter, page: { page: number; perPage: number }) {
  const queue = filter === "open" || filter === "new" || filter === "preparing";
  const [total] = await db.select({ n: count() }).from(printOrders).where(filterWhere(filter));
  const rows = await db
    .select()
    .from(printOrders)
    .where(filterWhere(filter))
    .orderBy(
      queue ? asc(printOrders.createdAt) : desc(printOrders.createdAt),
      asc(readable(printOrders.organisationName)),
      asc(printOrders.reference),
    )
    .limit(page.perPage)
    .offset((page.page - 1) * page.perPage);
  return { total: total?.n ?? 0, rows };
}

/** Leaflets per language: in open orders, in sent ones, and in all but cancelled (and unconfirmed) ones. */
export async function orderTotals(db: Db) {
  const sum = (col: typeof printOrders.quantityNl | typeof printOrders.quantityEn, statuses: OrderStatus[]) =>
    sql<number>`coalesce(sum(${col}) filter (where ${inArray(printOrders.status, statuses)}), 0)::int`;
  const [row] = await db
    .select({
      openNl: sum(printOrders.quantityNl, OPEN),
      openEn: sum(printOrders.quantityEn, OPEN),
      sentNl: sum(printOrders.quantityNl, ["sent"]),
      sentEn: sum(printOrders.quantityEn, ["sent"]),
      allNl: sum(printOrders.quantityNl, ["new", "preparing", "sent"]),
      allEn: sum(printOrders.quantityEn, ["new", "preparing", "sent"]),
    })
    .from(printOrders);
  const n = (v: unknown) => Number(v ?? 0);
  return {
    open: { nl: n(row?.openNl), en: n(row?.openEn) },
    sent: { nl: n(row?.sentNl), en: n(row?.sentEn) },
    all: { nl: n(row?.allNl), en: n(row?.allEn) },
  };
}

/** A confirmed order (the office never sees unconfirmed ones). */
export async function orderForOffice(db: Db, id: string) {
  const [order] = await db
    .select()
    .from(printOrders)
    .where(and(eq(printOrders.id, id), ne(printOrders.status, "unconfirmed")));
  return order ?? null;
}

/** An order's history, oldest first. */
export function orderHistory(db: Db, id: string) {
  return auditTrailOf(db, ENTITY, id, { order: "oldest", limit: 200 });
}

export const ORDER_ACTIONS = ["preparing", "sent", "cancel"] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];

/** new → preparing → sent; new or preparing → cancelled. */
export const TRANSITIONS: Record<OrderAction, { from: OrderStatus[]; to: OrderStatus }> = {
  preparing: { from: ["new"], to: "preparing" },
  sent: { from: ["preparing"], to: "sent" },
  cancel: { from: ["new", "preparing"], to: "cancelled" },
};

/** The steps the office can take from a status. */
export const actionsFrom = (status: OrderStatus) => ORDER_ACTIONS.filter((a) => TRANSITIONS[a].from.includes(status));

export const staffOrderSchema = z.object({ action: f.choice(ORDER_ACTIONS), reason: f.optionalText(500) }).superRefine((v, ctx) => {
  if (v.action === "cancel" && !v.reason) ctx.addIssue({ code: "custom", path: ["reason"], message: errorKey("cancelReasonRequired") });
});

/** The step is not possible from the order's current status (shown with that status); nothing happened. */
export class OrderStatusConflict extends AppError {
  constructor(readonly order: Order) {
    super(409, "order_status");
  }
}

/**
 * Moves an order one step. The UPDATE only matches the status it was read with, so double clicks
 * and two people at once cannot send two mails or skip a step. Mails the orderer in their language
 * and audits, in the same transaction. Returns the order and whether this call changed it (false:
 * it already had the target status, a double click); null when there is no such order; throws
 * `OrderStatusConflict` when the step is not possible from its status.
 */
export async function advanceOrder(
  db: Db,
  deps: MailDeps,
  p: { actorId: string; orderId: string; action: OrderAction; reason?: string | null; now: Date },
): Promise<{ order: Order; changed: boolean } | null> {
  const tr = TRANSITIONS[p.action];
  const reason = p.reason?.trim() || null;
  if (p.action === "cancel" && !reason) throw new Error("a cancellation needs a reason");
  return db.transaction(async (tx) => {
    const before = await orderForOffice(tx, p.orderId);
    if (!before) return null;
    if (before.status === tr.to) return { order: before, changed: false };
    if (!tr.from.includes(before.status)) throw new OrderStatusConflict(before);
    const [order] = await tx
      .update(printOrders)
      .set({ status: tr.to, updatedAt: p.now, ...(p.action === "cancel" ? { cancelReason: reason } : {}) })
      .where(and(eq(printOrders.id, before.id), eq(printOrders.status, before.status)))
      .returning();
    if (!order) {
      const now = (await orderForOffice(tx, p.orderId)) ?? before;
      if (now.status === tr.to) return { order: now, changed: false };
      throw new OrderStatusConflict(now);
    }
    await audit(tx, {
      actorId: p.actorId,
      organisationId: order.organisationId,
      entity: ENTITY,
      entityId: order.id,
      action: `order.${p.action}`,
      changes: { status: { from: before.status, to: tr.to }, ...(reason && p.action === "cancel" ? { reason: { to: reason } } : {}) },
    });
    await sendMail(tx, deps, {
      to: order.email,
      lang: order.lang,
      template: `orders.${p.action}`,
      render: statusMail,
      data: { order, action: p.action },
    });
    return { order, changed: true };
  });
}

/** Rows for the post room's CSV, in the office user's language. */
export function ordersCsvRows(t: Messages, orders: Order[], timeZone: string) {
  const s = t.orders.staff;
  const header = [
    t.orders.summary.reference,
    t.orders.summary.organisation,
    t.orders.summary.contact,
    s.street,
    s.postcode,
    s.city,
    s.country,
    s.copiesNl,
    s.copiesEn,
    s.filter,
    t.orders.summary.date,
    t.orders.summary.note,
  ];
  const rows = orders.map((o) => [
    o.reference,
    o.organisationName,
    o.contactName,
    o.street,
    o.postcode,
    o.city,
    countryName(o.country, t.orders.locale),
    o.quantityNl,
    o.quantityEn,
    s.statuses[o.status],
    localDate(o.createdAt, timeZone),
    o.note,
  ]);
  return [header, ...rows];
}
