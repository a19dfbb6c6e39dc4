import type { Logger } from "pino";
import type { Db } from "../db/index.js";
import type { Lang, Messages } from "./i18n/index.js";

/**
 * How the portal keeps its promises about personal data. Features provide the pieces, and
 * `src/privacy.ts` composes them into the one list that the hourly clean-up applies, the privacy
 * page quotes and the "my account" page uses for the data download and account deletion.
 */

/** One kind of personal data and how long it is kept. */
export type RetentionRule = {
  /** Stable name, for logs and tests ("auth.tokens"). */
  id: string;
  /**
   * What the privacy page says: the data, and how long it is kept. `period` formats a duration in
   * the page's language, so the page quotes the same values the clean-up uses. Leave it out for
   * data that is not personal (the rule still runs).
   */
  describe?: (t: Messages, period: (ms: number) => string) => { data: string; kept: string };
  /** Deletes or anonymises what has passed its period; resolves to how many rows it changed. */
  apply?: (db: Db, now: Date) => Promise<number>;
};

/** The person whose data is exported or erased. */
export type DataSubject = { id: string; email: string; name: string | null };

/**
 * A feature's part of "the data the portal holds about me": what it exports, how it erases it,
 * and what (if anything) stops the account from being deleted now.
 */
export type PersonalDataProvider = {
  /** Key of this part in the JSON download ("account", "boards", "printOrders" ...). */
  name: string;
  /** Everything this feature holds about the person, as plain JSON-able data. */
  export(db: Db, who: DataSubject): Promise<unknown>;
  /**
   * Removes or anonymises this feature's data about the person, in the deletion's transaction,
   * before the account row itself is deleted.
   */
  erase(db: Db, who: DataSubject, now: Date): Promise<void>;
  /** Reasons the account cannot be deleted now, each a localized sentence; empty when none. */
  blockers?(db: Db, who: DataSubject, today: string): Promise<((t: Messages) => string)[]>;
};

/** Runs every rule once (the hourly `retention.cleanup` job); one failing rule does not stop the others. */
export async function applyRetention(db: Db, rules: RetentionRule[], now: Date, log?: Logger) {
  const changed: Record<string, number> = {};
  let failed: unknown;
  for (const rule of rules) {
    if (!rule.apply) continue;
    try {
      changed[rule.id] = await rule.apply(db, now);
    } catch (err) {
      log?.warn({ rule: rule.id }, "retention rule failed");
      failed ??= err;
    }
  }
  if (failed) throw failed;
  return changed;
}

const YEAR = 365 * 24 * 3_600_000;
const UNITS = [
  ["year", YEAR],
  ["day", 24 * 3_600_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
] as const;

/** "30 days", "12 uur", "2 years": the largest unit that states the duration exactly. */
export function formatPeriod(lang: Lang, ms: number) {
  const [unit, size] = UNITS.find(([, size]) => ms % size === 0 && ms >= size) ?? UNITS[UNITS.length - 1]!;
  const n = Math.round(ms / size);
  return new Intl.NumberFormat(lang === "nl" ? "nl-NL" : "en-GB", { style: "unit", unit, unitDisplay: "long" }).format(n);
}
