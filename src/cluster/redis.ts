import { Redis } from "ioredis";
import { safeUrl } from "../config.ts";

/** Prefix of every key and channel this bot uses, so one Redis can serve other programs too. */
export const KEY_PREFIX = "briefing-bot:";

/** Longest wait for one command's reply before it fails (and the caller fails open): ms. */
const COMMAND_TIMEOUT_MS = 2_000;

export class RedisStartError extends Error {
  override name = "RedisStartError";
}

/**
 * Connects to REDIS_URL and checks it answers. Rejects with one sentence naming REDIS_URL and the
 * fix when it cannot be reached at start-up; once connected, ioredis reconnects by itself and
 * commands issued meanwhile wait briefly, then fail (callers decide what a failure means); so does a
 * command a connected but silent server leaves unanswered for COMMAND_TIMEOUT_MS.
 */
export async function connectRedis(url: string, options: { onError?: (error: Error) => void } = {}): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    // A command waits through at most this many reconnects, then fails instead of hanging an answer.
    maxRetriesPerRequest: 2,
    connectTimeout: 3_000,
    // A paused Redis (or a path that drops packets) keeps the socket open and never replies; without
    // this, every command (rate limit, replay claim, history) and so every answer waited for ever.
    commandTimeout: COMMAND_TIMEOUT_MS,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
  // Without a listener ioredis prints every reconnect attempt's error as unhandled.
  const report = atMostEvery(10_000, (error: Error) => options.onError?.(error));
  redis.on("error", report);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new RedisStartError(
      `REDIS_URL ${safeUrl(url)} cannot be reached (${(error as Error).message}); start Redis there or correct REDIS_URL.`,
      { cause: error },
    );
  }
  return redis;
}

/**
 * `report` called at most once per `ms` (the rest are dropped): a Redis outage makes every
 * connection emit an error per reconnect attempt, and must not flood the log.
 */
export function atMostEvery<T>(ms: number, report: (value: T) => void): (value: T) => void {
  let last = -Infinity;
  return (value) => {
    if (Date.now() - last < ms) return;
    last = Date.now();
    report(value);
  };
}
