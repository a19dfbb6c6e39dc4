import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import { MINUTE } from "../../core/clock.js";
import { randomToken } from "../../core/crypto.js";
import { AppError, notFound } from "../../core/errors.js";
import { type FieldErrors, type FormValues, fieldErrorOf, formValues, localizeErrors, parseForm, parseQuery } from "../../core/forms.js";
import type { AppEnv, Ctx } from "../../core/http/context.js";
import { idParam } from "../../core/http/params.js";
import { type RateRule, rateLimit } from "../../core/http/ratelimit.js";
import { type App, page } from "../../core/http/router.js";
import { LANGS } from "../../core/i18n/index.js";
import { render } from "../../core/views/render.js";
import { ROUTES, url } from "../../routes.js";
import { authoriseOrg } from "../organisations/access.js";
import {
  answerInformation,
  applicationsOfOrg,
  boardApplication,
  createDraft,
  EDITABLE,
  REPORTABLE,
  saveDraft,
  submissionProblems,
  submit,
  submitReport,
  UNDECIDED,
  withdraw,
} from "../subsidies/applications.js";
import { addAttachment, attachmentFor, downloadHeaders, MAX_ATTACHMENT_BYTES, removeAttachment } from "../subsidies/attachments.js";
import { reportDueOf } from "../subsidies/reminders.js";
import { type Application, limitsOf } from "../subsidies/service.js";
import { answerSchema, applicationSchema, applicationValues, lineRows, MAX_LINES, reportSchema, uploadSchema, validKey } from "./forms.js";
import { EditPage, OrgSubsidiesPage, ReportPage, StatusPage, SubsidiesSection, WithdrawPage } from "./views.js";

/** Every POST of a board member on these pages, per account. */
export const SUBSIDY_POSTS = { name: "subsidies-board-user", limit: 120, windowMs: 10 * MINUTE } satisfies RateRule;

type Org = { id: string; name: string };
const DONE = ["saved", "submitted", "answered", "withdrawn", "report", "uploaded", "removed"] as const;
const doneQuery = z.object({ done: z.enum(DONE).optional().catch(undefined) });

/** The upload's path in both languages: its body may be larger than the portal's usual limit. */
const uploadPaths = LANGS.map((l) => new RegExp(`^/${l}${ROUTES.orgSubsidyFiles[l].replace(/:\w+/g, "[^/]+")}$`));
export const isSubsidyUpload = (path: string) => uploadPaths.some((re) => re.test(path));
/** The upload's body limit: one attachment and the form around it. `createApp` uses it instead of the portal's for `isSubsidyUpload` paths. */
export const subsidyUploadLimit: MiddlewareHandler<AppEnv> = bodyLimit({
  maxSize: MAX_ATTACHMENT_BYTES + 64 * 1024,
  onError: (c) => {
    c.header("Connection", "close");
    throw new AppError(413, "too_large");
  },
});

/** The organisation page's section: the subsidy and the link to the organisation's applications. */
export async function subsidiesSection(_c: Ctx, orgId: string) {
  return <SubsidiesSection orgId={orgId} />;
}

async function own(c: Ctx, org: Org) {
  const v = await boardApplication(c.var.deps.db, org.id, idParam(c, "applicationId"));
  if (!v) throw notFound();
  return v;
}

async function statusPage(c: Ctx, org: Org, applicationId: string, values?: FormValues, errors?: FieldErrors) {
  const { deps, t } = c.var;
  const v = await boardApplication(deps.db, org.id, applicationId);
  if (!v) throw notFound();
  const { done } = parseQuery(c, doneQuery);
  const notice = !errors && done && done !== "saved" ? t.subsidies.page.done[done] : null;
  return render(
    c,
    { title: t.subsidies.page.title(v.app.reference ?? (v.app.title || t.subsidies.board.untitled)), status: errors ? 422 : 200 },
    <StatusPage
      org={org}
      v={v}
      notice={notice}
      values={values}
      errors={errors}
      reviewWeeks={deps.env.SUBSIDY_REVIEW_WEEKS}
      reportDue={reportDueOf(v.app, deps.env.SUBSIDY_REPORT_WEEKS)}
    />,
  );
}

