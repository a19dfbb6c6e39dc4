import { and, count, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/index.js";
import { trainingRegistrations } from "./schema.js";

/** The organisation's place in line for its pool (1 is next), or null when it is not waiting. */
export async function waitingPosition(db: Db, reg: { status: string; scopeId: string; queueNo: number }) {
  if (reg.status !== "waiting") return null;
  const [r] = await db
    .select({ n: count() })
    .from(trainingRegistrations)
    .where(
      and(
        eq(trainingRegistrations.scopeId, reg.scopeId),
        eq(trainingRegistrations.status, "waiting"),
        sql`${trainingRegistrations.queueNo} <= ${reg.queueNo}`,
      ),
    );
  return r?.n ?? null;
}
