import fs from "node:fs";
import type { Kysely } from "kysely";
import { redact, redactJson, secretsOf, type Config } from "../config.ts";
import { connect, describeConnectionFailure, isConnectionError, logLocation, sqliteCode, type Backend, type LogConnection } from "./database.ts";
import type { LogEntry } from "./entry.ts";
import { answerLogMigrations, migrate } from "./migrations.ts";
import { HashKeyRefused, settleHashKey } from "./keyCheck.ts";
import { createPseudonymiser, createRaterRef, type Pseudonymise } from "./pseudonym.ts";
import { countEntries, eachEntry, getEntry, queryEntries, unansweredQuestions, type ExportCursor, type LogFilter, type LogQuery, type UnansweredQuestion } from "./query.ts";
import { DAY_MS, purgeOlderThan } from "./retention.ts";
import type { LogDatabase } from "./schema.ts";
import { computeStats, type LogStats } from "./stats.ts";
import type { AnswerLog, AnswerRecord, FeedbackResult, PressedIn, Rating } from "./types.ts";
import { answerRow, hasUpdate, insertAnswer, markUndelivered, rate, setCorrection, setReview, type CorrectionInput, type ReviewInput, type WriteContext } from "./write.ts";
import { selectDaily, selectReviewTrail, type DailyFigures, type ReviewEvent } from "./consoleQueries.ts";

export type { LogEntry, LoggedCitation, LoggedRelated, Outcome, ReviewAction, ReviewDecision, ReviewStatus } from "./entry.ts";
export type { DailyFigures, ReviewEvent } from "./consoleQueries.ts";
export type { CorrectionInput } from "./write.ts";
export type { LogFilter, LogQuery, UnansweredQuestion } from "./query.ts";
export type { LogStats } from "./stats.ts";
export type { ReviewInput } from "./write.ts";
export { LOW_CONFIDENCE } from "./query.ts";
export { MAX_REVIEW_NOTE } from "./write.ts";
export { ANSWER_LOG_FILE, type Backend } from "./database.ts";

const MAX_TEXT = 20_000; // UTF-16 units kept of any free text; longer is cut
/** U+0000: PostgreSQL's text cannot hold it (the write fails), so it is dropped on both backends. */
const NUL = /\u0000/g;
/** Waits before each retry of an operation whose connection failed; milliseconds. Short: an answer may be waiting. */
const RETRY_DELAYS_MS = [100, 400];

/**
 * Thrown by an export's visitor when its reader went away (a download cancelled in the browser):
 * `each` stops and rejects with it, without counting or reporting a failure of the log.
 */
export class ExportStopped extends Error {
  override name = "ExportStopped";
}

/** A write or read of the answer log failed; `operation` names which, `cause` keeps the driver's error. */
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
  /** How long a SQLite write waits for another process's lock before failing; milliseconds (default 500). */
  busyTimeoutMs?: number;
  /** After a failed open, operations retry opening at most this often; milliseconds. */
  reopenIntervalMs?: number;
  /** Waits before retrying an operation whose connection failed; milliseconds (default 100, 400). */
  retryDelaysMs?: readonly number[];
  /**
   * Longest wait for one PostgreSQL operation, retries included, before it counts as failed and
   * its connections are closed; milliseconds (default LOG_TIMEOUT_MS; 0: no limit, for `npm run logs`).
   */
  timeoutMs?: number;
  /**
   * False for `npm run logs`, which answers nothing: its failures do not say that answers are
   * still sent or that the next answer tries again. Default true.
   */
  answering?: boolean;
}

/** Fired when an entry gets its first 👎, so moderators can look at it while it is fresh. */
export interface DownvoteEvent {
  entryId: number;
  /** The Telegram user who pressed 👎 (raw: never stored), so notices can be limited per user. */
  raterId: number | null;
}

/**
 * The answer log with the operations behind `npm run logs` and the moderator commands, on SQLite
 * (DATA_DIR/answers.sqlite) or PostgreSQL (DATABASE_URL) through one code path.
 * The `AnswerLog` methods never reject; the others reject with `AnswerLogError` for their callers to report.
 */