async function editPage(c: Ctx, org: Org, app: Application, values: FormValues, errors?: FieldErrors, notice?: string | null) {
  const { deps, t } = c.var;
  const limits = await limitsOf(deps.db, deps.env, app.year);
  return render(
    c,
    { title: t.subsidies.form.title(app.title || t.subsidies.board.untitled), status: errors && Object.keys(errors).length ? 422 : 200 },
    <EditPage
      org={org}
      app={app}
      limits={limits}
      values={values}
      errors={errors}
      notice={notice}
      reviewWeeks={deps.env.SUBSIDY_REVIEW_WEEKS}
    />,
  );
}

/** The board's pages for its organisation's subsidy applications. */
export function subsidyBoardRoutes(app: App) {
  page(app, "GET", "orgSubsidies", async (c) => {
    const { org } = await authoriseOrg(c, c.req.param("id") ?? "");
    const { deps, t } = c.var;
    const rows = await applicationsOfOrg(deps.db, org.id);
    return render(c, { title: t.subsidies.board.title(org.name) }, <OrgSubsidiesPage org={org} rows={rows} formKey={randomToken()} />);
  });

  // "New application": a draft, then its form. The form's key makes a double click give one draft.
  page(app, "POST", "orgSubsidies", async (c) => {
    const { org, user } = await authoriseOrg(c, c.req.param("id") ?? "");
    await rateLimit(c, SUBSIDY_POSTS, user.id);
    const { deps, lang } = c.var;
    const raw = await formValues(c);
    const draft = await createDraft(deps.db, deps.env, {
      orgId: org.id,
      actor: user.id,
      key: validKey(raw.key) ?? randomToken(),
      lang,
      now: deps.clock.now(),
    });
    return c.redirect(url(lang, "orgSubsidyEdit", { id: org.id, applicationId: draft.id }), 303);
  });

  page(app, "GET", "orgSubsidy", async (c) => {
    const { org } = await authoriseOrg(c, c.req.param("id") ?? "");
    return statusPage(c, org, idParam(c, "applicationId"));
  });

  page(app, "GET", "orgSubsidyEdit", async (c) => {
    const { org } = await authoriseOrg(c, c.req.param("id") ?? "");
    const { app: a, plan } = await own(c, org);
    const { lang, t } = c.var;
    if (!EDITABLE.includes(a.status)) return c.redirect(url(lang, "orgSubsidy", { id: org.id, applicationId: a.id }), 303);
    const { done } = parseQuery(c, doneQuery);
    return editPage(c, org, a, applicationValues(a, plan, lang), undefined, done === "saved" ? t.subsidies.form.saved : null);
  });

  // One form, three buttons: save the draft, add a budget line (saves, and comes back with one more row), submit.
  page(app, "POST", "orgSubsidyEdit", async (c) => {
    const { org, user } = await authoriseOrg(c, c.req.param("id") ?? "");
    const { app: a } = await own(c, org);
    await rateLimit(c, SUBSIDY_POSTS, user.id);
    const { deps, lang, t } = c.var;
    const now = deps.clock.now();
    const raw = await formValues(c);
    const rows = lineRows(raw);
    const action = raw.action === "submit" ? "submit" : raw.action === "addLine" ? "addLine" : "save";
    const form = await parseForm(c, applicationSchema(rows));
    const values = { ...form.values, rows: String(rows) };
    if (!form.ok) {
      if (action !== "submit") return editPage(c, org, a, values, form.errors);
      // Submitting: what a complete application still lacks shows in the same round, checked with
      // the wrongly typed fields left out (their own errors stay). Nothing is written.
      const blanked = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, k in form.errors ? "" : v]));
      const lenient = applicationSchema(rows).safeParse(blanked);
      const problems = lenient.success
        ? localizeErrors(c, await submissionProblems(deps.db, deps.env, { ...a, ...lenient.data.fields }, lenient.data.lines, now))
        : {};
      return editPage(c, org, a, values, { ...problems, ...form.errors });
    }
    const ids = { id: org.id, applicationId: a.id };
    try {
      await saveDraft(deps.db, deps.env, { id: a.id, orgId: org.id, fields: form.data.fields, lines: form.data.lines, lang, now });
    } catch (err) {
      const errors = fieldErrorOf(c, err);
      if (errors) return editPage(c, org, a, values, errors);
      throw err;
    }
    if (action === "addLine")
      return editPage(c, org, a, { ...values, rows: String(Math.min(rows + 1, MAX_LINES)) }, undefined, t.subsidies.form.saved);
    if (action === "save") return c.redirect(url(lang, "orgSubsidyEdit", ids, { done: "saved" }), 303);
    // Submitting: everything that is still missing or wrong shows at once, next to its field; the draft is kept.
    const saved = { ...a, ...form.data.fields };
    const problems = localizeErrors(c, await submissionProblems(deps.db, deps.env, saved, form.data.lines, now));
    if (Object.keys(problems).length) return editPage(c, org, saved, values, problems);
    if (a.status === "info_requested") return c.redirect(url(lang, "orgSubsidy", ids), 303);
    try {
      if (!(await submit(deps.db, deps, { id: a.id, orgId: org.id, actor: user.id, now }))) throw notFound();
    } catch (err) {
      const errors = fieldErrorOf(c, err);
      if (errors) return editPage(c, org, saved, values, errors);
      throw err;
    }
    return c.redirect(url(lang, "orgSubsidy", ids, { done: "submitted" }), 303);
  });

  page(app, "POST", "orgSubsidyAnswer", async (c) => {
    const { org, user } = await authoriseOrg(c, c.req.param("id") ?? "");
    const { app: a } = await own(c, org);
    await rateLimit(c, SUBSIDY_POSTS, user.id);
    const { deps, lang } = c.var;
    const form = await parseForm(c, answerSchema);
    if (!form.ok) return statusPage(c, org, a.id, form.values, form.errors);
    try {
      await answerInformation(deps.db, deps, { id: a.id, orgId: org.id, actor: user.id, answer: form.data.answer, now: deps.clock.now() });
    } catch (err) {
      const errors = fieldErrorOf(c, err);
      if (errors) return statusPage(c, org, a.id, form.values, errors);
      throw err;
    }
    return c.redirect(url(lang, "orgSubsidy", { id: org.id, applicationId: a.id }, { done: "answered" }), 303);
  });

  // Withdrawing asks first: this page says what follows, and its button POSTs.
  page(app, "GET", "orgSubsidyWithdraw", async (c) => {
    const { org } = await authoriseOrg(c, c.req.param("id") ?? "");
    const { app: a } = await own(c, org);
    const { t, lang } = c.var;
    if (!UNDECIDED.includes(a.status)) return c.redirect(url(lang, "orgSubsidy", { id: org.id, applicationId: a.id }), 303);
    return render(c, { title: t.subsidies.withdraw.title(a.reference ?? a.title) }, <WithdrawPage org={org} app={a} />);
  });

  page(app, "POST", "orgSubsidyWithdraw", async (c) => {
    const { org, user } = await authoriseOrg(c, c.req.param("id") ?? "");
    const { app: a } = await own(c, org);
    await rateLimit(c, SUBSIDY_POSTS, user.id);
    const { deps, lang } = c.var;
    try {
      await withdraw(deps.db, deps, { id: a.id, orgId: org.id, actor: user.id, now: deps.clock.now() });
    } catch (err) {
      const errors = fieldErrorOf(c, err);
      if (errors) return statusPage(c, org, a.id, undefined, errors);
      throw err;
    }
    return c.redirect(url(lang, "orgSubsidy", { id: org.id, applicationId: a.id }, { done: "withdrawn" }), 303);
  });

  const reportPage = (c: Ctx, org: Org, a: Application, values: FormValues, errors?: FieldErrors) =>
    render(
      c,
      { title: c.var.t.subsidies.report.title(a.reference ?? a.title), status: errors && Object.keys(errors).length ? 422 : 200 },
      <ReportPage org={org} app={a} values={values} errors={errors} />,
    );

  page(app, "GET", "orgSubsidyReport", async (c) => {
    const { org } = await authoriseOrg(c, c.req.param("id") ?? "");
    const { app: a } = await own(c, org);
    if (!REPORTABLE.includes(a.status)) return c.redirect(url(c.var.lang, "orgSubsidy", { id: org.id, applicationId: a.id }), 303);
    return reportPage(c, org, a, {});
  });

  page(app, "POST", "orgSubsidyReport", async (c) => {
    const { org, user } = await authoriseOrg(c, c.req.param("id") ?? "");
    const { app: a } = await own(c, org);
    await rateLimit(c, SUBSIDY_POSTS, user.id);
    const { deps, lang } = c.var;
    const raw = await formValues(c);
    const rows = lineRows(raw);
    if (raw.action === "addLine") return reportPage(c, org, a, { ...raw, rows: String(Math.min(rows + 1, MAX_LINES)) });
    const form = await parseForm(c, reportSchema(rows));
    const values = { ...form.values, rows: String(rows) };
    if (!form.ok) return reportPage(c, org, a, values, form.errors);
    try {
      const done = await submitReport(deps.db, deps, {
        id: a.id,
        orgId: org.id,
        actor: user.id,
        report: form.data.report,
        lines: form.data.lines,
        now: deps.clock.now(),
      });
      if (!done) throw notFound();
    } catch (err) {
      const errors = fieldErrorOf(c, err);
      if (errors) return reportPage(c, org, a, values, errors);
      throw err;
    }
    return c.redirect(url(lang, "orgSubsidy", { id: org.id, applicationId: a.id }, { done: "report" }), 303);
  });

  // An attachment (multipart): its type by its first bytes; refusals show on the application's page.
  page(app, "POST", "orgSubsidyFiles", async (c) => {
    const { org, user } = await authoriseOrg(c, c.req.param("id") ?? "");
    const { app: a } = await own(c, org);
    await rateLimit(c, SUBSIDY_POSTS, user.id);
    const { deps, lang } = c.var;
    const form = await parseForm(c, uploadSchema);
    const file = (await c.req.parseBody()).file;
    const bytes = file instanceof File ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
    const missing = bytes.length ? {} : localizeErrors(c, { file: "required" });
    if (!form.ok || !bytes.length) return statusPage(c, org, a.id, form.values, { ...(form.ok ? {} : form.errors), ...missing });
    try {
      const done = await addAttachment(deps.db, {
        applicationId: a.id,
        orgId: org.id,
        actor: user.id,
        kind: form.data.kind,
        filename: file instanceof File ? file.name : "",
        bytes,
        now: deps.clock.now(),
      });
      if (!done) throw notFound();
    } catch (err) {
      const errors = fieldErrorOf(c, err);
      if (errors) return statusPage(c, org, a.id, form.values, errors);
      throw err;
    }
    return c.redirect(url(lang, "orgSubsidy", { id: org.id, applicationId: a.id }, { done: "uploaded" }), 303);
  });

  // A download, for the organisation's current board only: always an attachment, of its checked type, never sniffed.
  page(app, "GET", "orgSubsidyFile", async (c) => {
    const { org } = await authoriseOrg(c, c.req.param("id") ?? "");
    const { app: a } = await own(c, org);
    const file = await attachmentFor(c.var.deps.db, a.id, idParam(c, "attachmentId"));
    if (!file) throw notFound();
    return c.body(new Uint8Array(file.data), 200, downloadHeaders(file));
  });

  page(app, "POST", "orgSubsidyFileRemove", async (c) => {
    const { org, user } = await authoriseOrg(c, c.req.param("id") ?? "");
    const { app: a } = await own(c, org);
    const attachmentId = idParam(c, "attachmentId");
    await rateLimit(c, SUBSIDY_POSTS, user.id);
    const { deps, lang } = c.var;
    try {
      if (!(await removeAttachment(deps.db, { applicationId: a.id, attachmentId, orgId: org.id }))) throw notFound();
    } catch (err) {
      const errors = fieldErrorOf(c, err);
      if (errors) return statusPage(c, org, a.id, undefined, errors);
      throw err;
    }
    return c.redirect(url(lang, "orgSubsidy", { id: org.id, applicationId: a.id }, { done: "removed" }), 303);
  });
}
