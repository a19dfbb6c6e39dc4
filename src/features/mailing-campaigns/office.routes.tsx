import { eq } from "drizzle-orm";
import { requireStaff } from "../../core/auth/authorise.js";
import { AppError, notFound } from "../../core/errors.js";
import { type FieldErrors, type FormValues, fieldErrorOf, formList, localizeErrors, parseForm, parseQuery } from "../../core/forms.js";
import type { Ctx } from "../../core/http/context.js";
import { idParam } from "../../core/http/params.js";
import { type App, page } from "../../core/http/router.js";
import type { OfficeSection } from "../../core/office/shell.js";
import { renderOffice } from "../../core/office/views.js";
import { pageCount } from "../../core/views/pagination.js";
import { url } from "../../routes.js";
import { activeOrganisations } from "../organisations/service.js";
import { publishedOfferings } from "../trainings/service.js";
import {
  announceSchema,
  campaignInput,
  campaignQuery,
  campaignSchema,
  campaignValues,
  deliveriesQuery,
  listQuery,
  orgProblems,
  scheduleSchema,
  testSchema,
} from "./forms.js";
import { CampaignPage, CampaignsPage, ComposePage, DeliveriesPage, PreviewPage } from "./office.views.js";
import { renderCampaign } from "./render.js";
import { mailingCampaigns } from "./schema.js";
import {
  type Campaign,
  campaignById,
  cancelCampaign,
  createCampaign,
  deliveryCounts,
  deliveryPage,
  draftAnnouncement,
  listCampaigns,
  pauseCampaign,
  recipientCount,
  scheduleCampaign,
  sendTest,
  startCampaign,
  updateCampaign,
} from "./service.js";

const PER_PAGE = 25;
const DELIVERIES_PER_PAGE = 50;

/** The newsletters in the office's navigation, and on the home page those being sent. */
export const mailingCampaignsOffice: OfficeSection = {
  nav: [{ route: "staffCampaigns", label: (t) => t.mailingCampaigns.nav, order: 75 }],
  async summary(c) {
    const rows = await c.var.deps.db
      .select({ id: mailingCampaigns.id })
      .from(mailingCampaigns)
      .where(eq(mailingCampaigns.status, "sending"));
    return rows.length ? [{ text: c.var.t.mailingCampaigns.summary(rows.length), href: url(c.var.lang, "staffCampaigns") }] : [];
  },
};

