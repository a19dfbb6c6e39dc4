import { z } from "zod";
import { requireStaff } from "../../core/auth/authorise.js";
import { notFound } from "../../core/errors.js";
import { type FieldErrors, type FormValues, fieldErrorOf, parseForm, parseQuery } from "../../core/forms.js";
import { contentChanged } from "../../core/http/cache.js";
import type { Ctx } from "../../core/http/context.js";
import { idParam } from "../../core/http/params.js";
import { type App, page } from "../../core/http/router.js";
import type { OfficeSection } from "../../core/office/shell.js";
import { renderOffice } from "../../core/office/views.js";
import { url } from "../../routes.js";
import { guidanceInput, guidanceSchema, guidanceValues, newGuidanceSchema } from "./forms.js";
import { GuidanceForm, GuidanceList } from "./office.views.js";
import {
  addModelGuidance,
  allGuidance,
  createGuidance,
  GUIDANCE,
  type GuidancePage,
  guidanceById,
  guidanceHistory,
  missingModelGuidance,
  updateGuidance,
} from "./service.js";

/** The guidance's item in the office navigation (after the trainings). */
export const guidanceOffice: OfficeSection = {
  nav: [{ route: "staffGuidance", label: (t) => t.guidance.office.nav, order: 37 }],
  auditActions: (t) => t.guidance.office.audit,
  auditFields: (t) => {
    const s = t.guidance.office;
    const language = (v: unknown) => (v === "nl" ? s.dutch : v === "en" ? s.english : String(v));
    return {
      guidance_page: {
        slug: { label: s.slug },
        sort: { label: s.sort },
        title_nl: { label: `${s.titleField} (${s.dutch})` },
        title_en: { label: `${s.titleField} (${s.english})` },
        body: { label: s.bodyChanged, value: (v) => (Array.isArray(v) ? v.map(language).join(", ") : language(v)) },
      },
    };
  },
};

const doneQuery = z.object({ done: z.enum(["saved", "created"]).optional().catch(undefined) });
/** After "add the model pages": how many were added. */
const modelsQuery = z.object({ added: z.coerce.number().int().min(0).max(100).optional().catch(undefined) });

/** The office edits the guidance pages, both languages side by side. */
export function guidanceOfficeRoutes(app: App) {
  const listPage = async (c: Ctx, values: FormValues = {}, errors?: FieldErrors) => {
    const { deps, t } = c.var;
    const { added } = parseQuery(c, modelsQuery);
    return renderOffice(
      c,
      { title: t.guidance.office.title, status: errors ? 422 : 200 },
      <GuidanceList
        pages={await allGuidance(deps.db)}
        missing={await missingModelGuidance(deps.db)}
        notice={errors || added === undefined ? null : t.guidance.office.models.added(added)}
        values={values}
        errors={errors}
      />,
    );
  };

  page(app, "GET", "staffGuidance", async (c) => {
    requireStaff(c);
    return listPage(c);
  });

  page(app, "POST", "staffGuidance", async (c) => {
    const user = requireStaff(c);
    const { deps, lang } = c.var;
    const form = await parseForm(c, newGuidanceSchema);
    if (!form.ok) return listPage(c, form.values, form.errors);
    let created: GuidancePage;
    try {
      created = await createGuidance(deps.db, { actorId: user.id, input: guidanceInput(form.data), now: deps.clock.now() });
    } catch (err) {
      const errors = fieldErrorOf(c, err);
      if (errors) return listPage(c, form.values, errors);
      throw err;
    }
    contentChanged(c, GUIDANCE);
    return c.redirect(url(lang, "staffGuidancePage", { id: created.id }, { done: "created" }), 303);
  });

  // The office starts from the model texts: adds the missing model pages, then edits them.
  page(app, "POST", "staffGuidanceModels", async (c) => {
    const user = requireStaff(c);
    const { deps, lang } = c.var;
    const added = await addModelGuidance(deps.db, { actorId: user.id, now: deps.clock.now() });
    if (added) contentChanged(c, GUIDANCE);
    return c.redirect(url(lang, "staffGuidance", {}, { added: String(added) }), 303);
  });

  const editPage = async (c: Ctx, found: GuidancePage, values?: FormValues, errors?: FieldErrors) => {
    const s = c.var.t.guidance.office;
    const { done } = parseQuery(c, doneQuery);
    const notice = errors ? null : done === "saved" ? s.saved : done === "created" ? s.created : null;
    return renderOffice(
      c,
      { title: s.editTitle(found.title[c.var.lang] || found.title.nl || found.title.en), status: errors ? 422 : 200 },
      <GuidanceForm
        page={found}
        history={await guidanceHistory(c.var.deps.db, found.id)}
        notice={notice}
        values={values ?? guidanceValues(found)}
        errors={errors}
      />,
    );
  };

  const pageParam = async (c: Ctx) => {
    const found = await guidanceById(c.var.deps.db, idParam(c));
    if (!found) throw notFound();
    return found;
  };

  page(app, "GET", "staffGuidancePage", async (c) => {
    requireStaff(c);
    return editPage(c, await pageParam(c));
  });

  page(app, "POST", "staffGuidancePage", async (c) => {
    const user = requireStaff(c);
    const found = await pageParam(c);
    const { deps, lang } = c.var;
    const form = await parseForm(c, guidanceSchema);
    if (!form.ok) return editPage(c, found, form.values, form.errors);
    try {
      await updateGuidance(deps.db, { actorId: user.id, id: found.id, input: guidanceInput(form.data), now: deps.clock.now() });
    } catch (err) {
      const errors = fieldErrorOf(c, err);
      if (errors) return editPage(c, found, form.values, errors);
      throw err;
    }
    contentChanged(c, GUIDANCE);
    return c.redirect(url(lang, "staffGuidancePage", { id: found.id }, { done: "saved" }), 303);
  });
}
