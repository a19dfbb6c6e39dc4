import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import { catalogs } from "../../catalogs.js";
import { formatDate, type Lang, pick } from "../../core/i18n/index.js";
import type { Env } from "../../env.js";
import { url } from "../../routes.js";
import type { ResourceWithTopics, Topic } from "../roadmap/service.js";

/**
 * The printable roadmap, drawn with pdfkit from the same data as the website (`publicDirectory`).
 * A4: a document to print or share; A5: a dense leaflet to fold or hand out. Only the built-in
 * Helvetica fonts and a locally generated QR code: nothing remote is embedded.
 */

export const PDF_FORMATS = ["a4", "a5"] as const;
export type PdfFormat = (typeof PDF_FORMATS)[number];

export type Directory = { topics: Topic[]; resources: ResourceWithTopics[] };

type Spec = {
  size: "A4" | "A5";
  margin: number;
  /** Space reserved at the bottom of every page for the footer. */
  footer: number;
  title: number;
  h2: number;
  h3: number;
  body: number;
  small: number;
  qr: number;
  indent: number;
  gap: number;
  /** Address, opening hours, topic descriptions and cost: A4 only. */
  details: boolean;
};

const SPECS: Record<PdfFormat, Spec> = {
  a4: { size: "A4", margin: 48, footer: 34, title: 24, h2: 14, h3: 10.5, body: 9.5, small: 7.5, qr: 82, indent: 18, gap: 9, details: true },
  a5: {
    size: "A5",
    margin: 28,
    footer: 26,
    title: 16,
    h2: 10.5,
    h3: 8.4,
    body: 7.6,
    small: 6.6,
    qr: 58,
    indent: 11,
    gap: 5,
    details: false,
  },
};

const FONT = { regular: "Helvetica", bold: "Helvetica-Bold" } as const;
const COLOR = { text: "#1d1d1b", muted: "#4d4d4d", rule: "#c8c8c8", urgent: "#a4161a", urgentBg: "#fcefed" } as const;

// ---------- text ----------

const WIN_ANSI_EXTRA = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ";
const printable = (ch: string) => {
  const code = ch.codePointAt(0) ?? 0;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.includes(ch);
};

/**
 * The built-in PDF fonts only know Windows-1252. Accented letters outside it lose their accent
 * (ő → o), typographic spaces and hyphens become plain ones, and anything else becomes "?" so it
 * is visibly missing rather than silently garbled.
 */
export function pdfText(value: string): string {
  let out = "";
  for (const ch of value.normalize("NFC")) {
    if (ch === "\n" || printable(ch)) out += ch;
    else if (/[\u2010\u2011]/.test(ch)) out += "-";
    else if (/[\s\u2000-\u200a\u202f\u205f]/.test(ch)) out += " ";
    else if (/[\u200b-\u200d\ufeff]/.test(ch)) continue;
    else {
      const base = ch.normalize("NFKD").replace(/\p{M}/gu, "");
      out += base && [...base].every(printable) ? base : "?";
    }
  }
  return out;
}

