import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * One folder per capability, and none of them large: a feature folder holds at most this many lines
 * of code besides its tests. A capability that outgrows it is split (see docs/architecture.md,
 * "Code layout").
 */
const MAX_FEATURE_LINES = 2_500;

const features = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../src/features");

/** Every file below `dir` that is not a test (`*.test.*`), with its number of lines. */
function codeLines(dir: string): { file: string; lines: number }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return codeLines(full);
    if (!e.isFile() || /\.test\./.test(e.name)) return [];
    const text = readFileSync(full, "utf8");
    return [{ file: full, lines: text === "" ? 0 : text.split("\n").length - (text.endsWith("\n") ? 1 : 0) }];
  });
}

describe("project structure", () => {
  const folders = readdirSync(features, { withFileTypes: true }).filter((e) => e.isDirectory());

  it("finds the feature folders", () => {
    expect(folders.map((f) => f.name)).toContain("roadmap");
  });

  it(`keeps every feature folder at or below ${MAX_FEATURE_LINES} lines of non-test code`, () => {
    const sizes = folders.map((f) => ({
      feature: f.name,
      lines: codeLines(path.join(features, f.name)).reduce((n, x) => n + x.lines, 0),
    }));
    expect(sizes.filter((s) => s.lines > MAX_FEATURE_LINES)).toEqual([]);
  });

  it("counts lines the way the limit means them: tests left out, nested folders included", () => {
    const roadmap = codeLines(path.join(features, "roadmap"));
    expect(roadmap.some((x) => x.file.endsWith("service.ts"))).toBe(true);
    expect(roadmap.some((x) => /\.test\./.test(x.file))).toBe(false);
  });
});
