// Catalog section `t.embed`: the embeddable roadmap and the snippet builder for boards.
const nl = {
  frameTitle: "Wegwijzer studentenwelzijn",
  openFull: "Open de volledige wegwijzer",
  allOf: (n: number, topic: string) => `Alle ${n} plekken bij ${topic}`,
  poweredBy: (office: string) => `Aangeboden door ${office}`,
  builderTitle: "Wegwijzer op je eigen website",
  builderIntro:
    "Zet de wegwijzer op de website van je vereniging. Kies de taal, de onderwerpen en een kleur die bij je site past, bekijk het voorbeeld en kopieer de code naar je website.",
  lang: "Taal",
  topics: "Onderwerpen",
  topicsHint: "Niets aangevinkt betekent: alle onderwerpen.",
  accent: "Accentkleur",
  accentHint: "Hexadecimaal, bijv. #0a5c4f. Moet goed leesbaar zijn met witte tekst.",
  accentContrast: "Deze kleur is te licht voor witte tekst. Kies een donkerdere kleur.",
  accentNotColour: "Dit is geen kleur. Vul een hexadecimale kleurcode in, zoals #0a5c4f.",
  height: "Hoogte in pixels",
  update: "Voorbeeld bijwerken",
  preview: "Voorbeeld",
  snippet: "Code voor je website",
  snippetHint:
    "Plak deze code in je website (bijv. in een HTML-blok). Het scriptje maakt het kader automatisch even hoog als de inhoud; zonder script werkt het ook.",
  copy: "Kopieer code",
  copied: "Gekopieerd",
  newsletterTitle: "In je nieuwsbrief",
  newsletterBody:
    "Nieuwsbrieven kunnen geen ingesloten pagina's tonen. Zet daarom een link naar de wegwijzer in je nieuwsbrief, en eventueel de QR-code als afbeelding.",
  link: "Link",
  qrAlt: "QR-code naar de wegwijzer",
  qrDownload: "QR-code downloaden (PNG)",
};

const en: typeof nl = {
  frameTitle: "Student well-being roadmap",
  openFull: "Open the full roadmap",
  allOf: (n: number, topic: string) => `All ${n} places for ${topic}`,
  poweredBy: (office: string) => `Provided by the ${office}`,
  builderTitle: "The roadmap on your own website",
  builderIntro:
    "Put the roadmap on your association's website. Choose the language, the topics and a colour that suits your site, check the preview and copy the code to your website.",
  lang: "Language",
  topics: "Topics",
  topicsHint: "Nothing ticked means: all topics.",
  accent: "Accent colour",
  accentHint: "Hexadecimal, e.g. #0a5c4f. Must read well with white text.",
  accentContrast: "This colour is too light for white text. Choose a darker one.",
  accentNotColour: "This is not a colour. Enter a hexadecimal colour code, like #0a5c4f.",
  height: "Height in pixels",
  update: "Update preview",
  preview: "Preview",
  snippet: "Code for your website",
  snippetHint:
    "Paste this code into your website (e.g. in an HTML block). The small script makes the frame as tall as its content; it also works without the script.",
  copy: "Copy code",
  copied: "Copied",
  newsletterTitle: "In your newsletter",
  newsletterBody:
    "Newsletters cannot show embedded pages. Put a link to the roadmap in your newsletter instead, and the QR code as an image if you like.",
  link: "Link",
  qrAlt: "QR code linking to the roadmap",
  qrDownload: "Download QR code (PNG)",
};

export const embedMessages = { nl, en };
