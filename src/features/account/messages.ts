/** "My account" and the privacy statement, whose retention table is rendered from src/privacy.ts. */
const nl = {
  account: {
    title: "Mijn account",
    intro: "Je gegevens, waar je bent ingelogd, wat het portaal over je bewaart, en je account verwijderen.",
    detailsTitle: "Je gegevens",
    email: "E-mailadres",
    emailNote: "Je logt in met dit adres. Wil je een ander adres gebruiken? Mail het bureau.",
    name: "Naam",
    nameHint: "Zo zien je bestuursgenoten en het bureau je.",
    lang: "Taal",
    langHint: "De taal van de mails die je van het portaal krijgt.",
    langs: { nl: "Nederlands", en: "English" },
    saved: "Je gegevens zijn opgeslagen.",
    sessionsTitle: "Waar je bent ingelogd",
    sessionsIntro: (idle: string, max: string) => `Een sessie eindigt na ${idle} zonder activiteit, en uiterlijk ${max} na het inloggen.`,
    device: "Apparaat",
    unknownDevice: "Onbekend apparaat",
    signedInAt: "Ingelogd",
    lastSeen: "Laatst actief",
    thisBrowser: "Deze browser",
    endSession: "Uitloggen",
    endSessionLabel: (device: string, when: string) => `Uitloggen op ${device}, ingelogd ${when}`,
    sessionEnded: "Die sessie is beëindigd.",
    signOutAll: "Overal uitloggen",
    signOutAllHint: "Beëindigt al je sessies, ook deze. Handig als je ergens bent vergeten uit te loggen.",
    signedOutAll: "Je bent overal uitgelogd.",
    dataTitle: "Wat het portaal over je bewaart",
    dataIntro:
      "Download alles wat het portaal over je bewaart als één JSON-bestand: je account, je sessies, je bestuursfuncties, je aanvragen, je bestellingen, de mails aan jou en de regels in het wijzigingslogboek door of over jou.",
    download: "Mijn gegevens downloaden (JSON)",
    deleteTitle: "Account verwijderen",
    deleteIntro: "Je account en alles wat eraan hangt verdwijnt. Dit kan niet ongedaan worden gemaakt.",
    deleteLink: "Mijn account verwijderen",
    deletePageTitle: "Je account verwijderen",
    deleteWhat: [
      "Je account, je sessies en je inloglinks worden verwijderd.",
      "Je plaats in besturen en je aanvragen worden verwijderd.",
      "Mails aan jou worden uit de verzendwachtrij verwijderd.",
      "In het wijzigingslogboek staat voortaan ‘verwijderd account’ in plaats van je naam en adres.",
      "Van bestellingen die verstuurd of geannuleerd zijn, worden contactgegevens en adres gewist; onbevestigde bestellingen worden verwijderd. Openstaande bestellingen worden nog bezorgd; hun adres wordt later gewist volgens de bewaartermijn.",
    ],
    deleteBlocked: "Je account kan nu niet worden verwijderd:",
    deleteBlockedOnlyMember: (org: string) =>
      `Je bent het enige lid van het bestuur van ${org}. Nodig eerst iemand anders uit voor dat bestuur, of vraag het bureau om hulp.`,
    deleteBlockedLastAdmin: "Je bent de enige beheerder van het kantoor. Maak eerst iemand anders beheerder.",
    confirm: "Ik begrijp dat mijn account en gegevens definitief worden verwijderd",
    deleteButton: "Account definitief verwijderen",
    deletedTitle: "Je account is verwijderd",
    deletedBody:
      "Je account en je gegevens zijn verwijderd en je bent uitgelogd. Je kunt altijd opnieuw een account maken door in te loggen.",
  },
  privacy: {
    title: "Privacyverklaring",
    intro: (office: string, institution: string) =>
      `Vangnet wordt beheerd door het ${office} van de ${institution}. Het portaal verwerkt alleen de gegevens die nodig zijn om de besturen van studentenorganisaties te ondersteunen. Hieronder staat precies wat het bewaart, hoe lang, en wat je zelf kunt doen.`,
    whatTitle: "Wat we bewaren en waarom",
    what: [
      "Je account: je e-mailadres (om in te loggen en je te mailen), je naam als je die opgeeft, je taal, en of je bij het bureau werkt.",
      "Besturen: bij welk bestuur van welke organisatie je hoort, je functie, en wie je heeft toegevoegd. Je bestuursgenoten en het bureau zien je naam en e-mailadres.",
      "Aanvragen om een organisatie aan te melden of bij een bestuur aan te sluiten: de gegevens van de organisatie, je functie en je toelichting, en het besluit van het bureau.",
      "Bestellingen van gedrukte wegwijzers: contactpersoon, e-mailadres, bezorgadres en opmerking, om de bestelling te kunnen versturen.",
      "Het wijzigingslogboek: wie wat veranderde aan organisaties, besturen, medewerkersrollen, de wegwijzer en bestellingen. Personen staan erin als verwijzing naar hun account, nooit met hun e-mailadres.",
      "Inloggen en sessies: een link om in te loggen (we bewaren alleen een hash) en per sessie een willekeurige sleutel (ook alleen als hash), wanneer je inlogde en laatst actief was, en je browser en besturingssysteem. Geen IP-adres.",
      "Mails die het portaal verstuurt, tot ze zijn opgeruimd.",
    ],
    notTitle: "Wat we niet bewaren",
    not: [
      "De wegwijzer, de ingesloten wegwijzer op andere websites en de open data werken zonder account en zonder cookies. De antwoorden in ‘Waar kan ik terecht?’ staan alleen in de adresbalk en worden niet opgeslagen.",
      "Het logboek van de server bevat per verzoek het pad (zonder zoekvraag), de status en de duur: geen IP-adressen, en e-mailadressen worden gemaskeerd.",
      "Om misbruik te beperken telt het portaal verzoeken per IP-adres en per e-mailadres. Zo'n teller bewaart alleen een versleutelde hash, nooit het adres zelf, telt alleen het laatste kwartier, wordt bij de eerstvolgende opruimronde (elk uur) verwijderd en komt in geen enkel logboek.",
      "Geen statistieken of advertenties, en geen scripts, lettertypen of andere onderdelen van andere partijen.",
    ],
    cookiesTitle: "Cookies",
    cookies:
      "Het portaal gebruikt twee cookies die nodig zijn om te werken: een sessiecookie zolang je bent ingelogd, en een cookie die formulieren beveiligt. Geen andere cookies, dus ook geen toestemming nodig.",
    retentionTitle: "Hoe lang we gegevens bewaren",
    retentionIntro: "Het portaal ruimt elk uur op wat over zijn termijn is. Deze termijnen gelden nu:",
    dataColumn: "Gegevens",
    keptColumn: "Bewaartermijn",
    rightsTitle: "Je rechten",
    rights: [
      "Op je pagina Mijn account zie en wijzig je je naam en taal, zie je waar je bent ingelogd en log je overal uit, download je alles wat het portaal over je bewaart, en verwijder je je account.",
      "Je account verwijderen kan niet zolang je het enige lid bent van een huidig of komend bestuur: nodig dan eerst iemand anders uit.",
      "Ander e-mailadres, een vraag of een klacht? Mail het bureau. De grondslag voor de verwerking is de publieke taak van de universiteit. Je kunt ook een klacht indienen bij de Autoriteit Persoonsgegevens.",
    ],
    toAccount: "Naar Mijn account",
    rules: {
      account: {
        data: "Je account (e-mailadres, naam, taal, rol) en je plaats in besturen",
        kept: "Zolang je account bestaat. Je kunt je account zelf verwijderen.",
      },
      tokens: {
        data: "Inloglinks (je e-mailadres en een hash van de link)",
        kept: (valid: string) =>
          `Een link werkt ${valid} en één keer; gebruik je er een, dan vervallen je andere links. Verwijderd bij de eerste opruimronde na gebruik of verloop.`,
      },
      sessions: {
        data: "Sessies (een hash van de sessiesleutel, tijden, browser en besturingssysteem)",
        kept: (idle: string, max: string, staffIdle: string, staffMax: string) =>
          `Een sessie eindigt na ${idle} zonder activiteit of uiterlijk ${max} na het inloggen (voor het bureau: ${staffIdle} en ${staffMax}), en ook als je uitlogt of de rol verliest die je toegang gaf. Verwijderd bij de eerste opruimronde daarna.`,
      },
      mail: {
        data: "Mails van het portaal (adres, onderwerp en tekst)",
        kept: (period: string) =>
          `Verwijderd ${period} nadat ze zijn gemaakt. Staat er een inlog- of bevestigingslink in, dan wordt de tekst meteen na verzending gewist.`,
      },
      unconfirmedOrders: {
        data: "Bestellingen die niet per mail zijn bevestigd",
        kept: (period: string) => `Verwijderd zodra de bevestigingslink verloopt, ${period} na de bestelling.`,
      },
      orders: {
        data: "Contactpersoon, e-mailadres, bezorgadres en opmerking van bestellingen",
        kept: (period: string) =>
          `Gewist ${period} nadat de bestelling is verstuurd of geannuleerd. Kenmerk, aantallen en naam van de organisatie blijven.`,
      },
      trainings: {
        data: "Aanmeldingen voor trainingen en workshops: de namen, e-mailadressen en rollen van de deelnemers, en trainingsaanvragen",
        kept: (period: string) =>
          `Namen en adressen van deelnemers worden gewist ${period} na de laatste datum van de training; wat overblijft is dat de organisatie deelnam. Besliste aanvragen worden na dezelfde termijn verwijderd.`,
      },
      requests: {
        data: "Aanvragen (aanmelden of aansluiten), met je toelichting en het besluit",
        kept: (period: string) => `Verwijderd ${period} na het besluit van het bureau. Openstaande aanvragen blijven tot het besluit.`,
      },
      invitations: {
        data: "Uitnodigingen voor een bestuur (het uitgenodigde adres en de naam die het bestuur intypte)",
        kept: (period: string) =>
          `Verwijderd ${period} nadat de uitnodiging is geaccepteerd, afgeslagen, ingetrokken of verlopen. Een open uitnodiging blijft tot dan.`,
      },
      keyFigures: {
        data: "Sleutelfiguren van een organisatie (het uitgenodigde adres, de naam en toelichting die het bestuur intypte, de rol)",
        kept: (period: string) =>
          `Zolang iemand sleutelfiguur is. Verwijderd ${period} nadat de uitnodiging is afgeslagen, ingetrokken of verlopen, of nadat het bestuur de sleutelfiguur heeft verwijderd.`,
      },
      listenerProfiles: {
        data: "Profielen van vertrouwelijk luisteraars (naam die studenten zien, talen, introductie, antwoordtijd)",
        kept: (period: string) =>
          `Zolang iemand luisteraar is. Na het stoppen worden naam, talen en introductie ${period} later gewist; wat overblijft is dat de sleutelfiguur gestopt is, tot het bestuur de sleutelfiguur verwijdert.`,
      },
      audit: {
        data: "Het wijzigingslogboek",
        kept: (period: string) => `Regels worden na ${period} verwijderd. Verwijder je je account, dan staat er ‘verwijderd account’.`,
      },
    },
  },
};

