import { z } from "zod";
import { requireUser, today } from "../../core/auth/authorise.js";
import { notFound } from "../../core/errors.js";
import { fieldErrorOf, parseForm, parseQuery } from "../../core/forms.js";
import type { Ctx } from "../../core/http/context.js";
import { idParam } from "../../core/http/params.js";
import { type App, page } from "../../core/http/router.js";
import { render } from "../../core/views/render.js";
import { url } from "../../routes.js";
import { authoriseOrg, currentOrganisations } from "../organisations/access.js";
import { currentBoardOf } from "../organisations/boards.js";
import { changeAddressSchema } from "./forms.js";
import { changeForBoard, confirmForBoard, subscriptionById, unconfirmedForBoard } from "./service.js";
import { ChangePage, HandOverBlock } from "./views.js";

const dashboardQuery = z.object({ mailing: z.enum(["confirmed", "changed"]).optional().catch(undefined) });

/**
 * The dashboard block for members of a current board: their organisation's update addresses this
 * board has not confirmed (after a hand-over, or when someone else subscribed it), to confirm or change.
 */
export async function mailingDashboardBlock(c: Ctx) {
  const user = requireUser(c);
  const { deps, t } = c.var;
  const day = today(c);
  const items = [];
  for (const org of await currentOrganisations(deps.db, user.id, day)) {
    const board = await currentBoardOf(deps.db, org.id, day);
    if (!board) continue;
    const subs = await unconfirmedForBoard(deps.db, org.id, board.id);
    if (subs.length) items.push({ orgId: org.id, orgName: org.name, subs });
  }
  const { mailing } = parseQuery(c, dashboardQuery);
  const notice = mailing === "confirmed" ? t.mailingList.board.confirmed : mailing === "changed" ? t.mailingList.board.changed : null;
  if (!items.length && !notice) return null;
  return <HandOverBlock items={items} notice={notice} />;
}

/** The board's "confirm" and "change" of its organisation's update address. */
export function mailingBoardRoutes(app: App) {
  const target = async (c: Ctx) => {
    const { org } = await authoriseOrg(c, idParam(c));
    const subscriptionId = idParam(c, "subscriptionId");
    const board = await currentBoardOf(c.var.deps.db, org.id, today(c));
    const sub = await subscriptionById(c.var.deps.db, subscriptionId);
    if (!board || !sub || sub.orgId !== org.id) throw notFound();
    return { org, board, sub };
  };

  page(app, "POST", "orgMailingConfirm", async (c) => {
    const { org, board, sub } = await target(c);
    const { deps, lang } = c.var;
    if (!(await confirmForBoard(deps.db, { orgId: org.id, boardId: board.id, subscriptionId: sub.id }, deps.clock.now()))) throw notFound();
    return c.redirect(url(lang, "dashboard", {}, { mailing: "confirmed" }), 303);
  });

  page(app, "POST", "orgMailingChange", async (c) => {
    const { org, board, sub } = await target(c);
    const { deps, lang, t } = c.var;
    const form = await parseForm(c, changeAddressSchema);
    if (!form.ok)
      return render(
        c,
        { title: t.mailingList.board.title, status: 422 },
        <ChangePage orgId={org.id} orgName={org.name} sub={sub} values={form.values} errors={form.errors} />,
      );
    let done: { id: string } | null;
    try {
      done = await changeForBoard(
        deps.db,
        deps,
        { orgId: org.id, boardId: board.id, subscriptionId: sub.id, email: form.data.email },
        deps.clock.now(),
      );
    } catch (err) {
      const errors = fieldErrorOf(c, err);
      if (!errors) throw err;
      return render(
        c,
        { title: t.mailingList.board.title, status: 422 },
        <ChangePage orgId={org.id} orgName={org.name} sub={sub} values={form.values} errors={errors} />,
      );
    }
    if (!done) throw notFound();
    return c.redirect(url(lang, "dashboard", {}, { mailing: "changed" }), 303);
  });
}
