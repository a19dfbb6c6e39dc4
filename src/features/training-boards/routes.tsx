import { z } from "zod";
import { today } from "../../core/auth/authorise.js";
import { MINUTE } from "../../core/clock.js";
import { randomToken } from "../../core/crypto.js";
import { notFound } from "../../core/errors.js";
import {
  type ErrorKey,
  type FieldErrors,
  type FormValues,
  fieldErrorOf,
  formValues,
  localizeErrors,
  parseForm,
  parseQuery,
} from "../../core/forms.js";
import type { Ctx } from "../../core/http/context.js";
import { idParam } from "../../core/http/params.js";
import { type RateRule, rateLimit } from "../../core/http/ratelimit.js";
import { type App, page } from "../../core/http/router.js";
import { formatDateTime } from "../../core/i18n/index.js";
import { render } from "../../core/views/render.js";
import { text } from "../../core/views/text.js";
import { url } from "../../routes.js";
import { keyFiguresOf, roleLabel } from "../key-figures/service.js";
import { authoriseOrg, type BoardYear } from "../organisations/access.js";
import { academicYearOf, boardsOf } from "../organisations/service.js";
import { trainedThisYear } from "../training-registrations/office.js";
import {
  type Bookable,
  bookableDates,
  mayCancel,
  openOfferings,
  registrationDetail,
  registrationsOfOrg,
  registrationWindow,
} from "../training-registrations/overview.js";
import { openRequest, requestsOf, requestTraining } from "../training-registrations/requests.js";
import { acceptOffer, cancelRegistration, register, registrationOf } from "../training-registrations/service.js";
import { calendar, getOffering, type Offering, offeringAndDates } from "../trainings/service.js";
import { participantRows, registerSchema, requestSchema, validKey } from "./forms.js";
import {
  CancelPage,
  OrgTrainingsPage,
  RegisterForm,
  type RegisterFormProps,
  RegistrationPage,
  RequestForm,
  type TrainedRow,
  TrainedSection,
} from "./views.js";

/** Every POST of a board member on these pages (registering, a row added, accepting, cancelling, requesting), per account. */
export const TRAINING_POSTS = { name: "trainings-board-user", limit: 60, windowMs: 10 * MINUTE } satisfies RateRule;

type Org = { id: string; name: string };
const doneQuery = z.object({ done: z.enum(["registered", "accepted", "declined", "cancelled", "requested"]).optional().catch(undefined) });

/**
 * What the register form needs: the offering, its dates for this organisation (with their free
 * places, unless `places` is false: a form that is sent and registers needs none), the boards it
 * may be for. 404 when it is not booked here.
 */
async function registerContext(c: Ctx, org: Org, years: BoardYear[], places = true) {
  const { deps } = c.var;
  const id = idParam(c, "offeringId");
  let offering: Offering | null;
  let dates: Bookable[] | null = null;
  if (places) {
    offering = await getOffering(deps.db, id);
    dates = offering && (await bookableDates(deps.db, offering, org.id, deps.clock.now()));
  } else {
    // A form sent to register: the offering and its dates as the public pages know them (kept until
    // its content changes; every request of a rush would read them again). `register` checks them
    // again under the offering's lock.
    const read = () => offeringAndDates(deps.db, id);
    const held = await (deps.pageCache ? deps.pageCache.remember(`training-offering:${id}`, read) : read());
    offering = held?.offering ?? null;
    dates = held && (await bookableDates(deps.db, held.offering, org.id, deps.clock.now(), { places: false, all: held.all }));
  }
  if (!offering || !dates) throw notFound();
  return { offering, dates, years, choice: offering.format !== "package" && dates.length > 1 };
}
type RegisterCtx = Awaited<ReturnType<typeof registerContext>>;

/**
 * Rules of the offering a form cannot fix, checked without writing when the form has errors too,
 * so they all show at once: registration not open or closed, the chosen date full without a waiting list.
 */
function registerProblems(o: Offering, dates: Bookable[], sessionId: string | undefined, now: Date): Partial<Record<string, ErrorKey>> {
  const window = registrationWindow(o, now);
  if (window !== "open") return { session: window === "notOpen" ? "registrationNotOpen" : "registrationClosed" };
  const chosen = dates.length === 1 ? dates[0] : dates.find((d) => d.session.id === sessionId);
  if (chosen && chosen.placesLeft === 0 && !o.waitingList) return { session: "full" };
  return {};
}

