import { randomUUID } from "node:crypto";
import { createMiddleware } from "hono/factory";
import pino, { type Logger } from "pino";
import type { Env } from "../../env.js";
import type { AppEnv } from "./context.js";

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

/** Masks anything that looks like an email address in a string. */
export const scrub = (s: string) => s.replace(EMAIL, (m) => `${m[0]}***${m.slice(m.indexOf("@"))}`);

/** Structured JSON logs. Nothing personal goes in: emails are masked, query strings never logged. */
export function createLogger(env: Pick<Env, "LOG_LEVEL">, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level: env.LOG_LEVEL,
      base: undefined,
      redact: { paths: ["email", "to", "token", "*.email", "*.token", "cookie", "authorization"], censor: "[redacted]" },
      formatters: { level: (label) => ({ level: label }) },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === "string" ? scrub(a) : a)) as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}

/** A path segment that is a link's secret (43 base64url characters: an HMAC-SHA256 or 32 random bytes), never logged. */
const TOKEN_SEGMENT = /\/[A-Za-z0-9_-]{43}(?=\/|$)/g;

/** One line per request: id, method, path without query (secret tokens masked), status, duration. */
export const requestLog = createMiddleware<AppEnv>(async (c, next) => {
  const id =
    c.req
      .header("x-request-id")
      ?.slice(0, 64)
      .replace(/[^\w-]/g, "") || randomUUID();
  c.set("requestId", id);
  c.header("X-Request-Id", id);
  const start = performance.now();
  await next();
  const path = c.req.path;
  if (path.startsWith("/static/") || !c.var.deps.log.isLevelEnabled("info")) return;
  c.var.deps.log.info(
    {
      req: id,
      method: c.req.method,
      path: scrub(path).replace(TOKEN_SEGMENT, "/[token]"),
      status: c.res.status,
      ms: Math.round(performance.now() - start),
    },
    "request",
  );
});

/**
 * What of an error may be logged. A failed query's message lists its parameters (names, email
 * addresses, search words): only the database's own message and code are kept. The stack keeps
 * its frames, not the message it starts with; anything left is scrubbed of email addresses.
 */
export function loggableError(err: Error) {
  const cause = err.cause as { message?: string; code?: string } | undefined;
  const failedQuery = "params" in err && "query" in err;
  const message = failedQuery ? `query failed: ${cause?.message ?? "unknown"}${cause?.code ? ` (${cause.code})` : ""}` : err.message;
  const frames = err.stack
    ?.split("\n")
    .filter((l) => l.trimStart().startsWith("at "))
    .slice(0, 6)
    .join("\n");
  return { err: scrub(message), stack: frames && scrub(frames) };
}
