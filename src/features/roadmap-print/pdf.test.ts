import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Client, setupApp } from "../../../test/helpers/app.js";
import { catalogs } from "../../catalogs.js";
import { formatDate, LANGS, type Lang, type Localized } from "../../core/i18n/index.js";
import { url } from "../../routes.js";
import { type Address, type Phone, resources, topics } from "../roadmap/schema.js";
import { createResource, createTopic, publicDirectory, setResourceStatus } from "../roadmap/service.js";
import { PDF_FORMATS, type PdfFormat, pdfText, prepare } from "./pdf.js";
import { PdfCache } from "./pdf-cache.js";

const ctx = setupApp();
const TODAY = "2026-11-20";
const ARTIFACTS = path.resolve("test-results/pdf");

// ---------- fixtures ----------

const L = (nl: string, en: string): Localized => ({ nl, en });

async function topic(slug: string, name: Localized, extra: { urgent?: boolean; status?: "active" | "hidden"; sort?: number } = {}) {
  return createTopic(ctx.db, null, {
    slug,
    name,
    description: L(`Over ${name.nl.toLowerCase()}.`, `About ${name.en.toLowerCase()}.`),
    icon: "circle",
    color: "#1d5f8a",
    sort: extra.sort ?? 10,
    urgent: extra.urgent ?? false,
    status: extra.status ?? "active",
  });
}

async function resource(
  slug: string,
  name: Localized,
  topicIds: string[],
  extra: { urgent?: boolean; phones?: Phone[]; address?: Address | null; website?: string | null; email?: string | null } = {},
) {
  return createResource(
    ctx.db,
    null,
    {
      slug,
      name,
      summary: L(`Samenvatting van ${name.nl}.`, `Summary of ${name.en}.`),
      description: L("", ""),
      scope: "inside",
      provider: "Universiteit",
      audiences: ["all_students"],
      phones: extra.phones ?? [{ number: "071-000 1020", label: L("Secretariaat", "Front desk") }],
      email: extra.email === undefined ? `${slug}@example.org` : extra.email,
      website: extra.website === undefined ? `https://www.example.org/${slug}` : extra.website,
      address: extra.address ?? null,
      hours: L("Ma–vr 9.00–17.00", "Mon–Fri 9.00–17.00"),
      bookingUrl: null,
      cost: "free",
      languages: ["nl", "en"],
      confidentiality: L("", ""),
      urgent: extra.urgent ?? false,
      status: "active",
      topicIds,
    },
    TODAY,
  );
}

/** A small roadmap: an urgent topic, two ordinary ones, a hidden topic and a hidden resource. */
async function seed() {
  const urgent = await topic("direct-hulp", L("Direct hulp nodig", "Urgent help"), { urgent: true, sort: 0 });
  const stress = await topic("stress", L("Stress en angst", "Stress and anxiety"), { sort: 10 });
  const money = await topic("geld", L("Geldzorgen", "Money worries"), { sort: 20 });
  const hiddenTopic = await topic("verborgen", L("Verborgen onderwerp", "Hidden topic"), { status: "hidden" });
  await resource("zelfmoordpreventie", L("113 Zelfmoordpreventie", "113 Suicide Prevention"), [urgent, stress], {
    urgent: true,
    phones: [
      { number: "113", label: L("Crisislijn", "Crisis line") },
      { number: "0800-0113", label: L("Gratis", "Free") },
    ],
  });
  await resource("seksueel-geweld", L("Centrum Seksueel Geweld", "Centre for Sexual Violence"), [urgent], {
    urgent: true,
    phones: [{ number: "0800-0188", label: L("Dag en nacht (gratis)", "Day and night (free)") }],
  });
  await resource("psychologen", L("Studentpsychologen", "Student psychologists"), [stress], {
    address: { street: "Voorbeeldplein 1", postcode: "2311 EZ", city: "Leiden" },
  });
  await resource("budgetcoach", L("Budgetcoach", "Budget coach"), [money], { phones: [], website: null });
  const hidden = await resource("verborgen-plek", L("Verborgen plek", "Hidden place"), [money, hiddenTopic]);
  await setResourceStatus(ctx.db, null as unknown as string, hidden, "hidden");
  await backdate();
}

