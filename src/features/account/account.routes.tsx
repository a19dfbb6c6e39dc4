import { requireUser } from "../../core/auth/authorise.js";
import { clearSessionCookie } from "../../core/auth/session.js";
import { type FieldErrors, type FormValues, parseForm } from "../../core/forms.js";
import type { Ctx, SessionUser } from "../../core/http/context.js";
import { idParam } from "../../core/http/params.js";
import { type App, page } from "../../core/http/router.js";
import { localDate } from "../../core/i18n/index.js";
import type { PersonalDataProvider } from "../../core/privacy.js";
import { render } from "../../core/views/render.js";
import { url } from "../../routes.js";
import { endSessionById, endSessions, liveSessions, sessionLimits, updateProfile } from "../auth/service.js";
import { deleteSchema, profileSchema } from "./forms.js";
import { DeletionBlocked, deleteAccount, deletionBlockers, exportPersonalData } from "./service.js";
import { AccountPage, DeletePage } from "./views.js";

async function accountPage(c: Ctx, user: SessionUser, form: { values?: FormValues; errors?: FieldErrors } = {}) {
  const { t, deps } = c.var;
  const done = c.req.query("done");
  const notice = done === "saved" ? t.account.saved : done === "ended" ? t.account.sessionEnded : null;
  const sessions = await liveSessions(deps.db, deps.env, user, c.var.sessionIdHash, deps.clock.now());
  return render(
    c,
    { title: t.account.title, status: form.errors ? 422 : 200 },
    <AccountPage
      email={user.email}
      values={form.values ?? { name: user.name ?? "", lang: user.lang }}
      errors={form.errors}
      notice={form.errors ? null : notice}
      sessions={sessions}
      limits={sessionLimits(deps.env, Boolean(user.staffRole))}
    />,
  );
}

/**
 * "My account", for anyone signed in: name and language, sessions, the data download and account
 * deletion. `policy` is src/privacy.ts's: its providers make up the download and the deletion.
 */
export function accountRoutes(app: App, policy: { providers: PersonalDataProvider[] }) {
  page(app, "GET", "account", (c) => accountPage(c, requireUser(c)));

  page(app, "POST", "account", async (c) => {
    const user = requireUser(c);
    const form = await parseForm(c, profileSchema);
    if (!form.ok) return accountPage(c, user, form);
    await updateProfile(c.var.deps.db, user.id, form.data);
    return c.redirect(url(form.data.lang, "account", {}, { done: "saved" }), 303);
  });

  page(app, "POST", "accountSessionEnd", async (c) => {
    const user = requireUser(c);
    const { deps, lang } = c.var;
    const id = idParam(c);
    // Ending someone else's or an unknown session changes nothing; the answer is the same.
    const ended = await endSessionById(deps.db, user.id, id, deps.clock.now());
    if (ended && ended === c.var.sessionIdHash) {
      clearSessionCookie(c);
      return c.redirect(url(lang, "signIn"), 303);
    }
    return c.redirect(url(lang, "account", {}, { done: "ended" }), 303);
  });

  page(app, "POST", "accountSignOutAll", async (c) => {
    const user = requireUser(c);
    const { deps, lang } = c.var;
    await endSessions(deps.db, user.id, { now: deps.clock.now() });
    clearSessionCookie(c);
    return c.redirect(url(lang, "signIn"), 303);
  });

  page(app, "GET", "accountExport", async (c) => {
    const user = requireUser(c);
    const { deps } = c.var;
    const now = deps.clock.now();
    const data = await exportPersonalData(deps.db, policy.providers, user, now);
    c.header("Cache-Control", "private, no-store");
    c.header("Content-Disposition", `attachment; filename="vangnet-${localDate(now, deps.env.TIME_ZONE)}.json"`);
    return c.body(JSON.stringify(data, null, 2), 200, { "Content-Type": "application/json; charset=utf-8" });
  });

  page(app, "GET", "accountDelete", async (c) => {
    const user = requireUser(c);
    const { t, deps } = c.var;
    const today = localDate(deps.clock.now(), deps.env.TIME_ZONE);
    const blockers = await deletionBlockers(deps.db, policy.providers, user, today);
    return render(c, { title: t.account.deletePageTitle }, <DeletePage blockers={blockers.map((b) => b(t))} />);
  });

  page(app, "POST", "accountDelete", async (c) => {
    const user = requireUser(c);
    const { t, deps, lang } = c.var;
    const form = await parseForm(c, deleteSchema);
    if (!form.ok) {
      const today = localDate(deps.clock.now(), deps.env.TIME_ZONE);
      const blockers = await deletionBlockers(deps.db, policy.providers, user, today);
      return render(
        c,
        { title: t.account.deletePageTitle, status: 422 },
        <DeletePage blockers={blockers.map((b) => b(t))} errors={form.errors} />,
      );
    }
    try {
      await deleteAccount(deps.db, policy.providers, user, { now: deps.clock.now(), timeZone: deps.env.TIME_ZONE });
    } catch (err) {
      if (err instanceof DeletionBlocked)
        return render(c, { title: t.account.deletePageTitle, status: 409 }, <DeletePage blockers={err.blockers.map((b) => b(t))} />);
      throw err;
    }
    clearSessionCookie(c);
    return c.redirect(url(lang, "accountDeleted"), 303);
  });
}
