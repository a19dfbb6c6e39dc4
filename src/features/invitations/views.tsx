import type { FieldErrors, FormValues } from "../../core/forms.js";
import { formatDate } from "../../core/i18n/index.js";
import { usePage } from "../../core/views/context.js";
import { ErrorSummary, Form, Input, Select, Submit } from "../../core/views/forms.js";
import { url } from "../../routes.js";
import { POSITIONS, type Position } from "../organisations/service.js";
import { NEXT_BOARD_MAX_ROWS, nextBoardRows } from "./forms.js";

type FormProps = { values?: FormValues; errors?: FieldErrors };

function PositionSelect({ name, label, values, errors, required = true }: FormProps & { name: string; label: string; required?: boolean }) {
  const { t } = usePage();
  return (
    <Select
      name={name}
      label={label}
      required={required}
      placeholder=""
      options={POSITIONS.map((p) => ({ value: p, label: t.org.positions[p] }))}
      values={values}
      errors={errors}
    />
  );
}

/** The page the invitation's link opens: what the invitation is, and buttons to accept or decline (a POST: scanners only GET). */
export function InvitationPage({
  invitation: i,
  token,
  values,
  errors,
}: FormProps & {
  token: string;
  invitation: {
    email: string;
    position: Position;
    year: number;
    startsOn: string;
    orgName: string;
    expiresAt: Date;
    inviter: string | null;
    current: boolean;
  };
}) {
  const { t, lang, env } = usePage();
  const o = t.org;
  const p = t.invitations.page;
  return (
    <div class="narrow">
      <h1>{p.title}</h1>
      <p>
        {p.body(i.inviter === null ? o.mail.theOffice : i.inviter || p.aBoardMember, i.orgName, o.year(i.year), o.positions[i.position])}
      </p>
      {!i.current && <p>{p.starts(formatDate(lang, i.startsOn))}</p>}
      <p>{p.validUntil(formatDate(lang, i.expiresAt, env.TIME_ZONE))}</p>
      <p>{p.forAddress(i.email)}</p>
      <ErrorSummary errors={errors} labels={{ name: p.name }} />
      <Form action={url(lang, "invitation")}>
        <input type="hidden" name="token" value={token} />
        <Input name="name" label={p.name} hint={p.nameHint} autocomplete="name" values={values} errors={errors} />
        <div class="form-actions">
          <button type="submit" name="decision" value="accept" class="button primary">
            {p.accept}
          </button>
          <button type="submit" name="decision" value="decline" class="button secondary">
            {p.decline}
          </button>
        </div>
      </Form>
    </div>
  );
}

export function InvitationGone({ title, body }: { title: string; body: string }) {
  const { t, lang } = usePage();
  return (
    <div class="narrow">
      <h1>{title}</h1>
      <p>{body}</p>
      <p>
        <a class="button primary" href={url(lang, "home")}>
          {t.http.toHome}
        </a>
      </p>
    </div>
  );
}

export function InviteForm({
  action,
  values,
  errors,
  boards,
  newBoardYear,
}: FormProps & {
  action: string;
  boards: { id: string; year: number; startsOn: string; state: "current" | "incoming" | "past" }[];
  /** Offer "this year's board (new)" when none exists yet. */
  newBoardYear?: number;
}) {
  const { t, lang } = usePage();
  const o = t.org;
  const v = t.invitations.invite;
  const options = boards
    .filter((b) => b.state !== "past")
    .map((b) => ({
      value: b.id,
      label:
        b.state === "current" ? o.page.currentBoard(o.year(b.year)) : o.page.incomingBoard(o.year(b.year), formatDate(lang, b.startsOn)),
    }));
  if (newBoardYear !== undefined) options.unshift({ value: "new", label: v.newBoard(o.year(newBoardYear)) });
  return (
    <div class="narrow">
      <h1>{v.title}</h1>
      <p>{v.intro}</p>
      <ErrorSummary
        errors={errors}
        labels={{ boardId: v.board, email: o.fields.personEmail, name: o.fields.personName, position: o.fields.position }}
      />
      <Form action={action}>
        <Select name="boardId" label={v.board} required options={options} values={values} errors={errors} />
        <Input name="email" type="email" label={o.fields.personEmail} required values={values} errors={errors} />
        <Input name="name" label={o.fields.personName} autocomplete="off" values={values} errors={errors} />
        <PositionSelect name="position" label={o.fields.position} values={values} errors={errors} />
        <Submit label={v.submit} />
      </Form>
    </div>
  );
}

export function NextBoardForm({ orgId, values, errors }: FormProps & { orgId: string }) {
  const { t, lang } = usePage();
  const o = t.org;
  const n = t.invitations.next;
  const rows = nextBoardRows(values ?? {});
  const numbers = Array.from({ length: rows }, (_, k) => k + 1);
  // The summary names the fields in the order the form shows them.
  const labels: Record<string, string> = { startsOn: o.fields.startsOn };
  for (const i of numbers) {
    labels[`email_${i}`] = `${n.row(i)}, ${o.fields.personEmail}`;
    labels[`name_${i}`] = `${n.row(i)}, ${o.fields.personName}`;
    labels[`position_${i}`] = `${n.row(i)}, ${o.fields.position}`;
  }
  const action = url(lang, "orgNextBoard", { id: orgId });
  return (
    <>
      <h1>{n.title}</h1>
      <p class="narrow">{n.intro}</p>
      <ErrorSummary errors={errors} labels={labels} />
      <Form action={action}>
        <input type="hidden" name="rows" value={String(rows)} />
        <Input
          name="startsOn"
          type="date"
          width="m"
          label={o.fields.startsOn}
          hint={o.fields.startsOnHint}
          required
          values={values}
          errors={errors}
        />
        <fieldset>
          <legend>{n.members}</legend>
          <p class="hint">{n.membersHint(NEXT_BOARD_MAX_ROWS)}</p>
          {numbers.map((i) => (
            <fieldset class="member-row">
              <legend>{n.row(i)}</legend>
              <Input name={`email_${i}`} type="email" label={o.fields.personEmail} required={i === 1} values={values} errors={errors} />
              <Input name={`name_${i}`} label={o.fields.personName} values={values} errors={errors} />
              <PositionSelect name={`position_${i}`} label={o.fields.position} required={i === 1} values={values} errors={errors} />
            </fieldset>
          ))}
        </fieldset>
        <Submit
          label={n.submit}
          secondary={
            rows < NEXT_BOARD_MAX_ROWS && (
              // After the main button, so Enter in a field still sends the form; the page comes back at the new row.
              <button type="submit" name="addRow" value="1" formaction={`${action}#f-email_${rows + 1}`} class="button secondary">
                {n.addRow}
              </button>
            )
          }
        />
      </Form>
    </>
  );
}
