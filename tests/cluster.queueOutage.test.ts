import type { Update } from "grammy/types";
import { afterEach, describe, expect, test } from "vitest";
import { createUpdateQueue } from "../src/cluster/queue.ts";
import { connectRedis } from "../src/cluster/redis.ts";
import { NO_REDIS, emptyRedisDatabase, startRelay } from "./helpers/services.ts";

/**
 * Queueing an update while Redis is away: the webhook request that queues it must fail (its 500
 * makes Telegram deliver the update again), not wait for as long as Redis is gone.
 */

/** Redis database of this file, so its keys never meet another test file's. */
const REDIS_DB = 8;

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const update = (id: number): Update => ({
  update_id: id,
  message: { message_id: id, date: 1, chat: { id: 77, type: "private", first_name: "A" }, from: { id: 77, is_bot: false, first_name: "A" }, text: "Who met Saldo?" },
});

/** A queue whose every connection goes through a relay the test can cut or freeze. */
async function queueBehindRelay() {
  const direct = new URL(await emptyRedisDatabase(REDIS_DB));
  const relay = await startRelay({ host: direct.hostname, port: Number(direct.port) });
  cleanups.push(relay.close);
  const viaRelay = new URL(direct);
  viaRelay.port = String(relay.port);
  const redis = await connectRedis(viaRelay.toString());
  cleanups.push(() => redis.disconnect());
  const logs: string[] = [];
  const queue = createUpdateQueue({ redisUrl: viaRelay.toString(), redis, maxWaitingPerChat: 5, log: (line) => logs.push(line) });
  // Closing waits for Redis; with the relay cut it would never end.
  cleanups.push(() => void queue.close().catch(() => undefined));
  return { queue, relay, logs };
}

describe.skipIf(NO_REDIS !== undefined)(`queueing an update during a Redis outage${NO_REDIS ? ` (skipped: ${NO_REDIS})` : ""}`, () => {
  test("Redis down: enqueue fails instead of waiting, and the redelivered update is queued once Redis is back", async () => {
    const { queue, relay, logs } = await queueBehindRelay();
    expect(await queue.enqueue(update(1))).toBe("queued");
    await relay.cut();
    await expect(queue.enqueue(update(2))).rejects.toThrow();
    // enqueue gave up after several reconnect attempts, each an error event; the log got one line.
    expect(logs.filter((line) => line.startsWith("job queue:"))).toEqual([expect.stringMatching(/ECONNREFUSED/)]);
    await relay.restore();
    await expect.poll(() => queue.enqueue(update(2)).catch((e: Error) => e.message), { timeout: 10_000, interval: 300 }).toBe("queued");
  }, 25_000);

  test("Redis paused (connection open, no reply): enqueue fails instead of waiting", async () => {
    const { queue, relay } = await queueBehindRelay();
    expect(await queue.enqueue(update(1))).toBe("queued");
    relay.freeze();
    await expect(queue.enqueue(update(2))).rejects.toThrow(/timed out/i);
  }, 25_000);
});
