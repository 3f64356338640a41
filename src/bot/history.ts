import type { Turn } from "../answer/types.ts";

export interface HistoryOptions {
  /** Turns kept per conversation; 0 disables follow-ups. */
  maxTurns: number;
  /** A conversation idle longer than this starts afresh. Milliseconds. */
  ttlMs: number;
  /** Conversations kept at once; the least recently used is forgotten first. */
  maxConversations?: number;
  /** Answers are stored cut to this many characters: enough to resolve "that", bounded in memory. */
  maxAnswerChars?: number;
  now?: () => number;
}

/**
 * Recent turns per conversation, in memory, bounded in turns, age and number of conversations.
 * A conversation key is the chat id in private chats and `<chat id>:<sender>` in groups.
 */
export interface History {
  /** A shared store (Redis, for several workers) answers with a promise. */
  get(key: string): Turn[] | Promise<Turn[]>;
  add(key: string, turn: Turn): void | Promise<void>;
  /**
   * The group `from` was upgraded to the supergroup `to` (a new chat id): its conversations go on
   * there. Called again for the same move, it changes nothing.
   */
  moveChat(from: number, to: number): void | Promise<void>;
}

/** The in-memory history answers at once. */
export interface MemoryHistory extends History {
  get(key: string): Turn[];
  add(key: string, turn: Turn): void;
  moveChat(from: number, to: number): void;
}

/**
 * The same sender's conversation in another chat: ("-1004005:user:7", "-4005") → "-4005:user:7".
 * Histories read it in the group a supergroup was upgraded from while the supergroup's is empty.
 */
export function keyInChat(key: string, chatId: string): string {
  const colon = key.indexOf(":");
  return colon < 0 ? chatId : chatId + key.slice(colon);
}

/** The chat of a conversation key. */
export function chatOfKey(key: string): string {
  const colon = key.indexOf(":");
  return colon < 0 ? key : key.slice(0, colon);
}

export function createHistory(options: HistoryOptions): MemoryHistory {
  const { maxTurns, ttlMs, maxConversations = 10_000, maxAnswerChars = 1_000, now = Date.now } = options;
  // Map iteration order is insertion order: re-inserting on use makes the first key the LRU one.
  const conversations = new Map<string, { turns: Turn[]; touchedAt: number }>();
  /** Supergroup id → the id of the group it was upgraded from; bounded like the conversations. */
  const movedFrom = new Map<string, string>();
  const own = (key: string): Turn[] => {
    const c = conversations.get(key);
    if (!c) return [];
    if (now() - c.touchedAt > ttlMs) {
      conversations.delete(key);
      return [];
    }
    return [...c.turns];
  };
  const get = (key: string): Turn[] => {
    const turns = own(key);
    const from = turns.length === 0 ? movedFrom.get(chatOfKey(key)) : undefined;
    return from === undefined ? turns : own(keyInChat(key, from));
  };
  return {
    get,
    add(key, turn) {
      if (maxTurns === 0) return;
      const turns = get(key);
      turns.push({ question: turn.question, answer: turn.answer.slice(0, maxAnswerChars) });
      conversations.delete(key);
      conversations.set(key, { turns: turns.slice(-maxTurns), touchedAt: now() });
      while (conversations.size > maxConversations) conversations.delete(conversations.keys().next().value!);
    },
    moveChat(from, to) {
      if (from === to) return;
      movedFrom.set(String(to), String(from));
      while (movedFrom.size > maxConversations) movedFrom.delete(movedFrom.keys().next().value!);
    },
  };
}
