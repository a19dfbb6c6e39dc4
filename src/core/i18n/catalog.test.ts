import { describe, expect, it } from "vitest";
import { catalogs } from "../../catalogs.js";
import { formatDate, formatDateTime, isLang, LANGS, localDate, negotiateLang, otherLang, pick } from "./index.js";

type Leaf = { path: string; value: unknown };

/** Every leaf of a catalog (strings, functions, other scalars) with its dotted path; arrays and objects are walked. */
function leaves(value: unknown, path = ""): Leaf[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, `${path}[${i}]`));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
  return [{ path, value }];
}

/** Every object and array node with its dotted path, to compare the shape itself. */
function nodes(value: unknown, path = ""): { path: string; kind: string; size: number }[] {
  if (Array.isArray(value)) return [{ path, kind: "array", size: value.length }, ...value.flatMap((v, i) => nodes(v, `${path}[${i}]`))];
  if (value && typeof value === "object")
    return [
      { path, kind: "object", size: Object.keys(value).length },
      ...Object.entries(value).flatMap(([k, v]) => nodes(v, path ? `${path}.${k}` : k)),
    ];
  return [];
}

const SAMPLES = [17, 23, 42, 58, 61];

/** Calls a message function with distinct sample arguments (numbers, or digit strings if numbers do not work). */
function callWithSamples(fn: (...args: unknown[]) => unknown) {
  const nums = SAMPLES.slice(0, fn.length);
  try {
    return { out: fn(...nums), args: nums.map(String) };
  } catch {
    const strs = nums.map(String);
    return { out: fn(...strs), args: strs };
  }
}

const nlLeaves = leaves(catalogs.nl);
const enLeaves = leaves(catalogs.en);
const byPath = (ls: Leaf[]) => new Map(ls.map((l) => [l.path, l.value]));

describe("message catalogs", () => {
  it("are substantial and include the feature catalogs", () => {
    expect(nlLeaves.length).toBeGreaterThan(200);
    expect(Object.keys(catalogs.nl)).toEqual(expect.arrayContaining(["common", "errors", "auth", "org"]));
    expect(catalogs.nl.common.signIn).toBe("Inloggen");
    expect(catalogs.en.common.signIn).toBe("Sign in");
  });

  it("have exactly the same keys, deeply, in nl and en", () => {
    const nlPaths = nlLeaves.map((l) => l.path).sort();
    const enPaths = enLeaves.map((l) => l.path).sort();
    expect(enPaths.filter((p) => !nlPaths.includes(p))).toEqual([]);
    expect(nlPaths.filter((p) => !enPaths.includes(p))).toEqual([]);
    // Same nesting too: an object in one language is an object (with as many keys) in the other.
    const enNodes = new Map(nodes(catalogs.en).map((n) => [n.path, n]));
    for (const n of nodes(catalogs.nl)) expect(enNodes.get(n.path), n.path || "(root)").toEqual(n);
  });

  it("have arrays of the same length in both languages", () => {
    const arrays = nodes(catalogs.nl).filter((n) => n.kind === "array");
    expect(arrays.length).toBeGreaterThan(0);
    const enNodes = new Map(nodes(catalogs.en).map((n) => [n.path, n]));
    for (const a of arrays) expect(enNodes.get(a.path)?.size, a.path).toBe(a.size);
  });

  it("have the same kind of value at every key", () => {
    const en = byPath(enLeaves);
    for (const { path, value } of nlLeaves) expect(typeof en.get(path), path).toBe(typeof value);
  });

  for (const lang of LANGS) {
    it(`has no empty strings in ${lang}`, () => {
      const empty = leaves(catalogs[lang]).filter((l) => typeof l.value === "string" && l.value.trim() === "");
      expect(empty.map((l) => l.path)).toEqual([]);
      // Only strings and functions: no stray numbers, booleans, null or undefined.
      const odd = leaves(catalogs[lang]).filter((l) => typeof l.value !== "string" && typeof l.value !== "function");
      expect(odd.map((l) => l.path)).toEqual([]);
    });
  }

  it("have message functions of the same arity that return non-empty text using the same arguments", () => {
    const en = byPath(enLeaves);
    const fns = nlLeaves.filter((l) => typeof l.value === "function");
    expect(fns.length).toBeGreaterThan(10);
    for (const { path, value } of fns) {
      const nlFn = value as (...args: unknown[]) => unknown;
      const enFn = en.get(path) as (...args: unknown[]) => unknown;
      expect(enFn.length, `${path} arity`).toBe(nlFn.length);
      const nlRes = callWithSamples(nlFn);
      const enRes = callWithSamples(enFn);
      for (const [l, res] of [
        ["nl", nlRes],
        ["en", enRes],
      ] as const) {
        expect(typeof res.out, `${l} ${path}`).toBe("string");
        expect((res.out as string).trim(), `${l} ${path}`).not.toBe("");
        expect(res.out as string, `${l} ${path}`).not.toMatch(/undefined|NaN|\[object Object\]/);
      }
      // A placeholder used in one language is used in the other.
      const used = (res: { out: unknown; args: string[] }) => res.args.filter((a) => (res.out as string).includes(a));
      expect(used(enRes), `${path} arguments`).toEqual(used(nlRes));
      // Singular forms (n === 1) also give text.
      if (nlFn.length === 1)
        for (const fn of [nlFn, enFn]) {
          const one = (() => {
            try {
              return fn(1);
            } catch {
              return fn("1");
            }
          })();
          expect(String(one).trim(), `${path}(1)`).not.toBe("");
        }
    }
  });

  it("are different per language where it matters", () => {
    expect(catalogs.nl.auth.mailSubject).not.toBe(catalogs.en.auth.mailSubject);
    expect(catalogs.nl.common.otherLanguage).toBe("English");
    expect(catalogs.en.common.otherLanguage).toBe("Nederlands");
  });
});

