import { sql, type Kysely } from "kysely";
import { unansweredQuestions, type UnansweredQuestion } from "./query.ts";
import { DAY_MS } from "./retention.ts";
import type { Backend } from "./database.ts";
import type { LogDatabase } from "./schema.ts";

export interface LogStats {
  since: string;
  until: string;
  days: number;
  questions: number;
  /** One row per UTC day of the window, oldest first, zero days included. */
  perDay: { day: string; questions: number }[];
  abstained: number;
  errors: number;
  /** abstained / questions, or null without questions. */
  abstentionRate: number | null;
  feedbackUp: number;
  feedbackDown: number;
  /** 👍 / (👍 + 👎), or null when nothing was rated. */
  feedbackRatio: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  topUnanswered: UnansweredQuestion[];
  pendingReview: number;
  flagged: number;
  /** Failed log operations since this process opened the log. */
  failures: number;
}

/** The figures behind `npm run logs -- stats` and /stats, over the last `days` UTC days up to `now`. */
export async function computeStats(
  db: Kysely<LogDatabase>,
  options: { days?: number; topUnanswered?: number; now: number; failures: number; backend?: Backend },
): Promise<LogStats> {
  const days = Math.max(1, Math.floor(options.days ?? 7));
  const until = options.now;
  const since = Math.floor(until / DAY_MS) * DAY_MS - (days - 1) * DAY_MS; // midnight UTC, `days` days back
  const end = until + 1;
  const inWindow = sql`created_at >= ${since} AND created_at < ${end}`;
  const count = (condition: string) => sql.raw(`coalesce(sum(case when ${condition} then 1 else 0 end), 0)`);

  // Integer division of milliseconds by a day gives the UTC day number on both backends.
  const perDayRows = (
    await sql<{ day: number; n: number }>`SELECT created_at / ${sql.lit(DAY_MS)} AS day, count(*) AS n FROM answers WHERE ${inWindow} GROUP BY 1`.execute(db)
  ).rows;
  const byDay = new Map(perDayRows.map((r) => [Number(r.day), Number(r.n)]));
  const perDay = Array.from({ length: days }, (_, i) => ({
    day: new Date(since + i * DAY_MS).toISOString().slice(0, 10),
    questions: byDay.get(since / DAY_MS + i) ?? 0,
  }));

  const t = (
    await sql<{ n: number; abstained: number; errors: number; pending: number; flagged: number }>`
      SELECT count(*) AS n, ${count("outcome = 'abstained'")} AS abstained, ${count("outcome = 'error'")} AS errors,
        ${count("review_status = 'pending'")} AS pending, ${count("review_status = 'flagged'")} AS flagged
      FROM answers WHERE ${inWindow}`.execute(db)
  ).rows[0]!;
  const n = Number(t.n);
  const fb = (
    await sql<{ up: number; down: number }>`
      SELECT ${count("f.rating = 'up'")} AS up, ${count("f.rating = 'down'")} AS down
      FROM feedback f JOIN answers a ON a.id = f.answer_id WHERE a.created_at >= ${since} AND a.created_at < ${end}`.execute(db)
  ).rows[0]!;
  const up = Number(fb.up);
  const down = Number(fb.down);

  // PostgreSQL's percentile_disc is the nearest-rank percentile: both in one pass over the period,
  // where walking an index to each offset took 0.5 s apiece on a 300,000-entry log.
  const disc =
    options.backend === "postgres" && n > 0
      ? (
          await sql<{ p50: number; p95: number }>`
            SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50, percentile_disc(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95
            FROM answers WHERE ${inWindow}`.execute(db)
        ).rows[0]
      : undefined;
  // Nearest-rank percentile over the window's latencies.
  const percentile = async (p: number): Promise<number | null> => {
    if (n === 0) return null;
    if (disc) return Number(p === 0.5 ? disc.p50 : disc.p95);
    const offset = Math.max(0, Math.ceil(p * n) - 1);
    // Walks the index answers_latency in latency order to the offset: at most one pass over an
    // index, however long the period, instead of sorting every latency of the period. The unary +
    // keeps SQLite from choosing an index on created_at (and sorting) instead; PostgreSQL ignores it.
    const r = await sql<{ v: number }>`SELECT latency_ms AS v FROM answers WHERE +created_at >= ${since} AND +created_at < ${end} ORDER BY latency_ms LIMIT 1 OFFSET ${offset}`.execute(db);
    return Number(r.rows[0]!.v);
  };
  const abstained = Number(t.abstained);
  return {
    since: new Date(since).toISOString(),
    until: new Date(until).toISOString(),
    days,
    questions: n,
    perDay,
    abstained,
    errors: Number(t.errors),
    abstentionRate: n === 0 ? null : abstained / n,
    feedbackUp: up,
    feedbackDown: down,
    feedbackRatio: up + down === 0 ? null : up / (up + down),
    latencyP50Ms: await percentile(0.5),
    latencyP95Ms: await percentile(0.95),
    topUnanswered: await unansweredQuestions(db, { since: new Date(since), until: new Date(end), limit: options.topUnanswered ?? 5 }),
    pendingReview: Number(t.pending),
    flagged: Number(t.flagged),
    failures: options.failures,
  };
}
