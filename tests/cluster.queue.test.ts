import type { Bot, Context } from "grammy";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { CHAT_FULL_NOTICE } from "../src/bot/admission.ts";
import { createBot } from "../src/bot/bot.ts";
import { launchBot } from "../src/bot/launch.ts";
import type { BotProcess } from "../src/bot/polling.ts";
import { createUpdateQueue } from "../src/cluster/queue.ts";
import { connectRedis } from "../src/cluster/redis.ts";
import { connectShared, type SharedState } from "../src/cluster/shared.ts";
import { parseConfig } from "../src/config.ts";
import { FakeEngine } from "../src/fakes/fakeEngine.ts";
import { postToWebhook, startFakeTelegram, type FakeTelegram } from "../src/fakes/fakeTelegram.ts";
import { MemoryAnswerLog } from "../src/fakes/memoryAnswerLog.ts";
import { FAST_RETRY } from "./helpers/botHarness.ts";
import { freePort } from "./helpers/ports.ts";
import { NO_REDIS, emptyRedisDatabase } from "./helpers/services.ts";
import { webhookEnv } from "./helpers/webhook.ts";

/**
 * Two webhook workers in this process, each the real bot with its own webhook port, sharing the
 * job queue on real Redis, as `npm start` composes them (src/main.ts). The engine is the fake one,
 * slow enough that a chat's backlog lasts while the test posts.
 */

/** Redis databases of this file (this one and the next), so its keys never meet another test file's. */
const REDIS_DB = 5;
const SECRET = "queue-test-secret";
const CAP = 2;
const ANSWER_MS = 600;

interface InProcessWorker {
  port: number;
  shared: SharedState;
  bot: Bot<Context>;
  process: BotProcess;
}

let fake: FakeTelegram;
let redisUrl: string;
const workers: InProcessWorker[] = [];
const logs: string[] = [];

async function startWorker(): Promise<InProcessWorker> {
  const port = await freePort();
  const config = parseConfig({
    ...webhookEnv(fake, SECRET, port),
    REDIS_URL: redisUrl,
    MAX_WAITING_PER_CHAT: String(CAP),
  });
  const engine = new FakeEngine({ delayMs: ANSWER_MS });
  const log = (line: string) => logs.push(`${port}: ${line}`);
  const shared = await connectShared(config, { engine, log });
  const bot = createBot({ config, engine, answerLog: new MemoryAnswerLog(), log, retry: FAST_RETRY, history: shared.history, rateLimit: shared.rateLimiter, replayGuard: shared.sendOnce });
  const process = await launchBot(bot, config, { log, queue: shared.queue, webhookHost: "127.0.0.1" });
  return { port, shared, bot, process };
}

const post = (worker: InProcessWorker, update: unknown) => postToWebhook(`http://127.0.0.1:${worker.port}/hook`, SECRET, update);

const noticesIn = (chatId: number) => fake.sent.filter((m) => m.chat_id === chatId && m.text === CHAT_FULL_NOTICE);
const answersIn = (chatId: number) => fake.sent.filter((m) => m.chat_id === chatId && m.reply_markup);

beforeAll(async () => {
  if (NO_REDIS) return;
  fake = await startFakeTelegram();
  redisUrl = await emptyRedisDatabase(REDIS_DB);
  workers.push(await startWorker(), await startWorker());
}, 60_000);

afterAll(async () => {
  if (NO_REDIS) return;
  for (const w of workers) {
    await w.process.stop(2_000);
    await w.shared.close();
  }
  await fake.close();
});

