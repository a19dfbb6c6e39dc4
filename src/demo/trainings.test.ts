import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { Client, decodeHtml, setupApp } from "../../test/helpers/app.js";
import { localDate } from "../core/i18n/index.js";
import { organisations } from "../features/organisations/schema.js";
import { trainingRegistrations } from "../features/training-registrations/schema.js";
import { trainingOfferings, trainingSessions } from "../features/trainings/schema.js";
import { url } from "../routes.js";
import { seedDemoIfEmpty } from "./seed.js";
import { zoned } from "./trainings.js";

const ctx = setupApp();
const TZ = "Europe/Amsterdam";

const wall = (d: Date) =>
  new Intl.DateTimeFormat("en-GB", { timeZone: TZ, weekday: "long", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(d);

async function offering(slug: string) {
  const [o] = await ctx.db.select().from(trainingOfferings).where(eq(trainingOfferings.slug, slug));
  const sessions = await ctx.db
    .select()
    .from(trainingSessions)
    .where(eq(trainingSessions.offeringId, o!.id))
    .orderBy(asc(trainingSessions.startsAt));
  const regs = await ctx.db
    .select({ org: organisations.name, status: trainingRegistrations.status })
    .from(trainingRegistrations)
    .innerJoin(organisations, eq(organisations.id, trainingRegistrations.organisationId))
    .where(eq(trainingRegistrations.offeringId, o!.id))
    .orderBy(asc(trainingRegistrations.queueNo));
  return { o: o!, sessions, regs };
}

describe("the demo's trainings", () => {
  it("puts a wall-clock time in Amsterdam at the right instant, in winter and in summer", () => {
    expect(zoned("2026-12-08", "11:30", TZ).toISOString()).toBe("2026-12-08T10:30:00.000Z");
    expect(zoned("2027-06-08", "11:30", TZ).toISOString()).toBe("2027-06-08T09:30:00.000Z");
  });

  it("offers the six offerings of the university's page, with dates ahead of today and a few registrations", async () => {
    const now = ctx.clock.now();
    expect(await seedDemoIfEmpty(ctx.db, ctx.deps.env, now)).toBe(true);
    const all = await ctx.db.select().from(trainingOfferings);
    expect(all.map((o) => o.slug).sort()).toEqual([
      "are-you-ok",
      "confidential-peer-listeners",
      "recognising-signals",
      "social-safety-policy",
      "tailor-made-board-training",
      "workshops-for-members",
    ]);
    expect(all.every((o) => o.status === "published" && o.title.nl && o.title.en && o.description.nl && o.description.en)).toBe(true);

    // "Are you OK?": three Tuesdays, 11:30–16:00, location to be announced, 25 associations across the series.
    const aok = await offering("are-you-ok");
    expect(aok.o).toMatchObject({
      provider: "partner",
      format: "choice",
      registration: "portal",
      capacityUnit: "organisations",
      capacity: 25,
    });
    expect(aok.sessions).toHaveLength(3);
    for (const s of aok.sessions) {
      expect(wall(s.startsAt)).toBe("Tuesday 11:30");
      expect(wall(s.endsAt)).toBe("Tuesday 16:00");
      expect(s.location).toBeNull();
      expect(s.startsAt > now).toBe(true);
    }
    // In the current academic year (the demo's today is 23 November 2026), outside the Christmas holidays.
    expect(
      aok.sessions.map((s) => localDate(s.startsAt, TZ)).every((d) => d < "2027-09-01" && !(d >= "2026-12-20" && d <= "2027-01-04")),
    ).toBe(true);
    expect(aok.o.description.en).toContain("Register your new board in advance");
    expect(aok.regs.map((r) => r.status)).toEqual(["confirmed", "confirmed", "confirmed"]);

    // The public health service's programme: a focus group and four sessions, booked as one, full with a waiting list.
    const ggd = await offering("social-safety-policy");
    expect(ggd.o).toMatchObject({ provider: "public_health", format: "package", waitingList: true });
    expect(ggd.o.waitingNote.en).toContain("waiting period");
    expect(ggd.sessions.map((s) => s.title.en)).toEqual(["Focus group", "Session 1", "Session 2", "Session 3", "Session 4"]);
    expect(ggd.regs).toEqual([
      { org: "Study Association Chlorofyl (Biology)", status: "confirmed" },
      { org: "Roeivereniging Zijlstroom", status: "confirmed" },
      { org: "Theatergroep Coulisse", status: "confirmed" },
      { org: "Studentenpartij Samen Verder", status: "waiting" },
    ]);
    // Requested, not registered: the member workshops and the board's tailor-made training.
    expect((await offering("workshops-for-members")).o).toMatchObject({ registration: "request", audiences: ["members"] });
    expect((await offering("tailor-made-board-training")).o).toMatchObject({ kind: "tailor_made", registration: "request" });
    expect((await offering("confidential-peer-listeners")).o.audiences).toEqual(["peer_listeners"]);
    expect((await offering("recognising-signals")).o.audiences).toEqual(["board_members", "key_figures"]);

    // The catalogue shows it.
    const text = decodeHtml(await (await new Client(ctx).get(url("en", "trainings"))).text()).replace(/<[^>]+>/g, " ");
    expect(text).toContain("Room for 22 more organisations across all dates");
    expect(text).toContain("Full – waiting list");
    expect(text).toContain("11 places left");
    expect(text).toContain("On request");
    expect(text).toContain("Register with Vertrouwd Verder (example)");
  });

  it("seeds at any time of the year: near the end of the academic year the dates run into the next", async () => {
    ctx.clock.set("2027-08-20T09:00:00Z");
    expect(await seedDemoIfEmpty(ctx.db, ctx.deps.env, ctx.clock.now())).toBe(true);
    const aok = await offering("are-you-ok");
    expect(aok.sessions.every((s) => s.startsAt > ctx.clock.now())).toBe(true);
    expect(aok.regs).toHaveLength(3);
  });
});
