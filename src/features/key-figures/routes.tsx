import { z } from "zod";
import { requireUser, today } from "../../core/auth/authorise.js";
import { setSessionCookie } from "../../core/auth/session.js";
import { randomToken } from "../../core/crypto.js";
import { AppError, notFound } from "../../core/errors.js";
import { type FieldErrors, type FormValues, fieldErrorOf, localizeErrors, parseForm, parseQuery } from "../../core/forms.js";
import { contentChanged } from "../../core/http/cache.js";
import type { Ctx } from "../../core/http/context.js";
import { idParam, isUuid } from "../../core/http/params.js";
import { type App, page } from "../../core/http/router.js";
import type { OfficeSection } from "../../core/office/shell.js";
import { render } from "../../core/views/render.js";
import { text } from "../../core/views/text.js";
import { url } from "../../routes.js";
import { endSession } from "../auth/service.js";
import { authoriseOrg } from "../organisations/access.js";
import { actorOf, personLabel } from "../organisations/service.js";
import { inviteKeyFigureSchema, keyFigureAnswerSchema, keyFigureRegisterSchema } from "./forms.js";
import {
  acceptKeyFigureInvitation,
  activeKeyFigure,
  declineKeyFigureInvitation,
  inviteKeyFigure,
  KEY_FIGURE_ROLES,
  KEY_FIGURES,
  keyFigureInvitationForToken,
  keyFigureInviteProblems,
  keyFigureOffering,
  keyFigureOrganisations,
  keyFiguresOf,
  meantFor,
  offeringsForKeyFigure,
  registerKeyFigure,
  removedKeyFigure,
  removeKeyFigure,
  roleLabel,
  withdrawKeyFigureInvitation,
} from "./service.js";
import {
  KeyFigureDashboard,
  KeyFigureInvitationPage,
  KeyFigureMessagePage,
  KeyFigureRegisterPage,
  KeyFiguresOfficeSection,
  KeyFiguresPage,
  RemoveKeyFigurePage,
} from "./views.js";

/** What the office's history says about key figures. */
export const keyFiguresOffice: OfficeSection = {
  auditActions: (t) => t.keyFigures.audit,
  auditFields: (t) => ({
    key_figure: {
      role: { label: t.keyFigures.page.role, value: (v: unknown) => t.keyFigures.roles[v as keyof typeof t.keyFigures.roles] ?? String(v) },
    },
  }),
};

/** The key figures' part of the office's organisation page (passed to `organisationOfficeRoutes` by createApp). */
export const keyFiguresOrgExtra = {
  async section(c: Ctx, orgId: string) {
    const { db, clock } = c.var.deps;
    return <KeyFiguresOfficeSection rows={await keyFiguresOf(db, orgId, clock.now())} />;
  },
};

const boardQuery = z.object({
  done: z.enum(["invited", "withdrawn", "removed"]).optional().catch(undefined),
  email: z.string().max(254).optional().catch(undefined),
  keyFigure: z.string().refine(isUuid).optional().catch(undefined),
  // A link can preselect the role in the invite form (the listeners' page: peer_listener).
  role: z.enum(KEY_FIGURE_ROLES).optional().catch(undefined),
});

const dashboardQuery = z.object({ done: z.enum(["keyFigureRegistered", "keyFigureWaiting"]).optional().catch(undefined) });

/**
 * The dashboard's key-figure block (passed to the organisations feature's dashboard by
 * `createApp`): the user's active key-figure roles and the trainings they can register for.
 * Nothing for anyone who is no key figure.
 */
export async function keyFigureDashboardBlock(c: Ctx) {
  const user = requireUser(c);
  const { deps, t } = c.var;
  const mine = await keyFigureOrganisations(deps.db, user.id);
  if (!mine.length) return null;
  const offerings = await offeringsForKeyFigure(
    deps.db,
    mine.map((m) => m.role),
  );
  const { done } = parseQuery(c, dashboardQuery);
  const d = t.keyFigures.dashboard;
  return (
    <KeyFigureDashboard
      notice={done === "keyFigureRegistered" ? d.registered : done === "keyFigureWaiting" ? d.waiting : null}
      memberships={mine.map((m) => ({ ...m, offerings: offerings.filter((o) => meantFor(o, m.role)) }))}
    />
  );
}

/**
 * Key figures: the board's page (list, invite, withdraw, remove after asking), the page the
 * invitation's link opens, and a key figure's self-registration for a training.
 */
