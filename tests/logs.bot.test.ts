import fs from "node:fs";
import path from "node:path";
import type { Update, UserFromGetMe } from "grammy/types";
import { afterEach, describe, expect, test } from "vitest";
import type { Engine } from "../src/answer/types.ts";
import { createBot } from "../src/bot/bot.ts";
import { createDownvoteNotifier, createModerationComposer } from "../src/bot/moderation/index.ts";
import type { Config } from "../src/config.ts";
import { openAnswerLog, type AnswerLogStore } from "../src/logs/store.ts";
import { answered, tempDir, testConfig } from "./helpers/logs-fixtures.ts";
import { NO_POSTGRES, testDatabaseBehindRelay } from "./helpers/services.ts";

/** The answer log wired into the real bot, as src/main.ts wires it. */

const USER = 31337;
const MOD = 1001;
const MOD_CHAT = -100555;
const botInfo: UserFromGetMe = {
  id: 42, is_bot: true, first_name: "Briefing", username: "briefing_bot", can_join_groups: true, can_read_all_group_messages: false,
  supports_inline_queries: false, can_connect_to_business: false, has_main_web_app: false, has_topics_enabled: false,
  allows_users_to_create_topics: false, can_manage_bots: false, supports_join_request_queries: false,
};

let cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function fakeEngine() {
  const engine = {
    questions: [] as string[],
    async ask(question: string) {
      engine.questions.push(question);
      return answered({ question, text: "Capital spending rises by 4% in real terms [1]." });
    },
    documents: () => [],
    indexVersion: () => "idx-1",
    reload: async () => ({ reloaded: false, indexVersion: "idx-1" }),
  };
  return engine satisfies Engine;
}

function wire(config: Config, answerLog: AnswerLogStore) {
  const engine = fakeEngine();
  const bot = createBot({
    config,
    engine,
    answerLog,
    botInfo,
    token: "123:TEST",
    rateLimit: false,
    typingIntervalMs: 60_000,
    retry: { maxAttempts: 1 },
    log: () => {},
    extraComposers: [createModerationComposer({ config, log: answerLog, engine })],
  });
  const calls: { method: string; payload: any }[] = [];
  let messageId = 500;
  bot.api.config.use(async (_prev, method, payload: any) => {
    calls.push({ method, payload });
    const message = { message_id: ++messageId, date: 0, chat: { id: payload.chat_id, type: "private" }, text: payload.text };
    return { ok: true, result: method === "sendMessage" ? message : true } as any;
  });
  const notifier = createDownvoteNotifier({ config, log: answerLog, api: bot.api });
  cleanups.push(() => notifier.stop());
  return { bot, engine, calls, notifier };
}

const text = (updateId: number, from: number, body: string): Update =>
  ({
    update_id: updateId,
    message: {
      message_id: updateId,
      date: 0,
      chat: { id: from, type: "private", first_name: "U" },
      from: { id: from, is_bot: false, first_name: "U" },
      text: body,
      ...(body.startsWith("/") ? { entities: [{ type: "bot_command", offset: 0, length: body.split(" ")[0]!.length }] } : {}),
    },
  }) as unknown as Update;

const sent = (calls: { method: string; payload: any }[]) => calls.filter((c) => c.method === "sendMessage");

