import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../src/db/index.js";
import { loadEnv } from "../src/env.js";
import { users } from "../src/features/auth/schema.js";
import { decrypt, encrypt, keyRing } from "../src/features/confidential-contact/crypto.js";
import { contactConversations, contactMessages } from "../src/features/confidential-contact/schema.js";
import { organisations } from "../src/features/organisations/schema.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dirs: string[] = [];

async function freshDataDir() {
  const dir = await mkdtemp(path.join(tmpdir(), "vangnet-cli-"));
  dirs.push(dir);
  return dir;
}

/** Runs `tsx src/cli.ts ...args` with its own PGlite directory (never a DATABASE_URL). */
function cli(dataDir: string, ...args: string[]) {
  return cliWith(dataDir, {}, ...args);
}

function cliWith(dataDir: string, extra: Record<string, string>, ...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, NODE_ENV: "test", BASE_URL: "https://vangnet.example.org", ...extra };
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

describe("cli contact:rekey", () => {
  const K1 = `k1:${Buffer.alloc(32, 1).toString("base64")}`;
  const K2 = `k2:${Buffer.alloc(32, 2).toString("base64")}`;

  it("re-encrypts every value with CONTACT_KEY_ID's key; the values read the same", async () => {
    const dir = await freshDataDir();
    const old = keyRing(loadEnv({ CONTACT_KEYS: K1 }));
    const id = "6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b";
    const database = await openDatabase({ dataDir: dir });
    try {
      await database.migrate();
      const [org] = await database.db.insert(organisations).values({ name: "Alpha", nameKey: "alpha", kind: "sports" }).returning();
      const now = new Date();
      await database.db.insert(contactConversations).values({
        id,
        organisationId: org!.id,
        lang: "nl",
        receiptHash: "h",
        contactName: encrypt(old, "Name", id),
        createdAt: now,
        lastMessageAt: now,
        deleteAfter: now,
      });
      await database.db
        .insert(contactMessages)
        .values({ conversationId: id, author: "student", body: encrypt(old, "Body", id), createdAt: now });
    } finally {
      await database.close();
    }
    const res = await cliWith(dir, { CONTACT_KEYS: `${K1},${K2}`, CONTACT_KEY_ID: "k2" }, "contact:rekey");
    expect(res.stderr).not.toMatch(/error/i);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain("Re-encrypted 2 value(s) with key k2.");
    const ring = keyRing(loadEnv({ CONTACT_KEYS: K2 }));
    const after = await openDatabase({ dataDir: dir });
    try {
      const [m] = await after.db.select().from(contactMessages);
      const [c] = await after.db.select().from(contactConversations);
      expect(m!.body.startsWith("k2:")).toBe(true);
      // Only the new key is needed now.
      expect(decrypt(ring, m!.body, id)).toBe("Body");
      expect(decrypt(ring, c!.contactName!, id)).toBe("Name");
    } finally {
      await after.close();
    }
  }, 90_000);
});