/** The office's campaigns: list, compose, preview, test, schedule / send / pause / cancel, progress and per-recipient status. */
export function mailingCampaignOfficeRoutes(app: App) {
  const m = (c: Ctx) => c.var.t.mailingCampaigns;

  const listPage = async (c: Ctx, values: FormValues = {}, errors?: FieldErrors) => {
    const { deps } = c.var;
    const q = parseQuery(c, listQuery);
    const [{ rows, total }, offerings] = await Promise.all([
      listCampaigns(deps.db, { page: q.page, perPage: PER_PAGE }),
      publishedOfferings(deps.db),
    ]);
    return renderOffice(
      c,
      { title: m(c).title, status: errors ? 422 : 200 },
      <CampaignsPage
        rows={rows}
        total={total}
        page={q.page}
        pages={pageCount(total, PER_PAGE)}
        offerings={offerings.map((o) => ({ id: o.id, title: o.title }))}
        values={values}
        errors={errors}
      />,
    );
  };

  page(app, "GET", "staffCampaigns", async (c) => {
    requireStaff(c);
    return listPage(c);
  });

  // "Draft an announcement": a new draft from a published offering.
  page(app, "POST", "staffCampaignAnnounce", async (c) => {
    const user = requireStaff(c);
    const { deps, lang } = c.var;
    const form = await parseForm(c, announceSchema);
    if (!form.ok) return listPage(c, form.values, form.errors);
    try {
      const created = await draftAnnouncement(deps.db, deps.env, {
        actorId: user.id,
        offeringId: form.data.offering,
        now: deps.clock.now(),
      });
      return c.redirect(url(lang, "staffCampaign", { id: created.id }, { done: "created" }), 303);
    } catch (err) {
      const errors = fieldErrorOf(c, err);
      if (errors) return listPage(c, form.values, errors);
      throw err;
    }
  });

  const composePage = async (c: Ctx, campaign: Campaign | null, values: FormValues, errors?: FieldErrors, notice?: string | null) => {
    const orgs = await activeOrganisations(c.var.deps.db);
    const title = campaign ? m(c).editTitle(campaign.subject[c.var.lang] || m(c).untitled) : m(c).new;
    return renderOffice(
      c,
      { title, status: errors ? 422 : 200 },
      <ComposePage
        title={title}
        campaign={campaign}
        orgs={orgs.map((o) => ({ id: o.id, name: o.name }))}
        values={values}
        errors={errors}
        notice={notice}
      />,
    );
  };

  /** The form's values (checkbox groups joined) and its errors, including organisations no longer active. */
  const readCompose = async (c: Ctx) => {
    const [topics, orgs] = await Promise.all([formList(c, "topics"), formList(c, "orgs")]);
    const extra = { topics: topics.join(","), orgs: orgs.join(",") };
    const form = await parseForm(c, campaignSchema, extra);
    const known = new Set((await activeOrganisations(c.var.deps.db)).map((o) => o.id));
    const problems = localizeErrors(c, orgProblems(form.values, known) as Record<string, "invalidChoice">);
    const errors: FieldErrors = { ...problems, ...(form.ok ? {} : form.errors) };
    return { form, errors, ok: form.ok && !Object.keys(errors).length };
  };

  page(app, "GET", "staffCampaignNew", async (c) => {
    requireStaff(c);
    return composePage(c, null, { audience: "all" });
  });

  page(app, "POST", "staffCampaignNew", async (c) => {
    const user = requireStaff(c);
    const { deps, lang } = c.var;
    const { form, errors, ok } = await readCompose(c);
    if (!form.ok || !ok) return composePage(c, null, form.values, errors);
    const created = await createCampaign(deps.db, { actorId: user.id, input: campaignInput(form.data), now: deps.clock.now() });
    return c.redirect(url(lang, "staffCampaign", { id: created.id }, { done: "created" }), 303);
  });

  const campaignParam = async (c: Ctx) => {
    const found = await campaignById(c.var.deps.db, idParam(c));
    if (!found) throw notFound();
    return found;
  };

  /** The campaign's page: the form while it can change, then the progress; `forms` re-shows one of its small forms with errors. */
  const campaignPage = async (c: Ctx, campaign: Campaign, values?: FormValues, errors?: FieldErrors, problem?: string) => {
    const { deps } = c.var;
    const { done, live } = parseQuery(c, campaignQuery);
    const following = campaign.status === "sending" && live === "1";
    const editable = campaign.status === "draft" || campaign.status === "scheduled";
    const t = m(c);
    const notice =
      errors || problem
        ? null
        : done === "saved" || done === "created"
          ? t.saved
          : done === "scheduled"
            ? t.scheduledNotice
            : done === "started"
              ? t.started
              : done === "paused"
                ? t.paused
                : done === "cancelled"
                  ? t.cancelled
                  : done === "tested"
                    ? t.testSent(c.var.user?.email ?? "")
                    : null;
    if (following) c.header("Refresh", "5");
    const [counts, recipients, orgs] = await Promise.all([
      deliveryCounts(deps.db, campaign.id),
      editable ? recipientCount(deps.db, campaign) : Promise.resolve(null),
      activeOrganisations(deps.db),
    ]);
    return renderOffice(
      c,
      { title: t.editTitle(campaign.subject[c.var.lang] || t.untitled), status: problem ? 409 : errors ? 422 : 200 },
      <CampaignPage
        campaign={campaign}
        counts={counts}
        recipients={recipients}
        orgs={orgs.map((o) => ({ id: o.id, name: o.name }))}
        values={{ ...campaignValues(campaign), lang: c.var.lang, ...values }}
        errors={errors}
        notice={notice}
        problem={problem}
        rate={deps.env.MAILING_RATE_PER_SECOND}
        following={following}
      />,
    );
  };

  page(app, "GET", "staffCampaign", async (c) => {
    requireStaff(c);
    return campaignPage(c, await campaignParam(c));
  });

  // Saves the draft (or the scheduled campaign's text).
  page(app, "POST", "staffCampaign", async (c) => {
    requireStaff(c);
    const campaign = await campaignParam(c);
    const { deps, lang } = c.var;
    const { form, errors, ok } = await readCompose(c);
    if (!form.ok || !ok) return campaignPage(c, campaign, form.values, errors);
    const saved = await updateCampaign(deps.db, campaign.id, campaignInput(form.data), deps.clock.now());
    if (!saved) throw notFound();
    return c.redirect(url(lang, "staffCampaign", { id: campaign.id }, { done: "saved" }), 303);
  });

  page(app, "GET", "staffCampaignPreview", async (c) => {
    requireStaff(c);
    const campaign = await campaignParam(c);
    const { deps } = c.var;
    const recipients = await recipientCount(deps.db, campaign);
    const rendered = { nl: renderCampaign(campaign, "nl", deps.env), en: renderCampaign(campaign, "en", deps.env) };
    return renderOffice(
      c,
      { title: m(c).previewTitle(campaign.subject[c.var.lang] || m(c).untitled) },
      <PreviewPage campaign={campaign} recipients={recipients} rendered={rendered} />,
    );
  });

  page(app, "POST", "staffCampaignTest", async (c) => {
    const user = requireStaff(c);
    const campaign = await campaignParam(c);
    const { deps, lang } = c.var;
    const form = await parseForm(c, testSchema);
    if (!form.ok) return campaignPage(c, campaign, form.values, form.errors);
    await sendTest(deps.db, deps, { campaign, to: user.email, lang: form.data.lang });
    return c.redirect(url(lang, "staffCampaign", { id: campaign.id }, { done: "tested" }), 303);
  });

  page(app, "POST", "staffCampaignSchedule", async (c) => {
    requireStaff(c);
    const campaign = await campaignParam(c);
    const { deps, lang } = c.var;
    const form = await parseForm(c, scheduleSchema(deps.env.TIME_ZONE));
    if (!form.ok) return campaignPage(c, campaign, form.values, form.errors);
    try {
      await scheduleCampaign(deps.db, campaign.id, form.data.scheduledAt, deps.clock.now());
    } catch (err) {
      const errors = fieldErrorOf(c, err);
      if (errors) return campaignPage(c, campaign, form.values, errors);
      throw err;
    }
    return c.redirect(url(lang, "staffCampaign", { id: campaign.id }, { done: "scheduled" }), 303);
  });

  const action = (fn: typeof startCampaign, done: "started" | "paused" | "cancelled") => async (c: Ctx) => {
    requireStaff(c);
    const campaign = await campaignParam(c);
    const { deps, lang } = c.var;
    try {
      if (!(await fn(deps.db, campaign.id, deps.clock.now()))) throw notFound();
    } catch (err) {
      // Another tab or the sender changed the state meanwhile: say so on the campaign's page (409).
      if (!(err instanceof AppError && err.status === 409)) throw err;
      const now = await campaignParam(c);
      const what = done === "started" ? "send" : done === "paused" ? "pause" : "cancel";
      return campaignPage(c, now, undefined, undefined, m(c).wrongState(what, m(c).statuses[now.status]));
    }
    return c.redirect(url(lang, "staffCampaign", { id: campaign.id }, { done }), 303);
  };
  page(app, "POST", "staffCampaignSend", action(startCampaign, "started"));
  page(app, "POST", "staffCampaignPause", action(pauseCampaign, "paused"));
  page(app, "POST", "staffCampaignCancel", action(cancelCampaign, "cancelled"));

  page(app, "GET", "staffCampaignDeliveries", async (c) => {
    requireStaff(c);
    const campaign = await campaignParam(c);
    const q = parseQuery(c, deliveriesQuery);
    const { rows, total } = await deliveryPage(c.var.deps.db, {
      campaignId: campaign.id,
      status: q.status,
      page: q.page,
      perPage: DELIVERIES_PER_PAGE,
    });
    return renderOffice(
      c,
      { title: m(c).deliveriesTitle(campaign.subject[c.var.lang] || m(c).untitled) },
      <DeliveriesPage campaign={campaign} rows={rows} total={total} query={q} pages={pageCount(total, DELIVERIES_PER_PAGE)} />,
    );
  });
}
