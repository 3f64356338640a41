import Database from "better-sqlite3";
import { afterEach, describe, expect, test } from "vitest";
import { migrate, MIGRATIONS, MigrationError, type Migration } from "../src/logs/migrations.ts";
import { openAnswerLog } from "../src/logs/store.ts";
import { abstained, answered, record, tempDir, testConfig } from "./helpers/logs-fixtures.ts";

const DAY = 86_400_000;
let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function setup(env: Record<string, string> = {}, start = Date.UTC(2025, 2, 10, 12)) {
  const { dir, cleanup } = tempDir();
  const clock = { now: start };
  const errors: Error[] = [];
  const open = () => openAnswerLog(testConfig(dir, env), { now: () => clock.now, onError: (e) => errors.push(e) });
  const log = open();
  cleanups.push(() => log.close(), cleanup);
  return { dir, clock, errors, log, open };
}

describe("migrations", () => {
  test("a fresh database gets every migration once, and re-opening applies none again", () => {
    const { log, open, dir, errors } = setup();
    const id = log.record(record());
    expect(id).toBe(1);
    log.close();

    const db = new Database(`${dir}/answers.sqlite`, { readonly: true });
    const versions = db.prepare("SELECT version, applied_at FROM migrations ORDER BY version").all() as { version: number; applied_at: number }[];
    expect(versions.map((v) => v.version)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();

    const again = open();
    cleanups.push(() => again.close());
    expect(again.get(1)?.question).toBe("How much does capital spending rise?");
    const db2 = new Database(`${dir}/answers.sqlite`, { readonly: true });
    expect(db2.prepare("SELECT version, applied_at FROM migrations ORDER BY version").all()).toEqual(versions);
    db2.close();
    expect(errors).toEqual([]);
  });

  test("a failing migration is rolled back whole and the next run can apply it", () => {
    const db = new Database(":memory:");
    const good: Migration = { version: 1, name: "t", sql: "CREATE TABLE t (x INTEGER)" };
    const bad: Migration = { version: 2, name: "broken", sql: "CREATE TABLE u (y INTEGER); INSERT INTO nowhere VALUES (1);" };
    expect(() => migrate(db, [good, bad])).toThrow(MigrationError);
    // version 1 stayed, version 2 left neither its table nor its row
    expect(db.prepare("SELECT version FROM migrations").pluck().all()).toEqual([1]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'u'").get()).toBeUndefined();

    const fixed: Migration = { version: 2, name: "fixed", sql: "CREATE TABLE u (y INTEGER)" };
    expect(migrate(db, [good, fixed])).toEqual([2]);
    expect(migrate(db, [good, fixed])).toEqual([]);
  });

  test("a database from newer code is refused with a message naming both versions", () => {
    const db = new Database(":memory:");
    migrate(db, [{ version: 1, name: "a", sql: "" }, { version: 2, name: "b", sql: "" }]);
    expect(() => migrate(db, [{ version: 1, name: "a", sql: "" }])).toThrow(/schema version 2 but this code knows versions up to 1/);
  });
});

describe("recording", () => {
  test("the same update_id is logged once and keeps its first id", () => {
    const { log } = setup();
    expect(log.hasUpdate(5001)).toBe(false);
    const first = log.record(record({ updateId: 5001 }));
    const replay = log.record(record({ updateId: 5001, question: "replayed" }));
    expect(first).not.toBeNull();
    expect(replay).toBe(first);
    expect(log.hasUpdate(5001)).toBe(true);
    expect(log.count()).toBe(1);
    expect(log.get(first!)?.question).toBe("How much does capital spending rise?");
    // entries without an update id (CLI, chat) are never merged
    log.record(record({ channel: "cli", updateId: null }));
    log.record(record({ channel: "cli", updateId: null }));
    expect(log.count()).toBe(3);
    expect(log.failures()).toBe(0);
  });

  test("an entry keeps its quotes, retrieval, verification notes, index version and error", () => {
    const { log } = setup();
    const id = log.record(
      record({
        answer: answered({ rewrittenQuery: "capital spending 2024", verification: ["dropped sentence 2: no support"], model: "m-1", mode: "llm" }),
        latencyMs: 345.6,
        error: "sendMessage failed",
      }),
    )!;
    const e = log.get(id)!;
    expect(e.citations[0]).toMatchObject({ quote: "Capital spending rises by 4% in real terms.", file: "budget-2024.md", start: 120, end: 180 });
    expect(e.retrieved).toEqual([
      { passageId: "budget-2024#3", relevance: 0.91 },
      { passageId: "budget-2024#7", relevance: 0.4 },
    ]);
    expect(e).toMatchObject({
      rewrittenQuery: "capital spending 2024",
      verification: ["dropped sentence 2: no support"],
      indexVersion: "idx-1",
      mode: "llm",
      model: "m-1",
      latencyMs: 346,
      error: "sendMessage failed",
      outcome: "answered",
      abstained: false,
      confidence: 0.9,
      review: "pending",
    });
    const fault = log.get(log.record(record({ answer: null, question: "boom?", error: "engine crashed" }))!)!;
    expect(fault).toMatchObject({ outcome: "error", answer: null, error: "engine crashed", citations: [] });
  });

  test("secrets in the question and error are redacted before storage", () => {
    const { log } = setup({ TELEGRAM_BOT_TOKEN: "123456:SECRET-token-value" });
    const id = log.record(record({ question: "is 123456:SECRET-token-value valid?", error: "401 for 123456:SECRET-token-value" }))!;
    expect(log.get(id)).toMatchObject({ question: "is [redacted] valid?", error: "401 for [redacted]" });
  });

  test("secrets echoed into verification notes are redacted too", () => {
    const { log } = setup({ TELEGRAM_BOT_TOKEN: "123456:SECRET-token-value" });
    const answer = { ...answered(), verification: ["dropped uncited sentence: my token is 123456:SECRET-token-value"] };
    const id = log.record(record({ answer }))!;
    expect(JSON.stringify(log.get(id))).not.toContain("SECRET-token-value");
    expect(JSON.stringify(log.get(id))).toContain("my token is [redacted]");
  });
});

describe("feedback and review", () => {
  test("feedback is one rating per rater, latest wins, unknown entries are refused", () => {
    const { log } = setup();
    const id = log.record(record())!;
    expect(log.feedback(id, "up", 1)).toBe(true);
    expect(log.feedback(id, "up", 2)).toBe(true);
    expect(log.get(id)).toMatchObject({ feedback: "up", feedbackUp: 2, feedbackDown: 0 });
    expect(log.feedback(id, "down", 1)).toBe(true);
    expect(log.get(id)).toMatchObject({ feedback: "down", feedbackUp: 1, feedbackDown: 1 });
    expect(log.feedback(9999, "down", 1)).toBe(false);
    expect(log.failures()).toBe(0);
  });

  test("the first 👎 on an entry is announced once", () => {
    const { log } = setup();
    const id = log.record(record())!;
    const events: number[] = [];
    const stop = log.onDownvote((e) => events.push(e.entryId));
    log.feedback(id, "up", 1);
    log.feedback(id, "down", 1);
    log.feedback(id, "down", 1);
    log.feedback(id, "down", 2);
    expect(events).toEqual([id]);
    stop();
    const other = log.record(record())!;
    log.feedback(other, "down", 1);
    expect(events).toEqual([id]);
  });

  test("the review queue is worst first and approving or flagging takes an entry out of it", () => {
    const { log, clock } = setup();
    const tick = () => (clock.now += 1000);
    const fine = log.record(record({ answer: answered({ confidence: 0.95 }) }))!;
    tick();
    const unsure = log.record(record({ answer: answered({ confidence: 0.2 }) }))!;
    tick();
    const gap = log.record(record({ answer: abstained() }))!;
    tick();
    const disliked = log.record(record({ answer: answered({ confidence: 0.99 }) }))!;
    log.feedback(disliked, "down", 7);

    expect(log.query({ review: "pending", order: "worst" }).map((e) => e.id)).toEqual([disliked, gap, unsure, fine]);

    const flagged = log.review(disliked, { decision: "flag", note: "quote does not say that", reviewerId: 99 });
    expect(flagged).toMatchObject({ review: "flagged", reviewNote: "quote does not say that" });
    expect(flagged?.reviewedAt).toBe(new Date(clock.now).toISOString());
    // a later decision without a note keeps the note
    expect(log.review(disliked, { decision: "flag" })?.reviewNote).toBe("quote does not say that");
    expect(log.review(gap, { decision: "approve" })?.review).toBe("approved");
    expect(log.review(12345, { decision: "approve" })).toBeUndefined();

    expect(log.query({ review: "pending", order: "worst" }).map((e) => e.id)).toEqual([unsure, fine]);
    expect(log.query({ review: "flagged" }).map((e) => e.id)).toEqual([disliked]);
  });
});

describe("queries, stats, retention", () => {
  function seeded() {
    const s = setup();
    const { log, clock } = s;
    const start = clock.now;
    // day 0: two answers, one abstention asked twice in different wording
    log.record(record({ latencyMs: 100 }));
    const up = log.record(record({ latencyMs: 300 }))!;
    log.feedback(up, "up", 1);
    log.record(record({ answer: abstained("Who won the 1998 cup?"), question: "Who won the 1998 cup?", latencyMs: 50 }));
    clock.now += DAY;
    // day 1
    log.record(record({ answer: abstained("who won the 1998 Cup"), question: "who won the 1998 Cup", latencyMs: 70 }));
    const down = log.record(record({ latencyMs: 1000, question: "What about tariffs?" }))!;
    log.feedback(down, "down", 2);
    log.record(record({ answer: abstained("Budget for Mars?"), question: "Budget for Mars?", latencyMs: 60 }));
    return { ...s, start };
  }

  test("stats count per day, abstention rate, feedback ratio, latency percentiles and unanswered questions", () => {
    const { log, start } = seeded();
    const s = log.stats({ days: 3 });
    expect(s.perDay).toEqual([
      { day: new Date(start - DAY).toISOString().slice(0, 10), questions: 0 },
      { day: new Date(start).toISOString().slice(0, 10), questions: 3 },
      { day: new Date(start + DAY).toISOString().slice(0, 10), questions: 3 },
    ]);
    expect(s).toMatchObject({ questions: 6, abstained: 3, abstentionRate: 0.5, feedbackUp: 1, feedbackDown: 1, feedbackRatio: 0.5 });
    // latencies sorted: 50 60 70 100 300 1000 → nearest-rank p50 = 3rd, p95 = 6th
    expect(s.latencyP50Ms).toBe(70);
    expect(s.latencyP95Ms).toBe(1000);
    expect(s.topUnanswered).toEqual([
      { question: "who won the 1998 Cup", count: 2, lastAsked: new Date(start + DAY).toISOString() },
      { question: "Budget for Mars?", count: 1, lastAsked: new Date(start + DAY).toISOString() },
    ]);
    expect(log.stats({ days: 1 }).questions).toBe(3);
  });

  test("filters by time, feedback, abstention and text", () => {
    const { log, start } = seeded();
    expect(log.count({ since: new Date(start + DAY / 2) })).toBe(3);
    expect(log.count({ until: new Date(start + DAY / 2) })).toBe(3);
    expect(log.query({ feedback: "down" }).map((e) => e.question)).toEqual(["What about tariffs?"]);
    expect(log.count({ feedback: "up" })).toBe(1);
    expect(log.count({ feedback: "none" })).toBe(4);
    expect(log.count({ abstained: true })).toBe(3);
    expect(log.count({ abstained: false })).toBe(3);
    expect(log.query({ text: "MARS" }).map((e) => e.question)).toEqual(["Budget for Mars?"]);
    expect(log.query({ order: "oldest", limit: 2 }).map((e) => e.latencyMs)).toEqual([100, 300]);
  });

  test("retention purges entries older than LOG_RETENTION_DAYS with their feedback, on open and when asked", () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const clock = { now: Date.UTC(2025, 0, 1) };
    const config = testConfig(dir, { LOG_RETENTION_DAYS: "30" });
    const log = openAnswerLog(config, { now: () => clock.now, onError: () => {} });
    const old = log.record(record())!;
    log.feedback(old, "down", 1);
    clock.now += 20 * DAY;
    const recent = log.record(record())!;
    clock.now += 15 * DAY; // old is 35 days old, recent 15
    expect(log.purge()).toBe(1);
    expect(log.get(old)).toBeUndefined();
    expect(log.get(recent)).toBeDefined();
    log.close();

    const db = new Database(`${dir}/answers.sqlite`, { readonly: true });
    expect(db.prepare("SELECT count(*) FROM feedback").pluck().get()).toBe(0);
    db.close();

    // re-opening 20 days later purges on open without being asked
    clock.now += 20 * DAY;
    const reopened = openAnswerLog(config, { now: () => clock.now, onError: () => {} });
    cleanups.push(() => reopened.close());
    expect(reopened.count()).toBe(0);
  });

  test("retention is off by default", () => {
    const { log, clock } = setup();
    log.record(record());
    clock.now += 3650 * DAY;
    expect(log.purge()).toBe(0);
    log.record(record());
    expect(log.count()).toBe(2);
  });
});
