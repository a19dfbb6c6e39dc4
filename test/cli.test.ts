import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../src/db/index.js";
import { users } from "../src/features/auth/schema.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dirs: string[] = [];

async function freshDataDir() {
  const dir = await mkdtemp(path.join(tmpdir(), "vangnet-cli-"));
  dirs.push(dir);
  return dir;
}

/** Runs `tsx src/cli.ts ...args` with its own PGlite directory (never a DATABASE_URL). */
function cli(dataDir: string, ...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, NODE_ENV: "test", BASE_URL: "https://vangnet.example.org" };
  delete env.DATABASE_URL;
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile("npx", ["tsx", "src/cli.ts", ...args], { cwd: root, env, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : -1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

async function usersIn(dataDir: string) {
  const database = await openDatabase({ dataDir });
  try {
    return await database.db.select().from(users);
  } finally {
    await database.close();
  }
}

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe("cli staff:add", () => {
  it("creates an admin in the PGlite database of DATA_DIR, then changes the role and keeps the name", async () => {
    const dir = await freshDataDir();
    const res = await cli(dir, "staff:add", "Someone@Example.org", "--admin", "--name", "Some One");
    expect(res.stderr).not.toMatch(/error/i);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain("someone@example.org is now office admin");
    expect(res.stdout).toContain("https://vangnet.example.org/en/sign-in");

    let rows = await usersIn(dir);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ email: "someone@example.org", name: "Some One", staffRole: "admin" });

    // Again without --admin and --name: the same account becomes staff and keeps its name.
    const again = await cli(dir, "staff:add", "someone@example.org");
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("someone@example.org is now office staff");
    rows = await usersIn(dir);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ email: "someone@example.org", name: "Some One", staffRole: "staff" });
  }, 90_000);

  it("refuses a bad email address with exit code 1 and a message, and writes nothing", async () => {
    const dir = await freshDataDir();
    const res = await cli(dir, "staff:add", "not-an-email", "--admin");
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("A valid email address is required.");
    expect(res.stderr).toContain("staff:add <email>");
    const missing = await cli(dir, "staff:add", "--admin");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("A valid email address is required.");
    // It stopped before opening a database.
    expect(await readdir(dir)).toEqual([]);
  }, 60_000);

  it("prints the usage for an unknown command with exit code 1, and for no command with exit code 0", async () => {
    const dir = await freshDataDir();
    const unknown = await cli(dir, "staff:remove", "someone@example.org");
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toContain("Usage:");
    const none = await cli(dir);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain("Usage:");
  }, 60_000);
});
