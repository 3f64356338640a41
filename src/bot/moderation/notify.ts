import type { Api } from "grammy";
import { redact, secretsOf, type Config } from "../../config.ts";
import type { AnswerLogStore } from "../../logs/store.ts";
import { renderEntry, reviewKeyboard } from "./format.ts";

export interface DownvoteNotifierDeps {
  config: Config;
  log: AnswerLogStore;
  api: Api;
  /** Default: one redacted line on stderr. */
  onError?: (error: Error) => void;
}

export interface DownvoteNotifier {
  stop(): void;
  /** Resolves when every notice started so far has been sent or has failed. */
  idle(): Promise<void>;
}

/**
 * Posts each answer's first 👎 to MODERATOR_CHAT_ID with review buttons (handled by the review
 * composer). Does nothing when MODERATOR_CHAT_ID is unset. Never delays or fails the 👎 itself.
 */
export function createDownvoteNotifier({ config, log, api, onError }: DownvoteNotifierDeps): DownvoteNotifier {
  const chatId = config.log.moderatorChatId;
  if (chatId === undefined) return { stop: () => {}, idle: async () => {} };
  const report = onError ?? ((e: Error) => console.error(`👎 notice: ${redact(e.message, secretsOf(config))}`));
  const inFlight = new Set<Promise<void>>();

  const post = async (entryId: number) => {
    const entry = log.get(entryId);
    if (!entry) return;
    await api.sendMessage(chatId, renderEntry(entry, "👎 <b>Rated down</b>"), {
      parse_mode: "HTML",
      reply_markup: reviewKeyboard(entryId),
      link_preview_options: { is_disabled: true },
    });
  };

  const stop = log.onDownvote(({ entryId }) => {
    const p = post(entryId)
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
