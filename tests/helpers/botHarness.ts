import type { Bot, Context } from "grammy";
import { createBot, type BotDeps } from "../../src/bot/bot.ts";
import { launchBot } from "../../src/bot/launch.ts";
import type { BotProcess } from "../../src/bot/polling.ts";
import { parseConfig, type Config } from "../../src/config.ts";
import { FakeEngine, type FakeEngineOptions } from "../../src/fakes/fakeEngine.ts";
import { startFakeTelegram, type FakeTelegram } from "../../src/fakes/fakeTelegram.ts";
import { MemoryAnswerLog } from "../../src/fakes/memoryAnswerLog.ts";

/** Retries fast enough for tests; the logic is the production one. */
export const FAST_RETRY = { baseDelayMs: 10, maxDelayMs: 50, maxAttempts: 4 } as const;

export interface Harness {
  fake: FakeTelegram;
  config: Config;
  engine: FakeEngine;
  answerLog: MemoryAnswerLog;
  bot: Bot<Context>;
  process: BotProcess;
  logs: string[];
  /** Stop the bot (not the fake server, which may be shared). */
  stop(): Promise<number>;
}

/** The real bot, long polling the fake Telegram server over HTTP on 127.0.0.1. */
export async function startHarness(
  options: {
    fake?: FakeTelegram;
    env?: Record<string, string>;
    engine?: FakeEngineOptions;
    answerLog?: MemoryAnswerLog;
    deps?: Partial<BotDeps>;
  } = {},
): Promise<Harness> {
  const fake = options.fake ?? (await startFakeTelegram());
  const config = parseConfig({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, ...options.env });
  const engine = new FakeEngine(options.engine);
  const answerLog = options.answerLog ?? new MemoryAnswerLog();
  const logs: string[] = [];
  const log = (line: string) => logs.push(line);
  // As main.ts does: aborted when the process begins to stop.
  const stopping = new AbortController();
  const bot = createBot({ config, engine, answerLog, log, retry: FAST_RETRY, typingIntervalMs: 1_000, stopping: stopping.signal, ...options.deps });
  const process = await launchBot(bot, config, { log, polling: { pollTimeoutSeconds: 2, retryIntervalMs: 10 } });
  const stop = () => {
    stopping.abort();
    return process.stop(2_000);
  };
  return { fake, config, engine, answerLog, bot, process, logs, stop };
}
