import { RedisAdapter } from "@grammyjs/storage-redis";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Turn } from "../src/answer/types.ts";
import { createStoredHistory } from "../src/cluster/history.ts";
import { createRedisRateLimiter } from "../src/cluster/rateLimit.ts";
import { connectRedis, RedisStartError } from "../src/cluster/redis.ts";
import { NO_REDIS, startRelay, TEST_REDIS_URL } from "./helpers/services.ts";

/** Redis database of this file, so its keys never meet another test file's. */
const REDIS_DB = 4;
let url: string;
let redis: Redis;

beforeAll(async () => {
  if (NO_REDIS) return;
  const u = new URL(TEST_REDIS_URL!);
  u.pathname = `/${REDIS_DB}`;
  url = u.toString();
  redis = await connectRedis(url);
  await redis.flushdb();
});
afterAll(() => redis?.disconnect());

function storedHistory(instance: Redis, onError: (error: Error) => void) {
  return createStoredHistory(new RedisAdapter<Turn[]>({ instance, ttl: 60 }), { maxTurns: 2, moves: new RedisAdapter<string>({ instance, ttl: 60 }), onError });
}

describe.skipIf(NO_REDIS !== undefined)(`shared state in Redis${NO_REDIS ? ` (skipped: ${NO_REDIS})` : ""}`, () => {
  test("the rate limit is one window for every worker: two limiters on two connections share it", async () => {
    const other = await connectRedis(url);
    try {
      const errors: Error[] = [];
      const a = createRedisRateLimiter(redis, { perWindow: 3, onError: (e) => errors.push(e) });
      const b = createRedisRateLimiter(other, { perWindow: 3, onError: (e) => errors.push(e) });
      const verdicts = [await a.take("user:1"), await b.take("user:1"), await a.take("user:1"), await b.take("user:1"), await a.take("user:1")];
      expect(verdicts.map((v) => v.allowed)).toEqual([true, true, true, false, false]);
      // one notice per refusal streak, whichever worker refused
      expect(verdicts.slice(3).map((v) => (v.allowed ? null : v.notify))).toEqual([true, false]);
      expect(verdicts[3]!.allowed === false && verdicts[3]!.retryAfterSeconds).toBeGreaterThan(50);
      expect((await b.take("user:2")).allowed).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      other.disconnect();
    }
  });

  test("follow-up history written through one connection is read through another, cut to the last turns", async () => {
    const other = await connectRedis(url);
    try {
      const onError = (e: Error) => {
        throw e;
      };
      const a = storedHistory(redis, onError);
      const b = storedHistory(other, onError);
      await a.add("chat:1", { question: "q1", answer: "a1" });
      await b.add("chat:1", { question: "q2", answer: "a2" });
      await a.add("chat:1", { question: "q3", answer: "a3" });
      expect(await b.get("chat:1")).toEqual([
        { question: "q2", answer: "a2" },
        { question: "q3", answer: "a3" },
      ]);
      expect(await b.get("chat:2")).toEqual([]);
    } finally {
      other.disconnect();
    }
  });

  test("a group upgraded to a supergroup on one worker: its members' follow-ups on another worker see the group's turns", async () => {
    const other = await connectRedis(url);
    try {
      const errors: Error[] = [];
      const a = storedHistory(redis, (e) => errors.push(e));
      const b = storedHistory(other, (e) => errors.push(e));
      await a.add("-4005:user:7", { question: "q1", answer: "a1" });
      await a.add("-4005:user:8", { question: "other member", answer: "a" });
      await a.moveChat(-4005, -1004005);
      await a.moveChat(-4005, -1004005); // both service messages say it
      expect(await b.get("-1004005:user:7")).toEqual([{ question: "q1", answer: "a1" }]);
      await b.add("-1004005:user:7", { question: "q2", answer: "a2" });
      expect((await a.get("-1004005:user:7")).map((t) => t.question)).toEqual(["q1", "q2"]);
      expect((await a.get("-1004005:user:8")).map((t) => t.question)).toEqual(["other member"]);
      expect(await a.get("-1004005:user:9")).toEqual([]);
      expect(await a.get("-4006:user:7")).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      other.disconnect();
    }
  });

  test("an unreachable REDIS_URL at start-up is one sentence naming it and the fix, without the password", async () => {
    const attempt = connectRedis("redis://:redis-secret-pass@127.0.0.1:1/0");
    await expect(attempt).rejects.toThrow(RedisStartError);
    const message = await attempt.catch((e: Error) => e.message);
    expect(message).toMatch(/^REDIS_URL redis:\/\/127\.0\.0\.1:1\/0 cannot be reached \(.*\); start Redis there or correct REDIS_URL\.$/);
    expect(message).not.toContain("redis-secret-pass");
  });

  test("when Redis stops answering, the limiter lets questions through and reports it", async () => {
    const doomed = await connectRedis(url);
    const errors: Error[] = [];
    const limiter = createRedisRateLimiter(doomed, { perWindow: 1, onError: (e) => errors.push(e) });
    doomed.disconnect();
    expect(await limiter.take("user:3")).toEqual({ allowed: true });
    expect(errors.length).toBeGreaterThan(0);
  });

  test("when Redis is paused (connection open, no reply), the limiter still lets questions through and reports it", async () => {
    const target = new URL(url);
    const relay = await startRelay({ host: target.hostname, port: Number(target.port) });
    const viaRelay = new URL(url);
    viaRelay.port = String(relay.port);
    const paused = await connectRedis(viaRelay.toString());
    try {
      const errors: Error[] = [];
      const limiter = createRedisRateLimiter(paused, { perWindow: 5, onError: (e) => errors.push(e) });
      expect(await limiter.take("user:4")).toEqual({ allowed: true });
      expect(errors).toEqual([]);
      relay.freeze(); // as SIGSTOP or a path dropping packets: the socket stays open, nothing comes back
      // Before commandTimeout this never settled, and every answer waited on it.
      expect(await limiter.take("user:4")).toEqual({ allowed: true });
      expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/timed out/i)]);
    } finally {
      paused.disconnect();
      await relay.close();
    }
  }, 20_000);
});