describe("the bot with the answer log", () => {
  test("a log that cannot be written still lets the answer out, and the failure is counted", async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    fs.writeFileSync(path.join(dir, "file"), "");
    const config = testConfig(path.join(dir, "file", "data"));
    const errors: Error[] = [];
    const answerLog = await openAnswerLog(config, { onError: (e) => errors.push(e) });
    cleanups.push(() => answerLog.close());
    const { bot, engine, calls } = wire(config, answerLog);

    await bot.handleUpdate(text(900, USER, "How much does capital spending rise?"));
    expect(engine.questions).toEqual(["How much does capital spending rise?"]);
    const [reply] = sent(calls);
    expect(reply?.payload.text).toContain("Capital spending rises by 4% in real terms [1].");
    // no entry id to name, so the buttons carry "x"
    expect(reply?.payload.reply_markup.inline_keyboard[0][0].callback_data).toBe("fb:x:u");
    expect(answerLog.failures()).toBeGreaterThanOrEqual(2); // the open, then the write
    expect(errors.at(-1)?.message).toMatch(/cannot open the answer log/);
  });

  test("a replayed update is neither answered nor logged twice", async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const config = testConfig(dir);
    const answerLog = await openAnswerLog(config);
    cleanups.push(() => answerLog.close());
    const { bot, engine, calls } = wire(config, answerLog);

    await bot.handleUpdate(text(901, USER, "How much does capital spending rise?"));
    await bot.handleUpdate(text(901, USER, "How much does capital spending rise?"));
    expect(engine.questions).toHaveLength(1);
    expect(sent(calls)).toHaveLength(1);
    expect(await answerLog.count()).toBe(1);
    expect((await answerLog.query())[0]).toMatchObject({ updateId: 901, channel: "telegram", chatType: "private", indexVersion: "idx-1" });
  });

  test("a 👎 under an answer reaches the moderator chat and tops /review", async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const config = testConfig(dir, { MODERATOR_IDS: String(MOD), MODERATOR_CHAT_ID: String(MOD_CHAT) });
    const answerLog = await openAnswerLog(config);
    cleanups.push(() => answerLog.close());
    const { bot, calls, notifier } = wire(config, answerLog);

    await bot.handleUpdate(text(902, USER, "Is the budget balanced?"));
    await bot.handleUpdate(text(903, USER, "How much does capital spending rise?"));
    const down = sent(calls).at(-1)!.payload.reply_markup.inline_keyboard[0][1].callback_data as string;
    expect(down).toMatch(/^fb:\d+:d:/);
    calls.length = 0;
    await bot.handleUpdate({
      update_id: 904,
      callback_query: { id: "cb1", from: { id: USER, is_bot: false, first_name: "U" }, chat_instance: "c", data: down, message: { message_id: 1, date: 0, chat: { id: USER, type: "private" }, text: "a" } },
    } as unknown as Update);
    await notifier.idle();
    const notice = sent(calls).find((c) => c.payload.chat_id === String(MOD_CHAT));
    expect(notice?.payload.text).toContain("How much does capital spending rise?");

    calls.length = 0;
    await bot.handleUpdate(text(905, MOD, "/review"));
    const items = sent(calls).slice(1).map((c) => c.payload.text as string);
    expect(items[0]).toContain("How much does capital spending rise?");
    expect(items[0]).toContain("👎 1");
    expect(items[1]).toContain("Is the budget balanced?");
  });
});

describe.skipIf(NO_POSTGRES !== undefined)(`the bot with the answer log in PostgreSQL${NO_POSTGRES ? ` (skipped: ${NO_POSTGRES})` : ""}`, () => {
  test("a server that stops answering on an open connection does not stop the bot's answers; logging resumes when it answers again", async () => {
    const { url: viaRelay, relay } = await testDatabaseBehindRelay(cleanups);
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    // No Redis: the replay guard asks the answer log too.
    const config = testConfig(dir, { DATABASE_URL: viaRelay, LOG_HASH_KEY: "test-hash-key-0123456789abcdef0123456789", LOG_TIMEOUT_MS: "300" });
    const errors: Error[] = [];
    const answerLog = await openAnswerLog(config, { onError: (e) => errors.push(e), retryDelaysMs: [20, 50] });
    cleanups.push(() => answerLog.close());
    const { bot, calls } = wire(config, answerLog);

    await bot.handleUpdate(text(910, USER, "How much does capital spending rise?"));
    expect(sent(calls)).toHaveLength(1);

    relay.freeze(); // a paused server: its connections stay open and never answer
    // Before: the replay guard and the write waited forever, and this answer never went out.
    await bot.handleUpdate(text(911, USER, "Is the budget balanced?"));
    const reply = sent(calls)[1];
    expect(reply?.payload.text).toContain("Capital spending rises by 4% in real terms [1].");
    expect(reply?.payload.reply_markup.inline_keyboard[0][0].callback_data).toBe("fb:x:u");
    expect(answerLog.unlogged()).toBe(1);
    expect(errors.at(-1)?.message).toMatch(/record failed .*PostgreSQL did not answer within 300 ms \(LOG_TIMEOUT_MS\)/);

    relay.thaw();
    await bot.handleUpdate(text(912, USER, "What about defence?"));
    expect(sent(calls)[2]?.payload.reply_markup.inline_keyboard[0][0].callback_data).toMatch(/^fb:\d+:u:/);
    // The write given up on may still land once the server answers (its bytes were already sent): once at most.
    const logged = (await answerLog.query({ order: "oldest" })).map((e) => e.updateId);
    expect([[910, 912], [910, 911, 912]]).toContainEqual(logged);
  });
});
