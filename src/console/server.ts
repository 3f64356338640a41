import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createConsoleApp, type ConsoleAppDeps } from "./app.ts";

export class ConsoleStartError extends Error {
  override name = "ConsoleStartError";
}

export interface RunningConsole {
  /** The port listened on: ADMIN_PORT. */
  port: number;
  close(): Promise<void>;
}

/**
 * Serves the moderator console on ADMIN_HOST:ADMIN_PORT. Rejects with ConsoleStartError naming
 * the fix when the port cannot be had; the bot goes on without its console then.
 */
export async function startConsole(deps: ConsoleAppDeps): Promise<RunningConsole> {
  const settings = deps.config.console;
  if (!settings) throw new ConsoleStartError("the moderator console needs MODERATOR_IDS; set it to the moderators' Telegram ids");
  const app = createConsoleApp(deps);
  const port = settings.port;
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port, hostname: settings.host }, () => resolve(s));
    s.once("error", (error: NodeJS.ErrnoException) => {
      const why = error.code === "EADDRINUSE" ? `port ${port} is in use` : error.code === "EACCES" ? `port ${port} needs privileges` : error.message;
      reject(new ConsoleStartError(`the moderator console could not listen on ${settings.host}:${port}: ${why}; set ADMIN_PORT (and ADMIN_HOST) to a free port and address`, { cause: error }));
    });
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    port: actual,
    close: () =>
      new Promise<void>((resolve) => {
        // Browsers keep idle connections open; end them so shutdown is not held up.
        if ("closeAllConnections" in server) (server as { closeAllConnections(): void }).closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
