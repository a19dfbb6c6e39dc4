import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabase } from "../test/helpers/db.js";
import { DAY } from "./core/clock.js";
import { jobs } from "./core/jobs/schema.js";
import { outbox } from "./core/mail/schema.js";
import { cleanupRetention } from "./jobs.js";

let database: Awaited<ReturnType<typeof testDatabase>>;
beforeAll(async () => {
  database = await testDatabase();
}, 60_000);
afterAll(() => database.close());

describe("retention", () => {
  it("deletes finished mail and jobs older than the retention period, and keeps the rest", async () => {
    const now = new Date("2026-11-23T10:00:00Z");
    const old = new Date(now.getTime() - 31 * DAY);
    const recent = new Date(now.getTime() - 29 * DAY);
    const mail = (status: "sent" | "pending" | "held" | "failed", createdAt: Date) => ({
      to: "a@example.org",
      lang: "nl" as const,
      subject: status,
      html: "",
      text: "",
      template: "t",
      status,
      createdAt,
    });
    await database.db
      .insert(outbox)
      .values([mail("sent", old), mail("held", old), mail("failed", old), mail("pending", old), mail("sent", recent)]);
    await database.db.insert(jobs).values([
      { name: "done-old", status: "done", createdAt: old },
      { name: "queued-old", status: "queued", createdAt: old },
      { name: "done-recent", status: "done", createdAt: recent },
    ]);
    await cleanupRetention(database.db, now, 30);
    const left = await database.db.select({ subject: outbox.subject, createdAt: outbox.createdAt }).from(outbox);
    expect(left.map((m) => m.subject).sort()).toEqual(["pending", "sent"]);
    expect((await database.db.select().from(outbox).where(eq(outbox.subject, "sent")))[0]!.createdAt.getTime()).toBe(recent.getTime());
    expect((await database.db.select({ name: jobs.name }).from(jobs)).map((j) => j.name).sort()).toEqual(["done-recent", "queued-old"]);
  });
});
