import fs from "node:fs";
import path from "node:path";
import type { BenchResult } from "./bench.ts";
import { barChart, lineChart } from "./charts.ts";
import { benchGoals, type GoalCheck } from "./goals.ts";

/** What a report says about the run beyond its figures: where the questions came from, when. */
export interface RunInfo {
  date: string;
  command: string;
  /** Free-text lines for the "How it was measured" section. */
  notes: string[];
}

export const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)} %` : "n/a");
export const ms = (x: number) => (Number.isFinite(x) ? `${x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0)} ms` : "n/a");
export function markdownTable(header: string[], rows: string[][], numericFrom = 1): string {
  return [`| ${header.join(" | ")} |`, `|${header.map((_, i) => (i < numericFrom ? " --- " : " ---: ")).join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}

export function goalLines(checks: readonly GoalCheck[]): string {
  return checks.map((c) => `- ${c.met ? "✅ met" : "❌ **missed**"}: ${c.goal} (${c.measured})`).join("\n");
}

/** The files of a bench report, inside its folder. */
export interface BenchReportFiles {
  readme: string;
  results: string;
  latency: string;
  recall: string;
}

/**
 * The full run's report (index scale and reindexing: the one the README cites), or, for a run with
 * `--no-reindex`, files of its own: such a run measures answering (and the sizes it was given) but
 * not reindexing, and must not replace the full run's report in the same folder.
 */
export function benchReportFiles(options: { noReindex: boolean }): BenchReportFiles {
  return options.noReindex
    ? { readme: "answering.md", results: "answering.json", latency: "answering-latency.svg", recall: "answering-recall.svg" }
    : { readme: "README.md", results: "results.json", latency: "latency.svg", recall: "recall.svg" };
}

