import { z } from "zod";
import { requireStaff } from "../../core/auth/authorise.js";
import { notFound } from "../../core/errors.js";
import { type FieldErrors, type FormValues, fieldErrorOf, parseForm, parseQuery } from "../../core/forms.js";
import type { Ctx } from "../../core/http/context.js";
import { idParam } from "../../core/http/params.js";
import { type App, page } from "../../core/http/router.js";
import type { OfficeSection } from "../../core/office/shell.js";
import { renderOffice } from "../../core/office/views.js";
import { pageCount } from "../../core/views/pagination.js";
import { url } from "../../routes.js";
import { cannedInput, cannedSchema, conversationQuery, inboxQuery, manageSchema, noteSchema, replySchema } from "./forms.js";
import { CannedEditPage, CannedListPage, ConversationPage, InboxPage } from "./office.views.js";
import {
  addNote,
  allCanned,
  type Canned,
  cannedById,
  conversationById,
  createCanned,
  inbox,
  manageConversation,
  officeStaff,
  openCount,
  replyToConversation,
  updateCanned,
} from "./service.js";

const PER_PAGE = 25;

/** The contact messages in the office: the inbox in the navigation, and on the home page how many wait. */
export const officeContactOffice: OfficeSection = {
  nav: [{ route: "staffContact", label: (t) => t.officeContact.office.nav, order: 15 }],
  async summary(c) {
    const n = await openCount(c.var.deps.db);
    return n ? [{ text: c.var.t.officeContact.office.summary(n), href: url(c.var.lang, "staffContact") }] : [];
  },
};

const cannedDone = z.object({ done: z.enum(["saved", "created"]).optional().catch(undefined) });

