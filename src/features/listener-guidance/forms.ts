import { z } from "zod";
import { errorKey as k } from "../../core/forms.js";
import type { GuidanceInput, GuidancePage } from "./service.js";

const text = (max: number) => z.preprocess((v) => v ?? "", z.string().trim().max(max, k("maxLength")));
const slug = () =>
  z.preprocess(
    (v) => v ?? "",
    z
      .string()
      .trim()
      .toLowerCase()
      .min(1, k("required"))
      .max(80, k("maxLength"))
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, k("slugFormat")),
  );

const fields = {
  slug: slug(),
  title_nl: text(150),
  title_en: text(150),
  body_nl: text(8000),
  body_en: text(8000),
  sort: z.preprocess(
    (v) => v ?? "",
    z
      .string()
      .trim()
      .refine((v) => v === "" || /^\d+$/.test(v), k("invalidNumber"))
      .transform((v) => (v === "" ? 0 : Number(v)))
      .pipe(z.number().max(1000, k("numberMax"))),
  ),
};

/** A page needs a title in at least one language (the other is then shown, flagged). */
const titled = <T extends { title_nl: string; title_en: string }>(v: T, ctx: z.RefinementCtx) => {
  if (!v.title_nl && !v.title_en) ctx.addIssue({ code: "custom", path: ["title_nl"], message: k("required") });
};

/** The office's edit form: slug, position, title and body in both languages. */
export const guidanceSchema = z.object(fields).superRefine(titled, { when: () => true });

/** The office's "new page" form: slug and title (the body is written on the page's own form). */
export const newGuidanceSchema = z
  .object({ slug: fields.slug, title_nl: fields.title_nl, title_en: fields.title_en, sort: fields.sort })
  .superRefine(titled, { when: () => true });

export const guidanceInput = (d: {
  slug: string;
  title_nl: string;
  title_en: string;
  body_nl?: string;
  body_en?: string;
  sort: number;
}): GuidanceInput => ({
  slug: d.slug,
  title: { nl: d.title_nl, en: d.title_en },
  body: { nl: d.body_nl ?? "", en: d.body_en ?? "" },
  sort: d.sort,
});

export const guidanceValues = (p: GuidancePage) => ({
  slug: p.slug,
  title_nl: p.title.nl,
  title_en: p.title.en,
  body_nl: p.body.nl,
  body_en: p.body.en,
  sort: String(p.sort),
});
