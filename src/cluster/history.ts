import type { StorageAdapter } from "grammy";
import type { Turn } from "../answer/types.ts";
import { chatOfKey, keyInChat, type History } from "../bot/history.ts";

/**
 * Follow-up history kept in a grammY storage adapter (Redis for workers, so a follow-up may reach
 * another worker than its question did). The adapter's TTL ends idle conversations; each write
 * renews it. Storage failures lose only the follow-up context, never the answer. `moves` remembers
 * which group a supergroup was upgraded from, for as long as that group's history may be read.
 */
export function createStoredHistory(
  storage: StorageAdapter<Turn[]>,
  options: { maxTurns: number; maxAnswerChars?: number; moves: StorageAdapter<string>; onError: (error: Error) => void },
): History {
  const { maxTurns, maxAnswerChars = 1_000, moves, onError } = options;
  const attempt = async <T>(operation: () => T | Promise<T>, fallback: T): Promise<T> => {
    try {
      return await operation();
    } catch (error) {
      onError(error as Error);
      return fallback;
    }
  };
  const movedFromKey = (chat: string) => `chat-moved-from:${chat}`;
  const own = async (key: string): Promise<Turn[]> => (await attempt(() => storage.read(key), undefined)) ?? [];
  const read = async (key: string): Promise<Turn[]> => {
    const turns = await own(key);
    if (turns.length > 0) return turns;
    // Read only when the conversation is empty: its first question in a supergroup.
    const from = await attempt(() => moves.read(movedFromKey(chatOfKey(key))), undefined);
    return from === undefined ? turns : own(keyInChat(key, from));
  };
  return {
    get: read,
    async add(key, turn) {
      if (maxTurns === 0) return;
      const turns = await read(key);
      turns.push({ question: turn.question, answer: turn.answer.slice(0, maxAnswerChars) });
      await attempt(() => storage.write(key, turns.slice(-maxTurns)), undefined);
    },
    async moveChat(from, to) {
      if (from === to) return;
      await attempt(() => moves.write(movedFromKey(String(to)), String(from)), undefined);
    },
  };
}
