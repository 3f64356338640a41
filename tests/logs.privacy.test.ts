import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, test } from "vitest";
import { HASH_KEY_FILE } from "../src/logs/pseudonym.ts";
import { openAnswerLog } from "../src/logs/store.ts";
import { freshLogConfig, LOG_BACKENDS, record, tempDir, testConfig } from "./helpers/logs-fixtures.ts";
import { NO_POSTGRES } from "./helpers/services.ts";

const USER = 424242001; // also the private chat's id
const OTHER_USER = 424242777;
const GROUP = -1009876543210;
const MODERATOR = 555000111;

let cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** Every byte SQLite may have written: the database, its WAL and its shared-memory index. */
function fileBytes(dir: string): Buffer {
  return Buffer.concat(
    ["answers.sqlite", "answers.sqlite-wal", "answers.sqlite-shm"]
      .map((f) => path.join(dir, f))
      .filter((f) => fs.existsSync(f))
      .map((f) => fs.readFileSync(f)),
  );
}

/** The id as text and as the big-endian integers SQLite would store it as. */
function encodings(id: number): Buffer[] {
  const out = [Buffer.from(String(id))];
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(BigInt(id));
  out.push(b);
  if (Math.abs(id) < 2 ** 47) out.push(b.subarray(2)); // 6-byte form
  if (id >= -(2 ** 31) && id < 2 ** 31) out.push(b.subarray(4)); // 4-byte form
  return out;
}

const contains = (bytes: Buffer, id: number) => encodings(id).some((e) => bytes.includes(e));

async function logEverything(env: Record<string, string>) {
  const { dir, cleanup } = tempDir();
  const log = await openAnswerLog(testConfig(dir, env), { onError: (e) => { throw e; } });
  cleanups.push(() => log.close(), cleanup);
  const a = (await log.record(record({ userId: USER, chatId: USER, chatType: "private", updateId: 71 })))!;
  const b = (await log.record(record({ userId: OTHER_USER, chatId: GROUP, chatType: "supergroup", updateId: 72 })))!;
  await log.feedback(a, "down", USER);
  await log.feedback(b, "up", OTHER_USER);
  await log.review(a, { decision: "flag", note: "check", reviewerId: MODERATOR });
  return { dir, log, a, b };
}

describe("LOG_USER_IDS", () => {
  test("hash (default): no user, chat, rater or moderator id reaches any database file, as text or integer", async () => {
    const { dir, log, a, b } = await logEverything({});
    const bytes = fileBytes(dir);
    expect(bytes.length).toBeGreaterThan(0);
    for (const id of [USER, OTHER_USER, GROUP, MODERATOR]) expect(contains(bytes, id), `id ${id} found`).toBe(false);
    // ...and again after close, when the WAL has been folded into the main file
    await log.close();
    const closed = fileBytes(dir);
    for (const id of [USER, OTHER_USER, GROUP, MODERATOR]) expect(contains(closed, id), `id ${id} found after close`).toBe(false);

    const reopened = await openAnswerLog(testConfig(dir));
    cleanups.push(() => reopened.close());
    const ea = (await reopened.get(a))!;
    const eb = (await reopened.get(b))!;
    expect(ea.idMode).toBe("hash");
    expect(ea.user).toMatch(/^[0-9a-f]{64}$/);
    // a private chat's pseudonym is its user's: same key, same id
    expect(ea.chat).toBe(ea.user);
    expect(eb.user).not.toBe(ea.user);
    // the generated key is stable across restarts: the same user gets the same pseudonym
    const c = (await reopened.record(record({ userId: USER, chatId: USER })))!;
    expect((await reopened.get(c))!.user).toBe(ea.user);
  });

  test("hash: the generated key is kept in DATA_DIR with mode 0600 and never stored in the log", async () => {
    const { dir, log } = await logEverything({});
    await log.close();
    const keyFile = path.join(dir, HASH_KEY_FILE);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = fs.readFileSync(keyFile, "utf8").trim();
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(fileBytes(dir).includes(Buffer.from(key))).toBe(false);
    expect(fs.statSync(path.join(dir, "answers.sqlite")).mode & 0o077).toBe(0);
  });

  test("hash with LOG_HASH_KEY uses that key and writes no key file", async () => {
    const withKey = await logEverything({ LOG_HASH_KEY: "a-configured-key-of-some-length" });
    const generated = await logEverything({});
    expect(fs.existsSync(path.join(withKey.dir, HASH_KEY_FILE))).toBe(false);
    expect((await withKey.log.get(withKey.a))!.user).not.toBe((await generated.log.get(generated.a))!.user);
  });

  test("raw stores the decimal ids", async () => {
    const { dir, log, a, b } = await logEverything({ LOG_USER_IDS: "raw" });
    expect(await log.get(a)).toMatchObject({ idMode: "raw", user: String(USER), chat: String(USER) });
    expect(await log.get(b)).toMatchObject({ user: String(OTHER_USER), chat: String(GROUP) });
    await log.close();
    expect(contains(fileBytes(dir), USER)).toBe(true);
    expect(contains(fileBytes(dir), GROUP)).toBe(true);
  });

  test("none stores no ids at all, yet each rater keeps their own vote", async () => {
    const { dir, log, a } = await logEverything({ LOG_USER_IDS: "none" });
    expect(await log.get(a)).toMatchObject({ idMode: "none", user: null, chat: null, chatType: "private" });
    await log.feedback(a, "up", OTHER_USER);
    expect(await log.get(a)).toMatchObject({ feedbackUp: 1, feedbackDown: 1 });
    await log.close();
    const bytes = fileBytes(dir);
    for (const id of [USER, OTHER_USER, GROUP, MODERATOR]) expect(contains(bytes, id), `id ${id} found`).toBe(false);
    expect(fs.existsSync(path.join(dir, HASH_KEY_FILE))).toBe(false);
    const db = new Database(path.join(dir, "answers.sqlite"), { readonly: true });
    expect(db.prepare("SELECT count(*) FROM answers WHERE user_ref IS NOT NULL OR chat_ref IS NOT NULL OR reviewer_ref IS NOT NULL").pluck().get()).toBe(0);
    db.close();
  });
});

