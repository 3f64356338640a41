import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runLogsCli } from "../src/logs/cli.ts";
import { csvHeader, csvRow, writeExportFile } from "../src/logs/export.ts";
import { AnswerLogError, openAnswerLog } from "../src/logs/store.ts";
import { abstained, answered, citation, record, tempDir, testConfig } from "./helpers/logs-fixtures.ts";
import { createTestDatabase, NO_POSTGRES } from "./helpers/services.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

let dir: string;
let cleanup: () => void;
const ids: Record<string, number> = {};

/** Runs `npm run logs -- …` as the user would, in a child process against the temp DATA_DIR. */
function logs(...args: string[]) {
  return logsWith({}, ...args);
}

function logsWith(env: Record<string, string>, ...args: string[]) {
  const r = spawnSync(TSX, ["scripts/logs.ts", ...args], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dir, LOG_USER_IDS: "hash", LOG_RETENTION_DAYS: "", DATABASE_URL: "", ...env },
    encoding: "utf8",
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json<T = any>(args: string[]): T {
  const r = logs(...args, "--json");
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as T;
}

beforeAll(async () => {
  ({ dir, cleanup } = tempDir("answer-log-cli-"));
  const clock = { now: Date.UTC(2025, 2, 1, 9) };
  const log = await openAnswerLog(testConfig(dir), { now: () => clock.now });
  ids.budget = (await log.record(record({ question: "How much does capital spending rise?", updateId: 11 })))!;
  clock.now += 86_400_000;
  ids.cup = (await log.record(record({ answer: abstained("Who won the 1998 cup?"), question: "Who won the 1998 cup?" })))!;
  ids.cup2 = (await log.record(record({ answer: abstained("who won the 1998 cup"), question: "who won the 1998 cup" })))!;
  ids.tariffs = (await log.record(
    record({ question: "What about tariffs?", answer: answered({ text: "Tariffs fall [1].", citations: [citation({ quote: "Tariffs fall by half." })] }) }),
  ))!;
  await log.feedback(ids.tariffs, "down", 9);
  await log.close();
});
afterAll(() => cleanup());

// Each command is a child process, which takes seconds on a loaded machine.
describe("npm run logs", { timeout: 120_000 }, () => {
  test("--json prints an array of entries, newest first, with plainly named fields", async () => {
    const rows = json<any[]>(["list"]);
    expect(rows.map((r) => r.id)).toEqual([ids.tariffs, ids.cup2, ids.cup, ids.budget]);
    const t = rows[0];
    expect(t).toMatchObject({
      question: "What about tariffs?",
      answer: "Tariffs fall [1].",
      abstained: false,
      outcome: "answered",
      feedback: "down",
      review: "pending",
      indexVersion: "idx-1",
      citations: [{ n: 1, file: "budget-2024.md", start: 120, end: 180, quote: "Tariffs fall by half." }],
      retrieved: [
        { passageId: "budget-2024#3", relevance: 0.91 },
        { passageId: "budget-2024#7", relevance: 0.4 },
      ],
    });
    expect(t.user).toMatch(/^[0-9a-f]{64}$/);
    expect(rows.find((r) => r.id === ids.cup)).toMatchObject({ abstained: true, answer: "The briefings do not say." });
  });

  test("filters by abstention, feedback, text and time", async () => {
    expect(json<any[]>(["list", "--abstained"]).map((r) => r.id)).toEqual([ids.cup2, ids.cup]);
    expect(json<any[]>(["list", "--feedback", "down"]).map((r) => r.id)).toEqual([ids.tariffs]);
    expect(json<any[]>(["list", "--text", "CAPITAL"]).map((r) => r.id)).toEqual([ids.budget]);
    expect(json<any[]>(["list", "--until", "2025-03-01"]).map((r) => r.id)).toEqual([ids.budget]);
    expect(json<any[]>(["list", "--worst", "--limit", "2"]).map((r) => r.id)).toEqual([ids.tariffs, ids.cup2]);
  });

  test("--until a day includes that day, as the console's To does; --until a time excludes it; times without an offset are UTC", async () => {
    const run = async (...argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runLogsCli([...argv, "--json"], { config: testConfig(dir), stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
      return { code, ids: code === 0 ? (JSON.parse(out.join("")) as { id: number }[]).map((r) => r.id) : [], stderr: err.join("") };
    };
    // budget was asked 2025-03-01 09:00 UTC, the other three 2025-03-02 09:00 UTC
    expect((await run("list", "--until", "2025-03-02")).ids).toEqual([ids.tariffs, ids.cup2, ids.cup, ids.budget]);
    expect((await run("list", "--since", "2025-03-02", "--until", "2025-03-02")).ids).toEqual([ids.tariffs, ids.cup2, ids.cup]);
    expect((await run("unanswered", "--until", "2025-03-01")).ids).toEqual([]);
    expect((await run("list", "--until", "2025-03-02T09:00")).ids).toEqual([ids.budget]);
    expect((await run("list", "--until", "2025-03-02 09:00:01")).ids).toEqual([ids.tariffs, ids.cup2, ids.cup, ids.budget]);
    expect((await run("list", "--since", "2025-03-02T10:00+02:00")).ids).toEqual([ids.tariffs, ids.cup2, ids.cup]);
    const reversed = await run("list", "--since", "2025-03-02", "--until", "2025-03-01");
    expect(reversed.code).toBe(2);
    expect(reversed.stderr).toMatch(/^--since 2025-03-02 is not before --until 2025-03-01 \(2025-03-02T00:00:00\.000Z\), so no entry could match; swap them/);
    // Date.parse would take these for 2001-12-01, 2001-03-01 and 2025-03-02
    for (const bad of ["12", "March 1", "2025-02-30", "2025-02-29T10:00Z"]) {
      const r = await run("list", "--since", bad);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^--since "${bad}" is neither a day such as 2025-03-01, a time such as 2025-03-01T09:30, nor an age such as 7d`));
    }
  });

  // Found by red team session 10: options a command does not read were ignored, so with
  // LOG_RETENTION_DAYS=30 "purge --until 2025-03-02" deleted everything older than 30 days.
  test("an option the command does not read is refused, and nothing is done", async () => {
    const { dir: own, cleanup: done } = tempDir("answer-log-cli-options-");
    try {
      for (const f of ["answers.sqlite", "answer-log.key"]) fs.copyFileSync(path.join(dir, f), path.join(own, f));
      const config = testConfig(own, { LOG_RETENTION_DAYS: "1" });
      const run = async (...argv: string[]) => {
        const err: string[] = [];
        const code = await runLogsCli(argv, { config, stdout: () => {}, stderr: (t) => err.push(t), now: () => Date.UTC(2025, 2, 10) });
        return { code, stderr: err.join("") };
      };
      const purge = await run("purge", "--until", "2025-03-02");
      expect(purge.code).toBe(2);
      expect(purge.stderr).toMatch(/^purge does not take --until; it takes --days --json\n/);
      const exported = await run("export", "--limit", "10");
      expect(exported.code).toBe(2);
      expect(exported.stderr).toMatch(/^export does not take --limit; it takes --since --until .* --format --out\n/);
      expect((await run("show", "1", "--abstained", "--days", "2")).stderr).toMatch(/^show does not take --abstained, --days; it takes --json\n/);
      const log = await openAnswerLog(testConfig(own)); // no retention: opening must not purge
      expect(await log.count()).toBe(4);
      await log.close();
    } finally {
      done();
    }
  });

  // Found by red team session 10: --days 100000 printed 100,000 lines of zeros; --days 0 reported one day.
  test("stats --days outside 1 to 3660 and --limit 0 are usage errors", async () => {
    const run = async (...argv: string[]) => {
      const err: string[] = [];
      const code = await runLogsCli(argv, { config: testConfig(dir), stdout: () => {}, stderr: (t) => err.push(t) });
      return { code, stderr: err.join("") };
    };
    for (const days of ["0", "100000"]) {
      const r = await run("stats", "--days", days);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^stats --days must be 1 to 3660 \\(ten years\\), not ${days}\n`));
    }
    // "--limit 0" showed nothing and said that nothing matched.
    for (const command of ["list", "unanswered"]) expect(await run(command, "--limit", "0")).toMatchObject({ code: 2, stderr: expect.stringMatching(/^--limit must be at least 1, not 0\n/) });
  });

  // Found by red team session 10: a --note longer than the log keeps was cut without a word.
  test("review --note longer than 2,000 characters is a usage error and changes nothing", async () => {
    const err: string[] = [];
    const before = json(["show", String(ids.budget)]);
    const code = await runLogsCli(["review", String(ids.budget), "flag", "--note", "x".repeat(2_001)], { config: testConfig(dir), stdout: () => {}, stderr: (t) => err.push(t) });
    expect(code).toBe(2);
    expect(err.join("")).toMatch(/^--note is 2001 characters; a review note keeps at most 2000, so shorten it\n/);
    expect(json(["show", String(ids.budget)])).toEqual(before);
  });

  test("review records a decision with a note; show prints it; unknown ids fail with exit 1", async () => {
    const reviewed = json(["review", String(ids.cup), "flag", "--note", "add a sport briefing"]);
    expect(reviewed).toMatchObject({ id: ids.cup, review: "flagged", reviewNote: "add a sport briefing" });
    expect(json(["show", String(ids.cup)])).toMatchObject({ review: "flagged", reviewNote: "add a sport briefing" });
    expect(json<any[]>(["list", "--review", "flagged"]).map((r) => r.id)).toEqual([ids.cup]);

    const human = logs("show", String(ids.tariffs));
    expect(human.code).toBe(0);
    expect(human.stdout).toContain("> Tariffs fall by half.");

    const missing = logs("show", "999");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe("No entry #999 in the answer log.\n");
    const bad = logs("review", String(ids.cup), "maybe");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^review needs approve or flag, not "maybe"/);
  });

  test("unanswered groups rewordings, most asked first, and list --question shows each wording of one", async () => {
    expect(json(["unanswered"])).toEqual([{ question: "who won the 1998 cup", count: 2, lastAsked: expect.any(String) }]);
    // Before: only --text, which finds the wording typed (here one of the two), so a "2×" could not be listed.
    expect(json<any[]>(["list", "--text", "Who won the 1998 cup?"]).map((r) => r.id)).toEqual([ids.cup]);
    expect(json<any[]>(["list", "--question", "Who won the 1998 cup?"]).map((r) => r.id)).toEqual([ids.cup2, ids.cup]);
    expect(logs("unanswered").stdout).toContain("(each wording: list --abstained --question TEXT)");
  });

  test("export writes CSV to stdout and JSONL to a file", async () => {
    const csv = logs("export", "--format", "csv");
    expect(csv.code).toBe(0);
    const lines = csv.stdout.replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toBe(csvHeader().trim());
    expect(lines.filter((l) => /^\d+,/.test(l))).toHaveLength(4);

    const out = path.join(dir, "export.jsonl");
    const jsonl = logs("export", "--format", "jsonl", "--out", out, "--abstained");
    expect(jsonl.code).toBe(0);
    expect(jsonl.stderr).toBe(`Wrote 2 entries to ${out}\n`);
    const rows = fs.readFileSync(out, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(rows.map((r) => r.id)).toEqual([ids.cup, ids.cup2]);
  });
});

describe("export --out", () => {
  const runIn = async (dataDir: string, ...argv: string[]) => {
    const err: string[] = [];
    const code = await runLogsCli(argv, { config: testConfig(dataDir), stdout: () => {}, stderr: (t) => err.push(t) });
    return { code, stderr: err.join("") };
  };

  test("the answer log's own files are refused (the export used to truncate answers.sqlite to 0 bytes); another name works", async () => {
    const { dir: own, cleanup: done } = tempDir("answer-log-cli-out-");
    try {
      for (const f of ["answers.sqlite", "answer-log.key"]) fs.copyFileSync(path.join(dir, f), path.join(own, f));
      const before = fs.readFileSync(path.join(own, "answers.sqlite"));
      for (const out of [path.join(own, "answers.sqlite"), path.join(own, ".", "answer-log.key")]) {
        const r = await runIn(own, "export", "--format", "csv", "--out", out);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(new RegExp(`^--out ${out} is the answer log's own (answers\\.sqlite|answer-log\\.key), which the export would replace; name another file`));
      }
      expect(fs.readFileSync(path.join(own, "answers.sqlite")).equals(before)).toBe(true);
      const ok = await runIn(own, "export", "--out", path.join(own, "answers.csv"));
      expect(ok).toEqual({ code: 0, stderr: `Wrote 4 entries to ${path.join(own, "answers.csv")}\n` });
      expect(fs.statSync(path.join(own, "answers.csv")).mode & 0o777).toBe(0o600);
    } finally {
      done();
    }
  });

  // Found by re-testing this branch's atomic --out: the temporary file and rename would have replaced
  // a symbolic link by a plain file, and a FIFO or /dev/stdout by a file beside it (as root, in /dev).
  test("a symbolic link keeps pointing at the export; a FIFO is written in place, not replaced", async () => {
    const { dir: own, cleanup: done } = tempDir("answer-log-cli-out-");
    try {
      const real = path.join(own, "exports", "answers.jsonl");
      fs.mkdirSync(path.dirname(real));
      fs.writeFileSync(real, "old\n");
      const link = path.join(own, "latest.jsonl");
      fs.symlinkSync(real, link);
      expect(await runIn(dir, "export", "--out", link)).toEqual({ code: 0, stderr: `Wrote 4 entries to ${link}\n` });
      expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
      expect(fs.readFileSync(real, "utf8").trim().split("\n")).toHaveLength(4);
      expect(fs.readdirSync(path.dirname(real))).toEqual(["answers.jsonl"]);

      const fifo = path.join(own, "pipe");
      expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
      // A reader that does not block, so the writer can open the FIFO and nothing waits.
      const reader = fs.openSync(fifo, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
      try {
        expect(await runIn(dir, "export", "--out", fifo)).toEqual({ code: 0, stderr: `Wrote 4 entries to ${fifo}\n` });
        const buffer = Buffer.alloc(64 * 1024);
        const n = fs.readSync(reader, buffer);
        expect(buffer.toString("utf8", 0, n).trim().split("\n")).toHaveLength(4);
      } finally {
        fs.closeSync(reader);
      }
      expect(fs.statSync(fifo).isFIFO()).toBe(true);
      expect(fs.readdirSync(own).sort()).toEqual(["exports", "latest.jsonl", "pipe"]);
    } finally {
      done();
    }
  });

  test("an export that fails half-way leaves the previous file as it was and no temporary file; a missing folder is named", async () => {
    const { dir: own, cleanup: done } = tempDir("answer-log-cli-out-");
    try {
      const file = path.join(own, "answers.csv");
      fs.writeFileSync(file, "last week's export\n");
      const failed = writeExportFile(file, async (write) => {
        write("id,time\r\n1,2025\r\n");
        throw new AnswerLogError("export", "answer log export failed: the server went away");
      });
      await expect(failed).rejects.toThrow("the server went away");
      expect(fs.readFileSync(file, "utf8")).toBe("last week's export\n");
      expect(fs.readdirSync(own)).toEqual(["answers.csv"]);

      const r = await runIn(dir, "export", "--out", path.join(own, "missing", "answers.csv"));
      expect(r).toEqual({ code: 1, stderr: `the export could not be written to ${path.join(own, "missing", "answers.csv")} (its folder does not exist); anything at ${path.join(own, "missing", "answers.csv")} before is left as it was\n` });
    } finally {
      done();
    }
  });
});

describe("no answer log where DATA_DIR points", () => {
  const COMMANDS = [["list"], ["show", "1"], ["unanswered"], ["stats"], ["export", "--format", "csv"], ["review", "1", "flag"], ["purge", "--days", "3"]];
  const runAll = async (dataDir: string) => {
    const config = testConfig(dataDir, { LOG_USER_IDS: "hash" });
    const results: { code: number; stdout: string; stderr: string }[] = [];
    for (const argv of COMMANDS) {
      const stdout: string[] = [];
      const stderr: string[] = [];
      const code = await runLogsCli(argv, { config, stdout: (t) => stdout.push(t), stderr: (t) => stderr.push(t) });
      results.push({ code, stdout: stdout.join(""), stderr: stderr.join("") });
    }
    return results;
  };

  test("a mistyped DATA_DIR: every command says so, names DATA_DIR and the fix, and creates nothing", async () => {
    const { dir: parent, cleanup: done } = tempDir("answer-log-cli-missing-");
    try {
      const typo = path.join(parent, "dta");
      for (const r of await runAll(typo)) {
        expect(r.code).toBe(1);
        expect(r.stdout).toBe("");
        expect(r.stderr).toBe(
          `No answer log at ${path.join(typo, "answers.sqlite")}: DATA_DIR ${typo} does not exist; set DATA_DIR to the folder the bot runs with (the one holding answers.sqlite), or DATABASE_URL if its log is in PostgreSQL.\n`,
        );
      }
      expect(fs.existsSync(typo)).toBe(false);

      const file = path.join(parent, "answers.csv");
      fs.writeFileSync(file, "not a folder");
      for (const r of await runAll(file)) {
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(new RegExp(`^No answer log at ${file}/answers\\.sqlite: DATA_DIR ${file} is not a folder \\(it, or a folder on its path, is a file\\); set DATA_DIR`));
      }
      expect(fs.readFileSync(file, "utf8")).toBe("not a folder");
    } finally {
      done();
    }
  });

  test("a DATA_DIR without a log yet: every command says nothing was logged there, and no log or key is created", async () => {
    const { dir: empty, cleanup: done } = tempDir("answer-log-cli-empty-");
    try {
      for (const r of await runAll(empty)) {
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(new RegExp(`^No answer log at ${empty}/answers\\.sqlite: nothing has been logged in DATA_DIR ${empty} yet .*set DATA_DIR to the folder the bot runs with`));
      }
      expect(fs.readdirSync(empty)).toEqual([]);
    } finally {
      done();
    }
  });

  test("a log copied without its answer-log.key: every command refuses, naming the key file and the fix, and generates no key", async () => {
    const { dir: copy, cleanup: done } = tempDir("answer-log-cli-nokey-");
    try {
      fs.copyFileSync(path.join(dir, "answers.sqlite"), path.join(copy, "answers.sqlite"));
      for (const r of await runAll(copy)) {
        expect(r.code).toBe(1);
        expect(r.stdout).toBe("");
        expect(r.stderr).toMatch(new RegExp(`^the answer log ${copy}/answers\\.sqlite was written with a pseudonym key, but its key file ${copy}/answer-log\\.key is missing and LOG_HASH_KEY is not set .*copy answer-log\\.key from the DATA_DIR the log came from`));
      }
      expect(fs.existsSync(path.join(copy, "answer-log.key"))).toBe(false);
    } finally {
      done();
    }
  });

  // Found by red team session 10: npm run logs, which answers nothing, ended its reasons with
  // "(answers are still sent meanwhile)", written for the bot.
  test("a damaged log: every command names the file and the fix, without the bot's words about answers", async () => {
    const { dir: damaged, cleanup: done } = tempDir("answer-log-cli-damaged-");
    try {
      fs.writeFileSync(path.join(damaged, "answers.sqlite"), "this is not SQLite ".repeat(300));
      for (const r of await runAll(damaged)) {
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(new RegExp(`^the answer log ${damaged}/answers\\.sqlite is damaged \\(file is not a database\\); stop the bot, move the file aside .*: a new log is created\n$`));
      }
    } finally {
      done();
    }
  });

  test("an unknown command is a usage error before the log is looked for", async () => {
    const { dir: parent, cleanup: done } = tempDir("answer-log-cli-unknown-");
    try {
      const stderr: string[] = [];
      const code = await runLogsCli(["lsit"], { config: testConfig(path.join(parent, "data")), stdout: () => {}, stderr: (t) => stderr.push(t) });
      expect(code).toBe(2);
      expect(stderr.join("")).toMatch(/^unknown command "lsit"\n\nUsage: npm run logs/);
      expect(fs.readdirSync(parent)).toEqual([]);
    } finally {
      done();
    }
  });
});

describe("text printed for a terminal", () => {
  test("control characters in a logged question are shown as escapes, not sent to the terminal", async () => {
    const { dir: own, cleanup: done } = tempDir("answer-log-cli-ctl-");
    try {
      const config = testConfig(own);
      const hostile = "When\u001b]0;pwned\u0007 did \u001b[2J\u001b[31mit\u009b happen?\rrewritten";
      const log = await openAnswerLog(config);
      const id = (await log.record(record({ question: hostile, answer: abstained(hostile) })))!;
      await log.close();
      for (const argv of [["list"], ["show", String(id)], ["unanswered"]]) {
        const out: string[] = [];
        expect(await runLogsCli(argv, { config, stdout: (t) => out.push(t), stderr: (t) => out.push(t) })).toBe(0);
        const text = out.join("");
        expect(text).toMatch(/When\\x1b\]0;pwned\\x07 did \\x1b\[2J\\x1b\[31mit\\x9b happen\?/);
        expect(text).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
      }
    } finally {
      done();
    }
  });
});

describe("CSV cells", () => {
  test("quotes commas, quotes and newlines, and defuses spreadsheet formulas in free text", async () => {
    const entry = {
      ...baseEntry(),
      question: '=HYPERLINK("http://x","y")',
      answer: 'line one, "two"\nline three',
    };
    const row = csvRow(entry);
    expect(row).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(row).toContain(`"line one, ""two""\nline three"`);
    expect(row.endsWith("\r\n")).toBe(true);
  });
});

function baseEntry() {
  return {
    id: 1, time: "2025-03-01T00:00:00.000Z", channel: "cli" as const, chatType: null, idMode: "none" as const, user: null, chat: null,
    updateId: null, question: "q", rewrittenQuery: null, outcome: "answered" as const, abstained: false, answer: "a", abstainReason: null,
    confidence: 0.5, citations: [], related: [], retrieved: [], verification: [], mode: "extractive", model: null, indexVersion: "v",
    latencyMs: 1, error: null, feedback: null, feedbackUp: 0, feedbackDown: 0, review: "pending" as const, reviewNote: null, reviewedAt: null,
    correctedAnswer: null,
  };
}

describe.skipIf(NO_POSTGRES !== undefined)(`npm run logs with DATABASE_URL${NO_POSTGRES ? ` (skipped: ${NO_POSTGRES})` : ""}`, { timeout: 120_000 }, () => {
  test("lists each question once, however often its update was delivered, and stats count it once", async () => {
    const database = await createTestDatabase();
    const env = { DATABASE_URL: database.url, LOG_HASH_KEY: "cli-test-hash-key-0123456789abcdef01234" };
    try {
      const log = await openAnswerLog(testConfig(dir, env), { onError: (e) => { throw e; } });
      // Telegram redelivers an update whose webhook call failed; two workers may each log it.
      for (const updateId of [901, 901, 902, 901, 902]) await log.record(record({ updateId, question: `question of update ${updateId}` }));
      await log.close();

      const r = logsWith(env, "list", "--json");
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      const rows = JSON.parse(r.stdout) as { updateId: number; question: string }[];
      expect(rows.map((e) => e.updateId).sort()).toEqual([901, 902]);
      const stats = logsWith(env, "stats", "--json");
      expect(JSON.parse(stats.stdout).questions).toBe(2);
    } finally {
      await database.drop();
    }
  });

  test("an unreachable DATABASE_URL fails with exit 1 and one line naming it, without the password", () => {
    const r = logsWith({ DATABASE_URL: "postgres://bot:cli-secret-pass@127.0.0.1:1/answers", LOG_HASH_KEY: "x".repeat(40) }, "list");
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^DATABASE_URL postgres:\/\/127\.0\.0\.1:1\/answers could not be reached .*ECONNREFUSED.*correct DATABASE_URL\.$/m);
    expect(r.stderr).not.toContain("cli-secret-pass");
  });
});
