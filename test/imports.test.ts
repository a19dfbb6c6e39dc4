/**
 * The house rules for imports, checked on the source files themselves (plain Node: read every
 * file, find its imports, resolve the relative ones):
 * - `src/core` knows no feature: no non-test file in `src/core` imports from `src/features`;
 * - value imports among `src/**` form no cycle. Type-only imports (`import type`, `export type`)
 *   are erased before the code runs, so they may point back; an import whose names are all marked
 *   `type` inside the braces still loads the module (verbatimModuleSyntax), so it counts as a value.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SRC = path.join(ROOT, "src");

type Import = { spec: string; typeOnly: boolean; dynamic: boolean };

/** The module specifiers a file imports or re-exports, with whether each is erased (type-only). */
function importsOf(source: string): Import[] {
  // Comments can mention `import … from "…"`; strings are left alone (a specifier is one).
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");
  const found: Import[] = [];
  const statement = /(?:^|[;\n}])\s*(import|export)\s+(type\s+)?([^;"'`]*?)\s*from\s*["']([^"']+)["']/g;
  for (const m of code.matchAll(statement)) found.push({ spec: m[4]!, typeOnly: Boolean(m[2]), dynamic: false });
  for (const m of code.matchAll(/(?:^|[;\n}])\s*import\s*["']([^"']+)["']/g)) found.push({ spec: m[1]!, typeOnly: false, dynamic: false });
  for (const m of code.matchAll(/\bimport\s*\(\s*["']([^"']+)["']\s*\)/g)) found.push({ spec: m[1]!, typeOnly: false, dynamic: true });
  return found;
}

/** A relative specifier (`./x.js`, `../y/index.js`) as the source file it names, or null. */
function resolve(from: string, spec: string, exists: (file: string) => boolean): string | null {
  if (!spec.startsWith(".")) return null;
  const base = path.resolve(path.dirname(from), spec);
  const stem = base.replace(/\.(js|jsx|ts|tsx)$/, "");
  for (const file of [`${stem}.ts`, `${stem}.tsx`, path.join(base, "index.ts"), path.join(base, "index.tsx"), base]) {
    if (exists(file)) return file;
  }
  return null;
}

/** Every cycle (as a strongly connected component with more than one file, or a self-import). */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const on = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || graph.get(v)?.includes(v)) out.push(scc.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) visit(v);
  return out;
}

/** One cycle's files in import order, for a readable failure message. */
function cyclePath(graph: Map<string, string[]>, scc: string[]) {
  const inScc = new Set(scc);
  const start = scc[0]!;
  const seen = new Set<string>();
  const walk: string[] = [];
  let at = start;
  while (!seen.has(at)) {
    seen.add(at);
    walk.push(at);
    at = (graph.get(at) ?? []).find((w) => inScc.has(w) && (w === start || !seen.has(w))) ?? start;
    if (at === start) break;
  }
  return [...walk, start];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx)$/.test(e.name) && !e.name.endsWith(".d.ts") ? [p] : [];
  });
}

const isTest = (file: string) => /\.test\.tsx?$/.test(file);
const rel = (file: string) => path.relative(ROOT, file);

/** The rules applied to a set of files (`read` gives a file's text); returns the violations. */
function check(files: string[], read: (file: string) => string) {
  const known = new Set(files);
  const exists = (f: string) => known.has(f);
  const core = path.join(SRC, "core") + path.sep;
  const features = path.join(SRC, "features") + path.sep;
  const coreImportsFeatures: string[] = [];
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const edges: string[] = [];
    for (const imp of importsOf(read(file))) {
      const target = resolve(file, imp.spec, exists);
      if (!target) continue;
      if (file.startsWith(core) && !isTest(file) && target.startsWith(features)) {
        coreImportsFeatures.push(`${rel(file)} imports ${rel(target)}`);
      }
      if (!imp.typeOnly && !imp.dynamic) edges.push(target);
    }
    graph.set(file, edges);
  }
  const found = cycles(graph).map((scc) => cyclePath(graph, scc).map(rel).join(" → "));
  return { coreImportsFeatures, cycles: found };
}

describe("the checker", () => {
  it("reads value, type-only, side-effect, re-export and dynamic imports, and skips comments", () => {
    const src = [
      'import { a } from "./a.js";',
      'import type { B } from "./b.js";',
      'import { type C, type D } from "./c.js";',
      'import "./side.js";',
      'export { e } from "./e.js";',
      'export type { F } from "./f.js";',
      'export * from "./g.js";',
      "const h = await import('./h.js');",
      '// import { x } from "./commented.js";',
      '/* import { y } from "./block.js"; */',
      "import {",
      "  multi,",
      "  line,",
      '} from "./multi.js";',
    ].join("\n");
    expect(importsOf(src)).toEqual(
      expect.arrayContaining([
        { spec: "./a.js", typeOnly: false, dynamic: false },
        { spec: "./b.js", typeOnly: true, dynamic: false },
        { spec: "./c.js", typeOnly: false, dynamic: false },
        { spec: "./side.js", typeOnly: false, dynamic: false },
        { spec: "./e.js", typeOnly: false, dynamic: false },
        { spec: "./f.js", typeOnly: true, dynamic: false },
        { spec: "./g.js", typeOnly: false, dynamic: false },
        { spec: "./h.js", typeOnly: false, dynamic: true },
        { spec: "./multi.js", typeOnly: false, dynamic: false },
      ]),
    );
    expect(importsOf(src).map((i) => i.spec)).not.toContain("./commented.js");
    expect(importsOf(src).map((i) => i.spec)).not.toContain("./block.js");
  });

  it("flags core importing a feature (not in core's tests) and value cycles (not type-only ones)", () => {
    const f = (p: string) => path.join(SRC, p);
    const files: Record<string, string> = {
      [f("core/a.ts")]: 'import { x } from "../features/x/service.js";',
      [f("core/a.test.ts")]: 'import { x } from "../features/x/service.js";',
      [f("core/b.tsx")]: 'import type { X } from "../features/x/service.js";',
      [f("features/x/service.ts")]: 'import { y } from "./views.js";\nexport const x = 1;',
      [f("features/x/views.tsx")]: 'import { x } from "./service.js";\nexport const y = 1;',
      [f("features/z/one.ts")]: 'import type { T } from "./two.js";\nexport type U = 1;',
      [f("features/z/two.ts")]: 'import { U } from "./one.js";',
    };
    const res = check(Object.keys(files), (file) => files[file]!);
    expect(res.coreImportsFeatures).toEqual([
      "src/core/a.ts imports src/features/x/service.ts",
      "src/core/b.tsx imports src/features/x/service.ts",
    ]);
    expect(res.cycles).toEqual(["src/features/x/service.ts → src/features/x/views.tsx → src/features/x/service.ts"]);
  });
});

describe("imports in src/", () => {
  const files = sourceFiles(SRC);
  const res = check(files, (file) => readFileSync(file, "utf8"));

  it("finds the source files", () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it("src/core imports nothing from src/features", () => {
    expect(res.coreImportsFeatures).toEqual([]);
  });

  it("has no cycle of value imports", () => {
    expect(res.cycles).toEqual([]);
  });
});
