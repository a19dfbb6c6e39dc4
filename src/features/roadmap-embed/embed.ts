import { z } from "zod";
import { contrastWithWhite } from "../../core/color.js";
import { LANGS } from "../../core/i18n/index.js";

export const DEFAULT_ACCENT = "0a5c4f";
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
    .refine((v) => contrastWithWhite(`#${v}`) >= 4.5)
    .transform((v) => v.toLowerCase())
    .catch(DEFAULT_ACCENT)
    .default(DEFAULT_ACCENT),
});
export type EmbedQuery = z.output<typeof embedQuery>;

/** The embed's own URL, for iframes and snippets. */
export function embedUrl(base: string, q: EmbedQuery) {
  const p = new URLSearchParams({ lang: q.lang });
  if (q.topics.length) p.set("topics", q.topics.join(","));
  if (q.accent !== DEFAULT_ACCENT) p.set("accent", q.accent);
  return `${base}/embed/roadmap?${p}`;
}
