import { DAY, HOUR } from "../../core/clock.js";
import { type FieldErrors, type FormValues, parseForm } from "../../core/forms.js";
import type { Ctx } from "../../core/http/context.js";
import { clientKey, type RateRule, rateLimit } from "../../core/http/ratelimit.js";
import { type App, page } from "../../core/http/router.js";
import { formatPeriod } from "../../core/privacy.js";
import { render } from "../../core/views/render.js";
import type { Env } from "../../env.js";
import { contactSchema } from "./forms.js";
import { newReference, submitContact } from "./service.js";
import { ContactPage, SentPage } from "./views.js";

/** Contact-form POSTs per client network per hour (CONTACT_FORM_LIMIT_PER_HOUR, 20 by default); the honeypot's count too. */
export const contactFormLimit = (env: Env) =>
  ({ name: "office-contact-ip", limit: env.CONTACT_FORM_LIMIT_PER_HOUR, windowMs: HOUR }) satisfies RateRule;

/** The public contact page: the form (prefilled for a signed-in person) and the office's address. */
export function officeContactPublicRoutes(app: App) {
  const formPage = (c: Ctx, values: FormValues, errors?: FieldErrors) => {
    const { t, lang, deps } = c.var;
    const keptFor = formatPeriod(lang, deps.env.RETENTION_OFFICE_CONTACT_DAYS * DAY);
    return render(
      c,
      { title: t.officeContact.form.title, status: errors ? 422 : 200 },
      <ContactPage env={deps.env} values={values} errors={errors} keptFor={keptFor} />,
    );
  };

  page(app, "GET", "contact", (c) => {
    const user = c.var.user;
    return formPage(c, user ? { name: user.name ?? "", email: user.email } : {});
  });

  page(app, "POST", "contact", async (c) => {
    const { t, lang, deps, user } = c.var;
    await rateLimit(c, contactFormLimit(deps.env), clientKey(c));
    const form = await parseForm(c, contactSchema);
    // The honeypot: a bot filled the field people never see. It is told all went well; nothing is kept or mailed.
    if ((form.values.website ?? "").trim()) {
      deps.log.info("contact form: honeypot filled, dropped");
      return render(c, { title: t.officeContact.sent.title }, <SentPage reference={newReference(deps.clock.now())} env={deps.env} />);
    }
    if (!form.ok) return formPage(c, form.values, form.errors);
    const { consent: _consent, website: _website, ...input } = form.data;
    const { reference } = await submitContact(deps.db, deps, { input, lang, userId: user?.id ?? null, now: deps.clock.now() });
    // The page after a POST shows the reference (a reload asks before sending again; no link carries it).
    return render(c, { title: t.officeContact.sent.title }, <SentPage reference={reference} env={deps.env} />);
  });
}
