import { autoRetry } from "@grammyjs/auto-retry";
import { HttpError, type Api, type Transformer } from "grammy";
import { describeError } from "./errors.ts";
import { htmlToPlain } from "./html.ts";

export interface RetryOptions {
  /** Attempts in all for a 5xx or network failure (first try included). */
  maxAttempts: number;
  /** First pause before retrying a 5xx or network failure; doubles each time. Milliseconds. */
  baseDelayMs: number;
  /** Longest pause between attempts. Milliseconds. */
  maxDelayMs: number;
  /**
   * A 429 asking to wait up to this long is waited out by @grammyjs/auto-retry; a longer one by
   * `waitOutLongRateLimits`, which gives up when the bot stops. Seconds.
   */
  maxRetryAfterSeconds: number;
  /** How many 429s in a row one call may wait out. */
  maxRateLimitRetries: number;
}

export const DEFAULT_RETRY: RetryOptions = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterSeconds: 60,
  maxRateLimitRetries: 3,
};

type Signal = {
  addEventListener(type: "abort", listener: () => void): void;
  removeEventListener(type: "abort", listener: () => void): void;
};

/** The listeners are removed when the pause ends: one signal may outlive many pauses (startup retries getMe for 30 s). */
const sleep = (ms: number, ...signals: Array<Signal | undefined>) =>
  new Promise<void>((resolve, reject) => {
    const off = () => {
      for (const signal of signals) signal?.removeEventListener("abort", onAbort);
    };
    const onAbort = () => {
      clearTimeout(t);
      off();
      reject(new Error("request aborted while waiting to retry"));
    };
    const t = setTimeout(() => {
      off();
      resolve();
    }, ms);
    for (const signal of signals) signal?.addEventListener("abort", onAbort);
  });

/**
 * A 429 whose `retry_after` is beyond auto-retry's limit (a group's 20 messages a minute, a flood
 * wait): wait it out and send again rather than drop the answer. Only this call waits: the chat's
 * own queue waits behind it (Telegram refuses that chat anyway), other chats go on. Gives up,
 * returning the 429, once `stopping` aborts: shutdown must not wait minutes.
 */
function waitOutLongRateLimits(options: RetryOptions, log: (line: string) => void, stopping?: AbortSignal): Transformer {
  return async (prev, method, payload, signal) => {
    for (let waited = 0; ; waited++) {
      const res = await prev(method, payload, signal);
      const seconds = res.ok ? undefined : res.parameters?.retry_after;
      if (res.ok || res.error_code !== 429 || seconds === undefined || method === "getUpdates" || waited >= options.maxRateLimitRetries || stopping?.aborted) {
        return res;
      }
      log(`telegram ${method} answered 429 (${res.description}); waiting ${seconds} s before sending again, longer than the ${options.maxRetryAfterSeconds} s retried at once`);
      try {
        await sleep(seconds * 1000, signal, stopping);
      } catch {
        log(`telegram ${method}: gave up waiting out a 429 (the bot is stopping or the request was aborted)`);
        return res;
      }
    }
  };
}

/**
 * A group upgraded to a supergroup has a new chat id, and Telegram refuses sends to the old one
 * (400 with `migrate_to_chat_id`). Send again to the new id, and straight there from then on
 * (updates still queued from the old group). `rebind` re-signs buttons bound to the old chat.
 */
function followChatMigration(
  log: (line: string) => void,
  rebind: (payload: Record<string, unknown>, from: number, to: number) => Record<string, unknown>,
  onMoved: (from: number, to: number) => void | Promise<void>,
): Transformer {
  const movedTo = new Map<number, number>();
  return async (prev, method, payload, signal) => {
    const from = (payload as { chat_id?: unknown }).chat_id;
    if (typeof from !== "number") return prev(method, payload, signal);
    const known = movedTo.get(from);
    if (known !== undefined) return prev(method, rebind({ ...payload, chat_id: known }, from, known) as typeof payload, signal);
    const res = await prev(method, payload, signal);
    const to = res.ok ? undefined : res.parameters?.migrate_to_chat_id;
    if (to === undefined) return res;
    movedTo.set(from, to);
    log(`telegram ${method}: the group was upgraded to a supergroup; sending to its new chat id`);
    await onMoved(from, to);
    return prev(method, rebind({ ...payload, chat_id: to }, from, to) as typeof payload, signal);
  };
}

