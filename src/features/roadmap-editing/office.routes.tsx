import { requireStaff, today } from "../../core/auth/authorise.js";
import { notFound } from "../../core/errors.js";
import {
  type FieldErrors,
  type FormValues,
  fieldErrorOf,
  formList,
  localizeErrors,
  normaliseDutchPostcode,
  parseForm,
} from "../../core/forms.js";
import { contentChanged } from "../../core/http/cache.js";
import type { Ctx } from "../../core/http/context.js";
import { idParam } from "../../core/http/params.js";
import { type App, page } from "../../core/http/router.js";
import { formatDate, type Localized } from "../../core/i18n/index.js";
import type { OfficeSection } from "../../core/office/shell.js";
import { AuditTable, OfficeNav } from "../../core/office/views.js";
import { ActionButton, Notice } from "../../core/views/forms.js";
import { ICON_NAMES } from "../../core/views/icons.js";
import { render } from "../../core/views/render.js";
import { text } from "../../core/views/text.js";
import { url } from "../../routes.js";
import { auditTrailOf } from "../audit/service.js";
import {
  allResourcesForStaff,
  allTopicsForStaff,
  createResource,
  createTopic,
  markReviewed,
  type ResourceInput,
  ROADMAP,
  resourceById,
  resourcesToCheck,
  type StaffResource,
  setResourceStatus,
  topicById,
  untranslated,
  updateResource,
  updateTopic,
} from "../roadmap/service.js";
import { AUDIENCE_VALUES, bilingualErrors, localized, parsePhones, phonesToText, resourceSchema, topicSchema } from "./forms.js";
import { type PlaceDetails, Preview, ResourceForm, TopicForm } from "./office.views.js";

const resourceValues = (r: StaffResource & { topicIds: string[] }): FormValues => ({
  slug: r.slug,
  ...Object.fromEntries(
    (["name", "summary", "description", "hours", "confidentiality", "searchWords"] as const).flatMap((k) => [
      [`${k}_nl`, r[k].nl],
      [`${k}_en`, r[k].en],
    ]),
  ),
  scope: r.scope,
  provider: r.provider,
  phones: phonesToText(r.phones),
  email: r.email ?? "",
  website: r.website ?? "",
  bookingUrl: r.bookingUrl ?? "",
  street: r.address?.street ?? "",
  postcode: r.address?.postcode ?? "",
  city: r.address?.city ?? "",
  cost: r.cost,
  languages: r.languages.join(", "),
  urgent: r.urgent ? "on" : "",
  crisis: r.crisis ? "on" : "",
  status: r.status,
  topics: r.topicIds.join(","),
  audiences: r.audiences.join(","),
});

function toInput(
  values: FormValues,
  data: ReturnType<typeof resourceSchema.parse>,
  topicIds: string[],
  audiences: string[],
): ResourceInput {
  return {
    slug: data.slug,
    name: localized(values, "name"),
    summary: localized(values, "summary"),
    description: localized(values, "description"),
    hours: localized(values, "hours"),
    confidentiality: localized(values, "confidentiality"),
    searchWords: localized(values, "searchWords"),
    scope: data.scope,
    provider: data.provider,
    audiences: audiences.filter((a): a is (typeof AUDIENCE_VALUES)[number] => (AUDIENCE_VALUES as readonly string[]).includes(a)),
    phones: parsePhones(data.phones) ?? [],
    email: data.email,
    website: data.website,
    bookingUrl: data.bookingUrl,
    address:
      data.street || data.postcode || data.city
        ? { street: data.street ?? "", postcode: data.postcode ? normaliseDutchPostcode(data.postcode) : "", city: data.city ?? "" }
        : null,
    cost: data.cost,
    languages: data.languages
      ? data.languages
          .toLowerCase()
          .split(",")
          .map((x) => x.trim())
          .filter(Boolean)
      : [],
    urgent: data.urgent,
    crisis: data.crisis,
    status: data.status,
    topicIds,
  };
}

const untranslatedOf = (r: StaffResource) =>
  untranslated({
    name: r.name,
    summary: r.summary,
    description: r.description,
    hours: r.hours,
    confidentiality: r.confidentiality,
    searchWords: r.searchWords,
  } as Record<string, Localized>);

/**
 * Roadmap editing in the office: its navigation item, how the roadmap's records read in a change
 * history, and the office home's count of places due for review.
 */
