/**
 * Names that people see (organisations, people) are normalised before they are compared or
 * stored, so two names that look the same are the same string, and look-alikes can be found.
 */

/**
 * Characters that change how text is shown without being seen themselves: zero-width characters
 * (ZWSP, ZWNJ, ZWJ, word joiner, BOM, Mongolian vowel separator), the soft hyphen, the combining
 * grapheme joiner, invisible operators, and every bidirectional control (LRM, RLM, ALM, the
 * embeddings/overrides U+202A-U+202E and the isolates U+2066-U+2069). Fillers that render as blank
 * (Hangul fillers, braille blank) go too. `\p{Cc}` control characters become spaces first.
 */
const INVISIBLE_RANGES: [number, number][] = [
  [0x00ad, 0x00ad],
  [0x034f, 0x034f],
  [0x061c, 0x061c],
  [0x115f, 0x1160],
  [0x17b4, 0x17b5],
  [0x180b, 0x180f],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x206f],
  [0x2800, 0x2800],
  [0x3164, 0x3164],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
  [0xffa0, 0xffa0],
];
const invisible = (ch: string) => {
  const cp = ch.codePointAt(0)!;
  return INVISIBLE_RANGES.some(([from, to]) => cp >= from && cp <= to);
};
const CONTROL = /\p{Cc}/gu;
/** Every Unicode space (NFKC already turns most into U+0020), runs of them become one. */
const SPACES = /[\s\p{Zs}\u2028\u2029]+/gu;

/**
 * NFKC, no control, zero-width or bidirectional control characters, single spaces, trimmed.
 * Idempotent: normaliseName(normaliseName(s)) === normaliseName(s).
 */
export function normaliseName(input: string): string {
  const visible = [...input.normalize("NFKC").replace(CONTROL, " ")].filter((ch) => !invisible(ch)).join("");
  return visible.replace(SPACES, " ").trim().normalize("NFKC");
}

/**
 * Capital letters of other scripts that look like Latin capitals, mapped before lower-casing
 * (their lower-case forms often look different: Greek Η is "H", its lower case η is "n").
 */
const UPPER: Record<string, string> = {
  // Cyrillic
  А: "a",
  В: "b",
  Е: "e",
  Ѕ: "s",
  І: "i",
  Ј: "j",
  К: "k",
  М: "m",
  Н: "h",
  О: "o",
  Р: "p",
  С: "c",
  Т: "t",
  Х: "x",
  У: "y",
  Ү: "y",
  Ԁ: "d",
  Ԛ: "q",
  Ԝ: "w",
  Ӏ: "l",
  // Greek
  Α: "a",
  Β: "b",
  Ε: "e",
  Ζ: "z",
  Η: "h",
  Ι: "i",
  Κ: "k",
  Μ: "m",
  Ν: "n",
  Ο: "o",
  Ρ: "p",
  Τ: "t",
  Υ: "y",
  Χ: "x",
};

/** Lower-case look-alikes (after lower-casing), digits and symbols that pass for letters. */
const LOWER: Record<string, string> = {
  // Cyrillic
  а: "a",
  в: "b",
  е: "e",
  ё: "e",
  к: "k",
  м: "m",
  н: "h",
  о: "o",
  р: "p",
  с: "c",
  т: "t",
  у: "y",
  х: "x",
  ѕ: "s",
  і: "i",
  ї: "i",
  ј: "j",
  һ: "h",
  ԁ: "d",
  ԛ: "q",
  ԝ: "w",
  ӏ: "l",
  ү: "y",
  ь: "b",
  // Greek
  α: "a",
  β: "b",
  ε: "e",
  ι: "i",
  κ: "k",
  ν: "v",
  ο: "o",
  ρ: "p",
  τ: "t",
  υ: "u",
  χ: "x",
  γ: "y",
  ϲ: "c",
  // Latin letters that look like other Latin letters
  ı: "i",
  ȷ: "j",
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ø: "o",
  đ: "d",
  ł: "l",
  ŀ: "l",
  ɡ: "g",
  ɑ: "a",
  // Digits and symbols
  "0": "o",
  "1": "l",
  "|": "l",
};

/**
 * The look-alike key of a name: two names with the same skeleton are refused as the same name.
 * Normalised, upper-case homoglyphs mapped, lower-cased, accents removed, lower-case homoglyphs
 * and look-alike digits mapped (0→o, 1→l ...), "i" and "l" merged (I and l look the same in many
 * fonts), and everything but letters and digits removed. Only ever compared, never shown.
 */
export function nameSkeleton(input: string): string {
  const base = normaliseName(input)
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/./gu, (ch) => UPPER[ch] ?? ch)
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{M}/gu, "");
  return [...base]
    .map((ch) => LOWER[ch] ?? ch)
    .join("")
    .replace(/i/g, "l")
    .replace(/[^\p{L}\p{N}]/gu, "");
}
