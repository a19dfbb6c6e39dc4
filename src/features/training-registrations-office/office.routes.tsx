import { requireStaff, today } from "../../core/auth/authorise.js";
import { csvResponse } from "../../core/csv.js";
import { FieldError, notFound } from "../../core/errors.js";
import { type FieldErrors, type FormValues, fieldErrorOf, formList, localizeErrors, parseForm, parseQuery } from "../../core/forms.js";
import { contentChanged } from "../../core/http/cache.js";
import type { Ctx } from "../../core/http/context.js";
import { idParam } from "../../core/http/params.js";
import { type App, page } from "../../core/http/router.js";
import { formatDateTime, pick } from "../../core/i18n/index.js";
import type { OfficeSection } from "../../core/office/shell.js";
import { renderOffice } from "../../core/office/views.js";
import { pageCount } from "../../core/views/pagination.js";
import { url } from "../../routes.js";
import { auditTrailOf } from "../audit/service.js";
import { academicYearOf, activeOrganisations, organisationNames } from "../organisations/service.js";
import {
  attendanceOf,
  messageRecipients,
  messageSession,
  moveRegistration,
  officeRegistration,
  officeRegistrations,
  openOffers,
  participantList,
  registrationCounts,
  saveAttendance,
  trainedThisYear,
  trainingHistory,
} from "../training-registrations/office.js";
import {
  declineRequest,
  listRequests,
  planRequest,
  getRequest as requestById,
  type TrainingRequest,
} from "../training-registrations/requests.js";
import { cancelRegistration, register } from "../training-registrations/service.js";
import {
  allOfferings,
  getOffering,
  getSession,
  type Offering,
  type Session,
  sessionInput,
  sessionProblems,
  sessionSchema,
  sessionsOf,
  TRAININGS,
} from "../trainings/service.js";
import {
  addSchema,
  cancelSchema,
  declineSchema,
  doneQuery,
  listQuery,
  messageProblems,
  messageSchema,
  moveSchema,
  pageQuery,
  participantRows,
} from "./forms.js";
import {
  AddForm,
  Attendance,
  MessageForm,
  OrgTrainings,
  participantCsv,
  RegistrationDetail,
  RegistrationList,
  RequestList,
  RequestPage,
  type SessionFieldsView,
} from "./office.views.js";

/**
 * The office's pages for trainings' registrations: lists and waiting lists, the participants' CSV,
 * one registration, adding above the cap, attendance, messages and the request queue. The data
 * and its rules are the training-registrations feature's (`office.ts`, `service.ts`).
 */

const PER_PAGE = 50;
const HISTORY = 50;

/** Registrations in the office: the requests' navigation item, how their changes read, and the home page's lines. */
export const registrationsOffice: OfficeSection = {
  nav: [{ route: "staffTrainingRequests", label: (t) => t.registrations.office.requestsNav, order: 36 }],
  auditActions: (t) => t.registrations.office.auditActions,
  auditFields(t, lang) {
    const s = t.registrations.office;
    const status = { label: s.status, value: (v: unknown) => s.statuses[v as keyof typeof s.statuses] ?? String(v) };
    return {
      training_registration: {
        status,
        session: { label: s.fields.session, value: (v) => formatDateTime(lang, new Date(String(v))) },
        reason: { label: s.reason },
      },
      training_request: {
        status: { label: s.status, value: (v) => s.requestStatuses[v as keyof typeof s.requestStatuses] ?? String(v) },
        reason: { label: s.reason },
      },
      training_session: { present: { label: s.fields.present }, subject: { label: s.subject }, recipients: { label: s.fields.recipients } },
    };
  },
  async summary(c) {
    const { t, lang, deps } = c.var;
    const s = t.registrations.office;
    const waiting = (await listRequests(deps.db, { view: "pending", page: 1, perPage: 1 })).total;
    return [
      { text: s.requestsWaiting(waiting), href: url(lang, "staffTrainingRequests") },
      { text: s.offersOpen(await openOffers(deps.db)), href: url(lang, "staffTrainings") },
    ];
  },
};

const yearOf = (c: Ctx) => academicYearOf(today(c), c.var.deps.env.ACADEMIC_YEAR_START);

