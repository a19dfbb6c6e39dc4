import { describe, expect, it } from "vitest";
import { nameSkeleton, normaliseName } from "./text.js";

describe("normaliseName", () => {
  it.each([
    ["zero-width space", "Mine\u200Brva", "Minerva"],
    ["zero-width joiner, word joiner and BOM", "\uFEFFMi\u200Dner\u2060va", "Minerva"],
    ["right-to-left override and isolates", "\u202EMinerva\u202C \u2067x\u2069", "Minerva x"],
    ["left-to-right and right-to-left marks", "\u200EMinerva\u200F", "Minerva"],
    ["soft hyphen", "Mi\u00ADnerva", "Minerva"],
    ["double and odd spaces, trimmed", "  Studie\u00A0\u00A0vereniging \t Minerva\n", "Studie vereniging Minerva"],
    ["control characters become one space", "Minerva\u0007\u0007Leiden", "Minerva Leiden"],
    ["NFKC: full-width letters and ligatures", "Ｍｉｎｅｒｖａ ﬁets", "Minerva fiets"],
    ["NFKC: composed accents", "Cafe\u0301", "Café"],
    ["ideographic space", "A\u3000B", "A B"],
  ])("%s", (_label, input, expected) => {
    expect(normaliseName(input)).toBe(expected);
    expect(normaliseName(normaliseName(input))).toBe(expected);
  });

  it("keeps letters of every script and ordinary punctuation", () => {
    expect(normaliseName("Ελληνικός Σύλλογος «Ἀθηνᾶ» & Co.")).toBe("Ελληνικός Σύλλογος «Ἀθηνᾶ» & Co.");
    expect(normaliseName("Türk Öğrenci Derneği")).toBe("Türk Öğrenci Derneği");
  });
});

describe("nameSkeleton: look-alikes of a name share its skeleton", () => {
  const minerva = nameSkeleton("Minerva");
  it.each([
    ["letter case", "MINERVA"],
    ["zero-width space", "Min\u200Berva"],
    ["dotless ı", "Mınerva"],
    ["dotted capital İ", "MİNERVA"],
    ["right-to-left override", "\u202EMinerva"],
    ["double space and punctuation", "  Mi-nerva. "],
    ["Cyrillic а", "Minerv\u0430"],
    ["Cyrillic capitals М and Е", "\u041CIN\u0415RVA"],
    ["Greek capitals Μ, Ι, Ν, Ε, Α", "\u039C\u0399\u039D\u0395RV\u0391"],
    ["l for i (I and l look alike)", "Mlnerva"],
    ["1 for l, | for i", "M|nerva"],
    ["accents", "Mìnérva"],
    ["full-width", "Ｍｉｎｅｒｖａ"],
  ])("%s", (_label, input) => {
    expect(nameSkeleton(input)).toBe(minerva);
  });

  it("0 and o, 1 and l, spaces and punctuation", () => {
    expect(nameSkeleton("Kompas 2010")).toBe(nameSkeleton("Kompas 2O1O"));
    expect(nameSkeleton("Roeivereniging Zijlstroom")).toBe(nameSkeleton("Roeivereniging Zij1stroom"));
    expect(nameSkeleton("A.S.V. Gay")).toBe(nameSkeleton("ASV Gay"));
    expect(nameSkeleton("Kompas")).toBe(nameSkeleton("K\u03BFmp\u0430s")); // Greek ο, Cyrillic а
  });

  it("tells different names apart", () => {
    expect(nameSkeleton("Minerva")).not.toBe(nameSkeleton("Minerval"));
    expect(nameSkeleton("Augustinus")).not.toBe(nameSkeleton("Augustinas"));
    expect(nameSkeleton("Ελληνικός Σύλλογος")).not.toBe("");
    expect(nameSkeleton("日本語クラブ")).not.toBe(nameSkeleton("中国語クラブ"));
  });
});
