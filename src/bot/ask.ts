import { Composer, type Context } from "grammy";
import type { InlineKeyboardMarkup, Message, MessageEntity } from "grammy/types";
import { shownInReply } from "../answer/followup.ts";
import { cleanQuestion } from "../answer/question.ts";
import type { Answer } from "../answer/types.ts";
import { senderKey } from "./admission.ts";
import { describeError } from "./errors.ts";
import { splitHtml } from "./html.ts";
import { feedbackKeyboard, renderAnswer } from "./render.ts";
import type { BotServices } from "./services.ts";

/** Answers one question in the chat of `ctx`; used by plain messages, /ask and example buttons. */
export type AskQuestion = (ctx: Context, question: string, replyTo: number | undefined) => Promise<void>;

const isGroup = (ctx: Context) => ctx.chat?.type === "group" || ctx.chat?.type === "supergroup";

/**
 * Follow-up context is per chat in private chats and per sender within a group (anonymous admins
 * by their `sender_chat`, so they never share a history with another group).
 */
export function conversationKey(ctx: Context): string {
  return isGroup(ctx) ? `${ctx.chat!.id}:${senderKey(ctx) ?? "unknown"}` : String(ctx.chat?.id ?? ctx.from?.id ?? 0);
}

/** Send HTML split into messages Telegram accepts: the first replies to the question, the last carries `replyMarkup`. */
export async function sendHtml(
  ctx: Context,
  html: string,
  options: { replyTo?: number; replyMarkup?: InlineKeyboardMarkup } = {},
): Promise<Message.TextMessage[]> {
  const parts = splitHtml(html);
  const sent: Message.TextMessage[] = [];
  const thread = ctx.msg?.is_topic_message ? ctx.msg.message_thread_id : undefined;
  for (const [i, part] of parts.entries()) {
    sent.push(
      await ctx.api.sendMessage(ctx.chat!.id, part, {
        parse_mode: "HTML",
        link_preview_options: { is_disabled: true },
        message_thread_id: thread,
        reply_parameters: i === 0 && options.replyTo !== undefined ? { message_id: options.replyTo, allow_sending_without_reply: true } : undefined,
        reply_markup: i === parts.length - 1 ? options.replyMarkup : undefined,
      }),
    );
  }
  return sent;
}

/** Keep "typing" visible until `stop` is called; failures to show it never matter. */
function showTyping(ctx: Context, intervalMs: number): () => void {
  const send = () => void ctx.api.sendChatAction(ctx.chat!.id, "typing").catch(() => undefined);
  send();
  const timer = setInterval(send, intervalMs);
  return () => clearInterval(timer);
}

export function createAsker(s: BotServices): AskQuestion {
  return async (ctx, rawQuestion, replyTo) => {
    const question = rawQuestion.trim();
    if (question === "") {
      await sendHtml(ctx, "Ask me a question in words, for example: <i>/ask What did the report say about trade?</i>", { replyTo });
      return;
    }
    if (question.length > s.maxQuestionChars) {
      await sendHtml(
        ctx,
        `That message is ${question.length} characters long; I answer questions of up to ${s.maxQuestionChars} characters. Please ask a shorter question.`,
        { replyTo },
      );
      return;
    }
    // Rate limits act earlier, in admission (admission.ts), before the per-chat queue.
    const key = conversationKey(ctx);
    const history = await s.history.get(key);
    const started = s.now();
    const stopTyping = showTyping(ctx, s.typingIntervalMs);
    let answer: Answer;
    try {
      answer = await s.engine.ask(question, { history });
    } catch (error) {
      await s.answerLog.record({ ...recordBase(ctx, s, question), answer: null, latencyMs: s.now() - started, error: describeError(error) });
      throw error;
    } finally {
      stopTyping();
    }
    // Recorded before sending so the 👍/👎 buttons can name the log entry.
    const entryId = await s.answerLog.record({ ...recordBase(ctx, s, question), answer, latencyMs: s.now() - started });
    try {
      await sendHtml(ctx, renderAnswer(answer), { replyTo, replyMarkup: feedbackKeyboard(s.feedbackSigner, entryId, ctx.chat!.id) });
    } catch (error) {
      // Else the log shows an answer the user never saw as delivered.
      if (entryId !== null) await s.answerLog.undelivered(entryId, describeError(error));
      throw error;
    }
    // The cleaned question, as the engine saw it: instructions stripped from this turn must not
    // reach the model one turn later through the history. After a decline, the passages it offered are
    // what the next turn may point at ("and when was that?").
    await s.history.add(key, { question: cleanQuestion(question, s.maxQuestionChars).text, answer: shownInReply(answer) });
  };
}

function recordBase(ctx: Context, s: BotServices, question: string) {
  return {
    channel: s.channel,
    chatType: s.channel === "telegram" ? (ctx.chat?.type ?? null) : null,
    userId: ctx.from?.id ?? null,
    chatId: ctx.chat?.id ?? null,
    // Synthetic update ids of the local chat would collide with Telegram's.
    updateId: s.channel === "telegram" ? ctx.update.update_id : null,
    question,
  };
}

/** The text of a group message addressed to the bot by @mention, without the mention; undefined when not mentioned. */
function withoutMention(text: string, entities: readonly MessageEntity[], me: { id: number; username: string }): string | undefined {
  const mention = entities.find(
    (e) =>
      (e.type === "mention" && text.slice(e.offset, e.offset + e.length).toLowerCase() === `@${me.username.toLowerCase()}`) ||
      (e.type === "text_mention" && e.user.id === me.id),
  );
  if (!mention) return undefined;
  // offsets are UTF-16 code units, as Telegram counts them and as String.slice indexes
  return (text.slice(0, mention.offset) + text.slice(mention.offset + mention.length)).replace(/\s+/g, " ").trim();
}

/**
 * Questions: any text in a private chat; in groups only text that mentions the bot or replies to
 * it, and `/ask <question>` everywhere. Must be registered last: it answers every text message.
 */
export function createAskComposer(ask: AskQuestion): Composer<Context> {
  const composer = new Composer<Context>();

  composer.command("ask", (ctx) => ask(ctx, ctx.match, ctx.msg.message_id));

  // An unknown command is not a question. Private chats get told so, and groups when the command
  // names this bot (/foo@me); a bare /foo in a group may be meant for another bot there.
  composer.on("message:entities:bot_command", async (ctx, next) => {
    const first = ctx.msg.entities[0];
    if (first?.type !== "bot_command" || first.offset !== 0) return next();
    const command = ctx.msg.text.slice(0, first.length).toLowerCase();
    if (ctx.chat.type === "private" || command.endsWith(`@${ctx.me.username.toLowerCase()}`)) {
      await sendHtml(ctx, "I don't know that command. Ask a question in plain words, or see /help.", { replyTo: ctx.msg.message_id });
    }
  });

  composer.chatType("private").on("message:text", (ctx) => ask(ctx, ctx.msg.text, ctx.msg.message_id));

  composer.chatType(["group", "supergroup"]).on("message:text", async (ctx) => {
    const repliedToMe = ctx.msg.reply_to_message?.from?.id === ctx.me.id;
    const stripped = withoutMention(ctx.msg.text, ctx.msg.entities ?? [], ctx.me);
    if (stripped !== undefined) return ask(ctx, stripped, ctx.msg.message_id);
    if (repliedToMe) return ask(ctx, ctx.msg.text, ctx.msg.message_id);
    // other chatter in the group: not for us
  });

  return composer;
}