/** Edits are stamped with the database's clock; move them before the review date so the PDF's date is TODAY. */
async function backdate() {
  const at = new Date("2026-11-01T10:00:00Z");
  await ctx.db.update(topics).set({ updatedAt: at });
  await ctx.db.update(resources).set({ updatedAt: at });
}

// ---------- reading PDFs ----------

const has = (cmd: string) => {
  try {
    execFileSync("sh", ["-c", `command -v ${cmd}`], { stdio: "pipe" });
    return true;
  } catch {
    return false;
  }
};
const HAS_PDFTOTEXT = has("pdftotext");
const HAS_PDFTOPPM = has("pdftoppm");

/**
 * The text of a PDF: `pdftotext -layout` when poppler is there; otherwise the hex strings of the
 * (uncompressed, in tests) content streams, decoded: enough to find words.
 */
function pdfToText(bytes: Buffer): string {
  if (HAS_PDFTOTEXT) {
    const dir = mkdtempSync(path.join(tmpdir(), "vn-pdf-"));
    try {
      const file = path.join(dir, "doc.pdf");
      writeFileSync(file, bytes);
      return execFileSync("pdftotext", ["-layout", "-enc", "UTF-8", file, "-"], { encoding: "utf8" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const raw = bytes.toString("latin1");
  return [...raw.matchAll(/\[([^\]]*)\]\s*TJ/g)]
    .map((m) => [...(m[1] ?? "").matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => Buffer.from(h[1] ?? "", "hex").toString("latin1")).join(""))
    .join("\n");
}

/** Renders page 1 to test-results/pdf/roadmap-<lang>-<format>-1.png (an artifact to look at). */
function renderFirstPage(bytes: Buffer, lang: Lang, format: PdfFormat) {
  if (!HAS_PDFTOPPM) {
    if (process.env.CI === "true") throw new Error("pdftoppm (poppler-utils) is required on CI to render the PDF");
    console.log("pdftoppm not installed: skipping the PNG rendering of the roadmap PDF (install poppler-utils)");
    return;
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  const pdfFile = path.join(ARTIFACTS, `roadmap-${lang}-${format}.pdf`);
  writeFileSync(pdfFile, bytes);
  const prefix = path.join(ARTIFACTS, `roadmap-${lang}-${format}`);
  execFileSync("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "1", pdfFile, prefix]);
  const png = `${prefix}-1.png`;
  const head = execFileSync("head", ["-c", "8", png]);
  expect(head.subarray(1, 4).toString("latin1")).toBe("PNG");
}

const MEDIA_BOX: Record<PdfFormat, string> = { a4: "/MediaBox [0 0 595.28 841.89]", a5: "/MediaBox [0 0 419.53 595.28]" };
const pdfPath = (lang: Lang, format: PdfFormat) => url(lang, "roadmapPdf", {}, format === "a5" ? { format: "a5" } : undefined);
const bytesOf = async (res: Response) => Buffer.from(await res.arrayBuffer());

// ---------- tests ----------

describe("the roadmap PDF", () => {
  for (const lang of LANGS)
    for (const format of PDF_FORMATS)
      it(`${lang} ${format}: a PDF of the right size with the urgent box, the topics and the footer`, async () => {
        await seed();
        const t = catalogs[lang];
        const res = await new Client(ctx).get(pdfPath(lang, format));
        expect(res.status).toBe(200);
        expect(res.headers.get("content-type")).toBe("application/pdf");
        expect(res.headers.get("content-disposition")).toBe(`inline; filename="${t.orders.pdf.fileName}-${format}.pdf"`);
        expect(res.headers.get("etag")).toMatch(new RegExp(`^"roadmap-v\\d+-${lang}-${format}-l\\d+"$`));
        const bytes = await bytesOf(res);
        expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
        const raw = bytes.toString("latin1");
        const boxes = raw.match(/\/MediaBox \[[^\]]*\]/g) ?? [];
        expect(boxes.length).toBeGreaterThan(0);
        expect(new Set(boxes)).toEqual(new Set([MEDIA_BOX[format]]));
        // A tagged PDF in the page's language: headings, and the QR code with alternative text.
        expect(raw).toContain("/StructTreeRoot");
        expect(raw).toMatch(/\/MarkInfo \d+ 0 R/);
        expect(raw).toMatch(/<<\s*\/Marked true\s*>>/);
        expect(raw).toContain(`/Lang (${t.orders.locale})`);
        expect(raw).toMatch(/\/S \/H1/);
        expect(raw).toMatch(/\/S \/Figure/);
        expect(raw).toContain("/Alt (");

        const text = pdfToText(bytes);
        const flat = text.replace(/\s+/g, " ");
        expect(flat).toContain(t.roadmap.title);
        expect(flat).toContain("112");
        expect(flat).toContain("113");
        expect(flat).toContain("0800-0113");
        // Urgent resources beyond the fixed lines are in the box; 113 itself is covered by them.
        expect(flat).toContain(lang === "nl" ? "Centrum Seksueel Geweld" : "Centre for Sexual Violence");
        for (const name of lang === "nl" ? ["Stress en angst", "Geldzorgen"] : ["Stress and anxiety", "Money worries"])
          expect(flat).toContain(name);
        for (const name of lang === "nl" ? ["Studentpsychologen", "Budgetcoach"] : ["Student psychologists", "Budget coach"])
          expect(flat).toContain(name);
        expect(flat).toContain("071-000 1020");
        expect(flat).toContain("www.example.org/psychologen");
        expect(flat).toContain("psychologen@example.org");
        // Hidden content is not printed; nor is the other language.
        expect(flat).not.toMatch(/Verborgen|Hidden/);
        expect(flat).not.toContain(lang === "nl" ? "Stress and anxiety" : "Stress en angst");
        // A4 has the details; the leaflet leaves the address out.
        if (format === "a4") expect(flat).toContain("Voorbeeldplein 1, 2311 EZ Leiden");
        else expect(flat).not.toContain("Voorbeeldplein");
        // Footer on every page: office, its address, date of the data, page x of n.
        const pages = (raw.match(/\/Type \/Page\b(?!s)/g) ?? []).length;
        expect(pages).toBeGreaterThanOrEqual(1);
        expect(flat).toContain(ctx.deps.env.OFFICE_EMAIL);
        expect(flat).toContain(lang === "nl" ? ctx.deps.env.OFFICE_NAME_NL : ctx.deps.env.OFFICE_NAME_EN);
        expect(flat).toContain(t.orders.pdf.dataOf(formatDate(lang, TODAY)));
        expect(flat).toContain(t.orders.pdf.page(1, pages));
        // The link behind the QR code is printed too.
        expect(flat).toContain(`localhost:3000${url(lang, "roadmap")}`);

        renderFirstPage(bytes, lang, format);
      });

  it("answers 304 to a matching If-None-Match, and changes its ETag when the roadmap changes", async () => {
    await seed();
    const client = new Client(ctx);
    const first = await client.get(pdfPath("nl", "a4"));
    const etag = first.headers.get("etag")!;
    expect(first.headers.get("cache-control")).toBe("no-cache");

    const again = await client.get(pdfPath("nl", "a4"), { "if-none-match": etag });
    expect(again.status).toBe(304);
    expect((await again.arrayBuffer()).byteLength).toBe(0);
    expect((await client.get(pdfPath("nl", "a4"), { "if-none-match": `W/${etag}, "other"` })).status).toBe(304);

    // Language and format have their own ETags.
    const en = await client.get(pdfPath("en", "a4"), { "if-none-match": etag });
    expect(en.status).toBe(200);
    const a5 = await client.get(pdfPath("nl", "a5"), { "if-none-match": etag });
    expect(a5.status).toBe(200);
    expect(new Set([etag, en.headers.get("etag"), a5.headers.get("etag")]).size).toBe(3);

    // An edit bumps the content version: a new ETag, and the new topic is in the PDF (not the cached one).
    const housing = await topic("wonen", L("Huisvesting", "Housing"), { sort: 30 });
    await resource("kamerhulp", L("Kamerhulp", "Room help"), [housing]);
    const changed = await client.get(pdfPath("nl", "a4"), { "if-none-match": etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    expect(pdfToText(await bytesOf(changed))).toContain("Huisvesting");
  });

  it("serves the same bytes from its cache for the same version, language and format", async () => {
    await seed();
    const client = new Client(ctx);
    const a = await bytesOf(await client.get(pdfPath("en", "a5")));
    const b = await bytesOf(await client.get(pdfPath("en", "a5")));
    expect(b.equals(a)).toBe(true);
    // Anything other than a5 is A4.
    const odd = await client.get(url("en", "roadmapPdf", {}, { format: "letter" }));
    expect(odd.status).toBe(200);
    expect((await bytesOf(odd)).toString("latin1")).toContain(MEDIA_BOX.a4);
  });

  it("still gives a useful PDF for an empty roadmap: the urgent numbers and a pointer online", async () => {
    for (const lang of LANGS) {
      const res = await new Client(ctx).get(pdfPath(lang, "a4"));
      expect(res.status).toBe(200);
      const flat = pdfToText(await bytesOf(res)).replace(/\s+/g, " ");
      expect(flat).toContain("113");
      expect(flat).toContain(catalogs[lang].orders.pdf.empty);
      expect(flat).toContain(catalogs[lang].orders.pdf.page(1, 1));
    }
  });
});

describe("PdfCache", () => {
  it("generates once per key and version, also for concurrent requests, and drops older versions", async () => {
    const cache = new PdfCache();
    let made = 0;
    const make = async () => {
      made++;
      await new Promise((r) => setTimeout(r, 5));
      return Buffer.from(`pdf ${made}`);
    };
    const [x, y] = await Promise.all([cache.get(2, "nl:a4", make), cache.get(2, "nl:a4", make)]);
    expect(made).toBe(1);
    expect(x.equals(y)).toBe(true);
    await cache.get(2, "en:a4", make);
    expect(cache.size).toBe(2);
    await cache.get(3, "nl:a4", make);
    expect(made).toBe(3);
    expect(cache.size).toBe(1);
    // A slow request for an older version is answered without polluting the cache.
    await cache.get(2, "nl:a4", make);
    expect(cache.size).toBe(1);
    // A failure is not cached.
    await expect(cache.get(3, "fail", () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await new Promise((r) => setTimeout(r, 0));
    expect(cache.size).toBe(1);
  });
});

describe("PDF text and data", () => {
  it("keeps Windows-1252 text, strips accents it cannot show and marks the rest", () => {
    expect(pdfText("Café – ‘zorg’ € 5")).toBe("Café – ‘zorg’ € 5");
    expect(pdfText("Dr. Ősz")).toBe("Dr. Osz");
    expect(pdfText("non\u2011breaking\u202fspace\u200b")).toBe("non-breaking space");
    expect(pdfText("帮助")).toBe("??");
  });

  it("puts urgent resources in the box (unless the fixed 112/113 lines cover them) and skips empty topics", async () => {
    await seed();
    await topic("leeg", L("Leeg onderwerp", "Empty topic"));
    await backdate();
    const data = prepare(await publicDirectory(ctx.db), "en");
    expect(data.urgentExtra.map((r) => r.slug)).toEqual(["seksueel-geweld"]);
    expect(data.sections.map((s) => s.topic.slug)).toEqual(["stress", "geld"]);
    // 113 also appears under its other topic.
    expect(data.sections[0]!.resources.map((r) => r.slug)).toEqual(["zelfmoordpreventie", "psychologen"]);
    // The latest edit or review: here the review date.
    expect(data.asOf?.toISOString().slice(0, 10)).toBe(TODAY);
  });
});
