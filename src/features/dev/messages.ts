/** The development pages' part of the catalogs; merged in src/catalogs.ts. */
const nl = {
  mailTitle: "Dev-mailbox",
  mailIntro:
    "Alle mail in de outbox, de nieuwste eerst. Zonder SMTP_URL wordt mail niet verstuurd en staat hij alleen hier. Alleen buiten productie zichtbaar.",
  empty: "Nog geen mail.",
  to: "Aan",
  subject: "Onderwerp",
  sent: "Verstuurd",
  bodyRemoved: "De tekst van deze mail is na verzending verwijderd, omdat er een inlog- of bevestigingslink in stond.",
  signInTitle: "Inloggen als demo-account",
  signInIntro: "Alleen buiten productie: log direct in als een van de demo-accounts.",
  signInAs: (who: string) => `Inloggen als ${who}`,
};

const en: typeof nl = {
  mailTitle: "Dev mailbox",
  mailIntro:
    "All mail in the outbox, newest first. Without SMTP_URL mail is not sent and only shows here. Visible outside production only.",
  empty: "No mail yet.",
  to: "To",
  subject: "Subject",
  sent: "Sent",
  bodyRemoved: "The text of this mail was removed once it was sent, because it held a sign-in or confirmation link.",
  signInTitle: "Sign in as a demo account",
  signInIntro: "Outside production only: sign in directly as one of the demo accounts.",
  signInAs: (who: string) => `Sign in as ${who}`,
};

export const devMessages = { nl, en };