/** The office's organisation list and page show who is trained this academic year, and the page the history (passed in by createApp). */
export const trainingsOrgExtra = {
  column: {
    label: (t: Ctx["var"]["t"]) => t.registrations.office.trainedThisYear,
    async cells(c: Ctx, ids: string[]) {
      const trained = await trainedThisYear(c.var.deps.db, ids, yearOf(c), c.var.deps.clock.now());
      return new Map([...trained].map(([id, people]) => [id, c.var.t.registrations.office.trainedCount(people.length)]));
    },
  },
  async section(c: Ctx, orgId: string) {
    const { db } = c.var.deps;
    const trained = (await trainedThisYear(db, [orgId], yearOf(c), c.var.deps.clock.now())).get(orgId) ?? [];
    return <OrgTrainings trained={trained} history={await trainingHistory(db, orgId, HISTORY)} limit={HISTORY} />;
  },
};

async function offeringParam(c: Ctx) {
  const o = await getOffering(c.var.deps.db, idParam(c));
  if (!o) throw notFound();
  return o;
}

async function sessionParams(c: Ctx) {
  const o = await offeringParam(c);
  const s = await getSession(c.var.deps.db, idParam(c, "sessionId"));
  if (!s || s.offeringId !== o.id) throw notFound();
  return { o, s };
}

/** A registration service's field names, as the add form names its fields. */
const addField = (err: unknown) =>
  err instanceof FieldError && (err.field === "session" || err.field === "participants")
    ? new FieldError(err.field === "session" ? "sessionId" : "name_1", err.key)
    : err;

/**
 * The office's registration pages (office staff): an offering's registrations and waiting list,
 * the participants' CSV, one registration (cancel, move), adding an organisation above the cap,
 * attendance, a message to a date's participants, and the requests' queue. `sessionFields` draws
 * a date's fields (the trainings feature's view, passed in by createApp) for planning a request.
 */
