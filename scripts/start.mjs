// `npm start`: runs the portal from one bundled file, dist/main.js, which this script (re)builds
// from src/ with esbuild whenever a source file changed (in about a quarter of a second). Loading
// one file instead of a hundred TypeScript files through tsx's loader makes the start-up much
// shorter; see docs/decisions/012-start-up.md.
//
//   node scripts/start.mjs           build when needed, then run the portal (npm start)
//   node scripts/start.mjs --build   only build (npm run build: for a read-only deployment)
//
// When dist/ can't be written, the portal runs from the sources through tsx, as `npm run dev` does.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DIST = path.join(ROOT, "dist");
const OUT = path.join(DIST, "main.js");
/** What dist/main.js was built from: every source file's path, size and modification time. */
const STAMP = path.join(DIST, "sources.txt");

/** The stamp of the current sources: src/ (tests left out), package.json and tsconfig.json. */
function sourceStamp() {
  const lines = [];
  const add = (file) => {
    const s = statSync(file);
    lines.push(`${path.relative(ROOT, file)} ${s.size} ${s.mtimeMs}`);
  };
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (!/\.test\.tsx?$/.test(e.name)) add(p);
    }
  };
  walk(path.join(ROOT, "src"));
  add(path.join(ROOT, "package.json"));
  add(path.join(ROOT, "tsconfig.json"));
  return lines.sort().join("\n");
}

function isFresh(stamp) {
  try {
    return readFileSync(STAMP, "utf8") === stamp && statSync(OUT).isFile();
  } catch {
    return false;
  }
}

/**
 * Bundles src/main.ts and the portal's own modules into dist/main.js (packages stay in
 * node_modules), with a source map so that stack traces name the TypeScript files. Built in a
 * directory of its own, then moved into place: two processes starting at once never see half a file.
 */
async function build(stamp) {
  const { build } = await import("esbuild");
  const tmp = path.join(DIST, `.build-${process.pid}`);
  mkdirSync(tmp, { recursive: true });
  try {
    await build({
      absWorkingDir: ROOT,
      entryPoints: ["src/main.ts"],
      outfile: path.join(tmp, "main.js"),
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      packages: "external",
      tsconfig: "tsconfig.json",
      sourcemap: "linked",
      sourcesContent: false,
      logLevel: "warning",
    });
    renameSync(path.join(tmp, "main.js.map"), `${OUT}.map`);
    renameSync(path.join(tmp, "main.js"), OUT);
    writeFileSync(STAMP, stamp);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const buildOnly = process.argv.includes("--build");
const stamp = sourceStamp();
let entry = OUT;
if (buildOnly || !isFresh(stamp)) {
  try {
    await build(stamp);
  } catch (err) {
    if (buildOnly) throw err;
    console.warn(`Could not build dist/main.js (${err instanceof Error ? err.message : err}); running from the sources instead.`);
    const { register } = await import("tsx/esm/api");
    register();
    entry = path.join(ROOT, "src", "main.ts");
  }
}
if (!buildOnly) {
  process.setSourceMapsEnabled(true);
  await import(pathToFileURL(entry).href);
}
