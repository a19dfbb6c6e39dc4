import type { z } from "zod";
import { requireStaff } from "../../core/auth/authorise.js";
import { csvResponse } from "../../core/csv.js";
import { notFound } from "../../core/errors.js";
import { type FieldErrors, type FormValues, fieldErrorOf, parseForm, parseQuery } from "../../core/forms.js";
import { contentChanged } from "../../core/http/cache.js";
import type { Ctx } from "../../core/http/context.js";
import { idParam } from "../../core/http/params.js";
import { type App, page } from "../../core/http/router.js";
import type { OfficeSection } from "../../core/office/shell.js";
import { AuditTable, renderOffice } from "../../core/office/views.js";
import { pageCount } from "../../core/views/pagination.js";
import { url } from "../../routes.js";
import { auditTrailOf } from "../audit/service.js";
import { attachmentFor, downloadHeaders } from "../subsidies/attachments.js";
import {
  addComment,
  applicantOrganisations,
  applicationsCsv,
  applicationYears,
  approve,
  assign,
  budgetBox,
  close,
  decline,
  deleteTemplate,
  euro,
  getTemplate,
  listTemplates,
  markHeld,
  markPaid,
  officeApplication,
  officeQueue,
  requestInformation,
  reviewers,
  saveScores,
  saveTemplate,
  scoreSheet,
  setBudget,
  startReview,
  yearOverview,
} from "../subsidies/review.js";
import { currentYear, getApplication, SUBSIDIES, type SubsidyStatus } from "../subsidies/service.js";
import { saveSubsidyText, subsidyText } from "../subsidies/texts.js";
import {
  applicationQuery,
  approveSchema,
  assignSchema,
  budgetQuery,
  budgetSchema,
  centsValue,
  commentSchema,
  criteriaSchema,
  declineSchema,
  doneQuery,
  infoSchema,
  overviewQuery,
  paidSchema,
  queueQuery,
  scoresSchema,
  stepSchema,
  templateSchema,
} from "./office.forms.js";
import { ApplicationPage, applicationCsvRows, BudgetPage, CriteriaPage, OverviewPage, QueuePage, TemplatesPage } from "./office.views.js";

const PER_PAGE = 25;

/**
 * Who does what: every office account (staff) reviews — the queue, assignment, internal comments,
 * scores, taking into review, questions to the board, "held" and closing, templates, the criteria
 * text, the CSV and the overview. Deciding money is for administrators: approving, declining,
 * recording a payment and setting the year's budget (four eyes: a reviewer scores, an
 * administrator decides).
 */
export const subsidiesOffice: OfficeSection = {
  nav: [{ route: "staffSubsidies", label: (t) => t.subsidiesOffice.nav, order: 37 }],
  auditActions: (t) => t.subsidiesOffice.audit,
  auditFields: (t, lang) => {
    const f = t.subsidiesOffice.fields;
    const amount = (v: unknown) => euro(lang, Number(v));
    return {
      subsidy_application: {
        status: { label: f.status, value: (v) => t.subsidies.status[v as SubsidyStatus] ?? String(v) },
        grantedCents: { label: t.subsidiesOffice.col.granted, value: amount },
        paidCents: { label: t.subsidiesOffice.col.paid, value: amount },
      },
      subsidy_budget: {
        totalCents: { label: t.subsidiesOffice.budget.total, value: amount },
        maxPerApplicationCents: { label: t.subsidiesOffice.budget.maxApplication, value: amount },
        maxPerOrganisationCents: { label: t.subsidiesOffice.budget.maxOrganisation, value: amount },
      },
    };
  },
  /** How many applications of this academic year wait for the office (submitted or in review). */
  async summary(c) {
    const { t, lang, deps } = c.var;
    const year = currentYear(deps.env, deps.clock.now());
    let n = 0;
    for (const status of ["submitted", "in_review"] as const)
      n += (await officeQueue(deps.db, deps.env, { year, status, monthOf: "submitted", page: 1, perPage: 1 })).total;
    return n ? [{ text: t.subsidiesOffice.summary(n), href: url(lang, "staffSubsidies", {}, { year: String(year) }) }] : [];
  },
};

const filterOf = (c: Ctx, q: z.output<typeof queueQuery>) => ({
  ...q,
  year: q.year ?? currentYear(c.var.deps.env, c.var.deps.clock.now()),
  status: q.status as SubsidyStatus | undefined,
  organisationId: q.organisation,
});

/** Which form a template of each kind fills in. */
const TEMPLATE_FIELD = { info: "question", approve: "conditions", decline: "reasons" } as const;

