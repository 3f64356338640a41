import type { Context, MiddlewareFn } from "grammy";
import { describeError } from "./errors.ts";
import type { RateLimiter } from "./rateLimit.ts";

/**
 * Who sent an update, for rate limits and follow-up history. Messages posted on behalf of a chat
 * (anonymous group admins, whom Telegram all shows as user 1087968824 "GroupAnonymousBot"; linked
 * channels) carry `sender_chat`: they are keyed by that chat, so anonymous admins of one group share
 * a bucket and a history, but never with another group's.
 */
export function senderKey(ctx: Context): string | undefined {
  const senderChat = ctx.msg?.sender_chat;
  if (senderChat) return `chat:${senderChat.id}`;
  return ctx.from ? `user:${ctx.from.id}` : undefined;
}

/**
 * True when the bot will reply to this update: a button press, anything in a private chat, and in
 * groups a command for this bot, a mention of it or a reply to it. Group chatter is not counted.
 */
export function isAddressedToBot(ctx: Context): boolean {
  if (ctx.callbackQuery) return true;
  const msg = ctx.message;
  if (!msg || !ctx.chat) return false;
  if (ctx.chat.type === "private") return true;
  if (msg.reply_to_message?.from?.id === ctx.me.id) return true;
  const text = msg.text ?? msg.caption ?? "";
  const me = ctx.me.username.toLowerCase();
  return (msg.entities ?? msg.caption_entities ?? []).some((e) => {
    // offsets are UTF-16 code units, as Telegram counts them and as String.slice indexes
    const word = text.slice(e.offset, e.offset + e.length).toLowerCase();
    if (e.type === "bot_command") return e.offset === 0 && (!word.includes("@") || word.endsWith(`@${me}`));
    if (e.type === "mention") return word === `@${me}`;
    return e.type === "text_mention" && e.user.id === ctx.me.id;
  });
}

/**
 * What a chat is told, once per backlog, when its updates over MAX_WAITING_PER_CHAT are skipped. Sent
 * once (no spam), so it names every message it covers: this one and any more until the replies arrive.
 */
export const CHAT_FULL_NOTICE =
  "Too many messages are waiting for an answer in this chat, so I skipped this one and will skip any more you send before I reply. Please send them again once I have answered.";

/**
 * Tells the sender an update was refused: a reply to the message, or the answer to a button press.
 * Never throws (a notice that cannot be sent is logged): the refusal stands either way.
 */
export async function sendRefusalNotice(ctx: Context, text: string, log: (line: string) => void): Promise<void> {
  try {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text });
    else if (ctx.chat) {
      await ctx.api.sendMessage(ctx.chat.id, text, {
        reply_parameters: ctx.msg ? { message_id: ctx.msg.message_id, allow_sending_without_reply: true } : undefined,
        message_thread_id: ctx.msg?.is_topic_message ? ctx.msg.message_thread_id : undefined,
      });
    }
  } catch (error) {
    log(`update ${ctx.update.update_id}: notice failed: ${describeError(error)}`);
  }
}

export interface AdmissionOptions {
  /** Per-sender requests per minute; absent: no limit (the local chat). */
  limiter?: RateLimiter;
  /** Updates of one chat admitted and not yet finished (running or queued behind each other). */
  maxWaitingPerChat: number;
  /** Senders the rate limit does not apply to (moderators). */
  isExempt?: (ctx: Context) => boolean;
  /** Button presses that cost nothing but a callback answer, so the question limit skips them. */
  isFree?: (ctx: Context) => boolean;
  log: (line: string) => void;
}

export interface Admission {
  /** Register before `sequentialize`: it must see every update the moment it arrives. */
  middleware: MiddlewareFn<Context>;
  /** Updates admitted per chat and not yet finished; for tests and diagnostics. */
  waiting(chatId: number): number;
}

/**
 * Admission control in front of the per-chat queue. An update refused here (sender over the rate
 * limit, or its chat already holding `maxWaitingPerChat` updates) finishes at once, so it never
 * holds one of the runner's concurrent slots or a webhook connection while it waits behind its
 * chat's other updates. Each refusal streak gets at most one notice.
 */
export function createAdmission(options: AdmissionOptions): Admission {
  const waiting = new Map<number, number>();
  /** Chats sent a notice during their current backlog; forgotten once it drains. */
  const noticed = new Set<number>();
  const notify = (ctx: Context, text: string) => sendRefusalNotice(ctx, text, options.log);

  const middleware: MiddlewareFn<Context> = async (ctx, next) => {
    const addressed = isAddressedToBot(ctx);
    const chatId = ctx.chat?.id;
    const backlog = chatId === undefined ? 0 : (waiting.get(chatId) ?? 0);
    // One notice per chat while its backlog lasts, whichever check refused.
    const noticeOnce = async (text: string) => {
      if (chatId !== undefined && backlog > 0) {
        if (noticed.has(chatId)) return;
        noticed.add(chatId);
      }
      await notify(ctx, text);
    };

    if (chatId !== undefined && backlog >= options.maxWaitingPerChat) {
      if (addressed) await noticeOnce(CHAT_FULL_NOTICE);
      return;
    }
    const key = senderKey(ctx);
    if (addressed && key && options.limiter && !options.isExempt?.(ctx) && !options.isFree?.(ctx)) {
      const pending = options.limiter.take(key);
      // Awaited only when the store is asynchronous: a synchronous verdict keeps arrival order.
      const verdict = pending instanceof Promise ? await pending : pending;
      if (!verdict.allowed) {
        if (verdict.notify) await noticeOnce(`You're asking faster than I can answer well. Please try again in ${verdict.retryAfterSeconds} s.`);
        return;
      }
    }
    if (chatId === undefined) return next();
    waiting.set(chatId, (waiting.get(chatId) ?? 0) + 1);
    try {
      await next();
    } finally {
      const left = (waiting.get(chatId) ?? 1) - 1;
      if (left > 0) waiting.set(chatId, left);
      else {
        waiting.delete(chatId);
        noticed.delete(chatId);
      }
    }
  };

  return { middleware, waiting: (chatId) => waiting.get(chatId) ?? 0 };
}
