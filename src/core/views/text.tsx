import { type Lang, type Localized, otherLang, pick } from "../i18n/index.js";
import { usePage } from "./context.js";

/** Staff text in the page's language; a missing translation shows the other language, marked with its lang. */
export function L({ v }: { v: Localized }) {
  const { lang } = usePage();
  const p = pick(v, lang);
  return p.fallback ? <span lang={otherLang(lang)}>{p.text}</span> : p.text;
}

/** Staff text in a language as a plain string (the other language when it is empty). */
export const text = (v: Localized, lang: Lang) => pick(v, lang).text;

/** A `tel:` link for a phone number as people write it ("071 000 0000"). */
export const telHref = (n: string) => `tel:${n.replace(/[^\d+]/g, "")}`;
