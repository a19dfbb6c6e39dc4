import { z } from "zod";
import { requireStaff } from "../../core/auth/authorise.js";
import { notFound } from "../../core/errors.js";
import {
  type FieldErrors,
  type FormValues,
  fieldErrorOf,
  formList,
  errorKey as k,
  localizeErrors,
  parseForm,
  parseQuery,
} from "../../core/forms.js";
import { contentChanged } from "../../core/http/cache.js";
import type { Ctx } from "../../core/http/context.js";
import { idParam } from "../../core/http/params.js";
import { type App, page } from "../../core/http/router.js";
import { formatDateTime, type Localized, pick } from "../../core/i18n/index.js";
import type { MailDeps } from "../../core/mail/send.js";
import type { OfficeSection } from "../../core/office/shell.js";
import { AuditTable, renderOffice } from "../../core/office/views.js";
import { Notice } from "../../core/views/forms.js";
import type { Db } from "../../db/index.js";
import { url } from "../../routes.js";
import { auditTrailOf } from "../audit/service.js";
import {
  allOfferings,
  createOffering,
  getOffering,
  getSession,
  OFFERING_STATUSES,
  type Offering,
  type OfferingInput,
  type Session,
  type SessionInput,
  sessionsOf,
  TRAININGS,
} from "../trainings/service.js";
import {
  NEW_OFFERING,
  offeringInput,
  offeringProblems,
  offeringSchema,
  offeringValues,
  sessionInput,
  sessionProblems,
  sessionSchema,
  sessionValues,
} from "./office.forms.js";
import { CancelSession, type Counts, OfferingForm, OfferingLinks, OfferingList, SessionForm, SessionTable } from "./office.views.js";

/**
 * What the offering and date pages need from registrations: the training-registrations feature's
 * office functions, passed in by createApp (a saved capacity makes offers, a moved date is mailed).
 */
export type RegistrationOffice = {
  editOffering(db: Db, deps: MailDeps, actorId: string, id: string, input: Partial<OfferingInput>, now: Date): Promise<Offering | null>;
  addSession(db: Db, deps: MailDeps, a: { actorId: string; offeringId: string; input: SessionInput }): Promise<Session | null>;
  editSession(
    db: Db,
    deps: MailDeps,
    a: { actorId: string; offeringId: string; sessionId: string; input: SessionInput; now: Date },
  ): Promise<{ told: number } | null>;
  cancelSession(
    db: Db,
    deps: MailDeps,
    a: { actorId: string; offeringId: string; sessionId: string; reason: string; now: Date },
  ): Promise<{ cancelled: number } | null>;
  activeOnSession(db: Db, o: Offering, sessionId: string): Promise<number>;
  counts(db: Db, offeringIds: string[]): Promise<{ offerings: Map<string, Counts>; sessions: Map<string, Counts> }>;
};

const when = (lang: "nl" | "en") => (v: unknown) => formatDateTime(lang, new Date(String(v)));

/** Offerings in the office: the navigation item and how their changes read in a history. */
export const trainingsOffice: OfficeSection = {
  nav: [{ route: "staffTrainings", label: (t) => t.trainings.office.nav, order: 35 }],
  auditActions: (t) => t.trainings.office.auditActions,
  auditFields(t, lang) {
    const s = t.trainings.office;
    const fl = s.fields;
    const named = (label: string, names: Record<string, string>) => ({ label, value: (v: unknown) => names[String(v)] ?? String(v) });
    return {
      training_offering: {
        title: { label: fl.title },
        status: named(fl.status, s.statuses),
        format: named(fl.format, s.formats),
        registration: named(fl.registration, s.modes),
        capacityUnit: named(fl.capacityUnit, s.units),
        capacity: { label: fl.capacity },
        maxPerOrganisation: { label: fl.maxPerOrganisation },
        opensAt: { label: fl.opensAt, value: when(lang) },
        closesAt: { label: fl.closesAt, value: when(lang) },
        cancelHoursBefore: { label: fl.cancelHoursBefore },
        waitingList: { label: fl.waitingList },
        autoPromote: { label: fl.autoPromote },
        offerHours: { label: fl.offerHours },
      },
      training_session: {
        startsAt: { label: s.sessionFields.startTime, value: when(lang) },
        endsAt: { label: s.sessionFields.endTime, value: when(lang) },
        location: { label: s.sessionFields.location },
        capacity: { label: s.sessionFields.capacity },
        status: { label: fl.status, value: (v) => (v === "cancelled" ? s.cancelled : String(v)) },
      },
    };
  },
};

const listQuery = z.object({ status: z.enum(["", ...OFFERING_STATUSES]).default("") });
const doneQuery = z.object({ done: z.string().max(20).default(""), n: z.coerce.number().int().min(0).max(1_000_000).default(0) });
const reasonSchema = z.object({ reason: z.string().trim().min(1, k("reasonNeeded")).max(1000, k("maxLength")) });

