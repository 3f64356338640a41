import { Composer, type Context } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import { sendHtml, type AskQuestion } from "./ask.ts";
import { describeError } from "./errors.ts";
import { escapeHtml } from "./html.ts";
import type { BotServices } from "./services.ts";

/** Titles listed in /start before pointing to /sources. */
const START_TITLES = 10;

const HOW_TO_ASK =
  "Ask in plain words. In a group, mention me, reply to one of my messages, or use /ask followed by your question. " +
  "Every answer quotes the passages it rests on, numbered like the [n] marks in the text; when the documents don't say, I tell you so.";

/** The command menu registered with setMyCommands. */
export const COMMANDS = [
  { command: "start", description: "What I know and how to ask" },
  { command: "ask", description: "Ask a question (needed in groups)" },
  { command: "sources", description: "List the documents I answer from" },
  { command: "help", description: "How to ask" },
] as const;

/** Example buttons carry "ex:<index>"; a press asks the button's text (or `services.examples()[index]`). */
function examplesKeyboard(examples: string[]): InlineKeyboardMarkup | undefined {
  if (examples.length === 0) return undefined;
  return { inline_keyboard: examples.map((text, i) => [{ text, callback_data: `ex:${i}` }]) };
}

/** /start, /help and the example-question buttons. */
export function createStartComposer(s: BotServices, ask: AskQuestion): Composer<Context> {
  const composer = new Composer<Context>();

  composer.command("start", async (ctx) => {
    const docs = s.engine.documents();
    const listed = docs.slice(0, START_TITLES).map((d) => `• ${escapeHtml(d.title)}`);
    if (docs.length > START_TITLES) listed.push(`…and ${docs.length - START_TITLES} more: see /sources`);
    const intro =
      docs.length === 0
        ? "I answer questions about a set of documents, but none is loaded yet."
        : `<b>I answer questions about ${docs.length === 1 ? "this document" : `these ${docs.length} documents`}, quoting my sources:</b>\n${listed.join("\n")}`;
    const examples = s.examples();
    const tryThese = examples.length > 0 ? "\n\nTry one of these:" : "";
    await sendHtml(ctx, `${intro}\n\n${escapeHtml(HOW_TO_ASK)}${tryThese}`, { replyMarkup: examplesKeyboard(examples) });
  });

  composer.command("help", async (ctx) => {
    const commands = COMMANDS.map((c) => `/${c.command}: ${escapeHtml(c.description)}`).join("\n");
    await sendHtml(ctx, `${escapeHtml(HOW_TO_ASK)}\n\nRate an answer with 👍 or 👎 below it.\n\n${commands}`);
  });

  composer.callbackQuery(/^ex:(\d+)$/, async (ctx) => {
    // The question written on the pressed button: the examples may have changed since it was sent (a reindex).
    const pressed = ctx.callbackQuery.message?.reply_markup?.inline_keyboard.flat().find((b) => "callback_data" in b && b.callback_data === ctx.callbackQuery.data);
    const question = pressed?.text ?? s.examples()[Number(ctx.match[1])];
    if (question === undefined || !ctx.chat) {
      await ctx.answerCallbackQuery({ text: "That example is no longer available; ask in your own words." });
      return;
    }
    // Telegram refuses to acknowledge a press handled late (behind a backlog, after a restart:
    // "query is too old"); the question is still answered.
    await ctx.answerCallbackQuery().catch((error: unknown) => s.log(`update ${ctx.update.update_id}: could not acknowledge the example button: ${describeError(error)}`));
    await sendHtml(ctx, `<i>${escapeHtml(question)}</i>`);
    await ask(ctx, question, undefined);
  });

  return composer;
}
