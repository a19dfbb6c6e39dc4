import { desc, eq } from "drizzle-orm";
import { setSessionCookie } from "../../core/auth/session.js";
import { notFound } from "../../core/errors.js";
import { idParam, isUuid } from "../../core/http/params.js";
import { type App, page } from "../../core/http/router.js";
import { fromLoopback } from "../../core/http/security.js";
import { formatDateTime, LANGS } from "../../core/i18n/index.js";
import { outbox } from "../../core/mail/schema.js";
import { ActionButton } from "../../core/views/forms.js";
import { render } from "../../core/views/render.js";
import { url } from "../../routes.js";
import { users } from "../auth/schema.js";
import { createSession, deviceHint, endSession } from "../auth/service.js";

/**
 * Development helpers: a mailbox for held mail and one-click demo sign-in. Never mounted in
 * production, and outside production they answer only this machine (a 404 for anyone else), even
 * when HOST opens the portal to the network.
 */
export function devRoutes(app: App) {
  for (const lang of LANGS) {
    app.use(`/${lang}/dev/*`, async (c, next) => {
      if (!fromLoopback(c)) throw notFound();
      await next();
    });
  }
  page(app, "GET", "devMail", async (c) => {
    const { t, lang, deps } = c.var;
    const mails = await deps.db.select().from(outbox).orderBy(desc(outbox.createdAt)).limit(100);
    return render(
      c,
      { title: t.dev.mailTitle, noindex: true, wide: true },
      <>
        <h1>{t.dev.mailTitle}</h1>
        <p>{t.dev.mailIntro}</p>
        {mails.length === 0 ? (
          <p>{t.dev.empty}</p>
        ) : (
          <section class="table-wrap" tabindex={0} aria-label={t.dev.mailTitle}>
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">{t.common.date}</th>
                  <th scope="col">{t.dev.to}</th>
                  <th scope="col">{t.dev.subject}</th>
                </tr>
              </thead>
              <tbody>
                {mails.map((m) => (
                  <tr>
                    <td>{formatDateTime(lang, m.createdAt)}</td>
                    <td>{m.to}</td>
                    <td>
                      <a href={url(lang, "devMailItem", { id: m.id })}>{m.subject}</a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
      </>,
    );
  });

  page(app, "GET", "devMailItem", async (c) => {
    const { t, lang, deps } = c.var;
    const [m] = await deps.db
      .select()
      .from(outbox)
      .where(eq(outbox.id, idParam(c)));
    if (!m) throw notFound();
    const parts = m.text.split(/(https?:\/\/\S+)/g);
    return render(
      c,
      { title: m.subject, noindex: true },
      <>
        <p>
          <a href={url(lang, "devMail")}>{t.common.back}</a>
        </p>
        <h1>{m.subject}</h1>
        <dl class="details">
          <dt>{t.dev.to}</dt>
          <dd>{m.to}</dd>
          <dt>{t.common.date}</dt>
          <dd>{formatDateTime(lang, m.createdAt)}</dd>
        </dl>
        {m.text === "" ? (
          <p>{t.dev.bodyRemoved}</p>
        ) : (
          <pre class="mail-text" lang={m.lang}>
            {parts.map((p) => (/^https?:\/\//.test(p) ? <a href={p}>{p}</a> : p))}
          </pre>
        )}
      </>,
    );
  });

  page(app, "GET", "devSignIn", async (c) => {
    const { t, lang, deps } = c.var;
    const people = await deps.db.select().from(users).orderBy(users.staffRole, users.email).limit(30);
    return render(
      c,
      { title: t.dev.signInTitle, noindex: true },
      <>
        <h1>{t.dev.signInTitle}</h1>
        <p>{t.dev.signInIntro}</p>
        <ul class="plain-list">
          {people.map((u) => (
            <li>
              <ActionButton
                action={url(lang, "devSignIn")}
                fields={{ userId: u.id }}
                label={t.dev.signInAs(`${u.name ?? u.email} (${u.email})`)}
              />
            </li>
          ))}
        </ul>
      </>,
    );
  });

  page(app, "POST", "devSignIn", async (c) => {
    const { deps, lang } = c.var;
    const body = await c.req.parseBody();
    const id = typeof body.userId === "string" && isUuid(body.userId) ? body.userId.toLowerCase() : "";
    const [u] = id ? await deps.db.select().from(users).where(eq(users.id, id)) : [];
    if (!u) throw notFound();
    if (c.var.sessionIdHash) await endSession(deps.db, c.var.sessionIdHash, deps.clock.now());
    setSessionCookie(c, await createSession(deps.db, u.id, deps.clock.now(), deviceHint(c.req.header("user-agent"))));
    return c.redirect(u.staffRole ? url(lang, "staffHome") : url(lang, "dashboard"), 303);
  });
}