export function keyFigureRoutes(app: App) {
  const boardPage = async (c: Ctx, org: { id: string; name: string }, values?: FormValues, errors?: FieldErrors) => {
    const { deps, t } = c.var;
    const q = parseQuery(c, boardQuery);
    const p = t.keyFigures.page;
    const removed = q.done === "removed" && q.keyFigure && !errors ? await removedKeyFigure(deps.db, org.id, q.keyFigure) : null;
    const notice = errors
      ? null
      : q.done === "invited"
        ? p.invited(q.email ?? "")
        : q.done === "withdrawn"
          ? p.withdrawn
          : removed
            ? p.removed(removed)
            : null;
    return render(
      c,
      { title: p.title(org.name), status: errors ? 422 : 200 },
      <KeyFiguresPage
        orgId={org.id}
        orgName={org.name}
        rows={await keyFiguresOf(deps.db, org.id, deps.clock.now())}
        notice={notice}
        values={values ?? (q.role ? { role: q.role } : undefined)}
        errors={errors}
      />,
    );
  };

  page(app, "GET", "orgKeyFigures", async (c) => {
    const { org } = await authoriseOrg(c, c.req.param("id") ?? "");
    return boardPage(c, org);
  });

  page(app, "POST", "orgKeyFigures", async (c) => {
    const { org, user } = await authoriseOrg(c, c.req.param("id") ?? "");
    const { deps } = c.var;
    const form = await parseForm(c, inviteKeyFigureSchema);
    const actor = actorOf(user);
    // The rules about the address and the limits are checked first, so they show with the schema's errors.
    const problems = await keyFigureInviteProblems(deps.db, {
      actor,
      orgId: org.id,
      email: form.values.email ?? "",
      today: today(c),
      now: deps.clock.now(),
    });
    if (!form.ok || problems.email || problems.limit)
      return boardPage(c, org, form.values, { ...localizeErrors(c, problems), ...(form.ok ? {} : form.errors) });
    try {
      await inviteKeyFigure(deps.db, deps, { actor, orgId: org.id, input: form.data, today: today(c), now: deps.clock.now() });
    } catch (err) {
      const errors = fieldErrorOf(c, err);
      if (errors) return boardPage(c, org, form.values, errors);
      throw err;
    }
    return c.redirect(url(c.var.lang, "orgKeyFigures", { id: org.id }, { done: "invited", email: form.data.email }), 303);
  });

  page(app, "POST", "orgKeyFigureWithdraw", async (c) => {
    const { org, user } = await authoriseOrg(c, c.req.param("id") ?? "");
    const keyFigureId = idParam(c, "keyFigureId");
    const { deps } = c.var;
    const done = await withdrawKeyFigureInvitation(deps.db, { actor: actorOf(user), orgId: org.id, keyFigureId, now: deps.clock.now() });
    if (!done) throw notFound();
    return c.redirect(url(c.var.lang, "orgKeyFigures", { id: org.id }, { done: "withdrawn" }), 303);
  });

  // Removing a key figure asks first: this page says who, and only its button POSTs.
  page(app, "GET", "orgKeyFigureRemove", async (c) => {
    const { org } = await authoriseOrg(c, c.req.param("id") ?? "");
    const keyFigureId = idParam(c, "keyFigureId");
    const { deps, t, lang } = c.var;
    const found = await activeKeyFigure(deps.db, org.id, keyFigureId);
    if (!found) throw notFound();
    return render(
      c,
      { title: t.keyFigures.remove.title(personLabel(found)) },
      <RemoveKeyFigurePage
        orgName={org.name}
        person={found}
        action={url(lang, "orgKeyFigureRemove", { id: org.id, keyFigureId })}
        cancel={url(lang, "orgKeyFigures", { id: org.id })}
      />,
    );
  });

  page(app, "POST", "orgKeyFigureRemove", async (c) => {
    const { org, user } = await authoriseOrg(c, c.req.param("id") ?? "");
    const keyFigureId = idParam(c, "keyFigureId");
    const { deps } = c.var;
    const removed = await removeKeyFigure(deps.db, deps, { actor: actorOf(user), orgId: org.id, keyFigureId, now: deps.clock.now() });
    if (!removed) throw notFound();
    contentChanged(c, KEY_FIGURES);
    return c.redirect(url(c.var.lang, "orgKeyFigures", { id: org.id }, { done: "removed", keyFigure: removed }), 303);
  });

  // The invitation's link opens a page; only its POST changes anything (mail scanners follow links).
  const invitationHeaders = (c: Ctx) => {
    c.header("Referrer-Policy", "no-referrer");
    c.header("Cache-Control", "no-store");
  };
  const gone = (c: Ctx) => {
    const p = c.var.t.keyFigures.invitation;
    return render(
      c,
      { title: p.invalidTitle, status: 404, noindex: true },
      <KeyFigureMessagePage title={p.invalidTitle} body={p.invalidBody} />,
    );
  };
  const invitationPage = async (c: Ctx, token: string, values?: FormValues, errors?: FieldErrors) => {
    const { deps, t } = c.var;
    const inv = await keyFigureInvitationForToken(deps.db, token, deps.clock.now());
    if (!inv) return gone(c);
    return render(
      c,
      { title: t.keyFigures.invitation.title, noindex: true, status: errors ? 422 : 200 },
      <KeyFigureInvitationPage token={token} invitation={inv} values={values ?? { name: inv.suggestedName ?? "" }} errors={errors} />,
    );
  };

  page(app, "GET", "keyFigureInvitation", async (c) => {
    invitationHeaders(c);
    return invitationPage(c, parseQuery(c, z.object({ token: z.string().max(200).catch("") })).token);
  });

  page(app, "POST", "keyFigureInvitation", async (c) => {
    invitationHeaders(c);
    const { deps, t, lang } = c.var;
    const form = await parseForm(c, keyFigureAnswerSchema);
    if (!form.ok) {
      if (form.errors.token || form.errors.decision) return gone(c);
      return invitationPage(c, form.values.token ?? "", form.values, form.errors);
    }
    const { token, decision, name } = form.data;
    if (decision === "decline") {
      if (!(await declineKeyFigureInvitation(deps.db, { token, now: deps.clock.now() }))) return gone(c);
      const p = t.keyFigures.invitation;
      return render(c, { title: p.declinedTitle, noindex: true }, <KeyFigureMessagePage title={p.declinedTitle} body={p.declinedBody} />);
    }
    const result = await acceptKeyFigureInvitation(deps.db, { token, name, lang, now: deps.clock.now() });
    if (!result) return gone(c);
    contentChanged(c, KEY_FIGURES);
    const to = url(result.user.lang, "dashboard");
    if (result.sessionToken) {
      // A new account is signed in (the link proved the address); a session the browser had before ends.
      if (c.var.sessionIdHash) await endSession(deps.db, c.var.sessionIdHash, deps.clock.now());
      setSessionCookie(c, result.sessionToken);
    } else if (c.var.user?.id !== result.user.id) {
      // An existing account signs in as usual, and comes to the dashboard.
      return c.redirect(url(lang, "signIn", {}, { next: to }), 303);
    }
    return c.redirect(to, 303);
  });

  // ---------- a key figure registers themselves ----------

  const registerPage = async (c: Ctx, a: { orgId: string; offeringId: string }, values?: FormValues, errors?: FieldErrors) => {
    const user = requireUser(c);
    const { deps, t } = c.var;
    const found = await keyFigureOffering(deps.db, { userId: user.id, ...a, now: deps.clock.now() });
    if (!found) throw notFound();
    return render(
      c,
      { title: t.keyFigures.register.title(text(found.offering.title, c.var.lang)), status: errors ? 422 : 200 },
      <KeyFigureRegisterPage
        orgId={a.orgId}
        orgName={found.orgName}
        who={personLabel(user)}
        role={roleLabel(t, found.keyFigure.role, found.keyFigure.roleNote)}
        offering={found.offering}
        sessions={found.sessions}
        idempotencyKey={values?.key && values.key.length >= 20 && values.key.length <= 100 ? values.key : randomToken()}
        values={values}
        errors={errors}
      />,
    );
  };

  page(app, "GET", "keyFigureTrainingRegister", async (c) => {
    requireUser(c);
    return registerPage(c, { orgId: idParam(c, "orgId"), offeringId: idParam(c, "offeringId") });
  });

  page(app, "POST", "keyFigureTrainingRegister", async (c) => {
    const user = requireUser(c);
    const ids = { orgId: idParam(c, "orgId"), offeringId: idParam(c, "offeringId") };
    const { deps, lang } = c.var;
    // Only a key figure of the organisation, for an offering meant for them, gets further than this.
    if (!(await keyFigureOffering(deps.db, { userId: user.id, ...ids, now: deps.clock.now() }))) throw notFound();
    const form = await parseForm(c, keyFigureRegisterSchema);
    if (!form.ok) {
      // The form always sends its key: without one, this was not sent by the form.
      if (form.errors.key) throw new AppError(400, "bad_request");
      return registerPage(c, ids, form.values, form.errors);
    }
    let result: Awaited<ReturnType<typeof registerKeyFigure>>;
    try {
      result = await registerKeyFigure(deps.db, deps, {
        user,
        ...ids,
        sessionId: form.data.session,
        idempotencyKey: form.data.key,
        lang,
        today: today(c),
        now: deps.clock.now(),
      });
    } catch (err) {
      const errors = fieldErrorOf(c, err);
      if (errors) return registerPage(c, ids, form.values, errors);
      throw err;
    }
    if (!result) throw notFound();
    const done = result.registration.status === "waiting" ? "keyFigureWaiting" : "keyFigureRegistered";
    return c.redirect(url(lang, "dashboard", {}, { done }), 303);
  });
}
