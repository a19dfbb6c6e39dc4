import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

/** Every setting the portal reads from the environment. Parsed once; a bad value stops the boot. */
export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Unset: 127.0.0.1 (this machine only) outside production, 0.0.0.0 (every interface) in production. */
  HOST: z.string().optional(),
  /** Unset: http://localhost:<PORT>. */
  BASE_URL: z.url().optional(),
  DATA_DIR: z.string().default("./data"),
  DATABASE_URL: z
    .string()
    .optional()
    .transform((v) => v || undefined),
  SMTP_URL: z
    .string()
    .optional()
    .transform((v) => v || undefined),
  MAIL_FROM: z.string().default("Vangnet <no-reply@vangnet.localhost>"),
  SESSION_SECRET: z.string().min(32).optional(),
  SESSION_IDLE_STAFF_MINUTES: z.coerce.number().int().positive().default(60),
  SESSION_IDLE_BOARD_MINUTES: z.coerce.number().int().positive().default(720),
  /** Absolute lifetime of a session, however active: office accounts, everyone else. */
  SESSION_MAX_STAFF_HOURS: z.coerce.number().int().positive().default(12),
  SESSION_MAX_BOARD_HOURS: z.coerce.number().int().positive().default(168),
  /** Retention (see src/privacy.ts): mail in the outbox; contact and address of sent or cancelled print orders. */
  RETENTION_MAIL_DAYS: z.coerce.number().int().positive().default(30),
  RETENTION_ORDER_DAYS: z.coerce.number().int().positive().default(90),
  /** Decided registration and join requests; audit entries. */
  RETENTION_REQUEST_DAYS: z.coerce.number().int().positive().default(365),
  /** Answered, withdrawn or expired board invitations. */
  /** Participants' names and addresses of a training, counted from its last date (and decided training requests). */
  RETENTION_TRAINING_DAYS: z.coerce.number().int().positive().default(730),
  RETENTION_INVITATION_DAYS: z.coerce.number().int().positive().default(30),
  RETENTION_AUDIT_DAYS: z.coerce.number().int().positive().default(730),
  TRUST_PROXY: bool,
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  DEMO_CONTENT: z.enum(["auto", "never"]).default("auto"),
  JOBS_POLL_MS: z.coerce.number().int().positive().default(1000),
  ACADEMIC_YEAR_START: z
    .string()
    .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, "use MM-DD")
    .default("09-01"),
  TIME_ZONE: z.string().default("Europe/Amsterdam"),
  INSTITUTION_NAME_NL: z.string().default("Universiteit Leiden"),
  INSTITUTION_NAME_EN: z.string().default("Leiden University"),
  OFFICE_NAME_NL: z.string().default("Student Well-being Office"),
  OFFICE_NAME_EN: z.string().default("Student Well-being Office"),
  OFFICE_EMAIL: z.email().default("studentwellbeing@sea.leidenuniv.nl"),
  OFFICE_LANG: z.enum(["nl", "en"]).default("nl"),
  BRAND_COLOR: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .default("#001158"),
  ACCENT_COLOR: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .default("#0a7d6b"),
  LOGO_URL: z.string().default("/static/logo.svg"),
  /** A roadmap resource not reviewed for this many months appears on the office's "to check" list. */
  ROADMAP_REVIEW_MONTHS: z.coerce.number().int().min(1).max(120).default(12),
  /**
   * The offerings the social-safety status reads (by slug): the public health service's programme,
   * the "Are you OK?" workshop, and for the suggested next steps the peer listeners' and the
   * board's trainings. The defaults are the demo's offerings.
   */
  SAFETY_PROGRAMME_SLUG: z.string().default("social-safety-policy"),
  SAFETY_WORKSHOP_SLUG: z.string().default("are-you-ok"),
  SAFETY_LISTENER_SLUG: z.string().default("confidential-peer-listeners"),
  SAFETY_BOARD_SLUG: z.string().default("recognising-signals"),
  SIGNIN_LIMIT_PER_ADDRESS: z.coerce.number().int().positive().default(5),
  SIGNIN_LIMIT_PER_IP: z.coerce.number().int().positive().default(30),
  /**
   * The confidential contact's encryption keys (see README, Configuration): `id:<base64 of 32
   * bytes>` separated by commas; CONTACT_KEY_ID names the one new values are encrypted with (the
   * first one when unset). Required in production; elsewhere a fixed development key fills in.
   */
  CONTACT_KEYS: z.string().optional(),
  CONTACT_KEY_ID: z.string().optional(),
  /** The site-wide secret salt of the receipts' hash; unset: derived from SESSION_SECRET. */
  CONTACT_RECEIPT_SALT: z.string().min(16).optional(),
  /** A confidential conversation is deleted this many days after its last message. */
  CONTACT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /**
   * The contact form to the office (see README, Configuration): messages per IP per hour; how long a
   * closed conversation is kept; the reply address with `{token}` (`reply+{token}@example.org`),
   * without which replies go to OFFICE_EMAIL and the inbound endpoint is off; the inbound endpoint's
   * shared secret (unset: off).
   */
  CONTACT_FORM_LIMIT_PER_HOUR: z.coerce.number().int().min(1).max(10_000).default(20),
  RETENTION_OFFICE_CONTACT_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  OFFICE_REPLY_ADDRESS: z
    .string()
    .regex(/^[^\s@]*\{token\}[^\s@]*@[^\s@]+\.[^\s@]+$/, "an address with {token} before the @, like reply+{token}@example.org")
    .optional(),
  INBOUND_SECRET: z.string().min(24).optional(),
  /**
   * Subsidies (see README, Configuration): the budget and limits of a year the office has not set
   * yet (whole euros), the weeks the office promises to decide in, the weeks after the activity
   * the report is due, and how long a closed, declined or withdrawn application is kept (financial
   * records: seven years by default).
   */
  SUBSIDY_BUDGET_EUR: z.coerce.number().int().min(0).max(100_000_000).default(20000),
  SUBSIDY_MAX_APPLICATION_EUR: z.coerce.number().int().min(1).max(100_000_000).default(1000),
  SUBSIDY_MAX_ORGANISATION_EUR: z.coerce.number().int().min(1).max(100_000_000).default(2000),
  SUBSIDY_REVIEW_WEEKS: z.coerce.number().int().min(1).max(52).default(4),
  SUBSIDY_REPORT_WEEKS: z.coerce.number().int().min(1).max(52).default(6),
  RETENTION_SUBSIDY_DAYS: z.coerce.number().int().positive().default(2557),
  /**
   * Mailing-list campaigns (see docs/architecture.md, "The mailing list: campaigns"): mails per
   * second the sender hands to SMTP_URL (pooled); how many SMTP connections it keeps open.
   */
  MAILING_RATE_PER_SECOND: z.coerce.number().min(0.1).max(10_000).default(50),
  MAILING_SMTP_CONNECTIONS: z.coerce.number().int().min(1).max(50).default(5),
  /**
   * The mailing list (see README, Configuration): subscribe-form POSTs per IP per hour; how long an
   * unsubscribed address is kept; the address the mailto unsubscribe goes to (unset: OFFICE_EMAIL);
   * the bounce webhook's shared secret (unset: the webhook is off).
   */
  MAILING_FORM_LIMIT_PER_HOUR: z.coerce.number().int().min(1).max(10_000).default(10),
  RETENTION_MAILING_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  MAILING_UNSUBSCRIBE_ADDRESS: z.email().optional(),
  MAILING_WEBHOOK_SECRET: z.string().min(24).optional(),
});