const en: typeof nl = {
  account: {
    title: "My account",
    intro: "Your details, where you are signed in, what the portal holds about you, and deleting your account.",
    detailsTitle: "Your details",
    email: "Email address",
    emailNote: "You sign in with this address. Want to use another one? Email the office.",
    name: "Name",
    nameHint: "How your fellow board members and the office see you.",
    lang: "Language",
    langHint: "The language of the mails the portal sends you.",
    langs: { nl: "Nederlands", en: "English" },
    saved: "Your details have been saved.",
    sessionsTitle: "Where you are signed in",
    sessionsIntro: (idle: string, max: string) =>
      `A session ends after ${idle} without activity, and at the latest ${max} after signing in.`,
    device: "Device",
    unknownDevice: "Unknown device",
    signedInAt: "Signed in",
    lastSeen: "Last active",
    thisBrowser: "This browser",
    endSession: "Sign out",
    endSessionLabel: (device: string, when: string) => `Sign out on ${device}, signed in ${when}`,
    sessionEnded: "That session has ended.",
    signOutAll: "Sign out everywhere",
    signOutAllHint: "Ends all your sessions, including this one. Useful when you forgot to sign out somewhere.",
    signedOutAll: "You have been signed out everywhere.",
    dataTitle: "What the portal holds about you",
    dataIntro:
      "Download everything the portal holds about you as one JSON file: your account, your sessions, your board positions, your requests, your orders, the mail to you and the audit log entries by or about you.",
    download: "Download my data (JSON)",
    deleteTitle: "Delete account",
    deleteIntro: "Your account and everything attached to it goes. This cannot be undone.",
    deleteLink: "Delete my account",
    deletePageTitle: "Delete your account",
    deleteWhat: [
      "Your account, your sessions and your sign-in links are deleted.",
      "Your board positions and your requests are deleted.",
      "Mail to you is deleted from the outbox.",
      "The audit log shows ‘deleted account’ instead of your name and address from then on.",
      "Orders that were sent or cancelled lose their contact details and address; unconfirmed orders are deleted. Open orders are still delivered; their address is removed later, by the retention period.",
    ],
    deleteBlocked: "Your account cannot be deleted now:",
    deleteBlockedOnlyMember: (org: string) =>
      `You are the only member of the board of ${org}. First invite someone else to that board, or ask the office for help.`,
    deleteBlockedLastAdmin: "You are the office's only administrator. Make someone else an administrator first.",
    confirm: "I understand that my account and data will be deleted for good",
    deleteButton: "Delete account for good",
    deletedTitle: "Your account has been deleted",
    deletedBody:
      "Your account and your data have been deleted and you have been signed out. You can always create a new account by signing in.",
  },
  privacy: {
    title: "Privacy statement",
    intro: (office: string, institution: string) =>
      `Vangnet is run by the ${office} of ${institution}. The portal only processes the data needed to support the boards of student organisations. Below is exactly what it keeps, for how long, and what you can do yourself.`,
    whatTitle: "What we keep and why",
    what: [
      "Your account: your email address (to sign you in and mail you), your name if you give it, your language, and whether you work at the office.",
      "Boards: which board of which organisation you are on, your position, and who added you. Your fellow board members and the office see your name and email address.",
      "Requests to register an organisation or join a board: the organisation's details, your position and your message, and the office's decision.",
      "Orders for printed roadmaps: contact person, email address, delivery address and note, so that the order can be sent.",
      "The audit log: who changed what in organisations, boards, office roles, the roadmap and orders. People appear in it as a reference to their account, never with their email address.",
      "Signing in and sessions: a sign-in link (we keep only a hash) and, per session, a random key (also only as a hash), when you signed in and were last active, and your browser and operating system. No IP address.",
      "Mail the portal sends, until it is cleaned up.",
    ],
    notTitle: "What we do not keep",
    not: [
      "The roadmap, the roadmap embedded on other websites and the open data work without an account and without cookies. The answers in ‘Where can I turn?’ are only in the address bar and are not stored.",
      "The server's log holds, per request, the path (without the query), the status and the duration: no IP addresses, and email addresses are masked.",
      "To limit abuse, the portal counts requests per IP address and per email address. A counter keeps only a keyed hash, never the address itself, counts only the last fifteen minutes, is deleted at the next clean-up (every hour) and is never written to a log.",
      "No statistics or advertising, and no scripts, fonts or other parts from other parties.",
    ],
    cookiesTitle: "Cookies",
    cookies:
      "The portal uses two cookies it needs to work: a session cookie while you are signed in, and a cookie that protects forms. No other cookies, so no consent is needed.",
    retentionTitle: "How long we keep data",
    retentionIntro: "Every hour, the portal cleans up what has passed its period. These periods apply now:",
    dataColumn: "Data",
    keptColumn: "Kept",
    rightsTitle: "Your rights",
    rights: [
      "On your My account page you see and change your name and language, see where you are signed in and sign out everywhere, download everything the portal holds about you, and delete your account.",
      "You cannot delete your account while you are the only member of a current or upcoming board: invite someone else first.",
      "Another email address, a question or a complaint? Email the office. The lawful basis for the processing is the university's public task. You can also complain to the Dutch Data Protection Authority (Autoriteit Persoonsgegevens).",
    ],
    toAccount: "Go to My account",
    rules: {
      account: {
        data: "Your account (email address, name, language, role) and your board positions",
        kept: "As long as your account exists. You can delete your account yourself.",
      },
      tokens: {
        data: "Sign-in links (your email address and a hash of the link)",
        kept: (valid: string) =>
          `A link works for ${valid} and once; using one cancels your other links. Deleted at the first clean-up after use or expiry.`,
      },
      sessions: {
        data: "Sessions (a hash of the session key, times, browser and operating system)",
        kept: (idle: string, max: string, staffIdle: string, staffMax: string) =>
          `A session ends after ${idle} without activity or at the latest ${max} after signing in (for the office: ${staffIdle} and ${staffMax}), and also when you sign out or lose the role that gave you access. Deleted at the first clean-up after that.`,
      },
      mail: {
        data: "Mail from the portal (address, subject and text)",
        kept: (period: string) =>
          `Deleted ${period} after it was written. When it holds a sign-in or confirmation link, its text is removed as soon as it has been sent.`,
      },
      unconfirmedOrders: {
        data: "Orders that were never confirmed by email",
        kept: (period: string) => `Deleted once the confirmation link expires, ${period} after the order.`,
      },
      orders: {
        data: "Contact person, email address, delivery address and note of orders",
        kept: (period: string) =>
          `Removed ${period} after the order was sent or cancelled. The reference, the numbers of copies and the organisation's name stay.`,
      },
      trainings: {
        data: "Registrations for trainings and workshops: the participants' names, email addresses and roles, and training requests",
        kept: (period: string) =>
          `Participants' names and addresses are erased ${period} after the training's last date; what remains is that the organisation took part. Decided requests are deleted after the same period.`,
      },
      requests: {
        data: "Requests (to register or to join), with your message and the decision",
        kept: (period: string) => `Deleted ${period} after the office's decision. Open requests stay until they are decided.`,
      },
      invitations: {
        data: "Invitations to a board (the invited address and the name the board typed)",
        kept: (period: string) =>
          `Deleted ${period} after the invitation was accepted, declined, withdrawn or expired. An open invitation stays until then.`,
      },
      keyFigures: {
        data: "Key figures of an organisation (the invited address, the name and note the board typed, the role)",
        kept: (period: string) =>
          `As long as someone is a key figure. Deleted ${period} after the invitation was declined, withdrawn or expired, or after the board removed the key figure.`,
      },
      listenerProfiles: {
        data: "Profiles of confidential peer listeners (the name students see, languages, introduction, response time)",
        kept: (period: string) =>
          `As long as someone is a listener. After stepping down, the name, languages and introduction are erased ${period} later; what remains is that the key figure stepped down, until the board removes the key figure.`,
      },
      audit: {
        data: "The audit log",
        kept: (period: string) => `Entries are deleted after ${period}. When you delete your account, it shows ‘deleted account’.`,
      },
    },
  },
};

export const accountMessages = { nl, en };

/** My account's form errors: keys of the catalogs' `errors` section (composed in src/catalogs.ts). */
const errorsNl = { confirmDeletion: "Vink aan dat je je account wilt verwijderen." };
const errorsEn: typeof errorsNl = { confirmDeletion: "Tick the box to confirm that you want to delete your account." };
export const accountErrors = { nl: errorsNl, en: errorsEn };
