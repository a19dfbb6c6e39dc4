import { requireStaff } from "../../core/auth/authorise.js";
import { notFound } from "../../core/errors.js";
import { type FieldErrors, type FormValues, fieldErrorOf, parseForm } from "../../core/forms.js";
import type { Ctx } from "../../core/http/context.js";
import { idParam } from "../../core/http/params.js";
import { type App, page } from "../../core/http/router.js";
import type { OfficeSection } from "../../core/office/shell.js";
import { renderOffice } from "../../core/office/views.js";
import { url } from "../../routes.js";
import { addAccountSchema, roleSchema } from "./forms.js";
import { AccountExists, addOfficeAccount, changeOfficeRole, getOfficeAccount, listOfficeAccounts, removeOfficeAccount } from "./service.js";
import { AccountList, AccountPage, ConfirmExisting } from "./views.js";

/** Office accounts in the office: administrators only. */
export const accountsOffice: OfficeSection = {
  nav: [{ route: "staffUsers", label: (t) => t.accounts.nav, adminOnly: true, order: 90 }],
  auditActions: (t) => t.accounts.auditActions,
  auditFields: (t) => ({
    user: {
      role: { label: t.accounts.role, value: (v) => (v === "staff" || v === "admin" ? t.accounts.roles[v].toLowerCase() : String(v)) },
    },
  }),
};

/** The office account named by `:id`, or a 404 (also for a user without an office role). */
async function accountParam(c: Ctx) {
  const account = await getOfficeAccount(c.var.deps.db, idParam(c));
  if (!account) throw notFound();
  return account;
}

export function officeAccountRoutes(app: App) {
  const listPage = async (c: Ctx, values?: FormValues, errors?: FieldErrors) => {
    const { t, deps } = c.var;
    const accounts = await listOfficeAccounts(deps.db);
    const done = c.req.query("done");
    const email = c.req.query("email") ?? "";
    const notice =
      done === "added"
        ? t.accounts.added
        : done === "role"
          ? t.accounts.roleChangedOf(email)
          : done === "unchanged"
            ? t.accounts.unchanged(email)
            : done === "removed"
              ? t.accounts.removed(email)
              : null;
    return renderOffice(
      c,
      { title: t.accounts.title, status: errors ? 422 : 200 },
      <AccountList accounts={accounts} notice={notice} values={values} errors={errors} />,
    );
  };

  page(app, "GET", "staffUsers", async (c) => {
    requireStaff(c, "admin");
    return listPage(c);
  });

  page(app, "POST", "staffUsers", async (c) => {
    const admin = requireStaff(c, "admin");
    const { deps } = c.var;
    const form = await parseForm(c, addAccountSchema);
    if (!form.ok) return listPage(c, form.values, form.errors);
    const { confirmId, confirmRole, ...input } = form.data;
    const confirm = confirmId && confirmRole ? { userId: confirmId, role: confirmRole === "none" ? null : confirmRole } : undefined;
    let done: Awaited<ReturnType<typeof addOfficeAccount>>;
    try {
      done = await addOfficeAccount(deps.db, admin.id, input, { confirm, now: deps.clock.now() });
    } catch (err) {
      // An address with an account: show it with its current role and ask before giving it one.
      if (err instanceof AccountExists)
        return renderOffice(
          c,
          { title: c.var.t.accounts.existsTitle(err.account.email), status: 409, wide: false },
          <ConfirmExisting account={err.account} role={input.role} name={input.name} />,
        );
      const errors = fieldErrorOf(c, err);
      if (errors) return listPage(c, form.values, errors);
      throw err;
    }
    return c.redirect(url(c.var.lang, "staffUsers", {}, { done, email: done === "added" ? undefined : input.email }), 303);
  });

  const accountPage = (c: Ctx, account: Awaited<ReturnType<typeof accountParam>>, values?: FormValues, errors?: FieldErrors) => {
    const { t } = c.var;
    const notice = c.req.query("done") === "role" ? t.accounts.roleChanged : null;
    return renderOffice(
      c,
      { title: t.accounts.accountTitle(account.email), status: errors ? 422 : 200, wide: false },
      <AccountPage account={account} notice={errors ? null : notice} values={values} errors={errors} />,
    );
  };

  page(app, "GET", "staffUser", async (c) => {
    requireStaff(c, "admin");
    return accountPage(c, await accountParam(c));
  });

  /** Changes the role (guarded: the last administrator stays one). */
  page(app, "POST", "staffUser", async (c) => {
    const admin = requireStaff(c, "admin");
    const { deps, lang } = c.var;
    const account = await accountParam(c);
    const form = await parseForm(c, roleSchema);
    if (!form.ok) return accountPage(c, account, form.values, form.errors);
    try {
      const res = await changeOfficeRole(deps.db, { actorId: admin.id, userId: account.id, role: form.data.role, now: deps.clock.now() });
      if (!res) throw notFound();
    } catch (err) {
      const errors = fieldErrorOf(c, err);
      if (errors) return accountPage(c, account, form.values, errors);
      throw err;
    }
    return c.redirect(url(lang, "staffUser", { id: account.id }, { done: "role" }), 303);
  });

  /** Revokes access to the office (guarded: the last administrator stays). */
  page(app, "POST", "staffUserRemove", async (c) => {
    const admin = requireStaff(c, "admin");
    const { deps, lang } = c.var;
    const account = await accountParam(c);
    try {
      const res = await removeOfficeAccount(deps.db, { actorId: admin.id, userId: account.id, now: deps.clock.now() });
      if (!res) throw notFound();
    } catch (err) {
      const errors = fieldErrorOf(c, err);
      if (errors) return accountPage(c, account, undefined, errors);
      throw err;
    }
    return c.redirect(url(lang, "staffUsers", {}, { done: "removed", email: account.email }), 303);
  });
}
