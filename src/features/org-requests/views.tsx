import type { FieldErrors, FormValues } from "../../core/forms.js";
import { LANGS } from "../../core/i18n/index.js";
import { usePage } from "../../core/views/context.js";
import { ErrorSummary, Form, Input, Select, Submit, TextArea } from "../../core/views/forms.js";
import { url } from "../../routes.js";
import { ORG_KINDS, POSITIONS } from "../organisations/service.js";

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

/** The proposed organisation's details: the same fields as the organisation's own form (`orgSchema`). */
function OrgFields({ values, errors }: FormProps) {
  const { t } = usePage();
  const o = t.org;
  return (
    <>
      <Input name="name" label={o.fields.name} required autocomplete="organization" values={values} errors={errors} />
      <Select
        name="kind"
        label={o.fields.kind}
        required
        placeholder=""
        options={ORG_KINDS.map((k) => ({ value: k, label: o.kinds[k] }))}
        values={values}
        errors={errors}
      />
      <Input name="faculty" label={o.fields.faculty} hint={o.fields.facultyHint} values={values} errors={errors} />
      <Input name="website" type="url" label={o.fields.website} autocomplete="url" values={values} errors={errors} />
      <Input name="contactUrl" type="url" label={o.fields.contactUrl} hint={o.fields.contactUrlHint} values={values} errors={errors} />
      <Input name="email" type="email" label={o.fields.email} values={values} errors={errors} />
      <Select
        name="lang"
        label={o.fields.lang}
        required
        options={LANGS.map((l) => ({ value: l, label: o.langs[l] }))}
        values={values}
        errors={errors}
      />
      <Input name="memberCount" type="text" inputmode="numeric" width="s" label={o.fields.memberCount} values={values} errors={errors} />
    </>
  );
}

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

export function RegisterForm({ values, errors }: FormProps) {
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
