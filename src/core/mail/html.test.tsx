import { describe, expect, it } from "vitest";
import { type MailContent, MailHtml, mailFrame, mailHtml } from "./send.js";

/** What rendering the whole mail with hono/jsx gives (the frame must give the same bytes). */
const whole = (c: MailContent, lang: "nl" | "en", office: string, email: string) =>
  `<!doctype html>${(<MailHtml c={c} lang={lang} office={office} email={email} />).toString()}`;

const tricky = `Tom & Jerry's "café" <script>alert(1)</script> ' > < & &amp; 🙂 e\u0301 \u202e`;
const contents: MailContent[] = [
  { subject: "Plain", heading: "Plain", paragraphs: ["One.", "Two."] },
  {
    subject: tricky,
    heading: tricky,
    paragraphs: [tricky, "", tricky],
    action: { label: tricky, url: `https://x.example/a?b=1&c="2"'<>` },
  },
  { subject: "With after", heading: "H", paragraphs: [], action: { label: "Open", url: "https://x.example/" }, after: [tricky, "Second"] },
  { subject: "", heading: "", paragraphs: [], after: [] },
  { subject: "No action", heading: "Only after", paragraphs: ["p"], after: ["a"] },
];

describe("the mail's HTML from frames", () => {
  it("is byte for byte the whole render, for every kind of content, language and office", () => {
    for (const [office, email] of [
      ["Student Well-being Office", "wellbeing@uni.example"],
      [`Bureau "Welzijn" & <Co>`, "o'brien@uni.example"],
    ] as const)
      for (const lang of ["nl", "en"] as const) {
        // The frame itself is used, not the whole render it falls back to.
        expect(mailFrame(lang, office, email)).not.toBeNull();
        for (const c of contents) expect(mailHtml(c, lang, office, email)).toBe(whole(c, lang, office, email));
      }
  });

  it("escapes what people typed (the frame holds no raw text of theirs)", () => {
    const html = mailHtml(contents[1]!, "en", "Office", "o@x.example");
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;");
    expect(html).not.toContain("\u0000");
  });
});
