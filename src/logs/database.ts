import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import Database from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteAdapter, SqliteDialect, type DialectAdapter, type MigrationLockOptions } from "kysely";
import { safeUrl, type Config } from "../config.ts";
import { makeFolder } from "../folders.ts";
import type { LogDatabase } from "./schema.ts";

/** The log file's name inside DATA_DIR when DATABASE_URL is not set. */
export const ANSWER_LOG_FILE = "answers.sqlite";

export type Backend = "sqlite" | "postgres";

/** One open connection (SQLite) or pool (PostgreSQL) behind the same query builder. */
export interface LogConnection {
  db: Kysely<LogDatabase>;
  backend: Backend;
  /**
   * Closes every connection at once, busy ones too, then the pool: for a server that stopped
   * answering, where a polite close would wait for it forever. Their queries reject.
   */
  abandon(): Promise<void>;
}

export interface ConnectOptions {
  /** How long a SQLite write waits for another process's lock; milliseconds. */
  busyTimeoutMs: number;
  /** Called when an idle PostgreSQL connection breaks; the pool replaces it on the next query. */
  onIdleError: (error: Error) => void;
}

/** Where the log lives, safe to print: the SQLite file, or DATABASE_URL without its credentials. */
export function logLocation(config: Config): string {
  return config.databaseUrl ? safeUrl(config.databaseUrl) : path.join(config.dataDir, ANSWER_LOG_FILE);
}

/**
 * Opens the backend that `config` names. Nothing is sent to PostgreSQL yet; the first query
 * connects. The SQLite file is created 0600 before SQLite opens it, so its -wal and -shm files
 * get the same mode.
 */
export async function connect(config: Config, options: ConnectOptions): Promise<LogConnection> {
  if (config.databaseUrl) {
    // Loaded only here: the single-process default never pays for the PostgreSQL driver.
    const { default: pg } = await import("pg");
    // The pool's sockets, so `abandon` can close a connection whose server went silent.
    const sockets = new Set<net.Socket>();
    const pool = new pg.Pool({
      connectionString: config.databaseUrl,
      stream: () => {
        const socket = new net.Socket();
        sockets.add(socket);
        socket.once("close", () => sockets.delete(socket));
        return socket;
      },
      max: 10,
      // Fail fast: a write waits at most this long before it is retried or counted as unlogged.
      connectionTimeoutMillis: 3_000,
      idleTimeoutMillis: 30_000,
      // bigint and numeric arrive as strings by default; every such value here is far below 2^53.
      types: { getTypeParser: (oid: number, format?: unknown) => (oid === 20 || oid === 1700 ? Number : pg.types.getTypeParser(oid, format as "text")) } as import("pg").CustomTypesConfig,
    });
    // Without a listener a server restart would crash the process through an idle client's error.
    pool.on("error", options.onIdleError);
    // A client in use whose connection drops emits "error" besides failing its query; the query's
    // rejection is what callers handle, so the event only needs a listener to not crash the process.
    pool.on("connect", (client) => client.on("error", () => {}));
    const db = new Kysely<LogDatabase>({ dialect: new PostgresDialect({ pool }) });
    const abandon = async () => {
      for (const socket of sockets) socket.destroy();
      await db.destroy();
    };
    return { db, backend: "postgres", abandon };
  }
  makeFolder(config.dataDir);
  const file = path.join(config.dataDir, ANSWER_LOG_FILE);
  fs.closeSync(fs.openSync(file, "a", 0o600));
  // A log created before that rule (or copied in) is made private too, like the key file.
  for (const f of [file, `${file}-wal`, `${file}-shm`]) makePrivate(f);
  const sqlite = new Database(file, { timeout: options.busyTimeoutMs });
  try {
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("synchronous = NORMAL");
    sqlite.pragma("foreign_keys = ON");
    // Purged rows are overwritten, not left readable in free pages.
    sqlite.pragma("secure_delete = ON");
    // SQLite's own lower() folds ASCII only, so the text filter (lower(question) LIKE …) could not
    // find "ÉCONOMIE" or "Бюджет"; this one folds as JavaScript (and PostgreSQL's lower()) does.
    sqlite.function("lower", { deterministic: true }, (value: unknown) => (typeof value === "string" ? value.toLowerCase() : value));
  } catch (error) {
    sqlite.close();
    throw error;
  }
  const db = new Kysely<LogDatabase>({ dialect: new LogSqliteDialect({ database: sqlite }) });
  return { db, backend: "sqlite", abandon: () => db.destroy() };
}

