/**
 * Fixed-window counters in process memory. One instance serves one process; behind several
 * processes, each counts on its own (see docs/decisions/004-sign-in.md).
 */
export class RateLimiter {
  private windows = new Map<string, { count: number; resetAt: number }>();
  constructor(private now: () => number = Date.now) {}

  /** Counts a hit; false when `key` already had `limit` hits in the window. */
  hit(key: string, limit: number, windowMs: number): boolean {
    const now = this.now();
    const w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      this.windows.set(key, { count: 1, resetAt: now + windowMs });
      if (this.windows.size > 50_000) this.sweep(now);
      return true;
    }
    w.count++;
    return w.count <= limit;
  }

  private sweep(now: number) {
    for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
  }

  reset() {
    this.windows.clear();
  }
}
