/**
 * The one error type. Routes throw it; the error handler renders a localized page for its status.
 * A 429 may say when to come back: the page is then sent with `Retry-After: <seconds>`.
 */
export class AppError extends Error {
  /** For a 429: the whole seconds after which a retry may succeed, sent as `Retry-After`. */
  readonly retryAfterSeconds?: number;
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 503,
    readonly code: string,
    message?: string,
    opts: { retryAfterSeconds?: number } = {},
  ) {
    super(message ?? code);
    if (opts.retryAfterSeconds !== undefined) this.retryAfterSeconds = opts.retryAfterSeconds;
  }
}

export const notFound = () => new AppError(404, "not_found");
export const forbidden = () => new AppError(403, "forbidden");
/** Too many requests; try again after `retryAfterSeconds` (sent as `Retry-After`). */
export const tooManyRequests = (retryAfterSeconds: number) => new AppError(429, "rate_limited", undefined, { retryAfterSeconds });
/** Too busy to take this request now (load shed before it queues without end); try again after `retryAfterSeconds`. */
export const serviceBusy = (retryAfterSeconds: number) => new AppError(503, "busy", undefined, { retryAfterSeconds });

/** A domain rule broken by form input: shown next to `field` with the `errors.<key>` message. */
export class FieldError extends Error {
  constructor(
    readonly field: string,
    readonly key: keyof import("./i18n/index.js").Messages["errors"],
  ) {
    super(`${field}: ${String(key)}`);
  }
}

/** True for a PostgreSQL unique violation (both drivers report code 23505). */
export const isUniqueViolation = (err: unknown): boolean => {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === "23505" || e?.cause?.code === "23505";
};

/** The name of the unique index a statement violated (either driver), or null for any other error. */
export const violatedUnique = (err: unknown): string | null => {
  if (!isUniqueViolation(err)) return null;
  const e = err as { code?: string; constraint?: string; cause?: { constraint?: string } };
  return (e.code === "23505" ? e.constraint : e.cause?.constraint) ?? null;
};