export function subsidyOfficeRoutes(app: App) {
  page(app, "GET", "staffSubsidies", async (c) => {
    requireStaff(c);
    const { t, deps } = c.var;
    const q = filterOf(c, parseQuery(c, queueQuery));
    const [queue, years, organisations, people] = await Promise.all([
      officeQueue(deps.db, deps.env, { ...q, perPage: PER_PAGE }),
      applicationYears(deps.db),
      applicantOrganisations(deps.db),
      reviewers(deps.db),
    ]);
    return renderOffice(
      c,
      { title: t.subsidiesOffice.title },
      <QueuePage
        query={q}
        total={queue.total}
        pages={pageCount(queue.total, PER_PAGE)}
        rows={queue.rows}
        budget={queue.budget}
        years={years}
        organisations={organisations}
        reviewers={people}
      />,
    );
  });

  page(app, "GET", "staffSubsidiesCsv", async (c) => {
    requireStaff(c);
    const { t, lang, deps } = c.var;
    const q = filterOf(c, parseQuery(c, queueQuery));
    const rows = await applicationsCsv(deps.db, deps.env, q);
    return csvResponse(
      c,
      `${lang === "nl" ? "subsidieaanvragen" : "subsidy-applications"}-${q.year}`,
      applicationCsvRows(t, lang, rows, deps.env.TIME_ZONE),
    );
  });

  // ---------- the budget (administrators) ----------

  const budgetPage = async (c: Ctx, year: number, values?: FormValues, errors?: FieldErrors) => {
    const { t, lang, deps } = c.var;
    const box = await budgetBox(deps.db, deps.env, year);
    const { done } = parseQuery(c, budgetQuery);
    const v = values ?? {
      total: centsValue(box.totalCents, lang),
      maxApplication: centsValue(box.maxPerApplicationCents, lang),
      maxOrganisation: centsValue(box.maxPerOrganisationCents, lang),
    };
    return renderOffice(
      c,
      { title: t.subsidiesOffice.budget.title(t.subsidiesOffice.year(year)), status: errors ? 422 : 200 },
      <BudgetPage box={box} values={v} errors={errors} notice={done === "saved" ? t.subsidiesOffice.budget.saved : null} />,
    );
  };
  page(app, "GET", "staffSubsidyBudget", async (c) => {
    requireStaff(c, "admin");
    const { year } = parseQuery(c, budgetQuery);
    return budgetPage(c, year ?? currentYear(c.var.deps.env, c.var.deps.clock.now()));
  });
  page(app, "POST", "staffSubsidyBudget", async (c) => {
    const user = requireStaff(c, "admin");
    const { deps, lang } = c.var;
    const form = await parseForm(c, budgetSchema);
    const fallbackYear = parseQuery(c, budgetQuery).year ?? currentYear(deps.env, deps.clock.now());
    if (!form.ok) return budgetPage(c, fallbackYear, form.values, form.errors);
    const d = form.data;
    try {
      await setBudget(deps.db, deps.env, {
        year: d.year,
        totalCents: d.total,
        maxPerApplicationCents: d.maxApplication,
        maxPerOrganisationCents: d.maxOrganisation,
        actor: user.id,
        now: deps.clock.now(),
      });
    } catch (err) {
      const errors = fieldErrorOf(c, err);
      if (errors) return budgetPage(c, d.year, form.values, errors);
      throw err;
    }
    // The public criteria page shows the year's amounts.
    contentChanged(c, SUBSIDIES);
    return c.redirect(url(lang, "staffSubsidyBudget", {}, { year: String(d.year), done: "saved" }), 303);
  });

  // ---------- templates ----------

  const templatesPage = async (c: Ctx, editing: Awaited<ReturnType<typeof getTemplate>>, values?: FormValues, errors?: FieldErrors) => {
    const { t, deps } = c.var;
    const s = t.subsidiesOffice.templates;
    const { done } = parseQuery(c, doneQuery);
    const v =
      values ??
      (editing ? { kind: editing.kind, name: editing.name, body_nl: editing.body.nl, body_en: editing.body.en } : ({} as FormValues));
    return renderOffice(
      c,
      { title: editing ? s.edit : s.title, status: errors ? 422 : 200 },
      <TemplatesPage
        templates={editing ? [] : await listTemplates(deps.db)}
        editing={editing}
        values={v}
        errors={errors}
        notice={done === "saved" ? s.saved : done === "deleted" ? s.deleted : null}
      />,
    );
  };
  const templateParam = async (c: Ctx) => {
    const tpl = await getTemplate(c.var.deps.db, idParam(c));
    if (!tpl) throw notFound();
    return tpl;
  };
  const saveTemplateForm = async (c: Ctx, editing: Awaited<ReturnType<typeof getTemplate>>) => {
    const user = requireStaff(c);
    const { deps, lang } = c.var;
    const form = await parseForm(c, templateSchema);
    if (!form.ok) return templatesPage(c, editing, form.values, form.errors);
    const d = form.data;
    const id = await saveTemplate(deps.db, {
      id: editing?.id,
      kind: d.kind,
      name: d.name,
      body: { nl: d.body_nl, en: d.body_en },
      actor: user.id,
      now: deps.clock.now(),
    });
    if (!id) throw notFound();
    return c.redirect(url(lang, "staffSubsidyTemplates", {}, { done: "saved" }), 303);
  };
  page(app, "GET", "staffSubsidyTemplates", async (c) => {
    requireStaff(c);
    return templatesPage(c, null);
  });
  page(app, "POST", "staffSubsidyTemplates", (c) => saveTemplateForm(c, null));
  page(app, "GET", "staffSubsidyTemplate", async (c) => {
    requireStaff(c);
    return templatesPage(c, await templateParam(c));
  });
  page(app, "POST", "staffSubsidyTemplate", async (c) => {
    requireStaff(c);
    return saveTemplateForm(c, await templateParam(c));
  });
  page(app, "POST", "staffSubsidyTemplateDelete", async (c) => {
    const user = requireStaff(c);
    const id = await deleteTemplate(c.var.deps.db, { id: idParam(c), actor: user.id });
    if (!id) throw notFound();
    return c.redirect(url(c.var.lang, "staffSubsidyTemplates", {}, { done: "deleted" }), 303);
  });

  // ---------- the criteria page's text ----------

  const criteriaPage = async (c: Ctx, values?: FormValues, errors?: FieldErrors) => {
    const { t, deps } = c.var;
    const text = await subsidyText(deps.db, "criteria");
    const { done } = parseQuery(c, doneQuery);
    return renderOffice(
      c,
      { title: t.subsidiesOffice.criteriaPage.title, status: errors ? 422 : 200 },
      <CriteriaPage
        values={values ?? { body_nl: text.nl, body_en: text.en }}
        errors={errors}
        notice={done === "saved" ? t.subsidiesOffice.criteriaPage.saved : null}
      />,
    );
  };
  page(app, "GET", "staffSubsidyCriteria", async (c) => {
    requireStaff(c);
    return criteriaPage(c);
  });
  page(app, "POST", "staffSubsidyCriteria", async (c) => {
    const user = requireStaff(c);
    const { deps, lang } = c.var;
    const form = await parseForm(c, criteriaSchema);
    if (!form.ok) return criteriaPage(c, form.values, form.errors);
    await saveSubsidyText(deps.db, {
      slug: "criteria",
      body: { nl: form.data.body_nl, en: form.data.body_en },
      actor: user.id,
      now: deps.clock.now(),
    });
    contentChanged(c, SUBSIDIES);
    return c.redirect(url(lang, "staffSubsidyCriteria", {}, { done: "saved" }), 303);
  });

  // ---------- the yearly overview ----------

  page(app, "GET", "staffSubsidyOverview", async (c) => {
    requireStaff(c);
    const { t, deps } = c.var;
    const now = currentYear(deps.env, deps.clock.now());
    const q = parseQuery(c, overviewQuery);
    let [from, to] = [q.from ?? now - 4, q.to ?? now];
    if (from > to) [from, to] = [to, from];
    from = Math.max(from, to - 9);
    const known = await applicationYears(deps.db);
    const choices = [...new Set([...known, ...Array.from({ length: 10 }, (_, i) => now - i), from, to])].sort((a, b) => b - a);
    const years = await yearOverview(
      deps.db,
      Array.from({ length: to - from + 1 }, (_, i) => from + i),
    );
    return renderOffice(
      c,
      { title: t.subsidiesOffice.overview.title },
      <OverviewPage years={years} from={from} to={to} choices={choices} />,
    );
  });

  // The application's pages last: its `:id` would otherwise take the paths above ("budget", "templates", …).
  /** The application's page; after a refused POST, with what was typed and the errors. */
  const applicationPage = async (c: Ctx, values: FormValues = {}, errors?: FieldErrors) => {
    const user = requireStaff(c);
    const { t, deps } = c.var;
    const a = await officeApplication(deps.db, idParam(c));
    if (!a) throw notFound();
    const q = parseQuery(c, applicationQuery);
    const v = { ...values };
    if (!errors && q.template) {
      const tpl = await getTemplate(deps.db, q.template);
      if (tpl) {
        v[TEMPLATE_FIELD[tpl.kind]] = tpl.body[a.app.lang] || tpl.body[a.app.lang === "nl" ? "en" : "nl"];
        v.template = tpl.id;
      }
    }
    if (!("granted" in v) && a.app.requestedCents !== null) v.granted = centsValue(a.app.requestedCents, c.var.lang);
    if (!("paid" in v) && a.app.grantedCents !== null) v.paid = centsValue(a.app.grantedCents, c.var.lang);
    const [sheet, people, templates, trail] = await Promise.all([
      scoreSheet(deps.db, a.app.id),
      reviewers(deps.db),
      listTemplates(deps.db),
      auditTrailOf(deps.db, "subsidy_application", a.app.id),
    ]);
    const done = q.done as keyof typeof t.subsidiesOffice.done | undefined;
    return renderOffice(
      c,
      { title: `${a.app.reference ?? ""} ${a.app.title}`.trim(), status: errors ? 422 : 200 },
      <>
        <ApplicationPage
          a={a}
          sheet={sheet}
          reviewers={people}
          templates={templates}
          me={{ id: user.id, admin: user.staffRole === "admin" }}
          values={v}
          errors={errors}
          notice={done ? (t.subsidiesOffice.done[done] ?? null) : null}
        />
        <h2>{t.office.audit}</h2>
        <AuditTable rows={trail} />
      </>,
    );
  };
  page(app, "GET", "staffSubsidy", (c) => applicationPage(c));

  /** An attachment of an application the office sees (never a draft's): the board's file as uploaded, as a download. */
  page(app, "GET", "staffSubsidyFile", async (c) => {
    requireStaff(c);
    const { db } = c.var.deps;
    const application = await getApplication(db, idParam(c));
    const file = application && application.status !== "draft" ? await attachmentFor(db, application.id, idParam(c, "attachmentId")) : null;
    if (!file) throw notFound();
    return c.body(new Uint8Array(file.data), 200, downloadHeaders(file));
  });

  /** A POST on an application: authorise, parse, run the step, then back to its page with a notice (or the errors). */
  const step = <S extends z.ZodType>(
    key: Parameters<typeof page>[2],
    role: "staff" | "admin",
    schema: S,
    run: (c: Ctx, a: { id: string; actor: string; now: Date }, data: z.output<S>) => Promise<{ id: string | null; done: string }>,
  ) =>
    page(app, "POST", key, async (c) => {
      const user = requireStaff(c, role);
      const id = idParam(c);
      const form = await parseForm(c, schema);
      if (!form.ok) return applicationPage(c, form.values, form.errors);
      let res: { id: string | null; done: string };
      try {
        res = await run(c, { id, actor: user.id, now: c.var.deps.clock.now() }, form.data);
      } catch (err) {
        const errors = fieldErrorOf(c, err);
        if (errors) return applicationPage(c, form.values, errors);
        throw err;
      }
      if (!res.id) throw notFound();
      return c.redirect(url(c.var.lang, "staffSubsidy", { id }, { done: res.done }), 303);
    });

  step("staffSubsidyAssign", "staff", assignSchema, async (c, a, d) => ({
    id: await assign(c.var.deps.db, { ...a, reviewer: d.reviewer || null }),
    done: "assigned",
  }));
  step("staffSubsidyComment", "staff", commentSchema, async (c, a, d) => ({
    id: await addComment(c.var.deps.db, { ...a, body: d.body }),
    done: "comment",
  }));
  step("staffSubsidyScores", "staff", scoresSchema, async (c, a, d) => ({
    id: await saveScores(c.var.deps.db, { id: a.id, reviewer: a.actor, scores: d, now: a.now }),
    done: "scores",
  }));
  step("staffSubsidyStep", "staff", stepSchema, async (c, a, d) => {
    const { db: database } = c.var.deps;
    const deps = c.var.deps;
    if (d.step === "review") return { id: await startReview(database, deps, a), done: "in_review" };
    if (d.step === "held") return { id: await markHeld(database, deps, a), done: "held" };
    return { id: await close(database, deps, a), done: "closed" };
  });
  step("staffSubsidyInfo", "staff", infoSchema, async (c, a, d) => ({
    id: await requestInformation(c.var.deps.db, c.var.deps, { ...a, question: d.question }),
    done: "info_requested",
  }));
  step("staffSubsidyApprove", "admin", approveSchema, async (c, a, d) => ({
    id: await approve(c.var.deps.db, c.var.deps, { ...a, grantedCents: d.granted, conditions: d.conditions }),
    done: "approved",
  }));
  step("staffSubsidyDecline", "admin", declineSchema, async (c, a, d) => ({
    id: await decline(c.var.deps.db, c.var.deps, { ...a, reasons: d.reasons }),
    done: "declined",
  }));
  step("staffSubsidyPaid", "admin", paidSchema, async (c, a, d) => ({
    id: await markPaid(c.var.deps.db, c.var.deps, { ...a, paidCents: d.paid }),
    done: "paid",
  }));
}