describe.each(LOG_BACKENDS)("the pseudonym key ($backend)", ({ backend, skip }) => {
  const refused = (error: unknown) => error as Error;

  test.skipIf(skip)("a log opened with another LOG_HASH_KEY is refused naming LOG_HASH_KEY and the fix; the right key opens it again", async () => {
    const { config } = await freshLogConfig(backend, { LOG_HASH_KEY: "the-original-key-of-this-answer-log" }, cleanups);
    const log = await openAnswerLog(config, { onError: (e) => { throw e; } });
    const id = (await log.record(record({ userId: USER, chatId: USER })))!;
    const pseudonym = (await log.get(id))!.user;
    await log.close();

    const errors: Error[] = [];
    const other = { ...config, log: { ...config.log, hashKey: "another-key-given-on-a-new-worker" } };
    const error = refused(await openAnswerLog(other, { onError: (e) => errors.push(e) }).catch((e) => e));
    expect(error.message).toMatch(/^LOG_HASH_KEY is not the pseudonym key the answer log .* was written with/);
    expect(error.message).toMatch(/set LOG_HASH_KEY to the key the log was written with.*or, to start a fresh log instead, (point DATABASE_URL at a new, empty database|move .*answers\.sqlite aside)/);
    // Found by the red team: the refusal named no way to change the key on purpose (rotation).
    expect(error.message).toMatch(/no entry was changed\. To change the key on purpose, follow "Rotating the answer log's pseudonym key" in README\.md\.$/);
    expect(fs.readFileSync(path.join(import.meta.dirname, "..", "README.md"), "utf8")).toContain("### Rotating the answer log's pseudonym key\n");
    expect(error.message).not.toContain("another-key-given-on-a-new-worker");
    // One report: the rejection, not also a line through onError.
    expect(errors).toEqual([]);

    const again = await openAnswerLog(config, { onError: (e) => { throw e; } });
    cleanups.push(() => again.close());
    const next = (await again.record(record({ userId: USER, chatId: USER })))!;
    expect((await again.get(next))!.user).toBe(pseudonym);
    expect(await again.count()).toBe(2);
  });
});

