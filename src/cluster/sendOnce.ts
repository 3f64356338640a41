import type { Context, MiddlewareFn } from "grammy";
import type { Redis } from "ioredis";
import { KEY_PREFIX } from "./redis.ts";

/** How long an update id is remembered: Telegram gives up redelivering long before. Seconds. */
const UPDATE_CLAIM_TTL_S = 24 * 3600;

/** Methods that put something new in a chat: the ones an update must not do twice. */
const SENDING = new Set(["sendMessage", "sendPhoto", "sendDocument", "copyMessage", "forwardMessage"]);

/** Thrown instead of sending when another worker already answered this update; ends it quietly. */
export class AlreadyAnsweredError extends Error {
  override name = "AlreadyAnsweredError";
}

/**
 * At most one answer per update across workers. A job retried after its worker died runs the
 * handlers again; before its first message it claims the update id (SET NX), and when the claim
 * is already taken, the update was answered and nothing is sent. Register where the answer log's
 * replay check would go: the retried job must not be dropped just because it was logged.
 *
 * The claim is taken just before sending, so a worker that dies while working on an answer leaves
 * it to the retry; only a death between the claim and Telegram's reply (milliseconds) loses it.
 */
export function createSendOnce(redis: Redis, onError: (error: Error) => void): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const key = `${KEY_PREFIX}sent:${ctx.update.update_id}`;
    let claimed = false;
    ctx.api.config.use(async (prev, method, payload, signal) => {
      if (!claimed && SENDING.has(method)) {
        let won = true;
        try {
          won = (await redis.set(key, "1", "EX", UPDATE_CLAIM_TTL_S, "NX")) === "OK";
        } catch (error) {
          // Unknown is answered: a duplicate reply is better than none.
          onError(error as Error);
        }
        if (!won) throw new AlreadyAnsweredError(`update ${ctx.update.update_id} was already answered by another worker`);
        claimed = true;
      }
      return prev(method, payload, signal);
    });
    try {
      await next();
    } catch (error) {
      if (!(error instanceof AlreadyAnsweredError)) throw error;
    }
  };
}
