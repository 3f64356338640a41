import { Context, GrammyError, type Bot } from "grammy";
import type { Update } from "grammy/types";
import { safeUrl, type Config } from "../config.ts";
import type { UpdateQueue } from "../cluster/queue.ts";
import { CHAT_FULL_NOTICE, isAddressedToBot, sendRefusalNotice } from "./admission.ts";
import { describeError, handleUpdateSafely } from "./errors.ts";
import { startPolling, type BotProcess, type PollingOptions } from "./polling.ts";
import { COMMANDS } from "./start.ts";
import { startWebhook } from "./webhook.ts";

/** The bot could not start receiving updates; the message is one sentence naming the fix. */
export class TelegramStartError extends Error {
  override name = "TelegramStartError";
}

/** The update types the handlers use; Telegram sends no others. */
const ALLOWED_UPDATES = ["message", "callback_query"] as const;

/** Told at shutdown to the sender of each update the bot had no time to answer. */
export const RESTART_NOTICE = "I am restarting and could not finish answering this. Please send it again in a minute.";

/** How long startup may keep trying to reach Telegram before it fails (milliseconds). */
const STARTUP_TIMEOUT_MS = 30_000;

export interface LaunchOptions {
  log: (line: string) => void;
  polling?: Omit<PollingOptions, "log">;
  /** Interface the webhook server listens on. */
  webhookHost?: string;
  /** How long to keep trying to reach Telegram at start; milliseconds (default 30 s). */
  startupTimeoutMs?: number;
  /** Workers (webhook mode with REDIS_URL): updates are acknowledged once queued and answered from the queue. */
  queue?: UpdateQueue;
}

/**
 * Connect to Telegram (getMe), register the command menu, then receive updates by webhook when
 * WEBHOOK_URL is set and by long polling otherwise.
 */
export async function launchBot(bot: Bot<Context>, config: Config, options: LaunchOptions): Promise<BotProcess> {
  const { log } = options;
  const timeoutMs = options.startupTimeoutMs ?? STARTUP_TIMEOUT_MS;
  const deadline = AbortSignal.timeout(timeoutMs);
  try {
    // grammY retries getMe on network errors for ever; give up after a while with a clear message.
    await bot.init(deadline as Parameters<typeof bot.init>[0]);
  } catch (error) {
    if (error instanceof GrammyError && error.error_code === 401) {
      throw new TelegramStartError("Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized); copy the token again from @BotFather (/mybots → API Token).", { cause: error });
    }
    // At the deadline grammY reports only its own "Aborted delay"; the failures were logged as they came.
    const reason = deadline.aborted ? `no answer within ${timeoutMs / 1000} s; the lines above say why` : describeError(error);
    throw new TelegramStartError(`Could not reach the Telegram Bot API at ${safeUrl(config.telegram.apiRoot ?? "https://api.telegram.org")} (${reason}); check the network or TELEGRAM_API_ROOT.`, { cause: error });
  }
  log(`connected to Telegram as @${bot.botInfo.username}`);
  await bot.api.setMyCommands([...COMMANDS]).catch((error: unknown) => log(`setMyCommands failed: ${describeError(error)}`));

  // The senders of updates still unanswered when the shutdown grace ends are asked to send them again.
  const tellAbandoned = async (updates: Update[]) => {
    await Promise.all(
      updates.map((update) => {
        const ctx = new Context(update, bot.api, bot.botInfo);
        return isAddressedToBot(ctx) ? sendRefusalNotice(ctx, RESTART_NOTICE, log) : undefined;
      }),
    );
  };
  const webhook = config.telegram.webhook;
  if (webhook) {
    const queue = options.queue;
    const host = options.webhookHost ?? "0.0.0.0";
    const server = await startWebhook(bot, {
      dispatch:
        queue &&
        (async (update) => {
          if ((await queue.enqueue(update)) !== "chat-full") return;
          log(`update ${update.update_id}: too many questions are waiting in its chat; dropped`);
          // The single process's one notice per backlog, claimed in Redis so that a chat whose
          // updates are refused by several workers still hears it once. Not awaited: Telegram's
          // acknowledgement must not wait for a send that may be retried.
          const ctx = new Context(update, bot.api, bot.botInfo);
          if (ctx.chat && isAddressedToBot(ctx) && (await queue.claimFullNotice(ctx.chat.id))) void sendRefusalNotice(ctx, CHAT_FULL_NOTICE, log);
        }),
      // Workers: a queued job left unfinished is taken over by another worker, nobody is told.
      onAbandoned: queue ? undefined : tellAbandoned,
      port: webhook.port,
      secret: webhook.secret,
      path: new URL(webhook.url).pathname || "/",
      host,
      log,
    }).catch((error: NodeJS.ErrnoException) => {
      const why = error.code === "EADDRINUSE" ? `port ${webhook.port} is in use` : error.code === "EACCES" ? `port ${webhook.port} needs privileges` : describeError(error);
      throw new TelegramStartError(`The webhook server could not listen on ${host}:${webhook.port}: ${why}; set PORT to a free port (the one your proxy forwards WEBHOOK_URL to).`, { cause: error });
    });
    await bot.api.setWebhook(webhook.url, { secret_token: webhook.secret, allowed_updates: ALLOWED_UPDATES });
    log(`webhook mode: listening on port ${server.port} for ${new URL(webhook.url).origin}${queue ? `, answering from the shared job queue as worker ${queue.workerName}` : ""}`);
    if (!queue) return server;
    queue.work((update) => handleUpdateSafely(bot, update, log));
    return {
      ...server,
      // Jobs still running when the grace ends are taken over by another worker once their lock expires.
      stop: async (graceMs) => {
        const left = await server.stop(graceMs);
        await Promise.race([queue.close(), new Promise((r) => setTimeout(r, Math.min(graceMs ?? 8_000, 1_000)).unref())]);
        return left;
      },
    };
  }
  // getUpdates is refused while a webhook is set; keep its pending updates (drop_pending_updates false).
  await bot.api.deleteWebhook({ drop_pending_updates: false });
  log("long polling for updates");
  return startPolling(bot, {
    ...options.polling,
    log,
    allowedUpdates: ALLOWED_UPDATES,
    onAbandoned: tellAbandoned,
  });
}
