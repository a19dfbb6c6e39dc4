import { readFileSync } from "node:fs";
import path from "node:path";
import { Hono } from "hono";
import { sessionMiddleware } from "./core/auth/session.js";
import { STATIC } from "./core/content/versions.js";
import { notFound } from "./core/errors.js";
import { cached, cacheRules, frontDoor, hitOptions, pageCache } from "./core/http/cache.js";
import { type AppEnv, type Deps, plainVars } from "./core/http/context.js";
import { onError, renderError } from "./core/http/errors.js";
import { requestLog } from "./core/http/logging.js";
import { bodySizeLimit, csrf, securityHeaders, wellFormedUrl } from "./core/http/security.js";
import { isLang, negotiateLang } from "./core/i18n/index.js";
import { officeRoutes } from "./core/office/routes.js";
import { createOffice } from "./core/office/shell.js";
import { renderWithoutAsyncHooks } from "./core/views/context.js";
import { TOPIC_ICONS_PATH, topicIconSprite } from "./core/views/icons.js";
import { accountRoutes } from "./features/account/account.routes.js";
import { privacyPublicRoutes } from "./features/account/public.routes.js";
import { authRoutes } from "./features/auth/routes.js";
import { loadSession } from "./features/auth/service.js";
import { contactDashboardBlock, contactListenerRoutes } from "./features/confidential-contact/listener.routes.js";
import { contactOffice, contactOfficeRoutes } from "./features/confidential-contact/office.routes.js";
import { contactBodyLimit, contactPublicRoutes } from "./features/confidential-contact/public.routes.js";
import { devRoutes } from "./features/dev/routes.js";
import { invitationOfficeRoutes } from "./features/invitations/office.routes.js";
import { invitationRoutes } from "./features/invitations/routes.js";
import { keyFigureDashboardBlock, keyFigureRoutes, keyFiguresOffice, keyFiguresOrgExtra } from "./features/key-figures/routes.js";
import { guidanceOffice, guidanceOfficeRoutes } from "./features/listener-guidance/office.routes.js";
import { guidancePublicRoutes } from "./features/listener-guidance/public.routes.js";
import { mailingCampaignOfficeRoutes, mailingCampaignsOffice } from "./features/mailing-campaigns/office.routes.js";
import { deliveriesOf } from "./features/mailing-campaigns/service.js";
import { mailingApiRoutes } from "./features/mailing-list/api.routes.js";
import { mailingBoardRoutes, mailingDashboardBlock } from "./features/mailing-list/board.routes.js";
import { mailingOffice, mailingOfficeRoutes } from "./features/mailing-list/office.routes.js";
import { mailingPublicRoutes } from "./features/mailing-list/public.routes.js";
import { accountsOffice, officeAccountRoutes } from "./features/office-accounts/office.routes.js";
import { inboundRoutes } from "./features/office-contact/inbound.routes.js";
import { officeContactOffice, officeContactOfficeRoutes } from "./features/office-contact/office.routes.js";
import { officeContactPublicRoutes } from "./features/office-contact/public.routes.js";
import { orgRequestOfficeRoutes, orgRequestsOffice } from "./features/org-requests/office.routes.js";
import { orgRequestRoutes } from "./features/org-requests/routes.js";
import { organisationOfficeRoutes, organisationsOffice } from "./features/organisations/office.routes.js";
import { organisationRoutes } from "./features/organisations/routes.js";
import { OrgFields } from "./features/organisations/views.js";
import { pageRoutes } from "./features/pages/routes.js";
import { peerListenerPublicRoutes } from "./features/peer-listeners/public.routes.js";
import { listenerDashboardBlock, listenersSection, peerListenerRoutes } from "./features/peer-listeners/routes.js";
import { roadmapPublicRoutes } from "./features/roadmap/public.routes.js";
import { ResourceDetails } from "./features/roadmap/views.js";
import { roadmapOffice, roadmapOfficeRoutes } from "./features/roadmap-editing/office.routes.js";
import { embedBuilderRoutes } from "./features/roadmap-embed/builder.routes.js";
import { embedPublicRoutes } from "./features/roadmap-embed/public.routes.js";
import { openDataRoutes } from "./features/roadmap-opendata/public.routes.js";
import { ordersOffice, printOfficeRoutes } from "./features/roadmap-print/office.routes.js";
import { printPublicRoutes } from "./features/roadmap-print/public.routes.js";
import { safetyOffice, safetyOfficeRoutes } from "./features/social-safety/office.routes.js";
import { safetyRoutes, safetySection } from "./features/social-safety/routes.js";
import { subsidiesOffice, subsidyOfficeRoutes } from "./features/subsidies-office/office.routes.js";
import { subsidyPublicRoutes } from "./features/subsidy-boards/public.routes.js";
import { isSubsidyUpload, subsidiesSection, subsidyBoardRoutes, subsidyUploadLimit } from "./features/subsidy-boards/routes.js";
import { registrationBoardRoutes, trainedSection } from "./features/training-boards/routes.js";
import {
  activeOnSession,
  addOfferingSession,
  cancelOfferingSession,
  editOffering,
  editOfferingSession,
  registrationCounts,
} from "./features/training-registrations/office.js";
import {
  registrationOfficeRoutes,
  registrationsOffice,
  trainingsOrgExtra,
} from "./features/training-registrations-office/office.routes.js";
import { trainingPublicRoutes } from "./features/trainings/public.routes.js";
import { trainingOfficeRoutes, trainingsOffice } from "./features/trainings-office/office.routes.js";
import { SessionFields } from "./features/trainings-office/office.views.js";
import { ROOT } from "./paths.js";
import { privacyPolicy } from "./privacy.js";

