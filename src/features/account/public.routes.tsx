import { STATIC } from "../../core/content/versions.js";
import { type App, page } from "../../core/http/router.js";
import type { RetentionRule } from "../../core/privacy.js";
import { render } from "../../core/views/render.js";
import { DeletedPage, PrivacyPage } from "./views.js";

/** For anyone: the privacy statement (its retention table from src/privacy.ts's rules) and the "account deleted" page. */
export function privacyPublicRoutes(app: App, policy: { rules: RetentionRule[] }) {
  // The same for every anonymous visitor: its values are settings, which change only with a restart.
  page(app, "GET", "privacy", (c) => render(c, { title: c.var.t.privacy.title }, <PrivacyPage rules={policy.rules} />), {
    cache: { capability: STATIC },
  });

  page(app, "GET", "accountDeleted", (c) => render(c, { title: c.var.t.account.deletedTitle }, <DeletedPage />));
}
