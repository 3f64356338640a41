import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";

/**
 * Second tier: `npm run eval -- --json` as a process with the real local model on the repository's
 * corpus and a fresh DATA_DIR. Slow (the model loads, the briefing is indexed): one such test.
 */

const ROOT = path.resolve(import.meta.dirname, "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
const METRICS = ["hit@1", "hit@3", "hit@5", "mrr", "firstQuote", "anyQuote", "shown", "declined", "verbatim", "latencyMs"];

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "eval-cli-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test("--corpus/--set --json prints every metric and rule count for hybrid, dense and bm25; the report is written", async () => {
  const set = path.join(dir, "set.jsonl");
  fs.writeFileSync(
    set,
    [
      { question: "Which airline did Washington reportedly lift some sanctions on?", type: "answerable", gold: ["Belavia"] },
      { question: "What was Belarus's foreign trade deficit in January–July?", type: "answerable", gold: ["$3.5 billion"] },
      { question: "What is the population of Peru?", type: "unanswerable", gold: [] },
    ]
      .map((q) => JSON.stringify(q))
      .join("\n"),
  );
  const out = path.join(dir, "report");
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile(
      TSX,
      [path.join(ROOT, "scripts/eval.ts"), "--corpus", path.join(ROOT, "corpus"), "--set", set, "--json", "--out", out],
      // outside the repository and with a clean environment, so no .env decides the outcome
      { cwd: dir, env: { PATH: process.env.PATH ?? "", HOME: os.tmpdir(), DATA_DIR: path.join(dir, "data") }, timeout: 170_000 },
      (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out)),
    ),
  );
  const json = JSON.parse(stdout) as { suite: string; sets: { test: { questions: number; rules: Record<string, unknown>; variants: Record<string, Record<string, unknown>> } } }[];
  expect(json).toHaveLength(1);
  const test = json[0]!.sets.test;
  expect(test.questions).toBe(3);
  expect(Object.keys(test.variants)).toEqual(["hybrid", "dense", "bm25"]);
  expect(Object.keys(test.rules)).toEqual(["no-question", "unknown-name", "unsupported-name", "missing-answer-type", "low-score"]);
  for (const metrics of Object.values(test.variants)) {
    expect(Object.keys(metrics)).toEqual(METRICS);
    for (const key of METRICS.slice(0, 8)) {
      expect(metrics[key]).toBeGreaterThanOrEqual(0);
      expect(metrics[key]).toBeLessThanOrEqual(1);
    }
    const latency = metrics.latencyMs as { p50: number; p95: number };
    expect(latency.p50).toBeGreaterThan(0);
    expect(latency.p95).toBeGreaterThanOrEqual(latency.p50);
  }
  // The retrieval measures see the gold passages of this small corpus: hybrid finds both in its top 5.
  expect(test.variants.hybrid!["hit@5"]).toBe(1);
  const report = fs.readFileSync(path.join(out, "README.md"), "utf8");
  expect(report).toContain(`## ${json[0]!.suite} (`);
  expect(report).toContain("Abstention rules (hybrid)");
  const results = JSON.parse(fs.readFileSync(path.join(out, "results.json"), "utf8")) as { sets: { test: { perQuestion: unknown[] } } }[];
  expect(results[0]!.sets.test.perQuestion).toHaveLength(9);
}, 180_000);
