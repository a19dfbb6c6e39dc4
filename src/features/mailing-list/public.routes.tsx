import { today } from "../../core/auth/authorise.js";
import { DAY, HOUR } from "../../core/clock.js";
import { FieldError, notFound } from "../../core/errors.js";
import { type FieldErrors, type FormValues, fieldErrorOf, formList, parseForm, parseQuery } from "../../core/forms.js";
import type { Ctx } from "../../core/http/context.js";
import { idParam } from "../../core/http/params.js";
import { clientKey, type RateRule, rateLimit } from "../../core/http/ratelimit.js";
import { type App, page } from "../../core/http/router.js";
import { formatPeriod } from "../../core/privacy.js";
import { render } from "../../core/views/render.js";
import type { Db } from "../../db/index.js";
import type { Env } from "../../env.js";
import { url } from "../../routes.js";
import { currentOrganisations } from "../organisations/access.js";
import { currentBoardOf } from "../organisations/boards.js";
import { getOrganisation, joinableOrganisations } from "../organisations/service.js";
import { preferencesQuery, preferencesSchema, subscribeSchema } from "./forms.js";
import {
  confirmSubscription,
  eraseSubscription,
  exportSubscription,
  MAILING_CONSENT_VERSION,
  orgNameOf,
  type Subscription,
  subscribe,
  subscriptionByToken,
  unsubscribe,
  updatePreferences,
} from "./service.js";
import { ConfirmPage, ErasedPage, ErasePage, PreferencesPage, SentPage, SubscribePage, type SubscriptionView } from "./views.js";

/** Subscribe-form POSTs per client network per hour (MAILING_FORM_LIMIT_PER_HOUR, 10 by default); the honeypot's too. */
export const mailingFormLimit = (env: Env) =>
  ({ name: "mailing-subscribe-ip", limit: env.MAILING_FORM_LIMIT_PER_HOUR, windowMs: HOUR }) satisfies RateRule;

/** A link's token: an HMAC-SHA256 in base64url (43 characters). Anything else finds nothing. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The subscription a link names (`:id` and `:token`), or the 404 page: a wrong or outdated token is no page at all. */
async function linked(c: Ctx) {
  const id = idParam(c);
  const token = c.req.param("token") ?? "";
  if (!TOKEN.test(token)) throw notFound();
  const sub = await subscriptionByToken(c.var.deps.db, c.var.deps.env, id, token);
  if (!sub) throw notFound();
  return { sub, token };
}

async function viewOf(c: Ctx, sub: Subscription): Promise<SubscriptionView> {
  return { ...sub, orgName: await orgNameOf(c.var.deps.db, sub) };
}

const personal = (c: Ctx) => c.header("Cache-Control", "private, no-store");

/**
 * The mailing list's public pages: the subscribe form (prefilled for a member of a current board),
 * the page the confirmation mail opens (only its POST confirms), and the preferences page the
 * list's mails link to (language and topics, unsubscribe, export, erase; each a POST).
 */
/** More of a subscriber's data for the preferences page's download, under its name (the campaigns sent to them), passed in by createApp. */
export type ExportPart = { name: string; of: (db: Db, subscriptionId: string) => Promise<unknown> };

