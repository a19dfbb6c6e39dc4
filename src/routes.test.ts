import { describe, expect, it } from "vitest";
import { LANGS, type Lang, otherLang } from "./core/i18n/index.js";
import { ROUTES, type RouteKey, switchLang, url } from "./routes.js";

const keys = Object.keys(ROUTES) as RouteKey[];
const paramNames = (key: RouteKey, lang: Lang) => [...ROUTES[key][lang].matchAll(/:(\w+)/g)].map((m) => m[1]!);
/** Distinct sample values per parameter, including characters that need encoding. */
const sampleParams = (key: RouteKey, lang: Lang, tricky = false) =>
  Object.fromEntries(paramNames(key, lang).map((n, i) => [n, tricky ? `a b/${n}é${i}` : `${n}-${i + 1}`]));

describe("url", () => {
  it("has at least the pages the portal links to", () => {
    expect(keys.length).toBeGreaterThan(20);
    expect(url("nl", "home")).toBe("/nl");
    expect(url("en", "home")).toBe("/en");
    expect(url("nl", "signIn")).toBe("/nl/inloggen");
    expect(url("en", "signIn")).toBe("/en/sign-in");
  });

  for (const lang of LANGS) {
    it(`builds every ${lang} path under /${lang} with its parameters filled in`, () => {
      for (const key of keys) {
        const params = sampleParams(key, lang);
        const u = url(lang, key, params);
        expect(u === `/${lang}` || u.startsWith(`/${lang}/`), `${key}: ${u}`).toBe(true);
        expect(u, key).not.toContain(":");
        expect(u, key).not.toContain("?");
        expect(u.endsWith("/"), key).toBe(false);
        for (const v of Object.values(params)) expect(u, key).toContain(`/${v}`);
        // The path is the route's pattern with each parameter replaced.
        let expected = ROUTES[key][lang] as string;
        for (const [n, v] of Object.entries(params)) expected = expected.replace(`:${n}`, v);
        expect(u, key).toBe(expected === "/" ? `/${lang}` : `/${lang}${expected}`);
      }
    });
  }

  it("encodes parameter values", () => {
    expect(url("nl", "org", { id: "a b/c?d" })).toBe("/nl/organisaties/a%20b%2Fc%3Fd");
    expect(url("en", "orgMemberRemove", { id: "o1", memberId: "m&2" })).toBe("/en/organisations/o1/members/m%262/remove");
  });

  it("adds a query string, leaving out empty and undefined values", () => {
    expect(url("en", "staffOrgs", {}, { q: "Café & co", kind: undefined, status: "", page: "2" })).toBe(
      "/en/office/organisations?q=Caf%C3%A9+%26+co&page=2",
    );
    expect(url("nl", "staffOrgs", {}, { kind: undefined, q: "" })).toBe("/nl/kantoor/organisaties");
    expect(url("nl", "home", {}, { x: "1" })).toBe("/nl?x=1");
  });
});

describe("route table", () => {
  for (const lang of LANGS) {
    it(`has a unique path for every ${lang} page`, () => {
      const paths = keys.map((k) => ROUTES[k][lang]);
      const dupes = paths.filter((p, i) => paths.indexOf(p) !== i);
      expect(dupes).toEqual([]);
    });
  }

  it("uses the same parameters in both languages", () => {
    for (const key of keys) expect(paramNames(key, "en"), key).toEqual(paramNames(key, "nl"));
  });

  it("has well-formed paths", () => {
    for (const key of keys)
      for (const lang of LANGS) {
        const p = ROUTES[key][lang];
        expect(p, `${key} ${lang}`).toMatch(/^\/([\w\-.:]+(\/[\w\-.:]+)*)?$/);
      }
  });
});

describe("switchLang", () => {
  for (const from of LANGS) {
    const to = otherLang(from);
    it(`maps every ${from} page to the same page in ${to} and back`, () => {
      for (const key of keys) {
        for (const tricky of [false, true]) {
          const params = sampleParams(key, from, tricky);
          const source = url(from, key, params);
          const target = switchLang(source, from, to);
          expect(target, `${key} ${source}`).toBe(url(to, key, params));
          expect(switchLang(target, to, from), `${key} back`).toBe(source);
        }
      }
    });
  }

  it("keeps the query string", () => {
    expect(switchLang("/nl/kantoor/organisaties?q=abc&page=2", "nl", "en")).toBe("/en/office/organisations?q=abc&page=2");
    expect(switchLang("/en/sign-in/link?token=x%3Dy", "en", "nl")).toBe("/nl/inloggen/link?token=x%3Dy");
    expect(switchLang("/nl?x=1", "nl", "en")).toBe("/en?x=1");
    expect(switchLang("/en/organisations/abc?tab=board", "en", "nl")).toBe("/nl/organisaties/abc?tab=board");
  });

  it("maps the bare language prefix to the home page", () => {
    expect(switchLang("/nl", "nl", "en")).toBe("/en");
    expect(switchLang("/en/", "en", "nl")).toBe("/nl");
  });

  it("falls back to the home page for unknown paths", () => {
    expect(switchLang("/nl/bestaat-niet", "nl", "en")).toBe("/en");
    expect(switchLang("/nl/bestaat-niet?x=1", "nl", "en")).toBe("/en");
    // A path of the other language is not a page in this one.
    expect(switchLang("/nl/sign-in", "nl", "en")).toBe("/en");
    expect(switchLang("/en/inloggen", "en", "nl")).toBe("/nl");
    // Too many or too few segments.
    expect(switchLang("/en/organisations/a/b", "en", "nl")).toBe("/nl");
    expect(switchLang("/en/organisations/", "en", "nl")).toBe("/nl");
    // A prefix that only looks like the language.
    expect(switchLang("/nlx/contact", "nl", "en")).toBe("/en");
    expect(switchLang("", "nl", "en")).toBe("/en");
  });

  it("prefers a fixed path over a parameter in the same position", () => {
    expect(switchLang("/nl/kantoor/organisaties/nieuw", "nl", "en")).toBe("/en/office/organisations/new");
    expect(switchLang("/en/office/organisations.csv", "en", "nl")).toBe("/nl/kantoor/organisaties.csv");
  });
});
