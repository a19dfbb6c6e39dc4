import type { Lang } from "./core/i18n/index.js";

/**
 * Every page's path in both languages (after the /nl or /en prefix). Links are built from here
 * and the language switch maps a path to the same page in the other language.
 */
export const ROUTES = {
  home: { nl: "/", en: "/" },
  contact: { nl: "/contact", en: "/contact" },
  privacy: { nl: "/privacy", en: "/privacy" },
  accessibility: { nl: "/toegankelijkheid", en: "/accessibility" },
  signIn: { nl: "/inloggen", en: "/sign-in" },
  signInSent: { nl: "/inloggen/verstuurd", en: "/sign-in/sent" },
  signInLink: { nl: "/inloggen/link", en: "/sign-in/link" },
  signOut: { nl: "/uitloggen", en: "/sign-out" },
  dashboard: { nl: "/mijn", en: "/my" },
  account: { nl: "/account", en: "/account" },
  accountExport: { nl: "/account/mijn-gegevens.json", en: "/account/my-data.json" },
  accountSessionEnd: { nl: "/account/sessies/:id/uitloggen", en: "/account/sessions/:id/sign-out" },
  accountSignOutAll: { nl: "/account/overal-uitloggen", en: "/account/sign-out-everywhere" },
  accountDelete: { nl: "/account/verwijderen", en: "/account/delete" },
  accountDeleted: { nl: "/account-verwijderd", en: "/account-deleted" },
  orgRegister: { nl: "/organisatie-aanmelden", en: "/register-organisation" },
  orgJoin: { nl: "/organisatie-aansluiten", en: "/join-organisation" },
  org: { nl: "/organisaties/:id", en: "/organisations/:id" },
  orgEdit: { nl: "/organisaties/:id/bewerken", en: "/organisations/:id/edit" },
  orgInvite: { nl: "/organisaties/:id/uitnodigen", en: "/organisations/:id/invite" },
  orgNextBoard: { nl: "/organisaties/:id/volgend-bestuur", en: "/organisations/:id/next-board" },
  orgMemberRemove: { nl: "/organisaties/:id/leden/:memberId/verwijderen", en: "/organisations/:id/members/:memberId/remove" },
  orgMemberPosition: { nl: "/organisaties/:id/leden/:memberId/functie", en: "/organisations/:id/members/:memberId/position" },
  orgInvitationWithdraw: {
    nl: "/organisaties/:id/uitnodigingen/:invitationId/intrekken",
    en: "/organisations/:id/invitations/:invitationId/withdraw",
  },
  invitation: { nl: "/uitnodiging", en: "/invitation" },
  orgKeyFigures: { nl: "/organisaties/:id/sleutelfiguren", en: "/organisations/:id/key-figures" },
  orgKeyFigureWithdraw: {
    nl: "/organisaties/:id/sleutelfiguren/:keyFigureId/intrekken",
    en: "/organisations/:id/key-figures/:keyFigureId/withdraw",
  },
  orgKeyFigureRemove: {
    nl: "/organisaties/:id/sleutelfiguren/:keyFigureId/verwijderen",
    en: "/organisations/:id/key-figures/:keyFigureId/remove",
  },
  keyFigureInvitation: { nl: "/sleutelfiguur-uitnodiging", en: "/key-figure-invitation" },
  keyFigureTrainingRegister: {
    nl: "/mijn/sleutelfiguur/:orgId/trainingen/:offeringId/aanmelden",
    en: "/my/key-figure/:orgId/trainings/:offeringId/register",
  },
  orgListeners: { nl: "/organisaties/:id/luisteraars", en: "/organisations/:id/peer-listeners" },
  listenerProfile: { nl: "/mijn/luisteraar/:keyFigureId", en: "/my/peer-listener/:keyFigureId" },
  listenerStatus: { nl: "/mijn/luisteraar/:keyFigureId/status", en: "/my/peer-listener/:keyFigureId/status" },
  listenerStepDown: { nl: "/mijn/luisteraar/:keyFigureId/stoppen", en: "/my/peer-listener/:keyFigureId/step-down" },
  peerListeners: { nl: "/vertrouwelijk-luisteraars", en: "/peer-listeners" },
  guidance: { nl: "/vertrouwelijk-luisteraars/begeleiding", en: "/peer-listeners/guidance" },
  guidancePage: { nl: "/vertrouwelijk-luisteraars/begeleiding/:slug", en: "/peer-listeners/guidance/:slug" },
  // The confidential contact: a student writes to an organisation's listeners (no account), and comes back with the receipt.
  // (The return page comes first: "/vertrouwelijk/terug" would otherwise read as an organisation's id.)
  contactReturn: { nl: "/vertrouwelijk/terug", en: "/confidential/return" },
  contactListeners: { nl: "/vertrouwelijk/:orgId", en: "/confidential/:orgId" },
  listenerInbox: { nl: "/mijn/vertrouwelijk/:orgId", en: "/my/confidential/:orgId" },
  listenerConversation: { nl: "/mijn/vertrouwelijk/:orgId/gesprekken/:id", en: "/my/confidential/:orgId/conversations/:id" },
  listenerConversationStatus: {
    nl: "/mijn/vertrouwelijk/:orgId/gesprekken/:id/status",
    en: "/my/confidential/:orgId/conversations/:id/status",
  },
  listenerReferral: {
    nl: "/mijn/vertrouwelijk/:orgId/gesprekken/:id/verwijzing",
    en: "/my/confidential/:orgId/conversations/:id/referral",
  },
  listenerHandover: {
    nl: "/mijn/vertrouwelijk/:orgId/gesprekken/:id/overdragen",
    en: "/my/confidential/:orgId/conversations/:id/hand-over",
  },
  staffHome: { nl: "/kantoor", en: "/office" },
  staffOrgs: { nl: "/kantoor/organisaties", en: "/office/organisations" },
  staffOrgsCsv: { nl: "/kantoor/organisaties.csv", en: "/office/organisations.csv" },
  staffOrgNew: { nl: "/kantoor/organisaties/nieuw", en: "/office/organisations/new" },
  staffOrg: { nl: "/kantoor/organisaties/:id", en: "/office/organisations/:id" },
  staffOrgEdit: { nl: "/kantoor/organisaties/:id/bewerken", en: "/office/organisations/:id/edit" },
  staffOrgInvite: { nl: "/kantoor/organisaties/:id/bestuur-uitnodigen", en: "/office/organisations/:id/invite-board" },
  staffRequests: { nl: "/kantoor/aanvragen", en: "/office/requests" },
  staffRequest: { nl: "/kantoor/aanvragen/:id", en: "/office/requests/:id" },
  staffHandovers: { nl: "/kantoor/overdrachten", en: "/office/handovers" },
  staffContactCounts: { nl: "/kantoor/vertrouwelijk-contact", en: "/office/confidential-contact" },
  staffAdvisers: { nl: "/kantoor/vertrouwenspersonen", en: "/office/confidential-advisers" },
  staffAdviserRemove: { nl: "/kantoor/vertrouwenspersonen/:id/verwijderen", en: "/office/confidential-advisers/:id/remove" },
  adviserInbox: { nl: "/kantoor/vertrouwenspersoon", en: "/office/confidential-adviser" },
  adviserConversation: { nl: "/kantoor/vertrouwenspersoon/:id", en: "/office/confidential-adviser/:id" },
  // The office's contact messages (office-contact): the inbox, a conversation and its actions, the canned answers.
  staffContact: { nl: "/kantoor/contact", en: "/office/contact" },
  staffContactConversation: { nl: "/kantoor/contact/:id", en: "/office/contact/:id" },
  staffContactNote: { nl: "/kantoor/contact/:id/notitie", en: "/office/contact/:id/note" },
  staffContactManage: { nl: "/kantoor/contact/:id/behandeling", en: "/office/contact/:id/handling" },
  staffContactCanned: { nl: "/kantoor/contact-standaardantwoorden", en: "/office/contact-canned-answers" },
  staffContactCannedItem: { nl: "/kantoor/contact-standaardantwoorden/:id", en: "/office/contact-canned-answers/:id" },
  staffUsers: { nl: "/kantoor/medewerkers", en: "/office/staff" },
  staffUser: { nl: "/kantoor/medewerkers/:id", en: "/office/staff/:id" },
  staffUserRemove: { nl: "/kantoor/medewerkers/:id/intrekken", en: "/office/staff/:id/revoke" },
  roadmap: { nl: "/wegwijzer", en: "/roadmap" },
  roadmapSearch: { nl: "/wegwijzer/zoeken", en: "/roadmap/search" },
  roadmapGuide: { nl: "/wegwijzer/waar-kan-ik-terecht", en: "/roadmap/where-can-i-turn" },
  roadmapPdf: { nl: "/wegwijzer/wegwijzer.pdf", en: "/roadmap/roadmap.pdf" },
  roadmapQr: { nl: "/wegwijzer/qr.png", en: "/roadmap/qr.png" },
  roadmapTopic: { nl: "/wegwijzer/thema/:slug", en: "/roadmap/topic/:slug" },
  roadmapResource: { nl: "/wegwijzer/hulp/:slug", en: "/roadmap/help/:slug" },
  roadmapOrder: { nl: "/wegwijzer/bestellen", en: "/roadmap/order" },
  roadmapOrderSent: { nl: "/wegwijzer/bestellen/verstuurd", en: "/roadmap/order/sent" },
  roadmapOrderConfirm: { nl: "/wegwijzer/bestellen/bevestigen", en: "/roadmap/order/confirm" },
  roadmapOrderStatus: { nl: "/wegwijzer/bestellen/status", en: "/roadmap/order/status" },
  roadmapEmbedBuilder: { nl: "/wegwijzer/insluiten", en: "/roadmap/embed" },
  staffRoadmap: { nl: "/kantoor/wegwijzer", en: "/office/roadmap" },
  staffResourceNew: { nl: "/kantoor/wegwijzer/hulp/nieuw", en: "/office/roadmap/resources/new" },
  staffResource: { nl: "/kantoor/wegwijzer/hulp/:id", en: "/office/roadmap/resources/:id" },
  staffResourceStatus: { nl: "/kantoor/wegwijzer/hulp/:id/status", en: "/office/roadmap/resources/:id/status" },
  staffResourceReviewed: { nl: "/kantoor/wegwijzer/hulp/:id/gecontroleerd", en: "/office/roadmap/resources/:id/reviewed" },
  staffTopicNew: { nl: "/kantoor/wegwijzer/thema/nieuw", en: "/office/roadmap/topics/new" },
  staffTopic: { nl: "/kantoor/wegwijzer/thema/:id", en: "/office/roadmap/topics/:id" },
  staffOrders: { nl: "/kantoor/bestellingen", en: "/office/orders" },
  staffOrdersCsv: { nl: "/kantoor/bestellingen.csv", en: "/office/orders.csv" },
  staffOrder: { nl: "/kantoor/bestellingen/:id", en: "/office/orders/:id" },
  trainings: { nl: "/trainingen", en: "/trainings" },
  trainingsFeed: { nl: "/trainingen-agenda.ics", en: "/trainings-calendar.ics" },
  training: { nl: "/trainingen/:slug", en: "/trainings/:slug" },
  trainingFeed: { nl: "/trainingen/:slug/agenda.ics", en: "/trainings/:slug/calendar.ics" },
  orgTrainings: { nl: "/organisaties/:id/trainingen", en: "/organisations/:id/trainings" },
  orgTrainingRegister: {
    nl: "/organisaties/:id/trainingen/:offeringId/aanmelden",
    en: "/organisations/:id/trainings/:offeringId/register",
  },
  orgTrainingRequest: { nl: "/organisaties/:id/trainingen/:offeringId/aanvragen", en: "/organisations/:id/trainings/:offeringId/request" },
  orgTrainingRegistration: { nl: "/organisaties/:id/aanmeldingen/:registrationId", en: "/organisations/:id/registrations/:registrationId" },
  orgTrainingRegistrationIcs: {
    nl: "/organisaties/:id/aanmeldingen/:registrationId/agenda.ics",
    en: "/organisations/:id/registrations/:registrationId/calendar.ics",
  },
  orgTrainingAccept: {
    nl: "/organisaties/:id/aanmeldingen/:registrationId/aannemen",
    en: "/organisations/:id/registrations/:registrationId/accept",
  },
  orgTrainingCancel: {
    nl: "/organisaties/:id/aanmeldingen/:registrationId/afmelden",
    en: "/organisations/:id/registrations/:registrationId/cancel",
  },
  orgSafety: { nl: "/organisaties/:id/sociale-veiligheid", en: "/organisations/:id/social-safety" },
  subsidies: { nl: "/subsidie", en: "/subsidy" },
  subsidyCheck: { nl: "/subsidie/check", en: "/subsidy/check" },
  orgSubsidies: { nl: "/organisaties/:id/subsidies", en: "/organisations/:id/subsidies" },
  orgSubsidy: { nl: "/organisaties/:id/subsidies/:applicationId", en: "/organisations/:id/subsidies/:applicationId" },
  orgSubsidyEdit: { nl: "/organisaties/:id/subsidies/:applicationId/bewerken", en: "/organisations/:id/subsidies/:applicationId/edit" },
  orgSubsidyAnswer: { nl: "/organisaties/:id/subsidies/:applicationId/antwoord", en: "/organisations/:id/subsidies/:applicationId/answer" },
  orgSubsidyWithdraw: {
    nl: "/organisaties/:id/subsidies/:applicationId/intrekken",
    en: "/organisations/:id/subsidies/:applicationId/withdraw",
  },
  orgSubsidyReport: { nl: "/organisaties/:id/subsidies/:applicationId/verslag", en: "/organisations/:id/subsidies/:applicationId/report" },
  orgSubsidyFiles: {
    nl: "/organisaties/:id/subsidies/:applicationId/bijlagen",
    en: "/organisations/:id/subsidies/:applicationId/attachments",
  },
  orgSubsidyFile: {
    nl: "/organisaties/:id/subsidies/:applicationId/bijlagen/:attachmentId",
    en: "/organisations/:id/subsidies/:applicationId/attachments/:attachmentId",
  },
  orgSubsidyFileRemove: {
    nl: "/organisaties/:id/subsidies/:applicationId/bijlagen/:attachmentId/verwijderen",
    en: "/organisations/:id/subsidies/:applicationId/attachments/:attachmentId/remove",
  },
  staffSafety: { nl: "/kantoor/sociale-veiligheid", en: "/office/social-safety" },
  staffSafetyCsv: { nl: "/kantoor/sociale-veiligheid.csv", en: "/office/social-safety.csv" },
  // Subsidies, the office's side (the pages without an id come before the application's, whose :id would match them).
  staffSubsidies: { nl: "/kantoor/subsidies", en: "/office/subsidies" },
  staffSubsidiesCsv: { nl: "/kantoor/subsidies.csv", en: "/office/subsidies.csv" },
  staffSubsidyBudget: { nl: "/kantoor/subsidies/budget", en: "/office/subsidies/budget" },
  staffSubsidyTemplates: { nl: "/kantoor/subsidies/sjablonen", en: "/office/subsidies/templates" },
  staffSubsidyTemplate: { nl: "/kantoor/subsidies/sjablonen/:id", en: "/office/subsidies/templates/:id" },
  staffSubsidyTemplateDelete: { nl: "/kantoor/subsidies/sjablonen/:id/verwijderen", en: "/office/subsidies/templates/:id/delete" },
  staffSubsidyCriteria: { nl: "/kantoor/subsidies/criteria", en: "/office/subsidies/criteria" },
  staffSubsidyOverview: { nl: "/kantoor/subsidies/jaaroverzicht", en: "/office/subsidies/overview" },
  staffSubsidy: { nl: "/kantoor/subsidies/:id", en: "/office/subsidies/:id" },
  staffSubsidyAssign: { nl: "/kantoor/subsidies/:id/toewijzen", en: "/office/subsidies/:id/assign" },
  staffSubsidyComment: { nl: "/kantoor/subsidies/:id/opmerking", en: "/office/subsidies/:id/comment" },
  staffSubsidyScores: { nl: "/kantoor/subsidies/:id/scores", en: "/office/subsidies/:id/scores" },
  staffSubsidyStep: { nl: "/kantoor/subsidies/:id/stap", en: "/office/subsidies/:id/step" },
  staffSubsidyInfo: { nl: "/kantoor/subsidies/:id/vraag", en: "/office/subsidies/:id/question" },
  staffSubsidyApprove: { nl: "/kantoor/subsidies/:id/toekennen", en: "/office/subsidies/:id/approve" },
  staffSubsidyDecline: { nl: "/kantoor/subsidies/:id/afwijzen", en: "/office/subsidies/:id/decline" },
  staffSubsidyPaid: { nl: "/kantoor/subsidies/:id/uitbetaald", en: "/office/subsidies/:id/paid" },
  staffSubsidyFile: { nl: "/kantoor/subsidies/:id/bijlagen/:attachmentId", en: "/office/subsidies/:id/attachments/:attachmentId" },
  staffTrainings: { nl: "/kantoor/trainingen", en: "/office/trainings" },
  staffTrainingNew: { nl: "/kantoor/trainingen/nieuw", en: "/office/trainings/new" },
  staffTraining: { nl: "/kantoor/trainingen/:id", en: "/office/trainings/:id" },
  staffTrainingRegistrations: { nl: "/kantoor/trainingen/:id/aanmeldingen", en: "/office/trainings/:id/registrations" },
  staffTrainingCsv: { nl: "/kantoor/trainingen/:id/deelnemers.csv", en: "/office/trainings/:id/participants.csv" },
  staffTrainingAdd: { nl: "/kantoor/trainingen/:id/organisatie-toevoegen", en: "/office/trainings/:id/add-organisation" },
  staffTrainingSessionNew: { nl: "/kantoor/trainingen/:id/data/nieuw", en: "/office/trainings/:id/sessions/new" },
  staffTrainingSession: { nl: "/kantoor/trainingen/:id/data/:sessionId", en: "/office/trainings/:id/sessions/:sessionId" },
  staffTrainingSessionCancel: {
    nl: "/kantoor/trainingen/:id/data/:sessionId/annuleren",
    en: "/office/trainings/:id/sessions/:sessionId/cancel",
  },
  staffTrainingAttendance: {
    nl: "/kantoor/trainingen/:id/data/:sessionId/aanwezigheid",
    en: "/office/trainings/:id/sessions/:sessionId/attendance",
  },
  staffTrainingMessage: { nl: "/kantoor/trainingen/:id/data/:sessionId/bericht", en: "/office/trainings/:id/sessions/:sessionId/message" },
  staffTrainingRegistration: { nl: "/kantoor/trainingsaanmeldingen/:id", en: "/office/training-registrations/:id" },
  staffTrainingRequests: { nl: "/kantoor/trainingsaanvragen", en: "/office/training-requests" },
  staffTrainingRequest: { nl: "/kantoor/trainingsaanvragen/:id", en: "/office/training-requests/:id" },
  staffGuidance: { nl: "/kantoor/begeleiding", en: "/office/guidance" },
  staffGuidancePage: { nl: "/kantoor/begeleiding/:id", en: "/office/guidance/:id" },
  staffGuidanceModels: { nl: "/kantoor/begeleiding-modelpaginas", en: "/office/guidance-model-pages" },
  // Mailing-list campaigns (mailing-campaigns): the pages without an id come before the campaign's.
  staffCampaigns: { nl: "/kantoor/nieuwsbrieven", en: "/office/newsletters" },
  staffCampaignNew: { nl: "/kantoor/nieuwsbrieven/nieuw", en: "/office/newsletters/new" },
  staffCampaignAnnounce: { nl: "/kantoor/nieuwsbrieven/aankondiging", en: "/office/newsletters/announcement" },
  staffCampaign: { nl: "/kantoor/nieuwsbrieven/:id", en: "/office/newsletters/:id" },
  staffCampaignPreview: { nl: "/kantoor/nieuwsbrieven/:id/voorbeeld", en: "/office/newsletters/:id/preview" },
  staffCampaignTest: { nl: "/kantoor/nieuwsbrieven/:id/test", en: "/office/newsletters/:id/test" },
  staffCampaignSchedule: { nl: "/kantoor/nieuwsbrieven/:id/inplannen", en: "/office/newsletters/:id/schedule" },
  staffCampaignSend: { nl: "/kantoor/nieuwsbrieven/:id/versturen", en: "/office/newsletters/:id/send" },
  staffCampaignPause: { nl: "/kantoor/nieuwsbrieven/:id/pauzeren", en: "/office/newsletters/:id/pause" },
  staffCampaignCancel: { nl: "/kantoor/nieuwsbrieven/:id/annuleren", en: "/office/newsletters/:id/cancel" },
  staffCampaignDeliveries: { nl: "/kantoor/nieuwsbrieven/:id/ontvangers", en: "/office/newsletters/:id/recipients" },
  // The mailing list (mailing-list): subscribing, the double opt-in, the preferences page (its link carries the token), the office's subscribers, the board's hand-over.
  mailingSubscribe: { nl: "/nieuwsbrief", en: "/mailing-list" },
  mailingConfirm: { nl: "/nieuwsbrief/bevestigen/:id/:token", en: "/mailing-list/confirm/:id/:token" },
  mailingPreferences: { nl: "/nieuwsbrief/voorkeuren/:id/:token", en: "/mailing-list/preferences/:id/:token" },
  mailingUnsubscribe: { nl: "/nieuwsbrief/voorkeuren/:id/:token/afmelden", en: "/mailing-list/preferences/:id/:token/unsubscribe" },
  mailingExport: { nl: "/nieuwsbrief/voorkeuren/:id/:token/mijn-gegevens.json", en: "/mailing-list/preferences/:id/:token/my-data.json" },
  mailingErase: { nl: "/nieuwsbrief/voorkeuren/:id/:token/verwijderen", en: "/mailing-list/preferences/:id/:token/erase" },
  staffMailing: { nl: "/kantoor/nieuwsbrief", en: "/office/mailing-list" },
  staffMailingBounce: { nl: "/kantoor/nieuwsbrief/:id/bounce", en: "/office/mailing-list/:id/bounce" },
  orgMailingConfirm: {
    nl: "/organisaties/:id/nieuwsbrief/:subscriptionId/bevestigen",
    en: "/organisations/:id/mailing-list/:subscriptionId/confirm",
  },
  orgMailingChange: {
    nl: "/organisaties/:id/nieuwsbrief/:subscriptionId/wijzigen",
    en: "/organisations/:id/mailing-list/:subscriptionId/change",
  },
  devMail: { nl: "/dev/mail", en: "/dev/mail" },
  devMailItem: { nl: "/dev/mail/:id", en: "/dev/mail/:id" },
  devSignIn: { nl: "/dev/inloggen", en: "/dev/sign-in" },
} as const satisfies Record<string, Record<Lang, string>>;