export type Env = Omit<z.infer<typeof envSchema>, "BASE_URL" | "HOST"> & { SESSION_SECRET: string; BASE_URL: string; HOST: string };

export class EnvError extends Error {}

const KEY_ID = /^[A-Za-z0-9_-]{1,16}$/;

/**
 * CONTACT_KEYS as a key ring: `k1:<base64 32 bytes>,k2:...` → id → key. Throws a message naming
 * what is wrong (never the key itself).
 */
export function parseContactKeys(value: string, current?: string): { keys: Map<string, Buffer>; current: string } {
  const keys = new Map<string, Buffer>();
  for (const part of value
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const at = part.indexOf(":");
    const id = part.slice(0, at);
    if (at < 1 || !KEY_ID.test(id)) throw new Error("each key is id:<base64 of 32 bytes>, the id letters, digits, - or _ (at most 16)");
    const key = Buffer.from(part.slice(at + 1), "base64");
    if (key.length !== 32) throw new Error(`key ${id} is not 32 bytes (base64)`);
    if (keys.has(id)) throw new Error(`key ${id} is given twice`);
    keys.set(id, key);
  }
  const first = keys.keys().next().value;
  if (!first) throw new Error("no key given");
  const use = current || first;
  if (!keys.has(use)) throw new Error(`CONTACT_KEY_ID ${use} is not one of CONTACT_KEYS`);
  return { keys, current: use };
}

export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  // An empty variable (PORT=) means "not set", so its default applies.
  const given = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(given);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join("\n")}`);
  }
  const env = {
    ...parsed.data,
    BASE_URL: parsed.data.BASE_URL ?? `http://localhost:${parsed.data.PORT}`,
    // Outside production nobody else may reach the one-click sign-in and the mailbox: loopback only.
    HOST: parsed.data.HOST ?? (parsed.data.NODE_ENV === "production" ? "0.0.0.0" : "127.0.0.1"),
  };
  if (env.CONTACT_KEYS) {
    try {
      parseContactKeys(env.CONTACT_KEYS, env.CONTACT_KEY_ID);
    } catch (err) {
      throw new EnvError(`Invalid environment:\n  CONTACT_KEYS: ${(err as Error).message}`);
    }
  } else if (env.CONTACT_KEY_ID) throw new EnvError("Invalid environment:\n  CONTACT_KEY_ID: set without CONTACT_KEYS");
  if (env.NODE_ENV === "production") {
    if (!env.SESSION_SECRET) throw new EnvError("Invalid environment:\n  SESSION_SECRET: required in production (32+ characters)");
    if (!env.BASE_URL.startsWith("https://")) throw new EnvError("Invalid environment:\n  BASE_URL: must be https:// in production");
    if (!env.CONTACT_KEYS)
      throw new EnvError(
        "Invalid environment:\n  CONTACT_KEYS: required in production (the confidential contact's encryption key: id:<base64 of 32 random bytes>)",
      );
  }
  return { ...env, SESSION_SECRET: env.SESSION_SECRET ?? "development-only-secret-change-me-0123456789" };
}

export const isProduction = (env: Env) => env.NODE_ENV === "production";
