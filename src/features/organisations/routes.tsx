import { asc, inArray, ne } from "drizzle-orm";
import { requireUser, today } from "../../core/auth/authorise.js";
import { setSessionCookie } from "../../core/auth/session.js";
import { AppError, FieldError } from "../../core/errors.js";
import { type FieldErrors, type FormValues, fieldErrorOf, parseForm } from "../../core/forms.js";
import type { Ctx } from "../../core/http/context.js";
import { type App, page } from "../../core/http/router.js";
import { formatDate } from "../../core/i18n/index.js";
import { Notice } from "../../core/views/forms.js";
import { render } from "../../core/views/render.js";
import { url } from "../../routes.js";
import { endSession } from "../auth/service.js";
import { authoriseOrg, boardOrgIds, currentOrganisations, upcomingBoards } from "./access.js";
import {
  invitationAnswerSchema,
  inviteSchema,
  joinSchema,
  memberPositionSchema,
  nextBoardSchema,
  orgSchema,
  registerSchema,
} from "./forms.js";
import { organisations } from "./schema.js";
import {
  acceptInvitation,
  actorOf,
  boardsOf,
  chairBoards,
  changeMemberPosition,
  declineInvitation,
  invitationForToken,
  inviteToBoard,
  registerNextBoard,
  removeBoardMember,
  requestJoin,
  requestRegistration,
  requestsOfUser,
  updateOrganisation,
  withdrawInvitation,
} from "./service.js";
import {
  Boards,
  InvitationGone,
  InvitationPage,
  InviteForm,
  JoinForm,
  memberNotice,
  NextBoardForm,
  OrgDetails,
  OrgEditForm,
  orgValues,
  RegisterForm,
} from "./views.js";

const idParam = (c: Ctx, name: string) => {
  const v = c.req.param(name) ?? "";
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v)) throw new AppError(404, "not_found");
  return v;
};

/** Back to the page the change was made from: the office's page of the organisation, or the board's own. */
const backTo = (c: Ctx, orgId: string, asStaff: boolean, done: string) =>
  c.redirect(url(c.var.lang, asStaff ? "staffOrg" : "org", { id: orgId }, { done }), 303);