/**
 * A section of the organisation's page (passed to `organisationRoutes` by createApp): its current
 * board's members and active key figures, and whether each is trained this academic year. That is
 * `trainedThisYear`'s answer: a participant, by address, of a registration for this year who
 * attended, or holds a confirmed place and was not recorded absent.
 */
export async function trainedSection(c: Ctx, orgId: string) {
  const { deps, t } = c.var;
  const day = today(c);
  const year = academicYearOf(day, deps.env.ACADEMIC_YEAR_START);
  const board = (await boardsOf(deps.db, orgId, day)).find((b) => b.state === "current");
  const keyFigures = (await keyFiguresOf(deps.db, orgId, deps.clock.now())).filter((k) => k.state === "active");
  const trained = new Set((await trainedThisYear(deps.db, [orgId], year, deps.clock.now())).get(orgId) ?? []);
  const s = t.registrations.board.trained;
  const rows: TrainedRow[] = [
    ...(board?.members ?? []).map((m) => ({ name: m.name, email: m.email, role: s.board(t.org.positions[m.position]) })),
    ...keyFigures.map((k) => ({ name: k.name, email: k.email, role: s.keyFigure(roleLabel(t, k.role, k.roleNote)) })),
  ].map((r) => ({ ...r, trained: trained.has(r.email.toLowerCase()) }));
  return <TrainedSection orgId={orgId} year={year} rows={rows} />;
}

