import type { Kysely } from "kysely";
import type { LogDatabase } from "./schema.ts";

export const DAY_MS = 86_400_000;

/** Entries deleted per statement by a purge. */
const PURGE_BATCH = 2_000;

/**
 * Deletes entries older than `days` before `now` (their feedback goes with them); returns how many.
 * In batches, with a turn of the event loop between them: SQLite runs on the bot's own thread, so
 * one statement deleting a year of entries (300,000 take 6 s with secure_delete) froze every answer
 * when LOG_RETENTION_DAYS was first set, and held the write lock all that time.
 */
export async function purgeOlderThan(db: Kysely<LogDatabase>, days: number, now: number): Promise<number> {
  if (days <= 0) return 0;
  const cutoff = now - days * DAY_MS;
  for (let total = 0; ; ) {
    const result = await db
      .deleteFrom("answers")
      .where("id", "in", (eb) => eb.selectFrom("answers").select("id").where("created_at", "<", cutoff).limit(PURGE_BATCH))
      .executeTakeFirst();
    const deleted = Number(result.numDeletedRows);
    total += deleted;
    if (deleted < PURGE_BATCH) return total;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
