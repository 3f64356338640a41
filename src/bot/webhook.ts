import { timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Bot, Context } from "grammy";
import type { Update } from "grammy/types";
import { describeError, handleUpdateSafely } from "./errors.ts";
import { ABANDON_NOTICE_MS, type BotProcess } from "./polling.ts";

export interface WebhookOptions {
  port: number;
  /** Telegram sends it in X-Telegram-Bot-Api-Secret-Token on every request. */
  secret: string;
  /** Only this path is served (the path of WEBHOOK_URL). */
  path: string;
  host?: string;
  /**
   * Takes the update instead of handling it here (workers: puts it in the job queue). The request
   * is answered 200 once it resolves and 500 when it rejects, so Telegram delivers the update again.
   */
  dispatch?: (update: Update) => Promise<void>;
  /**
   * Called at stop with the updates still unfinished when the grace ends, to tell their senders;
   * given at most `ABANDON_NOTICE_MS`. Telegram delivers them again, but one already in the answer
   * log (cut off while its answer was being sent) is then dropped as a replay.
   */
  onAbandoned?: (updates: Update[]) => Promise<void>;
  /** Update ids remembered to drop Telegram's redeliveries. */
  rememberUpdates?: number;
  log: (line: string) => void;
}

const MAX_BODY_BYTES = 1_000_000;

function sameSecret(given: string | string[] | undefined, secret: string): boolean {
  if (typeof given !== "string") return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error(`request body over ${MAX_BODY_BYTES} bytes`));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/**
 * Webhook mode: an HTTP server that checks the secret token on every request (401 and no handler
 * run when it is wrong or missing), drops updates it has already seen, and answers Telegram once
 * the update is handled. Nothing is answered 2xx that was not taken: from `stop` on, requests get
 * 503, and Telegram delivers them again. Call `bot.init()` first. Resolves once the server listens.
 */
export async function startWebhook(bot: Bot<Context>, options: WebhookOptions): Promise<BotProcess & { port: number }> {
  const { log } = options;
  const remember = options.rememberUpdates ?? 10_000;
  const seen = new Set<number>(); // insertion-ordered: the first is the oldest
  /** Updates being handled, by update_id: a redelivery of one of them waits for its outcome. */
  const inFlight = new Map<number, { update: Update; handling: Promise<void> }>();
  let closing = false;

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const reply = (status: number, body = "") => {
      if (!res.headersSent) res.writeHead(status, { "content-type": "text/plain" }).end(body);
    };
    // Not `new URL(req.url)`: a request line such as "GET //" would make it throw.
    const pathname = (req.url ?? "/").split("?")[0];
    if (pathname !== options.path) return reply(404, "not found");
    if (req.method !== "POST") return reply(405, "use POST");
    if (!sameSecret(req.headers["x-telegram-bot-api-secret-token"], options.secret)) return reply(401, "unauthorized");
    // A request on a connection kept alive past `stop` would be handled after the engine closed, or
    // cut off unanswered: refuse it, and Telegram delivers the update again (to the next process).
    if (closing) {
      res.setHeader("connection", "close");
      return reply(503, "stopping");
    }
    let update: Update;
    try {
      update = JSON.parse(await readBody(req)) as Update;
      if (!Number.isInteger(update?.update_id)) throw new Error("no update_id");
    } catch (error) {
      return reply(400, `bad update: ${error instanceof Error ? error.message : String(error)}`);
    }
    const original = inFlight.get(update.update_id)?.handling;
    if (original) {
      // Telegram gave up on the first call (timeout) and sent it again: answer 200 only once the
      // first is taken, since a first that fails or is cut off at shutdown would otherwise be lost.
      await original;
      return reply(200, "duplicate");
    }
    if (seen.has(update.update_id)) return reply(200, "duplicate");
    seen.add(update.update_id);
    if (seen.size > remember) seen.delete(seen.values().next().value!);

    const handling = options.dispatch ? options.dispatch(update) : handleUpdateSafely(bot, update, log);
    inFlight.set(update.update_id, { update, handling });
    try {
      await handling;
    } catch (error) {
      // Not taken: the redelivery Telegram makes after the 500 must not be dropped as seen.
      seen.delete(update.update_id);
      throw error;
    } finally {
      inFlight.delete(update.update_id);
    }
    reply(200, "ok");
  };
  // Whatever a request does, it must not take the process down with it.
  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log(`webhook request failed: ${describeError(error)}`);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" }).end("error");
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "0.0.0.0", () => resolve());
  });
  const closed = new Promise<void>((resolve) => server.once("close", () => resolve()));

  let stopping: Promise<number> | undefined;
  async function stop(graceMs = 8_000): Promise<number> {
    closing = true;
    const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const deadline = new Promise<"late">((r) => setTimeout(() => r("late"), graceMs).unref());
    await Promise.race([Promise.allSettled([...inFlight.values()].map((f) => f.handling)), deadline]);
    const left = inFlight.size;
    if (left > 0) {
      log(`shutdown: ${left} webhook update(s) still in flight after ${graceMs} ms${options.onAbandoned ? "; asking their senders to send them again" : ""}`);
      const abandoned = [...inFlight.values()].map((f) => f.update);
      const notified = options.onAbandoned?.(abandoned).catch((error: unknown) => log(`shutdown: ${describeError(error)}`));
      await Promise.race([notified, new Promise((r) => setTimeout(r, ABANDON_NOTICE_MS).unref())]);
    }
    server.closeAllConnections();
    await serverClosed;
    return left;
  }

  return {
    port: (server.address() as AddressInfo).port,
    stop: (graceMs) => (stopping ??= stop(graceMs)),
    done: closed,
  };
}
