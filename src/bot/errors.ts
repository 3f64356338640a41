import { BotError, GrammyError, HttpError, type Bot, type Context } from "grammy";
import type { Update } from "grammy/types";

const APOLOGY = "Sorry, something went wrong while answering that. Please try again in a moment.";

export function describeError(error: unknown): string {
  if (error instanceof GrammyError) return `GrammyError: ${error.method} answered ${error.error_code} (${error.description})`;
  if (error instanceof HttpError) {
    // The network error's code only: its message holds the request URL, and the URL the token.
    const code = networkCode(error.error);
    return `HttpError: ${error.message}${code ? ` (${code})` : ""}`;
  }
  if (error instanceof Error) return `${error.name}: ${error.message}${error.cause instanceof Error ? ` (cause: ${error.cause.message})` : ""}`;
  return String(error);
}

/** "ECONNREFUSED", "ETIMEDOUT"…: what went wrong with a request that got no answer. */
function networkCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[A-Z_]+$/.test(code) ? code : undefined;
}

/**
 * The error boundary for `bot.catch`: log the failure, give the user a short apology, keep running.
 * No apology when Telegram itself refused the chat (403: blocked, kicked), since it cannot arrive.
 */
export function createErrorBoundary(log: (line: string) => void): (err: BotError<Context>) => Promise<void> {
  return async (err) => {
    const { ctx, error } = err;
    log(`update ${ctx.update.update_id} failed: ${describeError(error)}`);
    if (error instanceof GrammyError && error.error_code === 403) return;
    try {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: APOLOGY });
      else if (ctx.chat) {
        await ctx.api.sendMessage(ctx.chat.id, APOLOGY, {
          reply_parameters: ctx.msg ? { message_id: ctx.msg.message_id, allow_sending_without_reply: true } : undefined,
          // else a forum's apology lands in its General topic, away from the question
          message_thread_id: ctx.msg?.is_topic_message ? ctx.msg.message_thread_id : undefined,
        });
      }
    } catch (apologyError) {
      log(`update ${ctx.update.update_id}: the apology failed too: ${describeError(apologyError)}`);
    }
  };
}

/**
 * `bot.handleUpdate` that never rejects: grammY hands middleware errors back to the caller as a
 * BotError, and every update source (polling, webhook, local chat) routes them to `bot.catch`.
 */
export async function handleUpdateSafely(bot: Bot<Context>, update: Update, log: (line: string) => void): Promise<void> {
  try {
    await bot.handleUpdate(update);
  } catch (error) {
    try {
      if (error instanceof BotError) await bot.errorHandler(error);
      else throw error;
    } catch (unhandled) {
      log(`update ${update.update_id}: unhandled error: ${describeError(unhandled)}`);
    }
  }
}
