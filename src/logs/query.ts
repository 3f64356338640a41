import { sql, type Kysely, type RawBuilder, type Selectable, type SelectQueryBuilder } from "kysely";
import { CALIBRATION } from "../answer/calibration.ts";
import { questionKey, type LogEntry, type Outcome, type ReviewStatus } from "./entry.ts";
import type { AnswersTable, LogDatabase } from "./schema.ts";
import type { Channel, Rating } from "./types.ts";

/**
 * Confidence below this puts an answered entry in the "low confidence" band of the review queue: the
 * answerer's own threshold on the answer score (score.ts), so the band holds what it would have declined.
 */
export const LOW_CONFIDENCE = CALIBRATION.threshold;

export interface LogFilter {
  since?: Date;
  until?: Date;
  review?: ReviewStatus;
  /** "none": nobody rated it. */
  feedback?: Rating | "none";
  abstained?: boolean;
  outcome?: Outcome;
  channel?: Channel;
  /** How the answer was written: "extractive" or "llm". */
  mode?: string;
  /** Case-insensitive substring of the question, rewritten query or answer. */
  text?: string;
  /** Any wording of this question, grouped as the unanswered report groups them (by `questionKey`). */
  question?: string;
}

export interface LogQuery extends LogFilter {
  /** "worst": 👎 first, then abstentions and errors, then low confidence, then the rest. */
  order?: "newest" | "oldest" | "worst";
  limit?: number;
  offset?: number;
}

export interface UnansweredQuestion {
  /** The most recent wording of the question. */
  question: string;
  count: number;
  lastAsked: string;
}

type Row = Selectable<AnswersTable> & { up: number; down: number };
type Entries = SelectQueryBuilder<LogDatabase & { a: AnswersTable; f: { answer_id: number; up: number; down: number } }, "a" | "f", Row>;

/** Answers with their 👍/👎 counts; the shape every read starts from. */
export function selectEntries(db: Kysely<LogDatabase>): Entries {
  const ratings = db
    .selectFrom("feedback")
    .select([
      "answer_id",
      sql<number>`sum(case when rating = 'up' then 1 else 0 end)`.as("up"),
      sql<number>`sum(case when rating = 'down' then 1 else 0 end)`.as("down"),
    ])
    .groupBy("answer_id")
    .as("f");
  return db
    .selectFrom("answers as a")
    .leftJoin(ratings, "f.answer_id", "a.id")
    .selectAll("a")
    .select([sql<number>`coalesce(f.up, 0)`.as("up"), sql<number>`coalesce(f.down, 0)`.as("down")]) as unknown as Entries;
}

/**
 * LIKE pattern for a literal substring; `\` escapes, as the ESCAPE clause below declares. U+0000 is
 * dropped: the log never stores it, and PostgreSQL refuses it in a parameter.
 */
function containing(text: string): string {
  return `%${text.replace(/\u0000/g, "").toLowerCase().replace(/[\\%_]/g, "\\$&")}%`;
}

/** An entry's 👍 and 👎 counts as SQL over the entry `a`. */
interface Ratings {
  up: RawBuilder<number>;
  down: RawBuilder<number>;
}

/** From the ratings of every entry, grouped once (`f` of selectEntries): what sorting the whole log needs. */
const GROUPED: Ratings = { up: sql<number>`coalesce(f.up, 0)`, down: sql<number>`coalesce(f.down, 0)` };

/**
 * Looked up for each entry through feedback's primary key: what a page of entries in log order
 * needs. Grouping every rating for each page made an export of a 400k-entry log take 6 minutes.
 */
const PER_ENTRY: Ratings = {
  up: sql<number>`(SELECT count(*) FROM feedback x WHERE x.answer_id = a.id AND x.rating = 'up')`,
  down: sql<number>`(SELECT count(*) FROM feedback x WHERE x.answer_id = a.id AND x.rating = 'down')`,
};