export const roadmapOffice: OfficeSection = {
  nav: [{ route: "staffRoadmap", label: (t) => t.roadmapEditing.title, order: 40 }],
  auditFields: (t, lang) => ({
    roadmap_resource: {
      slug: { label: t.roadmapEditing.fields.slug },
      lastReviewedOn: { label: t.roadmapEditing.lastChecked, value: (v) => formatDate(lang, String(v)) },
    },
    roadmap_topic: { slug: { label: t.roadmapEditing.fields.slug } },
  }),
  /** Places never checked, or not for ROADMAP_REVIEW_MONTHS: the roadmap page's "To check" list. */
  async summary(c) {
    const { t, lang, deps } = c.var;
    const due = await resourcesToCheck(deps.db, today(c), deps.env.ROADMAP_REVIEW_MONTHS);
    return [{ text: t.roadmapEditing.placesToCheck(due.length), href: `${url(lang, "staffRoadmap")}#to-check` }];
  },
};

/**
 * The office's editing of the roadmap: places to turn, topics and review reminders (office staff).
 * `details` is how the public page shows a place (the roadmap's view, passed in by createApp), so
 * the preview shows it exactly the same way.
 */
export function roadmapOfficeRoutes(app: App, { details }: { details: PlaceDetails }) {
  page(app, "GET", "staffRoadmap", async (c) => {
    requireStaff(c);
    const { t, lang, deps } = c.var;
    const s = t.roadmapEditing;
    const [list, topics, check] = [
      await allResourcesForStaff(deps.db),
      await allTopicsForStaff(deps.db),
      await resourcesToCheck(deps.db, today(c), deps.env.ROADMAP_REVIEW_MONTHS),
    ];
    const done = c.req.query("done");
    return render(
      c,
      { title: s.title, wide: true },
      <>
        <OfficeNav />
        <h1>{s.title}</h1>
        <Notice text={done === "saved" ? s.saved : done === "created" ? s.created : done === "reviewed" ? s.markedReviewed : null} />
        <p class="actions">
          <a class="button primary" href={url(lang, "staffResourceNew")}>
            {s.newResource}
          </a>
          <a class="button secondary" href={url(lang, "staffTopicNew")}>
            {s.newTopic}
          </a>
          <a class="button secondary" href={url(lang, "roadmap")}>
            {t.roadmap.title}
          </a>
        </p>
        <section aria-labelledby="to-check">
          <h2 id="to-check">{s.toCheck}</h2>
          <p>{s.toCheckIntro(deps.env.ROADMAP_REVIEW_MONTHS)}</p>
          {check.length === 0 ? (
            <p>{s.toCheckEmpty}</p>
          ) : (
            <ul class="plain-list">
              {check.map((r) => (
                <li class="toolbar">
                  <span>
                    <a href={url(lang, "staffResource", { id: r.id })}>{text(r.name, lang)}</a> ·{" "}
                    <span class="muted">{r.lastReviewedOn ? formatDate(lang, r.lastReviewedOn) : s.neverReviewed}</span>
                  </span>
                  <ActionButton
                    action={url(lang, "staffResourceReviewed", { id: r.id })}
                    label={`${s.markReviewed}: ${text(r.name, lang)}`}
                  />
                </li>
              ))}
            </ul>
          )}
        </section>
        <h2>{s.resources}</h2>
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{s.fields.name}</th>
                <th scope="col">{s.fields.provider}</th>
                <th scope="col">{s.fields.status}</th>
                <th scope="col">{s.untranslated}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((r) => {
                const missing = untranslatedOf(r);
                return (
                  <tr>
                    <td>
                      <a href={url(lang, "staffResource", { id: r.id })}>{text(r.name, lang)}</a>
                    </td>
                    <td>{r.provider}</td>
                    <td>
                      <span class={`badge ${r.status === "active" ? "ok" : "neutral"}`}>{r.status === "active" ? s.active : s.hidden}</span>
                    </td>
                    <td>{missing.length > 0 ? <span class="flag-untranslated">{s.untranslatedCount(missing.length)}</span> : "–"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <h2>{s.topicsTitle}</h2>
        <ul class="plain-list">
          {topics.map((tp) => (
            <li>
              <a href={url(lang, "staffTopic", { id: tp.id })}>{text(tp.name, lang)}</a>
              {tp.status === "hidden" && <span class="badge neutral"> {s.hidden}</span>}
              {untranslated({ name: tp.name, description: tp.description, searchWords: tp.searchWords }).length > 0 && (
                <span class="flag-untranslated"> {s.untranslated}</span>
              )}
            </li>
          ))}
        </ul>
      </>,
    );
  });

  const resourcePage = async (
    c: Ctx,
    opts: { id?: string; values: FormValues; errors?: FieldErrors; preview?: StaffResource & { topicIds: string[] } },
  ) => {
    const { t, lang, deps } = c.var;
    const s = t.roadmapEditing;
    const topics = await allTopicsForStaff(deps.db);
    const trail = opts.id ? await auditTrailOf(deps.db, "roadmap_resource", opts.id) : [];
    const title = opts.id ? s.editResource : s.newResource;
    const action = opts.id ? url(lang, "staffResource", { id: opts.id }) : url(lang, "staffResourceNew");
    return render(
      c,
      { title, wide: true, status: opts.errors ? 422 : 200 },
      <>
        <OfficeNav />
        <Notice text={c.req.query("done") === "saved" ? s.saved : null} />
        {opts.preview?.status === "hidden" && (
          <div class="warning" role="status">
            <p>{s.hiddenNote}</p>
            <ActionButton action={url(lang, "staffResourceStatus", { id: opts.preview.id })} fields={{ status: "active" }} label={s.show} />
          </div>
        )}
        <ResourceForm action={action} values={opts.values} errors={opts.errors} topics={topics} title={title} />
        {opts.preview && (
          <>
            <h2>{s.preview}</h2>
            <div class="bi-columns">
              <Preview c={c} r={opts.preview} topics={topics} lang="nl" details={details} />
              <Preview c={c} r={opts.preview} topics={topics} lang="en" details={details} />
            </div>
            {opts.preview.status === "active" && (
              <section aria-labelledby="visibility">
                <h2 id="visibility">{s.visibility}</h2>
                <p>{s.visibleNote}</p>
                {/* Hiding asks first: the link opens a page whose button hides. */}
                <p>
                  <a class="button secondary" href={url(lang, "staffResourceStatus", { id: opts.preview.id })}>
                    {s.hide}
                  </a>
                </p>
              </section>
            )}
            <h2>{t.office.audit}</h2>
            <AuditTable rows={trail} />
          </>
        )}
      </>,
    );
  };

  page(app, "GET", "staffResourceNew", async (c) => {
    requireStaff(c);
    return resourcePage(c, { values: { scope: "inside", cost: "free", status: "active", languages: "nl, en" } });
  });

  /** Saves a new place, or (`existing`) the one named by `:id`: authorised, then found (or a 404), then parsed. */
  const saveResource = async (c: Ctx, existing: boolean) => {
    const user = requireStaff(c);
    const { deps } = c.var;
    const current = existing ? await resourceById(deps.db, idParam(c)) : null;
    if (existing && !current) throw notFound();
    const topicIds = await formList(c, "topics");
    const audiences = await formList(c, "audiences");
    const form = await parseForm(c, resourceSchema);
    const values = { ...form.values, topics: topicIds.join(","), audiences: audiences.join(",") };
    const errors: FieldErrors = { ...localizeErrors(c, bilingualErrors(values, ["name", "summary"])), ...(form.ok ? {} : form.errors) };
    const known = new Set((await allTopicsForStaff(deps.db)).map((x) => x.id));
    if (topicIds.length === 0 || topicIds.some((x) => !known.has(x))) errors.topics = c.var.t.errors.topicRequired;
    if (!form.ok || Object.keys(errors).length) return resourcePage(c, { id: current?.id, values, errors, preview: current ?? undefined });
    const input = toInput(values, form.data, topicIds, audiences);
    let id: string | null;
    try {
      id = current
        ? await updateResource(deps.db, user.id, current.id, input, deps.clock.now())
        : await createResource(deps.db, user.id, input, today(c));
    } catch (err) {
      const refused = fieldErrorOf(c, err);
      if (refused) return resourcePage(c, { id: current?.id, values, errors: refused });
      throw err;
    }
    if (!id) throw notFound(); // Gone since it was read above.
    contentChanged(c, ROADMAP);
    return c.redirect(url(c.var.lang, "staffResource", { id }, { done: "saved" }), 303);
  };

  page(app, "POST", "staffResourceNew", (c) => saveResource(c, false));

  page(app, "GET", "staffResource", async (c) => {
    requireStaff(c);
    const r = await resourceById(c.var.deps.db, idParam(c));
    if (!r) throw notFound();
    return resourcePage(c, { id: r.id, values: resourceValues(r), preview: r });
  });

  page(app, "POST", "staffResource", (c) => saveResource(c, true));

  /** Hiding a place asks first: what it does, the place's name, a button that hides and a way back (showing a hidden one likewise). */
  page(app, "GET", "staffResourceStatus", async (c) => {
    requireStaff(c);
    const { t, lang, deps } = c.var;
    const s = t.roadmapEditing;
    const r = await resourceById(deps.db, idParam(c));
    if (!r) throw notFound();
    const back = url(lang, "staffResource", { id: r.id });
    const name = text(r.name, lang);
    // A hidden place: the same question the other way round.
    const hidden = r.status === "hidden";
    const title = hidden ? s.showConfirmTitle(name) : s.hideConfirmTitle(name);
    return render(
      c,
      { title, wide: true },
      <>
        <OfficeNav />
        <h1>{title}</h1>
        <p>{hidden ? s.showConfirmBody : s.hideConfirmBody}</p>
        <p class="actions">
          <ActionButton
            action={url(lang, "staffResourceStatus", { id: r.id })}
            fields={{ status: hidden ? "active" : "hidden" }}
            label={hidden ? s.show : s.hide}
            kind={hidden ? "primary" : "danger"}
          />{" "}
          <a class="button secondary" href={back}>
            {s.cancel}
          </a>
        </p>
      </>,
    );
  });

  page(app, "POST", "staffResourceStatus", async (c) => {
    const user = requireStaff(c);
    const id = idParam(c);
    const status = (await c.req.parseBody()).status === "hidden" ? "hidden" : "active";
    if (!(await setResourceStatus(c.var.deps.db, user.id, id, status))) throw notFound();
    contentChanged(c, ROADMAP);
    return c.redirect(url(c.var.lang, "staffResource", { id }, { done: "saved" }), 303);
  });

  page(app, "POST", "staffResourceReviewed", async (c) => {
    const user = requireStaff(c);
    if (!(await markReviewed(c.var.deps.db, user.id, idParam(c), today(c)))) throw notFound();
    contentChanged(c, ROADMAP);
    return c.redirect(url(c.var.lang, "staffRoadmap", {}, { done: "reviewed" }), 303);
  });

  const topicPage = (c: Ctx, opts: { id?: string; values: FormValues; errors?: FieldErrors }) => {
    const { t, lang } = c.var;
    const s = t.roadmapEditing;
    const fl = s.fields;
    const title = opts.id ? s.editTopic : s.newTopic;
    return render(
      c,
      { title, wide: true, status: opts.errors ? 422 : 200 },
      <TopicForm
        title={title}
        action={opts.id ? url(lang, "staffTopic", { id: opts.id }) : url(lang, "staffTopicNew")}
        values={opts.values}
        errors={opts.errors}
        labels={fl}
      />,
    );
  };

  /** Saves a new topic, or (`existing`) the one named by `:id`: authorised, then found (or a 404), then parsed. */
  const saveTopic = async (c: Ctx, existing: boolean) => {
    const user = requireStaff(c);
    const { deps } = c.var;
    const current = existing ? await topicById(deps.db, idParam(c)) : null;
    if (existing && !current) throw notFound();
    const form = await parseForm(c, topicSchema);
    const both = localizeErrors(c, bilingualErrors(form.values, ["name"]));
    if (!form.ok || Object.keys(both).length)
      return topicPage(c, { id: current?.id, values: form.values, errors: { ...both, ...(form.ok ? {} : form.errors) } });
    const input = {
      slug: form.data.slug,
      name: localized(form.values, "name"),
      description: localized(form.values, "description"),
      searchWords: localized(form.values, "searchWords"),
      icon: ICON_NAMES.includes(form.data.icon) ? form.data.icon : "circle",
      color: form.data.color,
      sort: form.data.sort ?? 100,
      urgent: form.data.urgent,
      status: form.data.status,
    };
    let id: string | null;
    try {
      id = current ? await updateTopic(deps.db, user.id, current.id, input, deps.clock.now()) : await createTopic(deps.db, user.id, input);
    } catch (err) {
      const refused = fieldErrorOf(c, err);
      if (refused) return topicPage(c, { id: current?.id, values: form.values, errors: refused });
      throw err;
    }
    if (!id) throw notFound(); // Gone since it was read above.
    contentChanged(c, ROADMAP);
    return c.redirect(url(c.var.lang, "staffRoadmap", {}, { done: "saved" }), 303);
  };

  page(app, "GET", "staffTopicNew", (c) => {
    requireStaff(c);
    return topicPage(c, { values: { icon: "circle", color: "#0a5c4f", sort: "100", status: "active" } });
  });
  page(app, "POST", "staffTopicNew", (c) => saveTopic(c, false));

  page(app, "GET", "staffTopic", async (c) => {
    requireStaff(c);
    const tp = await topicById(c.var.deps.db, idParam(c));
    if (!tp) throw notFound();
    return topicPage(c, {
      id: tp.id,
      values: {
        slug: tp.slug,
        name_nl: tp.name.nl,
        name_en: tp.name.en,
        description_nl: tp.description.nl,
        description_en: tp.description.en,
        searchWords_nl: tp.searchWords.nl,
        searchWords_en: tp.searchWords.en,
        icon: tp.icon,
        color: tp.color,
        sort: String(tp.sort),
        urgent: tp.urgent ? "on" : "",
        status: tp.status,
      },
    });
  });
  page(app, "POST", "staffTopic", (c) => saveTopic(c, true));
}
