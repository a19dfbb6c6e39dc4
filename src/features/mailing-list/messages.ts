/** Texts of the mailing list: the subscribe form, the double opt-in, the preferences page, its mails, the office's subscribers page and the board's hand-over. */
const nl = {
  mail: {
    confirmSubject: "Bevestig je aanmelding voor de nieuwsbrief",
    confirmHeading: "Bevestig je aanmelding",
    confirmBody:
      "Iemand (hopelijk jij) heeft dit adres aangemeld voor de nieuwsbrief van het bureau. Open de link en bevestig met de knop op die pagina; pas daarna sturen we je berichten.",
    confirmAction: "Aanmelding bekijken en bevestigen",
    confirmIgnore:
      "Heb je je niet aangemeld? Negeer deze e-mail dan; zonder bevestiging sturen we je niets en wissen we het adres na een week.",
    alreadySubject: "Je bent al aangemeld voor de nieuwsbrief",
    alreadyHeading: "Je bent al aangemeld",
    alreadyBody:
      "Dit adres is al aangemeld voor de nieuwsbrief. Er is niets veranderd. Op je voorkeurenpagina kun je onderwerpen en taal aanpassen of je afmelden.",
    alreadyIgnore: "Heb je dit niet zelf gedaan? Dan hoef je niets te doen.",
    preferencesAction: "Mijn voorkeuren",
    boardSubject: "Klopt het adres voor de nieuwsbrief nog?",
    boardHeading: "Nieuw bestuur: klopt het adres voor de nieuwsbrief?",
    boardBody: (org: string) =>
      `${org} ontvangt de nieuwsbrief van het bureau op een adres dat een vorig bestuur heeft opgegeven. Bevestig op je overzichtspagina dat het adres klopt, of geef een nieuw adres op.`,
    boardAction: "Naar mijn overzicht",
  },
};

const en: typeof nl = {
  mail: {
    confirmSubject: "Confirm your subscription to the mailing list",
    confirmHeading: "Confirm your subscription",
    confirmBody:
      "Someone (hopefully you) subscribed this address to the office's mailing list. Open the link and confirm with the button on that page; only then will we send you updates.",
    confirmAction: "Review and confirm",
    confirmIgnore:
      "Did you not subscribe? Then ignore this email; without confirmation we send you nothing and erase the address after a week.",
    alreadySubject: "You are already on the mailing list",
    alreadyHeading: "You are already subscribed",
    alreadyBody:
      "This address is already on the mailing list. Nothing was changed. On your preferences page you can change topics and language, or unsubscribe.",
    alreadyIgnore: "Did you not do this yourself? Then there is nothing you need to do.",
    preferencesAction: "My preferences",
    boardSubject: "Is the mailing-list address still right?",
    boardHeading: "New board: is the mailing-list address right?",
    boardBody: (org: string) =>
      `${org} receives the office's mailing list at an address a previous board gave. Confirm on your dashboard that it is right, or give a new address.`,
    boardAction: "To my dashboard",
  },
};

export const mailingListMessages = { nl, en };

export const mailingListErrors = {
  nl: {
    mailingConsentRequired: "Geef toestemming om je de nieuwsbrief te sturen.",
    mailingTopicRequired: "Kies minstens één onderwerp.",
    mailingOrgRequired: "Kies een organisatie of vul de naam in.",
  },
  en: {
    mailingConsentRequired: "Give consent for us to send you the mailing list.",
    mailingTopicRequired: "Choose at least one topic.",
    mailingOrgRequired: "Choose an organisation or type its name.",
  },
};
