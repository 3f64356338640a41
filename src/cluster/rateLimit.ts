import type { Redis } from "ioredis";
import type { RateLimiter, RateVerdict } from "../bot/rateLimit.ts";
import { KEY_PREFIX } from "./redis.ts";

/**
 * A sliding window per key in a sorted set, checked and updated in one Lua script so workers
 * cannot race past the limit. Times come from Redis's clock, the one clock all workers share.
 * Returns {allowed, retry-after ms, notify}; `notify` is 1 only for the first refusal in a row.
 */
const SLIDING_WINDOW = `
local key = KEYS[1]
local notified = KEYS[2]
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
if redis.call('ZCARD', key) >= limit then
  local oldest = tonumber(redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')[2])
  local first = redis.call('SET', notified, '1', 'NX', 'PX', window)
  return {0, oldest + window - now, first and 1 or 0}
end
redis.call('ZADD', key, now, now .. ':' .. t[2] .. ':' .. math.random(1000000))
redis.call('PEXPIRE', key, window)
redis.call('DEL', notified)
return {1, 0, 0}
`;

/**
 * The per-sender limit shared by every worker. When Redis does not answer the request is allowed
 * (and the failure reported): a user should not lose an answer to a cache outage.
 */
export function createRedisRateLimiter(
  redis: Redis,
  options: { perWindow: number; windowMs?: number; name?: string; onError: (error: Error) => void },
): RateLimiter {
  const windowMs = options.windowMs ?? 60_000;
  const prefix = `${KEY_PREFIX}rate:${options.name ?? "questions"}:`;
  return {
    async take(key: string): Promise<RateVerdict> {
      try {
        const [allowed, retryMs, notify] = (await redis.eval(SLIDING_WINDOW, 2, prefix + key, `${prefix + key}:notified`, windowMs, options.perWindow)) as number[];
        if (allowed === 1) return { allowed: true };
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(retryMs! / 1000)), notify: notify === 1 };
      } catch (error) {
        options.onError(error as Error);
        return { allowed: true };
      }
    },
  };
}