describe("negotiateLang", () => {
  it.each([
    [undefined, "nl"],
    ["", "nl"],
    ["*", "nl"],
    ["fr-FR,fr;q=0.9", "nl"],
    ["en", "en"],
    ["nl", "nl"],
    ["en-GB,en;q=0.9", "en"],
    ["en-US", "en"],
    ["NL-be", "nl"],
    ["EN", "en"],
    ["de-DE,de;q=0.9,en;q=0.8,nl;q=0.7", "en"],
    ["de-DE,de;q=0.9,nl;q=0.8,en;q=0.7", "nl"],
    ["nl;q=0.5, en;q=0.8", "en"],
    ["en;q=0.5, nl", "nl"],
    ["en,nl", "en"],
    ["nl,en", "nl"],
    ["en;q=0", "nl"],
    ["nl;q=0, en;q=0.1", "en"],
    ["fr, en ;q=0.9", "en"],
    ["  en-gb  ;  q=0.7 , fr", "en"],
    ["english", "nl"],
  ] as const)("%j → %s", (header, lang) => {
    expect(negotiateLang(header)).toBe(lang);
  });
});

describe("isLang and otherLang", () => {
  it("knows the two languages", () => {
    expect(LANGS).toEqual(["nl", "en"]);
    expect(isLang("nl")).toBe(true);
    expect(isLang("en")).toBe(true);
    expect(isLang("de")).toBe(false);
    expect(isLang("NL")).toBe(false);
    expect(isLang(undefined)).toBe(false);
    expect(otherLang("nl")).toBe("en");
    expect(otherLang("en")).toBe("nl");
  });
});

