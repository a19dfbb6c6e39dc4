/**
 * Captures docs/screenshot.png (the README's screenshot) from a running portal.
 *
 *   PORT=3123 DATA_DIR=$(mktemp -d) BASE_URL=http://localhost:3123 npx tsx src/main.ts &
 *   npx tsx docs/screenshot.ts            # or: npx tsx docs/screenshot.ts <url> <out.png>
 *
 * Uses the system Chromium (CHROMIUM_PATH, default /usr/bin/chromium); it never downloads a browser.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchBrowser } from "../test/browser/chromium.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const target = process.argv[2] ?? "http://localhost:3123/en";
const out = process.argv[3] ?? path.join(here, "screenshot.png");

const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: "en-GB" });
  const res = await page.goto(target, { waitUntil: "networkidle" });
  if (!res?.ok()) throw new Error(`${target} answered ${res?.status() ?? "nothing"}`);
  await page.screenshot({ path: out });
  console.log(`wrote ${path.relative(process.cwd(), out)} from ${target}`);
} finally {
  await browser.close();
}
