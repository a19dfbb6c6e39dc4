/** Texts of the guidance on peer listeners: the public index and pages, and the office's editing. */
const nl = {
  title: "Vertrouwelijk luisteraars aanstellen: begeleiding",
  intro:
    "Handreikingen van het bureau studentenwelzijn voor besturen die vertrouwelijk luisteraars willen aanstellen: waarom en hoe, wat luisteraars wel en niet doen, en wat je doet met een melding.",
  none: "Er zijn nog geen pagina's.",
  back: "Terug naar de begeleiding",
  updated: (date: string) => `Bijgewerkt op ${date}`,
  find: "Vind een vertrouwelijk luisteraar",
  trainings: "Trainingen voor vertrouwelijk luisteraars",
  office: {
    nav: "Begeleiding luisteraars",
    title: "Begeleiding voor vertrouwelijk luisteraars",
    intro:
      "Deze pagina's staan openbaar onder ‘Vind een vertrouwelijk luisteraar’. Schrijf in beide talen; een veld dat maar in één taal is ingevuld, is gemarkeerd.",
    page: "Pagina",
    slug: "Korte naam in de link",
    slugHint: "Kleine letters, cijfers en streepjes, bijvoorbeeld ‘wat-doet-een-luisteraar’.",
    sort: "Volgorde",
    sortHint: "Lager staat eerder in de lijst.",
    titleField: "Titel",
    body: "Tekst",
    bodyHint: "Laat een lege regel tussen alinea's. Maximaal 8.000 tekens per taal.",
    dutch: "Nederlands",
    english: "Engels",
    untranslated: "Niet vertaald",
    edit: "Bewerken",
    view: "Bekijken op de site",
    save: "Opslaan",
    saved: "De pagina is opgeslagen.",
    created: "De pagina is gemaakt. Schrijf nu de tekst.",
    newTitle: "Nieuwe pagina",
    create: "Pagina maken",
    editTitle: (title: string) => `Begeleiding bewerken: ${title}`,
    bodyChanged: "Tekst aangepast in",
    audit: {
      "guidance.create": "pagina van de begeleiding voor luisteraars gemaakt",
      "guidance.update": "pagina van de begeleiding voor luisteraars bewerkt",
      "guidance.model": "modelpagina van de begeleiding voor luisteraars toegevoegd",
    } as Record<string, string>,
    models: {
      title: "Beginnen met de modelpagina's",
      none: "Er zijn nog geen pagina's. Begin met de modelteksten van Vangnet, in beide talen, en pas ze daarna aan: waarom en hoe je luisteraars aanstelt, wat ze wel en niet doen, een modelfunctieprofiel en aanstellingsprocedure, omgaan met een melding, wanneer je doorverwijst en de trainingen.",
      some: "Deze modelpagina's ontbreken. Je kunt ze toevoegen; de pagina's die er al zijn, blijven zoals ze zijn.",
      add: "Modelpagina's toevoegen",
      added: (n: number) =>
        n === 1 ? "1 modelpagina toegevoegd. Pas die aan waar nodig." : `${n} modelpagina's toegevoegd. Pas ze aan waar nodig.`,
    },
  },
};

const en: typeof nl = {
  title: "Appointing confidential peer listeners: guidance",
  intro:
    "Guidance from the Student Well-being Office for boards who want to appoint confidential peer listeners: why and how, what listeners do and do not do, and what to do with a report.",
  none: "There are no pages yet.",
  back: "Back to the guidance",
  updated: (date: string) => `Updated on ${date}`,
  find: "Find a peer listener",
  trainings: "Trainings for confidential peer listeners",
  office: {
    nav: "Peer-listener guidance",
    title: "Guidance for confidential peer listeners",
    intro:
      "These pages are public under ‘Find a peer listener’. Write in both languages; a field filled in in only one language is flagged.",
    page: "Page",
    slug: "Short name in the link",
    slugHint: "Lower-case letters, digits and hyphens, for example ‘what-a-listener-does’.",
    sort: "Order",
    sortHint: "Lower comes earlier in the list.",
    titleField: "Title",
    body: "Text",
    bodyHint: "Leave an empty line between paragraphs. At most 8,000 characters per language.",
    dutch: "Dutch",
    english: "English",
    untranslated: "Not translated",
    edit: "Edit",
    view: "View on the site",
    save: "Save",
    saved: "The page has been saved.",
    created: "The page has been created. Now write its text.",
    newTitle: "New page",
    create: "Create page",
    editTitle: (title: string) => `Edit guidance: ${title}`,
    bodyChanged: "Text changed in",
    audit: {
      "guidance.create": "peer-listener guidance page created",
      "guidance.update": "peer-listener guidance page edited",
      "guidance.model": "peer-listener guidance model page added",
    },
    models: {
      title: "Starting from the model pages",
      none: "There are no pages yet. Start from Vangnet's model texts, in both languages, and adapt them afterwards: why and how to appoint listeners, what they do and do not do, a model job description and appointment procedure, handling a report, when to refer, and the trainings.",
      some: "These model pages are missing. You can add them; the pages already there stay as they are.",
      add: "Add the model pages",
      added: (n: number) => (n === 1 ? "1 model page added. Adapt it where needed." : `${n} model pages added. Adapt them where needed.`),
    },
  },
};

export const guidanceMessages = { nl, en };

/** No errors of its own (slugs use the roadmap's `slugFormat` and `slugTaken`). */
export const guidanceErrors = { nl: {}, en: {} };