const publicDir = path.join(ROOT, "public");
const MIME: Record<string, string> = {
  css: "text/css; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  svg: "image/svg+xml",
  png: "image/png",
  ico: "image/x-icon",
};

type Asset = { body: Uint8Array<ArrayBuffer>; type: string };

/**
 * Static assets, read once into memory (they are few and small). The page cache keeps them too,
 * with their compressed copies, and answers them in front of the app.
 */
function staticAssets(generated: Record<string, { body: string; type: string }>) {
  const cache = new Map<string, Asset>();
  for (const [name, { body, type }] of Object.entries(generated)) {
    cache.set(name, { body: new TextEncoder().encode(body) as Uint8Array<ArrayBuffer>, type });
  }
  return (name: string) => {
    if (!/^[\w.-]+$/.test(name)) return null;
    let hit = cache.get(name);
    if (!hit) {
      try {
        const type = MIME[name.split(".").pop() ?? ""] ?? "application/octet-stream";
        hit = { body: new Uint8Array(readFileSync(path.join(publicDir, "static", name))) as Uint8Array<ArrayBuffer>, type };
        cache.set(name, hit);
      } catch {
        return null;
      }
    }
    return hit;
  };
}

/** Builds the whole portal from its dependencies; no network, no globals (tests call this). */
export function createApp(deps: Deps) {
  renderWithoutAsyncHooks();
  const app = new Hono<AppEnv>();
  const asset = staticAssets({ [TOPIC_ICONS_PATH.slice("/static/".length)]: { body: topicIconSprite(), type: MIME.svg! } });
  const { env } = deps;
  const theme = `:root{--brand:${env.BRAND_COLOR};--accent:${env.ACCENT_COLOR}}\n`;
  // The office shell: each feature's navigation items, audit labels and home-page lines. The home
  // page lists what waits first: requests to decide, orders to send, places to check, training
  // requests and open offers; then handovers.
  const office = createOffice([
    orgRequestsOffice,
    ordersOffice,
    roadmapOffice,
    registrationsOffice,
    trainingsOffice,
    organisationsOffice,
    accountsOffice,
    keyFiguresOffice,
    guidanceOffice,
    contactOffice,
    safetyOffice,
    subsidiesOffice,
    officeContactOffice,
    mailingCampaignsOffice,
    mailingOffice,
  ]);

  app.use(async (c, next) => {
    plainVars(c);
    c.set("deps", deps);
    const seg = c.req.path.split("/")[1];
    const lang = isLang(seg) ? seg : negotiateLang(c.req.header("accept-language"));
    c.set("lang", lang);
    c.set("t", deps.catalogs[lang]);
    c.set("office", office);
    c.set("user", null);
    c.set("csrfToken", "");
    await next();
  });
  app.use(requestLog);
  // Stores the responses of routes with a cache rule; `frontDoor` below serves them.
  app.use(pageCache);
  app.use(securityHeaders);
  // Malformed escapes and NUL bytes are a 400; a trailing slash redirects (308) to the page.
  app.use(wellFormedUrl);
  // Before CSRF and sessions: the CSRF check reads form bodies. A subsidy attachment's upload has its own, larger limit.
  app.use((c, next) => (isSubsidyUpload(c.req.path) ? subsidyUploadLimit(c, next) : bodySizeLimit(c, next)));
  // The confidential contact's student pages take small forms only (64 KB).
  contactBodyLimit(app);

  app.get("/static/theme.css", (c) => c.body(theme, 200, { "Content-Type": MIME.css!, "Cache-Control": "public, max-age=3600" }));
  app.get("/static/:name", (c) => {
    const hit = asset(c.req.param("name"));
    if (!hit) throw notFound();
    return c.body(hit.body.slice(), 200, { "Content-Type": hit.type, "Cache-Control": "public, max-age=3600" });
  });
  cached(app, "/static/*", { capability: STATIC, shared: true });
  app.get("/healthz", (c) => c.json({ ok: true }));
  app.get("/", (c) => {
    c.header("Vary", "Accept-Language");
    return c.redirect(`/${c.var.lang}`, 302);
  });

  // Cookie-less public endpoints: no CSRF cookie, no session lookup.
  openDataRoutes(app);
  embedPublicRoutes(app);
  // Replies mailed to the office's contact conversations, from the mail gateway (shared secret, no cookies).
  inboundRoutes(app);
  // The mailing list's one-click unsubscribe (RFC 8058: no cookie, no CSRF token; the link's HMAC token authorises), the
  // provider's bounce webhook and the mailto unsubscribe (shared secrets).
  mailingApiRoutes(app);

  app.use(csrf);
  app.use(sessionMiddleware((d, token) => loadSession(d.db, d.env, token, d.clock.now())));

  pageRoutes(app);
  // The contact page: the form to the office and its address; the office's inbox.
  officeContactPublicRoutes(app);
  officeContactOfficeRoutes(app);
  mailingCampaignOfficeRoutes(app);
  // The mailing list: subscribe, the double opt-in, the preferences page; the office's subscribers; the board's hand-over.
  mailingPublicRoutes(app, { exportParts: [{ name: "campaigns", of: deliveriesOf }] });
  mailingOfficeRoutes(app);
  mailingBoardRoutes(app);
  officeRoutes(app);
  authRoutes(app);
  const policy = privacyPolicy(env);
  privacyPublicRoutes(app, policy);
  accountRoutes(app, policy);
  // The dashboard shows each feature's block for the user: the key figures' (roles, trainings to register for).
  // The organisation's page shows the trainings' section: who of its board and key figures is trained this
  // academic year, with the link to its trainings; its listeners; then the link to its social-safety status.
  // A listener's block links to their profile and inbox.
  organisationRoutes(app, {
    dashboard: [keyFigureDashboardBlock, listenerDashboardBlock, contactDashboardBlock, mailingDashboardBlock],
    sections: [trainedSection, listenersSection, safetySection, subsidiesSection],
  });
  // The registration form shows the organisation's own fields, drawn by the organisations feature.
  orgRequestRoutes(app, { orgFields: OrgFields });
  invitationRoutes(app);
  registrationBoardRoutes(app);
  keyFigureRoutes(app);
  peerListenerRoutes(app);
  // The confidential contact: the student's pages (no account), the listeners' inbox, the office's adviser and counts.
  contactPublicRoutes(app);
  contactListenerRoutes(app);
  contactOfficeRoutes(app);
  safetyRoutes(app);
  subsidyPublicRoutes(app);
  subsidyBoardRoutes(app);
  invitationOfficeRoutes(app);
  // The office's organisation list and page show who is trained this academic year (the trainings' part, passed
  // in), and the page the organisation's key figures (the key figures' part).
  organisationOfficeRoutes(app, { extras: [trainingsOrgExtra, keyFiguresOrgExtra] });
  orgRequestOfficeRoutes(app);
  officeAccountRoutes(app);
  printPublicRoutes(app);
  printOfficeRoutes(app);
  embedBuilderRoutes(app);
  roadmapPublicRoutes(app, { searchGate: deps.gates?.search });
  trainingPublicRoutes(app);
  peerListenerPublicRoutes(app);
  guidancePublicRoutes(app);
  guidanceOfficeRoutes(app);
  // The editing previews a place as the public page shows it: the roadmap's view, passed in.
  roadmapOfficeRoutes(app, { details: ResourceDetails });
  // Offerings and dates reach their registrations (offers on a raised capacity, mail on a moved
  // date) through the registrations' office functions; a request is planned with a date's fields.
  trainingOfficeRoutes(app, {
    registrations: {
      editOffering,
      addSession: addOfferingSession,
      editSession: editOfferingSession,
      cancelSession: cancelOfferingSession,
      activeOnSession,
      counts: registrationCounts,
    },
  });
  registrationOfficeRoutes(app, { sessionFields: SessionFields });
  safetyOfficeRoutes(app);
  subsidyOfficeRoutes(app);
  if (env.NODE_ENV !== "production") devRoutes(app);

  app.notFound((c) => renderError(c, 404));
  app.onError(onError);
  // Every GET sees only the query parameters its cache rule names; cache hits are answered before
  // routing and middleware, with precomputed headers.
  const rules = cacheRules(app);
  if (deps.pageCache) deps.pageCache.rules = rules;
  app.fetch = frontDoor(app.fetch, rules, deps.pageCache, hitOptions(deps));
  return app;
}
