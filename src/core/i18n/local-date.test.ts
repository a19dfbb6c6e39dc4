import { describe, expect, it } from "vitest";
import { localDate } from "./index.js";

const MIN = 60_000;
const fresh = (d: Date, timeZone: string) =>
  new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone }).format(d);

describe("localDate", () => {
  it("is the calendar date in the zone, also when remembered: around midnights, DST changes and odd offsets", () => {
    const cases: [string, string][] = [
      ["Europe/Amsterdam", "2026-03-29T00:58:00Z"], // spring forward at 01:00 UTC
      ["Europe/Amsterdam", "2026-10-25T00:58:00Z"], // fall back at 01:00 UTC
      ["Europe/Amsterdam", "2026-12-31T22:58:00Z"], // local midnight
      ["Africa/Monrovia", "1960-06-30T00:42:00Z"], // -00:44:30: local midnight mid-minute in UTC
      ["Asia/Kolkata", "2026-05-01T18:28:00Z"], // +05:30
      ["Pacific/Chatham", "2026-04-04T11:13:00Z"], // +12:45/+13:45
      ["Australia/Lord_Howe", "2026-04-04T12:58:00Z"], // a 30-minute DST change
      ["America/Havana", "2026-03-08T04:58:00Z"], // DST at midnight
    ];
    for (const [zone, at] of cases) {
      const start = Date.parse(at);
      // Every 7 seconds for 6 minutes, forwards and then backwards (a remembered minute is reused both ways).
      const instants = Array.from({ length: 52 }, (_, i) => start + i * 7_000);
      for (const ms of [...instants, ...instants.reverse()]) {
        const d = new Date(ms);
        expect(localDate(d, zone), `${zone} ${d.toISOString()}`).toBe(fresh(d, zone));
      }
    }
  });

  it("follows the clock across days and zones, and refuses an invalid date as before", () => {
    const t = Date.parse("2026-06-01T21:59:30Z");
    expect(localDate(new Date(t))).toBe("2026-06-01");
    expect(localDate(new Date(t + MIN))).toBe("2026-06-02");
    expect(localDate(new Date(t), "UTC")).toBe("2026-06-01");
    expect(localDate(new Date(t + 3 * MIN), "America/New_York")).toBe("2026-06-01");
    expect(localDate(new Date(t))).toBe("2026-06-01");
    expect(() => localDate(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe("localDate at the ends of the Date range", () => {
  it("formats the last and first instants a Date can hold", () => {
    expect(localDate(new Date(8.64e15), "UTC")).toBe(fresh(new Date(8.64e15), "UTC"));
    expect(localDate(new Date(-8.64e15), "UTC")).toBe(fresh(new Date(-8.64e15), "UTC"));
  });
});
