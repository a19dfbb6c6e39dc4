import { DAY, HOUR } from "../../src/core/clock.js";
import { addSession, createOffering, type OfferingInput } from "../../src/features/trainings/service.js";
import type { TestCtx } from "./app.js";

/** A published offering that registers in the portal, with `dates` sessions a week apart from 2026-12-10 11:30 (Amsterdam). */
export async function makeOffering(
  ctx: Pick<TestCtx, "db">,
  over: Partial<OfferingInput> = {},
  dates = 1,
  sessionCapacity: number | null = null,
) {
  const o = await createOffering(ctx.db, null, {
    slug: "",
    kind: "workshop",
    title: { nl: "Gaat het?", en: "Are you OK?" },
    summary: { nl: "Een workshop over signalen herkennen.", en: "A workshop on recognising signals." },
    description: { nl: "", en: "" },
    audiences: ["board_members"],
    provider: "partner",
    providerName: { nl: "Partner", en: "Partner" },
    providerUrl: null,
    lang: "nl",
    costCents: 0,
    format: dates > 1 ? "choice" : "single",
    registration: "portal",
    externalUrl: null,
    capacityUnit: "organisations",
    capacity: 2,
    maxPerOrganisation: 3,
    opensAt: null,
    closesAt: null,
    cancelHoursBefore: 48,
    waitingList: true,
    autoPromote: false,
    offerHours: 48,
    waitingNote: { nl: "", en: "" },
    status: "published",
    ...over,
  });
  const sessions = [];
  for (let i = 0; i < dates; i++) {
    const startsAt = new Date(Date.parse("2026-12-10T10:30:00Z") + i * 7 * DAY);
    sessions.push(
      await addSession(ctx.db, null, o.id, {
        startsAt,
        endsAt: new Date(startsAt.getTime() + 4.5 * HOUR),
        location: null,
        onlineUrl: null,
        capacity: sessionCapacity,
      }),
    );
  }
  return { offering: o, sessions };
}

export const participants = (n: number, prefix = "p") =>
  Array.from({ length: n }, (_, i) => ({ name: `Person ${prefix}${i}`, email: `${prefix}${i}@example.org`, role: "chair" }));
