import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, test } from "vitest";
import { AnswerLogError, openAnswerLog } from "../src/logs/store.ts";
import { record, tempDir, testConfig } from "./helpers/logs-fixtures.ts";

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function collecting() {
  const errors: AnswerLogError[] = [];
  return { errors, onError: (e: AnswerLogError) => errors.push(e) };
}

describe("a log that cannot be written", () => {
  test("locked by another process: record returns null, counts and reports the failure, then recovers", () => {
    const { dir, cleanup } = tempDir();
    const { errors, onError } = collecting();
    const log = openAnswerLog(testConfig(dir), { onError, busyTimeoutMs: 50 });
    cleanups.push(() => log.close(), cleanup);
    const before = log.record(record({ updateId: 1 }))!;

    const other = new Database(path.join(dir, "answers.sqlite"));
    other.exec("BEGIN EXCLUSIVE");
    try {
      expect(log.record(record({ updateId: 2 }))).toBeNull();
      expect(log.feedback(before, "down", 1)).toBe(false);
      expect(log.failures()).toBe(2);
      expect(errors).toHaveLength(2);
      expect(errors[0]).toBeInstanceOf(AnswerLogError);
      expect(errors[0]!.operation).toBe("record");
      expect(errors[0]!.message).toMatch(/answers\.sqlite: database is locked/);
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
    expect(log.record(record({ updateId: 2 }))).not.toBeNull();
    expect(log.count()).toBe(2);
  });

  test("DATA_DIR cannot be created: opening does not throw, writes return null, queries throw AnswerLogError", () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const file = path.join(dir, "not-a-dir");
    fs.writeFileSync(file, "");
    const { errors, onError } = collecting();
    const log = openAnswerLog(testConfig(path.join(file, "data")), { onError });
    cleanups.push(() => log.close());
    expect(errors).toHaveLength(1); // reported at start-up, before any question
    expect(errors[0]!.message).toMatch(/cannot open the answer log .*make DATA_DIR writable/);
    expect(log.record(record({ updateId: 3 }))).toBeNull();
    expect(log.hasUpdate(3)).toBe(false);
    expect(log.feedback(1, "up", 1)).toBe(false);
    expect(log.failures()).toBe(4);
    expect(() => log.query()).toThrow(AnswerLogError);
  });

  test("a file that is not a database: record returns null and a throwing reporter changes nothing", () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    fs.writeFileSync(path.join(dir, "answers.sqlite"), "this is not SQLite ".repeat(300));
    const log = openAnswerLog(testConfig(dir), {
      onError: () => {
        throw new Error("reporter broke");
      },
    });
    cleanups.push(() => log.close());
    expect(() => log.record(record())).not.toThrow();
    expect(log.record(record())).toBeNull();
    expect(log.failures()).toBe(3); // the open, then two records
  });

  test("a failed open is retried after reopenIntervalMs, so a fixed DATA_DIR starts logging again", () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const blocker = path.join(dir, "data");
    fs.writeFileSync(blocker, ""); // DATA_DIR is a file for now
    const clock = { now: 0 };
    const log = openAnswerLog(testConfig(blocker), { onError: () => {}, now: () => clock.now, reopenIntervalMs: 1000 });
    cleanups.push(() => log.close());
    expect(log.record(record())).toBeNull();
    fs.rmSync(blocker);
    expect(log.record(record())).toBeNull(); // within the interval: no new attempt
    clock.now += 1000;
    expect(log.record(record())).toBe(1);
  });

  test.skipIf(process.getuid?.() === 0)("read-only DATA_DIR and file (skipped as root, which ignores permissions)", () => {
    const { dir, cleanup } = tempDir();
    const first = openAnswerLog(testConfig(dir));
    first.record(record());
    first.close();
    fs.chmodSync(path.join(dir, "answers.sqlite"), 0o444);
    fs.chmodSync(dir, 0o555);
    cleanups.push(() => {
      fs.chmodSync(dir, 0o755);
      cleanup();
    });
    const { onError } = collecting();
    const log = openAnswerLog(testConfig(dir), { onError });
    cleanups.unshift(() => log.close());
    expect(log.record(record())).toBeNull();
    expect(log.failures()).toBeGreaterThanOrEqual(1);
  });
});
