import { describe, expect, it } from "vitest";
import { isUuid, UUID_RE } from "./params.js";

describe("isUuid", () => {
  it("accepts a canonical UUID in either case", () => {
    expect(isUuid("0f8fad5b-d9cb-469f-a165-70867728950e")).toBe(true);
    expect(isUuid("0F8FAD5B-D9CB-469F-A165-70867728950E")).toBe(true);
  });
  it("refuses what only looks like one", () => {
    for (const v of [
      "-".repeat(36),
      "a".repeat(36),
      "0f8fad5b-d9cb-469f-a165-70867728950",
      "0f8fad5bd9cb469fa16570867728950e",
      "",
      "0f8fad5b-d9cb-469f-a165-70867728950g",
    ]) {
      expect(isUuid(v), v).toBe(false);
    }
    expect(UUID_RE.test("0F8FAD5B-D9CB-469F-A165-70867728950E")).toBe(false);
  });
});
