import type { StorageAdapter } from "grammy";
import type { Turn } from "../answer/types.ts";
import type { History } from "../bot/history.ts";

/**
 * Follow-up history kept in a grammY storage adapter (Redis for workers, so a follow-up may reach
 * another worker than its question did). The adapter's TTL ends idle conversations; each write
 * renews it. Storage failures lose only the follow-up context, never the answer.
 */
export function createStoredHistory(
  storage: StorageAdapter<Turn[]>,
  options: { maxTurns: number; maxAnswerChars?: number; onError: (error: Error) => void },
): History {
  const { maxTurns, maxAnswerChars = 1_000, onError } = options;
  const read = async (key: string): Promise<Turn[]> => {
    try {
      return (await storage.read(key)) ?? [];
    } catch (error) {
      onError(error as Error);
      return [];
    }
  };
  return {
    get: read,
    async add(key, turn) {
      if (maxTurns === 0) return;
      const turns = await read(key);
      turns.push({ question: turn.question, answer: turn.answer.slice(0, maxAnswerChars) });
      try {
        await storage.write(key, turns.slice(-maxTurns));
      } catch (error) {
        onError(error as Error);
      }
    },
  };
}