export function writeBenchReport(
  dir: string,
  r: BenchResult,
  info: RunInfo,
  explanations: readonly string[] = [],
  names: BenchReportFiles = benchReportFiles({ noReindex: false }),
): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const size = (n: number) => (n >= 1000 ? `${n / 1000}k` : String(n));
  const latency = lineChart({
    title: "Warm query latency (top 10) against corpus size",
    xLabel: "passages (log scale)",
    yLabel: "milliseconds (log scale)",
    xLog: true,
    yLog: true,
    formatX: size,
    series: [
      { name: "ours HNSW p50", points: r.scale.map((s) => [s.passages, s.queryP50Ms] as const) },
      { name: "ours HNSW p95", points: r.scale.map((s) => [s.passages, s.queryP95Ms] as const), dashed: true },
      { name: "LangChain HNSWLib p50", points: r.scale.map((s) => [s.passages, s.baselineQueryP50Ms] as const) },
      { name: "ours hybrid (HNSW + BM25) p95", points: r.scale.map((s) => [s.passages, s.hybridP95Ms] as const) },
    ],
  });
  const recall = lineChart({
    title: "recall@10 against exact search",
    xLabel: "passages (log scale)",
    yLabel: "recall@10",
    xLog: true,
    formatX: size,
    series: [
      { name: "ours HNSW (ef from config)", points: r.scale.map((s) => [s.passages, s.recallAt10] as const) },
      { name: "LangChain HNSWLib (ef 10)", points: r.scale.map((s) => [s.passages, s.baselineRecallAt10] as const) },
    ],
  });
  fs.writeFileSync(path.join(dir, names.latency), latency);
  fs.writeFileSync(path.join(dir, names.recall), recall);
  fs.writeFileSync(path.join(dir, names.results), `${JSON.stringify({ ...info, ...r }, null, 2)}\n`);
  const files = [names.readme, names.results, names.latency, names.recall];

  const parts = [
    "# Speed: index scale and bot throughput",
    "",
    `${info.date} · \`${info.command}\` · ${r.machine}`,
    "",
    `![Latency against corpus size](${names.latency})`,
    "",
    markdownTable(
      ["passages", "build (passages/s)", "HNSW p50", "HNSW p95", "LangChain p50", "BM25 p95", "hybrid p50", "hybrid p95", "recall@10", "LangChain recall@10", "peak RSS", "real vectors"],
      r.scale.map((s) => [
        s.passages.toLocaleString("en"),
        s.buildPassagesPerSec.toLocaleString("en"),
        ms(s.queryP50Ms),
        ms(s.queryP95Ms),
        ms(s.baselineQueryP50Ms),
        ms(s.bm25P95Ms),
        ms(s.hybridP50Ms),
        ms(s.hybridP95Ms),
        s.recallAt10.toFixed(3),
        s.baselineRecallAt10.toFixed(3),
        `${s.rssMB} MB`,
        s.realVectors === s.passages ? "all" : `${s.realVectors.toLocaleString("en")} (${((s.realVectors / s.passages) * 100).toFixed(0)} %)`,
      ]),
    ),
    "",
    `![recall@10](${names.recall})`,
    "",
    `Embedding throughput of the local model (${r.embedding.model}), measured on its own: **${r.embedding.textsPerSec} texts/s** over ${r.embedding.texts} passages of ${r.embedding.meanChars} characters on average (${r.embedding.batch} per call); one question embedded alone takes ${ms(r.embedding.queryMs.p50)} (p95 ${ms(r.embedding.queryMs.p95)}).`,
    "",
  ];
  if (r.core) {
    const c = r.core;
    parts.push(
      "## Answering from the configured corpus",
      "",
      `Warm answer latency over ${c.questions} questions not asked before (query embedding, retrieval, answer): **p50 ${ms(c.answerP50Ms)}, p95 ${ms(c.answerP95Ms)}**; asked again, with the query vector cached: p50 ${ms(c.repeatP50Ms)}, p95 ${ms(c.repeatP95Ms)}. Reindexing the unchanged corpus: **${ms(c.reindexUnchangedMs)}** in process (median of 5 runs; the \`npm run reindex\` command adds Node and TypeScript start-up).`,
      "",
    );
  }
  if (r.reindex) {
    const x = r.reindex;
    const formats = Object.entries(x.archive.formats).map(([f, c]) => `${f} ${c.files} files${c.pages ? ` (${c.pages} pages)` : ""}, ${c.passages} passages`);
    parts.push(
      "## Reindexing",
      "",
      markdownTable(
        ["run", "documents", "passages", "texts embedded", "embedding", "passages/s", "whole build", "cores busy", "other work (cores)", "model ms per text", "workers in the model", "main thread busy"],
        [
          { label: "1 worker", run: x.one },
          { label: `${x.all.workers} workers`, run: x.all },
          ...(x.confined ? [{ label: "1 worker, process confined to 1 CPU", run: x.confined }] : []),
          { label: `archive, ${x.archive.workers} workers`, run: x.archive },
        ].map(({ label, run }) => [
          label,
          run.documents.toLocaleString("en"),
          run.passages.toLocaleString("en"),
          run.texts.toLocaleString("en"),
          `${run.embeddingSeconds} s`,
          String(run.passagesPerSec),
          `${run.seconds} s`,
          String(run.coresBusy),
          run.othersBusy === undefined ? "–" : String(run.othersBusy),
          run.stages ? ms(run.stages.modelMsPerText) : "–",
          run.stages ? `${(100 * run.stages.workersInModel).toFixed(1)} %` : "–",
          run.stages ? `${(100 * run.stages.mainThreadBusy).toFixed(1)} %` : "–",
        ]),
      ),
      "",
      ...(x.rounds && x.rounds.length > 1
        ? [
            markdownTable(
              ["round", "1 worker, passages/s", `${x.cores} workers, passages/s`, "ratio", "CPU probe ms (1 worker; all)", "what the CPUs allowed"],
              x.rounds.map((r, i) => [
                `${i + 1} (${i % 2 === 0 ? "1 worker first" : `${x.cores} workers first`})`,
                String(r.onePassagesPerSec),
                String(r.allPassagesPerSec),
                `${r.ratio} ×`,
                r.cpuProbeMs ? `${r.cpuProbeMs.one.join("/")}; ${r.cpuProbeMs.all.join("/")}` : "–",
                r.ceiling === undefined ? "–" : `${r.ceiling} ×`,
              ]),
            ),
            "",
          ]
        : []),
      `${x.cores} encoder workers over one: **${x.speedup} ×** passages/s on the same documents${x.rounds && x.rounds.length > 1 ? ` (median of ${x.rounds.length} rounds; the rows above the table of rounds are the median round's)` : ""}${x.confined ? ` (over one worker in a process confined to one CPU with \`taskset -c 0\`, main thread included: ${x.speedupOverConfined} ×; a separate figure, not the goal's)` : ""}. The archive: ${x.archive.megabytes} MB in ${x.archive.documents} documents read (${formats.join("; ")})${x.archive.skipped ? `, ${x.archive.skipped} skipped` : ""}.`,
      "",
      `Reply gap while a new index of ${x.reload.passages.toLocaleString("en")} passages (${x.reload.sentences.toLocaleString("en")} sentences, ${x.reload.indexMegabytes} MB) loads: **${ms(x.reload.maxGapMs)}** longest wait between two answers (${x.reload.answers} answers during a reload of ${ms(x.reload.reloadMs)}); ${ms(x.reload.baselineMaxGapMs)} without a reload${x.reload.othersBusy === undefined ? "" : `; other work on the machine meanwhile: ${x.reload.othersBusy} cores`}.`,
      "",
    );
  }
  if (r.bot) {
    const b = r.bot;
    parts.push(
      "## Bot throughput",
      "",
      markdownTable(
        ["users", "messages", "offered rate", "answered/s", "reply p50", "reply p95", "p95 new questions", "p95 repeated", "max", "lost", "duplicated"],
        [[String(b.users), String(b.messages), `${b.offeredPerSecond}/s`, String(b.perSecond), ms(b.p50Ms), ms(b.p95Ms), ms(b.firstAskP95Ms), ms(b.repeatP95Ms), ms(b.maxMs), String(b.lost), String(b.duplicated)]],
      ),
      "",
    );
    if (b.burst) {
      parts.push(
        `Burst (all ${b.burst.messages} messages queued at once): ${b.burst.perSecond} answered/s, reply p50 ${ms(b.burst.p50Ms)}, p95 ${ms(b.burst.p95Ms)}, ${b.burst.lost} lost, ${b.burst.duplicated} duplicated.`,
        "",
      );
    }
  }
  parts.push("## Goals", "", goalLines(benchGoals(r)), ...(explanations.length > 0 ? ["", ...explanations] : []), "", "## How it was measured", "", ...info.notes.map((n) => `- ${n}`), "");
  fs.writeFileSync(path.join(dir, names.readme), parts.join("\n"));
  return files.map((f) => path.join(dir, f));
}
