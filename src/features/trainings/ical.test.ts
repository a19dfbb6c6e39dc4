import fs from "node:fs";
import { getVtimezoneComponent } from "@touch4it/ical-timezones";
import { afterEach, describe, expect, it, vi } from "vitest";
import { vtimezone } from "./ical.js";

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