export function filtered(qb: Entries, f: LogFilter, ratings: Ratings = GROUPED): Entries {
  const { up, down } = ratings;
  if (f.since) qb = qb.where(sql<boolean>`a.created_at >= ${f.since.getTime()}`);
  if (f.until) qb = qb.where(sql<boolean>`a.created_at < ${f.until.getTime()}`);
  if (f.review) qb = qb.where(sql<boolean>`a.review_status = ${f.review}`);
  if (f.feedback === "down") qb = qb.where(sql<boolean>`${down} > 0`);
  if (f.feedback === "up") qb = qb.where(sql<boolean>`${down} = 0 AND ${up} > 0`);
  if (f.feedback === "none") qb = qb.where(sql<boolean>`${down} = 0 AND ${up} = 0`);
  if (f.abstained !== undefined) qb = qb.where(f.abstained ? sql<boolean>`a.outcome = 'abstained'` : sql<boolean>`a.outcome <> 'abstained'`);
  if (f.outcome) qb = qb.where(sql<boolean>`a.outcome = ${f.outcome}`);
  if (f.channel) qb = qb.where(sql<boolean>`a.channel = ${f.channel}`);
  if (f.mode) qb = qb.where(sql<boolean>`a.mode = ${f.mode}`);
  if (f.question !== undefined) qb = qb.where(sql<boolean>`a.question_key = ${questionKey(f.question)}`);
  if (f.text) {
    const p = containing(f.text);
    qb = qb.where(
      sql<boolean>`(lower(a.question) LIKE ${p} ESCAPE '\\' OR lower(coalesce(a.rewritten_query, '')) LIKE ${p} ESCAPE '\\' OR lower(coalesce(a.answer, '')) LIKE ${p} ESCAPE '\\')`,
    );
  }
  return qb;
}

/** Answers with their 👍/👎 counts looked up per entry (PER_ENTRY): no pass over every rating. */
function entriesRatedEach(db: Kysely<LogDatabase>): Entries {
  return db
    .selectFrom("answers as a")
    .selectAll("a")
    .select([PER_ENTRY.up.as("up"), PER_ENTRY.down.as("down")]) as unknown as Entries;
}

/**
 * The 👎-rated answers (no columns chosen), read from the ratings' side: CROSS JOIN makes SQLite
 * start from the few 👎 ratings whatever the filter, where it would otherwise walk an index of the
 * whole log (say, every pending entry) to find them.
 */
function downRated(db: Kysely<LogDatabase>): Entries {
  const rated = db.selectFrom("feedback").select("answer_id").distinct().where("rating", "=", "down").as("d");
  return db
    .selectFrom(rated)
    .crossJoin("answers as a")
    .where(sql<boolean>`a.id = d.answer_id`) as unknown as Entries;
}

const NOT_DOWN_RATED = sql<boolean>`NOT EXISTS (SELECT 1 FROM feedback x WHERE x.answer_id = a.id AND x.rating = 'down')`;
/** The 👎 band: most 👎 first, then as the rest. */
const DOWN_BAND_ORDER = sql`${PER_ENTRY.down} DESC, coalesce(a.confidence, 0) ASC, a.created_at DESC, a.id DESC`;
/**
 * Everything else: declined and failed first, then answered by confidence, lowest first (so below
 * LOW_CONFIDENCE before the rest), newest first within each. The same expressions as the index
 * answers_worst (migration 0004), which hands the entries over in this order: a page reads its own
 * entries instead of sorting the whole log.
 */
const REST_ORDER = sql`(a.outcome = 'answered') ASC, coalesce(a.confidence, 0) ASC, a.created_at DESC, a.id DESC`;

export async function getEntry(db: Kysely<LogDatabase>, id: number): Promise<LogEntry | undefined> {
  const row = await selectEntries(db).where(sql<boolean>`a.id = ${id}`).executeTakeFirst();
  return row && toEntry(row);
}

export async function queryEntries(db: Kysely<LogDatabase>, query: LogQuery): Promise<LogEntry[]> {
  const limit = Math.max(0, Math.min(query.limit ?? 50, 10_000));
  const offset = Math.max(0, query.offset ?? 0);
  if (query.order === "worst") return worstFirst(db, query, limit, offset);
  const order = query.order === "oldest" ? sql.raw("a.created_at ASC, a.id ASC") : sql.raw("a.created_at DESC, a.id DESC");
  const rows = await filtered(entriesRatedEach(db), query, PER_ENTRY).orderBy(order).limit(limit).offset(offset).execute();
  return rows.map(toEntry);
}

/**
 * The review queue's order (👎, then declined and failed, then low confidence, then the rest) read
 * as two bands: the 👎-rated entries (few), then the rest in the order of the index answers_worst.
 */
async function worstFirst(db: Kysely<LogDatabase>, filter: LogFilter, limit: number, offset: number): Promise<LogEntry[]> {
  const down = await filtered(downRated(db), filter, PER_ENTRY)
    .selectAll("a")
    .select([PER_ENTRY.up.as("up"), PER_ENTRY.down.as("down")])
    .orderBy(DOWN_BAND_ORDER)
    .limit(limit)
    .offset(offset)
    .execute();
  if (down.length === limit) return down.map(toEntry);
  // How many 👎-rated entries come before the rest: known from a page that ran out part-way.
  const downCount =
    down.length > 0
      ? offset + down.length
      : Number((await filtered(downRated(db), filter, PER_ENTRY).select(sql<number>`count(*)`.as("n")).executeTakeFirstOrThrow()).n);
  const rest = await filtered(entriesRatedEach(db), filter, PER_ENTRY)
    .where(NOT_DOWN_RATED)
    .orderBy(REST_ORDER)
    .limit(limit - down.length)
    .offset(Math.max(0, offset - downCount))
    .execute();
  return [...down, ...rest].map(toEntry);
}