/**
 * Retries 5xx answers and network failures with exponential backoff. Not getUpdates: the runner
 * retries that itself and must be able to abort it at shutdown. 4xx (403 blocked, 400 bad
 * request) are final and pass through untouched.
 */
function retryServerErrors(options: RetryOptions, log: (line: string) => void): Transformer {
  return async (prev, method, payload, signal) => {
    if (method === "getUpdates") return prev(method, payload, signal);
    for (let attempt = 1; ; attempt++) {
      const delay = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
      try {
        const res = await prev(method, payload, signal);
        if (res.ok || res.error_code < 500 || attempt >= options.maxAttempts) return res;
        log(`telegram ${method} answered ${res.error_code} (${res.description}); retry ${attempt} in ${delay} ms`);
      } catch (error) {
        if (!(error instanceof HttpError) || signal?.aborted || attempt >= options.maxAttempts) throw error;
        log(`telegram ${method} failed (${describeError(error)}); retry ${attempt} in ${delay} ms`);
      }
      await sleep(delay, signal);
    }
  };
}

/**
 * When Telegram rejects our HTML ("can't parse entities"), resend the same text as plain text:
 * the user gets the answer without formatting rather than no answer.
 */
function plainTextFallback(log: (line: string) => void): Transformer {
  return async (prev, method, payload, signal) => {
    const res = await prev(method, payload, signal);
    if (res.ok || res.error_code !== 400 || !/can't parse entities/i.test(res.description)) return res;
    const p = payload as { text?: unknown; parse_mode?: unknown };
    if ((method !== "sendMessage" && method !== "editMessageText") || p.parse_mode !== "HTML" || typeof p.text !== "string") {
      return res;
    }
    log(`telegram rejected HTML in ${method} (${res.description}); resending as plain text`);
    const { parse_mode: _dropped, ...rest } = payload as Record<string, unknown>;
    return prev(method, { ...rest, text: toPlainLeniently(p.text) } as typeof payload, signal);
  };
}

function toPlainLeniently(html: string): string {
  try {
    return htmlToPlain(html);
  } catch {
    return html
      .replace(/<[^>]*>/g, "")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, "&");
  }
}

export interface FaultHandlingHooks {
  /** Aborted when the bot begins to stop: long 429 waits give up. */
  stopping?: AbortSignal;
  /** A payload moved from chat `from` to `to` (a group upgraded to a supergroup), with chat-bound data re-signed. */
  rebind?: (payload: Record<string, unknown>, from: number, to: number) => Record<string, unknown>;
  /** Told once when a send finds its group upgraded to a supergroup (history follows it there). */
  onChatMoved?: (from: number, to: number) => void | Promise<void>;
}

/**
 * Telegram fault handling for every API call the bot makes, innermost first: 429s wait
 * `retry_after` (short ones at once, long ones until the bot stops), 5xx and network failures back
 * off, sends to a group upgraded to a supergroup go to its new id, HTML rejected by Telegram is
 * resent as plain text.
 */
export function installFaultHandling(api: Api, options: RetryOptions, log: (line: string) => void, hooks: FaultHandlingHooks = {}): void {
  // Order matters: each transformer wraps the ones installed before it.
  api.config.use(
    autoRetry({
      maxRetryAttempts: options.maxRateLimitRetries,
      maxDelaySeconds: options.maxRetryAfterSeconds,
      // 5xx and network failures are retried below with our own (configurable) backoff
      rethrowInternalServerErrors: true,
      rethrowHttpErrors: true,
    }),
  );
  api.config.use(waitOutLongRateLimits(options, log, hooks.stopping));
  api.config.use(retryServerErrors(options, log));
  api.config.use(followChatMigration(log, hooks.rebind ?? ((payload) => payload), hooks.onChatMoved ?? (() => undefined)));
  api.config.use(plainTextFallback(log));
}
