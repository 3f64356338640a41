import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import type { BenchResult } from "../src/eval/bench.ts";
import { benchReportFiles, writeBenchReport } from "../src/eval/report.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A run of `npm run bench -- --no-reindex --no-bot --sizes 10`: answering figures, one tiny size, no reindex. */
const answeringRun: BenchResult = {
  core: { questions: 20, answerP50Ms: 21.5, answerP95Ms: 44.25, repeatP50Ms: 1.1, repeatP95Ms: 2.9, reindexUnchangedMs: 3.2 },
  scale: [],
  embedding: { model: "local:universal-sentence-encoder-lite", texts: 64, meanChars: 200, batch: 32, textsPerSec: 40, queryMs: { p50: 16, p95: 29 } },
  machine: "2 × cpu, 24 GiB, Node v20",
};

describe("bench report", () => {
  test("a --no-reindex run writes answering.md and its own files beside the full run's report, which it leaves as it was", () => {
    // Found by the formats red team (session 10): `npm run bench -- --no-reindex --sizes 1000`, the
    // answer-latency command the README cites, replaced reports/bench/README.md (the issue-13 scale
    // and reindex report) with its one-size table; session 6 had to put the old report back by hand.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-report-"));
    dirs.push(dir);
    const fullRun = { "README.md": "# the full run\n", "results.json": "{}\n", "latency.svg": "<svg/>", "recall.svg": "<svg/>" };
    for (const [name, text] of Object.entries(fullRun)) fs.writeFileSync(path.join(dir, name), text);
    const info = { date: "2026-11-29", command: "npm run bench -- --no-reindex --no-bot --sizes 10", notes: ["a note"] };

    const written = writeBenchReport(dir, answeringRun, info, [], benchReportFiles({ noReindex: true }));

    for (const [name, text] of Object.entries(fullRun)) expect([name, fs.readFileSync(path.join(dir, name), "utf8")]).toEqual([name, text]);
    expect(written.map((f) => path.basename(f)).sort()).toEqual(["answering-latency.svg", "answering-recall.svg", "answering.json", "answering.md"]);
    const readme = fs.readFileSync(path.join(dir, "answering.md"), "utf8");
    expect(readme).toContain("**p50 21.5 ms, p95 44.3 ms**");
    expect(readme).toContain("](answering-latency.svg)");
    expect(JSON.parse(fs.readFileSync(path.join(dir, "answering.json"), "utf8")).command).toBe(info.command);
  });

  test("a full run still writes README.md, results.json and its charts", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-report-"));
    dirs.push(dir);
    const written = writeBenchReport(dir, answeringRun, { date: "2026-11-29", command: "npm run bench", notes: [] }, [], benchReportFiles({ noReindex: false }));
    expect(written.map((f) => path.basename(f)).sort()).toEqual(["README.md", "latency.svg", "recall.svg", "results.json"]);
    expect(fs.readFileSync(path.join(dir, "README.md"), "utf8")).toContain("](latency.svg)");
  });
});
