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
 * A conversation key is the chat in private chats and chat+user in groups.
 */
export interface History {
  /** A shared store (Redis, for several workers) answers with a promise. */
  get(key: string): Turn[] | Promise<Turn[]>;
  add(key: string, turn: Turn): void | Promise<void>;
}

/** The in-memory history answers at once. */
export interface MemoryHistory extends History {
  get(key: string): Turn[];
  add(key: string, turn: Turn): void;
}

export function createHistory(options: HistoryOptions): MemoryHistory {
  const { maxTurns, ttlMs, maxConversations = 10_000, maxAnswerChars = 1_000, now = Date.now } = options;
  // Map iteration order is insertion order: re-inserting on use makes the first key the LRU one.
  const conversations = new Map<string, { turns: Turn[]; touchedAt: number }>();
  const get = (key: string): Turn[] => {
    const c = conversations.get(key);
    if (!c) return [];
    if (now() - c.touchedAt > ttlMs) {
      conversations.delete(key);
      return [];
    }
    return [...c.turns];
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
  };
}
