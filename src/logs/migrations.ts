import type Database from "better-sqlite3";

export interface Migration {
  /** Consecutive from 1; never renumber or edit a released migration, add a new one. */
  version: number;
  name: string;
  sql: string;
}

/** The answer log's schema history. Times are milliseconds since the Unix epoch, UTC. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "answers and feedback",
    sql: `
      CREATE TABLE answers (
        id INTEGER PRIMARY KEY,
        created_at INTEGER NOT NULL,
        channel TEXT NOT NULL,
        chat_type TEXT,
        -- how user_ref/chat_ref were written: 'hash' (HMAC hex), 'raw' (decimal id) or 'none' (null)
        id_mode TEXT NOT NULL CHECK (id_mode IN ('hash', 'raw', 'none')),
        user_ref TEXT,
        chat_ref TEXT,
        update_id INTEGER UNIQUE,
        question TEXT NOT NULL,
        -- lower-cased, whitespace-collapsed question: groups repeats in the unanswered report
        question_key TEXT NOT NULL,
        rewritten_query TEXT,
        outcome TEXT NOT NULL CHECK (outcome IN ('answered', 'abstained', 'error')),
        answer TEXT,
        abstain_reason TEXT,
        confidence REAL,
        -- JSON arrays; citations keep their quotes so a review survives corpus changes
        citations TEXT NOT NULL DEFAULT '[]',
        related TEXT NOT NULL DEFAULT '[]',
        retrieved TEXT NOT NULL DEFAULT '[]',
        verification TEXT NOT NULL DEFAULT '[]',
        mode TEXT,
        model TEXT,
        index_version TEXT,
        latency_ms INTEGER NOT NULL,
        error TEXT,
        review_status TEXT NOT NULL DEFAULT 'pending' CHECK (review_status IN ('pending', 'approved', 'flagged')),
        review_note TEXT,
        reviewed_at INTEGER,
        reviewer_ref TEXT
      );
      CREATE INDEX answers_created_at ON answers (created_at);
      CREATE INDEX answers_review ON answers (review_status, created_at);
      CREATE INDEX answers_unanswered ON answers (outcome, question_key);

      -- one rating per rater and answer; the latest click wins
      CREATE TABLE feedback (
        answer_id INTEGER NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
        rater_ref TEXT NOT NULL,
        rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
        at INTEGER NOT NULL,
        PRIMARY KEY (answer_id, rater_ref)
      );
    `,
  },
];

export class MigrationError extends Error {
  override name = "MigrationError";
}

/**
 * Brings the database to the newest version. Each migration runs once, in its own IMMEDIATE
 * transaction together with its row in `migrations`, so a failed one leaves no trace and a
 * second process opening the same file at the same time waits instead of applying it twice.
 * Returns the versions applied now.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS, now = Date.now): number[] {
  db.exec("CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
  const known = migrations.at(-1)?.version ?? 0;
  const current = () => (db.prepare("SELECT max(version) AS v FROM migrations").get() as { v: number | null }).v ?? 0;
  const found = current();
  if (found > known) {
    throw new MigrationError(
      `${db.name} is at schema version ${found} but this code knows versions up to ${known}; run the newer code that wrote it, or point DATA_DIR elsewhere`,
    );
  }
  const applied: number[] = [];
  for (const m of migrations) {
    const apply = db.transaction(() => {
      if (current() >= m.version) return false;
      db.exec(m.sql);
      db.prepare("INSERT INTO migrations (version, name, applied_at) VALUES (?, ?, ?)").run(m.version, m.name, now());
      return true;
    });
    try {
      if (apply.immediate()) applied.push(m.version);
    } catch (error) {
      throw new MigrationError(`migration ${m.version} (${m.name}) failed on ${db.name}: ${(error as Error).message}`, { cause: error });
    }
  }
  return applied;
}
