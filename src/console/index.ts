import type { Composer, Context } from "grammy";
import { createConsoleCommand } from "../bot/moderation/console.ts";
import type { Config } from "../config.ts";
import type { AnswerLogStore } from "../logs/store.ts";
import type { PassageLookup } from "./answerPage.ts";
import type { Redis } from "ioredis";
import { KEY_PREFIX } from "../cluster/redis.ts";
import { createConsoleAuth, createRedisConsoleAuth } from "./auth.ts";
import { startConsole, type RunningConsole } from "./server.ts";

export { ConsoleStartError } from "./server.ts";

export interface ModeratorConsoleDeps {
  config: Config;
  log: AnswerLogStore;
  passages?: PassageLookup;
  indexVersion?: () => string;
  /** Milliseconds since the epoch, for links, sessions and the insights window; tests pass a fake clock. */
  now?: () => number;
  /** With several workers (REDIS_URL): sign-in links and sessions are kept here, shared by all. */
  redis?: Redis;
  /** Progress and failures for the operator; never given a secret. */
  report: (line: string) => void;
}

export interface ModeratorConsole {
  /** /console for the bot; answers even when the server could not start, saying so. */
  command: Composer<Context>;
  /** Undefined when the server is not running. */
  server?: RunningConsole;
  close(): Promise<void>;
}

/**
 * Starts the console's web server when MODERATOR_IDS is set, and returns the /console command that
 * hands moderators their sign-in links. A port that cannot be had is reported, not fatal: the bot
 * keeps answering.
 */
export async function startModeratorConsole(deps: ModeratorConsoleDeps): Promise<ModeratorConsole> {
  const { config } = deps;
  if (!config.console) return { command: createConsoleCommand({ config }), close: async () => {} };
  // Several workers share links and sessions through Redis: /console may run on any of them.
  const auth = deps.redis ? createRedisConsoleAuth(deps.redis, { now: deps.now, prefix: KEY_PREFIX }) : createConsoleAuth({ now: deps.now });
  let server: RunningConsole | undefined;
  try {
    server = await startConsole({ config, log: deps.log, auth, passages: deps.passages, indexVersion: deps.indexVersion, now: deps.now });
    deps.report(`moderator console listening on ${config.console.host}:${server.port}; moderators sign in with /console`);
  } catch (error) {
    // Another worker on this machine may hold ADMIN_PORT: with shared sign-ins, its console serves this worker's links.
    deps.report(`${(error as Error).message}${auth.shared ? " (links handed out here still work on the worker that serves ADMIN_PUBLIC_URL)" : ""}`);
  }
  const running = server;
  const base = config.console.publicUrl;
  return {
    command: createConsoleCommand({
      config,
      signInLink: running || auth.shared ? async (id) => `${base}/login?token=${encodeURIComponent(await auth.issueLink(id))}` : undefined,
      report: deps.report,
    }),
    server: running,
    close: async () => {
      await running?.close();
    },
  };
}
