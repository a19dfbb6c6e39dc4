import fs from "node:fs";
import { getVtimezoneComponent } from "@touch4it/ical-timezones";
import ICAL from "ical.js";
import ical, { foldLines } from "ical-generator";
import { afterEach, describe, expect, it, vi } from "vitest";
import { calendar, calendarsKept, fold, forAttendee, vtimezone } from "./ical.js";
import type { Offering, Session } from "./service.js";

describe("vtimezone", () => {
  afterEach(() => vi.restoreAllMocks());

  it("gives the package's VTIMEZONE, and null for a zone it doesn't know", () => {
    expect(vtimezone("Europe/Amsterdam")).toBe(getVtimezoneComponent("Europe/Amsterdam"));
    expect(vtimezone("Europe/Amsterdam")).toContain("TZID:Europe/Amsterdam");
    expect(vtimezone("Nowhere/Atlantis")).toBeNull();
  });

  it("reads a zone's file once, not on every calendar", () => {
    vtimezone("Europe/Lisbon");
    const reads = vi.spyOn(fs, "readFileSync");
    for (let i = 0; i < 5; i++) expect(vtimezone("Europe/Lisbon")).toContain("TZID:Europe/Lisbon");
    expect(reads).not.toHaveBeenCalled();
    // The control: the package itself reads the file on each call (what the memo saves).
    getVtimezoneComponent("Europe/Lisbon");
    expect(reads).toHaveBeenCalled();
  });
});

describe("forAttendee", () => {
  const twoEvents = () => {
    const cal = ical({ method: "REQUEST" as never });
    for (const id of ["a", "b"])
      cal.createEvent({ id, start: new Date("2026-12-10T10:30:00Z"), end: new Date("2026-12-10T15:00:00Z"), summary: id });
    return cal.toString();
  };

  it("names the recipient as the attendee of every event, folded and parsed back whole", () => {
    const email = `${"a-very-long-name-of-a-committee-chair".repeat(2)}@studentenvereniging.example.org`;
    const text = forAttendee(twoEvents(), email);
    // Longer than a line may be: folded (RFC 5545 allows 75 octets a line).
    expect(text.split("\r\n").every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    const events = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents("vevent");
    expect(events.map((e) => e.getFirstPropertyValue("attendee"))).toEqual([`mailto:${email}`, `mailto:${email}`]);
    expect(events[0]!.getFirstProperty("attendee")!.getParameter("partstat")).toBe("NEEDS-ACTION");
  });

  it("writes nothing for an address that would need quoting or breaks a line", () => {
    const text = twoEvents();
    for (const bad of ['a"b@example.org', "a@example.org\r\nX-EVIL:1", "a;b@example.org", "no-at-sign"])
      expect(forAttendee(text, bad)).toBe(text);
  });
});

describe("calendar", () => {
  const offering = {
    title: { nl: "Gaat het?", en: "Are you OK?" },
    summary: { nl: "Workshop", en: "Workshop" },
    revision: 0,
  } as unknown as Offering;
  const session = {
    id: "0b6f3f0e-7a0c-4c3e-9f5e-2f1d3c4b5a69",
    title: { nl: "", en: "" },
    location: null,
    onlineUrl: null,
    status: "scheduled",
    sequence: 0,
    startsAt: new Date("2027-02-11T10:30:00Z"),
    endsAt: new Date("2027-02-11T15:00:00Z"),
  } as unknown as Session;
  const args = (over: { stamp?: Date; session?: Partial<Session>; offering?: Partial<Offering> } = {}) => ({
    name: "Are you OK?",
    lang: "en" as const,
    items: [
      { offering: { ...offering, ...over.offering }, session: { ...session, ...over.session }, url: "https://x.example/en/trainings/ok" },
    ],
    timeZone: "Europe/Amsterdam",
    host: "x.example",
    method: "REQUEST" as const,
    stamp: over.stamp ?? new Date("2026-12-03T09:00:00.100Z"),
    tbaLabel: "location to be announced",
  });
  const event = (text: string) => new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent("vevent")!;

  it("makes a calendar once for the same content within a second, and anew when anything in it changed", () => {
    const first = calendar(args());
    const kept = calendarsKept();
    expect(calendar(args({ stamp: new Date("2026-12-03T09:00:00.900Z") }))).toBe(first);
    expect(calendarsKept()).toBe(kept);
    // Every change the calendar shows makes another text, never the kept one.
    const changed = [
      calendar(args({ stamp: new Date("2026-12-03T09:00:01.000Z") })),
      calendar(args({ session: { location: { nl: "Leiden", en: "Leiden" } } })),
      calendar(args({ session: { sequence: 1 } })),
      calendar(args({ session: { status: "cancelled" } })),
      calendar(args({ session: { startsAt: new Date("2027-02-11T11:30:00Z") } })),
      calendar(args({ offering: { title: { nl: "Gaat het?", en: "Are you OK? (new)" } } })),
      calendar(args({ offering: { revision: 2 } })),
    ];
    expect(new Set([first, ...changed]).size).toBe(changed.length + 1);
    expect(event(changed[0]!).getFirstPropertyValue("dtstamp")!.toString()).toBe("2026-12-03T09:00:01Z");
    expect(event(changed[1]!).getFirstPropertyValue("location")).toBe("Leiden");
    expect(event(changed[2]!).getFirstPropertyValue("sequence")).toBe(1);
    expect(event(changed[3]!).getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(event(changed[5]!).getFirstPropertyValue("summary")).toBe("Are you OK? (new)");
    expect(event(changed[6]!).getFirstPropertyValue("sequence")).toBe(2);
    expect(event(first).getFirstPropertyValue("location")).toBe("location to be announced");
  });
});

describe("fold", () => {
  it("folds a line exactly as the generator does", () => {
    const ascii = "ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:a.b-c_d+e@example.org ~!";
    for (let n = 0; n <= 400; n++) {
      const line = ascii.repeat(5).slice(0, n);
      expect(fold(line)).toBe(foldLines(line));
    }
    // Other characters take more than one octet: the generator's own fold.
    for (const line of [`mailto:${"é".repeat(80)}@example.org`, `X:${"a".repeat(73)}😀${"b".repeat(90)}`, `X:${"\t".repeat(100)}`])
      expect(fold(line)).toBe(foldLines(line));
    expect(
      fold("a".repeat(200))
        .split("\r\n")
        .every((l) => Buffer.byteLength(l) <= 75),
    ).toBe(true);
  });
});
