import { requireStaff, today } from "../../core/auth/authorise.js";
import { notFound } from "../../core/errors.js";
import { type FieldErrors, type FormValues, fieldErrorOf, parseForm } from "../../core/forms.js";
import type { Ctx } from "../../core/http/context.js";
import { idParam } from "../../core/http/params.js";
import { type App, page } from "../../core/http/router.js";
import { renderOffice } from "../../core/office/views.js";
import { url } from "../../routes.js";
import { academicYearOf, actorOf, boardsOf, getOrganisation } from "../organisations/service.js";
import { staffInviteSchema } from "./forms.js";
import { withInvitationProblems } from "./routes.js";
import { officeInvite } from "./service.js";
import { InviteForm } from "./views.js";

/** An organisation for the office, by the `:id` in the path; 404 when there is none. */
async function orgParam(c: Ctx) {
  const org = await getOrganisation(c.var.deps.db, idParam(c));
  if (!org) throw notFound();
  return org;
}

/** The office invites someone to an organisation's board (office staff). */
export function invitationOfficeRoutes(app: App) {
  /** Into the current (or incoming) board; with no board yet, the form offers one for this academic year. */
  const invitePage = async (c: Ctx, orgId: string, values?: FormValues, errors?: FieldErrors) => {
    const { deps } = c.var;
    // The new board is only created when the form is sent (a GET changes nothing).
    const boards = await boardsOf(deps.db, orgId, today(c));
    const none = !boards.some((b) => b.state !== "past");
    return renderOffice(
      c,
      { title: c.var.t.org.staff.inviteBoard, status: errors ? 422 : 200, wide: false },
      <InviteForm
        action={url(c.var.lang, "staffOrgInvite", { id: orgId })}
        boards={boards}
        newBoardYear={none ? academicYearOf(today(c), deps.env.ACADEMIC_YEAR_START) : undefined}
        values={values}
        errors={errors}
      />,
    );
  };

  page(app, "GET", "staffOrgInvite", async (c) => {
    requireStaff(c);
    const org = await orgParam(c);
    return invitePage(c, org.id);
  });

  page(app, "POST", "staffOrgInvite", async (c) => {
    const user = requireStaff(c);
    const { deps } = c.var;
    const org = await orgParam(c);
    const form = await parseForm(c, staffInviteSchema);
    if (!form.ok) return invitePage(c, org.id, form.values, await withInvitationProblems(c, actorOf(user, true), org.id, form));
    const { boardId, ...member } = form.data;
    try {
      await officeInvite(deps.db, deps, {
        actor: actorOf(user, true),
        orgId: org.id,
        boardId,
        member,
        today: today(c),
        now: deps.clock.now(),
      });
    } catch (err) {
      const errors = fieldErrorOf(c, err);
      if (errors) return invitePage(c, org.id, form.values, errors);
      throw err;
    }
    return c.redirect(url(c.var.lang, "staffOrg", { id: org.id }, { done: "invited", email: member.email }), 303);
  });
}
