import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { setupApp } from "../../test/helpers/app.js";
import { outbox } from "../core/mail/schema.js";
import { insertMany } from "./insert-many.js";

const ctx = setupApp();

/** Text that an escaping mistake would change: quotes, backslashes, braces and commas (array syntax), JSON syntax, line ends, non-BMP. */
const TRICKY = [
  'a "quoted" word, a \\ backslash and \\" both',
  "{braces},{and,commas} NULL null",
  '["json", {"like": true}] \\u0041',
  "line\r\nend\ttab\u2028sep",
  "🙂 Zoë Ærø 你好 \u{1F9EA}",
  "",
];

const mail = (i: number, over: Partial<typeof outbox.$inferInsert> = {}) => ({
  to: `p${i}@example.org`,
  lang: "en" as const,
  subject: TRICKY[i % TRICKY.length]!,
  html: `<p>${TRICKY[(i + 1) % TRICKY.length]}</p>`,
  text: TRICKY[(i + 2) % TRICKY.length]!,
  template: `t${i}`,
  attachments: [{ filename: `f${i}.ics`, contentType: "text/calendar", content: TRICKY[(i + 3) % TRICKY.length]! }],
  headers: { "X-N": String(i), "X-Quote": '"\\' },
  sensitive: i % 2 === 0,
  ...over,
});

describe("insertMany", () => {
  it("writes every row's values exactly, in the rows' order, and answers the returning columns in that order", async () => {
    const rows = Array.from({ length: 13 }, (_, i) => mail(i));
    const back = await insertMany(ctx.db, outbox, rows, ["id", "template"]);
    expect(back.map((r) => r.template)).toEqual(rows.map((r) => r.template));
    const stored = await ctx.db.select().from(outbox).orderBy(asc(outbox.template));
    const byTemplate = new Map(stored.map((r) => [r.template, r]));
    for (const [i, r] of rows.entries()) {
      const s = byTemplate.get(r.template)!;
      expect(s.id).toBe(back[i]!.id);
      expect({
        to: s.to,
        subject: s.subject,
        html: s.html,
        text: s.text,
        attachments: s.attachments,
        headers: s.headers,
        sensitive: s.sensitive,
      }).toEqual({
        to: r.to,
        subject: r.subject,
        html: r.html,
        text: r.text,
        attachments: r.attachments,
        headers: r.headers,
        sensitive: r.sensitive,
      });
    }
  });

  it("writes timestamps to the millisecond, integers, and a lone surrogate as U+FFFD (as the driver's UTF-8 does)", async () => {
    const at = new Date("2026-11-30T23:59:58.123Z");
    const [row] = await insertMany(
      ctx.db,
      outbox,
      [{ ...mail(0), subject: "half \ud83d of an emoji", attempts: 7, createdAt: at }],
      ["id"],
    );
    const [s] = await ctx.db
      .select()
      .from(outbox)
      .where(eq(outbox.id, String(row!.id)));
    expect(s).toMatchObject({ subject: "half \ufffd of an emoji", attempts: 7 });
    expect(s!.createdAt.toISOString()).toBe(at.toISOString());
  });

  it("gives the columns a row leaves out their defaults, and writes null where a row gives null", async () => {
    const [row] = await insertMany(
      ctx.db,
      outbox,
      [{ to: "a@example.org", lang: "nl", subject: "s", html: "h", text: "t", template: "d", lastError: null }],
      ["id"],
    );
    const [s] = await ctx.db
      .select()
      .from(outbox)
      .where(eq(outbox.id, String(row!.id)));
    expect(s).toMatchObject({
      status: "pending",
      attempts: 0,
      attachments: [],
      headers: {},
      sensitive: false,
      lastError: null,
      sentAt: null,
    });
    expect(s!.createdAt).toBeInstanceOf(Date);
  });

  it("refuses rows that give different columns, before anything is written", async () => {
    await expect(insertMany(ctx.db, outbox, [mail(1), { ...mail(2), status: "held" }])).rejects.toThrow(/same columns/);
    expect(await ctx.db.$count(outbox)).toBe(0);
  });

  it("writes nothing for no rows", async () => {
    expect(await insertMany(ctx.db, outbox, [], ["id"])).toEqual([]);
    expect(await ctx.db.$count(outbox)).toBe(0);
  });
});
