import { describe, expect, it } from "vitest";
import { decodeHtml, setupApp, signedIn } from "../../../test/helpers/app.js";
import { catalogs } from "../../catalogs.js";
import { LANGS } from "../../core/i18n/index.js";
import { url } from "../../routes.js";

const ctx = setupApp();
const T = catalogs;

/** The office's card of the one pending request, as text. */
async function card(lang: "nl" | "en") {
  const { client } = await signedIn(ctx, "office@example.org", { staffRole: "staff" });
  const html = decodeHtml(await (await client.get(url(lang, "staffRequests"))).text());
  return html.slice(html.indexOf('<section class="card"'), html.indexOf("</section>", html.indexOf('<section class="card"')));
}

describe("the office's queue shows everything a registration's applicant entered", () => {
  it("every field of the organisation form, with its value", async () => {
    const student = await signedIn(ctx, "sam@student.example.org", { name: "Sam Student" });
    const res = await student.client.post(url("en", "orgRegister"), {
      name: "Quadrivium",
      kind: "study_association",
      faculty: "Wiskunde en Natuurwetenschappen",
      website: "quadrivium.example.org",
      contactUrl: "https://quadrivium.example.org/bestuur",
      email: "bestuur@quadrivium.example.org",
      lang: "en",
      memberCount: "420",
      position: "treasurer",
      message: "We are the mathematics study association.",
    });
    expect(res.status).toBe(303);
    for (const lang of LANGS) {
      const o = T[lang].org;
      const shown = await card(lang);
      for (const [label, value] of [
        [o.fields.name, "Quadrivium"],
        [o.fields.kind, o.kinds.study_association],
        [o.fields.faculty, "Wiskunde en Natuurwetenschappen"],
        [o.fields.website, "https://quadrivium.example.org"],
        [o.fields.contactUrl, "https://quadrivium.example.org/bestuur"],
        [o.fields.email, "bestuur@quadrivium.example.org"],
        [o.fields.lang, o.langs.en],
        [o.fields.memberCount, "420"],
        [o.fields.position, o.positions.treasurer],
        [o.fields.message, "We are the mathematics study association."],
      ])
        expect(shown.replace(/<[^>]+>/g, "|").replace(/\|+/g, "|"), label).toContain(`|${label}|${value}|`);
    }
  });

  it("says which fields the applicant left empty", async () => {
    const student = await signedIn(ctx, "sam@student.example.org");
    const form = { name: "Trivium", kind: "other", faculty: "", website: "", contactUrl: "", email: "", lang: "nl", memberCount: "" };
    await student.client.post(url("nl", "orgRegister"), { ...form, position: "chair", message: "" });
    const shown = (await card("en")).replace(/<[^>]+>/g, "|").replace(/\|+/g, "|");
    for (const label of ["faculty", "website", "contactUrl", "email", "memberCount"] as const)
      expect(shown, label).toContain(`|${T.en.org.fields[label]}|${T.en.requests.staff.notGiven}|`);
  });
});
