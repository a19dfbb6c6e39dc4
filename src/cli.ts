import { sql } from "drizzle-orm";
import { z } from "zod";
import { normaliseName } from "./core/text.js";
import { openDatabase } from "./db/index.js";
import { loadEnv } from "./env.js";
import { users } from "./features/auth/schema.js";
import { keyRing } from "./features/confidential-contact/crypto.js";
import { rekeyAll } from "./features/confidential-contact/service.js";
import { hsdsExportCommand } from "./features/roadmap-opendata/hsds.js";

const USAGE = `Usage:
  npm run cli -- staff:add <email> [--admin] [--name "Full Name"]   create or promote an office account
  npm run cli -- hsds:export <file> [--lang nl|en]                  write the public roadmap as one Open Referral HSDS 3.0 JSON document ("-": stdout)
  npm run cli -- contact:rekey                                      re-encrypt every confidential-contact value with CONTACT_KEY_ID's key`;

async function main(argv: string[]) {
  const [command, ...rest] = argv;
  if (command === "hsds:export") return hsdsExportCommand(rest, USAGE);
  if (command === "contact:rekey") return rekeyCommand();
  if (command !== "staff:add") {
    console.log(USAGE);
    return command ? 1 : 0;
  }
  const email = z.email().safeParse(
    rest
      .find((a) => !a.startsWith("--"))
      ?.trim()
      .toLowerCase(),
  );
  if (!email.success) {
    console.error(`A valid email address is required.\n${USAGE}`);
    return 1;
  }
  const nameAt = rest.indexOf("--name");
  const name = nameAt >= 0 ? normaliseName(rest[nameAt + 1] ?? "") || null : null;
  const role = rest.includes("--admin") ? "admin" : "staff";
  const env = loadEnv();
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  try {
    await database.migrate();
    await database.db
      .insert(users)
      .values({ email: email.data, name, staffRole: role })
      .onConflictDoUpdate({ target: users.email, set: { staffRole: role, name: sql`coalesce(excluded.name, ${users.name})` } });
    console.log(`${email.data} is now office ${role}. They sign in at ${env.BASE_URL}/en/sign-in with that address.`);
  } finally {
    await database.close();
  }
  return 0;
}

/** Re-encrypts the confidential contact's values with the current key; the old keys can go afterwards. */
async function rekeyCommand() {
  const env = loadEnv();
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  try {
    await database.migrate();
    const changed = await rekeyAll(database.db, env);
    console.log(`Re-encrypted ${changed} value(s) with key ${keyRing(env).current}.`);
  } finally {
    await database.close();
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
