import { Composer, type Context } from "grammy";

const NOTE = "This button no longer works. Please ask your question again in words.";

/**
 * Any button press no other composer took: buttons of an older version of the bot, or data a
 * client made up. Acknowledged with what to do, so the button does not spin until Telegram gives up.
 * Must be registered after every composer that handles buttons.
 */
export function createStaleButtonComposer(): Composer<Context> {
  const composer = new Composer<Context>();
  composer.on("callback_query", (ctx) => ctx.answerCallbackQuery({ text: NOTE }));
  return composer;
}