export function mailingPublicRoutes(app: App, opts: { exportParts?: ExportPart[] } = {}) {
  const formPage = async (c: Ctx, values: FormValues, errors?: FieldErrors) => {
    const { t, lang, deps } = c.var;
    const keptFor = formatPeriod(lang, deps.env.RETENTION_MAILING_DAYS * DAY);
    const orgs = await joinableOrganisations(deps.db);
    return render(
      c,
      { title: t.mailingList.subscribe.title, status: errors ? 422 : 200 },
      <SubscribePage values={values} errors={errors} orgs={orgs} keptFor={keptFor} consentVersion={MAILING_CONSENT_VERSION} />,
    );
  };

  page(app, "GET", "mailingSubscribe", async (c) => {
    const { user, lang, deps } = c.var;
    const values: FormValues = { lang, topics: "trainings,subsidies,news" };
    if (user) {
      values.email = user.email;
      const [org] = await currentOrganisations(deps.db, user.id, today(c));
      if (org) Object.assign(values, { orgId: org.id, email: org.email ?? user.email, contactUrl: org.contactUrl ?? "", lang: org.lang });
    }
    return formPage(c, values);
  });

  page(app, "POST", "mailingSubscribe", async (c) => {
    const { t, deps, user } = c.var;
    await rateLimit(c, mailingFormLimit(deps.env), clientKey(c));
    const topics = (await formList(c, "topics")).join(",");
    const form = await parseForm(c, subscribeSchema, { topics });
    // The honeypot: a bot filled the field people never see. It is told all went well; nothing is kept or mailed.
    if ((form.values.website ?? "").trim()) {
      deps.log.info("mailing list: honeypot filled, dropped");
      return render(c, { title: t.mailingList.sent.title }, <SentPage />);
    }
    if (!form.ok) return formPage(c, form.values, form.errors);
    const { consent: _consent, ...input } = form.data;
    try {
      let boardId: string | null = null;
      if (input.orgId) {
        if (!(await getOrganisation(deps.db, input.orgId))) throw new FieldError("orgId", "invalidChoice");
        // A member of the organisation's current board who subscribes it confirms the address for that board.
        if (user && (await currentOrganisations(deps.db, user.id, today(c))).some((o) => o.id === input.orgId))
          boardId = (await currentBoardOf(deps.db, input.orgId, today(c)))?.id ?? null;
      }
      await subscribe(deps.db, deps, input, deps.clock.now(), { boardId });
    } catch (err) {
      const errors = fieldErrorOf(c, err);
      if (errors) return formPage(c, form.values, errors);
      throw err;
    }
    // The same page whether the address was new, pending or subscribed already: the form tells nobody who is on the list.
    return render(c, { title: t.mailingList.sent.title }, <SentPage />);
  });

  page(app, "GET", "mailingConfirm", async (c) => {
    const { sub, token } = await linked(c);
    personal(c);
    return render(c, { title: c.var.t.mailingList.confirm.title }, <ConfirmPage sub={await viewOf(c, sub)} token={token} />);
  });

  page(app, "POST", "mailingConfirm", async (c) => {
    const { sub, token } = await linked(c);
    const { deps, lang } = c.var;
    const done = await confirmSubscription(deps.db, deps.env, sub.id, token, deps.clock.now());
    if (!done) throw notFound();
    return c.redirect(url(lang, "mailingPreferences", { id: sub.id, token }, { done: "confirmed" }), 303);
  });

  const prefsPage = async (c: Ctx, sub: Subscription, token: string, values?: FormValues, errors?: FieldErrors) => {
    const { t } = c.var;
    const p = t.mailingList.prefs;
    const { done } = parseQuery(c, preferencesQuery);
    const notice = errors
      ? null
      : done === "saved"
        ? p.saved
        : done === "confirmed"
          ? t.mailingList.confirm.confirmed
          : done === "unsubscribed"
            ? p.unsubscribed
            : null;
    personal(c);
    return render(
      c,
      { title: p.title, status: errors ? 422 : 200 },
      <PreferencesPage
        sub={await viewOf(c, sub)}
        token={token}
        notice={notice}
        values={values ?? { lang: sub.lang, topics: sub.topics.join(",") }}
        errors={errors}
      />,
    );
  };

  page(app, "GET", "mailingPreferences", async (c) => {
    const { sub, token } = await linked(c);
    return prefsPage(c, sub, token);
  });

  page(app, "POST", "mailingPreferences", async (c) => {
    const { sub, token } = await linked(c);
    const { deps, lang } = c.var;
    const topics = (await formList(c, "topics")).join(",");
    const form = await parseForm(c, preferencesSchema, { topics });
    if (!form.ok) return prefsPage(c, sub, token, form.values, form.errors);
    const done = await updatePreferences(deps.db, deps.env, sub.id, token, form.data, deps.clock.now());
    if (!done) throw notFound();
    return c.redirect(url(lang, "mailingPreferences", { id: sub.id, token }, { done: "saved" }), 303);
  });

  page(app, "POST", "mailingUnsubscribe", async (c) => {
    const { sub, token } = await linked(c);
    const { deps, lang } = c.var;
    if (!(await unsubscribe(deps.db, deps.env, sub.id, token, deps.clock.now()))) throw notFound();
    return c.redirect(url(lang, "mailingPreferences", { id: sub.id, token }, { done: "unsubscribed" }), 303);
  });

  page(app, "POST", "mailingExport", async (c) => {
    const { sub } = await linked(c);
    const data: Record<string, unknown> | null = await exportSubscription(c.var.deps.db, sub.id);
    if (!data) throw notFound();
    for (const part of opts.exportParts ?? []) data[part.name] = await part.of(c.var.deps.db, sub.id);
    personal(c);
    c.header("Content-Disposition", 'attachment; filename="mailing-list.json"');
    return c.body(JSON.stringify({ mailingList: data }, null, 2), 200, { "Content-Type": "application/json; charset=utf-8" });
  });

  page(app, "GET", "mailingErase", async (c) => {
    const { sub, token } = await linked(c);
    personal(c);
    return render(c, { title: c.var.t.mailingList.erase.title }, <ErasePage sub={await viewOf(c, sub)} token={token} />);
  });

  page(app, "POST", "mailingErase", async (c) => {
    const { sub } = await linked(c);
    await eraseSubscription(c.var.deps.db, sub.id);
    c.var.deps.log.info("mailing list: a subscriber erased their data");
    return render(c, { title: c.var.t.mailingList.erase.doneTitle }, <ErasedPage />);
  });
}
