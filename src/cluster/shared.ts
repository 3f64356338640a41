import { RedisAdapter } from "@grammyjs/storage-redis";
import type { Context, MiddlewareFn } from "grammy";
import type { Redis } from "ioredis";
import type { Engine, Turn } from "../answer/types.ts";
import type { History } from "../bot/history.ts";
import { NOTICES_PER_RATER_PER_HOUR } from "../bot/moderation/notify.ts";
import type { RateLimiter } from "../bot/rateLimit.ts";
import type { Config } from "../config.ts";
import { createStoredHistory } from "./history.ts";
import { createUpdateQueue, type UpdateQueue } from "./queue.ts";
import { createRedisRateLimiter } from "./rateLimit.ts";
import { connectRedis, KEY_PREFIX } from "./redis.ts";
import { createSendOnce } from "./sendOnce.ts";

const INDEX_CHANNEL = `${KEY_PREFIX}index`;
/** 👎 notices are claimed for this long: one notice per entry across workers. Seconds. */
const NOTICE_CLAIM_TTL_S = 7 * 24 * 3600;

/** What workers share through REDIS_URL; the bot's in-memory versions are used without it. */
export interface SharedState {
  redis: Redis;
  history: History;
  rateLimiter: RateLimiter;
  /** Per-user limit of 👎 notices, shared so a user cannot multiply it by the number of workers. */
  noticeLimiter: RateLimiter;
  /** True for the first worker to claim the 👎 notice of an entry. */
  claimNotice: (entryId: number) => Promise<boolean>;
  /** Replaces the answer log's replay check in workers (see createSendOnce). */
  sendOnce: MiddlewareFn<Context>;
  /** Present in webhook mode: updates are acknowledged once queued and answered from the queue. */
  queue?: UpdateQueue;
  /** Tells every worker to reload the index (after /reload on one of them). */
  announceIndex: (indexVersion: string) => Promise<void>;
  close(): Promise<void>;
}

/**
 * Connects to REDIS_URL (rejecting with one sentence naming it when unreachable) and builds the
 * shared versions of the bot's per-process state. Subscribes to index announcements: when any
 * worker reloads, this one reloads too.
 */
export async function connectShared(config: Config, deps: { engine: Pick<Engine, "reload">; log: (line: string) => void }): Promise<SharedState> {
  const { log } = deps;
  const url = config.redisUrl;
  if (!url) throw new Error("connectShared needs REDIS_URL");
  const report = (what: string) => (error: Error) => log(`redis (${what}): ${error.message}`);
  const redis = await connectRedis(url, { onError: report("connection") });
  const subscriber = redis.duplicate();
  subscriber.on("error", () => {}); // the main connection reports outages
  await subscriber.subscribe(INDEX_CHANNEL);
  subscriber.on("message", (_channel: string, version: string) => {
    deps.engine.reload().then(
      ({ reloaded, indexVersion }) => reloaded && log(`index ${version} announced; now answering with ${indexVersion}`),
      (error: Error) => log(`index ${version} announced but reloading failed: ${error.message}`),
    );
  });

  const historyStorage = new RedisAdapter<Turn[]>({ instance: redis, ttl: Math.ceil(config.telegram.historyTtlMs / 1000) });
  const queue = config.telegram.webhook
    ? createUpdateQueue({ redisUrl: url, redis, maxWaitingPerChat: config.telegram.maxWaitingPerChat, log })
    : undefined;
  return {
    redis,
    history: createStoredHistory(historyStorage, {
      maxTurns: config.telegram.historyTurns,
      moves: new RedisAdapter<string>({ instance: redis, ttl: Math.ceil(config.telegram.historyTtlMs / 1000) }),
      onError: report("history"),
    }),
    rateLimiter: createRedisRateLimiter(redis, { perWindow: config.telegram.rateLimitPerMinute, onError: report("rate limit") }),
    noticeLimiter: createRedisRateLimiter(redis, { name: "notices", perWindow: NOTICES_PER_RATER_PER_HOUR, windowMs: 3_600_000, onError: report("notice limit") }),
    claimNotice: async (entryId) => {
      try {
        return (await redis.set(`${KEY_PREFIX}notice:${entryId}`, "1", "EX", NOTICE_CLAIM_TTL_S, "NX")) === "OK";
      } catch (error) {
        report("notice")(error as Error);
        return true;
      }
    },
    sendOnce: createSendOnce(redis, report("send claim")),
    queue,
    announceIndex: async (indexVersion) => {
      await redis.publish(INDEX_CHANNEL, indexVersion);
    },
    async close() {
      await queue?.close().catch(() => undefined);
      subscriber.disconnect();
      redis.disconnect();
    },
  };
}
