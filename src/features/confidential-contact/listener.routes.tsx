import { z } from "zod";
import { requireUser } from "../../core/auth/authorise.js";
import { notFound } from "../../core/errors.js";
import { type FieldErrors, type FormValues, fieldErrorOf, parseForm, parseQuery } from "../../core/forms.js";
import type { Ctx } from "../../core/http/context.js";
import { idParam } from "../../core/http/params.js";
import { type App, page } from "../../core/http/router.js";
import { render } from "../../core/views/render.js";
import { url } from "../../routes.js";
import { referralSchema, replySchema, statusSchema } from "./forms.js";
import {
  changeConversation,
  conversationForListener,
  handOver,
  inbox,
  listenerInboxes,
  listenerNames,
  listenerReply,
  listenerSeat,
  referralChoices,
  setReferral,
} from "./service.js";
import { HandoverPage, InboxPage, ListenerConversationPage, ListenerDashboard } from "./views.js";

/** The dashboard's block for a listener (passed to the organisations feature's dashboard by `createApp`). */
export async function contactDashboardBlock(c: Ctx) {
  const user = requireUser(c);
  const inboxes = await listenerInboxes(c.var.deps.db, user.id);
  return inboxes.length ? <ListenerDashboard inboxes={inboxes} /> : null;
}

/**
 * Only a current listener of the organisation gets further (a key figure with the role whose
 * profile has not stepped down); for anyone else, board and office included, the inbox does not
 * exist (404).
 */
async function authoriseListener(c: Ctx) {
  const user = requireUser(c);
  const orgId = idParam(c, "orgId");
  const seat = await listenerSeat(c.var.deps.db, user.id, orgId);
  if (!seat) throw notFound();
  return { user, orgId, ...seat };
}

const doneQuery = z.object({ done: z.enum(["replied", "changed", "referral", "handedOver"]).optional().catch(undefined) });

/** The listeners' inbox: read, answer, close, block, refer, and hand over with the student's consent. */
export function contactListenerRoutes(app: App) {
  page(app, "GET", "listenerInbox", async (c) => {
    const { orgId, orgName, keyFigureId } = await authoriseListener(c);
    const { deps, t } = c.var;
    return render(
      c,
      { title: t.contact.inbox.title(orgName), noindex: true },
      <InboxPage orgId={orgId} orgName={orgName} rows={await inbox(deps.db, deps.env, orgId, keyFigureId)} />,
    );
  });

  const conversationPage = async (c: Ctx, orgId: string, id: string, values?: FormValues, errors?: FieldErrors) => {
    const { deps, t } = c.var;
    const conv = await conversationForListener(deps.db, deps.env, orgId, id);
    if (!conv) throw notFound();
    const { done } = parseQuery(c, doneQuery);
    const c2 = t.contact.conversation;
    const notices = { replied: c2.replied, changed: c2.changed, referral: c2.changed, handedOver: c2.handedOver };
    const notice = errors || !done ? null : notices[done];
    return render(
      c,
      { title: c2.title, status: errors ? 422 : 200, noindex: true },
      <ListenerConversationPage
        conv={conv}
        names={await listenerNames(deps.db, orgId, deps.clock.now())}
        resources={await referralChoices(deps.db)}
        notice={notice}
        values={values}
        errors={errors}
      />,
    );
  };

  page(app, "GET", "listenerConversation", async (c) => {
    const { orgId } = await authoriseListener(c);
    return conversationPage(c, orgId, idParam(c));
  });

  page(app, "POST", "listenerConversation", async (c) => {
    const { orgId, keyFigureId } = await authoriseListener(c);
    const id = idParam(c);
    const { deps, lang } = c.var;
    const form = await parseForm(c, replySchema);
    if (!form.ok) return conversationPage(c, orgId, id, form.values, form.errors);
    if (!(await listenerReply(deps.db, deps, { orgId, id, keyFigureId, body: form.data.message }, deps.clock.now()))) throw notFound();
    return c.redirect(url(lang, "listenerConversation", { orgId, id }, { done: "replied" }), 303);
  });

  page(app, "POST", "listenerConversationStatus", async (c) => {
    const { orgId, user } = await authoriseListener(c);
    const id = idParam(c);
    const { deps, lang } = c.var;
    const form = await parseForm(c, statusSchema);
    if (!form.ok) return conversationPage(c, orgId, id, {}, form.errors);
    if (!(await changeConversation(deps.db, { orgId, id, action: form.data.action, actorId: user.id }))) throw notFound();
    return c.redirect(url(lang, "listenerConversation", { orgId, id }, { done: "changed" }), 303);
  });

  page(app, "POST", "listenerReferral", async (c) => {
    const { orgId, user } = await authoriseListener(c);
    const id = idParam(c);
    const { deps, lang } = c.var;
    const form = await parseForm(c, referralSchema);
    if (!form.ok) return conversationPage(c, orgId, id, form.values, form.errors);
    try {
      if (!(await setReferral(deps.db, deps.env, { orgId, id, resourceId: form.data.resource, note: form.data.note, actorId: user.id })))
        throw notFound();
    } catch (err) {
      const errors = fieldErrorOf(c, err);
      if (errors) return conversationPage(c, orgId, id, form.values, errors);
      throw err;
    }
    return c.redirect(url(lang, "listenerConversation", { orgId, id }, { done: "referral" }), 303);
  });

  // Handing over asks first; only this page's button POSTs.
  page(app, "GET", "listenerHandover", async (c) => {
    const { orgId } = await authoriseListener(c);
    const id = idParam(c);
    const { deps, t } = c.var;
    const conv = await conversationForListener(deps.db, deps.env, orgId, id);
    if (!conv) throw notFound();
    return render(c, { title: t.contact.conversation.handoverTitle, noindex: true }, <HandoverPage orgId={orgId} id={id} />);
  });

  page(app, "POST", "listenerHandover", async (c) => {
    const { orgId, user } = await authoriseListener(c);
    const id = idParam(c);
    const { deps, lang } = c.var;
    if (!(await handOver(deps.db, deps, { orgId, id, actorId: user.id }, deps.clock.now()))) throw notFound();
    return c.redirect(url(lang, "listenerConversation", { orgId, id }, { done: "handedOver" }), 303);
  });
}
