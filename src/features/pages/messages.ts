/** The public pages' part of the catalogs (home, accessibility; the contact page is office-contact's); merged in src/catalogs.ts. */
const nl = {
  home: {
    title: "Welzijn in studentenorganisaties",
    lead: "Vangnet ondersteunt besturen van studentenorganisaties bij welzijn, waardigheid en respect: van de wegwijzer voor studenten tot trainingen, vertrouwenscontactpersonen en subsidie.",
    forBoards: "Voor besturen",
    forBoardsBody:
      "Log in met je e-mailadres om je organisatie aan te melden, je bestuur bij te houden en het volgende bestuur alvast in te schrijven.",
    registerCta: "Organisatie aanmelden",
    signInCta: "Inloggen met e-mail",
    offerTitle: "Wat het bureau biedt",
    offer: [
      [
        "Wegwijzer studentenwelzijn",
        "Waar studenten terechtkunnen met welzijnsvragen, om op je eigen website te zetten of gedrukt uit te delen.",
      ],
      ["Trainingen en workshops", "Gratis trainingen voor besturen en sleutelfiguren, groepstrainingen op maat en workshops voor leden."],
      ["Vertrouwenscontactpersonen", "Ondersteuning bij het opzetten en verbeteren van een systeem van vertrouwenscontactpersonen."],
      ["Subsidie", "Subsidie voor welzijnsactiviteiten door studenten, voor studenten."],
    ] as [string, string][],
    contactTitle: "Vragen of een idee?",
    contactBody: "Wil je als bestuur initiatieven of samenwerking bespreken? Neem contact op met het bureau.",
  },
  accessibilityTitle: "Toegankelijkheidsverklaring",
  accessibility: [
    "Het bureau wil dat iedereen Vangnet kan gebruiken. De website is gebouwd volgens de WCAG 2.1 op niveau AA (EN 301 549).",
    "Elke pagina wordt automatisch getest met axe in het Nederlands en het Engels, ingelogd en uitgelogd, ook met foutmeldingen in formulieren. Alle functies werken met alleen een toetsenbord en zonder JavaScript.",
    "Loop je toch tegen een probleem aan? Mail ons; we reageren binnen vijf werkdagen.",
  ],
};

const en: typeof nl = {
  home: {
    title: "Well-being in student organisations",
    lead: "Vangnet supports the boards of student organisations in well-being, dignity and respect: from the roadmap for students to training courses, confidential peer listeners and subsidies.",
    forBoards: "For boards",
    forBoardsBody:
      "Sign in with your email address to register your organisation, keep your board up to date and register the next board ahead of time.",
    registerCta: "Register your organisation",
    signInCta: "Sign in with email",
    offerTitle: "What the office offers",
    offer: [
      ["Student well-being roadmap", "Where students can turn with well-being issues, to post on your own website or hand out in print."],
      ["Training courses and workshops", "Free training for boards and key figures, tailor-made group training and workshops for members."],
      ["Confidential peer listeners", "Support in setting up and improving a system of confidential peer listeners."],
      ["Subsidy", "Subsidy for well-being activities by students, for students."],
    ],
    contactTitle: "Questions or an idea?",
    contactBody: "Would your board like to discuss initiatives or collaboration? Get in touch with the office.",
  },
  accessibilityTitle: "Accessibility statement",
  accessibility: [
    "The office wants everyone to be able to use Vangnet. The website is built to WCAG 2.1 level AA (EN 301 549).",
    "Every page is tested automatically with axe in Dutch and English, signed in and signed out, including forms showing errors. Everything works with a keyboard alone and without JavaScript.",
    "Still running into a problem? Email us; we reply within five working days.",
  ],
};

export const pagesMessages = { nl, en };
