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
  /**
   * Called at stop with the updates still unfinished when the grace ends, to tell their senders;
   * given at most `ABANDON_NOTICE_MS`. Telegram has usually forgotten them already.
   */
  onAbandoned?: (updates: Update[]) => Promise<void>;
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
/**
 * What stop spends telling the senders of abandoned updates, after the grace. Milliseconds; small,
 * since main.ts exits at 9.5 s whatever happens (8 s grace, this, then closing).
 */
export const ABANDON_NOTICE_MS = 500;

const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Long polling through @grammyjs/runner: updates of different chats run concurrently.
 * Call `bot.init()` first (the runner would otherwise call getMe itself, unguarded).
 */
export function startPolling(bot: Bot<Context>, options: PollingOptions): BotProcess {
  const { log } = options;
  /** Every update fetched and not yet finished, by update_id: for the offset to confirm at stop. */
  const unfinished = new Map<number, Update>();
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
          unfinished.set(u.update_id, u);
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
    if (left > 0) {
      log(`shutdown: ${left} update(s) still in flight after ${graceMs} ms; asking their senders to send them again`);
      // The runner's next getUpdates has normally confirmed them already: a restart will not see them.
      const abandoned = [...unfinished.values()];
      await Promise.race([options.onAbandoned?.(abandoned).catch((error: unknown) => log(`shutdown: ${describeError(error)}`)), delay(ABANDON_NOTICE_MS)]);
    }
    // Telegram forgets every update below `offset`; unfinished ones not yet confirmed (the runner
    // had not fetched again) stay for the next start.
    const offset = left > 0 ? Math.min(...unfinished.keys()) : highestFetched + 1;
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
