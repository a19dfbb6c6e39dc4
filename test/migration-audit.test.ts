import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { afterAll, describe, expect, it } from "vitest";

const folder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../drizzle");
type Journal = { entries: { idx: number; tag: string }[] };
const journal = JSON.parse(readFileSync(path.join(folder, "meta/_journal.json"), "utf8")) as Journal;
/** The migration that moved audit entries from email addresses to account ids. */
const privacyIdx = journal.entries.find((e) => e.tag.endsWith("_privacy"))!.idx;

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A copy of the migrations folder that stops before the privacy migration. */
function migrationsBefore(idx: number) {
  const dir = mkdtempSync(path.join(tmpdir(), "vangnet-migrations-"));
  dirs.push(dir);
  cpSync(folder, dir, { recursive: true });
  const cut = { ...journal, entries: journal.entries.filter((e) => e.idx < idx) };
  writeFileSync(path.join(dir, "meta/_journal.json"), JSON.stringify(cut));
  return dir;
}

describe("the privacy migration", () => {
  it("moves the addresses in audit entries to account ids and drops them", async () => {
    const client = await PGlite.create("memory://", { extensions: { pg_trgm } });
    const db = drizzle(client);
    await migrate(db, { migrationsFolder: migrationsBefore(privacyIdx) });
    await client.exec(`
      insert into users (id, email, staff_role) values
        ('00000000-0000-4000-8000-000000000001', 'chair@example.org', null),
        ('00000000-0000-4000-8000-000000000002', 'member@example.org', null),
        ('00000000-0000-4000-8000-000000000003', 'office@example.org', 'admin');
      insert into audit_log (actor_id, entity, entity_id, action, changes) values
        ('00000000-0000-4000-8000-000000000001', 'board_member', 'm1', 'board_member.add',
          '{"email": {"to": "member@example.org"}, "position": {"to": "other"}}'),
        ('00000000-0000-4000-8000-000000000001', 'board_member', 'm1', 'board_member.remove',
          '{"email": {"from": "member@example.org"}}'),
        ('00000000-0000-4000-8000-000000000003', 'org_request', 'r1', 'request.decline',
          '{"requester": {"to": "gone@example.org"}, "reason": {"to": "No"}}'),
        ('00000000-0000-4000-8000-000000000003', 'user', '00000000-0000-4000-8000-000000000003', 'staff.set_role',
          '{"role": {"to": "admin"}}'),
        (null, 'organisation', 'o1', 'organisation.create', '{"name": {"to": "Minerva"}}');
      insert into jobs (name, status, singleton_key) values ('auth.cleanup', 'queued', 'schedule:auth.cleanup');
    `);
    await migrate(db, { migrationsFolder: folder });
    const rows = (
      await client.query<{ action: string; subject_id: string | null; subject_deleted: boolean; changes: Record<string, unknown> }>(
        "select action, subject_id, subject_deleted, changes from audit_log order by action",
      )
    ).rows;
    expect(rows).toEqual([
      {
        action: "board_member.add",
        subject_id: "00000000-0000-4000-8000-000000000002",
        subject_deleted: false,
        changes: { position: { to: "other" } },
      },
      { action: "board_member.remove", subject_id: "00000000-0000-4000-8000-000000000002", subject_deleted: false, changes: {} },
      { action: "organisation.create", subject_id: null, subject_deleted: false, changes: { name: { to: "Minerva" } } },
      // An address without an account: a deleted account, and the address is gone.
      { action: "request.decline", subject_id: null, subject_deleted: true, changes: { reason: { to: "No" } } },
      {
        action: "staff.set_role",
        subject_id: "00000000-0000-4000-8000-000000000003",
        subject_deleted: false,
        changes: { role: { to: "admin" } },
      },
    ]);
    expect(JSON.stringify(rows)).not.toContain("@example.org");
    expect((await client.query("select * from jobs where name = 'auth.cleanup'")).rows).toEqual([]);
    await client.close();
  }, 60_000);
});
