/** Texts of board invitations: the invite and next-board forms, the invitation page and mail. */
const nl = {
  invite: {
    title: "Bestuurslid uitnodigen",
    intro:
      "Nodig een medebestuurslid uit. Diegene krijgt een mail met een link en komt pas in het bestuur na het accepteren van de uitnodiging. Het hele bestuur krijgt bericht.",
    board: "Bestuur",
    submit: "Uitnodigen",
    newBoard: (y: string) => `Bestuur ${y} (wordt aangemaakt)`,
    done: (email: string) => `${email} is uitgenodigd en komt in het bestuur zodra de uitnodiging is geaccepteerd.`,
  },
  next: {
    title: "Volgend bestuur inschrijven",
    intro:
      "Schrijf het nieuwe bestuur alvast in. De nieuwe bestuursleden krijgen een uitnodiging per mail. Op de startdatum krijgen zij die hun uitnodiging hebben geaccepteerd toegang en verliest jullie bestuur die; alles van de organisatie blijft bij de organisatie.",
    members: "Bestuursleden",
    membersHint: (max: number) =>
      `Vul minstens één bestuurslid in. Lege rijen worden overgeslagen. Meer rijen nodig? Voeg er een toe, tot ${max} in totaal.`,
    addRow: "Rij toevoegen",
    row: (n: number) => `Bestuurslid ${n}`,
    submit: "Nieuw bestuur inschrijven",
    done: "Het nieuwe bestuur is ingeschreven en de bestuursleden zijn per mail uitgenodigd.",
    atLeastOne: "Vul minstens één bestuurslid in.",
  },
  page: {
    title: "Uitnodiging voor een bestuur",
    aBoardMember: "Een bestuurslid",
    body: (who: string, name: string, year: string, position: string) =>
      `${who} nodigt je uit voor het bestuur ${year} van ${name} als ${position.toLowerCase()}.`,
    starts: (date: string) => `Dit bestuur begint op ${date}; dan krijg je toegang.`,
    validUntil: (date: string) => `De uitnodiging is geldig tot en met ${date}.`,
    forAddress: (email: string) => `Je accepteert met het e-mailadres ${email}.`,
    name: "Je naam",
    nameHint: "Zo zien je medebestuursleden en het bureau je.",
    accept: "Uitnodiging accepteren",
    decline: "Uitnodiging afslaan",
    declinedTitle: "Uitnodiging afgeslagen",
    declinedBody: "Je hebt de uitnodiging afgeslagen. Je komt niet in het bestuur.",
    invalidTitle: "Deze uitnodiging werkt niet meer",
    invalidBody: "De uitnodiging is verlopen, ingetrokken of al gebruikt. Vraag het bestuur om een nieuwe uitnodiging.",
    joined: (name: string) => `Welkom in het bestuur van ${name}.`,
    joinedIncoming: (name: string, date: string) => `Je staat in het nieuwe bestuur van ${name}; op ${date} krijg je toegang.`,
  },
  mail: {
    subject: (name: string) => `Uitnodiging voor het bestuur van ${name}`,
    body: (who: string, name: string, year: string, position: string) =>
      `${who} nodigt je uit voor het bestuur ${year} van ${name} in Vangnet, het portaal van het bureau studentenwelzijn, als ${position.toLowerCase()}.`,
    start: (date: string) => `Dit bestuur begint op ${date}; dan krijg je toegang.`,
    how: (date: string) =>
      `Je komt pas in het bestuur als je de uitnodiging accepteert. Open haar met de knop hieronder; ze is geldig tot en met ${date}.`,
    button: "Uitnodiging bekijken",
    ignore: "Ken je deze organisatie niet, of verwachtte je dit niet? Negeer deze mail dan: zonder jouw akkoord gebeurt er niets.",
  },
};

const en: typeof nl = {
  invite: {
    title: "Invite a board member",
    intro:
      "Invite a fellow board member. They get an email with a link and join the board only once they accept the invitation. The whole board is told.",
    board: "Board",
    submit: "Invite",
    newBoard: (y: string) => `Board ${y} (will be created)`,
    done: (email: string) => `${email} has been invited and joins the board once they accept the invitation.`,
  },
  next: {
    title: "Register the next board",
    intro:
      "Register the new board ahead of time. The new board members get an invitation by email. On the start date those who have accepted it get access and your board loses it; everything the organisation owns stays with the organisation.",
    members: "Board members",
    membersHint: (max: number) =>
      `Fill in at least one board member. Empty rows are skipped. Need more rows? Add one, up to ${max} in all.`,
    addRow: "Add a row",
    row: (n: number) => `Board member ${n}`,
    submit: "Register new board",
    done: "The new board has been registered and its members have been invited by email.",
    atLeastOne: "Fill in at least one board member.",
  },
  page: {
    title: "Invitation to a board",
    aBoardMember: "A board member",
    body: (who: string, name: string, year: string, position: string) =>
      `${who} invites you to join the ${year} board of ${name} as ${position.toLowerCase()}.`,
    starts: (date: string) => `This board starts on ${date}; you get access then.`,
    validUntil: (date: string) => `The invitation is valid until ${date}.`,
    forAddress: (email: string) => `You accept with the email address ${email}.`,
    name: "Your name",
    nameHint: "How your fellow board members and the office see you.",
    accept: "Accept the invitation",
    decline: "Decline the invitation",
    declinedTitle: "Invitation declined",
    declinedBody: "You have declined the invitation. You will not join the board.",
    invalidTitle: "This invitation no longer works",
    invalidBody: "The invitation has expired, been withdrawn or already been used. Ask the board for a new invitation.",
    joined: (name: string) => `Welcome to the board of ${name}.`,
    joinedIncoming: (name: string, date: string) => `You are on the new board of ${name}; you get access on ${date}.`,
  },
  mail: {
    subject: (name: string) => `Invitation to the board of ${name}`,
    body: (who: string, name: string, year: string, position: string) =>
      `${who} invites you to join the ${year} board of ${name} in Vangnet, the Student Well-being Office's portal, as ${position.toLowerCase()}.`,
    start: (date: string) => `This board starts on ${date}; you get access then.`,
    how: (date: string) =>
      `You join the board only once you accept the invitation. Open it with the button below; it is valid until ${date}.`,
    button: "View the invitation",
    ignore: "Don't know this organisation, or weren't expecting this? Then ignore this mail: nothing happens without your acceptance.",
  },
};

export const invitationMessages = { nl, en };
