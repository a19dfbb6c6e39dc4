import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { envSchema } from "../src/env.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
let child: ChildProcess | undefined;

afterAll(() => {
  child?.kill("SIGTERM");
});

const freePort = () =>
  new Promise<number>((resolve) => {
    const srv = createServer().listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });

describe("npm start", () => {
  it("builds the bundle from the sources and serves from it: migrations, pages and static files found", async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const key of Object.keys(envSchema.shape)) delete env[key];
    Object.assign(env, {
      NODE_ENV: "test",
      DATA_DIR: "memory://",
      DEMO_CONTENT: "never",
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: "warn",
    });
    let output = "";
    child = spawn(process.execPath, ["scripts/start.mjs"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout?.on("data", (d) => (output += d));
    child.stderr?.on("data", (d) => (output += d));
    const deadline = Date.now() + 60_000;
    let home: Response | undefined;
    while (!home && Date.now() < deadline && child.exitCode === null) {
      home = await fetch(`http://127.0.0.1:${port}/en`).catch(() => undefined);
      if (!home) await new Promise((r) => setTimeout(r, 100));
    }
    expect(home?.status, output).toBe(200);
    expect(output).not.toContain("running from the sources");
    expect((await fetch(`http://127.0.0.1:${port}/static/app.css`)).status).toBe(200);
  }, 90_000);

  it("keeps what a start doesn't need out of the bundle's main file: PDF, QR, SMTP, the other driver", () => {
    const builds = readdirSync(path.join(root, "dist"), { withFileTypes: true })
      .filter((e) => e.isDirectory() && existsSync(path.join(root, "dist", e.name, "main.js")))
      .map((e) => path.join(root, "dist", e.name))
      .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
    const main = readFileSync(path.join(builds[0]!, "main.js"), "utf8");
    const staticImports = [...main.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
    expect(staticImports).toContain("hono");
    for (const lazy of ["pdfkit", "qrcode", "nodemailer", "pg", "@electric-sql/pglite"]) expect(staticImports).not.toContain(lazy);
  });
});