export type RouteKey = keyof typeof ROUTES;
export type Params = Record<string, string>;

/** `/nl/organisaties/abc`, with optional query. */
export function url(lang: Lang, key: RouteKey, params: Params = {}, query?: Record<string, string | undefined>) {
  let p: string = ROUTES[key][lang];
  for (const [k, v] of Object.entries(params)) p = p.replace(`:${k}`, encodeURIComponent(v));
  const base = p === "/" ? `/${lang}` : `/${lang}${p}`;
  const qs = query
    ? new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== "")).toString()
    : "";
  return qs ? `${base}?${qs}` : base;
}

const compiled = Object.entries(ROUTES).map(([key, paths]) => ({
  key: key as RouteKey,
  match: Object.fromEntries(
    (Object.entries(paths) as [Lang, string][]).map(([lang, p]) => {
      const names: string[] = [];
      const re = new RegExp(
        `^${p.replace(/[.]/g, "\\.").replace(/:(\w+)/g, (_, n) => {
          names.push(n);
          return "([^/]+)";
        })}$`,
      );
      return [lang, { re, names }];
    }),
  ) as Record<Lang, { re: RegExp; names: string[] }>,
}));

/** The same page in `to`, for a path (with query) in `from`; the home page when nothing matches. */
export function switchLang(pathWithQuery: string, from: Lang, to: Lang) {
  const [pathname = "", query] = pathWithQuery.split("?", 2);
  const rest = pathname.replace(new RegExp(`^/${from}(?=/|$)`), "") || "/";
  for (const r of compiled) {
    const m = r.match[from].re.exec(rest);
    if (!m) continue;
    let params: Params;
    try {
      params = Object.fromEntries(r.match[from].names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? "")]));
    } catch {
      break; // A malformed escape (the 400 page for it): no such page in the other language.
    }
    const target = url(to, r.key, params);
    return query ? `${target}?${query}` : target;
  }
  return url(to, "home");
}