/**
 * kysely runs SQLite migrations outside a transaction and without a lock, as if SQLite could not
 * roll DDL back. It can: this runs each migration in a transaction with its bookkeeping row, and
 * takes the write lock first so a second process opening the same file waits instead of
 * applying the migration twice.
 */
class MigratingSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }

  override async acquireMigrationLock(db: Kysely<any>, options: MigrationLockOptions): Promise<void> {
    await db.updateTable(options.lockTable).set({ is_locked: 1 }).where("id", "=", options.lockRowId).execute();
  }
}

class LogSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new MigratingSqliteAdapter();
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

const CONNECTION_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "EAI_AGAIN", "57P01", "57P02", "57P03"]);

type Failure = { code?: unknown; message?: unknown; errors?: unknown[]; cause?: unknown };

/** True when `e` itself (not what it wraps) is a failure of the connection. */
function failedConnection(e: unknown): boolean {
  const f = e as Failure | null;
  if (!f || typeof f !== "object") return false;
  if (typeof f.code === "string" && (CONNECTION_CODES.has(f.code) || f.code.startsWith("08"))) return true;
  if (typeof f.message === "string" && /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(f.message)) return true;
  // Node reports a refused dual-stack connect as an AggregateError of per-address errors.
  return Array.isArray(f.errors) && f.errors.some(failedConnection);
}

/**
 * The innermost failed connection among `error` and the errors it wraps through `cause`, or
 * undefined. kysely's migrator and `AnswerLogError` wrap the driver's error, which has the code.
 */
function connectionFailure(error: unknown): Failure | undefined {
  return causes(error).reverse().find(failedConnection);
}

/** `error` and the errors it wraps through `cause`, outermost first. */
function causes(error: unknown): Failure[] {
  const chain: Failure[] = [];
  // At most 5 deep: a cause cycle must not loop.
  for (let e = error as Failure | null | undefined; e && typeof e === "object" && chain.length < 5; e = e.cause as Failure | undefined) chain.push(e);
  return chain;
}

/**
 * The primary SQLite result code ("SQLITE_BUSY" for better-sqlite3's extended "SQLITE_BUSY_SNAPSHOT")
 * of the innermost SQLite error among `error` and the errors it wraps through `cause`, or undefined.
 * kysely's migrator and `MigrationError` wrap the driver's error, which has the code.
 */
export function sqliteCode(error: unknown): string | undefined {
  for (const e of causes(error).reverse()) {
    const primary = typeof e.code === "string" ? /^SQLITE_[A-Z]+/.exec(e.code)?.[0] : undefined;
    if (primary) return primary;
  }
  return undefined;
}

/**
 * True for failures of the connection rather than of the statement, however wrapped: worth
 * retrying, because the pool opens a fresh connection for the next attempt.
 */
export function isConnectionError(error: unknown): boolean {
  return connectionFailure(error) !== undefined;
}

/**
 * The driver's reason for a failed connection anywhere in `error`'s causes, with its code
 * ("connect ECONNREFUSED 127.0.0.1:1", "57P03: the database system is starting up"), or undefined
 * when the connection did not fail. Node reports a refused dual-stack connect as an AggregateError
 * with an empty message.
 */
export function describeConnectionFailure(error: unknown): string | undefined {
  const failure = connectionFailure(error);
  if (!failure) return undefined;
  const inner = Array.isArray(failure.errors) ? (failure.errors.find(failedConnection) as Failure | undefined) : undefined;
  const code = [failure.code, inner?.code].find((c): c is string => typeof c === "string");
  const message = [failure.message, inner?.message].find((m): m is string => typeof m === "string" && m !== "") ?? "";
  if (!code) return message || "connection failed";
  return message.includes(code) ? message : `${code}${message ? `: ${message}` : ""}`;
}
