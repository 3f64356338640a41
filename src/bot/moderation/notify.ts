import type { Api } from "grammy";
import { redact, secretsOf, type Config } from "../../config.ts";
import type { AnswerLogStore } from "../../logs/store.ts";
import { createRateLimiter, type RateLimiter } from "../rateLimit.ts";
import { renderEntry, reviewKeyboard } from "./format.ts";

/** 👎 notices one user can cause per hour: enough for honest use, too few to flood the moderators. */
export const NOTICES_PER_RATER_PER_HOUR = 5;
const HOUR_MS = 3_600_000;

export interface DownvoteNotifierDeps {
  config: Config;
  log: AnswerLogStore;
  api: Api;
  /** Default: one redacted line on stderr. */
  onError?: (error: Error) => void;
  /** Milliseconds since the epoch; tests pass a fake clock. */
  now?: () => number;
  /** Shared per-user notice limit (workers); default: NOTICES_PER_RATER_PER_HOUR in this process. */
  perRater?: RateLimiter;
  /** True for the first worker to claim an entry's notice; without it this process is the only one. */
  claim?: (entryId: number) => Promise<boolean>;
}

export interface DownvoteNotifier {
  stop(): void;
  /** Resolves when every notice started so far has been sent or has failed. */
  idle(): Promise<void>;
}

/**
 * Posts each answer's first 👎 to MODERATOR_CHAT_ID with review buttons (handled by the review
 * composer), at most NOTICES_PER_RATER_PER_HOUR per user. Does nothing when MODERATOR_CHAT_ID is unset. Never delays or fails the 👎 itself.
 */
export function createDownvoteNotifier({ config, log, api, onError, now = Date.now, ...shared }: DownvoteNotifierDeps): DownvoteNotifier {
  const chatId = config.log.moderatorChatId;
  if (chatId === undefined) return { stop: () => {}, idle: async () => {} };
  const report = onError ?? ((e: Error) => console.error(`👎 notice: ${redact(e.message, secretsOf(config))}`));
  const inFlight = new Set<Promise<void>>();
  // The 👎 itself is always recorded; only the notice to the moderators is limited.
  const perRater: RateLimiter = shared.perRater ?? createRateLimiter(NOTICES_PER_RATER_PER_HOUR, now, HOUR_MS);

  const post = async (entryId: number) => {
    const entry = await log.get(entryId);
    if (!entry) return;
    await api.sendMessage(chatId, renderEntry(entry, "👎 <b>Rated down</b>"), {
      parse_mode: "HTML",
      reply_markup: reviewKeyboard(entry),
      link_preview_options: { is_disabled: true },
    });
  };

  const stop = log.onDownvote(({ entryId, raterId }) => {
    const p = (async () => {
      if (!(await perRater.take(raterId === null ? "unknown" : `user:${raterId}`)).allowed) return;
      if (shared.claim && !(await shared.claim(entryId))) return;
      await post(entryId);
    })()
      .catch((error: unknown) => report(error instanceof Error ? error : new Error(String(error))))
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  });

  return {
    stop,
    idle: async () => {
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
  };
}
