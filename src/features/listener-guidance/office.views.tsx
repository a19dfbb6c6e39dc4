import type { FieldErrors, FormValues } from "../../core/forms.js";
import { formatDateTime } from "../../core/i18n/index.js";
import type { AuditRow } from "../../core/office/audit.js";
import { AuditTable } from "../../core/office/views.js";
import { usePage } from "../../core/views/context.js";
import { ActionButton, BilingualField, ErrorSummary, Form, Input, Notice, Submit } from "../../core/views/forms.js";
import { L } from "../../core/views/text.js";
import { url } from "../../routes.js";
import type { ModelGuidance } from "./model.js";
import type { GuidancePage } from "./service.js";

// The office's guidance pages. Props only: the routes read the data.

type FormProps = { values: FormValues; errors?: FieldErrors };

const labelsOf = (s: { slug: string; sort: string; titleField: string; body: string }, body: boolean): Record<string, string> => ({
  slug: s.slug,
  sort: s.sort,
  title: s.titleField,
  title_nl: s.titleField,
  title_en: s.titleField,
  ...(body ? { body: s.body, body_nl: s.body, body_en: s.body } : {}),
});

/** Offers the model pages that are missing (all of them on a fresh install), with one button to add them. */
function ModelPages({ missing, none }: { missing: readonly ModelGuidance[]; none: boolean }) {
  const { t, lang } = usePage();
  const s = t.guidance.office.models;
  if (!missing.length) return null;
  return (
    <section class="narrow" aria-labelledby="models">
      <h2 id="models">{s.title}</h2>
      <p>{none ? s.none : s.some}</p>
      <ul>
        {missing.map((m) => (
          <li>
            <L v={m.title} />
          </li>
        ))}
      </ul>
      <ActionButton action={url(lang, "staffGuidanceModels")} label={s.add} kind="primary" />
    </section>
  );
}

export function GuidanceList({
  pages,
  missing,
  notice,
  values,
  errors,
}: FormProps & { pages: GuidancePage[]; missing: readonly ModelGuidance[]; notice?: string | null }) {
  const { t, lang } = usePage();
  const s = t.guidance.office;
  return (
    <>
      <h1>{s.title}</h1>
      <Notice text={notice} />
      <p class="narrow">{s.intro}</p>
      <ModelPages missing={missing} none={!pages.length} />
      {pages.length > 0 && (
        <section class="table-wrap" tabindex={0} aria-labelledby="guidance-caption">
          <table class="table">
            <caption id="guidance-caption" class="visually-hidden">
              {s.title}
            </caption>
            <thead>
              <tr>
                <th scope="col">{s.sort}</th>
                <th scope="col">{s.page}</th>
                <th scope="col">{s.dutch}</th>
                <th scope="col">{s.english}</th>
              </tr>
            </thead>
            <tbody>
              {pages.map((p) => (
                <tr>
                  <td>{p.sort}</td>
                  <td>
                    <a href={url(lang, "staffGuidancePage", { id: p.id })}>
                      <L v={p.title} />
                    </a>{" "}
                    <span class="muted">· {formatDateTime(lang, p.updatedAt)}</span>
                  </td>
                  <td>{p.title.nl && p.body.nl ? "✓" : <span class="flag-untranslated">{s.untranslated}</span>}</td>
                  <td>{p.title.en && p.body.en ? "✓" : <span class="flag-untranslated">{s.untranslated}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <h2 id="new">{s.newTitle}</h2>
      <ErrorSummary errors={errors} labels={labelsOf(s, false)} />
      <Form action={url(lang, "staffGuidance")} class="form wide-form">
        <Input name="slug" label={s.slug} hint={s.slugHint} required values={values} errors={errors} />
        <Input name="sort" label={s.sort} hint={s.sortHint} inputmode="numeric" width="s" values={values} errors={errors} />
        <BilingualField name="title" label={s.titleField} values={values} errors={errors} />
        <Submit label={s.create} />
      </Form>
    </>
  );
}

export function GuidanceForm({
  page,
  history,
  notice,
  values,
  errors,
}: FormProps & { page: GuidancePage; history: AuditRow[]; notice?: string | null }) {
  const { t, lang } = usePage();
  const s = t.guidance.office;
  return (
    <>
      <h1>{s.editTitle(page.title[lang] || page.title.nl || page.title.en)}</h1>
      <Notice text={notice} />
      <p>
        <a href={url(lang, "staffGuidance")}>{s.title}</a> · <a href={url(lang, "guidancePage", { slug: page.slug })}>{s.view}</a>
      </p>
      <ErrorSummary errors={errors} labels={labelsOf(s, true)} />
      <Form action={url(lang, "staffGuidancePage", { id: page.id })} class="form wide-form">
        <Input name="slug" label={s.slug} hint={s.slugHint} required values={values} errors={errors} />
        <Input name="sort" label={s.sort} hint={s.sortHint} inputmode="numeric" width="s" values={values} errors={errors} />
        <BilingualField name="title" label={s.titleField} values={values} errors={errors} />
        <BilingualField name="body" label={s.body} hint={s.bodyHint} area rows={16} values={values} errors={errors} />
        <Submit label={s.save} />
      </Form>
      <h2>{t.office.audit}</h2>
      <AuditTable rows={history} />
    </>
  );
}
