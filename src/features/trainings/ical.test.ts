import fs from "node:fs";
import { getVtimezoneComponent } from "@touch4it/ical-timezones";
import ICAL from "ical.js";
import ical from "ical-generator";
import { afterEach, describe, expect, it, vi } from "vitest";
import { forAttendee, vtimezone } from "./ical.js";

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
