import { requireUser } from "../../core/auth/authorise.js";
import { type FieldErrors, type FormValues, fieldErrorOf, localizeErrors, parseForm } from "../../core/forms.js";
import type { Ctx } from "../../core/http/context.js";
import { type App, page } from "../../core/http/router.js";
import { render } from "../../core/views/render.js";
import { url } from "../../routes.js";
import { joinableOrganisations } from "../organisations/service.js";
import { joinSchema, registerSchema } from "./forms.js";
import { joinProblems, registrationProblems, requestJoin, requestRegistration } from "./service.js";
import { JoinForm, type OrgFieldsView, RegisterForm } from "./views.js";

/**
 * A student's requests: register a new organisation, or join an existing one's board. Both end on
 * the dashboard. `orgFields` draws the organisation's own fields (from the organisations feature).
 */
export function orgRequestRoutes(app: App, views: { orgFields: OrgFieldsView }) {
  page(app, "GET", "orgRegister", (c) => {
    requireUser(c);
    return render(c, { title: c.var.t.requests.register.title }, <RegisterForm orgFields={views.orgFields} />);
  });

  page(app, "POST", "orgRegister", async (c) => {
    const user = requireUser(c);
    const { t, deps } = c.var;
    const form = await parseForm(c, registerSchema);
    const fail = (errors: FieldErrors, values: FormValues) =>
      render(
        c,
        { title: t.requests.register.title, status: 422 },
        <RegisterForm orgFields={views.orgFields} values={values} errors={errors} />,
      );
    if (!form.ok) {
      // Every error at once: the service's rules for the name too, checked without writing.
      const problems = await registrationProblems(deps.db, { userId: user.id, name: form.values.name ?? "" });
      return fail({ ...localizeErrors(c, problems), ...form.errors }, form.values);
    }
    const { position, message, ...data } = form.data;
    try {
      // Mail about what the person just did follows the language of the page they used.
      await requestRegistration(deps.db, deps, { user: { ...user, lang: c.var.lang }, data, position, message });
    } catch (err) {
      const errors = fieldErrorOf(c, err);
      if (errors) return fail(errors, form.values);
      throw err;
    }
    return c.redirect(url(c.var.lang, "dashboard", {}, { done: "requested" }), 303);
  });

  const joinable = (c: Ctx) => joinableOrganisations(c.var.deps.db);

  page(app, "GET", "orgJoin", async (c) => {
    requireUser(c);
    return render(c, { title: c.var.t.requests.join.title }, <JoinForm orgs={await joinable(c)} />);
  });

  page(app, "POST", "orgJoin", async (c) => {
    const user = requireUser(c);
    const { t, deps } = c.var;
    const form = await parseForm(c, joinSchema);
    const fail = async (errors: FieldErrors, values: FormValues) =>
      render(c, { title: t.requests.join.title, status: 422 }, <JoinForm orgs={await joinable(c)} values={values} errors={errors} />);
    if (!form.ok) {
      // Every error at once: the service's rules for the organisation too, checked without writing.
      const problems = await joinProblems(deps.db, { userId: user.id, organisationId: form.values.organisationId ?? "" });
      return fail({ ...localizeErrors(c, problems), ...form.errors }, form.values);
    }
    try {
      await requestJoin(deps.db, deps, { user: { ...user, lang: c.var.lang }, ...form.data });
    } catch (err) {
      const errors = fieldErrorOf(c, err);
      if (errors) return fail(errors, form.values);
      throw err;
    }
    return c.redirect(url(c.var.lang, "dashboard", {}, { done: "requested" }), 303);
  });
}