export interface AnswerLogStore extends AnswerLog {
  /** Where the log lives, safe to print: the SQLite file, or DATABASE_URL without its credentials. */
  readonly file: string;
  readonly backend: Backend;
  get(id: number): Promise<LogEntry | undefined>;
  query(query?: LogQuery): Promise<LogEntry[]>;
  count(filter?: LogFilter): Promise<number>;
  /** Resolves to the updated entry, or undefined when there is no such entry. */
  review(id: number, input: ReviewInput): Promise<LogEntry | undefined>;
  /** Keeps a moderator's corrected answer beside the bot's; the review status is left as it was. Undefined when there is no such entry. */
  correct(id: number, input: CorrectionInput): Promise<LogEntry | undefined>;
  /** Every review action on an entry, oldest first (approve, flag, correct), with reviewer and time. */
  reviewTrail(id: number): Promise<ReviewEvent[]>;
  /** Per-UTC-day volume, abstentions, feedback and latency percentiles, zero days included (at most 366 days). */
  daily(window: { since: Date; until: Date }): Promise<DailyFigures[]>;
  stats(options?: { days?: number; topUnanswered?: number }): Promise<LogStats>;
  /** Abstained questions grouped by wording, most often asked first: what the corpus lacks. */
  unanswered(options?: { since?: Date; until?: Date; limit?: number }): Promise<UnansweredQuestion[]>;
  /**
   * Calls `visit` for each matching entry, oldest first, a page at a time, waiting for the promise
   * it returns if any; resolves to how many. A visitor throwing `ExportStopped` ends it quietly.
   */
  each(filter: LogFilter, visit: (entry: LogEntry) => unknown): Promise<number>;
  /** Deletes entries older than `days` (default LOG_RETENTION_DAYS; 0 deletes nothing); resolves to how many. */
  purge(days?: number): Promise<number>;
  /** Failed log operations since this process opened the log. */
  failures(): number;
  /** Answers that went out but could not be logged, since this process opened the log. */
  unlogged(): number;
  onDownvote(listener: (event: DownvoteEvent) => void): () => void;
  close(): Promise<void>;
}

/**
 * Opens the answer log, creating and migrating it as needed. Both backends reject with a
 * one-sentence `AnswerLogError` when the log was written with a pseudonym key that is not the one
 * at hand (keyCheck.ts).
 * SQLite: otherwise never rejects; when the file cannot be opened the failure is reported, writes resolve to
 * null and retry opening later, and queries reject with `AnswerLogError`.
 * PostgreSQL: rejects with a one-sentence `AnswerLogError` naming DATABASE_URL when the server
 * cannot be reached, migrated, or does not answer within LOG_TIMEOUT_MS (`timeoutMs`) at start-up; once running, lost connections are retried.
 */
export async function openAnswerLog(config: Config, options: AnswerLogOptions = {}): Promise<AnswerLogStore> {
  const store = new KyselyAnswerLog(config, options);
  if (!config.databaseUrl) {
    try {
      await store.ready();
    } catch (error) {
      // A log written with a pseudonym key missing here is refused; any other failure is reported
      // through onError, the bot answers anyway and the log retries opening.
      if (isKeyRefusal(error)) {
        await store.close();
        throw error;
      }
    }
    return store;
  }
  try {
    // Not reported through onError: the rejection below is the one report.
    await store.ready({ report: false });
  } catch (error) {
    await store.close();
    if (isKeyRefusal(error)) throw error;
    const secrets = secretsOf(config);
    const unreachable = describeConnectionFailure(error);
    const fix = "start PostgreSQL there or correct DATABASE_URL.";
    throw new AnswerLogError(
      "open",
      error instanceof NoAnswer
        ? error.variable === "LOG_MIGRATION_TIMEOUT_MS"
          ? `DATABASE_URL ${store.file} did not answer within ${error.limitMs} ms (LOG_MIGRATION_TIMEOUT_MS) while the answer log's schema was migrated; check that PostgreSQL there is running and not paused, and that the network to it passes (a log whose migration takes longer: raise LOG_MIGRATION_TIMEOUT_MS, or run npm run logs -- stats once, which has no time limit, then start again).`
          : `DATABASE_URL ${store.file} did not answer within ${error.limitMs} ms (LOG_TIMEOUT_MS) while the answer log was opened; check that PostgreSQL there is running and not paused, and that the network to it passes.`
        : unreachable
        ? `DATABASE_URL ${store.file} could not be reached for the answer log (${redact(unreachable, secrets)}); ${fix}`
        : `DATABASE_URL ${store.file} cannot be used for the answer log (${redact(((error as AnswerLogError).cause as Error | undefined)?.message || (error as Error).message, secrets)}); ${fix}`,
      { cause: error },
    );
  }
  return store;
}

