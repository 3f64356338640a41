export interface RateLimiter {
  /**
   * Counts one question for `userId`. `allowed` is false when the user asked more than the limit
   * in the last minute; `notify` is true only for the first refusal in a row, so a flood of
   * questions gets one polite reply rather than a flood of them.
   */
  take(userId: number): { allowed: true } | { allowed: false; retryAfterSeconds: number; notify: boolean };
}

const WINDOW_MS = 60_000;

/** A sliding one-minute window per user, in memory; idle users are forgotten. */
export function createRateLimiter(perMinute: number, now: () => number = Date.now): RateLimiter {
  const users = new Map<number, { times: number[]; notified: boolean }>();
  let lastSweep = now();
  return {
    take(userId) {
      const t = now();
      if (t - lastSweep > WINDOW_MS) {
        for (const [id, u] of users) if (u.times.every((x) => t - x >= WINDOW_MS)) users.delete(id);
        lastSweep = t;
      }
      const u = users.get(userId) ?? { times: [], notified: false };
      users.set(userId, u);
      u.times = u.times.filter((x) => t - x < WINDOW_MS);
      if (u.times.length >= perMinute) {
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
