import { z } from "zod";
import { today } from "../../core/auth/authorise.js";
import { MINUTE } from "../../core/clock.js";
import { type FieldErrors, type FormValues, parseForm, parseQuery } from "../../core/forms.js";
import type { Ctx } from "../../core/http/context.js";
import { idParam } from "../../core/http/params.js";
import { type RateRule, rateLimit } from "../../core/http/ratelimit.js";
import { type App, page } from "../../core/http/router.js";
import { render } from "../../core/views/render.js";
import { url } from "../../routes.js";
import { authoriseOrg } from "../organisations/access.js";
import { publishedOfferings } from "../trainings/service.js";
import { reportSchema } from "./forms.js";
import { nextSteps, policyIsOld, reportHistory, safetyStatuses, saveReport } from "./service.js";
import { reportValues, SafetyPage, SafetySection } from "./views.js";

/** The board's saves of its report, per account. */
export const SAFETY_POSTS = { name: "social-safety-board-user", limit: 30, windowMs: 10 * MINUTE } satisfies RateRule;

const doneQuery = z.object({ done: z.enum(["saved"]).optional().catch(undefined) });

/** The organisation page's section (passed to organisationRoutes by createApp): a line and the link to the status page. */
export async function safetySection(_c: Ctx, orgId: string) {
  return <SafetySection orgId={orgId} />;
}

/** The board's status page, with the form holding `values` (the latest report, or what was sent) and `errors`. */
async function statusPage(c: Ctx, org: { id: string; name: string }, values?: FormValues, errors?: FieldErrors) {
  const { deps, t } = c.var;
  const day = today(c);
  const [status] = await safetyStatuses(deps.db, deps.env, [org], day, deps.clock.now());
  const published = new Set((await publishedOfferings(deps.db)).map((o) => o.slug));
  const { done } = parseQuery(c, doneQuery);
  return render(
    c,
    { title: t.safety.page.title(org.name), status: errors ? 422 : 200 },
    <SafetyPage
      org={org}
      status={status!}
      steps={nextSteps(status!, deps.env, day)}
      published={published}
      policyOld={policyIsOld(status!, day)}
      day={day}
      history={await reportHistory(deps.db, org.id)}
      notice={!errors && done === "saved" ? t.safety.page.saved : null}
      values={values ?? reportValues(status!)}
      errors={errors}
    />,
  );
}

/** The board's social-safety page: the status, next steps, and the report form (code of conduct, policy). */
export function safetyRoutes(app: App) {
  page(app, "GET", "orgSafety", async (c) => {
    const { org } = await authoriseOrg(c, idParam(c));
    return statusPage(c, org);
  });

  page(app, "POST", "orgSafety", async (c) => {
    const { org, user } = await authoriseOrg(c, idParam(c));
    await rateLimit(c, SAFETY_POSTS, user.id);
    const { deps } = c.var;
    const form = await parseForm(c, reportSchema(today(c)));
    if (!form.ok) return statusPage(c, org, form.values, form.errors);
    await saveReport(deps.db, { orgId: org.id, actorId: user.id, input: form.data, now: deps.clock.now() });
    return c.redirect(url(c.var.lang, "orgSafety", { id: org.id }, { done: "saved" }), 303);
  });
}