/** True for the open's refusal of a log written with another (or a missing) pseudonym key. */
function isKeyRefusal(error: unknown): error is AnswerLogError {
  return error instanceof AnswerLogError && error.cause instanceof HashKeyRefused;
}

/**
 * For the commands whose job is answering (`npm run ask`, the terminal chat): the answer log, or,
 * when PostgreSQL cannot be used at start-up, one warning through `warn` and a log that records
 * nothing, so the answer still goes out as the bot's do when their log fails.
 */
export async function openAnswerLogOrWarn(
  config: Config,
  options: AnswerLogOptions & { warn: (line: string) => void },
): Promise<AnswerLog & { close(): Promise<void> }> {
  try {
    return await openAnswerLog(config, options);
  } catch (error) {
    options.warn(`warning: ${(error as Error).message.replace(/\.$/, "")}; answering without logging.`);
    return UNLOGGED;
  }
}

/** An answer log that keeps nothing: every write "fails" quietly, since the one warning was given. */
const UNLOGGED: AnswerLog & { close(): Promise<void> } = {
  hasUpdate: async () => false,
  record: async () => null,
  undelivered: async () => undefined,
  feedback: async () => "failed",
  close: async () => undefined,
};

class KyselyAnswerLog implements AnswerLogStore {
  readonly file: string;
  readonly backend: Backend;
  private connection: LogConnection | undefined;
  /** Every connection opened and not yet closed, the one being opened included. */
  private readonly live = new Set<LogConnection>();
  private opening: Promise<Kysely<LogDatabase>> | undefined;
  private writer: WriteContext;
  private raterRef: (entryId: number, userId: number | null) => string = () => "anonymous";
  private readonly secrets: string[];
  private readonly now: () => number;
  private readonly onError: (error: AnswerLogError) => void;
  private readonly listeners = new Set<(event: DownvoteEvent) => void>();
  private failureCount = 0;
  private unloggedCount = 0;
  private openError: AnswerLogError | undefined;
  private lastOpenAttempt = -Infinity;
  private lastPurge = -Infinity;
  /** The SQLite file this connection opened; a different file at the path means it was moved or deleted. */
  private openedFile: { dev: number; ino: number } | undefined;
  private closed = false;
  /** True while pending schema migrations run; operations waiting on them may wait until `waitUntil`. */
  private migrating = false;
  /** Date.now() until which a PostgreSQL operation's timer waits on: the end of the migrations' bound while they run, then LOG_TIMEOUT_MS after they ended. */
  private waitUntil = -Infinity;

  constructor(
    private readonly config: Config,
    private readonly options: AnswerLogOptions,
  ) {
    this.file = logLocation(config);
    this.backend = config.databaseUrl ? "postgres" : "sqlite";
    this.secrets = secretsOf(config);
    this.now = options.now ?? Date.now;
    this.onError = options.onError ?? ((e) => console.error(`answer log: ${redact(e.message, this.secrets)}`));
    this.writer = this.writeContext(() => null);
  }

  /** Connects and migrates now instead of on first use; rejects with the reason it cannot (reported through onError unless `report` is false). */
  async ready({ report = true } = {}): Promise<void> {
    try {
      // Retried like any operation, so a server restarting or still starting up is waited for briefly.
      // Bounded like any operation too (LOG_TIMEOUT_MS), except for pending migrations, which may
      // build indexes of a large log for longer: LOG_MIGRATION_TIMEOUT_MS. A server that stops
      // answering mid-migration would otherwise hold start-up for good.
      await this.attempt(async () => undefined);
    } catch (error) {
      // A refused key is the caller's one report (openAnswerLog rethrows it).
      throw report && !isKeyRefusal(error) ? this.fail(error, "open") : error;
    }
  }

