import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The nearest directory at or above `dir` that holds a package.json. */
function projectRoot(dir: string): string {
  for (let d = dir; ; d = path.dirname(d)) {
    if (existsSync(path.join(d, "package.json"))) return d;
    if (path.dirname(d) === d) throw new Error(`no package.json above ${dir}`);
  }
}

/**
 * The project's root directory (with `public/` and `drizzle/`), found from this module whether it
 * runs from `src/` or from the bundle `npm start` builds (`dist/<build>/`, see scripts/start.mjs).
 */
export const ROOT = projectRoot(path.dirname(fileURLToPath(import.meta.url)));
