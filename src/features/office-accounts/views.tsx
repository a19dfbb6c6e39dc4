import type { FieldErrors, FormValues } from "../../core/forms.js";
import { usePage } from "../../core/views/context.js";
import { ActionButton, ErrorSummary, Form, Input, Notice, Select, Submit } from "../../core/views/forms.js";
import { url } from "../../routes.js";
import type { StaffRole } from "./forms.js";
import type { ExistingAccount, listOfficeAccounts } from "./service.js";

type Account = Awaited<ReturnType<typeof listOfficeAccounts>>[number];
type FormProps = { values?: FormValues; errors?: FieldErrors };

function RoleSelect({ values, errors }: FormProps) {
  const { t } = usePage();
  const a = t.accounts;
  return (
    <Select
      name="role"
      label={a.role}
      required
      options={[
        { value: "staff", label: a.roles.staff },
        { value: "admin", label: a.roles.admin },
      ]}
      values={values}
      errors={errors}
    />
  );
}

/** Every office account, each linking to its own page, and the form to add one. */
export function AccountList({ accounts, notice, values, errors }: FormProps & { accounts: Account[]; notice: string | null }) {
  const { t, lang, user } = usePage();
  const a = t.accounts;
  return (
    <>
      <h1>{a.title}</h1>
      <p>{a.intro}</p>
      <Notice text={notice} />
      <section class="table-wrap" tabindex={0} aria-label={a.title}>
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{a.name}</th>
              <th scope="col">{a.email}</th>
              <th scope="col">{a.role}</th>
            </tr>
          </thead>
          <tbody>
            {/* By name, as people read them (an account without a name by its address). */}
            {accounts.map((u) => (
              <tr>
                <td>
                  <a href={url(lang, "staffUser", { id: u.id })}>{u.name ?? u.email}</a>
                  {u.id === user?.id ? ` ${a.you}` : ""}
                </td>
                <td>{u.email}</td>
                <td>{u.role ? a.roles[u.role] : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <h2>{a.add}</h2>
      <ErrorSummary errors={errors} labels={{ email: a.email, name: a.name, role: a.role }} />
      <Form action={url(lang, "staffUsers")}>
        <Input name="email" type="email" label={a.email} required values={values} errors={errors} />
        <Input name="name" label={a.name} values={values} errors={errors} />
        <RoleSelect values={values} errors={errors} />
        <Submit label={a.add} />
      </Form>
    </>
  );
}

/** One office account: its role (a form) and revoking its access. */
export function AccountPage({
  account,
  notice,
  values,
  errors,
}: FormProps & { account: { id: string; email: string; name: string | null; role: StaffRole }; notice: string | null }) {
  const { t, lang } = usePage();
  const a = t.accounts;
  return (
    <div class="narrow">
      <p>
        <a href={url(lang, "staffUsers")}>{a.title}</a>
      </p>
      <h1>{a.accountTitle(account.email)}</h1>
      <Notice text={notice} />
      <dl class="details">
        <dt>{a.email}</dt>
        <dd>{account.email}</dd>
        <dt>{a.name}</dt>
        <dd>{account.name ?? "–"}</dd>
      </dl>
      <h2>{a.changeRole}</h2>
      <ErrorSummary errors={errors} labels={{ role: a.role }} />
      <Form action={url(lang, "staffUser", { id: account.id })}>
        <p class="hint">{a.roleHint}</p>
        <RoleSelect values={values ?? { role: account.role }} errors={errors} />
        <Submit label={a.changeRole} />
      </Form>
      <h2>{a.removeTitle}</h2>
      <p>{a.removeBody}</p>
      <ActionButton action={url(lang, "staffUserRemove", { id: account.id })} label={a.remove} kind="danger" />
    </div>
  );
}

/**
 * Adding an address that already has an account: the account as it is (name, address, current
 * role) and what adding would change; its button sends the form again with the account's id and
 * the role shown, so nothing changes unless it is still as shown here.
 */
export function ConfirmExisting({ account, role, name }: { account: ExistingAccount; role: StaffRole; name: string | null }) {
  const { t, lang } = usePage();
  const a = t.accounts;
  const current = account.role ? a.roles[account.role] : a.noRole;
  const same = account.role === role;
  return (
    <div class="narrow">
      <h1>{a.existsTitle(account.email)}</h1>
      <dl class="details">
        <dt>{a.email}</dt>
        <dd>{account.role ? <a href={url(lang, "staffUser", { id: account.id })}>{account.email}</a> : account.email}</dd>
        <dt>{a.name}</dt>
        <dd>{account.name ?? "–"}</dd>
        <dt>{a.currentRole}</dt>
        <dd>{current}</dd>
      </dl>
      {same ? (
        <p>{a.existsSameRole(current)}</p>
      ) : (
        <>
          <p>{account.role ? a.existsChange(current, a.roles[role]) : a.existsGive(a.roles[role])}</p>
          {name && name !== account.name && <p class="hint">{a.existsNameKept}</p>}
          <Form action={url(lang, "staffUsers")}>
            <input type="hidden" name="email" value={account.email} />
            <input type="hidden" name="name" value={name ?? ""} />
            <input type="hidden" name="role" value={role} />
            <input type="hidden" name="confirmId" value={account.id} />
            <input type="hidden" name="confirmRole" value={account.role ?? "none"} />
            <Submit
              label={a.existsConfirm(a.roles[role])}
              secondary={
                <a href={url(lang, "staffUsers")} class="button secondary">
                  {t.common.cancel}
                </a>
              }
            />
          </Form>
        </>
      )}
      {same && (
        <p>
          <a href={url(lang, "staffUsers")}>{a.title}</a>
        </p>
      )}
    </div>
  );
}