export function organisationRoutes(app: App) {
  page(app, "GET", "dashboard", async (c) => {
    const user = requireUser(c);
    const { t, lang, deps } = c.var;
    const o = t.org;
    const day = today(c);
    const mine = await currentOrganisations(deps.db, user.id, day);
    const upcoming = await upcomingBoards(deps.db, user.id, day);
    const requests = await requestsOfUser(deps.db, user.id);
    const done = c.req.query("done");
    return render(
      c,
      { title: o.dashboard.title },
      <>
        <h1>{o.dashboard.title}</h1>
        <Notice text={done === "requested" ? o.register.sent : null} />
        {user.staffRole && (
          <p class="notice">
            {o.dashboard.office} <a href={url(lang, "staffHome")}>{o.dashboard.toOffice}</a>
          </p>
        )}
        {mine.length > 0 ? (
          <ul class="tiles">
            {mine.map((org) => (
              <li class="tile">
                <h2>
                  <a href={url(lang, "org", { id: org.id })}>{org.name}</a>
                </h2>
                <p>{o.kinds[org.kind]}</p>
              </li>
            ))}
          </ul>
        ) : (
          <p>{o.dashboard.none}</p>
        )}
        {upcoming.map((u) => (
          <p class="notice">{o.dashboard.upcomingBoard(u.name, formatDate(lang, u.startsOn))}</p>
        ))}
        {requests.length > 0 && (
          <section aria-labelledby="requests">
            <h2 id="requests">{o.dashboard.requests}</h2>
            <ul class="plain-list">
              {requests.map((r) => (
                <li>
                  {r.kind === "register" ? o.dashboard.requestRegister(r.data?.name ?? "") : o.dashboard.requestJoin(r.orgName ?? "")}:{" "}
                  <span class={`badge ${r.status === "approved" ? "ok" : r.status === "declined" ? "danger" : "neutral"}`}>
                    {o.dashboard.requestStatus[r.status]}
                  </span>
                  {r.reason && (
                    <span class="muted">
                      {" "}
                      · {o.fields.reason}: {r.reason}
                    </span>
                  )}
                </li>
              ))}
            </ul>
          </section>
        )}
        <section class="card" aria-labelledby="register-or-join">
          <h2 id="register-or-join">{o.dashboard.register}</h2>
          <p>{o.dashboard.registerIntro}</p>
          <p>{o.dashboard.joinIntro}</p>
          <p class="actions">
            <a class="button primary" href={url(lang, "orgRegister")}>
              {o.dashboard.register}
            </a>
            <a class="button secondary" href={url(lang, "orgJoin")}>
              {o.dashboard.join}
            </a>
          </p>
        </section>
      </>,
    );
  });

  page(app, "GET", "orgRegister", (c) => {
    requireUser(c);
    return render(c, { title: c.var.t.org.register.title }, <RegisterForm />);
  });

  page(app, "POST", "orgRegister", async (c) => {
    const user = requireUser(c);
    const { t, deps } = c.var;
    const form = await parseForm(c, registerSchema);
    const fail = (errors: FieldErrors, values: FormValues) =>
      render(c, { title: t.org.register.title, status: 422 }, <RegisterForm values={values} errors={errors} />);
    if (!form.ok) return fail(form.errors, form.values);
    const { position, message, ...data } = form.data;
    try {
      await requestRegistration(deps.db, deps, { user, data, position, message });
    } catch (err) {
      const errors = fieldErrorOf(c, err);
      if (errors) return fail(errors, form.values);
      throw err;
    }
    return c.redirect(url(c.var.lang, "dashboard", {}, { done: "requested" }), 303);
  });

  const joinable = (c: Ctx) =>
    c.var.deps.db
      .select({ id: organisations.id, name: organisations.name })
      .from(organisations)
      .where(ne(organisations.status, "dissolved"))
      .orderBy(asc(organisations.name));

  page(app, "GET", "orgJoin", async (c) => {
    requireUser(c);
    return render(c, { title: c.var.t.org.join.title }, <JoinForm orgs={await joinable(c)} />);
  });

  page(app, "POST", "orgJoin", async (c) => {
    const user = requireUser(c);
    const { t, deps } = c.var;
    const form = await parseForm(c, joinSchema);
    const fail = async (errors: FieldErrors, values: FormValues) =>
      render(c, { title: t.org.join.title, status: 422 }, <JoinForm orgs={await joinable(c)} values={values} errors={errors} />);
    if (!form.ok) return fail(form.errors, form.values);
    try {
      await requestJoin(deps.db, deps, { user, ...form.data });
    } catch (err) {
      const errors = fieldErrorOf(c, err);
      if (errors) return fail(errors, form.values);
      throw err;
    }
    return c.redirect(url(c.var.lang, "dashboard", {}, { done: "requested" }), 303);
  });

  page(app, "GET", "org", async (c) => {
    const { org, user } = await authoriseOrg(c, c.req.param("id") ?? "");
    const { t, lang, deps } = c.var;
    const o = t.org;
    const boards = await boardsOf(deps.db, org.id, today(c), deps.clock.now());
    const hasIncoming = boards.some((b) => b.state === "incoming");
    const manage = {
      orgId: org.id,
      chairBoards: await chairBoards(deps.db, { actor: actorOf(user), orgId: org.id, boards, day: today(c) }),
    };
    const done = c.req.query("done");
    return render(
      c,
      { title: org.name },
      <>
        <h1>{org.name}</h1>
        <Notice
          text={
            done === "saved"
              ? t.common.saved
              : done === "invited"
                ? o.invite.done(c.req.query("email") ?? "")
                : done === "next"
                  ? o.next.done
                  : done === "joined"
                    ? o.invitation.joined(org.name)
                    : memberNotice(t, done)
          }
        />
        <div class="toolbar">
          <h2>{o.page.details}</h2>
          <a class="button secondary" href={url(lang, "orgEdit", { id: org.id })}>
            {o.page.edit}
          </a>
        </div>
        <OrgDetails org={org} />
        <Boards
          boards={boards}
          manage={manage}
          actions={
            <p class="actions">
              <a class="button secondary" href={url(lang, "orgInvite", { id: org.id })}>
                {o.page.invite}
              </a>
              {!hasIncoming && (
                <a class="button primary" href={url(lang, "orgNextBoard", { id: org.id })}>
                  {o.page.registerNext}
                </a>
              )}
            </p>
          }
        />
      </>,
    );
  });

  const editPage = (c: Ctx, id: string, values: FormValues, errors?: FieldErrors) =>
    render(
      c,
      { title: c.var.t.org.page.edit, status: errors ? 422 : 200 },
      <OrgEditForm
        title={c.var.t.org.page.edit}
        action={url(c.var.lang, "orgEdit", { id })}
        cancel={url(c.var.lang, "org", { id })}
        values={values}
        errors={errors}
      />,
    );

  page(app, "GET", "orgEdit", async (c) => {
    const { org } = await authoriseOrg(c, c.req.param("id") ?? "");
    return editPage(c, org.id, orgValues(org));
  });

  page(app, "POST", "orgEdit", async (c) => {
    const { org, user } = await authoriseOrg(c, c.req.param("id") ?? "");
    const { deps } = c.var;
    const form = await parseForm(c, orgSchema);
    if (!form.ok) return editPage(c, org.id, form.values, form.errors);
    try {
      await updateOrganisation(deps.db, user.id, org.id, form.data, deps.clock.now());
    } catch (err) {
      const errors = fieldErrorOf(c, err);
      if (errors) return editPage(c, org.id, form.values, errors);
      throw err;
    }
    return c.redirect(url(c.var.lang, "org", { id: org.id }, { done: "saved" }), 303);
  });

  const invitePage = async (c: Ctx, orgId: string, values?: FormValues, errors?: FieldErrors) => {
    const boards = await boardsOf(c.var.deps.db, orgId, today(c));
    return render(
      c,
      { title: c.var.t.org.invite.title, status: errors ? 422 : 200 },
      <InviteForm action={url(c.var.lang, "orgInvite", { id: orgId })} boards={boards} values={values} errors={errors} />,
    );
  };

  page(app, "GET", "orgInvite", async (c) => {
    const { org } = await authoriseOrg(c, c.req.param("id") ?? "");
    return invitePage(c, org.id);
  });

  page(app, "POST", "orgInvite", async (c) => {
    const { org, user } = await authoriseOrg(c, c.req.param("id") ?? "");
    const { deps } = c.var;
    const form = await parseForm(c, inviteSchema);
    if (!form.ok) return invitePage(c, org.id, form.values, form.errors);
    const { boardId, ...member } = form.data;
    try {
      // Board members may invite to the current or the incoming board of their own organisation only.
      await inviteToBoard(deps.db, deps, { actor: actorOf(user), orgId: org.id, boardId, member, today: today(c), now: deps.clock.now() });
    } catch (err) {
      const errors = fieldErrorOf(c, err);
      if (errors) return invitePage(c, org.id, form.values, errors);
      throw err;
    }
    return c.redirect(url(c.var.lang, "org", { id: org.id }, { done: "invited", email: member.email }), 303);
  });

  const nextPage = (c: Ctx, orgId: string, values?: FormValues, errors?: FieldErrors) =>
    render(
      c,
      { title: c.var.t.org.next.title, status: errors ? 422 : 200 },
      <NextBoardForm orgId={orgId} values={values} errors={errors} />,
    );

  page(app, "GET", "orgNextBoard", async (c) => {
    const { org } = await authoriseOrg(c, c.req.param("id") ?? "");
    return nextPage(c, org.id);
  });

  page(app, "POST", "orgNextBoard", async (c) => {
    const { org, user } = await authoriseOrg(c, c.req.param("id") ?? "");
    const { deps } = c.var;
    const form = await parseForm(c, nextBoardSchema());
    if (!form.ok) return nextPage(c, org.id, form.values, form.errors);
    try {
      await registerNextBoard(deps.db, deps, { actor: actorOf(user), orgId: org.id, today: today(c), now: deps.clock.now(), ...form.data });
    } catch (err) {
      const errors = fieldErrorOf(c, err);
      if (errors) return nextPage(c, org.id, form.values, errors);
      throw err;
    }
    return c.redirect(url(c.var.lang, "org", { id: org.id }, { done: "next" }), 303);
  });

  // Changes to a board's members: by its current board, or by the office (which comes back to its own page).
  page(app, "POST", "orgMemberRemove", async (c) => {
    const { org, user, asStaff } = await authoriseOrg(c, c.req.param("id") ?? "", { allowStaff: true });
    const memberId = idParam(c, "memberId");
    const removed = await removeBoardMember(c.var.deps.db, c.var.deps, {
      actor: actorOf(user, asStaff),
      orgId: org.id,
      memberId,
      today: today(c),
    });
    if (!removed) throw new AppError(404, "not_found");
    return backTo(c, org.id, asStaff, "removed");
  });

  page(app, "POST", "orgMemberPosition", async (c) => {
    const { org, user, asStaff } = await authoriseOrg(c, c.req.param("id") ?? "", { allowStaff: true });
    const memberId = idParam(c, "memberId");
    const form = await parseForm(c, memberPositionSchema);
    // The form offers a list of positions only: anything else was not sent by it.
    if (!form.ok) throw new AppError(400, "bad_request");
    const { deps } = c.var;
    const changed = await changeMemberPosition(deps.db, deps, {
      actor: actorOf(user, asStaff),
      orgId: org.id,
      memberId,
      position: form.data.position,
      today: today(c),
    });
    if (!changed) throw new AppError(404, "not_found");
    return backTo(c, org.id, asStaff, "position");
  });

  page(app, "POST", "orgInvitationWithdraw", async (c) => {
    const { org, user, asStaff } = await authoriseOrg(c, c.req.param("id") ?? "", { allowStaff: true });
    const invitationId = idParam(c, "invitationId");
    const { deps } = c.var;
    const done = await withdrawInvitation(deps.db, deps, {
      actor: actorOf(user, asStaff),
      orgId: org.id,
      invitationId,
      today: today(c),
      now: deps.clock.now(),
    });
    if (!done) throw new AppError(404, "not_found");
    return backTo(c, org.id, asStaff, "withdrawn");
  });

  // The invitation's link opens a page; only its POST changes anything (mail scanners follow links).
  const invitationHeaders = (c: Ctx) => {
    c.header("Referrer-Policy", "no-referrer");
    c.header("Cache-Control", "no-store");
  };
  const gone = (c: Ctx) =>
    render(
      c,
      { title: c.var.t.org.invitation.invalidTitle, status: 404, noindex: true },
      <InvitationGone title={c.var.t.org.invitation.invalidTitle} body={c.var.t.org.invitation.invalidBody} />,
    );
  const invitationPage = async (c: Ctx, token: string, values?: FormValues, errors?: FieldErrors) => {
    const { deps } = c.var;
    const inv = await invitationForToken(deps.db, token, { now: deps.clock.now(), today: today(c) });
    if (!inv) return gone(c);
    return render(
      c,
      { title: c.var.t.org.invitation.title, noindex: true, status: errors ? 422 : 200 },
      <InvitationPage
        token={token}
        invitation={{ ...inv, current: inv.startsOn <= today(c) }}
        values={values ?? { name: inv.suggestedName ?? "" }}
        errors={errors}
      />,
    );
  };

  page(app, "GET", "invitation", async (c) => {
    invitationHeaders(c);
    return invitationPage(c, c.req.query("token") ?? "");
  });

  page(app, "POST", "invitation", async (c) => {
    invitationHeaders(c);
    const { deps, t, lang } = c.var;
    const form = await parseForm(c, invitationAnswerSchema);
    if (!form.ok) {
      const token = form.values.token ?? "";
      if (form.errors.token || form.errors.decision) return gone(c);
      return invitationPage(c, token, form.values, form.errors);
    }
    const { token, decision, name } = form.data;
    if (decision === "decline") {
      if (!(await declineInvitation(deps.db, { token, now: deps.clock.now() }))) return gone(c);
      return render(
        c,
        { title: t.org.invitation.declinedTitle, noindex: true },
        <InvitationGone title={t.org.invitation.declinedTitle} body={t.org.invitation.declinedBody} />,
      );
    }
    const result = await acceptInvitation(deps.db, deps, { token, name, lang, now: deps.clock.now(), today: today(c) });
    if (!result) return gone(c);
    const to = result.current ? url(result.user.lang, "org", { id: result.orgId }, { done: "joined" }) : url(result.user.lang, "dashboard");
    if (result.sessionToken) {
      // A new account is signed in (the link proved the address); a session the browser had before ends.
      if (c.var.sessionIdHash) await endSession(deps.db, c.var.sessionIdHash, deps.clock.now());
      setSessionCookie(c, result.sessionToken);
    } else if (c.var.user?.id !== result.user.id) {
      // An existing account signs in as usual, and comes back to the organisation.
      return c.redirect(url(lang, "signIn", {}, { next: to }), 303);
    }
    return c.redirect(to, 303);
  });
}
