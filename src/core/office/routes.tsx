import { requireStaff } from "../auth/authorise.js";
import { type App, page } from "../http/router.js";
import { renderOffice } from "./views.js";

/** The office home page: every section's summary lines (counts with links). */
export function officeRoutes(app: App) {
  page(app, "GET", "staffHome", async (c) => {
    requireStaff(c);
    const { t, office } = c.var;
    const lines = await office.summary(c);
    return renderOffice(
      c,
      { title: t.office.home },
      <>
        <h1>{t.office.home}</h1>
        <p>{t.office.homeIntro}</p>
        {lines.length > 0 && (
          <ul class="stats">
            {lines.map((l) => (
              <li class="stat">
                <a href={l.href}>{l.text}</a>
              </li>
            ))}
          </ul>
        )}
      </>,
    );
  });
}
