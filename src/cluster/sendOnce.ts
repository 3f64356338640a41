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
 * How long a worker's claim to be sending an update's answer holds unless renewed by its next send:
 * seconds. Shorter than the job queue's lock (10 s), so the claim of a worker that died is gone by
 * the time its job is retried.
 */
const SENDING_CLAIM_TTL_S = 5;

/**
 * At most one answer per update across workers. A job retried after its worker died runs the
 * handlers again; before its first message it claims the update id (SET NX), and when the claim
 * is already taken, the update was answered and nothing is sent. Register where the answer log's
 * replay check would go: the retried job must not be dropped just because it was logged.
 *
 * The claim is two-phase: "sending" while the answer goes out, renewed by each message and lasting
 * a few seconds, then "sent" for a day once the handlers finish. A worker killed while sending leaves
 * a "sending" claim that expires before its job is retried (the job's lock lasts longer), so the retry
 * answers again: at worst a duplicated part, never a lost answer.
 */
export function createSendOnce(redis: Redis, onError: (error: Error) => void, sendingClaimS = SENDING_CLAIM_TTL_S): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const key = `${KEY_PREFIX}sent:${ctx.update.update_id}`;
    let claimed = false;
    ctx.api.config.use(async (prev, method, payload, signal) => {
      if (SENDING.has(method)) {
        let won = true;
        try {
          // The first message takes the claim; each later one renews it.
          if (claimed) await redis.set(key, "sending", "EX", sendingClaimS);
          else won = (await redis.set(key, "sending", "EX", sendingClaimS, "NX")) === "OK";
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
      return;
    }
    if (!claimed) return;
    try {
      await redis.set(key, "sent", "EX", UPDATE_CLAIM_TTL_S);
    } catch (error) {
      onError(error as Error);
    }
  };
}
