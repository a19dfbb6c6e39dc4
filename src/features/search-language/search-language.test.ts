import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CRISIS_LEXICON } from "./crisis-lexicon.js";
import {
  dutchForms,
  editDistance,
  isCrisisLanguage,
  MAX_QUERY_CHARS,
  MAX_QUERY_WORDS,
  normaliseQuery,
  normaliseText,
  queryWords,
  wordMatches,
} from "./service.js";

describe("normalising what students type", () => {
  it("folds case, accents, apostrophes and signs", () => {
    expect(normaliseText("Suïcidaal")).toBe("suicidaal");
    expect(normaliseText("I DON'T want to be here")).toBe("i dont want to be here");
    expect(normaliseText("i don’t")).toBe("i dont");
    expect(normaliseText("self-harm!!")).toBe("self harm");
    expect(normaliseText("  zelf\u00ADmoord ")).toBe("zelfmoord");
  });

  it("caps a search at MAX_QUERY_CHARS characters and MAX_QUERY_WORDS words, without invisible or control characters", () => {
    expect(normaliseQuery("  Stress\u0000 en\u200B  ANGST\n")).toBe("stress en angst");
    expect(normaliseQuery("a".repeat(10_000))).toHaveLength(MAX_QUERY_CHARS);
    expect(normaliseQuery("w ".repeat(500)).split(" ")).toHaveLength(MAX_QUERY_WORDS);
    expect(normaliseQuery("\u202E\u2066")).toBe("");
    // Compatibility forms fold: full-width letters are the plain ones.
    expect(normaliseQuery("ｓｔｒｅｓｓ")).toBe("stress");
  });

  it("takes the words worth matching one by one, and Dutch word forms", () => {
    expect(queryWords("ik heb veel stress, stress!")).toEqual(["heb", "veel", "stress"]);
    expect(queryWords(`a b ${"x".repeat(41)} een twee drie vier vijf zes zeven`)).toHaveLength(6);
    expect(dutchForms("gepest")).toEqual(["gepest", "pest"]);
    expect(dutchForms("intimideert")).toEqual(["intimideert", "intimideer"]);
    expect(dutchForms("kast")).toEqual(["kast"]);
  });
});

describe("edit distance (Damerau-Levenshtein, optimal string alignment)", () => {
  it("counts a wrong, missing, added or swapped letter as one", () => {
    expect(editDistance("lonley", "lonely")).toBe(1);
    expect(editDistance("sucidal", "suicidal")).toBe(1);
    expect(editDistance("depresed", "depressed")).toBe(1);
    expect(editDistance("zelmoord", "zelfmoord")).toBe(1);
    expect(editDistance("stress", "stress")).toBe(0);
    expect(editDistance("harrasment", "harassment")).toBe(2);
  });

  it("stops early past the maximum", () => {
    expect(editDistance("abcdef", "uvwxyz", 2)).toBe(3);
    expect(editDistance("a", "abcdefgh", 1)).toBe(2);
  });

  it("allows typos by word length: none below 5 letters, one from 5, two from 9", () => {
    expect(wordMatches("dood", "dood")).toBe(true);
    expect(wordMatches("dode", "dood")).toBe(false);
    expect(wordMatches("myslef", "myself")).toBe(true);
    expect(wordMatches("zlefmord", "zelfmoord*")).toBe(true);
    expect(wordMatches("zelmoordgedachten", "zelfmoord*")).toBe(true);
    expect(wordMatches("sucide", "suicid*")).toBe(true);
    expect(wordMatches("suiker", "suicid*")).toBe(false);
  });
});

describe("crisis language", () => {
  it.each([
    // Dutch, with and without accents, typos and capitals
    "ik wil dood",
    "Ik wil gewoon dood",
    "ik wil echt niet meer leven",
    "ik wil er niet meer zijn",
    "ik zie het echt niet meer zitten",
    "ik wil er een einde aan maken",
    "ik wil mijn leven beëindigen",
    "zelfmoordgedachtes",
    "zelf moord",
    "zelmoord",
    "zlefmoord",
    "suïcidale gedachten",
    "suicidaal",
    "ik doe aan zelfbeschadiging",
    "ik snijd mezelf",
    "ik kan niet meer",
    "levensmoe",
    "iedereen is beter af zonder me",
    // English, with slang and typos
    "I JUST WANT TO DIE",
    "i wanna die tbh",
    "kms",
    "i want to kill my self",
    "thinking of killing myself",
    "sucidal",
    "suicde",
    "how do i end my life",
    "i dont want to live anymore",
    "i don’t want to be alive",
    "nothing to live for",
    "life is not worth living",
    "i cant go on like this",
    "selfharm",
    "self-harming",
    "hurting myself",
    "unaliving myself",
    "i just want to disappear",
    "ik wil gewoon verdwijnen",
    "113",
  ])("recognises %j", (q) => {
    expect(isCrisisLanguage(q)).toBe(true);
  });

  it.each([
    "mijn vader is dood",
    "my dad died",
    "dood moe",
    "ik ben doodmoe",
    "ik kan niet slapen",
    "ik kan niet meer studeren",
    "ik wil niet meer naar college",
    "i cant sleep before exams",
    "end of the year party",
    "stress",
    "emergency",
    "noodnummer",
    "overdose",
    "die hard",
    "suiker",
    "",
  ])("leaves everyday searches alone: %j", (q) => {
    expect(isCrisisLanguage(q)).toBe(false);
  });

  it("recognises every crisis query of the relevance set and none of the others", () => {
    const set = JSON.parse(readFileSync(new URL("../../../test/fixtures/search-relevance.json", import.meta.url), "utf8")) as {
      q: string;
      kind: string;
    }[];
    const wrong = set.filter((c) => isCrisisLanguage(c.q) !== (c.kind === "crisis")).map((c) => `${c.kind}: ${c.q}`);
    expect(wrong).toEqual([]);
  });

  it("keeps the lexicon normalised (lower case, no accents, no apostrophes) and free of single everyday words", () => {
    for (const phrase of [...CRISIS_LEXICON.nl, ...CRISIS_LEXICON.en]) {
      const words = phrase.split(" ").filter((w) => w !== "…" && w !== "$");
      for (const w of words) expect(normaliseText(w.replace(/\*$/, "")), phrase).toBe(w.replace(/\*$/, ""));
      if (words.length === 1) expect(["dood", "die", "death", "dead", "leven", "life"]).not.toContain(words[0]);
    }
  });

  it("reads a bounded part of a long text", () => {
    const t0 = performance.now();
    expect(isCrisisLanguage(`${"bla ".repeat(10_000)}ik wil dood`)).toBe(false);
    expect(isCrisisLanguage(`ik wil dood ${"bla ".repeat(10_000)}`)).toBe(true);
    expect(performance.now() - t0).toBeLessThan(200);
  });
});
