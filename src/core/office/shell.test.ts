import { describe, expect, it } from "vitest";
import { catalogs } from "../../catalogs.js";
import type { SessionUser } from "../http/context.js";
import { createOffice, type OfficeSection } from "./shell.js";

const user = (staffRole: SessionUser["staffRole"]): SessionUser => ({ id: "u", email: "u@example.org", name: null, lang: "en", staffRole });
const t = catalogs.en;

const a: OfficeSection = {
  nav: [
    { route: "staffRequests", label: () => "Requests", order: 20 },
    { route: "staffUsers", label: () => "Accounts", order: 90, adminOnly: true },
  ],
  auditActions: () => ({ "thing.create": "thing created" }),
};
const b: OfficeSection = {
  nav: [{ route: "staffOrgs", label: () => "Organisations", order: 10 }],
  auditActions: () => ({ "thing.create": "shadowed", "other.remove": "other removed" }),
};

describe("the office shell", () => {
  it("orders the navigation across sections, with the office home first", () => {
    const office = createOffice([a, b]);
    expect(office.nav(user("admin")).map((i) => i.route)).toEqual(["staffHome", "staffOrgs", "staffRequests", "staffUsers"]);
    expect(office.nav(user("admin"))[0]!.label(t)).toBe(t.office.home);
  });

  it("shows admin-only items to administrators only, and nothing to non-staff", () => {
    const office = createOffice([a, b]);
    expect(office.nav(user("staff")).map((i) => i.route)).toEqual(["staffHome", "staffOrgs", "staffRequests"]);
    expect(office.nav(user(null))).toEqual([]);
    expect(office.nav(null)).toEqual([]);
  });

  it("refuses a route registered twice", () => {
    expect(() => createOffice([a, a])).toThrow(/staffRequests/);
  });

  it("labels audit actions from the first section that names them, else shows the action", () => {
    const office = createOffice([a, b]);
    expect(office.auditAction(t, "thing.create")).toBe("thing created");
    expect(office.auditAction(t, "other.remove")).toBe("other removed");
    expect(office.auditAction(t, "unknown.action")).toBe("unknown.action");
  });

  it("writes changes as sentences from the sections' field labels: only what changed, never a raw key or JSON", () => {
    const office = createOffice([
      {
        auditFields: (tt) => ({
          thing: {
            status: { label: "Status", value: (v) => (v === "preparing" ? "being prepared" : String(v)) },
            name: { label: tt.common.date },
            tags: { label: "Tags" },
            title: { label: "Title" },
            on: { label: "On" },
            note: { label: "Note" },
          },
        }),
      },
    ]);
    const changes = {
      status: { from: "preparing", to: "sent" },
      name: { from: "Same", to: "Same" },
      tags: { to: ["a", 2, true] },
      title: { to: { nl: "Titel", en: "Title" } },
      on: { to: "2026-11-23" },
      note: { from: "old", to: null },
      rawKey: { from: 1, to: 2 },
    };
    expect(office.auditChanges(t, "en", { entity: "thing", changes })).toEqual([
      "Status changed from being prepared to sent",
      "Tags: a, 2, Yes",
      "Title: Title",
      "On: 23 November 2026",
      "Note removed (was old)",
    ]);
    expect(office.auditChanges(catalogs.nl, "nl", { entity: "thing", changes: { title: { to: { nl: "Titel", en: "" } } } })).toEqual([
      "Title: Titel",
    ]);
    expect(office.auditChanges(t, "en", { entity: "other", changes })).toEqual([]);
  });
});
