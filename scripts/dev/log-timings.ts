/**
 * Dev aid, not a test: fills an answer log in a temp DATA_DIR with N entries (default 300,000 over a
 * year, rows the size the bot writes, 20 % declined, 2 % rated), then prints how long the moderator
 * console's default queue view and `npm run logs -- stats --days 3660` take on it (3 runs each), and
 * SQLite's plan of every statement they ran. Times vary with the machine and its load; the plans are
 * what tests/logs.store.test.ts checks.
 *
 *   npx tsx scripts/dev/log-timings.ts [entries] [--keep DIR]   (DIR is filled once, then reused)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { Kysely, SqliteDialect, type CompiledQuery } from "kysely";
import { parseConfig } from "../../src/config.ts";
import { selectDaily } from "../../src/logs/consoleQueries.ts";
import { countEntries, queryEntries, unansweredQuestions } from "../../src/logs/query.ts";
import type { LogDatabase } from "../../src/logs/schema.ts";
import { computeStats } from "../../src/logs/stats.ts";
import { openAnswerLog } from "../../src/logs/store.ts";

const entries = Number(process.argv[2] ?? 300_000);
const keep = process.argv.indexOf("--keep");
const dir = keep > 0 ? process.argv[keep + 1]! : fs.mkdtempSync(path.join(os.tmpdir(), "log-timings-"));
fs.mkdirSync(dir, { recursive: true });
const DAY = 86_400_000;
const now = Date.UTC(2026, 10, 28, 12);
const file = path.join(dir, "answers.sqlite");
const fresh = !fs.existsSync(file);

// Opening through the store creates the file and applies this code's migrations.
const store = await openAnswerLog(parseConfig({ DATA_DIR: dir, CORPUS_DIR: dir, LOG_USER_IDS: "raw" }), { now: () => now });
await store.close();

if (fresh) {
  const sqlite = new Database(file);
  const insert = sqlite.prepare(
    `INSERT INTO answers (created_at, channel, id_mode, user_ref, chat_ref, question, question_key, outcome, answer, confidence, citations, retrieved, latency_ms, mode, index_version)
     VALUES (?, 'telegram', 'raw', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'extractive', 'idx-1')`,
  );
  const rate = sqlite.prepare(`INSERT INTO feedback (answer_id, rater_ref, rating, at) VALUES (?, ?, ?, ?)`);
  let state = 42;
  const random = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const quote = "Capital spending rises by 4% in real terms, the briefing says, while current spending is held flat. ";
  const citations = JSON.stringify([1, 2].map((n) => ({ n, docId: "budget-2024", title: "Budget 2024", section: "Spending", file: "budget-2024.md", start: 120, end: 220, quote, page: null, score: 0.8 })));
  const retrieved = JSON.stringify(Array.from({ length: 8 }, (_, i) => ({ passageId: `budget-2024#${i}`, relevance: 0.9 - i / 10 })));
  const started = performance.now();
  sqlite.transaction(() => {
    for (let i = 0; i < entries; i++) {
      const abstained = random() < 0.2;
      const q = `question number ${i % 5_000} about the budget and what it spends`;
      const id = Number(
        insert.run(now - 365 * DAY + Math.floor((i / entries) * 365 * DAY), String(i % 900), String(i % 700), q, q, abstained ? "abstained" : "answered",
          abstained ? "I could not find that in the briefings." : quote + "[1]", abstained ? null : random(), abstained ? "[]" : citations, retrieved,
          20 + Math.floor(random() * 400)).lastInsertRowid,
      );
      if (random() < 0.02) rate.run(id, String(i % 900), random() < 0.3 ? "down" : "up", now);
    }
  })();
  sqlite.close();
  console.log(`filled ${file} with ${entries} entries in ${((performance.now() - started) / 1000).toFixed(1)} s (${(fs.statSync(file).size / 2 ** 20).toFixed(0)} MiB)`);
}

const sqlite = new Database(file);
const seen = new Map<string, { query: CompiledQuery; ms: number[] }>();
const db = new Kysely<LogDatabase>({
  dialect: new SqliteDialect({ database: sqlite }),
  log: (e) => {
    if (e.level !== "query") return;
    const s = seen.get(e.query.sql) ?? { query: e.query, ms: [] };
    s.ms.push(e.queryDurationMillis);
    seen.set(e.query.sql, s);
  },
});

async function time(label: string, run: () => Promise<unknown>): Promise<void> {
  seen.clear();
  const runs: string[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await run();
    runs.push((performance.now() - t).toFixed(0));
  }
  console.log(`\n${label}: ${runs.join(", ")} ms`);
  for (const { query: q, ms } of seen.values()) {
    const plan = (sqlite.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...(q.parameters as unknown[])) as { detail: string }[]).map((r) => r.detail);
    console.log(`  [${ms.map((m) => m.toFixed(0)).join(", ")} ms] ${q.sql.replace(/\s+/g, " ").slice(0, 100)}…\n    ${plan.join("\n    ")}`);
  }
}

await time("console queue, default view (count + first page, worst first)", async () => [await countEntries(db, {}), await queryEntries(db, { order: "worst", limit: 25 })]);
await time("console queue, page 100 (past the 👎 band)", () => queryEntries(db, { order: "worst", limit: 25, offset: 99 * 25 }));
await time("console queue, pending only, page 1", async () => [await countEntries(db, { review: "pending" }), await queryEntries(db, { review: "pending", order: "worst", limit: 25 })]);
await time("console queue, pending only, page 100", () => queryEntries(db, { review: "pending", order: "worst", limit: 25, offset: 99 * 25 }));
await time("npm run logs -- stats --days 3660", () => computeStats(db, { days: 3660, topUnanswered: 10, now, failures: 0 }));
await time("npm run logs -- stats (7 days)", () => computeStats(db, { days: 7, topUnanswered: 10, now, failures: 0 }));
await time("console insights, 30 days (daily + unanswered)", async () => [
  await selectDaily(db, { since: new Date(now - 30 * DAY), until: new Date(now) }),
  await unansweredQuestions(db, { since: new Date(now - 30 * DAY), until: new Date(now), limit: 20 }),
]);
await db.destroy();
console.log(keep > 0 ? `\nlog kept in ${dir}` : "");
if (keep < 0) fs.rmSync(dir, { recursive: true, force: true });
