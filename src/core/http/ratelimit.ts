import { AppError } from "../errors.js";
import { addressKey } from "../ratelimit/address.js";
import type { RateRule } from "../ratelimit/limiter.js";
import type { Ctx } from "./context.js";
import { clientIp } from "./security.js";

export type { RateRule } from "../ratelimit/limiter.js";

/**
 * The one way to rate-limit a route: counts one hit of `key` under `rule` (shared by every
 * process on PostgreSQL) and, over the limit, throws the 429 `AppError`, whose page carries
 * `Retry-After` in whole seconds. Per-IP limits pass `clientKey(c)` as the key.
 */
export async function rateLimit(c: Ctx, rule: RateRule, key: string): Promise<void> {
  const decision = await c.var.deps.limiter.take(rule, key);
  if (!decision.ok)
    throw new AppError(429, "rate_limited", undefined, { retryAfterSeconds: Math.max(1, Math.ceil(decision.retryAfterMs / 1000)) });
}

/** The client as per-IP limits count it: its IPv4 address, or its IPv6 /64 network (see `addressKey`). */
export const clientKey = (c: Ctx) => addressKey(clientIp(c));
