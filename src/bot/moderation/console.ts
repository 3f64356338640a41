import { Composer, type Context } from "grammy";
import { redact, secretsOf, type Config } from "../../config.ts";
import { isModerator, NOT_AVAILABLE } from "./access.ts";

export interface ConsoleCommandDeps {
  config: Config;
  /** A fresh one-time sign-in URL for a moderator; undefined when the console is not running. */
  signInLink?: (moderatorId: number) => Promise<string>;
  /** Where a link that could not be made is reported, for the operator (LINK_FAILED points moderators there). */
  report?: (line: string) => void;
}

export const PRIVATE_ONLY = "Send /console to me in a private chat: a sign-in link is personal.";
export const LINK_FAILED = "A sign-in link could not be made just now (the workers' shared store, Redis, did not answer; see the bot's log). Send /console again in a moment.";
export const CONSOLE_OFF = "The moderator console is not running (see the bot's log: its port may be taken, or ADMIN_PORT is wrong).";

/**
 * /console: a one-time link that signs a moderator in to the browser console (src/console).
 * Only in a private chat, so nobody else in a group can follow the link first.
 */
export function createConsoleCommand<C extends Context>({ config, signInLink, report }: ConsoleCommandDeps): Composer<C> {
  const composer = new Composer<C>();
  composer.command("console", async (ctx) => {
    const id = ctx.from?.id;
    if (id === undefined || !isModerator(config, id)) {
      await ctx.reply(NOT_AVAILABLE);
      return;
    }
    if (ctx.chat.type !== "private") {
      await ctx.reply(PRIVATE_ONLY);
      return;
    }
    if (!signInLink) {
      await ctx.reply(CONSOLE_OFF);
      return;
    }
    let link: string;
    try {
      link = await signInLink(id);
    } catch (error) {
      report?.(`/console: a sign-in link for moderator ${id} could not be made: ${redact(error instanceof Error ? error.message : String(error), secretsOf(config))}`);
      await ctx.reply(LINK_FAILED);
      return;
    }
    // Plain text: Telegram links the URL itself; no preview, so no server fetches the link before you do.
    await ctx.reply(`Open the moderator console (this link works once, for 10 minutes):\n${link}`, {
      link_preview_options: { is_disabled: true },
    });
  });
  return composer;
}
