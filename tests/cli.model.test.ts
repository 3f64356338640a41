import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { BRIEFING, tempProject } from "./helpers/corpus.ts";

const root = path.join(import.meta.dirname, "..");
const project = tempProject({ "briefing.md": BRIEFING, "notes.pdf": "%PDF-1.4" });
const env = { ...process.env, CORPUS_DIR: project.corpusDir, DATA_DIR: project.dataDir, OPENAI_API_KEY: "", OPENAI_BASE_URL: "" };
const run = (script: string, args: string[], input?: string) =>
  spawnSync(process.execPath, ["--import", "tsx", path.join(root, "scripts", script), ...args], { cwd: root, env, input, encoding: "utf8", timeout: 120_000 });

afterAll(() => project.cleanup());

describe("command line, with the real local model (second tier)", () => {
  test("reindex prints a summary, warns about skipped files, and is incremental", () => {
    const first = run("reindex.ts", []);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/built index .*: 1 document\(s\), 10 passages; added 1, changed 0, removed 0, unchanged 0/);
    expect(first.stderr).toMatch(/warning: notes.pdf: skipped/);
    const second = run("reindex.ts", []);
    expect(second.stdout).toMatch(/is up to date: .* 0 texts embedded/);
  }, 120_000);

  test("ask --json cites the 15 September sentence for the meeting question", () => {
    const result = run("ask.ts", ["--json", "When did Lukashenko meet Saldo?"]);
    expect(result.status).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ question: "When did Lukashenko meet Saldo?", abstained: false, mode: "extractive" });
    const c = json.citations[0];
    expect(c.quote).toContain("On 15 September");
    expect(BRIEFING.slice(c.start, c.end)).toBe(c.quote);
    expect(c).toMatchObject({ docId: "briefing", file: "briefing.md", section: null });
    expect(typeof json.latencyMs).toBe("number");
  }, 120_000);

  test("ask --jsonl answers one question per line, loading the model once; line N out answers line N in, blank ones too", () => {
    const result = run("ask.ts", ["--jsonl"], "When did Lukashenko meet Saldo?\n\nWhen did Lukashenko meet Putin?\n");
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.map((l) => l.question)).toEqual(["When did Lukashenko meet Saldo?", "", "When did Lukashenko meet Putin?"]);
    expect(lines.map((l) => l.abstained)).toEqual([false, true, true]);
    expect(lines[1]).toMatchObject({ answer: "The line is empty: write one question per line.", citations: [], related: [] });
    expect(lines[2].citations).toEqual([]);
  }, 120_000);

  test("ask answers when DATABASE_URL cannot be reached: one warning on stderr naming the address, the code and the fix", () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "scripts", "ask.ts"), "When did Lukashenko meet Saldo?"], {
      cwd: root,
      // Port 1 on loopback: nothing listens there.
      env: { ...env, DATABASE_URL: "postgres://bot:pg-secret-pass@127.0.0.1:1/bot", LOG_HASH_KEY: "0123456789abcdef-hash-key" },
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("On 15 September");
    const warnings = result.stderr.split("\n").filter((l) => /DATABASE_URL|answer log/.test(l));
    expect(warnings).toEqual([
      "warning: DATABASE_URL postgres://127.0.0.1:1/bot could not be reached for the answer log (connect ECONNREFUSED 127.0.0.1:1); start PostgreSQL there or correct DATABASE_URL; answering without logging.",
    ]);
    expect(result.stderr).not.toContain("pg-secret-pass");
  }, 120_000);

  test("an empty question exits with code 2 and says how to ask", () => {
    const result = run("ask.ts", ["--json", "   "]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/the question is empty; usage: npm run ask/);
    expect(result.stdout).toBe("");
  }, 60_000); // a child process: seconds on a loaded machine

  test("an unknown option exits with code 2, the reason and the usage, without a stack trace", () => {
    for (const command of ["ask", "reindex", "chat", "eval", "bench", "cluster", "load", "calibrate"]) {
      const [script, usage] = [`${command}.ts`, new RegExp(`usage: npm run ${command}`)];
      const result = run(script, ["--bogus", "When did Lukashenko meet Saldo?"], "");
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/Unknown option '--bogus'/);
      expect(result.stderr).toMatch(usage);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.stdout).toBe("");
    }
  }, 240_000); // eight child processes

  test("a question that starts with \"-\" is told to go after \"--\" (a second one through npm), and is answered there", () => {
    // Node's own advice ("as in '-- \"-u\"") left out npm's second "--" and a closing quote.
    const refused = run("ask.ts", ["-u flag meaning"]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^Unknown option '-u'\. Text that starts with "-" goes after "--": -- "-u …"\nusage: npm run ask/);
    // A long option arrives whole: the advice repeats it, without "…".
    expect(run("ask.ts", ["--hidden option"]).stderr).toMatch(/^Unknown option '--hidden option'\. Text that starts with "-" goes after "--": -- "--hidden option"\n/);
    const viaNpm = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "scripts", "ask.ts"), "-u flag meaning"], {
      cwd: root, env: { ...env, npm_lifecycle_event: "ask", npm_lifecycle_script: "tsx scripts/ask.ts" }, encoding: "utf8", timeout: 120_000,
    });
    expect(viaNpm.stderr).toMatch(/through npm after a second one: npm run ask -- -- "-u …"/);
    const asked = run("ask.ts", ["--json", "--", "-u flag meaning"]);
    expect(asked.status).toBe(0);
    expect(JSON.parse(asked.stdout)).toMatchObject({ question: "-u flag meaning" });
  }, 120_000); // child processes

  test("a question over MAX_QUESTION_CHARS is answered from its start, and stderr says it was cut", () => {
    const long = `${"Background words about the region and its trade. ".repeat(40)}When did Lukashenko meet Saldo?`;
    const result = run("ask.ts", ["--json", long]);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`the question is ${long.length} characters; only 1000 were read \\(MAX_QUESTION_CHARS\\), its question sentences first`));
    expect(JSON.parse(result.stdout)).toMatchObject({ question: long });
  }, 120_000);

  test("a senseless option value is a usage error too, before any work starts", () => {
    for (const [script, args, reason] of [
      ["eval.ts", ["--split", "train"], /^--split must be dev, test or both\nusage: npm run eval/],
      ["eval.ts", ["--corpus", "corpus"], /^--corpus and --set go together\nusage: npm run eval/],
      ["cluster.ts", ["--workers", "2", "--port", "eighty"], /^--port must be a port number from 1 to 65533 .*, not "eighty"\nusage: npm run cluster/],
      ["load.ts", ["--users", "many"], /^--users must be a whole number of at least 1, not "many"\nusage: npm run load/],
      ["load.ts", ["--engine", "fast"], /^--engine must be fake or real, not "fast"\nusage: npm run load/],
      // The question was ignored and nothing answered, exit 0 (or a silent wait for a terminal's input).
      ["ask.ts", ["--jsonl", "When did Lukashenko meet Saldo?"], /^ask: --jsonl reads the questions from stdin, .* without --jsonl\nusage: npm run ask/],
    ] as const) {
      const result = run(script, [...args]);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(reason);
      expect(result.stdout).toBe("");
    }
  }, 120_000);

  test("a bad setting fails with one sentence naming the variable", () => {
    const bad = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "scripts", "ask.ts"), "hi"], {
      cwd: root,
      env: { ...env, RETRIEVAL_K: "lots" },
      encoding: "utf8",
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim()).toMatch(/^RETRIEVAL_K="lots" is invalid: must be a whole number from 1 to 50; fix it in \.env/);
  }, 60_000);
});
