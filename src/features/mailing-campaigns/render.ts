import { Marked } from "marked";
import sanitizeHtml from "sanitize-html";
import type { Lang, Localized } from "../../core/i18n/index.js";
import type { Env } from "../../env.js";

/**
 * Campaign text: Markdown (marked) → HTML, sanitised (sanitize-html) to a short list of tags, links
 * only to http(s) and mailto; and a plain-text part from the same HTML. Rendered once per campaign
 * and language: per recipient only the preferences link differs (`PREFS` below).
 */
const marked = new Marked({ gfm: true, breaks: false, async: false });

const SANITISE: sanitizeHtml.IOptions = {
  allowedTags: ["p", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "em", "b", "i", "blockquote", "code", "pre", "br", "hr"],
  allowedAttributes: { a: ["href"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  // A mail's heading is the subject: headings in the text start one level down.
  transformTags: { h1: "h2", h5: "h4", h6: "h4" },
  exclusiveFilter: (frame) => frame.tag === "a" && !frame.attribs.href,
};

/** Markdown to safe HTML: no script, no event handlers, no javascript: (or data:) links, no images or styles. */
export function markdownToHtml(markdown: string) {
  const raw = marked.parse(markdown, { async: false }) as string;
  return sanitizeHtml(raw, SANITISE).trim();
}

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&nbsp;": " " };

/** The plain-text part: links as "text (url)", list items as "- ", paragraphs apart. */
export function htmlToText(html: string) {
  const withLinks = html.replace(/<a href="([^"]*)">([\s\S]*?)<\/a>/g, (_, href: string, label: string) => {
    const l = label.replace(/<[^>]+>/g, "");
    const h = href.replace(/&amp;/g, "&");
    return l === h || `mailto:${l}` === h ? h : `${l} (${h})`;
  });
  const blocks = withLinks
    .replace(/<\/li>\s*/g, "</li>")
    .replace(/<(ul|ol)>\s*/g, "<$1>")
    .replace(/<li>/g, "- ")
    .replace(/<br\s*\/?>/g, "\n")
    .replace(/<hr\s*\/?>/g, "\n----\n")
    .replace(/<\/(p|h2|h3|h4|li|blockquote|pre|ul|ol)>/g, "\n")
    .replace(/<(p|h2|h3|h4|blockquote|pre|ul|ol)>/g, "\n");
  const stripped = sanitizeHtml(blocks, { allowedTags: [], allowedAttributes: {} });
  return stripped
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (m) => ENTITIES[m] ?? m)
    .split("\n")
    .map((l) => l.trimEnd())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** Where a recipient's own preferences link goes in the rendered parts (replaced per recipient). */
export const PREFS = "%%VANGNET_PREFERENCES_URL%%";

export type RenderedCampaign = { subject: string; html: string; text: string };

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

const FOOTER = {
  nl: { why: "Je krijgt dit bericht omdat je je hebt aangemeld voor de mailinglijst.", prefs: "Voorkeuren of afmelden" },
  en: { why: "You receive this message because you subscribed to the mailing list.", prefs: "Preferences or unsubscribe" },
} satisfies Record<Lang, { why: string; prefs: string }>;

/** The subject in `lang`, or the other language's when that one is empty. */
export const inLang = (v: Localized, lang: Lang) => v[lang] || v[lang === "nl" ? "en" : "nl"];

/** One campaign in one language: the mail's subject, HTML and text, with `PREFS` where the preferences link goes. */
export function renderCampaign(c: { subject: Localized; body: Localized }, lang: Lang, env: Env): RenderedCampaign {
  const subject = inLang(c.subject, lang);
  const body = markdownToHtml(inLang(c.body, lang));
  const office = lang === "nl" ? env.OFFICE_NAME_NL : env.OFFICE_NAME_EN;
  const f = FOOTER[lang];
  const font = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif";
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(subject)}</title></head><body style="margin:0;padding:24px;background:#f5f5f2;${font};color:#1d1d1b"><div style="max-width:560px;margin:0 auto;background:#fff;padding:24px;border-radius:8px;font-size:16px;line-height:1.5"><h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(subject)}</h1>${body}</div><p style="max-width:560px;margin:16px auto;font-size:12px;color:#666">${escapeHtml(f.why)} <a href="${PREFS}">${escapeHtml(f.prefs)}</a><br>${escapeHtml(office)} · ${escapeHtml(env.OFFICE_EMAIL)}</p></body></html>`;
  const text = [subject, "", htmlToText(body), "", "--", f.why, `${f.prefs}: ${PREFS}`, `${office} · ${env.OFFICE_EMAIL}`].join("\n");
  return { subject, html, text };
}

/** The rendered parts for one recipient: their own preferences link in place. */
export function personalise(r: RenderedCampaign, prefsUrl: string) {
  const htmlUrl = escapeHtml(prefsUrl);
  return { subject: r.subject, html: r.html.split(PREFS).join(htmlUrl), text: r.text.split(PREFS).join(prefsUrl) };
}

/** The host part of Message-IDs: the site's host. */
export const messageHost = (env: Env) => new URL(env.BASE_URL).hostname || "vangnet.localhost";

/** The same Message-ID for the same copy, whichever sender (or retry) sends it. */
export const campaignMessageId = (env: Env, campaignId: string, subscriptionId: string) =>
  `<campaign.${campaignId}.${subscriptionId}@${messageHost(env)}>`;
