/**
 * The registration and join requests' part of the catalogs (`t.requests`): the request forms, the
 * requester's list on the dashboard, the office's queue and the request mails.
 */
const nl = {
  dashboard: {
    registerIntro: "Staat je organisatie nog niet in Vangnet? Meld haar aan; het bureau beoordeelt de aanvraag.",
    joinIntro: "Staat je organisatie er al in? Vraag dan aan om bij het bestuur te komen, of vraag een bestuurslid je uit te nodigen.",
    register: "Organisatie aanmelden",
    join: "Aansluiten bij een organisatie",
    requests: "Je aanvragen",
    requestRegister: (name: string) => `Aanmelding van ${name}`,
    requestJoin: (name: string) => `Aansluiten bij ${name}`,
    requestStatus: { pending: "In behandeling bij het bureau", approved: "Goedgekeurd", declined: "Afgewezen" },
  },
  register: {
    title: "Organisatie aanmelden",
    intro:
      "Meld je organisatie aan bij Vangnet. Het bureau bekijkt de aanvraag en je krijgt bericht per mail. Jij wordt het eerste bestuurslid en kunt daarna je medebestuursleden uitnodigen.",
    yourPosition: "Jouw functie in het bestuur",
    submit: "Aanvraag versturen",
    sent: "Je aanvraag is verstuurd. Je krijgt bericht zodra het bureau heeft besloten.",
  },
  join: {
    title: "Aansluiten bij een organisatie",
    intro: "Kies je organisatie en je functie. Het bureau controleert of je in het bestuur zit en voegt je toe.",
    choose: "Kies een organisatie",
    submit: "Aanvraag versturen",
  },
  staff: {
    pendingRequests: (n: number) => `${n} aanvra${n === 1 ? "ag" : "gen"} wacht${n === 1 ? "" : "en"} op een besluit`,
    requests: "Aanvragen",
    requestsTitle: "Aanvragen",
    requestsEmpty: "Geen openstaande aanvragen.",
    notGiven: "niet ingevuld",
    decidedEmpty: "Nog geen afgehandelde aanvragen.",
    openTab: (n: number) => `Open (${n})`,
    decidedTab: (n: number) => `Afgehandeld (${n})`,
    requestRegister: "Nieuwe organisatie",
    requestJoin: "Aansluiten bij bestuur",
    requestedBy: "Aangevraagd door",
    approve: "Goedkeuren",
    decline: "Afwijzen",
    declineReasonHint: "De aanvrager krijgt deze reden per mail.",
    approved: "De aanvraag is goedgekeurd.",
    declined: "De aanvraag is afgewezen.",
    decided: "Afgehandeld",
    auditActions: {
      "request.approve": "aanvraag goedgekeurd",
      "request.decline": "aanvraag afgewezen",
    } as Record<string, string>,
  },
  mail: {
    requestOfficeSubject: (name: string) => `Nieuwe aanvraag: ${name}`,
    requestOfficeBody: (who: string, name: string) => `${who} vraagt toegang aan voor ${name}. Beoordeel de aanvraag in Vangnet.`,
    requestOfficeButton: "Aanvraag bekijken",
    requestReceivedSubject: "We hebben je aanvraag ontvangen",
    requestReceivedBody: (name: string) =>
      `Je aanvraag voor ${name} is ontvangen. Het bureau beoordeelt hem en je krijgt bericht per mail.`,
    approvedSubject: (name: string) => `Aanvraag goedgekeurd: ${name}`,
    approvedBody: (name: string) => `Je aanvraag voor ${name} is goedgekeurd. Je hebt nu toegang tot de pagina van je organisatie.`,
    declinedSubject: (name: string) => `Aanvraag afgewezen: ${name}`,
    declinedBody: (name: string) => `Je aanvraag voor ${name} is helaas afgewezen.`,
    reason: (r: string) => `Reden: ${r}`,
  },
};

const en: typeof nl = {
  dashboard: {
    registerIntro: "Is your organisation not in Vangnet yet? Register it; the office reviews the request.",
    joinIntro: "Is it already there? Ask to join its board, or ask a board member to invite you.",
    register: "Register an organisation",
    join: "Join an organisation",
    requests: "Your requests",
    requestRegister: (name: string) => `Registration of ${name}`,
    requestJoin: (name: string) => `Joining ${name}`,
    requestStatus: { pending: "Being reviewed by the office", approved: "Approved", declined: "Declined" },
  },
  register: {
    title: "Register an organisation",
    intro:
      "Register your organisation with Vangnet. The office reviews the request and you will hear by email. You become the first board member and can then invite your fellow board members.",
    yourPosition: "Your position on the board",
    submit: "Send request",
    sent: "Your request has been sent. You will hear from us once the office has decided.",
  },
  join: {
    title: "Join an organisation",
    intro: "Choose your organisation and your position. The office checks that you are on the board and adds you.",
    choose: "Choose an organisation",
    submit: "Send request",
  },
  staff: {
    pendingRequests: (n: number) => `${n} request${n === 1 ? "" : "s"} waiting for a decision`,
    requests: "Requests",
    requestsTitle: "Requests",
    requestsEmpty: "No open requests.",
    notGiven: "not given",
    decidedEmpty: "No decided requests yet.",
    openTab: (n: number) => `Open (${n})`,
    decidedTab: (n: number) => `Decided (${n})`,
    requestRegister: "New organisation",
    requestJoin: "Join a board",
    requestedBy: "Requested by",
    approve: "Approve",
    decline: "Decline",
    declineReasonHint: "The requester receives this reason by email.",
    approved: "The request has been approved.",
    declined: "The request has been declined.",
    decided: "Decided",
    auditActions: {
      "request.approve": "request approved",
      "request.decline": "request declined",
    },
  },
  mail: {
    requestOfficeSubject: (name: string) => `New request: ${name}`,
    requestOfficeBody: (who: string, name: string) => `${who} asks for access for ${name}. Review the request in Vangnet.`,
    requestOfficeButton: "View request",
    requestReceivedSubject: "We have received your request",
    requestReceivedBody: (name: string) =>
      `Your request for ${name} has been received. The office will review it and you will hear by email.`,
    approvedSubject: (name: string) => `Request approved: ${name}`,
    approvedBody: (name: string) => `Your request for ${name} has been approved. You now have access to your organisation's page.`,
    declinedSubject: (name: string) => `Request declined: ${name}`,
    declinedBody: (name: string) => `Unfortunately, your request for ${name} has been declined.`,
    reason: (r: string) => `Reason: ${r}`,
  },
};

export const requestMessages = { nl, en };
