import type { Localized } from "../../core/i18n/index.js";

/**
 * The model texts of the guidance on peer listeners, in both languages: what a fresh install offers
 * the office to start from ("add the model pages", `addModelGuidance`), and what the demo content
 * shows. The office edits them afterwards like any other page. Plain text: paragraphs separated by
 * a blank line. Each page's public link is its slug, so a model page counts as present while a page
 * with its slug exists.
 */
export type ModelGuidance = { slug: string; sort: number; title: Localized; body: Localized };

export const MODEL_GUIDANCE: readonly ModelGuidance[] = [
  {
    slug: "waarom-luisteraars",
    sort: 10,
    title: { nl: "Waarom vertrouwelijk luisteraars?", en: "Why confidential peer listeners?" },
    body: {
      nl: `Wie in een vereniging iets vervelends meemaakt, zoals intimidatie, pesten, discriminatie of grensoverschrijdend gedrag, praat daar vaak liever eerst met een medestudent dan met het bestuur of een instantie. Een vertrouwelijk luisteraar is zo'n eerste aanspreekpunt: een getraind lid dat luistert, meedenkt en de weg wijst naar passende hulp.

Een vereniging met luisteraars laat zien dat sociale veiligheid serieus wordt genomen. Problemen komen eerder in beeld, en leden weten bij wie ze terechtkunnen zonder meteen een formele stap te zetten.

Luisteraars vervangen geen professionele hulp en geen vertrouwenspersoon van de universiteit. Ze zijn de drempelverlagende eerste stap, en weten wanneer en waarheen ze doorverwijzen.`,
      en: `Members who experience something unpleasant in their association, such as intimidation, bullying, discrimination or unacceptable behaviour, often prefer to talk to a fellow student first rather than to the board or an official body. A confidential peer listener is that first point of contact: a trained member who listens, thinks along and points to the right help.

An association with listeners shows that it takes social safety seriously. Problems come to light sooner, and members know whom to turn to without taking a formal step straight away.

Listeners do not replace professional help or the university's confidential counsellor. They are the low-threshold first step, and they know when and where to refer.`,
    },
  },
  {
    slug: "wat-doet-een-luisteraar",
    sort: 20,
    title: { nl: "Wat een luisteraar wel en niet doet", en: "What a listener does and does not do" },
    body: {
      nl: `Een luisteraar luistert zonder te oordelen, helpt iemand zijn of haar verhaal te ordenen, legt uit welke mogelijkheden er zijn en verwijst door naar passende hulp, zoals de wegwijzer, een studentendecaan, een studentpsycholoog of het vertrouwelijk aanspreekpunt van het bureau studentenwelzijn.

Een luisteraar gaat vertrouwelijk om met wat er verteld wordt en onderneemt geen stappen zonder toestemming van de melder. Alleen bij direct gevaar voor iemands veiligheid gelden andere afspraken: dan schakel je hulp in (112 of 113) en vertel je de melder wat je doet.

Een luisteraar doet géén onderzoek, hoort de andere partij niet, neemt geen besluiten en legt geen sancties op. Hij of zij is geen therapeut en geen bemiddelaar. Het bestuur hoort niet wat er verteld is, ook niet in grote lijnen, tenzij de melder dat zelf wil.`,
      en: `A listener listens without judging, helps someone put their story in order, explains the options and refers to the right help, such as the roadmap, a student counsellor, a student psychologist or the Student Well-being Office's confidential contact.

A listener treats what they are told as confidential and takes no steps without the consent of the person who came to them. Only when someone's safety is in immediate danger do other arrangements apply: then you call for help (112 or 113) and tell the person what you are doing.

A listener does not investigate, does not hear the other party, makes no decisions and imposes no sanctions. They are not a therapist and not a mediator. The board does not hear what was said, not even in outline, unless the person wants it to.`,
    },
  },
  {
    slug: "functieprofiel-en-aanstelling",
    sort: 30,
    title: { nl: "Modelfunctieprofiel en aanstellingsprocedure", en: "Model job description and appointment procedure" },
    body: {
      nl: `Functieprofiel. De vertrouwelijk luisteraar is een lid van de vereniging dat geen bestuursfunctie heeft, goed kan luisteren, discreet is en door leden als benaderbaar wordt gezien. Hij of zij volgt in het eerste jaar een training voor vertrouwelijk luisteraars, is bereikbaar via Vangnet en per mail, antwoordt binnen de afgesproken tijd en neemt deel aan een jaarlijks overleg met de andere luisteraars.

Aanstelling. Het bestuur maakt de vacature bekend onder de leden en vraagt kandidaten naar hun motivatie. Een gesprek met twee bestuursleden, bij voorkeur samen met een zittende luisteraar, volgt. Kies bij voorkeur minstens twee luisteraars, die samen verschillende groepen leden aanspreken, en let op spreiding in jaarlaag, gender en taal.

Het bestuur nodigt de gekozen kandidaten in Vangnet uit als sleutelfiguur met de rol ‘vertrouwelijk luisteraar’. Na het accepteren vullen zij hun profiel in en melden zij zich aan voor een training. Stel een luisteraar aan voor ten minste een jaar, en spreek af hoe de overdracht gaat bij het stoppen.

Maak de luisteraars bekend in de vereniging: op de website, bij de introductie en in de ledenvergadering, en wijs op de pagina ‘Vind een vertrouwelijk luisteraar’.`,
      en: `Job description. The confidential peer listener is a member of the association without a board position, who listens well, is discreet and whom members find approachable. In their first year they take a training for confidential peer listeners, can be reached through Vangnet and by email, answer within the agreed time and join a yearly meeting with the other listeners.

Appointment. The board announces the vacancy among the members and asks candidates about their motivation. An interview with two board members follows, preferably together with a current listener. Choose at least two listeners if you can, who together appeal to different groups of members, and mind the spread in year, gender and language.

The board invites the chosen candidates in Vangnet as key figures with the role ‘peer listener’. Once they accept, they fill in their profile and register for a training. Appoint a listener for at least a year, and agree how the handover goes when they step down.

Make the listeners known in the association: on the website, during the introduction and at the general meeting, and point to the page ‘Find a peer listener’.`,
    },
  },
  {
    slug: "omgaan-met-een-melding",
    sort: 40,
    title: { nl: "Omgaan met een melding", en: "Handling a report" },
    body: {
      nl: `Neem de tijd, luister en vat samen wat je hoort. Vraag wat de melder nodig heeft: soms is dat alleen gehoord worden, soms een volgende stap.

Leg uit wat je wel en niet kunt doen, en wat er met het verhaal gebeurt. Beloof geen geheimhouding die je niet kunt waarmaken: bij direct gevaar schakel je hulp in.

Schrijf geen namen of details op buiten Vangnet. Berichten in Vangnet worden versleuteld bewaard en na een vaste termijn verwijderd; de melder krijgt die datum te zien.

Bespreek met de melder welke hulp past, en geef de weg daarheen. Met toestemming van de melder kun je het gesprek overdragen aan het vertrouwelijk aanspreekpunt van het bureau studentenwelzijn.

Zorg ook voor jezelf. Een gesprek kan zwaar zijn. Je kunt zonder namen te noemen advies vragen aan het bureau studentenwelzijn.`,
      en: `Take your time, listen and sum up what you hear. Ask what the person needs: sometimes only to be heard, sometimes a next step.

Explain what you can and cannot do, and what happens with their story. Do not promise secrecy you cannot keep: in immediate danger you call for help.

Do not write down names or details outside Vangnet. Messages in Vangnet are stored encrypted and deleted after a fixed period; the person is told that date.

Discuss with the person which help fits, and show the way there. With their consent you can hand the conversation to the Student Well-being Office's confidential contact.

Take care of yourself too. A conversation can be heavy. You can ask the Student Well-being Office for advice without naming anyone.`,
    },
  },
  {
    slug: "wanneer-doorverwijzen",
    sort: 50,
    title: { nl: "Wanneer verwijs je door?", en: "When to refer" },
    body: {
      nl: `Verwijs door zodra iemand meer nodig heeft dan een luisterend oor: bij aanhoudende klachten, bij gedachten aan zelfdoding, bij geweld of seksueel grensoverschrijdend gedrag, als iemand een formele melding of klacht wil doen, of als jij merkt dat het je eigen grenzen te boven gaat.

Bij direct gevaar: bel 112. Bij gedachten aan zelfdoding: 113 Zelfmoordpreventie, telefoon 113 of 0800-0113, dag en nacht.

Voor andere hulp wijst de wegwijzer de weg: studentendecanen, studentpsychologen, de huisarts, de vertrouwenspersonen van de universiteit en het bureau studentenwelzijn.

Verwijs warm door: vertel wat de melder kan verwachten, en vraag later of het gelukt is.`,
      en: `Refer as soon as someone needs more than a listening ear: with lasting complaints, with thoughts of suicide, with violence or sexual misconduct, when someone wants to make a formal report or complaint, or when you notice it goes beyond your own limits.

In immediate danger: call 112. With thoughts of suicide: 113 Suicide Prevention, phone 113 or 0800-0113, day and night.

For other help the roadmap shows the way: student counsellors, student psychologists, the GP, the university's confidential counsellors and the Student Well-being Office.

Refer warmly: tell the person what to expect, and ask later whether it worked out.`,
    },
  },
  {
    slug: "trainingen",
    sort: 60,
    title: { nl: "Trainingen voor vertrouwelijk luisteraars", en: "Trainings for confidential peer listeners" },
    body: {
      nl: `Er zijn verschillende trainingen voor vertrouwelijk luisteraars van studentenorganisaties. Je leert er luisteren, grenzen stellen, omgaan met vertrouwelijkheid en doorverwijzen, en je oefent met situaties uit het verenigingsleven.

Een luisteraar meldt zich zelf aan via Vangnet, namens de vereniging. Het bestuur ziet op de pagina ‘Vertrouwelijk luisteraars’ wie dit academisch jaar getraind is.

Onder deze tekst staat de link naar de trainingen die voor luisteraars bedoeld zijn. Vragen? Mail het bureau studentenwelzijn; het adres staat onderaan elke pagina.`,
      en: `Various trainings are available for confidential peer listeners of student organisations. You learn to listen, set boundaries, handle confidentiality and refer, and you practise with situations from association life.

A listener registers themselves through Vangnet, on behalf of the association. The board sees on its page ‘Confidential peer listeners’ who has been trained this academic year.

Below this text is the link to the trainings meant for listeners. Questions? Email the Student Well-being Office; the address is at the bottom of every page.`,
    },
  },
];
