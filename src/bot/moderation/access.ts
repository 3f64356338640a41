import type { Context } from "grammy";
import type { Chat } from "grammy/types";
import type { Config } from "../../config.ts";

/** The whole answer to anyone outside MODERATOR_IDS: it reveals nothing about the log. */
export const NOT_AVAILABLE = "This command is not available.";
export const WRONG_PLACE = "Moderator commands work only in a private chat with me or in the moderator chat.";

export function isModerator(config: Config, userId: number | undefined): boolean {
  return userId !== undefined && config.log.moderatorIds.includes(userId);
}

/** MODERATOR_CHAT_ID may be a numeric id or an @username. */
export function isModeratorChat(config: Config, chat: Pick<Chat, "id"> & { username?: string }): boolean {
  const target = config.log.moderatorChatId;
  if (target === undefined) return false;
  return target === String(chat.id) || (chat.username !== undefined && target.toLowerCase() === `@${chat.username.toLowerCase()}`);
}

/**
 * Lets a moderator command through, or answers it and returns false. Log content is only shown in
 * a private chat or the moderator chat, so a moderator typing /review in a public group leaks nothing.
 */
export async function admitModerator(config: Config, ctx: Context): Promise<boolean> {
  if (!isModerator(config, ctx.from?.id)) {
    await ctx.reply(NOT_AVAILABLE);
    return false;
  }
  if (ctx.chat && ctx.chat.type !== "private" && !isModeratorChat(config, ctx.chat)) {
    await ctx.reply(WRONG_PLACE);
    return false;
  }
  return true;
}