/** The board's pages for its organisation's trainings: the overview, registering, a registration and its actions, requests. */
export function registrationBoardRoutes(app: App) {
  page(app, "GET", "orgTrainings", async (c) => {
    const { org } = await authoriseOrg(c, c.req.param("id") ?? "");
    const { deps, t } = c.var;
    const now = deps.clock.now();
    const { upcoming, history } = await registrationsOfOrg(deps.db, org.id, now);
    const requests = await requestsOf(deps.db, org.id);
    const taken = new Set([
      ...upcoming.filter((v) => ["confirmed", "offered", "waiting"].includes(v.registration.status)).map((v) => v.offering.id),
      ...requests.filter((r) => r.status === "pending").map((r) => r.offeringId),
    ]);
    const open = await openOfferings(deps.db, now, taken);
    const { done } = parseQuery(c, doneQuery);
    return render(
      c,
      { title: t.registrations.board.title(org.name) },
      <OrgTrainingsPage
        org={org}
        upcoming={upcoming}
        history={history}
        requests={requests}
        open={open}
        notice={done === "requested" ? t.registrations.board.done.requested : null}
      />,
    );
  });

  const registerPage = (c: Ctx, org: Org, ctx: RegisterCtx, values: FormValues, errors?: FieldErrors) => {
    const b = c.var.t.registrations.board;
    const { offering: o } = ctx;
    const window = registrationWindow(o, c.var.deps.clock.now());
    // On a first view, a form nobody can send is not shown; after a POST the form stays, with its errors.
    const closedBecause: RegisterFormProps["closedBecause"] =
      values.key && errors
        ? null
        : window === "notOpen"
          ? b.notOpenYet(formatDateTime(c.var.lang, o.opensAt!, c.var.deps.env.TIME_ZONE))
          : window === "closed"
            ? b.closed
            : ctx.dates.length === 0
              ? b.nothingToBook
              : null;
    return render(
      c,
      { title: b.registerFor(text(o.title, c.var.lang)), status: errors && Object.keys(errors).length ? 422 : 200 },
      <RegisterForm
        org={org}
        offering={o}
        dates={ctx.dates}
        years={ctx.years}
        closedBecause={closedBecause}
        values={values}
        errors={errors}
      />,
    );
  };

  page(app, "GET", "orgTrainingRegister", async (c) => {
    const { org, years } = await authoriseOrg(c, c.req.param("id") ?? "");
    const ctx = await registerContext(c, org, years);
    return registerPage(c, org, ctx, { key: randomToken() });
  });

  page(app, "POST", "orgTrainingRegister", async (c) => {
    const { org, user, years } = await authoriseOrg(c, c.req.param("id") ?? "");
    // The dates' free places are read only for a form that comes back (they are shown there).
    const ctx = await registerContext(c, org, years, false);
    const withPlaces = () => registerContext(c, org, years);
    await rateLimit(c, TRAINING_POSTS, user.id);
    const { deps, lang } = c.var;
    const now = deps.clock.now();
    const max = ctx.offering.maxPerOrganisation;
    const raw = await formValues(c);
    // The form keeps its key through every round; one that was tampered with gets a new one.
    const key = validKey(raw.key) ?? randomToken();
    const rows = participantRows(raw, max);
    // "Add a participant": the same form again, with what was typed and one more row (no JavaScript needed).
    if (raw.addRow !== undefined) return registerPage(c, org, await withPlaces(), { ...raw, key, rows: String(Math.min(rows + 1, max)) });
    const schema = registerSchema({
      rows,
      sessions: ctx.choice ? ctx.dates.map((d) => d.session.id) : null,
      years: ctx.years.map((y) => y.year),
    });
    const form = await parseForm(c, schema);
    const values = { ...form.values, key };
    if (!form.ok) {
      const full = await withPlaces();
      const problems = localizeErrors(c, registerProblems(full.offering, full.dates, raw.sessionId, now));
      return registerPage(c, org, full, values, { ...problems, ...form.errors });
    }
    const { participants, year } = form.data;
    const sessionId = ctx.offering.format === "package" ? null : (form.data.sessionId ?? ctx.dates[0]?.session.id ?? null);
    let result: Awaited<ReturnType<typeof register>>;
    try {
      result = await register(deps.db, deps, {
        offeringId: ctx.offering.id,
        sessionId,
        orgId: org.id,
        orgName: org.name,
        actorId: user.id,
        year: year ?? ctx.years[0]!.year,
        participants,
        idempotencyKey: form.data.key ?? key,
        lang,
        now,
      });
    } catch (err) {
      const errors = fieldErrorOf(c, err);
      if (errors) return registerPage(c, org, await withPlaces(), values, errors);
      throw err;
    }
    if (!result) throw notFound();
    // A form sent twice lands where the first one did.
    const reg = result.registration;
    return c.redirect(
      url(lang, "orgTrainingRegistration", { id: reg.organisationId, registrationId: reg.id }, { done: "registered" }),
      303,
    );
  });

  const registrationPage = async (c: Ctx, org: Org, registrationId: string, errors?: FieldErrors) => {
    const { deps, t } = c.var;
    const v = await registrationDetail(deps.db, registrationId, org.id);
    if (!v) throw notFound();
    const b = t.registrations.board;
    const { done } = parseQuery(c, doneQuery);
    const status = v.registration.status;
    const notice =
      errors || !done
        ? null
        : done === "registered"
          ? status === "waiting"
            ? b.done.waiting(v.position ?? 1)
            : status === "confirmed"
              ? b.done.confirmed
              : null
          : done === "accepted" || done === "declined" || done === "cancelled"
            ? b.done[done]
            : null;
    return render(
      c,
      { title: b.registration(text(v.offering.title, c.var.lang)), status: errors ? 422 : 200 },
      <RegistrationPage org={org} v={v} canCancel={mayCancel(v, deps.clock.now())} notice={notice} errors={errors} />,
    );
  };

  page(app, "GET", "orgTrainingRegistration", async (c) => {
    const { org } = await authoriseOrg(c, c.req.param("id") ?? "");
    return registrationPage(c, org, idParam(c, "registrationId"));
  });

  // The registration's own calendar file: private (its organisation's current board only), never cached.
  page(app, "GET", "orgTrainingRegistrationIcs", async (c) => {
    const { org } = await authoriseOrg(c, c.req.param("id") ?? "");
    const registrationId = idParam(c, "registrationId");
    const { deps, lang, t } = c.var;
    const v = await registrationDetail(deps.db, registrationId, org.id);
    // Waiting for a place is nothing to put in a calendar yet.
    if (!v?.sessions.length || v.registration.status === "waiting") throw notFound();
    const holding = v.registration.status === "confirmed" || v.registration.status === "offered";
    const link = `${deps.env.BASE_URL}${url(lang, "orgTrainingRegistration", { id: org.id, registrationId })}`;
    const body = calendar({
      name: text(v.offering.title, lang),
      lang,
      items: v.sessions.map((session) => ({ offering: v.offering, session, url: link, cancelled: !holding })),
      timeZone: deps.env.TIME_ZONE,
      host: new URL(deps.env.BASE_URL).host,
      method: "PUBLISH",
      stamp: deps.clock.now(),
      tbaLabel: t.registrations.tba,
    });
    return c.body(body, 200, {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'attachment; filename="training.ics"',
      "Cache-Control": "private, no-store",
    });
  });

  page(app, "POST", "orgTrainingAccept", async (c) => {
    const { org, user } = await authoriseOrg(c, c.req.param("id") ?? "");
    const registrationId = idParam(c, "registrationId");
    await rateLimit(c, TRAINING_POSTS, user.id);
    const { deps, lang } = c.var;
    try {
      const done = await acceptOffer(deps.db, deps, { id: registrationId, orgId: org.id, actorId: user.id, now: deps.clock.now() });
      if (!done) throw notFound();
    } catch (err) {
      const errors = fieldErrorOf(c, err);
      if (errors) return registrationPage(c, org, registrationId, errors);
      throw err;
    }
    return c.redirect(url(lang, "orgTrainingRegistration", { id: org.id, registrationId }, { done: "accepted" }), 303);
  });

  // Cancelling asks first: this page says what follows, and its button POSTs (declining an offer POSTs straight away).
  page(app, "GET", "orgTrainingCancel", async (c) => {
    const { org } = await authoriseOrg(c, c.req.param("id") ?? "");
    const { deps, t, lang } = c.var;
    const v = await registrationDetail(deps.db, idParam(c, "registrationId"), org.id);
    if (!v) throw notFound();
    return render(
      c,
      { title: t.registrations.board.cancelTitle(text(v.offering.title, lang)) },
      <CancelPage org={org} v={v} canCancel={mayCancel(v, deps.clock.now())} />,
    );
  });

  page(app, "POST", "orgTrainingCancel", async (c) => {
    const { org, user } = await authoriseOrg(c, c.req.param("id") ?? "");
    const registrationId = idParam(c, "registrationId");
    await rateLimit(c, TRAINING_POSTS, user.id);
    const { deps, lang } = c.var;
    const before = await registrationOf(deps.db, registrationId, org.id);
    if (!before) throw notFound();
    try {
      await cancelRegistration(deps.db, deps, { id: registrationId, orgId: org.id, actorId: user.id, reason: null, now: deps.clock.now() });
    } catch (err) {
      const errors = fieldErrorOf(c, err);
      if (errors) return registrationPage(c, org, registrationId, errors);
      throw err;
    }
    const done = before.status === "offered" ? "declined" : "cancelled";
    return c.redirect(url(lang, "orgTrainingRegistration", { id: org.id, registrationId }, { done }), 303);
  });

  const requestContext = async (c: Ctx, org: Org) => {
    const { db } = c.var.deps;
    const offering = await getOffering(db, idParam(c, "offeringId"));
    if (offering?.status !== "published" || offering.registration !== "request") throw notFound();
    return { offering, pending: Boolean(await openRequest(db, org.id, offering.id)) };
  };
  const requestPage = (c: Ctx, org: Org, ctx: { offering: Offering; pending: boolean }, values?: FormValues, errors?: FieldErrors) =>
    render(
      c,
      { title: c.var.t.registrations.board.requestFor(text(ctx.offering.title, c.var.lang)), status: errors ? 422 : 200 },
      <RequestForm org={org} offering={ctx.offering} pending={ctx.pending && !errors} values={values} errors={errors} />,
    );

  page(app, "GET", "orgTrainingRequest", async (c) => {
    const { org } = await authoriseOrg(c, c.req.param("id") ?? "");
    return requestPage(c, org, await requestContext(c, org));
  });

  page(app, "POST", "orgTrainingRequest", async (c) => {
    const { org, user } = await authoriseOrg(c, c.req.param("id") ?? "");
    const ctx = await requestContext(c, org);
    await rateLimit(c, TRAINING_POSTS, user.id);
    const { deps, lang } = c.var;
    const form = await parseForm(c, requestSchema);
    if (!form.ok) return requestPage(c, org, ctx, form.values, form.errors);
    try {
      const done = await requestTraining(deps.db, {
        offeringId: ctx.offering.id,
        orgId: org.id,
        actorId: user.id,
        preferredDates: form.data.preferredDates,
        groupSize: form.data.groupSize!,
        wishes: form.data.wishes,
        lang,
        now: deps.clock.now(),
      });
      if (!done) throw notFound();
    } catch (err) {
      const errors = fieldErrorOf(c, err);
      if (errors) return requestPage(c, org, ctx, form.values, errors);
      throw err;
    }
    return c.redirect(url(lang, "orgTrainings", { id: org.id }, { done: "requested" }), 303);
  });
}