/** The office's inbox, a conversation (reply, note, status and assignee) and the canned answers. */
export function officeContactOfficeRoutes(app: App) {
  page(app, "GET", "staffContact", async (c) => {
    const user = requireStaff(c);
    const { t, deps } = c.var;
    const q = parseQuery(c, inboxQuery);
    const { total, rows } = await inbox(deps.db, { ...q, perPage: PER_PAGE, viewerId: user.id });
    return renderOffice(
      c,
      { title: t.officeContact.office.title },
      <InboxPage query={q} total={total} pages={pageCount(total, PER_PAGE)} rows={rows} staff={await officeStaff(deps.db)} />,
    );
  });

  const conversationParam = async (c: Ctx) => {
    const found = await conversationById(c.var.deps.db, idParam(c));
    if (!found) throw notFound();
    return found;
  };

  /** The conversation page; `values` and `errors` of whichever form was sent (their fields' names differ). */
  const conversationPage = async (
    c: Ctx,
    found: Awaited<ReturnType<typeof conversationParam>>,
    values: FormValues = {},
    errors?: FieldErrors,
  ) => {
    const { t, lang, deps } = c.var;
    const o = t.officeContact.office;
    const q = parseQuery(c, conversationQuery);
    const canned = await allCanned(deps.db);
    const picked = q.canned ? canned.find((x) => x.id === q.canned) : undefined;
    // A canned answer in the sender's language (the other when that one is empty).
    const prefill = picked ? picked.body[found.conv.lang] || picked.body[lang] || picked.body.nl || picked.body.en : "";
    const notice = errors ? null : q.done === "replied" ? o.replied : q.done === "noted" ? o.noted : q.done === "saved" ? o.saved : null;
    return renderOffice(
      c,
      { title: o.conversationTitle(found.conv.reference), status: errors ? 422 : 200 },
      <ConversationPage
        conv={found.conv}
        entries={found.entries}
        staff={await officeStaff(deps.db)}
        canned={canned}
        notice={notice}
        values={{
          status: found.conv.status,
          assignee: found.conv.assigneeId ?? "",
          canned: picked?.id ?? "",
          ...(prefill ? { body: prefill } : {}),
          ...values,
        }}
        errors={errors}
      />,
    );
  };

  page(app, "GET", "staffContactConversation", async (c) => {
    requireStaff(c);
    return conversationPage(c, await conversationParam(c));
  });

  // The reply, mailed to the sender.
  page(app, "POST", "staffContactConversation", async (c) => {
    const user = requireStaff(c);
    const found = await conversationParam(c);
    const { deps, lang } = c.var;
    const form = await parseForm(c, replySchema);
    if (!form.ok) return conversationPage(c, found, form.values, form.errors);
    const done = await replyToConversation(deps.db, deps, {
      id: found.conv.id,
      actorId: user.id,
      body: form.data.body,
      now: deps.clock.now(),
    });
    if (!done) throw notFound();
    return c.redirect(url(lang, "staffContactConversation", { id: found.conv.id }, { done: "replied" }), 303);
  });

  page(app, "POST", "staffContactNote", async (c) => {
    const user = requireStaff(c);
    const found = await conversationParam(c);
    const { deps, lang } = c.var;
    const form = await parseForm(c, noteSchema);
    if (!form.ok) return conversationPage(c, found, form.values, form.errors);
    const done = await addNote(deps.db, { id: found.conv.id, actorId: user.id, note: form.data.note, now: deps.clock.now() });
    if (!done) throw notFound();
    return c.redirect(url(lang, "staffContactConversation", { id: found.conv.id }, { done: "noted" }), 303);
  });

  page(app, "POST", "staffContactManage", async (c) => {
    requireStaff(c);
    const found = await conversationParam(c);
    const { deps, lang } = c.var;
    const form = await parseForm(c, manageSchema);
    if (!form.ok) return conversationPage(c, found, form.values, form.errors);
    try {
      const done = await manageConversation(deps.db, {
        id: found.conv.id,
        status: form.data.status,
        assigneeId: form.data.assignee,
        now: deps.clock.now(),
      });
      if (!done) throw notFound();
    } catch (err) {
      const errors = fieldErrorOf(c, err);
      if (errors) return conversationPage(c, found, form.values, errors);
      throw err;
    }
    return c.redirect(url(lang, "staffContactConversation", { id: found.conv.id }, { done: "saved" }), 303);
  });

  // ---------- canned answers ----------

  const cannedList = async (c: Ctx, values: FormValues = {}, errors?: FieldErrors) =>
    renderOffice(
      c,
      { title: c.var.t.officeContact.office.cannedTitle, status: errors ? 422 : 200 },
      <CannedListPage canned={await allCanned(c.var.deps.db)} values={values} errors={errors} />,
    );

  page(app, "GET", "staffContactCanned", async (c) => {
    requireStaff(c);
    return cannedList(c);
  });

  page(app, "POST", "staffContactCanned", async (c) => {
    const user = requireStaff(c);
    const { deps, lang } = c.var;
    const form = await parseForm(c, cannedSchema);
    if (!form.ok) return cannedList(c, form.values, form.errors);
    const created = await createCanned(deps.db, { actorId: user.id, input: cannedInput(form.data), now: deps.clock.now() });
    return c.redirect(url(lang, "staffContactCannedItem", { id: created.id }, { done: "created" }), 303);
  });

  const cannedParam = async (c: Ctx) => {
    const found = await cannedById(c.var.deps.db, idParam(c));
    if (!found) throw notFound();
    return found;
  };

  const cannedEdit = (c: Ctx, canned: Canned, values?: FormValues, errors?: FieldErrors) => {
    const o = c.var.t.officeContact.office;
    const { done } = parseQuery(c, cannedDone);
    const notice = errors ? null : done === "saved" ? o.cannedSaved : done === "created" ? o.cannedCreated : null;
    return renderOffice(
      c,
      { title: o.cannedEdit(canned.title[c.var.lang] || canned.title.nl || canned.title.en), status: errors ? 422 : 200 },
      <CannedEditPage
        canned={canned}
        notice={notice}
        values={values ?? { title_nl: canned.title.nl, title_en: canned.title.en, body_nl: canned.body.nl, body_en: canned.body.en }}
        errors={errors}
      />,
    );
  };

  page(app, "GET", "staffContactCannedItem", async (c) => {
    requireStaff(c);
    return cannedEdit(c, await cannedParam(c));
  });

  page(app, "POST", "staffContactCannedItem", async (c) => {
    const user = requireStaff(c);
    const found = await cannedParam(c);
    const { deps, lang } = c.var;
    const form = await parseForm(c, cannedSchema);
    if (!form.ok) return cannedEdit(c, found, form.values, form.errors);
    const id = await updateCanned(deps.db, { id: found.id, actorId: user.id, input: cannedInput(form.data), now: deps.clock.now() });
    if (!id) throw notFound();
    return c.redirect(url(lang, "staffContactCannedItem", { id }, { done: "saved" }), 303);
  });
}
