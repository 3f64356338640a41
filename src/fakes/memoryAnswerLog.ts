import type { AnswerLog, AnswerRecord, FeedbackResult, Rating } from "../logs/types.ts";

/** An in-memory AnswerLog that keeps everything for assertions. */
export class MemoryAnswerLog implements AnswerLog {
  readonly entries: Array<AnswerRecord & { id: number }> = [];
  readonly ratings: Array<{ entryId: number; rating: Rating; userId: number | null }> = [];
  /** When set, record() fails (returns null), as a broken store would. */
  failWrites = false;

  async hasUpdate(updateId: number): Promise<boolean> {
    return this.entries.some((e) => e.updateId === updateId);
  }

  async record(entry: AnswerRecord): Promise<number | null> {
    if (this.failWrites) return null;
    const id = this.entries.length + 1;
    this.entries.push({ ...entry, id });
    return id;
  }

  async undelivered(entryId: number, reason: string): Promise<void> {
    const entry = this.entries.find((e) => e.id === entryId);
    if (entry) entry.error = `not delivered: ${reason}`;
  }

  async feedback(entryId: number, rating: Rating, userId: number | null): Promise<FeedbackResult> {
    if (!this.entries.some((e) => e.id === entryId)) return "unknown";
    this.ratings.push({ entryId, rating, userId });
    return "saved";
  }
}
