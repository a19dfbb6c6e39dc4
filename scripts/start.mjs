// `npm start`: runs the portal from a bundle of its sources, dist/<build>/main.js, which this
// script builds with esbuild (in about a quarter of a second) whenever a source file changed.
// Loading a few bundled files instead of a hundred TypeScript files through tsx's loader makes the
// start-up much shorter; see docs/decisions/013-start-up.md.
//
//   node scripts/start.mjs           build when needed, then run the portal (npm start)
//   node scripts/start.mjs --build   only build (npm run build: for a read-only deployment)
//
// When dist/ can't be written, the portal runs from the sources through tsx, as `npm run dev` does.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DIST = path.join(ROOT, "dist");
/** Builds kept besides the current one: a process still running an older one may load its chunks. */
const KEEP_OLDER = 2;

/** What the sources are now: every file under src/ (tests left out), package.json and tsconfig.json. */
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

/**
 * Bundles src/main.ts and the portal's own modules into `dir` (packages stay in node_modules).
 * Modules the portal imports only when needed (the PDF with pdfkit, the demo content) become
 * chunks of their own, so they stay out of the start-up. Source maps let stack traces name the
 * TypeScript files. Built in a directory of its own and renamed into place: a build directory is
 * complete or absent, and never changes.
 */
async function build(dir, stamp) {
  const { build } = await import("esbuild");
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    await build({
      absWorkingDir: ROOT,
      entryPoints: ["src/main.ts"],
      outdir: tmp,
      bundle: true,
      splitting: true,
      platform: "node",
      format: "esm",
      target: "node20",
      packages: "external",
      tsconfig: "tsconfig.json",
      sourcemap: "linked",
      sourcesContent: false,
      logLevel: "warning",
    });
    writeFileSync(path.join(tmp, "sources.txt"), stamp);
    try {
      renameSync(tmp, dir);
    } catch (err) {
      // Another process finished the same build first: use that one.
      if (!existsSync(path.join(dir, "main.js"))) throw err;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  // Older builds go, except the newest few.
  const older = readdirSync(DIST, { withFileTypes: true })
    .filter((e) => e.isDirectory() && /^[0-9a-f]{16}$/.test(e.name) && path.join(DIST, e.name) !== dir)
    .map((e) => ({ p: path.join(DIST, e.name), t: statSync(path.join(DIST, e.name)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const { p } of older.slice(KEEP_OLDER)) rmSync(p, { recursive: true, force: true });
}

const buildOnly = process.argv.includes("--build");
const stamp = sourceStamp();
const dir = path.join(DIST, createHash("sha256").update(stamp).digest("hex").slice(0, 16));
let entry = path.join(dir, "main.js");
if (!existsSync(entry)) {
  try {
    mkdirSync(DIST, { recursive: true });
    await build(dir, stamp);
  } catch (err) {
    if (buildOnly) throw err;
    console.warn(
      `Could not build ${path.relative(ROOT, entry)} (${err instanceof Error ? err.message : err}); running from the sources instead.`,
    );
    const { register } = await import("tsx/esm/api");
    register();
    entry = path.join(ROOT, "src", "main.ts");
  }
}
if (!buildOnly) {
  process.setSourceMapsEnabled(true);
  await import(pathToFileURL(entry).href);
}
