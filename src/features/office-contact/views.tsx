import type { FieldErrors, FormValues } from "../../core/forms.js";
import { usePage } from "../../core/views/context.js";
import { ConsentField, ErrorSummary, Form, Input, Select, Submit, TextArea } from "../../core/views/forms.js";
import type { Env } from "../../env.js";
import { url } from "../../routes.js";
import { CONTACT_SUBJECTS } from "./schema.js";

// The public contact page: the form and the office's address; the page after sending. Props only.

function OfficeAddress({ env }: { env: Env }) {
  const { t, lang } = usePage();
  return (
    <section class="card muted-card" aria-labelledby="office-address">
      <h2 id="office-address">{t.officeContact.form.addressTitle}</h2>
      <dl class="details">
        <dt>{lang === "nl" ? env.OFFICE_NAME_NL : env.OFFICE_NAME_EN}</dt>
        <dd>{lang === "nl" ? env.INSTITUTION_NAME_NL : env.INSTITUTION_NAME_EN}</dd>
        <dt>{t.officeContact.form.emailLabel}</dt>
        <dd>
          <a href={`mailto:${env.OFFICE_EMAIL}`}>{env.OFFICE_EMAIL}</a>
        </dd>
      </dl>
    </section>
  );
}

export function ContactPage({ env, values, errors, keptFor }: { env: Env; values: FormValues; errors?: FieldErrors; keptFor: string }) {
  const { t, lang } = usePage();
  const s = t.officeContact.form;
  const labels = { name: s.name, email: s.email, organisation: s.organisation, subject: s.subject, message: s.message, consent: s.consent };
  return (
    <>
      <h1>{s.title}</h1>
      <p class="narrow">{s.intro}</p>
      <p class="narrow">{s.urgent}</p>
      <ErrorSummary errors={errors} labels={labels} />
      <Form action={url(lang, "contact")}>
        <Input name="name" label={s.name} required autocomplete="name" values={values} errors={errors} />
        <Input name="email" label={s.email} type="email" hint={s.emailHint} required autocomplete="email" values={values} errors={errors} />
        <Input name="organisation" label={s.organisation} autocomplete="organization" values={values} errors={errors} />
        <Select
          name="subject"
          label={s.subject}
          required
          placeholder=""
          options={CONTACT_SUBJECTS.map((v) => ({ value: v, label: s.subjects[v] }))}
          values={values}
          errors={errors}
        />
        <TextArea name="message" label={s.message} hint={s.messageHint} required rows={8} values={values} errors={errors} />
        {/* The honeypot: off-screen, out of the tab order and hidden from assistive technology; people leave it empty. */}
        <div class="trap" aria-hidden="true">
          <label for="f-website">{s.trap}</label>
          <input id="f-website" name="website" type="text" tabindex={-1} autocomplete="off" value="" />
        </div>
        <ConsentField label={s.consent} hint={s.consentHint(keptFor)} values={values} errors={errors} />
        <Submit label={s.send} />
      </Form>
      <OfficeAddress env={env} />
    </>
  );
}

export function SentPage({ reference, env }: { reference: string; env: Env }) {
  const { t, lang } = usePage();
  const s = t.officeContact.sent;
  return (
    <>
      <h1>{s.title}</h1>
      <div class="notice" role="status">
        <p>{s.lead}</p>
      </div>
      <p>
        {s.reference}: <strong id="reference">{reference}</strong>
      </p>
      <p class="narrow">{s.mailed}</p>
      <p>
        <a href={url(lang, "contact")}>{s.again}</a>
      </p>
      <OfficeAddress env={env} />
    </>
  );
}
