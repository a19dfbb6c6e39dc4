/** Registrations, waiting lists, offers and requests: the boards' pages, the office's lists and the mails. */
const nl = {
  title: "Aanmeldingen",
  tba: "locatie volgt",
  when: (from: string, to: string) => `${from} tot ${to}`,
  mail: {
    subject: {
      confirmed: (t: string) => `Aangemeld: ${t}`,
      promoted: (t: string) => `Je hebt een plek: ${t}`,
      waiting: (t: string) => `Op de wachtlijst: ${t}`,
      offered: (t: string) => `Er is een plek vrij: ${t}`,
      declined: (t: string) => `Aanbod afgeslagen: ${t}`,
      cancelled: (t: string) => `Afgemeld: ${t}`,
      expired: (t: string) => `Aanbod verlopen: ${t}`,
      changed: (t: string) => `Gewijzigd: ${t}`,
      reminder: (t: string) => `Herinnering: ${t}`,
    },
    confirmedBody: (org: string, t: string) => `${org} is aangemeld voor ${t}. Je bent welkom op:`,
    promotedBody: (org: string, t: string) => `Er kwam een plek vrij: ${org} is nu aangemeld voor ${t}. Je bent welkom op:`,
    waitingBody: (org: string, t: string, n: number) => `${t} is vol. ${org} staat op de wachtlijst, op plaats ${n}.`,
    waitingNext: "Komt er een plek vrij, dan krijg je die als eerste in de rij aangeboden, per mail.",
    offeredBody: (org: string, t: string, until: string) =>
      `Er is een plek vrijgekomen voor ${org} bij ${t}. Neem die aan vóór ${until}; daarna gaat het aanbod naar de volgende op de wachtlijst.`,
    declinedBody: (org: string, t: string) =>
      `${org} heeft het aanbod voor ${t} afgeslagen. De plek gaat naar de volgende op de wachtlijst.`,
    cancelledBody: (org: string, t: string) => `De aanmelding van ${org} voor ${t} is geannuleerd.`,
    reason: (r: string) => `Reden: ${r}`,
    expiredBody: (org: string, t: string) => `Het aanbod aan ${org} voor ${t} is verlopen. De plek gaat naar de volgende op de wachtlijst.`,
    changedBody: (org: string, t: string) => `Er is iets gewijzigd aan ${t}, waarvoor ${org} is aangemeld. Zo ziet het er nu uit:`,
    reminderBody: (org: string, t: string) => `Over twee dagen: ${t}, waarvoor ${org} is aangemeld.`,
    icsAttached: "De datum staat in de bijlage (invite.ics) voor je agenda.",
    acceptButton: "Plek aannemen",
    openButton: "Aanmelding bekijken",
  },
};

const en: typeof nl = {
  title: "Registrations",
  tba: "location to be announced",
  when: (from: string, to: string) => `${from} to ${to}`,
  mail: {
    subject: {
      confirmed: (t: string) => `Registered: ${t}`,
      promoted: (t: string) => `You have a place: ${t}`,
      waiting: (t: string) => `On the waiting list: ${t}`,
      offered: (t: string) => `A place is free: ${t}`,
      declined: (t: string) => `Offer declined: ${t}`,
      cancelled: (t: string) => `Cancelled: ${t}`,
      expired: (t: string) => `Offer expired: ${t}`,
      changed: (t: string) => `Changed: ${t}`,
      reminder: (t: string) => `Reminder: ${t}`,
    },
    confirmedBody: (org: string, t: string) => `${org} is registered for ${t}. You are welcome on:`,
    promotedBody: (org: string, t: string) => `A place came free: ${org} is now registered for ${t}. You are welcome on:`,
    waitingBody: (org: string, t: string, n: number) => `${t} is full. ${org} is on the waiting list, in place ${n}.`,
    waitingNext: "When a place comes free, the first in line is offered it by email.",
    offeredBody: (org: string, t: string, until: string) =>
      `A place came free for ${org} at ${t}. Accept it before ${until}; after that the offer passes to the next on the waiting list.`,
    declinedBody: (org: string, t: string) => `${org} declined the offer for ${t}. The place passes to the next on the waiting list.`,
    cancelledBody: (org: string, t: string) => `The registration of ${org} for ${t} has been cancelled.`,
    reason: (r: string) => `Reason: ${r}`,
    expiredBody: (org: string, t: string) => `The offer to ${org} for ${t} has expired. The place passes to the next on the waiting list.`,
    changedBody: (org: string, t: string) => `Something changed for ${t}, for which ${org} is registered. This is how it stands now:`,
    reminderBody: (org: string, t: string) => `In two days: ${t}, for which ${org} is registered.`,
    icsAttached: "The date is attached (invite.ics) for your calendar.",
    acceptButton: "Accept the place",
    openButton: "View the registration",
  },
};

export const registrationMessages = { nl, en };

const errorsNl = {
  registrationNotOpen: "De aanmelding is nog niet open.",
  registrationClosed: "De aanmelding is gesloten.",
  notBookable: "Deze datum kun je niet boeken.",
  chooseSession: "Kies een datum.",
  alreadyRegistered: "Je organisatie is hier al voor aangemeld.",
  full: "Vol: er is geen plek meer en geen wachtlijst.",
  participantsMin: "Noem minstens 1 deelnemer.",
  participantsMax: "Je noemt meer deelnemers dan per organisatie mag (zie hierboven).",
  cancelDeadlinePassed: "Afmelden kan niet meer: de termijn is verstreken. Mail het bureau.",
  offerExpired: "Dit aanbod is verlopen of niet meer geldig.",
  requestOpen: "Er loopt al een aanvraag van je organisatie hiervoor.",
};

const errorsEn: typeof errorsNl = {
  registrationNotOpen: "Registration is not open yet.",
  registrationClosed: "Registration is closed.",
  notBookable: "This date can't be booked.",
  chooseSession: "Choose a date.",
  alreadyRegistered: "Your organisation is already registered for this.",
  full: "Full: there are no places left and no waiting list.",
  participantsMin: "Name at least 1 participant.",
  participantsMax: "You named more participants than one organisation may send (see above).",
  cancelDeadlinePassed: "It is too late to cancel: the deadline has passed. Email the office.",
  offerExpired: "This offer has expired or is no longer valid.",
  requestOpen: "Your organisation already has an open request for this.",
};

export const registrationErrors = { nl: errorsNl, en: errorsEn };
