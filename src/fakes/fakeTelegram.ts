import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Chat, InlineKeyboardMarkup, Message, MessageEntity, Update, User, UserFromGetMe } from "grammy/types";

/**
 * A fake Telegram Bot API server on 127.0.0.1 for the real grammY client (`client.apiRoot`).
 * Implements the subset the bot uses with Telegram's rules where they matter: getUpdates with
 * offset confirmation and long polling, sendMessage that rejects bad HTML, over-long text and
 * over-long callback data. Faults can be scripted per method. Everything is counted server-side.
 */

export type Fault =
  | { status: 429; retryAfter: number }
  | { status: 400 | 403 | 500 | 502 | 503; description?: string }
  /** Destroy the connection without an answer (a network error for the client). */
  | { network: true };

export interface ApiCall {
  method: string;
  payload: Record<string, unknown>;
  at: number;
  /** The HTTP status the fake answered with (0 for a dropped connection). */
  status: number;
}

export interface SentMessage {
  message_id: number;
  chat_id: number;
  /** The text as the user sees it (HTML parsed). */
  text: string;
  /** The text as sent, markup included. */
  raw: string;
  parse_mode?: string;
  reply_to?: number;
  reply_markup?: InlineKeyboardMarkup;
  at: number;
}

export interface FakeTelegram {
  apiRoot: string;
  token: string;
  botInfo: UserFromGetMe;
  calls: ApiCall[];
  sent: SentMessage[];
  callbackAnswers: Array<{ callback_query_id: string; text?: string }>;
  commands: unknown[];
  /** Updates below this id are confirmed: Telegram has forgotten them. */
  confirmedOffset(): number;
  /** Updates not yet confirmed by a getUpdates offset. */
  pending(): Update[];
  /** Queue faults: the next calls of `method` fail this way, in order. */
  fail(method: string, ...faults: Fault[]): void;
  /** sendMessage to this chat answers 403 "bot was blocked by the user". */
  block(chatId: number): void;
  /**
   * The group `fromChatId` was upgraded to the supergroup `toChatId`: sends to the old id answer 400
   * with `migrate_to_chat_id`, as Telegram does; the members move along. Like Telegram, it posts the
   * two service messages: `migrate_to_chat_id` in the old group, `migrate_from_chat_id` in the new one.
   */
  migrate(fromChatId: number, toChatId: number): void;
  pushUpdate(update: Omit<Update, "update_id">): Update;
  /**
   * A user's text message; `entities` are computed for a leading /command. With `senderChat` it is
   * posted on behalf of that chat (an anonymous group admin: `from` is GroupAnonymousBot).
   * Whoever writes in a group becomes a member of it (see getChatMember).
   */
  userText(options: {
    text: string;
    userId?: number;
    chat?: Partial<Chat> & { id: number; type?: Chat["type"] };
    replyTo?: Message;
    entities?: MessageEntity[];
    senderChat?: Chat;
  }): { update: Update; message: Message };
  /** Make `userId` a member of `chatId` for getChatMember without a message. */
  addMember(chatId: number, userId: number): void;
  userSticker(options: { userId?: number; chatId?: number }): { update: Update; message: Message };
  pressButton(options: { userId?: number; message: SentMessage; data: string }): Update;
  /** Resolves with the first sent messages matching, polling the server's record. */
  waitFor(predicate: (sent: SentMessage[]) => boolean, timeoutMs?: number): Promise<void>;
  /** Messages that reply to `messageId`, and every message sent after them up to the next reply (split parts). */
  repliesTo(messageId: number): SentMessage[];
  close(): Promise<void>;
}

/**
 * Delivers an update to a webhook as Telegram does (POST with the secret token header). Resolves to
 * the HTTP status, or 0 when nothing answered (a worker that is gone).
 */
export async function postToWebhook(url: string, secret: string, update: unknown): Promise<number> {
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
      body: JSON.stringify(update),
    });
    await res.text();
    return res.status;
  } catch {
    return 0;
  }
}

