export type RateVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number; notify: boolean };

export interface RateLimiter {
  /**
   * Counts one request for `key` (a sender, see `senderKey`). `allowed` is false when the sender
   * made more than the limit in the last minute; `notify` is true only for the first refusal in a
   * row, so a flood gets one polite reply rather than a flood of them. A shared store (Redis) may
   * answer with a promise.
   */
  take(key: string): RateVerdict | Promise<RateVerdict>;
}

/** A sliding window per key (one minute unless `windowMs` says otherwise), in memory; idle keys are forgotten. */
export function createRateLimiter(perWindow: number, now: () => number = Date.now, windowMs = 60_000): { take(key: string): RateVerdict } {
  const WINDOW_MS = windowMs;
  const keys = new Map<string, { times: number[]; notified: boolean }>();
  let lastSweep = now();
  return {
    take(key) {
      const t = now();
      if (t - lastSweep > WINDOW_MS) {
        for (const [k, u] of keys) if (u.times.every((x) => t - x >= WINDOW_MS)) keys.delete(k);
        lastSweep = t;
      }
      const u = keys.get(key) ?? { times: [], notified: false };
      keys.set(key, u);
      u.times = u.times.filter((x) => t - x < WINDOW_MS);
      if (u.times.length >= perWindow) {
        const retryAfterSeconds = Math.max(1, Math.ceil((u.times[0]! + WINDOW_MS - t) / 1000));
        const notify = !u.notified;
        u.notified = true;
        return { allowed: false, retryAfterSeconds, notify };
      }
      u.times.push(t);
      u.notified = false;
      return { allowed: true };
    },
  };
}
