import { z } from "zod";
import { requireUser, today } from "../../core/auth/authorise.js";
import { notFound } from "../../core/errors.js";
import { type FieldErrors, type FormValues, formList, parseForm, parseQuery } from "../../core/forms.js";
import { contentChanged } from "../../core/http/cache.js";
import type { Ctx } from "../../core/http/context.js";
import { idParam } from "../../core/http/params.js";
import { type App, page } from "../../core/http/router.js";
import { render } from "../../core/views/render.js";
import { url } from "../../routes.js";
import { monthlyCounts } from "../confidential-contact/service.js";
import { authoriseOrg } from "../organisations/access.js";
import { academicYearOf } from "../organisations/service.js";
import { profileSchema, statusSchema, stepDownSchema } from "./forms.js";
import {
  boardListeners,
  type ListenerProfile,
  listenerOrganisations,
  ownListenerRole,
  PEER_LISTENERS,
  saveProfile,
  setListenerStatus,
  stepDown,
} from "./service.js";
import { BoardListenersPage, ListenerDashboard, ListenerProfilePage, StepDownPage, SteppedDownPage } from "./views.js";

/**
 * The dashboard's listener block (passed to the organisations feature's dashboard by `createApp`):
 * a link to the profile of each organisation where the user listens. Nothing for anyone else.
 */
export async function listenerDashboardBlock(c: Ctx) {
  const user = requireUser(c);
  const roles = await listenerOrganisations(c.var.deps.db, user.id);
  if (!roles.length) return null;
  return <ListenerDashboard roles={roles} />;
}

const profileValues = (p: ListenerProfile | null): FormValues =>
  p
    ? {
        displayName: p.displayName,
        languages: p.languages.join(","),
        introduction: p.introduction,
        responseTime: p.responseTime,
        listed: p.listed ? "on" : "",
      }
    : { languages: "nl", responseTime: "two_days", listed: "on" };

const doneQuery = z.object({ done: z.enum(["saved", "paused", "resumed"]).optional().catch(undefined) });

/** The board's list of its listeners, and the listener's own pages: profile, pause or resume, step down. */
export function peerListenerRoutes(app: App) {
  page(app, "GET", "orgListeners", async (c) => {
    const { org } = await authoriseOrg(c, c.req.param("id") ?? "");
    const { deps, t } = c.var;
    const year = academicYearOf(today(c), deps.env.ACADEMIC_YEAR_START);
    const rows = await boardListeners(deps.db, { orgId: org.id, year, now: deps.clock.now() });
    return render(
      c,
      { title: t.listeners.board.title(org.name) },
      <BoardListenersPage
        orgId={org.id}
        orgName={org.name}
        year={year}
        rows={rows}
        counts={await monthlyCounts(deps.db, deps.env.TIME_ZONE, org.id)}
      />,
    );
  });

  /** The listener's role named by `:keyFigureId`: their own, while they listen; a 404 for anyone else. */
  const ownRole = async (c: Ctx) => {
    const user = requireUser(c);
    const keyFigureId = idParam(c, "keyFigureId");
    const role = await ownListenerRole(c.var.deps.db, user.id, keyFigureId);
    if (!role) throw notFound();
    return { user, role };
  };

  const profilePage = (
    c: Ctx,
    role: NonNullable<Awaited<ReturnType<typeof ownListenerRole>>>,
    values?: FormValues,
    errors?: FieldErrors,
  ) => {
    const { t } = c.var;
    const p = t.listeners.profile;
    const { done } = parseQuery(c, doneQuery);
    const notice = errors
      ? null
      : done === "saved"
        ? p.saved
        : done === "paused"
          ? p.pausedDone
          : done === "resumed"
            ? p.resumedDone
            : null;
    const status = role.profile && role.profile.status !== "stepped_down" ? role.profile.status : null;
    return render(
      c,
      { title: p.title(role.orgName), status: errors ? 422 : 200 },
      <ListenerProfilePage
        keyFigureId={role.keyFigureId}
        orgName={role.orgName}
        status={status}
        notice={notice}
        values={values ?? profileValues(role.profile)}
        errors={errors}
      />,
    );
  };

  page(app, "GET", "listenerProfile", async (c) => {
    const { role } = await ownRole(c);
    return profilePage(c, role);
  });

  page(app, "POST", "listenerProfile", async (c) => {
    const { user, role } = await ownRole(c);
    const { deps, lang } = c.var;
    const languages = (await formList(c, "languages")).join(",");
    const form = await parseForm(c, profileSchema, { languages });
    if (!form.ok) return profilePage(c, role, form.values, form.errors);
    const saved = await saveProfile(deps.db, { userId: user.id, keyFigureId: role.keyFigureId, input: form.data, now: deps.clock.now() });
    if (!saved) throw notFound();
    contentChanged(c, PEER_LISTENERS);
    return c.redirect(url(lang, "listenerProfile", { keyFigureId: role.keyFigureId }, { done: "saved" }), 303);
  });

  page(app, "POST", "listenerStatus", async (c) => {
    const { user, role } = await ownRole(c);
    const { deps, lang } = c.var;
    const form = await parseForm(c, statusSchema);
    if (!form.ok) throw notFound();
    const changed = await setListenerStatus(deps.db, {
      userId: user.id,
      keyFigureId: role.keyFigureId,
      status: form.data.status,
      now: deps.clock.now(),
    });
    // Without a profile there is nothing to pause: the page says so.
    if (!changed) return c.redirect(url(lang, "listenerProfile", { keyFigureId: role.keyFigureId }), 303);
    contentChanged(c, PEER_LISTENERS);
    const done = form.data.status === "paused" ? "paused" : "resumed";
    return c.redirect(url(lang, "listenerProfile", { keyFigureId: role.keyFigureId }, { done }), 303);
  });

  // Stepping down asks first: this page says what follows, and only its form (with the tick) POSTs.
  page(app, "GET", "listenerStepDown", async (c) => {
    const { role } = await ownRole(c);
    return render(
      c,
      { title: c.var.t.listeners.stepDown.title(role.orgName) },
      <StepDownPage keyFigureId={role.keyFigureId} orgName={role.orgName} />,
    );
  });

  page(app, "POST", "listenerStepDown", async (c) => {
    const { user, role } = await ownRole(c);
    const { deps, t } = c.var;
    const form = await parseForm(c, stepDownSchema);
    if (!form.ok)
      return render(
        c,
        { title: t.listeners.stepDown.title(role.orgName), status: 422 },
        <StepDownPage keyFigureId={role.keyFigureId} orgName={role.orgName} errors={form.errors} />,
      );
    await stepDown(deps.db, { userId: user.id, keyFigureId: role.keyFigureId, now: deps.clock.now() });
    contentChanged(c, PEER_LISTENERS);
    return render(c, { title: t.listeners.stepDown.doneTitle }, <SteppedDownPage orgName={role.orgName} />);
  });
}

/** A section of the organisation's board page (passed to `organisationRoutes` by createApp): the link to its listeners. */
export async function listenersSection(c: Ctx, orgId: string) {
  const { t, lang } = c.var;
  const b = t.listeners.board;
  return (
    <section aria-labelledby="listeners-link-title">
      <h2 id="listeners-link-title">{b.link}</h2>
      <p>
        <a href={url(lang, "orgListeners", { id: orgId })}>{b.linkText}</a>
      </p>
    </section>
  );
}
