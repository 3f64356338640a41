import type { Context } from "grammy";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { KEY_PREFIX } from "../src/cluster/redis.ts";
import { createSendOnce } from "../src/cluster/sendOnce.ts";
import { emptyRedisDatabase, NO_REDIS } from "./helpers/services.ts";

const REDIS_DB = 7;
let redis: Redis;

beforeAll(async () => {
  if (NO_REDIS) return;
  redis = new Redis(await emptyRedisDatabase(REDIS_DB));
});
afterAll(async () => {
  await redis?.quit();
});

type Transformer = (prev: (method: string) => Promise<unknown>, method: string, payload: unknown, signal: unknown) => Promise<unknown>;

/** A handler run for one update: the middleware's API transformer in front of a recording "Telegram". */
async function handle(middleware: ReturnType<typeof createSendOnce>, updateId: number, body: (send: () => Promise<unknown>) => Promise<void>): Promise<string[]> {
  const sent: string[] = [];
  let transformer: Transformer | undefined;
  const ctx = { update: { update_id: updateId }, api: { config: { use: (t: Transformer) => void (transformer = t) } } } as unknown as Context;
  const telegram = async (method: string) => (sent.push(method), { ok: true });
  await middleware(ctx, () => body(() => transformer!(telegram, "sendMessage", {}, undefined)));
  return sent;
}

describe.skipIf(NO_REDIS !== undefined)(`send once across workers${NO_REDIS ? ` (skipped: ${NO_REDIS})` : ""}`, () => {
  test("an update answered by one worker is not answered again by a retry", async () => {
    const once = createSendOnce(redis, (e) => { throw e; });
    expect(await handle(once, 1, async (send) => void (await send()))).toEqual(["sendMessage"]);
    expect(await handle(once, 1, async (send) => void (await send()))).toEqual([]);
    expect(await redis.get(`${KEY_PREFIX}sent:1`)).toBe("sent");
  });

  test("a worker that died while sending leaves a claim that expires, so the retry answers", async () => {
    const once = createSendOnce(redis, (e) => { throw e; }, 1);
    // The first worker claims and sends its first part, then dies before the rest (never finishes).
    const dying = handle(once, 2, async (send) => {
      await send();
      await new Promise(() => {});
    });
    void dying;
    await new Promise((r) => setTimeout(r, 50));
    // A retry at once finds the claim held.
    expect(await handle(once, 2, async (send) => void (await send()))).toEqual([]);
    // Once the claim has expired (the queue retries a dead worker's job only after its lock expires), it answers.
    await new Promise((r) => setTimeout(r, 1_300));
    expect(await handle(once, 2, async (send) => void (await send()))).toEqual(["sendMessage"]);
    expect(await handle(once, 2, async (send) => void (await send()))).toEqual([]);
  });
});
