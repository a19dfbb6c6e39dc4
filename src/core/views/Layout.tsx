import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { switchLang, url } from "../../routes.js";
import { otherLang } from "../i18n/index.js";
import { usePage } from "./context.js";
import { CsrfField } from "./forms.js";

export function Layout({
  title,
  children,
  wide,
  noindex,
  altHref,
}: {
  title: string;
  children: Child;
  wide?: boolean;
  noindex?: boolean;
  /** The same page in the other language; by default from the request's path (`switchLang`). */
  altHref?: string;
}) {
  const { lang, t, user, path, env } = usePage();
  const other = otherLang(lang);
  const alt = altHref ?? switchLang(path, lang, other);
  const institution = lang === "nl" ? env.INSTITUTION_NAME_NL : env.INSTITUTION_NAME_EN;
  const office = lang === "nl" ? env.OFFICE_NAME_NL : env.OFFICE_NAME_EN;
  return (
    <>
      {raw("<!doctype html>")}
      <html lang={lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${title} · ${t.common.appName}`}</title>
          {noindex && <meta name="robots" content="noindex" />}
          <link rel="stylesheet" href="/static/app.css" />
          <link rel="stylesheet" href="/static/roadmap.css" />
          <link rel="stylesheet" href="/static/theme.css" />
          <link rel="icon" href={env.LOGO_URL} />
          <link rel="alternate" hreflang={other} href={alt} />
        </head>
        <body>
          <a class="skip-link" href="#main">
            {t.common.skipLink}
          </a>
          <header class="site-header">
            <div class="wrap header-inner">
              <a class="brand" href={url(lang, "home")}>
                <img src={env.LOGO_URL} alt="" width="36" height="36" />
                <span>
                  <span class="brand-name">{t.common.appName}</span>
                  <span class="brand-sub">{institution}</span>
                </span>
              </a>
              <nav class="site-nav" aria-label={t.nav.label}>
                <ul>
                  <li>
                    <a href={url(lang, "roadmap")}>{t.nav.roadmap}</a>
                  </li>
                  <li>
                    <a href={url(lang, "trainings")}>{t.nav.trainings}</a>
                  </li>
                  {user?.staffRole && (
                    <li>
                      <a href={url(lang, "staffHome")}>{t.nav.office}</a>
                    </li>
                  )}
                  {user && (
                    <li>
                      <a href={url(lang, "dashboard")}>{t.nav.dashboard}</a>
                    </li>
                  )}
                  {user && (
                    <li>
                      <a href={url(lang, "account")}>{t.nav.account}</a>
                    </li>
                  )}
                  {!user && (
                    <li>
                      <a href={url(lang, "signIn")}>{t.common.signIn}</a>
                    </li>
                  )}
                  <li>
                    <a href={alt} hreflang={other} lang={other}>
                      <span aria-hidden="true">{other.toUpperCase()} · </span>
                      {t.common.otherLanguage}
                    </a>
                  </li>
                  {user && (
                    <li>
                      <form method="post" action={url(lang, "signOut")} class="inline">
                        <CsrfField />
                        <button type="submit" class="link-button">
                          {t.common.signOut}
                        </button>
                      </form>
                    </li>
                  )}
                </ul>
              </nav>
            </div>
          </header>
          <main id="main" tabindex={-1} class={wide ? "wrap wide" : "wrap"}>
            {children}
          </main>
          <footer class="site-footer">
            <div class="wrap">
              <p>
                {office} · {institution} · <a href={`mailto:${env.OFFICE_EMAIL}`}>{env.OFFICE_EMAIL}</a>
              </p>
              <ul class="footer-links">
                <li>
                  <a href={url(lang, "contact")}>{t.footer.contact}</a>
                </li>
                <li>
                  <a href={url(lang, "mailingSubscribe")}>{t.footer.mailingList}</a>
                </li>
                <li>
                  <a href={url(lang, "privacy")}>{t.footer.privacy}</a>
                </li>
                <li>
                  <a href={url(lang, "accessibility")}>{t.footer.accessibility}</a>
                </li>
              </ul>
            </div>
          </footer>
        </body>
      </html>
    </>
  );
}