/** Counts without grouping the ratings, which only the feedback filter needs (per entry). */
export async function countEntries(db: Kysely<LogDatabase>, filter: LogFilter): Promise<number> {
  const row = await filtered(db.selectFrom("answers as a") as unknown as Entries, filter, PER_ENTRY)
    .select(sql<number>`count(*)`.as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Where an export has got to: the last entry visited, so a retried export goes on from there. */
export interface ExportCursor {
  after?: { createdAt: number; id: number };
  /** Entries visited so far, over every attempt. */
  visited: number;
}

/**
 * Oldest first, a page at a time (keyset on created_at, id), so an export never holds the whole log.
 * Each page reads only its own entries and their ratings: the time of an export grows with the log,
 * not with its square. Starts after `cursor.after` and moves it past each entry visited, so the same
 * cursor passed again after a failure (a dropped connection, retried) visits no entry twice.
 * Resolves to the number of entries visited over every attempt.
 */
export async function eachEntry(
  db: Kysely<LogDatabase>,
  filter: LogFilter,
  visit: (entry: LogEntry) => unknown,
  pageSize = 500,
  cursor: ExportCursor = { visited: 0 },
): Promise<number> {
  const entries = entriesRatedEach(db);
  for (;;) {
    let qb = filtered(entries, filter, PER_ENTRY);
    if (cursor.after) {
      const { createdAt, id } = cursor.after;
      // The bound on created_at alone lets the index on it start the page where the last one ended.
      qb = qb.where(sql<boolean>`a.created_at >= ${createdAt} AND (a.created_at > ${createdAt} OR a.id > ${id})`);
    }
    const rows = await qb.orderBy(sql.raw("a.created_at ASC, a.id ASC")).limit(pageSize).execute();
    for (const row of rows) {
      // A visitor that returns a promise (a download the reader takes slowly) is waited for.
      await visit(toEntry(row));
      cursor.after = { createdAt: row.created_at, id: row.id };
      cursor.visited++;
    }
    if (rows.length < pageSize) return cursor.visited;
  }
}

/** Abstained questions grouped by wording, most often asked first: what the corpus lacks. */
export async function unansweredQuestions(
  db: Kysely<LogDatabase>,
  options: { since?: Date; until?: Date; limit?: number },
): Promise<UnansweredQuestion[]> {
  const since = options.since?.getTime() ?? 0;
  const until = options.until?.getTime() ?? Number.MAX_SAFE_INTEGER;
  const { rows } = await sql<{ n: number; last: number; question: string }>`
    SELECT count(*) AS n, max(created_at) AS last,
      (SELECT b.question FROM answers b WHERE b.question_key = a.question_key AND b.outcome = 'abstained'
       ORDER BY b.created_at DESC, b.id DESC LIMIT 1) AS question
    FROM answers a
    WHERE outcome = 'abstained' AND created_at >= ${since} AND created_at < ${until}
    GROUP BY question_key ORDER BY n DESC, last DESC LIMIT ${options.limit ?? 20}`.execute(db);
  return rows.map((r) => ({ question: r.question, count: Number(r.n), lastAsked: new Date(Number(r.last)).toISOString() }));
}

function toEntry(r: Row): LogEntry {
  return {
    id: r.id,
    time: new Date(r.created_at).toISOString(),
    channel: r.channel,
    chatType: r.chat_type,
    idMode: r.id_mode,
    user: r.user_ref,
    chat: r.chat_ref,
    updateId: r.update_id,
    question: r.question,
    rewrittenQuery: r.rewritten_query,
    outcome: r.outcome,
    abstained: r.outcome === "abstained",
    answer: r.answer,
    abstainReason: r.abstain_reason,
    confidence: r.confidence,
    citations: JSON.parse(r.citations),
    related: JSON.parse(r.related),
    retrieved: JSON.parse(r.retrieved),
    verification: JSON.parse(r.verification),
    mode: r.mode,
    model: r.model,
    indexVersion: r.index_version,
    latencyMs: r.latency_ms,
    error: r.error,
    feedback: r.down > 0 ? "down" : r.up > 0 ? "up" : null,
    feedbackUp: r.up,
    feedbackDown: r.down,
    review: r.review_status,
    reviewNote: r.review_note,
    reviewedAt: r.reviewed_at === null ? null : new Date(r.reviewed_at).toISOString(),
    correctedAnswer: r.corrected_answer,
  };
}