describe("the generated key file (SQLite)", () => {
  async function logWithEntry() {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const log = await openAnswerLog(testConfig(dir), { onError: (e) => { throw e; } });
    const id = (await log.record(record({ userId: USER, chatId: USER })))!;
    const pseudonym = (await log.get(id))!.user;
    await log.close();
    const copy = tempDir();
    cleanups.push(copy.cleanup);
    fs.copyFileSync(path.join(dir, "answers.sqlite"), path.join(copy.dir, "answers.sqlite"));
    return { dir, copy: copy.dir, id, pseudonym };
  }

  test("a log copied without answer-log.key is refused naming the missing file and the fix; no key is generated, and the copied key opens it", async () => {
    const { dir, copy, id, pseudonym } = await logWithEntry();
    const error = (await openAnswerLog(testConfig(copy)).catch((e) => e)) as Error;
    expect(error.message).toContain(`written with a pseudonym key, but its key file ${path.join(copy, HASH_KEY_FILE)} is missing and LOG_HASH_KEY is not set`);
    expect(error.message).toMatch(/copy answer-log\.key from the DATA_DIR the log came from .*or, to start a fresh log instead, move .*answers\.sqlite aside/);
    expect(fs.existsSync(path.join(copy, HASH_KEY_FILE))).toBe(false);

    fs.copyFileSync(path.join(dir, HASH_KEY_FILE), path.join(copy, HASH_KEY_FILE));
    const log = await openAnswerLog(testConfig(copy), { onError: (e) => { throw e; } });
    cleanups.push(() => log.close());
    expect((await log.get(id))!.user).toBe(pseudonym);
    const next = (await log.record(record({ userId: USER, chatId: USER })))!;
    expect((await log.get(next))!.user).toBe(pseudonym);
  });

  test("a log written before the key's check value was kept is refused too when its key is missing", async () => {
    const { copy } = await logWithEntry();
    const db = new Database(path.join(copy, "answers.sqlite"));
    db.prepare("DELETE FROM log_settings").run();
    db.close();
    await expect(openAnswerLog(testConfig(copy))).rejects.toThrow(/answer-log\.key is missing and LOG_HASH_KEY is not set/);
    expect(fs.existsSync(path.join(copy, HASH_KEY_FILE))).toBe(false);
  });

  test("another key file beside the copied log is refused; a log without pseudonyms just gets a new key", async () => {
    const { copy } = await logWithEntry();
    fs.writeFileSync(path.join(copy, HASH_KEY_FILE), "f".repeat(64) + "\n", { mode: 0o600 });
    await expect(openAnswerLog(testConfig(copy))).rejects.toThrow(/answer-log\.key is not the pseudonym key the answer log .* was written with.*copy the answer-log\.key that came with the log/);

    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const none = await openAnswerLog(testConfig(dir, { LOG_USER_IDS: "none" }));
    await none.record(record());
    await none.close();
    const hashed = await openAnswerLog(testConfig(dir), { onError: (e) => { throw e; } });
    cleanups.push(() => hashed.close());
    expect(await hashed.record(record())).not.toBeNull();
    expect(fs.existsSync(path.join(dir, HASH_KEY_FILE))).toBe(true);
  });
});

// Found by red team session 10: a truncated answer-log.key left the bot running with every answer
// unlogged and "…; make DATA_DIR writable by the bot" reported for each, instead of refusing to start.
test("a damaged answer-log.key is refused at start-up, naming the file and the fix", async () => {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  fs.writeFileSync(path.join(dir, HASH_KEY_FILE), "0123\n", { mode: 0o600 });
  const errors: Error[] = [];
  await expect(openAnswerLog(testConfig(dir), { onError: (e) => errors.push(e) })).rejects.toThrow(
    `${path.join(dir, HASH_KEY_FILE)} holds no usable key (expected 64 hex characters); restore it from a backup of DATA_DIR, or, if there is none, delete it and move the answer log aside to start a fresh one`,
  );
  expect(errors).toEqual([]);
  expect(fs.readFileSync(path.join(dir, HASH_KEY_FILE), "utf8")).toBe("0123\n");
});

// Found by red team session 10: every worker of npm run cluster refused a log written with another
// pseudonym key (a DATA_DIR deleted while the cluster's PostgreSQL kept its log), and the cluster
// restarted each of them every second, for good. It now opens the log once and stops with the reason.
test.skipIf(NO_POSTGRES)("npm run cluster stops at once, with the reason, on a log written with another LOG_HASH_KEY", async () => {
  const { dir, config } = await freshLogConfig("postgres", { LOG_HASH_KEY: "the-key-this-log-was-written-with" }, cleanups);
  const log = await openAnswerLog(config);
  await log.record(record());
  await log.close();
  const r = spawnSync(path.resolve(import.meta.dirname, "..", "node_modules", ".bin", "tsx"), ["scripts/cluster.ts", "--workers", "1", "--port", "18080"], {
    cwd: path.resolve(import.meta.dirname, ".."),
    env: {
      ...process.env,
      DATA_DIR: dir,
      CORPUS_DIR: dir,
      DATABASE_URL: config.databaseUrl!,
      LOG_HASH_KEY: "another-key-on-this-machine",
      REDIS_URL: "redis://127.0.0.1:1",
      TELEGRAM_BOT_TOKEN: "123456:ABCdefGHIjklMNOpqrSTUvwxYZ0123456789",
      WEBHOOK_URL: "https://bot.example.org/telegram",
      WEBHOOK_SECRET: "a-webhook-secret-of-some-length",
    },
    encoding: "utf8",
    timeout: 60_000,
  });
  expect(r.error).toBeUndefined();
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/^LOG_HASH_KEY is not the pseudonym key the answer log postgres:\/\/[^ ]+ was written with/m);
  expect(r.stderr).not.toContain("another-key-on-this-machine");
}, 90_000);