  // ---- AnswerLog: never rejects ------------------------------------------------------------

  async hasUpdate(updateId: number): Promise<boolean> {
    try {
      return await this.attempt((db) => hasUpdate(db, updateId));
    } catch (error) {
      // Unknown is answered: a duplicate reply is better than none.
      this.fail(error, "hasUpdate");
      return false;
    }
  }

  async record(entry: AnswerRecord): Promise<number | null> {
    try {
      const id = await this.attempt((db) => insertAnswer(db, answerRow(entry, this.writer)));
      void this.purgeIfDue();
      return id;
    } catch (error) {
      this.unloggedCount++;
      this.fail(error, "record", ` (${this.unloggedCount} answered ${this.unloggedCount === 1 ? "question" : "questions"} not logged since start)`);
      return null;
    }
  }

  async undelivered(entryId: number, reason: string): Promise<void> {
    try {
      await this.attempt((db) => markUndelivered(db, entryId, this.writer.clean(`not delivered: ${reason}`)));
    } catch (error) {
      this.fail(error, "undelivered");
    }
  }

  async feedback(entryId: number, rating: Rating, userId: number | null, chat?: PressedIn): Promise<FeedbackResult> {
    let result: Awaited<ReturnType<typeof rate>>;
    try {
      result = await this.attempt((db) =>
        rate(db, entryId, this.raterRef(entryId, userId), rating, this.now(), chat && { ref: this.writer.pseudonymise(chat.id), idMode: this.writer.idMode, type: chat.type }),
      );
    } catch (error) {
      this.fail(error, "feedback");
      return "failed";
    }
    if (result === "unknown") return "unknown";
    if (result.firstDown) {
      for (const listener of this.listeners) {
        try {
          listener({ entryId, raterId: userId });
        } catch (error) {
          this.fail(error, "downvote listener");
        }
      }
    }
    return "saved";
  }

  // ---- Queries: reject with AnswerLogError ------------------------------------------------

  get(id: number): Promise<LogEntry | undefined> {
    return this.run("get", (db) => getEntry(db, id));
  }

  query(query: LogQuery = {}): Promise<LogEntry[]> {
    return this.run("query", (db) => queryEntries(db, query));
  }

  count(filter: LogFilter = {}): Promise<number> {
    return this.run("count", (db) => countEntries(db, filter));
  }

  each(filter: LogFilter, visit: (entry: LogEntry) => unknown): Promise<number> {
    // One cursor for every attempt: an export retried after a dropped connection goes on after the
    // last entry it gave out instead of giving them all again.
    const cursor: ExportCursor = { visited: 0 };
    // Not bounded: an export of a large log takes as long as it takes.
    return this.run("export", (db) => eachEntry(db, filter, visit, undefined, cursor), { bounded: false });
  }

  review(id: number, input: ReviewInput): Promise<LogEntry | undefined> {
    return this.run("review", async (db) => ((await setReview(db, id, input, this.writer)) ? getEntry(db, id) : undefined));
  }

  correct(id: number, input: CorrectionInput): Promise<LogEntry | undefined> {
    return this.run("correct", async (db) => ((await setCorrection(db, id, input, this.writer)) ? getEntry(db, id) : undefined));
  }

  reviewTrail(id: number): Promise<ReviewEvent[]> {
    return this.run("reviewTrail", (db) => selectReviewTrail(db, id));
  }

  daily(window: { since: Date; until: Date }): Promise<DailyFigures[]> {
    return this.run("daily", (db) => selectDaily(db, window));
  }

  unanswered(options: { since?: Date; until?: Date; limit?: number } = {}): Promise<UnansweredQuestion[]> {
    return this.run("unanswered", (db) => unansweredQuestions(db, options));
  }

