import { today } from "../../core/auth/authorise.js";
import { setSessionCookie } from "../../core/auth/session.js";
import { AppError } from "../../core/errors.js";
import { type FieldErrors, type FormValues, fieldErrorOf, formValues, localizeErrors, parseForm } from "../../core/forms.js";
import type { Ctx } from "../../core/http/context.js";
import { idParam } from "../../core/http/params.js";
import { type App, page } from "../../core/http/router.js";
import { render } from "../../core/views/render.js";
import { url } from "../../routes.js";
import { endSession } from "../auth/service.js";
import { authoriseOrg } from "../organisations/access.js";
import { type Actor, actorOf, boardsOf, currentBoardOf } from "../organisations/service.js";
import { invitationAnswerSchema, inviteSchema, NEXT_BOARD_MAX_ROWS, nextBoardRows, nextBoardSchema } from "./forms.js";
import {
  acceptInvitation,
  declineInvitation,
  invitationForToken,
  invitationProblems,
  inviteToBoard,
  registerNextBoard,
  withdrawInvitation,
} from "./service.js";
import { InvitationGone, InvitationPage, InviteForm, NextBoardForm } from "./views.js";

/**
 * A refused invite form's errors with the rules the service applies (already on the board, already
 * invited, the chair rule), checked without writing: every error shows at once, in one round.
 */
export async function withInvitationProblems(c: Ctx, actor: Actor, orgId: string, form: { values: FormValues; errors: FieldErrors }) {
  const v = form.values;
  const { deps } = c.var;
  const problems = await invitationProblems(deps.db, {
    actor,
    orgId,
    boardId: v.boardId ?? "",
    email: v.email ?? "",
    position: v.position ?? "",
    today: today(c),
    now: deps.clock.now(),
  });
  return { ...localizeErrors(c, problems), ...form.errors };
}

/**
 * Invitations to a board: the board's invite and next-board forms, the withdraw button (board and
 * office), and the page the invitation's link opens (accept or decline).
 */
export function invitationRoutes(app: App) {
  const invitePage = async (c: Ctx, orgId: string, values?: FormValues, errors?: FieldErrors) => {
    const boards = await boardsOf(c.var.deps.db, orgId, today(c));
    return render(
      c,
      { title: c.var.t.invitations.invite.title, status: errors ? 422 : 200 },
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
    if (!form.ok) return invitePage(c, org.id, form.values, await withInvitationProblems(c, actorOf(user), org.id, form));
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
      { title: c.var.t.invitations.next.title, status: errors ? 422 : 200 },
      <NextBoardForm orgId={orgId} values={values} errors={errors} />,
    );

  page(app, "GET", "orgNextBoard", async (c) => {
    const { org } = await authoriseOrg(c, c.req.param("id") ?? "");
    return nextPage(c, org.id);
  });

  page(app, "POST", "orgNextBoard", async (c) => {
    const { org, user } = await authoriseOrg(c, c.req.param("id") ?? "");
    const { deps } = c.var;
    const day = today(c);
    const values = await formValues(c);
    const rows = nextBoardRows(values);
    // "Add a row": the same form again, with what was typed and one more row (no JavaScript needed).
    if (values.addRow !== undefined) return nextPage(c, org.id, { ...values, rows: String(Math.min(rows + 1, NEXT_BOARD_MAX_ROWS)) });
    const current = await currentBoardOf(deps.db, org.id, day);
    const schema = nextBoardSchema({ rows, today: day, currentYear: current?.year ?? null, yearStart: deps.env.ACADEMIC_YEAR_START });
    const form = await parseForm(c, schema);
    if (!form.ok) return nextPage(c, org.id, form.values, form.errors);
    try {
      await registerNextBoard(deps.db, deps, { actor: actorOf(user), orgId: org.id, today: day, now: deps.clock.now(), ...form.data });
    } catch (err) {
      const errors = fieldErrorOf(c, err);
      if (errors) return nextPage(c, org.id, form.values, errors);
      throw err;
    }
    return c.redirect(url(c.var.lang, "org", { id: org.id }, { done: "next" }), 303);
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
    // Back to the page it was withdrawn from: the office's page of the organisation, or the board's own.
    return c.redirect(url(c.var.lang, asStaff ? "staffOrg" : "org", { id: org.id }, { done: "withdrawn" }), 303);
  });

  // The invitation's link opens a page; only its POST changes anything (mail scanners follow links).
  const invitationHeaders = (c: Ctx) => {
    c.header("Referrer-Policy", "no-referrer");
    c.header("Cache-Control", "no-store");
  };
  const gone = (c: Ctx) =>
    render(
      c,
      { title: c.var.t.invitations.page.invalidTitle, status: 404, noindex: true },
      <InvitationGone title={c.var.t.invitations.page.invalidTitle} body={c.var.t.invitations.page.invalidBody} />,
    );
  const invitationPage = async (c: Ctx, token: string, values?: FormValues, errors?: FieldErrors) => {
    const { deps } = c.var;
    const inv = await invitationForToken(deps.db, token, { now: deps.clock.now(), today: today(c) });
    if (!inv) return gone(c);
    return render(
      c,
      { title: c.var.t.invitations.page.title, noindex: true, status: errors ? 422 : 200 },
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
        { title: t.invitations.page.declinedTitle, noindex: true },
        <InvitationGone title={t.invitations.page.declinedTitle} body={t.invitations.page.declinedBody} />,
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
