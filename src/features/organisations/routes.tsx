import { asc, ne } from "drizzle-orm";
import { requireUser, today } from "../../core/auth/authorise.js";
import { AppError } from "../../core/errors.js";
import { type FieldErrors, type FormValues, fieldErrorOf, parseForm } from "../../core/forms.js";
import type { Ctx } from "../../core/http/context.js";
import { idParam } from "../../core/http/params.js";
import { type App, page } from "../../core/http/router.js";
import { formatDate } from "../../core/i18n/index.js";
import { Notice } from "../../core/views/forms.js";
import { render } from "../../core/views/render.js";
import { url } from "../../routes.js";
import { openInvitations } from "../invitations/service.js";
import { authoriseOrg, currentOrganisations, upcomingBoards } from "./access.js";
import { joinSchema, memberPositionSchema, orgSchema, registerSchema } from "./forms.js";
import { organisations } from "./schema.js";
import {
  actorOf,
  boardsOf,
  chairBoards,
  changeMemberPosition,
  removeBoardMember,
  requestJoin,
  requestRegistration,
  requestsOfUser,
  updateOrganisation,
} from "./service.js";
import { Boards, JoinForm, memberNotice, OrgDetails, OrgEditForm, orgValues, RegisterForm } from "./views.js";

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
    const boards = await boardsOf(deps.db, org.id, today(c));
    const invitations = await openInvitations(
      deps.db,
      boards.map((b) => b.id),
      deps.clock.now(),
    );
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
                ? t.invitations.invite.done(c.req.query("email") ?? "")
                : done === "next"
                  ? t.invitations.next.done
                  : done === "joined"
                    ? t.invitations.page.joined(org.name)
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
          invitations={invitations}
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
}