const host = (u: string) => u.replace(/^https?:\/\//i, "").replace(/\/$/, "");
const digits = (n: string) => n.replace(/\D/g, "");
/** The lines the urgent box always shows (112, 113, 0800-0113). */
const FIXED_NUMBERS = new Set(["112", "113", "08000113"]);

// ---------- data ----------

type Prepared = {
  /** Urgent resources not already covered by the fixed 112/113 lines. */
  urgentExtra: ResourceWithTopics[];
  sections: { topic: Topic; resources: ResourceWithTopics[] }[];
  /** The latest change or review of anything shown, if any. */
  asOf: Date | null;
};

export function prepare(dir: Directory, lang: Lang): Prepared {
  const locale = catalogs[lang].orders.locale;
  const name = (r: ResourceWithTopics) => pick(r.name, lang).text;
  const order = (a: ResourceWithTopics, b: ResourceWithTopics) =>
    Number(b.urgent) - Number(a.urgent) || name(a).localeCompare(name(b), locale, { sensitivity: "base" });
  const urgentTopics = new Set(dir.topics.filter((t) => t.urgent).map((t) => t.id));
  const urgentExtra = dir.resources
    .filter((r) => r.urgent || r.topicIds.some((id) => urgentTopics.has(id)))
    .filter((r) => !(r.phones.length > 0 && r.phones.every((p) => FIXED_NUMBERS.has(digits(p.number)))))
    .sort(order);
  const sections = dir.topics
    .filter((t) => !t.urgent)
    .map((topic) => ({ topic, resources: dir.resources.filter((r) => r.topicIds.includes(topic.id)).sort(order) }))
    .filter((s) => s.resources.length > 0);
  let asOf: Date | null = null;
  const seen = (d: Date) => {
    if (!asOf || d > asOf) asOf = d;
  };
  for (const t of dir.topics) seen(t.updatedAt);
  for (const r of dir.resources) {
    seen(r.updatedAt);
    if (r.lastReviewedOn) seen(new Date(`${r.lastReviewedOn}T12:00:00Z`));
  }
  return { urgentExtra, sections, asOf };
}

// ---------- drawing ----------

type Seg = { text: string; bold?: boolean; link?: string };
/** One paragraph: segments in one size and colour, possibly mixing bold and regular; tagged as `tag` (P by default). */
type Para = { segs: Seg[]; size: number; color: string; after?: number; tag?: "H1" | "H2" | "H3" | "P" };

type Doc = PDFKit.PDFDocument;
type Struct = PDFKit.PDFStructureElement;

/** Decoration (rules, colour bars, backgrounds, page footers) is marked as an artifact: screen readers skip it. */
function artifact(doc: Doc, draw: () => void, type?: "Pagination" | "Layout") {
  doc.markContent("Artifact", type ? { type } : undefined);
  doc.save();
  draw();
  doc.restore();
  doc.endMarkedContent();
}

const LINE_GAP = 1.2;

function paraHeight(doc: Doc, p: Para, width: number) {
  const bold = p.segs.every((s) => s.bold);
  doc.font(bold ? FONT.bold : FONT.regular).fontSize(p.size);
  // Mixed bold and regular text measures a little wider to be safe.
  const text = p.segs.map((s) => s.text).join("");
  return doc.heightOfString(text, { width: bold ? width : width - p.size, lineGap: LINE_GAP }) + (p.after ?? 0);
}

const blockHeight = (doc: Doc, ps: Para[], width: number) => ps.reduce((h, p) => h + paraHeight(doc, p, width), 0);

function drawPara(doc: Doc, p: Para, x: number, width: number) {
  doc.fontSize(p.size).fillColor(p.color);
  p.segs.forEach((s, i) => {
    const continued = i < p.segs.length - 1;
    doc.font(s.bold ? FONT.bold : FONT.regular);
    const opts = { width, lineGap: LINE_GAP, continued, underline: false, ...(s.link ? { link: s.link } : {}) };
    if (i === 0) doc.text(s.text, x, doc.y, opts);
    else doc.text(s.text, opts);
  });
  doc.x = x;
  doc.y += p.after ?? 0;
}

/** Draws paragraphs, each as a tagged structure element (heading or paragraph) under `parent`. */
function drawBlock(doc: Doc, parent: Struct, ps: Para[], x: number, width: number) {
  for (const p of ps) parent.add(doc.struct(p.tag ?? "P", {}, () => drawPara(doc, p, x, width)));
}

// ---------- document ----------

export type PdfOptions = { lang: Lang; format: PdfFormat; env: Env };

export async function roadmapPdf(dir: Directory, { lang, format, env }: PdfOptions): Promise<Buffer> {
  const t = catalogs[lang];
  const p = t.orders.pdf;
  const s = SPECS[format];
  const data = prepare(dir, lang);
  const office = lang === "nl" ? env.OFFICE_NAME_NL : env.OFFICE_NAME_EN;
  const institution = lang === "nl" ? env.INSTITUTION_NAME_NL : env.INSTITUTION_NAME_EN;
  const onlineUrl = `${env.BASE_URL}${url(lang, "roadmap")}`;
  const qr = await QRCode.toBuffer(onlineUrl, { type: "png", errorCorrectionLevel: "M", margin: 0, scale: 8 });
  const txt = (v: { nl: string; en: string }) => pdfText(pick(v, lang).text);

  const doc = new PDFDocument({
    size: s.size,
    margins: { top: s.margin, left: s.margin, right: s.margin, bottom: s.margin + s.footer },
    bufferPages: true,
    compress: env.NODE_ENV !== "test",
    tagged: true,
    lang: t.orders.locale,
    displayTitle: true,
    info: {
      Title: pdfText(t.roadmap.title),
      Author: pdfText(office),
      Subject: pdfText(p.subject),
      Creator: "Vangnet",
      Producer: "Vangnet",
      // The data's date, so the same content gives the same document.
      CreationDate: data.asOf ?? new Date("2026-01-01T00:00:00Z"),
      ModDate: data.asOf ?? new Date("2026-01-01T00:00:00Z"),
    },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const left = s.margin;
  const width = doc.page.width - 2 * s.margin;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  /** A new page when `height` does not fit on this one any more. */
  const ensure = (height: number) => {
    if (doc.y + height > bottom()) doc.addPage();
  };
  // The structure tree (tagged PDF): headings, paragraphs and the QR code's alternative text, in reading order.
  const root = doc.struct("Document");
  doc.addStructure(root);

  // Header: institution, title, intro and the link to the online roadmap; the QR code on the right.
  const top = s.margin;
  const qrX = left + width - s.qr;
  const headW = width - s.qr - s.gap * 2;
  doc.x = left;
  doc.y = top;
  drawBlock(
    doc,
    root,
    [
      { segs: [{ text: pdfText(`${institution} · ${office}`), bold: true }], size: s.small, color: env.BRAND_COLOR, after: s.gap / 3 },
      { segs: [{ text: pdfText(t.roadmap.title), bold: true }], size: s.title, color: env.BRAND_COLOR, after: s.gap / 2, tag: "H1" },
      { segs: [{ text: pdfText(p.intro) }], size: s.body + 0.5, color: COLOR.text, after: s.gap / 2 },
      {
        segs: [{ text: `${pdfText(p.online)} ` }, { text: pdfText(host(onlineUrl)), bold: true, link: onlineUrl }],
        size: s.body,
        color: COLOR.muted,
      },
    ],
    left,
    headW,
  );
  const headBottom = doc.y;
  root.add(doc.struct("Figure", { alt: pdfText(`${p.qrLabel}: ${onlineUrl}`) }, () => doc.image(qr, qrX, top, { width: s.qr })));
  artifact(doc, () =>
    doc
      .font(FONT.regular)
      .fontSize(s.small)
      .fillColor(COLOR.muted)
      .text(pdfText(p.qrLabel), qrX - 12, top + s.qr + 3, { width: s.qr + 24, align: "center", lineGap: 0.5 }),
  );
  doc.x = left;
  doc.y = Math.max(headBottom, doc.y) + s.gap * 1.5;

  // The urgent-help box, always first.
  {
    const pad = s.gap * 1.3;
    const bar = format === "a4" ? 5 : 4;
    const innerX = left + bar + pad;
    const innerW = width - bar - 2 * pad;
    const ps: Para[] = [
      { segs: [{ text: pdfText(p.urgentTitle), bold: true }], size: s.h2, color: COLOR.urgent, after: s.gap / 2, tag: "H2" },
      { segs: [{ text: pdfText(p.urgent112), bold: true }], size: s.body + 1, color: COLOR.text, after: s.gap / 3 },
      { segs: [{ text: pdfText(p.urgent113), bold: true }], size: s.body + 1, color: COLOR.text },
    ];
    if (data.urgentExtra.length) {
      ps[ps.length - 1]!.after = s.gap * 0.8;
      ps.push({ segs: [{ text: pdfText(p.moreUrgent), bold: true }], size: s.body, color: COLOR.urgent, after: s.gap / 3, tag: "H3" });
      for (const r of data.urgentExtra) {
        const reach = [...r.phones.map((ph) => phoneText(ph, lang)), ...(r.website ? [host(r.website)] : r.email ? [r.email] : [])].join(
          " · ",
        );
        ps.push({
          segs: [{ text: txt(r.name), bold: true }, ...(reach ? [{ text: `  ${pdfText(reach)}` }] : [])],
          size: s.body,
          color: COLOR.text,
          after: s.details || !reach ? 0 : s.gap / 3,
        });
        if (s.details || !reach) ps.push({ segs: [{ text: txt(r.summary) }], size: s.body - 0.5, color: COLOR.muted, after: s.gap / 2 });
      }
    }
    ps[ps.length - 1]!.after = 0;
    const height = blockHeight(doc, ps, innerW) + 2 * pad;
    ensure(height);
    const y = doc.y;
    artifact(doc, () => {
      doc.roundedRect(left, y, width, height, 4).fill(COLOR.urgentBg);
      doc.rect(left, y, bar, height).fill(COLOR.urgent);
    });
    doc.y = y + pad;
    const box = doc.struct("Sect");
    root.add(box);
    drawBlock(doc, box, ps, innerX, innerW);
    box.end();
    doc.x = left;
    doc.y = y + height + s.gap * 2;
  }

  // The topics with their resources.
  const resIndent = s.indent;
  const resW = width - resIndent;
  const resourceParas = (r: ResourceWithTopics): Para[] => {
    const ps: Para[] = [{ segs: [{ text: txt(r.name), bold: true }], size: s.h3, color: COLOR.text, after: 1, tag: "H3" }];
    const summary = txt(r.summary);
    if (summary) ps.push({ segs: [{ text: summary }], size: s.body, color: COLOR.text, after: 1 });
    const contact: Seg[] = [];
    const add = (label: string, value: string, link?: string) => {
      if (contact.length) contact.push({ text: "   " });
      contact.push({ text: `${pdfText(label)} `, bold: true }, { text: pdfText(value), link });
    };
    if (r.phones.length) add(p.phone, r.phones.map((ph) => phoneText(ph, lang)).join(" · "));
    if (r.email) add(p.email, r.email, `mailto:${r.email}`);
    if (r.website) add(p.web, host(r.website), r.website);
    if (contact.length) ps.push({ segs: contact, size: s.small + 0.5, color: COLOR.muted, after: 1 });
    if (s.details) {
      const visit: Seg[] = [];
      if (r.address) {
        const a = r.address;
        visit.push(
          { text: `${pdfText(p.address)} `, bold: true },
          { text: pdfText([a.street, `${a.postcode} ${a.city}`.trim()].filter(Boolean).join(", ")) },
        );
      }
      const hours = txt(r.hours);
      if (hours) visit.push(...(visit.length ? [{ text: "   " }] : []), { text: `${pdfText(p.hours)} `, bold: true }, { text: hours });
      if (visit.length) ps.push({ segs: visit, size: s.small + 0.5, color: COLOR.muted, after: 1 });
      ps.push({
        segs: [{ text: pdfText(`${r.scope === "inside" ? t.roadmap.inside : t.roadmap.outside} · ${t.roadmap.costs[r.cost]}`) }],
        size: s.small,
        color: COLOR.muted,
      });
    }
    ps[ps.length - 1]!.after = s.gap;
    return ps;
  };

  if (data.sections.length === 0) {
    drawBlock(doc, root, [{ segs: [{ text: pdfText(p.empty) }], size: s.body + 1, color: COLOR.text }], left, width);
  }
  for (const { topic, resources } of data.sections) {
    const square = s.h2 * 0.7;
    const heading: Para = {
      segs: [{ text: txt(topic.name), bold: true }],
      size: s.h2,
      color: env.BRAND_COLOR,
      after: s.gap / 3,
      tag: "H2",
    };
    const description = txt(topic.description);
    const intro: Para[] =
      s.details && description ? [{ segs: [{ text: description }], size: s.body, color: COLOR.muted, after: s.gap * 0.8 }] : [];
    const first = resourceParas(resources[0]!);
    // Keep a heading with its description and first resource.
    ensure(paraHeight(doc, heading, width - square - 6) + blockHeight(doc, intro, width) + blockHeight(doc, first, resW) + 4);
    const section = doc.struct("Sect");
    root.add(section);
    const y = doc.y;
    artifact(doc, () => doc.rect(left, y + s.h2 * 0.12, square, square).fill(topic.color));
    drawBlock(doc, section, [heading], left + square + 6, width - square - 6);
    drawBlock(doc, section, intro, left, width);
    for (const r of resources) {
      const ps = resourceParas(r);
      ensure(blockHeight(doc, ps, resW));
      const ry = doc.y;
      const item = doc.struct("Sect");
      section.add(item);
      drawBlock(doc, item, ps, left + resIndent, resW);
      item.end();
      // A thin rule in the topic's colour along the resource, to group its lines.
      const ruleH = doc.y - ry - s.gap - 1;
      artifact(doc, () => doc.rect(left + resIndent - (format === "a4" ? 9 : 6), ry + 1, 1.2, ruleH).fill(topic.color));
    }
    section.end();
    doc.y += s.gap;
  }
  root.end();

  // Footer on every page: office and address, the data's date, page numbers (artifacts: they repeat).
  const range = doc.bufferedPageRange();
  const leftText = pdfText(`${office} · ${env.OFFICE_EMAIL}`);
  const dateText = data.asOf ? pdfText(p.dataOf(formatDate(lang, data.asOf, env.TIME_ZONE))) : "";
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const saved = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const ruleY = doc.page.height - s.margin - s.footer + s.gap * 1.2;
    const y = ruleY + 5;
    const pageText = pdfText(p.page(i - range.start + 1, range.count));
    artifact(
      doc,
      () => {
        doc
          .moveTo(left, ruleY)
          .lineTo(left + width, ruleY)
          .lineWidth(0.5)
          .strokeColor(COLOR.rule)
          .stroke();
        doc.font(FONT.regular).fontSize(s.small).fillColor(COLOR.muted);
        const pageW = doc.widthOfString(pageText) + 2;
        doc.text(leftText, left, y, { width: width - pageW - 12, lineBreak: false });
        if (dateText) doc.text(dateText, left, y + s.small * 1.4, { width: width - pageW - 12, lineBreak: false });
        doc.text(pageText, left + width - pageW, y, { width: pageW, align: "right", lineBreak: false });
      },
      "Pagination",
    );
    doc.page.margins.bottom = saved;
  }
  doc.end();
  return done;
}

function phoneText(ph: { number: string; label: { nl: string; en: string } }, lang: Lang) {
  // "Meldlijn (werkdagen)" → "Meldlijn, werkdagen", so the label can go in parentheses itself.
  const label = pick(ph.label, lang)
    .text.replace(/\s*\(([^)]*)\)/g, ", $1")
    .trim();
  return label ? `${ph.number} (${label})` : ph.number;
}
