import type { FC } from "hono/jsx";
import { catalogs } from "../../catalogs.js";
import type { FieldErrors, FormValues } from "../../core/forms.js";
import type { Ctx } from "../../core/http/context.js";
import type { Lang } from "../../core/i18n/index.js";
import { PageContext, usePage } from "../../core/views/context.js";
import { BilingualField, ErrorSummary, Form, Input, Select, Submit, TextArea } from "../../core/views/forms.js";
import { ICON_NAMES } from "../../core/views/icons.js";
import { pageCtx } from "../../core/views/render.js";
import { text } from "../../core/views/text.js";
import { url } from "../../routes.js";
import { COSTS, type Resource, SCOPES, type Topic } from "../roadmap/service.js";
import { AUDIENCE_VALUES } from "./forms.js";

// The office's editing pages: forms for places to turn and topics, and the public preview.

/** How the public page shows a place's details: the roadmap's own view, passed in by createApp. */
export type PlaceDetails = FC<{ r: Resource; topics: Topic[] }>;

function Checkboxes({
  name,
  legend,
  options,
  selected,
  error,
}: {
  name: string;
  legend: string;
  options: { value: string; label: string }[];
  selected: string[];
  error?: string;
}) {
  const { t } = usePage();
  return (
    <fieldset class={error ? "field has-error" : "field"} id={`f-${name}`} aria-describedby={error ? `f-${name}-error` : undefined}>
      <legend>{legend}</legend>
      {error && (
        <p class="field-error" id={`f-${name}-error`}>
          <span class="visually-hidden">{t.errors.prefix} </span>
          {error}
        </p>
      )}
      <ul class="checkbox-grid">
        {options.map((o, i) => (
          <li class="checkbox">
            <input type="checkbox" id={`f-${name}-${i}`} name={name} value={o.value} checked={selected.includes(o.value)} />
            <label for={`f-${name}-${i}`}>{o.label}</label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

export function ResourceForm({
  action,
  values,
  errors,
  topics,
  title,
}: {
  action: string;
  values: FormValues;
  errors?: FieldErrors;
  topics: Topic[];
  title: string;
}) {
  const { t, lang } = usePage();
  const s = t.roadmapEditing;
  const fl = s.fields;
  const rm = t.roadmap;
  const labels = withBi(fl);
  return (
    <>
      <h1>{title}</h1>
      <ErrorSummary errors={errors} labels={labels} />
      <Form action={action} class="form wide-form">
        <Input name="slug" label={fl.slug} hint={fl.slugHint} required values={values} errors={errors} width="m" />
        <BilingualField name="name" label={fl.name} values={values} errors={errors} />
        <BilingualField name="summary" label={fl.summary} values={values} errors={errors} area rows={2} />
        <BilingualField name="description" label={fl.description} values={values} errors={errors} area rows={5} />
        <Checkboxes
          name="topics"
          legend={fl.topics}
          options={topics.map((tp) => ({ value: tp.id, label: text(tp.name, lang) }))}
          selected={(values.topics ?? "").split(",")}
          error={errors?.topics}
        />
        <Select
          name="scope"
          label={fl.scope}
          required
          options={SCOPES.map((x) => ({ value: x, label: x === "inside" ? rm.inside : rm.outside }))}
          values={values}
          errors={errors}
        />
        <Input name="provider" label={fl.provider} required values={values} errors={errors} />
        <Checkboxes
          name="audiences"
          legend={fl.audiences}
          options={AUDIENCE_VALUES.map((a) => ({ value: a, label: rm.audiences[a] }))}
          selected={(values.audiences ?? "").split(",")}
        />
        <TextArea name="phones" label={fl.phones} hint={fl.phonesHint} rows={3} values={values} errors={errors} />
        <Input name="email" type="email" label={fl.email} values={values} errors={errors} />
        <Input name="website" type="url" label={fl.website} values={values} errors={errors} />
        <Input name="bookingUrl" type="url" label={fl.bookingUrl} values={values} errors={errors} />
        <Input name="street" label={fl.street} values={values} errors={errors} />
        <Input name="postcode" label={fl.postcode} values={values} errors={errors} width="s" />
        <Input name="city" label={fl.city} values={values} errors={errors} width="m" />
        <BilingualField name="hours" label={fl.hours} values={values} errors={errors} area rows={2} />
        <Select
          name="cost"
          label={fl.cost}
          required
          options={COSTS.map((x) => ({ value: x, label: rm.costs[x] }))}
          values={values}
          errors={errors}
        />
        <Input name="languages" label={fl.languages} hint={fl.languagesHint} values={values} errors={errors} width="m" />
        <BilingualField name="confidentiality" label={fl.confidentiality} values={values} errors={errors} area rows={2} />
        <SearchWords labels={fl} values={values} errors={errors} />
        <Checkbox name="crisis" label={fl.crisis} values={values} />
        <UrgentStatusSave urgentLabel={fl.urgent} values={values} errors={errors} />
      </Form>
    </>
  );
}

/** The same resource rendered as the public page would show it, in one language. */
export function Preview({
  c,
  r,
  topics,
  lang,
  details: Details,
}: {
  c: Ctx;
  r: Resource;
  topics: Topic[];
  lang: Lang;
  details: PlaceDetails;
}) {
  const ctx = { ...pageCtx(c), lang, t: catalogs[lang] };
  return (
    <section class="card preview" lang={lang} aria-label={c.var.t.roadmapEditing.previewIn(c.var.t.org.langs[lang])}>
      <h3>{c.var.t.roadmapEditing.previewIn(c.var.t.org.langs[lang])}</h3>
      <PageContext.Provider value={ctx}>
        <h4>{text(r.name, lang)}</h4>
        <Details r={r} topics={topics.filter((x) => (r as Resource & { topicIds?: string[] }).topicIds?.includes(x.id))} />
      </PageContext.Provider>
    </section>
  );
}

export function TopicForm({
  title,
  action,
  values,
  errors,
  labels,
}: {
  title: string;
  action: string;
  values: FormValues;
  errors?: FieldErrors;
  labels: Record<string, string>;
}) {
  return (
    <>
      <h1>{title}</h1>
      <ErrorSummary errors={errors} labels={withBi(labels)} />
      <Form action={action} class="form wide-form">
        <Input name="slug" label={labels.slug!} hint={labels.slugHint} required values={values} errors={errors} width="m" />
        <BilingualField name="name" label={labels.name!} values={values} errors={errors} />
        <BilingualField name="description" label={labels.description!} values={values} errors={errors} area rows={3} />
        <SearchWords labels={labels} values={values} errors={errors} />
        <Select
          name="icon"
          label={labels.icon!}
          required
          options={ICON_NAMES.map((x) => ({ value: x, label: x }))}
          values={values}
          errors={errors}
        />
        <Input name="color" label={labels.color!} hint={labels.colorHint} required values={values} errors={errors} width="s" />
        <Input name="sort" label={labels.sort!} inputmode="numeric" values={values} errors={errors} width="s" />
        <UrgentStatusSave urgentLabel={labels.urgentTopic!} values={values} errors={errors} />
      </Form>
    </>
  );
}

/** Labels for the error summary: each field's label also for its `_nl` and `_en` inputs. */
const withBi = (labels: Record<string, string>): Record<string, string> => ({
  ...labels,
  ...Object.fromEntries(
    Object.entries(labels).flatMap(([k, v]) => [
      [`${k}_nl`, v],
      [`${k}_en`, v],
    ]),
  ),
});

/** The search words of a place or topic, in both languages, with the hint on how to write them. */
function SearchWords({ labels, values, errors }: { labels: Record<string, string>; values: FormValues; errors?: FieldErrors }) {
  return (
    <BilingualField
      name="searchWords"
      label={labels.searchWords!}
      hint={labels.searchWordsHint}
      values={values}
      errors={errors}
      area
      rows={2}
    />
  );
}

function Checkbox({ name, label, values }: { name: string; label: string; values: FormValues }) {
  return (
    <div class="field checkbox">
      <input type="checkbox" id={`f-${name}`} name={name} checked={values[name] === "on"} />
      <label for={`f-${name}`}>{label}</label>
    </div>
  );
}

/** The end of both roadmap forms: the urgent flag, visibility, and save or cancel. */
function UrgentStatusSave({ urgentLabel, values, errors }: { urgentLabel: string; values: FormValues; errors?: FieldErrors }) {
  const { t, lang } = usePage();
  const s = t.roadmapEditing;
  return (
    <>
      <Checkbox name="urgent" label={urgentLabel} values={values} />
      <Select
        name="status"
        label={s.fields.status}
        required
        options={[
          { value: "active", label: s.active },
          { value: "hidden", label: s.hidden },
        ]}
        values={values}
        errors={errors}
      />
      <Submit
        label={t.common.save}
        secondary={
          <a class="button secondary" href={url(lang, "staffRoadmap")}>
            {t.common.cancel}
          </a>
        }
      />
    </>
  );
}
