import type { JSX } from "hono/jsx/jsx-runtime";
import type { FieldErrors, FormValues } from "../../core/forms.js";
import { usePage } from "../../core/views/context.js";
import { ErrorSummary, Form, Select, Submit, TextArea } from "../../core/views/forms.js";
import { url } from "../../routes.js";
import { POSITIONS } from "../organisations/service.js";

type FormProps = { values?: FormValues; errors?: FieldErrors };

/** The registration form's field names, in its order, as the error summary names them. */
function useLabels() {
  const { t } = usePage();
  const o = t.org.fields;
  return {
    name: o.name,
    kind: o.kind,
    faculty: o.faculty,
    website: o.website,
    contactUrl: o.contactUrl,
    email: o.email,
    lang: o.lang,
    memberCount: o.memberCount,
    position: o.position,
    message: o.message,
  };
}

/**
 * The organisation's own fields (`orgSchema`), drawn by the organisations feature: features share
 * no views, so `createApp` passes its component in (`orgRequestRoutes(app, { orgFields })`).
 */
export type OrgFieldsView = (props: FormProps) => JSX.Element;

function PositionSelect({ label, values, errors }: FormProps & { label: string }) {
  const { t } = usePage();
  return (
    <Select
      name="position"
      label={label}
      required
      placeholder=""
      options={POSITIONS.map((p) => ({ value: p, label: t.org.positions[p] }))}
      values={values}
      errors={errors}
    />
  );
}

export function RegisterForm({ values, errors, orgFields: OrgFields }: FormProps & { orgFields: OrgFieldsView }) {
  const { t, lang } = usePage();
  const r = t.requests;
  return (
    <div class="narrow">
      <h1>{r.register.title}</h1>
      <p>{r.register.intro}</p>
      <ErrorSummary errors={errors} labels={{ ...useLabels(), position: r.register.yourPosition }} />
      <Form action={url(lang, "orgRegister")}>
        <OrgFields values={{ lang, ...values }} errors={errors} />
        <PositionSelect label={r.register.yourPosition} values={values} errors={errors} />
        <TextArea name="message" label={t.org.fields.message} values={values} errors={errors} />
        <Submit label={r.register.submit} />
      </Form>
    </div>
  );
}

export function JoinForm({ values, errors, orgs }: FormProps & { orgs: { id: string; name: string }[] }) {
  const { t, lang } = usePage();
  const r = t.requests;
  return (
    <div class="narrow">
      <h1>{r.join.title}</h1>
      <p>{r.join.intro}</p>
      <ErrorSummary
        errors={errors}
        labels={{ organisationId: r.join.choose, position: t.org.fields.position, message: t.org.fields.message }}
      />
      <Form action={url(lang, "orgJoin")}>
        <Select
          name="organisationId"
          label={r.join.choose}
          required
          placeholder=""
          options={orgs.map((x) => ({ value: x.id, label: x.name }))}
          values={values}
          errors={errors}
        />
        <PositionSelect label={t.org.fields.position} values={values} errors={errors} />
        <TextArea name="message" label={t.org.fields.message} values={values} errors={errors} />
        <Submit label={r.join.submit} />
      </Form>
    </div>
  );
}