describe.skipIf(NO_REDIS !== undefined)(`the shared job queue${NO_REDIS ? ` (skipped: ${NO_REDIS})` : ""}`, () => {
  test("updates over the per-chat cap refused by different workers get one notice, as in one process, and again after the backlog drains", async () => {
    const [a, b] = workers as [InProcessWorker, InProcessWorker];
    const chatId = 8100;
    const burst = async (count: number) => {
      const asked = Array.from({ length: count }, (_, i) => fake.userText({ text: `What was the deficit, take ${i}?`, userId: chatId }));
      // Alternating: the refusals come from both workers.
      for (const [i, { update }] of asked.entries()) expect(await post(i % 2 === 0 ? a : b, update)).toBe(200);
      return asked;
    };

    const first = await burst(CAP + 3);
    await fake.waitFor(() => answersIn(chatId).length >= CAP, 20_000);
    // Time for a second notice or a third answer to show up if one were coming.
    await new Promise((r) => setTimeout(r, ANSWER_MS + 500));
    expect(answersIn(chatId)).toHaveLength(CAP);
    expect(noticesIn(chatId)).toHaveLength(1);
    // The notice replies to the first refused message, and both workers refused some.
    expect(noticesIn(chatId)[0]!.reply_to).toBe(first[CAP]!.message.message_id);
    const refusedBy = new Set(logs.filter((l) => l.includes("too many questions are waiting")).map((l) => l.split(":")[0]));
    expect(refusedBy).toEqual(new Set([String(a.port), String(b.port)]));

    // The backlog has drained: the next flood is told again, once.
    await burst(CAP + 2);
    await fake.waitFor(() => answersIn(chatId).length >= 2 * CAP, 20_000);
    await new Promise((r) => setTimeout(r, ANSWER_MS + 500));
    expect(noticesIn(chatId)).toHaveLength(2);
    expect(answersIn(chatId)).toHaveLength(2 * CAP);
  }, 60_000);

  test("group chatter over the cap is skipped silently and does not use up the chat's notice", async () => {
    const [a, b] = workers as [InProcessWorker, InProcessWorker];
    const group = { id: -8200, type: "group" as const, title: "Busy group" };
    const addressed = (i: number) => fake.userText({ text: `/ask What was the deficit, part ${i}?`, userId: 8201, chat: group });
    const chatter = (i: number) => fake.userText({ text: `just chatting ${i}`, userId: 8202, chat: group });
    // Two questions fill the backlog; chatter over the cap comes first, then an addressed question.
    const asked = [addressed(0), addressed(1), chatter(0), chatter(1), addressed(2)];
    for (const [i, { update }] of asked.entries()) expect(await post(i % 2 === 0 ? a : b, update)).toBe(200);
    await fake.waitFor(() => noticesIn(group.id).length > 0, 10_000);
    await new Promise((r) => setTimeout(r, ANSWER_MS * 2 + 500));
    expect(noticesIn(group.id)).toHaveLength(1);
    expect(noticesIn(group.id)[0]!.reply_to).toBe(asked[4]!.message.message_id);
    expect(answersIn(group.id)).toHaveLength(CAP);
  }, 30_000);
});

describe.skipIf(NO_REDIS !== undefined)(`per-chat order in the job queue${NO_REDIS ? ` (skipped: ${NO_REDIS})` : ""}`, () => {
  test("a chat's later update does not hold a worker's slot while its earlier one waits for a retry", async () => {
    const url = await emptyRedisDatabase(REDIS_DB + 1);
    const redis = await connectRedis(url);
    // One slot: a later update waiting in it would leave no slot for the earlier one's retry.
    const queue = createUpdateQueue({ redisUrl: url, redis, maxWaitingPerChat: 10, concurrency: 1, log: () => undefined });
    try {
      const first = fake.userText({ text: "first", userId: 8300 }).update;
      const second = fake.userText({ text: "second", userId: 8300 }).update;
      const handled: number[] = [];
      let failures = 0;
      queue.work(async (update) => {
        // The first attempt at the chat's first update fails: BullMQ retries it after its backoff (1 s).
        if (update.update_id === first.update_id && failures++ === 0) throw new Error("a transient failure");
        handled.push(update.update_id);
      });
      expect(await queue.enqueue(first)).toBe("queued");
      expect(await queue.enqueue(second)).toBe("queued");
      const deadline = Date.now() + 15_000;
      while (handled.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(failures).toBe(2);
      expect(handled).toEqual([first.update_id, second.update_id]);
    } finally {
      await queue.close();
      redis.disconnect();
    }
  }, 30_000);
});