export function registrationOfficeRoutes(app: App, { sessionFields }: { sessionFields: SessionFieldsView }) {
  page(app, "GET", "staffTrainingRegistrations", async (c) => {
    requireStaff(c);
    const { t, deps } = c.var;
    const s = t.registrations.office;
    const o = await offeringParam(c);
    const q = parseQuery(c, listQuery);
    const sessions = await sessionsOf(deps.db, [o.id], { all: true });
    const selected = sessions.find((x) => x.id === q.session) ?? null;
    // A programme's registrations (booked as one, without a date of their own) are on every one of its dates.
    const sessionId = o.format === "package" ? null : (selected?.id ?? null);
    const list = await officeRegistrations(deps.db, { offeringId: o.id, sessionId, page: q.page, perPage: PER_PAGE });
    const { sessions: counts } = await registrationCounts(deps.db, [o.id]);
    const { done, n } = parseQuery(c, doneQuery);
    return renderOffice(
      c,
      { title: s.title(pick(o.title, c.var.lang).text) },
      <RegistrationList
        o={o}
        sessions={sessions}
        counts={counts}
        selected={selected}
        rows={list.rows}
        total={list.total}
        page={q.page}
        pages={pageCount(list.total, PER_PAGE)}
        notice={done === "sent" ? s.sent(n) : null}
      />,
    );
  });

  page(app, "GET", "staffTrainingCsv", async (c) => {
    requireStaff(c);
    const { t, lang, deps } = c.var;
    const o = await offeringParam(c);
    const sessions = await sessionsOf(deps.db, [o.id], { all: true });
    const rows = participantCsv(t, lang, deps.env.TIME_ZONE, sessions, await participantList(deps.db, o.id));
    return csvResponse(c, `${t.registrations.office.csvName}-${o.slug}`, rows);
  });

  // ---------- one registration ----------

  const registrationPage = async (c: Ctx, id: string, values: FormValues = {}, errors?: FieldErrors) => {
    const { t, deps } = c.var;
    const item = await officeRegistration(deps.db, id);
    const o = item && (await getOffering(deps.db, item.reg.offeringId));
    if (!item || !o) throw notFound();
    const sessions = await sessionsOf(deps.db, [o.id], { all: true });
    const trail = await auditTrailOf(deps.db, "training_registration", id);
    const { done } = parseQuery(c, doneQuery);
    const notice = errors ? null : (t.registrations.office.done[done as "cancelled" | "moved" | "added"] ?? null);
    return renderOffice(
      c,
      { title: item.org, status: errors ? 422 : 200 },
      <RegistrationDetail
        o={o}
        sessions={sessions}
        item={item}
        values={values}
        errors={errors}
        trail={trail}
        notice={notice}
        now={deps.clock.now()}
      />,
    );
  };

  page(app, "GET", "staffTrainingRegistration", async (c) => {
    requireStaff(c);
    return registrationPage(c, idParam(c));
  });

  page(app, "POST", "staffTrainingRegistration", async (c) => {
    const user = requireStaff(c);
    const { deps, lang } = c.var;
    const id = idParam(c);
    if (!(await officeRegistration(deps.db, id))) throw notFound();
    const now = deps.clock.now();
    const move = (await c.req.parseBody()).action === "move";
    let done: string;
    if (move) {
      const form = await parseForm(c, moveSchema);
      if (!form.ok) return registrationPage(c, id, form.values, form.errors);
      try {
        await moveRegistration(deps.db, deps, { id, sessionId: form.data.sessionId, actorId: user.id, reason: form.data.moveReason, now });
      } catch (err) {
        const errors = fieldErrorOf(c, err);
        if (errors) return registrationPage(c, id, form.values, errors);
        throw err;
      }
      done = "moved";
    } else {
      const form = await parseForm(c, cancelSchema);
      if (!form.ok) return registrationPage(c, id, form.values, form.errors);
      await cancelRegistration(deps.db, deps, { id, actorId: user.id, reason: form.data.cancelReason, now });
      done = "cancelled";
    }
    contentChanged(c, TRAININGS);
    return c.redirect(url(lang, "staffTrainingRegistration", { id }, { done }), 303);
  });

  // ---------- adding an organisation above the cap ----------

  const addPage = async (c: Ctx, o: Offering, values: FormValues, errors?: FieldErrors) => {
    const { t, deps } = c.var;
    const [orgs, sessions] = [await activeOrganisations(deps.db), await sessionsOf(deps.db, [o.id])];
    return renderOffice(
      c,
      { title: t.registrations.office.addTitle, status: errors ? 422 : 200 },
      <AddForm o={o} sessions={sessions} orgs={orgs} values={values} errors={errors} />,
    );
  };

  page(app, "GET", "staffTrainingAdd", async (c) => {
    requireStaff(c);
    return addPage(c, await offeringParam(c), { key: crypto.randomUUID() });
  });

  page(app, "POST", "staffTrainingAdd", async (c) => {
    const user = requireStaff(c);
    const { deps, lang } = c.var;
    const o = await offeringParam(c);
    const form = await parseForm(c, addSchema);
    const rows = participantRows(form.values);
    const errors: FieldErrors = { ...localizeErrors(c, rows.errors), ...(form.ok ? {} : form.errors) };
    const org = form.ok ? (await activeOrganisations(deps.db)).find((x) => x.id === form.data.organisationId) : undefined;
    if (form.ok && !org) errors.organisationId = c.var.t.errors.invalidChoice;
    if (form.ok && o.format !== "package" && !form.data.sessionId) errors.sessionId = c.var.t.errors.required;
    if (!form.ok || !org || Object.keys(errors).length) return addPage(c, o, form.values, errors);
    const key = /^[\w-]{1,64}$/.test(form.values.key ?? "") ? form.values.key! : null;
    let id: string;
    try {
      const res = await register(deps.db, deps, {
        offeringId: o.id,
        sessionId: o.format === "package" ? null : form.data.sessionId || null,
        orgId: org.id,
        actorId: user.id,
        year: yearOf(c),
        participants: rows.people,
        idempotencyKey: key,
        lang: org.lang,
        now: deps.clock.now(),
        aboveCap: { reason: form.data.reason },
      });
      if (!res) throw new FieldError("sessionId", "notBookable");
      id = res.registration.id;
    } catch (err) {
      const refused = fieldErrorOf(c, addField(err));
      if (refused) return addPage(c, o, form.values, refused);
      throw err;
    }
    contentChanged(c, TRAININGS);
    return c.redirect(url(lang, "staffTrainingRegistration", { id }, { done: "added" }), 303);
  });

  // ---------- attendance ----------

  /** `sent`: a refused form's ticks (kept) and its errors. */
  const attendancePage = async (
    c: Ctx,
    o: Offering,
    s: Session,
    status: 200 | 409 | 422 = 200,
    sent?: { present: string[]; errors: FieldErrors },
  ) => {
    const { t, deps } = c.var;
    const begun = s.startsAt <= deps.clock.now();
    const read = begun ? await attendanceOf(deps.db, o, s.id) : [];
    const people = sent ? read.map((x) => ({ ...x, present: sent.present.includes(x.id) })) : read;
    const { done, n } = parseQuery(c, doneQuery);
    const when = formatDateTime(c.var.lang, s.startsAt, deps.env.TIME_ZONE);
    return renderOffice(
      c,
      { title: t.registrations.office.attendanceTitle(when), status },
      <Attendance
        o={o}
        session={s}
        people={people}
        begun={begun}
        errors={sent?.errors}
        notice={done === "saved" ? t.registrations.office.attendanceSaved(n) : null}
      />,
    );
  };

  page(app, "GET", "staffTrainingAttendance", async (c) => {
    requireStaff(c);
    const { o, s } = await sessionParams(c);
    return attendancePage(c, o, s);
  });

  page(app, "POST", "staffTrainingAttendance", async (c) => {
    const user = requireStaff(c);
    const { deps, lang } = c.var;
    const { o, s } = await sessionParams(c);
    if (s.startsAt > deps.clock.now()) return attendancePage(c, o, s, 409);
    const present = await formList(c, "present");
    let n: number;
    try {
      n = await saveAttendance(deps.db, { o, sessionId: s.id, present, actorId: user.id });
    } catch (err) {
      const errors = fieldErrorOf(c, err);
      if (errors) return attendancePage(c, o, s, 422, { present, errors });
      throw err;
    }
    return c.redirect(url(lang, "staffTrainingAttendance", { id: o.id, sessionId: s.id }, { done: "saved", n: String(n) }), 303);
  });

  // ---------- a message to a date's participants ----------

  const messagePage = (c: Ctx, o: Offering, s: Session, values: FormValues, errors?: FieldErrors, confirm: number | null = null) => {
    const when = formatDateTime(c.var.lang, s.startsAt, c.var.deps.env.TIME_ZONE);
    return renderOffice(
      c,
      { title: c.var.t.registrations.office.messageTitle(when), status: errors ? 422 : 200 },
      <MessageForm o={o} session={s} values={values} errors={errors} confirm={confirm} />,
    );
  };

  page(app, "GET", "staffTrainingMessage", async (c) => {
    requireStaff(c);
    const { o, s } = await sessionParams(c);
    return messagePage(c, o, s, {});
  });

  /** First the message, then how many it reaches and a button that sends it (`confirmed=yes`). */
  page(app, "POST", "staffTrainingMessage", async (c) => {
    const user = requireStaff(c);
    const { deps, lang } = c.var;
    const { o, s } = await sessionParams(c);
    const form = await parseForm(c, messageSchema);
    const errors: FieldErrors = { ...localizeErrors(c, messageProblems(form.values)), ...(form.ok ? {} : form.errors) };
    const count = (await messageRecipients(deps.db, o, s.id)).length;
    if (!errors.subject_nl && count === 0) errors.subject_nl = c.var.t.errors.noRecipients;
    if (!form.ok || Object.keys(errors).length) return messagePage(c, o, s, form.values, errors);
    if (form.values.confirmed !== "yes") return messagePage(c, o, s, form.values, undefined, count);
    const subject = { nl: form.data.subject_nl, en: form.data.subject_en };
    const body = { nl: form.data.body_nl, en: form.data.body_en };
    const sent = await messageSession(deps.db, deps, { o, sessionId: s.id, subject, body, actorId: user.id });
    return c.redirect(url(lang, "staffTrainingRegistrations", { id: o.id }, { session: s.id, done: "sent", n: String(sent) }), 303);
  });

  // ---------- requests ----------

  const described = async (c: Ctx, reqs: TrainingRequest[]) => {
    const { db } = c.var.deps;
    const names = await organisationNames(
      db,
      reqs.map((r) => r.organisationId),
    );
    const offerings = new Map((await allOfferings(db)).map((o) => [o.id, o]));
    return reqs.map((req) => ({ req, org: names.get(req.organisationId) ?? "", offering: offerings.get(req.offeringId) ?? null }));
  };

  page(app, "GET", "staffTrainingRequests", async (c) => {
    requireStaff(c);
    const { t, deps } = c.var;
    const s = t.registrations.office;
    const { page: p } = parseQuery(c, pageQuery);
    const list = await listRequests(deps.db, { view: "pending", page: p, perPage: PER_PAGE });
    const { done } = parseQuery(c, doneQuery);
    return renderOffice(
      c,
      { title: s.requestsTitle },
      <RequestList
        rows={await described(c, list.rows)}
        total={list.total}
        page={p}
        pages={pageCount(list.total, PER_PAGE)}
        notice={done === "planned" ? s.planned : done === "declined" ? s.declined : null}
      />,
    );
  });

  const requestPage = async (c: Ctx, req: TrainingRequest, values: FormValues, errors?: FieldErrors) => {
    const { t } = c.var;
    const [row] = await described(c, [req]);
    const fl = t.trainings.office.sessionFields;
    const labels: Record<string, string> = {};
    for (const k of ["date", "startTime", "endTime", "location", "onlineUrl", "capacity"] as const)
      Object.assign(labels, { [k]: fl[k], [`${k}_nl`]: fl[k], [`${k}_en`]: fl[k] });
    return renderOffice(
      c,
      { title: t.registrations.office.requestTitle(row!.org), status: errors ? 422 : 200 },
      <RequestPage row={row!} values={values} errors={errors} sessionFields={sessionFields} sessionLabels={labels} />,
    );
  };

  page(app, "GET", "staffTrainingRequest", async (c) => {
    requireStaff(c);
    const req = await requestById(c.var.deps.db, idParam(c));
    if (!req) throw notFound();
    return requestPage(c, req, { startTime: "19:00", endTime: "21:00" });
  });

  /** Plans the request (a date only its organisation can book) or declines it with a reason; a decided request stays as it is. */
  page(app, "POST", "staffTrainingRequest", async (c) => {
    const user = requireStaff(c);
    const { deps, lang } = c.var;
    const req = await requestById(deps.db, idParam(c));
    if (!req) throw notFound();
    const back = () => c.redirect(url(lang, "staffTrainingRequest", { id: req.id }), 303);
    if (req.status !== "pending") return back();
    const now = deps.clock.now();
    if ((await c.req.parseBody()).action === "plan") {
      const tz = deps.env.TIME_ZONE;
      const form = await parseForm(c, sessionSchema);
      const errors: FieldErrors = { ...localizeErrors(c, sessionProblems(form.values, tz)), ...(form.ok ? {} : form.errors) };
      if (!form.ok || Object.keys(errors).length) return requestPage(c, req, form.values, errors);
      try {
        const session = sessionInput(form.values, form.data, tz);
        if (!(await planRequest(deps.db, deps, { requestId: req.id, actorId: user.id, session, now }))) return back();
      } catch (err) {
        const errors = fieldErrorOf(c, err);
        if (errors) return requestPage(c, req, form.values, errors);
        throw err;
      }
      contentChanged(c, TRAININGS);
      return c.redirect(url(lang, "staffTrainingRequests", {}, { done: "planned" }), 303);
    }
    const form = await parseForm(c, declineSchema);
    if (!form.ok) return requestPage(c, req, form.values, form.errors);
    if (!(await declineRequest(deps.db, deps, { requestId: req.id, actorId: user.id, reason: form.data.declineReason, now })))
      return back();
    return c.redirect(url(lang, "staffTrainingRequests", {}, { done: "declined" }), 303);
  });
}
