import { run, type RunnerHandle } from "@grammyjs/runner";
import type { Bot, Context } from "grammy";
import type { Update } from "grammy/types";
import { describeError, handleUpdateSafely } from "./errors.ts";

export interface PollingOptions {
  /** Long-polling timeout of each getUpdates call. Seconds. */
  pollTimeoutSeconds?: number;
  /** Pause before retrying a failed getUpdates; doubles each time. Milliseconds. */
  retryIntervalMs?: number;
  /** Updates handled at once across chats (each chat is still one at a time). */
  concurrency?: number;
  allowedUpdates?: ReadonlyArray<"message" | "callback_query">;
  log: (line: string) => void;
}

/** A running bot; `stop` is what SIGINT/SIGTERM should call. */
export interface BotProcess {
  /**
   * Stop taking updates, wait for the answers in flight (up to `graceMs`), then tell Telegram
   * which updates are done so none is answered twice after a restart. Resolves with the number of
   * updates left unfinished at the deadline (0 normally).
   */
  stop(graceMs?: number): Promise<number>;
  /** Settles when the process stops by itself (a fatal getUpdates error) or after `stop`. */
  done: Promise<void>;
}

export const DEFAULT_GRACE_MS = 8_000;

const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Long polling through @grammyjs/runner: updates of different chats run concurrently.
 * Call `bot.init()` first (the runner would otherwise call getMe itself, unguarded).
 */
export function startPolling(bot: Bot<Context>, options: PollingOptions): BotProcess {
  const { log } = options;
  /** update_id of every update fetched and not yet finished, for the offset to confirm at stop. */
  const unfinished = new Set<number>();
  let highestFetched = -1;

  // The runner sees the bot through this adapter, which counts what it fetches and finishes.
  const adapter = {
    init: () => bot.init(),
    errorHandler: (error: unknown) => log(`unhandled error: ${describeError(error)}`),
    handleUpdate: async (update: Update) => {
      try {
        await handleUpdateSafely(bot, update, log);
      } finally {
        unfinished.delete(update.update_id);
      }
    },
    api: {
      getUpdates: async (args: { offset: number; limit: number; timeout: number }, signal: Parameters<typeof bot.api.getUpdates>[1]) => {
        const updates = await bot.api.getUpdates(args, signal);
        for (const u of updates) {
          unfinished.add(u.update_id);
          highestFetched = Math.max(highestFetched, u.update_id);
        }
        return updates;
      },
    },
  };

  const handle: RunnerHandle = run(adapter, {
    runner: {
      fetch: { timeout: options.pollTimeoutSeconds ?? 30, allowed_updates: options.allowedUpdates },
      retryInterval: options.retryIntervalMs ?? "exponential",
      silent: true,
    },
    sink: { concurrency: options.concurrency ?? 100 },
  });
  // The runner only reports getUpdates failures on the console; say the same thing in our log.
  const task = handle.task();
  const done = (task ?? Promise.resolve()).catch((error: unknown) => {
    log(`polling stopped: ${describeError(error)}`);
  });

  let stopping: Promise<number> | undefined;
  async function stop(graceMs = DEFAULT_GRACE_MS): Promise<number> {
    const deadline = Date.now() + graceMs;
    if (handle.isRunning()) await handle.stop();
    while (unfinished.size > 0 && Date.now() < deadline) await delay(20);
    const left = unfinished.size;
    if (left > 0) log(`shutdown: ${left} update(s) still in flight after ${graceMs} ms`);
    // Telegram forgets every update below `offset`; unfinished ones stay for the next start.
    const offset = left > 0 ? Math.min(...unfinished) : highestFetched + 1;
    if (highestFetched >= 0) {
      try {
        await bot.api.getUpdates({ offset, limit: 1, timeout: 0 });
      } catch (error) {
        log(`shutdown: could not confirm offset ${offset}: ${describeError(error)}`);
      }
    }
    return left;
  }

  return {
    stop: (graceMs) => (stopping ??= stop(graceMs)),
    done,
  };
}
