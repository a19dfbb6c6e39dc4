import type { Child } from "hono/jsx";
import { requireUser, today } from "../../core/auth/authorise.js";
import { AppError, notFound } from "../../core/errors.js";
import { type FieldErrors, type FormValues, fieldErrorOf, parseForm } from "../../core/forms.js";
import { contentChanged } from "../../core/http/cache.js";
import type { Ctx } from "../../core/http/context.js";
import { idParam } from "../../core/http/params.js";
import { type App, page } from "../../core/http/router.js";
import { formatDate } from "../../core/i18n/index.js";
import { renderOffice } from "../../core/office/views.js";
import { Notice } from "../../core/views/forms.js";
import { render } from "../../core/views/render.js";
import { url } from "../../routes.js";
import { openInvitations } from "../invitations/service.js";
import { requestsOfUser } from "../org-requests/service.js";
import { authoriseOrg, currentOrganisations, upcomingBoards } from "./access.js";
import { memberPositionSchema, orgSchema } from "./forms.js";
import type { OrgOfficeExtra } from "./office.routes.js";
import {
  actorOf,
  boardsOf,
  chairBoards,
  changeMemberPosition,
  liveMember,
  ORGANISATIONS,
  personLabel,
  removableMember,
  removeBoardMember,
  removedMember,
  updateOrganisation,
  withNameProblem,
} from "./service.js";
import { Boards, memberNotice, OrgDetails, OrgEditForm, orgValues, RemoveMemberPage } from "./views.js";

/** Back to the page the change was made from: the office's page of the organisation, or the board's own. */
const backTo = (c: Ctx, orgId: string, asStaff: boolean, done: string, more: Record<string, string> = {}) =>
  c.redirect(url(c.var.lang, asStaff ? "staffOrg" : "org", { id: orgId }, { done, ...more }), 303);

/** A block a feature adds to the dashboard for the signed-in user (null: nothing to show them). */
export type DashboardBlock = (c: Ctx) => Promise<Child>;

