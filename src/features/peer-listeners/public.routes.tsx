import { today } from "../../core/auth/authorise.js";
import { parseQuery } from "../../core/forms.js";
import { type App, page } from "../../core/http/router.js";
import { render } from "../../core/views/render.js";
import { KEY_FIGURES } from "../key-figures/service.js";
import { ORGANISATIONS } from "../organisations/service.js";
import { searchQuery } from "./forms.js";
import { findListeners, PEER_LISTENERS } from "./service.js";
import { PeerListenersPage } from "./views.js";

/**
 * The public "find a peer listener" page: search an organisation by name (a GET form), see its
 * listed listeners and the way to write to them; for organisations without one, the office's
 * confidential contact and the roadmap. Kept in the page cache for anonymous visitors until a
 * profile changes (PEER_LISTENERS), a key figure becomes or stops being active (KEY_FIGURES: a
 * board removes a listener) or an organisation is created, renamed or changes status (ORGANISATIONS).
 */
export function peerListenerPublicRoutes(app: App) {
  page(
    app,
    "GET",
    "peerListeners",
    async (c) => {
      const { deps, t } = c.var;
      const { q } = parseQuery(c, searchQuery);
      const found = q ? await findListeners(deps.db, deps.env, { q, day: today(c), now: deps.clock.now() }) : null;
      return render(c, { title: t.listeners.public.title }, <PeerListenersPage q={q} found={found} officeEmail={deps.env.OFFICE_EMAIL} />);
    },
    { cache: { capability: [PEER_LISTENERS, KEY_FIGURES, ORGANISATIONS], params: ["q"], repeat: true } },
  );
}