/** The offering named by `:id` (404 when there is none). */
async function offeringParam(c: Ctx) {
  const o = await getOffering(c.var.deps.db, idParam(c));
  if (!o) throw notFound();
  return o;
}

/** The offering and its date named by `:id` and `:sessionId` (404 unless the date is the offering's). */
export async function sessionParams(c: Ctx) {
  const o = await offeringParam(c);
  const s = await getSession(c.var.deps.db, idParam(c, "sessionId"));
  if (!s || s.offeringId !== o.id) throw notFound();
  return { o, s };
}

const title = (c: Ctx, v: Localized) => pick(v, c.var.lang).text;

/** The office's pages for offerings and their dates (office staff). */
export function trainingOfficeRoutes(app: App, { registrations: reg }: { registrations: RegistrationOffice }) {
  page(app, "GET", "staffTrainings", async (c) => {
    requireStaff(c);
    const { t, deps } = c.var;
    const { status } = parseQuery(c, listQuery);
    const offerings = (await allOfferings(deps.db)).filter((o) => !status || o.status === status);
    const ids = offerings.map((o) => o.id);
    const now = deps.clock.now();
    const sessions = (await sessionsOf(deps.db, ids, { all: true })).filter((s) => s.status === "scheduled" && s.startsAt > now);
    const { offerings: counts } = await reg.counts(deps.db, ids);
    const rows = offerings.map((o) => ({
      o,
      next: sessions.find((s) => s.offeringId === o.id) ?? null,
      counts: counts.get(o.id) ?? { confirmed: 0, offered: 0, waiting: 0, people: 0 },
    }));
    return renderOffice(c, { title: t.trainings.office.title }, <OfferingList rows={rows} status={status} notice={null} />);
  });

  /** The form of a new offering, or an offering's page: its form, dates, links and history. */
  const offeringPage = async (c: Ctx, o: Offering | null, values: FormValues, errors?: FieldErrors) => {
    const { t, lang, deps } = c.var;
    const s = t.trainings.office;
    const heading = o ? s.editOffering : s.newOffering;
    const form = (
      <OfferingForm
        action={o ? url(lang, "staffTraining", { id: o.id }) : url(lang, "staffTrainingNew")}
        values={values}
        errors={errors}
        title={heading}
      />
    );
    if (!o) return renderOffice(c, { title: heading, status: errors ? 422 : 200 }, form);
    const { done, n } = parseQuery(c, doneQuery);
    const notices: Record<string, string> = {
      created: s.created,
      saved: s.saved,
      sessionAdded: s.sessionAdded,
      sessionSaved: s.sessionSaved(n),
      cancelled: s.sessionCancelled(n),
    };
    const sessions = await sessionsOf(deps.db, [o.id], { all: true });
    const { sessions: counts } = await reg.counts(deps.db, [o.id]);
    const trail = await auditTrailOf(deps.db, "training_offering", o.id);
    return renderOffice(
      c,
      { title: `${heading}: ${title(c, o.title)}`, status: errors ? 422 : 200 },
      <>
        <Notice text={errors ? null : (notices[done] ?? null)} />
        <OfferingLinks o={o} />
        {form}
        <SessionTable o={o} sessions={sessions} counts={counts} />
        <h2>{t.office.audit}</h2>
        <AuditTable rows={trail} />
      </>,
    );
  };

  /** Saves a new offering, or `existing`: all errors at once, values kept, nothing written on an error. */
  const saveOffering = async (c: Ctx, existing: Offering | null) => {
    const user = requireStaff(c);
    const { deps, lang } = c.var;
    const tz = deps.env.TIME_ZONE;
    const audiences = await formList(c, "audiences");
    const form = await parseForm(c, offeringSchema);
    const values = { ...form.values, audiences: audiences.join(",") };
    const errors: FieldErrors = { ...localizeErrors(c, offeringProblems(values, tz)), ...(form.ok ? {} : form.errors) };
    if (!form.ok || Object.keys(errors).length) return offeringPage(c, existing, values, errors);
    const input = offeringInput(values, form.data, audiences, tz);
    let id: string;
    try {
      const saved = existing
        ? await reg.editOffering(deps.db, deps, user.id, existing.id, input, deps.clock.now())
        : await createOffering(deps.db, user.id, { ...input, slug: "" });
      if (!saved) throw notFound();
      id = saved.id;
    } catch (err) {
      const refused = fieldErrorOf(c, err);
      if (refused) return offeringPage(c, existing, values, refused);
      throw err;
    }
    contentChanged(c, TRAININGS);
    return c.redirect(url(lang, "staffTraining", { id }, { done: existing ? "saved" : "created" }), 303);
  };

  page(app, "GET", "staffTrainingNew", (c) => {
    requireStaff(c);
    return offeringPage(c, null, NEW_OFFERING);
  });
  page(app, "POST", "staffTrainingNew", (c) => saveOffering(c, null));

  page(app, "GET", "staffTraining", async (c) => {
    requireStaff(c);
    const o = await offeringParam(c);
    return offeringPage(c, o, offeringValues(o, c.var.deps.env.TIME_ZONE));
  });
  page(app, "POST", "staffTraining", async (c) => {
    requireStaff(c);
    return saveOffering(c, await offeringParam(c));
  });

  // ---------- dates ----------

  const sessionPage = (c: Ctx, o: Offering, s: Session | null, values: FormValues, errors?: FieldErrors) => {
    const { t, lang } = c.var;
    const heading = s ? t.trainings.office.editSession : t.trainings.office.newSession;
    const action = s
      ? url(lang, "staffTrainingSession", { id: o.id, sessionId: s.id })
      : url(lang, "staffTrainingSessionNew", { id: o.id });
    return renderOffice(
      c,
      { title: `${heading}: ${title(c, o.title)}`, status: errors ? 422 : 200 },
      <SessionForm o={o} action={action} title={heading} values={values} errors={errors} />,
    );
  };

  /** Saves a new date of `o`, or `existing`; a moved date or an announced location is mailed to everyone registered. */
  const saveSession = async (c: Ctx, o: Offering, existing: Session | null) => {
    const user = requireStaff(c);
    const { deps, lang } = c.var;
    const tz = deps.env.TIME_ZONE;
    const form = await parseForm(c, sessionSchema);
    const errors: FieldErrors = { ...localizeErrors(c, sessionProblems(form.values, tz)), ...(form.ok ? {} : form.errors) };
    if (!form.ok || Object.keys(errors).length) return sessionPage(c, o, existing, form.values, errors);
    const input = sessionInput(form.values, form.data, tz);
    let done: Record<string, string>;
    try {
      if (existing) {
        const a = { actorId: user.id, offeringId: o.id, sessionId: existing.id, input, now: deps.clock.now() };
        const saved = await reg.editSession(deps.db, deps, a);
        if (!saved) throw notFound();
        done = { done: "sessionSaved", n: String(saved.told) };
      } else {
        if (!(await reg.addSession(deps.db, deps, { actorId: user.id, offeringId: o.id, input }))) throw notFound();
        done = { done: "sessionAdded" };
      }
    } catch (err) {
      const refused = fieldErrorOf(c, err);
      if (refused) return sessionPage(c, o, existing, form.values, refused);
      throw err;
    }
    contentChanged(c, TRAININGS);
    return c.redirect(url(lang, "staffTraining", { id: o.id }, done), 303);
  };

  page(app, "GET", "staffTrainingSessionNew", async (c) => {
    requireStaff(c);
    return sessionPage(c, await offeringParam(c), null, { startTime: "11:30", endTime: "16:00" });
  });
  page(app, "POST", "staffTrainingSessionNew", async (c) => {
    requireStaff(c);
    return saveSession(c, await offeringParam(c), null);
  });

  page(app, "GET", "staffTrainingSession", async (c) => {
    requireStaff(c);
    const { o, s } = await sessionParams(c);
    return sessionPage(c, o, s, sessionValues(s, c.var.deps.env.TIME_ZONE));
  });
  page(app, "POST", "staffTrainingSession", async (c) => {
    requireStaff(c);
    const { o, s } = await sessionParams(c);
    return saveSession(c, o, s);
  });

  const cancelPage = async (c: Ctx, o: Offering, s: Session, values: FormValues, errors?: FieldErrors) => {
    const active = await reg.activeOnSession(c.var.deps.db, o, s.id);
    return renderOffice(
      c,
      {
        title: c.var.t.trainings.office.cancelTitle(formatDateTime(c.var.lang, s.startsAt, c.var.deps.env.TIME_ZONE)),
        status: errors ? 422 : 200,
      },
      <CancelSession o={o} session={s} active={active} values={values} errors={errors} />,
    );
  };

  page(app, "GET", "staffTrainingSessionCancel", async (c) => {
    requireStaff(c);
    const { o, s } = await sessionParams(c);
    return cancelPage(c, o, s, {});
  });
  page(app, "POST", "staffTrainingSessionCancel", async (c) => {
    const user = requireStaff(c);
    const { deps, lang } = c.var;
    const { o, s } = await sessionParams(c);
    if (s.status === "cancelled") return c.redirect(url(lang, "staffTraining", { id: o.id }), 303);
    const form = await parseForm(c, reasonSchema);
    if (!form.ok) return cancelPage(c, o, s, form.values, form.errors);
    const a = { actorId: user.id, offeringId: o.id, sessionId: s.id, reason: form.data.reason, now: deps.clock.now() };
    const res = await reg.cancelSession(deps.db, deps, a);
    if (!res) throw notFound();
    contentChanged(c, TRAININGS);
    return c.redirect(url(lang, "staffTraining", { id: o.id }, { done: "cancelled", n: String(res.cancelled) }), 303);
  });
}
