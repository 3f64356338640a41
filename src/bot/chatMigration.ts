import { Composer, type Context } from "grammy";
import type { BotServices } from "./services.ts";

/**
 * A group upgraded to a supergroup gets a new chat id, and Telegram posts a service message in
 * each: `migrate_to_chat_id` in the old group, `migrate_from_chat_id` in the new supergroup. Either
 * moves the group's follow-up history along; neither gets a reply.
 */
export function createChatMigrationComposer(s: BotServices): Composer<Context> {
  const composer = new Composer<Context>();
  composer.on("message:migrate_to_chat_id", (ctx) => s.history.moveChat(ctx.chat.id, ctx.msg.migrate_to_chat_id));
  composer.on("message:migrate_from_chat_id", (ctx) => s.history.moveChat(ctx.msg.migrate_from_chat_id, ctx.chat.id));
  return composer;
}