  stats(options: { days?: number; topUnanswered?: number } = {}): Promise<LogStats> {
    return this.run("stats", (db) => computeStats(db, { ...options, now: this.now(), failures: this.failureCount, backend: this.backend }));
  }

  purge(days: number = this.config.log.retentionDays): Promise<number> {
    return this.run("purge", (db) => purgeOlderThan(db, days, this.now()));
  }

  failures(): number {
    return this.failureCount;
  }

  unlogged(): number {
    return this.unloggedCount;
  }

  onDownvote(listener: (event: DownvoteEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    await this.opening?.catch(() => undefined);
    const connection = this.connection;
    this.connection = undefined;
    if (connection) this.live.delete(connection);
    await connection?.db.destroy();
  }

  // ---- Internals -------------------------------------------------------------------------

  private open(): Promise<Kysely<LogDatabase>> {
    if (this.closed) return Promise.reject(new AnswerLogError("open", `the answer log ${this.file} was closed`));
    if (this.connection && this.fileReplaced()) {
      // SQLite would go on writing into the unlinked file, and every later entry would be lost unseen.
      this.fail(new AnswerLogError("open", `the answer log ${this.file} was moved or deleted while in use; a new answer log is started there`), "open");
      const stale = this.connection;
      this.connection = undefined;
      this.opening = undefined;
      this.live.delete(stale);
      void stale.db.destroy().catch(() => undefined);
    }
    if (this.opening) return this.opening;
    const reopenInterval = this.options.reopenIntervalMs ?? 60_000;
    if (this.openError && this.now() - this.lastOpenAttempt < reopenInterval) return Promise.reject(this.openError);
    this.lastOpenAttempt = this.now();
    const opening = this.connectAndMigrate();
    this.opening = opening;
    // A failed open is forgotten so the next attempt (after the interval) starts afresh.
    opening.catch(() => {
      if (this.opening === opening) this.opening = undefined;
    });
    return opening;
  }

  private async connectAndMigrate(): Promise<Kysely<LogDatabase>> {
    let connection: LogConnection | undefined;
    try {
      // Connecting first creates DATA_DIR, where a generated hash key is kept.
      connection = await connect(this.config, {
        busyTimeoutMs: this.options.busyTimeoutMs ?? 500,
        // Not a failed operation (none was running): the pool replaces the connection on next use.
        onIdleError: (error) =>
          this.report(
            new AnswerLogError("connection", `an idle answer-log connection to ${this.file} was closed (${error.message}); the next operation opens a new one`, { cause: error }),
          ),
      });
      this.live.add(connection);
      const mode = this.config.log.userIds;
      await migrate(connection.db, answerLogMigrations(connection.backend), this.file, (run) => this.migrateBounded(run));
      const key =
        mode === "hash"
          ? await settleHashKey(connection.db, { dataDir: this.config.dataDir, configured: this.config.log.hashKey, where: this.file, backend: connection.backend })
          : undefined;
      if (key && !this.secrets.includes(key)) this.secrets.push(key);
      this.writer = this.writeContext(createPseudonymiser(mode, key));
      this.raterRef = createRaterRef(mode, this.writer.pseudonymise);
      this.connection = connection;
      this.openedFile = this.backend === "sqlite" ? fileIdentity(this.file) : undefined;
      this.openError = undefined;
      void this.purgeIfDue();
      return connection.db;
    } catch (error) {
      if (connection) this.live.delete(connection);
      await connection?.db.destroy().catch(() => undefined);
      if (error instanceof HashKeyRefused) {
        this.openError = new AnswerLogError("open", error.message, { cause: error });
        throw this.openError;
      }
      const full = this.config.databaseUrl ? undefined : fullDisk(this.config.dataDir, error);
      const fix = this.config.databaseUrl
        ? "start PostgreSQL there or correct DATABASE_URL"
        : full
        ? `the disk holding DATA_DIR ${this.config.dataDir} is full (${full} free): free space there`
        : "make DATA_DIR writable by the bot";
      const code = sqliteCode(error);
      const damaged = code === "SQLITE_NOTADB" || code === "SQLITE_CORRUPT";
      const locked = code === "SQLITE_BUSY" || code === "SQLITE_LOCKED";
      // Another process's lock is soon over: the next write opens again instead of waiting out the reopen interval.
      if (locked) this.lastOpenAttempt = -Infinity;
      const message = (error as Error)?.message ?? String(error);
      const unreachable = this.config.databaseUrl ? describeConnectionFailure(error) : undefined;
      const answering = this.options.answering ?? true;
      const meanwhile = answering ? " (answers are still sent meanwhile)" : "";
      this.openError = new AnswerLogError(
        "open",
        unreachable
          ? `cannot reach PostgreSQL at ${this.file} for the answer log (${unreachable}); ${fix}${meanwhile}`
          : locked
          ? `the answer log ${this.file} is locked by another process (${message}); ${answering ? "the next answer tries again" : "try again in a moment"}${meanwhile}`
          : damaged
          ? `the answer log ${this.file} is damaged (${message}); stop the bot, move the file aside (for example to answers.sqlite.damaged; sqlite3's .recover may save its rows) and start again: a new log is created${meanwhile}`
          : `cannot open the answer log ${this.file}: ${message}; ${fix}${meanwhile}`,
        { cause: error },
      );
      throw this.openError;
    }
  }

  /** True when the SQLite file open now is no longer the one at `file` (deleted, moved aside, replaced). */
  private fileReplaced(): boolean {
    if (!this.openedFile) return false;
    const now = fileIdentity(this.file);
    return now === undefined || now.dev !== this.openedFile.dev || now.ino !== this.openedFile.ino;
  }

  /**
   * Runs `body`, retrying when the connection (not the statement) failed. On PostgreSQL, unless
   * `bounded` is false, it fails after the timeout: a server that stopped answering (paused, or
   * a network path that drops packets) would otherwise hold the answer back for good. Its
   * connections are closed then, so the next operation opens new ones instead of queueing behind them.
   */
  private async attempt<T>(body: (db: Kysely<LogDatabase>) => Promise<T>, { bounded = true } = {}): Promise<T> {
    const work = this.retrying(body);
    const limit = bounded && this.backend === "postgres" ? (this.options.timeoutMs ?? this.config.log.timeoutMs) : 0;
    if (limit <= 0) return work;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      // Pending migrations this operation waits on (the start-up's) have their own, longer bound.
      const expire = () => {
        const left = this.waitUntil - Date.now();
        if (left > 0) timer = setTimeout(expire, Math.min(left, limit));
        else reject(this.migrating ? new NoAnswer(this.config.log.migrationTimeoutMs, "LOG_MIGRATION_TIMEOUT_MS") : new NoAnswer(limit));
      };
      timer = setTimeout(expire, limit);
    });
    try {
      return await Promise.race([work, timeout]);
    } catch (error) {
      if (error instanceof NoAnswer) {
        // Closing the connections makes `work` reject; its outcome no longer matters.
        work.catch(() => undefined);
        this.abandonConnections();
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Runs pending schema migrations (building a new index of a 300,000-entry PostgreSQL log takes
   * about 7 s) under LOG_MIGRATION_TIMEOUT_MS instead of LOG_TIMEOUT_MS; LOG_TIMEOUT_MS applies again once they end.
   */
  private async migrateBounded<T>(run: () => Promise<T>): Promise<T> {
    this.migrating = true;
    this.waitUntil = Date.now() + this.config.log.migrationTimeoutMs;
    try {
      return await run();
    } finally {
      this.migrating = false;
      this.waitUntil = Date.now() + (this.options.timeoutMs ?? this.config.log.timeoutMs);
    }
  }

  /** Closes every connection, busy or not, without waiting for the server; the next operation connects afresh. */
  private abandonConnections(): void {
    this.connection = undefined;
    this.opening = undefined;
    for (const connection of this.live) void connection.abandon().catch(() => undefined);
    this.live.clear();
  }

  private async retrying<T>(body: (db: Kysely<LogDatabase>) => Promise<T>): Promise<T> {
    const delays = this.options.retryDelaysMs ?? RETRY_DELAYS_MS;
    for (let i = 0; ; i++) {
      try {
        return await body(await this.open());
      } catch (error) {
        if (i >= delays.length || !isConnectionError(error)) throw error;
        // A failed first open must not wait out the reopen interval between retries.
        if (error instanceof AnswerLogError) this.openError = undefined;
        await new Promise((resolve) => setTimeout(resolve, delays[i]));
      }
    }
  }

  private async run<T>(operation: string, body: (db: Kysely<LogDatabase>) => Promise<T>, options?: { bounded?: boolean }): Promise<T> {
    try {
      return await this.attempt(body, options);
    } catch (error) {
      // The reader of an export went away: nothing failed in the log.
      if (error instanceof ExportStopped) throw error;
      throw this.fail(error, operation);
    }
  }

  private async purgeIfDue(): Promise<void> {
    if (this.config.log.retentionDays <= 0 || this.now() - this.lastPurge < DAY_MS / 24) return;
    this.lastPurge = this.now();
    try {
      await purgeOlderThan(await this.open(), this.config.log.retentionDays, this.now());
    } catch (error) {
      this.fail(error, "purge");
    }
  }

  private fail(error: unknown, operation: string, suffix = ""): AnswerLogError {
    this.failureCount++;
    const e =
      error instanceof AnswerLogError
        ? // The log could not be opened: the same error each time, with this failure's count if any.
          suffix
          ? new AnswerLogError(error.operation, error.message + suffix, { cause: error.cause })
          : error
        : new AnswerLogError(operation, `answer log ${operation} failed on ${this.file}: ${(error as Error)?.message ?? String(error)}${suffix}`, {
            cause: error,
          });
    this.report(e);
    return e;
  }

  private report(error: AnswerLogError): void {
    try {
      this.onError(error);
    } catch {
      // A broken reporter must not break logging's promise not to throw.
    }
  }

  private writeContext(pseudonymise: Pseudonymise): WriteContext {
    return {
      now: this.now,
      idMode: this.config.log.userIds,
      pseudonymise,
      clean: (text) => redact(text.replace(NUL, ""), this.secrets).slice(0, MAX_TEXT),
      cleanJson: (value) => redactJson(value, this.secrets),
    };
  }
}

/** A PostgreSQL operation outlasted LOG_TIMEOUT_MS, or the start-up's pending migrations LOG_MIGRATION_TIMEOUT_MS. */
class NoAnswer extends Error {
  constructor(
    readonly limitMs: number,
    readonly variable: "LOG_TIMEOUT_MS" | "LOG_MIGRATION_TIMEOUT_MS" = "LOG_TIMEOUT_MS",
  ) {
    super(
      `PostgreSQL did not answer within ${limitMs} ms (${variable})${variable === "LOG_MIGRATION_TIMEOUT_MS" ? " while migrating the answer log" : ""}; its connections were closed and the next operation opens new ones`,
    );
  }
}

/** Below this much free space a failure to open the SQLite log is put down to the full disk; bytes. */
const NEARLY_FULL = 1024 * 1024;

/**
 * The free space left on the disk holding `dataDir` ("12 KiB"), when `error` is what a full disk
 * causes (SQLite's "disk I/O error" while making its WAL files, "database or disk is full", or
 * ENOSPC) and less than NEARLY_FULL is left; otherwise undefined. Opening then says to free space,
 * not to make DATA_DIR writable.
 */
function fullDisk(dataDir: string, error: unknown): string | undefined {
  const code = sqliteCode(error) ?? (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== "SQLITE_IOERR" && code !== "SQLITE_FULL" && code !== "SQLITE_CANTOPEN" && code !== "ENOSPC") return undefined;
  try {
    const { bavail, bsize } = fs.statfsSync(dataDir);
    const free = bavail * bsize;
    return free < NEARLY_FULL ? `${Math.floor(free / 1024)} KiB` : undefined;
  } catch {
    return undefined;
  }
}

/** Device and inode of a file, or undefined when nothing is there. */
function fileIdentity(file: string): { dev: number; ino: number } | undefined {
  try {
    const { dev, ino } = fs.statSync(file);
    return { dev, ino };
  } catch {
    return undefined;
  }
}
