import { Migrator, sql, type Kysely, type Migration } from "kysely";
import type { Backend } from "./database.ts";

export type { Migration } from "kysely";

/**
 * The answer log's schema history, named so that they sort in order. Never rename or edit a
 * released migration; add a new one. Types are the ones both backends understand: `bigint`
 * holds millisecond times and Telegram ids, `double precision` the confidence.
 */
export function answerLogMigrations(backend: Backend): Record<string, Migration> {
  // SQLite's INTEGER PRIMARY KEY is the rowid, assigned on insert; PostgreSQL needs a sequence.
  const idType = backend === "postgres" ? "bigserial" : "integer";
  return {
    "0001_answers_and_feedback": {
      // IF NOT EXISTS: SQLite files written before the migrator changed already hold these tables.
      async up(db: Kysely<any>) {
        await db.schema
          .createTable("answers")
          .ifNotExists()
          .addColumn("id", idType, (c) => c.primaryKey())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addColumn("channel", "text", (c) => c.notNull())
          .addColumn("chat_type", "text")
          // how user_ref/chat_ref were written: 'hash' (HMAC hex), 'raw' (decimal id) or 'none' (null)
          .addColumn("id_mode", "text", (c) => c.notNull().check(sql`id_mode IN ('hash', 'raw', 'none')`))
          .addColumn("user_ref", "text")
          .addColumn("chat_ref", "text")
          .addColumn("update_id", "bigint", (c) => c.unique())
          .addColumn("question", "text", (c) => c.notNull())
          // lower-cased, whitespace-collapsed question: groups repeats in the unanswered report
          .addColumn("question_key", "text", (c) => c.notNull())
          .addColumn("rewritten_query", "text")
          .addColumn("outcome", "text", (c) => c.notNull().check(sql`outcome IN ('answered', 'abstained', 'error')`))
          .addColumn("answer", "text")
          .addColumn("abstain_reason", "text")
          .addColumn("confidence", "double precision")
          // JSON arrays; citations keep their quotes so a review survives corpus changes
          .addColumn("citations", "text", (c) => c.notNull().defaultTo("[]"))
          .addColumn("related", "text", (c) => c.notNull().defaultTo("[]"))
          .addColumn("retrieved", "text", (c) => c.notNull().defaultTo("[]"))
          .addColumn("verification", "text", (c) => c.notNull().defaultTo("[]"))
          .addColumn("mode", "text")
          .addColumn("model", "text")
          .addColumn("index_version", "text")
          .addColumn("latency_ms", "bigint", (c) => c.notNull())
          .addColumn("error", "text")
          .addColumn("review_status", "text", (c) =>
            c.notNull().defaultTo("pending").check(sql`review_status IN ('pending', 'approved', 'flagged')`),
          )
          .addColumn("review_note", "text")
          .addColumn("reviewed_at", "bigint")
          .addColumn("reviewer_ref", "text")
          .execute();
        await db.schema.createIndex("answers_created_at").ifNotExists().on("answers").column("created_at").execute();
        await db.schema.createIndex("answers_review").ifNotExists().on("answers").columns(["review_status", "created_at"]).execute();
        await db.schema.createIndex("answers_unanswered").ifNotExists().on("answers").columns(["outcome", "question_key"]).execute();
        // one rating per rater and answer; the latest click wins
        await db.schema
          .createTable("feedback")
          .ifNotExists()
          .addColumn("answer_id", "bigint", (c) => c.notNull().references("answers.id").onDelete("cascade"))
          .addColumn("rater_ref", "text", (c) => c.notNull())
          .addColumn("rating", "text", (c) => c.notNull().check(sql`rating IN ('up', 'down')`))
          .addColumn("at", "bigint", (c) => c.notNull())
          .addPrimaryKeyConstraint("feedback_pk", ["answer_id", "rater_ref"])
          .execute();
      },
    },
    "0002_review_trail_and_corrections": {
      async up(db: Kysely<any>) {
        // Idempotent like 0001, for logs whose migration rows were lost while their tables stayed.
        const answers = (await db.introspection.getTables()).find((t) => t.name === "answers");
        // a moderator's better answer, kept beside the bot's own
        if (!answers?.columns.some((c) => c.name === "corrected_answer")) {
          await db.schema.alterTable("answers").addColumn("corrected_answer", "text").execute();
        }
        // every review action, so the console can show who did what and when
        await db.schema
          .createTable("review_events")
          .ifNotExists()
          .addColumn("id", idType, (c) => c.primaryKey())
          .addColumn("answer_id", "bigint", (c) => c.notNull().references("answers.id").onDelete("cascade"))
          .addColumn("at", "bigint", (c) => c.notNull())
          .addColumn("action", "text", (c) => c.notNull().check(sql`action IN ('approve', 'flag', 'correct')`))
          .addColumn("reviewer_ref", "text")
          .addColumn("note", "text")
          .addColumn("corrected_answer", "text")
          .execute();
        await db.schema.createIndex("review_events_answer").ifNotExists().on("review_events").columns(["answer_id", "at"]).execute();
      },
    },
    "0003_log_settings": {
      async up(db: Kysely<any>) {
        // facts about the log itself, such as the check value of the key its pseudonyms were made with
        await db.schema
          .createTable("log_settings")
          .ifNotExists()
          .addColumn("name", "text", (c) => c.primaryKey())
          .addColumn("value", "text", (c) => c.notNull())
          .execute();
      },
    },
    "0004_queue_and_stats_indexes": {
      // Found by the red team on a 300,000-entry log: the console's queue (worst first) sorted every
      // row of the log for each page, and `logs stats` read every row for its totals, percentiles and
      // unanswered questions: about 0.5 s and 1.5 s on SQLite, on the bot's own thread. Each index
      // below lets one of those read an index alone, in the order it needs (query.ts, stats.ts).
      async up(db: Kysely<any>) {
        // The queue's order after its 👎 band: declined and failed first, then by confidence, newest first.
        await sql`CREATE INDEX IF NOT EXISTS answers_worst ON answers ((outcome = 'answered'), (coalesce(confidence, 0)), created_at DESC, id DESC)`.execute(db);
        // The same order within one review status: /review and the console's "pending" view.
        await sql`CREATE INDEX IF NOT EXISTS answers_review_worst ON answers (review_status, (outcome = 'answered'), (coalesce(confidence, 0)), created_at DESC, id DESC)`.execute(db);
        // Totals of a period: volume, outcomes, review status, latency.
        await db.schema.createIndex("answers_window").ifNotExists().on("answers").columns(["created_at", "outcome", "review_status", "latency_ms"]).execute();
        // Latency percentiles: the n-th latency of a long period without sorting the period.
        await db.schema.createIndex("answers_latency").ifNotExists().on("answers").columns(["latency_ms", "created_at"]).execute();
        // The unanswered report's groups with their times; replaces the same index without them.
        await db.schema.createIndex("answers_unanswered_at").ifNotExists().on("answers").columns(["outcome", "question_key", "created_at"]).execute();
        await db.schema.dropIndex("answers_unanswered").ifExists().execute();
      },
    },
  };
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

/**
 * Brings the database to the newest version with kysely's Migrator: the pending migrations run in
 * one transaction with their bookkeeping rows, under a lock, so workers starting together apply
 * each once and a failed run leaves no trace. Returns the names applied now.
 */
export async function migrate(
  db: Kysely<any>,
  migrations: Record<string, Migration>,
  where: string,
  /** Runs the pending migrations, if any, and returns what `run` returns; the store bounds them by LOG_MIGRATION_TIMEOUT_MS instead of LOG_TIMEOUT_MS. */
  pending: <T>(run: () => Promise<T>) => Promise<T> = (run) => run(),
): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  let outcome: Awaited<ReturnType<Migrator["migrateToLatest"]>>;
  try {
    const todo = (await migrator.getMigrations()).some((m) => m.executedAt === undefined);
    // Run even when nothing is pending: it refuses a log holding a migration this code does not know.
    outcome = await (todo ? pending(() => migrator.migrateToLatest()) : migrator.migrateToLatest());
  } catch (error) {
    outcome = { error };
  }
  const { error, results = [] } = outcome;
  if (error) {
    const message = error instanceof Error ? error.message : String(error);
    const missing = /corrupted migrations: previously executed migration (\S+) is missing/.exec(message);
    if (missing) {
      const known = Object.keys(migrations).sort().at(-1) ?? "none";
      throw new MigrationError(
        `${where} has schema migration ${missing[1]} but this code knows migrations up to ${known}; run the newer code that wrote it, or point DATA_DIR / DATABASE_URL elsewhere`,
        { cause: error },
      );
    }
    const failed = results.find((r) => r.status === "Error")?.migrationName;
    // No failed migration: the migrator failed before running any (connecting, its tables, its lock).
    throw new MigrationError(failed ? `migration ${failed} failed on ${where}: ${message}` : `preparing migrations on ${where} failed: ${message}`, { cause: error });
  }
  return results.filter((r) => r.status === "Success").map((r) => r.migrationName);
}
