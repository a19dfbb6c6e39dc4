import { z } from "zod";
import { contrastWithWhite } from "../../core/color.js";
import { LANGS } from "../../core/i18n/index.js";

export const DEFAULT_ACCENT = "0a5c4f";
/** White text on the accent colour must read at least this well (WCAG AA for normal text). */
const MIN_CONTRAST = 4.5;
/** At most this many places per topic in the embed; the rest are one click away. */
export const EMBED_PER_TOPIC = 8;

/** Query of an embed: language, optional topic selection, accent colour (hex without #). */
export const embedQuery = z.object({
  lang: z.enum(LANGS).catch("nl").default("nl"),
  topics: z
    .string()
    .max(2000)
    .transform((v) =>
      v
        .split(",")
        .map((s) => s.trim())
        .filter((s) => /^[a-z0-9-]{1,80}$/.test(s)),
    )
    .catch([])
    .default([]),
  accent: z
    .string()
    .regex(/^[0-9a-fA-F]{6}$/)
    .refine((v) => contrastWithWhite(`#${v}`) >= MIN_CONTRAST)
    .transform((v) => v.toLowerCase())
    .catch(DEFAULT_ACCENT)
    .default(DEFAULT_ACCENT),
});
export type EmbedQuery = z.output<typeof embedQuery>;

/**
 * The builder's accent colour as typed: "#0a5c4f", "0A5C4F" or the short "#0a5" give the colour
 * (six lowercase hex digits); anything else is no colour at all, and a colour too light for white
 * text is refused as that.
 */
export function checkAccent(input: string): { hex: string; error: null } | { hex: null; error: "notColour" | "tooLight" } {
  const digits = input.trim().replace(/^#/, "").toLowerCase();
  const hex = /^[0-9a-f]{3}$/.test(digits) ? [...digits].map((d) => d + d).join("") : digits;
  if (!/^[0-9a-f]{6}$/.test(hex)) return { hex: null, error: "notColour" };
  if (contrastWithWhite(`#${hex}`) < MIN_CONTRAST) return { hex: null, error: "tooLight" };
  return { hex, error: null };
}

/** The embed's own URL, for iframes and snippets. */
export function embedUrl(base: string, q: EmbedQuery) {
  const p = new URLSearchParams({ lang: q.lang });
  if (q.topics.length) p.set("topics", q.topics.join(","));
  if (q.accent !== DEFAULT_ACCENT) p.set("accent", q.accent);
  return `${base}/embed/roadmap?${p}`;
}
