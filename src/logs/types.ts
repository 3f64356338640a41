import type { Answer } from "../answer/types.ts";

export type Channel = "telegram" | "chat" | "cli";
export type Rating = "up" | "down";

/**
 * What became of a 👍/👎: `saved`; `unknown` when the log has no such entry (purged by
 * LOG_RETENTION_DAYS, or the log was replaced), so trying again cannot help; `failed` when the write failed.
 */
export type FeedbackResult = "saved" | "unknown" | "failed";

/** What a front end knows about one handled question. Ids are raw here; the log pseudonymises them. */
export interface AnswerRecord {
  channel: Channel;
  /** Telegram chat type ("private", "group", "supergroup"), or null outside Telegram. */
  chatType: string | null;
  userId: number | null;
  chatId: number | null;
  /** Telegram update_id: unique in the log, so a replayed update is not logged twice. */
  updateId: number | null;
  question: string;
  /** Null when a fault prevented any answer; then `error` says what happened. */
  answer: Answer | null;
  latencyMs: number;
  error?: string;
}

/**
 * The answer log as the front ends see it. Implementations must never reject from these methods:
 * logging never costs the user the reply, so a failed write is counted and reported instead.
 */
export interface AnswerLog {
  /** True when this Telegram update was already answered and logged: do not answer it again. */
  hasUpdate(updateId: number): Promise<boolean>;
  /** Returns the entry's id (for feedback buttons), or null when the write failed. */
  record(entry: AnswerRecord): Promise<number | null>;
  /** Marks a recorded answer that Telegram did not deliver (blocked, retries spent); `reason` says why. */
  undelivered(entryId: number, reason: string): Promise<void>;
  /**
   * Records a 👍/👎 on an entry; "unknown" when there is no such entry, or when `chat` (where the
   * button was pressed) is not the chat the entry was answered in: entry ids start again in a new
   * log (a rotated key, a log moved aside) and, on SQLite, once retention has purged every entry.
   */
  feedback(entryId: number, rating: Rating, userId: number | null, chat?: PressedIn): Promise<FeedbackResult>;
}

/** The chat a 👍/👎 button was pressed in. */
export interface PressedIn {
  id: number;
  /** Telegram's chat type: "private", "group", "supergroup", "channel". */
  type: string;
}
