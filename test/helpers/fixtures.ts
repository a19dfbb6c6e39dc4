import { eq } from "drizzle-orm";
import type { Lang } from "../../src/core/i18n/index.js";
import { users } from "../../src/features/auth/schema.js";
import { boardMembers, type Position } from "../../src/features/organisations/schema.js";
import { createBoard, createOrganisation, type OrgInput } from "../../src/features/organisations/service.js";
import { signedIn, type TestCtx } from "./app.js";

/** An organisation with only a name and kind set (through the service, so it is audited). */
export function makeOrg(ctx: TestCtx, name: string, extra: Partial<OrgInput> = {}) {
  return createOrganisation(ctx.db, null, {
    name,
    kind: "student_association",
    faculty: null,
    website: null,
    contactUrl: null,
    email: null,
    lang: "nl",
    memberCount: null,
    ...extra,
  });
}

export const makeBoard = (ctx: TestCtx, orgId: string, startsOn = "2026-09-01") =>
  createBoard(ctx.db, { actorId: null, orgId, startsOn, env: ctx.deps.env });

/** A signed-in user sitting on a board (direct insert: no mail, no audit). */
export async function seat(ctx: TestCtx, boardId: string, email: string, opts: { lang?: Lang; name?: string; position?: Position } = {}) {
  const { client, user } = await signedIn(ctx, email, { name: opts.name });
  if (opts.lang) await ctx.db.update(users).set({ lang: opts.lang }).where(eq(users.id, user.id));
  const [m] = await ctx.db
    .insert(boardMembers)
    .values({ boardId, userId: user.id, position: opts.position ?? "chair" })
    .returning();
  return { client, user: { ...user, lang: opts.lang ?? user.lang }, memberId: m!.id };
}

/** A complete, valid print-order form; override what a test is about. */
export const orderForm = (over: Record<string, string> = {}): Record<string, string> => ({
  organisationName: "Studievereniging Pharos",
  contactName: "Mila Kowalski",
  email: "mila@pharos.example.org",
  quantityNl: "40",
  quantityEn: "60",
  street: "Voorbeeldstraat 12",
  postcode: "2311 EZ",
  city: "Leiden",
  country: "NL",
  note: "T.a.v. het bestuur",
  website: "",
  ...over,
});

/** A roadmap resource row with the same text in both languages (insert it, then `refreshSearch`). */
export const resourceRow = (slug: string, text: { name: string; description?: string; urgent?: boolean }) => ({
  slug,
  name: { nl: text.name, en: text.name },
  summary: { nl: "A place", en: "A place" },
  description: { nl: text.description ?? "", en: text.description ?? "" },
  scope: "outside" as const,
  provider: "Example",
  urgent: text.urgent ?? false,
});
