import { z } from "zod";
import { requireStaff } from "../../core/auth/authorise.js";
import { forbidden, notFound } from "../../core/errors.js";
import { type FieldErrors, type FormValues, fieldErrorOf, parseForm, parseQuery } from "../../core/forms.js";
import type { Ctx } from "../../core/http/context.js";
import { idParam } from "../../core/http/params.js";
import { type App, page } from "../../core/http/router.js";
import type { OfficeSection } from "../../core/office/shell.js";
import { renderOffice } from "../../core/office/views.js";
import { url } from "../../routes.js";
import { adviserSchema, replySchema } from "./forms.js";
import {
  addAdviser,
  adviserChoices,
  adviserHistory,
  adviserInbox,
  adviserReply,
  conversationForAdviser,
  isAdviser,
  monthlyCounts,
  removeAdviser,
} from "./service.js";
import { AdviserConversationPage, AdvisersPage, CountsPage, InboxTable } from "./views.js";

/**
 * The office's side: every staff member sees counts per month (never a conversation); an
 * administrator names the confidential advisers; an adviser reads and answers the conversations
 * handed over with the student's consent, and nothing else.
 */
export const contactOffice: OfficeSection = {
  nav: [
    { route: "staffContactCounts", label: (t) => t.contact.counts.nav, order: 70 },
    { route: "staffAdvisers", label: (t) => t.contact.advisers.nav, order: 92, adminOnly: true },
  ],
  // The listeners' actions (on the organisation's history) and the advisers named or removed.
  auditActions: (t) => t.contact.audit,
  auditFields: (t) => ({
    contact_conversation: { place: { label: t.contact.auditFields.place }, note: { label: t.contact.auditFields.note } },
  }),
  // An adviser sees the handed-over conversations on the office home; nobody else sees this line.
  async summary(c) {
    const user = c.var.user;
    if (!user || !(await isAdviser(c.var.deps.db, user.id))) return [];
    const n = (await adviserInbox(c.var.deps.db, c.var.deps.env)).length;
    return [{ text: `${c.var.t.contact.adviser.title}: ${n}`, href: url(c.var.lang, "adviserInbox") }];
  },
};

/** An office account named confidential adviser; anyone else gets the 403 page. */
async function requireAdviser(c: Ctx) {
  const user = requireStaff(c);
  if (!(await isAdviser(c.var.deps.db, user.id))) throw forbidden();
  return user;
}

const doneQuery = z.object({ done: z.enum(["added", "removed", "replied"]).optional().catch(undefined) });

export function contactOfficeRoutes(app: App) {
  page(app, "GET", "staffContactCounts", async (c) => {
    requireStaff(c);
    const { deps, t } = c.var;
    return renderOffice(c, { title: t.contact.counts.title }, <CountsPage rows={await monthlyCounts(deps.db, deps.env.TIME_ZONE)} />);
  });

  const advisersPage = async (c: Ctx, values?: FormValues, errors?: FieldErrors) => {
    const { deps, t } = c.var;
    const { done } = parseQuery(c, doneQuery);
    const notice = errors ? null : done === "added" ? t.contact.advisers.added : done === "removed" ? t.contact.advisers.removed : null;
    return renderOffice(
      c,
      { title: t.contact.advisers.title, status: errors ? 422 : 200 },
      <AdvisersPage
        accounts={await adviserChoices(deps.db)}
        history={await adviserHistory(deps.db)}
        notice={notice}
        values={values}
        errors={errors}
      />,
    );
  };

  page(app, "GET", "staffAdvisers", async (c) => {
    requireStaff(c, "admin");
    return advisersPage(c);
  });

  page(app, "POST", "staffAdvisers", async (c) => {
    const user = requireStaff(c, "admin");
    const form = await parseForm(c, adviserSchema);
    if (!form.ok) return advisersPage(c, form.values, form.errors);
    try {
      await addAdviser(c.var.deps.db, { userId: form.data.account, actorId: user.id });
    } catch (err) {
      const errors = fieldErrorOf(c, err);
      if (errors) return advisersPage(c, form.values, errors);
      throw err;
    }
    return c.redirect(url(c.var.lang, "staffAdvisers", {}, { done: "added" }), 303);
  });

  page(app, "POST", "staffAdviserRemove", async (c) => {
    const user = requireStaff(c, "admin");
    const id = idParam(c);
    if (!(await removeAdviser(c.var.deps.db, { userId: id, actorId: user.id }))) throw notFound();
    return c.redirect(url(c.var.lang, "staffAdvisers", {}, { done: "removed" }), 303);
  });

  page(app, "GET", "adviserInbox", async (c) => {
    await requireAdviser(c);
    const { deps, t, lang } = c.var;
    const rows = await adviserInbox(deps.db, deps.env);
    return renderOffice(
      c,
      { title: t.contact.adviser.title },
      <>
        <h1>{t.contact.adviser.title}</h1>
        <p>{t.contact.adviser.intro}</p>
        {rows.length ? (
          <InboxTable rows={rows} link={(r) => url(lang, "adviserConversation", { id: r.id })} label={t.contact.adviser.title} />
        ) : (
          <p>{t.contact.adviser.none}</p>
        )}
      </>,
    );
  });

  const conversationPage = async (c: Ctx, id: string, values?: FormValues, errors?: FieldErrors) => {
    const { deps, t } = c.var;
    const conv = await conversationForAdviser(deps.db, deps.env, id);
    if (!conv) throw notFound();
    const { done } = parseQuery(c, doneQuery);
    return renderOffice(
      c,
      { title: t.contact.conversation.title, status: errors ? 422 : 200 },
      <AdviserConversationPage
        conv={conv}
        notice={!errors && done === "replied" ? t.contact.conversation.replied : null}
        values={values}
        errors={errors}
      />,
    );
  };

  page(app, "GET", "adviserConversation", async (c) => {
    await requireAdviser(c);
    return conversationPage(c, idParam(c));
  });

  page(app, "POST", "adviserConversation", async (c) => {
    await requireAdviser(c);
    const id = idParam(c);
    const { deps, lang } = c.var;
    const form = await parseForm(c, replySchema);
    if (!form.ok) return conversationPage(c, id, form.values, form.errors);
    if (!(await adviserReply(deps.db, deps, { id, body: form.data.message }, deps.clock.now()))) throw notFound();
    return c.redirect(url(lang, "adviserConversation", { id }, { done: "replied" }), 303);
  });
}
