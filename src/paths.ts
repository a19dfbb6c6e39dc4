import { fileURLToPath } from "node:url";

/**
 * The project's root directory (with `public/` and `drizzle/`). This file sits one level below it,
 * in `src/`, and so does the bundle `npm start` runs (`dist/main.js`, see scripts/start.mjs): the
 * same relative path works from both.
 */
export const ROOT = fileURLToPath(new URL("..", import.meta.url));
