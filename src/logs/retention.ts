import type { Kysely } from "kysely";
import type { LogDatabase } from "./schema.ts";

export const DAY_MS = 86_400_000;

/** Deletes entries older than `days` before `now` (their feedback goes with them); returns how many. */
export async function purgeOlderThan(db: Kysely<LogDatabase>, days: number, now: number): Promise<number> {
  if (days <= 0) return 0;
  const result = await db.deleteFrom("answers").where("created_at", "<", now - days * DAY_MS).executeTakeFirst();
  return Number(result.numDeletedRows);
}
