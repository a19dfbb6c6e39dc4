import type { Child } from "hono/jsx";
import type { FieldErrors, FormValues } from "../forms.js";
import { usePage } from "./context.js";

export function CsrfField() {
  const { csrfToken } = usePage();
  return <input type="hidden" name="_csrf" value={csrfToken} />;
}

/** A POST form with its CSRF token. */
export function Form({ action, children, class: cls, id }: { action: string; children: Child; class?: string; id?: string }) {
  return (
    <form method="post" action={action} class={cls ?? "form"} id={id} novalidate>
      <CsrfField />
      {children}
    </form>
  );
}

/** One button that POSTs (for actions like "remove" or "sign in"), never a link that changes state. */
export function ActionButton({
  action,
  label,
  kind,
  fields,
  context,
}: {
  action: string;
  label: string;
  kind?: "primary" | "secondary" | "danger";
  fields?: Record<string, string>;
  /** What the button acts on, for screen readers only (": …" after the label), so a short label stays unique. */
  context?: string;
}) {
  return (
    <form method="post" action={action} class="inline">
      <CsrfField />
      {Object.entries(fields ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button type="submit" class={`button ${kind ?? "secondary"}`}>
        {label}
        {context && <span class="visually-hidden">: {context}</span>}
      </button>
    </form>
  );
}

/**
 * The errors in the order of the form's fields: `labels` names them in that order. Errors come
 * from the schema, from rules across fields and from the service, each in its own order; the
 * summary reads like the form. A field's two languages (`name_nl`, `name_en`) sort with the field
 * (`name`) when `labels` names it; a field `labels` does not name comes last.
 */
export function inFieldOrder(errors: FieldErrors, labels: Record<string, string>): [string, string][] {
  const order = Object.keys(labels);
  const rank = (field: string) => {
    const base = field.replace(/_(nl|en)$/, "");
    const at = order.indexOf(base !== field && order.includes(base) ? base : field);
    return (at < 0 ? order.length : at) + (field.endsWith("_en") ? 0.5 : 0);
  };
  return Object.entries(errors).sort(([a], [b]) => rank(a) - rank(b));
}

/**
 * GOV.UK-style summary at the top of a form with errors, linking to each field. `labels` names
 * every field of the form, in the order the form shows them.
 */
export function ErrorSummary({ errors, labels }: { errors?: FieldErrors; labels: Record<string, string> }) {
  const { t } = usePage();
  const entries = inFieldOrder(errors ?? {}, labels);
  if (!entries.length) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1}>
      <h2 id="error-summary-title">{t.errors.summaryTitle}</h2>
      <ul>
        {entries.map(([field, msg]) => (
          <li>
            <a href={`#f-${field}`}>{labels[field] ? `${labels[field]}: ${msg}` : msg}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

type FieldProps = {
  name: string;
  label: string;
  values?: FormValues;
  errors?: FieldErrors;
  hint?: string;
  required?: boolean;
};

function FieldShell({ name, label, errors, hint, required, children }: FieldProps & { children: Child }) {
  const { t } = usePage();
  const error = errors?.[name];
  return (
    <div class={error ? "field has-error" : "field"}>
      <label for={`f-${name}`}>
        {label}
        {!required && <span class="optional"> ({t.common.optional})</span>}
      </label>
      {hint && (
        <p class="hint" id={`f-${name}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={`f-${name}-error`}>
          <span class="visually-hidden">{t.errors.prefix} </span>
          {error}
        </p>
      )}
      {children}
    </div>
  );
}

const describedBy = (p: FieldProps) =>
  [p.hint ? `f-${p.name}-hint` : "", p.errors?.[p.name] ? `f-${p.name}-error` : ""].filter(Boolean).join(" ") || undefined;

export function Input(
  p: FieldProps & {
    type?: "text" | "email" | "url" | "number" | "date" | "time" | "datetime-local" | "search" | "tel";
    autocomplete?: string;
    inputmode?: "numeric" | "email" | "tel" | "url" | "text";
    width?: "s" | "m" | "l";
    value?: string;
  },
) {
  return (
    <FieldShell {...p}>
      <input
        id={`f-${p.name}`}
        name={p.name}
        type={p.type ?? "text"}
        value={p.values?.[p.name] ?? p.value ?? ""}
        autocomplete={p.autocomplete}
        inputmode={p.inputmode}
        required={p.required}
        aria-required={p.required ? "true" : undefined}
        aria-invalid={p.errors?.[p.name] ? "true" : undefined}
        aria-describedby={describedBy(p)}
        class={`input w-${p.width ?? "l"}`}
        spellcheck={p.type === "email" ? false : undefined}
      />
    </FieldShell>
  );
}

export function TextArea(p: FieldProps & { rows?: number; value?: string }) {
  return (
    <FieldShell {...p}>
      <textarea
        id={`f-${p.name}`}
        name={p.name}
        rows={p.rows ?? 4}
        required={p.required}
        aria-required={p.required ? "true" : undefined}
        aria-invalid={p.errors?.[p.name] ? "true" : undefined}
        aria-describedby={describedBy(p)}
        class="input"
      >
        {p.values?.[p.name] ?? p.value ?? ""}
      </textarea>
    </FieldShell>
  );
}

export function Select(p: FieldProps & { options: { value: string; label: string }[]; value?: string; placeholder?: string }) {
  const current = p.values?.[p.name] ?? p.value ?? "";
  return (
    <FieldShell {...p}>
      <select
        id={`f-${p.name}`}
        name={p.name}
        required={p.required}
        aria-required={p.required ? "true" : undefined}
        aria-invalid={p.errors?.[p.name] ? "true" : undefined}
        aria-describedby={describedBy(p)}
        class="input w-m"
      >
        {p.placeholder !== undefined && <option value="">{p.placeholder}</option>}
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === current}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

/**
 * The consent checkbox of a public form (contact, mailing list): what is kept and for how long
 * (`hint`, above the box, read with it), the box and its label, and the error above them. Sent as
 * `consent=on`.
 */
export function ConsentField({ label, hint, values, errors }: { label: string; hint: Child; values: FormValues; errors?: FieldErrors }) {
  const { t } = usePage();
  const error = errors?.consent;
  return (
    <div class={error ? "field has-error" : "field"}>
      {error && (
        <p class="field-error" id="f-consent-error">
          <span class="visually-hidden">{t.errors.prefix} </span>
          {error}
        </p>
      )}
      <p class="hint" id="f-consent-hint">
        {hint}
      </p>
      <label class="checkbox" for="f-consent">
        <input
          id="f-consent"
          type="checkbox"
          name="consent"
          value="on"
          checked={values.consent === "on"}
          aria-invalid={error ? "true" : undefined}
          aria-describedby={error ? "f-consent-hint f-consent-error" : "f-consent-hint"}
        />{" "}
        {label}
      </label>
    </div>
  );
}

export function Submit({ label, secondary, danger }: { label: string; secondary?: Child; danger?: boolean }) {
  return (
    <div class="form-actions">
      <button type="submit" class={`button ${danger ? "danger" : "primary"}`}>
        {label}
      </button>
      {secondary}
    </div>
  );
}

/** A confirmation after a successful action ("Saved."), announced to screen readers. */
export function Notice({ text }: { text?: string | null }) {
  if (!text) return null;
  return (
    <div class="notice" role="status">
      <p>{text}</p>
    </div>
  );
}

/**
 * Both languages of one staff-entered field side by side (`<name>_nl`, `<name>_en`), flagged "not
 * translated" when only one is filled in (unless `flag` is false). Every office editing form uses it.
 */
export function BilingualField(p: {
  name: string;
  label: string;
  values?: FormValues;
  errors?: FieldErrors;
  area?: boolean;
  rows?: number;
  hint?: string;
  flag?: boolean;
}) {
  const { t } = usePage();
  const nl = p.values?.[`${p.name}_nl`]?.trim() ?? "";
  const en = p.values?.[`${p.name}_en`]?.trim() ?? "";
  const flagged = p.flag !== false && Boolean(nl) !== Boolean(en);
  return (
    <fieldset class="bi-field" aria-describedby={p.hint ? `f-${p.name}-hint` : undefined}>
      <legend>
        {p.label} {flagged && <span class="flag-untranslated">{t.common.untranslated}</span>}
      </legend>
      {p.hint && (
        <p class="hint" id={`f-${p.name}-hint`}>
          {p.hint}
        </p>
      )}
      <div class="bi-columns">
        {(["nl", "en"] as const).map((l) => {
          const props = {
            name: `${p.name}_${l}`,
            label: `${p.label} (${l === "nl" ? t.common.inDutch : t.common.inEnglish})`,
            values: p.values,
            errors: p.errors,
          };
          return <div lang={l}>{p.area ? <TextArea {...props} rows={p.rows ?? 3} /> : <Input {...props} />}</div>;
        })}
      </div>
    </fieldset>
  );
}
