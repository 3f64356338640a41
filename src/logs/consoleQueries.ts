import { sql, type Kysely } from "kysely";
import type { ReviewAction } from "./entry.ts";
import { selectEntries } from "./query.ts";
import type { LogDatabase } from "./schema.ts";

/**
 * Queries behind the moderator console (src/console), kept apart from the store's core so a port
 * to another database changes them in one place. Each takes an open database; the store wraps them
 * in its error handling. Times are milliseconds since the epoch, UTC. The review trail's rows are
 * written with each review in write.ts.
 */

/** One moderator action on an entry, as the audit trail shows it. */
export interface ReviewEvent {
  /** ISO 8601, UTC. */
  at: string;
  action: ReviewAction;
  /** The reviewer's Telegram id as LOG_USER_IDS stores ids (HMAC hex, decimal, or null); null from the CLI too. */
  reviewer: string | null;
  note: string | null;
  correctedAnswer: string | null;
}

/** One UTC day of the answer log. */
export interface DailyFigures {
  /** YYYY-MM-DD, UTC. */
  day: string;
  questions: number;
  abstained: number;
  errors: number;
  /** Ratings given to that day's answers. */
  feedbackUp: number;
  feedbackDown: number;
  /** Nearest-rank percentiles of that day's latencies; null on a day without questions. Milliseconds. */
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
}

const DAY_MS = 86_400_000;
/** The longest window `daily` covers, so a wild date range cannot build a huge array. */
export const MAX_DAILY_DAYS = 366;

export async function selectReviewTrail(db: Kysely<LogDatabase>, answerId: number): Promise<ReviewEvent[]> {
  const rows = await db
    .selectFrom("review_events")
    .select(["at", "action", "reviewer_ref", "note", "corrected_answer"])
    .where("answer_id", "=", answerId)
    .orderBy("at", "asc")
    .orderBy("id", "asc")
    .execute();
  return rows.map((r) => ({
    at: new Date(Number(r.at)).toISOString(),
    action: r.action,
    reviewer: r.reviewer_ref,
    note: r.note,
    correctedAnswer: r.corrected_answer,
  }));
}

/** Days from `since`'s UTC midnight up to the day holding `until` (exclusive), at most MAX_DAILY_DAYS. */
export async function selectDaily(db: Kysely<LogDatabase>, window: { since: Date; until: Date }): Promise<DailyFigures[]> {
  const first = Math.floor(window.since.getTime() / DAY_MS) * DAY_MS;
  const end = Math.max(first + DAY_MS, window.until.getTime());
  const days = Math.min(MAX_DAILY_DAYS, Math.ceil((end - first) / DAY_MS));
  const until = Math.min(end, first + days * DAY_MS);
  const buckets = Array.from({ length: days }, (_, i) => ({
    day: new Date(first + i * DAY_MS).toISOString().slice(0, 10),
    questions: 0,
    abstained: 0,
    errors: 0,
    feedbackUp: 0,
    feedbackDown: 0,
    latencies: [] as number[],
  }));
  const rows = await selectEntries(db)
    .clearSelect()
    .select(["a.created_at as at", "a.outcome as outcome", "a.latency_ms as latency", sql<number>`coalesce(f.up, 0)`.as("up"), sql<number>`coalesce(f.down, 0)`.as("down")])
    .where(sql<boolean>`a.created_at >= ${first} AND a.created_at < ${until}`)
    .execute();
  for (const r of rows) {
    const b = buckets[Math.floor((Number(r.at) - first) / DAY_MS)];
    if (!b) continue;
    b.questions++;
    if (r.outcome === "abstained") b.abstained++;
    if (r.outcome === "error") b.errors++;
    b.feedbackUp += Number(r.up);
    b.feedbackDown += Number(r.down);
    b.latencies.push(Number(r.latency));
  }
  return buckets.map(({ latencies, ...b }) => {
    latencies.sort((x, y) => x - y);
    const at = (p: number) => (latencies.length === 0 ? null : latencies[Math.max(0, Math.ceil(p * latencies.length) - 1)]!);
    return { ...b, latencyP50Ms: at(0.5), latencyP95Ms: at(0.95) };
  });
}