const ALLOWED_TAGS = new Set(["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "code", "pre", "blockquote", "tg-emoji"]);
const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };

class EntityError extends Error {}

/** Telegram's HTML parse mode, strictly: returns the visible text or throws EntityError. */
export function parseTelegramHtml(html: string): string {
  let out = "";
  const stack: string[] = [];
  let i = 0;
  while (i < html.length) {
    const c = html[i]!;
    if (c === "<") {
      const end = html.indexOf(">", i);
      if (end < 0) throw new EntityError(`Can't find end of the tag starting at byte offset ${i}`);
      const inner = html.slice(i + 1, end);
      const closing = inner.startsWith("/");
      const m = /^\/?([a-z][a-z-]*)(\s+.*)?$/is.exec(inner);
      if (!m) throw new EntityError(`Unsupported start tag "${inner}" at byte offset ${i}`);
      const name = m[1]!.toLowerCase();
      if (closing) {
        if (stack.length === 0) throw new EntityError(`Unexpected end tag at byte offset ${i}`);
        const open = stack.pop()!;
        if (open !== name) throw new EntityError(`Can't find end tag corresponding to start tag "${open}"`);
      } else {
        if (!ALLOWED_TAGS.has(name)) throw new EntityError(`Unsupported start tag "${name}" at byte offset ${i}`);
        const attrs = (m[2] ?? "").trim();
        if (name === "blockquote" && attrs !== "" && attrs !== "expandable") throw new EntityError(`Unsupported attribute in "blockquote" at byte offset ${i}`);
        if (name === "blockquote" && stack.includes("blockquote")) throw new EntityError("Blockquote entities can't be nested");
        if (name === "a" && !/^href="[^"]*"$/.test(attrs)) throw new EntityError(`Unsupported attribute in "a" at byte offset ${i}`);
        stack.push(name);
      }
      i = end + 1;
    } else if (c === "&") {
      const m = /^&(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/i.exec(html.slice(i, i + 12));
      if (!m) throw new EntityError(`Unsupported HTML entity at byte offset ${i}`);
      const body = m[1]!;
      out += body.startsWith("#x") || body.startsWith("#X")
        ? String.fromCodePoint(parseInt(body.slice(2), 16))
        : body.startsWith("#")
          ? String.fromCodePoint(parseInt(body.slice(1), 10))
          : ENTITIES[body.toLowerCase()]!;
      i += m[0].length;
    } else {
      out += c;
      i++;
    }
  }
  if (stack.length > 0) throw new EntityError(`Can't find end tag corresponding to start tag "${stack[stack.length - 1]}"`);
  return out;
}

/** The bot as the fake server's getMe describes it; tests that build a grammY Bot without a server use it too. */
export const FAKE_BOT: UserFromGetMe = {
  id: 424242,
  is_bot: true,
  first_name: "Briefing Test Bot",
  username: "briefing_test_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

const user = (id: number): User => ({ id, is_bot: false, first_name: `User${id}` });

export async function startFakeTelegram(options: { token?: string } = {}): Promise<FakeTelegram> {
  const token = options.token ?? "123456:TEST-token-never-printed";
  const calls: ApiCall[] = [];
  const sent: SentMessage[] = [];
  const callbackAnswers: FakeTelegram["callbackAnswers"] = [];
  const commands: unknown[] = [];
  const faults = new Map<string, Fault[]>();
  const blocked = new Set<number>();
  /** Old group id → its supergroup's id. */
  const migrated = new Map<number, number>();
  const chats = new Map<number, Chat>();
  const messagesByChat = new Map<number, Set<number>>();
  const members = new Map<number, Set<number>>();
  const join = (chatId: number, userId: number) => {
    if (!members.has(chatId)) members.set(chatId, new Set());
    members.get(chatId)!.add(userId);
    const to = migrated.get(chatId);
    if (to !== undefined) join(to, userId);
  };
  let updates: Update[] = [];
  let nextUpdateId = 700_000;
  let nextMessageId = 1;
  let confirmed = 0;
  let webhookUrl = "";
  /** The long poll waiting now; a second getUpdates ends it with 409, as Telegram does. */
  let waiting: { wake: (conflict: boolean) => void } | undefined;

  const remember = (chatId: number, messageId: number) => {
    if (!messagesByChat.has(chatId)) messagesByChat.set(chatId, new Set());
    messagesByChat.get(chatId)!.add(messageId);
  };
  const now = () => Math.floor(Date.now() / 1000);

  const api = {
    pushUpdate(partial: Omit<Update, "update_id">): Update {
      const update = { update_id: nextUpdateId++, ...partial } as Update;
      updates.push(update);
      waiting?.wake(false);
      return update;
    },
  };

  function err(code: number, description: string, parameters?: object) {
    return { status: code, body: { ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) } };
  }
  const ok = (result: unknown) => ({ status: 200, body: { ok: true, result } });

  async function getUpdates(p: Record<string, unknown>, res: http.ServerResponse) {
    if (webhookUrl) return err(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    const offset = Number(p.offset ?? 0);
    const limit = Math.max(1, Math.min(100, Number(p.limit ?? 100)));
    const timeout = Number(p.timeout ?? 0);
    if (offset > 0) {
      confirmed = Math.max(confirmed, offset);
      updates = updates.filter((u) => u.update_id >= offset);
    } else if (offset < 0) {
      updates = updates.slice(offset);
    }
    if (updates.length === 0 && timeout > 0) {
      waiting?.wake(true);
      const conflict = await new Promise<boolean>((resolve) => {
        const me = {
          wake: (c: boolean) => {
            clearTimeout(timer);
            if (waiting === me) waiting = undefined;
            resolve(c);
          },
        };
        const timer = setTimeout(() => me.wake(false), timeout * 1000);
        res.once("close", () => me.wake(false));
        waiting = me;
      });
      if (conflict) return err(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running");
    }
    return ok(updates.slice(0, limit));
  }

  function sendMessage(p: Record<string, unknown>) {
    const chatId = Number(p.chat_id);
    if (!Number.isFinite(chatId)) return err(400, "Bad Request: chat not found");
    if (blocked.has(chatId)) return err(403, "Forbidden: bot was blocked by the user");
    if (migrated.has(chatId)) return err(400, "Bad Request: group chat was upgraded to a supergroup chat", { migrate_to_chat_id: migrated.get(chatId) });
    const raw = typeof p.text === "string" ? p.text : "";
    let text = raw;
    if (p.parse_mode === "HTML") {
      try {
        text = parseTelegramHtml(raw);
      } catch (e) {
        if (e instanceof EntityError) return err(400, `Bad Request: can't parse entities: ${e.message}`);
        throw e;
      }
    } else if (p.parse_mode !== undefined) return err(400, "Bad Request: unsupported parse_mode");
    text = text.trim();
    if (text.length === 0) return err(400, "Bad Request: message text is empty");
    // Telegram's limit, counted in UTF-16 code units after entity parsing
    if (text.length > 4096) return err(400, "Bad Request: message is too long");
    const markup = p.reply_markup as InlineKeyboardMarkup | undefined;
    for (const button of markup?.inline_keyboard.flat() ?? []) {
      if (!button.text) return err(400, "Bad Request: text buttons are unallowed in the inline keyboard");
      if ("callback_data" in button && Buffer.byteLength(button.callback_data, "utf8") > 64) return err(400, "Bad Request: BUTTON_DATA_INVALID");
    }
    const rp = p.reply_parameters as { message_id?: number; allow_sending_without_reply?: boolean } | undefined;
    if (rp?.message_id !== undefined && !messagesByChat.get(chatId)?.has(rp.message_id) && !rp.allow_sending_without_reply) {
      return err(400, "Bad Request: message to be replied not found");
    }
    const message_id = nextMessageId++;
    remember(chatId, message_id);
    sent.push({
      message_id,
      chat_id: chatId,
      text,
      raw,
      parse_mode: p.parse_mode as string | undefined,
      reply_to: rp?.message_id,
      reply_markup: markup,
      at: Date.now(),
    });
    const chat = chats.get(chatId) ?? ({ id: chatId, type: "private", first_name: "User" } as Chat);
    return ok({ message_id, date: now(), chat, from: FAKE_BOT, text });
  }

  async function handle(method: string, p: Record<string, unknown>, res: http.ServerResponse) {
    switch (method) {
      case "getMe":
        return ok(FAKE_BOT);
      case "getUpdates":
        return getUpdates(p, res);
      case "sendMessage":
        return sendMessage(p);
      case "sendChatAction": {
        const chatId = Number(p.chat_id);
        if (migrated.has(chatId)) return err(400, "Bad Request: group chat was upgraded to a supergroup chat", { migrate_to_chat_id: migrated.get(chatId) });
        return ok(true);
      }
      case "answerCallbackQuery":
        callbackAnswers.push({ callback_query_id: String(p.callback_query_id), text: p.text as string | undefined });
        return ok(true);
      case "setMyCommands":
        commands.splice(0, commands.length, ...((p.commands as unknown[]) ?? []));
        return ok(true);
      case "setWebhook":
        webhookUrl = String(p.url ?? "");
        return ok(true);
      case "deleteWebhook":
        webhookUrl = "";
        if (p.drop_pending_updates) updates = [];
        return ok(true);
      case "getChatMember": {
        const chatId = Number(p.chat_id);
        const userId = Number(p.user_id);
        const status = members.get(chatId)?.has(userId) ? "member" : "left";
        return ok({ status, user: { id: userId, is_bot: false, first_name: `User${userId}` } });
      }
      case "editMessageReplyMarkup":
      case "editMessageText":
        return ok(true);
      default:
        return err(404, "Not Found: method not found");
    }
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const m = /^\/bot([^/]+)\/(\w+)$/.exec(new URL(req.url ?? "/", "http://x").pathname);
      const reply = (status: number, body: unknown) => {
        if (!res.writableEnded && !res.destroyed) res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
      };
      if (!m) return reply(404, { ok: false, error_code: 404, description: "Not Found" });
      const [, givenToken, method] = m as unknown as [string, string, string];
      let payload: Record<string, unknown> = {};
      const text = Buffer.concat(chunks).toString("utf8");
      if (text.trim() !== "") {
        try {
          payload = JSON.parse(text) as Record<string, unknown>;
        } catch {
          return reply(400, { ok: false, error_code: 400, description: "Bad Request: invalid JSON" });
        }
      }
      const call: ApiCall = { method, payload, at: Date.now(), status: 0 };
      calls.push(call);
      if (givenToken !== token) {
        call.status = 401;
        return reply(401, { ok: false, error_code: 401, description: "Unauthorized" });
      }
      const fault = faults.get(method)?.shift();
      if (fault) {
        if ("network" in fault) {
          req.socket.destroy();
          return;
        }
        call.status = fault.status;
        const r =
          fault.status === 429
            ? err(429, `Too Many Requests: retry after ${fault.retryAfter}`, { retry_after: fault.retryAfter })
            : err(fault.status, fault.description ?? (fault.status === 403 ? "Forbidden: bot was blocked by the user" : fault.status >= 500 ? "Bad Gateway" : "Bad Request"));
        return reply(r.status, r.body);
      }
      const r = await handle(method, payload, res);
      call.status = r.status;
      reply(r.status, r.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const fake: FakeTelegram = {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    botInfo: FAKE_BOT,
    calls,
    sent,
    callbackAnswers,
    commands,
    confirmedOffset: () => confirmed,
    pending: () => [...updates],
    fail: (method, ...f) => faults.set(method, [...(faults.get(method) ?? []), ...f]),
    block: (chatId) => blocked.add(chatId),
    migrate(fromChatId, toChatId) {
      migrated.set(fromChatId, toChatId);
      if (!chats.has(fromChatId)) chats.set(fromChatId, { id: fromChatId, type: "group", title: "Test group" } as Chat);
      chats.set(toChatId, { id: toChatId, type: "supergroup", title: (chats.get(fromChatId) as { title?: string } | undefined)?.title ?? "Test group" } as Chat);
      for (const userId of members.get(fromChatId) ?? []) join(toChatId, userId);
      const upgradedBy = user([...(members.get(fromChatId) ?? [1001])][0]!);
      api.pushUpdate({ message: { message_id: nextMessageId++, date: now(), chat: chats.get(fromChatId), from: upgradedBy, migrate_to_chat_id: toChatId } } as Omit<Update, "update_id">);
      api.pushUpdate({ message: { message_id: nextMessageId++, date: now(), chat: chats.get(toChatId), from: upgradedBy, migrate_from_chat_id: fromChatId } } as Omit<Update, "update_id">);
    },
    pushUpdate: api.pushUpdate,
    addMember: join,
    userText({ text, userId = 1001, chat, replyTo, entities, senderChat }) {
      const c = { type: "private", ...(chat ?? { id: userId }) } as Chat;
      if (c.type === "private" && !("first_name" in c)) Object.assign(c, { first_name: `User${userId}` });
      if (c.type !== "private" && !("title" in c)) Object.assign(c, { title: "Test group" });
      chats.set(c.id, c);
      if (!senderChat) join(c.id, userId);
      const command = /^\/[a-z_]+(@\w+)?/i.exec(text);
      const message = {
        message_id: nextMessageId++,
        date: now(),
        chat: c,
        from: senderChat ? { id: 1087968824, is_bot: true, first_name: "Group", username: "GroupAnonymousBot" } : user(userId),
        ...(senderChat ? { sender_chat: senderChat } : {}),
        text,
        ...(entities ? { entities } : command ? { entities: [{ type: "bot_command", offset: 0, length: command[0].length }] } : {}),
        ...(replyTo ? { reply_to_message: replyTo } : {}),
      } as Message;
      remember(c.id, message.message_id);
      return { update: api.pushUpdate({ message } as Omit<Update, "update_id">), message };
    },
    userSticker({ userId = 1001, chatId = userId }) {
      const chat = { id: chatId, type: "private", first_name: `User${userId}` } as Chat;
      chats.set(chatId, chat);
      const message = {
        message_id: nextMessageId++,
        date: now(),
        chat,
        from: user(userId),
        sticker: { file_id: "sticker1", file_unique_id: "s1", type: "regular", width: 512, height: 512, is_animated: false, is_video: false },
      } as Message;
      remember(chatId, message.message_id);
      return { update: api.pushUpdate({ message } as Omit<Update, "update_id">), message };
    },
    pressButton({ userId = 1001, message, data }) {
      const chat = chats.get(message.chat_id) ?? ({ id: message.chat_id, type: "private", first_name: "User" } as Chat);
      return api.pushUpdate({
        callback_query: {
          id: `cb${nextUpdateId}`,
          from: user(userId),
          chat_instance: "ci",
          data,
          // as Telegram does: the message with its buttons as they are now
          message: { message_id: message.message_id, date: now(), chat, from: FAKE_BOT, text: message.text, ...(message.reply_markup ? { reply_markup: message.reply_markup } : {}) } as Message,
        },
      });
    },
    async waitFor(predicate, timeoutMs = 3_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(sent)) {
        if (Date.now() > deadline) throw new Error(`fake Telegram: condition not met within ${timeoutMs} ms; sent so far: ${JSON.stringify(sent.map((s) => s.text.slice(0, 80)))}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    repliesTo(messageId) {
      const first = sent.findIndex((s) => s.reply_to === messageId);
      if (first < 0) return [];
      const chatId = sent[first]!.chat_id;
      const out = [sent[first]!];
      // later parts of a split answer follow in the same chat until the one with buttons
      for (let i = first + 1; i < sent.length && !out[out.length - 1]!.reply_markup; i++) {
        if (sent[i]!.chat_id === chatId && sent[i]!.reply_to === undefined) out.push(sent[i]!);
      }
      return out;
    },
    async close() {
      waiting?.wake(false);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}
