/**
 * Crisis language: phrases that read as suicidal thoughts, wanting to die, ending one's life or
 * self-harm (`isCrisisLanguage` in service.ts). A roadmap search that contains one lists the crisis
 * lines first, under a calm sentence (docs/decisions/006-roadmap-search.md). Both lists are always
 * checked, whatever the page's language: students type English on the Dutch page and Dutch on the
 * English one.
 *
 * Written normalised: lower case, no accents, no apostrophes ("dont"), a hyphen as a space. In a
 * phrase:
 * - a word ending in `*` matches every word that begins with it ("zelfmoord*": "zelfmoordgedachten");
 * - `…` stands for up to three other words ("wil … dood": "ik wil gewoon dood");
 * - `$` ends the phrase only at the end of the search ("kan niet meer $", not "kan niet meer slapen").
 * Words of 5 letters or more also match with one typo (a letter wrong, missing, added or two letters
 * swapped), of 9 or more with two; shorter words only as written.
 *
 * Add a phrase when a student's wording is missed; add a case to crisis.test.ts with it. A
 * phrase that also matches everyday searches ("dood" alone: "mijn vader is dood") does not belong.
 */
export const CRISIS_LEXICON: { nl: string[]; en: string[] } = {
  nl: [
    "zelfmoord*",
    "zelf moord*",
    "zelfdoding*",
    "suicid*",
    "levensmoe*",
    "wil … dood",
    "wil … doodgaan",
    "dood … willen",
    "niet meer leven",
    "niet meer willen leven",
    "niet langer leven",
    "er niet meer zijn",
    "wil niet meer $",
    "kan niet meer $",
    "trek het … niet meer",
    "zie het … niet meer zitten",
    "hoeft voor mij niet meer",
    "einde aan mijn leven",
    "einde aan maken",
    "leven beeindig*",
    "van kant maken",
    "mezelf … aandoen",
    "mezelf doden",
    "mezelf ophangen",
    "nooit meer wakker",
    "wil … verdwijnen",
    "niet meer bestaan",
    "was ik maar dood",
    "nooit geboren",
    "beter af zonder mij",
    "beter af zonder me",
    "zelfbeschadig*",
    "zelfverwond*",
    "automutil*",
    "snij mezelf",
    "snijd mezelf",
    "mezelf snijden",
    "kras mezelf",
    "mezelf krassen",
    "mezelf … pijn doen",
    "crisislijn",
    "113",
    "0800 0113",
  ],
  en: [
    "want to die",
    "wanna die",
    "wanted to die",
    "wish i was dead",
    "wish i were dead",
    "wish i could die",
    "want to be dead",
    "better off dead",
    "kill myself",
    "killing myself",
    "kill my self",
    "kms",
    "unalive*",
    "end my life",
    "end my own life",
    "ending my life",
    "end this life",
    "end it all",
    "ending it all",
    "take my own life",
    "take my life",
    "no reason to live",
    "nothing to live for",
    "dont want to live",
    "dont want to be alive",
    "dont want to be here",
    "dont want to exist",
    "want to disappear",
    "wanna disappear",
    "wish i could disappear",
    "wish i was never born",
    "worth living",
    "better off without me",
    "cant go on",
    "cannot go on",
    "can not go on",
    "tired of living",
    "tired of life",
    "sick of living",
    "self harm*",
    "selfharm*",
    "self injur*",
    "hurt myself",
    "hurting myself",
    "harm myself",
    "harming myself",
    "cut myself",
    "cutting myself",
    "crisis line",
    "crisis hotline",
  ],
};

/**
 * How a text about suicide speaks of it, per language, as a `websearch_to_tsquery` query: the roadmap
 * lists its crisis lines (places marked `crisis`) in the order of how much their name, search words,
 * summary and description match it (113 before 112 in the demo roadmap).
 */
export const CRISIS_WORDS: Record<"nl" | "en", string> = {
  nl: "zelfmoord or zelfdoding or suïcide or suïcidaal or suicide",
  en: "suicide or suicidal",
};
