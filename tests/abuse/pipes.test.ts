import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openAnswerLog } from "../../src/logs/store.ts";
import { answered, citation, record, tempDir, testConfig } from "../helpers/logs-fixtures.ts";

/**
 * Issue 10, "pipes": every command that prints data delivers all of it to a pipe. A real child
 * process writes into a real pipe whose reader starts late, so the pipe is full when the command
 * finishes; `process.exit` at that moment used to drop the rest.
 */

const ROOT = path.resolve(import.meta.dirname, "../..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
const ROWS = 300;

let dir: string;
let cleanup: () => void;
beforeAll(async () => {
  ({ dir, cleanup } = tempDir("abuse-pipes-"));
  const log = await openAnswerLog(testConfig(dir));
  const quote = "Capital spending rises by 4% in real terms, the ministry said in its quarterly note. ".repeat(4);
  for (let i = 0; i < ROWS; i++) {
    await log.record(record({ question: `Question number ${i}?`, updateId: 1000 + i, answer: answered({ citations: [citation({ quote })] }) }));
  }
  await log.close();
});
afterAll(() => cleanup());

/** `tsx <script> <args> | <consumer>`, the consumer reading only after `delayMs`; resolves with what it counted. */
function pipeInto(script: string, args: string[], consumer: string, delayMs = 1_500): Promise<{ producerCode: number | null; consumed: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const producer = spawn(TSX, [script, ...args], { cwd: ROOT, env: { ...process.env, DATA_DIR: dir, LOG_RETENTION_DAYS: "" }, stdio: ["ignore", "pipe", "pipe"] });
    const reader = spawn(process.execPath, ["-e", `setTimeout(() => { let all = ""; process.stdin.setEncoding("utf8"); process.stdin.on("data", (c) => (all += c)); process.stdin.on("end", () => { ${consumer} }); }, ${delayMs});`], {
      stdio: [producer.stdout, "pipe", "inherit"],
    });
    let stderr = "";
    producer.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    let producerCode: number | null = null;
    producer.on("exit", (code) => (producerCode = code));
    let consumed = "";
    reader.stdout.on("data", (c: Buffer) => (consumed += c.toString()));
    reader.on("error", reject);
    reader.on("close", () => resolve({ producerCode, consumed: consumed.trim(), stderr }));
  });
}

describe("output into a pipe is delivered whole", () => {
  test("npm run logs -- export --format jsonl | reader: every row arrives", async () => {
    const r = await pipeInto("scripts/logs.ts", ["export", "--format", "jsonl"], `const lines = all.split("\\n").filter(Boolean); lines.forEach((l) => JSON.parse(l)); console.log(lines.length);`);
    expect(r.stderr).toBe("");
    expect(r.producerCode).toBe(0);
    // Before the fix: 35 of 60 rows in the run.
    expect(Number(r.consumed)).toBe(ROWS);
  }, 60_000);

  test("npm run logs -- --json --limit N | reader: the whole JSON array arrives (well over 64 KB)", async () => {
    const r = await pipeInto("scripts/logs.ts", ["list", "--json", "--limit", String(ROWS)], `console.log(all.length, JSON.parse(all).length);`);
    expect(r.producerCode).toBe(0);
    const [bytes, rows] = r.consumed.split(" ").map(Number);
    expect(bytes).toBeGreaterThan(64 * 1024);
    expect(rows).toBe(ROWS);
  }, 60_000);

  test("a failure whose message already quotes its cause says the cause once", async () => {
    // Found by the formats red team (session 10): a full disk during npm run reindex ended with
    // "… while writing the new index (ENOSPC: no space left on device, write); … (cause: ENOSPC: no space left on device, write)".
    const script = path.join(dir, "quotes-its-cause.ts");
    fs.writeFileSync(
      script,
      `import { runMain } from ${JSON.stringify(path.join(ROOT, "src/cli.ts"))};
       const cause = new Error("ENOSPC: no space left on device, write");
       runMain("demo", async () => { throw new Error("no space left while writing (" + cause.message + "); free space", { cause }); });
       runMain("other", async () => { throw new Error("it broke", { cause: new Error("the disk failed") }); });`,
    );
    const r = await pipeInto(script, [], `console.log(all.length);`);
    expect(r.stderr).toContain("demo failed: no space left while writing (ENOSPC: no space left on device, write); free space\n");
    expect(r.stderr).toContain("other failed: it broke (cause: the disk failed)");
  });

  test("a command that fails after printing still delivers what it printed, and its message", async () => {
    const script = path.join(dir, "prints-then-fails.ts");
    fs.writeFileSync(
      script,
      `import { runMain } from ${JSON.stringify(path.join(ROOT, "src/cli.ts"))};
       runMain("demo", async () => { process.stdout.write("x".repeat(1_000_000) + "\\n"); throw new Error("it broke"); });`,
    );
    const r = await pipeInto(script, [], `console.log(all.length);`);
    expect(r.producerCode).toBe(1);
    expect(Number(r.consumed)).toBe(1_000_001);
    expect(r.stderr).toMatch(/demo failed: it broke/);
  }, 60_000);
});
