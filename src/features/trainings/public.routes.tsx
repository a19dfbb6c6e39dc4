import { today } from "../../core/auth/authorise.js";
import { notFound } from "../../core/errors.js";
import { parseQuery } from "../../core/forms.js";
import type { Ctx } from "../../core/http/context.js";
import { type App, page } from "../../core/http/router.js";
import { pick } from "../../core/i18n/index.js";
import { render } from "../../core/views/render.js";
import { text } from "../../core/views/text.js";
import { url } from "../../routes.js";
import { currentOrganisationsOf } from "../organisations/service.js";
import { freePlacesFor } from "../training-registrations/service.js";
import { catalogueEntry, matches } from "./catalogue.js";
import { CATALOGUE_PARAMS, catalogueQuery } from "./forms.js";
import { calendar } from "./ical.js";
import { type Offering, publishedOffering, publishedOfferings, type Session, sessionsOf, TRAININGS } from "./service.js";
import { CataloguePage, OfferingPage, type Viewer } from "./views.js";

const SLUG = /^[a-z0-9-]{1,80}$/;

/** The `:slug` of the path, lower-cased, and whether the address was written that way (as the roadmap's pages). */
const slugParam = (c: Ctx) => {
  const raw = c.req.param("slug") ?? "";
  const slug = raw.toLowerCase();
  return { slug: SLUG.test(slug) ? slug : null, canonical: raw === slug };
};

/** The offerings with their public dates (none reserved for one organisation) and free places, as the pages show them. */
async function entries(c: Ctx, offerings: Offering[]) {
  const { db, clock } = c.var.deps;
  const sessions = await sessionsOf(
    db,
    offerings.map((o) => o.id),
  );
  const free = await freePlacesFor(db, offerings, sessions);
  const now = clock.now();
  return offerings.map((o) => catalogueEntry(o, sessions, free, now));
}

/** A published offering by the `:slug` of the path: 404 when there is none; an address in capitals redirects. */
async function offeringBySlug(c: Ctx, key: "training" | "trainingFeed") {
  const { slug, canonical } = slugParam(c);
  const o = slug ? await publishedOffering(c.var.deps.db, slug) : null;
  if (!slug || !o) throw notFound();
  if (!canonical) return { redirect: c.redirect(url(c.var.lang, key, { slug }), 308) };
  return { offering: o };
}

/**
 * A public feed: the dates of published offerings, never a reserved one (`sessionsOf` leaves them
 * out), no participants, and no online link (it is for the people registered: the date says
 * "Online" instead). Each date keeps its UID; SEQUENCE follows its and its offering's changes.
 */
function feed(c: Ctx, offerings: Offering[], sessions: Session[], name: string, fileName: string) {
  const { lang, t, deps } = c.var;
  const base = deps.env.BASE_URL;
  const byId = new Map(offerings.map((o) => [o.id, o]));
  const online = { nl: t.trainings.online, en: t.trainings.online };
  const items = sessions.map((s) => {
    const offering = byId.get(s.offeringId)!;
    return {
      offering,
      session: { ...s, onlineUrl: null, location: s.location ?? (s.onlineUrl ? online : null) },
      url: `${base}${url(lang, "training", { slug: offering.slug })}`,
    };
  });
  // DTSTAMP: the last change of what the feed shows, so the same content gives the same bytes.
  const stamps = items.flatMap((i) => [i.offering.updatedAt.getTime(), i.session.updatedAt.getTime()]);
  const body = calendar({
    name: t.trainings.feedName(name),
    lang,
    items,
    timeZone: deps.env.TIME_ZONE,
    host: new URL(base).host,
    method: "PUBLISH",
    stamp: stamps.length ? new Date(Math.max(...stamps)) : deps.clock.now(),
    tbaLabel: t.trainings.tba,
  });
  return c.body(body, 200, {
    "Content-Type": "text/calendar; charset=utf-8",
    "Content-Disposition": `inline; filename="${fileName}.ics"`,
  });
}

/**
 * The public side of trainings: the catalogue with its filters, an offering's page, and the iCal
 * feeds. Pages for anonymous visitors and the feeds (for anyone) come from the page cache; a
 * change of an offering, its dates or its free places bumps TRAININGS, and so does the passing of
 * a moment the pages show (`passTimedMoments`, every minute).
 */
export function trainingPublicRoutes(app: App) {
  page(
    app,
    "GET",
    "trainings",
    async (c) => {
      const { t, deps } = c.var;
      const filter = parseQuery(c, catalogueQuery);
      const list = await entries(c, await publishedOfferings(deps.db));
      return render(c, { title: t.trainings.title }, <CataloguePage entries={list.filter(matches(filter))} filter={filter} />);
    },
    { cache: { capability: TRAININGS, params: CATALOGUE_PARAMS } },
  );

  page(
    app,
    "GET",
    "training",
    async (c) => {
      const { lang, deps, user } = c.var;
      const found = await offeringBySlug(c, "training");
      if (found.redirect) return found.redirect;
      const o = found.offering;
      const [entry] = await entries(c, [o]);
      // Signed out, the page is the same for everyone (and cached): "sign in", which brings them
      // back here. Signed in (never cached: `render` marks it private), the buttons lead straight
      // to the registration of each organisation whose current board they sit on.
      const viewer: Viewer = user ? { orgs: await currentOrganisationsOf(deps.db, user.id, today(c)) } : null;
      return render(c, { title: text(o.title, lang) }, <OfferingPage e={entry!} viewer={viewer} />);
    },
    { cache: { capability: TRAININGS } },
  );

  page(
    app,
    "GET",
    "trainingsFeed",
    async (c) => {
      const { t, deps } = c.var;
      const offerings = await publishedOfferings(deps.db);
      const sessions = await sessionsOf(
        deps.db,
        offerings.map((o) => o.id),
      );
      return feed(c, offerings, sessions, t.trainings.title, c.var.lang === "nl" ? "trainingen" : "trainings");
    },
    { cache: { capability: TRAININGS, shared: true } },
  );

  page(
    app,
    "GET",
    "trainingFeed",
    async (c) => {
      const found = await offeringBySlug(c, "trainingFeed");
      if (found.redirect) return found.redirect;
      const o = found.offering;
      const sessions = await sessionsOf(c.var.deps.db, [o.id]);
      return feed(c, [o], sessions, pick(o.title, c.var.lang).text, o.slug);
    },
    { cache: { capability: TRAININGS, shared: true } },
  );
}