/** `sections`: what other features add to the organisation's page, below its boards (passed in by createApp). */
export function organisationRoutes(app: App, opts: { dashboard?: DashboardBlock[]; sections?: OrgOfficeExtra["section"][] } = {}) {
  page(app, "GET", "dashboard", async (c) => {
    const user = requireUser(c);
    const { t, lang, deps } = c.var;
    const o = t.org;
    const r = t.requests.dashboard;
    const day = today(c);
    const mine = await currentOrganisations(deps.db, user.id, day);
    const upcoming = await upcomingBoards(deps.db, user.id, day);
    const requests = await requestsOfUser(deps.db, user.id);
    const blocks = await Promise.all((opts.dashboard ?? []).map((block) => block(c)));
    const done = c.req.query("done");
    return render(
      c,
      { title: o.dashboard.title },
      <>
        <h1>{o.dashboard.title}</h1>
        <Notice text={done === "requested" ? t.requests.register.sent : null} />
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
        {blocks}
        {requests.length > 0 && (
          <section aria-labelledby="requests">
            <h2 id="requests">{r.requests}</h2>
            <ul class="plain-list">
              {requests.map((req) => (
                <li>
                  {req.kind === "register" ? r.requestRegister(req.data?.name ?? "") : r.requestJoin(req.orgName ?? "")}:{" "}
                  <span class={`badge ${req.status === "approved" ? "ok" : req.status === "declined" ? "danger" : "neutral"}`}>
                    {r.requestStatus[req.status]}
                  </span>
                  {req.reason && (
                    <span class="muted">
                      {" "}
                      · {o.fields.reason}: {req.reason}
                    </span>
                  )}
                </li>
              ))}
            </ul>
          </section>
        )}
        <section class="card" aria-labelledby="register-or-join">
          <h2 id="register-or-join">{r.register}</h2>
          <p>{r.registerIntro}</p>
          <p>{r.joinIntro}</p>
          <p class="actions">
            <a class="button primary" href={url(lang, "orgRegister")}>
              {r.register}
            </a>
            <a class="button secondary" href={url(lang, "orgJoin")}>
              {r.join}
            </a>
          </p>
        </section>
      </>,
    );
  });

  page(app, "GET", "org", async (c) => {
    const { org, user } = await authoriseOrg(c, c.req.param("id") ?? "");
    const { t, lang, deps } = c.var;
    const o = t.org;
    const boards = await boardsOf(deps.db, org.id, today(c));
    const boardIds = boards.map((b) => b.id);
    const invitations = await openInvitations(deps.db, boardIds, deps.clock.now());
    const hasIncoming = boards.some((b) => b.state === "incoming");
    const manage = {
      orgId: org.id,
      chairBoards: await chairBoards(deps.db, { actor: actorOf(user), orgId: org.id, boards, day: today(c) }),
    };
    const sections = await Promise.all((opts.sections ?? []).map((section) => section?.(c, org.id)));
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
                    : memberNotice(t, done, await removedMember(deps.db, org.id, c.req.query("member") ?? ""))
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
              <a class="button secondary" href={url(lang, "orgKeyFigures", { id: org.id })}>
                {t.keyFigures.link}
              </a>
              {!hasIncoming && (
                <a class="button primary" href={url(lang, "orgNextBoard", { id: org.id })}>
                  {o.page.registerNext}
                </a>
              )}
            </p>
          }
        />
        {sections}
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
    if (!form.ok) {
      const errors = await withNameProblem(deps.db, c.var.t, { name: form.values.name, errors: form.errors, exceptId: org.id });
      return editPage(c, org.id, form.values, errors);
    }
    try {
      await updateOrganisation(deps.db, user.id, org.id, form.data, deps.clock.now());
    } catch (err) {
      const errors = fieldErrorOf(c, err);
      if (errors) return editPage(c, org.id, form.values, errors);
      throw err;
    }
    contentChanged(c, ORGANISATIONS);
    return c.redirect(url(c.var.lang, "org", { id: org.id }, { done: "saved" }), 303);
  });

  // Changes to a board's members: by its current board, or by the office (which comes back to its own page).
  // Removing someone asks first: this page says who, and its button POSTs.
  page(app, "GET", "orgMemberRemove", async (c) => {
    const { org, user, asStaff } = await authoriseOrg(c, c.req.param("id") ?? "", { allowStaff: true });
    const memberId = idParam(c, "memberId");
    const { t, lang, deps } = c.var;
    const found = await removableMember(deps.db, { actor: actorOf(user, asStaff), orgId: org.id, memberId, today: today(c) });
    if (!found) throw notFound();
    const opts = { title: t.org.page.removeTitle(personLabel(found.member)), wide: false };
    const body = (
      <RemoveMemberPage
        orgName={org.name}
        member={found.member}
        year={found.board.year}
        action={url(lang, "orgMemberRemove", { id: org.id, memberId })}
        cancel={url(lang, asStaff ? "staffOrg" : "org", { id: org.id })}
      />
    );
    return asStaff ? renderOffice(c, opts, body) : render(c, opts, body);
  });

  page(app, "POST", "orgMemberRemove", async (c) => {
    const { org, user, asStaff } = await authoriseOrg(c, c.req.param("id") ?? "", { allowStaff: true });
    const memberId = idParam(c, "memberId");
    const a = { actor: actorOf(user, asStaff), orgId: org.id, memberId, today: today(c) };
    const removed = await removeBoardMember(c.var.deps.db, c.var.deps, a);
    if (!removed) throw new AppError(404, "not_found");
    return backTo(c, org.id, asStaff, "removed", { member: memberId });
  });

  page(app, "POST", "orgMemberPosition", async (c) => {
    const { org, user, asStaff } = await authoriseOrg(c, c.req.param("id") ?? "", { allowStaff: true });
    const memberId = idParam(c, "memberId");
    const { deps } = c.var;
    // A member of another organisation, or of a past board, does not exist here: 404 before the form is read.
    if (!(await liveMember(deps.db, { orgId: org.id, memberId, today: today(c) }))) throw notFound();
    const form = await parseForm(c, memberPositionSchema);
    // The form offers a list of positions only: anything else was not sent by it.
    if (!form.ok) throw new AppError(400, "bad_request");
    const a = { actor: actorOf(user, asStaff), orgId: org.id, memberId, position: form.data.position, today: today(c) };
    const changed = await changeMemberPosition(deps.db, deps, a);
    if (!changed) throw new AppError(404, "not_found");
    return backTo(c, org.id, asStaff, "position");
  });
}