describe("dates in Europe/Amsterdam", () => {
  // Summer time starts on 29 March 2026 at 01:00 UTC (02:00 CET → 03:00 CEST).
  const beforeSwitch = new Date("2026-03-29T00:30:00Z");
  const afterSwitch = new Date("2026-03-29T01:30:00Z");

  it("formats date and time in Amsterdam time, across the switch to summer time", () => {
    const nl = formatDateTime("nl", beforeSwitch);
    expect(nl).toContain("29");
    expect(nl).toMatch(/mrt|maart/);
    expect(nl).toContain("2026");
    expect(nl).toContain("01:30");
    expect(nl).not.toContain("00:30");

    const nlAfter = formatDateTime("nl", afterSwitch);
    expect(nlAfter).toContain("03:30");
    expect(nlAfter).toContain("29");

    const en = formatDateTime("en", beforeSwitch);
    expect(en).toContain("29");
    expect(en).toContain("Mar");
    expect(en).toContain("01:30");
    // 24-hour clock in both languages.
    expect(formatDateTime("en", new Date("2026-07-01T13:05:00Z"))).toContain("15:05");
    expect(formatDateTime("nl", new Date("2026-07-01T13:05:00Z"))).toContain("15:05");
  });

  it("moves to the next day when it is already past midnight in Amsterdam", () => {
    const lateUtc = new Date("2026-03-28T23:30:00Z");
    expect(formatDate("nl", lateUtc)).toBe("29 maart 2026");
    expect(formatDate("en", lateUtc)).toBe("29 March 2026");
    expect(formatDateTime("nl", lateUtc)).toContain("00:30");
    expect(formatDateTime("nl", lateUtc)).not.toContain("28");
    expect(formatDate("en", new Date("2026-12-31T23:15:00Z"))).toBe("1 January 2027");
  });

  it("formats a calendar date (YYYY-MM-DD) as that day", () => {
    expect(formatDate("nl", "2026-03-29")).toBe("29 maart 2026");
    expect(formatDate("en", "2026-12-31")).toBe("31 December 2026");
    expect(formatDate("nl", "2026-01-01")).toBe("1 januari 2026");
    expect(formatDate("en", "2026-10-25T23:30:00Z")).toBe("26 October 2026");
  });

  it("uses another time zone when asked", () => {
    expect(formatDateTime("en", beforeSwitch, "UTC")).toContain("00:30");
    expect(formatDate("en", new Date("2026-03-28T23:30:00Z"), "UTC")).toBe("28 March 2026");
  });

  it("gives the Amsterdam calendar date of an instant", () => {
    expect(localDate(new Date("2026-03-28T22:59:00Z"))).toBe("2026-03-28");
    expect(localDate(new Date("2026-03-28T23:00:00Z"))).toBe("2026-03-29");
    // Summer time: midnight is 22:00 UTC.
    expect(localDate(new Date("2026-07-01T21:59:00Z"))).toBe("2026-07-01");
    expect(localDate(new Date("2026-07-01T22:00:00Z"))).toBe("2026-07-02");
    // Winter time again after 25 October 2026.
    expect(localDate(new Date("2026-10-25T22:30:00Z"))).toBe("2026-10-25");
    expect(localDate(new Date("2026-10-25T23:30:00Z"))).toBe("2026-10-26");
    expect(localDate(new Date("2026-07-01T22:00:00Z"), "UTC")).toBe("2026-07-01");
  });
});

describe("pick", () => {
  it("gives the text in the asked language", () => {
    expect(pick({ nl: "Hallo", en: "Hello" }, "nl")).toEqual({ text: "Hallo", fallback: false });
    expect(pick({ nl: "Hallo", en: "Hello" }, "en")).toEqual({ text: "Hello", fallback: false });
    expect(pick({ nl: "  Hallo ", en: "Hello" }, "nl")).toEqual({ text: "Hallo", fallback: false });
  });

  it("falls back to the other language, flagged, when the text is missing or blank", () => {
    expect(pick({ nl: "Hallo", en: "" }, "en")).toEqual({ text: "Hallo", fallback: true });
    expect(pick({ nl: "   ", en: "Hello" }, "nl")).toEqual({ text: "Hello", fallback: true });
    expect(pick({ nl: "", en: "" }, "nl")).toEqual({ text: "", fallback: true });
  });
});
