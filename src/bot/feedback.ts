import { Composer, type Context } from "grammy";
import { parseFeedbackData } from "./render.ts";
import type { BotServices } from "./services.ts";

/** 👍/👎 presses under an answer: acknowledged at once and recorded with the logged answer. */
export function createFeedbackComposer(s: BotServices): Composer<Context> {
  const composer = new Composer<Context>();
  composer.callbackQuery(/^fb:/, async (ctx) => {
    const parsed = parseFeedbackData(ctx.callbackQuery.data);
    if (!parsed) {
      await ctx.answerCallbackQuery();
      return;
    }
    const saved = parsed.entryId !== null && s.answerLog.feedback(parsed.entryId, parsed.rating, ctx.from.id);
    const mark = parsed.rating === "up" ? "👍" : "👎";
    await ctx.answerCallbackQuery({ text: saved ? `Thanks, noted ${mark}` : `Thanks ${mark} (it could not be saved this time)` });
  });
  return composer;
}
