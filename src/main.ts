import { createBot } from "./bot/bot.ts";
import { describeError } from "./bot/errors.ts";
import { launchBot, TelegramStartError } from "./bot/launch.ts";
import { startLocalChat } from "./bot/localChat.ts";
import { createDownvoteNotifier, createModerationComposer } from "./bot/moderation/index.ts";
import type { Config } from "./config.ts";
import { parseCommandLine, runMain } from "./cli.ts";
import { connectShared, type SharedState } from "./cluster/shared.ts";
import { startModeratorConsole } from "./console/index.ts";
import { createEngine } from "./engine.ts";
import { openAnswerLog } from "./logs/store.ts";

/** Composition root of `npm start`: the Telegram bot, or the local chat when there is no token. */

const USAGE =
  "usage: npm start   (no arguments: the bot is configured in .env or the environment, every key listed in .env.example; " +
  "WEBHOOK_URL and WEBHOOK_SECRET for webhook mode, REDIS_URL for several workers; without TELEGRAM_BOT_TOKEN it opens the terminal chat)";

const GET_A_TOKEN =
  "TELEGRAM_BOT_TOKEN is not set: in Telegram, message @BotFather, send /newbot, and put the token it gives you in .env as TELEGRAM_BOT_TOKEN=<token>.";

/** SIGINT/SIGTERM must end the process within 10 s: this long for answers in flight, the rest for closing. */
const GRACE_MS = 8_000;
const HARD_EXIT_MS = 9_500;

async function run(config: Config, log: (line: string) => void): Promise<number> {
  if (!config.telegram.token) {
    // Without a terminal (a service, a pipe) there is no one to chat with: a bot that cannot reach
    // Telegram stops rather than reading stdin as questions.
    if (!process.stdin.isTTY) {
      console.error(`${GET_A_TOKEN} Not started: the terminal chat needs a terminal (npm run chat reads questions piped to it).`);
      return 1;
    }
    console.log(GET_A_TOKEN);
    return startLocalChat(config, log);
  }

  // Watching the manifest picks up an index rebuilt by `npm run reindex` without a restart.
  const engine = await createEngine(config, { log, watchIndex: true });
  let answerLog;
  try {
    answerLog = await openAnswerLog(config, { onError: (error) => log(error.message) });
  } catch (error) {
    // A PostgreSQL log that cannot be opened, or a log written with a pseudonym key missing here,
    // refuses to start; SQLite's other failures are reported and retried.
    log((error as Error).message);
    engine.close();
    return 1;
  }
  // Several workers: rate limits, history, replay checks, 👎 notices and index reloads go through Redis.
  let shared: SharedState | undefined;
  if (config.redisUrl) {
    try {
      shared = await connectShared(config, { engine, log });
    } catch (error) {
      log((error as Error).message);
      await answerLog.close();
      engine.close();
      return 1;
    }
  }
  // Only with MODERATOR_IDS; quotes are shown inside the passages of the index answering now.
  const moderatorConsole = await startModeratorConsole({
    config,
    log: answerLog,
    passages: (id) => engine.passage(id),
    indexVersion: () => engine.indexVersion(),
    // Several workers: sign-in links and sessions are shared, so /console works on any of them.
    redis: shared?.redis,
    report: log,
  });
  // Aborted at SIGINT/SIGTERM: sends waiting out a long 429 give up instead of holding the shutdown.
  const stopping = new AbortController();
  const bot = createBot({
    config,
    engine,
    answerLog,
    log,
    stopping: stopping.signal,
    history: shared?.history,
    rateLimit: shared?.rateLimiter,
    replayGuard: shared?.sendOnce,
    // Registered after /start, /help, /sources and the buttons, before the catch-all question handler.
    extraComposers: [createModerationComposer({ config, log: answerLog, engine, announce: shared?.announceIndex }), moderatorConsole.command],
  });
  const notifier = createDownvoteNotifier({
    config,
    log: answerLog,
    api: bot.api,
    onError: (error) => log(`👎 notice: ${error.message}`),
    perRater: shared?.noticeLimiter,
    claim: shared?.claimNotice,
  });
  const close = async () => {
    notifier.stop();
    await notifier.idle();
    await shared?.close();
    await moderatorConsole.close();
    await answerLog.close();
    engine.close();
  };

  let running;
  try {
    running = await launchBot(bot, config, { log, queue: shared?.queue });
  } catch (error) {
    log(error instanceof TelegramStartError ? error.message : `could not start the bot: ${describeError(error)}`);
    await close();
    return 1;
  }

  const stopped = new Promise<number>((resolve) => {
    let shuttingDown = false;
    const shutdown = async (signal: string) => {
      if (shuttingDown) return;
      shuttingDown = true;
      log(`${signal}: finishing answers in flight, then exiting`);
      setTimeout(() => {
        log("shutdown took too long; exiting now");
        process.exit(1);
      }, HARD_EXIT_MS).unref();
      stopping.abort();
      await running.stop(GRACE_MS);
      await close();
      resolve(0);
    };
    process.once("SIGINT", () => void shutdown("SIGINT"));
    process.once("SIGTERM", () => void shutdown("SIGTERM"));
    // Polling also ends by itself on a fatal error (401 revoked token, 409 another instance).
    void running.done.then(() => {
      if (shuttingDown) return;
      log("stopped receiving updates; exiting");
      void close().then(() => resolve(1));
    });
  });
  return stopped;
}

// A flag typed after `npm start --` used to be ignored silently: refuse it (exit 2) before starting.
await parseCommandLine({ options: { help: { type: "boolean", short: "h" } } }, USAGE);
runMain("briefing-bot", run);
