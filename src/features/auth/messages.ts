/** Sign-in's part of the catalogs; merged in src/catalogs.ts. */
const nl = {
  signInTitle: "Inloggen",
  signInIntro: "Vul je e-mailadres in. We sturen je een link waarmee je inlogt; je hebt geen wachtwoord nodig.",
  email: "E-mailadres",
  emailHint: "Gebruik het adres waarop het bureau of je bestuur je heeft uitgenodigd. Nieuw? Dan maken we een account voor je aan.",
  send: "Stuur mij een inloglink",
  sentTitle: "Kijk in je mailbox",
  sentBody:
    "Als we dit adres kunnen gebruiken, staat er binnen een paar minuten een inloglink in je mailbox. De link is 15 minuten geldig en werkt één keer.",
  sentNoMail: "Geen mail ontvangen? Kijk in je spamfolder of vraag een nieuwe link aan.",
  again: "Nieuwe link aanvragen",
  linkTitle: "Inloggen bij Vangnet",
  linkIntro: "Klik op de knop om in te loggen.",
  linkButton: "Inloggen",
  linkInvalidTitle: "Deze link werkt niet meer",
  linkInvalidBody: "De inloglink is verlopen of al gebruikt. Vraag een nieuwe aan.",
  signedOut: "Je bent uitgelogd.",
  mailSubject: "Je inloglink voor Vangnet",
  mailHeading: "Inloggen bij Vangnet",
  mailBody:
    "Je (of iemand anders) vroeg een inloglink aan voor dit e-mailadres. Klik op de knop om in te loggen. De link is 15 minuten geldig en werkt één keer.",
  mailButton: "Inloggen",
  mailIgnore: "Heb je dit niet aangevraagd? Dan kun je deze mail negeren; er gebeurt niets.",
};

const en: typeof nl = {
  signInTitle: "Sign in",
  signInIntro: "Enter your email address. We will send you a link to sign in; you do not need a password.",
  email: "Email address",
  emailHint: "Use the address the office or your board invited you with. New here? We will create an account for you.",
  send: "Send me a sign-in link",
  sentTitle: "Check your inbox",
  sentBody: "If we can use this address, a sign-in link will arrive within a few minutes. The link is valid for 15 minutes and works once.",
  sentNoMail: "No mail? Check your spam folder or ask for a new link.",
  again: "Ask for a new link",
  linkTitle: "Sign in to Vangnet",
  linkIntro: "Press the button to sign in.",
  linkButton: "Sign in",
  linkInvalidTitle: "This link no longer works",
  linkInvalidBody: "The sign-in link has expired or has already been used. Ask for a new one.",
  signedOut: "You have signed out.",
  mailSubject: "Your sign-in link for Vangnet",
  mailHeading: "Sign in to Vangnet",
  mailBody:
    "You (or someone else) asked for a sign-in link for this email address. Press the button to sign in. The link is valid for 15 minutes and works once.",
  mailButton: "Sign in",
  mailIgnore: "Did you not ask for this? Then ignore this mail; nothing will happen.",
};

export const authMessages = { nl, en };
