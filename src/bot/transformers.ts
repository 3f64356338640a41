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
  /** A 429 asking to wait longer than this is given up rather than waited out. Seconds. */
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

/** The listener is removed when the pause ends: one signal may outlive many pauses (startup retries getMe for 30 s). */
const sleep = (ms: number, signal?: Signal) =>
  new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(t);
      reject(new Error("request aborted while waiting to retry"));
    };
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort);
  });

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

/**
 * Telegram fault handling for every API call the bot makes, innermost first: 429s wait
 * `retry_after` (capped), 5xx and network failures back off, HTML rejected by Telegram is resent
 * as plain text.
 */
export function installFaultHandling(api: Api, options: RetryOptions, log: (line: string) => void): void {
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
  api.config.use(retryServerErrors(options, log));
  api.config.use(plainTextFallback(log));
}
