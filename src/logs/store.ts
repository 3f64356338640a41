import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { redact, redactJson, secretsOf, type Config } from "../config.ts";
import {
  questionKey,
  toLoggedCitation,
  toLoggedRelated,
  type LogEntry,
  type Outcome,
  type ReviewDecision,
  type ReviewStatus,
} from "./entry.ts";
import { migrate } from "./migrations.ts";
import { createPseudonymiser, createRaterRef, loadHashKey, type IdMode, type Pseudonymise } from "./pseudonym.ts";
import type { AnswerLog, AnswerRecord, Channel, Rating } from "./types.ts";

export type { LogEntry, LoggedCitation, LoggedRelated, Outcome, ReviewDecision, ReviewStatus } from "./entry.ts";

/** The log file's name inside DATA_DIR. */
export const ANSWER_LOG_FILE = "answers.sqlite";

const DAY_MS = 86_400_000;
/** Confidence below this puts an answered entry in the "low confidence" band of the review queue. */
export const LOW_CONFIDENCE = 0.5;
const MAX_TEXT = 20_000; // UTF-16 units kept of any free text; longer is cut
const MAX_NOTE = 2_000;

/** A write or read of the answer log failed; `operation` names which, `cause` keeps SQLite's error. */
export class AnswerLogError extends Error {
  override name = "AnswerLogError";
  constructor(
    readonly operation: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface AnswerLogOptions {
  /** Called on every failed operation. Default: one redacted line on stderr. */
  onError?: (error: AnswerLogError) => void;
  /** Milliseconds since the epoch; tests pass a fixed clock. */
  now?: () => number;
  /** How long a write waits for another process's lock before failing; milliseconds (default 500). Writes are synchronous, so this is time the bot stands still. */
  busyTimeoutMs?: number;
  /** After a failed open, writes retry opening at most this often; milliseconds. */
  reopenIntervalMs?: number;
}

export interface LogFilter {
  since?: Date;
  until?: Date;
  review?: ReviewStatus;
  /** "none": nobody rated it. */
  feedback?: Rating | "none";
  abstained?: boolean;
  outcome?: Outcome;
  channel?: Channel;
  /** Case-insensitive substring of the question, rewritten query or answer. */
  text?: string;
}

export interface LogQuery extends LogFilter {
  /** "worst": 👎 first, then abstentions and errors, then low confidence, then the rest. */
  order?: "newest" | "oldest" | "worst";
  limit?: number;
  offset?: number;
}

export interface ReviewInput {
  decision: ReviewDecision;
  /** Replaces the entry's note when given; an omitted note keeps the previous one. */
  note?: string;
  /** The moderator's Telegram id, pseudonymised like any other; null from the CLI. */
  reviewerId?: number | null;
}

export interface UnansweredQuestion {
  /** The most recent wording of the question. */
  question: string;
  count: number;
  lastAsked: string;
}

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

/** Fired when an entry gets its first 👎, so moderators can look at it while it is fresh. */
export interface DownvoteEvent {
  entryId: number;
  /** The Telegram user who pressed 👎 (raw: never stored), so notices can be limited per user. */
  raterId: number | null;
}

/**
 * The answer log with the operations behind `npm run logs` and the moderator commands.
 * The `AnswerLog` methods never throw; the others throw `AnswerLogError` for their callers to report.
 */
export interface AnswerLogStore extends AnswerLog {
  readonly file: string;
  get(id: number): LogEntry | undefined;
  query(query?: LogQuery): LogEntry[];
  count(filter?: LogFilter): number;
  /** Returns the updated entry, or undefined when there is no such entry. */
  review(id: number, input: ReviewInput): LogEntry | undefined;
  stats(options?: { days?: number; topUnanswered?: number }): LogStats;
  /** Abstained questions grouped by wording, most often asked first: what the corpus lacks. */
  unanswered(options?: { since?: Date; until?: Date; limit?: number }): UnansweredQuestion[];
  /** Calls `visit` for each matching entry, oldest first, without loading them all; returns how many. */
  each(filter: LogFilter, visit: (entry: LogEntry) => void): number;
  /** Deletes entries older than `days` (default LOG_RETENTION_DAYS; 0 deletes nothing); returns how many. */
  purge(days?: number): number;
  failures(): number;
  onDownvote(listener: (event: DownvoteEvent) => void): () => void;
  close(): void;
}

/**
 * Opens (creating and migrating as needed) DATA_DIR/answers.sqlite. Never throws: when the file
 * cannot be opened the failure is reported, writes return null and retry opening later, and the
 * query methods throw `AnswerLogError`.
 */
export function openAnswerLog(config: Config, options: AnswerLogOptions = {}): AnswerLogStore {
  return new SqliteAnswerLog(config, options);
}

interface Row {
  id: number;
  created_at: number;
  channel: Channel;
  chat_type: string | null;
  id_mode: IdMode;
  user_ref: string | null;
  chat_ref: string | null;
  update_id: number | null;
  question: string;
  rewritten_query: string | null;
  outcome: Outcome;
  answer: string | null;
  abstain_reason: string | null;
  confidence: number | null;
  citations: string;
  related: string;
  retrieved: string;
  verification: string;
  mode: string | null;
  model: string | null;
  index_version: string | null;
  latency_ms: number;
  error: string | null;
  review_status: ReviewStatus;
  review_note: string | null;
  reviewed_at: number | null;
  up: number;
  down: number;
}

const SELECT = `
  SELECT a.*, coalesce(f.up, 0) AS up, coalesce(f.down, 0) AS down
  FROM answers a
  LEFT JOIN (
    SELECT answer_id, sum(rating = 'up') AS up, sum(rating = 'down') AS down FROM feedback GROUP BY answer_id
  ) f ON f.answer_id = a.id`;

const WORST_FIRST = `
  CASE
    WHEN coalesce(f.down, 0) > 0 THEN 0
    WHEN a.outcome <> 'answered' THEN 1
    WHEN a.confidence IS NOT NULL AND a.confidence < ${LOW_CONFIDENCE} THEN 2
    ELSE 3
  END, coalesce(f.down, 0) DESC, coalesce(a.confidence, 0) ASC, a.created_at DESC, a.id DESC`;

class SqliteAnswerLog implements AnswerLogStore {
  readonly file: string;
  private db: Database.Database | undefined;
  private pseudonymise: Pseudonymise = () => null;
  private raterRef: (entryId: number, userId: number | null) => string = () => "anonymous";
  private readonly secrets: string[];
  private readonly now: () => number;
  private readonly onError: (error: AnswerLogError) => void;
  private readonly listeners = new Set<(event: DownvoteEvent) => void>();
  private failureCount = 0;
  private openError: AnswerLogError | undefined;
  private lastOpenAttempt = -Infinity;
  private lastPurge = -Infinity;
  private closed = false;

  constructor(
    private readonly config: Config,
    private readonly options: AnswerLogOptions,
  ) {
    this.file = path.join(config.dataDir, ANSWER_LOG_FILE);
    this.secrets = secretsOf(config);
    this.now = options.now ?? Date.now;
    this.onError =
      options.onError ?? ((e) => console.error(`answer log: ${redact(e.message, this.secrets)}`));
    try {
      this.open();
    } catch (error) {
      this.fail(error, "open");
    }
  }

  // ---- AnswerLog: never throws ------------------------------------------------------------

  hasUpdate(updateId: number): boolean {
    try {
      return this.open().prepare("SELECT 1 FROM answers WHERE update_id = ?").get(updateId) !== undefined;
    } catch (error) {
      // Unknown is answered: a duplicate reply is better than none.
      this.fail(error, "hasUpdate");
      return false;
    }
  }

  record(entry: AnswerRecord): number | null {
    try {
      const db = this.open();
      this.purgeIfDue();
      const a = entry.answer;
      const outcome: Outcome = a === null ? "error" : a.status;
      const row = {
        created_at: this.now(),
        channel: entry.channel,
        chat_type: entry.chatType,
        id_mode: this.config.log.userIds,
        user_ref: this.pseudonymise(entry.userId),
        chat_ref: this.pseudonymise(entry.chatId),
        update_id: entry.updateId,
        question: this.clean(entry.question),
        question_key: questionKey(this.clean(entry.question)),
        rewritten_query: a?.rewrittenQuery === undefined ? null : this.clean(a.rewrittenQuery),
        outcome,
        answer: a === null ? null : this.clean(a.text),
        abstain_reason: a?.status === "abstained" ? this.clean(a.reason) : null,
        confidence: a?.status === "answered" ? a.confidence : null,
        citations: this.cleanJson(a?.status === "answered" ? a.citations.map(toLoggedCitation) : []),
        related: this.cleanJson(a?.status === "abstained" ? a.related.map(toLoggedRelated) : []),
        retrieved: JSON.stringify(a?.retrieved.map((r) => ({ passageId: r.passageId, relevance: r.relevance })) ?? []),
        // Verification notes quote model output, which may echo a secret a user typed.
        verification: this.cleanJson(a?.verification ?? []),
        mode: a?.mode ?? null,
        model: a?.model ?? null,
        index_version: a?.indexVersion ?? null,
        latency_ms: Math.max(0, Math.round(entry.latencyMs)),
        error: entry.error === undefined ? null : this.clean(entry.error),
      };
      const info = db
        .prepare(
          `INSERT INTO answers (${Object.keys(row).join(", ")}) VALUES (${Object.keys(row).map((k) => "@" + k).join(", ")})
           ON CONFLICT (update_id) DO NOTHING`,
        )
        .run(row);
      if (info.changes > 0) return Number(info.lastInsertRowid);
      // A replayed update: the first record stands and keeps its id.
      const existing = db.prepare("SELECT id FROM answers WHERE update_id = ?").get(entry.updateId) as { id: number } | undefined;
      if (!existing) throw new Error("insert changed nothing and found no entry with that update_id");
      return existing.id;
    } catch (error) {
      this.fail(error, "record");
      return null;
    }
  }

  feedback(entryId: number, rating: Rating, userId: number | null): boolean {
    let firstDown = false;
    try {
      const db = this.open();
      const rater = this.raterRef(entryId, userId);
      const downs = db.prepare("SELECT count(*) AS n FROM feedback WHERE answer_id = ? AND rating = 'down'");
      const known = db.transaction(() => {
        if (db.prepare("SELECT 1 FROM answers WHERE id = ?").get(entryId) === undefined) return false;
        const before = (downs.get(entryId) as { n: number }).n;
        db.prepare(
          `INSERT INTO feedback (answer_id, rater_ref, rating, at) VALUES (?, ?, ?, ?)
           ON CONFLICT (answer_id, rater_ref) DO UPDATE SET rating = excluded.rating, at = excluded.at`,
        ).run(entryId, rater, rating, this.now());
        firstDown = before === 0 && rating === "down";
        return true;
      })();
      if (!known) return false;
    } catch (error) {
      this.fail(error, "feedback");
      return false;
    }
    if (firstDown) {
      for (const listener of this.listeners) {
        try {
          listener({ entryId, raterId: userId });
        } catch (error) {
          this.fail(error, "downvote listener");
        }
      }
    }
    return true;
  }

  // ---- Queries: throw AnswerLogError -----------------------------------------------------

  get(id: number): LogEntry | undefined {
    return this.run("get", (db) => {
      const row = db.prepare(`${SELECT} WHERE a.id = ?`).get(id) as Row | undefined;
      return row && toEntry(row);
    });
  }

  query(query: LogQuery = {}): LogEntry[] {
    return this.run("query", (db) => {
      const { where, params } = whereClause(query);
      const order = query.order === "worst" ? WORST_FIRST : query.order === "oldest" ? "a.created_at ASC, a.id ASC" : "a.created_at DESC, a.id DESC";
      const limit = Math.max(0, Math.min(query.limit ?? 50, 10_000));
      const rows = db
        .prepare(`${SELECT} ${where} ORDER BY ${order} LIMIT ${limit} OFFSET ${Math.max(0, query.offset ?? 0)}`)
        .all(params) as Row[];
      return rows.map(toEntry);
    });
  }

  count(filter: LogFilter = {}): number {
    return this.run("count", (db) => {
      const { where, params } = whereClause(filter);
      return (db.prepare(`SELECT count(*) AS n FROM (${SELECT} ${where})`).get(params) as { n: number }).n;
    });
  }

  each(filter: LogFilter, visit: (entry: LogEntry) => void): number {
    return this.run("export", (db) => {
      const { where, params } = whereClause(filter);
      let n = 0;
      for (const row of db.prepare(`${SELECT} ${where} ORDER BY a.created_at ASC, a.id ASC`).iterate(params)) {
        visit(toEntry(row as Row));
        n++;
      }
      return n;
    });
  }

  review(id: number, input: ReviewInput): LogEntry | undefined {
    return this.run("review", (db) => {
      const status: ReviewStatus = input.decision === "approve" ? "approved" : "flagged";
      const note = input.note?.trim() ? this.clean(input.note.trim()).slice(0, MAX_NOTE) : null;
      const info = db
        .prepare(
          `UPDATE answers SET review_status = ?, review_note = coalesce(?, review_note), reviewed_at = ?, reviewer_ref = ?
           WHERE id = ?`,
        )
        .run(status, note, this.now(), this.pseudonymise(input.reviewerId ?? null), id);
      if (info.changes === 0) return undefined;
      return toEntry(db.prepare(`${SELECT} WHERE a.id = ?`).get(id) as Row);
    });
  }

  unanswered(options: { since?: Date; until?: Date; limit?: number } = {}): UnansweredQuestion[] {
    return this.run("unanswered", (db) => {
      const rows = db
        .prepare(
          `SELECT question_key, count(*) AS n, max(created_at) AS last,
             (SELECT b.question FROM answers b WHERE b.question_key = a.question_key AND b.outcome = 'abstained'
              ORDER BY b.created_at DESC, b.id DESC LIMIT 1) AS question
           FROM answers a
           WHERE outcome = 'abstained' AND created_at >= @since AND created_at < @until
           GROUP BY question_key ORDER BY n DESC, last DESC LIMIT @limit`,
        )
        .all({
          since: options.since?.getTime() ?? 0,
          until: options.until?.getTime() ?? Number.MAX_SAFE_INTEGER,
          limit: options.limit ?? 20,
        }) as { n: number; last: number; question: string }[];
      return rows.map((r) => ({ question: r.question, count: r.n, lastAsked: new Date(r.last).toISOString() }));
    });
  }

  stats(options: { days?: number; topUnanswered?: number } = {}): LogStats {
    return this.run("stats", (db) => {
      const days = Math.max(1, Math.floor(options.days ?? 7));
      const until = this.now();
      const since = Math.floor(until / DAY_MS) * DAY_MS - (days - 1) * DAY_MS; // midnight UTC, `days` days back
      const w = { since, until: until + 1 };
      const inWindow = "created_at >= @since AND created_at < @until";
      const perDayRows = db
        .prepare(`SELECT date(created_at / 1000, 'unixepoch') AS day, count(*) AS n FROM answers WHERE ${inWindow} GROUP BY day`)
        .all(w) as { day: string; n: number }[];
      const byDay = new Map(perDayRows.map((r) => [r.day, r.n]));
      const perDay = Array.from({ length: days }, (_, i) => {
        const day = new Date(since + i * DAY_MS).toISOString().slice(0, 10);
        return { day, questions: byDay.get(day) ?? 0 };
      });
      const t = db
        .prepare(
          `SELECT count(*) AS n, coalesce(sum(outcome = 'abstained'), 0) AS abstained, coalesce(sum(outcome = 'error'), 0) AS errors,
             coalesce(sum(review_status = 'pending'), 0) AS pending, coalesce(sum(review_status = 'flagged'), 0) AS flagged
           FROM answers WHERE ${inWindow}`,
        )
        .get(w) as { n: number; abstained: number; errors: number; pending: number; flagged: number };
      const fb = db
        .prepare(
          `SELECT coalesce(sum(f.rating = 'up'), 0) AS up, coalesce(sum(f.rating = 'down'), 0) AS down
           FROM feedback f JOIN answers a ON a.id = f.answer_id WHERE a.created_at >= @since AND a.created_at < @until`,
        )
        .get(w) as { up: number; down: number };
      // Nearest-rank percentile over the window's latencies.
      const percentile = (p: number): number | null => {
        if (t.n === 0) return null;
        const offset = Math.max(0, Math.ceil(p * t.n) - 1);
        const r = db.prepare(`SELECT latency_ms AS v FROM answers WHERE ${inWindow} ORDER BY latency_ms LIMIT 1 OFFSET ${offset}`).get(w) as { v: number };
        return r.v;
      };
      return {
        since: new Date(since).toISOString(),
        until: new Date(until).toISOString(),
        days,
        questions: t.n,
        perDay,
        abstained: t.abstained,
        errors: t.errors,
        abstentionRate: t.n === 0 ? null : t.abstained / t.n,
        feedbackUp: fb.up,
        feedbackDown: fb.down,
        feedbackRatio: fb.up + fb.down === 0 ? null : fb.up / (fb.up + fb.down),
        latencyP50Ms: percentile(0.5),
        latencyP95Ms: percentile(0.95),
        topUnanswered: this.unanswered({ since: new Date(since), until: new Date(until + 1), limit: options.topUnanswered ?? 5 }),
        pendingReview: t.pending,
        flagged: t.flagged,
        failures: this.failureCount,
      };
    });
  }

  purge(days: number = this.config.log.retentionDays): number {
    return this.run("purge", (db) => this.purgeWith(db, days));
  }

  failures(): number {
    return this.failureCount;
  }

  onDownvote(listener: (event: DownvoteEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    this.listeners.clear();
    this.db?.close();
    this.db = undefined;
  }

  // ---- Internals -------------------------------------------------------------------------

  private open(): Database.Database {
    if (this.db) return this.db;
    if (this.closed) throw new AnswerLogError("open", `the answer log ${this.file} was closed`);
    const reopenInterval = this.options.reopenIntervalMs ?? 60_000;
    if (this.openError && this.now() - this.lastOpenAttempt < reopenInterval) throw this.openError;
    this.lastOpenAttempt = this.now();
    let db: Database.Database | undefined;
    try {
      fs.mkdirSync(this.config.dataDir, { recursive: true });
      const mode = this.config.log.userIds;
      const key = mode === "hash" ? loadHashKey(this.config.dataDir, this.config.log.hashKey) : undefined;
      if (key && !this.secrets.includes(key)) this.secrets.push(key);
      // Created 0600 before SQLite opens it: SQLite gives the -wal and -shm files the same mode.
      fs.closeSync(fs.openSync(this.file, "a", 0o600));
      // A log created before that rule (or copied in) is made private too, like the key file.
      for (const f of [this.file, `${this.file}-wal`, `${this.file}-shm`]) makePrivate(f);
      db = new Database(this.file, { timeout: this.options.busyTimeoutMs ?? 500 });
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = NORMAL");
      db.pragma("foreign_keys = ON");
      // Purged rows are overwritten, not left readable in free pages.
      db.pragma("secure_delete = ON");
      migrate(db, undefined, this.now);
      this.pseudonymise = createPseudonymiser(mode, key);
      this.raterRef = createRaterRef(mode, this.pseudonymise);
      this.db = db;
      this.openError = undefined;
      this.purgeIfDue();
      return db;
    } catch (error) {
      db?.close();
      const code = (error as { code?: unknown }).code;
      const damaged = code === "SQLITE_NOTADB" || code === "SQLITE_CORRUPT";
      this.openError = new AnswerLogError(
        "open",
        damaged
          ? `the answer log ${this.file} is damaged (${(error as Error).message}); stop the bot, move the file aside (for example to answers.sqlite.damaged; sqlite3's .recover may save its rows) and start again: a new log is created (answers are still sent meanwhile)`
          : `cannot open the answer log ${this.file}: ${(error as Error).message}; make DATA_DIR writable by the bot (answers are still sent meanwhile)`,
        { cause: error },
      );
      throw this.openError;
    }
  }

  private purgeIfDue(): void {
    if (this.config.log.retentionDays <= 0 || this.now() - this.lastPurge < DAY_MS / 24) return;
    this.lastPurge = this.now();
    try {
      this.purgeWith(this.open(), this.config.log.retentionDays);
    } catch (error) {
      this.fail(error, "purge");
    }
  }

  private purgeWith(db: Database.Database, days: number): number {
    if (days <= 0) return 0;
    return db.prepare("DELETE FROM answers WHERE created_at < ?").run(this.now() - days * DAY_MS).changes;
  }

  private run<T>(operation: string, body: (db: Database.Database) => T): T {
    try {
      return body(this.open());
    } catch (error) {
      throw this.fail(error, operation);
    }
  }

  private fail(error: unknown, operation: string): AnswerLogError {
    this.failureCount++;
    const e =
      error instanceof AnswerLogError
        ? error
        : new AnswerLogError(operation, `answer log ${operation} failed on ${this.file}: ${(error as Error)?.message ?? String(error)}`, {
            cause: error,
          });
    try {
      this.onError(e);
    } catch {
      // A broken reporter must not break logging's promise not to throw.
    }
    return e;
  }

  private clean(text: string): string {
    return redact(text, this.secrets).slice(0, MAX_TEXT);
  }

  /** JSON with secrets removed from its values (never from its syntax); never cut, which would leave it unreadable. */
  private cleanJson(value: unknown): string {
    return redactJson(value, this.secrets);
  }
}

/** Mode 0600 for an existing file that others could read; a missing file is fine. */
function makePrivate(file: string): void {
  try {
    if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}

function whereClause(f: LogFilter): { where: string; params: Record<string, unknown> } {
  const conditions: string[] = [];
  const params: Record<string, unknown> = {};
  if (f.since) {
    conditions.push("a.created_at >= @since");
    params.since = f.since.getTime();
  }
  if (f.until) {
    conditions.push("a.created_at < @until");
    params.until = f.until.getTime();
  }
  if (f.review) {
    conditions.push("a.review_status = @review");
    params.review = f.review;
  }
  if (f.feedback === "down") conditions.push("coalesce(f.down, 0) > 0");
  if (f.feedback === "up") conditions.push("coalesce(f.down, 0) = 0 AND coalesce(f.up, 0) > 0");
  if (f.feedback === "none") conditions.push("coalesce(f.down, 0) = 0 AND coalesce(f.up, 0) = 0");
  if (f.abstained !== undefined) conditions.push(f.abstained ? "a.outcome = 'abstained'" : "a.outcome <> 'abstained'");
  if (f.outcome) {
    conditions.push("a.outcome = @outcome");
    params.outcome = f.outcome;
  }
  if (f.channel) {
    conditions.push("a.channel = @channel");
    params.channel = f.channel;
  }
  if (f.text) {
    conditions.push(
      "(instr(lower(a.question), @text) > 0 OR instr(lower(coalesce(a.rewritten_query, '')), @text) > 0 OR instr(lower(coalesce(a.answer, '')), @text) > 0)",
    );
    params.text = f.text.toLowerCase();
  }
  return { where: conditions.length ? `WHERE ${conditions.join(" AND ")}` : "", params };
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
  };
}
