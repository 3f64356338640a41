import { Composer, type Context } from "grammy";
import type { FeedbackResult } from "../logs/types.ts";
import type { BotServices } from "./services.ts";

const MEMBER_STATUSES = new Set(["creator", "administrator", "member"]);

/**
 * Only people in the chat where the answer was given may rate it: in a private chat its one user,
 * in a group its members (asked of Telegram, since anyone can open a public group's messages).
 */
async function inChat(ctx: Context, chatId: number, chatType: string): Promise<boolean> {
  if (chatType === "private") return ctx.from?.id === chatId;
  const member = await ctx.api.getChatMember(chatId, ctx.from!.id);
  return MEMBER_STATUSES.has(member.status) || (member.status === "restricted" && member.is_member);
}

/** The button's reply: an answer purged from the log is not worth a retry, a failed write may be. */
function feedbackReply(result: FeedbackResult, mark: string, retentionDays: number): string {
  if (result === "saved") return `Thanks, noted ${mark}`;
  if (result === "failed") return `Thanks ${mark} (it could not be saved this time)`;
  return retentionDays > 0
    ? `This answer is too old to rate: answers are kept for ${retentionDays} ${retentionDays === 1 ? "day" : "days"} (LOG_RETENTION_DAYS). Ask again to rate a new answer.`
    : "This answer is no longer in the answer log, so it cannot be rated. Ask again to rate a new answer.";
}

/** 👍/👎 presses under an answer: checked, acknowledged at once and recorded with the logged answer. */
export function createFeedbackComposer(s: BotServices): Composer<Context> {
  const composer = new Composer<Context>();
  composer.callbackQuery(/^fb:/, async (ctx) => {
    const chat = ctx.callbackQuery.message?.chat;
    const parsed = chat ? s.feedbackSigner.verify(ctx.callbackQuery.data, chat.id) : undefined;
    if (!chat || !parsed) {
      await ctx.answerCallbackQuery({ text: "This button does not belong to this chat." });
      return;
    }
    const mark = parsed.rating === "up" ? "👍" : "👎";
    if (parsed.entryId === null) {
      await ctx.answerCallbackQuery({ text: `Thanks ${mark} (it could not be saved this time)` });
      return;
    }
    let member: boolean;
    try {
      member = await inChat(ctx, chat.id, chat.type);
    } catch (error) {
      s.log(`update ${ctx.update.update_id}: could not check chat membership for a rating: ${(error as Error).message}`);
      await ctx.answerCallbackQuery({ text: "I could not check that you are in this chat; please try again later." });
      return;
    }
    if (!member) {
      await ctx.answerCallbackQuery({ text: "Only members of this chat can rate its answers." });
      return;
    }
    const result = await s.answerLog.feedback(parsed.entryId, parsed.rating, ctx.from.id, { id: chat.id, type: chat.type });
    await ctx.answerCallbackQuery({ text: feedbackReply(result, mark, s.retentionDays) });
  });
  return composer;
}
