import readline from "node:readline";
import type { Bot, Context } from "grammy";
import type { Engine } from "../answer/types.ts";
import type { Config } from "../config.ts";
import type { AnswerLog } from "../logs/types.ts";
import { createBot } from "./bot.ts";
import { handleUpdateSafely } from "./errors.ts";
import type { InlineKeyboardButton, InlineKeyboardMarkup, Message, Update, UserFromGetMe } from "grammy/types";
import { htmlToReadable } from "./html.ts";
import { createEngine } from "../engine.ts";
import { openAnswerLogOrWarn } from "../logs/store.ts";

/** The identity the local chat gives the bot; no Telegram account is involved. */
export const LOCAL_BOT_INFO: UserFromGetMe = {
  id: 1,
  is_bot: true,
  first_name: "Briefing bot",
  username: "briefing_local_bot",
  can_join_groups: false,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
};

/** Stands in for a token in the local chat; no request ever leaves the process. */
export const LOCAL_TOKEN = "0:local-chat";

const USER = { id: 1000, is_bot: false, first_name: "You" } as const;
const CHAT = { id: 1000, type: "private", first_name: "You" } as const;

export interface LocalChat {
  /** One line typed by the user: a question, a command (/start), or "#n" to press button n of the last buttons shown. */
  send(line: string): Promise<void>;
}

/**
 * Drive the real bot handlers from a terminal: every Bot API call is answered in-process and what
 * the bot sends is printed as readable text. The bot must have been created with `LOCAL_BOT_INFO`.
 */
export function createLocalChat(bot: Bot<Context>, print: (text: string) => void, log: (line: string) => void = (line) => console.error(line)): LocalChat {
  let updateId = 0;
  let messageId = 0;
  let buttons: { message: Message; row: InlineKeyboardButton[] } | undefined;
  const now = () => Math.floor(Date.now() / 1000);

  // Answers every call without calling `prev`: nothing reaches the network.
  bot.api.config.use(async (_prev, method, payload) => {
    const p = payload as Record<string, unknown>;
    if (method === "sendMessage") {
      const html = String(p.text);
      const text = p.parse_mode === "HTML" ? htmlToReadable(html) : html;
      const message = { message_id: ++messageId, date: now(), chat: CHAT, from: LOCAL_BOT_INFO, text } as Message.TextMessage;
      const markup = p.reply_markup as InlineKeyboardMarkup | undefined;
      const row = markup?.inline_keyboard.flat() ?? [];
      let shown = text;
      if (row.length > 0) {
        buttons = { message, row };
        shown += `\n${row.map((b, i) => `[#${i + 1} ${b.text}]`).join(" ")}`;
      }
      print(shown);
      return { ok: true, result: message as never };
    }
    if (method === "answerCallbackQuery" && typeof p.text === "string") print(`(${p.text})`);
    return { ok: true, result: true as never };
  });

  return {
    async send(line) {
      const press = /^#(\d+)$/.exec(line.trim());
      let update: Update;
      if (press) {
        const button = buttons?.row[Number(press[1]) - 1];
        if (!buttons || !button || !("callback_data" in button)) {
          print("(no such button)");
          return;
        }
        update = {
          update_id: ++updateId,
          callback_query: { id: String(updateId), from: USER, chat_instance: "local", message: buttons.message, data: button.callback_data },
        };
      } else {
        const text = line.trim();
        if (text === "") return;
        // "/ask@otherbot" is one command entity for Telegram, so a command for another bot is not /ask
        const command = /^\/\w+(@\w+)?/.exec(text);
        update = {
          update_id: ++updateId,
          message: {
            message_id: ++messageId,
            date: now(),
            chat: CHAT,
            from: USER,
            text,
            entities: command ? [{ type: "bot_command", offset: 0, length: command[0].length }] : undefined,
          },
        };
      }
      await handleUpdateSafely(bot, update, log);
    },
  };
}

export interface TerminalIO {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** A person at a terminal: show a prompt and a greeting. False for piped input. */
  interactive: boolean;
}

/**
 * Read lines from `input` until it ends (or "/quit"), answering each before reading the next;
 * works the same with piped input, so the local chat can be scripted and tested.
 */
export async function runTerminalChat(chat: LocalChat, io: TerminalIO): Promise<void> {
  const rl = readline.createInterface({ input: io.input, output: io.interactive ? io.output : undefined, terminal: io.interactive });
  rl.on("SIGINT", () => rl.close()); // Ctrl+C leaves the chat, as Ctrl+D does
  const prompt = () => {
    if (io.interactive) rl.prompt();
  };
  if (io.interactive) {
    io.output.write("Local chat with the briefing bot. Type a question, /help, or #n to press button n; /quit or Ctrl+D to leave.\n\n");
    rl.setPrompt("> ");
    await chat.send("/start");
  }
  prompt();
  for await (const line of rl) {
    if (/^\/(quit|exit)\s*$/.test(line.trim())) break;
    await chat.send(line);
    prompt();
  }
  rl.close();
}

/** The local chat on this process's terminal (or piped stdin): the same handlers, no Telegram. */
export async function runLocalChat(deps: { config: Config; engine: Engine; answerLog: AnswerLog; log: (line: string) => void }): Promise<void> {
  const bot = createBot({ ...deps, botInfo: LOCAL_BOT_INFO, token: LOCAL_TOKEN, channel: "chat", rateLimit: false });
  const chat = createLocalChat(bot, (text) => process.stdout.write(`${text}\n\n`), deps.log);
  await runTerminalChat(chat, { input: process.stdin, output: process.stdout, interactive: Boolean(process.stdin.isTTY) });
}

/** The terminal chat as a whole program: opens the engine and the answer log, chats, closes them. */
export async function startLocalChat(config: Config, log: (line: string) => void): Promise<number> {
  // Watching the manifest picks up an index rebuilt by `npm run reindex` without a restart.
  const engine = await createEngine(config, { log, watchIndex: true });
  // Answering is this program's job: an unusable DATABASE_URL is a warning, as in `npm run ask`.
  const answerLog = await openAnswerLogOrWarn(config, { onError: (error) => log(error.message), warn: log });
  try {
    await runLocalChat({ config, engine, answerLog, log });
    return 0;
  } finally {
    await answerLog.close();
    engine.close();
  }
}
